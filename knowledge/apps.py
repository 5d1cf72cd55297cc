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
