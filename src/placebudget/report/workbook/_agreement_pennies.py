"""The contributions of an investment agreement option on the Agreements sheet
(:mod:`._agreements`) rounded to whole pennies as the engine rounds them, by largest
remainder, as formulas: the rows grouped and hidden under each option, for audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from placebudget.report.workbook._cells import FIRST_YEAR, Sheet, yc
from placebudget.report.workbook._context import Model

if TYPE_CHECKING:
    from placebudget.report.workbook._context import Block

#: Below every key: a partner with no fraction of a penny in a year is last in its queue.
_LAST = "-1E+12"


def pennies(
    m: Model, s: Sheet, exact: list[int], block: Block, column: Callable[[list[int], int], str]
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
