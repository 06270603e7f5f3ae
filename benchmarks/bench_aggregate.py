"""Many places on dask: the in-memory numpy path, dask threads and a two-worker
``dask.distributed`` cluster on this machine, side by side, and time against the number
of places.

Each run starts from the case objects and ends at the national totals a user reads
(sampling the draws, projecting every place, present values, sums); the cluster is
started and warmed in ``setup``, outside the timing, by one run of the same size (its
workers import placebudget and meet the workload once, as a long-lived cluster has)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd

import placebudget as pb
from placebudget.examples import example_path


def _places(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "intake_scale": rng.uniform(0.3, 3, n),
            "value_scale": rng.uniform(0.9, 1.2, n),
            "cost_scale": rng.uniform(0.9, 1.3, n),
        },
        index=pd.Index([f"p{i:03d}" for i in range(n)], name="place"),
    )


def _cluster(*, trim: bool = True) -> tuple[Any, Any]:
    """Two single-threaded worker processes on this machine; ``trim=False``: without the
    ``MALLOC_TRIM_THRESHOLD_`` of 64 KiB that distributed's nannies give their workers
    by default (which has glibc hand freed memory back to the system at once, so the
    projection's temporaries are faulted in again in every task)."""
    import dask
    import distributed

    environ = {} if trim else {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
    with dask.config.set(environ):
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
    return cluster, distributed.Client(cluster)


def _run(
    case: pb.BusinessCase, places: pd.DataFrame, draws: int, how: str, client: Any = None
) -> pd.Series:
    import dask

    if how == "numpy":
        return pb.aggregate(case, places, draws=draws, seed=1, progress=False).national()
    if how.startswith("cluster"):
        return pb.aggregate(
            case, places, draws=draws, seed=1, client=client, progress=False
        ).national()
    with dask.config.set(scheduler="threads"):
        return pb.aggregate(
            case, places, draws=draws, seed=1, chunks="auto", progress=False
        ).national()


class Aggregate:
    """The West Cheshire example across 152 upper-tier-authority-sized places: numpy in
    memory, dask threads (chunks ``"auto"``), ``LocalCluster(2)`` as distributed starts
    it, and the same cluster with its workers' memory left to glibc's defaults
    (``cluster-untrimmed``)."""

    params: ClassVar[list[list[Any]]] = [
        ["numpy", "threads", "cluster", "cluster-untrimmed"],
        [200, 1000],
    ]
    param_names: ClassVar[list[str]] = ["how", "draws"]
    timeout = 900

    def setup(self, how: str, draws: int) -> None:
        self.case = pb.load_case(example_path("west_cheshire"))
        self.places = _places(152)
        self.cluster, self.client = (
            _cluster(trim=how == "cluster") if how.startswith("cluster") else (None, None)
        )
        _run(self.case, self.places, draws, how, self.client)  # warm up, the same size

    def teardown(self, how: str, draws: int) -> None:
        if self.client is not None:
            self.client.close()
            self.cluster.close()

    def time_national(self, how: str, draws: int) -> None:
        _run(self.case, self.places, draws, how, self.client)

    def peakmem_national(self, how: str, draws: int) -> None:
        # the cluster's workers are other processes: this is the client's memory only
        _run(self.case, self.places, draws, how, self.client)


class PlacesScaling:
    """Time against places: 38, 152 and 608 places × 200 draws on dask threads."""

    params: ClassVar[list[list[int]]] = [[38, 152, 608]]
    param_names: ClassVar[list[str]] = ["places"]
    timeout = 900

    def setup(self, places: int) -> None:
        self.case = pb.load_case(example_path("west_cheshire"))
        self.places = _places(places)
        _run(self.case, self.places.iloc[:4], 5, "threads")

    def time_threads_200_draws(self, places: int) -> None:
        _run(self.case, self.places, 200, "threads")

    def peakmem_threads_200_draws(self, places: int) -> None:
        _run(self.case, self.places, 200, "threads")


class AggregateRatios:
    """The two ratios the targets name, each the median over 15 runs of both sides
    taken in turns, in an order shuffled with a fixed seed (single runs of 50 ms on a
    shared machine vary by ±15 %; taken in turns, both sides meet the same noise)."""

    params: ClassVar[list[list[int]]] = [[200, 1000]]
    param_names: ClassVar[list[str]] = ["draws"]
    timeout = 900

    def setup(self, draws: int) -> None:
        self.case = pb.load_case(example_path("west_cheshire"))
        self.places = _places(152)
        self.cluster, self.client = _cluster()
        for how in ("numpy", "threads", "cluster"):
            _run(self.case, self.places, draws, how, self.client)

    def teardown(self, draws: int) -> None:
        self.client.close()
        self.cluster.close()

    def _ratio(self, draws: int, top: str, bottom: str) -> float:
        import random
        import statistics
        import time

        order = random.Random(draws)
        times: dict[str, list[float]] = {top: [], bottom: []}
        for _ in range(15):
            pair = [top, bottom]
            order.shuffle(pair)
            for how in pair:
                start = time.perf_counter()
                _run(self.case, self.places, draws, how, self.client)
                times[how].append(time.perf_counter() - start)
        return statistics.median(times[top]) / statistics.median(times[bottom])

    def track_threads_over_numpy(self, draws: int) -> float:
        return self._ratio(draws, "threads", "numpy")

    track_threads_over_numpy.unit = "ratio"  # type: ignore[attr-defined]

    def track_cluster_over_threads(self, draws: int) -> float:
        return self._ratio(draws, "cluster", "threads")

    track_cluster_over_threads.unit = "ratio"  # type: ignore[attr-defined]
