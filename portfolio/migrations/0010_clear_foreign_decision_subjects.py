"""Issue 15, finding 1 follow-up: before decision subjects were checked, a decision could name any record of
any app or team as its subject (e.g. an intake application). A steering meeting decides only on its own
team's projects, so every other subject is cleared (set null), with a history row saying why."""

from django.db import migrations
from django.utils import timezone

REASON = "Issue 15: subject not a project of the meeting's team"


def clear_foreign_subjects(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    decisions = apps.get_model("programme", "Decision")
    historical_decisions = apps.get_model("programme", "HistoricalDecision")
    projects = apps.get_model("portfolio", "Project")
    project_type = content_types.objects.filter(app_label="portfolio", model="project").first()
    team_of_project = dict(projects.objects.values_list("pk", "team_id"))
    now = timezone.now()
    for decision in decisions.objects.filter(subject_content_type__isnull=False).select_related("meeting"):
        is_own_project = (
            project_type is not None
            and decision.subject_content_type_id == project_type.pk
            and team_of_project.get(decision.subject_object_id) == decision.meeting.team_id
        )
        if is_own_project:
            continue
        # update(), not save(): no signal adds a second history row when this runs with the live models.
        decisions.objects.filter(pk=decision.pk).update(subject_content_type=None, subject_object_id=None)
        historical_decisions.objects.create(
            id=decision.pk,
            meeting_id=decision.meeting_id,
            sequence=decision.sequence,
            kind=decision.kind,
            text=decision.text,
            reasoning=decision.reasoning,
            subject_content_type_id=None,
            subject_object_id=None,
            payload=decision.payload,
            supersedes_id=decision.supersedes_id,
            recorded_by_id=decision.recorded_by_id,
            recorded_at=decision.recorded_at,
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
            history_user=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portfolio", "0009_report_grants"),
        ("programme", "0004_agenda_items"),
    ]

    operations = [migrations.RunPython(clear_foreign_subjects, migrations.RunPython.noop)]
