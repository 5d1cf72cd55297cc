"""REST API of the stakeholder analysis, with the permissions of the pages (stakeholders/permissions.py):
organisations, innovations, sources and the coverage report for the programme roles and readers; people,
issue analyses and risks for the programme roles only; writes for the programme office, the Regieteam and
team leads. Writes go through the services, whose errors the shared exception handler answers (400 naming
the field, 403, 409 on a stale version)."""

from typing import Any, cast
from urllib.parse import urlencode

from django.urls import path, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from accounts.authorization import HasPermission
from catalogue.models import Province, SbiCode
from regiekamer.api import expected_version, request_actor
from regiekamer.pagination import Counted

from . import cycle_selectors, selectors, services
from .models import (
    AnalysisRound,
    Innovation,
    IssueAnalysis,
    Organisation,
    Person,
    RiskEntry,
    RoundPhase,
    Source,
)

EDIT_REGISTER = "stakeholders.edit_register"


class OrganisationSerializer(serializers.ModelSerializer):
    sbi_codes = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=SbiCode.objects.all(), required=False
    )
    province = serializers.SlugRelatedField(
        slug_field="code", queryset=Province.objects.all(), required=False, allow_null=True
    )
    sources = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "kvk_number",
            "name",
            "org_type",
            "sbi_codes",
            "province",
            "size_class",
            "establishments",
            "website",
            "chain_position",
            "sector",
            "sector_confirmed",
            "relevance_role",
            "frontrunner_class",
            "frontrunner_reason",
            "frontrunner_overridden",
            "sources",
            "version",
        ]
        read_only_fields = [
            "sector",
            "sector_confirmed",
            "relevance_role",
            "frontrunner_class",
            "frontrunner_reason",
            "frontrunner_overridden",
            "version",
        ]

    def get_sources(self, obj) -> list[str]:
        return [link.source.code for link in obj.source_links.all()]


REGISTER_FILTERS = [
    OpenApiParameter(name, str, OpenApiParameter.QUERY, required=False, description=description)
    for name, description in (
        ("q", "Words in the name, or the KvK number."),
        ("sbi", "SBI code or its start (29 takes 29.1 and 2910)."),
        ("province", "Province code."),
        ("cluster", "Product cluster code."),
        ("frontrunner_class", "Frontrunner class code; none: not classified."),
        ("source", "Source code."),
        ("team", "Team code (team relevance)."),
        ("pillar", "Pillar code (team relevance)."),
        ("horizon", "Horizon code (team relevance)."),
        ("org_type", "Organisation type code."),
        ("sector", "Sector code."),
    )
]


@extend_schema_view(list=extend_schema(parameters=REGISTER_FILTERS))
class OrganisationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The register; filter with the register's parameters (sbi, province, cluster, frontrunner_class, source,
    pillar, horizon, org_type, sector, q). Updates carry the `version` they read."""

    serializer_class = OrganisationSerializer
    permission_classes = [
        HasPermission(
            "stakeholders.view_register",
            create=EDIT_REGISTER,
            update=EDIT_REGISTER,
            partial_update=EDIT_REGISTER,
        )
    ]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.organisation_list(filters=self.request.query_params.dict())

    def perform_create(self, serializer):
        serializer.instance = services.organisation_create(
            actor=request_actor(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.organisation_update(
            organisation=serializer.instance,
            expected_version=expected_version(cast(dict[str, Any], self.request.data)),
            actor=request_actor(self.request),
            **serializer.validated_data,
        )


class InnovationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Innovation
        fields = [
            "id",
            "organisation",
            "title",
            "description",
            "in_manufacturing",
            "circular_aims",
            "material_saving_kg",
            "waste_reduction_kg",
            "adverse_side_effects",
            "is_waste_processing",
            "lansink_step",
            "energy_investment_only",
            "reference_technique",
            "beyond_common_practice",
            "beyond_legal_duty",
            "circular_design",
            "as_a_service",
            "innovation_subsidy",
            "other_dutch_adopters",
            "version",
        ]


class InnovationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InnovationSerializer
    permission_classes = [HasPermission("stakeholders.view_register")]
    queryset = Innovation.objects.order_by("pk")
    filterset_fields = ["organisation"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["code", "name", "source_section"]


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SourceSerializer
    permission_classes = [HasPermission("stakeholders.view_register")]
    queryset = Source.objects.all()
    lookup_field = "code"


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "position", "organisation", "change_agent_type", "email", "phone", "version"]


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    permission_classes = [HasPermission("stakeholders.view_people")]
    queryset = Person.objects.order_by("name", "pk")
    filterset_fields = ["organisation", "change_agent_type"]


class IssueAnalysisSerializer(serializers.ModelSerializer):
    quadrant = serializers.CharField(read_only=True)

    class Meta:
        model = IssueAnalysis
        fields = [
            "id",
            "organisation",
            "person",
            "role_towards_ce",
            "influence",
            "interest",
            "interest_negative",
            "conditions",
            "concerns",
            "gains",
            "losses",
            "quadrant",
            "version",
        ]
        read_only_fields = ["version"]


class IssueAnalysisViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Issue analyses; `quadrant` is the Mendelow communication type from influence and interest."""

    serializer_class = IssueAnalysisSerializer
    permission_classes = [
        HasPermission("stakeholders.view_engagement", create="stakeholders.edit_engagement")
    ]
    queryset = IssueAnalysis.objects.select_related("organisation").order_by("pk")
    filterset_fields = ["organisation", "influence", "interest"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.issue_analysis_save(
            organisation=data.pop("organisation"), actor=request_actor(self.request), **data
        )


class RiskSerializer(serializers.ModelSerializer):
    gap = serializers.IntegerField(read_only=True)

    class Meta:
        model = RiskEntry
        fields = [
            "id",
            "organisation",
            "person",
            "current_engagement",
            "desired_engagement",
            "gap",
            "priority",
            "actions",
            "action_holder",
            "version",
        ]
        read_only_fields = ["version"]


class RoundPhaseSerializer(serializers.ModelSerializer):
    phase_label = serializers.CharField(source="get_phase_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    done_by = serializers.StringRelatedField()

    class Meta:
        model = RoundPhase
        fields = [
            "phase",
            "phase_label",
            "status",
            "status_label",
            "notes",
            "deliverables",
            "done_by",
            "done_at",
        ]


class AnalysisRoundSerializer(serializers.ModelSerializer):
    """A round of the stakeholder analysis (§3.2.2, Bijlage 4) with its five phases and what each produced."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    started_by = serializers.StringRelatedField()
    completed_by = serializers.StringRelatedField()
    phases = RoundPhaseSerializer(many=True, read_only=True)

    class Meta:
        model = AnalysisRound
        fields = ["number", "title", "status", "status_label", "started_at", "started_by"]
        fields += ["completed_at", "completed_by", "phases"]


class AnalysisRoundViewSet(viewsets.ReadOnlyModelViewSet):
    """The rounds of the analysis cycle, newest first, read-only (started and moved on on the pages)."""

    serializer_class = AnalysisRoundSerializer
    permission_classes = [HasPermission("stakeholders.view_cycle")]
    queryset = cycle_selectors.rounds().order_by("-number")
    lookup_field = "number"


class RiskViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RiskSerializer
    permission_classes = [
        HasPermission("stakeholders.view_engagement", create="stakeholders.edit_engagement")
    ]
    queryset = RiskEntry.objects.order_by("pk")
    filterset_fields = ["organisation", "priority"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.risk_save(
            organisation=data.pop("organisation"), actor=request_actor(self.request), **data
        )


class CoverageView(APIView):
    """Categorisation 7: per other source, how many qualifying organisations the slimme tool misses, counted
    by the database; the misses themselves are at `missed_url` (coverage/misses/), a page at a time."""

    permission_classes = [HasPermission("stakeholders.view_register")]

    @extend_schema(
        responses=inline_serializer(
            "CoverageReport",
            {
                "per_source": serializers.ListField(child=serializers.DictField()),
                "total": serializers.DictField(),
            },
        )
    )
    def get(self, request):
        rows, total = selectors.coverage_summary()
        misses = reverse("stakeholders-api:coverage-misses")

        def row(item):
            query = f"?{urlencode({'source': item.code})}" if item.code else ""
            return {
                "source": item.code,
                "found": item.found,
                "qualifying": item.qualifying,
                "covered": item.covered,
                "coverage": item.coverage,
                "missed": item.missed,
                "missed_url": request.build_absolute_uri(misses + query),
            }

        return Response({"per_source": [row(i) for i in rows], "total": row(total)})


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter(
                "source",
                str,
                OpenApiParameter.QUERY,
                required=False,
                description="A source's code: only the organisations it found (default: every other source).",
            )
        ]
    )
)
class CoverageMissesView(generics.ListAPIView):
    """The drill-down of the coverage report: the qualifying organisations another source found and the slimme
    tool misses, a page at a time."""

    serializer_class = OrganisationSerializer
    permission_classes = [HasPermission("stakeholders.view_register")]
    filter_backends: list = []

    def paginate_queryset(self, queryset):
        # The kept coverage counts say how many misses there are: the page is read without counting them.
        missed = selectors.coverage_missed(self.request.query_params.get("source", ""))
        return super().paginate_queryset(cast(Any, Counted(queryset, missed)))

    def get_queryset(self):
        return (
            selectors.coverage_misses(self.request.query_params.get("source", ""))
            .select_related("province")
            .prefetch_related("sbi_codes")
        )


router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("innovations", InnovationViewSet, basename="innovation")
router.register("sources", SourceViewSet, basename="source")
router.register("people", PersonViewSet, basename="person")
router.register("issue-analyses", IssueAnalysisViewSet, basename="issue-analysis")
router.register("risks", RiskViewSet, basename="risk")
router.register("analysis-rounds", AnalysisRoundViewSet, basename="analysis-round")

urlpatterns = [
    *router.urls,
    path("coverage/", CoverageView.as_view(), name="coverage"),
    path("coverage/misses/", CoverageMissesView.as_view(), name="coverage-misses"),
]
