"""Separation of duties in the assessment of an application (seed 2 Bijlage 2; issue 14).

The Versnellingshuis assesses the seven criteria, the transition agenda advises, the Stuurgroep decides (a
rejection is a decision too). Three steps, three people: whoever performed one of these steps on an
application performs neither of the other two on it. Recording the same step again (a corrected advice, a
superseding decision) stays with whoever may do that step. And a member of the consortium that applied
takes none of the three steps on its application, whatever roles they hold (conflict of interest). This
module is the one statement of the rule: the services enforce it before they write
(intake/services/steps.py), the application page uses it to say why a step is not offered. Pure Python:
the caller says which steps the person has performed (intake.selectors.steps_done_by)."""

from __future__ import annotations

from collections.abc import Iterable

from regiekamer.texts import Message, gettext_noop

CRITERIA = "criteria"
ADVICE = "advice"
DECISION = "decision"
STEPS: tuple[str, ...] = (CRITERIA, ADVICE, DECISION)
# Not a step: the person is a member of the consortium that applied (intake.selectors.steps_done_by says so).
APPLIED = "applied"

# Each step as it reads in the middle of a sentence.
STEP_NAMES: dict[str, Message] = {
    CRITERIA: Message(gettext_noop("the assessment of the seven criteria")),
    ADVICE: Message(gettext_noop("the transition agenda's advice")),
    DECISION: Message(gettext_noop("the steering group's decision")),
}


def conflict(step: str, done: Iterable[str]) -> Message | None:
    """Why a person who performed the steps `done` on an application (APPLIED among them: they are on the
    applying consortium) may not perform `step` on it (a message naming the reason), or None when they may."""
    if step not in STEPS:
        raise ValueError(f"unknown assessment step {step!r}")
    performed = set(done)
    if APPLIED in performed:
        return Message(
            gettext_noop(
                "You are a member of the consortium that applied; %(step)s is recorded by someone else "
                "(conflict of interest)."
            ),
            step=STEP_NAMES[step],
        )
    for other in STEPS:
        if other != step and other in performed:
            return Message(
                gettext_noop(
                    "You recorded %(done)s on this application; %(step)s is recorded by someone else "
                    "(separation of duties)."
                ),
                done=STEP_NAMES[other],
                step=STEP_NAMES[step],
            )
    return None
