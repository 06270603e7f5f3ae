"""One-way sensitivity and switching values, by hand on the README example and on West
Cheshire's stated ranges."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import placebudget as pb
from placebudget.engine.sensitivity import tornado
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.model import GradeSpread, LogNormal, Normal, Triangular
from placebudget.reference import optimism_bias_table
from placebudget.testing import example_case

IMPACT = "work_support › jsa_into_work › impact"
COST = "work_support › costs › intervention"


@pytest.fixture(scope="module")
def base() -> pb.Appraisal:
    return pb.project(example_case()).appraise()


def test_low_and_high_by_hand(base: pb.Appraisal) -> None:
    table = tornado(example_case())
    # the example's rates carry an explicit optimism bias, so no grade: the grade 6
    # spread (50 %) applies. Fiscal benefit is proportional to impact.
    row = table.loc[IMPACT]
    assert (row["low"], row["high"]) == pytest.approx((0.15, 0.45))
    assert row["metric_low"] == pytest.approx(0.5 * base.pv_fiscal - base.pv_cost)
    assert row["metric_high"] == pytest.approx(1.5 * base.pv_fiscal - base.pv_cost)
    cost = table.loc[COST]
    assert cost["metric_high"] == pytest.approx(base.pv_fiscal - 1.5 * base.pv_cost)
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)


def test_switching_values_by_hand(base: pb.Appraisal) -> None:
    table = tornado(example_case())
    # break even where impact · PV fiscal / 0.3 = PV cost
    assert table.loc[IMPACT, "switching_value"] == pytest.approx(
        0.3 * base.pv_cost / base.pv_fiscal, rel=1e-9
    )
    # costs can rise by the factor PV fiscal / PV cost before the case stops paying
    assert table.loc[COST, "switching_change"] == pytest.approx(
        base.pv_fiscal / base.pv_cost - 1, rel=1e-9
    )
    # the NHS value alone cannot sink the case: no switching value
    assert table.loc["work_support › jsa_into_work › fiscal › nhs"].isna()["switching_value"]


def test_ratio_metrics_switch_at_one(base: pb.Appraisal) -> None:
    table = tornado(example_case(), metric="fiscal_roi")
    assert table.attrs["threshold"] == 1.0
    assert table.loc[IMPACT, "switching_value"] == pytest.approx(
        0.3 * base.pv_cost / base.pv_fiscal, rel=1e-9
    )


def test_rates_stay_in_their_range() -> None:
    spread = GradeSpread(name="wide", cvs=dict.fromkeys(range(1, 7), 0.9))
    table = tornado(example_case(), spread=spread)
    assert table.loc[IMPACT, "high"] == pytest.approx(0.57)
    narrow = tornado(
        example_case(), spread=GradeSpread(name="none", cvs=dict.fromkeys(range(1, 7), 0.0))
    )
    assert (narrow["swing"] == 0).all()


# -- West Cheshire: the ranges the case states ----------------------------------------

WEST_IMPACT = "domestic_abuse › repeat_domestic_abuse › impact"
WEST_COST = "domestic_abuse › costs › intervention"


@pytest.fixture(scope="module")
def west() -> tuple[pb.BusinessCase, pb.Projection, pd.DataFrame]:
    case = pb.load_case(example_path("west_cheshire"))
    return case, pb.project(case), tornado(case)


def test_west_cheshire_impact_takes_the_stated_pert_range(
    west: tuple[pb.BusinessCase, pb.Projection, pd.DataFrame],
) -> None:
    _, projection, table = west
    npbi = projection.appraise().npbi
    # fiscal benefit of the repeat-abuse effect (all four partners) is proportional to
    # its impact, 0.45 in the case; nothing else depends on it
    ds = projection.dataset
    pv_abuse = float(
        (
            ds["fiscal"].sel(outcome="repeat_domestic_abuse").sum("partner") * ds["discount_factor"]
        ).sum()
    )
    row = table.loc[WEST_IMPACT]
    # the case's PERT(0.2, 0.45, 0.6), not the grade's 0.45 × (1 ∓ 25 %)
    assert (row["low"], row["high"]) == (0.2, 0.6)
    assert row["range_source"] == "stated in the case"
    assert row["metric_low"] == pytest.approx(npbi - (1 - 0.2 / 0.45) * pv_abuse, rel=1e-9)
    assert row["metric_high"] == pytest.approx(npbi + (0.6 / 0.45 - 1) * pv_abuse, rel=1e-9)
    assert row["metric_low"] < 0 < row["metric_high"]
    switching = 0.45 * (1 - npbi / pv_abuse)
    assert row["switching_value"] == pytest.approx(switching, rel=1e-9)
    assert round(switching, 3) == 0.273
    assert row["crosses"]  # the low end, 0.2, is below break-even


def test_west_cheshire_cost_takes_the_stated_triangular_range(
    west: tuple[pb.BusinessCase, pb.Projection, pd.DataFrame],
) -> None:
    _, projection, table = west
    npbi = projection.appraise().npbi
    # £1,200 per engaged household (engagement 0.7 of 300, 350, 350), grade 2: +5 %
    # optimism bias, discounted at 3.5 %
    ob = optimism_bias_table("gm-cba-2014").rate(2)
    assert ob == 0.05
    yearly = [1200 * 0.7 * n * (1 + ob) for n in (300, 350, 350)]
    pv_line = sum(cost / 1.035**t for t, cost in enumerate(yearly))
    row = table.loc[WEST_COST]
    # the case's triangular 0.9-1.4, not the grade's 0.9-1.1
    assert (row["low"], row["high"]) == (0.9, 1.4)
    assert row["range_source"] == "stated in the case"
    assert row["metric_low"] == pytest.approx(npbi + 0.1 * pv_line, rel=1e-9)
    assert row["metric_high"] == pytest.approx(npbi - 0.4 * pv_line, rel=1e-9)
    assert row["switching_value"] == pytest.approx(1 + npbi / pv_line, rel=1e-9)
    assert not row["crosses"]  # break-even needs the cost × 2.34, beyond 1.4


def test_west_cheshire_other_rows_say_their_grade(
    west: tuple[pb.BusinessCase, pb.Projection, pd.DataFrame],
) -> None:
    _, _, table = west
    baseline = table.loc["domestic_abuse › repeat_domestic_abuse › baseline"]
    assert (baseline["low"], baseline["high"]) == pytest.approx((2.25, 3.75))
    assert baseline["range_source"] == "evidence grade 4 (±25%)"
    # a switching value outside the range used does not cross
    assert baseline["switching_value"] == pytest.approx(1.8208, abs=1e-4)
    assert not baseline["crosses"]
    staff = table.loc["joint_teams › costs › council_staff"]
    assert staff["range_source"] == "evidence grade 2 (±10%)"
    # crosses is exactly "the switching value lies in [low, high]"
    inside = table["switching_value"].between(table["low"], table["high"])
    assert table["crosses"].tolist() == inside.tolist()
    assert table["crosses"].sum() == 1


def test_a_normal_or_lognormal_range_is_its_5th_to_95th_percentile() -> None:
    stated = {IMPACT: Normal(mean=0.3, sd=0.05), COST: LogNormal(mean=1.0, sd=0.2)}
    table = tornado(example_case(), uncertainty=stated)
    z = 1.6448536269514722
    assert (table.loc[IMPACT, "low"], table.loc[IMPACT, "high"]) == pytest.approx(
        (0.3 - z * 0.05, 0.3 + z * 0.05)
    )
    sigma = math.sqrt(math.log1p(0.2**2))
    mu = -(sigma**2) / 2
    assert (table.loc[COST, "low"], table.loc[COST, "high"]) == pytest.approx(
        (math.exp(mu - z * sigma), math.exp(mu + z * sigma))
    )
    assert set(table.loc[[IMPACT, COST], "range_source"]) == {"stated in the case"}


def test_an_input_stated_but_not_varied_by_default_is_in_the_tornado() -> None:
    deadweight = "work_support › jsa_into_work › deadweight"
    table = tornado(
        example_case(), uncertainty={deadweight: Triangular(low=0.1, mode=0.2, high=0.5)}
    )
    row = table.loc[deadweight]
    assert (row["low"], row["high"], row["range_source"]) == (0.1, 0.5, "stated in the case")
    assert "work_support › jsa_into_work › displacement" not in table.index


def test_a_normal_range_is_kept_within_the_rate_bounds() -> None:
    table = tornado(example_case(), uncertainty={IMPACT: Normal(mean=0.3, sd=0.5)})
    assert (table.loc[IMPACT, "low"], table.loc[IMPACT, "high"]) == (0.0, 1.0)


def test_an_unknown_stated_input_is_refused() -> None:
    with pytest.raises(ValidationError, match="is not an uncertain input of this case"):
        tornado(
            example_case(),
            uncertainty={"work_support › nothing › impact": Normal(mean=0.3, sd=0.1)},
        )
