"""Idempotent submits: an advice or decision sent twice (a double-click, a resent request) is stored once.

A form carries a one-time token (`SubmissionTokenField`, a hidden field with a fresh random value each time
the form is shown); an API client may send one as the ``Idempotency-Key`` header. The service consumes the
token inside its own transaction (`submission_consume`), before it writes: the first submit stores the token
with its write, a second submit with the same token finds it and is refused with `DuplicateSubmission` (a
state conflict: a form error in the UI, a 409 in the API). A submit the service refuses leaves no token
behind (the transaction rolls back), so it can be corrected and sent again. Two submits at the same moment
are serialised by the token's unique index.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .concurrency import StateConflict
from .models import SubmissionToken

HEADER = "Idempotency-Key"
TOKEN_FIELD = "submission_token"  # noqa: S105 - the form field's name, not a secret
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class DuplicateSubmission(StateConflict):
    """The same submit came a second time: what it asked for was already recorded."""

    def __init__(self) -> None:
        super().__init__(
            _("This was already recorded: the same form was sent twice, and it was stored once."),
            code="duplicate_submission",
        )


def new_submission_token() -> str:
    """A fresh one-time token (128 random bits, hex)."""
    return secrets.token_hex(16)


def submission_consume(token: str, *, purpose: str) -> None:
    """Use `token` for the write about to happen in the caller's transaction; DuplicateSubmission if it was
    used before. An empty token (a client that sends none) guards nothing."""
    if not token:
        return
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(key=token, purpose=purpose)
    except IntegrityError:
        raise DuplicateSubmission() from None


def already_submitted(request: Any) -> DuplicateSubmission | None:
    """For a view, before it validates a posted form: DuplicateSubmission when the form's token was used
    already. The second click of a double-click meets a record that has moved on (a paused project no longer
    offers 'pause'); it should hear that its submit was recorded, not that its choice is no longer valid. The
    service's own check (submission_consume) still decides when two submits race."""
    token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
    if valid_token(token) and SubmissionToken.objects.filter(key=token).exists():
        return DuplicateSubmission()
    return None


def valid_token(value: Any) -> bool:
    """Whether `value` can be a token: 8 to 64 letters, digits, '-' or '_'."""
    return isinstance(value, str) and bool(TOKEN_PATTERN.match(value))


class SubmissionTokenField(forms.CharField):
    """The hidden one-time token of a form whose submit must be stored once (a fresh one each time the form
    is shown; a form posted without one is not guarded, one with a malformed one is refused)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", new_submission_token)
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not valid_token(value):
            raise forms.ValidationError(
                gettext_lazy("The form is damaged: reload the page and send it again."), code="invalid_token"
            )
