"""Checks for uploaded evidence and artefacts: size and type (extension and the file's first bytes)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"
# extension -> accepted leading bytes (None: plain text, must decode as UTF-8)
ALLOWED = {
    ".pdf": (b"%PDF",),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".pptx": (ZIP,),
    ".odt": (ZIP,),
    ".ods": (ZIP,),
    ".odp": (ZIP,),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".txt": None,
    ".csv": None,
    ".md": None,
}


def validate_upload(upload, *, field: str) -> None:
    """Refuse files that are too large, of a type we do not keep, or whose content does not match the name."""
    name = getattr(upload, "name", "") or ""
    extension = Path(name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            {
                field: _("%(name)s: files of type %(ext)s are not accepted (allowed: %(allowed)s).")
                % {"name": name, "ext": extension or "?", "allowed": ", ".join(sorted(ALLOWED))}
            }
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                field: _("%(name)s is larger than %(max)s MB.")
                % {"name": name, "max": MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = ALLOWED[extension]
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if len(head) < 2048:  # a cut multi-byte character at the end of the sample is fine
                raise ValidationError({field: _("%(name)s is not a text file.") % {"name": name}}) from error
    elif not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            {
                field: _("%(name)s does not contain what its name says (%(ext)s).")
                % {"name": name, "ext": extension}
            }
        )
