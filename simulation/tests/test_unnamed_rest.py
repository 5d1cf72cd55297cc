"""The rest of the supply (other or unknown countries) of the EU 2023 assessment: never the dominant
supplier, never the target of an export policy, no governance, left out of the concentration's numerator
(the HHI is a lower bound), and named 'overige/onbekend' on the page. Expected figures come from the
assessment file and the model's equations."""

import csv
from dataclasses import replace

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from simulation import kernel, reference, selectors, services
from simulation.spec import (
    UNNAMED,
    ExportLicence,
    ExportRestriction,
    MaterialInput,
    Parameters,
    ProductGroup,
    Scenario,
    SpecError,
    Supplier,
    hhi,
)

# Test data: a named supplier of 0.4 and an unnamed rest of 0.6 (larger, as molybdenum's is).
NAMED, REST = 0.4, 0.6
ITEM = MaterialInput(
    code="X",
    name="Test material",
    suppliers=(Supplier("CN", NAMED, governance=-0.5), Supplier(UNNAMED, REST)),
    eol_recycling_rate=0.3,
    groups=(ProductGroup("29", "auto", 0.6), ProductGroup("28", "machines", 0.4)),
)
CALM = Parameters(outage_probability=0.0, demand_noise=0.0)
IMPLEMENTATIONS = [kernel.run, reference.run]


def scenario(**kwargs):
    defaults = dict(material=ITEM, horizon=8, producers=6, manufacturers=4, params=CALM)
    return Scenario(**{**defaults, **kwargs})


def test_the_dominant_supplier_is_the_largest_named_one():
    assert REST > NAMED
    assert ITEM.dominant_supplier == "CN"
    only_rest = MaterialInput(
        code="Y", name="Y", suppliers=(Supplier(UNNAMED, 1.0),), eol_recycling_rate=0.3, groups=ITEM.groups
    )
    assert only_rest.dominant_supplier == UNNAMED


@pytest.mark.parametrize(
    "item",
    [
        ExportRestriction(country=UNNAMED, start=1, duration=4, depth=1.0),
        ExportLicence(country=UNNAMED, start=1, duration=4, delay=2),
    ],
)
def test_an_export_policy_on_the_unnamed_rest_is_refused(item):
    with pytest.raises(SpecError) as error:
        scenario(interventions=(item,)).validate()
    message = error.value.errors["interventions.0.country"]
    assert "Other or unknown countries are not one supplier" in message


def test_a_cut_without_a_country_targets_the_largest_named_supplier():
    cut = {"kind": "export_restriction", "country": "", "start": 1, "duration": 4, "depth": 1.0}
    model = services.build(material=ITEM, configuration="linear", interventions=[cut], horizon=8, seed=0)
    assert model.interventions[0].country == "CN"
    only_rest = MaterialInput(
        code="Y", name="Y", suppliers=(Supplier(UNNAMED, 1.0),), eol_recycling_rate=0.3, groups=ITEM.groups
    )
    with pytest.raises(SpecError) as error:
        services.build(material=only_rest, configuration="linear", interventions=[cut], horizon=8, seed=0)
    assert "interventions.0.country" in error.value.errors


def test_hhi_worked_example():
    # Named 0.4, rest 0.6 of unknown split: the lower bound sums the named squares only, 0.4² = 0.16. Were
    # the rest one supplier it would be 0.4² + 0.6² = 0.52; the true value lies between the two.
    assert hhi([NAMED, REST], [True, False]) == pytest.approx(NAMED**2)
    assert hhi([NAMED, REST]) == pytest.approx(NAMED**2 + REST**2)
    # Two named suppliers and a rest: 0.5² + 0.2², the rest 0.3 left out; shares are of the whole supply.
    assert hhi([5.0, 2.0, 3.0], [True, True, False]) == pytest.approx(0.5**2 + 0.2**2)


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_the_model_reports_the_hhi_lower_bound(run):
    # Without outages or noise the delivered primary supply is split like the shares: the HHI is NAMED².
    calm = run(scenario())
    assert np.allclose(calm.series["hhi"], NAMED**2)
    # A ban by the named supplier leaves only the rest: no named supply, a lower bound of 0.
    ban = run(scenario(interventions=(ExportRestriction(country="CN", start=1, duration=4, depth=1.0),)))
    assert ban.series["hhi"][0] == pytest.approx(0.0)


def _loader_supplier(material: str) -> tuple[str, float]:
    """The main global supplier and its share of `material` as the loader picks it from the assessment
    file: the bottleneck stage (highest supply risk) where it names one, else the first stage naming one."""
    from materials.demo import EU_FILE
    from materials.eu_assessment import STAGES

    with EU_FILE.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["material"] == material and row["stage"]]
    highest = max(float(row["supply_risk"]) for row in rows)
    naming = [row for row in rows if row["main_global_supplier"]]
    naming.sort(key=lambda row: (float(row["supply_risk"]) != highest, STAGES.index(row["stage"])))
    return naming[0]["main_global_supplier"], float(naming[0]["main_global_supplier_share"])


@pytest.fixture
def eu_release(catalogue):
    from accounts.authorization import system_actor
    from materials.demo import EU_CODE, EU_FILE
    from materials.services import material_release_load_eu_assessment

    material_release_load_eu_assessment(
        actor=system_actor(), text=EU_FILE.read_text(encoding="utf-8"), code=EU_CODE, title="EU 2023"
    )


def test_molybdenum_the_rest_is_larger_but_the_named_supplier_is_dominant(eu_release, client, user_for):
    from django.utils import translation

    from catalogue.models import RawMaterial
    from materials.eu_assessment import COUNTRY_NAMES
    from materials.selectors import country_resolver

    name, share = _loader_supplier("Molybdenum")
    code = COUNTRY_NAMES.get(name) or country_resolver()(name)
    molybdenum = RawMaterial.objects.get(code="molybdenum")
    item = selectors.material_input(molybdenum)
    assert item is not None
    named = [s for s in item.suppliers if s.country != UNNAMED]
    rest = [s for s in item.suppliers if s.country == UNNAMED]
    assert len(named) == 1 and named[0].share == pytest.approx(share)
    assert len(rest) == 1 and rest[0].share == pytest.approx(1 - share)
    assert rest[0].share > share  # the case of the brief: the unknown rest is the larger part
    assert rest[0].governance is None and rest[0].export_restriction is False
    assert item.dominant_supplier == named[0].country == code

    office = user_for(Role.PROGRAMME_OFFICE)
    cut = {"kind": "export_restriction", "country": "", "start": 2, "duration": 4, "depth": 0.5}
    saved = services.scenario_start(
        actor=office, title="Mo", materials=[molybdenum], interventions=[cut], horizon=8
    )
    # saved as entered (empty: the dominant supplier), resolved per material when the model is built
    for _material, model in services.model_scenarios(saved):
        assert model.interventions[0].country == named[0].country
    with pytest.raises(ValidationError):
        services.scenario_start(
            actor=office,
            title="Mo",
            materials=[molybdenum],
            interventions=[{**cut, "country": "XX"}],
            horizon=8,
        )

    client.force_login(office)
    with translation.override("nl"):
        page = client.get(
            reverse("simulation:scenario-detail", args=[saved.pk]), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
    rest_text = f"overige/onbekend {(1 - share) * 100:.1f}".replace(".", ",") + " %"
    assert rest_text in page
    assert 'data-testid="unnamed-rest"' in page
    assert "ondergrens" in page  # the HHI is said to be a lower bound


def _stage_supplier(material: str, stage: str) -> tuple[str, float]:
    """The main global supplier and its share of one stage of `material` in the assessment file."""
    from materials.demo import EU_FILE
    from materials.eu_assessment import COUNTRY_NAMES
    from materials.selectors import country_resolver

    with EU_FILE.open(encoding="utf-8") as handle:
        (row,) = [r for r in csv.DictReader(handle) if r["material"] == material and r["stage"] == stage]
    name = row["main_global_supplier"]
    return COUNTRY_NAMES.get(name) or country_resolver()(name), float(row["main_global_supplier_share"])


def test_aluminium_mines_and_refines_in_the_countries_the_assessment_names_per_stage(eu_release):
    """The EU assessment names the main supplier of extraction and of processing apart (aluminium: bauxite
    mined mostly in one country, refined mostly in another): the model takes mining shares from the one and
    refining shares from the other, each stage's rest as other or unknown, and the dominant supplier an
    export cut targets is the largest refiner."""
    from catalogue.models import RawMaterial

    miner, mined = _stage_supplier("Aluminium/bauxite", "extraction")
    refiner, refined = _stage_supplier("Aluminium/bauxite", "processing")
    assert miner != refiner  # the case this test is about

    item = selectors.material_input(RawMaterial.objects.get(name="Bauxite/alumina/aluminium"))
    assert item is not None
    by_country = {s.country: s for s in item.suppliers}
    assert set(by_country) == {miner, refiner, UNNAMED}
    assert (by_country[miner].share, by_country[miner].refining) == (pytest.approx(mined), 0.0)
    assert (by_country[refiner].share, by_country[refiner].refining) == (0.0, pytest.approx(refined))
    assert by_country[UNNAMED].share == pytest.approx(1 - mined)
    assert by_country[UNNAMED].refining == pytest.approx(1 - refined)
    assert item.dominant_supplier == refiner

    # the model runs on it, both implementations, and a cut by the largest refiner bites
    cut = ExportRestriction(country=refiner, start=4, duration=8, depth=0.5)
    base = Scenario(material=item, horizon=16, seed=1)
    for run in IMPLEMENTATIONS:
        free, restricted = run(base), run(replace(base, interventions=(cut,)))
        assert restricted.summary["price_peak"] > free.summary["price_peak"]
