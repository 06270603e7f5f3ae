"""People by intervention: each intervention's participants are counted in its cohort's
unit (the ``cohort_unit`` label along ``intervention``: ``household``, ``family``,
``person``), so the projection keeps ``participants`` and ``reinvested_participants`` by
intervention and a total across interventions exists only when they all count the same
unit (``docs/reference/dataset.md``).

Examples
--------
>>> import placebudget as pb
>>> from placebudget.examples import example_path
>>> ds = pb.project(pb.load_case(example_path("northtown"))).dataset
>>> total = total_participants(ds)
>>> total.attrs["units"], total.dims
('family', ('year',))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from placebudget.engine import dims as D
from placebudget.errors import AlignmentError, ValidationError

if TYPE_CHECKING:
    import xarray as xr

__all__ = [
    "PEOPLE_VARIABLES",
    "by_intervention",
    "common_unit",
    "people_aligned",
    "same_unit",
    "total_participants",
]

#: The projection's variables that count people, by intervention, in each cohort's unit.
PEOPLE_VARIABLES: tuple[str, ...] = (D.PARTICIPANTS, D.REINVESTED_PARTICIPANTS)


def common_unit(units: Sequence[str]) -> str | None:
    """The one unit every intervention's cohort counts, or ``None`` when they count
    different units (or there is no intervention).

    Examples
    --------
    >>> common_unit(["family", "family"]), common_unit(["household", "family"])
    ('family', None)
    >>> common_unit(["", ""]) is None
    True
    """
    found = {str(u) for u in units}
    unit = found.pop() if len(found) == 1 else None
    return unit or None  # an unknown unit ("") adds up with nothing


def same_unit(
    units: Sequence[str], interventions: Sequence[str], *, variable: str = D.PARTICIPANTS
) -> str:
    """The one unit the cohorts of ``interventions`` count (``units``, one each).

    Raises
    ------
    placebudget.errors.ValidationError
        They count different units, which do not add up: naming each intervention's.

    Examples
    --------
    >>> same_unit(["household", "family"], ["domestic_abuse", "joint_teams"])
    Traceback (most recent call last):
    ...
    placebudget.errors.ValidationError: participants: cannot add up participants of ...
    """
    unit = common_unit(units)
    if unit is not None:
        return unit
    named = ", ".join(f"{i}: {u}" for i, u in zip(interventions, units, strict=True))
    msg = (
        f"cannot add up {variable} of interventions whose cohorts count different "
        f"units ({named}); read them by intervention"
    )
    raise ValidationError.single(path=variable, message=msg, value=sorted({str(u) for u in units}))


def total_participants(
    data: xr.Dataset | xr.DataArray, variable: str = D.PARTICIPANTS
) -> xr.DataArray:
    """``participants`` (or ``reinvested_participants``) of a projection Dataset summed
    over interventions, every other dimension kept, its ``units`` attribute the one unit
    the cohorts count.

    Raises
    ------
    placebudget.errors.ValidationError
        The interventions' cohorts count different units (households and families, say):
        they are read by intervention, never added up.
    """
    import xarray as xr

    array = data[variable] if isinstance(data, xr.Dataset) else data
    name = variable if array.name is None else str(array.name)
    if D.COHORT_UNIT not in array.coords:
        msg = f"has no {D.COHORT_UNIT} label: what its interventions count is unknown"
        raise ValidationError.single(path=name, message=msg)
    units = [str(u) for u in np.asarray(array[D.COHORT_UNIT].to_numpy())]
    ids = [str(i) for i in np.asarray(array[D.INTERVENTION].to_numpy())]
    unit = same_unit(units, ids, variable=name)
    total = array.sum(D.INTERVENTION)
    total.attrs = {**array.attrs, "units": unit}
    return total


def by_intervention(
    values: Any, interventions: Sequence[str], units: Sequence[str], years: Sequence[int]
) -> pd.DataFrame:
    """A people figure ``(intervention, year)`` as a table: one row per intervention,
    its cohort's ``unit`` then one column per financial year (an int, 2013 = 2013/14)."""
    frame = pd.DataFrame(
        np.asarray(values, dtype=float),
        index=pd.Index([str(i) for i in interventions], name=D.INTERVENTION),
        columns=[int(y) for y in years],
    )
    frame.insert(0, "unit", [str(u) for u in units])
    return frame


def people_aligned(projections: Sequence[xr.Dataset]) -> list[xr.Dataset]:
    """Projections of several cases (one a place) with their people figures on the same
    interventions, in the order first met: a case without an intervention has no
    participants of it (0), and its cohort's unit is the unit of the cases that have it.

    Raises
    ------
    placebudget.errors.AlignmentError
        One intervention id whose cohort counts different units in two cases.
    """
    units: dict[str, str] = {}
    for ds in projections:
        for i, u in zip(ds[D.INTERVENTION].to_numpy(), ds[D.COHORT_UNIT].to_numpy(), strict=True):
            if units.setdefault(str(i), str(u)) != str(u):
                msg = (
                    f"intervention {str(i)!r} counts {units[str(i)]!r} in one case and "
                    f"{str(u)!r} in another: its participants do not add up"
                )
                raise AlignmentError(msg)
    ids = list(units)
    aligned = []
    for ds in projections:
        if [str(i) for i in ds[D.INTERVENTION].to_numpy()] == ids:
            aligned.append(ds)
            continue
        people = [name for name in PEOPLE_VARIABLES if name in ds.data_vars]
        moved = ds[people].drop_vars(D.COHORT_UNIT).reindex({D.INTERVENTION: ids}, fill_value=0.0)
        moved = moved.assign_coords({D.COHORT_UNIT: (D.INTERVENTION, [units[i] for i in ids])})
        rest = ds.drop_vars([*people, D.COHORT_UNIT, D.INTERVENTION])
        merged = rest.assign({name: moved[name] for name in people})
        merged.attrs = ds.attrs
        aligned.append(merged)
    return aligned
