from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")
    nav_items = [
        NavItem(
            _("Lessons learned"),
            "knowledge:lessons",
            description=_(
                "The lessons of every project, by theme, function and phase (Team Kennisintegratie)."
            ),
        ),
        NavItem(
            _("Case descriptions"),
            "knowledge:cases",
            description=_("Drafts of the public case pages and their approval."),
        ),
        NavItem(
            _("Communication strategy"),
            "knowledge:strategy",
            description=_(
                "Target groups, key message and promise (Bijlage 5), beside the communication plan."
            ),
        ),
        NavItem(
            _("Image bank"),
            "knowledge:images",
            description=_("Carrying and supporting images with licence, permission and image criteria."),
        ),
        NavItem(
            _("Knowledge hub"),
            "knowledge:hub",
            description=_("Documents, sources and links per team and roadmap theme; mailing lists."),
        ),
        NavItem(
            _("Vision landscape"),
            "knowledge:landscape",
            description=_("The roadmap's actions in four layers by decision horizon (§3.3)."),
        ),
        NavItem(
            _("Case library (public)"),
            "knowledge:public-cases",
            description=_("The published cases, as anyone sees them without signing in."),
        ),
    ]

    def ready(self):
        from portfolio.extensions import GatePanel, register_gate_check, register_gate_panel

        from .gates import evaluation_names_lessons, lessons_panel

        register_gate_check("knowledge-evaluation-lessons", evaluation_names_lessons)
        register_gate_panel(GatePanel("knowledge-lessons", "knowledge/_gate_panel.html", lessons_panel))

        from programme.extensions import TeamPanel, register_team_panel
        from stakeholders.extensions import CommunicationPlanPanel, register_communication_plan_panel

        from .panels import communication_plan_panel, team_panel

        register_team_panel(TeamPanel("knowledge-hub", "knowledge/_team_panel.html", team_panel))
        register_communication_plan_panel(
            CommunicationPlanPanel(
                "knowledge-strategy", "knowledge/_plan_panel.html", communication_plan_panel
            )
        )
