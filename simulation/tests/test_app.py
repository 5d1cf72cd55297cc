"""The simulation in Regiekamer: the service refuses bad input naming the field, a scenario runs as a job and
saves its outputs, the page shows charts, outcomes and the interaction matrix, the downloads, the API and the
command line."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from jobs.testing import run_queued_jobs
from simulation import services
from simulation.models import Scenario

CUT = {"kind": "export_restriction", "country": "", "start": 2, "duration": 4, "depth": 0.5}
COLLECT = {"kind": "collection_rate", "start": 1, "duration": 0, "rate": 0.8}


@pytest.fixture
def office(user_for):
    return user_for(Role.PROGRAMME_OFFICE)


def start(office, magnesium, **kwargs):
    values = dict(title="Mg", materials=[magnesium], interventions=[CUT, COLLECT], horizon=12, seed=3)
    values.update(kwargs)
    return services.scenario_start(actor=office, **values)


@pytest.mark.parametrize(
    "change, field",
    [
        (dict(horizon=0), "horizon"),
        (dict(interventions=[{**CUT, "start": 12}]), "interventions.0.start"),
        (dict(interventions=[{**CUT, "country": "XX"}]), "interventions.0.country"),
        (dict(interventions=[{"kind": "new_capacity", "start": 1, "amount": -1}]), "interventions.0.amount"),
        (dict(title=" "), "title"),
        (dict(materials=[]), "materials"),
    ],
)
def test_bad_input_is_refused_before_anything_runs(office, magnesium, change, field):
    with pytest.raises(ValidationError) as refused:
        start(office, magnesium, **change)
    assert field in refused.value.message_dict
    assert not Scenario.objects.exists()


def test_a_material_without_supplier_data_is_refused(office, magnesium):
    from catalogue.models import RawMaterial

    lithium = RawMaterial.objects.get(code="lithium")
    with pytest.raises(ValidationError) as refused:
        start(office, magnesium, materials=[lithium])
    assert "materials" in refused.value.message_dict


def test_scenario_runs_as_a_job_and_saves_its_outputs(office, magnesium):
    scenario = start(office, magnesium)
    assert scenario.status == Scenario.Status.QUEUED and scenario.job is not None
    # The dominant supplier in the data (China, 0.9) is the country of the cut.
    assert scenario.inputs["magnesium"]["suppliers"][0] == {"country": "CN", "share": 0.9, "governance": -0.5}
    run_queued_jobs()
    scenario.refresh_from_db()
    assert scenario.status == Scenario.Status.DONE
    runs = {run.configuration: run for run in scenario.runs.all()}
    assert set(runs) == {"linear", "circular"}
    assert len(runs["linear"].series["price"]) == 12
    # Linear recycling before the cut: collection 0.4 / 0.8 = 0.5, half exported, efficiency 0.8: 0.2.
    assert runs["linear"].series["recycling_share"][0] == pytest.approx(0.2, abs=0.02)
    pairs = scenario.interactions["magnesium"]["linear"]["pairs"]
    assert {p["output"] for p in pairs} == {
        "price_peak",
        "total_shortage",
        "total_net_outflow",
        "mean_recycling_share",
    }
    # Reproducible from the seed: the same inputs give the same outputs.
    again = start(office, magnesium, title="Again")
    run_queued_jobs()
    assert again.runs.get(configuration="linear").summary == runs["linear"].summary


def test_page_shows_charts_outcomes_matrix_and_downloads(client, office, magnesium):
    scenario = start(office, magnesium)
    run_queued_jobs()
    client.force_login(office)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert page.count("<svg") == 4
    assert "sim-line--linear" in page and "sim-line--circular" in page
    assert 'data-testid="interaction-matrix"' in page
    csv_text = client.get(reverse("simulation:scenario-export", args=[scenario.pk, "csv"])).content.decode()
    assert len(csv_text.strip().splitlines()) == 1 + 2 * 12  # header, 2 configurations × 12 quarters
    xlsx = client.get(reverse("simulation:scenario-export", args=[scenario.pk, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.max_row == 1 + 2 * 12


def test_new_scenario_form_starts_the_job(client, office, magnesium):
    client.force_login(office)
    response = client.post(
        reverse("simulation:scenario-new"),
        {
            "title": "Form",
            "materials": [magnesium.pk],
            "comparison": "both",
            "horizon": 10,
            "seed": 0,
            "sweep_size": 0,
            "export_restriction": "on",
            "export_restriction__country": "",
            "export_restriction__start": 2,
            "export_restriction__duration": 20,
            "export_restriction__depth": 50,
        },
    )
    # Duration past the horizon: the error lands on the intervention's field.
    assert response.status_code == 200
    assert "export_restriction__duration" in response.context["form"].errors
    assert not Scenario.objects.exists()


def test_api_starts_and_reads_a_scenario(client, office, magnesium):
    client.force_login(office)
    response = client.post(
        "/api/simulation/scenarios/",
        json.dumps({"title": "API", "materials": ["magnesium"], "interventions": [CUT], "horizon": 10}),
        content_type="application/json",
    )
    assert response.status_code == 202, response.content
    run_queued_jobs()
    detail = client.get(f"/api/simulation/scenarios/{response.json()['id']}/").json()
    assert detail["status"] == "done" and len(detail["runs"]) == 2
    bad = client.post(
        "/api/simulation/scenarios/",
        json.dumps({"title": "API", "materials": ["magnesium"], "horizon": 0}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "horizon" in bad.json()


def test_command_line(magnesium):
    out = io.StringIO()
    call_command("simulate", "--material", "Mg", "--scenario", "export-cut", "--horizon", "12", stdout=out)
    text = out.getvalue()
    assert "done" in text and "linear" in text and "circular" in text
    # its title in the reader's words, not the preset's code
    assert Scenario.objects.get().title == f"Exportbeperking ({magnesium})"


@pytest.mark.scenario
def test_a_sweep_runs_on_dask_streams_rows_and_gives_sobol_indices(office, magnesium, monkeypatch):
    monkeypatch.setenv("SIMULATION_DASK_WORKERS", "1")
    scenario = start(office, magnesium, interventions=[CUT, COLLECT], comparison="linear", sweep_size=4)
    run_queued_jobs()
    scenario.refresh_from_db()
    assert scenario.status == Scenario.Status.DONE
    # Saltelli with second order: size × (2 × settings + 2) = 4 × 6 runs, each a row written as it finished.
    assert scenario.sweep_runs.count() == 24
    result = scenario.sobol["magnesium"]["linear"]
    assert result["names"] == ["interventions.0.depth", "interventions.1.rate"]
    assert "total_shortage" in result["indices"]


# ------------------------------------------------------------------ the sweep's progress and cancel (no Dask)
@pytest.fixture
def in_process_sweep(monkeypatch):
    """Dask replaced by a loop in this process, as sweep.stream drives it: each run's summary handed to
    `on_result` in turn, stopping when `cancelled()` says so. `seen` gets the job record's progress after
    each result; `after` (index -> callable) runs something then (the owner's cancel)."""
    from contextlib import contextmanager

    from jobs.models import JobRun
    from simulation import sweep

    seen: list[tuple[int, int | None]] = []
    after: dict[int, object] = {}

    @contextmanager
    def client(**kwargs):
        yield None

    def stream(dask_client, scenarios, on_result, *, window=64, chunk=1, cancelled=lambda: False):
        done = 0
        for index, item in enumerate(scenarios):
            on_result(index, sweep.run_one(item))
            done += 1
            job = JobRun.objects.latest("pk")
            seen.append((job.progress_done, job.progress_total))
            if index in after:
                after[index]()
            if cancelled():
                break
        return done

    monkeypatch.setattr(sweep, "client", client)
    monkeypatch.setattr(sweep, "stream", stream)
    return seen, after


def test_a_sweeps_progress_rises_with_every_finished_run(office, magnesium, in_process_sweep):
    seen, _ = in_process_sweep
    scenario = start(office, magnesium, interventions=[CUT, COLLECT], comparison="linear", sweep_size=4)
    run_queued_jobs()
    scenario.refresh_from_db()
    assert scenario.status == Scenario.Status.DONE and scenario.sweep_runs.count() == 24
    # one kernel run + one interaction matrix, then 4 × (2 × 2 settings + 2) = 24 sweep runs: 26 units
    assert seen == [(2 + n, 26) for n in range(1, 25)]
    job = scenario.job
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total) == ("done", 26, 26)


def test_a_cancelled_job_stops_its_sweep(office, magnesium, in_process_sweep):
    from jobs import services as jobs_services

    seen, after = in_process_sweep
    scenario = start(office, magnesium, interventions=[CUT, COLLECT], comparison="linear", sweep_size=4)
    after[2] = lambda: jobs_services.cancel(actor=office, job=scenario.job)  # the owner clicks "cancel"
    run_queued_jobs()
    scenario.job.refresh_from_db()
    assert scenario.job.status == "cancelled"
    # the third result was the last: the sweep asked for no more runs and computed no indices
    assert len(seen) == 3 and scenario.sweep_runs.count() == 3
    scenario.refresh_from_db()
    assert scenario.sobol == {}


# ------------------------------------------------- where the supplier data come from, and what lacks them
@pytest.fixture
def demo_material_data(catalogue):
    """The material data as `regiekamer demo` loads them: the illustrative sample-2015 release (the only one
    with supplier countries and shares), then the EU 2023 assessment as the current release."""
    from accounts.authorization import system_actor
    from materials import dataset
    from materials.demo import EU_CODE, EU_FILE, SAMPLE_CODE, SAMPLE_FOLDER, sample_titles
    from materials.services import material_release_import, material_release_load_eu_assessment

    indicators, producers = dataset.read_csv_folder(SAMPLE_FOLDER)
    title, title_en = sample_titles()
    material_release_import(
        actor=system_actor(),
        code=SAMPLE_CODE,
        indicator_rows=indicators,
        producer_rows=producers,
        is_sample=True,
        title=title,
        title_en=title_en,
    )
    material_release_load_eu_assessment(
        actor=system_actor(),
        text=EU_FILE.read_text(encoding="utf-8"),
        code=EU_CODE,
        title="EU-beoordeling 2023",
    )


def test_the_pages_name_the_supplier_release_the_scanner_reads(client, office, demo_material_data):
    """The demo has the illustrative 2015 sample and the EU 2023 assessment (current): the simulation reads
    the current release, as the scanner does, which names a main supplier for each of the programme's
    supply-security materials (phosphate rock too, which the sample lacked)."""
    from django.utils import translation

    client.force_login(office)
    for name in ("simulation:scenario-new", "simulation:scenario-list"):
        with translation.override("nl"):
            response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="nl")
        page = response.content.decode()
        assert response.context["without_suppliers"] == []
        assert 'data-testid="without-suppliers"' not in page
        release = page.split('data-testid="supplier-release">', 1)[1].split("</p>", 1)[0]
        assert "komen uit de materiaaldata-release EU-beoordeling 2023 (eu-crm-2023; European Commission" in (
            release
        )
        assert "sample-2015" not in release and 'data-testid="supplier-release-illustrative"' not in release
    form = client.get(reverse("simulation:scenario-new")).context["form"]
    offered = {material.code for material in form.fields["materials"].queryset}
    assert {"magnesium", "antimony", "phosphate-rock"} <= offered


def test_a_goal_material_without_suppliers_is_named_with_the_release(client, office, magnesium):
    """The test release has magnesium's suppliers only: a programme material it lacks (cobalt, here) is
    named as one that cannot be simulated, with the release it is missing from."""
    from django.utils import translation

    from catalogue.models import RawMaterial

    RawMaterial.objects.filter(code__in=["magnesium", "cobalt"]).update(programme_named=True)
    lacking = [RawMaterial.objects.get(code="cobalt")]  # a programme material the test release lacks
    client.force_login(office)
    with translation.override("nl"):
        response = client.get(reverse("simulation:scenario-new"), HTTP_ACCEPT_LANGUAGE="nl")
    with translation.override("nl"):
        expected = [
            f"{material.label}: geen leveranciersgegevens in de materiaaldata: Test (sim-test) heeft er geen "
            "leverancierslanden en -aandelen van, dus het kan niet worden gesimuleerd."
            for material in lacking
        ]
    assert response.context["without_suppliers"] == expected
    assert expected[0] in response.content.decode()


@pytest.fixture
def goals(db):
    """One effect goal of supply security (dimension L) and one of the environment (M)."""
    from catalogue.models import EffectDimension
    from programme.reference import ensure_horizons
    from roadmap.models import EffectGoal, RoadmapRow

    row = RoadmapRow.objects.create(
        horizon=ensure_horizons()["0-5y"], activities="A", performance_goals="P", source_section="§4.4"
    )
    supply, _ = EffectDimension.objects.get_or_create(
        code="L", defaults={"name": "Leveringszekerheid", "source_section": "§4.4"}
    )
    environment, _ = EffectDimension.objects.get_or_create(
        code="M", defaults={"name": "Milieu", "source_section": "§4.4"}
    )
    return {
        "supply": EffectGoal.objects.create(row=row, dimension=supply, text="Mg", source_section="§4.4"),
        "environment": EffectGoal.objects.create(
            row=row, dimension=environment, text="CO2", source_section="§4.4"
        ),
    }


def test_only_a_supply_security_goal_can_be_linked(client, office, magnesium, goals):
    # Given a supply-security goal and an environment goal
    # When a scenario is linked to the environment goal, then the service refuses it, naming the field.
    with pytest.raises(ValidationError) as refused:
        start(office, magnesium, effect_goal=goals["environment"])
    assert "effect_goal" in refused.value.message_dict
    assert not Scenario.objects.exists()
    # The supply-security goal is accepted.
    assert start(office, magnesium, effect_goal=goals["supply"]).effect_goal == goals["supply"]
    # The form offers only the supply-security goal.
    client.force_login(office)
    form = client.get(reverse("simulation:scenario-new")).context["form"]
    assert list(form.fields["effect_goal"].queryset) == [goals["supply"]]


def test_unmet_demand_per_product_group_on_the_page_and_in_the_downloads(client, office, magnesium):
    # Given a run with an export cut (unmet demand in several quarters)
    scenario = start(office, magnesium)
    run_queued_jobs()
    run = scenario.runs.get(configuration="linear")
    groups = scenario.inputs["magnesium"]["groups"]
    # The model rations pro rata: the groups' unmet demand adds up to the total in every quarter.
    for step, total in enumerate(run.series["unmet"]):
        assert sum(run.unmet_by_group[g["code"]][step] for g in groups) == pytest.approx(total)
    client.force_login(office)
    page = client.get(scenario.get_absolute_url())
    table = page.context["materials"][0]["unmet_by_group"]
    assert sorted(table["headers"]) == ["Circulair", "Lineair"]
    linear_column = table["headers"].index("Lineair")
    assert len(table["rows"]) == len(groups)
    # Each cell: the group's unmet demand over the run in quarters of its own demand (100 × its share).
    first = groups[0]
    expected = sum(run.unmet_by_group[first["code"]]) / (100 * first["share"])
    cell = table["rows"][0]["cells"][linear_column]
    assert "," in cell and float(cell.replace(",", ".")) == pytest.approx(expected, abs=0.005)
    assert 'data-testid="unmet-by-group"' in page.content.decode()
    # The CSV has a column per product group beside the totals.
    csv_text = client.get(reverse("simulation:scenario-export", args=[scenario.pk, "csv"])).content.decode()
    header, first_row, *_ = csv_text.lstrip("\ufeff").splitlines()
    assert header.count("Onvervulde vraag: ") == len(groups)
    assert len(first_row.split(";")) == 12 + len(groups)
    xlsx = client.get(reverse("simulation:scenario-export", args=[scenario.pk, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.max_column == 12 + len(groups)
    # The XLSX cell of the first group in the first quarter of the first run is the stored value.
    first_run = scenario.runs.all()[0]
    assert sheet.cell(row=2, column=13).value == pytest.approx(
        first_run.unmet_by_group[first["code"]][0], abs=1e-6
    )


def test_scrap_imports_are_an_input_saved_with_the_run_and_subtracted(client, office, magnesium):
    # Given imports of scrap of 10 % of demand per quarter (the user's assumption)
    scenario = start(office, magnesium, interventions=[CUT], scrap_imports=0.1)
    assert scenario.inputs["magnesium"]["scrap_imports"] == 0.1
    run_queued_jobs()
    linear = scenario.runs.get(configuration="linear")
    # Quarter 1 (before the cut; no higher collection): collection 0.4 / 0.8 = 0.5 of 100 reaching end of
    # life, half exported:
    # 25 leaves, 10 comes in, net outflow 15.
    assert linear.series["net_outflow"][0] == pytest.approx(15.0)
    client.force_login(office)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "10 % van de vraag per kwartaal" in page
    assert "aanname van wie de simulatie startte" in page


def test_without_scrap_imports_the_page_labels_the_zero_as_an_assumption(client, office, magnesium):
    scenario = start(office, magnesium)
    run_queued_jobs()
    client.force_login(office)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "0 % van de vraag per kwartaal (aanname: geen bron geeft ze)" in page


def test_negative_scrap_imports_are_refused_naming_the_field(office, magnesium):
    with pytest.raises(ValidationError) as refused:
        start(office, magnesium, scrap_imports=-0.1)
    assert "scrap_imports" in refused.value.message_dict
