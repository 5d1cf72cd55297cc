"""The portfolio's agenda subjects for steering meetings (`programme.extensions`): a team's meeting may put
one of the team's projects on its agenda, with the gate on the table
(the next phase of the Leidraad, §4.3 and Bijlage 6). Registered in PortfolioConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Project
from .workflow import leidraad

PREFIX = "project"


def _phase_name(code: str) -> str:
    state = leidraad().state(code)
    return state.name_en if (get_language() or "nl").startswith("en") else state.name


def gates_on_the_table(project: Project) -> list[str]:
    """The phases a gate decision could move `project` to: the forward moves from its current phase."""
    workflow = leidraad()
    return [
        target
        for target in workflow.allowed_targets(project.phase)
        if (transition := workflow.transition(project.phase, target)) is not None
        and transition.kind == "advance"
    ]


class ProjectAgenda:
    def choices(self, team: Any) -> list[tuple[str, str]]:
        choices = []
        for project in Project.objects.filter(team=team, status="active").order_by("year", "sequence"):
            choices.append((self.key(project, "") or "", self.describe(project, "")))
            choices += [
                (self.key(project, gate) or "", self.describe(project, gate))
                for gate in gates_on_the_table(project)
            ]
        return choices

    def key(self, subject: Any, gate: str) -> str | None:
        return f"{PREFIX}:{subject.pk}:{gate}" if isinstance(subject, Project) else None

    def resolve(self, key: str) -> tuple[Any, str] | None:
        prefix, _sep, rest = key.partition(":")
        pk, _sep, gate = rest.partition(":")
        if prefix != PREFIX or not pk.isdigit():
            return None
        project = Project.objects.filter(pk=int(pk)).first()
        return (project, gate) if project is not None else None

    def check(self, team: Any, subject: Any, gate: str) -> str | None:
        if subject.team_id != team.pk:
            return _("project %(project)s belongs to another team.") % {"project": subject.number}
        if gate and gate not in gates_on_the_table(subject):
            return _("%(project)s is in the phase %(phase)s; its next gate is not %(gate)s.") % {
                "project": subject.number,
                "phase": _phase_name(subject.phase),
                "gate": _phase_name(gate) if gate in leidraad().state_codes() else gate,
            }
        return None

    def describe(self, subject: Any, gate: str) -> str:
        project = f"{subject.number} {subject.title}"
        if not gate:
            return project
        phase = _phase_name(gate) if gate in leidraad().state_codes() else gate
        return _("%(project)s: gate to %(phase)s") % {"project": project, "phase": phase}

    def decide_url(self, subject: Any, meeting: Any) -> str | None:
        return reverse("portfolio:project-detail", kwargs={"number": subject.number}) + "#decide"
