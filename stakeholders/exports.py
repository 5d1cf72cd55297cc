"""XLSX exports of the register and of person records (openpyxl, write-only for long lists), through
regiekamer.xlsx: a name or any other text that starts like a formula is written as text."""

from django.utils.translation import gettext as _

from regiekamer import xlsx


def _workbook(title: str, headers: list[str]):
    workbook = xlsx.new_workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    xlsx.append(sheet, headers)
    return workbook, sheet


def _bytes(workbook) -> bytes:
    return xlsx.workbook_bytes(workbook)


def organisations_xlsx(queryset) -> bytes:
    """Every column the programme selects on in Excel, one organisation per row."""
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
    workbook, sheet = _workbook(_("Register"), headers)
    queryset = queryset.prefetch_related("sbi_codes__cluster", "collaborations")
    for org in queryset.iterator(chunk_size=2000):
        codes = list(org.sbi_codes.all())
        xlsx.append(
            sheet,
            [
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
            ],
        )
    return _bytes(workbook)


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
