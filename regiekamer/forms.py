"""Form plumbing shared by the apps: a service's errors shown on the form that called it, forms with tables of
rows, and the widgets and fields several apps use."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .concurrency import EditConflict
from .idempotency import DuplicateSubmission

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def error_messages(error: ValidationError) -> list[str]:
    """A ValidationError's messages as plain sentences (never the repr of a list or a dict)."""
    if hasattr(error, "error_dict"):
        return [str(message) for messages in error.message_dict.values() for message in messages]
    return [str(message) for message in error.messages]


def form_error_texts(form: forms.BaseForm) -> list[str]:
    """A form's errors as plain sentences, one per problem, each headed by its field's label (a problem of
    the whole form, or of a field the form does not show, without one)."""
    texts: list[str] = []
    for name, errors in form.errors.items():
        label = form[name].label if name in form.fields else ""
        texts.extend(f"{label}: {message}" if label else str(message) for message in errors)
    return texts


def flash_errors(
    request: HttpRequest, error: "ValidationError | EditConflict", *, level: int = messages.ERROR
) -> None:
    """Show a service's refusal as flash messages on the page the view goes to next, one plain sentence per
    problem. The one way a view that has no form to show the error on tells the person why nothing changed."""
    texts = error_messages(error) if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        messages.add_message(request, level, text)


def flash_form_errors(request: HttpRequest, form: forms.BaseForm, *, level: int = messages.ERROR) -> None:
    """Show a form's errors as flash messages (for a form posted from a page the view redirects back to),
    one per problem, named by the field's label."""
    for text in form_error_texts(form):
        messages.add_message(request, level, text)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def service_saved(form: "forms.BaseForm | FormWithRows", save: Callable[[dict[str, Any]], object]) -> Any:
    """Call `save` with the form's data and return what it saved, or None when it failed.

    The one way a view hands a form to a service. A ValidationError lands on the form per field (on a row's
    cell for a form with rows); an EditConflict (someone saved first) becomes a form error, so the user sees
    why and loses nothing they typed. PermissionDenied is not caught: it is a 403 page with its reason, and
    neither is DuplicateSubmission (the same submit twice): the first one was stored, so the view answers as
    for a success, saying so."""
    try:
        if isinstance(form, FormWithRows):
            return save(form.values())
        return save(form.cleaned_data)
    except DuplicateSubmission:
        raise
    except ValidationError as error:
        if isinstance(form, FormWithRows):
            form.add_service_errors(error)
        else:
            add_service_errors(form, error)
    except EditConflict as conflict:
        target = form.form if isinstance(form, FormWithRows) else form
        target.add_error(None, str(conflict))
    return None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict[str, Any], int | None], object],
    saved_message: str,
    template: str,
    context: dict[str, Any] | None = None,
) -> Any:
    """The one shape of a create or edit page: on a valid POST, `save(data, version)` with the form's data
    (its `version` field taken out and passed apart: None on a create form), through service_saved; then the
    message and a redirect to what was saved. Otherwise the page with the form (and its errors)."""
    from django.shortcuts import redirect, render

    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        saved = service_saved(form, lambda _data: save(data, version))
        if saved is not None:
            messages.success(request, saved_message)
            return redirect(saved)
    return render(request, template, {"form": form, **(context or {})})


class MonthField(forms.DateField):
    """A month typed as <input type="month"> ('2021-02'), kept as the first day of that month."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m", "%Y-%m-%d"])
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        date = super().to_python(value)
        return date.replace(day=1) if date else date


class LinesField(forms.CharField):
    """A text area with one item per line, cleaned to the list of its non-empty lines."""

    def __init__(self, *, rows: int = 3, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One item per line."))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # a list of lines, by design
        return [line.strip() for line in (super().to_python(value) or "").splitlines() if line.strip()]


class RowForm(forms.Form):
    """One line of a fixed-size table of rows; an empty line is left out. Inputs carry the column and line
    number as their accessible name (the table header is the visible label)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        index = (self.prefix or "").rsplit("-", 1)[-1]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = (
                f"{field.label} ({int(index) + 1})" if index.isdigit() else str(field.label)
            )

    def values(self) -> dict[str, Any] | None:
        data = getattr(self, "cleaned_data", None) or {}
        if not any(value not in (None, "") for value in data.values()):
            return None
        return {name: data.get(name) for name in self.fields}


class FormWithRows:
    """A form with tables of rows (formsets), validated and saved as one: `values()` gives the service its
    keyword arguments (rows without any value left out); `add_service_errors` puts each problem the service
    raises next to its input: a row's problem on that row's cell, anything else on the field of the same name
    or above the form. Subclasses name the rows and build the initial values."""

    ROWS: "dict[str, type[forms.BaseFormSet[Any]]]" = {}

    def __init__(
        self,
        data: Any,
        *,
        form: forms.Form,
        rows: dict[str, list[dict[str, Any]]],
        row_kwargs: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        """`row_kwargs` go to every row's form of that table, its empty row (for "Add a line") included."""
        self.form = form
        self.formsets = {
            name: formset(data, prefix=name, initial=rows[name], form_kwargs=(row_kwargs or {}).get(name, {}))
            for name, formset in self.ROWS.items()
        }
        self._sent: dict[str, list[RowForm]] = {}

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [formset.is_valid() for formset in self.formsets.values()]
        return all(results)

    def values(self) -> dict[str, Any]:
        data = dict(self.form.cleaned_data)
        for name, formset in self.formsets.items():
            self._sent[name] = [form for form in formset.forms if form.values() is not None]
            data[name] = [form.values() for form in self._sent[name]]
        return data

    def place_error(self, field: str, params: dict[str, Any], message: str) -> bool:
        """Subclasses put problems of fields that are not form fields (False: not placed)."""
        return False

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.form.add_error(None, message)
            return
        for field, problems in error.error_dict.items():
            for problem in problems:
                params = problem.params or {}
                message = ValidationError(problem.message, code=problem.code, params=params).messages[0]
                if field in self._sent and "row" in params and params["row"] < len(self._sent[field]):
                    self._sent[field][params["row"]].add_error(params.get("column"), message)
                elif self.place_error(field, params, message):
                    continue
                elif field in self.form.fields:
                    self.form.add_error(field, message)
                else:
                    self.form.add_error(None, message)

    @property
    def has_errors(self) -> bool:
        return bool(self.form.errors) or any(
            formset.total_error_count() for formset in self.formsets.values()
        )
