"""Reinvesting cashable savings into more of the intervention (stage 10), by hand and as
properties."""

from __future__ import annotations

import attrs
import dask
import numpy as np
import pytest
import xarray as xr
from hypothesis import given
from hypothesis import strategies as st

import placebudget as pb
from placebudget.engine import build_inputs, compute
from placebudget.engine import dims as D
from placebudget.errors import ValidationError
from placebudget.model import (
    BusinessCase,
    Cohort,
    CostLine,
    Effect,
    Intervention,
    Partner,
    Place,
    Reinvestment,
    UnitValue,
)
from placebudget.testing import assert_conserves_money, example_case

DF = np.array([1.0, 1 / 1.035, 1 / 1.035**2])


def hand_case(reinvestment: Reinvestment | None = None, *, horizon: int = 3) -> BusinessCase:
    """100 people enter in year 1 (2020) and all engage; each saves the council £1,000 of
    cashable money that year (baseline 1, impact 1, no lag, one year); a place costs
    £1,000 per participant, with no optimism bias."""
    effect = Effect(
        outcome="crisis",
        unit="person_year",
        baseline=1.0,
        impact=1.0,
        optimism_bias=0.0,
        fiscal={"council": UnitValue("1000 GBP/person_year", price_year=2020, cashable=1.0)},
    )
    intervention = Intervention(
        id="support",
        name="Support",
        theme="troubled_families",
        cohort=Cohort(id="people", intake={2020: 100}),
        engagement=1.0,
        effects=[effect],
        costs=[
            CostLine(
                partner="council",
                per_participant="1000 GBP/person",
                price_year=2020,
                optimism_bias=0.0,
            )
        ],
    )
    place = Place(
        id="town",
        name="Town",
        partners=[
            Partner(id="council", name="Council", kind="local_authority"),
            Partner(id="nhs", name="NHS", kind="nhs"),
        ],
    )
    return BusinessCase(
        name="Reinvest",
        place=place,
        interventions=[intervention],
        start_year=2020,
        horizon=horizon,
        price_year=2020,
        reinvestment=reinvestment,
    )


def test_the_hand_check() -> None:
    # year 1: cashable £100,000; half reinvested at £1,000 a place buys 50 participants in
    # year 2, whose £50,000 saving buys 25 in year 3
    ds = pb.project(hand_case(Reinvestment(share=0.5))).dataset
    np.testing.assert_allclose(
        ds[D.CASHABLE].sum((D.PARTNER, D.OUTCOME)), [100_000, 50_000, 25_000]
    )
    np.testing.assert_allclose(ds[D.REINVESTED], [0, 50_000, 25_000])
    # one intervention: its row is the whole
    np.testing.assert_allclose(ds[D.REINVESTED_PARTICIPANTS], [[0, 50, 25]])
    np.testing.assert_allclose(ds[D.PARTICIPANTS], [[100, 50, 25]])
    np.testing.assert_allclose(ds[D.COST].sel(partner="council"), [100_000, 50_000, 25_000])
    result = pb.project(hand_case(Reinvestment(share=0.5))).appraise()
    assert result.pv_reinvested == pytest.approx(50_000 * DF[1] + 25_000 * DF[2])
    # the appraisal counts the reinvested spend as cost
    assert result.pv_cost == pytest.approx(100_000 + result.pv_reinvested)
    assert result.by_year["reinvested"].to_list() == pytest.approx([0, 50_000, 25_000])
    # the extra people are in the cohort as is too
    np.testing.assert_allclose(
        ds[D.BASELINE_COST].sum((D.PARTNER, D.OUTCOME)), [100_000, 50_000, 25_000]
    )


def test_a_cap_limits_each_year() -> None:
    ds = pb.project(hand_case(Reinvestment(share=0.5, cap="30000 GBP"))).dataset
    np.testing.assert_allclose(ds[D.REINVESTED], [0, 30_000, 15_000])
    np.testing.assert_allclose(ds[D.REINVESTED_PARTICIPANTS], [[0, 30, 15]])


def test_only_the_partners_named_reinvest() -> None:
    ds = pb.project(hand_case(Reinvestment(share=0.5, partners=["nhs"]))).dataset
    np.testing.assert_allclose(ds[D.REINVESTED], [0, 0, 0])


def test_into_another_intervention() -> None:
    case = hand_case()
    (first,) = case.interventions
    other = attrs.evolve(
        first,
        id="outreach",
        name="Outreach",
        cohort=attrs.evolve(first.cohort, intake={2020: 0}),
        engagement=0.5,
        costs=[
            CostLine(
                partner="nhs", per_participant="500 GBP/person", price_year=2020, optimism_bias=0.2
            )
        ],
    )
    case = attrs.evolve(
        case, interventions=[first, other], reinvestment=Reinvestment(share=0.3, into="outreach")
    )
    projection = pb.project(case)
    ds = projection.dataset
    # £100,000 × 0.3 = £30,000 buys 30,000 / (500 × 1.2) = 50 outreach participants
    assert float(ds[D.REINVESTED][1]) == pytest.approx(30_000)
    # all bought for outreach, none for the first intervention
    bought = ds[D.REINVESTED_PARTICIPANTS]
    assert float(bought.sel(intervention="outreach")[1]) == pytest.approx(50)
    assert float(abs(bought.sel(intervention=first.id)).sum()) == 0.0
    # both count people: their total is the sum
    np.testing.assert_allclose(pb.engine.total_participants(bought), bought.sum(D.INTERVENTION))
    assert float(ds[D.COST].sel(partner="nhs")[1]) == pytest.approx(30_000)
    # 50 participants at engagement 0.5 are 100 people in the cohort as is in 2021 (the
    # first intake is followed in 2020 only), each costing the council £1,000
    assert float(ds[D.BASELINE_COST].sum((D.PARTNER, D.OUTCOME))[1]) == pytest.approx(100 * 1000)


@given(
    share=st.floats(0, 1),
    cap=st.one_of(st.none(), st.floats(0, 200_000)),
    lag=st.integers(0, 2),
    duration=st.integers(1, 4),
    drop_off=st.floats(0, 0.9),
)
def test_reinvested_money_is_the_share_of_last_years_savings(
    share: float, cap: float | None, lag: int, duration: int, drop_off: float
) -> None:
    case = hand_case(Reinvestment(share=share, cap=cap), horizon=6)
    (intervention,) = case.interventions
    effect = attrs.evolve(intervention.effects[0], lag=lag, duration=duration, drop_off=drop_off)
    case = attrs.evolve(case, interventions=[attrs.evolve(intervention, effects=[effect])])
    ds = pb.project(case).dataset
    saving = ds[D.CASHABLE].sum((D.PARTNER, D.OUTCOME)).to_numpy()
    expected = np.minimum(share * np.maximum(saving[:-1], 0), np.inf if cap is None else cap)
    # to the penny, up to the cap
    np.testing.assert_allclose(ds[D.REINVESTED].to_numpy()[1:], expected, atol=0.005)
    assert float(ds[D.REINVESTED][0]) == 0.0
    # the money buys participants at the cost per participant, and is counted as cost
    np.testing.assert_allclose(
        ds[D.REINVESTED_PARTICIPANTS].sum(D.INTERVENTION) * 1000, ds[D.REINVESTED], atol=1e-6
    )
    assert_conserves_money(ds)


@given(horizon=st.integers(1, 6))
def test_a_share_of_zero_changes_nothing(horizon: int) -> None:
    plain = pb.project(hand_case(horizon=horizon)).dataset
    zero = pb.project(hand_case(Reinvestment(share=0.0), horizon=horizon)).dataset
    xr.testing.assert_identical(plain, zero)


def test_vectorised_over_draws_and_lazy_on_dask() -> None:
    inputs = build_inputs(hand_case(Reinvestment(share=0.5)))
    draws = xr.DataArray([0.0, 0.5, 1.0], dims=D.DRAW)
    inputs["reinvest_share"] = draws
    inputs = inputs.chunk({D.DRAW: 1})
    calls = 0

    def counting(dsk: object, keys: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return dask.get(dsk, keys, **kwargs)  # type: ignore[arg-type]

    with dask.config.set(scheduler=counting):
        ds = compute(inputs)
        assert calls == 0  # nothing computed until asked
        reinvested = ds[D.REINVESTED].compute()
    assert calls == 1
    np.testing.assert_allclose(reinvested.sel(year=2021), [0, 50_000, 100_000])


def test_bad_plans_are_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Reinvestment(share=1.5, cap=-10)
    text = str(caught.value)
    assert "share: must be within [0, 1], got 1.5" in text
    assert "cap: must be zero or more, got -10.0" in text
    with pytest.raises(
        ValidationError,
        match=r"reinvestment.into: unknown intervention "
        r"\(known: support\), got 'elsewhere'",
    ):
        hand_case(Reinvestment(share=0.5, into="elsewhere"))
    with pytest.raises(ValidationError, match=r"reinvestment.partners\[0\]: unknown partner"):
        hand_case(Reinvestment(share=0.5, partners=["fire"]))
    case = hand_case()
    (intervention,) = case.interventions
    fixed = attrs.evolve(
        intervention,
        costs=[
            CostLine(partner="council", amounts={2020: 1000}, price_year=2020, optimism_bias=0.0)
        ],
    )
    with pytest.raises(ValidationError, match="needs an intervention with a per_participant"):
        attrs.evolve(case, interventions=[fixed], reinvestment=Reinvestment(share=0.5))
    free = attrs.evolve(
        intervention,
        costs=[
            CostLine(
                partner="council",
                per_participant="0 GBP/person",
                price_year=2020,
                optimism_bias=0.0,
            )
        ],
    )
    with pytest.raises(ValidationError, match="per_participant cost line above zero"):
        attrs.evolve(case, interventions=[free], reinvestment=Reinvestment(share=0.5))
    with pytest.raises(ValidationError, match="cap: must be an amount of money"):
        Reinvestment(share=0.5, cap="12 person")


def test_example_case_without_a_plan_reinvests_nothing() -> None:
    ds = pb.project(example_case()).dataset
    assert float(abs(ds[D.REINVESTED]).sum()) == 0.0
    assert float(abs(ds[D.REINVESTED_PARTICIPANTS]).sum()) == 0.0
