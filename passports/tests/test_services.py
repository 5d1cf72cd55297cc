import io

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from accounts.testing import make_user
from passports import demo, exports, selectors, services, untp
from passports.models import Passport, PassportVersion

from .conftest import VALUES


def test_issue_computes_composition_critical_materials_and_mci(passport):
    record = passport.versions.get().record
    by_code = {item["code"]: item for item in record["composition"]}
    # 16 kg in all: steel 10.7, copper 5, light rare earths 0.3 (conftest)
    assert by_code["steel"]["kg"] == pytest.approx(10.7)
    assert by_code["steel"]["mass_fraction"] == pytest.approx(10.7 / 16)
    assert by_code["copper"]["mass_fraction"] == pytest.approx(5 / 16)
    lree = by_code["light-rare-earth-elements"]
    assert lree["critical"] is True and lree["strategic"] is True
    assert by_code["steel"]["critical"] is False
    assert lree["band"] == "high"  # HHI of one producer is 1
    # copper is on the CRMA's Annex II list (as a strategic raw material), so it counts as critical too
    assert by_code["copper"]["critical"] is True
    assert record["computed"]["critical_kg"] == pytest.approx(0.3 + 5)
    # MCI by hand (EMF 2019): V = 0.75, W0 = 0.2, WC = WF = 0 (efficiencies 100 %), W = 0.2,
    # LFI = 0.95 / 2 = 0.475, X = 20 / 10 = 2, F(X) = 0.45, MCI = 1 − 0.475 · 0.45 = 0.78625
    assert record["computed"]["mci"] == pytest.approx(0.78625)
    assert record["composition_source"] == "computed"
    assert passport.granularity == "batch"
    assert passport.digital_link_path == "/01/09506000134352/10/B1"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"gtin": "09506000134353"}, "gtin"),
        ({"recycled_content": 1.2}, "recycled_content"),
        ({"carbon_unit": ""}, "carbon_unit"),
        ({"carbon_scope": ""}, "carbon_scope"),
        ({"operator_id": "Maker"}, "operator_id"),
        ({"efficiency_class": "IE9"}, "efficiency_class"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(supplier, motor_scan, change, field):
    with pytest.raises(ValidationError) as refused:
        services.passport_issue(
            actor=supplier, scan=motor_scan, pilot="electric_motor", values={**VALUES, **change}
        )
    assert field in refused.value.message_dict
    assert Passport.objects.count() == 0 and PassportVersion.objects.count() == 0


def test_a_change_is_a_new_version_and_the_old_one_stays(supplier, passport):
    version = services.passport_revise(
        actor=supplier,
        passport=passport,
        expected_version=passport.version,
        values={**VALUES, "recycled_content": 0.5, "gtin": "ignored"},
        note="More recycled copper",
    )
    assert version.number == 2
    records = dict(passport.versions.values_list("number", "record"))
    assert records[1]["declared"]["recycled_content"] == 0.25
    assert records[2]["declared"]["recycled_content"] == 0.5
    assert records[2]["product"]["gtin"] == "09506000134352"


def test_withdrawal_needs_a_reason_and_stops_revisions(supplier, passport):
    with pytest.raises(ValidationError):
        services.passport_withdraw(
            actor=supplier, passport=passport, expected_version=passport.version, reason=" "
        )
    services.passport_withdraw(
        actor=supplier, passport=passport, expected_version=passport.version, reason="Recalled"
    )
    passport.refresh_from_db()
    assert passport.status == "withdrawn"
    with pytest.raises(ValidationError):
        services.passport_revise(
            actor=supplier, passport=passport, expected_version=passport.version, values=VALUES
        )


def test_only_the_owner_of_the_scan_issues_from_it(motor_scan):
    from django.core.exceptions import PermissionDenied

    from accounts.roles import Role
    from accounts.testing import make_user

    other = make_user(Role.APPLICANT, "other-company")
    with pytest.raises(PermissionDenied):
        services.passport_issue(actor=other, scan=motor_scan, pilot="electric_motor", values=VALUES)


def test_the_demo_issues_one_passport_per_pilot_whose_credentials_validate(catalogue):
    make_user(Role.APPLICANT, "aanvrager")
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())  # idempotent
    passports = list(Passport.objects.order_by("pilot"))
    pilots = [passport.pilot for passport in passports]
    assert pilots == ["electric_motor", "ict_hardware", "machine_building"]
    for passport in passports:
        version = selectors.version_of(passport)
        for restricted in (False, True):
            document = exports.credential(
                passport, version, base="https://regiekamer.example", restricted=restricted
            )
            assert untp.schema_problems(document) == []
