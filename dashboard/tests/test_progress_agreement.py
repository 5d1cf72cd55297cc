"""One rule for indicator progress (issue 13 item 3): the dashboard row and the indicator page show the same
share of the target, measured from the baseline (roadmap.progress)."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role

from . import builders as b


def test_indicator_page_and_dashboard_agree_on_a_nonzero_baseline(catalogue, client, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    indicator = b.indicator("circular-rate", "performance", "0-5y", time="latest", baseline="100")
    b.target(indicator, "200")
    b.value(indicator, "150", datetime.date(2021, 1, 1), office)
    # From the baseline: (150 - 100) / (200 - 100) = 50 % (not 150 / 200 = 75 %).
    expected = Decimal("50.0")
    client.force_login(user_for(Role.READER))

    page = client.get(reverse("roadmap:indicator-detail", kwargs={"code": indicator.code}))
    assert page.context["progress"].pct_of_target == expected
    dashboard = client.get(reverse("dashboard:dashboard"))
    row = {r.code: r for r in dashboard.context["goals"]["performance"]}["circular-rate"]
    assert (row.baseline, row.target, row.measured) == (Decimal("100"), Decimal("200"), Decimal("150"))
    assert row.measured_share == expected

    # And the same text on both pages.
    shown = re.search(r'data-testid="measured-share">\((.+?)\)<', dashboard.content.decode()).group(1)
    assert shown.startswith("50") and not shown.startswith("75")
    assert shown in page.content.decode()


def test_a_value_dated_in_the_future_counts_on_neither_page(catalogue, client, user_for):
    """The indicator page counts the values dated up to today; so does the dashboard."""
    office = user_for(Role.PROGRAMME_OFFICE)
    indicator = b.indicator("circular-rate", "performance", "0-5y", time="latest", baseline="100")
    b.target(indicator, "200")
    b.value(indicator, "150", datetime.date(2021, 1, 1), office)
    b.value(indicator, "190", timezone.localdate() + datetime.timedelta(days=30), office)
    client.force_login(user_for(Role.READER))

    page = client.get(reverse("roadmap:indicator-detail", kwargs={"code": indicator.code}))
    dashboard = client.get(reverse("dashboard:dashboard"))
    row = {r.code: r for r in dashboard.context["goals"]["performance"]}["circular-rate"]
    assert page.context["progress"].current == Decimal("150")
    assert row.measured == Decimal("150")
    assert row.measured_share == page.context["progress"].pct_of_target == Decimal("50.0")
