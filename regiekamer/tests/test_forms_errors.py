"""flash_errors and flash_form_errors: a refusal reaches the person as plain sentences in their language, one
flash message per problem, a form's problems named by the field's label."""

from django import forms
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.utils import translation

from regiekamer.concurrency import EditConflict
from regiekamer.forms import flash_errors, flash_form_errors, form_error_texts


class ProjectForm(forms.Form):
    title = forms.CharField(label="Projecttitel")
    budget = forms.IntegerField(required=False)  # no label: Django's "Budget" from the name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title") == "Test":
            raise ValidationError("A project needs a real title, %(name)s.", params={"name": "Ada"})
        return cleaned


def _request(rf):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _flashed(request) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in messages.get_messages(request)]


def test_a_list_of_messages_is_one_flash_message_each(rf):
    request = _request(rf)
    flash_errors(request, ValidationError(["Choose a team.", "Choose a product group."]))
    assert _flashed(request) == [
        (messages.ERROR, "Choose a team."),
        (messages.ERROR, "Choose a product group."),
    ]


def test_a_dict_of_fields_is_flattened_to_its_sentences(rf):
    request = _request(rf)
    flash_errors(request, ValidationError({"title": ["A project needs a title."], "phase": "Unknown phase."}))
    assert _flashed(request) == [
        (messages.ERROR, "A project needs a title."),
        (messages.ERROR, "Unknown phase."),
    ]


def test_params_are_filled_in(rf):
    request = _request(rf)
    error = ValidationError(
        "%(number)s cannot move to %(phase)s yet.",
        code="gate",
        params={"number": "20-004", "phase": "Uitvoering"},
    )
    flash_errors(request, error, level=messages.WARNING)
    assert _flashed(request) == [(messages.WARNING, "20-004 cannot move to Uitvoering yet.")]


def test_an_edit_conflict_is_its_sentence(rf):
    request = _request(rf)
    with translation.override("en"):
        flash_errors(request, EditConflict("Team Realisatie", expected_version=3, current_version=4))
    assert _flashed(request) == [
        (
            messages.ERROR,
            "Team Realisatie was changed by someone else (now version 4, you edited version 3). "
            "Reload the page and apply your change again.",
        )
    ]


def test_a_form_names_each_field_by_its_label_and_a_form_problem_without_one(rf):
    request = _request(rf)
    form = ProjectForm({"title": "Test", "budget": "lots"})
    assert not form.is_valid()
    with translation.override("en"):
        flash_form_errors(request, form)
    assert _flashed(request) == [
        (messages.ERROR, "Budget: Enter a whole number."),
        (messages.ERROR, "A project needs a real title, Ada."),
    ]


def test_a_form_error_is_in_the_readers_language():
    form = ProjectForm({"title": ""})
    with translation.override("nl"):
        assert not form.is_valid()
        assert form_error_texts(form) == ["Projecttitel: Dit veld is verplicht."]


def test_a_valid_form_flashes_nothing(rf):
    request = _request(rf)
    form = ProjectForm({"title": "Circulaire bouw"})
    assert form.is_valid()
    flash_form_errors(request, form)
    assert _flashed(request) == []
