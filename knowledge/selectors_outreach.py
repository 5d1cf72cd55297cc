"""Reads of the communication strategy, image bank, knowledge hub, mailing lists and vision landscape."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from catalogue.models import Horizon
from stakeholders.models import Person as StakeholderPerson

from . import landscape
from .models import BankImage, HubItem, ImagingGuideline, LandscapeItem, MailingList
from .selectors import user_in_team

VERBREDING_TEAM = "verbreding"  # Team Verbreding keeps the communication and the image bank (§5.6, Bijlage 5)


def approved_carrying_images() -> int:
    return BankImage.objects.filter(kind=BankImage.Kind.CARRYING, status=BankImage.Status.APPROVED).count()


def carrying_status() -> dict[str, int]:
    """The one rule of the carrying-image warning (Bijlage 5, "Dragende beelden (minimaal 5)"): how many
    carrying images are approved, how many are needed and how many are missing (0: no warning)."""
    from .services_outreach import CARRYING_IMAGES_NEEDED

    approved = approved_carrying_images()
    return {
        "approved": approved,
        "needed": CARRYING_IMAGES_NEEDED,
        "missing": max(0, CARRYING_IMAGES_NEEDED - approved),
    }


def carrying_warning_for(user: Any) -> dict[str, int] | None:
    """The carrying-image status on Team Verbreding's dashboards ("Mijn werk"), for whom it concerns: those
    who may see the image bank and work in Team Verbreding (which keeps the communication, §5.6) or in the
    programme office (which approves the images). None for everyone else."""
    from accounts.authorization import can
    from accounts.roles import Role

    if not can(user, "knowledge.view_images"):
        return None
    if Role.PROGRAMME_OFFICE not in user.roles and not user_in_team(user, VERBREDING_TEAM):
        return None
    return carrying_status()


def imaging_guidelines() -> dict[str, list[ImagingGuideline]]:
    """The do's and the don'ts of the imaging strategy, each in its order."""
    found: dict[str, list[ImagingGuideline]] = {"do": [], "dont": []}
    for guideline in ImagingGuideline.objects.order_by("kind", "order", "pk"):
        found[guideline.kind].append(guideline)
    return found


def image_list(*, kind: str = "", status: str = "") -> QuerySet[BankImage]:
    images = BankImage.objects.all()
    if kind:
        images = images.filter(kind=kind)
    if status:
        images = images.filter(status=status)
    return images.order_by("kind", "-uploaded_at", "-pk")


def public_image(pk: int) -> BankImage | None:
    """An approved image that a published case shows (anyone may see it), or None."""
    return (
        BankImage.objects.filter(pk=pk, status=BankImage.Status.APPROVED, cases__status="published")
        .distinct()
        .first()
    )


def hub_items(
    *, team: Any = None, theme: Any = None, kind: str = "", tag: str = "", q: str = ""
) -> QuerySet[HubItem]:
    """The hub's items, filtered; `q` searches title, description, tags and every version's note and file
    name (a simple database search, case-insensitive)."""
    items = HubItem.objects.select_related("team", "theme__pillar", "theme__horizon").annotate(
        current=Max("versions__number")
    )
    if team is not None:
        items = items.filter(team=team)
    if theme is not None:
        items = items.filter(theme=theme)
    if kind:
        items = items.filter(kind=kind)
    if tag:
        tag = tag.strip().lower()
        items = items.filter(
            Q(tags=tag)
            | Q(tags__startswith=f"{tag}, ")
            | Q(tags__endswith=f", {tag}")
            | Q(tags__contains=f", {tag}, ")
        )
    for word in q.split():
        matches = (
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(tags__icontains=word)
            | Q(versions__note__icontains=word)
            | Q(versions__file_name__icontains=word)
        )
        items = items.filter(pk__in=HubItem.objects.filter(matches).values("pk"))
    return items.order_by("title", "pk")


def hub_item_detail(pk: int) -> HubItem:
    return HubItem.objects.select_related("team", "theme__pillar", "theme__horizon", "created_by").get(pk=pk)


def mailing_lists(*, team: Any = None) -> QuerySet[MailingList]:
    lists = MailingList.objects.select_related("team")
    return lists.filter(team=team) if team is not None else lists


def mailing_list_members(mailing_list: MailingList) -> QuerySet[StakeholderPerson]:
    """Who receives the list: the people with an e-mail address of the organisations the register names as
    relevant to the list's team (Bijlage 4, "voor welk UPCM team relevant?"), of the chosen change-agent types
    if the list names any."""
    people = StakeholderPerson.objects.filter(organisation__team_relevance__team=mailing_list.team).exclude(
        email=""
    )
    if mailing_list.change_agent_types:
        people = people.filter(change_agent_type__in=mailing_list.change_agent_types)
    return (
        StakeholderPerson.objects.filter(pk__in=people.values("pk"))
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )


def landscape_items() -> QuerySet[LandscapeItem]:
    return LandscapeItem.objects.select_related(
        "horizon", "effect_goal", "project", "change_strategy__pillar", "change_strategy__horizon"
    ).order_by("-horizon__months", "order", "pk")


def link_of(item: LandscapeItem) -> tuple[str, str]:
    """(address, label) of what a landscape item stands for: its project, else its change strategy or goal
    (both on the roadmap page, at their own row: the anchors of roadmap/roadmap.html)."""
    if item.project is not None:
        return item.project.get_absolute_url(), _("Project %(number)s") % {"number": item.project.number}
    roadmap = reverse("roadmap:roadmap")
    if item.change_strategy is not None:
        label = _("Change strategy: %(title)s") % {"title": item.change_strategy.title}
        return f"{roadmap}#strategy-{item.change_strategy_id}", label
    assert item.effect_goal is not None
    return f"{roadmap}#goal-{item.effect_goal_id}", _("Goal: %(text)s") % {"text": item.effect_goal.text}


def landscape_plain(items: QuerySet[LandscapeItem] | list[LandscapeItem]) -> list[landscape.Item]:
    result = []
    for item in items:
        href, label = link_of(item)
        result.append(
            landscape.Item(
                title=item.title,
                landscape=item.horizon.landscape,
                months=item.horizon.months,
                horizon_label=str(item.horizon.label),
                href=href,
                link_label=label,
                order=item.order,
            )
        )
    return result


def horizons() -> QuerySet[Horizon]:
    return Horizon.objects.order_by("months")
