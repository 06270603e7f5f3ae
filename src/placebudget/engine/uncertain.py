"""The uncertain inputs of a case: one table that both the Monte Carlo simulation and the
one-way sensitivity analysis read.

Each row is an :class:`UncertainInput`: its path in the case, the variables of the input
Dataset it sets and where in them, whether it is a rate (set to the value drawn) or money
(multiplied by a factor drawn around 1), the bounds its values must stay in, its evidence
grade, and whether it varies by default (with its grade's spread) or only when a
distribution is given for it.

Examples
--------
>>> from placebudget.engine import build_inputs
>>> from placebudget.testing import example_case
>>> table = uncertain_inputs(build_inputs(example_case()))
>>> [(u.name, u.kind, u.point) for u in table[:2]]  # doctest: +NORMALIZE_WHITESPACE
[('work_support › jsa_into_work › baseline', 'rate', 1.0),
 ('work_support › jsa_into_work › impact', 'rate', 0.3)]
>>> table[-1].name, table[-1].path, table[-1].variables  # doctest: +NORMALIZE_WHITESPACE
('work_support › costs › intervention', 'interventions[0].costs[0]',
 ('line_amount', 'line_per_participant'))
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from placebudget.engine import dims as D
from placebudget.engine._inputs import input_values
from placebudget.errors import Problem, ValidationError
from placebudget.model import NAME_SEPARATOR as SEP
from placebudget.model.uncertainty import BOUNDED_RATES, RATES, InputPath

if TYPE_CHECKING:
    import xarray as xr

    from placebudget.engine._inputs import ResolvedInputs
    from placebudget.model import BusinessCase
    from placebudget.model.uncertainty import Distribution

__all__ = [
    "VARIED_BY_DEFAULT",
    "UncertainInput",
    "set_arrays",
    "set_inputs",
    "stated_distributions",
    "uncertain_inputs",
]

#: Rates that vary by default, with the spread of the effect's grade; the other rates vary
#: only when a distribution is given for them.
VARIED_BY_DEFAULT: tuple[str, ...] = (D.BASELINE, D.IMPACT)


@attrs.frozen(kw_only=True)
class UncertainInput:
    """One uncertain input of a case."""

    name: str
    """Its name by ids (``key_workers › child_into_care › impact``), which tables, reports
    and the case's ``uncertainty`` use."""
    path: str
    """Its position in the case (``interventions[0].effects[1].impact``)."""
    variables: tuple[str, ...]
    """The input Dataset variables it sets (a cost line sets its fixed amounts and its
    amount per participant alike)."""
    index: tuple[int, ...]
    """Its position along the leading dimensions of those variables."""
    kind: Literal["rate", "factor"]
    """``"rate"``: the value drawn replaces the input; ``"factor"``: the input (money, or
    the intake) is multiplied by the value drawn."""
    point: float
    """The value the case gives: the rate, or 1 for a factor."""
    bounds: tuple[float, float]
    """The values it may take: ``(0, 1)`` for a bounded rate, else ``(0, inf)``."""
    grade: int
    """Evidence grade (1 best to 5, 0 when ungraded) that sets its default spread."""
    default: bool
    """Whether it varies by default, with its grade's spread."""
    range: tuple[float, float] | None = None
    """A published range (low, high) as factors, which replaces the grade's spread by
    default: a Green Book appraisal value's (WELLBY £10,000-£16,000 about £13,000)."""

    @property
    def bounded(self) -> bool:
        """Whether it is a rate defined on [0, 1]."""
        return self.bounds[1] == 1.0


def _rate(
    name: str,
    path: str,
    variable: str,
    index: tuple[int, ...],
    point: float,
    grade: int,
    *,
    default: bool,
    bounded: bool,
) -> UncertainInput:
    return UncertainInput(
        name=name,
        path=path,
        variables=(variable,),
        index=index,
        kind="rate",
        point=point,
        bounds=(0.0, 1.0 if bounded else math.inf),
        grade=grade,
        default=default,
    )


def _factor(
    name: str,
    path: str,
    variables: tuple[str, ...],
    index: tuple[int, ...],
    grade: int,
    *,
    default: bool,
    published: tuple[float, float] | None = None,
) -> UncertainInput:
    return UncertainInput(
        name=name,
        path=path,
        variables=variables,
        index=index,
        kind="factor",
        point=1.0,
        bounds=(0.0, math.inf),
        grade=grade,
        default=default,
        range=published,
    )


def uncertain_inputs(
    inputs: xr.Dataset | ResolvedInputs, given: Iterable[str] = ()
) -> list[UncertainInput]:
    """Every uncertain input of an input Dataset (or a case's resolved inputs), in a
    fixed order: for each effect its
    rates, its fiscal value for each partner, its economic and social values; each cost
    line; each intervention's engagement and intake.

    An input that varies by default is always listed (the default rates of every effect,
    every non-zero value, every cost line); the others (the other rates, a zero value,
    the funnel) only when their name (:attr:`UncertainInput.name`) is in ``given``.
    """
    wanted = set(given)
    found: list[UncertainInput] = []
    paths = [str(p) for p in input_values(inputs, D.EFFECT_PATH)]
    names = [str(n) for n in input_values(inputs, D.EFFECT_NAME)]
    grades = input_values(inputs, D.EFFECT_CONFIDENCE)
    partners = [str(p) for p in input_values(inputs, D.PARTNER)]
    fiscal = input_values(inputs, D.FISCAL_VALUE)
    rates = {rate: input_values(inputs, rate) for rate in RATES}
    extra = {kind: input_values(inputs, f"{kind}_value") for kind in ("economic", "social")}
    low, high = input_values(inputs, D.SOCIAL_LOW), input_values(inputs, D.SOCIAL_HIGH)
    ranges = {
        "social": {
            e: (float(low[e]), float(high[e])) for e in range(len(low)) if not np.isnan(low[e])
        }
    }
    for e, (path, name) in enumerate(zip(paths, names, strict=True)):
        grade = int(grades[e])
        for rate in RATES:
            called = f"{name}{SEP}{rate}"
            default = rate in VARIED_BY_DEFAULT
            if default or called in wanted:
                found.append(
                    _rate(
                        called,
                        f"{path}.{rate}",
                        rate,
                        (e,),
                        float(rates[rate][e]),
                        grade,
                        default=default,
                        bounded=rate in BOUNDED_RATES,
                    )
                )
        for p, partner in enumerate(partners):
            called = f"{name}{SEP}fiscal{SEP}{partner}"
            if fiscal[e, p] != 0 or called in wanted:
                found.append(
                    _factor(
                        called,
                        f"{path}.fiscal[{partner!r}]",
                        (D.FISCAL_VALUE,),
                        (e, p),
                        grade,
                        default=True,
                    )
                )
        for kind, values in extra.items():
            called = f"{name}{SEP}{kind}"
            if values[e] != 0 or called in wanted:
                found.append(
                    _factor(
                        called,
                        f"{path}.{kind}",
                        (f"{kind}_value",),
                        (e,),
                        grade,
                        default=True,
                        published=ranges.get(kind, {}).get(e),
                    )
                )
    line_grades = input_values(inputs, D.LINE_CONFIDENCE)
    line_names = [str(n) for n in input_values(inputs, D.LINE_NAME)]
    for n, path in enumerate(str(p) for p in input_values(inputs, D.LINE_PATH)):
        found.append(
            _factor(
                line_names[n],
                path,
                (D.LINE_AMOUNT, D.LINE_PER_PARTICIPANT),
                (n,),
                int(line_grades[n]),
                default=True,
            )
        )
    engagement = input_values(inputs, D.ENGAGEMENT)
    for i, intervention in enumerate(str(v) for v in input_values(inputs, D.INTERVENTION)):
        called = f"{intervention}{SEP}engagement"
        if called in wanted:
            found.append(
                _rate(
                    called,
                    f"interventions[{i}].engagement",
                    D.ENGAGEMENT,
                    (i,),
                    float(engagement[i]),
                    0,
                    default=False,
                    bounded=True,
                )
            )
        called = f"{intervention}{SEP}intake"
        if called in wanted:
            found.append(
                _factor(
                    called, f"interventions[{i}].cohort.intake", (D.INTAKE,), (i,), 0, default=False
                )
            )
    return found


def stated_distributions(
    case: BusinessCase, uncertainty: Mapping[str, Distribution] | None, *, context: str
) -> tuple[dict[str, Distribution], dict[str, str]]:
    """The distributions stated for ``case``'s inputs (its ``uncertainty``, and
    ``uncertainty`` over it) by input name (:attr:`UncertainInput.name
    <placebudget.engine.uncertain.UncertainInput.name>`), and the key each was given by.

    Raises
    ------
    placebudget.errors.ValidationError
        A key that names no uncertain input of the case (``context`` heads the error).
    """
    given: dict[str, Distribution] = {}
    keys: dict[str, str] = {}  # name → the key the distribution was given by
    problems: list[Problem] = []
    for path, spread_of in {**case.uncertainty, **(uncertainty or {})}.items():
        parsed = InputPath.parse(path)
        name = None if parsed is None else parsed.name_in(case)
        if path.rstrip().endswith("attribution_to_others"):
            # one input, the share due to this intervention, whichever way it was given
            problems.append(
                Problem(
                    f"uncertainty[{path!r}]",
                    "give the distribution on attribution, the share due to this "
                    "intervention (1 − attribution_to_others): '<intervention> › "
                    "<outcome> › attribution'",
                    path,
                )
            )
        elif name is None:
            problems.append(
                Problem(
                    f"uncertainty[{path!r}]",
                    "is not an uncertain input of "
                    "this case (by ids: '<intervention> › engagement', "
                    "'<intervention> › intake', '<intervention> › <outcome> "
                    "› " + "/".join(RATES) + "', '<intervention> › <outcome> "
                    "› fiscal › <partner>', '… › economic', '… › social', "
                    "'<intervention> › costs › <line>')",
                    path,
                )
            )
        else:
            given[name], keys[name] = spread_of, path
    if problems:
        raise ValidationError(problems, context=context)
    return given, keys


def set_arrays(
    inputs: xr.Dataset | ResolvedInputs,
    settings: Iterable[tuple[UncertainInput, np.ndarray[Any, Any], slice]],
    size: int,
    always: Iterable[str] = (),
) -> dict[str, np.ndarray[Any, Any]]:
    """The variables of ``inputs`` that ``settings`` set, as arrays with a leading axis of
    ``size`` (draws, scenarios): each (input, values, rows) sets the input's rate to, or
    multiplies its money by, ``values`` at the positions ``rows`` along that axis
    (``slice(None)``: every draw; ``slice(k, k + 1)``: scenario ``k`` alone). The
    variables in ``always`` gain the axis even when nothing sets them."""
    arrays: dict[str, np.ndarray[Any, Any]] = {}

    def array(variable: str) -> np.ndarray[Any, Any]:
        if variable not in arrays:
            base = input_values(inputs, variable)
            arrays[variable] = np.broadcast_to(base, (size, *base.shape)).copy()
        return arrays[variable]

    for variable in always:
        array(variable)
    # the inputs setting one variable the same way over the same draws are set together,
    # by one indexing of all their positions (each input has a position of its own)
    groups: dict[tuple[Any, ...], list[tuple[tuple[int, ...], Any]]] = {}
    for target, values, rows in settings:
        for variable in target.variables:
            key = (variable, target.kind, len(target.index), rows.start, rows.stop, rows.step)
            groups.setdefault(key, []).append((target.index, values))
    for (variable, kind, width, *bounds), members in groups.items():
        into = array(variable)
        rows = slice(*bounds)
        positions = np.array([index for index, _ in members], dtype=np.intp).reshape(
            len(members), width
        )
        if len({tuple(p) for p in positions.tolist()}) < len(members):
            msg = f"two uncertain inputs set the same {variable} cell"
            raise ValueError(msg)
        where: tuple[Any, ...] = (rows, *positions.T)
        # stacked as rows (each a contiguous copy), then viewed draw by input
        block = np.stack([np.asarray(values).reshape(-1) for _, values in members]).T
        block = block.reshape(*block.shape, *([1] * (into.ndim - 1 - width)))
        if kind == "rate":
            into[where] = block
        else:
            into[where] = into[where] * block
    return arrays


def set_inputs(
    inputs: xr.Dataset,
    settings: Iterable[tuple[UncertainInput, np.ndarray[Any, Any], slice]],
    dim: str,
    size: int,
    always: Iterable[str] = (),
) -> xr.Dataset:
    """``inputs`` with a leading dimension ``dim`` of ``size`` on the variables
    :func:`set_arrays` sets (see there)."""
    import xarray as xr

    coords = {dim: np.arange(size)}
    return inputs.assign(
        {
            name: xr.DataArray(values, dims=(dim, *inputs[name].dims), coords=coords)
            for name, values in set_arrays(inputs, settings, size, always).items()
        }
    )
