"""Share rules: each rule's shares of a pool of cost by partner, one function per rule
class through :func:`functools.singledispatch` (see "Investment agreements" in
``docs/method.md`` for the arithmetic).

Problems are collected, not raised, so that every problem of an agreement is reported
together; a partner the rule names that is not in the place is kept apart
(``unknown``) so that the caller raises the error class that fits.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine._labelled import labelled_present_value
from placebudget.errors import Problem
from placebudget.model.agreements import (
    ByGrossBenefit,
    ByHeadcount,
    ByNetBenefit,
    FixedShares,
    InvestorRecoups,
    PerCategory,
)

__all__ = ["COST_BY_CATEGORY", "Found", "category_shares", "rule_shares", "rule_weights"]

#: Variable of a settlement-flows Dataset holding cost by partner, year and category.
COST_BY_CATEGORY = "cost_by_category"


@attrs.define
class Found:
    """Problems found while sharing: ``unknown`` names partners not in the place."""

    unknown: list[Problem] = attrs.Factory(list)
    """Partners a rule names that the place does not have."""
    other: list[Problem] = attrs.Factory(list)
    """Every other reason the rule cannot apply."""

    def __bool__(self) -> bool:
        return bool(self.unknown or self.other)

    def unknown_partner(self, path: str, partner: str, partners: list[str]) -> None:
        """Record that ``partner`` (at ``path``) is not one of ``partners``."""
        self.unknown.append(
            Problem(path, f"unknown partner (partners: {', '.join(partners)})", partner)
        )


def _partners(flows: xr.DataArray | xr.Dataset) -> list[str]:
    return [str(p) for p in flows[D.PARTNER].to_numpy()]


def _partner_weights(
    named: Mapping[str, float], partners: list[str], path: str, found: Found
) -> xr.DataArray:
    for partner in named:
        if partner not in partners:
            found.unknown_partner(f"{path}[{partner!r}]", partner, partners)
    return xr.DataArray(
        [float(named.get(p, 0.0)) for p in partners], coords={D.PARTNER: partners}, dims=D.PARTNER
    )


def _describe(values: xr.DataArray) -> str:
    if values.ndim != 1:
        return f"lowest total {float(values.sum(D.PARTNER).min()):,.2f}"
    return ", ".join(
        f"{p} {v:,.2f}"
        for p, v in zip(values[D.PARTNER].to_numpy(), values.to_numpy(), strict=True)
    )


def _proportional(
    weights: xr.DataArray, path: str, why: str, shown: xr.DataArray, found: Found
) -> xr.DataArray:
    """Shares in proportion to ``weights`` (≥ 0); a pool no partner has weight in is a
    problem, explained by ``why`` and the values ``shown``."""
    total = weights.sum(D.PARTNER)
    if bool((total <= 0).any()):
        found.other.append(Problem(path, f"cannot apply: {why} ({_describe(shown)})"))
    shares: xr.DataArray = weights / total.where(total > 0)
    return shares


@functools.singledispatch
def rule_weights(rule: object, flows: xr.Dataset, path: str, found: Found) -> xr.DataArray:
    """Each partner's weight ``(…, partner)`` under a share rule, before a negative one
    counts as none (its share of a pool of cost is its weight over the partners' total,
    or the weight itself for a rule that is not proportional): what each share rule
    computes."""
    msg = f"{type(rule).__name__} is not a share rule"
    raise TypeError(msg)


def rule_shares(rule: Any, flows: xr.Dataset, path: str, found: Found) -> xr.DataArray:
    """Shares ``(…, partner)`` of one pool of cost under a share rule: each partner's
    weight (:func:`rule_weights`) over their total (a pool nobody has weight in cannot
    be shared: a problem naming the rule's weights)."""
    weights = rule_weights(rule, flows, path, found)
    if not rule.proportional:  # the weights are the shares (fixed shares summing to 1)
        return weights
    if rule.unshareable is None:  # the record ensures a positive total
        shares: xr.DataArray = weights / weights.sum(D.PARTNER)
        return shares
    why = rule.unshareable.format(**attrs.asdict(rule))
    return _proportional(weights.clip(min=0), path, why, weights, found)


@rule_weights.register
def _(rule: FixedShares, flows: xr.Dataset, path: str, found: Found) -> xr.DataArray:
    return _partner_weights(rule.shares, _partners(flows), f"{path}.shares", found)


@rule_weights.register
def _(rule: ByHeadcount, flows: xr.Dataset, path: str, found: Found) -> xr.DataArray:
    return _partner_weights(rule.fte, _partners(flows), f"{path}.fte", found)


@rule_weights.register
def _(rule: ByGrossBenefit, flows: xr.Dataset, path: str, found: Found) -> xr.DataArray:
    benefit: xr.DataArray = labelled_present_value(flows[rule.basis], flows[D.DISCOUNT_FACTOR])
    return benefit


@rule_weights.register
def _(rule: ByNetBenefit, flows: xr.Dataset, path: str, found: Found) -> xr.DataArray:
    df = flows[D.DISCOUNT_FACTOR]
    own_cost = flows[COST_BY_CATEGORY].sum(D.CATEGORY)
    net: xr.DataArray = labelled_present_value(flows[D.FISCAL], df) - labelled_present_value(
        own_cost, df
    )
    return net


@functools.singledispatch
def category_shares(rule: object, flows: xr.Dataset, found: Found) -> xr.DataArray:
    """Shares ``(…, category, partner)``: each cost category's cost by partner under an
    agreement's rule (a share rule shares every category alike)."""
    shares = rule_shares(rule, flows, "rule", found)
    categories = [str(c) for c in flows[D.CATEGORY].to_numpy()]
    return shares.expand_dims({D.CATEGORY: categories})


@category_shares.register
def _(rule: InvestorRecoups, flows: xr.Dataset, found: Found) -> xr.DataArray:
    partners = _partners(flows)
    if rule.investor not in partners:
        found.unknown_partner("rule.investor", rule.investor, partners)
    one = xr.DataArray(
        [1.0 if p == rule.investor else 0.0 for p in partners],
        coords={D.PARTNER: partners},
        dims=D.PARTNER,
    )
    categories = [str(c) for c in flows[D.CATEGORY].to_numpy()]
    return one.expand_dims({D.CATEGORY: categories})


@category_shares.register
def _(rule: PerCategory, flows: xr.Dataset, found: Found) -> xr.DataArray:
    categories = [str(c) for c in flows[D.CATEGORY].to_numpy()]
    given = ", ".join(rule.rules) or "none"
    for category in categories:
        if category not in rule.rules:
            found.other.append(
                Problem(
                    "rule.rules",
                    f"has no rule for the cost category {category!r} (rules "
                    f"given for: {given}; the case's categories: {', '.join(categories)})",
                )
            )
    for category in rule.rules:
        if category not in categories:
            found.other.append(
                Problem(
                    f"rule.rules[{category!r}]",
                    "no cost line has this category (the "
                    f"case's categories: {', '.join(categories)})",
                    category,
                )
            )
    # each rule's shares by their dimensions alone (a fixed rule's carry no partner
    # kinds, a benefit rule's do): coordinates that are not dimensions are dropped
    parts = [
        (
            rule_shares(rule.rules[c], flows, f"rule.rules[{c!r}]", found)
            if c in rule.rules
            else xr.full_like(flows[D.PARTNER], np.nan, dtype=float)
        ).reset_coords(drop=True)
        for c in categories
    ]
    return xr.concat(xr.broadcast(*parts), dim=pd.Index(categories, name=D.CATEGORY))
