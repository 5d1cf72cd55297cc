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
        [Status.APPROVED, Status.REJECTED, Status.WITHDRAWN, Status.IN_ASSESSMENT, Status.DRAFT]
    )
    assert set(Application.objects.values_list("consortium__members__username", flat=True)) == {"aanvrager"}
    approved = Application.objects.get(status=Status.APPROVED)
    assert approved.decisions.get().approved
    assert approved.advices.get().positive
