"""Importing a material data set: validation refuses bad files whole; derived indicators are exact."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.authorization import system_actor
from materials import dataset
from materials.models import IndicatorValue, MaterialDataRelease, ProducerShare
from materials.services import material_release_import

from .factories import raw_materials

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-2015"


def producer(material, country, share, wgi, restricted="no"):
    return {
        "material": material,
        "country": country,
        "share": share,
        "wgi_estimate": wgi,
        "export_restriction": restricted,
        "source": "test source",
        "year": 2015,
    }


def indicator(material, name, value):
    return {"material": material, "indicator": name, "value": value, "source": "test source", "year": 2015}


GOOD_PRODUCERS = [producer("Antimony", "CN", 0.8, -0.5, "yes"), producer("Antimony", "RU", 0.2, -1.0)]


@pytest.fixture
def materials(db):
    return raw_materials()


def test_import_derives_hhi_wgi_and_export_share(materials):
    # HHI = 0.8² + 0.2² = 0.64 + 0.04 = 0.68
    # WGI scaled: CN 5 − 2·(−0.5) = 6, RU 5 − 2·(−1.0) = 7; weighted = 0.8·6 + 0.2·7 = 4.8 + 1.4 = 6.2
    # export restricted share = 0.8 (CN)
    release = material_release_import(
        actor=system_actor(),
        code="t1",
        title="Test",
        indicator_rows=[indicator("Sb", "eol_recycling_rate", "0.1")],
        producer_rows=GOOD_PRODUCERS,
    )
    values = dict(IndicatorValue.objects.filter(profile__release=release).values_list("indicator", "value"))
    assert values == {
        "hhi": pytest.approx(0.68),
        "weighted_wgi": pytest.approx(6.2),
        "export_restrictions": pytest.approx(0.8),
        "eol_recycling_rate": pytest.approx(0.1),
    }
    hhi = IndicatorValue.objects.get(profile__release=release, indicator="hhi")
    assert (hhi.source, hhi.calculated, hhi.year) == ("test source", True, 2015)
    assert release.is_current
    assert ProducerShare.objects.filter(profile__release=release).count() == 2


def test_import_keeps_a_directly_given_hhi(materials):
    release = material_release_import(
        actor=system_actor(),
        code="t1",
        title="Test",
        indicator_rows=[indicator("Antimony", "hhi", 0.5)],
        producer_rows=GOOD_PRODUCERS,
    )
    assert IndicatorValue.objects.get(profile__release=release, indicator="hhi").value == 0.5


@pytest.mark.parametrize(
    ("indicators", "producers", "message"),
    [
        (
            [],
            [producer("Antimony", "CN", 0.8, -0.5), producer("Antimony", "RU", 0.1, -1.0)],
            "producers row 2: the shares of Antimony sum to 0.900",
        ),
        (
            [indicator("Antimony", "eol_recycling_rate", 1.2)],
            GOOD_PRODUCERS,
            "indicators row 2: eol_recycling_rate = 1.2 is outside the allowed range (between 0 and 1)",
        ),
        (
            [indicator("Unobtainium", "hhi", 0.2)],
            GOOD_PRODUCERS,
            "indicators row 2: unknown raw material 'Unobtainium'",
        ),
        ([indicator("Antimony", "luck", 0.2)], GOOD_PRODUCERS, "indicators row 2: unknown indicator 'luck'"),
        (
            [indicator("Antimony", "hhi", "abc")],
            GOOD_PRODUCERS,
            "indicators row 2: value 'abc' is not a number",
        ),
        (
            [indicator("Antimony", "hhi", 0.2), indicator("Antimony", "hhi", 0.3)],
            GOOD_PRODUCERS,
            "indicators row 3: hhi of Antimony is given twice",
        ),
        (
            [],
            [producer("Antimony", "CN", 1.0, -3.0)],
            "producers row 2: wgi_estimate -3 is not between -2.5 and 2.5",
        ),
        (
            [],
            [producer("Antimony", "China", 1.0, -0.5)],
            "producers row 2: country 'CHINA' is not a two-letter",
        ),
        ([], [producer("Antimony", "CN", 1.0, -0.5, "maybe")], "producers row 2: export_restriction 'maybe'"),
        (
            [{**indicator("Antimony", "hhi", 0.2), "year": 1800}],
            GOOD_PRODUCERS,
            "indicators row 2: year 1800",
        ),
        (
            [{**indicator("Antimony", "hhi", 0.2), "source": ""}],
            GOOD_PRODUCERS,
            "indicators row 2: source is empty",
        ),
    ],
)
def test_import_refuses_bad_files_whole(materials, indicators, producers, message):
    with pytest.raises(ValidationError) as refused:
        material_release_import(
            actor=system_actor(), code="bad", title="Bad", indicator_rows=indicators, producer_rows=producers
        )
    with translation.override("en"):
        problems = refused.value.message_dict["file"]  # every problem of the data set, on the file
    assert any(problem.startswith(message) for problem in problems), problems
    assert not MaterialDataRelease.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_import_refuses_a_release_code_twice(materials):
    material_release_import(
        actor=system_actor(), code="t1", title="Test", indicator_rows=[], producer_rows=GOOD_PRODUCERS
    )
    with pytest.raises(ValidationError, match="already loaded|al geladen"):
        material_release_import(
            actor=system_actor(), code="t1", title="Again", indicator_rows=[], producer_rows=GOOD_PRODUCERS
        )


def test_new_release_becomes_the_only_current_one(materials):
    first = material_release_import(
        actor=system_actor(), code="t1", title="Test", indicator_rows=[], producer_rows=GOOD_PRODUCERS
    )
    second = material_release_import(
        actor=system_actor(), code="t2", title="Test 2", indicator_rows=[], producer_rows=GOOD_PRODUCERS
    )
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert list(MaterialDataRelease.objects.current()) == [second]


def test_sample_dataset_is_valid_and_labelled_illustrative():
    """The sample's rows name the publication their order of magnitude follows; that they are illustrative
    is the release's (is_sample, shown with every value: test_views)."""
    indicators, producers = dataset.read_csv_folder(SAMPLE)
    assert all(row["source"].strip() for row in indicators + producers)
    assert "ILLUSTRATIVE" in (SAMPLE / "README.md").read_text(encoding="utf-8")
    names = {row["material"] for row in indicators + producers}

    def resolve(name):
        return (name, name) if name in names else None

    loaded = dataset.validate(indicators, producers, resolve)
    assert len(loaded) == 12
    antimony = next(item for item in loaded if item.label == "Antimony")
    # 0.8² + 0.07² + 0.05² + 0.08² = 0.64 + 0.0049 + 0.0025 + 0.0064 = 0.6538
    assert antimony.values["hhi"].value == pytest.approx(0.6538)


def test_xlsx_reader_reads_both_sheets():
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "indicators"
    sheet.append(list(dataset.INDICATOR_COLUMNS))
    sheet.append(["Antimony", "hhi", 0.5, "s", 2015])
    producers = workbook.create_sheet("producers")
    producers.append(list(dataset.PRODUCER_COLUMNS))
    producers.append(["Antimony", "CN", 1, -0.5, "yes", "s", 2015])
    buffer = BytesIO()
    workbook.save(buffer)
    indicators, producer_rows = dataset.read_xlsx(buffer.getvalue())
    assert indicators == [
        {"material": "Antimony", "indicator": "hhi", "value": 0.5, "source": "s", "year": 2015}
    ]
    assert producer_rows[0]["country"] == "CN"


def test_xlsx_reader_refuses_other_files():
    with pytest.raises(dataset.DatasetError, match="not a readable .xlsx"):
        dataset.read_xlsx(b"not a workbook")


def test_release_upload_page_names_the_bad_row_in_dutch(client, user_for, materials):
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import Workbook

    from accounts.roles import Role
    from accounts.testing import login_as

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "indicators"
    sheet.append(list(dataset.INDICATOR_COLUMNS))
    producers = workbook.create_sheet("producers")
    producers.append(list(dataset.PRODUCER_COLUMNS))
    producers.append(["Antimony", "CN", 0.7, -0.5, "yes", "s", 2015])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "data.xlsx"
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    response = client.post(reverse("materials:release-list"), {"code": "r1", "title": "R1", "file": buffer})
    # The load is a background job: the page of the job follows it, and shows the refusal once it ran.
    from jobs.models import JobRun
    from jobs.testing import run_queued_jobs

    job = JobRun.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert run_queued_jobs() == 1
    response = client.get(response["Location"])
    assert "producers regel 2: de aandelen van Antimony tellen op tot 0.700, niet tot 1 ± 0.01" in (
        response.content.decode()
    )
    assert not MaterialDataRelease.objects.exists()
    job.refresh_from_db()
    assert job.status == "failed" and job.output_file == ""


def test_a_release_uploaded_on_the_page_is_loaded_by_the_worker(client, user_for, materials):
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import Workbook

    from accounts.roles import Role
    from accounts.testing import login_as
    from jobs.models import JobRun
    from jobs.testing import run_queued_jobs

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "indicators"
    sheet.append(list(dataset.INDICATOR_COLUMNS))
    sheet.append(["Antimony", "hhi", 0.5, "s", 2015])
    producers = workbook.create_sheet("producers")
    producers.append(list(dataset.PRODUCER_COLUMNS))
    producers.append(["Antimony", "CN", 1.0, -0.5, "yes", "s", 2015])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "data.xlsx"
    office = login_as(client, user_for, Role.PROGRAMME_OFFICE)
    client.post(reverse("materials:release-list"), {"code": "r2", "title": "R2", "file": buffer})
    job = JobRun.objects.get()
    assert (job.status, job.kind, job.params["code"]) == ("queued", "materials.release_load", "r2")
    assert not MaterialDataRelease.objects.exists()  # nothing is loaded in the request
    # the same label again while the first load waits: refused on the form
    buffer.seek(0)
    response = client.post(reverse("materials:release-list"), {"code": "r2", "title": "R2", "file": buffer})
    assert response.status_code == 200 and JobRun.objects.count() == 1
    run_queued_jobs()
    job.refresh_from_db()
    release = MaterialDataRelease.objects.get()
    assert (job.status, job.result, job.progress_done, job.progress_total) == (
        "done",
        {"release": "r2", "materials": 1},
        2,
        2,
    )
    assert (release.code, release.is_current, release.loaded_by) == ("r2", True, office)
