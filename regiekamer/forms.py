"""Form helpers shared by the apps' views: a service's errors shown on the form that called it."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError

from .concurrency import EditConflict


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def service_saved(form: forms.Form, save: Callable[[dict], object]):
    """Call `save(form.cleaned_data)` and return what it saved, or None when it failed.

    A ValidationError lands on the form per field; an EditConflict (someone saved first) becomes a form
    error, so the user sees why and loses nothing they typed. Services return the object they saved."""
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
    except EditConflict as conflict:
        form.add_error(None, str(conflict))
    return None
