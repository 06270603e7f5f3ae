"""Monte Carlo in chunks (``simulate_summary``): the figures of the one-pass simulation
with the same seed, in memory set by the chunk rather than the number of draws."""

from __future__ import annotations

import tracemalloc
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

import placebudget as pb
from placebudget.engine import dims as D
from placebudget.engine.simulation import BREAK_EVEN, SUMMARISED, break_even
from placebudget.errors import UnknownReferenceError, ValidationError
from placebudget.examples import example_path
from placebudget.figures import FIGURES
from placebudget.model.agreements import (
    ByGrossBenefit,
    ByHeadcount,
    ByNetBenefit,
    FixedShares,
    InvestmentAgreement,
    InvestorRecoups,
    PerCategory,
)


def _case(name: str) -> pb.BusinessCase:
    return pb.load_case(example_path(name))


@pytest.mark.parametrize(
    ("name", "chunk"), [("northtown", 7), ("troubled_families", 250), ("west_cheshire", 10_000)]
)
def test_chunks_give_the_figures_of_one_pass(name: str, chunk: int) -> None:
    case = _case(name)
    whole = pb.summarize(pb.simulate(case, draws=600, seed=3))
    chunked = pb.simulate_summary(case, draws=600, seed=3, chunk=chunk, keep="all")
    assert sorted(chunked.metrics.data_vars) == sorted(whole.metrics.data_vars)
    # chunks are projected under one outcome (every metric is a sum over outcomes): the
    # sums are taken in another order, so a difference of two present values (npbi,
    # nppv, a partner's net) agrees to 1e-12 of the present values it is the difference
    # of, and every other figure to 1e-12 of itself
    scale = np.maximum.reduce(
        [
            abs(whole.metrics[n]).to_numpy()
            for n in (
                "pv_cost",
                "pv_fiscal",
                "pv_public",
                "pv_baseline_cost",
                "pv_cost_risk_adjusted",
            )
        ]
    )
    for name_ in whole.metrics.data_vars:
        assert chunked.metrics[name_].dims == whole.metrics[name_].dims, name_
        if D.DRAW not in whole.metrics[name_].dims:
            np.testing.assert_allclose(
                chunked.metrics[name_].to_numpy(),
                whole.metrics[name_].to_numpy(),
                rtol=1e-12,
                equal_nan=True,
            )
            continue
        expected = whole.metrics[name_].transpose(D.DRAW, ...).to_numpy()
        found = chunked.metrics[name_].transpose(D.DRAW, ...).to_numpy()
        size = scale.reshape(-1, *([1] * (expected.ndim - 1)))
        np.testing.assert_array_less(
            abs(found - expected)[np.isfinite(expected)],
            (1e-12 * np.maximum(abs(expected), size) + 1e-300)[np.isfinite(expected)],
            err_msg=str(name_),
        )
        np.testing.assert_array_equal(np.isfinite(found), np.isfinite(expected))
    money = abs(whole.table[["mean"]].to_numpy()).max()
    pd.testing.assert_frame_equal(chunked.table, whole.table, rtol=1e-12, atol=1e-12 * money)
    pd.testing.assert_frame_equal(
        chunked.by_partner, whole.by_partner, rtol=1e-12, atol=1e-12 * money
    )
    assert chunked.probabilities == whole.probabilities
    pd.testing.assert_frame_equal(chunked.inputs, whole.inputs)


def test_by_default_only_what_the_summary_needs_is_kept() -> None:
    done: list[int] = []
    summary = pb.simulate_summary(
        _case("northtown"), draws=25, seed=1, chunk=10, on_chunk=done.append
    )
    assert done == [10, 20, 25]
    assert set(summary.metrics.data_vars) == {*SUMMARISED, "partner_net", "partner_roi"}
    assert summary.metrics.sizes[D.DRAW] == 25
    assert list(summary.metrics[D.DRAW].to_numpy()) == list(range(25))


def test_the_summary_reads_its_metrics_and_chances_from_the_catalogue() -> None:
    summary = pb.simulate_summary(_case("northtown"), draws=200, seed=1)
    assert list(summary.table.index) == list(SUMMARISED)
    assert all(FIGURES[name].role == "metric" and not FIGURES[name].dims for name in SUMMARISED)
    assert list(summary.probabilities) == ["npbi > 0", "fiscal_roi > 1", "nppv > 0", "bcr > 1"]
    for name in BREAK_EVEN:
        key, threshold = break_even(name)
        assert threshold == {"money": 0.0, "ratio": 1.0}[FIGURES[name].kind]
        assert summary.probabilities[key] == float((summary.metrics[name] > threshold).mean())


@pytest.mark.parametrize("chunk", [0, -5, 2.5, True, "100"])
def test_a_chunk_that_is_not_a_whole_positive_number_is_refused(chunk: object) -> None:
    with pytest.raises(ValidationError, match=r"chunk: must be a whole number of 1 or more"):
        pb.simulate_summary(_case("northtown"), draws=10, chunk=chunk)  # type: ignore[arg-type]


@pytest.mark.parametrize("draws", [0, -1, 1.5])
def test_draws_that_are_not_a_whole_positive_number_are_refused(draws: object) -> None:
    with pytest.raises(ValidationError, match=r"draws: must be a whole number of 1 or more"):
        pb.simulate_summary(_case("northtown"), draws=draws)  # type: ignore[arg-type]


def test_keep_must_be_known() -> None:
    with pytest.raises(UnknownReferenceError, match=r"keep: must be 'summarised' or 'all'"):
        pb.simulate_summary(_case("northtown"), draws=10, keep="some")


def test_draws_whose_kept_figures_cannot_fit_are_refused_before_sampling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from placebudget.engine import _sampling

    monkeypatch.setattr(_sampling, "MAX_ARRAY_BYTES", 1024**2)
    with pytest.raises(
        ValidationError,
        match=r"draws: must be at most [\d,]+ for this case: "
        r"each draw keeps [\d,]+ bytes of metrics",
    ):
        pb.simulate_summary(_case("northtown"), draws=100_000)


def test_peak_memory_is_set_by_the_chunk_not_the_draws() -> None:
    """Ten times the draws in chunks of 10,000: the peak grows by the per-draw metrics the
    summary is made of (each draw's headline metrics and partners' net and ROI, which
    the result holds) and by nothing else."""
    case = _case("northtown")
    peaks, kept = {}, {}
    for draws in (20_000, 200_000):
        tracemalloc.start()
        try:
            summary = pb.simulate_summary(case, draws=draws, seed=1)
            peaks[draws] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        kept[draws] = summary.metrics.nbytes
        del summary
    grown, held = peaks[200_000] - peaks[20_000], kept[200_000] - kept[20_000]
    assert held > 0
    assert grown < 1.25 * held, (peaks, kept)


# -- each partner's net under every agreement option ------------------------------------


def _categories(case: pb.BusinessCase) -> list[str]:
    return sorted({line.category for i in case.interventions for line in i.costs})


@st.composite
def share_rules(draw: st.DrawFn, partners: list[str]) -> Any:
    weights = [draw(st.sampled_from([0.0, 1.0, 2.0, 14.0])) for _ in partners]
    if not any(weights):
        weights[draw(st.integers(0, len(partners) - 1))] = 1.0
    kind = draw(st.sampled_from(["fixed", "headcount", "gross", "cashable", "net"]))
    if kind == "fixed":
        total = sum(weights)
        return FixedShares(
            shares={p: w / total for p, w in zip(partners, weights, strict=True) if w}
        )
    if kind == "headcount":
        return ByHeadcount(fte={p: w for p, w in zip(partners, weights, strict=True) if w})
    if kind == "net":
        return ByNetBenefit()
    return ByGrossBenefit(basis="fiscal" if kind == "gross" else "cashable")


@st.composite
def agreement_options(draw: st.DrawFn, case: pb.BusinessCase) -> dict[str, InvestmentAgreement]:
    partners = list(case.place.partner_ids)
    options: dict[str, InvestmentAgreement] = {}
    for k in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["share", "per-category", "investor"]))
        if kind == "share":
            rule: Any = draw(share_rules(partners))
        elif kind == "per-category":
            rule = PerCategory(rules={c: draw(share_rules(partners)) for c in _categories(case)})
        else:
            rule = InvestorRecoups(
                investor=draw(st.sampled_from(partners)),
                investor_share=draw(st.sampled_from([0.0, 0.25, 1.0])),
            )
        options[f"option-{k}"] = InvestmentAgreement(rule=rule)
    return options


@settings(max_examples=30, deadline=None)
@given(data=st.data(), name=st.sampled_from(["west_cheshire", "troubled_families"]))
def test_without_spread_each_option_is_its_deterministic_settlement(
    data: st.DataObject, name: str
) -> None:
    case = _case(name)
    case = attrs.evolve(case, uncertainty={}, agreements=data.draw(agreement_options(case)))
    projection = pb.project(case)
    try:
        expected = {
            option: projection.settle(agreement, name=option).by_partner["net"]
            for option, agreement in case.agreements.items()
        }
    except ValidationError:  # a rule that cannot apply: the simulation refuses it too
        with pytest.raises(ValidationError):
            pb.simulate_summary(case, draws=3, seed=0, spread=None, chunk=2)
        return
    summary = pb.simulate_summary(case, draws=3, seed=0, spread=None, chunk=2)
    assert list(summary.by_option.index.get_level_values("option").unique()) == [
        "as modelled",
        *case.agreements,
    ]
    for option, net in expected.items():
        found = summary.by_option.loc[option]
        np.testing.assert_allclose(found["mean_net"], net, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(found["p5_net"], net, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(found["p95_net"], net, rtol=1e-12, atol=1e-9)
        assert found["p_net_positive"].tolist() == (net > 0).astype(float).tolist()
    modelled = projection.appraise().by_partner["net"]
    np.testing.assert_allclose(
        summary.by_option.loc["as modelled", "mean_net"], modelled, rtol=1e-12, atol=1e-9
    )


def test_west_cheshire_options_over_the_draws() -> None:
    case = _case("west_cheshire")
    chunked = pb.simulate_summary(case, draws=600, seed=3, chunk=250)
    table = chunked.by_option
    assert list(table.columns) == ["mean_net", "p5_net", "p95_net", "p_net_positive"]
    assert list(table.index.names) == ["option", "partner"]
    assert list(table.index.get_level_values("option").unique()) == [
        "as modelled",
        "headcount",
        "gross-benefit",
        "mixed",
        "council-invests",
    ]
    # as modelled is the summary's by-partner figures
    pd.testing.assert_frame_equal(table.loc["as modelled"], chunked.by_partner[list(table.columns)])
    # the same draws settled one by one, as the case is settled
    simulated = pb.simulate(case, draws=600, seed=3)
    for option, agreement in case.agreements.items():
        settlement = simulated.settle(agreement, name=option)
        net = settlement.dataset["net"]
        row = table.loc[option]
        np.testing.assert_allclose(row["mean_net"], net.mean(D.DRAW), rtol=1e-9)
        np.testing.assert_allclose(row["p5_net"], net.quantile(0.05, D.DRAW), rtol=1e-9)
        np.testing.assert_allclose(row["p_net_positive"], (net > 0).mean(D.DRAW))
        # a simulated projection's settlement gives the same figures over the draws
        over = settlement.by_partner
        pd.testing.assert_series_equal(over["net"], row["mean_net"], check_names=False, rtol=1e-9)
        pd.testing.assert_series_equal(
            over["p95_net"], row["p95_net"], check_names=False, rtol=1e-9
        )
        assert settlement.worse_off == list(row.index[row["mean_net"] < 0])
    # the per-draw nets are kept, draws × options × partners
    assert chunked.metrics["option_net"].dims == (D.DRAW, D.OPTION, D.PARTNER)
    # summarize reads them from the simulated projection the same way
    whole = pb.summarize(simulated)
    pd.testing.assert_frame_equal(whole.by_option, table, rtol=1e-9)
    # under the gross benefit option every partner gets the overall fiscal ROI: all
    # come out ahead in the same draws, those in which the case does
    gross = table.loc["gross-benefit", "p_net_positive"].to_numpy()
    assert (gross == gross[0]).all()
    assert gross[0] == chunked.probabilities["npbi > 0"]


def test_a_settlement_over_draws_gives_the_median_payback() -> None:
    case = _case("west_cheshire")
    simulated = pb.simulate(case, draws=201, seed=2)
    settlement = simulated.settle(case.agreements["gross-benefit"])
    assert settlement.draws == 201
    years = settlement.dataset["payback_year"].sel(partner="nhs").to_numpy()
    found = settlement.by_partner.loc["nhs", "payback_year"]
    ordered = np.sort(np.where(np.isnan(years), np.inf, years))
    assert (found if found is not pd.NA else np.inf) == ordered[100]
    with pytest.raises(ValueError, match="by_partner and worse_off give the figures"):
        _ = settlement.contributions


def test_an_option_that_cannot_apply_in_some_draws_is_over_the_draws_it_settles() -> None:
    from placebudget.engine._options import option_statistics

    nets = xr.DataArray(
        np.array([[[1.0, -1.0]], [[np.nan, np.nan]], [[3.0, 1.0]]]),
        dims=(D.DRAW, D.OPTION, D.PARTNER),
        coords={D.OPTION: ["a"], D.PARTNER: ["x", "y"]},
    )
    table = option_statistics(nets)
    assert table.loc[("a", "x"), "mean_net"] == 2.0
    assert table.loc[("a", "y"), "p_net_positive"] == 0.5


def test_options_add_to_the_memory_kept_a_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    from placebudget.engine import _sampling

    case = _case("west_cheshire")
    monkeypatch.setattr(_sampling, "MAX_ARRAY_BYTES", 10 * 1024**2)
    # the headline metrics, two figures a partner and its net under each of 5 options
    # (as modelled and the case's 4), for 5 partners
    per_draw = 8 * (len(SUMMARISED) + 2 * 5 + 5 * 5)
    with pytest.raises(ValidationError, match=rf"each draw keeps {per_draw} bytes"):
        pb.simulate_summary(case, draws=100_000)
