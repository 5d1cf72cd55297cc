"""Reference data in the reader's language: every text in both languages from the data files, read through one
mechanism (`Localized`, `label`, `str`) that follows the active language."""

import csv

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from accounts.testing import login_as
from catalogue import models as m
from catalogue.loader import DATA_DIR
from catalogue.localized import Localized, localized_of
from catalogue.registry import LISTS

pytestmark = pytest.mark.django_db

LOCALIZED_MODELS = [model for model in dict.fromkeys(entry.model for entry in LISTS) if localized_of(model)]


def test_every_list_but_the_printed_figures_is_translated():
    assert {model.__name__ for model in dict.fromkeys(e.model for e in LISTS)} - {
        model.__name__ for model in LOCALIZED_MODELS
    } == {"IndustryFigure"}  # rows of a printed table, quoted as printed


@pytest.mark.parametrize("model", LOCALIZED_MODELS, ids=lambda model: model.__name__)
def test_every_text_is_in_both_languages(catalogue, model):
    """A text the source gives in one language has its other language in the data files: none is left to be
    shown in the wrong language."""
    localized: Localized = model.localized
    for entry in model._default_manager.all():
        for concept, (dutch, english) in localized.pairs.items():
            assert bool(getattr(entry, dutch)) == bool(getattr(entry, english)), (str(entry.pk), concept)


@pytest.mark.parametrize(
    ("model", "lookup", "dutch", "english"),
    [
        (m.RawMaterial, {"code": "natural-graphite"}, "Natuurlijk grafiet (C)", "Natural graphite (C)"),
        (m.RawMaterial, {"code": "steel"}, "Staal (Fe)", "Steel (Fe)"),
        (m.RStrategy, {"code": "R0"}, "R0 Weigeren", "R0 Refuse"),
        (m.InnovationFunction, {"code": "F4"}, "F4 Richting zoekproces", "F4 Creation of Directionality"),
        (m.Horizon, {"code": "0-2y"}, "0-2 jr", "0-2 years"),
        (m.Pillar, {"code": "verbreding"}, "Verbreding", "Broadening"),
        (m.ProductCluster, {"code": "kapitaalgoederen"}, "Kapitaalgoederen", "Capital goods"),
        (m.SbiCode, {"code": "C"}, "C Industrie", "C Manufacturing"),
        (m.FigureDataset, {}, "De maakindustrie in cijfers", "The manufacturing industry in figures"),
    ],
)
def test_an_entry_reads_as_the_active_language(catalogue, model, lookup, dutch, english):
    entry = model._default_manager.get(**lookup)

    with translation.override("nl"):
        assert str(entry) == dutch
    with translation.override("en"):
        assert str(entry) == english


def test_texts_beside_the_name_follow_the_language_too(catalogue):
    refuse = m.RStrategy.objects.get(code="R0")
    horizon = m.Horizon.objects.get(code="0-3m")

    with translation.override("nl"):
        assert refuse.localized.definition.startswith("Product overbodig maken")
        assert horizon.localized.task_type == "Directe actie taken"
    with translation.override("en"):
        assert refuse.localized.definition.startswith("Make product redundant")
        assert horizon.localized.task_type == "Direct action tasks"


def test_the_dutch_r_ladder_is_the_one_of_the_data_file(catalogue):
    """The names come from r_strategies.csv (Potting et al.), read here independently of the loader."""
    with (DATA_DIR / "r_strategies.csv").open(newline="", encoding="utf-8") as handle:
        expected = {row["code"]: (row["name_nl"], row["name"]) for row in csv.DictReader(handle)}

    for code, (dutch, english) in expected.items():
        strategy = m.RStrategy.objects.get(code=code)
        with translation.override("nl"):
            assert strategy.label == dutch
        with translation.override("en"):
            assert strategy.label == english


def test_an_empty_translation_falls_back_to_the_other_language(catalogue):
    m.Province.objects.filter(code="UT").update(name_en="")

    with translation.override("en"):
        assert m.Province.objects.get(code="UT").label == "Utrecht"


def test_a_list_is_sorted_by_the_names_the_reader_sees(client, user_for, catalogue):
    login_as(client, user_for, Role.READER)
    url = reverse("catalogue:list", args=["critical-raw-materials"])

    dutch = client.get(url).context["rows"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).context["rows"]

    def names(rows):
        return [row["cells"][0] for row in rows]

    assert names(dutch)[:3] == ["Antimoon", "Arseen", "Bariet"]
    assert names(english)[:3] == ["Antimony", "Arsenic", "Baryte"]
    assert names(dutch) == sorted(names(dutch), key=str.lower)


def test_the_pages_show_dutch_and_english_on_request(client, user_for, catalogue):
    login_as(client, user_for, Role.READER)
    url = reverse("catalogue:list", args=["r-ladder"])

    dutch = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()

    assert "Weigeren" in dutch and "Product overbodig maken" in dutch and "Refuse" not in dutch
    assert "circulair design" in dutch
    assert "Refuse" in english and "Make product redundant" in english and "Weigeren" not in english
