"""The MCI calculator page: every signed-in role may use it, results worked out by hand from the Ellen
MacArthur Foundation formulas, and each bad input named on its field."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as

URL = reverse("materials:mci")
LINEAR = {
    "mass": 10,
    "recycled_feedstock": 0,
    "reused_feedstock": 0,
    "collected_for_recycling": 0,
    "collected_for_reuse": 0,
    "recycling_efficiency_eol": 1,
    "recycling_efficiency_feedstock": 1,
    "lifetime": 5,
    "lifetime_industry_average": 5,
    "intensity": 1,
    "intensity_industry_average": 1,
}


def values(response) -> dict[str, float]:
    return {term["symbol"]: term["value"] for term in response.context["terms"]}


def test_the_calculator_is_on_the_home_page(client, user_for):
    login_as(client, user_for, Role.APPLICANT)
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()


def test_linear_product(client, user_for):
    # V = 10·(1 − 0 − 0) = 10; W0 = 10·(1 − 0 − 0) = 10; W_C = W_F = 0; W = 10;
    # LFI = (10 + 10) / (2·10 + 0) = 1; X = (5/5)·(1/1) = 1; F(X) = 0.9; MCI = 1 − 1·0.9 = 0.1
    login_as(client, user_for, Role.APPLICANT)
    response = client.get(URL, LINEAR)
    got = values(response)
    assert got["V"] == pytest.approx(10) and got["W₀"] == pytest.approx(10)
    assert got["W_C"] == 0 and got["W_F"] == 0 and got["W"] == pytest.approx(10)
    assert got["LFI"] == pytest.approx(1) and got["X"] == pytest.approx(1)
    assert got["F(X)"] == pytest.approx(0.9) and got["MCI"] == pytest.approx(0.1)
    page = response.content.decode()
    assert "MCI = max(0, 1 − LFI · F(X))" in page
    assert 'data-testid="mci-MCI">0,1<' in page  # Dutch decimal comma


def test_fully_reused_product(client, user_for):
    # F_U = 1, C_U = 1: V = 0, W0 = 0, W_C = W_F = 0, W = 0 → LFI = 0 → MCI = 1
    login_as(client, user_for, Role.APPLICANT)
    got = values(client.get(URL, {**LINEAR, "reused_feedstock": 1, "collected_for_reuse": 1}))
    assert got["V"] == 0 and got["W"] == 0 and got["LFI"] == 0
    assert got["MCI"] == pytest.approx(1)


def test_mixed_product_by_hand(client, user_for):
    # M = 10, F_R = 0.5, C_R = 0.5, E_C = E_F = 0.8, L = 10 against L_av = 5:
    # V = 10·0.5 = 5; W0 = 10·0.5 = 5; W_C = 10·0.2·0.5 = 1; W_F = 10·0.2·0.5/0.8 = 1.25;
    # W = 5 + (1.25 + 1)/2 = 6.125; LFI = (5 + 6.125)/(20 + (1.25 − 1)/2) = 11.125/20.125 = 0.552795;
    # X = 2, F(X) = 0.45; MCI = 1 − 0.552795·0.45 = 0.751242
    login_as(client, user_for, Role.APPLICANT)
    got = values(
        client.get(
            URL,
            {
                **LINEAR,
                "recycled_feedstock": 0.5,
                "collected_for_recycling": 0.5,
                "recycling_efficiency_eol": 0.8,
                "recycling_efficiency_feedstock": 0.8,
                "lifetime": 10,
            },
        )
    )
    assert got["V"] == pytest.approx(5) and got["W₀"] == pytest.approx(5)
    assert got["W_C"] == pytest.approx(1) and got["W_F"] == pytest.approx(1.25)
    assert got["W"] == pytest.approx(6.125)
    assert got["LFI"] == pytest.approx(11.125 / 20.125) and got["LFI"] == pytest.approx(0.552795, abs=1e-6)
    assert got["X"] == pytest.approx(2) and got["F(X)"] == pytest.approx(0.45)
    assert got["MCI"] == pytest.approx(0.751242, abs=1e-6)


def test_without_input_the_form_is_shown_unbound(client, user_for):
    login_as(client, user_for, Role.READER)
    response = client.get(URL)
    assert not response.context["form"].is_bound and response.context["terms"] == []


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"recycled_feedstock": 1.5}, {"recycled_feedstock"}),
        ({"collected_for_reuse": -0.1}, {"collected_for_reuse"}),
        ({"mass": 0}, {"mass"}),
        ({"lifetime_industry_average": -2}, {"lifetime_industry_average"}),
        ({"intensity": "veel"}, {"intensity"}),
        ({"intensity_industry_average": "nan"}, {"intensity_industry_average"}),
        ({"recycled_feedstock": 0.6, "reused_feedstock": 0.5}, {"recycled_feedstock", "reused_feedstock"}),
        (
            {"collected_for_recycling": 0.7, "collected_for_reuse": 0.4},
            {"collected_for_recycling", "collected_for_reuse"},
        ),
        (
            {"recycled_feedstock": 0.3, "recycling_efficiency_feedstock": 0},
            {"recycling_efficiency_feedstock"},
        ),
        ({"mass": ""}, {"mass"}),
    ],
)
def test_bad_input_is_named_on_its_field(client, user_for, change, fields):
    login_as(client, user_for, Role.APPLICANT)
    response = client.get(URL, {**LINEAR, **change})
    form = response.context["form"]
    assert set(form.errors) == fields
    assert response.context["terms"] == []
    assert "utrecht-form-field--invalid" in response.content.decode()
