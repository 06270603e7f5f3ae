"""Formula fragments the sheets of the live model share: a guarded ratio, the payback
test and year, a financial-year label, a present value and a ``SUMIF`` over key rows."""

from __future__ import annotations

from collections.abc import Sequence

from placebudget.engine.appraisal import PAYBACK_RTOL
from placebudget.report.workbook._cells import Sheet, yc
from placebudget.report.workbook._context import row

#: "No cap" in a MIN: the largest number a spreadsheet holds, near enough.
NO_CAP = "9.99E+307"


def ratio(numerator: str, denominator: str) -> str:
    """``numerator ÷ denominator``, ``"n/a"`` unless the denominator is positive.

    Examples
    --------
    >>> ratio("pv_fiscal", "pv_cost")
    '=IF(pv_cost>0,pv_fiscal/pv_cost,"n/a")'
    """
    return f'=IF({denominator}>0,{numerator}/{denominator},"n/a")'


def payback(flags: str, years: str) -> str:
    """The first of ``years`` whose payback flag (in ``flags``) is 1, else ``"not
    reached"``."""
    return f'=IF(SUM({flags})=0,"not reached",INDEX({years},1,MATCH(1,{flags},0)))'


def payback_flag(benefits: Sequence[str], cost: str, discount: str | None) -> str:
    """1 once the cumulative benefit (the sum of the ``benefits`` ranges from the first
    year, each weighted by the ``discount`` range when given) reaches the cumulative
    ``cost`` with the engine's tolerance, some cost having been spent; else 0."""

    def total(span: str) -> str:
        return f"SUMPRODUCT({span},{discount})" if discount else f"SUM({span})"

    b, c = "+".join(total(span) for span in benefits), total(cost)
    return f"=IF(AND({b}>={c}*(1-{PAYBACK_RTOL:.0E}),{c}>0),1,0)"


def fy_label(cell: str) -> str:
    """A formula showing the financial year in ``cell`` as ``2016/17``."""
    return f'=IF(ISNUMBER({cell}),TEXT({cell},"0")&"/"&RIGHT(TEXT({cell}+1,"0"),2),{cell})'


def pv(s: Sheet, r: int) -> str:
    """The present value of the year cells of row ``r`` of ``s``."""
    return f"=SUMPRODUCT({s.years_of(r)},discount_factor)"


def sumif_rows(sheet: str, key: str, first: str, last: str, t: int, match: str) -> str:
    """``SUMIF`` of year ``t`` over the rows keyed ``first``–``last`` of ``sheet`` whose
    ``key`` column equals ``match``.

    Examples
    --------
    >>> sumif_rows("Costs", "D", "lines.first", "lines.last", 0, "$B9")
    '=SUMIF(Costs!$D$⟨lines.first⟩:$D$⟨lines.last⟩,$B9,Costs!H$⟨lines.first⟩:H$⟨lines.last⟩)'
    """
    y, a, b = yc(t), row(first), row(last)
    return f"=SUMIF({sheet}!${key}${a}:${key}${b},{match},{sheet}!{y}${a}:{y}${b})"
