"""Form plumbing shared by the apps: a service's errors shown on the form that called it, forms with tables of
rows, and the widgets and fields several apps use."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .concurrency import EditConflict
from .idempotency import DuplicateSubmission

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def error_messages(error: ValidationError) -> list[str]:
    """A ValidationError's messages as plain sentences (never the repr of a list or a dict)."""
    if hasattr(error, "error_dict"):
        return [str(message) for messages in error.message_dict.values() for message in messages]
    return [str(message) for message in error.messages]


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def service_saved(form: "forms.BaseForm | FormWithRows", save: Callable[[dict], object]) -> Any:
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


class MonthField(forms.DateField):
    """A month typed as <input type="month"> ('2021-02'), kept as the first day of that month."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m", "%Y-%m-%d"])
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class LinesField(forms.CharField):
    """A text area with one item per line, cleaned to the list of its non-empty lines."""

    def __init__(self, *, rows: int = 3, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One item per line."))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # a list of lines, by design
        return [line.strip() for line in (super().to_python(value) or "").splitlines() if line.strip()]


class RowForm(forms.Form):
    """One line of a fixed-size table of rows; an empty line is left out. Inputs carry the column and line
    number as their accessible name (the table header is the visible label)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        index = (self.prefix or "").rsplit("-", 1)[-1]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = (
                f"{field.label} ({int(index) + 1})" if index.isdigit() else str(field.label)
            )

    def values(self) -> dict | None:
        data = getattr(self, "cleaned_data", None) or {}
        if not any(value not in (None, "") for value in data.values()):
            return None
        return {name: data.get(name) for name in self.fields}


class FormWithRows:
    """A form with tables of rows (formsets), validated and saved as one: `values()` gives the service its
    keyword arguments (rows without any value left out); `add_service_errors` puts each problem the service
    raises next to its input: a row's problem on that row's cell, anything else on the field of the same name
    or above the form. Subclasses name the rows and build the initial values."""

    ROWS: dict = {}

    def __init__(self, data, *, form: forms.Form, rows: dict[str, list]):
        self.form = form
        self.formsets = {
            name: formset(data, prefix=name, initial=rows[name]) for name, formset in self.ROWS.items()
        }
        self._sent: dict[str, list] = {}

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [formset.is_valid() for formset in self.formsets.values()]
        return all(results)

    def values(self) -> dict:
        data = dict(self.form.cleaned_data)
        for name, formset in self.formsets.items():
            self._sent[name] = [form for form in formset.forms if form.values() is not None]
            data[name] = [form.values() for form in self._sent[name]]
        return data

    def place_error(self, field: str, params: dict, message: str) -> bool:
        """Subclasses put problems of fields that are not form fields (False: not placed)."""
        return False

    def add_service_errors(self, error) -> None:
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
