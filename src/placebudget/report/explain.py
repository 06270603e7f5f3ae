"""How a figure was computed, down to its inputs and their sources
(``placebudget explain``).

A figure is a headline metric (``npbi``, ``pv_fiscal``, ``bcr`` …) or a partner's
(``by_partner.police.pv_fiscal``). Its explanation is the formula with the figures put in,
the flows by financial year with their discount factors and present values, the effects
or cost lines it adds up (each one's present value, which sum to the figure), the rate
chain of each effect (baseline × impact × (1 − deadweight) … per engaged participant) and
where each value and cost came from (the Unit Cost Database line, the price year, the
deflator factor and the value at the price base).

Examples
--------
>>> import placebudget as pb
>>> from placebudget.examples import example_path
>>> result = pb.project(pb.load_case(example_path("west_cheshire"))).appraise()
>>> found = explain(result, "npbi")
>>> found.formula
'NPBI = PV fiscal benefit − PV cost = £3,979,243 − £2,842,843 = £1,136,400'
>>> [title for title, _ in found.tables]  # doctest: +NORMALIZE_WHITESPACE
['By year', 'Fiscal benefit by effect', 'Cost by cost line', 'Rates of each effect',
 'Where the values and costs come from']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine.projection import effect_rate
from placebudget.errors import UnknownReferenceError
from placebudget.figures import FIGURES as CATALOGUE
from placebudget.figures import format_figure, format_money, leaves
from placebudget.model import financial_year_label

if TYPE_CHECKING:
    from placebudget.engine import Appraisal

__all__ = ["FIGURES", "PARTNER_FIGURES", "Explanation", "explain", "format_explanation_cell"]

#: The present values whose flows, effects and cost lines an explanation shows.
_EXPLAINED_LEAVES = ("pv_cost", "pv_fiscal", "pv_cashable", "pv_transfers", "pv_economic",
                     "pv_social")

#: Headline figures that can be explained (those of the catalogue built from the present
#: values of costs and benefits), with their label and unit.
FIGURES: dict[str, tuple[str, str]] = {
    name: (found.label, found.unit) for name, found in CATALOGUE.of("metric").items()
    if not found.dims and found.kind in ("money", "ratio")
    and set(leaves(name)) <= set(_EXPLAINED_LEAVES)}

#: A partner's figures (``by_partner.<partner>.<figure>``, named as the columns of
#: :attr:`~placebudget.engine.Appraisal.by_partner`) → the catalogue's figure.
_PARTNER_NAMES: dict[str, str] = {"pv_cost": "partner_pv_cost",
                                  "pv_fiscal": "partner_pv_fiscal",
                                  "pv_cashable": "partner_pv_cashable",
                                  "net": "partner_net", "roi": "partner_roi"}

#: A partner's figures, with their label and unit.
PARTNER_FIGURES: dict[str, tuple[str, str]] = {
    short: (CATALOGUE[name].label, CATALOGUE[name].unit)
    for short, name in _PARTNER_NAMES.items()}

_BENEFIT_TITLES = {"pv_fiscal": "Fiscal benefit", "pv_cashable": "Cashable benefit",
                   "pv_transfers": "Transfer payments", "pv_economic": "Economic benefit",
                   "pv_social": "Social benefit"}
_TRACE_KINDS = {"pv_fiscal": "fiscal", "pv_cashable": "fiscal", "pv_transfers": "fiscal",
                "pv_economic": "economic", "pv_social": "social", "pv_cost": "cost"}


@attrs.frozen(kw_only=True)
class Explanation:
    """How one figure was computed."""

    figure: str
    """The figure asked for (``npbi``, ``by_partner.police.pv_fiscal``)."""
    label: str
    """Its name in words."""
    value: float
    """Its value, as the appraisal gives it."""
    unit: str
    """``"GBP"`` or ``"ratio"``."""
    formula: str
    """The formula with the figures put in."""
    tables: tuple[tuple[str, pd.DataFrame], ...] = attrs.field(repr=False)
    """Titled tables: by year, by effect or cost line, the rates, the sources."""
    notes: tuple[str, ...] = ()
    """What the tables leave out or assume."""


def _leaves(figure: str) -> list[str]:
    """The present values a figure is built from, each once (``npbi`` → fiscal, cost); a
    partner's by their total's name."""
    return [leaf.removeprefix("partner_") for leaf in leaves(
        _PARTNER_NAMES.get(figure, figure) if figure in _PARTNER_NAMES else figure)]


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
        value = value.sel({D.PARTNER: partner}) if partner is not None else value.sum(
            D.PARTNER)
    flows = volume * value
    df = projection.dataset[D.DISCOUNT_FACTOR]
    per_unit = value.mean(D.YEAR) if D.YEAR in value.dims else value
    frame = pd.DataFrame({
        "value_per_unit": per_unit.to_numpy(),
        "units_changed": volume.sum(D.YEAR).to_numpy(),
        "benefit": flows.sum(D.YEAR).to_numpy(),
        "present_value": (flows * df).sum(D.YEAR).to_numpy(),
    }, index=pd.Index(detail[D.EFFECT_NAME].to_numpy(), name="effect"))
    frame.insert(0, "unit", inputs[D.OUTCOME_UNIT].sel(
        {D.OUTCOME: inputs[D.EFFECT_OUTCOME].idxmax(D.OUTCOME)}).to_numpy())
    frame = frame[frame["value_per_unit"] != 0]
    frame["share"] = frame["present_value"] / frame["present_value"].sum() \
        if frame["present_value"].sum() else np.nan
    return frame


def _by_line(result: Appraisal, partner: str | None) -> pd.DataFrame:
    projection = result.projection
    inputs, detail = projection.inputs, projection.detail
    payer = inputs[D.LINE_PARTNER].idxmax(D.PARTNER).to_numpy()
    cost = detail["line_cost"]
    df = projection.dataset[D.DISCOUNT_FACTOR]
    frame = pd.DataFrame({
        "partner": payer,
        "category": detail[D.LINE_CATEGORY].to_numpy(),
        "optimism_bias": inputs[D.COST_OPTIMISM_BIAS].to_numpy(),
        "cost": cost.sum(D.YEAR).to_numpy(),
        "present_value": (cost * df).sum(D.YEAR).to_numpy(),
    }, index=pd.Index(detail[D.LINE_NAME].to_numpy(), name="cost_line"))
    if partner is not None:
        frame = frame[frame["partner"] == partner]
    total = frame["present_value"].sum()
    frame["share"] = frame["present_value"] / total if total else np.nan
    return frame


def _rates(result: Appraisal, effects: list[str]) -> pd.DataFrame:
    inputs = result.projection.inputs
    detail = result.projection.detail
    frame = pd.DataFrame({
        name: inputs[name].to_numpy() for name in (
            D.BASELINE, D.IMPACT, D.DEADWEIGHT, D.DISPLACEMENT, D.ATTRIBUTION,
            D.BENEFIT_OPTIMISM_BIAS)},
        index=pd.Index(detail[D.EFFECT_NAME].to_numpy(), name="effect"))
    frame["interaction_factor"] = detail["interaction_factor"].to_numpy()
    # the engine's rate, with the interaction it applied
    frame["rate"] = (effect_rate(inputs) * detail["interaction_factor"]).to_numpy()
    frame = frame.rename(columns={D.BENEFIT_OPTIMISM_BIAS: "optimism_bias"})
    return frame.loc[[e for e in frame.index if e in effects]]


def _sources(result: Appraisal, leaves: list[str], partner: str | None,
             effects: list[str], lines: list[str]) -> pd.DataFrame:
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
            keep.append(owner and (partner is None or row["kind"] != "fiscal"
                                   or text.endswith(f"› {partner}")))
    chosen = traces[np.array(keep, dtype=bool)]
    return chosen[["given", "published", "unit", "price_year", "deflator_factor",
                   "uprated", "source"]]


def _value(result: Appraisal, figure: str, partner: str | None) -> float:
    found: Any = (getattr(result, figure) if partner is None
                  else result.by_partner.loc[partner, figure])
    return float(found)


def _formula(result: Appraisal, figure: str, partner: str | None, label: str) -> str:
    name = _PARTNER_NAMES[figure] if partner is not None else figure
    value = _value(result, figure, partner)
    formula = CATALOGUE[name].formula
    if formula is None:
        return (f"{label} = Σ over years of flow × discount factor = "
                f"{format_figure(value, name)}")
    parts = {part: (CATALOGUE[part].label,
                    format_figure(_value(result, part.removeprefix("partner_") if partner
                                         else part, partner), part))
             for part in formula.names}
    return (f"{label} = {formula.text({p: w for p, (w, _) in parts.items()})} = "
            f"{formula.text({p: v for p, (_, v) in parts.items()})} = "
            f"{format_figure(value, name)}")


def _parse(result: Appraisal, figure: str) -> tuple[str, str | None, str]:
    """(figure, partner or None, label) of a figure's name, or a clear error."""
    if figure.startswith("by_partner."):
        parts = figure.split(".")
        partners = [str(p) for p in result.by_partner.index]
        if len(parts) != 3 or parts[1] not in partners or parts[2] not in PARTNER_FIGURES:
            msg = (f"must be by_partner.<partner>.<figure> with a partner of the case "
                   f"({', '.join(partners)}) and a figure ({', '.join(PARTNER_FIGURES)})")
            raise UnknownReferenceError.single(path="figure", message=msg, value=figure)
        return parts[2], parts[1], f"{parts[1]}: {CATALOGUE[_PARTNER_NAMES[parts[2]]].title}"
    if figure not in FIGURES:
        import difflib

        near = difflib.get_close_matches(figure, list(FIGURES), n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        msg = (f"{hint}must be one of {', '.join(FIGURES)} or by_partner.<partner>.<figure> "
               f"({', '.join(PARTNER_FIGURES)})")
        raise UnknownReferenceError.single(path="figure", message=msg, value=figure)
    return figure, None, FIGURES[figure][0]


def explain(result: Appraisal, figure: str) -> Explanation:
    """How ``figure`` of ``result`` was computed.

    Parameters
    ----------
    result
        The appraisal of one case (``pb.project(case).appraise()``; an appraisal has no
        draws).
    figure
        One of :data:`FIGURES`, or ``by_partner.<partner>.<figure>`` with a figure of
        :data:`PARTNER_FIGURES`.

    Raises
    ------
    placebudget.errors.UnknownReferenceError
        ``figure`` is not one that can be explained, or names an unknown partner.
    """
    name, partner, label = _parse(result, figure)
    ds = result.projection.dataset
    leaves = _leaves(name)
    unit = (FIGURES if partner is None else PARTNER_FIGURES)[name][1]
    tables: list[tuple[str, pd.DataFrame]] = [("By year", _by_year(ds, leaves, partner))]
    effects: list[str] = []
    lines: list[str] = []
    notes: list[str] = []
    for leaf in leaves:
        if leaf == "pv_cost":
            frame = _by_line(result, partner)
            lines += [str(i) for i in frame.index]
            tables.append(("Cost by cost line", frame))
            continue
        frame = _by_effect(result, leaf, partner)
        if frame.empty:
            notes.append(f"No effect has a {_BENEFIT_TITLES[leaf].lower()} value"
                         f"{' for ' + partner if partner else ''}: it is £0.")
            continue
        effects += [str(i) for i in frame.index if i not in effects]
        tables.append((f"{_BENEFIT_TITLES[leaf]} by effect", frame))
    if effects:
        tables.append(("Rates of each effect", _rates(result, effects)))
    sources = _sources(result, leaves, partner, effects, lines)
    if not sources.empty:
        tables.append(("Where the values and costs come from", sources))
    notes.append("Units changed = rate × engaged participants spread over the years by "
                 "lag, duration and drop-off; engaged participants = intake × engagement "
                 "(plus any reinvested). Money is at the price base "
                 f"({financial_year_label(result.price_base)} prices), costs after "
                 "optimism bias.")
    return Explanation(figure=figure, label=label, value=_value(result, name, partner),
                       unit=unit, formula=_formula(result, name, partner, label),
                       tables=tuple(tables), notes=tuple(notes))



_MONEY = ("fiscal", "cashable", "transfers", "economic", "social", "cost", "value_per_unit",
          "benefit", "present_value", "published", "uprated")
_SHARES = ("share", "optimism_bias", "deadweight", "displacement", "impact", "attribution")


def format_explanation_cell(column: str, value: object) -> str:
    """A cell of an explanation table as text: money as money (pence kept for a value per
    unit), shares as percentages, factors to four decimals, price years as financial
    years.

    Examples
    --------
    >>> format_explanation_cell("pv_cost", 1234.5), format_explanation_cell("share", 0.25)
    ('£1,234', '25.0%')
    >>> format_explanation_cell("deflator_factor", 1.0974531), format_explanation_cell(
    ...     "price_year", 2008)
    ('1.0975', '2008/09')
    """
    if isinstance(value, str):
        return value
    if value is None:
        return "–"
    number = float(value)  # type: ignore[arg-type]
    if number != number:
        return "–"
    if column in ("value_per_unit", "published", "uprated"):
        sign = "-" if number < 0 else ""
        return f"{sign}£{abs(number):,.2f}"
    if column in _MONEY or column.startswith("pv_"):
        return format_money(number)
    if column in _SHARES:
        return f"{number:.1%}"
    if column.endswith("factor"):
        return f"{number:.4f}"
    if column == "price_year":
        return financial_year_label(int(number))
    if column == "units_changed":
        return f"{number:,.1f}"
    return f"{number:,.4g}" if abs(number) < 1000 else f"{number:,.0f}"
