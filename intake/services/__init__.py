"""Every write on applications, by use case: drafts and their parties (drafts.py), submission and assessment
(assessment.py), the decision and the steps after it (decisions.py), and the hand-over to the portfolio
(hand_over.py); steps.py records a status change against the workflow definition. Each service starts by
requiring its action (intake/permissions.py) for a typed actor, so the views, the API and the demo share one
set of rules. Other modules import the public names from here."""

from .assessment import (
    advice_record,
    application_reject,
    application_start_assessment,
    application_submit,
    application_withdraw,
    criteria_assess,
)
from .decisions import STEPS_AFTER_APPROVAL, application_advance, decision_record
from .drafts import (
    APPLICATION_EDITABLE_FIELDS,
    MAX_UPLOAD_BYTES,
    PARTY_FIELDS,
    action_line_create,
    action_line_delete,
    application_create,
    application_update,
    application_upload_ambition,
    consortium_ensure,
    party_create,
    party_delete,
    party_update,
    signatory_create,
    signatory_delete,
)
from .hand_over import HANDOVER_STATUSES, application_hand_over

__all__ = [
    "APPLICATION_EDITABLE_FIELDS",
    "HANDOVER_STATUSES",
    "MAX_UPLOAD_BYTES",
    "PARTY_FIELDS",
    "STEPS_AFTER_APPROVAL",
    "action_line_create",
    "action_line_delete",
    "advice_record",
    "application_advance",
    "application_create",
    "application_hand_over",
    "application_reject",
    "application_start_assessment",
    "application_submit",
    "application_update",
    "application_upload_ambition",
    "application_withdraw",
    "consortium_ensure",
    "criteria_assess",
    "decision_record",
    "party_create",
    "party_delete",
    "party_update",
    "signatory_create",
    "signatory_delete",
]
