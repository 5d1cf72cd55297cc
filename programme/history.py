"""History pages: each record's audit trail (django-simple-history), with the fields each change touched."""

from django.shortcuts import render


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


def render_history(request, obj, *, back_url: str = ""):
    return render(
        request,
        "programme/history.html",
        {"object": obj, "entries": history_entries(obj), "back_url": back_url},
    )
