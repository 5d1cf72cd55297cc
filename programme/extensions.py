"""What other apps put on a steering meeting's agenda, without the programme app knowing them.

An agenda item may name a subject (a project, say) and the gate on the table for it. The programme app knows
neither projects nor gates: an app higher in the dependency order (the portfolio) registers an
`AgendaSubjects` provider in its AppConfig.ready(). The provider offers the choices for a team's meeting,
turns a chosen key back into (subject, gate), checks a (subject, gate) pair, and names it for people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _


class AgendaSubjects(Protocol):
    def choices(self, team: Any) -> list[tuple[str, str]]:
        """(key, label) of the subjects a meeting of `team` may put on its agenda, with their gates."""
        ...

    def resolve(self, key: str) -> tuple[Any, str] | None:
        """The (subject, gate) a key stands for; None when the key is not one of this provider's."""
        ...

    def key(self, subject: Any, gate: str) -> str | None:
        """The key of (subject, gate); None when the subject is not one of this provider's."""
        ...

    def check(self, team: Any, subject: Any, gate: str) -> str | None:
        """None when a meeting of `team` may put `subject` (with `gate` on the table, if any) on its agenda,
        else the reason it may not (for people)."""
        ...

    def describe(self, subject: Any, gate: str) -> str:
        """How people read (subject, gate), e.g. '20-004 Batterijen: poort Projectdefinitie → Uitvoering'."""
        ...

    def decide_url(self, subject: Any, meeting: Any) -> str | None:
        """Where the meeting records its decision about `subject` (None: no such page)."""
        ...


@dataclass
class _Registry:
    providers: list[AgendaSubjects]


_REGISTRY = _Registry(providers=[])


def register_agenda_subjects(provider: AgendaSubjects) -> None:
    if provider not in _REGISTRY.providers:
        _REGISTRY.providers.append(provider)


def agenda_subject_choices(team: Any) -> list[tuple[str, str]]:
    return [choice for provider in _REGISTRY.providers for choice in provider.choices(team)]


def resolve_agenda_subject(key: str) -> tuple[Any, str] | None:
    for provider in _REGISTRY.providers:
        found = provider.resolve(key)
        if found is not None:
            return found
    return None


def _provider_of(subject: Any, gate: str) -> AgendaSubjects | None:
    return next((p for p in _REGISTRY.providers if p.key(subject, gate) is not None), None)


def agenda_subject_key(subject: Any, gate: str) -> str:
    provider = _provider_of(subject, gate)
    return (provider.key(subject, gate) or "") if provider else ""


def check_agenda_subject(team: Any, subject: Any, gate: str) -> str | None:
    provider = _provider_of(subject, gate)
    if provider is None:
        return _("This cannot be put on a meeting's agenda.")
    return provider.check(team, subject, gate)


def known_agenda_subject(team: Any, subject: Any) -> bool:
    """Whether a provider knows `subject` as something a meeting of `team` may decide on. Decisions recorded
    before their subjects were checked (issue 15, finding 1) may point at any record of any app or team; such
    a subject is not named to people."""
    return (
        subject is not None
        and _provider_of(subject, "") is not None
        and check_agenda_subject(team, subject, "") is None
    )


def describe_agenda_subject(subject: Any, gate: str) -> str:
    provider = _provider_of(subject, gate)
    return provider.describe(subject, gate) if provider else str(subject)


def agenda_decide_url(subject: Any, meeting: Any) -> str | None:
    provider = _provider_of(subject, "")
    return provider.decide_url(subject, meeting) if provider else None


# --- panels on a team's page ---


@dataclass(frozen=True)
class TeamPanel:
    """A section of the team page that a higher app adds (the roadmap's means, say): `template` rendered with
    `context(request, team)`; a context of None leaves the panel out."""

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]


TEAM_PANELS: dict[str, TeamPanel] = {}


def register_team_panel(panel: TeamPanel) -> None:
    TEAM_PANELS[panel.key] = panel


def team_panels(request: Any, team: Any) -> list[dict[str, Any]]:
    """The panels to show on `team`'s page, each as {"template": ..., **its context}."""
    panels = []
    for panel in TEAM_PANELS.values():
        context = panel.context(request, team)
        if context is not None:
            panels.append({"template": panel.template, **context})
    return panels
