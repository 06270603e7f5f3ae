"""One-way sensitivity and switching values, by hand on the README example."""

from __future__ import annotations

import pytest

import placebudget as pb
from placebudget.engine.sensitivity import tornado
from placebudget.model import GradeSpread
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
        0.3 * base.pv_cost / base.pv_fiscal, rel=1e-9)
    # costs can rise by the factor PV fiscal / PV cost before the case stops paying
    assert table.loc[COST, "switching_change"] == pytest.approx(
        base.pv_fiscal / base.pv_cost - 1, rel=1e-9)
    # the NHS value alone cannot sink the case: no switching value
    assert table.loc["work_support › jsa_into_work › fiscal › nhs"].isna()["switching_value"]


def test_ratio_metrics_switch_at_one(base: pb.Appraisal) -> None:
    table = tornado(example_case(), metric="fiscal_roi")
    assert table.attrs["threshold"] == 1.0
    assert table.loc[IMPACT, "switching_value"] == pytest.approx(
        0.3 * base.pv_cost / base.pv_fiscal, rel=1e-9)


def test_rates_stay_in_their_range() -> None:
    spread = GradeSpread(name="wide", cvs=dict.fromkeys(range(1, 7), 0.9))
    table = tornado(example_case(), spread=spread)
    assert table.loc[IMPACT, "high"] == pytest.approx(0.57)
    narrow = tornado(example_case(), spread=GradeSpread(name="none",
                                                        cvs=dict.fromkeys(range(1, 7), 0.0)))
    assert (narrow["swing"] == 0).all()
