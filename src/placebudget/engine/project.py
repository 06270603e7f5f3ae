"""Projection: from a business case to the projection Dataset (``docs/reference/dataset.md``).

The arithmetic is the numpy core's (``placebudget.engine._core``), written once.
:func:`compute` applies it to an input Dataset, a pure vectorised ``Dataset → Dataset``
function that keeps any extra leading dimensions of its input (``draw``, ``place``,
``option``) and stays lazy on dask-backed input. :func:`project` resolves a case and
wraps its projection in a :class:`Projection`, which computes a single case's figures
from the resolved arrays directly and labels them only when they are read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from placebudget.engine import _core
from placebudget.engine import dims as D
from placebudget.engine._core import INPUT_DIMS, OUTPUT_DIMS, OneHot, project_arrays
from placebudget.engine._inputs import (
    MAPS,
    VALUE_TRACES,
    ResolvedInputs,
    case_database,
    case_deflators,
    input_values,
    resolve_inputs,
)
from placebudget.engine.contacts import CostedCaseStudy, cost_case_studies
from placebudget.model import BusinessCase

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

    from placebudget.engine.appraise import Appraisal
    from placebudget.engine.settlement import Settlement
    from placebudget.model import InvestmentAgreement
    from placebudget.reference import UnitCostDatabase

__all__ = ["ALL_OUTCOMES", "LEAD_DIMS", "Projection", "compute", "effect_rate", "followed",
           "one_outcome", "profile", "project"]

#: Leading dimensions of a projection, in this order ahead of any other.
LEAD_DIMS: tuple[str, ...] = (D.DRAW, D.PLACE, D.OPTION)

#: What each variable of the projection holds (its ``description`` attribute).
_DESCRIPTIONS: dict[str, str] = {
    D.PARTICIPANTS: "engaged participants entering each year",
    D.VOLUME: "outcome units changed (see outcome_unit)",
    D.COST: "cost borne, after optimism bias",
    D.FISCAL: "fiscal benefit received",
    D.CASHABLE: "cashable part of the fiscal benefit",
    D.TRANSFER_PAYMENT: "transfer payment part of the fiscal benefit (tax, benefits): in "
                        "the financial case, left out of public value",
    D.ECONOMIC: "economic benefit",
    D.SOCIAL: "social benefit",
    D.BASELINE_COST: "reactive cost of the cohort's outcomes as is (without the "
                     "intervention)",
    D.REINVESTED: "cashable savings of the year before reinvested",
    D.REINVESTED_PARTICIPANTS: "of participants, those bought by reinvesting cashable "
                               "savings",
    D.RISK_COST: "expected cost of the risk register (probability × cost if it happens; in "
                 "a draw, the risks that happened)",
    D.WEIGHTED_BENEFIT: "economic and social benefit × each cohort's distributional weight",
    D.DISCOUNT_FACTOR: "discount factor",
    "effect_volume": "outcome units changed, per effect",
    "line_cost": "cost of each line, after optimism bias",
}

#: The money figures of a projection, in GBP at the price base.
_MONEY = frozenset((*D.MONEY_VARIABLES, "line_cost"))


def _dressed(variables: Mapping[str, xr.DataArray], attrs: Mapping[str, Any]) -> xr.Dataset:
    """The projection Dataset of labelled figures: each with its description (and, for
    money, its units and price base), the inputs' attributes but the value traces."""
    import xarray as xr

    price_base = attrs.get("price_base")
    for name, array in variables.items():
        description = _DESCRIPTIONS.get(name)
        if name in _MONEY:
            array.attrs = {"units": "GBP", "price_base": price_base,
                           "description": description}
        elif name == D.DISCOUNT_FACTOR:
            array.attrs = {"description": description,
                           "schedule": attrs.get("discounting", "")}
        elif description is not None:
            array.attrs = {"description": description}
    return xr.Dataset(dict(variables),
                      attrs={k: v for k, v in attrs.items() if k != VALUE_TRACES})


def _lead_first(array: xr.DataArray, core: Sequence[str]) -> xr.DataArray:
    lead = [d for d in array.dims if d not in core]
    order = [d for d in LEAD_DIMS if d in lead] + [d for d in lead if d not in LEAD_DIMS]
    return array.transpose(*order, *core)


def _apply(function: Any, inputs: Mapping[str, xr.DataArray],
           input_dims: Mapping[str, Sequence[str]], outputs: Mapping[str, Sequence[str]],
           ) -> dict[str, xr.DataArray]:
    """``function`` (arrays by name → arrays by name, core dimensions trailing) applied
    to labelled ``inputs``: extra dimensions broadcast ahead of the core ones
    (:data:`LEAD_DIMS` first), lazily on dask (one task a block, the core dimensions in
    one chunk each)."""
    import xarray as xr

    names = list(inputs)
    wanted = list(outputs)

    def core(*arrays: Any) -> Any:
        given = dict(zip(names, arrays, strict=True))
        out = function(given)
        lead = np.broadcast_shapes(*(np.shape(a)[:np.ndim(a) - len(input_dims[n])]
                                     for n, a in given.items()))
        found = tuple(np.broadcast_to(out[n], (*lead, *np.shape(out[n])[
            np.ndim(out[n]) - len(outputs[n]):])) for n in wanted)
        return found if len(found) > 1 else found[0]

    results = xr.apply_ufunc(
        core, *(inputs[n] for n in names),
        input_core_dims=[list(input_dims[n]) for n in names],
        output_core_dims=[list(outputs[n]) for n in wanted],
        dask="parallelized", output_dtypes=[float] * len(wanted),
        # the core dimensions of a projection are small: one chunk along each
        dask_gufunc_kwargs={"allow_rechunk": True})
    if len(wanted) == 1:
        results = (results,)
    return {n: _lead_first(r, outputs[n]) for n, r in zip(wanted, results, strict=True)}


def core_arrays(inputs: xr.Dataset) -> dict[str, Any]:
    """An input Dataset's variables as the engine's core reads them: arrays by name, the
    core dimensions trailing in their order (any others ahead), the maps one-hot where
    they are."""
    arrays: dict[str, Any] = {
        name: inputs[name].transpose(..., *INPUT_DIMS[name]).to_numpy()
        for name in INPUT_DIMS if name in inputs.data_vars}
    for name in MAPS:
        arrays[name] = OneHot.of(arrays[name])
    return arrays


def _core_inputs(inputs: xr.Dataset) -> dict[str, xr.DataArray]:
    return {name: inputs[name] for name in INPUT_DIMS if name in inputs.data_vars}


def compute(inputs: xr.Dataset) -> xr.Dataset:
    """The projection Dataset (see the Dataset reference) computed from the engine's input
    Dataset.

    Parameters
    ----------
    inputs
        As built by :func:`placebudget.engine.build_inputs`; any variable may carry extra
        leading dimensions (such as ``draw``), which are carried through.

    Returns
    -------
    xarray.Dataset
        ``participants``, ``volume``, ``cost``, ``fiscal``, ``cashable``,
        ``transfer_payment``, ``economic``, ``social``, ``baseline_cost``,
        ``reinvested``, ``reinvested_participants``, ``risk_cost``,
        ``weighted_benefit`` and ``discount_factor``, plus the per-effect
        ``effect_volume`` and ``interaction_factor`` and per-line ``line_cost`` kept as
        detail. Every figure has every extra dimension of the inputs.
    """
    figures = _apply(project_arrays, _core_inputs(inputs), INPUT_DIMS, OUTPUT_DIMS)
    return _dressed(figures, inputs.attrs)


def effect_rate(inputs: xr.Dataset) -> xr.DataArray:
    """Outcome units changed per engaged participant-year of each effect ``(…, effect)``,
    before interactions: baseline × impact × (1 − deadweight) × (1 − displacement) ×
    attribution × (1 − optimism bias)."""
    names = (D.BASELINE, D.IMPACT, D.DEADWEIGHT, D.DISPLACEMENT, D.ATTRIBUTION,
             D.BENEFIT_OPTIMISM_BIAS)
    return _apply(lambda a: {"rate": _core.effect_rate(a)}, {n: inputs[n] for n in names},
                  dict.fromkeys(names, (D.EFFECT,)), {"rate": (D.EFFECT,)})["rate"]


def _by_intake_year(inputs: xr.Dataset, shares: Any) -> xr.DataArray:
    import xarray as xr

    years = inputs[D.YEAR].to_numpy()
    return xr.DataArray(_core.by_intake_year(shares), dims=(D.EFFECT, D.YEAR, D.INTAKE_YEAR),
                        coords={D.EFFECT: inputs[D.EFFECT].to_numpy(), D.YEAR: years,
                                D.INTAKE_YEAR: years})


def profile(inputs: xr.Dataset) -> xr.DataArray:
    """Share of an effect's full yearly change that falls in ``year`` for people entering
    in ``intake_year``: ``(1 − drop_off)^(τ − lag)`` for ``lag ≤ τ < lag + duration``
    where ``τ = year − intake_year``, else 0. Dims ``(effect, year, intake_year)``."""
    return _by_intake_year(inputs, _core.decay(
        inputs[D.LAG].to_numpy(), inputs[D.DURATION].to_numpy(),
        inputs[D.DROP_OFF].to_numpy(), inputs.sizes[D.YEAR]))


def followed(inputs: xr.Dataset) -> xr.DataArray:
    """Whether a cohort member entering in ``intake_year`` is followed in ``year`` for an
    effect: from the intake year to the last year of its benefit, ``0 ≤ τ < lag +
    duration``. Dims ``(effect, year, intake_year)``."""
    return _by_intake_year(inputs, _core.window(
        inputs[D.LAG].to_numpy(), inputs[D.DURATION].to_numpy(), inputs.sizes[D.YEAR]))


#: The one outcome of :func:`one_outcome`'s inputs.
ALL_OUTCOMES = "(all outcomes)"


def one_outcome(inputs: xr.Dataset) -> xr.Dataset:
    """The same inputs with every effect counted under one outcome,
    :data:`ALL_OUTCOMES`: their projection's money figures are the projection's summed
    over outcomes (what every appraisal metric reads), without the outcome axis of the
    partner × year × outcome arrays. Its ``volume`` adds units of different outcomes and
    is not to be read.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> projection = pb.project(example_case())
    >>> summed = compute(one_outcome(projection.inputs))
    >>> dict(summed.sizes)["outcome"]
    1
    >>> float(abs(summed["fiscal"].sum() - projection.dataset["fiscal"].sum())) < 1e-6
    True
    """
    import xarray as xr

    effects = inputs.sizes[D.EFFECT]
    merged = inputs.drop_vars([D.EFFECT_OUTCOME, D.OUTCOME, D.THEME, D.OUTCOME_UNIT],
                              errors="ignore")
    merged[D.EFFECT_OUTCOME] = xr.DataArray(np.ones((effects, 1)), dims=(D.EFFECT, D.OUTCOME),
                                            coords={D.OUTCOME: [ALL_OUTCOMES]})
    return merged


_DETAIL = ("effect_volume", "line_cost", "interaction_factor")


def _split(full: xr.Dataset) -> tuple[xr.Dataset, xr.Dataset]:
    """A computed projection's main variables and its per-effect and per-line detail."""
    main = [name for name in full.data_vars if name not in _DETAIL]
    return full[main], full[list(_DETAIL)]


def _computed(inputs: xr.Dataset) -> xr.Dataset:
    # an overflowing figure is reported by project's check, not as a numpy warning
    with np.errstate(over="ignore", invalid="ignore"):
        return compute(inputs)


def _arrays_of(projection: xr.Dataset) -> dict[str, Any]:
    """A projection Dataset's figures as arrays by name, with their core dimensions
    only; a ValueError when it has others (draws, places)."""
    extra = {d for name in projection.data_vars for d in projection[name].dims
             if d not in OUTPUT_DIMS[str(name)]}
    if extra:
        msg = (f"this projection has the extra dimensions {sorted(map(str, extra))}; use "
               "placebudget.engine.appraise(projection.dataset) for per-draw metrics")
        raise ValueError(msg)
    return {str(name): projection[name].transpose(*OUTPUT_DIMS[str(name)]).to_numpy()
            for name in projection.data_vars}


class _Figures:
    """A single case's figures computed from its resolved arrays (no labels): under one
    outcome (``totals``) and by outcome, each when first asked for."""

    __slots__ = ("by_outcome", "resolved", "totals")

    def __init__(self, resolved: ResolvedInputs) -> None:
        self.resolved = resolved
        self.totals: dict[str, Any] | None = None
        self.by_outcome: dict[str, Any] | None = None

    def summed(self) -> dict[str, Any]:
        if self.totals is None:
            arrays = _core.one_outcome_arrays(self.resolved.arrays())
            with np.errstate(over="ignore", invalid="ignore"):
                self.totals = project_arrays(arrays)
        return self.totals

    def outcomes(self) -> dict[str, Any]:
        if self.by_outcome is None:
            with np.errstate(over="ignore", invalid="ignore"):
                self.by_outcome = project_arrays(self.resolved.arrays())
        return self.by_outcome

    def labelled(self, figures: Mapping[str, Any], *, summed: bool) -> xr.Dataset:
        """``figures`` as the projection Dataset (with its detail)."""
        import xarray as xr

        coords = dict(self.resolved.coords)
        if summed:  # one outcome, as one_outcome makes it
            for name in (D.THEME, D.OUTCOME_UNIT):
                coords.pop(name)
            coords[D.OUTCOME] = [ALL_OUTCOMES]
        variables = {}
        for name, dims in OUTPUT_DIMS.items():
            own = {c: v for c, v in coords.items()
                   if (c in dims) or (isinstance(v, tuple) and v[0] in dims)}
            variables[name] = xr.DataArray(figures[name], dims=dims, coords=own)
        return _dressed(variables, self.resolved.attrs)


@attrs.frozen
class Projection:
    """A projected business case: the projection Dataset (``docs/reference/dataset.md``),
    the inputs it came from and the per-effect and per-cost-line detail.

    The figures are computed when first read: :attr:`totals` (every money figure summed
    over outcomes, what the appraisal reads) and :attr:`detail` together, :attr:`dataset`
    (by outcome) on its own, so an appraisal never builds the partner × year × outcome
    arrays that only the by-outcome views read. A projection of a case
    (:func:`project`) computes them from the case's resolved arrays, and labels them
    (and builds :attr:`inputs`) only when they are read as Datasets.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> projection = pb.project(example_case())
    >>> sorted(projection.dataset.data_vars)  # doctest: +NORMALIZE_WHITESPACE
    ['baseline_cost', 'cashable', 'cost', 'discount_factor', 'economic', 'fiscal',
     'participants', 'reinvested', 'reinvested_participants', 'risk_cost', 'social',
     'transfer_payment', 'volume', 'weighted_benefit']
    >>> dict(projection.totals.sizes)["outcome"]
    1
    """

    _inputs: xr.Dataset | None = attrs.field(default=None, repr=False, alias="inputs",
                                             eq=False)
    case: BusinessCase | None = attrs.field(default=None, repr=False)
    """The case projected, when there is one."""
    case_studies: tuple[CostedCaseStudy, ...] = attrs.field(default=(), repr=False,
                                                            kw_only=True)
    """The case's costed families (its ``case_studies``), at the price base."""
    _resolved: ResolvedInputs | None = attrs.field(default=None, repr=False, kw_only=True,
                                                   alias="resolved", eq=False)
    _dataset: xr.Dataset | None = attrs.field(default=None, repr=False, kw_only=True,
                                              alias="dataset", eq=False)
    _detail: xr.Dataset | None = attrs.field(default=None, repr=False, kw_only=True,
                                             alias="detail", eq=False)
    _totals: xr.Dataset | None = attrs.field(default=None, repr=False, kw_only=True,
                                             alias="totals", eq=False)
    _figures: _Figures | None = attrs.field(default=None, repr=False, kw_only=True,
                                            alias="figures", eq=False)

    def __attrs_post_init__(self) -> None:
        if self._inputs is None and self._resolved is None:
            msg = "a projection needs its inputs (a Dataset) or a case's resolved inputs"
            raise TypeError(msg)
        if self._resolved is not None and self._figures is None:
            object.__setattr__(self, "_figures", _Figures(self._resolved))

    @classmethod
    def from_inputs(cls, inputs: xr.Dataset, case: BusinessCase | None = None, *,
                    case_studies: tuple[CostedCaseStudy, ...] = ()) -> Projection:
        """The projection of an input Dataset (computed when first read)."""
        return cls(inputs, case, case_studies=case_studies)

    @classmethod
    def from_resolved(cls, resolved: ResolvedInputs, case: BusinessCase | None = None, *,
                      case_studies: tuple[CostedCaseStudy, ...] = ()) -> Projection:
        """The projection of a case's resolved inputs
        (``placebudget.engine._inputs.resolve_inputs``), computed when first read."""
        return cls(None, case, case_studies=case_studies, resolved=resolved)

    @property
    def resolved(self) -> ResolvedInputs | None:
        """The case's resolved inputs (``placebudget.engine._inputs.resolve_inputs``)
        when projected from a case; ``None`` for a projection of an input Dataset."""
        return self._resolved

    @property
    def inputs(self) -> xr.Dataset:
        """The engine's input Dataset (uprated values, rates, one-hot maps)."""
        if self._inputs is None:
            assert self._resolved is not None
            object.__setattr__(self, "_inputs", self._resolved.dataset())
        assert self._inputs is not None
        return self._inputs

    @property
    def dataset(self) -> xr.Dataset:
        """The projection (``docs/reference/dataset.md``): participants, volume, cost,
        fiscal, cashable, transfer_payment, economic, social and discount_factor, by
        outcome."""
        if self._dataset is None:
            if self._figures is not None:
                full = self._figures.labelled(self._figures.outcomes(), summed=False)
            else:
                full = _computed(self.inputs)
            object.__setattr__(self, "_dataset", _split(full)[0])
        assert self._dataset is not None
        return self._dataset

    @property
    def totals(self) -> xr.Dataset:
        """The projection with every effect counted under one outcome,
        ``ALL_OUTCOMES`` (``one_outcome``): the money figures of :attr:`dataset`
        summed over outcomes, from which every appraisal metric is computed. Its
        ``volume`` adds units of different outcomes and is not to be read."""
        if self._totals is None:
            if self._figures is not None:
                full = self._figures.labelled(self._figures.summed(), summed=True)
            else:
                full = _computed(one_outcome(self.inputs))
            totals, detail = _split(full)
            object.__setattr__(self, "_totals", totals)
            if self._detail is None:
                object.__setattr__(self, "_detail", detail)
        assert self._totals is not None
        return self._totals

    @property
    def detail(self) -> xr.Dataset:
        """Per-effect volumes (``effect_volume``) and interaction factors
        (``interaction_factor``), and per-cost-line costs (``line_cost``)."""
        if self._detail is None:
            self.totals  # noqa: B018 - computed with the totals
        assert self._detail is not None
        return self._detail

    def flows(self) -> dict[str, Any]:
        """The figures summed over outcomes (:attr:`totals`) and the detail
        (:attr:`detail`) as arrays by name, with their core dimensions only
        (``placebudget.engine._core.OUTPUT_DIMS``).

        Raises
        ------
        ValueError
            The projection has extra dimensions (draws, places).
        """
        if self._figures is not None:
            return self._figures.summed()
        return {**_arrays_of(self.totals), **_arrays_of(self.detail)}

    def outcome_flows(self) -> dict[str, Any]:
        """The figures by outcome (:attr:`dataset`) as arrays by name, with their core
        dimensions only, as :meth:`flows`.

        Raises
        ------
        ValueError
            The projection has extra dimensions (draws, places).
        """
        if self._figures is not None:
            return self._figures.outcomes()
        return _arrays_of(self.dataset)

    def input_values(self, name: str) -> Any:
        """The values of one input variable (a map as its 0/1 array) or coordinate
        (``partner``, ``partner_kind``, ``year``, ``intervention`` …) as an array,
        without building the inputs Dataset of a case's projection."""
        return input_values(self._resolved if self._resolved is not None else self.inputs,
                            name)

    def has_input(self, name: str) -> bool:
        """Whether the inputs hold a variable or coordinate ``name``."""
        return name in (self._resolved if self._resolved is not None else self.inputs)

    def core_inputs(self) -> dict[str, Any]:
        """The inputs as the engine's core reads them (``placebudget.engine._core``):
        arrays by name, the maps one-hot where they are.

        Raises
        ------
        ValueError
            The inputs have extra dimensions (draws, places).
        """
        if self._resolved is not None:
            return self._resolved.arrays()
        inputs = self.inputs
        extra = {d for name in INPUT_DIMS if name in inputs.data_vars
                 for d in inputs[name].dims if d not in INPUT_DIMS[name]}
        if extra:
            msg = f"these inputs have the extra dimensions {sorted(map(str, extra))}"
            raise ValueError(msg)
        return core_arrays(inputs)

    @property
    def attrs(self) -> dict[str, Any]:
        """The projection's attributes (case, place, price base, discounting, the
        reference data used …)."""
        if self._resolved is not None:
            return dict(self._resolved.attrs)
        return {k: v for k, v in self.inputs.attrs.items() if k != VALUE_TRACES}

    @property
    def years(self) -> Any:
        """The financial years projected."""
        return self.input_values(D.YEAR)

    @property
    def price_base(self) -> int:
        """Price base year of every money variable."""
        attributes = self._resolved.attrs if self._resolved is not None else self.inputs.attrs
        return int(attributes["price_base"])

    def to_frame(self, variable: str | Sequence[str] | None = None) -> pd.DataFrame:
        """A variable of the projection as a tidy long table: one row per cell of its own
        dimensions (a cost is never repeated across outcomes), columns ``variable``, the
        dimensions (``draw``, ``place``, ``partner``, ``year``, ``outcome``: those the
        variable has, missing where it has not) and ``value`` and ``units``.

        Parameters
        ----------
        variable
            A variable of :attr:`dataset` (``docs/reference/dataset.md``), several, or
            ``None`` for all of them, one after another.

        Raises
        ------
        placebudget.errors.UnknownReferenceError
            A name that is not a variable of the projection.

        Examples
        --------
        >>> import placebudget as pb
        >>> from placebudget.testing import example_case
        >>> projection = pb.project(example_case())
        >>> cost = projection.to_frame("cost")
        >>> list(cost.columns)
        ['variable', 'partner', 'year', 'value', 'units']
        >>> bool(cost["value"].sum() == projection.dataset["cost"].sum())
        True
        >>> table = projection.to_frame()
        >>> float(table.loc[table["variable"] == "cost", "value"].sum()) == float(
        ...     cost["value"].sum())
        True
        """
        import pandas as pd

        from placebudget.errors import UnknownReferenceError

        names = (list(self.dataset.data_vars) if variable is None
                 else [variable] if isinstance(variable, str) else list(variable))
        unknown = [name for name in names if name not in self.dataset.data_vars]
        if unknown:
            known = ", ".join(str(v) for v in self.dataset.data_vars)
            msg = f"must be a variable of the projection ({known})"
            raise UnknownReferenceError.single(path="variable", message=msg,
                                               value=unknown[0])
        parts = []
        for name in names:
            array = self.dataset[name]
            frame = array.reset_coords(drop=True).to_dataframe(name="value").reset_index()
            frame.insert(0, "variable", str(name))
            frame["units"] = array.attrs.get("units", "")
            parts.append(frame)
        table = pd.concat(parts, ignore_index=True)
        order = [d for d in (D.DRAW, D.PLACE, D.PARTNER, D.YEAR, D.OUTCOME)
                 if d in table.columns]
        other = [c for c in table.columns if c not in ("variable", "value", "units", *order)]
        table = table[["variable", *order, *other, "value", "units"]]
        if D.YEAR in table.columns and table[D.YEAR].isna().any():
            table[D.YEAR] = table[D.YEAR].astype("Int64")
        return table

    def value_traces(self) -> pd.DataFrame:
        """How every value and cost of the case was found and brought to the price base:
        one row per input (``domestic_abuse › repeat_domestic_abuse › fiscal › nhs``,
        ``… › costs › set_up › amounts › 2013``) with ``path``, ``kind`` (fiscal,
        economic, social, cost), ``given`` (what the case says: ``ucd:CR2.0.1``,
        ``650 GBP / incident``), ``source`` (the database line's citation, the appraisal
        value's, or the cost line's description), ``published`` (£ per ``unit`` in
        ``price_year`` prices), ``deflator_factor`` (price base deflator over the price
        year's), ``uprated`` (``published × deflator_factor``, £ at the price base) and,
        for fiscal values, ``cashable`` and ``transfer`` shares.

        Examples
        --------
        >>> import placebudget as pb
        >>> from placebudget.examples import example_path
        >>> traces = pb.project(pb.load_case(example_path("west_cheshire"))).value_traces()
        >>> row = traces.loc["domestic_abuse › repeat_domestic_abuse › fiscal › nhs"]
        >>> row["given"], float(row["published"]), int(row["price_year"])
        ('ucd:CR2.0.1', 1171.0, 2008)
        >>> round(float(row["deflator_factor"]), 4), round(float(row["uprated"]), 2)
        (1.0975, 1285.12)
        """
        import json

        import pandas as pd

        from placebudget.engine._inputs import VALUE_TRACE_COLUMNS

        rows = (self._resolved.trace_rows() if self._resolved is not None
                else json.loads(self.inputs.attrs.get(VALUE_TRACES, "[]")))
        frame = pd.DataFrame(rows, columns=list(VALUE_TRACE_COLUMNS))
        return frame.set_index("input")

    def cost_by_category(self) -> xr.DataArray:
        """Cost ``(…, partner, year, category)`` grouped by cost line category."""
        lines = self.detail["line_cost"] * self.inputs[D.LINE_PARTNER]
        if lines.sizes[D.COST_LINE] == 0:  # no cost lines, no categories
            empty = lines.sum(D.COST_LINE).expand_dims({D.CATEGORY: np.array([], dtype=object)})
            return empty.transpose(..., D.PARTNER, D.YEAR, D.CATEGORY)
        return lines.groupby(self.inputs[D.LINE_CATEGORY]).sum(D.COST_LINE).rename(
            line_category=D.CATEGORY).transpose(..., D.PARTNER, D.YEAR, D.CATEGORY)

    def baseline_per_member(self) -> xr.DataArray:
        """The "as is" reactive cost of one cohort member for one year, ``(…,
        intervention, partner)``: ``Σ_effects baseline × fiscal value`` at the price
        base."""
        inputs = self.inputs
        names = (D.EFFECT_INTERVENTION, D.BASELINE, D.FISCAL_VALUE)
        per_member = _apply(lambda a: {"per_member": _core.per_member(a)},
                            {name: inputs[name] for name in names},
                            {name: INPUT_DIMS[name] for name in names},
                            {"per_member": (D.INTERVENTION, D.PARTNER)})["per_member"]
        per_member.attrs = {"units": "GBP", "price_base": self.price_base,
                            "description": "reactive cost per cohort member per year"}
        return per_member

    def appraise(self) -> Appraisal:
        """The appraisal metrics of this projection (see :class:`Appraisal`)."""
        from placebudget.engine.appraise import Appraisal

        return Appraisal.from_projection(self)

    def settle(self, agreement: InvestmentAgreement, *, name: str = "") -> Settlement:
        """Each partner's contribution, benefit, net position and the money flows under
        ``agreement`` (see :func:`placebudget.engine.settle`).

        Raises
        ------
        placebudget.errors.ValidationError
            The agreement's rule cannot apply to this projection.

        Examples
        --------
        >>> import placebudget as pb
        >>> from placebudget.testing import example_case
        >>> settlement = pb.project(example_case()).settle(pb.InvestmentAgreement.by_net_benefit())
        >>> settlement.worse_off
        []
        """
        from placebudget.engine.agreements import settle

        return settle(self, agreement, name=name)



def project(case: BusinessCase, *, unit_costs: UnitCostDatabase | None = None) -> Projection:
    """Project ``case`` year by year: participants, outcomes changed, costs and benefits.

    Parameters
    ----------
    case
        The business case.
    unit_costs
        Database to resolve ``"ucd:CODE"`` values from; by default the bundled database
        the case names (its ``unit_costs``). A case naming a database file needs the
        database passed here, or :func:`placebudget.api.project`, which reads it with the
        installed importers.

    Raises
    ------
    placebudget.errors.ValidationError
        Every problem found resolving the case against its reference data, or costing
        its case studies.
    """
    database = case_database(case) if unit_costs is None else unit_costs
    resolved = resolve_inputs(case, database=database)
    studies: tuple[CostedCaseStudy, ...] = ()
    if case.case_studies:
        studies = cost_case_studies(case, database=database, deflators=case_deflators(case))
    projection = Projection.from_resolved(resolved, case, case_studies=studies)
    _check_finite(projection)
    return projection


def _check_finite(projection: Projection) -> None:
    """Refuse a projection whose figures overflow (an intake or a value near the largest
    float, 1.8e308): name each effect and cost line that gives a non-finite figure.

    The figures summed over outcomes are checked: a figure by outcome that overflows
    is a term of their sum, which then overflows too."""
    flows = projection.flows()
    if all(bool(np.isfinite(flows[name]).all()) for name in D.MONEY_VARIABLES):
        return
    from placebudget.errors import Problem, ValidationError

    arrays = projection.core_inputs()
    with np.errstate(over="ignore", invalid="ignore"):
        money = flows["effect_volume"] * (np.abs(arrays[D.FISCAL_VALUE]).max(
            axis=1, initial=0.0) + np.abs(arrays[D.ECONOMIC_VALUE])
            + np.abs(arrays[D.SOCIAL_VALUE]))[:, None]
    bad_effects = ~np.isfinite(money).all(axis=1)
    bad_lines = ~np.isfinite(flows["line_cost"]).all(axis=1)
    problems = [Problem(str(path), "gives figures beyond the largest number (inf): check "
                        "its rates, its values and the intake", "inf")
                for path in projection.input_values(D.EFFECT_PATH)[bad_effects]]
    problems += [Problem(str(path), "gives a cost beyond the largest number (inf): check "
                         "its amounts and the intake", "inf")
                 for path in projection.input_values(D.LINE_PATH)[bad_lines]]
    if not problems:
        problems = [Problem("", "the projection overflows (inf): check intakes and values",
                            "inf")]
    case = projection.case.name if projection.case is not None else ""
    raise ValidationError(problems, context=f"cannot project {case!r}")
