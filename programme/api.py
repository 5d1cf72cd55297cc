"""REST API of the programme, with the permissions of the pages (programme/permissions.py): teams for every
signed-in user; people, meetings and decisions for the programme roles; writes through the services, whose
errors the shared exception handler answers (400 naming the field, 403, 409 on a stale version)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from accounts.authorization import HasPermission
from regiekamer.api import IDEMPOTENCY_KEY, VersionField, expected_version, idempotency_key, request_actor

from . import services
from .extensions import agenda_subject_key, describe_agenda_subject, resolve_agenda_subject
from .models import Decision, Person, RoleAssignment, SteeringMeeting, Team, TeamTask, ZichtlijnEntry


class ProgrammePersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "organisation"]


class TeamTaskSerializer(serializers.ModelSerializer):
    horizon = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = TeamTask
        fields = ["horizon", "heading", "text", "source_section"]


class TeamRoleSerializer(serializers.ModelSerializer):
    horizon = serializers.SlugRelatedField(slug_field="code", read_only=True)
    person = serializers.StringRelatedField()

    class Meta:
        model = RoleAssignment
        fields = ["horizon", "title", "person", "source_section"]


class TeamZichtlijnSerializer(serializers.ModelSerializer):
    class Meta:
        model = ZichtlijnEntry
        fields = ["kind", "text", "source_section"]


class ProgrammeTeamSerializer(serializers.ModelSerializer):
    pillar = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), allow_null=True)
    # null for the Regieteam itself; every other team needs one (the service refuses a team without)
    linking_pin = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), allow_null=True)
    meeting_members = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False
    )
    tasks = TeamTaskSerializer(many=True, read_only=True)
    roles = TeamRoleSerializer(many=True, read_only=True)
    zichtlijn = TeamZichtlijnSerializer(many=True, read_only=True)
    version = VersionField()

    class Meta:
        model = Team
        fields = [
            "code",
            "name",
            "pillar",
            "level",
            "purpose",
            "description",
            "project_type",
            "lead",
            "linking_pin",
            "meeting_members",
            "tasks",
            "roles",
            "zichtlijn",
            "source_section",
            "version",
        ]
        read_only_fields = ["code", "level", "source_section"]


class TeamViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Teams: readable by every signed-in user; the programme office edits them (send `version`)."""

    serializer_class = ProgrammeTeamSerializer
    permission_classes = [
        HasPermission(
            "programme.view_team",
            update="programme.edit_structure",
            partial_update="programme.edit_structure",
        )
    ]
    lookup_field = "code"
    queryset = Team.objects.select_related("pillar").prefetch_related(
        "tasks__horizon", "roles__horizon", "roles__person", "zichtlijn", "meeting_members"
    )

    def perform_update(self, serializer):
        data = {
            **{
                f: getattr(serializer.instance, f)
                for f in ("name", "purpose", "description", "project_type", "lead", "linking_pin")
            },
            "meeting_members": list(serializer.instance.meeting_members.all()),
            **serializer.validated_data,
        }
        data.pop("version", None)
        services.team_update(
            team=serializer.instance,
            expected_version=expected_version(serializer.validated_data),
            actor=request_actor(self.request),
            **data,
        )


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgrammePersonSerializer
    permission_classes = [HasPermission("programme.view_people")]
    queryset = Person.objects.all()
    search_fields = ["name", "organisation"]


class SteeringDecisionSerializer(serializers.ModelSerializer):
    subject_key = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="What the decision is about, as the meeting's team offers it (the `subject` keys of "
        "agenda items, e.g. project:12:); nothing else can be named.",
    )
    subject = serializers.SerializerMethodField()
    supersedes = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.all(), allow_null=True, required=False
    )
    recorded_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "sequence",
            "kind",
            "text",
            "reasoning",
            "payload",
            "supersedes",
            "subject",
            "subject_key",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["sequence", "recorded_at"]

    def validate_kind(self, kind: str) -> str:
        if kind not in Decision.GENERAL_KINDS:
            raise serializers.ValidationError(
                _(
                    "A decision that changes a project (phase transition, pause, stop, reopen) is taken "
                    "through the project: POST /api/portfolio/projects/<number>/decide/."
                )
            )
        return kind

    def get_subject(self, decision) -> dict | None:
        # Only a subject the registry knows for the meeting's team: a decision recorded before subjects were
        # checked may point at a record of another app or team (issue 15), which is not named here.
        subject = decision.shown_subject
        if subject is None:
            return None
        return {
            "type": f"{decision.subject_content_type.app_label}.{decision.subject_content_type.model}",
            "id": decision.subject_object_id,
            "label": str(subject),
        }


@extend_schema_view(create=extend_schema(parameters=[IDEMPOTENCY_KEY]))
class DecisionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Decisions are append-only: create (in an open meeting), never update or delete. With an
    Idempotency-Key, the same submit twice is recorded once."""

    serializer_class = SteeringDecisionSerializer
    # Recording is checked against the meeting's team by the service (programme.record_decision).
    permission_classes = [HasPermission("programme.view_meetings", create="programme.record_decision")]
    queryset = Decision.objects.select_related(
        "recorded_by", "subject_content_type", "meeting", "meeting__team"
    ).prefetch_related("subject")
    filterset_fields = ["meeting", "kind"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        key = data.pop("subject_key", "")
        resolved = resolve_agenda_subject(key) if key else None
        if key and resolved is None:
            raise ValidationError({"subject_key": [_("No such subject: %(key)s.") % {"key": key}]})
        subject = resolved[0] if resolved else None
        serializer.instance = services.decision_record(
            actor=request_actor(self.request),
            subject=subject,
            submission_token=idempotency_key(self.request),
            **data,
        )


class AgendaItemSerializer(serializers.Serializer):
    """An agenda item. `subject` is the key of what it is about and the gate on the table, as the meeting's
    team offers them (e.g. a project of the team and its next phase); `subject_label` says it in words."""

    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    subject = serializers.CharField(required=False, allow_blank=True, default="")
    subject_label = serializers.SerializerMethodField()

    def get_subject_label(self, item) -> str:
        if not getattr(item, "subject_content_type_id", None):
            return ""
        return describe_agenda_subject(item.subject, item.gate)

    def to_representation(self, item):
        data = super().to_representation(item)
        data["subject"] = agenda_subject_key(item.subject, item.gate) if item.subject_content_type_id else ""
        return data

    def validate_subject(self, key: str):
        if not key:
            return None
        resolved = resolve_agenda_subject(key)
        if resolved is None:
            raise serializers.ValidationError(_("Unknown project or gate: %(key)s.") % {"key": key})
        return resolved

    def to_internal_value(self, data):
        # In a PATCH the nested items are partial too: a field left out has no default filled in.
        values = super().to_internal_value(data)
        subject, gate = values.pop("subject", None) or (None, "")
        return {
            "title": values.get("title", ""),
            "notes": values.get("notes", ""),
            "subject": subject,
            "gate": gate,
        }


class SteeringMeetingSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="code", queryset=Team.objects.all())
    attendees = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), many=True, required=False)
    agenda_items = AgendaItemSerializer(many=True, required=False)
    decisions = SteeringDecisionSerializer(many=True, read_only=True)
    closed_by = serializers.StringRelatedField(read_only=True)
    version = VersionField(required=False)

    class Meta:
        model = SteeringMeeting
        fields = [
            "id",
            "team",
            "date",
            "start_time",
            "location",
            "agenda_items",
            "minutes",
            "attendees",
            "status",
            "closed_at",
            "closed_by",
            "decisions",
            "version",
        ]
        read_only_fields = ["status", "closed_at", "closed_by"]


class MeetingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Steering meetings: the team lead, linking pin and programme office create and edit open meetings."""

    serializer_class = SteeringMeetingSerializer
    # Managing is checked against the meeting's team by the services (programme.manage_meetings).
    permission_classes = [
        HasPermission(
            "programme.view_meetings",
            create="programme.manage_meetings",
            update="programme.manage_meetings",
            partial_update="programme.manage_meetings",
            close="programme.manage_meetings",
        )
    ]
    queryset = SteeringMeeting.objects.select_related("team", "closed_by").prefetch_related(
        "attendees",
        "agenda_items__subject",
        "decisions__recorded_by",
        "decisions__subject_content_type",
        "decisions__subject",
    )
    filterset_fields = ["team__code", "status"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        data.pop("minutes", None)
        serializer.instance = services.meeting_create(actor=request_actor(self.request), **data)

    def perform_update(self, serializer):
        meeting = serializer.instance
        data = {
            "date": meeting.date,
            "start_time": meeting.start_time,
            "location": meeting.location,
            "minutes": meeting.minutes,
            "attendees": list(meeting.attendees.all()),
            **serializer.validated_data,
        }
        data.pop("team", None)
        data.pop("version", None)
        services.meeting_update(
            meeting=meeting,
            expected_version=expected_version(serializer.validated_data),
            actor=request_actor(self.request),
            **data,
        )

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        meeting = self.get_object()
        services.meeting_close(meeting=meeting, actor=request_actor(request))
        return Response(self.get_serializer(meeting).data)


router = DefaultRouter()
router.register("teams", TeamViewSet, basename="team")
router.register("people", PersonViewSet, basename="person")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("decisions", DecisionViewSet, basename="decision")
urlpatterns = router.urls
