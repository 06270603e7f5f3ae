"""Each intervention's own results and the cost per unit of outcome (given by
:mod:`placebudget.engine.green_book`): the present values of each effect of one
projection, summed by intervention beside the place total."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from placebudget.engine import dims as D
from placebudget.engine._onehot import OneHot
from placebudget.engine.appraisal import Appraisal
from placebudget.figures import headline, ratio
from placebudget.model import vfm_category

__all__ = ["by_intervention", "cost_per_outcome"]


def _owner(mapping: Any) -> np.ndarray:
    """Each row's column of a one-hot map (each effect's intervention or outcome)."""
    if isinstance(mapping, OneHot):
        return mapping.index
    return np.asarray(np.asarray(mapping).argmax(axis=1), dtype=np.intp)


def _effect_pvs(result: Appraisal) -> pd.DataFrame:
    """Per effect: present values of its fiscal benefit, transfers, economic and social
    benefit, and its discounted volume."""
    projection = result.projection
    flows = projection.flows()
    df = flows[D.DISCOUNT_FACTOR]
    value = projection.input_values
    volume = flows["effect_volume"]  # (effect, year)
    fiscal_value = value(D.FISCAL_VALUE)
    social = volume * value(D.SOCIAL_VALUE)[:, None]
    if projection.has_input(D.SOCIAL_INDEX):
        social = social * value(D.SOCIAL_INDEX)
    effects = value(D.EFFECT)
    maps = projection.core_inputs()
    frame = pd.DataFrame(
        {
            "intervention": value(D.INTERVENTION)[_owner(maps[D.EFFECT_INTERVENTION])],
            "outcome": value(D.OUTCOME)[_owner(maps[D.EFFECT_OUTCOME])],
            "pv_volume": volume @ df,
            "pv_fiscal": (volume * fiscal_value.sum(axis=1)[:, None]) @ df,
            "pv_transfers": (volume * (fiscal_value * value(D.TRANSFER_SHARE)).sum(axis=1)[:, None])
            @ df,
            "pv_economic": (volume * value(D.ECONOMIC_VALUE)[:, None]) @ df,
            "pv_social": _social_pvs(projection, social, df),
        },
        index=pd.Index(effects, name=D.EFFECT),
    )
    return _with(frame, "pv_public")


def _social_pvs(projection: Any, social: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Each effect's PV of its social benefit ``(effect, year)``: with the health
    discount factors where its social value is a health value (``social_health``), with
    the case's otherwise."""
    pv = np.asarray(social @ df, dtype=float)
    if projection.has_input(D.SOCIAL_HEALTH):
        health = projection.input_values(D.SOCIAL_HEALTH)
        factor = projection.input_values(D.HEALTH_DISCOUNT_FACTOR)
        pv = pv + health * (social @ (factor - df))
    return pv


def _with(frame: pd.DataFrame, *names: str) -> pd.DataFrame:
    """``frame`` with the composite figures ``names`` (:func:`~placebudget.figures.headline`)
    of its columns added as columns."""
    found = headline(
        {c: frame[c].to_numpy(dtype=float) for c in frame.columns if frame[c].dtype.kind == "f"},
        only=names,
    )
    for name in names:
        frame[name] = found[name]
    return frame


def _intervention_costs(result: Appraisal) -> pd.Series:
    projection = result.projection
    flows = projection.flows()
    per_line = flows["line_cost"] @ flows[D.DISCOUNT_FACTOR]
    per_intervention = projection.input_values(D.LINE_INTERVENTION).T @ per_line
    return pd.Series(
        per_intervention,
        index=pd.Index(projection.input_values(D.INTERVENTION), name=D.INTERVENTION),
    )


def by_intervention(result: Appraisal) -> pd.DataFrame:
    """Each intervention's own results beside the place total: PV cost, fiscal benefit,
    transfers, economic and social benefit, public value, NPBI, NPPV, fiscal ROI, BCR
    and its value-for-money category, and its distributional ``weight`` (1 without
    weights) with the weighted public value; a last row ``total`` (the risk register is
    the place's, so it is in no row).

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> table = by_intervention(pb.project(example_case()).appraise())
    >>> float(table.loc["total", "nppv"].round(2))
    130299.24
    """
    effects = _effect_pvs(result)
    projection = result.projection
    ids = projection.input_values(D.INTERVENTION)
    sums = (
        effects.groupby("intervention")[["pv_fiscal", "pv_transfers", "pv_economic", "pv_social"]]
        .sum()
        .reindex(ids, fill_value=0.0)
    )
    frame = pd.DataFrame({"pv_cost": _intervention_costs(result)})
    frame = _with(frame.join(sums), "pv_public")
    weight = pd.Series(
        projection.input_values(D.DISTRIBUTIONAL_WEIGHT)
        if projection.has_input(D.DISTRIBUTIONAL_WEIGHT)
        else np.ones(len(ids)),
        index=ids,
    )
    frame["weight"] = weight
    weighted = weight * (frame["pv_economic"] + frame["pv_social"])
    frame["pv_public_weighted"] = headline(
        {
            "pv_fiscal": frame["pv_fiscal"].to_numpy(),
            "pv_transfers": frame["pv_transfers"].to_numpy(),
            "pv_weighted_benefit": weighted.to_numpy(),
        },
        only=["pv_public_weighted"],
    )["pv_public_weighted"]
    total = frame.sum().to_frame("total").T
    total["weight"] = np.nan
    frame = _with(pd.concat([frame, total]), "npbi", "nppv", "fiscal_roi", "bcr")
    frame["vfm_category"] = [vfm_category(b) for b in frame["bcr"]]
    frame.index.name = D.INTERVENTION
    return frame


def cost_per_outcome(result: Appraisal) -> pd.DataFrame:
    """Per effect: the outcome, its unit, the PV of the volume changed (discounted like
    money), the PV cost of its intervention attributed to it whole, and the cost per
    unit of outcome (``pv_cost / pv_volume``; NaN with no volume). The intervention's
    cost is not split between its outcomes, so the costs per outcome do not add up.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> table = cost_per_outcome(pb.project(example_case()).appraise())
    >>> round(float(table["cost_per_unit"].iloc[0]), 2)
    3484.59
    """
    effects = _effect_pvs(result)
    costs = _intervention_costs(result)
    units = dict(
        zip(
            result.projection.input_values(D.OUTCOME),
            result.projection.input_values(D.OUTCOME_UNIT),
            strict=True,
        )
    )
    frame = effects[["intervention", "outcome", "pv_volume"]].copy()
    frame.insert(2, "unit", [units[o] for o in frame["outcome"]])
    frame["pv_cost"] = costs.reindex(frame["intervention"]).to_numpy()
    frame["cost_per_unit"] = ratio(frame["pv_cost"], frame["pv_volume"])
    return frame
