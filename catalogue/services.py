"""Writes to the catalogue that are not a full load: resolving (and so creating) SBI 2008 codes.

The full load is `catalogue.loader.catalogue_load`; editing single entries happens in the Django admin."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.authorization import Permit, require
from accounts.models import User

from .models import SbiCode

# "29", "291", "29.1", "2910", "29.10", "29101", "29.10.1": a division, then up to three more digits; a dot
# may separate the division from the group and the class from the subclass, as CBS writes the codes.
_SBI_DIGITS = re.compile(
    r"^(?P<division>\d{2})(?:\.?(?P<group>\d)(?:(?P<klass>\d)(?:\.?(?P<subclass>\d))?)?)?$"
)
_SBI_SECTION = re.compile(r"^[A-Z]$")

CREATED_NODE_SOURCE = "SBI 2008 (CBS); added on first use by sbi_resolve, name not yet recorded"


def sbi_normalize(code: str) -> tuple[str, int]:
    """The stored form of an SBI 2008 code and its level: "29.1" -> ("291", 3), "c" -> ("C", 1).

    Checks the form only (which divisions exist is `sbi_resolve`'s business; groups may end in 0, as 62.0
    and 99.0 do); raises ValueError naming the code."""
    text = str(code).strip().upper().replace(" ", "")
    if _SBI_SECTION.match(text):
        return text, SbiCode.Level.SECTION
    match = _SBI_DIGITS.match(text)
    if not match:
        raise ValueError(
            _(
                "'%(code)s' is not an SBI 2008 code: expected a section letter A-U or a code of 2 to 5 "
                "digits such as 29, 29.1, 29.10 or 29.10.1."
            )
            % {"code": code}
        )
    digits = "".join(part for part in match.groups() if part is not None)
    return digits, len(digits)


def sbi_section_for_division(division: int) -> SbiCode | None:
    """The section (level 1) whose division range holds `division`, or None."""
    return (
        SbiCode.objects.filter(
            level=SbiCode.Level.SECTION, first_division__lte=division, last_division__gte=division
        )
        .order_by("code")
        .first()
    )


@transaction.atomic
def sbi_resolve(code: str, *, actor: User, granted_by: Permit | None = None) -> SbiCode:
    """The SbiCode node for `code` in any usual notation ("29.1", "291", "29.10", "2910", "29101", "C", "47").

    Missing nodes are created with their parents up to the section, taking the scope and cluster of their
    parent, so every valid SBI 2008 code resolves. Raises ValueError for a code that is not SBI 2008: a bad
    form, a section letter outside A-U, or a division that no section covers (e.g. 04, 34, 40).

    Resolving is ``catalogue.resolve_sbi``: the use case of another app that names a code (a project's
    product groups, the stakeholder import) passes its own permit as `granted_by`."""
    require(actor, "catalogue.resolve_sbi", granted_by=granted_by)
    normalized, level = sbi_normalize(code)
    if not SbiCode.objects.filter(level=SbiCode.Level.SECTION).exists():
        raise LookupError(_("The SBI sections are not loaded: run `regiekamer catalogue --load` first."))
    if level == SbiCode.Level.SECTION:
        section = SbiCode.objects.filter(level=SbiCode.Level.SECTION, code=normalized).first()
        if section is None:
            raise ValueError(
                _("'%(code)s' is not an SBI 2008 section: the sections are A to U.") % {"code": code}
            )
        return section

    division_number = int(normalized[:2])
    section = sbi_section_for_division(division_number)
    if section is None:
        raise ValueError(
            _("'%(code)s' is not an SBI 2008 code: no section contains division %(division)s.")
            % {"code": code, "division": normalized[:2]}
        )
    parent = section
    node = section
    for length in range(2, level + 1):
        node = _node_ensure(code=normalized[:length], parent=parent, actor=actor)
        parent = node
    return node


def _node_ensure(*, code: str, parent: SbiCode, actor: User) -> SbiCode:
    node = SbiCode.objects.filter(code=code).first()
    if node is not None:
        return node
    node = SbiCode(
        code=code,
        level=len(code),
        parent=parent,
        cluster=parent.cluster,
        in_manufacturing_scope=parent.in_manufacturing_scope,
        source_section=CREATED_NODE_SOURCE,
    )
    node._history_user = actor  # type: ignore[attr-defined]  # read by django-simple-history
    try:
        with transaction.atomic():
            node.save(force_insert=True)
            return node
    except IntegrityError:
        # Someone else created it between our read and our insert (unique code): use theirs.
        return SbiCode.objects.get(code=code)
