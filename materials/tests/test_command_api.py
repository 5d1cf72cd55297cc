"""`regiekamer scan FILE.xlsx`, `materials_load`, the API and the demo."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import ANONYMOUS
from materials.models import MaterialDataRelease, Scan
from materials.services import scan_create

from .test_views import MOTOR_ROWS, bom_rows, xlsx


def test_scan_command_prints_the_profile(release, tmp_path):
    path = tmp_path / "motor.xlsx"
    path.write_bytes(xlsx(MOTOR_ROWS).getvalue())
    out = StringIO()
    with translation.override("en"):
        call_command("scan", str(path), stdout=out)
    text = out.getvalue()
    assert text.startswith("motor\n=====\n")
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  C")}
    # cobalt 0.4 kg (0.2 in the housing + 4 · 0.05 magnets); HHI 0.52 → high; copper 1.8 kg, HHI 0.2 → medium
    assert (
        " 0.4 kg" in lines["Cobalt"] and "EU critical" in lines["Cobalt"] and "strategic" in lines["Cobalt"]
    )
    assert " 1.8 kg" in lines["Copper"]
    assert "Motor: 2.2 kg" in text
    assert not Scan.objects.exists()  # the command stores nothing
    dutch = StringIO()
    with translation.override("nl"):
        call_command("scan", str(path), stdout=dutch)
    assert "EU-kritiek, strategisch" in dutch.getvalue() and "risico hoog" in dutch.getvalue()
    # the Dutch names and notation: Kobalt 0,4 kg; the bands in Dutch words and decimal commas
    assert "  Kobalt " in dutch.getvalue() and " 0,4 kg" in dutch.getvalue()
    assert "laag < 0,15 ≤ middel < 0,25 ≤ hoog" in dutch.getvalue()


def test_scan_command_refuses_a_bad_bom_naming_the_row(release, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([["P", "C", "", 1, -2, "Copper", 1]]).getvalue())
    with translation.override("en"), pytest.raises(CommandError, match="row 2: mass -2 kg is negative"):
        call_command("scan", str(path))


def test_materials_load_command_refuses_the_whole_file(materials):
    from materials.demo import SAMPLE_FOLDER

    with pytest.raises(CommandError, match="unknown raw material|onbekende grondstof"):
        # the test catalogue has 6 materials only: the sample's other materials refuse the whole file
        call_command("materials_load", str(SAMPLE_FOLDER), "--release", "s1", stdout=StringIO())
    assert not MaterialDataRelease.objects.exists()


def api_client(user_for, role):
    client = APIClient()
    if role != ANONYMOUS:
        client.force_authenticate(user_for(role))
    return client


# Who may call which endpoint is the role matrix (materials/tests/matrix.py); here what they answer.


def test_api_materials(user_for, release):
    response = api_client(user_for, Role.READER).get("/api/materials/materials/")
    cobalt = next(item for item in response.json()["results"] if item["code"] == "cobalt")
    assert cobalt["bands"]["hhi"] == "high"


def test_api_scan_only_for_owner(user_for, release):
    scan = scan_create(actor=user_for(Role.APPLICANT), title="Mine", rows=bom_rows(MOTOR_ROWS))
    response = api_client(user_for, Role.APPLICANT).get(f"/api/materials/scans/{scan.pk}/")
    profile = response.json()["profile"]
    assert {item["code"]: round(item["kg"], 6) for item in profile["materials"]} == {
        "cobalt": 0.4,
        "copper": 1.8,
    }
    assert {item["material"] for item in profile["materials"]} == {
        "Kobalt",
        "Koper",
    }  # the request's language
    # another user (the programme office too) neither sees nor deletes it, nor learns that it exists
    office = api_client(user_for, Role.PROGRAMME_OFFICE)
    assert office.get(f"/api/materials/scans/{scan.pk}/").status_code == 404
    assert office.delete(f"/api/materials/scans/{scan.pk}/").status_code == 404
    assert office.get("/api/materials/scans/").json()["results"] == []
    assert Scan.objects.filter(pk=scan.pk).exists()


def test_materials_load_acts_as_the_system(materials, tmp_path):
    import csv

    from accounts.authorization import system_actor

    from .conftest import INDICATORS, PRODUCERS

    for name, rows in (("indicators.csv", INDICATORS), ("producers.csv", PRODUCERS)):
        with open(tmp_path / name, "w", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    call_command("materials_load", str(tmp_path), "--release", "c1", stdout=StringIO())
    assert MaterialDataRelease.objects.get(code="c1").loaded_by == system_actor()


def test_api_create_scan_and_refusal(user_for, release):
    client = api_client(user_for, Role.APPLICANT)
    row = {"product": "P", "component": "C", "mass_kg": 2, "material": "Copper", "fraction": 1}
    created = client.post("/api/materials/scans/", {"title": "API", "rows": [row]}, format="json")
    assert created.status_code == 201 and Scan.objects.get().origin == Scan.Origin.API
    bad = client.post(
        "/api/materials/scans/", {"title": "Bad", "rows": [{**row, "fraction": 0.5}]}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["rows"] == [
        "regel 1: de massafracties van onderdeel 'C' tellen op tot 0.500, niet tot 1 ± 0.01"
    ]
