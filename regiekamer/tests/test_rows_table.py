"""A form's table of rows (regiekamer/_rows_table.html) carries its empty row for "Add a line" (app.js copies
it): the row's names and number as placeholders for the script, the button hidden until the script shows it,
in Dutch. The browser journeys (passports, progress report) click it and save the added row."""

import re

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class LineForm(forms.Form):
    funder = forms.CharField(label="financier", required=False)
    amount = forms.IntegerField(label="bedrag", required=False)


LineFormSet = forms.formset_factory(LineForm, extra=2)


def _rendered(formset) -> str:
    with translation.override("nl"):
        return render_to_string(
            "regiekamer/_rows_table.html", {"formset": formset, "caption": "Financiering"}
        )


def test_the_table_carries_its_empty_row_and_a_hidden_add_button():
    html = _rendered(LineFormSet(prefix="funding"))
    shown = re.search(r'<tbody data-rows="funding">(.*?)</tbody>', html, re.S).group(1)
    assert re.findall(r'<th scope="row">(\w+)</th>', shown) == ["1", "2"]
    assert 'name="funding-1-funder"' in shown and "__prefix__" not in shown
    template = re.search(r'<template data-rows-new="funding">(.*?)</template>', html, re.S).group(1)
    assert '<th scope="row">__number__</th>' in template
    assert 'name="funding-__prefix__-funder"' in template and 'name="funding-__prefix__-amount"' in template
    button = re.search(r"<button[^>]*data-rows-add=\"funding\"[^>]*>(.*?)</button>", html).group(0)
    assert " hidden>" in button and "Regel toevoegen" in button and 'type="button"' in button
