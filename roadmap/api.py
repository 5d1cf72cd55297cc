"""REST API of the goal system, with the permissions of the pages: everything readable by every signed-in user
(draft values only by the programme roles); the owner enters values, the reviewer approves them, the programme
office changes targets (with a reason) and reporting periods."""

from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from catalogue.models import ProductCluster
from programme.models import Team

from . import selectors, services
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


class ChangeStrategySerializer(serializers.ModelSerializer):
    pillar = serializers.SlugRelatedField(slug_field="code", read_only=True)
    horizon = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ChangeStrategy
        fields = ["id", "pillar", "horizon", "title", "aim", "source_section"]


class RoadmapEffectGoalSerializer(serializers.ModelSerializer):
    dimension = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = EffectGoal
        fields = ["dimension", "text", "data_availability"]


class RoadmapRowSerializer(serializers.ModelSerializer):
    horizon = serializers.SlugRelatedField(slug_field="code", read_only=True)
    effect_goals = RoadmapEffectGoalSerializer(many=True, read_only=True)

    class Meta:
        model = RoadmapRow
        fields = [
            "horizon",
            "granularity_text",
            "activities",
            "performance_goals",
            "change_strategy_text",
            "effect_goals",
            "source_section",
        ]


class SteeringPrincipleSerializer(serializers.ModelSerializer):
    horizons = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = SteeringPrinciple
        fields = ["number", "text", "horizons", "source_section"]


class RoadmapTargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    cluster = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCluster.objects.all(), allow_null=True, required=False
    )
    team = serializers.SlugRelatedField(
        slug_field="code", queryset=Team.objects.all(), allow_null=True, required=False
    )
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "value",
            "by_date",
            "scope",
            "cluster",
            "team",
            "description",
            "source_section",
            "reason",
            "version",
        ]


class RoadmapIndicatorSerializer(serializers.ModelSerializer):
    horizon = serializers.SlugRelatedField(slug_field="code", read_only=True)
    dimension = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner = serializers.StringRelatedField()
    reviewer = serializers.StringRelatedField()
    targets = RoadmapTargetSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "kind",
            "unit",
            "horizon",
            "dimension",
            "direction",
            "source",
            "owner",
            "reviewer",
            "across_aggregation",
            "time_aggregation",
            "baseline",
            "baseline_date",
            "tolerance_pct",
            "targets",
            "progress",
            "source_section",
            "version",
        ]

    def get_progress(self, indicator) -> dict:
        result = self.context["progress"][indicator.pk]
        return {
            "current": result.current,
            "pct_of_target": result.pct_of_target,
            "expected_pct": result.expected_pct,
            "trend": result.trend,
            "status": result.status,
        }


class RoadmapMeasuredValueSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    team = serializers.SlugRelatedField(
        slug_field="code", queryset=Team.objects.all(), allow_null=True, required=False
    )
    cluster = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCluster.objects.all(), allow_null=True, required=False
    )
    entered_by = serializers.StringRelatedField(read_only=True)
    reviewed_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = MeasuredValue
        fields = [
            "id",
            "indicator",
            "value",
            "unit",
            "date",
            "team",
            "cluster",
            "source",
            "note",
            "status",
            "entered_by",
            "entered_at",
            "reviewed_by",
            "reviewed_at",
            "version",
        ]
        read_only_fields = ["status", "entered_at", "reviewed_at", "version"]


class ReportingPeriodSerializer(serializers.ModelSerializer):
    locked_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "label", "start", "end", "locked", "locked_at", "locked_by"]
        read_only_fields = ["locked", "locked_at"]


class ChangeStrategyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ChangeStrategySerializer
    queryset = ChangeStrategy.objects.select_related("pillar", "horizon")


class RoadmapRowViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoadmapRowSerializer
    queryset = RoadmapRow.objects.select_related("horizon").prefetch_related("effect_goals__dimension")


class PrincipleViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SteeringPrincipleSerializer
    queryset = SteeringPrinciple.objects.prefetch_related("horizons")


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoadmapIndicatorSerializer
    lookup_field = "code"
    queryset = Indicator.objects.select_related("horizon", "dimension", "owner", "reviewer").prefetch_related(
        "targets__cluster", "targets__team", "targets__indicator"
    )
    filterset_fields = ["kind", "horizon__code", "dimension__code"]

    def _with_progress(self, indicators):
        context = self.get_serializer_context()
        context["progress"] = selectors.progress_by_indicator(indicators)
        return context

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        serializer = self.get_serializer_class()(page, many=True, context=self._with_progress(page))
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        indicator = self.get_object()
        return Response(self.get_serializer_class()(indicator, context=self._with_progress([indicator])).data)


class TargetViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Targets: the programme office creates them and changes them with a `reason` (and `version`)."""

    serializer_class = RoadmapTargetSerializer
    queryset = Target.objects.select_related("indicator", "cluster", "team")
    filterset_fields = ["indicator__code", "scope"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("reason", None)
        data.pop("version", None)
        serializer.instance = services.target_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        target = serializer.instance
        data = serializer.validated_data
        if "version" not in data:
            raise ValidationError({"version": [_("Send the version you edited.")]})
        services.target_update(
            target=target,
            expected_version=data["version"],
            actor=self.request.user,
            value=data.get("value", target.value),
            by_date=data.get("by_date", target.by_date),
            reason=data.get("reason", ""),
        )


class MeasuredValueViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Measured values: the owner enters (draft), the reviewer approves or rejects (`review`)."""

    serializer_class = RoadmapMeasuredValueSerializer
    filterset_fields = ["indicator__code", "status"]

    def get_queryset(self):
        values = MeasuredValue.objects.select_related(
            "indicator", "team", "cluster", "entered_by", "reviewed_by"
        )
        if not selectors.user_sees_drafts(self.request.user):
            values = values.filter(status=MeasuredValue.Status.APPROVED)
        return values

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.measured_value_enter(
            actor=self.request.user,
            value=data.pop("value"),
            unit=data.pop("unit"),
            date=data.pop("date"),
            source=data.pop("source"),
            indicator=data.pop("indicator"),
            **data,
        )

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        value = self.get_object()
        decision = request.data.get("decision")
        if decision not in ("approve", "reject"):
            raise ValidationError({"decision": [_("Send 'approve' or 'reject'.")]})
        services.measured_value_review(
            measured_value=value,
            actor=request.user,
            approve=decision == "approve",
        )
        return Response(self.get_serializer(value).data)


class PeriodViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportingPeriodSerializer
    queryset = ReportingPeriod.objects.select_related("locked_by")

    def perform_create(self, serializer):
        serializer.instance = services.reporting_period_create(
            actor=self.request.user, **serializer.validated_data
        )

    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        period = services.reporting_period_lock(period=self.get_object(), actor=request.user)
        return Response(self.get_serializer(period).data)


router = DefaultRouter()
router.register("change-strategies", ChangeStrategyViewSet, basename="change-strategy")
router.register("roadmap-rows", RoadmapRowViewSet, basename="roadmap-row")
router.register("principles", PrincipleViewSet, basename="principle")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("targets", TargetViewSet, basename="target")
router.register("values", MeasuredValueViewSet, basename="value")
router.register("periods", PeriodViewSet, basename="period")
urlpatterns = router.urls
