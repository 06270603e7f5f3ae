"""What every :class:`~placebudget.engine.Projection` is: its inputs (an
:class:`~placebudget.engine._source.InputSource`), its case and its figures, computed
when first read — :class:`ProjectionBase`. :class:`~placebudget.engine.Projection`
(``placebudget.engine.projection``) adds the verbs that need the appraisal and the
agreements, which take this base, so that neither imports the module of the other."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Self

import attrs
import numpy as np

from placebudget.engine import _core
from placebudget.engine import dims as D
from placebudget.engine._core import INPUT_DIMS, one_outcome_arrays, project_arrays
from placebudget.engine._inputs import ResolvedInputs
from placebudget.engine._labelled import apply_core
from placebudget.engine._source import DatasetSource, InputSource, ResolvedSource
from placebudget.engine.contacts import CostedCaseStudy
from placebudget.model import BusinessCase

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

__all__ = ["DETAIL", "ProjectionBase"]

#: The projection's per-effect and per-line detail (:attr:`ProjectionBase.detail`).
DETAIL: tuple[str, ...] = ("effect_volume", "line_cost", "interaction_factor")


def _split(full: xr.Dataset) -> tuple[xr.Dataset, xr.Dataset]:
    """A computed projection's main variables and its per-effect and per-line detail."""
    main = [name for name in full.data_vars if name not in DETAIL]
    return full[main], full[list(DETAIL)]


class _Figures:
    """The figures of a source's inputs computed with numpy (no labels, core dimensions
    only): under one outcome (``summed``) and by outcome, each when first asked for."""

    __slots__ = ("by_outcome", "source", "totals")

    def __init__(self, source: InputSource) -> None:
        self.source = source
        self.totals: dict[str, Any] | None = None
        self.by_outcome: dict[str, Any] | None = None

    def summed(self) -> dict[str, Any]:
        if self.totals is None:
            arrays = one_outcome_arrays(self.source.arrays())
            with np.errstate(over="ignore", invalid="ignore"):
                self.totals = project_arrays(arrays)
        return self.totals

    def outcomes(self) -> dict[str, Any]:
        if self.by_outcome is None:
            arrays = self.source.arrays()
            with np.errstate(over="ignore", invalid="ignore"):
                self.by_outcome = project_arrays(arrays)
        return self.by_outcome


@attrs.frozen
class ProjectionBase:
    """A projected business case: the projection Dataset (``docs/reference/dataset.md``),
    the inputs it came from and the per-effect and per-cost-line detail (see
    :class:`~placebudget.engine.Projection`, which adds ``appraise`` and ``settle``).

    The figures are computed when first read: :attr:`totals` (every money figure summed
    over outcomes, what the appraisal reads) and :attr:`detail` together, :attr:`dataset`
    (by outcome) on its own, so an appraisal never builds the partner × year × outcome
    arrays that only the by-outcome views read. The inputs are an input source: a case's
    resolved inputs (:func:`~placebudget.engine.project`), whose figures are computed
    with numpy and labelled (with :attr:`inputs` built) only when they are read as
    Datasets, or an input Dataset (:meth:`from_inputs`), over which they are computed
    labelled, any extra dimension (draws, places) carried through.
    """

    _source: InputSource = attrs.field(alias="source", repr=False, eq=False)
    case: BusinessCase | None = attrs.field(default=None, repr=False)
    """The case projected, when there is one."""
    case_studies: tuple[CostedCaseStudy, ...] = attrs.field(default=(), repr=False, kw_only=True)
    """The case's costed families (its ``case_studies``), at the price base."""
    _figures: _Figures = attrs.field(
        init=False,
        repr=False,
        eq=False,
        default=attrs.Factory(lambda self: _Figures(self._source), takes_self=True),
    )
    _dataset: xr.Dataset | None = attrs.field(
        default=None, repr=False, kw_only=True, alias="dataset", eq=False
    )
    _detail: xr.Dataset | None = attrs.field(
        default=None, repr=False, kw_only=True, alias="detail", eq=False
    )
    _totals: xr.Dataset | None = attrs.field(
        default=None, repr=False, kw_only=True, alias="totals", eq=False
    )

    @classmethod
    def from_inputs(
        cls,
        inputs: xr.Dataset,
        case: BusinessCase | None = None,
        *,
        case_studies: tuple[CostedCaseStudy, ...] = (),
    ) -> Self:
        """The projection of an input Dataset (computed when first read)."""
        return cls(DatasetSource(inputs), case, case_studies=case_studies)

    @classmethod
    def from_resolved(
        cls,
        resolved: ResolvedInputs,
        case: BusinessCase | None = None,
        *,
        case_studies: tuple[CostedCaseStudy, ...] = (),
    ) -> Self:
        """The projection of a case's resolved inputs
        (``placebudget.engine._inputs.resolve_inputs``), computed when first read."""
        return cls(ResolvedSource(resolved), case, case_studies=case_studies)

    @property
    def resolved(self) -> ResolvedInputs | None:
        """The case's resolved inputs (``placebudget.engine._inputs.resolve_inputs``)
        when projected from a case; ``None`` for a projection of an input Dataset."""
        return self._source.resolved

    @property
    def inputs(self) -> xr.Dataset:
        """The engine's input Dataset (uprated values, rates, one-hot maps)."""
        return self._source.dataset()

    @property
    def dataset(self) -> xr.Dataset:
        """The projection (``docs/reference/dataset.md``): participants, volume, cost,
        fiscal, cashable, transfer_payment, economic, social and discount_factor, by
        outcome."""
        if self._dataset is None:
            full = self._source.labelled(self._figures.outcomes, summed=False)
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
            totals, detail = _split(self._source.labelled(self._figures.summed, summed=True))
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
        return self._figures.summed()

    def outcome_flows(self) -> dict[str, Any]:
        """The figures by outcome (:attr:`dataset`) as arrays by name, with their core
        dimensions only, as :meth:`flows`.

        Raises
        ------
        ValueError
            The projection has extra dimensions (draws, places).
        """
        return self._figures.outcomes()

    def input_values(self, name: str) -> Any:
        """The values of one input variable (a map as its 0/1 array) or coordinate
        (``partner``, ``partner_kind``, ``year``, ``intervention`` …) as an array,
        without building the inputs Dataset of a case's projection."""
        return np.asarray(self._source.values(name))

    def has_input(self, name: str) -> bool:
        """Whether the inputs hold a variable or coordinate ``name``."""
        return name in self._source

    def core_inputs(self) -> dict[str, Any]:
        """The inputs as the engine's core reads them (``placebudget.engine._core``):
        arrays by name, the maps one-hot where they are.

        Raises
        ------
        ValueError
            The inputs have extra dimensions (draws, places).
        """
        return self._source.arrays()

    @property
    def attrs(self) -> dict[str, Any]:
        """The projection's attributes (case, place, price base, discounting, the
        reference data used …)."""
        return dict(self._source.attrs)

    @property
    def years(self) -> Any:
        """The financial years projected."""
        return self.input_values(D.YEAR)

    @property
    def price_base(self) -> int:
        """Price base year of every money variable."""
        return int(self._source.attrs["price_base"])

    def to_frame(self, variable: str | Sequence[str] | None = None) -> pd.DataFrame:
        """A variable of the projection as a tidy long table: one row per cell of its own
        dimensions (a cost is never repeated across outcomes), columns ``variable``, the
        dimensions (``draw``, ``place``, ``intervention``, ``partner``, ``year``,
        ``outcome``: those the variable has, missing where it has not) and ``value`` and
        ``units`` (for people, each intervention's cohort unit).

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

        names = (
            list(self.dataset.data_vars)
            if variable is None
            else [variable]
            if isinstance(variable, str)
            else list(variable)
        )
        unknown = [name for name in names if name not in self.dataset.data_vars]
        if unknown:
            known = ", ".join(str(v) for v in self.dataset.data_vars)
            msg = f"must be a variable of the projection ({known})"
            raise UnknownReferenceError.single(path="variable", message=msg, value=unknown[0])
        parts = []
        for name in names:
            array = self.dataset[name]
            frame = array.reset_coords(drop=True).to_dataframe(name="value").reset_index()
            frame.insert(0, "variable", str(name))
            if D.COHORT_UNIT in array.coords:  # people, each in its cohort's unit
                units = dict(
                    zip(
                        array[D.INTERVENTION].to_numpy().tolist(),
                        array[D.COHORT_UNIT].to_numpy().tolist(),
                        strict=True,
                    )
                )
                frame["units"] = frame[D.INTERVENTION].map(units)
            else:
                frame["units"] = array.attrs.get("units", "")
            parts.append(frame)
        table = pd.concat(parts, ignore_index=True)
        order = [
            d
            for d in (D.DRAW, D.PLACE, D.INTERVENTION, D.PARTNER, D.YEAR, D.OUTCOME)
            if d in table.columns
        ]
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
        import pandas as pd

        from placebudget.engine._inputs import VALUE_TRACE_COLUMNS

        frame = pd.DataFrame(self._source.trace_rows(), columns=list(VALUE_TRACE_COLUMNS))
        return frame.set_index("input")

    def cost_by_category(self) -> xr.DataArray:
        """Cost ``(…, partner, year, category)`` grouped by cost line category."""
        lines = self.detail["line_cost"] * self.inputs[D.LINE_PARTNER]
        if lines.sizes[D.COST_LINE] == 0:  # no cost lines, no categories
            empty = lines.sum(D.COST_LINE).expand_dims({D.CATEGORY: np.array([], dtype=object)})
            return empty.transpose(..., D.PARTNER, D.YEAR, D.CATEGORY)
        return (
            lines.groupby(self.inputs[D.LINE_CATEGORY])
            .sum(D.COST_LINE)
            .rename(line_category=D.CATEGORY)
            .transpose(..., D.PARTNER, D.YEAR, D.CATEGORY)
        )

    def baseline_per_member(self) -> xr.DataArray:
        """The "as is" reactive cost of one cohort member for one year, ``(…,
        intervention, partner)``: ``Σ_effects baseline × fiscal value`` at the price
        base."""
        inputs = self.inputs
        names = (D.EFFECT_INTERVENTION, D.BASELINE, D.FISCAL_VALUE)
        per_member = apply_core(
            lambda a: {"per_member": _core.per_member(a)},
            {name: inputs[name] for name in names},
            {name: INPUT_DIMS[name] for name in names},
            {"per_member": (D.INTERVENTION, D.PARTNER)},
        )["per_member"]
        per_member.attrs = {
            "units": "GBP",
            "price_base": self.price_base,
            "description": "reactive cost per cohort member per year",
        }
        return per_member
