from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Decision,
    EuBarrier,
    Person,
    RoleAssignment,
    SteeringMeeting,
    Team,
    TeamTask,
    ZichtlijnEntry,
)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["person"]


class TaskInline(admin.TabularInline):
    model = TeamTask
    extra = 0


class ZichtlijnInline(admin.TabularInline):
    model = ZichtlijnEntry
    extra = 0


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "pillar", "level", "project_type", "lead", "linking_pin"]
    inlines = [TaskInline, RoleInline, ZichtlijnInline]
    filter_horizontal = ["meeting_members"]
    readonly_fields = ["version"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "user"]
    search_fields = ["name", "organisation"]
    readonly_fields = ["version"]


class DecisionInline(admin.TabularInline):
    """Decisions are recorded through the application (services); the admin only shows them."""

    model = Decision
    extra = 0
    can_delete = False
    fields = ["sequence", "kind", "text", "supersedes", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SteeringMeeting)
class SteeringMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["team", "date", "status"]
    list_filter = ["team", "status"]
    inlines = [DecisionInline]
    readonly_fields = ["version", "status", "closed_at", "closed_by"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EuBarrier)
class EuBarrierAdmin(SimpleHistoryAdmin):
    list_display = ["title", "innovation_function", "team", "cluster", "agenda_date", "forum"]
    list_filter = ["innovation_function", "team", "cluster"]
    search_fields = ["title", "description", "forum"]
    readonly_fields = ["version", "created_by"]
