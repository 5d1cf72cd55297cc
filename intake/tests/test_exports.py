"""The applications list as a file (intake.exports.APPLICATIONS through jobs.exports): filtered by
?status= as the list page is, and only the applications the person may see, in both formats."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from accounts.testing import make_user
from intake.models import Application, Status

from .factories import ConsortiumFactory, make_application, product_group

HEADERS = ["Title", "Consortium", "NPCE product group", "Transition agenda", "Parties", "Submitted", "Status"]


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode()), "a byte-order mark, so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _xlsx_rows(content: bytes) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [
        ["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)
    ]


def _as_status(application: Application, status: str) -> None:
    """The status written directly: the export reads it, how it was reached does not matter here."""
    Application.objects.filter(pk=application.pk).update(status=status)


@pytest.fixture
def two_consortia(applicant):
    """The applicant's consortium with a submitted application and a draft; another consortium (of another
    applicant) with a submitted application and one in assessment."""
    group = product_group()
    own = ConsortiumFactory(name="Eigen consortium", members=[applicant])
    own_submitted = make_application(member=applicant, consortium=own, group=group, title="Eigen ingediend")
    make_application(member=applicant, consortium=own, group=group, title="Eigen concept")
    stranger = make_user(Role.APPLICANT, username="other-applicant")
    other = ConsortiumFactory(name="Ander consortium", members=[stranger])
    other_submitted = make_application(
        member=stranger, consortium=other, group=group, title="Ander ingediend"
    )
    other_assessed = make_application(
        member=stranger, consortium=other, group=group, title="Ander beoordeeld"
    )
    _as_status(own_submitted, Status.SUBMITTED)
    _as_status(other_submitted, Status.SUBMITTED)
    _as_status(other_assessed, Status.IN_ASSESSMENT)


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        (Role.APPLICANT, ["Eigen ingediend"]),
        (Role.ASSESSOR, ["Ander ingediend", "Eigen ingediend"]),
    ],
)
@pytest.mark.parametrize(
    ("url_name", "read"), [("intake:export-csv", _csv_rows), ("intake:export", _xlsx_rows)]
)
def test_the_export_holds_only_the_filtered_applications_the_person_may_see(
    client, user_for, two_consortia, role, titles, url_name, read
):
    client.force_login(user_for(role))
    response = client.get(reverse(url_name), {"status": Status.SUBMITTED})
    assert response.status_code == 200
    assert 'filename="aanvragen-submitted-' in response["Content-Disposition"]
    rows = read(response.content)
    assert rows[0] == HEADERS
    assert sorted(row[0] for row in rows[1:]) == titles
    assert {row[6] for row in rows[1:]} == {"Submitted"}


def test_without_a_filter_the_applicant_exports_all_of_their_own_and_nothing_else(
    client, applicant, two_consortia
):
    client.force_login(applicant)
    rows = _csv_rows(client.get(reverse("intake:export-csv")).content)
    assert sorted((row[0], row[1]) for row in rows[1:]) == [
        ("Eigen concept", "Eigen consortium"),
        ("Eigen ingediend", "Eigen consortium"),
    ]
