"""A present value's parts, as an explanation shows them: the flows by financial year with
their discount factors, the effects and cost lines it adds up, the rates of each effect and
where each value and cost came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine.projection import effect_rate
from placebudget.figures import FIGURES as CATALOGUE
from placebudget.model import financial_year_label

if TYPE_CHECKING:
    from placebudget.engine import Appraisal

_TRACE_KINDS = {
    "pv_fiscal": "fiscal",
    "pv_cashable": "fiscal",
    "pv_transfers": "fiscal",
    "pv_economic": "economic",
    "pv_social": "social",
    "pv_cost": "cost",
}


def _flow(ds: xr.Dataset, leaf: str, partner: str | None) -> xr.DataArray:
    """The yearly flow (£, undiscounted) whose present value is ``leaf``."""
    array = ds[str(CATALOGUE[leaf].flow)]
    if partner is not None:
        array = array.sel({D.PARTNER: partner})
    return array.sum([d for d in array.dims if d != D.YEAR])


def _by_year(ds: xr.Dataset, leaves: list[str], partner: str | None) -> pd.DataFrame:
    years = [financial_year_label(int(y)) for y in ds[D.YEAR].to_numpy()]
    df = ds[D.DISCOUNT_FACTOR].to_numpy()
    frame = pd.DataFrame(index=pd.Index(years, name="year"))
    for leaf in leaves:
        frame[leaf.removeprefix("pv_")] = _flow(ds, leaf, partner).to_numpy()
    frame["discount_factor"] = df
    for leaf in leaves:
        name = leaf.removeprefix("pv_")
        frame[f"pv_{name}"] = frame[name] * df
    total = frame.sum()
    total["discount_factor"] = np.nan
    frame.loc["total"] = total
    return frame


def _effect_values(inputs: xr.Dataset, leaf: str) -> xr.DataArray:
    """£ per outcome unit of each effect (by partner for fiscal values)."""
    if leaf == "pv_fiscal":
        return inputs[D.FISCAL_VALUE]
    if leaf == "pv_cashable":
        return inputs[D.FISCAL_VALUE] * inputs[D.CASHABLE_SHARE]
    if leaf == "pv_transfers":
        return inputs[D.FISCAL_VALUE] * inputs[D.TRANSFER_SHARE]
    value = inputs[D.ECONOMIC_VALUE if leaf == "pv_economic" else D.SOCIAL_VALUE]
    if leaf == "pv_social" and D.SOCIAL_INDEX in inputs:
        value = value * inputs[D.SOCIAL_INDEX]
    return value


def _by_effect(result: Appraisal, leaf: str, partner: str | None) -> pd.DataFrame:
    projection = result.projection
    inputs, detail = projection.inputs, projection.detail
    volume = detail["effect_volume"]  # (effect, year), interactions applied
    value = _effect_values(inputs, leaf)
    if D.PARTNER in value.dims:
        value = value.sel({D.PARTNER: partner}) if partner is not None else value.sum(D.PARTNER)
    flows = volume * value
    df = projection.dataset[D.DISCOUNT_FACTOR]
    per_unit = value.mean(D.YEAR) if D.YEAR in value.dims else value
    frame = pd.DataFrame(
        {
            "value_per_unit": per_unit.to_numpy(),
            "units_changed": volume.sum(D.YEAR).to_numpy(),
            "benefit": flows.sum(D.YEAR).to_numpy(),
            "present_value": (flows * df).sum(D.YEAR).to_numpy(),
        },
        index=pd.Index(detail[D.EFFECT_NAME].to_numpy(), name="effect"),
    )
    frame.insert(
        0,
        "unit",
        inputs[D.OUTCOME_UNIT]
        .sel({D.OUTCOME: inputs[D.EFFECT_OUTCOME].idxmax(D.OUTCOME)})
        .to_numpy(),
    )
    frame = frame[frame["value_per_unit"] != 0]
    frame["share"] = (
        frame["present_value"] / frame["present_value"].sum()
        if frame["present_value"].sum()
        else np.nan
    )
    return frame


def _by_line(result: Appraisal, partner: str | None) -> pd.DataFrame:
    projection = result.projection
    inputs, detail = projection.inputs, projection.detail
    payer = inputs[D.LINE_PARTNER].idxmax(D.PARTNER).to_numpy()
    cost = detail["line_cost"]
    df = projection.dataset[D.DISCOUNT_FACTOR]
    frame = pd.DataFrame(
        {
            "partner": payer,
            "category": detail[D.LINE_CATEGORY].to_numpy(),
            "optimism_bias": inputs[D.COST_OPTIMISM_BIAS].to_numpy(),
            "cost": cost.sum(D.YEAR).to_numpy(),
            "present_value": (cost * df).sum(D.YEAR).to_numpy(),
        },
        index=pd.Index(detail[D.LINE_NAME].to_numpy(), name="cost_line"),
    )
    if partner is not None:
        frame = frame[frame["partner"] == partner]
    total = frame["present_value"].sum()
    frame["share"] = frame["present_value"] / total if total else np.nan
    return frame


def _rates(result: Appraisal, effects: list[str]) -> pd.DataFrame:
    inputs = result.projection.inputs
    detail = result.projection.detail
    frame = pd.DataFrame(
        {
            name: inputs[name].to_numpy()
            for name in (
                D.BASELINE,
                D.IMPACT,
                D.DEADWEIGHT,
                D.DISPLACEMENT,
                D.ATTRIBUTION,
                D.BENEFIT_OPTIMISM_BIAS,
            )
        },
        index=pd.Index(detail[D.EFFECT_NAME].to_numpy(), name="effect"),
    )
    frame["interaction_factor"] = detail["interaction_factor"].to_numpy()
    # the engine's rate, with the interaction it applied
    frame["rate"] = (effect_rate(inputs) * detail["interaction_factor"]).to_numpy()
    frame = frame.rename(columns={D.BENEFIT_OPTIMISM_BIAS: "optimism_bias"})
    return frame.loc[[e for e in frame.index if e in effects]]


def _sources(
    result: Appraisal, leaves: list[str], partner: str | None, effects: list[str], lines: list[str]
) -> pd.DataFrame:
    traces = result.projection.value_traces()
    kinds = {_TRACE_KINDS[leaf] for leaf in leaves}
    keep = []
    for name, row in traces.iterrows():
        text = str(name)
        if row["kind"] not in kinds:
            keep.append(False)
        elif row["kind"] == "cost":
            keep.append(any(text.startswith(line + " ›") or text == line for line in lines))
        else:
            owner = any(text.startswith(effect + " ›") for effect in effects)
            keep.append(
                owner
                and (partner is None or row["kind"] != "fiscal" or text.endswith(f"› {partner}"))
            )
    chosen = traces[np.array(keep, dtype=bool)]
    return chosen[
        ["given", "published", "unit", "price_year", "deflator_factor", "uprated", "source"]
    ]
