"""The Prices sheet of the live model: every money input of the Inputs sheet brought
from its price year to the price base, ``published × (deflator of the price base ÷
deflator of its price year)`` — the engine's uprating, in the same order of operations;
a Green Book (``gb:``) social value is priced in a calendar year and uprated with the
calendar-year series (``calendar_index``, the price base taken as its first calendar
year).
Changing the price base (or a price year, or the deflator series) on the Inputs sheet
reprices every figure.

Its rows are keyed ``prices.fiscal.{e}`` (fiscal values by partner from C),
``prices.effect.{e}`` (economic value in C, social value in D), ``prices.line.{l}``
(per participant in F, amounts by year from H) and ``prices.risk.{k}`` (by year).
"""

from __future__ import annotations

from placebudget.report.workbook._cells import FIRST_YEAR, MONEY, PENCE, col, yc
from placebudget.report.workbook._context import Model, row


def _factor(year: str) -> str:
    """The uprating factor of the price year in the cell ``year`` (a parenthesised
    formula fragment)."""
    return f"(price_base_index/INDEX(deflator_index,MATCH({year},deflator_year,0)))"


def _calendar_factor(year: str) -> str:
    """The uprating factor of a Green Book value priced in the calendar year in the cell
    ``year``, by the calendar-year series (the price base taken as its first calendar
    year)."""
    return f"(calendar_base_index/INDEX(calendar_index,MATCH({year},calendar_year,0)))"


def prices_sheet(m: Model) -> None:
    """Every value and cost at the price base (see the module docstring)."""
    s, n = m.sheets["Prices"], m.n
    s.headline(
        "Prices: every value and cost at the price base = as published × deflator "
        "of the price base ÷ deflator of its price year"
    )
    s.header(["Value", "#", "", "", "", "", ""], years=m.years)
    s.heading("The price base")
    r = s.row
    m.rows["prices.base"] = r
    s.text(r, 1, "Price base (Inputs)")
    s.put(r, 2, "=price_base", "0")
    s.put(r, 3, '=TEXT(price_base,"0")&"/"&RIGHT(TEXT(price_base+1,"0"),2)&" prices"')
    s.row += 1
    r = s.row
    s.text(r, 1, "Deflator index of the price base")
    s.put(r, 2, "=INDEX(deflator_index,MATCH(price_base,deflator_year,0))", "0.000000")
    m.name("price_base_index", s.ref(r, 2))
    s.row += 1
    if m.published.social_calendar.any():
        r = s.row
        s.text(r, 1, "Calendar-year deflator index of the price base (Green Book values)")
        s.put(r, 2, "=INDEX(calendar_index,MATCH(price_base,calendar_year,0))", "0.000000")
        m.name("calendar_base_index", s.ref(r, 2))
        s.row += 1

    s.heading("Fiscal value per outcome unit by partner (£ at the price base)")
    s.header(["Effect", "#", *m.partner_names])
    first = s.row
    for e in range(len(m.effects)):
        r = m.rows[f"prices.fiscal.{e}"] = s.row
        s.text(r, 1, m.effect_names[e])
        s.put(r, 2, e + 1)
        for p in range(len(m.partners)):
            c = col(3 + p)
            s.put(
                r,
                3 + p,
                f"=Inputs!${c}${row(f'inputs.fiscal_value.{e}')}*"
                + _factor(f"Inputs!${c}${row(f'inputs.fiscal_price_year.{e}')}"),
                PENCE,
            )
        s.row += 1
    if m.partners and m.effects:
        m.name("fiscal_value_uprated", s.span(first, s.row - 1, 3, 2 + len(m.partners)))

    s.heading("Economic and social value per outcome unit (£ at the price base)")
    s.header(["Effect", "#", "Economic value", "Social value"])
    for e in range(len(m.effects)):
        r = m.rows[f"prices.effect.{e}"] = s.row
        i = row(f"inputs.effect.{e}")
        s.text(r, 1, m.effect_names[e])
        s.put(r, 2, e + 1)
        s.put(r, 3, f"=Inputs!$N${i}*{_factor(f'Inputs!$Q${i}')}", PENCE)
        social = (
            _calendar_factor(f"Inputs!$R${i}")
            if m.published.social_calendar[e]
            else _factor(f"Inputs!$R${i}")
        )
        s.put(r, 4, f"=Inputs!$O${i}*{social}", PENCE)
        s.row += 1

    if m.lines:
        s.heading("Cost lines (£ at the price base)")
        s.header(["Cost line", "#", "", "", "", "Per participant", ""], years=m.years)
        first = s.row
        for line in range(len(m.lines)):
            r = m.rows[f"prices.line.{line}"] = s.row
            i = row(f"inputs.line.{line}")
            factor = _factor(f"Inputs!${yc(n)}${i}")
            s.text(r, 1, m.line_names[line])
            s.put(r, 2, line + 1)
            s.put(r, 6, f"=Inputs!$F${i}*{factor}", PENCE)
            for t in range(n):
                s.put(r, FIRST_YEAR + t, f"=Inputs!{yc(t)}${i}*{factor}", MONEY)
            s.row += 1
        m.name("line_amount_uprated", s.span(first, s.row - 1, yc(0), yc(n - 1)))
    if m.risks:
        s.heading("Risk register: cost if it happens (£ at the price base)")
        s.header(["Risk", "#"], years=m.years)
        for k in range(len(m.risks)):
            r = m.rows[f"prices.risk.{k}"] = s.row
            i = row(f"inputs.risk.{k}")
            factor = _factor(f"Inputs!${yc(n)}${i}")
            s.text(r, 1, m.risk_names[k])
            s.put(r, 2, k + 1)
            for t in range(n):
                s.put(r, FIRST_YEAR + t, f"=Inputs!{yc(t)}${i}*{factor}", MONEY)
            s.row += 1
    s.finish(
        {1: 46, 2: 6, **dict.fromkeys(range(3, 8), 14), **{FIRST_YEAR + t: 13 for t in range(n)}},
        freeze=f"{yc(0)}3",
    )
