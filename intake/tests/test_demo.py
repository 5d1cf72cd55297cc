import io

import pytest

from accounts import demo as accounts_demo
from intake import demo
from intake.models import Application, Status


@pytest.mark.django_db
def test_demo_has_one_application_per_outcome_and_is_idempotent(catalogue, settings, tmp_path):
    accounts_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [
            Status.APPROVED,
            Status.REJECTED,
            Status.WITHDRAWN,
            Status.IN_ASSESSMENT,
            Status.ADVISED,
            Status.DRAFT,
        ]
    )
    assert set(Application.objects.values_list("consortium__members__username", flat=True)) == {"aanvrager"}
    approved = Application.objects.get(status=Status.APPROVED)
    assert approved.decisions.get().approved
    assert approved.advices.get().positive


@pytest.mark.django_db
def test_demo_history_gives_each_step_to_its_own_role(catalogue, settings, tmp_path):
    """The criteria by the assessor, the advice by the transition agenda adviser, the decision by the
    Stuurgroep member, the withdrawal by the consortium: never two assessment steps by one person."""
    accounts_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    for application in Application.objects.exclude(status=Status.DRAFT):
        steps = {
            "criteria": set(application.criterion_assessments.values_list("assessor__username", flat=True)),
            "advice": set(application.advices.values_list("recorded_by__username", flat=True)),
            "decision": set(application.decisions.values_list("recorded_by__username", flat=True)),
        }
        expected = {
            Status.APPROVED: ({"beoordelaar"}, {"adviseur"}, {"stuurgroep"}),
            Status.REJECTED: ({"beoordelaar"}, {"adviseur"}, {"stuurgroep"}),
            Status.ADVISED: ({"beoordelaar"}, {"adviseur"}, set()),
            Status.IN_ASSESSMENT: (set(), set(), set()),
            Status.WITHDRAWN: (set(), set(), set()),
        }[application.status]
        assert (steps["criteria"], steps["advice"], steps["decision"]) == expected, application.title
        for step in ("advised", "approved", "rejected", "withdrawn", "in_assessment"):
            actors = set(application.events.filter(to_status=step).values_list("actor__username", flat=True))
            assert (
                actors
                <= {
                    "advised": {"adviseur"},
                    "approved": {"stuurgroep"},
                    "rejected": {"stuurgroep"},
                    "withdrawn": {"aanvrager"},
                    "in_assessment": {"beoordelaar"},
                }[step]
            )
    rejected = Application.objects.get(status=Status.REJECTED)
    assert rejected.criterion_assessments.filter(criterion=6, met=False).exists()
    assert not rejected.advices.get().positive
