"""REST API of the portfolio, with the rights of the pages (portfolio/permissions.py): the list shows the
projects the user may read (an applicant: their own consortium's), a project's endpoints need
portfolio.view_project; the project lead proposes, the sponsor confirms criteria, steering-meeting members
decide. Writes go through the services; the shared exception handler answers their refusals (a refused gate
also lists what is missing)."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from accounts.authorization import HasPermission
from programme.models import SteeringMeeting
from regiekamer.api import IDEMPOTENCY_KEY, idempotency_key, request_actor

from . import selectors, services
from .models import Artefact, CriterionCheck, ImpactSheet, PhaseTransition, ProgressReport, Project
from .permissions import visible_projects


class CriterionCheckSerializer(serializers.ModelSerializer):
    confirmed_by = serializers.StringRelatedField()

    class Meta:
        model = CriterionCheck
        fields = ["criterion", "phase", "holds", "confirmed_by", "confirmed_at", "evidence_link", "note"]


class ArtefactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Artefact
        fields = ["id", "type", "title", "dated", "link", "parts", "signed", "phase", "added_at"]


class TransitionSerializer(serializers.ModelSerializer):
    decision = serializers.StringRelatedField()

    class Meta:
        model = PhaseTransition
        fields = [
            "kind",
            "from_phase",
            "to_phase",
            "from_status",
            "to_status",
            "reason",
            "decision",
            "applied_at",
        ]


class ProjectSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="code", read_only=True)
    pillar = serializers.SerializerMethodField()
    sponsor = serializers.SerializerMethodField()
    lead = serializers.SerializerMethodField()
    clusters = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    sbi_codes = serializers.SlugRelatedField(slug_field="display_code", many=True, read_only=True)
    horizons = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    kia_themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    supraregional_themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "number",
            "title",
            "team",
            "pillar",
            "sponsor",
            "lead",
            "phase",
            "status",
            "status_reason",
            "project_type",
            "start_date",
            "due_date",
            "planned_period_source",
            "result_description",
            "resources",
            "quality_criteria",
            "clusters",
            "sbi_codes",
            "horizons",
            "kia_themes",
            "supraregional_themes",
            "trekker",
            "source_section",
            "version",
        ]

    def get_pillar(self, project) -> str | None:
        return project.team.pillar.code if project.team.pillar else None

    def get_sponsor(self, project) -> str | None:
        return project.team.lead.name if project.team.lead else None

    def get_lead(self, project) -> str | None:
        if project.lead_user:
            return project.lead_user.get_full_name() or project.lead_user.username
        return project.lead_person.name if project.lead_person else None


class ProjectDetailSerializer(ProjectSerializer):
    checks = CriterionCheckSerializer(many=True, read_only=True)
    artefacts = ArtefactSerializer(many=True, read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "checks", "artefacts", "transitions"]


class ImpactSheetSerializer(serializers.ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sbi_codes = serializers.SlugRelatedField(slug_field="display_code", many=True, read_only=True)
    raw_materials = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    co2_total = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = ImpactSheet
        fields = [
            "version_number",
            "status_date",
            "goals",
            "results",
            "milestones",
            "activities",
            "cluster",
            "sbi_codes",
            "modules",
            "raw_materials",
            "size_figures",
            "co2_r0_r2",
            "co2_r3_r7",
            "co2_r8_r9",
            "co2_total",
            "co2_stated",
            "effect_contributions",
            "supply_risk_change",
            "added_value_meur",
            "added_value_base_year",
            "innovation_functions",
            "performance",
            "stakeholders",
            "target_groups",
            "change_agents",
        ]


class ProgressReportSerializer(serializers.ModelSerializer):
    dependencies = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    finance = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "report_date",
            "phase_at_report",
            "percent_ready",
            "timeline_start",
            "timeline_end",
            "milestones",
            "done",
            "completed",
            "risks",
            "issues",
            "dependencies",
            "other_dependencies",
            "finance_date",
            "finance",
        ]

    def get_finance(self, report) -> dict:
        finance = report.finance
        return {
            "needed": str(finance.needed),
            "granted": str(finance.granted),
            "spent": str(finance.spent),
            "balance": str(finance.balance),
            "need": str(finance.need),
            "overspent": finance.overspent,
            "granted_by_funder": [{"funder": f, "amount": str(a)} for f, a in finance.granted_by_funder],
        }


class ProposeSerializer(serializers.Serializer):
    target = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConfirmSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    holds = serializers.BooleanField(default=True)
    evidence_link = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecideSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    action = serializers.CharField()
    text = serializers.CharField(required=False, allow_blank=True, default="")
    reasoning = serializers.CharField(required=False, allow_blank=True, default="")


def _text_filter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, str, OpenApiParameter.QUERY, required=False, description=description)


PROJECT_FILTERS = [
    _text_filter("phase", "Leidraad phase code (initiation, definition, ...)."),
    _text_filter("status", "Status code (active, paused, stopped, closed)."),
    _text_filter("team", "Team code."),
    _text_filter("pillar", "Pillar code."),
    _text_filter("cluster", "Product cluster code."),
    _text_filter("q", "Words in the number or title."),
    OpenApiParameter("due_before", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=False),
    OpenApiParameter("due_after", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=False),
]


def _date_param(params: Any, name: str) -> Any:
    """A date query parameter (None when absent); a malformed (or empty) one is a 400 naming it."""
    if name not in params:
        return None
    try:
        return serializers.DateField().to_internal_value(params[name])
    except ValidationError as error:
        raise ValidationError({name: error.detail}) from None


@extend_schema_view(list=extend_schema(parameters=PROJECT_FILTERS))
class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Projects; filter with ?phase=, ?status=, ?team=, ?pillar=, ?cluster=, ?due_before=, ?due_after=,
    ?q=."""

    lookup_field = "number"
    lookup_value_regex = r"\d{2}-\d{3,}"
    filter_backends: list = []
    permission_classes = [
        HasPermission(
            "portfolio.view_project",
            list="portfolio.view_portfolio",
            propose="portfolio.propose_transition",
            confirm="portfolio.confirm_criterion",
            decide="portfolio.decide",
        )
    ]

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        """The shared handler; a refused gate's answer also lists what is missing, as data."""
        shared = super().get_exception_handler()

        def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
            response = shared(exc, context)
            if isinstance(exc, services.GateNotMet) and response is not None:
                response.data["missing"] = services.missing_as_data(exc.missing)
            return response

        return handle

    def get_queryset(self):
        params = self.request.query_params
        filters = selectors.ProjectFilters(
            phase=params.get("phase", ""),
            status=params.get("status", ""),
            team=params.get("team", ""),
            pillar=params.get("pillar", ""),
            cluster=params.get("cluster", ""),
            query=params.get("q", ""),
            due_before=_date_param(params, "due_before"),
            due_after=_date_param(params, "due_after"),
        )
        projects = visible_projects(self.request.user, selectors.project_list(filters))
        if self.action != "list":
            projects = projects.prefetch_related("checks__confirmed_by", "artefacts", "transitions__decision")
        return projects

    def get_serializer_class(self):
        return ProjectSerializer if self.action == "list" else ProjectDetailSerializer

    def _project(self) -> Project:
        return selectors.project_detail(self.get_object().number)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def gate(self, request, number=None):
        """What is still missing for each phase the project may move to."""
        project = self._project()
        return Response(
            {
                target: services.missing_as_data(items)
                for target, items in selectors.project_gate_overview(project).items()
            }
        )

    @extend_schema(responses={200: ImpactSheetSerializer})
    @action(detail=True, methods=["get"], url_path="impact-sheet")
    def impact_sheet(self, request, number=None):
        """The current impact sheet (or ?version=N); 404 when there is none."""
        project = self.get_object()
        version = request.query_params.get("version")
        sheet = selectors.impact_sheet_for(project, int(version) if version and version.isdigit() else None)
        if sheet is None:
            raise NotFound(_("No impact sheet yet."))
        return Response(ImpactSheetSerializer(sheet).data)

    @extend_schema(responses={200: ProgressReportSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="progress-reports", pagination_class=None)
    def progress_reports(self, request, number=None):
        """Every progress report of the project, newest first."""
        project = self.get_object()
        reports = selectors.progress_reports_of(project)
        return Response(ProgressReportSerializer(reports, many=True).data)

    @extend_schema(request=ProposeSerializer, responses={201: dict})
    @action(detail=True, methods=["post"])
    def propose(self, request, number=None):
        project = self._project()
        data = ProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.transition_propose(
            actor=request_actor(request), project=project, **data.validated_data
        )
        return Response({"target": proposal.target, "missing": proposal.missing}, status=201)

    @extend_schema(request=ConfirmSerializer, responses={200: CriterionCheckSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, number=None):
        project = self._project()
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        check = services.criterion_confirm(
            actor=request_actor(request), project=project, **data.validated_data
        )
        return Response(CriterionCheckSerializer(check).data)

    @extend_schema(
        request=DecideSerializer, responses={201: TransitionSerializer}, parameters=[IDEMPOTENCY_KEY]
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, number=None):
        """The steering meeting's decision, recorded and applied; with an Idempotency-Key, the same submit
        twice is recorded and applied once."""
        project = self._project()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        meeting = SteeringMeeting.objects.filter(pk=values.pop("meeting")).first()
        if meeting is None:
            raise ValidationError({"meeting": _("No such steering meeting.")})
        transition = services.project_decide(
            actor=request_actor(request),
            project=project,
            meeting=meeting,
            submission_token=idempotency_key(request),
            **values,
        )
        return Response(TransitionSerializer(transition).data, status=201)


router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
urlpatterns = router.urls
