"""REST API for applications, with the permissions of the pages (intake/permissions.py): applicants see their
own consortium's applications only, the reviewing roles (assessor, transition agenda adviser, Stuurgroep
member) every submitted one; everyone else gets 403. The separation of duties (intake/duties.py) is the
services': a person who took one assessment step on an application gets a 400 naming it when they try another.
Writes go through the services, whose errors the shared exception handler answers (400 naming the field, 403,
409 on a stale version)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from accounts.authorization import HasPermission, can
from catalogue.models import NpceProductGroup
from regiekamer.api import IDEMPOTENCY_KEY, VersionField, expected_version, idempotency_key, request_actor
from regiekamer.history import actor_label
from regiekamer.texts import translate_all

from . import instruments, selectors, services
from .models import ActionLine, Application, Consortium, Party, StatusEvent


class PartySerializer(serializers.ModelSerializer):
    signatories = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = [
            "id",
            "name",
            "organisation_type",
            "chain_role",
            "responsibility",
            "chain_function",
            "contribution_hours",
            "contribution_eur",
            "country",
            "signatories",
        ]

    def get_signatories(self, party) -> list[str]:
        return [signatory.name for signatory in party.signatories.all()]


class ActionLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionLine
        fields = ["id", "order", "title", "description", "chain_direction_roles"]


class StatusEventSerializer(serializers.ModelSerializer):
    # Who took the step, as the requester may read it (staff names: accounts.view_audit_names).
    actor = serializers.SerializerMethodField()

    class Meta:
        model = StatusEvent
        fields = ["from_status", "to_status", "actor", "at", "reason_for_applicant", "internal_note"]

    def get_actor(self, event) -> str:
        return actor_label(self.context["request"].user, event.actor)


class ApplicationListSerializer(serializers.ModelSerializer):
    consortium = serializers.StringRelatedField()
    product_group = serializers.SlugRelatedField(slug_field="code", read_only=True)
    transition_agenda = serializers.SlugRelatedField(slug_field="code", read_only=True)
    portfolio_project = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "title",
            "consortium",
            "product_group",
            "transition_agenda",
            "status",
            "submitted_at",
            "market_share_percent",
            "planned_start",
            "planned_end",
            "portfolio_project",
        ]


class ApplicationDetailSerializer(ApplicationListSerializer):
    parties = PartySerializer(many=True, read_only=True)
    action_lines = ActionLineSerializer(many=True, read_only=True)
    events = serializers.SerializerMethodField()
    checks = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()

    class Meta(ApplicationListSerializer.Meta):
        fields = ApplicationListSerializer.Meta.fields + [
            "parties",
            "action_lines",
            "events",
            "checks",
            "decisions",
            "ambition_document_name",
            "ambition_document_size",
            "role_arguments",
            "market_share_argument",
            "centre_of_gravity_in_nl",
            "transition_phase",
            "circular_gains",
            "bottlenecks",
            "governance_model",
            "disagreement_procedure",
            "shared_goal",
            "long_term_goals",
            "goal_themes",
            "lap_cmp_exceedance",
            "intended_effects",
            "raw_material_savings_tonnes",
            "co2_savings_tonnes",
            "risks",
            "chain_direction_needed",
            "planning",
            "cost_benefit_distribution",
            "knowledge_sharing_between_parties",
            "leerkring_participation",
        ]

    def get_events(self, application) -> list[dict]:
        user = self.context["request"].user
        return list(
            StatusEventSerializer(
                selectors.events_for(user, application), many=True, context=self.context
            ).data
        )

    def get_checks(self, application) -> list[dict]:
        return selectors.application_checks_shown(application)

    def get_decisions(self, application) -> list[dict]:
        assessor = can(self.context["request"].user, "intake.view_assessment", application)
        rows = []
        for decision in application.decisions.all():
            row = {
                "approved": decision.approved,
                "decided_on": decision.decided_on,
                "reasoning_for_applicant": decision.reasoning_for_applicant,
                "superseded": hasattr(decision, "superseded_by"),
            }
            if assessor:
                row.update(
                    reasoning=decision.reasoning,
                    quota_override=decision.quota_override,
                    quota_override_reason=decision.quota_override_reason,
                )
            rows.append(row)
        return rows


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ApplicationCreateSerializer(serializers.Serializer):
    consortium = serializers.PrimaryKeyRelatedField(queryset=Consortium.objects.all())
    title = serializers.CharField(max_length=200)
    product_group = serializers.SlugRelatedField(slug_field="code", queryset=NpceProductGroup.objects.all())


class ApplicationUpdateSerializer(serializers.ModelSerializer):
    """Draft fields; `version` is the version the client read (a stale one is refused with 409)."""

    version = VersionField()

    class Meta:
        model = Application
        fields = [
            "version",
            *sorted(
                services.APPLICATION_EDITABLE_FIELDS - {"product_group", "transition_agenda", "r_strategies"}
            ),
        ]
        extra_kwargs = {name: {"required": False} for name in services.APPLICATION_EDITABLE_FIELDS}


class PartyCreateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = list(services.PARTY_FIELDS)


class SignatoryInputSerializer(serializers.Serializer):
    name = serializers.CharField()
    position = serializers.CharField(required=False, allow_blank=True, default="")
    signed_on = serializers.DateField(required=False, allow_null=True, default=None)


class ActionLineInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    chain_direction_roles = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class AmbitionUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The signed ambition document: a PDF of at most 10 MB.")


class CriterionVerdictSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=7)
    # Optional here: the service refuses the whole set and names each criterion without verdict or reasoning.
    met = serializers.BooleanField(allow_null=True, required=False, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CriteriaInputSerializer(serializers.Serializer):
    """The verdicts on all seven criteria, recorded together or not at all."""

    criteria = CriterionVerdictSerializer(many=True)

    def validate_criteria(self, value: list[dict]) -> list[dict]:
        numbers = [item["criterion"] for item in value]
        if len(numbers) != len(set(numbers)):
            raise serializers.ValidationError(_("Give each criterion once."))
        return value


class AdviceInputSerializer(serializers.Serializer):
    positive = serializers.BooleanField()
    text = serializers.CharField()
    advised_on = serializers.DateField()
    reason_for_applicant = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionInputSerializer(serializers.Serializer):
    approved = serializers.BooleanField()
    decided_on = serializers.DateField()
    reasoning = serializers.CharField()
    reasoning_for_applicant = serializers.CharField(required=False, allow_blank=True, default="")
    quota_override = serializers.BooleanField(required=False, default=False)
    quota_override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class AdvanceInputSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=["tender_prepared", "running", "closed"])
    reason_for_applicant = serializers.CharField(required=False, allow_blank=True, default="")


class ApplicationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Applications. Applicants create and edit drafts of their own consortium and submit or withdraw them;
    assessors run the assessment (the seven criteria at once) and the steps after an approval, transition
    agenda advisers record the advice, Stuurgroep members the decision or a rejection. Every write goes
    through the services, which check the same rights as the pages."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [
        HasPermission(
            "intake.view_applications",
            retrieve="intake.view_application",
            create="intake.create_application",
            partial_update="intake.edit_draft",
            update="intake.edit_draft",
            parties="intake.edit_draft",
            signatories="intake.edit_draft",
            action_lines="intake.edit_draft",
            ambition_document="intake.edit_draft",
            submit="intake.submit",
            withdraw="intake.withdraw",
            start_assessment="intake.assess",
            criteria="intake.assess",
            advice="intake.record_advice",
            advance="intake.assess",
            decision="intake.record_decision",
            reject="intake.reject",
        )
    ]
    filterset_fields = ["status"]
    search_fields = ["title"]
    ordering_fields = ["submitted_at", "title"]

    def get_queryset(self):
        qs = selectors.visible_applications(self.request.user).order_by("-created_at", "-id")
        if self.action != "list":
            qs = qs.prefetch_related(
                Prefetch("parties", queryset=Party.objects.prefetch_related("signatories")),
                "action_lines",
                "decisions__superseded_by",
                Prefetch("events", queryset=StatusEvent.objects.select_related("actor")),
            )
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return ApplicationCreateSerializer
        if self.action == "partial_update":
            return ApplicationUpdateSerializer
        return ApplicationListSerializer if self.action == "list" else ApplicationDetailSerializer

    def _detail(self, application, status=200):
        application = self.get_queryset().get(pk=application.pk)
        return Response(
            ApplicationDetailSerializer(application, context={"request": self.request}).data, status=status
        )

    @extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_create(actor=request_actor(request), **serializer.validated_data)
        return self._detail(application, status=201)

    @extend_schema(request=ApplicationUpdateSerializer, responses=ApplicationDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        application = self.get_object()
        serializer = ApplicationUpdateSerializer(application, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        version = expected_version(request.data)  # a PATCH without `version` is a 400 naming it
        data = {name: value for name, value in serializer.validated_data.items() if name != "version"}
        services.application_update(
            application=application, actor=request_actor(request), expected_version=version, data=data
        )
        return self._detail(application)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return Response(status=405)
        return self.partial_update(request, *args, **kwargs)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(request=PartyCreateSerializer, responses={201: ApplicationDetailSerializer})
    @action(detail=True, methods=["post"])
    def parties(self, request, pk=None):
        application = self.get_object()
        services.party_create(
            application=application, actor=request_actor(request), **self._input(PartyCreateSerializer)
        )
        return self._detail(application, status=201)

    @extend_schema(request=SignatoryInputSerializer, responses={201: ApplicationDetailSerializer})
    @action(detail=True, methods=["post"], url_path=r"parties/(?P<party_pk>\d+)/signatories")
    def signatories(self, request, pk=None, party_pk=None):
        """Add a person who signed the ambition document for one of the consortium's parties."""
        application = self.get_object()
        party = get_object_or_404(application.parties, pk=party_pk)
        services.signatory_create(
            party=party, actor=request_actor(request), **self._input(SignatoryInputSerializer)
        )
        return self._detail(application, status=201)

    @extend_schema(request=ActionLineInputSerializer, responses={201: ApplicationDetailSerializer})
    @action(detail=True, methods=["post"], url_path="action-lines")
    def action_lines(self, request, pk=None):
        """Add an action line (speerpunt, plan of action part 4) with the chain-direction roles it needs."""
        application = self.get_object()
        values = self._input(ActionLineInputSerializer)
        services.action_line_create(application=application, actor=request_actor(request), **values)
        return self._detail(application, status=201)

    @extend_schema(
        request={"multipart/form-data": AmbitionUploadSerializer}, responses=ApplicationDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="ambition-document", parser_classes=[MultiPartParser])
    def ambition_document(self, request, pk=None):
        """Upload the signed ambition document (PDF, at most 10 MB, no scripts), replacing an earlier one."""
        application = self.get_object()
        upload = self._input(AmbitionUploadSerializer)["file"]
        services.application_upload_ambition(
            application=application, actor=request_actor(request), upload=upload
        )
        return self._detail(application)

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="start-assessment")
    def start_assessment(self, request, pk=None):
        return self._run(services.application_start_assessment)

    @extend_schema(request=CriteriaInputSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def criteria(self, request, pk=None):
        """The verdicts on the seven criteria, each with its reasoning: all seven, or nothing is recorded."""
        application = self.get_object()
        items = self._input(CriteriaInputSerializer)["criteria"]
        services.criteria_assess(
            application=application,
            actor=request_actor(request),
            verdicts={item["criterion"]: (item["met"], item["reason"]) for item in items},
        )
        return self._detail(application)

    @extend_schema(
        request=AdviceInputSerializer, responses=ApplicationDetailSerializer, parameters=[IDEMPOTENCY_KEY]
    )
    @action(detail=True, methods=["post"])
    def advice(self, request, pk=None):
        """Record the advice; with an Idempotency-Key, the same submit twice is recorded once."""
        return self._run(
            services.advice_record, AdviceInputSerializer, submission_token=idempotency_key(request)
        )

    @extend_schema(
        request=DecisionInputSerializer, responses=ApplicationDetailSerializer, parameters=[IDEMPOTENCY_KEY]
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """Record the decision; with an Idempotency-Key, the same submit twice is recorded once."""
        return self._run(
            services.decision_record, DecisionInputSerializer, submission_token=idempotency_key(request)
        )

    @extend_schema(request=AdvanceInputSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        return self._run(services.application_advance, AdvanceInputSerializer)

    @extend_schema(request=ReasonSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._run(services.application_reject, ReasonSerializer)

    def _run(self, service, input_class=None, **kwargs):
        """Find the application first (another consortium's is a 404 before any input is read), then
        validate the input and call the service."""
        application = self.get_object()
        if input_class is not None:
            kwargs.update(self._input(input_class))
        service(application=application, actor=request_actor(self.request), **kwargs)
        return self._detail(application)

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._run(services.application_submit)

    @extend_schema(request=ReasonSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._run(services.application_withdraw, ReasonSerializer)


class InstrumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    phase = serializers.CharField()
    min_months = serializers.IntegerField()
    max_months = serializers.IntegerField()
    target_group = serializers.CharField()
    min_smes = serializers.IntegerField(allow_null=True)
    max_smes = serializers.IntegerField(allow_null=True)
    max_large_companies = serializers.IntegerField(allow_null=True)
    support = serializers.CharField()
    max_subsidy_share_percent = serializers.IntegerField(allow_null=True)
    max_subsidy_per_entrepreneur_eur = serializers.IntegerField(allow_null=True)
    source_section = serializers.CharField()


class InstrumentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The chain-support instruments (seed 2 §1); readable by every signed-in user."""

    permission_classes = [HasPermission("intake.view_instruments")]
    serializer_class = InstrumentSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return list(instruments.instruments())


class EligibilityInputSerializer(serializers.Serializer):
    smes = serializers.IntegerField(min_value=0)
    large_companies = serializers.IntegerField(min_value=0)
    whole_chain = serializers.BooleanField()
    signed_ambition = serializers.BooleanField()
    plan_of_action = serializers.BooleanField()
    months = serializers.IntegerField(min_value=1, max_value=120)


class EligibilityView(APIView):
    """Which instrument fits a consortium (the quick check of the instruments page)."""

    permission_classes = [HasPermission("intake.view_instruments")]

    @extend_schema(request=EligibilityInputSerializer, responses=None)
    def post(self, request):
        serializer = EligibilityInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fits = instruments.eligibility(instruments.Consortium(**serializer.validated_data))
        return Response(
            [
                {
                    "code": fit.code,
                    "fits": fit.fits,
                    "reasons": translate_all(fit.reasons),
                }
                for fit in fits
            ]
        )


router = DefaultRouter()
router.register("applications", ApplicationViewSet, basename="application")
router.register("instruments", InstrumentViewSet, basename="instrument")

urlpatterns = [*router.urls, path("eligibility/", EligibilityView.as_view(), name="eligibility")]
