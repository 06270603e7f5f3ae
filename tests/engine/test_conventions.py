"""The conventions behind EAC, EANC, payback and the value-for-money bands (issue 39,
point 7), each checked against figures worked out by hand in the comments."""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import placebudget as pb
from placebudget.engine._appraisal_core import annuity_factor, payback_margins, payback_years
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.model import vfm_category
from placebudget.testing import example_case


def _appraise(name: str, **changes: object) -> pb.Appraisal:
    case = pb.load_case(example_path(name))
    return pb.project(attrs.evolve(case, **changes) if changes else case).appraise()


# -- EAC and EANC: annuity due and annuity immediate ----------------------------------------
def test_annuity_factor_by_hand() -> None:
    # three years at 3.5 %: DF = 1, 1/1.035 = 0.966184, 1/1.035² = 0.933511
    df = np.array([1.0, 1 / 1.035, 1 / 1.035**2])
    assert float(annuity_factor(df)) == pytest.approx(2.899695, abs=1e-6)  # 1 + … (due)
    assert float(annuity_factor(df, "immediate")) == pytest.approx(1.899695, abs=1e-6)
    with pytest.raises(ValueError, match="annuity"):
        annuity_factor(df, "arrears")


def test_eanc_both_ways_on_troubled_families() -> None:
    """Six years (2013/14 to 2018/19) on the standard schedule (3.5 %):
    Σ_{t=0..5} 1.035^−t = 1 + 0.966184 + 0.933511 + 0.901943 + 0.871442 + 0.841973
    = 5.515052 (annuity due); without year 0, 4.515052 (annuity immediate).
    PV cost 3,216,559.73 − PV public value 6,623,094.50 = −3,406,534.77 (the case adds
    value), so EANC = −3,406,534.77 / 5.515052 = −617,679.5 a year (due) and
    −3,406,534.77 / 4.515052 = −754,484.0 a year (immediate); EAC = 3,216,559.73 /
    5.515052 = 583,232.9 and / 4.515052 = 712,408.1."""
    due = _appraise("troubled_families")
    immediate = _appraise("troubled_families", annuity="immediate")
    assert due.pv_cost - due.pv_public == pytest.approx(-3_406_534.77, abs=0.01)
    assert due.eanc == pytest.approx(-3_406_534.77 / 5.515052, rel=1e-6)
    assert due.eanc == pytest.approx(-617_679.5, abs=0.1)
    assert immediate.eanc == pytest.approx(-3_406_534.77 / 4.515052, rel=1e-6)
    assert immediate.eanc == pytest.approx(-754_484.0, abs=0.5)
    assert due.eac == pytest.approx(583_232.9, abs=0.1)
    assert immediate.eac == pytest.approx(712_408.1, abs=0.1)
    # the convention moves nothing else
    assert immediate.npbi == due.npbi
    assert immediate.nppv == due.nppv


def test_the_annuity_convention_reaches_the_metrics_dataset_and_the_results() -> None:
    case = attrs.evolve(example_case(), annuity="immediate")
    projection = pb.project(case)
    assert projection.attrs["annuity"] == "immediate"
    metrics = pb.appraise(projection.dataset)
    assert float(metrics["eanc"]) == pytest.approx(projection.appraise().eanc)


def test_an_unknown_annuity_or_an_immediate_one_over_one_year_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"annuity.*must be one of due, immediate"):
        attrs.evolve(example_case(), annuity="arrears")
    with pytest.raises(ValidationError, match=r"annuity.*at least two years"):
        attrs.evolve(example_case(), annuity="immediate", horizon=1)


# -- payback: margin and fractional period --------------------------------------------------
def test_payback_margins_by_hand() -> None:
    # cost 100 in year 0; benefit 30, 60, 60 in years 0-2 (net −70, +60, +60):
    # cumulative net −70, −10, +50 → payback in year 2 (index 2), 10 short at the end
    # of year 1, 50 ahead at the end of year 2; year 2's net flow 60 makes up the 10
    # a sixth of the way through: 2 + 10/60 = 2.1667 years
    benefit, cost = np.array([30.0, 60.0, 60.0]), np.array([100.0, 0.0, 0.0])
    assert payback_years(benefit, cost, np.array([2020, 2021, 2022])) == 2022
    surplus, shortfall, period = payback_margins(benefit, cost)
    assert float(surplus) == pytest.approx(50.0)
    assert float(shortfall) == pytest.approx(10.0)
    assert float(period) == pytest.approx(2 + 10 / 60)


@pytest.mark.parametrize(
    ("benefit", "cost", "expected"),
    [
        # paid back within the first year: nothing short, period 0
        ([150.0, 0.0], [100.0, 0.0], (50.0, 0.0, 0.0)),
        # benefits ahead before any cost: cumulative +50 at the end of year 0 (no cost
        # yet, so no payback), cost 30 in year 1 leaves +20: payback at its start
        ([50.0, 0.0], [0.0, 30.0], (20.0, 0.0, 1.0)),
        # never reached: every figure missing
        ([10.0, 10.0], [100.0, 0.0], (math.nan, math.nan, math.nan)),
        # reached exactly at the end of year 1: 40 short, year 1's flow 40 → 2.0 years
        ([0.0, 40.0], [40.0, 0.0], (0.0, 40.0, 2.0)),
    ],
)
def test_payback_margins_at_the_edges(
    benefit: list[float], cost: list[float], expected: tuple[float, float, float]
) -> None:
    found = [float(x) for x in payback_margins(np.array(benefit), np.array(cost))]
    np.testing.assert_allclose(found, expected, equal_nan=True)


def test_west_cheshire_misses_payback_in_2015_16_by_1655() -> None:
    """West Cheshire (2013/14 to 2017/18), undiscounted: fiscal benefit 526,251 +
    1,030,037 + 1,379,057 = 2,935,345 against cost 1,059,600 + 938,700 + 938,700 =
    2,937,000 by the end of 2015/16: £1,655 short (0.06 % of the cost); 2016/17 brings
    896,123 with no cost, so payback is 2016/17, £894,469 ahead, and the period
    3 + 1,655 / 896,123 = 3.0018 years."""
    result = _appraise("west_cheshire")
    by_year = result.by_year
    cumulative = by_year["cumulative_net_fiscal"]
    assert cumulative[2015] == pytest.approx(-1_654.75, abs=0.01)
    assert -cumulative[2015] / by_year["cost"].loc[:2015].sum() == pytest.approx(0.00056, abs=1e-5)
    assert result.payback_year == 2016
    assert result.payback_shortfall == pytest.approx(1_654.75, abs=0.01)
    assert result.payback_surplus == pytest.approx(cumulative[2016])
    assert result.payback_surplus == pytest.approx(894_468.64, abs=0.01)
    flow = by_year["net_fiscal"][2016]
    assert result.payback_period == pytest.approx(3 + 1_654.75 / flow, rel=1e-6)
    assert result.payback_period == pytest.approx(3.0018, abs=1e-4)
    # discounted: 34,022 short at the end of 2015/16, 774,229 ahead at the end of 2016/17
    assert result.discounted_payback_year == 2016
    assert result.discounted_payback_shortfall == pytest.approx(34_022.50, abs=0.01)
    assert result.discounted_payback_surplus == pytest.approx(774_229.46, abs=0.01)
    assert result.discounted_payback_period == pytest.approx(3.0421, abs=1e-4)


@given(st.lists(st.tuples(st.floats(0, 1e6), st.floats(0, 1e6)), min_size=1, max_size=12))
def test_the_payback_period_lies_in_the_payback_year(flows: list[tuple[float, float]]) -> None:
    benefit = np.array([b for b, _ in flows])
    cost = np.array([c for _, c in flows])
    year = payback_years(benefit, cost, np.arange(len(flows), dtype=float))
    surplus, shortfall, period = payback_margins(benefit, cost)
    if np.isnan(year):
        assert np.isnan(period)
        assert np.isnan(surplus)
        assert np.isnan(shortfall)
        return
    assert year <= float(period) <= year + 1
    assert float(surplus) >= 0
    assert float(shortfall) >= 0


# -- value-for-money bands ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("bcr", "category"),
    [
        (-5.0, "very poor"),
        (-0.01, "very poor"),
        (0.0, "poor"),
        (0.99, "poor"),
        (1.0, "low"),
        (1.49, "low"),
        (1.5, "medium"),
        (1.99, "medium"),
        (2.0, "high"),
        (3.99, "high"),
        (4.0, "very high"),
        (math.nan, "n/a"),
    ],
)
def test_value_for_money_bands_and_their_boundaries(bcr: float, category: str) -> None:
    assert vfm_category(bcr) == category


# -- the bundled examples' figures -----------------------------------------------------------
def test_troubled_families_carries_the_economic_values_the_database_gives() -> None:
    """Before issue 39 the case gave no economic value for a claimant entering work
    (UCD v1.4 E&E1.0, £14,044 a year, 2012/13 prices), persistent truancy (E&S1.0, £842,
    2005/06) or a permanent exclusion (E&S2.0, £529, 2005/06): PV economic £531,906,
    public value £5,330,099, NPPV £2,113,540, BCR 1.66 (medium). With them: PV economic
    £1,824,901, public value £6,623,095, NPPV £3,406,535, BCR 2.06 (high); NPBI unchanged."""
    result = _appraise("troubled_families")
    assert result.pv_economic == pytest.approx(1_824_901.18, abs=0.01)
    assert result.pv_public == pytest.approx(6_623_094.50, abs=0.01)
    assert result.nppv == pytest.approx(3_406_534.77, abs=0.01)
    assert result.bcr == pytest.approx(2.0591, abs=1e-4)
    assert result.vfm_category == "high"
    assert result.npbi == pytest.approx(-155_664.77, abs=0.01)
    # no payback within the horizon, so no margin either
    assert result.payback_year is None
    assert result.payback_period is None
    assert math.isnan(result.payback_shortfall)
