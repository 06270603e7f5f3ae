"""Properties of the engine, checked with hypothesis."""

from __future__ import annotations

import attrs
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import placebudget as pb
from placebudget.testing import example_case, example_intervention

rates = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
sizes = st.integers(min_value=1, max_value=5_000)


@st.composite
def effects(draw: st.DrawFn) -> pb.Effect:
    return pb.Effect(
        outcome="o",
        unit="incident",
        baseline=draw(st.floats(min_value=0, max_value=10)),
        impact=draw(rates),
        deadweight=draw(rates),
        displacement=draw(rates),
        attribution=draw(rates),
        lag=draw(st.integers(0, 3)),
        duration=draw(st.integers(1, 5)),
        drop_off=draw(rates),
        confidence=draw(st.integers(1, 6)),
        increases=draw(st.booleans()),
        fiscal={
            "dwp": pb.UnitValue("100 GBP/incident", price_year=2012, cashable=draw(rates)),
            "nhs": pb.UnitValue("40 GBP/incident", price_year=2010),
        },
        social=pb.UnitValue("10 GBP/incident", price_year=2012),
    )


def case_for(effect: pb.Effect, intake: dict[int, float]) -> pb.BusinessCase:
    intervention = example_intervention(
        cohort=pb.Cohort(id="c", intake=intake),
        effects=[effect],
        costs=[
            pb.CostLine(
                partner="council", per_participant="50 GBP/person", price_year=2012, confidence=2
            )
        ],
    )
    return example_case(interventions=[intervention], horizon=6)


@given(effect=effects(), n=sizes, k=st.integers(2, 9))
def test_benefits_and_costs_are_linear_in_cohort_size(effect: pb.Effect, n: int, k: int) -> None:
    one = pb.project(case_for(effect, {2012: n, 2014: n})).dataset
    many = pb.project(case_for(effect, {2012: n * k, 2014: n * k})).dataset
    for name in ("volume", "fiscal", "cashable", "social", "cost", "disbenefit"):
        np.testing.assert_allclose(many[name], one[name] * k, rtol=1e-9, atol=1e-6)


@given(effect=effects(), order=st.permutations([0, 1, 2]))
def test_partner_order_does_not_change_results(effect: pb.Effect, order: list[int]) -> None:
    case = case_for(effect, {2012: 100, 2013: 50})
    partners = [case.place.partners[i] for i in order]
    shuffled = attrs.evolve(case, place=attrs.evolve(case.place, partners=partners))
    a = pb.project(case)
    b = pb.project(shuffled)
    for name in ("cost", "fiscal", "cashable"):
        np.testing.assert_allclose(
            b.dataset[name].sel(partner=list(a.dataset.partner.values)), a.dataset[name]
        )
    ra, rb = a.appraise(), b.appraise()
    assert np.isclose(ra.npbi, rb.npbi)
    assert np.isclose(ra.pv_cashable, rb.pv_cashable)
    frame_a, frame_b = ra.by_partner, rb.by_partner.loc[ra.by_partner.index]
    np.testing.assert_allclose(frame_a["net"], frame_b["net"])


@given(effect=effects(), n=sizes, share=st.floats(min_value=0.05, max_value=0.95))
def test_splitting_an_intake_into_two_interventions_sums_to_the_same(
    effect: pb.Effect, n: int, share: float
) -> None:
    whole = case_for(effect, {2012: n})
    first_n = n * share
    base = whole.interventions[0]
    first = attrs.evolve(base, cohort=pb.Cohort(id="c", intake={2012: first_n}))
    second = attrs.evolve(base, id="second", cohort=pb.Cohort(id="c", intake={2012: n - first_n}))
    split = attrs.evolve(whole, interventions=[first, second])
    a, b = pb.project(whole).appraise(), pb.project(split).appraise()
    for metric in (
        "pv_cost",
        "pv_fiscal",
        "pv_cashable",
        "pv_social",
        "pv_disbenefit",
        "npbi",
        "nppv",
    ):
        assert np.isclose(getattr(a, metric), getattr(b, metric), rtol=1e-9, atol=1e-6)


@given(effect=effects(), n=sizes)
def test_zero_impact_gives_zero_benefit(effect: pb.Effect, n: int) -> None:
    result = pb.project(case_for(attrs.evolve(effect, impact=0.0), {2012: n})).appraise()
    assert result.pv_fiscal == 0
    assert result.pv_social == 0
    assert result.pv_cashable == 0
    assert result.payback_year is None
    assert result.pv_cost > 0


@given(effect=effects(), n=sizes)
def test_money_is_accounted_for(effect: pb.Effect, n: int) -> None:
    from placebudget.testing import assert_conserves_money

    projection = pb.project(case_for(effect, {2012: n, 2015: n}))
    assert_conserves_money(projection.dataset)
    result = projection.appraise()
    assert np.isclose(result.by_partner["pv_fiscal"].sum(), result.pv_fiscal)
    assert np.isclose(result.by_partner["pv_cost"].sum(), result.pv_cost)
    assert np.isclose(result.by_outcome["pv_public"].sum(), result.pv_public)
    partner_disbenefit = result.metrics["partner_pv_disbenefit"].to_numpy()
    assert np.isclose(partner_disbenefit.sum(), result.pv_disbenefit)
    assert (partner_disbenefit >= 0).all()
    if not effect.increases:
        assert result.pv_disbenefit == 0


@given(effect=effects(), n=sizes, bias=rates)
def test_an_increase_is_the_reduction_with_its_sign_and_bias_reversed(
    effect: pb.Effect, n: int, bias: float
) -> None:
    """The same effect increasing its outcome rather than reducing it changes every
    volume and value by the opposite amount, with its optimism bias raising the
    increase (1 + bias) rather than cutting the reduction (1 − bias); what it costs each
    partner is its dis-benefit, and the reactive cost as is is the same."""
    intake = {2012: n, 2014: n}
    down = attrs.evolve(effect, increases=False, confidence=None, optimism_bias=bias)
    up = attrs.evolve(down, increases=True)
    # the reduction with the bias the increase takes: (1 + bias) = 1 − (−bias) ...
    reduced = pb.project(case_for(attrs.evolve(down, optimism_bias=0.0), intake)).dataset
    increased = pb.project(case_for(attrs.evolve(up, optimism_bias=0.0), intake)).dataset
    biased = pb.project(case_for(up, intake)).dataset
    for name in ("volume", "fiscal", "cashable", "transfer_payment", "economic", "social"):
        np.testing.assert_allclose(increased[name], -reduced[name], rtol=1e-9, atol=1e-6)
        # ... the bias scales the increase up by (1 + bias)
        np.testing.assert_allclose(biased[name], increased[name] * (1 + bias), rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(increased["disbenefit"], -increased["fiscal"], atol=1e-6)
    np.testing.assert_allclose(increased["baseline_cost"], reduced["baseline_cost"])
    assert float(reduced["disbenefit"].sum()) == 0


@given(
    effect=effects(),
    scale=st.floats(min_value=0.0, max_value=5.0),
    share=st.floats(min_value=0.0, max_value=1.0),
)
def test_the_value_scale_is_every_value_scaled(
    effect: pb.Effect, scale: float, share: float
) -> None:
    """The engine's ``value_scale`` input (a place's local unit costs) gives the figures
    of every fiscal, economic and social value multiplied by it — with reinvestment,
    whose feedback runs on the scaled cashable savings."""
    from placebudget.engine import build_inputs, compute
    from placebudget.engine import dims as D

    case = attrs.evolve(
        case_for(effect, {2012: 100, 2013: 50}),
        reinvestment=pb.Reinvestment(share=share, cap="2000 GBP"),
    )
    inputs = build_inputs(case)
    with_scale = compute(inputs.assign({D.VALUE_SCALE: scale}))
    scaled = compute(
        inputs.assign(
            {
                name: inputs[name] * scale
                for name in (D.FISCAL_VALUE, D.ECONOMIC_VALUE, D.SOCIAL_VALUE)
            }
        )
    )
    for name in (
        D.FISCAL,
        D.CASHABLE,
        D.TRANSFER_PAYMENT,
        D.DISBENEFIT,
        D.ECONOMIC,
        D.SOCIAL,
        D.BASELINE_COST,
        D.WEIGHTED_BENEFIT,
        D.COST,
        D.REINVESTED,
        D.PARTICIPANTS,
    ):
        np.testing.assert_allclose(
            with_scale[name], scaled[name], rtol=1e-12, atol=1e-9, err_msg=name
        )
