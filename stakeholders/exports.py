"""Exports of the register (jobs.exports: XLSX or CSV of the filtered list, as a job when long) and of person
records (write-only XLSX), through regiekamer.xlsx: a text that starts like a formula is written as text."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import exports
from regiekamer import xlsx


def _workbook(title: str, headers: list[str]):
    workbook = xlsx.new_workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    xlsx.append(sheet, headers)
    return workbook, sheet


def _bytes(workbook) -> bytes:
    return xlsx.workbook_bytes(workbook)


def organisation_table(user: Any, query: QueryDict) -> exports.Table:
    """The register as its list page shows it for the filters in `query`: every column the programme selects
    on in Excel, one organisation per row (read in chunks)."""
    from . import selectors
    from .forms import RegisterFilterForm

    form = RegisterFilterForm(query or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = selectors.organisation_list(filters=filters).prefetch_related(
        "sbi_codes__cluster", "collaborations"
    )
    headers = [
        _("KvK number"),
        _("Name"),
        _("Type"),
        _("SBI codes"),
        _("Product clusters"),
        _("Province"),
        _("Size class"),
        _("Establishments (LISA)"),
        _("Website"),
        _("Chain position"),
        _("Sector"),
        _("Relevance"),
        _("Class"),
        _("Reason for the class"),
        _("Sources"),
        _("Collaborations"),
        # The version of the record: a row of this file imported after the organisation was changed in the
        # meantime is refused instead of undoing that change (stakeholders.importer).
        _("Version"),
    ]

    def rows():
        for org in queryset.iterator(chunk_size=2000):
            codes = list(org.sbi_codes.all())
            yield [
                org.kvk_number or "",
                org.name,
                org.get_org_type_display(),
                ", ".join(c.display_code for c in codes),
                ", ".join(sorted({c.cluster.name for c in codes if c.cluster})),
                org.province.name if org.province else "",
                org.get_size_class_display() if org.size_class else "",
                org.establishments,
                org.website,
                org.get_chain_position_display() if org.chain_position else "",
                org.get_sector_display() if org.sector else "",
                org.get_relevance_role_display() if org.relevance_role else "",
                org.get_frontrunner_class_display() if org.frontrunner_class else "",
                org.frontrunner_reason,
                ", ".join(link.source.name for link in org.source_links.all()),
                ", ".join(c.name for c in org.collaborations.all()),
                org.version,
            ]

    return exports.Table(
        headers=headers, count=queryset.count(), rows=rows(), filename="stakeholders-register"
    )


ORGANISATIONS = exports.ListExport(
    name="stakeholders.organisations",
    title=gettext_lazy("Register"),
    action="stakeholders.view_register",
    build=organisation_table,
)


def people_xlsx(queryset) -> tuple[bytes, int]:
    headers = [_("Name"), _("Position"), _("Organisation"), _("Change-agent type"), _("Email"), _("Phone")]
    workbook, sheet = _workbook(_("People"), headers)
    rows = 0
    for person in queryset.iterator(chunk_size=2000):
        xlsx.append(
            sheet,
            [
                person.name,
                person.position,
                person.organisation.name,
                person.get_change_agent_type_display() if person.change_agent_type else "",
                person.email,
                person.phone,
            ],
        )
        rows += 1
    return _bytes(workbook), rows
