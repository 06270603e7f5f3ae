"""Engine benchmarks, each with the numpy floor of the same arithmetic."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

import placebudget as pb
from placebudget.engine import build_inputs, compute, sample_inputs
from placebudget.examples import example_path

from ._cases import numpy_floor, numpy_floor_draws, synthetic_case
from ._floor import case_floor, draws_floor

SIZES = [(4, 10, 30), (12, 15, 120), (40, 25, 600)]


class Project:
    """``compute`` (the xarray engine) against the hand-vectorised numpy floor, and the
    whole ``project()`` call, at growing partners × years × outcomes."""

    params: ClassVar[list[list[tuple[int, int, int]]]] = [SIZES]
    param_names: ClassVar[list[str]] = ["partners, years, outcomes"]
    timeout = 300

    def setup(self, size: tuple[int, int, int]) -> None:
        self.case = synthetic_case(*size)
        self.inputs = build_inputs(self.case)

    def time_compute(self, size: tuple[int, int, int]) -> None:
        compute(self.inputs)

    def time_numpy_floor(self, size: tuple[int, int, int]) -> None:
        numpy_floor(self.inputs)

    def time_project(self, size: tuple[int, int, int]) -> None:
        pb.project(self.case)


class EndToEnd:
    """From the case objects to the figures a user reads: ``project(case).appraise()``
    against the floor written apart from the engine (``_floor.case_floor``), which is
    checked equal to the engine's yearly flows and present values (1e-9) before timing."""

    params: ClassVar[list[list[tuple[int, int, int]]]] = [
        [(4, 10, 30), (6, 10, 60), (12, 15, 120), (40, 25, 600), (100, 50, 2000), (200, 50, 5000)]
    ]
    param_names: ClassVar[list[str]] = ["partners, years, outcomes"]
    timeout = 600

    def setup(self, size: tuple[int, int, int]) -> None:
        self.case = synthetic_case(*size)
        result = pb.project(self.case).appraise()
        floor = case_floor(self.case)
        ds = result.projection.dataset
        pairs = [
            (floor["pv_cost"], result.pv_cost),
            (floor["pv_fiscal"], result.pv_fiscal),
            (floor["partner_pv_cost"], result.by_partner["pv_cost"].to_numpy()),
            (floor["partner_pv_fiscal"], result.by_partner["pv_fiscal"].to_numpy()),
            (floor["cost"], ds["cost"].to_numpy()),
            (floor["fiscal"], ds["fiscal"].sum("outcome").to_numpy()),
        ]
        if not all(np.allclose(a, b, rtol=1e-9, atol=1e-6) for a, b in pairs):
            msg = f"the floor and the engine disagree at {size}"
            raise AssertionError(msg)

    def time_project_appraise(self, size: tuple[int, int, int]) -> None:
        pb.project(self.case).appraise()

    def time_case_floor(self, size: tuple[int, int, int]) -> None:
        case_floor(self.case)


class MonteCarlo:
    """Draws in one vectorised pass, against the same number of deterministic runs."""

    params: ClassVar[list[list[int]]] = [[1000, 10000]]
    param_names: ClassVar[list[str]] = ["draws"]
    timeout = 600

    def setup(self, draws: int) -> None:
        self.case = synthetic_case(6, 10, 60)
        self.sampled = sample_inputs(self.case, draws=draws, seed=1)

    def time_simulate(self, draws: int) -> None:
        # the projection is computed when first read: read it, by outcome
        pb.simulate(self.case, draws=draws, seed=1).dataset  # noqa: B018

    def time_compute_draws(self, draws: int) -> None:
        compute(self.sampled)

    def time_numpy_floor_draws(self, draws: int) -> None:
        numpy_floor_draws(self.sampled)

    def peakmem_simulate(self, draws: int) -> None:
        pb.simulate(self.case, draws=draws, seed=1).dataset  # noqa: B018


class MonteCarloSummary:
    """The Monte Carlo summary end to end (sampling, projection, appraisal, percentiles):
    in one pass (``summarize(simulate(...))``) against chunks of 10,000 draws
    (``simulate_summary``), of the troubled families example."""

    params: ClassVar[list[list[int]]] = [[10_000, 100_000]]
    param_names: ClassVar[list[str]] = ["draws"]
    timeout = 600
    number = 1
    repeat = 1

    def setup(self, draws: int) -> None:
        self.case = pb.load_case(example_path("troubled_families"))

    def time_one_pass(self, draws: int) -> None:
        pb.summarize(pb.simulate(self.case, draws=draws, seed=1))

    def peakmem_one_pass(self, draws: int) -> None:
        pb.summarize(pb.simulate(self.case, draws=draws, seed=1))

    def time_chunks(self, draws: int) -> None:
        pb.simulate_summary(self.case, draws=draws, seed=1)

    def peakmem_chunks(self, draws: int) -> None:
        pb.simulate_summary(self.case, draws=draws, seed=1)


class MonteCarloFloor:
    """``simulate_summary`` of a 6 × 10 × 60 synthetic case from the case objects to the
    summary table, against the Monte Carlo floor written apart from the engine
    (``_floor.draws_floor``: its own draws of the same distributions, every present value
    contracted over the years first). Checked in setup: without spread the floor's
    figures are the engine's (1e-9), and with it the means of PV cost, PV fiscal benefit
    and NPBI agree within five standard errors."""

    params: ClassVar[list[list[int]]] = [[10_000, 100_000]]
    param_names: ClassVar[list[str]] = ["draws"]
    timeout = 900
    number = 1
    repeat = 1

    def setup(self, draws: int) -> None:
        self.case = synthetic_case(6, 10, 60)
        appraisal = pb.project(self.case).appraise()
        point = draws_floor(self.case, 2, 1, spread=False)["metrics"]
        exact = [
            (point["pv_cost"][0], appraisal.pv_cost),
            (point["pv_fiscal"][0], appraisal.pv_fiscal),
            (point["pv_baseline_cost"][0], appraisal.pv_baseline_cost),
        ]
        summary = pb.simulate_summary(self.case, draws=10_000, seed=2).table
        floor = draws_floor(self.case, 10_000, 2)["summary"]
        close = [
            abs(floor[m]["mean"] - summary.loc[m, "mean"])
            < 5 * summary.loc[m, "sd"] * np.sqrt(2 / 10_000)
            for m in ("pv_cost", "pv_fiscal", "npbi")
        ]
        if not (all(np.isclose(a, b, rtol=1e-9) for a, b in exact) and all(close)):
            msg = "the Monte Carlo floor and the engine disagree"
            raise AssertionError(msg)

    def time_simulate_summary(self, draws: int) -> None:
        pb.simulate_summary(self.case, draws=draws, seed=1)

    def time_draws_floor(self, draws: int) -> None:
        draws_floor(self.case, draws, 1)

    def peakmem_simulate_summary(self, draws: int) -> None:
        pb.simulate_summary(self.case, draws=draws, seed=1)

    def peakmem_draws_floor(self, draws: int) -> None:
        draws_floor(self.case, draws, 1)


class SequentialRuns:
    """1,000 deterministic ``project()`` runs one after another: what 1,000 draws would
    cost without vectorisation (compare with ``MonteCarlo.time_simulate(1000)``)."""

    timeout = 900
    number = 1
    repeat = 1

    def setup(self) -> None:
        self.case = synthetic_case(6, 10, 60)
        self.inputs = build_inputs(self.case)

    def time_1000_sequential_computes(self) -> None:
        for _ in range(1000):
            compute(self.inputs)
