from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    # No section in the main navigation (it would wrap at 1366 px): every page's header links "My jobs"
    # (regiekamer/templates/base.html), and "My jobs" links the overview for the programme office.

    def ready(self) -> None:
        from regiekamer.health import register_health_check

        from .services import worker_alive_check

        # /healthz: the job worker is alive (some worker reported within JOBS_LOST_AFTER_SECONDS).
        register_health_check("jobs", worker_alive_check)

        from django.utils.translation import gettext_lazy as _

        from . import exports
        from .registry import register_kind

        register_kind(exports.JOB_KIND, label=_("List export"), run=exports.run_export_job)
