"""The Agreements sheet of the live model: for each investment agreement option, its
shares by cost category, the contributions (rounded to whole pennies by largest
remainder), an investor's gain share (:func:`_gain_share`) and each partner's results,
all formulas over the Results sheet."""

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
from placebudget.report.workbook._formulas import NO_CAP, payback, payback_flag, pv

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

#: A block of one row per partner: (title, formula of (partner, year, row)) → its rows.
_Block = Callable[..., list[int]]


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
    rounded = _pennies(m, s, exact, block, column)
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
        transfer = _gain_share(m, s, rule, settings, contribution, block, column)
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


#: Below every key: a partner with no fraction of a penny in a year is last in its queue.
_LAST = "-1E+12"


def _pennies(
    m: Model, s: Sheet, exact: list[int], block: _Block, column: Callable[[list[int], int], str]
) -> tuple[list[int], list[int]]:
    """The exact contributions rounded to whole pennies as the engine rounds them
    (:mod:`placebudget.engine` ``_pennies``): each year's total rounded to the penny;
    each partner's total its exact share of the whole rounded once by largest remainder
    (ties by id); each year's pennies over the rounded-down amounts to the partners with
    a fraction that year who need them most — fewest later years to take them in, then
    most pennies still needed, then the largest fraction (to 10⁻⁵ of a penny), then by
    id. Returns the rows of the pennies given (0 or 1) and of the rounded-down amounts.
    (The engine's last resort, moving a penny along a chain of years when this leaves a
    partner short, is not written: the rows of each partner's total show it.)"""
    n, partners = m.n, len(m.partners)
    pennies = block(
        "In pennies", lambda p, t, r: f"={yc(t)}{exact[p]}*100", number_format="#,##0.000"
    )
    floor = block(
        "Whole pennies (rounded down)",
        lambda p, t, r: f"=INT({yc(t)}{pennies[p]})",
        number_format="#,##0",
    )
    fraction = block(
        "Fraction of a penny",
        lambda p, t, r: f"={yc(t)}{pennies[p]}-{yc(t)}{floor[p]}",
        number_format="0.000000",
        rank=True,
    )
    ranks = f"$C${fraction[0]}:$C${fraction[-1]}"
    extra = s.row
    s.text(
        extra, 1, "Pennies over the rounded-down amounts (year's total rounded − Σ whole pennies)"
    )
    for t in range(n):
        s.put(
            extra,
            FIRST_YEAR + t,
            f"=MAX(0,MIN(SUMPRODUCT(({column(fraction, t)}>0)*1),"
            f"ROUND(SUM({column(pennies, t)}),0)-SUM({column(floor, t)})))",
            "0",
        )
    s.row += 1
    whole = s.row
    s.text(whole, 1, "The whole (pennies): Σ of the years' rounded totals")
    s.put(
        whole,
        3,
        f"=SUM(${yc(0)}${floor[0]}:${yc(n - 1)}${floor[-1]})"
        f"+SUM(${yc(0)}${extra}:${yc(n - 1)}${extra})",
        "#,##0",
    )
    s.row += 1
    s.header(
        [
            "Each partner's total (pennies)",
            "#",
            "Exact",
            "Share of the whole",
            "Rounded down",
            "Fraction (to 10⁻⁵)",
            "Place in the queue",
            "Total",
            "Still to give after the rounded-down amounts",
        ]
    )
    totals: list[int] = []
    first = s.row
    last = first + partners - 1
    for p in range(partners):
        r = s.row
        s.text(r, 1, m.partner_names[p])
        s.put(r, 2, p + 1)
        s.put(r, 3, f"=SUM(${yc(0)}{pennies[p]}:${yc(n - 1)}{pennies[p]})", "#,##0.000")
        s.put(
            r,
            4,
            f"=IF($C${whole}=SUM($C${first}:$C${last}),C{r},"
            f"C{r}*$C${whole}/SUM($C${first}:$C${last}))",
            "#,##0.000",
        )
        s.put(r, 5, f"=INT(D{r})", "#,##0")
        s.put(r, 6, f"=ROUND((D{r}-E{r})/1E-05,0)*1E-05", "0.00000")
        s.put(
            r,
            7,
            f"=SUMPRODUCT(($F${first}:$F${last}>F{r})+($F${first}:$F${last}=F{r})*"
            f"({ranks}<$C${fraction[p]}))",
            "0",
        )
        left = f"($C${whole}-SUM($E${first}:$E${last}))"
        s.put(r, 8, f"=E{r}+IF(G{r}<{left},1,0)-IF(G{r}>={partners}+{left},1,0)", "#,##0")
        s.put(r, 9, f"=H{r}-SUM(${yc(0)}{floor[p]}:${yc(n - 1)}{floor[p]})", "#,##0")
        totals.append(r)
        s.row += 1
    later = block(
        "Later years with a fraction of a penny",
        lambda p, t, r: (
            0
            if t == n - 1
            else f"=SUMPRODUCT(({yc(t + 1)}{fraction[p]}:${yc(n - 1)}{fraction[p]}>0)*1)"
        ),
        number_format="0",
    )
    rows: dict[str, list[int]] = {}
    rows["need"] = block(
        "Pennies still needed before the year",
        lambda p, t, r: (
            f"=$I${totals[p]}" if t == 0 else f"={yc(t - 1)}{r}-{yc(t - 1)}{r + 5 * (partners + 1)}"
        ),
        number_format="0",
    )
    rows["urgency"] = block(
        "Urgency: still needed − later years to take them in",
        lambda p, t, r: (
            f"=IF({yc(t)}{fraction[p]}>0,{yc(t)}{rows['need'][p]}-{yc(t)}{later[p]},{_LAST})"
        ),
        number_format="0",
    )
    rows["wanted"] = block(
        "Still needed (of those with a fraction this year)",
        lambda p, t, r: f"=IF({yc(t)}{fraction[p]}>0,{yc(t)}{rows['need'][p]},{_LAST})",
        number_format="0",
    )
    rows["quantised"] = block(
        "Fraction to 10⁻⁵ of a penny",
        lambda p, t, r: f"=ROUND({yc(t)}{fraction[p]}/1E-05,0)*1E-05",
        number_format="0.00000",
    )

    def place(p: int, t: int, r: int) -> str:
        u, w, q = rows["urgency"], rows["wanted"], rows["quantised"]

        def key(block_rows: list[int]) -> tuple[str, str]:
            return column(block_rows, t), f"{yc(t)}{block_rows[p]}"

        (ua, up), (wa, wp), (qa, qp) = key(u), key(w), key(q)
        return (
            f"=SUMPRODUCT(({ua}>{up})+({ua}={up})*(({wa}>{wp})+({wa}={wp})*"
            f"(({qa}>{qp})+({qa}={qp})*({ranks}<$C${fraction[p]}))))"
        )

    position = block(
        "Place in the queue (most urgent, most needed, largest fraction, then by id)",
        place,
        number_format="0",
    )
    given = block(
        "Penny given this year",
        lambda p, t, r: f"=IF({yc(t)}{position[p]}<{yc(t)}${extra},1,0)",
        number_format="0",
    )
    assert given[0] == rows["need"][0] + 5 * (partners + 1)
    return given, floor


def _gain_share(
    m: Model,
    s: Sheet,
    rule: InvestorRecoups,
    settings: dict[str, int],
    contribution: list[int],
    block: _Block,
    column: Callable[[list[int], int], str],
) -> list[int]:
    """The investor-recoups gain share: the other partners' positive cashable savings
    repay the investor (with its return, up to the cap) first, then the investor takes
    its share of the rest (up to the cap); each saver pays in proportion to its
    savings."""
    n = m.n
    investor = m.partners.index(rule.investor)
    rate, share, cap = (
        f"$B${settings['return']}",
        f"$B${settings['share']}",
        f"$B${settings['cap']}",
    )
    capped = f"IF(ISNUMBER({cap}),{cap},{NO_CAP})"
    pool = block(
        "Savings pool: each saver's positive cashable saving",
        lambda p, t, r: 0 if p == investor else f"=MAX(Results!{yc(t)}${row(f'cashable.{p}')},0)",
    )
    rows: dict[str, int] = {}
    labels = {
        "funded": "Funded by the investor (the year's contributions)",
        "target": "Owed to the investor so far (funded × (1 + return), cumulative)",
        "available": "Savings available",
        "received": "Received by the investor before this year",
        "owed": "Still owed (at most the cap)",
        "repay": "Repaid this year",
        "extra": "Investor's share of the rest (within the cap)",
        "got": "Received by the investor this year",
    }
    for key in labels:
        rows[key] = s.row + list(labels).index(key)
    h = yc(0)
    for key, label in labels.items():
        r = rows[key]
        s.text(r, 1, label)
        for t in range(n):
            y, prev = yc(t), yc(t - 1)
            formula: Any = {
                "funded": f"=SUM({column(contribution, t)})",
                "target": f"=(1+{rate})*SUM(${h}{rows['funded']}:{y}{rows['funded']})",
                "available": f"=SUM({column(pool, t)})",
                "received": 0 if t == 0 else f"=SUM(${h}{rows['got']}:{prev}{rows['got']})",
                "owed": f"=MAX(MIN({y}{rows['target']},{capped})-{y}{rows['received']},0)",
                "repay": f"=MIN({y}{rows['available']},{y}{rows['owed']})",
                "extra": f"=MIN({share}*({y}{rows['available']}-{y}{rows['repay']}),"
                f"MAX({capped}-{y}{rows['received']}-{y}{rows['repay']},0))",
                "got": f"={y}{rows['repay']}+{y}{rows['extra']}",
            }[key]
            s.put(r, FIRST_YEAR + t, formula, MONEY)
    s.row += len(labels)
    got, available = rows["got"], rows["available"]
    return block(
        "Transfers: received by the investor, paid by each saver in proportion to its savings",
        lambda p, t, r: (
            f"={yc(t)}${got}"
            if p == investor
            else f"=IF({yc(t)}${available}>0,-{yc(t)}${got}*{yc(t)}{pool[p]}/{yc(t)}${available},0)"
        ),
        number_format=PENCE,
        total=True,
    )
