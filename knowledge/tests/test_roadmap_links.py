"""The roadmap page and the knowledge pages link to each other (issue 22 follow-up): the landscape labels
lead to their layer of the vision landscape, each change strategy to the knowledge hub filtered by that theme,
and a landscape item to the exact row of its goal or change strategy on the roadmap."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from accounts import demo as accounts_demo
from accounts.roles import Role
from knowledge import selectors_outreach
from knowledge import services_outreach as services
from knowledge.models import HubItem
from roadmap import demo as roadmap_demo
from roadmap.models import ChangeStrategy, EffectGoal

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal_system():
    out = io.StringIO()
    accounts_demo.load(stdout=out)
    roadmap_demo.load(stdout=out)


def _roadmap(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("roadmap:roadmap")).content.decode()


def test_the_roadmap_links_its_landscape_labels_to_their_layer_and_a_reader_no_hub(
    client, user_for, goal_system
):
    page = _roadmap(client, user_for(Role.READER))

    landscape = reverse("knowledge:landscape")
    layers = set(re.findall(rf'href="{landscape}#layer-(\w+)"', page))
    assert layers == {"initiatives", "intervention", "transition", "trend"}
    # The anchors exist on the landscape page.
    text = client.get(landscape).content.decode()
    assert all(f'id="layer-{code}"' in text for code in layers)
    # The hub is the programme's: no link the hub would refuse.
    assert reverse("knowledge:hub") not in page
    assert client.get(reverse("knowledge:hub")).status_code == 403


def test_each_change_strategy_links_to_the_hub_filtered_by_its_theme(client, user_for, goal_system):
    office = user_for(Role.PROGRAMME_OFFICE)
    strategy, other = ChangeStrategy.objects.order_by("pk")[:2]
    for theme, title in ((strategy, "Ketenkaart batterijen"), (other, "Ander thema")):
        services.hub_item_create(
            actor=office, title=title, kind=HubItem.Kind.LINK, theme=theme, url="https://example.org/"
        )

    page = _roadmap(client, office)

    assert ChangeStrategy.objects.count() == page.count(f'href="{reverse("knowledge:hub")}?theme=')
    href = f"{reverse('knowledge:hub')}?theme={strategy.pk}"
    row = page.split(f'id="strategy-{strategy.pk}"', 1)[1].split("</li>", 1)[0]
    assert f'href="{href}"' in row
    hub = client.get(href).content.decode()
    assert "Ketenkaart batterijen" in hub and "Ander thema" not in hub


def test_a_landscape_item_links_to_the_row_of_its_goal_or_change_strategy(client, user_for, goal_system):
    office = user_for(Role.PROGRAMME_OFFICE)
    strategy = ChangeStrategy.objects.select_related("horizon").order_by("pk").first()
    goal = EffectGoal.objects.select_related("row__horizon").order_by("pk").first()
    assert strategy is not None and goal is not None
    by_strategy = services.landscape_item_save(
        actor=office, title="Ketenaanpak", horizon=strategy.horizon, change_strategy=strategy
    )
    by_goal = services.landscape_item_save(
        actor=office, title="Effectdoel", horizon=goal.row.horizon, effect_goal=goal
    )

    roadmap = reverse("roadmap:roadmap")
    assert selectors_outreach.link_of(by_strategy)[0] == f"{roadmap}#strategy-{strategy.pk}"
    assert selectors_outreach.link_of(by_goal)[0] == f"{roadmap}#goal-{goal.pk}"
    page = _roadmap(client, office)
    assert page.count(f'id="strategy-{strategy.pk}"') == 1 and page.count(f'id="goal-{goal.pk}"') == 1
    # The drawing and the text view of the landscape both use the row's address.
    landscape = client.get(reverse("knowledge:landscape")).content.decode()
    assert landscape.count(f'href="{roadmap}#strategy-{strategy.pk}"') == 2
    assert landscape.count(f'href="{roadmap}#goal-{goal.pk}"') == 2
