from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Advice, Application, Consortium, CriterionAssessment, Decision, Party, StatusEvent


@admin.register(Consortium)
class ConsortiumAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    filter_horizontal = ["members"]
    search_fields = ["name"]


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    """Read-mostly: the workflow runs through the services (pages and API), never through the admin."""

    list_display = ["title", "consortium", "product_group", "status", "submitted_at"]
    list_filter = ["status", "transition_agenda"]
    search_fields = ["title", "consortium__name"]
    readonly_fields = ["status", "submitted_at", "version", "created_by", "portfolio_project"]
    inlines = [PartyInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records: visible, never editable or deletable here."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register([StatusEvent, Advice, Decision, CriterionAssessment], ReadOnlyAdmin)
