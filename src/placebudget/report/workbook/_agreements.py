"""The Agreements sheet of the live model: for each investment agreement option, its
shares by cost category, the contributions (rounded to whole pennies by largest
remainder: :mod:`._agreement_pennies`), an investor's gain share
(:mod:`._agreement_gain_share`) and each partner's results, all formulas over the Results
sheet."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from placebudget.model.agreements import (
    ByGrossBenefit,
    ByHeadcount,
    ByNetBenefit,
    FixedShares,
    InvestorRecoups,
    PerCategory,
)
from placebudget.report.workbook._agreement_gain_share import gain_share
from placebudget.report.workbook._agreement_pennies import pennies
from placebudget.report.workbook._cells import (
    FACTOR,
    FIRST_YEAR,
    MONEY,
    PENCE,
    RATIO,
    SHARE,
    YEAR,
    Sheet,
    col,
    yc,
)
from placebudget.report.workbook._context import Model, row
from placebudget.report.workbook._formulas import payback, payback_flag, pv

if TYPE_CHECKING:
    from placebudget.model import InvestmentAgreement

#: Per-partner columns of each agreement's results → header.
_SETTLEMENT_COLUMNS: dict[str, str] = {
    "pv_cost_as_modelled": "PV cost as modelled",
    "pv_contribution": "PV contribution",
    "pv_fiscal": "PV fiscal",
    "pv_cashable": "PV cashable",
    "pv_transfer": "PV transfers",
    "net": "Net (fiscal + transfers − contribution)",
    "net_cashable": "Net cashable",
    "pv_baseline_cost": "PV reactive spend as is",
    "roi": "ROI",
    "payback_year": "Payback year",
    "discounted_payback_year": "Discounted payback year",
}


def agreements_sheet(m: Model) -> None:
    """Each agreement option: its shares by cost category, the contributions (rounded to
    whole pennies by largest remainder), an investor's gain share, and each partner's
    results, all formulas over Results."""
    s = m.sheets["Agreements"]
    s.headline("Investment agreements: who pays into the pot and who gains")
    s.header(["Row", "#", "", "", "", "Total", "PV"], years=m.years)
    agreements = dict(m.case.agreements) if m.case is not None else {}
    if not agreements:
        s.note("The case has no agreement options ([agreements] in the case file).")
    else:
        _nets(m, s, list(agreements))
    s.note(
        "The rounding of each contribution to whole pennies is grouped and hidden under "
        "each option: unprotect the sheet (Review › Unprotect sheet; no password) and "
        "expand the group (+) to audit it."
    )
    for k, (option, agreement) in enumerate(agreements.items(), start=1):
        _agreement(m, s, k, option, agreement)
    s.finish(
        {
            1: 46,
            2: 8,
            **dict.fromkeys(range(3, 8), 15),
            **{FIRST_YEAR + t: 13 for t in range(max(m.n, 8))},
        },
        freeze=f"{yc(0)}3",
        pages_tall=max(1, len(agreements)),
    )


def _nets(m: Model, s: Sheet, options: list[str]) -> None:
    """Each partner's net position (PV) as modelled and under each option, with its
    clustered column chart."""
    from openpyxl.chart import BarChart, Reference

    s.heading(
        "Each partner's net position under each option (PV: fiscal benefit plus "
        "transfers received, less contribution)"
    )
    header = s.header(["Partner", "As modelled", *options])
    first = s.row
    summary = m.rows["summary.partners.first"]
    for p in range(len(m.partners)):
        r = s.row
        s.text(r, 1, m.partner_names[p])
        s.put(r, 2, f"=Summary!$F${summary + p}", MONEY)
        for k in range(1, len(options) + 1):
            s.put(r, 2 + k, f"=$G${row(f'agreement{k}.result.{p}')}", MONEY)
        s.row += 1
    m.name("agreement_nets", s.span(first, s.row - 1, 2, 2 + len(options)))
    chart = BarChart()
    chart.type, chart.grouping = "col", "clustered"
    chart.title = "Each partner's net position under each option (PV)"
    chart.y_axis.numFmt = '"£"#,##0'
    chart.y_axis.title = "£"
    chart.add_data(
        Reference(s.ws, min_col=2, max_col=2 + len(options), min_row=header, max_row=s.row - 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(s.ws, min_col=1, min_row=first, max_row=s.row - 1))
    chart.height, chart.width = 7.5, 18
    _axes_visible(chart)
    s.ws.add_chart(chart, f"A{s.row + 1}")
    s.row += 17


def _axes_visible(chart: Any) -> None:
    """Both axes drawn (openpyxl hides them unless told)."""
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def rule_words(m: Model, rule: object) -> str:
    """A rule in words a finance reader knows (never a class name): a share rule's own
    title, the investor and the categories' rule in words."""
    if isinstance(rule, InvestorRecoups):
        name = m.names.name("partner", rule.investor)
        return (
            f"Investor recoups first: {name} pays, and is repaid from the other "
            "partners' cashable savings before they are shared"
        )
    if isinstance(rule, PerCategory):
        return "A rule for each cost category"
    return str(getattr(rule, "title", "Shared by a rule of the case"))


def _rule_weight(m: Model, rule: object, partner: int, path: str) -> tuple[Any, bool, bool]:
    """A share rule's weight of one partner (a formula, or an input value), whether it is
    an input, and whether shares are the weights as they are (not their proportions)."""
    name = m.partners[partner]
    if isinstance(rule, FixedShares):
        return float(rule.shares.get(name, 0.0)), True, True
    if isinstance(rule, ByHeadcount):
        return float(rule.fte.get(name, 0.0)), True, False
    if isinstance(rule, ByGrossBenefit):
        return f"=MAX(Results!$G${row(f'{rule.basis}.{partner}')},0)", False, False
    if isinstance(rule, ByNetBenefit):
        return (
            f"=MAX(Results!$G${row(f'fiscal.{partner}')}-Results!$G${row(f'cost.{partner}')},0)",
            False,
            False,
        )
    if isinstance(rule, InvestorRecoups):
        return (1.0 if name == rule.investor else 0.0), False, True
    msg = f"{path}: {type(rule).__name__} is not a share rule the workbook can write"
    raise TypeError(msg)


def _agreement(m: Model, s: Sheet, k: int, option: str, agreement: InvestmentAgreement) -> None:
    n, partners, categories = m.n, m.partners, m.categories
    rule = agreement.rule
    last_year = yc(n - 1)
    s.heading(
        f"Option {k}: {option}" + (f" — {agreement.description}" if agreement.description else "")
    )
    s.note(f"Rule: {rule_words(m, rule)}")
    settings: dict[str, int] = {}
    if isinstance(rule, InvestorRecoups):
        s.header(["Setting", "Value"])
        settings = {
            "return": s.setting(
                "Return the investor recoups first (on what it funded)", rule.return_rate, SHARE
            ),
            "share": s.setting(
                "Investor's share of the savings after repayment", rule.investor_share, SHARE
            ),
            "cap": s.setting(
                'Most the investor receives in all (£; "none" for no cap)',
                "none" if rule.cap is None else rule.cap,
                MONEY,
            ),
        }
        s.entries[(settings["return"], 2)] = "non_negative"
        s.entries[(settings["share"], 2)] = "share"
        for key, r in settings.items():  # read back by the hidden sheet (_marker)
            m.rows[f"agreement{k}.setting.{key}"] = r
        s.text(s.row, 1, f"Investor: {m.names.name('partner', rule.investor)}")
        s.row += 1
    rules = rule.rules if isinstance(rule, PerCategory) else dict.fromkeys(categories, rule)
    s.header(["Weights by cost category", "#", *m.partner_names])
    weight_rows: list[int] = []
    as_given: list[bool] = []
    for c, category in enumerate(categories):
        r = s.row
        s.text(r, 1, f"{category}: {rule_words(m, rules[category])}")
        s.put(r, 2, c + 1)
        given = True
        for p in range(len(partners)):
            weight, entry, given = _rule_weight(
                m, rules[category], p, f"agreements[{option!r}].rule"
            )
            s.put(
                r,
                3 + p,
                weight,
                FACTOR if entry or given else MONEY,
                entry=entry,
                rule=("share" if given else "non_negative") if entry else None,
            )
        m.rows[f"agreement{k}.weight.{c}"] = r
        weight_rows.append(r)
        as_given.append(given)
        s.row += 1
    s.header(["Shares by cost category", "#", *m.partner_names])
    share_rows: list[int] = []
    end = col(2 + len(partners))
    for c, category in enumerate(categories):
        r = s.row
        s.text(r, 1, category)
        s.put(r, 2, c + 1)
        w = weight_rows[c]
        for p in range(len(partners)):
            x = f"{col(3 + p)}{w}"
            s.put(r, 3 + p, f"={x}" if as_given[c] else f"={x}/SUM($C{w}:${end}{w})", SHARE)
        share_rows.append(r)
        s.row += 1
    if share_rows:
        m.name(f"agreement{k}_share", s.span(share_rows[0], share_rows[-1], 3, 2 + len(partners)))

    def block(
        title: str,
        formula: Callable[[int, int, int], Any],
        *,
        number_format: str = MONEY,
        rank: bool = False,
        total: bool = False,
    ) -> list[int]:
        s.header(
            [
                title,
                "#",
                "Rank by id" if rank else "",
                "",
                "",
                "Total" if total else "",
                "PV" if total else "",
            ],
            years=m.years,
        )
        rows = []
        order = np.argsort(np.argsort(np.array(partners, dtype=object)))
        for p in range(len(partners)):
            r = s.row
            s.text(r, 1, m.partner_names[p])
            s.put(r, 2, p + 1)
            if rank:
                s.put(r, 3, int(order[p]) + 1)
            if total:
                s.put(r, 6, f"=SUM({s.years_of(r)})", number_format)
                s.put(r, 7, pv(s, r), number_format)
            for t in range(n):
                s.put(r, FIRST_YEAR + t, formula(p, t, r), number_format)
            rows.append(r)
            s.row += 1
        return rows

    def column(rows: list[int], t: int) -> str:
        return f"{yc(t)}${rows[0]}:{yc(t)}${rows[-1]}"

    def shares_of(p: int) -> str:
        letter = col(3 + p)
        return f"${letter}${share_rows[0]}:${letter}${share_rows[-1]}"

    def categories_in(t: int) -> str:
        return f"Results!{yc(t)}${row('category.first')}:{yc(t)}${row('category.last')}"

    exact = block(
        "Exact contribution: Σ category shares × cost of the category",
        lambda p, t, r: f"=SUMPRODUCT({shares_of(p)},{categories_in(t)})" if share_rows else 0,
    )
    penny_rows = s.row
    rounded = pennies(m, s, exact, block, column)
    s.group(penny_rows, s.row - 1)
    contribution = block(
        "Contribution (whole pennies: each year's total cost to the penny, each partner's "
        "total its exact share rounded once)",
        lambda p, t, r: f"=({yc(t)}{rounded[1][p]}+{yc(t)}{rounded[0][p]})/100",
        number_format=PENCE,
        total=True,
    )
    m.name(
        f"agreement{k}_contribution", s.span(contribution[0], contribution[-1], yc(0), last_year)
    )
    if isinstance(rule, InvestorRecoups):
        transfer = gain_share(m, s, rule, settings, contribution, block, column)
    else:
        transfer = block(
            "Transfers (none under this rule)", lambda p, t, r: 0, number_format=PENCE, total=True
        )
    m.name(f"agreement{k}_transfer", s.span(transfer[0], transfer[-1], yc(0), last_year))

    def flags(discounted: bool) -> Callable[[int, int, int], str]:
        def formula(p: int, t: int, r: int) -> str:
            y, h = yc(t), yc(0)
            return payback_flag(
                [
                    f"Results!${h}${row(f'fiscal.{p}')}:{y}${row(f'fiscal.{p}')}",
                    f"${h}${transfer[p]}:{y}${transfer[p]}",
                ],
                f"${h}${contribution[p]}:{y}${contribution[p]}",
                f"Results!${h}${row('discount')}:{y}${row('discount')}" if discounted else None,
            )

        return formula

    flag_rows = s.row
    paid_back = block(
        "Payback: fiscal + transfers reach the contribution", flags(False), number_format="0"
    )
    discounted = block("Discounted payback", flags(True), number_format="0")
    s.group(flag_rows, s.row - 1)  # the payback tests, for audit
    s.header(["Results (PV)", *_SETTLEMENT_COLUMNS.values()])
    first = s.row
    for p in range(len(partners)):
        r = m.rows[f"agreement{k}.result.{p}"] = s.row
        s.text(r, 1, m.partner_names[p])
        cells = {
            "pv_cost_as_modelled": f"=Results!$G${row(f'cost.{p}')}",
            "pv_contribution": f"=$G${contribution[p]}",
            "pv_fiscal": f"=Results!$G${row(f'fiscal.{p}')}",
            "pv_cashable": f"=Results!$G${row(f'cashable.{p}')}",
            "pv_transfer": f"=$G${transfer[p]}",
            "net": f"=D{r}+F{r}-C{r}",
            "net_cashable": f"=E{r}+F{r}-C{r}",
            "pv_baseline_cost": f"=Results!$G${row(f'baseline.{p}')}",
            "roi": f'=IF(C{r}>0,(D{r}+F{r})/C{r},"n/a")',
            "payback_year": payback(
                f"${yc(0)}${paid_back[p]}:${last_year}${paid_back[p]}", "fin_years"
            ),
            "discounted_payback_year": payback(
                f"${yc(0)}${discounted[p]}:${last_year}${discounted[p]}", "fin_years"
            ),
        }
        for c, (key, value) in enumerate(cells.items()):
            number_format = (
                YEAR if key.endswith("payback_year") else RATIO if key == "roi" else MONEY
            )
            s.put(r, 2 + c, value, number_format)
        s.row += 1
    for c, key in enumerate(_SETTLEMENT_COLUMNS):
        m.name(f"agreement{k}_{key}", s.span(first, s.row - 1, 2 + c, 2 + c))
    s.header(
        [
            "Money flows: PV fiscal benefit of each beneficiary (columns) bought with each "
            "partner's contribution (rows)",
            "",
            *m.partner_names,
        ]
    )
    flow_first = s.row
    contributions = f"$C${first}:$C${first + len(partners) - 1}"
    for i in range(len(partners)):
        r = s.row
        s.text(r, 1, m.partner_names[i])
        for b in range(len(partners)):
            s.put(
                r,
                3 + b,
                f"=IF(SUM({contributions})>0,$C${first + i}/SUM({contributions})"
                f'*$D${first + b},"n/a")',
                MONEY,
            )
        s.row += 1
    m.name(f"agreement{k}_flow", s.span(flow_first, s.row - 1, 3, 2 + len(partners)))
