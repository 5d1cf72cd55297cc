from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CategorisationDecision,
    Collaboration,
    CommunicationPlanEntry,
    FuzzyMatch,
    ImportBatch,
    Innovation,
    IssueAnalysis,
    Organisation,
    PeopleExportLog,
    Person,
    RiskEntry,
    Source,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kvk_number", "province", "org_type", "frontrunner_class"]
    list_filter = ["org_type", "frontrunner_class", "province"]
    search_fields = ["name", "kvk_number"]
    filter_horizontal = ["sbi_codes"]
    readonly_fields = ["version"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "order"]


@admin.register(PeopleExportLog)
class PeopleExportLogAdmin(admin.ModelAdmin):
    list_display = ["exported_at", "user", "rows", "query"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (
    Person,
    Innovation,
    CategorisationDecision,
    Collaboration,
    IssueAnalysis,
    CommunicationPlanEntry,
    RiskEntry,
    ImportBatch,
    FuzzyMatch,
):
    admin.site.register(model, SimpleHistoryAdmin)
