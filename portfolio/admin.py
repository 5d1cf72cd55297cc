"""Admin: for the programme office to look things up. Phases and statuses change only through decisions
(services), so they are read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Artefact,
    CriterionCheck,
    PhaseTransition,
    Project,
    ProjectNumberSequence,
    TransitionProposal,
)


class CriterionCheckInline(admin.TabularInline):
    model = CriterionCheck
    extra = 0
    readonly_fields = [
        "criterion",
        "phase",
        "holds",
        "confirmed_by",
        "confirmed_at",
        "evidence_file",
        "evidence_link",
        "note",
    ]
    can_delete = False


class TransitionInline(admin.TabularInline):
    model = PhaseTransition
    extra = 0
    readonly_fields = [
        "kind",
        "from_phase",
        "to_phase",
        "from_status",
        "to_status",
        "reason",
        "decision",
        "applied_by",
        "applied_at",
    ]
    can_delete = False


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "team", "phase", "status", "due_date"]
    list_filter = ["phase", "status", "team"]
    search_fields = ["number", "title"]
    readonly_fields = [
        "number",
        "year",
        "sequence",
        "phase",
        "status",
        "status_reason",
        "version",
        "created_by",
        "created_at",
    ]
    filter_horizontal = ["clusters", "sbi_codes", "horizons"]
    inlines = [CriterionCheckInline, TransitionInline]


@admin.register(Artefact)
class ArtefactAdmin(SimpleHistoryAdmin):
    list_display = ["project", "type", "title", "dated", "signed"]
    list_filter = ["type"]


@admin.register(TransitionProposal)
class TransitionProposalAdmin(SimpleHistoryAdmin):
    list_display = ["project", "from_phase", "target", "status", "proposed_by", "proposed_at"]


admin.site.register(ProjectNumberSequence)
