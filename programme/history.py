"""History pages: each record's audit trail (django-simple-history), with the fields each change touched."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def history_entries(obj) -> list[dict]:
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                {"field": record._meta.get_field(c.field).verbose_name, "old": c.old, "new": c.new}
                for c in delta.changes
                if c.field != "version"
            ]
        entries.append({"record": record, "changes": changes})
    return entries


def structure_history(team, *, limit: int = 300) -> list[dict]:
    """Every addition, change and removal of the team's roles, tasks and zichtlijn entries, newest first.

    The structure of §5 and Bijlage 9 changes over time (the support team adjusts its roles every two weeks),
    and a removed role must still show who held it and who removed it."""
    from .models import RoleAssignment, TeamTask, ZichtlijnEntry

    kinds = (
        (RoleAssignment, _("Role")),
        (TeamTask, _("Task")),
        (ZichtlijnEntry, _("Zichtlijn")),
    )
    entries = []
    for model, kind in kinds:
        records = model.history.filter(team_id=team.pk).select_related("history_user")
        if model is RoleAssignment:
            records = records.select_related("person")
        for record in records.order_by("-history_date")[:limit]:
            entries.append({"kind": kind, "record": record, "text": str(record.instance)})
    entries.sort(key=lambda entry: (entry["record"].history_date, entry["record"].history_id), reverse=True)
    return entries[:limit]


def render_history(request, obj, *, back_url: str = "", structure: list[dict] | None = None):
    return render(
        request,
        "programme/history.html",
        {"object": obj, "entries": history_entries(obj), "back_url": back_url, "structure": structure},
    )
