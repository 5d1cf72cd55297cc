"""API of the simulation app, with the permissions of the pages (simulation/permissions.py):

* scenarios/       — programme roles: the saved scenarios (GET), start one (POST; 202 with the queued
                     scenario, its job runs in the background; a refused input answers 400 naming the field);
* scenarios/{id}/  — a scenario with its inputs, outcomes, series per quarter, interaction matrix and Sobol
                     indices."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, routers, serializers, status, viewsets
from rest_framework.response import Response

from accounts.authorization import HasPermission
from catalogue.models import RawMaterial
from materials.models import SweetSpot
from regiekamer.api import request_actor
from roadmap.models import EffectGoal

from . import selectors, services
from .models import Comparison, Scenario, ScenarioRun


class RunSerializer(serializers.ModelSerializer):
    material = serializers.CharField(source="material.code")

    class Meta:
        model = ScenarioRun
        fields = ["material", "configuration", "summary", "series", "unmet_by_group"]


class ScenarioSerializer(serializers.ModelSerializer):
    materials = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=RawMaterial.objects.all(), help_text="Material codes."
    )
    comparison = serializers.ChoiceField(choices=Comparison.choices, default=Comparison.BOTH)
    interventions = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        default=list,
        help_text="Each {kind, start, duration, ...}: kinds export_restriction (country, depth), "
        "export_licence (country, delay in quarters), "
        "demand_surge (factor), new_capacity (country, amount), collection_rate (rate), "
        "scrap_export_limit (max_share), "
        "stockpile_release (size, rate), substitution (reduction, ramp), lifetime_extension (factor).",
    )
    sweet_spot = serializers.PrimaryKeyRelatedField(
        queryset=SweetSpot.objects.all(), required=False, allow_null=True
    )
    effect_goal = serializers.PrimaryKeyRelatedField(
        queryset=EffectGoal.objects.all(), required=False, allow_null=True
    )
    scrap_imports = serializers.FloatField(
        write_only=True,
        required=False,
        default=0.0,
        help_text="Scrap and secondary material imported per quarter, as a share of base demand (an "
        "assumption: no data set gives it; 0 by default). Saved in the inputs of each material.",
    )
    run_by = serializers.CharField(source="run_by.username", read_only=True)

    class Meta:
        model = Scenario
        fields = [
            "id",
            "title",
            "materials",
            "comparison",
            "interventions",
            "horizon",
            "seed",
            "sweep_size",
            "sweet_spot",
            "effect_goal",
            "scrap_imports",
            "status",
            "run_by",
            "created_at",
            "finished_at",
        ]
        read_only_fields = ["status", "created_at", "finished_at"]


class ScenarioDetailSerializer(ScenarioSerializer):
    runs = RunSerializer(many=True, read_only=True)

    class Meta(ScenarioSerializer.Meta):
        fields = [*ScenarioSerializer.Meta.fields, "inputs", "runs", "interactions", "sobol"]


class ScenarioViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Saved simulation scenarios; POST starts one (validated first, then run as a background job)."""

    serializer_class = ScenarioSerializer
    permission_classes = [HasPermission("simulation.view_scenarios", create="simulation.run_scenario")]
    queryset = Scenario.objects.none()  # for the schema generator

    def get_queryset(self):
        return selectors.scenario_list()

    @extend_schema(responses=ScenarioDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        scenario = self.get_object()
        return Response(ScenarioDetailSerializer(selectors.scenario_detail(scenario.pk)).data)

    @extend_schema(responses={202: ScenarioSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        scenario = services.scenario_start(
            actor=request_actor(request),
            title=data["title"],
            materials=list(data["materials"]),
            comparison=data.get("comparison", Comparison.BOTH),
            interventions=data.get("interventions") or [],
            horizon=data.get("horizon", 40),
            seed=data.get("seed", 0),
            sweep_size=data.get("sweep_size", 0),
            sweet_spot=data.get("sweet_spot"),
            effect_goal=data.get("effect_goal"),
            scrap_imports=data.get("scrap_imports", 0.0),
        )
        return Response(ScenarioSerializer(scenario).data, status=status.HTTP_202_ACCEPTED)


router = routers.DefaultRouter()
router.register("scenarios", ScenarioViewSet, basename="scenario")
urlpatterns = router.urls
