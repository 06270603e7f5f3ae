"""The Inputs sheet of the live model: every input cell, named, blue on yellow, checked
by data validation from the model's own rules; money as published, with its price year,
the GDP deflator series and the price base (the Prices sheet uprates).

Its rows are keyed ``inputs.…`` in :attr:`~placebudget.report.workbook._context.Model.rows`
(``inputs.years``, ``inputs.rate``, ``inputs.price_base``, ``inputs.partner.{p}``,
``inputs.intervention.{i}``, ``inputs.effect.{e}``, ``inputs.{block}.{e}`` for the
fiscal value, its price year (``fiscal_price_year``), cashable share, transfer share and
social index blocks, ``inputs.line.{l}``, ``inputs.risk.{k}``, ``inputs.pair.{q}``,
``inputs.reinvest.{share,cap,into}``, ``inputs.metb`` and ``inputs.deflator.{year}``).
The sheet holds no formula: the value sheets' "out of date" check compares it whole
with a copy of it as written.
"""

from __future__ import annotations

import math

import numpy as np

from placebudget.engine import dims as D
from placebudget.model import financial_year_label
from placebudget.report.workbook._cells import (
    COUNT,
    FACTOR,
    FIRST_YEAR,
    MONEY,
    PENCE,
    SHARE,
    YEAR,
    yc,
)
from placebudget.report.workbook._context import Model, health_rates, one_based, required

#: The effect columns of the Inputs sheet, from E: input → (number format, validation
#: rule); the economic and social values as published (their price years in Q and R).
EFFECT_FIELDS: tuple[tuple[str, str, str], ...] = (
    (D.BASELINE, "0.0000", "non_negative"),
    (D.IMPACT, SHARE, "share"),
    (D.DEADWEIGHT, SHARE, "share"),
    (D.DISPLACEMENT, SHARE, "share"),
    (D.ATTRIBUTION, SHARE, "share"),
    (D.BENEFIT_OPTIMISM_BIAS, SHARE, "share"),
    (D.DROP_OFF, SHARE, "share"),
    (D.LAG, "0", "whole"),
    (D.DURATION, "0", "positive_whole"),
    (D.ECONOMIC_VALUE, PENCE, "number"),
    (D.SOCIAL_VALUE, PENCE, "number"),
)


#: The Inputs sheet's column of each effect's direction, written when an effect
#: increases its outcome (a dis-benefit): part of the effect as the case states it, not
#: an input cell.
DIRECTION_COLUMN = 19

#: What the direction column holds.
DIRECTION_TEXT = "1 reduces the outcome, −1 increases it"


def year_rule(m: Model) -> str:
    """The validation rule of a price year: a year of the deflator series."""
    years = list(m.published.deflators)
    return f"year:{min(years)}:{max(years)}"


def inputs_sheet(m: Model) -> None:
    """Every input cell, named; each block's rows keyed in ``m.rows``."""
    s, inputs, n = m.sheets["Inputs"], m.inputs, m.n
    s.headline("Inputs: change the blue cells on yellow; every other sheet follows")
    s.header(["Input", "#"], years=m.years)
    m.rows["inputs.years"] = s.row
    s.text(s.row, 1, "Financial year (first calendar year)")
    for t, year in enumerate(m.years):
        s.put(s.row, FIRST_YEAR + t, year, YEAR)
    m.name("fin_years", s.years_of(s.row))
    s.row += 1
    m.rows["inputs.rate"] = s.row
    s.text(s.row, 1, "Discount rate applying in the year (year 0 is not discounted)")
    for t, rate in enumerate(m.rates()):
        s.put(s.row, FIRST_YEAR + t, rate, "0.00%", entry=t > 0, rule="non_negative")
    m.name("discount_rate", s.years_of(s.row))
    s.row += 1
    health = health_rates(m)
    if health is not None:
        m.rows["inputs.health_rate"] = s.row
        s.text(s.row, 1, "Health discount rate: health values (QALYs), Green Book 1.5 %")
        for t, rate in enumerate(health):
            s.put(s.row, FIRST_YEAR + t, rate, "0.00%")
        m.name("health_discount_rate", s.years_of(s.row))
        s.row += 1

    s.heading("Prices")
    s.header(["Setting", "Value"])
    r = m.rows["inputs.price_base"] = s.setting(
        "Price base: every figure in this year's prices (2013 = 2013/14)", m.result.price_base, YEAR
    )
    s.entries[(r, 2)] = year_rule(m)
    m.name("price_base", s.ref(r, 2))
    if m.metb is not None:
        r = m.rows["inputs.metb"] = s.setting(
            "Marginal excess tax burden (a sensitivity on value for money only)", m.metb, SHARE
        )
        s.entries[(r, 2)] = "non_negative"
        m.name("metb_rate", s.ref(r, 2))

    s.heading("Partners")
    s.header(["Partner", "#", "Kind", "Savings reinvested (1 = yes)", "Id (key)"])
    first = s.row
    reinvest_from = (
        np.asarray(inputs[D.REINVEST_FROM].to_numpy()) if m.reinvests else np.zeros(len(m.partners))
    )
    for p, partner in enumerate(m.partners):
        m.rows[f"inputs.partner.{p}"] = s.row
        s.text(s.row, 1, m.partner_names[p])
        s.put(s.row, 2, p + 1)
        s.text(s.row, 3, m.words(m.kinds[p]))
        s.put(s.row, 4, float(reinvest_from[p]), "0", entry=m.reinvests, rule="flag")
        s.small(s.row, 5, partner)
        s.row += 1
    m.name("partner_key", s.span(first, s.row - 1, 2, 2))
    m.name("partner_reinvested", s.span(first, s.row - 1, 4, 4))

    s.heading("Interventions: cohort intake by year")
    s.header(
        ["Intervention", "#", "Engagement", "Distributional weight", "Id (key)"], years=m.years
    )
    first = s.row
    weights = (
        np.asarray(inputs[D.DISTRIBUTIONAL_WEIGHT].to_numpy())
        if D.DISTRIBUTIONAL_WEIGHT in inputs
        else np.ones(len(m.interventions))
    )
    for i, intervention in enumerate(m.interventions):
        m.rows[f"inputs.intervention.{i}"] = s.row
        s.text(s.row, 1, m.intervention_names[i])
        s.put(s.row, 2, i + 1)
        s.put(s.row, 3, m.value(D.ENGAGEMENT, i), SHARE, entry=True, rule="share")
        s.put(s.row, 4, float(weights[i]), FACTOR, entry=True, rule="non_negative")
        s.small(s.row, 5, intervention)
        for t in range(n):
            s.put(
                s.row,
                FIRST_YEAR + t,
                m.value(D.INTAKE, i, t),
                COUNT,
                entry=True,
                rule="non_negative",
            )
        s.row += 1
    last = s.row - 1
    m.name("engagement", s.span(first, last, 3, 3))
    m.name("distributional_weight", s.span(first, last, 4, 4))
    m.name("intake", s.span(first, last, yc(0), yc(n - 1)))

    _effects(m)
    _lines(m)
    if m.risks:
        _risks(m)
    if m.pairs:
        _pairs(m)
    if m.reinvests:
        _reinvestment(m)
    _deflators(m)
    s.finish(
        {
            1: 46,
            2: 6,
            3: 14,
            4: 14,
            5: 14,
            6: 12,
            7: 12,
            **{FIRST_YEAR + t: 13 for t in range(max(n, 11))},
        },
        freeze="B3",
        title_rows="1:2",
    )


def _deflators(m: Model) -> None:
    """The GDP deflator series: an index by financial year, which uprates every value
    from its price year to the price base."""
    s = m.sheets["Inputs"]
    s.heading(
        "GDP deflator: index by financial year (uprating = index of the price base ÷ "
        "index of the price year)"
    )
    s.header(["Financial year", "Year", "Index"])
    first = s.row
    for year, index in m.published.deflators.items():
        m.rows[f"inputs.deflator.{year}"] = s.row
        s.text(s.row, 1, financial_year_label(year))
        s.put(s.row, 2, year, YEAR)
        s.put(s.row, 3, index, "0.000000", entry=True, rule="factor")
        s.row += 1
    m.name("deflator_year", s.span(first, s.row - 1, 2, 2))
    m.name("deflator_index", s.span(first, s.row - 1, 3, 3))
    if m.published.social_calendar.any():
        _calendar_deflators(m)


def _calendar_deflators(m: Model) -> None:
    """The calendar-year GDP deflator series the Green Book (gb:) values are uprated with
    (the price base taken as calendar year; reference data, not an input)."""
    s = m.sheets["Inputs"]
    s.heading(
        "GDP deflator by calendar year, for the Green Book (gb:) values priced in calendar "
        "years (uprating = index of the price base's first calendar year ÷ index of the "
        "price year)"
    )
    s.header(["Calendar year", "Year", "Index"])
    first = s.row
    for year, index in m.published.calendar.items():
        s.text(s.row, 1, str(year))
        s.put(s.row, 2, year, YEAR)
        s.put(s.row, 3, index, "0.000000")
        s.row += 1
    m.name("calendar_year", s.span(first, s.row - 1, 2, 2))
    m.name("calendar_index", s.span(first, s.row - 1, 3, 3))


def _effects(m: Model) -> None:
    """Each effect's inputs, its values by partner and its social value index."""
    s, inputs, n = m.sheets["Inputs"], m.inputs, m.n
    s.heading("Effects (values per outcome unit in £ at the price base)")
    columns = [
        "Effect",
        "#",
        "Intervention #",
        "Outcome",
        "Baseline per member a year",
        "Impact",
        "Deadweight",
        "Displacement",
        "Attribution",
        "Optimism bias",
        "Drop-off a year",
        "Lag (years)",
        "Duration (years)",
        "Economic value (£ as published)",
        "Social value (£ as published)",
        "Interaction adjustment (factor)",
        "Price year of the economic value",
        "Price year of the social value",
    ]
    increases = D.EFFECT_DIRECTION in inputs
    if increases:  # a column of its own only when an effect increases its outcome
        columns.append(f"Direction ({DIRECTION_TEXT})")
    s.header(columns)
    first = s.row
    adjustment = (
        np.asarray(inputs[D.EFFECT_ADJUSTMENT].to_numpy())
        if D.EFFECT_ADJUSTMENT in inputs
        else np.ones(len(m.effects))
    )
    published, years = m.published, year_rule(m)
    for e, effect in enumerate(m.effects):
        m.rows[f"inputs.effect.{e}"] = s.row
        s.text(s.row, 1, m.effect_names[e])
        s.put(s.row, 2, e + 1)
        s.put(s.row, 3, one_based(m.effect_intervention[e]))
        s.text(s.row, 4, m.outcome_names[required(m.effect_outcome[e], effect)])
        for k, (field, number_format, rule) in enumerate(EFFECT_FIELDS):
            value = (
                float(published.economic[e])
                if field == D.ECONOMIC_VALUE
                else float(published.social[e])
                if field == D.SOCIAL_VALUE
                else m.value(field, e)
            )
            s.put(s.row, 5 + k, value, number_format, entry=True, rule=rule)
        s.put(s.row, 16, float(adjustment[e]), FACTOR, entry=True, rule="non_negative")
        s.put(s.row, 17, int(published.economic_year[e]), YEAR, entry=True, rule=years)
        s.put(s.row, 18, int(published.social_year[e]), YEAR, entry=True, rule=years)
        if increases:
            s.put(s.row, DIRECTION_COLUMN, m.value(D.EFFECT_DIRECTION, e), "0")
        s.row += 1
    last = s.row - 1
    for k, (field, _, _) in enumerate(EFFECT_FIELDS):
        m.name(f"effect_{field}", s.span(first, last, 5 + k, 5 + k))
    m.name("effect_adjustment", s.span(first, last, 16, 16))
    m.name("economic_price_year", s.span(first, last, 17, 17))
    m.name("social_price_year", s.span(first, last, 18, 18))

    blocks: tuple[tuple[str, str, str, str, np.ndarray], ...] = (
        (
            D.FISCAL_VALUE,
            "Fiscal value per outcome unit by partner (£ as published)",
            PENCE,
            "number",
            published.fiscal,
        ),
        (
            "fiscal_price_year",
            "Price year of each fiscal value",
            YEAR,
            years,
            published.fiscal_year,
        ),
        (
            D.CASHABLE_SHARE,
            "Cashable share of each fiscal value",
            SHARE,
            "share",
            m.value_array(D.CASHABLE_SHARE),
        ),
        (
            D.TRANSFER_SHARE,
            "Transfer payment share of each fiscal value",
            SHARE,
            "share",
            m.value_array(D.TRANSFER_SHARE),
        ),
    )
    for block, title, number_format, rule, values in blocks:
        s.heading(title)
        s.header(["Effect", "#", *m.partner_names])
        first = s.row
        for e in range(len(m.effects)):
            m.rows[f"inputs.{block}.{e}"] = s.row
            s.text(s.row, 1, m.effect_names[e])
            s.put(s.row, 2, e + 1)
            for p in range(len(m.partners)):
                value = values[e, p]
                s.put(
                    s.row,
                    3 + p,
                    int(value) if number_format == YEAR else float(value),
                    number_format,
                    entry=True,
                    rule=rule,
                )
            s.row += 1
        if m.partners:
            m.name(block, s.span(first, s.row - 1, 3, 2 + len(m.partners)))

    if D.SOCIAL_INDEX in inputs:
        s.heading("Social value index by year (a factor on each social value)")
        s.header(["Effect", "#"], years=m.years)
        first = s.row
        for e in range(len(m.effects)):
            m.rows[f"inputs.{D.SOCIAL_INDEX}.{e}"] = s.row
            s.text(s.row, 1, m.effect_names[e])
            s.put(s.row, 2, e + 1)
            for t in range(n):
                s.put(
                    s.row,
                    FIRST_YEAR + t,
                    m.value(D.SOCIAL_INDEX, e, t),
                    FACTOR,
                    entry=True,
                    rule="non_negative",
                )
            s.row += 1
        m.name("social_index", s.span(first, s.row - 1, yc(0), yc(n - 1)))


def _lines(m: Model) -> None:
    """The cost categories and the cost lines."""
    s, n = m.sheets["Inputs"], m.n
    s.heading("Cost categories")
    s.header(["Category", "#"])
    for c, category in enumerate(m.categories):
        s.text(s.row, 1, category)
        s.put(s.row, 2, c + 1)
        s.row += 1

    s.heading("Cost lines (£ as published, in the line's price year)")
    s.header(
        [
            "Cost line",
            "#",
            "Intervention #",
            "Partner #",
            "Category #",
            "Per participant",
            "Optimism bias",
        ],
        years=m.years,
        after_years=["Price year", "Intervention", "Partner", "Category"],
    )
    first = s.row
    published, years = m.published, year_rule(m)
    for line, name in enumerate(m.lines):
        m.rows[f"inputs.line.{line}"] = s.row
        serves = m.line_intervention[line]
        payer = required(m.line_partner[line], name)
        category = m.line_categories[line]
        s.text(s.row, 1, m.line_names[line])
        s.put(s.row, 2, line + 1)
        s.put(s.row, 3, one_based(serves))
        s.put(s.row, 4, payer + 1)
        s.put(s.row, 5, m.categories.index(category) + 1)
        s.put(s.row, 6, float(published.per_participant[line]), PENCE, entry=True, rule="number")
        s.put(s.row, 7, m.value(D.COST_OPTIMISM_BIAS, line), SHARE, entry=True, rule="non_negative")
        for t in range(n):
            s.put(
                s.row,
                FIRST_YEAR + t,
                float(published.amount[line, t]),
                MONEY,
                entry=True,
                rule="number",
            )
        s.put(s.row, FIRST_YEAR + n, int(published.line_year[line]), YEAR, entry=True, rule=years)
        s.text(s.row, FIRST_YEAR + n + 1, "" if serves is None else m.intervention_names[serves])
        s.text(s.row, FIRST_YEAR + n + 2, m.partner_names[payer])
        s.text(s.row, FIRST_YEAR + n + 3, category)
        s.row += 1
    if m.lines:
        last = s.row - 1
        m.name("line_per_participant", s.span(first, last, 6, 6))
        m.name("cost_optimism_bias", s.span(first, last, 7, 7))
        m.name("line_amount", s.span(first, last, yc(0), yc(n - 1)))
        m.name("line_price_year", s.span(first, last, FIRST_YEAR + n, FIRST_YEAR + n))


def _risks(m: Model) -> None:
    """The risk register: each risk's bearer, probability and cost if it happens."""
    s, n = m.sheets["Inputs"], m.n
    s.heading("Risk register (cost if it happens, £ as published, in the risk's price year)")
    s.header(
        ["Risk", "#", "Partner #", "Probability"],
        years=m.years,
        after_years=["Price year", "Partner"],
    )
    first = s.row
    published = m.published
    for k, risk in enumerate(m.risks):
        m.rows[f"inputs.risk.{k}"] = s.row
        bearer = required(m.risk_partner[k], risk)
        s.text(s.row, 1, m.risk_names[k])
        s.put(s.row, 2, k + 1)
        s.put(s.row, 3, bearer + 1)
        s.put(s.row, 4, m.value(D.RISK_PROBABILITY, k), SHARE, entry=True, rule="share")
        for t in range(n):
            s.put(
                s.row, FIRST_YEAR + t, float(published.risk[k, t]), MONEY, entry=True, rule="number"
            )
        s.put(
            s.row, FIRST_YEAR + n, int(published.risk_year[k]), YEAR, entry=True, rule=year_rule(m)
        )
        s.text(s.row, FIRST_YEAR + n + 1, m.partner_names[bearer])
        s.row += 1
    m.name("risk_probability", s.span(first, s.row - 1, 4, 4))
    m.name("risk_amount", s.span(first, s.row - 1, yc(0), yc(n - 1)))
    m.name("risk_price_year", s.span(first, s.row - 1, FIRST_YEAR + n, FIRST_YEAR + n))


def _pairs(m: Model) -> None:
    """The interactions: pairs of effects on one outcome and their overlap."""
    s = m.sheets["Inputs"]
    s.heading("Interactions: pairs of effects on one outcome")
    s.header(
        [
            "Pair",
            "#",
            "First effect #",
            "Second effect #",
            "Share of the first's participants also in the second",
        ]
    )
    first = s.row
    for q, (a, b) in enumerate(m.pair_effects()):
        m.rows[f"inputs.pair.{q}"] = s.row
        s.text(s.row, 1, f"{m.effect_names[a]} and {m.effect_names[b]}")
        s.put(s.row, 2, q + 1)
        s.put(s.row, 3, a + 1)
        s.put(s.row, 4, b + 1)
        s.put(s.row, 5, m.value(D.PAIR_OVERLAP, q), SHARE, entry=True, rule="share")
        s.row += 1
    m.name("pair_overlap", s.span(first, s.row - 1, 5, 5))


def _reinvestment(m: Model) -> None:
    """The reinvestment settings: the share, the cap and the intervention bought."""
    s = m.sheets["Inputs"]
    s.heading("Reinvestment of cashable savings")
    into = m.reinvest_into()
    cap = m.value(D.REINVEST_CAP)
    s.header(["Setting", "Value"])
    rows = {
        "share": s.setting(
            "Share of the year's cashable savings reinvested", m.value(D.REINVEST_SHARE), SHARE
        ),
        "cap": s.setting(
            'Most reinvested a year (£; "none" for no cap)',
            "none" if math.isinf(cap) else cap,
            MONEY,
        ),
        "into": s.setting("Intervention # the reinvestment buys", into + 1, "0", entry=False),
    }
    s.entries[(rows["share"], 2)] = "share"
    for key, r in rows.items():
        m.rows[f"inputs.reinvest.{key}"] = r
    m.name("reinvest_share", s.ref(rows["share"], 2))
    m.name("reinvest_cap", s.ref(rows["cap"], 2))
