"""An uploaded image, checked on its content before it enters the image bank (S22, Bijlage 5).

The file is opened with Pillow, never trusted by its name or the browser's content type: what Pillow does not
recognise as a JPEG, PNG or WebP image is refused. The size in bytes, the dimensions and the number of pixels
are checked on the header before any pixel is decoded (a small file that unpacks to a huge bitmap is refused
unread), then the whole file is verified. Carrying images are used large (landing page, brochure cover,
posters), so they need more pixels than supporting ones. Each limit names itself in the refusal."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from regiekamer.uploads import UploadRefused

MIB = 1024 * 1024
IMAGE_MAX_BYTES = 8 * MIB
ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The shortest side of an image in pixels: a carrying image fills a landing page or a brochure cover.
MIN_SHORT_SIDE = {"carrying": 1000, "supporting": 600}
MAX_SIDE = 12_000
MAX_PIXELS = 60_000_000
THUMBNAIL_SIDE = 480


@dataclass(frozen=True)
class ImageInfo:
    image_format: str  # "JPEG", "PNG", "WEBP"
    width: int
    height: int
    size: int

    @property
    def content_type(self) -> str:
        return ACCEPTED_FORMATS[self.image_format]


def _n(value: float) -> str:
    return number_format(value, 0 if float(value).is_integer() else 1, force_grouping=True)


def inspect(content: bytes, *, kind: str) -> ImageInfo:
    """The format and dimensions of `content`, or UploadRefused saying which check it failed."""
    from PIL import Image, UnidentifiedImageError

    if not content:
        raise UploadRefused(_("The file is empty."))
    if len(content) > IMAGE_MAX_BYTES:
        raise UploadRefused(
            _("The image is %(size)s MB; at most %(limit)s MB is accepted.")
            % {"size": _n(round(len(content) / MIB, 1)), "limit": _n(IMAGE_MAX_BYTES / MIB)}
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            image_format = image.format or ""
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise UploadRefused(
            _("The file is not an image (its content is no JPEG, PNG or WebP picture).")
        ) from error
    if image_format not in ACCEPTED_FORMATS:
        raise UploadRefused(
            _("Images in the format %(format)s are not accepted; upload a JPEG, PNG or WebP image.")
            % {"format": image_format or "?"}
        )
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise UploadRefused(
            _("The image is %(width)s × %(height)s pixels; at most %(limit)s pixels a side is accepted.")
            % {"width": _n(width), "height": _n(height), "limit": _n(MAX_SIDE)}
        )
    least = MIN_SHORT_SIDE.get(kind, MIN_SHORT_SIDE["supporting"])
    if min(width, height) < least:
        raise UploadRefused(
            _(
                "The image is %(width)s × %(height)s pixels; this kind of image needs at least %(limit)s "
                "pixels on its shortest side."
            )
            % {"width": _n(width), "height": _n(height), "limit": _n(least)}
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
    except Exception as error:  # Pillow raises many kinds on a damaged file
        raise UploadRefused(_("The image is damaged: it cannot be read to its end.")) from error
    return ImageInfo(image_format=image_format, width=width, height=height, size=len(content))


def thumbnail(content: bytes) -> bytes:
    """A JPEG of at most THUMBNAIL_SIDE pixels a side (without the original's metadata)."""
    from PIL import Image

    with Image.open(io.BytesIO(content)) as image:
        image.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        copy = image.convert("RGB")
    copy.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=82)
    return out.getvalue()
