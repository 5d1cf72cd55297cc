from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    @property
    def nav_items(self) -> list[NavItem]:
        return [
            NavItem(
                _("Background jobs"),
                "jobs:overview",
                description=_("Every import, data load and report batch: running, done, failed or lost."),
            ),
        ]

    def ready(self) -> None:
        from regiekamer.health import register_health_check

        from .services import worker_alive_check

        # /healthz: the job worker is alive (some worker reported within JOBS_LOST_AFTER_SECONDS).
        register_health_check("jobs", worker_alive_check)
