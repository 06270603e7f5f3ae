"""The engine's modules and a projection's inputs: no module shares a name with a function
of the package, and a projection computes the same figures from a case's resolved inputs
as from their input Dataset, through one interface."""

from __future__ import annotations

import importlib
import types

import numpy as np
import pytest
import xarray as xr

import placebudget as pb
from placebudget.engine import build_inputs
from placebudget.engine._inputs import ResolvedInputs
from placebudget.examples import example_path

#: Each function of the package and the module it is defined in (the names once shared).
MODULES = {
    "project": "projection",
    "appraise": "appraisal",
    "aggregate": "aggregation",
    "evaluate": "evaluation",
    "simulate": "simulation",
}


@pytest.mark.parametrize(("function", "module"), list(MODULES.items()))
def test_the_functions_stay_functions_when_their_modules_are_imported(
    function: str, module: str
) -> None:
    engine = importlib.import_module("placebudget.engine")
    found = importlib.import_module(f"placebudget.engine.{module}")
    assert isinstance(found, types.ModuleType)
    assert getattr(engine, function) is getattr(found, function)
    if function != "project":  # the package's project is api.project (it reads plugins)
        assert getattr(pb, function) is getattr(engine, function)
    assert type(engine) is types.ModuleType  # no module class keeping them apart


@pytest.mark.parametrize("old", list(MODULES))
def test_the_old_module_paths_are_gone(old: str) -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(f"placebudget.engine.{old}")


def test_every_public_name_of_the_engine_imports() -> None:
    engine = importlib.import_module("placebudget.engine")
    for name in engine.__all__:
        assert getattr(engine, name) is not None, name


@pytest.mark.parametrize("name", ["northtown", "troubled_families", "west_cheshire"])
def test_a_case_and_its_input_dataset_give_the_same_figures(name: str) -> None:
    case = pb.load_case(example_path(name))
    resolved = pb.project(case)
    labelled = pb.Projection.from_inputs(build_inputs(case), case)
    assert isinstance(resolved.resolved, ResolvedInputs)
    assert labelled.resolved is None
    for ours, theirs in (
        (resolved.flows(), labelled.flows()),
        (resolved.outcome_flows(), labelled.outcome_flows()),
    ):
        assert ours.keys() == theirs.keys()
        for variable, values in ours.items():
            np.testing.assert_array_equal(values, theirs[variable], err_msg=variable)
    for view in ("dataset", "totals", "detail", "inputs"):
        xr.testing.assert_identical(getattr(resolved, view), getattr(labelled, view))
    assert resolved.attrs == labelled.attrs
    assert resolved.price_base == labelled.price_base
    assert resolved.value_traces().equals(labelled.value_traces())
    ours_summary, theirs_summary = resolved.appraise().summary(), labelled.appraise().summary()
    assert list(ours_summary) == list(theirs_summary)
    np.testing.assert_array_equal(
        np.array(list(ours_summary.values()), dtype=float),
        np.array(list(theirs_summary.values()), dtype=float),
    )


def test_the_inputs_of_many_draws_have_no_core_arrays() -> None:
    case = pb.load_case(example_path("northtown"))
    projection = pb.simulate(case, draws=5, seed=1)
    assert projection.resolved is None
    assert projection.has_input("draw")
    with pytest.raises(ValueError, match=r"extra dimensions \['draw'\]"):
        projection.flows()
    with pytest.raises(ValueError, match=r"extra dimensions \['draw'\]"):
        projection.core_inputs()
    assert projection.totals.sizes["draw"] == 5
