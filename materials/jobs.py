"""The materials app's background jobs (registered in MaterialsConfig.ready()): loading a material data
release from an uploaded workbook."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from jobs.registry import register_kind
from jobs.runtime import JobContext, JobError
from regiekamer.texts import Message, gettext_noop


def run_release_load(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """Read, validate and write the release (one transaction: a refused file loads nothing). Idempotent: a
    label that is loaded by the time the job runs is refused, never loaded twice."""
    from . import services

    context.progress(0, 2, step=Message(gettext_noop("Reading and checking the workbook")))
    with default_storage.open(params["path"], "rb") as handle:
        content = handle.read()
    try:
        release = services.material_release_import_xlsx(
            actor=context.actor,
            code=params["code"],
            title=params["title"],
            title_en=params.get("title_en", ""),
            content=content,
            is_sample=bool(params.get("is_sample")),
            file_name=params.get("file_name", ""),
        )
    except ValidationError as refused:
        default_storage.delete(params["path"])  # refused: starting it again would refuse it again
        problems = refused.messages
        if len(problems) == 1:
            raise
        for problem in problems:
            context.message(problem)
        raise JobError(
            Message(
                gettext_noop("The data set was refused, nothing was loaded: %(n)s problems, listed below."),
                n=len(problems),
            )
        ) from None
    default_storage.delete(params["path"])  # the upload is kept until it was loaded (a restart reads it)
    context.progress(2, 2, step=Message(gettext_noop("Release loaded")))
    return {"release": release.code, "materials": release.profiles.count()}


def register() -> None:
    from .services import RELEASE_LOAD_JOB

    register_kind(RELEASE_LOAD_JOB, label=_("Material data release"), run=run_release_load)
