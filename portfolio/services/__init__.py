"""Every write of the portfolio, by use case. Each service starts by requiring its action
(portfolio/permissions.py), so the pages, the API, the demo loader and other apps share one set of rules; the
Leidraad gate rules are checked here too.

* ``projects``: starting and editing projects, a project's collaboration in the stakeholder register;
* ``gates``: criteria, artefacts, proposals and the steering meeting's decisions (the phase gates);
* ``impact``: impact sheets (browser and Excel template) and their links to the register;
* ``progress``: progress reports (the rules of their rows are ``portfolio.progress_rows``).

Callers keep writing ``from portfolio import services; services.project_create(...)``.
"""

from .gates import (
    STATUS_DECISION_KINDS,
    GateNotMet,
    artefact_add,
    criterion_confirm,
    missing_as_data,
    project_decide,
    project_decide_at_new_meeting,
    status_apply,
    transition_apply,
    transition_propose,
)
from .impact import (
    ACTOR_FIELDS,
    IMPACT_FIELDS,
    ImportRejected,
    impact_sheet_data,
    impact_sheet_import,
    impact_sheet_link_actors,
    impact_sheet_save,
    impact_sheets_link_actors,
    impact_sheets_relink,
)
from .progress import progress_report_create
from .projects import (
    PROJECT_EDIT_FIELDS,
    project_collaboration_join,
    project_create,
    project_update,
)

__all__ = [
    "ACTOR_FIELDS",
    "IMPACT_FIELDS",
    "PROJECT_EDIT_FIELDS",
    "STATUS_DECISION_KINDS",
    "GateNotMet",
    "ImportRejected",
    "artefact_add",
    "criterion_confirm",
    "impact_sheet_data",
    "impact_sheet_import",
    "impact_sheet_link_actors",
    "impact_sheet_save",
    "impact_sheets_link_actors",
    "impact_sheets_relink",
    "missing_as_data",
    "progress_report_create",
    "project_collaboration_join",
    "project_create",
    "project_decide",
    "project_decide_at_new_meeting",
    "project_update",
    "status_apply",
    "transition_apply",
    "transition_propose",
]
