"""What search finds: one provider per kind of record, declared here so the other apps stay untouched.

A provider names the model, how one object reads in the index (title, text, address), the action a reader
needs to see that kind at all (the app's own rule, through accounts.authorization) and, where the app reads
objects per person, the list form of that rule (`visible(user)`: a queryset of the primary keys the user may
read, or None for all). No rule is restated here: each comes from the app that owns it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    url: str
    group: str = ""


@dataclass(frozen=True)
class Provider:
    kind: str
    label: str | Promise
    model: type[models.Model]
    action: str  # the reader needs this action to see any result of this kind
    documents: Callable[[Any], Iterable[Document]]  # usually one; a catalogue entry one per list
    queryset: Callable[[], models.QuerySet]  # every object, with what documents() reads fetched up front
    visible: Callable[[Any], models.QuerySet | None] = field(default=lambda user: None)
    # Records of other models that are part of an object's text: (model, the object of a record). A saved or
    # deleted record re-indexes its object (a hub item's new version brings the text of its document).
    parts: tuple[tuple[type[models.Model], Callable[[Any], Any]], ...] = ()


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    _PROVIDERS[provider.kind] = provider


def providers() -> list[Provider]:
    return list(_PROVIDERS.values())


def get(kind: str) -> Provider:
    return _PROVIDERS[kind]


def for_model(model: type[models.Model]) -> list[Provider]:
    return [provider for provider in _PROVIDERS.values() if provider.model is model]


CASE_TEXTS = ("challenge", "approach", "result")


def _pks(visible: Callable[[Any], models.QuerySet | None]) -> Callable[[Any], models.QuerySet | None]:
    """The list form of an app's rule as the primary keys the index filters on (None stays "all")."""

    def pks(user: Any) -> models.QuerySet | None:
        found = visible(user)
        return None if found is None else found.values("pk")

    return pks


def _text(*parts: Any) -> str:
    return "\n".join(str(part) for part in parts if part)


def declare() -> None:
    """Register the providers of the apps below search (called once from SearchConfig.ready)."""
    from catalogue.registry import LISTS
    from intake.models import Application
    from knowledge.models import Case, HubItem, HubVersion, Lesson
    from knowledge.permissions import visible_lessons
    from portfolio.models import Project
    from portfolio.permissions import visible_projects
    from programme.models import Decision, SteeringMeeting
    from roadmap.models import Indicator
    from stakeholders.models import Organisation, Person

    register(
        Provider(
            kind="project",
            label=_("Projects"),
            model=Project,
            action="portfolio.view_portfolio",
            documents=lambda p: [
                Document(
                    f"{p.number} {p.title}",
                    _text(p.description, p.intended_effect, p.actors, p.trekker),
                    p.get_absolute_url(),
                )
            ],
            queryset=lambda: Project.objects.all(),
            visible=lambda user: visible_projects(user).values("pk"),
        )
    )
    register(
        Provider(
            kind="organisation",
            label=_("Organisations"),
            model=Organisation,
            action="stakeholders.view_register",
            documents=lambda o: [
                Document(
                    o.name, _text(o.kvk_number, o.province.name if o.province else ""), o.get_absolute_url()
                )
            ],
            queryset=lambda: Organisation.objects.select_related("province"),
        )
    )
    register(
        Provider(
            kind="person",
            label=_("People"),
            model=Person,
            action="stakeholders.view_people",
            documents=lambda p: [
                Document(p.name, _text(p.position, p.organisation.name), p.organisation.get_absolute_url())
            ],
            queryset=lambda: Person.objects.select_related("organisation"),
        )
    )
    register(
        Provider(
            kind="meeting",
            label=_("Steering meetings"),
            model=SteeringMeeting,
            action="programme.view_meetings",
            documents=lambda m: [Document(str(m), _text(m.location, m.minutes), m.get_absolute_url())],
            queryset=lambda: SteeringMeeting.objects.select_related("team"),
        )
    )
    register(
        Provider(
            kind="decision",
            label=_("Decisions"),
            model=Decision,
            action="programme.view_meetings",
            documents=lambda d: [
                Document(
                    _text(str(d.meeting), d.sequence).replace("\n", " · "),
                    _text(d.text, d.reasoning),
                    d.get_absolute_url(),
                )
            ],
            queryset=lambda: Decision.objects.select_related("meeting__team"),
        )
    )
    register(
        Provider(
            kind="application",
            label=_("Applications"),
            model=Application,
            action="intake.view_applications",
            documents=lambda a: [
                Document(a.title, a.consortium.name, reverse("intake:detail", kwargs={"pk": a.pk}))
            ],
            queryset=lambda: Application.objects.select_related("consortium"),
            visible=lambda user: Application.objects.visible_to(user).values("pk"),
        )
    )
    register(
        Provider(
            kind="indicator",
            label=_("Indicators"),
            model=Indicator,
            action="roadmap.view_roadmap",
            documents=lambda i: [
                Document(i.name, _text(i.description, i.unit, i.source), i.get_absolute_url())
            ],
            queryset=lambda: Indicator.objects.all(),
        )
    )
    register(
        Provider(
            kind="lesson",
            label=_("Lessons learned"),
            model=Lesson,
            action="knowledge.view_lesson",
            documents=lambda lesson: [
                Document(
                    lesson.title,
                    _text(
                        lesson.event,
                        lesson.effect,
                        lesson.cause,
                        lesson.early_warnings,
                        lesson.recommendation,
                        lesson.proposed_action,
                        f"{lesson.project.number} {lesson.project.title}",
                    ),
                    lesson.get_absolute_url(),
                )
            ],
            queryset=lambda: Lesson.objects.select_related("project"),
            visible=_pks(visible_lessons),
        )
    )
    # Published cases are public pages (no login, no action of their own): everyone who may search finds
    # them, at their public address; a draft or submitted case is found by nobody.
    register(
        Provider(
            kind="case",
            label=_("Cases"),
            model=Case,
            action="search.search",
            documents=lambda case: [
                Document(
                    case.title_nl,
                    _text(
                        case.title_en,
                        *(
                            getattr(case, f"{name}_{language}")
                            for name in CASE_TEXTS
                            for language in ("nl", "en")
                        ),
                    ),
                    case.public_url(),
                )
            ],
            queryset=lambda: Case.objects.all(),
            visible=lambda user: Case.objects.filter(status=Case.Status.PUBLISHED).values("pk"),
        )
    )
    register(
        Provider(
            kind="hub_item",
            label=_("Knowledge hub"),
            model=HubItem,
            action="knowledge.view_hub",
            documents=lambda item: [
                Document(
                    item.title,
                    _text(
                        item.description,
                        item.tags,
                        item.team.name if item.team else "",
                        item.theme.title if item.theme else "",
                        _current_text(item),
                    ),
                    item.get_absolute_url(),
                )
            ],
            queryset=lambda: HubItem.objects.select_related("team", "theme").prefetch_related(
                Prefetch("versions", queryset=HubVersion.objects.only("item_id", "number", "text"))
            ),
            parts=((HubVersion, lambda version: version.item),),
        )
    )
    # Not the mailing lists: personal data of the stakeholder register, read on their own pages only.
    # Catalogue entries: every list of the catalogue but the figure tables (numbers, not names).
    lists = [entry for entry in LISTS if entry.name not in {"industry-figures", "figure-datasets"}]
    for model in {entry.model for entry in lists}:
        model_lists = [entry for entry in lists if entry.model is model]
        register(
            Provider(
                kind=f"catalogue.{model._meta.model_name}",
                label=_("Catalogue entries"),
                model=model,
                action="catalogue.view",
                documents=_catalogue_documents(model_lists),
                queryset=model._default_manager.all,
            )
        )


def _current_text(item: Any) -> str:
    """The text of a hub document's newest version (read from its file at upload): what the document says
    now, so a word of a replaced version no longer finds it."""
    versions = sorted(item.versions.all(), key=lambda version: version.number)
    return versions[-1].text if versions else ""


def _catalogue_documents(lists: list[Any]) -> Callable[[models.Model], list[Document]]:
    from catalogue.localized import localized_of

    localized = localized_of(lists[0].model)
    english = {pair[1] for pair in localized.pairs.values()} if localized is not None else set()

    def documents(entry: models.Model) -> list[Document]:
        found = []
        for catalogue_list in lists:
            if not catalogue_list.holds(entry):
                continue
            # The Dutch texts only: the page shows them (the title is localized).
            texts = [
                getattr(entry, name, "")
                for name in catalogue_list.search_fields
                if "__" not in name and name not in english
            ]
            found.append(
                Document(
                    str(entry),
                    _text(catalogue_list.title, *texts),
                    reverse("catalogue:detail", kwargs={"name": catalogue_list.name, "pk": entry.pk}),
                    group=catalogue_list.name,
                )
            )
        return found

    return documents
