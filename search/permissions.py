"""Who may search: everyone signed in. What each person finds is decided per kind of record by the rule of the
app that owns it (search.providers: the action needed to see the kind at all, and the list form of the app's
object rule), never by a rule of its own."""

from __future__ import annotations

from accounts.authorization import Rule, signed_in

PERMISSIONS: dict[str, Rule] = {
    "search": signed_in,
}
