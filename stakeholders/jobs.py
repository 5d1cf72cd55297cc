"""The stakeholder analysis's background jobs (registered in StakeholdersConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from jobs.registry import register_kind


def register() -> None:
    from .services.import_runner import IMPORT_JOB, run_import_job

    register_kind(IMPORT_JOB, label=_("Stakeholder import"), run=run_import_job)
