"""Every write of the stakeholder analysis, by use case: the register (register.py), its categorisation
(categorisation.py), the engagement with key stakeholders (engagement.py), bulk imports (imports.py) and the
background runner of an import (import_runner.py). Each service starts by requiring its action
(stakeholders/permissions.py) for a typed actor; other apps import the public names from here."""

from .categorisation import (
    INNOVATION_FIELDS_CIRCULARITY,
    INNOVATION_FIELDS_INNOVATION,
    REASON_TEXT,
    collaboration_join,
    coverage_check_record,
    frontrunner_evaluate,
    frontrunner_override,
    frontrunner_recompute,
    innovation_categorise,
    reason_text,
    relevance_set,
    sector_confirm,
    sector_propose,
    team_relevance_set,
)
from .coverage import coverage_rebuild, coverage_refresh
from .engagement import communication_entry_create, issue_analysis_save, mendelow_place, risk_save
from .import_runner import (
    IMPORT_JOB,
    ImportNotStarted,
    ImportProgress,
    import_batch_execute,
    import_batch_is_stale,
    import_batch_job,
    import_batch_progress,
    import_batch_work,
)
from .imports import (
    PHASE_CHECK,
    PHASE_SAVE,
    PREVIEW_ROWS,
    fuzzy_match_resolve,
    import_batch_run,
    import_batch_start,
    import_batch_table,
)
from .register import (
    innovation_create,
    organisation_create,
    organisation_update,
    people_export_log,
    person_create,
    sources_ensure,
)

__all__ = [
    "coverage_rebuild",
    "coverage_refresh",
    "IMPORT_JOB",
    "INNOVATION_FIELDS_CIRCULARITY",
    "INNOVATION_FIELDS_INNOVATION",
    "PHASE_CHECK",
    "PREVIEW_ROWS",
    "PHASE_SAVE",
    "REASON_TEXT",
    "ImportNotStarted",
    "ImportProgress",
    "collaboration_join",
    "communication_entry_create",
    "coverage_check_record",
    "frontrunner_evaluate",
    "frontrunner_override",
    "frontrunner_recompute",
    "fuzzy_match_resolve",
    "import_batch_job",
    "import_batch_execute",
    "import_batch_is_stale",
    "import_batch_progress",
    "import_batch_run",
    "import_batch_start",
    "import_batch_table",
    "import_batch_work",
    "innovation_categorise",
    "innovation_create",
    "issue_analysis_save",
    "mendelow_place",
    "organisation_create",
    "organisation_update",
    "people_export_log",
    "person_create",
    "reason_text",
    "relevance_set",
    "risk_save",
    "sector_confirm",
    "sector_propose",
    "sources_ensure",
    "team_relevance_set",
]
