"""How a payback year (the case's or a partner's) and an investment agreement option's
figure for a partner were computed: the cumulative benefit and cost by year and the year
they cross; how the option's rule shares each cost category, the partner's contributions by
year, its benefit and its net position."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.figures import FIGURES as CATALOGUE
from placebudget.figures import format_figure, format_money
from placebudget.model import financial_year_label
from placebudget.report._explain_base import _PAYBACK_YEARS, Explanation, _Asked, _title
from placebudget.report._explain_flows import _flow

if TYPE_CHECKING:
    from placebudget.engine import Appraisal, Settlement
    from placebudget.model import BusinessCase


def _number(value: Any) -> float:
    """A figure as a float, NaN where it is missing (``None``, ``<NA>``)."""
    if value is None or value is pd.NA:
        return float("nan")
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _signed(value: float) -> str:
    """``+ £1,234`` or ``− £1,234``: a term added in a formula."""
    return f"{'−' if value < 0 else '+'} {format_money(abs(value))}"


#: Relative tolerance of the payback comparison: the engine's (and the Excel model's).
_PAYBACK_RTOL = 1e-9


def _crossing(benefit: np.ndarray, cost: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cumulative benefit and cost, and in which years the benefit has reached the cost
    (only once some cost has been spent), as the engine finds a payback year."""
    cum_benefit, cum_cost = np.cumsum(benefit), np.cumsum(cost)
    reached = (cum_benefit >= cum_cost * (1 - _PAYBACK_RTOL)) & (cum_cost > 0)
    return cum_benefit, cum_cost, reached


def _payback_frame(
    years: np.ndarray,
    benefit: np.ndarray,
    cost: np.ndarray,
    df: np.ndarray | None,
    names: tuple[str, str],
) -> tuple[pd.DataFrame, int | None]:
    """By year: the benefit and cost (and, discounted, their discounted values), their
    cumulative sums and net, and whether the benefit has reached the cost; the first
    year it has."""
    benefit_name, cost_name = names
    frame = pd.DataFrame(
        {benefit_name: benefit, cost_name: cost},
        index=pd.Index([financial_year_label(int(y)) for y in years], name="year"),
    )
    if df is not None:
        frame["discount_factor"] = df
        frame[f"pv_{benefit_name}"] = benefit * df
        frame[f"pv_{cost_name}"] = cost * df
        benefit, cost = benefit * df, cost * df
    cum_benefit, cum_cost, reached = _crossing(benefit, cost)
    frame[f"cumulative_{benefit_name}"] = cum_benefit
    frame[f"cumulative_{cost_name}"] = cum_cost
    frame["cumulative_net"] = cum_benefit - cum_cost
    frame["paid_back"] = reached
    first = int(years[int(reached.argmax())]) if reached.any() else None
    return frame, first


def _payback_sentence(
    label: str,
    first: int | None,
    frame: pd.DataFrame,
    years: np.ndarray,
    words: tuple[str, str],
    discounted: bool,
) -> str:
    """The formula of a payback year: the rule, the year and the cumulative figures that
    cross (or that they never do)."""
    benefit, cost = words
    kind = "discounted " if discounted else ""
    rule = (
        f"{label} = the first financial year in which cumulative {kind}{benefit} "
        f"reaches cumulative {kind}{cost}"
    )
    benefits, costs = frame.columns[-4], frame.columns[-3]
    if first is not None:
        row = frame.loc[financial_year_label(first)]
        return (
            f"{rule} = {financial_year_label(first)} (cumulative {kind}{benefit} "
            f"{format_money(_number(row[benefits]))} against cumulative {kind}{cost} "
            f"{format_money(_number(row[costs]))})"
        )
    last = frame.iloc[-1]
    if _number(last[costs]) <= 0:
        return f"{rule}: none, as there is no {cost} to pay back"
    return (
        f"{rule}: none within the horizon ({financial_year_label(int(years[0]))} to "
        f"{financial_year_label(int(years[-1]))}): by "
        f"{financial_year_label(int(years[-1]))} cumulative {kind}{benefit} is "
        f"{format_money(_number(last[benefits]))} against cumulative {kind}{cost} "
        f"{format_money(_number(last[costs]))}"
    )


def _payback(result: Appraisal, figure: str, asked: _Asked) -> Explanation:
    """A payback year (the case's or a partner's): fiscal benefit against cost."""
    ds = result.projection.dataset
    partner = asked.partner
    discounted = asked.name == "discounted_payback_year"
    years = ds[D.YEAR].to_numpy()
    benefit = _flow(ds, "pv_fiscal", partner).to_numpy()
    cost = _flow(ds, "pv_cost", partner).to_numpy()
    df = ds[D.DISCOUNT_FACTOR].to_numpy() if discounted else None
    frame, first = _payback_frame(years, benefit, cost, df, ("fiscal", "cost"))
    value = _number(
        getattr(result, asked.name)
        if partner is None
        else result.by_partner.loc[partner, asked.name]
    )
    notes = [
        (
            "Fiscal benefit and cost by year (undiscounted"
            + ("; then × the discount factor" if discounted else "")
            + f"), at the price base ({financial_year_label(result.price_base)} prices), "
            "costs after optimism bias; a year counts once some cost has been spent."
        )
    ]
    if partner is None and first is not None:  # the case's: its margin and period
        tag = asked.name.removesuffix("_year")
        shortfall = _number(result.figure(f"{tag}_shortfall"))
        notes.append(
            f"Margin: {format_money(_number(result.figure(f'{tag}_surplus')))} ahead at the "
            f"end of {financial_year_label(first)}"
            + (
                f", {format_money(shortfall)} short at the end of {financial_year_label(first - 1)}"
                if shortfall
                else ""
            )
            + f"; payback period {format_figure(result.figure(f'{tag}_period'), f'{tag}_period')}"
            f" years from the start of {financial_year_label(int(years[0]))}, each year's net "
            "flow spread evenly through it (linear within the payback year)."
        )
    return Explanation(
        figure=figure,
        label=asked.label,
        value=value,
        unit=CATALOGUE[asked.name].unit,
        formula=_payback_sentence(
            asked.label.split(": ")[-1], first, frame, years, ("fiscal benefit", "cost"), discounted
        ),
        tables=(("By year", frame),),
        notes=tuple(notes),
    )


def _rule_text(
    rule: Any, category: str, partner: str, flows: xr.Dataset, case: BusinessCase | None
) -> str:
    """How a share rule gives ``partner`` its share of a category's cost, in words with
    the weights it divides (the rule's own words, :func:`placebudget.engine.agreements.
    partner_weights`)."""
    from placebudget.engine.agreements import partner_weights
    from placebudget.figures import format_value
    from placebudget.model.agreements import InvestorRecoups, PerCategory

    if isinstance(rule, PerCategory):
        return _rule_text(rule.rules[category], category, partner, flows, case)
    if isinstance(rule, InvestorRecoups):
        return (
            f"investor recoups: {rule.investor} funds every cost, and the others' "
            "cashable savings repay it (transfers)"
        )
    weights = partner_weights(rule, flows)
    mine = format_value(float(weights.sel({D.PARTNER: partner})), rule.weight_kind)
    if not rule.proportional:
        return f"{rule.words}: {mine} {rule.weight_words}"
    total = format_value(float(weights.sum()), rule.weight_kind)
    return f"{rule.words}: {mine} of {total} {rule.weight_words}"


def _agreement_by_year(
    result: Appraisal, settlement: Settlement, partner: str, cashable: bool
) -> pd.DataFrame:
    """By year: the cost the pot pays, the partner's contribution, its fiscal (or
    cashable) benefit and transfers, the discount factor and their present values."""
    ds = result.projection.dataset
    sd = settlement.dataset
    years = [financial_year_label(int(y)) for y in ds[D.YEAR].to_numpy()]
    df = sd[D.DISCOUNT_FACTOR].to_numpy()
    benefit = "cashable" if cashable else "fiscal"
    flow = ds[D.CASHABLE if cashable else D.FISCAL].sel({D.PARTNER: partner})
    frame = pd.DataFrame(
        {
            "total_cost": sd["total_cost"].to_numpy(),
            "contribution": sd[D.CONTRIBUTION].sel({D.PARTNER: partner}).to_numpy(),
            benefit: flow.sum(D.OUTCOME).to_numpy(),
            "transfer": sd[D.TRANSFER].sel({D.PARTNER: partner}).to_numpy(),
            "discount_factor": df,
        },
        index=pd.Index(years, name="year"),
    )
    for column in ("contribution", benefit, "transfer"):
        frame[f"pv_{column}"] = frame[column] * df
    total = frame.sum()
    total["discount_factor"] = np.nan
    frame.loc["total"] = total
    return frame


def _agreement(result: Appraisal, figure: str, asked: _Asked) -> Explanation:
    """An agreement option's figure for a partner: how the rule shared each category,
    the contributions by year, the benefit and the net position."""
    from placebudget.engine.agreements import settle, settlement_flows

    case = result.projection.case
    assert case is not None
    assert asked.option is not None
    assert asked.partner is not None
    agreement = case.agreements[asked.option]
    settlement = settle(result.projection, agreement, name=asked.option)
    sd = settlement.dataset
    partner, name = asked.partner, asked.name
    flows = settlement_flows(result.projection)
    df = sd[D.DISCOUNT_FACTOR]
    shares = settlement.shares
    pot = (sd["pot_by_category"] * df).sum(D.YEAR)
    categories = [str(c) for c in shares.index]
    share_frame = pd.DataFrame(
        {
            "rule": [_rule_text(agreement.rule, c, partner, flows, case) for c in categories],
            "share": [_number(shares.loc[c, partner]) for c in categories],
            "pv_category_cost": [float(pot.sel({D.CATEGORY: c})) for c in categories],
        },
        index=pd.Index(categories, name="category"),
    )
    share_frame["pv_contribution"] = share_frame["share"] * share_frame["pv_category_cost"]
    row = settlement.by_partner.loc[partner]
    cashable = name == "net_cashable" or name == "pv_cashable"
    by_year = _agreement_by_year(result, settlement, partner, cashable)
    tables: list[tuple[str, pd.DataFrame]] = [
        ("How the rule shares each cost category", share_frame),
        ("Contributions, benefit and transfers by year", by_year),
    ]

    def money(figure_: str) -> str:
        return format_money(_number(row[figure_]))

    title = _title(name)
    value = _number(row[name])
    benefit = "pv_cashable" if cashable else "pv_fiscal"
    parts = (
        f"{CATALOGUE[benefit].label} + {CATALOGUE['pv_transfer'].label} − "
        f"{CATALOGUE['pv_contribution'].label}"
    )
    if name in ("net", "net_cashable"):
        formula = (
            f"{title} = {parts} = {money(benefit)} "
            f"{_signed(_number(row['pv_transfer']))} − {money('pv_contribution')} = "
            f"{money(name)}"
        )
    elif name == "roi":
        formula = (
            f"{title} = ({CATALOGUE['pv_fiscal'].label} + "
            f"{CATALOGUE['pv_transfer'].label}) / {CATALOGUE['pv_contribution'].label}"
            f" = ({money('pv_fiscal')} {_signed(_number(row['pv_transfer']))}) / "
            f"{money('pv_contribution')} = "
            + (
                format_figure(value, "roi")
                if value == value
                else "undefined: the partner contributes nothing"
            )
        )
    elif name in _PAYBACK_YEARS:
        discounted = name == "discounted_payback_year"
        years = result.projection.dataset[D.YEAR].to_numpy()
        frame = by_year.drop(index="total")
        found, first = _payback_frame(
            years,
            (frame["fiscal"] + frame["transfer"]).to_numpy(),
            frame["contribution"].to_numpy(),
            df.to_numpy() if discounted else None,
            ("benefit", "contribution"),
        )
        tables.append(("Cumulative benefit and contribution", found))
        formula = _payback_sentence(
            title,
            first,
            found,
            years,
            ("benefit (fiscal benefit + transfers)", "contribution"),
            discounted,
        )
    else:
        formula = (
            f"{title} = Σ over years of "
            f"{'flow' if name != 'pv_contribution' else 'contribution'} × discount "
            f"factor = {money(name)}"
        )
    notes = [
        f'Option "{asked.option}"'
        + (f": {agreement.description}" if agreement.description else "."),
        "Each year's contribution = Σ over cost categories of the partner's share × the "
        "category's cost that year, rounded to whole pennies so that every year's "
        "contributions add up to its cost; the PV by category is before that rounding.",
        f"Net position = {parts}; money at the price base "
        f"({financial_year_label(result.price_base)} prices), costs after optimism bias.",
    ]
    return Explanation(
        figure=figure,
        label=asked.label,
        value=value,
        unit=CATALOGUE[name].unit,
        formula=formula,
        tables=tuple(tables),
        notes=tuple(notes),
    )
