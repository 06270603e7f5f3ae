"""Monte Carlo: reproducible, vectorised over draws, converging to the deterministic
result, and a break-even probability with a known answer."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

import placebudget as pb
from placebudget.engine import dims as D
from placebudget.engine.simulation import default_distribution, sample
from placebudget.errors import ValidationError
from placebudget.model import PERT, Beta, LogNormal, Normal, Triangular, Uniform
from placebudget.testing import example_case

IMPACT = "interventions[0].effects[0].impact"


def test_same_seed_same_draws() -> None:
    a = pb.simulate(example_case(), draws=200, seed=7).dataset
    b = pb.simulate(example_case(), draws=200, seed=7).dataset
    c = pb.simulate(example_case(), draws=200, seed=8).dataset
    xr.testing.assert_identical(a, b)
    assert not np.allclose(a[D.FISCAL], c[D.FISCAL])


def test_draw_is_a_leading_dimension() -> None:
    ds = pb.simulate(example_case(), draws=50, seed=1).dataset
    assert ds[D.FISCAL].dims == (D.DRAW, D.PARTNER, D.YEAR, D.OUTCOME)
    assert ds[D.COST].dims == (D.DRAW, D.PARTNER, D.YEAR)
    assert ds.sizes[D.DRAW] == 50


def test_without_spread_every_draw_is_the_deterministic_result() -> None:
    deterministic = pb.project(example_case()).dataset
    simulated = pb.simulate(example_case(), draws=5, seed=0, spread=None).dataset
    for draw in range(5):
        xr.testing.assert_allclose(simulated.isel({D.DRAW: draw}, drop=True), deterministic)


def test_symmetric_spread_converges_to_the_deterministic_mean() -> None:
    case = example_case()
    point = case.interventions[0].effects[0].impact  # 0.30
    draws = 20_000
    simulated = pb.simulate(
        case, draws=draws, seed=3, spread=None, uncertainty={IMPACT: Normal(mean=point, sd=0.05)}
    )
    fiscal = simulated.dataset[D.FISCAL].sum((D.PARTNER, D.OUTCOME, D.YEAR))
    expected = float(pb.project(case).dataset[D.FISCAL].sum())
    standard_error = float(fiscal.std()) / np.sqrt(draws)
    assert abs(float(fiscal.mean()) - expected) < 4 * standard_error
    assert float(fiscal.std()) / expected == pytest.approx(0.05 / 0.30, rel=0.05)


def test_probability_of_breaking_even_has_the_known_answer() -> None:
    # fiscal benefit is proportional to impact, costs do not depend on it: the case breaks
    # even at impact* = impact · PV cost / PV fiscal. With impact ~ U(0, 4 impact*),
    # P(npbi > 0) = P(impact > impact*) = 3/4.
    case = example_case()
    appraisal = pb.project(case).appraise()
    point = case.interventions[0].effects[0].impact
    break_even = point * appraisal.pv_cost / appraisal.pv_fiscal
    draws = 40_000
    summary = pb.summarize(
        pb.simulate(
            case,
            draws=draws,
            seed=11,
            spread=None,
            uncertainty={IMPACT: Uniform(low=0, high=4 * break_even)},
        )
    )
    assert summary.probabilities["npbi > 0"] == pytest.approx(
        0.75, abs=4 * np.sqrt(0.75 * 0.25 / draws)
    )
    assert summary.probabilities["fiscal_roi > 1"] == summary.probabilities["npbi > 0"]
    # the council pays and receives nothing: never ahead
    assert summary.by_partner.loc["council", "p_net_positive"] == 0
    assert summary.table.loc["pv_cost", "sd"] == pytest.approx(0, abs=1e-6)


def test_default_spread_follows_the_grades() -> None:
    summary = pb.summarize(pb.simulate(example_case(), draws=3000, seed=5))
    deterministic = pb.project(example_case()).appraise()
    table = summary.table
    assert table.loc["pv_cost", "sd"] > 0  # the cost line varies (explicit OB → grade 6)
    assert table.loc["pv_fiscal", "p5"] < deterministic.pv_fiscal < table.loc["pv_fiscal", "p95"]
    assert 0 < summary.probabilities["npbi > 0"] <= 1


@pytest.mark.parametrize(
    "distribution",
    [
        Normal(mean=0.3, sd=0.05),
        LogNormal(mean=0.3, sd=0.05),
        Uniform(low=0.2, high=0.4),
        Triangular(low=0.1, mode=0.3, high=0.5),
        PERT(low=0.1, mode=0.3, high=0.5),
        Beta(alpha=3, beta=7),
    ],
)
def test_each_distribution_samples_its_mean(distribution: object) -> None:
    values = sample(distribution, np.random.default_rng(0), 200_000)  # type: ignore[arg-type]
    assert values.mean() == pytest.approx(distribution.mean, abs=0.002)  # type: ignore[attr-defined]


def test_grade_distributions_keep_the_point_as_mean() -> None:
    rate = default_distribution(0.3, 0.5, bounded=True)
    money = default_distribution(1.0, 0.25, bounded=False)
    assert isinstance(rate, Beta)
    assert isinstance(money, LogNormal)
    assert rate.mean == pytest.approx(0.3)
    assert default_distribution(0.3, 0.0, bounded=True) is None


def test_bad_uncertainty_is_reported_not_clipped() -> None:
    with pytest.raises(
        ValidationError,
        match=r"uncertainty\['interventions\[0\]\.effects"
        r"\[0\]\.impakt'\]: is not an uncertain input",
    ):
        pb.simulate(
            example_case(),
            draws=10,
            uncertainty={"interventions[0].effects[0].impakt": Uniform(low=0, high=1)},
        )
    with pytest.raises(ValidationError) as info:
        pb.simulate(
            example_case(),
            draws=1000,
            seed=0,
            uncertainty={
                IMPACT: Normal(mean=0.3, sd=0.3),
                "interventions[0].effects[0].fiscal['council']": Normal(mean=1, sd=0.1),
                "interventions[0].costs[0]": Normal(mean=1, sd=1),
            },
        )
    text = str(info.value)
    assert "uncertainty['interventions[0].effects[0].impact']: draws must be [0, 1]" in text
    assert "uncertainty['interventions[0].costs[0]']: draws must be zero or more" in text
    # the council receives no fiscal value from this effect, but a factor on zero is allowed
    assert "fiscal['council']" not in text
    with pytest.raises(ValidationError, match="draws: must be a whole number"):
        pb.simulate(example_case(), draws=0)


def test_draws_are_computed_in_one_vectorised_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # not a timing test: all the draws go through the engine's compute() once, when
    # first read: the summary's figures summed over outcomes, the Dataset by outcome
    from placebudget.engine import _source

    calls = []
    original = _source.compute

    def counting(inputs: xr.Dataset) -> xr.Dataset:
        calls.append((inputs.sizes.get(D.DRAW), inputs.sizes[D.OUTCOME]))
        return original(inputs)

    monkeypatch.setattr(_source, "compute", counting)
    projection = pb.simulate(example_case(), draws=300, seed=0)
    assert calls == []
    pb.summarize(projection)
    assert calls == [(300, 1)]
    outcomes = projection.inputs.sizes[D.OUTCOME]
    assert projection.dataset.sizes[D.DRAW] == 300
    pb.summarize(projection)
    assert calls == [(300, 1), (300, outcomes)]


def test_funnel_inputs_can_be_uncertain() -> None:
    # fiscal benefit is proportional to engagement × intake; both uncertain here
    case = example_case()
    deterministic = float(pb.project(case).dataset[D.FISCAL].sum())
    simulated = pb.simulate(
        case,
        draws=20_000,
        seed=9,
        spread=None,
        uncertainty={
            "interventions[0].engagement": Uniform(low=0.5, high=1.0),
            "interventions[0].cohort.intake": Triangular(low=0.8, mode=1.0, high=1.2),
        },
    )
    fiscal = simulated.dataset[D.FISCAL].sum((D.PARTNER, D.YEAR, D.OUTCOME))
    # E[engagement] = 0.75 (the point), E[intake factor] = 1, independent
    assert float(fiscal.mean()) == pytest.approx(deterministic, rel=0.01)
    assert float(fiscal.min()) < 0.6 * deterministic
    with pytest.raises(ValidationError, match=r"draws must be \[0, 1\]"):
        pb.simulate(
            case,
            draws=100,
            seed=0,
            spread=None,
            uncertainty={"interventions[0].engagement": Normal(mean=0.9, sd=0.2)},
        )


def test_draws_that_cannot_fit_are_refused_before_allocating() -> None:
    from placebudget.errors import ValidationError
    from placebudget.testing import example_case

    with pytest.raises(
        ValidationError,
        match=r"draws: would need a draws × partners × years "
        r"× outcomes array of 1,000,000,000 × 3 × 4 × 1 \(89\.4 GiB\), more "
        r"than the limit of 2 GiB",
    ):
        pb.simulate(example_case(), draws=10**9, max_bytes=None)  # the largest array alone
