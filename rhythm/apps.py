from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class RhythmConfig(AppConfig):
    name = "rhythm"
    verbose_name = _("My work")
    header_template = "rhythm/_header_inbox.html"  # regiekamer.navigation.header_templates
    nav_items = [
        NavItem(
            _("My work"), "rhythm:my-work", description=_("What waits for you: reports, approvals, meetings.")
        ),
        NavItem(_("Inbox"), "rhythm:inbox", description=_("Your notifications.")),
        NavItem(
            _("Overdue reports"),
            "rhythm:overdue",
            description=_("Progress reports that are late, per team and programme-wide."),
        ),
        NavItem(_("Reporting calendar"), "rhythm:calendar", description=_("Every running project's cycle.")),
        NavItem(
            _("Notification settings"), "rhythm:preferences", description=_("E-mail, inbox only or off.")
        ),
    ]

    def ready(self) -> None:
        from jobs.registry import register_kind
        from jobs.schedule import register_periodic

        from . import services, signals
        from .jobs import run_tick

        register_kind("rhythm.tick", label=services.TICK_LABEL, run=run_tick)
        register_periodic(
            "rhythm.tick",
            every=timedelta(minutes=getattr(settings, "RHYTHM_TICK_MINUTES", 15)),
            start=services.tick_start_scheduled,
        )
        signals.connect()
