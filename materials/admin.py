from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from materials.models import (
    ClusterInnovationScore,
    IndicatorValue,
    MaterialDataRelease,
    MaterialProfile,
    ProducerShare,
    SweetSpot,
)


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


class ProducerShareInline(admin.TabularInline):
    model = ProducerShare
    extra = 0


@admin.register(MaterialDataRelease)
class MaterialDataReleaseAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "is_sample", "is_current", "loaded_at", "loaded_by")
    readonly_fields = ("loaded_at", "loaded_by")


@admin.register(MaterialProfile)
class MaterialProfileAdmin(SimpleHistoryAdmin):
    list_display = ("material", "release")
    list_filter = ("release",)
    list_select_related = ("material", "release")
    inlines = [IndicatorValueInline, ProducerShareInline]


@admin.register(ClusterInnovationScore)
class ClusterInnovationScoreAdmin(SimpleHistoryAdmin):
    list_display = ("cluster", "function", "level", "source")
    list_filter = ("cluster",)
    list_editable = ("level",)


@admin.register(SweetSpot)
class SweetSpotAdmin(SimpleHistoryAdmin):
    list_display = ("sbi", "team", "r_band", "score", "adopted_by", "adopted_at")
    readonly_fields = ("adopted_at",)
