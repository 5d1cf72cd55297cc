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


def test_the_repr_guard_recognises_reprs_and_lets_plain_text_pass():
    from conftest import python_repr_in

    assert python_repr_in("['20-004 kan nog niet over naar Uitvoering. Ontbreekt: …']")
    assert python_repr_in("{'title': ['A project needs a title.']}")
    assert python_repr_in("ValidationError(['x'])")
    assert not python_repr_in("20-004 kan nog niet over naar Uitvoering. Ontbreekt: projectbrief.")
    assert not python_repr_in("Rij 3: 'Unobtainium' is geen grondstof uit de catalogus.")


def test_a_flash_message_or_form_error_with_a_repr_is_caught(rf, no_python_repr_reaches_a_person):
    """The guard is on for every test: a view that flashes str(ValidationError), or puts it on a form, is
    caught; the same message through error_messages() is plain text."""
    from django import forms
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.core.exceptions import ValidationError

    from regiekamer.forms import error_messages

    seen = no_python_repr_reaches_a_person
    error = ValidationError(["20-004 kan nog niet over naar Uitvoering."])
    request = rf.get("/")
    request.session = {}
    storage = FallbackStorage(request)
    storage.add(40, error_messages(error)[0])
    form = forms.Form(data={})
    form.is_valid()
    form.add_error(None, error_messages(error))
    assert seen == []

    storage.add(40, str(error))
    form.add_error(None, str(error))
    assert len(seen) == 2 and seen[0].startswith("flash message: ['20-004")
    seen.clear()  # the guard did its work; let this test pass
