"""The pure rules of stakeholders/classify.py, case by case from Bijlage 4."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stakeholders.classify import (
    CoverageRecord,
    Engagement,
    Frontrunner,
    FrontrunnerInput,
    FrontrunnerResult,
    Quadrant,
    Reason,
    Sector,
    coverage_compute,
    engagement_gap,
    frontrunner_best,
    frontrunner_classify,
    is_low_grade,
    kvk_is_valid,
    kvk_normalise,
    mendelow_quadrant,
    name_normalise,
    name_similarity,
    sector_proposal,
)

# A company that meets every koploper condition except the adopters test (no subsidy, count 0).
KOPLOPER = FrontrunnerInput(
    is_company=True,
    sector=Sector.IN_MANUFACTURING,
    circular=True,
    low_grade=False,
    beyond_common_practice=True,
    beyond_legal_duty=True,
    innovation_subsidy=False,
    other_dutch_adopters=0,
)


class TestSectorProposal:
    @pytest.mark.parametrize(
        ("flags", "innovation", "expected"),
        [
            ([True], None, Sector.IN_MANUFACTURING),
            ([False, True], False, Sector.IN_MANUFACTURING),  # one in-scope code is enough
            ([False], True, Sector.INNOVATION_ONLY),  # e.g. a textile recycler building machines (Bijlage 4)
            ([], True, Sector.INNOVATION_ONLY),
            ([False], False, Sector.NEITHER),
            ([False, False], None, None),  # out-of-scope codes, innovation not judged: no proposal
            ([], None, None),
            ([], False, None),  # no codes: nothing says the stakeholder itself is out of manufacturing
        ],
    )
    def test_rules(self, flags, innovation, expected):
        assert sector_proposal(sbi_in_scope=flags, innovation_in_manufacturing=innovation) == expected


class TestFrontrunner:
    def test_all_conditions_and_no_other_adopters_is_frontrunner(self):
        assert frontrunner_classify(KOPLOPER) == FrontrunnerResult(
            Frontrunner.FRONTRUNNER, Reason.FEW_ADOPTERS
        )

    @pytest.mark.parametrize(
        ("adopters", "expected", "reason"),
        [
            (0, Frontrunner.FRONTRUNNER, Reason.FEW_ADOPTERS),
            (1, Frontrunner.FRONTRUNNER, Reason.FEW_ADOPTERS),
            (
                2,
                Frontrunner.FRONTRUNNER,
                Reason.FEW_ADOPTERS,
            ),  # "niet meer dan 2 andere bedrijven": 2 still counts
            (3, Frontrunner.FOLLOWER, Reason.MANY_ADOPTERS),  # the fourth company in NL is a volger
            (250, Frontrunner.FOLLOWER, Reason.MANY_ADOPTERS),
            (None, None, Reason.ADOPTERS_UNKNOWN),
        ],
    )
    def test_adopters_boundary(self, adopters, expected, reason):
        result = frontrunner_classify(replace(KOPLOPER, other_dutch_adopters=adopters))
        assert (result.category, result.reason) == (expected, reason)

    @pytest.mark.parametrize("adopters", [None, 0, 3, 40])
    def test_subsidy_makes_frontrunner_whatever_the_adopters(self, adopters):
        data = replace(KOPLOPER, innovation_subsidy=True, other_dutch_adopters=adopters)
        assert frontrunner_classify(data) == FrontrunnerResult(Frontrunner.FRONTRUNNER, Reason.SUBSIDY)

    def test_innovation_only_sector_counts_as_in_scope(self):
        # "in de maakindustrie valt of een belangrijke bijdrage levert voor een innovatie in de maakindustrie"
        data = replace(KOPLOPER, sector=Sector.INNOVATION_ONLY, other_dutch_adopters=5)
        assert frontrunner_classify(data).category == Frontrunner.FOLLOWER

    @pytest.mark.parametrize(
        ("change", "reason"),
        [
            ({"sector": Sector.NEITHER}, Reason.OTHER_AGENDA),
            ({"circular": False}, Reason.NOT_CIRCULAR),
            ({"low_grade": True}, Reason.LOW_GRADE),
            ({"beyond_common_practice": False}, Reason.NOT_INNOVATIVE),
            ({"beyond_common_practice": None}, Reason.NOT_INNOVATIVE),
            ({"beyond_legal_duty": False}, Reason.NOT_BEYOND_LEGAL),
            ({"beyond_legal_duty": None}, Reason.NOT_BEYOND_LEGAL),
        ],
    )
    @pytest.mark.parametrize("subsidy", [False, True])
    def test_rest_category_with_reason_even_when_subsidised(self, change, reason, subsidy):
        data = replace(KOPLOPER, innovation_subsidy=subsidy, **change)
        assert frontrunner_classify(data) == FrontrunnerResult(Frontrunner.OTHER, reason)

    def test_first_failing_condition_is_the_reason(self):
        data = replace(KOPLOPER, sector=Sector.NEITHER, circular=False, low_grade=True)
        assert frontrunner_classify(data).reason == Reason.OTHER_AGENDA

    def test_only_companies_are_classified(self):
        data = replace(KOPLOPER, is_company=False, innovation_subsidy=True)
        assert frontrunner_classify(data) == FrontrunnerResult(None, Reason.NOT_A_COMPANY)

    def test_sector_not_yet_decided(self):
        assert frontrunner_classify(replace(KOPLOPER, sector=None)) == FrontrunnerResult(
            None, Reason.SECTOR_UNKNOWN
        )

    @given(
        st.builds(
            FrontrunnerInput,
            is_company=st.booleans(),
            sector=st.sampled_from([*Sector, None]),
            circular=st.booleans(),
            low_grade=st.booleans(),
            beyond_common_practice=st.sampled_from([True, False, None]),
            beyond_legal_duty=st.sampled_from([True, False, None]),
            innovation_subsidy=st.booleans(),
            other_dutch_adopters=st.one_of(st.none(), st.integers(0, 10_000)),
        )
    )
    def test_frontrunner_or_follower_only_when_every_condition_holds(self, data):
        result = frontrunner_classify(data)
        if result.category in (Frontrunner.FRONTRUNNER, Frontrunner.FOLLOWER):
            assert data.is_company and data.sector in (Sector.IN_MANUFACTURING, Sector.INNOVATION_ONLY)
            assert (
                data.circular
                and not data.low_grade
                and data.beyond_common_practice
                and data.beyond_legal_duty
            )
        if result.category == Frontrunner.FOLLOWER:
            assert not data.innovation_subsidy and data.other_dutch_adopters > 2

    def test_best_of_several_innovations(self):
        rest = FrontrunnerResult(Frontrunner.OTHER, Reason.NOT_CIRCULAR)
        follower = FrontrunnerResult(Frontrunner.FOLLOWER, Reason.MANY_ADOPTERS)
        lead = FrontrunnerResult(Frontrunner.FRONTRUNNER, Reason.SUBSIDY)
        undecided = FrontrunnerResult(None, Reason.ADOPTERS_UNKNOWN)
        assert frontrunner_best([rest, follower, lead]) == lead
        assert frontrunner_best(iter([rest, undecided, follower])) == follower
        assert frontrunner_best([undecided]) == undecided
        assert frontrunner_best([]) is None


class TestMendelow:
    @pytest.mark.parametrize(
        ("influence", "interest", "expected"),
        [
            ("G", "G", Quadrant.MANAGE_CLOSELY),  # Org A / Dhr. X, sponsor (Bijlage 4)
            ("G", "M", Quadrant.KEEP_SATISFIED),  # Org B / Mevr. Y
            ("G", "K", Quadrant.KEEP_SATISFIED),  # Org C / Dhr. Z: the "potentiële bom"
            ("M", "G", Quadrant.KEEP_INFORMED),
            ("K", "G", Quadrant.KEEP_INFORMED),  # the "cheerleaders"
            ("M", "M", Quadrant.MONITOR),
            ("M", "K", Quadrant.MONITOR),
            ("K", "M", Quadrant.MONITOR),
            ("K", "K", Quadrant.MONITOR),
        ],
    )
    def test_all_nine_cells(self, influence, interest, expected):
        assert mendelow_quadrant(influence=influence, interest=interest) == expected

    def test_unknown_level_is_refused(self):
        with pytest.raises(ValueError):
            mendelow_quadrant(influence="X", interest="G")


class TestEngagementGap:
    @pytest.mark.parametrize(
        ("current", "desired", "gap"),
        [
            (Engagement.LEADING, Engagement.LEADING, 0),  # Dhr. X: Leidend -> Leidend
            (Engagement.NEUTRAL, Engagement.SUPPORTIVE, 1),  # Mevr. Y: Neutraal -> Ondersteunend
            (Engagement.RESISTANT, Engagement.SUPPORTIVE, 3),  # Dhr. Z: Weerstand -> Ondersteunend
            (Engagement.UNKNOWN, Engagement.LEADING, 5),
            (Engagement.LEADING, Engagement.NEUTRAL, -2),
            ("indifferent", "neutral", 1),
        ],
    )
    def test_gap(self, current, desired, gap):
        assert engagement_gap(current=current, desired=desired) == gap


class TestCoverage:
    def test_per_source_and_total(self):
        records = [
            CoverageRecord("a", frozenset({"slim", "media"}), True),  # covered
            CoverageRecord("b", frozenset({"media"}), True),  # missed by media
            CoverageRecord("c", frozenset({"media"}), False),  # found, does not qualify
            CoverageRecord("d", frozenset({"tno", "media"}), True),  # missed, counted once in the total
            CoverageRecord("e", frozenset({"slim", "tno"}), True),  # covered
            CoverageRecord("f", frozenset({"slim"}), True),  # slimme tool only: nothing to verify
        ]
        report = coverage_compute(records, reference="slim", sources=["slim", "media", "tno", "rvo"])
        media, tno, rvo = report.per_source
        assert (media.source, media.found, media.qualifying, media.covered, media.missed) == (
            "media",
            4,
            3,
            1,
            ["b", "d"],
        )
        assert media.coverage == pytest.approx(1 / 3)
        assert (tno.found, tno.qualifying, tno.covered, tno.missed, tno.coverage) == (2, 2, 1, ["d"], 0.5)
        assert (rvo.found, rvo.qualifying, rvo.coverage) == (0, 0, None)
        total = report.total
        assert (total.found, total.qualifying, total.covered, total.missed) == (5, 4, 2, ["b", "d"])
        assert total.coverage == 0.5

    def test_nothing_to_verify(self):
        report = coverage_compute([], reference="slim", sources=["slim"])
        assert report.per_source == [] and report.total.coverage is None


class TestKvk:
    @pytest.mark.parametrize(
        ("raw", "normalised", "valid"),
        [
            ("12345678", "12345678", True),
            (" 12 34 56 78 ", "12345678", True),
            ("12.345.678", "12345678", True),
            (12345678, "12345678", True),
            ("12345678.0", "12345678", True),  # a number cell from Excel
            ("1234567", "1234567", False),  # 7 digits
            ("123456789", "123456789", False),  # 9 digits
            ("1234567a", "1234567a", False),
            ("١٢٣٤٥٦٧٨", "١٢٣٤٥٦٧٨", False),  # Arabic-Indic digits are not a KvK number
            ("", "", False),
            (None, "", False),
        ],
    )
    def test_normalise_and_validate(self, raw, normalised, valid):
        assert kvk_normalise(raw) == normalised
        assert kvk_is_valid(kvk_normalise(raw)) is valid


class TestNames:
    def test_legal_forms_and_punctuation_are_ignored(self):
        assert name_normalise("Coolrec B.V.") == "coolrec"
        assert name_normalise("Coolrec BV") == "coolrec"
        assert name_normalise("Stichting Bv Brabant") == "brabant"
        assert name_normalise("B") == "b"  # not a legal form on its own
        assert name_normalise("B.V.") == "b v"  # nothing but a legal form: kept
        assert name_normalise("Nvidia") == "nvidia"
        assert name_normalise("  Nyrstar  Budel N.V. ") == "nyrstar budel"
        assert name_similarity(name_normalise("Coolrec B.V."), name_normalise("COOLREC")) == 1.0

    def test_similarity(self):
        assert name_similarity("arrosso", "arroso") == pytest.approx(12 / 13)
        assert name_similarity("", "x") == 0.0
        assert name_similarity("umicore", "umicore nederland") == 0.9  # all words of one are in the other
        assert name_similarity("umicore", "unicore") == pytest.approx(6 / 7)


@pytest.mark.parametrize(
    ("energy_only", "rank", "expected"),
    [
        (False, None, False),
        (False, 1, False),
        (False, 3, False),  # preventie .. materiaalhergebruik
        (False, 4, True),
        (False, 5, True),
        (False, 6, True),  # as fuel, incineration, landfill
        (True, None, True),
        (True, 1, True),
    ],
)
def test_low_grade(energy_only, rank, expected):
    assert is_low_grade(energy_only=energy_only, lansink_rank=rank) is expected
