"""The kinds of background job: an app registers each of its jobs in its AppConfig.ready().

    register_kind("stakeholders.import", label=_("Stakeholder import"), run=run_import)

`run(context, params)` does the work by calling the app's services, reports progress through the context
(`context.progress(n, total, step)`), checks `context.check_cancelled()` between units of work, and returns a
summary dict (stored as the job's result) or None. It must be idempotent: a job that was lost may be
started again by its owner, and must then neither do its work twice nor half."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from .runtime import JobContext

Runner = Callable[["JobContext", dict[str, Any]], "dict[str, Any] | None"]


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str | Promise
    run: Runner


_KINDS: dict[str, JobKind] = {}


def register_kind(name: str, *, label: str | Promise, run: Runner) -> None:
    """Make `name` a job kind (a later registration under the same name replaces it)."""
    _KINDS[name] = JobKind(name=name, label=label, run=run)


def get_kind(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(
            f"unknown job kind {name!r}: register it with jobs.registry.register_kind"
        ) from None


def kind_label(name: str) -> str:
    kind = _KINDS.get(name)
    return str(kind.label) if kind else name


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
