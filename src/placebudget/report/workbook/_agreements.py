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
    "pv_cost_as_modelled": "PV cost as modelled", "pv_contribution": "PV contribution",
    "pv_fiscal": "PV fiscal", "pv_cashable": "PV cashable", "pv_transfer": "PV transfers",
    "net": "Net (fiscal + transfers − contribution)",
    "net_cashable": "Net cashable", "pv_baseline_cost": "PV reactive spend as is",
    "roi": "ROI", "payback_year": "Payback year",
    "discounted_payback_year": "Discounted payback year"}

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
    for k, (option, agreement) in enumerate(agreements.items(), start=1):
        _agreement(m, s, k, option, agreement)
    s.finish({1: 46, 2: 8, **dict.fromkeys(range(3, 8), 15),
              **{FIRST_YEAR + t: 13 for t in range(max(m.n, 8))}}, freeze=f"{yc(0)}3")


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
        return (f"=MAX(Results!$G${row(f'fiscal.{partner}')}"
                f"-Results!$G${row(f'cost.{partner}')},0)", False, False)
    if isinstance(rule, InvestorRecoups):
        return (1.0 if name == rule.investor else 0.0), False, True
    msg = f"{path}: {type(rule).__name__} is not a share rule the workbook can write"
    raise TypeError(msg)


def _agreement(m: Model, s: Sheet, k: int, option: str, agreement: InvestmentAgreement
               ) -> None:
    n, partners, categories = m.n, m.partners, m.categories
    rule = agreement.rule
    last_year = yc(n - 1)
    s.heading(f"Option {k}: {option}" + (f" — {agreement.description}"
                                         if agreement.description else ""))
    s.note(f"Rule: {type(rule).__name__}")
    settings: dict[str, int] = {}
    if isinstance(rule, InvestorRecoups):
        s.header(["Setting", "Value"])
        settings = {
            "return": s.setting("Return the investor recoups first (on what it funded)",
                                rule.return_rate, SHARE),
            "share": s.setting("Investor's share of the savings after repayment",
                               rule.investor_share, SHARE),
            "cap": s.setting("Most the investor receives in all (£; \"none\" for no cap)",
                             "none" if rule.cap is None else rule.cap, MONEY),
        }
        s.text(s.row, 1, f"Investor: {rule.investor}")
        s.row += 1
    rules = (rule.rules if isinstance(rule, PerCategory) else dict.fromkeys(categories, rule))
    s.header(["Weights by cost category", "#", *partners])
    weight_rows: list[int] = []
    as_given: list[bool] = []
    for c, category in enumerate(categories):
        r = s.row
        s.text(r, 1, f"{category} ({type(rules[category]).__name__})")
        s.put(r, 2, c + 1)
        given = True
        for p in range(len(partners)):
            weight, entry, given = _rule_weight(m, rules[category], p,
                                                f"agreements[{option!r}].rule")
            s.put(r, 3 + p, weight, FACTOR if entry or given else MONEY, entry=entry)
        weight_rows.append(r)
        as_given.append(given)
        s.row += 1
    s.header(["Shares by cost category", "#", *partners])
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

    def block(title: str, formula: Callable[[int, int, int], Any], *, number_format: str = MONEY,
              rank: bool = False, total: bool = False) -> list[int]:
        s.header([title, "#", "Rank by id" if rank else "", "", "", "Total" if total else "",
                  "PV" if total else ""], years=m.years)
        rows = []
        order = np.argsort(np.argsort(np.array(partners, dtype=object)))
        for p, partner in enumerate(partners):
            r = s.row
            s.text(r, 1, partner)
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

    exact = block("Exact contribution: Σ category shares × cost of the category",
                  lambda p, t, r: (f"=SUMPRODUCT({shares_of(p)},{categories_in(t)})"
                                   if share_rows else 0))
    pennies = block("In pennies", lambda p, t, r: f"={yc(t)}{exact[p]}*100",
                    number_format="#,##0.000")
    floor = block("Whole pennies (rounded down)", lambda p, t, r: f"=INT({yc(t)}{pennies[p]})",
                  number_format="#,##0")
    fraction = block("Fraction of a penny", lambda p, t, r: f"={yc(t)}{pennies[p]}-"
                     f"{yc(t)}{floor[p]}", number_format="0.000000", rank=True)
    left = s.row
    s.text(left, 1, "Pennies left to give (total rounded − Σ whole pennies)")
    for t in range(n):
        s.put(left, FIRST_YEAR + t, f"=ROUND(SUM({column(pennies, t)}),0)-"
              f"SUM({column(floor, t)})", "0")
    s.row += 1
    ranks = f"$C${fraction[0]}:$C${fraction[-1]}"
    position = block(
        "Place in the queue (larger fraction first, ties by id)",
        lambda p, t, r: (f"=SUMPRODUCT(({column(fraction, t)}>{yc(t)}{fraction[p]})+"
                         f"({column(fraction, t)}={yc(t)}{fraction[p]})*"
                         f"({ranks}<$C${fraction[p]}))"), number_format="0")
    contribution = block(
        "Contribution (whole pennies; the year's total cost to the penny)",
        lambda p, t, r: (f"=({yc(t)}{floor[p]}+IF({yc(t)}{position[p]}<{yc(t)}${left},1,0)"
                         f"-IF({yc(t)}{position[p]}>={len(partners)}+{yc(t)}${left},1,0))"
                         "/100"), number_format=PENCE, total=True)
    m.name(f"agreement{k}_contribution", s.span(contribution[0], contribution[-1], yc(0),
                                                last_year))
    if isinstance(rule, InvestorRecoups):
        transfer = _gain_share(m, s, rule, settings, contribution, block, column)
    else:
        transfer = block("Transfers (none under this rule)", lambda p, t, r: 0,
                         number_format=PENCE, total=True)
    m.name(f"agreement{k}_transfer", s.span(transfer[0], transfer[-1], yc(0), last_year))

    def flags(discounted: bool) -> Callable[[int, int, int], str]:
        def formula(p: int, t: int, r: int) -> str:
            y, h = yc(t), yc(0)
            return payback_flag(
                [f"Results!${h}${row(f'fiscal.{p}')}:{y}${row(f'fiscal.{p}')}",
                 f"${h}${transfer[p]}:{y}${transfer[p]}"],
                f"${h}${contribution[p]}:{y}${contribution[p]}",
                f"Results!${h}${row('discount')}:{y}${row('discount')}" if discounted
                else None)
        return formula

    paid_back = block("Payback: fiscal + transfers reach the contribution", flags(False),
                      number_format="0")
    discounted = block("Discounted payback", flags(True), number_format="0")
    s.header(["Results (PV)", *_SETTLEMENT_COLUMNS.values()])
    first = s.row
    for p, partner in enumerate(partners):
        r = s.row
        s.text(r, 1, partner)
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
            "payback_year": payback(f"${yc(0)}${paid_back[p]}:${last_year}${paid_back[p]}",
                                    "fin_years"),
            "discounted_payback_year": payback(
                f"${yc(0)}${discounted[p]}:${last_year}${discounted[p]}", "fin_years"),
        }
        for c, (key, value) in enumerate(cells.items()):
            number_format = (YEAR if key.endswith("payback_year") else RATIO if key == "roi"
                             else MONEY)
            s.put(r, 2 + c, value, number_format)
        s.row += 1
    for c, key in enumerate(_SETTLEMENT_COLUMNS):
        m.name(f"agreement{k}_{key}", s.span(first, s.row - 1, 2 + c, 2 + c))
    s.header(["Money flows: PV fiscal benefit of each beneficiary (columns) bought with each "
              "partner's contribution (rows)", "", *partners])
    flow_first = s.row
    contributions = f"$C${first}:$C${first + len(partners) - 1}"
    for i, partner in enumerate(partners):
        r = s.row
        s.text(r, 1, partner)
        for b in range(len(partners)):
            s.put(r, 3 + b, f'=IF(SUM({contributions})>0,$C${first + i}/SUM({contributions})'
                  f'*$D${first + b},"n/a")', MONEY)
        s.row += 1
    m.name(f"agreement{k}_flow", s.span(flow_first, s.row - 1, 3, 2 + len(partners)))


def _gain_share(m: Model, s: Sheet, rule: InvestorRecoups, settings: dict[str, int],
                contribution: list[int], block: _Block,
                column: Callable[[list[int], int], str]) -> list[int]:
    """The investor-recoups gain share: the other partners' positive cashable savings
    repay the investor (with its return, up to the cap) first, then the investor takes
    its share of the rest (up to the cap); each saver pays in proportion to its
    savings."""
    n = m.n
    investor = m.partners.index(rule.investor)
    rate, share, cap = (f"$B${settings['return']}", f"$B${settings['share']}",
                        f"$B${settings['cap']}")
    capped = f"IF(ISNUMBER({cap}),{cap},{NO_CAP})"
    pool = block("Savings pool: each saver's positive cashable saving",
                 lambda p, t, r: 0 if p == investor else
                 f"=MAX(Results!{yc(t)}${row(f'cashable.{p}')},0)")
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
        "Transfers: received by the investor, paid by each saver in proportion to its "
        "savings", lambda p, t, r: (f"={yc(t)}${got}" if p == investor else
                                    f"=IF({yc(t)}${available}>0,-{yc(t)}${got}*"
                                    f"{yc(t)}{pool[p]}/{yc(t)}${available},0)"),
        number_format=PENCE, total=True)
