"""How a figure was computed, down to its inputs and their sources
(``placebudget explain``).

A figure is a headline metric (``npbi``, ``pv_fiscal``, ``bcr`` …), a partner's
(``by_partner.police.pv_fiscal``), a payback year (``payback_year``,
``discounted_payback_year``, also a partner's) or an investment agreement option's figure
for a partner (``agreements.mixed.police.net``). Its explanation is the formula with the
figures put in, the flows by financial year with their discount factors and present
values, the effects or cost lines it adds up (each one's present value, which sum to the
figure), the rate chain of each effect (baseline × impact × (1 − deadweight) … per engaged
participant) and where each value and cost came from (the Unit Cost Database line, the
price year, the deflator factor and the value at the price base). A payback year's is the
cumulative benefit and cost by year and the year they cross (or that they never do within
the horizon); an agreement figure's, how the option's rule shares each cost category, the
partner's contributions by year, its benefit and its net position.

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

from typing import TYPE_CHECKING, Any, NoReturn

import attrs
import numpy as np
import pandas as pd
import xarray as xr

from placebudget.engine import dims as D
from placebudget.engine.projection import effect_rate
from placebudget.errors import UnknownReferenceError
from placebudget.figures import FIGURES as CATALOGUE
from placebudget.figures import figure as catalogue_figure
from placebudget.figures import format_figure, format_money, leaves
from placebudget.model import financial_year_label

if TYPE_CHECKING:
    from placebudget.engine import Appraisal, Settlement
    from placebudget.model import BusinessCase

__all__ = [
    "AGREEMENT_FIGURES",
    "FIGURES",
    "PARTNER_FIGURES",
    "PAYBACK_FIGURES",
    "Explanation",
    "explain",
    "format_explanation_cell",
]

#: The present values whose flows, effects and cost lines an explanation shows.
_EXPLAINED_LEAVES = (
    "pv_cost",
    "pv_fiscal",
    "pv_cashable",
    "pv_transfers",
    "pv_economic",
    "pv_social",
)

#: Headline figures that can be explained (those of the catalogue built from the present
#: values of costs and benefits), with their label and unit.
FIGURES: dict[str, tuple[str, str]] = {
    name: (found.label, found.unit)
    for name, found in CATALOGUE.of("metric").items()
    if not found.dims
    and found.kind in ("money", "ratio")
    and set(leaves(name)) <= set(_EXPLAINED_LEAVES)
}

#: A partner's figures (``by_partner.<partner>.<figure>``, named as the columns of
#: :attr:`~placebudget.engine.Appraisal.by_partner`) → the catalogue's figure.
_PARTNER_NAMES: dict[str, str] = {
    "pv_cost": "partner_pv_cost",
    "pv_fiscal": "partner_pv_fiscal",
    "pv_cashable": "partner_pv_cashable",
    "net": "partner_net",
    "roi": "partner_roi",
}

#: A partner's figures, with their label and unit.
PARTNER_FIGURES: dict[str, tuple[str, str]] = {
    short: (CATALOGUE[name].label, CATALOGUE[name].unit) for short, name in _PARTNER_NAMES.items()
}

#: The payback years (the case's, and a partner's: ``by_partner.<partner>.payback_year``),
#: with their label and unit.
PAYBACK_FIGURES: dict[str, tuple[str, str]] = {
    name: (CATALOGUE[name].label, CATALOGUE[name].unit)
    for name in ("payback_year", "discounted_payback_year")
}

#: An agreement option's figures for a partner
#: (``agreements.<option>.<partner>.<figure>``, the columns of
#: :attr:`~placebudget.engine.Settlement.by_partner`), with their label and unit.
AGREEMENT_FIGURES: dict[str, tuple[str, str]] = {
    name: (CATALOGUE[name].label, CATALOGUE[name].unit)
    for name in (
        "pv_contribution",
        "net",
        "roi",
        "net_cashable",
        "pv_cost_as_modelled",
        "pv_fiscal",
        "pv_cashable",
        "pv_transfer",
        "payback_year",
        "discounted_payback_year",
    )
}

_BENEFIT_TITLES = {
    "pv_fiscal": "Fiscal benefit",
    "pv_cashable": "Cashable benefit",
    "pv_transfers": "Transfer payments",
    "pv_economic": "Economic benefit",
    "pv_social": "Social benefit",
}
_TRACE_KINDS = {
    "pv_fiscal": "fiscal",
    "pv_cashable": "fiscal",
    "pv_transfers": "fiscal",
    "pv_economic": "economic",
    "pv_social": "social",
    "pv_cost": "cost",
}


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
    return [
        leaf.removeprefix("partner_")
        for leaf in leaves(
            _PARTNER_NAMES.get(figure, figure) if figure in _PARTNER_NAMES else figure
        )
    ]


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


def _value(result: Appraisal, figure: str, partner: str | None) -> float:
    found: Any = (
        getattr(result, figure) if partner is None else result.by_partner.loc[partner, figure]
    )
    return float(found)


def _formula(result: Appraisal, figure: str, partner: str | None, label: str) -> str:
    name = _PARTNER_NAMES[figure] if partner is not None else figure
    value = _value(result, figure, partner)
    formula = CATALOGUE[name].formula
    if formula is None:
        return f"{label} = Σ over years of flow × discount factor = {format_figure(value, name)}"
    parts = {
        part: (
            CATALOGUE[part].label,
            format_figure(
                _value(result, part.removeprefix("partner_") if partner else part, partner), part
            ),
        )
        for part in formula.names
    }
    return (
        f"{label} = {formula.text({p: w for p, (w, _) in parts.items()})} = "
        f"{formula.text({p: v for p, (_, v) in parts.items()})} = "
        f"{format_figure(value, name)}"
    )


@attrs.frozen
class _Asked:
    """A figure's name, parsed: what kind of figure, and of which option and partner."""

    kind: str  # "headline", "partner", "payback", "agreement"
    name: str
    partner: str | None
    option: str | None
    label: str


def _unknown(what: str, value: str, known: list[str], form: str) -> NoReturn:
    """Refuse an unknown part of a figure's name: ``what`` (``a partner of the case``)
    must be one of ``known`` in ``form``; the closest matches first."""
    import difflib

    near = difflib.get_close_matches(value, known, n=3)
    hint = f"did you mean {' or '.join(repr(n) for n in near)}? " if near else ""
    msg = f"{hint}must be {form} with {what} ({', '.join(known) or 'none'})"
    raise UnknownReferenceError.single(path="figure", message=msg, value=value)


def _title(name: str) -> str:
    """An agreement figure's title (a partner's net position and ROI by the catalogue's
    partner metrics)."""
    return CATALOGUE[{"net": "partner_net", "roi": "partner_roi"}.get(name, name)].title


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


def _partner_name(result: Appraisal, partner: str) -> str:
    case = result.projection.case
    names = {p.id: p.name for p in case.place.partners} if case is not None else {}
    return names.get(partner, partner)


def _parse(result: Appraisal, figure: str) -> _Asked:
    """What ``figure`` names, or a clear error naming the known figures, partners and
    options, with the closest matches."""
    partners = [str(p) for p in result.by_partner.index]
    partner_figures = [*PARTNER_FIGURES, *PAYBACK_FIGURES]
    if figure.startswith("by_partner."):
        parts = figure.split(".")
        form = "by_partner.<partner>.<figure>"
        if len(parts) != 3:
            msg = (
                f"must be {form} with a partner of the case ({', '.join(partners)}) and a "
                f"figure ({', '.join(partner_figures)})"
            )
            raise UnknownReferenceError.single(path="figure", message=msg, value=figure)
        if parts[1] not in partners:
            _unknown("a partner of the case", parts[1], partners, form)
        if parts[2] not in partner_figures:
            _unknown("a partner's figure", parts[2], partner_figures, form)
        name, partner = parts[2], parts[1]
        catalogue = _PARTNER_NAMES.get(name, f"partner_{name}")
        label = f"{_partner_name(result, partner)}: {CATALOGUE[catalogue].title}"
        kind = "payback" if name in PAYBACK_FIGURES else "partner"
        return _Asked(kind, name, partner, None, label)
    if figure.startswith("agreements."):
        case = result.projection.case
        options = list(case.agreements) if case is not None else []
        form = "agreements.<option>.<partner>.<figure>"
        rest = figure.removeprefix("agreements.").rsplit(".", 2)
        if len(rest) != 3:
            msg = (
                f"must be {form} with an agreement option of the case "
                f"({', '.join(options) or 'none'}), a partner ({', '.join(partners)}) and "
                f"a figure ({', '.join(AGREEMENT_FIGURES)})"
            )
            raise UnknownReferenceError.single(path="figure", message=msg, value=figure)
        option, partner, name = rest
        if option not in options:
            _unknown("an agreement option of the case", option, options, form)
        if partner not in partners:
            _unknown("a partner of the case", partner, partners, form)
        if name not in AGREEMENT_FIGURES:
            _unknown("an agreement figure", name, list(AGREEMENT_FIGURES), form)
        label = f'{_partner_name(result, partner)} under "{option}": {_title(name)}'
        return _Asked("agreement", name, partner, option, label)
    try:
        catalogue_figure(figure, among=[*FIGURES, *PAYBACK_FIGURES], what="figure")
    except UnknownReferenceError as exc:
        msg = (
            f"{exc.problems[0].message}, or by_partner.<partner>.<figure> "
            f"({', '.join(partner_figures)}), or agreements.<option>.<partner>.<figure> "
            f"({', '.join(AGREEMENT_FIGURES)})"
        )
        raise UnknownReferenceError.single(path="figure", message=msg, value=figure) from None
    if figure in PAYBACK_FIGURES:
        return _Asked("payback", figure, None, None, CATALOGUE[figure].title)
    return _Asked("headline", figure, None, None, FIGURES[figure][0])


def explain(result: Appraisal, figure: str) -> Explanation:
    """How ``figure`` of ``result`` was computed.

    Parameters
    ----------
    result
        The appraisal of one case (``pb.project(case).appraise()``; an appraisal has no
        draws).
    figure
        One of :data:`FIGURES` or :data:`PAYBACK_FIGURES`,
        ``by_partner.<partner>.<figure>`` with a figure of :data:`PARTNER_FIGURES` or
        :data:`PAYBACK_FIGURES`, or ``agreements.<option>.<partner>.<figure>`` with an
        agreement option of the case and a figure of :data:`AGREEMENT_FIGURES`.

    Raises
    ------
    placebudget.errors.UnknownReferenceError
        ``figure`` is not one that can be explained, or names an unknown partner or
        option (the message names the known ones and the closest matches).

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.examples import example_path
    >>> result = pb.project(pb.load_case(example_path("west_cheshire"))).appraise()
    >>> print(explain(result, "payback_year").formula)  # doctest: +NORMALIZE_WHITESPACE
    Payback year = the first financial year in which cumulative fiscal benefit reaches
    cumulative cost = 2016/17 (cumulative fiscal benefit £3,831,469 against cumulative
    cost £2,937,000)
    >>> found = explain(result, "agreements.headcount.police.net")
    >>> found.label
    'Cheshire Constabulary under "headcount": Net position'
    >>> print(found.formula)  # doctest: +NORMALIZE_WHITESPACE
    Net position = PV fiscal benefit + PV transfers received − PV contribution = £805,903
    + £0 − £631,743 = £174,160
    """
    asked = _parse(result, figure)
    if asked.kind == "payback":
        return _payback(result, figure, asked)
    if asked.kind == "agreement":
        return _agreement(result, figure, asked)
    name, partner, label = asked.name, asked.partner, asked.label
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
            notes.append(
                f"No effect has a {_BENEFIT_TITLES[leaf].lower()} value"
                f"{' for ' + partner if partner else ''}: it is £0."
            )
            continue
        effects += [str(i) for i in frame.index if i not in effects]
        tables.append((f"{_BENEFIT_TITLES[leaf]} by effect", frame))
    if effects:
        tables.append(("Rates of each effect", _rates(result, effects)))
    sources = _sources(result, leaves, partner, effects, lines)
    if not sources.empty:
        tables.append(("Where the values and costs come from", sources))
    notes.append(
        "Units changed = rate × engaged participants spread over the years by "
        "lag, duration and drop-off; engaged participants = intake × engagement "
        "(plus any reinvested). Money is at the price base "
        f"({financial_year_label(result.price_base)} prices), costs after "
        "optimism bias."
    )
    return Explanation(
        figure=figure,
        label=label,
        value=_value(result, name, partner),
        unit=unit,
        formula=_formula(result, name, partner, label),
        tables=tuple(tables),
        notes=tuple(notes),
    )


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
    return Explanation(
        figure=figure,
        label=asked.label,
        value=value,
        unit=PAYBACK_FIGURES[asked.name][1],
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
    elif name in PAYBACK_FIGURES:
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
        unit=AGREEMENT_FIGURES[name][1],
        formula=formula,
        tables=tuple(tables),
        notes=tuple(notes),
    )


_MONEY = (
    "fiscal",
    "cashable",
    "transfers",
    "economic",
    "social",
    "cost",
    "value_per_unit",
    "benefit",
    "present_value",
    "published",
    "uprated",
    "total_cost",
    "contribution",
    "transfer",
    "cumulative_fiscal",
    "cumulative_cost",
    "cumulative_net",
    "cumulative_benefit",
    "cumulative_contribution",
)
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
    if isinstance(value, bool | np.bool_):
        return "yes" if value else ""
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
