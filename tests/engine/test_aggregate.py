"""Many places: hand-computed totals, numpy and dask agree, dask stays lazy until asked,
and a real dask.distributed cluster on localhost."""

from __future__ import annotations

from typing import Any

import dask
import numpy as np
import pandas as pd
import pytest
import xarray as xr

import placebudget as pb
from placebudget.engine import dims as D
from placebudget.errors import ValidationError
from placebudget.examples import EXAMPLES, example_path
from placebudget.testing import example_case


def table(**columns: list[float]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.Index([f"p{i}" for i in range(n)], name="place"))


@pytest.fixture(scope="module")
def national_places() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return table(
        intake_scale=list(rng.uniform(0.3, 3, 40)),
        value_scale=list(rng.uniform(0.9, 1.2, 40)),
        cost_scale=list(rng.uniform(0.9, 1.3, 40)),
    )


def test_totals_by_hand() -> None:
    base = pb.project(example_case()).appraise()
    places = table(intake_scale=[1.0, 2.0], value_scale=[1.0, 1.5], cost_scale=[1.0, 0.5])
    result = pb.aggregate(example_case(), places)
    assert result.dataset[D.FISCAL].dims[0] == D.PLACE
    national = result.national()
    # the example's costs are fixed amounts: they scale with cost_scale only; benefits
    # scale with intake and value
    assert national["pv_cost"] == pytest.approx(base.pv_cost * (1 + 0.5))
    assert national["pv_fiscal"] == pytest.approx(base.pv_fiscal * (1 + 2 * 1.5))
    by_place = result.by_place()
    assert by_place.loc["p1", "npbi"] == pytest.approx(3 * base.pv_fiscal - 0.5 * base.pv_cost)


def test_per_intervention_intake_scale() -> None:
    base = pb.project(example_case()).appraise()
    places = table(**{"work_support.intake_scale": [0.5]})
    assert pb.aggregate(example_case(), places).national()["pv_fiscal"] == pytest.approx(
        0.5 * base.pv_fiscal
    )


def test_shares_of_net_benefit_by_department() -> None:
    case = pb.load_case(example_path("west_cheshire"))
    departments = pb.aggregate(case, table(intake_scale=[1.0, 1.0])).by_department()
    assert departments.loc[departments["net"] > 0, "share_of_net_benefit"].sum() == pytest.approx(1)
    single = pb.project(case).appraise().by_partner
    justice = single.loc[["cjs", "probation"], "net"].sum()
    assert departments.loc["Ministry of Justice", "net"] == pytest.approx(2 * justice)


def test_numpy_and_dask_agree(national_places: pd.DataFrame) -> None:
    case = pb.load_case(example_path("west_cheshire"))
    in_memory = pb.aggregate(case, national_places, draws=50, seed=4)
    chunked = pb.aggregate(case, national_places, draws=50, seed=4, chunks=7)
    assert not in_memory.lazy
    assert chunked.lazy
    pd.testing.assert_series_equal(chunked.national(), in_memory.national(), rtol=1e-10)
    pd.testing.assert_frame_equal(chunked.by_department(), in_memory.by_department(), rtol=1e-10)


def _reinvesting() -> pb.BusinessCase:
    """Northtown with half of its cashable savings bought back as places of family
    support (a feedback that is not linear in a place's scales)."""
    import attrs

    from placebudget.model import Reinvestment

    return attrs.evolve(
        pb.load_case(example_path("northtown")),
        reinvestment=Reinvestment(share=0.5, into="family_support", cap="200000 GBP"),
    )


@pytest.mark.parametrize("name", [*EXAMPLES, "reinvesting"])
@pytest.mark.parametrize("draws", [None, 6])
def test_chunks_give_the_in_memory_totals_for_every_example(
    name: str, draws: int | None, national_places: pd.DataFrame
) -> None:
    """The totals, projected with numpy under one outcome (in memory, or in each chunk's
    task and reduced there), are those of the whole labelled projection by outcome:
    with a risk register, interactions, carbon values by year, distributional weights
    and reinvestment, and with the intake of one intervention scaled on its own."""
    case = _reinvesting() if name == "reinvesting" else pb.load_case(example_path(name))
    places = national_places.iloc[:9].assign(
        **{f"{case.interventions[0].id}.intake_scale": np.linspace(0.5, 2, 9)}
    )
    in_memory = pb.aggregate(case, places, draws=draws, seed=3)
    # totals read from the projection by outcome, present values taken by xarray
    whole = in_memory.compute()
    assert whole.totals is None
    expected = _all_totals(whole)
    _assert_same_totals(_all_totals(in_memory), expected)
    chunked = pb.aggregate(case, places, draws=draws, seed=3, chunks=4)
    _assert_same_totals(_all_totals(chunked), expected)
    _assert_same_totals(_all_totals(chunked.compute_totals()), expected)


def test_dask_stays_lazy_until_asked(national_places: pd.DataFrame) -> None:
    calls: list[int] = []

    def counting(graph: Any, keys: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return dask.get(graph, keys, **kwargs)

    case = pb.load_case(example_path("west_cheshire"))
    with dask.config.set(scheduler=counting):
        result = pb.aggregate(case, national_places, draws=20, seed=1, chunks=10)
        result.by_partner_kind  # noqa: B018 — a method, not called: nothing computed
        assert calls == []
        assert result.lazy
        national = result.national()
        assert len(calls) == 1
    assert np.isfinite(national["npbi"])


@pytest.mark.parametrize("chunks", [None, 10])
def test_the_totals_never_label_the_projection(
    chunks: int | None, national_places: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The totals are projected with the numpy core; the labelled projection is built
    once, when ``dataset`` is first read."""
    from placebudget.engine import _chunks as module

    labelled: list[int] = []
    project_places = module.project_places

    def counting(*args: Any) -> xr.Dataset:
        labelled.append(1)
        return project_places(*args)

    monkeypatch.setattr(module, "project_places", counting)
    result = pb.aggregate(example_case(), national_places, draws=5, seed=1, chunks=chunks)
    _all_totals(result)
    assert labelled == []
    assert result.lazy is (chunks is not None)
    first = result.dataset
    assert result.dataset is first
    assert len(labelled) == 1  # one place's template, or the whole projection in memory
    assert first.attrs["places"] == len(national_places)


def test_progress_bar(national_places: pd.DataFrame, capfd: pytest.CaptureFixture[str]) -> None:
    result = pb.aggregate(example_case(), national_places, chunks=10, progress=True)
    result.national()
    assert "100% Completed" in capfd.readouterr().err


def _all_totals(result: pb.Aggregate) -> list[Any]:
    return [result.national(), result.by_place(), result.by_department(), result.by_partner_kind()]


def _assert_same_totals(found: list[Any], expected: list[Any]) -> None:
    pd.testing.assert_series_equal(found[0], expected[0], rtol=1e-10)
    for one, other in zip(found[1:], expected[1:], strict=True):
        pd.testing.assert_frame_equal(one, other, rtol=1e-10)


def test_numpy_threads_and_a_cluster_on_localhost_agree(national_places: pd.DataFrame) -> None:
    distributed = pytest.importorskip("distributed")
    case = pb.load_case(example_path("west_cheshire"))
    expected = _all_totals(pb.aggregate(case, national_places, draws=10, seed=2))
    with dask.config.set(scheduler="threads"):
        threads = pb.aggregate(case, national_places, draws=10, seed=2, chunks="auto")
        assert threads.lazy
        _assert_same_totals(_all_totals(threads), expected)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = pb.aggregate(
            case, national_places, draws=10, seed=2, client=client, progress=False
        )
        assert result.lazy
        with distributed.get_task_stream(client) as stream:
            _assert_same_totals(_all_totals(result), expected)
        # the chunks were shared between the two workers, not drawn to the one holding
        # the inputs
        workers = {task["worker"] for task in stream.data if "_totals" in str(task["key"])}
        assert len(workers) == 2
        whole = result.compute()
        assert not whole.lazy
        _assert_same_totals(_all_totals(whole), expected)


def test_each_chunk_is_projected_and_reduced_in_one_task(national_places: pd.DataFrame) -> None:
    """The totals' graph has a task a chunk (not one per array operation), and no task
    gives more than a chunk's present values: a chunk's projection lives only inside
    the task that reduces it, and the chunks' totals are joined by the caller."""
    from dask.callbacks import Callback

    case = pb.load_case(example_path("west_cheshire"))
    result = pb.aggregate(case, national_places, draws=30, seed=5, chunks=8)
    assert result.totals is not None
    chunks = len(result.dataset[D.COST].chunks[result.dataset[D.COST].dims.index(D.PLACE)])
    assert chunks == 5  # 40 places in chunks of 8
    assert len(result.totals) == chunks  # one delayed total a chunk, joined when computed
    graph: dict[Any, Any] = {}
    for part in result.totals:
        graph.update(part.__dask_graph__())
    reducing = [key for key in graph if "place_totals" in str(key)]
    assert len(reducing) == chunks
    # the chunks' tasks and their inputs — not one per array operation of the projection
    # (hundreds)
    assert len(graph) <= chunks + 2
    sizes: list[int] = []

    def record(key: Any, value: Any, dsk: Any, state: Any, worker_id: Any) -> None:
        sizes.append(int(getattr(value, "nbytes", 0)))

    with Callback(posttask=record), dask.config.set(scheduler="threads"):
        computed = result.compute_totals()
    assert isinstance(computed.totals, xr.Dataset)
    chunk_projection = result.dataset.isel({D.PLACE: slice(0, 8)}).nbytes
    chunk_totals = computed.totals.isel({D.PLACE: slice(0, 8)}).nbytes
    assert max(sizes) <= chunk_totals  # a chunk's totals are the largest result
    assert chunk_totals * 20 < chunk_projection  # 5 years × 6 outcomes against one PV
    _assert_same_totals(
        _all_totals(computed), _all_totals(pb.aggregate(case, national_places, draws=30, seed=5))
    )


def test_automatic_chunks_follow_the_configured_chunk_size(national_places: pd.DataFrame) -> None:
    case = pb.load_case(example_path("west_cheshire"))

    def place_chunks(result: pb.Aggregate) -> tuple[int, ...]:
        cost = result.dataset[D.COST]
        return tuple(cost.chunks[cost.dims.index(D.PLACE)])

    with dask.config.set({"array.chunk-size": "128MiB"}):
        roomy = place_chunks(pb.aggregate(case, national_places, draws=20, seed=1, chunks="auto"))
    one_place = pb.aggregate(case, national_places.iloc[:1], draws=20, seed=1).dataset
    with dask.config.set({"array.chunk-size": 3 * one_place.nbytes}):
        tight = place_chunks(pb.aggregate(case, national_places, draws=20, seed=1, chunks="auto"))
    threads = dask.system.CPU_COUNT
    assert sum(roomy) == sum(tight) == len(national_places)
    assert len(roomy) == threads  # memory allows one chunk a thread
    assert max(tight) <= 3
    assert len(tight) % threads == 0  # whole rounds: no thread waits for a last chunk


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_totals_task_stays_within_the_configured_chunk_size(
    name: str, national_places: pd.DataFrame
) -> None:
    """Automatic chunks bound what each totals task holds at its peak (measured with
    tracemalloc, not timed) by dask's ``array.chunk-size``, and use as few chunks as
    that allows."""
    import tracemalloc

    case = pb.load_case(example_path(name))
    limit = 4 * 2**20
    with dask.config.set({"array.chunk-size": limit}):
        result = pb.aggregate(case, national_places, draws=200, seed=1, chunks="auto")
    assert result.totals is not None
    assert len(result.totals) > dask.system.CPU_COUNT  # the limit splits the places
    dask.compute(result.totals[0], scheduler="sync")  # once: what stays imported, cached
    peaks = []
    for part in result.totals:
        tracemalloc.start()
        try:
            dask.compute(part, scheduler="sync")
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert max(peaks) <= limit
    assert max(peaks) > limit / 4  # not many more chunks than the limit needs


@pytest.mark.parametrize("chunks", [0, -1, 2.5, True, "big", "16"])
def test_bad_chunks(chunks: Any) -> None:
    with pytest.raises(
        ValidationError,
        match=r"chunks: must be a whole number of places "
        r"of 1 or more, or 'auto'",
    ):
        pb.aggregate(example_case(), table(intake_scale=[1.0]), chunks=chunks)


@pytest.mark.parametrize(
    ("places", "message"),
    [
        (table(intake_scales=[1.0]), r"places\.intake_scales: is not a place table column"),
        (table(intake_scale=[-1.0]), r"places\['p0'\]\.intake_scale: must be a finite number"),
        (table(value_scale=[float("nan")]), r"places\['p0'\]\.value_scale: must be a finite"),
        (pd.DataFrame({"cost_scale": [1.0, 1.0]}, index=["a", "a"]), r"place ids must be unique"),
        (table(intake_scale=[]), r"places: must have at least one place"),
    ],
)
def test_bad_place_tables(places: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        pb.aggregate(example_case(), places)


def test_one_case_per_place() -> None:
    import attrs

    base = example_case()
    bigger = attrs.evolve(
        base, interventions=[attrs.evolve(base.interventions[0], engagement=0.375)]
    )  # half the engaged participants
    result = pb.aggregate({"wigan": base, "bolton": bigger})
    single = pb.project(base).appraise()
    assert list(result.dataset[D.PLACE].to_numpy()) == ["wigan", "bolton"]
    assert result.national()["pv_fiscal"] == pytest.approx(1.5 * single.pv_fiscal)
    assert result.national()["pv_cost"] == pytest.approx(2 * single.pv_cost)
    chunked = pb.aggregate({"wigan": base, "bolton": bigger}, chunks=1)
    assert chunked.lazy
    pd.testing.assert_series_equal(chunked.national(), result.national())


def test_cases_that_do_not_line_up_are_refused() -> None:
    from placebudget.errors import AlignmentError

    other = pb.load_case(example_path("west_cheshire"))
    with pytest.raises(AlignmentError, match="same partners, years and outcomes"):
        pb.aggregate({"a": example_case(), "b": other})
