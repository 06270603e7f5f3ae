"""Health values discounted with the Green Book health schedule (1.5 %), other values with
the case's (issue 39, point 4): a QALY stream worked out by hand, the switch that turns it
off, which values count as health, and every table that reads present values."""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest

import placebudget as pb
from placebudget.engine.green_book import by_intervention
from placebudget.errors import ValidationError
from placebudget.model import DeflatorSeries, Effect, UnitValue
from placebudget.testing import example_case, example_intervention

QALY = 70_000.0


def _qaly_case(years: int, *, health: bool | None = True, **changes: object) -> pb.BusinessCase:
    """One person entering in 2012, gaining one QALY-valued person-year (£70,000, 2012
    prices) a year in each of years 1 … ``years`` (lag 1), nothing else changed: no
    deadweight, no optimism bias, engagement 1; a horizon of ``years + 1``."""
    base = example_intervention()
    effect = attrs.evolve(
        base.effects[0],
        impact=1.0,
        deadweight=0.0,
        drop_off=0.0,
        lag=1,
        duration=years,
        optimism_bias=0.0,
        fiscal={},
        economic=None,
        social=UnitValue(f"{QALY} GBP/person_year", price_year=2012),
        health=health,
    )
    cohort = attrs.evolve(base.cohort, intake={2012: 1})
    intervention = attrs.evolve(base, cohort=cohort, engagement=1.0, effects=[effect])
    return example_case(interventions=[intervention], horizon=years + 1, **changes)


def test_a_qaly_stream_is_discounted_at_the_health_rate() -> None:
    # 1 QALY a year × £70,000 in years 1-5:
    #   at 1.5 %: 70,000 × (1/1.015 + 1/1.015² + … + 1/1.015⁵)
    #           = 70,000 × (0.985222 + 0.970662 + 0.956317 + 0.942184 + 0.928260)
    #           = 70,000 × 4.782645 = £334,785.1
    #   at 3.5 %: 70,000 × (0.966184 + 0.933511 + 0.901943 + 0.871442 + 0.841973)
    #           = 70,000 × 4.515052 = £316,053.6
    health = pb.project(_qaly_case(5)).appraise()
    flat = pb.project(_qaly_case(5, health=False)).appraise()
    assert health.pv_social == pytest.approx(334_785.1, abs=0.1)
    assert flat.pv_social == pytest.approx(316_053.6, abs=0.1)
    # the 5.9 %: the health-rate PV is 5.93 % above the 3.5 % one (the 3.5 % PV
    # understates it by 5.60 %)
    assert health.pv_social / flat.pv_social - 1 == pytest.approx(0.0593, abs=5e-5)
    assert 1 - flat.pv_social / health.pv_social == pytest.approx(0.0560, abs=5e-5)
    # every composite follows: public value is the social value here (no fiscal value)
    assert health.pv_public == pytest.approx(health.pv_social)
    assert health.nppv == pytest.approx(health.pv_social - health.pv_cost)


def test_over_twenty_years_the_case_rate_understates_a_qaly_stream_by_17_percent() -> None:
    # years 1-20: Σ 1/1.015ᵗ = 17.168639, Σ 1/1.035ᵗ = 14.212403
    #   1 − 14.212403 / 17.168639 = 0.1722 (the 17 %)
    health = pb.project(_qaly_case(20)).appraise()
    flat = pb.project(_qaly_case(20, health=False)).appraise()
    assert health.pv_social == pytest.approx(QALY * 17.168639, rel=1e-6)
    assert flat.pv_social == pytest.approx(QALY * 14.212403, rel=1e-6)
    assert 1 - flat.pv_social / health.pv_social == pytest.approx(0.1722, abs=5e-5)


def test_the_switch_discounts_every_value_at_the_case_schedule() -> None:
    off = pb.project(_qaly_case(5, health_discounting=False)).appraise()
    unmarked = pb.project(_qaly_case(5, health=None)).appraise()  # an amount: not health
    assert off.pv_social == pytest.approx(316_053.6, abs=0.1)
    assert unmarked.pv_social == off.pv_social
    ds = pb.project(_qaly_case(5, health_discounting=False)).dataset
    assert float(ds["health_social"].sum()) == 0.0
    np.testing.assert_array_equal(ds["health_discount_factor"], ds["discount_factor"])


def test_money_keeps_the_case_schedule_beside_health_values() -> None:
    # the example's fiscal and economic values stay at 3.5 % while a health value is added
    base = example_case()
    effect = base.interventions[0].effects[0]
    social = UnitValue(f"{QALY} GBP/person_year", price_year=2012)
    marked = attrs.evolve(effect, social=social, health=True)
    case = example_case(interventions=[example_intervention(effects=[marked])])
    with_health = pb.project(case).appraise()
    before = pb.project(base).appraise()
    assert with_health.pv_fiscal == before.pv_fiscal
    assert with_health.pv_economic == before.pv_economic
    assert with_health.npbi == before.npbi
    projection = pb.project(case)
    flows = projection.flows()
    hdf = flows["health_discount_factor"]
    # the schedule's factors: 1, 1/1.015, 1/1.015², 1/1.015³
    np.testing.assert_allclose(hdf, 1.015 ** -np.arange(4), rtol=1e-12)
    social_flow = flows["social"].sum(axis=-1)
    assert with_health.pv_social == pytest.approx(float(social_flow @ hdf), rel=1e-12)


def test_the_tables_by_outcome_and_by_intervention_add_up_to_the_headline() -> None:
    result = pb.project(_qaly_case(5)).appraise()
    assert result.by_outcome["pv_social"].sum() == pytest.approx(result.pv_social, rel=1e-12)
    table = by_intervention(result)
    assert table.loc["total", "pv_social"] == pytest.approx(result.pv_social, rel=1e-12)
    assert table.loc["total", "nppv"] == pytest.approx(result.nppv, rel=1e-12)


def test_monte_carlo_draws_discount_health_values_apart() -> None:
    from placebudget.engine import appraise

    draws = appraise(pb.simulate(_qaly_case(5), draws=8, seed=1).totals)
    flat = appraise(pb.simulate(_qaly_case(5, health_discounting=False), draws=8, seed=1).totals)
    ratio = draws["pv_social"].to_numpy() / flat["pv_social"].to_numpy()
    # the stream's timing is fixed, so every draw's ratio is 4.782645 / 4.515052
    np.testing.assert_allclose(ratio, 4.782645 / 4.515052, rtol=1e-6)


def test_qaly_values_are_health_values_and_vpf_is_not() -> None:
    def social(value: str, health: bool | None = None) -> Effect:
        return attrs.evolve(
            example_intervention().effects[0], social=UnitValue(value), health=health
        )

    assert social("gb:qaly").health_valued
    assert social("gb:qaly_nice_lower").health_valued
    assert not social("gb:qaly", health=False).health_valued
    assert not social("gb:vpf").health_valued  # grows with GDP per head: docs/method.md
    assert not social("gb:wellby").health_valued
    assert social("gb:wellby", health=True).health_valued


def test_a_gb_qaly_value_is_discounted_at_the_health_rate() -> None:
    # gb:qaly (£70,000, 2024 prices) keeps its calendar-year price base: uprated to the
    # 2012/13 price base with the calendar-year series, 71.9294 / 100 (hmt-2025-12-calendar),
    # whatever the case's financial-year deflators (flat here)
    flat = DeflatorSeries(name="flat", values=dict.fromkeys(range(2010, 2026), 100.0))
    case = _qaly_case(5, health=None, deflators=flat)
    effect = attrs.evolve(
        case.interventions[0].effects[0], unit="qaly", social=UnitValue("gb:qaly")
    )
    case = attrs.evolve(case, interventions=[attrs.evolve(case.interventions[0], effects=[effect])])
    assert pb.project(case).appraise().pv_social == pytest.approx(334_785.1 * 0.719294, abs=0.1)


def test_health_without_a_social_value_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(example_intervention().effects[0], health=True)
    assert "health" in str(caught.value)
    with pytest.raises(ValidationError):
        attrs.evolve(example_intervention().effects[0], health="yes")


def test_a_horizon_over_50_years_prompts_the_low_rate_sensitivity() -> None:
    assert not [w for w in example_case(horizon=50).warnings() if w.path == "horizon"]
    (found,) = [w for w in example_case(horizon=51).warnings() if w.path == "horizon"]
    assert "reduced" in found.message
    assert "3.00 %" in found.message


def test_the_review_schedule_is_a_constant_three_percent() -> None:
    result = pb.project(example_case(discounting="review-2026-3pc")).appraise()
    factors = result.projection.flows()["discount_factor"]
    np.testing.assert_allclose(factors, 1.03 ** -np.arange(4), rtol=1e-12)
    assert math.isclose(float(factors.sum()), sum(1.03**-t for t in range(4)))


def test_the_value_for_money_table_shows_the_discounting_sensitivities() -> None:
    from placebudget.engine.green_book import (
        HEALTH_OFF_BASIS,
        LOW_RATE_BASIS,
        REVIEW_BASIS,
        value_for_money,
    )

    table = value_for_money(pb.project(_qaly_case(5)).appraise())
    # health values at 3.5 %: the £316,053.6 worked out above
    assert table.loc[HEALTH_OFF_BASIS, "pv_public"] == pytest.approx(316_053.6, abs=0.1)
    # at a constant 3.0 % the health values keep 1.5 % (£334,785.1) and the cost,
    # £150,000 in 2012 and £50,000 in 2013 × (1 + 10 % optimism bias), is
    # 165,000 + 55,000 / 1.03 = £218,398.06 (at 3.5 %: 165,000 + 55,000 / 1.035)
    assert table.loc[REVIEW_BASIS, "pv_public"] == pytest.approx(334_785.1, abs=0.1)
    assert table.loc[REVIEW_BASIS, "pv_cost"] == pytest.approx(218_398.06, abs=0.01)
    assert table.loc["as appraised", "pv_cost"] == pytest.approx(218_140.10, abs=0.01)
    assert LOW_RATE_BASIS not in table.index
    long = value_for_money(pb.project(example_case(horizon=51)).appraise())
    # the cost at the reduced schedule's 3.0 % for year 1
    assert long.loc[LOW_RATE_BASIS, "pv_cost"] == pytest.approx(218_398.06, abs=0.01)


def test_the_assumptions_state_how_health_values_are_discounted() -> None:
    from placebudget.report import frames as F

    def said(case: pb.BusinessCase) -> dict[str, object]:
        table = F.assumptions(pb.project(case).appraise())
        return dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))

    assert said(_qaly_case(5))["health values"] == (
        "Health values (QALYs) discounted at 1.5 %, the Green Book health rate; other "
        "values at 3.5 % (standard schedule)"
    )
    assert said(_qaly_case(5, health_discounting=False))["health values"] == (
        "health discounting off: every value, health values included, at 3.5 % (standard schedule)"
    )
    assert str(said(example_case())["health values"]).startswith("none in this case")
    assert "long horizon" not in said(example_case())
    assert "low-rate sensitivity" in str(said(example_case(horizon=51))["long horizon"])


def test_national_totals_discount_health_values_apart() -> None:
    case = _qaly_case(5)
    national = pb.aggregate({"a": case, "b": case}).national()
    # two places, each £334,785.1 at the health rate
    assert national["pv_social"] == pytest.approx(2 * 334_785.1, abs=0.2)


def test_a_place_table_discounts_health_values_apart() -> None:
    import pandas as pd

    places = pd.DataFrame(
        {"place": ["a", "b"], "name": ["A", "B"], "value_scale": [1.0, 1.5]}
    ).set_index("place")
    national = pb.aggregate(_qaly_case(5), places).national()
    # values scaled 1 and 1.5: 2.5 × £334,785.1
    assert national["pv_social"] == pytest.approx(2.5 * 334_785.1, abs=0.5)


def test_health_values_after_the_horizon_are_discounted_at_the_health_rate() -> None:
    # one QALY a year × £70,000 in years 1-5 (lag 1), a horizon of 3 years: years 3, 4
    # and 5 are cut off; their present value at the health rate is
    #   70,000 × (1/1.015³ + 1/1.015⁴ + 1/1.015⁵) = 70,000 × 2.826762 = £197,873.3
    # (at the case's 3.5 %: 70,000 × 2.615358 = £183,075.1)
    case = attrs.evolve(_qaly_case(5), horizon=3)
    cut = pb.project(case).appraise().beyond_horizon
    at_health = QALY * sum(1.015**-t for t in (3, 4, 5))
    assert cut["social_beyond_horizon"] == pytest.approx(at_health, rel=1e-9)
    assert at_health == pytest.approx(197_873.3, abs=0.1)
    off = pb.project(attrs.evolve(case, health_discounting=False)).appraise().beyond_horizon
    assert off["social_beyond_horizon"] == pytest.approx(
        QALY * sum(1.035**-t for t in (3, 4, 5)), rel=1e-9
    )
