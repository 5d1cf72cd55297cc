"""service_saved: what a service says goes onto the form that called it, and nothing else is claimed."""

from django import forms
from django.core.exceptions import ValidationError

from regiekamer.concurrency import EditConflict
from regiekamer.forms import service_saved


class NameForm(forms.Form):
    name = forms.CharField()


def _form():
    form = NameForm({"name": "Realisatie"})
    assert form.is_valid()
    return form


def test_success_returns_what_the_service_saved():
    form = _form()
    assert service_saved(form, lambda data: data["name"].upper()) == "REALISATIE"
    assert not form.errors


def test_a_field_error_lands_on_that_field_and_an_unknown_field_on_the_form():
    def save(data):
        raise ValidationError({"name": "Bestaat al.", "elsewhere": "Niet op dit formulier."})

    form = _form()
    assert service_saved(form, save) is None
    assert form.errors["name"] == ["Bestaat al."]
    assert form.non_field_errors() == ["Niet op dit formulier."]


def test_an_edit_conflict_is_a_form_error_naming_both_versions():
    def save(data):
        raise EditConflict("Team Realisatie", expected_version=3, current_version=4)

    form = _form()
    assert service_saved(form, save) is None
    [message] = form.non_field_errors()
    assert "Team Realisatie" in message and "4" in message and "3" in message
