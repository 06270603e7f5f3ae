"""Projection: from a business case to the Dataset of DESIGN §5.

:func:`compute` is the arithmetic, a pure vectorised ``Dataset → Dataset`` function that
keeps any extra leading dimensions of its input (``draw``, ``place``, ``option``) and stays
lazy on dask-backed input. :func:`project` builds the inputs from a case and wraps the
result in a :class:`Projection`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._inputs import build_inputs
from placebudget.model import BusinessCase

if TYPE_CHECKING:
    from placebudget.engine.appraise import Appraisal
    from placebudget.reference import UnitCostDatabase

__all__ = ["Projection", "compute", "profile", "project"]


def profile(inputs: xr.Dataset) -> xr.DataArray:
    """Share of an effect's full yearly change that falls in ``year`` for people entering
    in ``intake_year``: ``(1 − drop_off)^(τ − lag)`` for ``lag ≤ τ < lag + duration``
    where ``τ = year − intake_year``, else 0. Dims ``(…, effect, year, intake_year)``."""
    years = inputs[D.YEAR]
    elapsed = years - years.rename({D.YEAR: D.INTAKE_YEAR})
    since_first = elapsed - inputs["lag"]
    active = (since_first >= 0) & (since_first < inputs["duration"])
    # clip so that 0 ** negative never happens: masked out by `active` anyway
    decay = (1.0 - inputs["drop_off"]) ** since_first.clip(min=0)
    return decay.where(active, 0.0)


def _money(array: xr.DataArray, price_base: Any, description: str) -> xr.DataArray:
    array.attrs = {"units": "GBP", "price_base": price_base, "description": description}
    return array


def _dot(*arrays: xr.DataArray, dim: str) -> xr.DataArray:
    """``xr.dot`` with einsum's contraction-order optimisation (BLAS where it can)."""
    result: xr.DataArray = xr.dot(*arrays, dim=dim, optimize=True)
    return result


def compute(inputs: xr.Dataset) -> xr.Dataset:
    """The projection Dataset (DESIGN §5) computed from the engine's input Dataset.

    Parameters
    ----------
    inputs
        As built by :func:`placebudget.engine.build_inputs`; any variable may carry extra
        leading dimensions (such as ``draw``), which are carried through.

    Returns
    -------
    xarray.Dataset
        ``participants``, ``volume``, ``cost``, ``fiscal``, ``cashable``,
        ``transfer_payment``, ``economic``, ``social`` and ``discount_factor``, plus the
        per-effect ``effect_volume`` and per-line ``line_cost`` kept as detail.
    """
    price_base = inputs.attrs.get("price_base")
    participants_i = inputs["intake"] * inputs["engagement"]
    effect_participants = _dot(inputs["effect_intervention"], participants_i,
                                 dim=D.INTERVENTION)
    rate = (
        inputs["baseline"]
        * inputs["impact"]
        * (1 - inputs["deadweight"])
        * (1 - inputs["displacement"])
        * inputs["attribution"]
        * (1 - inputs["benefit_optimism_bias"])
    )
    spread = _dot(profile(inputs), effect_participants.rename({D.YEAR: D.INTAKE_YEAR}),
                    dim=D.INTAKE_YEAR)
    effect_volume = rate * spread  # (…, effect, year)
    by_outcome = inputs["effect_outcome"]
    volume = _dot(effect_volume, by_outcome, dim=D.EFFECT)
    fiscal = _dot(effect_volume, inputs["fiscal_value"], by_outcome, dim=D.EFFECT)
    cashable = _dot(effect_volume, inputs["fiscal_value"] * inputs["cashable_share"],
                      by_outcome, dim=D.EFFECT)
    transfer = _dot(effect_volume, inputs["fiscal_value"] * inputs["transfer_share"],
                    by_outcome, dim=D.EFFECT)
    economic = _dot(effect_volume * inputs["economic_value"], by_outcome, dim=D.EFFECT)
    social = _dot(effect_volume * inputs["social_value"], by_outcome, dim=D.EFFECT)

    line_participants = _dot(inputs["line_intervention"], participants_i, dim=D.INTERVENTION)
    line_cost = (inputs["line_amount"] + inputs["line_per_participant"] * line_participants) * (
        1 + inputs["cost_optimism_bias"]
    )
    cost = _dot(inputs["line_partner"], line_cost, dim=D.COST_LINE)

    participants = participants_i.sum(D.INTERVENTION)
    participants.attrs = {"description": "engaged participants entering each year"}
    volume.attrs = {"description": "outcome units changed (see outcome_unit)"}
    discount = inputs[D.DISCOUNT_FACTOR].copy()
    discount.attrs = {"description": "discount factor", "schedule": inputs.attrs.get(
        "discounting", "")}
    effect_volume.attrs = {"description": "outcome units changed, per effect"}
    out = xr.Dataset(
        {
            D.PARTICIPANTS: participants.transpose(..., D.YEAR),
            D.VOLUME: volume.transpose(..., D.YEAR, D.OUTCOME),
            D.COST: _money(cost.transpose(..., D.PARTNER, D.YEAR), price_base,
                           "cost borne, after optimism bias"),
            D.FISCAL: _money(fiscal.transpose(..., D.PARTNER, D.YEAR, D.OUTCOME), price_base,
                             "fiscal benefit received"),
            D.CASHABLE: _money(cashable.transpose(..., D.PARTNER, D.YEAR, D.OUTCOME),
                               price_base, "cashable part of the fiscal benefit"),
            D.TRANSFER_PAYMENT: _money(
                transfer.transpose(..., D.PARTNER, D.YEAR, D.OUTCOME), price_base,
                "transfer payment part of the fiscal benefit (tax, benefits): in the "
                "financial case, left out of public value"),
            D.ECONOMIC: _money(economic.transpose(..., D.YEAR, D.OUTCOME), price_base,
                               "economic benefit"),
            D.SOCIAL: _money(social.transpose(..., D.YEAR, D.OUTCOME), price_base,
                             "social benefit"),
            D.DISCOUNT_FACTOR: discount,
            "effect_volume": effect_volume.transpose(..., D.EFFECT, D.YEAR),
            "line_cost": _money(line_cost.transpose(..., D.COST_LINE, D.YEAR), price_base,
                                "cost of each line, after optimism bias"),
        },
        attrs=dict(inputs.attrs),
    )
    return out


_DETAIL = ("effect_volume", "line_cost")


@attrs.frozen
class Projection:
    """A projected business case: the DESIGN §5 Dataset, the inputs it came from and the
    per-effect and per-cost-line detail.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> projection = pb.project(example_case())
    >>> sorted(projection.dataset.data_vars)  # doctest: +NORMALIZE_WHITESPACE
    ['cashable', 'cost', 'discount_factor', 'economic', 'fiscal', 'participants',
     'social', 'transfer_payment', 'volume']
    """

    dataset: xr.Dataset
    """The projection (DESIGN §5): participants, volume, cost, fiscal, cashable,
    transfer_payment, economic, social and discount_factor."""
    detail: xr.Dataset
    """Per-effect volumes (``effect_volume``) and per-cost-line costs (``line_cost``)."""
    inputs: xr.Dataset = attrs.field(repr=False)
    """The engine's input Dataset (uprated values, rates, one-hot maps)."""
    case: BusinessCase | None = attrs.field(default=None, repr=False)
    """The case projected, when there is one."""

    @classmethod
    def from_inputs(cls, inputs: xr.Dataset, case: BusinessCase | None = None) -> Projection:
        """Compute a projection from an input Dataset."""
        full = compute(inputs)
        main = [name for name in full.data_vars if name not in _DETAIL]
        return cls(full[main], full[list(_DETAIL)], inputs, case)

    @property
    def price_base(self) -> int:
        """Price base year of every money variable."""
        return int(self.dataset.attrs["price_base"])

    def cost_by_category(self) -> xr.DataArray:
        """Cost ``(…, partner, year, category)`` grouped by cost line category."""
        lines = self.detail["line_cost"] * self.inputs["line_partner"]
        if lines.sizes[D.COST_LINE] == 0:  # no cost lines, no categories
            empty = lines.sum(D.COST_LINE).expand_dims({D.CATEGORY: np.array([], dtype=object)})
            return empty.transpose(..., D.PARTNER, D.YEAR, D.CATEGORY)
        return lines.groupby(self.inputs["line_category"]).sum(D.COST_LINE).rename(
            line_category=D.CATEGORY).transpose(..., D.PARTNER, D.YEAR, D.CATEGORY)

    def appraise(self) -> Appraisal:
        """The appraisal metrics of this projection (see :class:`Appraisal`)."""
        from placebudget.engine.appraise import Appraisal

        return Appraisal.from_projection(self)


def project(case: BusinessCase, *, unit_costs: UnitCostDatabase | None = None) -> Projection:
    """Project ``case`` year by year: participants, outcomes changed, costs and benefits.

    Parameters
    ----------
    case
        The business case.
    unit_costs
        Database to resolve ``"ucd:CODE"`` values from; the bundled Unit Cost Database
        v1.2 table by default.

    Raises
    ------
    placebudget.errors.ValidationError
        Every problem found resolving the case against its reference data.
    """
    return Projection.from_inputs(build_inputs(case, database=unit_costs), case)
