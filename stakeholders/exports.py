"""Exports of the register (jobs.exports: XLSX or CSV of the filtered list, as a job when long) and of person
records (the same, each export logged), through regiekamer.xlsx: text that starts like a formula is text."""

from typing import Any, cast

from django.db.models import CharField, Field, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import sbi_display
from jobs import exports
from regiekamer.aggregates import Joined, split

from .models import CollaborationMember, Organisation, OrganisationSource


def _joined(model: Any, field: Any) -> Subquery:
    """`field` of the rows of `model` (which has an `organisation`) of the outer organisation, joined by the
    database (regiekamer.aggregates.Joined): a correlated subquery of the export's one query."""
    rows = model.objects.filter(organisation_id=OuterRef("pk")).order_by().values("organisation_id")
    return Subquery(rows.annotate(joined=Joined(field)).values("joined"))


def _sbi_codes(joined: str | None) -> str:
    """The organisation's SBI codes ("code:level" as the database joined them) as CBS writes them, in code
    order."""
    pairs = sorted(code_level.split(":") for code_level in split(joined))
    return ", ".join(sbi_display(code, int(level)) for code, level in pairs)


def _labels(name: str) -> dict[str, str]:
    field = cast(Field, Organisation._meta.get_field(name))
    return {str(value): str(label) for value, label in field.flatchoices}


def organisation_table(user: Any, query: QueryDict) -> exports.Table:
    """The register as its list page shows it for the filters in `query`: every column the programme selects
    on in Excel, one organisation per row. One streaming query whatever the number of organisations (a
    server-side cursor on PostgreSQL): the lists per organisation (SBI codes, clusters, sources,
    collaborations) are joined by the database."""
    from . import selectors
    from .forms import RegisterFilterForm

    form = RegisterFilterForm(query or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    through = Organisation.sbi_codes.through
    columns = (
        "kvk_number",
        "name",
        "org_type",
        "province__name",
        "size_class",
        "establishments",
        "website",
        "chain_position",
        "sector",
        "relevance_role",
        "frontrunner_class",
        "frontrunner_reason",
        "version",
    )
    queryset = (
        selectors.organisation_list(filters=filters)
        .prefetch_related(None)
        .annotate(
            joined_sbi=_joined(
                through, Concat("sbicode__code", Value(":"), Cast("sbicode__level", CharField()))
            ),
            joined_clusters=_joined(through, "sbicode__cluster__name"),
            joined_sources=_joined(OrganisationSource, "source__name"),
            joined_collaborations=_joined(CollaborationMember, "collaboration__name"),
        )
        .order_by("name", "pk")
        .values(*columns, "joined_sbi", "joined_clusters", "joined_sources", "joined_collaborations")
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
    labels = {
        field: _labels(field)
        for field in (
            "org_type",
            "size_class",
            "chain_position",
            "sector",
            "relevance_role",
            "frontrunner_class",
        )
    }

    def label(row: dict[str, Any], field: str) -> str:
        value = row[field]
        return labels[field].get(str(value), str(value)) if value else ""

    def rows():
        for row in queryset.iterator(chunk_size=2000):
            yield [
                row["kvk_number"] or "",
                row["name"],
                label(row, "org_type"),
                _sbi_codes(row["joined_sbi"]),
                ", ".join(split(row["joined_clusters"])),
                row["province__name"] or "",
                label(row, "size_class"),
                row["establishments"],
                row["website"],
                label(row, "chain_position"),
                label(row, "sector"),
                label(row, "relevance_role"),
                label(row, "frontrunner_class"),
                row["frontrunner_reason"],
                ", ".join(split(row["joined_sources"])),
                ", ".join(split(row["joined_collaborations"])),
                row["version"],
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


def people_table(user: Any, query: QueryDict) -> exports.Table:
    """Every person record with their organisation (personal data: each export is logged, PEOPLE)."""
    from .selectors import people_list

    people = people_list().order_by("name", "pk")
    headers = [_("Name"), _("Position"), _("Organisation"), _("Change-agent type"), _("Email"), _("Phone")]

    def rows():
        for person in people.iterator(chunk_size=2000):
            yield [
                person.name,
                person.position,
                person.organisation.name,
                person.get_change_agent_type_display() if person.change_agent_type else "",
                person.email,
                person.phone,
            ]

    return exports.Table(headers=headers, count=people.count(), rows=rows(), filename="stakeholders-people")


def _people_exported(actor: Any, query: QueryDict, rows: int) -> None:
    from .services import people_export_log

    people_export_log(actor=actor, query=query.urlencode(), rows=rows)


PEOPLE = exports.ListExport(
    name="stakeholders.people",
    title=gettext_lazy("People"),
    action="stakeholders.export_people",
    build=people_table,
    on_export=_people_exported,
)
