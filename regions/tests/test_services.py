"""Regional platforms and clusters: only the programme office keeps them; names are unique; edits are
versioned and audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from regiekamer.concurrency import EditConflict
from regions import services
from stakeholders.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_office_records_a_cluster_and_a_team_lead_may_not(user_for):
    cluster = services.cluster_create(
        actor=user_for(Role.PROGRAMME_OFFICE), name=" Regionale CE versnellers "
    )
    assert cluster.name == "Regionale CE versnellers"
    assert cluster.history.count() == 1
    with pytest.raises(PermissionDenied):
        services.cluster_create(actor=user_for(Role.TEAM_LEAD), name="Ander")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "bestaand"}, "name"),
        ({"name": "Nieuw", "kind": "province"}, "kind"),
    ],
)
def test_bad_input_is_refused_naming_the_field(user_for, values, field):
    services.cluster_create(actor=user_for(Role.PROGRAMME_OFFICE), name="Bestaand")
    with pytest.raises(ValidationError) as error:
        services.cluster_create(actor=user_for(Role.PROGRAMME_OFFICE), **values)
    assert field in error.value.message_dict


def test_the_contact_person_works_at_the_contact_organisation(user_for):
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.cluster_create(
            actor=user_for(Role.PROGRAMME_OFFICE),
            name="X",
            contact_organisation=OrganisationFactory(),
            contact_person=person,
        )
    assert "contact_person" in error.value.message_dict


def test_an_edit_names_the_version_it_read_and_is_audited(user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    cluster = services.cluster_create(actor=office, name="CESI")
    member = OrganisationFactory()

    services.cluster_update(
        actor=office, cluster=cluster, expected_version=1, description="Nieuw", members=[member]
    )

    cluster.refresh_from_db()
    assert (cluster.version, cluster.description, list(cluster.members.all())) == (2, "Nieuw", [member])
    assert cluster.history.count() == 2
    with pytest.raises(EditConflict):
        services.cluster_update(actor=office, cluster=cluster, expected_version=1, description="Oud")
