"""The register's export: every column as the register page shows it, read in one query however many
organisations there are."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.roles import Role
from stakeholders.exports import organisation_table
from stakeholders.models import Collaboration, CollaborationMember

from .factories import OrganisationFactory, cluster, link_source, province, sbi

pytestmark = pytest.mark.django_db


def _rows(user) -> tuple[list[list], int]:
    table = organisation_table(user, QueryDict(""))
    with CaptureQueriesContext(connection) as read:
        rows = list(table.rows)
    return rows, len(read.captured_queries)


def test_every_column_of_the_register_from_one_query(user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    coolrec = OrganisationFactory(
        name="Coolrec B.V.",
        kvk_number="12345678",
        org_type="company",
        province=province("ZH", "Zuid-Holland"),
        sector="in_manufacturing",
        frontrunner_class="follower",
        frontrunner_reason="Twee circulaire innovaties",
        website="www.coolrec.com",
    )
    coolrec.sbi_codes.set([sbi("2910"), sbi("29101"), sbi("24", cluster_code=None)])
    cluster("metaal", "Metaal")
    link_source(coolrec, "rvo")
    link_source(coolrec, "slimme-tool")
    for name in ("Urban Mining", "Batterijketen"):
        collaboration = Collaboration.objects.create(name=name, kind="chain")
        CollaborationMember.objects.create(collaboration=collaboration, organisation=coolrec)
    translation.activate("nl")
    rows, queries = _rows(office)
    assert queries == 1
    assert len(rows) == 1
    row = rows[0]
    sources = sorted(link.source.name for link in coolrec.source_links.all())
    coolrec.refresh_from_db()
    assert row == [
        "12345678",
        "Coolrec B.V.",
        coolrec.get_org_type_display(),
        "24, 29.10, 29.10.1",
        "High Tech",
        "Zuid-Holland",
        "",
        coolrec.establishments,
        "www.coolrec.com",
        "",
        coolrec.get_sector_display(),
        "",
        coolrec.get_frontrunner_class_display(),
        "Twee circulaire innovaties",
        ", ".join(sources),
        "Batterijketen, Urban Mining",
        coolrec.version,
    ]
    assert row[2] == "Bedrijf" and row[12] == "Volger"
    translation.deactivate()
    for i in range(3):
        OrganisationFactory(name=f"Meer {i}").sbi_codes.set([sbi("2910")])
    rows, grown = _rows(office)
    assert len(rows) == 4 and grown == queries
