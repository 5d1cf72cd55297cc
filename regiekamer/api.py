"""What every app's REST API shares: one error path, the plumbing of versioned writes, and the
Idempotency-Key of submits that must be stored once (regiekamer.idempotency).

`exception_handler` is DRF's ``EXCEPTION_HANDLER``: a service raises Django's ``ValidationError``,
``PermissionDenied``, ``EditConflict`` or ``StateConflict`` and the API answers 400 / 403 / 409 / 409 with a
JSON body that names the field, in the requester's language. Every conflict is a 409: a stale version
(`edit_conflict`) and a write the record's state no longer allows (`state_conflict`). No API module translates
errors by hand.

`regiekamer.openapi.AutoSchema` documents those answers on every operation of the OpenAPI schema;
`regiekamer.filters.FilterBackend` bounds filter values to what the database can hold and
`regiekamer.pagination` refuses a page that names none (separate modules: DRF imports them while it loads,
before this module could be imported).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import page_not_found
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .concurrency import EditConflict, StateConflict
from .idempotency import HEADER, valid_token

if TYPE_CHECKING:
    from rest_framework.request import Request

    from accounts.models import User

NON_FIELD = "non_field_errors"


def validation_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as {field: [messages]}; messages that name no field under non_field_errors."""
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [str(message) for message in messages]
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: [str(message) for message in error.messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Django's exceptions from the service layer as DRF answers; everything else as DRF answers it."""
    if isinstance(exc, EditConflict):
        return Response(
            {
                "detail": str(exc),
                "code": "edit_conflict",
                "current_version": exc.current_version,
                "expected_version": exc.expected_version,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, StateConflict):
        return Response(
            {
                "detail": " ".join(str(message) for message in exc.messages),
                "code": getattr(exc, "code", None) or "state_conflict",
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_detail(exc))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) if str(exc) else None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else None)
    elif isinstance(exc, exceptions.ValidationError) and not isinstance(exc.detail, dict):
        # One shape for every 400: {field: [messages]}; messages that name no field under non_field_errors.
        exc = exceptions.ValidationError({NON_FIELD: exc.detail})
    return drf_exception_handler(exc, context)


class VersionField(serializers.IntegerField):
    """The version a write is based on (optimistic locking); required on updates, so a missing one is a
    400 naming the field rather than a KeyError."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "help_text", gettext_lazy("The version you read; a newer stored version refuses the write (409).")
        )
        super().__init__(**kwargs)


def expected_version(data: dict[str, Any]) -> int:
    """The `version` a PUT/PATCH names, or a 400 that says it is required."""
    value = data.get("version")
    if value in (None, ""):
        raise exceptions.ValidationError({"version": [_("This field is required.")]})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise exceptions.ValidationError({"version": [_("A whole number is required.")]}) from None
    if number < 1:
        raise exceptions.ValidationError({"version": [_("A whole number is required.")]})
    return number


def request_actor(request: Request) -> User:
    """The signed-in user behind an API request: the actor the services want (HasPermission has refused
    anonymous requests before a viewset method runs)."""
    from django.contrib.auth import get_user_model

    user = request.user
    if not isinstance(user, get_user_model()):
        raise exceptions.NotAuthenticated()
    return user


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 answer (``handler404``): JSON under /api/, where no URL pattern matched (a client reads the
    same body as for an object that does not exist); the site's page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    return page_not_found(request, exception)


IDEMPOTENCY_KEY = OpenApiParameter(
    name="Idempotency-Key",
    location=OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        "A key of your choice (8 to 64 letters, digits, '-' or '_'), new for each submit: the same key sent "
        "again is refused with 409 (duplicate_submission) instead of being recorded twice."
    ),
)


def idempotency_key(request: Request) -> str:
    """The request's Idempotency-Key header ('' when none; 400 when malformed), passed to a service as its
    `submission_token` (regiekamer.idempotency)."""
    value = request.headers.get(HEADER, "")
    if value and not valid_token(value):
        raise exceptions.ValidationError(
            {HEADER: [_("Send 8 to 64 letters, digits, '-' or '_' as the Idempotency-Key.")]}
        )
    return value
