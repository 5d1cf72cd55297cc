from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ChangeStrategy,
    EffectGoal,
    Indicator,
    MeasuredValue,
    ReportingPeriod,
    RoadmapRow,
    SteeringPrinciple,
    Target,
)


class EffectGoalInline(admin.TabularInline):
    model = EffectGoal
    extra = 0


@admin.register(RoadmapRow)
class RoadmapRowAdmin(SimpleHistoryAdmin):
    list_display = ["horizon", "granularity_text", "activities"]
    inlines = [EffectGoalInline]


@admin.register(ChangeStrategy)
class ChangeStrategyAdmin(SimpleHistoryAdmin):
    list_display = ["horizon", "pillar", "title"]


@admin.register(SteeringPrinciple)
class SteeringPrincipleAdmin(SimpleHistoryAdmin):
    list_display = ["number", "text"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    readonly_fields = ["version"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "horizon", "dimension", "unit", "owner", "reviewer"]
    list_filter = ["kind", "horizon"]
    inlines = [TargetInline]
    readonly_fields = ["version", "baseline", "baseline_date"]  # changed with a reason through the app


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["label", "start", "end", "locked"]
    readonly_fields = ["version", "locked", "locked_at", "locked_by"]


@admin.register(MeasuredValue)
class MeasuredValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "date", "value", "unit", "status"]
    list_filter = ["status", "indicator"]

    # Values are entered and reviewed in the app (services), which keeps what counts (IndicatorDay) with them;
    # an approved value is evidence and is never changed or deleted.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
