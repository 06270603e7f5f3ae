"""Monte Carlo in chunks (``simulate_summary``): the figures of the one-pass simulation
with the same seed, in memory set by the chunk rather than the number of draws."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest

import placebudget as pb
from placebudget.engine import dims as D
from placebudget.engine.simulation import BREAK_EVEN, SUMMARISED, break_even
from placebudget.errors import UnknownReferenceError, ValidationError
from placebudget.examples import example_path
from placebudget.figures import FIGURES


def _case(name: str) -> pb.BusinessCase:
    return pb.load_case(example_path(name))


@pytest.mark.parametrize(("name", "chunk"), [("northtown", 7), ("troubled_families", 250),
                                             ("west_cheshire", 10_000)])
def test_chunks_give_the_figures_of_one_pass(name: str, chunk: int) -> None:
    case = _case(name)
    whole = pb.summarize(pb.simulate(case, draws=600, seed=3))
    chunked = pb.simulate_summary(case, draws=600, seed=3, chunk=chunk, keep="all")
    assert sorted(chunked.metrics.data_vars) == sorted(whole.metrics.data_vars)
    # chunks are projected under one outcome (every metric is a sum over outcomes): the
    # sums are taken in another order, so a difference of two present values (npbi,
    # nppv, a partner's net) agrees to 1e-12 of the present values it is the difference
    # of, and every other figure to 1e-12 of itself
    scale = np.maximum.reduce([abs(whole.metrics[n]).to_numpy() for n in (
        "pv_cost", "pv_fiscal", "pv_public", "pv_baseline_cost", "pv_cost_risk_adjusted")])
    for name_ in whole.metrics.data_vars:
        assert chunked.metrics[name_].dims == whole.metrics[name_].dims, name_
        if D.DRAW not in whole.metrics[name_].dims:
            np.testing.assert_allclose(chunked.metrics[name_].to_numpy(),
                                       whole.metrics[name_].to_numpy(), rtol=1e-12,
                                       equal_nan=True)
            continue
        expected = whole.metrics[name_].transpose(D.DRAW, ...).to_numpy()
        found = chunked.metrics[name_].transpose(D.DRAW, ...).to_numpy()
        size = scale.reshape(-1, *([1] * (expected.ndim - 1)))
        np.testing.assert_array_less(abs(found - expected)[np.isfinite(expected)],
                                     (1e-12 * np.maximum(abs(expected), size)
                                      + 1e-300)[np.isfinite(expected)], err_msg=str(name_))
        np.testing.assert_array_equal(np.isfinite(found), np.isfinite(expected))
    money = abs(whole.table[["mean"]].to_numpy()).max()
    pd.testing.assert_frame_equal(chunked.table, whole.table, rtol=1e-12, atol=1e-12 * money)
    pd.testing.assert_frame_equal(chunked.by_partner, whole.by_partner, rtol=1e-12,
                                  atol=1e-12 * money)
    assert chunked.probabilities == whole.probabilities
    pd.testing.assert_frame_equal(chunked.inputs, whole.inputs)


def test_by_default_only_what_the_summary_needs_is_kept() -> None:
    done: list[int] = []
    summary = pb.simulate_summary(_case("northtown"), draws=25, seed=1, chunk=10,
                                  on_chunk=done.append)
    assert done == [10, 20, 25]
    assert set(summary.metrics.data_vars) == {*SUMMARISED, "partner_net", "partner_roi"}
    assert summary.metrics.sizes[D.DRAW] == 25
    assert list(summary.metrics[D.DRAW].to_numpy()) == list(range(25))


def test_the_summary_reads_its_metrics_and_chances_from_the_catalogue() -> None:
    summary = pb.simulate_summary(_case("northtown"), draws=200, seed=1)
    assert list(summary.table.index) == list(SUMMARISED)
    assert all(FIGURES[name].role == "metric" and not FIGURES[name].dims
               for name in SUMMARISED)
    assert list(summary.probabilities) == ["npbi > 0", "fiscal_roi > 1", "nppv > 0",
                                           "bcr > 1"]
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
        monkeypatch: pytest.MonkeyPatch) -> None:
    from placebudget.engine import _sampling

    monkeypatch.setattr(_sampling, "MAX_ARRAY_BYTES", 1024**2)
    with pytest.raises(ValidationError, match=r"draws: must be at most [\d,]+ for this case: "
                       r"each draw keeps [\d,]+ bytes of metrics"):
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
