from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")
    nav_items = [
        NavItem(
            _("Project portfolio"),
            "portfolio:list",
            description=_("Projects per team and programme-wide, with the Leidraad phase gates."),
        ),
        NavItem(
            _("Report batches"),
            "portfolio:report-batches",
            description=_(
                "Every current impact sheet or progress report of a selection as PDFs in one ZIP file."
            ),
        ),
    ]

    def ready(self):
        from programme.extensions import register_agenda_subjects
        from stakeholders.extensions import OrganisationPanel, register_organisation_panel
        from stakeholders.signals import register_changed

        from .agenda import ProjectAgenda
        from .selectors import organisation_panel

        register_changed.connect(_relink_actors, dispatch_uid="portfolio-relink-actors")
        register_organisation_panel(
            OrganisationPanel("portfolio", "portfolio/_organisation_panel.html", organisation_panel)
        )
        register_agenda_subjects(ProjectAgenda())

        from .jobs import register as register_jobs

        register_jobs()  # report batches as background jobs (jobs app)

        from .signals import connect

        connect()  # each project's latest report and current sheet, kept (portfolio.kept)


def _relink_actors(sender, *, names=(), organisation_ids=(), **kwargs):
    """The register changed: the system re-links the impact sheets that name the changed organisations."""
    from accounts.authorization import system_actor

    from .services import impact_sheets_relink

    impact_sheets_relink(actor=system_actor(), names=names, organisation_ids=organisation_ids)
