"""The scheduled run as a background job (kind "rhythm.tick"): rhythm.services.tick, its skipped items written
to the job's messages, its counts as the job's result."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import services


def run_tick(context: Any, params: dict[str, Any]) -> dict[str, Any]:
    context.progress(0, 1)
    result = services.tick(actor=context.actor, today=timezone.localdate(), log=context.message)
    context.progress(1, 1)
    return result
