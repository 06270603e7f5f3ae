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

import numpy as np
import pandas as pd

from placebudget.errors import UnknownReferenceError
from placebudget.figures import FIGURES as CATALOGUE
from placebudget.figures import figure as catalogue_figure
from placebudget.figures import format_figure, format_money, leaves
from placebudget.model import financial_year_label
from placebudget.report._explain_agreements import _agreement, _payback
from placebudget.report._explain_base import _PAYBACK_YEARS, Explanation, _Asked, _title
from placebudget.report._explain_flows import _by_effect, _by_line, _by_year, _rates, _sources

if TYPE_CHECKING:
    from placebudget.engine import Appraisal

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
    name: (CATALOGUE[name].label, CATALOGUE[name].unit) for name in _PAYBACK_YEARS
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


def _leaves(figure: str) -> list[str]:
    """The present values a figure is built from, each once (``npbi`` → fiscal, cost); a
    partner's by their total's name."""
    return [
        leaf.removeprefix("partner_")
        for leaf in leaves(
            _PARTNER_NAMES.get(figure, figure) if figure in _PARTNER_NAMES else figure
        )
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


def _unknown(what: str, value: str, known: list[str], form: str) -> NoReturn:
    """Refuse an unknown part of a figure's name: ``what`` (``a partner of the case``)
    must be one of ``known`` in ``form``; the closest matches first."""
    import difflib

    near = difflib.get_close_matches(value, known, n=3)
    hint = f"did you mean {' or '.join(repr(n) for n in near)}? " if near else ""
    msg = f"{hint}must be {form} with {what} ({', '.join(known) or 'none'})"
    raise UnknownReferenceError.single(path="figure", message=msg, value=value)


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
