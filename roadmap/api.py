"""REST API of the goal system, with the permissions of the pages (roadmap/permissions.py): everything
readable by every signed-in user (draft values only by the programme roles); the owner enters values, the
reviewer approves them, the programme office changes targets (with a reason) and reporting periods. Writes go
through the services, whose errors the shared exception handler answers (400 naming the field, 403, 409 on a
stale version)."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from accounts.authorization import HasPermission, can
from catalogue.models import ProductCluster
from programme.models import Team
from regiekamer.api import VersionField, expected_version, request_actor

from . import selectors, services
from .models import (
    ChangeStrategy,
    EffectGoal,
    Indicator,
    Means,
    MeasuredValue,
    MeasuredValueQuerySet,
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
    # Required on create (null: a goal that only states a direction); a missing value is a 400 naming it.
    value = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)
    version = VersionField(required=False)

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


READ = "roadmap.view_roadmap"


class MeansSerializer(serializers.ModelSerializer):
    """Means (middelen) per horizon and team (§3.1.1, §4.3), with the steering-meeting parties that mobilise
    them; `amount` only for money (null while not known)."""

    horizon = serializers.SlugRelatedField(slug_field="code", read_only=True)
    team = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    mobilised_by = serializers.SerializerMethodField()

    class Meta:
        model = Means
        fields = [
            "id",
            "horizon",
            "team",
            "kind",
            "kind_label",
            "description",
            "amount",
            "mobilised_by",
            "version",
        ]

    def get_mobilised_by(self, means: Means) -> list[str]:
        return [str(entry) for entry in means.mobilised_by.all()]


class MeansViewSet(viewsets.ReadOnlyModelViewSet):
    """The roadmap's means, read-only (the programme office edits them on the page, audited)."""

    serializer_class = MeansSerializer
    permission_classes = [HasPermission(READ)]
    queryset = selectors.means_list().order_by("horizon__months", "team__order", "pk")
    filterset_fields = ["kind", "horizon__code", "team__code"]


class ChangeStrategyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ChangeStrategySerializer
    permission_classes = [HasPermission(READ)]
    queryset = ChangeStrategy.objects.select_related("pillar", "horizon")


class RoadmapRowViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoadmapRowSerializer
    permission_classes = [HasPermission(READ)]
    queryset = RoadmapRow.objects.select_related("horizon").prefetch_related("effect_goals__dimension")


class PrincipleViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SteeringPrincipleSerializer
    permission_classes = [HasPermission(READ)]
    queryset = SteeringPrinciple.objects.prefetch_related("horizons")


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoadmapIndicatorSerializer
    permission_classes = [HasPermission(READ)]
    lookup_field = "code"
    queryset = Indicator.objects.select_related("horizon", "dimension", "owner", "reviewer").prefetch_related(
        "targets__cluster", "targets__team", "targets__indicator"
    )
    filterset_fields = ["kind", "horizon__code", "dimension__code"]

    def _with_progress(self, indicators: list[Indicator]) -> dict[str, Any]:
        return {**self.get_serializer_context(), "progress": selectors.progress_by_indicator(indicators)}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        serializer = self.get_serializer_class()(page, many=True, context=self._with_progress(page))
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = self.get_object()
        return Response(self.get_serializer_class()(indicator, context=self._with_progress([indicator])).data)


class TargetViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Targets: the programme office creates them and changes them with a `reason` (and `version`)."""

    serializer_class = RoadmapTargetSerializer
    permission_classes = [
        HasPermission(
            READ,
            create="roadmap.edit_targets",
            update="roadmap.edit_targets",
            partial_update="roadmap.edit_targets",
        )
    ]
    queryset = Target.objects.select_related("indicator", "cluster", "team")
    filterset_fields = ["indicator__code", "scope"]

    def perform_create(self, serializer: serializers.BaseSerializer[Target]) -> None:
        data = dict(serializer.validated_data)
        data.pop("reason", None)
        data.pop("version", None)
        serializer.instance = services.target_create(actor=request_actor(self.request), **data)

    def perform_update(self, serializer: serializers.BaseSerializer[Target]) -> None:
        target = serializer.instance
        assert target is not None  # an update has its object
        data = serializer.validated_data
        services.target_update(
            target=target,
            expected_version=expected_version(data),
            actor=request_actor(self.request),
            value=data.get("value", target.value),
            by_date=data.get("by_date", target.by_date),
            reason=data.get("reason", ""),
        )


class MeasuredValueViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Measured values: the owner enters (draft), the reviewer approves or rejects (`review`)."""

    serializer_class = RoadmapMeasuredValueSerializer
    # Entering is checked against the indicator by the service; reviewing against the value itself.
    permission_classes = [
        HasPermission("roadmap.view_value", create="roadmap.enter_values", review="roadmap.review_value")
    ]
    filterset_fields = ["indicator__code", "status"]

    def get_queryset(self) -> MeasuredValueQuerySet:
        return selectors.value_list(drafts=can(self.request.user, "roadmap.view_drafts"))

    def perform_create(self, serializer: serializers.BaseSerializer[MeasuredValue]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.measured_value_enter(
            actor=request_actor(self.request),
            value=data.pop("value"),
            unit=data.pop("unit"),
            date=data.pop("date"),
            source=data.pop("source"),
            indicator=data.pop("indicator"),
            **data,
        )

    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        value = self.get_object()
        decision = request.data.get("decision") if isinstance(request.data, dict) else None
        if decision not in ("approve", "reject"):
            raise ValidationError({"decision": [_("Send 'approve' or 'reject'.")]})
        services.measured_value_review(
            measured_value=value,
            actor=request_actor(request),
            approve=decision == "approve",
        )
        return Response(self.get_serializer(value).data)


class PeriodViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reporting periods: the programme office adds them and locks them (`lock`)."""

    serializer_class = ReportingPeriodSerializer
    permission_classes = [HasPermission(READ, create="roadmap.manage_periods", lock="roadmap.manage_periods")]
    queryset = ReportingPeriod.objects.select_related("locked_by")

    def perform_create(self, serializer: serializers.BaseSerializer[ReportingPeriod]) -> None:
        serializer.instance = services.reporting_period_create(
            actor=request_actor(self.request), **serializer.validated_data
        )

    @action(detail=True, methods=["post"])
    def lock(self, request: Request, pk: str | None = None) -> Response:
        period = services.reporting_period_lock(period=self.get_object(), actor=request_actor(request))
        return Response(self.get_serializer(period).data)


router = DefaultRouter()
router.register("change-strategies", ChangeStrategyViewSet, basename="change-strategy")
router.register("roadmap-rows", RoadmapRowViewSet, basename="roadmap-row")
router.register("principles", PrincipleViewSet, basename="principle")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("targets", TargetViewSet, basename="target")
router.register("values", MeasuredValueViewSet, basename="value")
router.register("periods", PeriodViewSet, basename="period")
router.register("means", MeansViewSet, basename="means")
urlpatterns = router.urls
