"""The investor-recoups gain share of an investment agreement option on the Agreements
sheet (:mod:`._agreements`), as formulas: the other partners' cashable savings repay the
investor first, then it takes its share of the rest, and each saver's transfer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from placebudget.model.agreements import InvestorRecoups
from placebudget.report.workbook._cells import FIRST_YEAR, MONEY, PENCE, Sheet, yc
from placebudget.report.workbook._context import Model, row
from placebudget.report.workbook._formulas import NO_CAP

if TYPE_CHECKING:
    from placebudget.report.workbook._context import Block


def gain_share(
    m: Model,
    s: Sheet,
    rule: InvestorRecoups,
    settings: dict[str, int],
    contribution: list[int],
    block: Block,
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
