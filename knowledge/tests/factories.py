"""Test data for the knowledge app: lessons and cases through the services, on the portfolio's test project
(led by the project-lead test user, in a team whose lead is the team-lead test user)."""

from __future__ import annotations

from typing import Any

from accounts.roles import Role
from knowledge import services
from knowledge.models import Case, Lesson

CASE_TEXTS = {
    "title_nl": "Batterijen terug in de keten",
    "title_en": "Batteries back in the chain",
    "challenge_nl": "Kritieke metalen in fietsbatterijen gaan verloren.",
    "challenge_en": "Critical metals in bicycle batteries are lost.",
    "approach_nl": "Twee pilots met fietsbatterijen in de keten.",
    "approach_en": "Two pilots with bicycle batteries in the chain.",
    "result_nl": "Ketensamenwerking in twee actieve pilots.",
    "result_en": "Chain cooperation in two active pilots.",
}


def lesson(user_for, project, *, status: str = Lesson.Status.DRAFT, **values: Any) -> Lesson:
    """A lesson of `project`, logged by its lead and moved on to `status` by the team lead (and applied by
    the office)."""
    values = {
        "title": "Retourstromen eerst",
        "event": "De pilot startte zonder zicht op retourstromen.",
        "recommendation": "Breng retourlogistiek in kaart voor de pilot begint.",
        **values,
    }
    found = services.lesson_log(actor=user_for(Role.PROJECT_LEAD), project=project, **values)
    order = [Lesson.Status.VALIDATED, Lesson.Status.PUBLISHED, Lesson.Status.APPLIED]
    steps = order[: order.index(status) + 1] if status in order else []
    sponsor = user_for(Role.TEAM_LEAD)
    if Lesson.Status.VALIDATED in steps:
        found = services.lesson_validate(actor=sponsor, lesson=found)
    if Lesson.Status.PUBLISHED in steps:
        found = services.lesson_publish(actor=sponsor, lesson=found)
    if Lesson.Status.APPLIED in steps:
        found = services.lesson_apply(
            actor=user_for(Role.PROGRAMME_OFFICE), lesson=found, evidence="Checklist aangepast."
        )
    return found


def case(user_for, project, *, status: str = Case.Status.DRAFT, **values: Any) -> Case:
    """A case of `project`, drafted by its lead, submitted and approved up to `status`."""
    found = services.case_draft(
        actor=user_for(Role.PROJECT_LEAD), project=project, **{**CASE_TEXTS, **values}
    )
    if status in (Case.Status.SUBMITTED, Case.Status.PUBLISHED):
        found = services.case_submit(actor=user_for(Role.PROJECT_LEAD), case=found)
    if status == Case.Status.PUBLISHED:
        found = services.case_approve(actor=user_for(Role.PROGRAMME_OFFICE), case=found)
    return found


def image_bytes(width: int = 1500, height: int = 1000, fmt: str = "PNG") -> bytes:
    """A real image of `width` x `height` pixels (a plain colour: small and quick to make)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 220, 240)).save(out, fmt)
    return out.getvalue()


ALL_CRITERIA = ["light", "concentration", "action", "quality"]


def bank_image(user_for, *, kind: str = "carrying", approved: bool = False, **values: Any):
    """An image of the bank uploaded by the project lead, meeting every criterion; approved by the office
    when `approved`."""
    from knowledge import services_outreach

    content = values.pop("content", None) or image_bytes()
    fields = {
        "title": "Ondernemer aan de draaibank",
        "photographer": "J. Fotograaf",
        "licence": "Eigen fotografie UPCM",
        "usages": ["landing_page"],
        "criteria": ALL_CRITERIA,
        "own_photography": True,
        **values,
    }
    image = services_outreach.image_upload(
        actor=user_for(Role.PROJECT_LEAD),
        content=content,
        file_name="foto.png",
        kind=kind,
        **fields,
    )
    if approved:
        image = services_outreach.image_approve(actor=user_for(Role.PROGRAMME_OFFICE), image=image)
    return image
