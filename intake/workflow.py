"""The workflow of an application (seed 2 Bijlage 2; issue 8): which status may follow which.

draft → submitted → in assessment → advised (Transitieagenda) → approved (Stuurgroep) → tender prepared →
running → closed; rejected and withdrawn from any status that is not final. Pure Python: no Django.
"""

DRAFT = "draft"
SUBMITTED = "submitted"
IN_ASSESSMENT = "in_assessment"
ADVISED = "advised"
APPROVED = "approved"
TENDER_PREPARED = "tender_prepared"
RUNNING = "running"
CLOSED = "closed"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

FINAL = frozenset({CLOSED, REJECTED, WITHDRAWN})
_FORWARD = {
    DRAFT: {SUBMITTED},
    SUBMITTED: {IN_ASSESSMENT},
    IN_ASSESSMENT: {ADVISED},
    ADVISED: {ADVISED, APPROVED},  # a new advice supersedes the previous one
    APPROVED: {TENDER_PREPARED},
    TENDER_PREPARED: {RUNNING},
    RUNNING: {CLOSED},
}
# Statuses in which a (superseding) Stuurgroep decision may be recorded: after the advice, or to supersede a
# decision before the tender is prepared.
DECIDABLE = frozenset({ADVISED, APPROVED, REJECTED})
# Statuses in which assessors work on the application (checklist, advice).
UNDER_ASSESSMENT = frozenset({IN_ASSESSMENT, ADVISED})


def allowed_next(status: str) -> frozenset[str]:
    """Every status that may follow `status`."""
    if status in FINAL:
        return frozenset()
    following = set(_FORWARD.get(status, set()))
    following.add(WITHDRAWN)
    if status != DRAFT:  # a draft is withdrawn by its consortium, not rejected
        following.add(REJECTED)
    return frozenset(following)


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in allowed_next(from_status)
