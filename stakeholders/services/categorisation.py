"""The categorisation of Bijlage 4, each step recorded in the trail with who and why: 1 sector, 2-3 an
innovation's circularity and degree of innovation, 4 relevance (and per team), 5 collaborations, 6 the class
(computed by classify.py, or set by hand), 7 the verdict on a miss of the slimme tool."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.authorization import Permit, require
from accounts.models import User
from regiekamer.concurrency import update_versioned
from regiekamer.texts import Message, gettext_noop, translate

from .. import classify
from ..models import (
    CategorisationDecision,
    Collaboration,
    CollaborationMember,
    CoverageCheck,
    FrontrunnerChoice,
    Innovation,
    Organisation,
    RelevanceRole,
    SectorChoice,
    Source,
    TeamRelevance,
)


def _record(
    *,
    organisation: Organisation,
    step: int,
    outcome: str,
    reason: str,
    actor: User,
    innovation: Innovation | None = None,
) -> CategorisationDecision:
    return CategorisationDecision.objects.create(
        organisation=organisation,
        innovation=innovation,
        step=step,
        outcome=outcome[:300],
        reason=reason,
        decided_by=actor,
    )


def sector_propose(*, organisation: Organisation) -> str | None:
    """Categorisation 1 proposal from the SBI codes and the innovations' 'in manufacturing' judgement."""
    flags = [code.in_manufacturing_scope for code in organisation.sbi_codes.all()]
    judgements = [
        i.in_manufacturing for i in organisation.innovations.all() if i.in_manufacturing is not None
    ]
    innovation = True if any(judgements) else (False if judgements else None)
    proposal = classify.sector_proposal(sbi_in_scope=flags, innovation_in_manufacturing=innovation)
    return proposal.value if proposal else None


@transaction.atomic
def sector_confirm(
    *, organisation: Organisation, sector: str, reason: str, actor: User, expected_version: int
) -> Organisation:
    """Categorisation 1: record the sector (a proposal confirmed, or a different choice with its reason)."""
    permit = require(actor, "stakeholders.categorise", organisation)
    choice = SectorChoice(sector)
    proposal = sector_propose(organisation=organisation)
    if proposal and proposal != choice and not reason.strip():
        raise ValidationError(
            {"reason": _("The choice differs from the proposal from the SBI codes; say why.")}
        )
    organisation.sector, organisation.sector_confirmed = choice, True
    update_versioned(organisation, expected_version=expected_version, fields=["sector", "sector_confirmed"])
    note = reason or _("Proposal from the SBI codes confirmed.")
    _record(organisation=organisation, step=1, outcome=str(choice.label), reason=note, actor=actor)
    frontrunner_recompute(organisation=organisation, actor=actor, granted_by=permit)
    return organisation


INNOVATION_FIELDS_CIRCULARITY = (
    "circular_aims",
    "material_saving_kg",
    "waste_reduction_kg",
    "adverse_side_effects",
    "is_waste_processing",
    "lansink_step",
    "energy_investment_only",
    "in_manufacturing",
    "transition_agenda",
)
INNOVATION_FIELDS_INNOVATION = (
    "reference_technique",
    "beyond_common_practice",
    "beyond_legal_duty",
    "circular_design",
    "as_a_service",
    "innovation_subsidy",
    "other_dutch_adopters",
)


@transaction.atomic
def innovation_categorise(
    *,
    innovation: Innovation,
    expected_version: int,
    actor: User,
    reason: str,
    values: dict[str, Any],
    critical_raw_materials: Any = None,
    value_retention_forms: Any = None,
) -> Innovation:
    """Categorisations 2 (circularity) and 3 (innovation) of one innovation; records both steps and
    recomputes categorisation 6 for the organisation."""
    permit = require(actor, "stakeholders.categorise", innovation)
    unknown = set(values) - set(INNOVATION_FIELDS_CIRCULARITY) - set(INNOVATION_FIELDS_INNOVATION)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    aims = values.get("circular_aims", innovation.circular_aims)
    bad = set(aims) - set(Innovation.CircularAim.values)
    if bad:
        raise ValidationError({"circular_aims": _("Unknown circular aim: %(aim)s") % {"aim": ", ".join(bad)}})
    for name, value in values.items():
        setattr(innovation, name, value)
    innovation.full_clean()
    update_versioned(innovation, expected_version=expected_version, fields=list(values))
    if critical_raw_materials is not None:
        innovation.critical_raw_materials.set(critical_raw_materials)
    if value_retention_forms is not None:
        innovation.value_retention_forms.set(value_retention_forms)
    organisation = innovation.organisation
    circ = [str(Innovation.CircularAim(a).label) for a in innovation.circular_aims] or [_("no circular aim")]
    _record(
        organisation=organisation,
        innovation=innovation,
        step=2,
        outcome="; ".join(circ),
        reason=reason,
        actor=actor,
    )
    innovative = bool(innovation.beyond_common_practice and innovation.beyond_legal_duty)
    outcome = _("innovative (beyond common practice and legal duty)") if innovative else _("not innovative")
    _record(
        organisation=organisation, innovation=innovation, step=3, outcome=outcome, reason=reason, actor=actor
    )
    frontrunner_recompute(organisation=organisation, actor=actor, granted_by=permit)
    return innovation


REASON_TEXT = {
    classify.Reason.NOT_A_COMPANY: gettext_noop("Only companies are classified."),
    classify.Reason.SECTOR_UNKNOWN: gettext_noop("The sector (categorisation 1) has not been decided yet."),
    classify.Reason.OTHER_AGENDA: gettext_noop(
        "The stakeholder and the innovation fall under another transition agenda."
    ),
    classify.Reason.NOT_CIRCULAR: gettext_noop("The investment has no circular elements."),
    classify.Reason.LOW_GRADE: gettext_noop(
        "Low-grade application: waste used as fuel, or mainly an energy investment."
    ),
    classify.Reason.NOT_INNOVATIVE: gettext_noop(
        "The environmental investment is common practice in the branch."
    ),
    classify.Reason.NOT_BEYOND_LEGAL: gettext_noop(
        "The investment does not go beyond what is legally required."
    ),
    classify.Reason.SUBSIDY: gettext_noop("Received an innovation subsidy (%(subsidy)s)."),
    classify.Reason.FEW_ADOPTERS: gettext_noop(
        "In scope, circular and innovative; %(adopters)s other Dutch companies "
        "apply the innovation (at most 2)."
    ),
    classify.Reason.MANY_ADOPTERS: gettext_noop(
        "In scope, circular and innovative, but %(adopters)s other Dutch companies "
        "already apply the innovation (not among the first three)."
    ),
    classify.Reason.ADOPTERS_UNKNOWN: gettext_noop(
        "In scope, circular and innovative; how many other Dutch companies apply "
        "the innovation is not known yet."
    ),
}


def reason_text(reason: classify.Reason, **params: Any) -> str:
    """The reason of categorisation 6 in the active language (stored with the class)."""
    return translate(Message(REASON_TEXT[reason], **params))


def _frontrunner_input(
    organisation: Organisation, innovation: Innovation | None
) -> classify.FrontrunnerInput:
    sector = classify.Sector(organisation.sector) if organisation.sector else None
    if innovation is None:
        return classify.FrontrunnerInput(
            is_company=organisation.org_type == "company",
            sector=sector,
            circular=False,
            low_grade=False,
            beyond_common_practice=None,
            beyond_legal_duty=None,
            innovation_subsidy=False,
            other_dutch_adopters=None,
        )
    return classify.FrontrunnerInput(
        is_company=organisation.org_type == "company",
        sector=sector,
        circular=innovation.is_circular,
        low_grade=innovation.is_low_grade,
        beyond_common_practice=innovation.beyond_common_practice,
        beyond_legal_duty=innovation.beyond_legal_duty,
        innovation_subsidy=bool(innovation.innovation_subsidy),
        other_dutch_adopters=innovation.other_dutch_adopters,
    )


def frontrunner_evaluate(
    *, organisation: Organisation
) -> tuple[classify.FrontrunnerResult, Innovation | None]:
    """Categorisation 6 for an organisation: the best outcome over its innovations, and that innovation."""
    innovations = list(organisation.innovations.select_related("lansink_step"))
    if not innovations:
        return classify.frontrunner_classify(_frontrunner_input(organisation, None)), None
    pairs = [(classify.frontrunner_classify(_frontrunner_input(organisation, i)), i) for i in innovations]
    best = classify.frontrunner_best(r for r, _i in pairs)
    if best is None:  # pragma: no cover - there is a result per innovation
        raise AssertionError("no result for the innovations")
    return best, next(i for r, i in pairs if r is best)


def _describe(result: classify.FrontrunnerResult, innovation: Innovation | None) -> str:
    params: dict[str, Any] = {}
    if innovation is not None and result.reason == classify.Reason.SUBSIDY:
        params = {"subsidy": innovation.innovation_subsidy}
    elif innovation is not None and result.reason in (
        classify.Reason.FEW_ADOPTERS,
        classify.Reason.MANY_ADOPTERS,
    ):
        params = {"adopters": innovation.other_dutch_adopters}
    text = reason_text(result.reason, **params)
    if innovation is not None and result.reason != classify.Reason.NOT_A_COMPANY:
        text = f"{innovation.title}: {text}"
    return text


@transaction.atomic
def frontrunner_recompute(
    *, organisation: Organisation, actor: User, granted_by: Permit | None = None
) -> Organisation:
    """Apply categorisation 6 unless a person set the class by hand; records a decision when it changes.
    The categorisation steps that change its inputs pass their permit; the demo acts as its named user."""
    require(actor, "stakeholders.categorise", organisation, granted_by=granted_by)
    organisation.refresh_from_db()
    if organisation.frontrunner_overridden:
        return organisation
    result, innovation = frontrunner_evaluate(organisation=organisation)
    category = result.category.value if result.category else ""
    reason = _describe(result, innovation)
    if (category, reason) == (organisation.frontrunner_class, organisation.frontrunner_reason):
        return organisation
    organisation.frontrunner_class, organisation.frontrunner_reason = category, reason
    update_versioned(
        organisation,
        expected_version=organisation.version,
        fields=["frontrunner_class", "frontrunner_reason"],
    )
    label = str(FrontrunnerChoice(category).label) if category else _("not classified")
    _record(
        organisation=organisation,
        step=6,
        outcome=label,
        reason=_("Computed: %(reason)s") % {"reason": reason},
        actor=actor,
    )
    return organisation


@transaction.atomic
def frontrunner_override(
    *, organisation: Organisation, category: str, reason: str, actor: User, expected_version: int
) -> Organisation:
    """Set categorisation 6 by hand; the reason is required. An empty category returns to the computed
    class."""
    permit = require(actor, "stakeholders.categorise", organisation)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for setting the class by hand.")})
    if category:
        label = str(FrontrunnerChoice(category).label)
        organisation.frontrunner_class, organisation.frontrunner_reason = category, reason
        organisation.frontrunner_overridden = True
        update_versioned(
            organisation,
            expected_version=expected_version,
            fields=["frontrunner_class", "frontrunner_reason", "frontrunner_overridden"],
        )
        _record(
            organisation=organisation,
            step=6,
            outcome=_("%(label)s (set by hand)") % {"label": label},
            reason=reason,
            actor=actor,
        )
        return organisation
    organisation.frontrunner_overridden = False
    update_versioned(organisation, expected_version=expected_version, fields=["frontrunner_overridden"])
    _record(
        organisation=organisation, step=6, outcome=_("back to the computed class"), reason=reason, actor=actor
    )
    return frontrunner_recompute(organisation=organisation, actor=actor, granted_by=permit)


@transaction.atomic
def relevance_set(
    *, organisation: Organisation, role: str, reason: str, actor: User, expected_version: int
) -> Organisation:
    """Categorisation 4: gebruikers / uitvoerders / leveranciers / beslissers."""
    require(actor, "stakeholders.categorise", organisation)
    role_choice = RelevanceRole(role)
    organisation.relevance_role = role_choice
    update_versioned(organisation, expected_version=expected_version, fields=["relevance_role"])
    _record(organisation=organisation, step=4, outcome=str(role_choice.label), reason=reason, actor=actor)
    return organisation


@transaction.atomic
def collaboration_join(
    *,
    organisation: Organisation,
    name: str,
    kind: str = Collaboration.Kind.PROJECT,
    role: str = "",
    reason: str = "",
    actor: User,
    granted_by: Permit | None = None,
) -> CollaborationMember:
    """Categorisation 5: the organisation takes part in a project or chain, named in free text (created when
    new). A portfolio project links itself to its collaboration (the portfolio's project_collaboration_join,
    which passes its permit as `granted_by`)."""
    require(actor, "stakeholders.categorise", organisation, granted_by=granted_by)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the project or chain.")})
    collaboration, _created = Collaboration.objects.get_or_create(name=name, defaults={"kind": kind})
    member, _created = CollaborationMember.objects.update_or_create(
        collaboration=collaboration, organisation=organisation, defaults={"role": role}
    )
    _record(organisation=organisation, step=5, outcome=name, reason=reason or role, actor=actor)
    return member


@transaction.atomic
def team_relevance_set(
    *,
    organisation: Organisation,
    team: Any = None,
    pillar: Any = None,
    horizon: Any = None,
    projects_only: bool = False,
    note: str = "",
    actor: User,
) -> TeamRelevance:
    """Relevance per team (and its pillar) and per decision horizon, or 'only for projects'."""
    require(actor, "stakeholders.categorise", organisation)
    if team is None and pillar is None and horizon is None and not projects_only:
        raise ValidationError(_("Choose a team, a pillar, a horizon, or 'only for projects'."))
    if team is not None and pillar is None:
        pillar = team.pillar
    relevance, _created = TeamRelevance.objects.update_or_create(
        organisation=organisation,
        team=team,
        pillar=pillar,
        horizon=horizon,
        defaults={"projects_only": projects_only, "note": note},
    )
    return relevance


@transaction.atomic
def coverage_check_record(
    *, organisation: Organisation, outcome: str, reason: str, actor: User
) -> CategorisationDecision:
    """Categorisation 7: a person's verdict on an organisation another source found and the slimme tool did
    not (a real miss of the tool, or not relevant after all), with the reason, in the categorisation trail."""
    require(actor, "stakeholders.verify_coverage", organisation)
    check = CoverageCheck(outcome)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    if organisation.source_links.filter(source__code=Source.SLIMME_TOOL).exists():
        raise ValidationError(_("The slimme tool has found this organisation: it is not a miss."))
    return _record(organisation=organisation, step=7, outcome=str(check.label), reason=reason, actor=actor)
