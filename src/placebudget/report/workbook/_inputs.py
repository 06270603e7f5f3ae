"""The Inputs sheet of the live model: every input cell, named, blue on yellow.

Its rows are keyed ``inputs.…`` in :attr:`~placebudget.report.workbook._context.Model.rows`
(``inputs.years``, ``inputs.rate``, ``inputs.partner.{p}``, ``inputs.intervention.{i}``,
``inputs.effect.{e}``, ``inputs.{block}.{e}`` for the fiscal value, cashable share,
transfer share and social index blocks, ``inputs.line.{l}``, ``inputs.risk.{k}``,
``inputs.pair.{q}`` and ``inputs.reinvest.{share,cap,into}``).
"""

from __future__ import annotations

import math

import numpy as np

from placebudget.engine import dims as D
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
from placebudget.report.workbook._context import Model, one_based, required

#: The effect columns of the Inputs sheet, from E: input → number format.
EFFECT_FIELDS: tuple[tuple[str, str], ...] = (
    (D.BASELINE, "0.0000"), (D.IMPACT, SHARE), (D.DEADWEIGHT, SHARE),
    (D.DISPLACEMENT, SHARE), (D.ATTRIBUTION, SHARE), (D.BENEFIT_OPTIMISM_BIAS, SHARE),
    (D.DROP_OFF, SHARE), (D.LAG, "0"), (D.DURATION, "0"), (D.ECONOMIC_VALUE, PENCE),
    (D.SOCIAL_VALUE, PENCE))


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
        s.put(s.row, FIRST_YEAR + t, rate, "0.00%", entry=t > 0)
    m.name("discount_rate", s.years_of(s.row))
    s.row += 1

    s.heading("Partners")
    s.header(["Partner", "#", "Kind", "Savings reinvested (1 = yes)"])
    first = s.row
    reinvest_from = (np.asarray(inputs[D.REINVEST_FROM].to_numpy()) if m.reinvests
                     else np.zeros(len(m.partners)))
    for p, partner in enumerate(m.partners):
        m.rows[f"inputs.partner.{p}"] = s.row
        s.text(s.row, 1, partner)
        s.put(s.row, 2, p + 1)
        s.text(s.row, 3, m.kinds[p])
        s.put(s.row, 4, float(reinvest_from[p]), "0", entry=m.reinvests)
        s.row += 1
    m.name("partner_key", s.span(first, s.row - 1, 2, 2))
    m.name("partner_reinvested", s.span(first, s.row - 1, 4, 4))

    s.heading("Interventions: cohort intake by year")
    s.header(["Intervention", "#", "Engagement", "Distributional weight"], years=m.years)
    first = s.row
    weights = (np.asarray(inputs[D.DISTRIBUTIONAL_WEIGHT].to_numpy())
               if D.DISTRIBUTIONAL_WEIGHT in inputs else np.ones(len(m.interventions)))
    for i, intervention in enumerate(m.interventions):
        m.rows[f"inputs.intervention.{i}"] = s.row
        s.text(s.row, 1, intervention)
        s.put(s.row, 2, i + 1)
        s.put(s.row, 3, m.value(D.ENGAGEMENT, i), SHARE, entry=True)
        s.put(s.row, 4, float(weights[i]), FACTOR, entry=True)
        for t in range(n):
            s.put(s.row, FIRST_YEAR + t, m.value(D.INTAKE, i, t), COUNT, entry=True)
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
    s.finish({1: 46, 2: 6, 3: 14, 4: 14, 5: 14, 6: 12, 7: 12,
              **{FIRST_YEAR + t: 13 for t in range(max(n, 9))}}, freeze="B3")


def _effects(m: Model) -> None:
    """Each effect's inputs, its values by partner and its social value index."""
    s, inputs, n = m.sheets["Inputs"], m.inputs, m.n
    s.heading("Effects (values per outcome unit in £ at the price base)")
    columns = ["Effect", "#", "Intervention #", "Outcome", "Baseline per member a year",
               "Impact", "Deadweight", "Displacement", "Attribution", "Optimism bias",
               "Drop-off a year", "Lag (years)", "Duration (years)", "Economic value",
               "Social value", "Interaction adjustment (factor)"]
    s.header(columns)
    first = s.row
    adjustment = (np.asarray(inputs[D.EFFECT_ADJUSTMENT].to_numpy())
                  if D.EFFECT_ADJUSTMENT in inputs else np.ones(len(m.effects)))
    for e, effect in enumerate(m.effects):
        m.rows[f"inputs.effect.{e}"] = s.row
        s.text(s.row, 1, effect)
        s.put(s.row, 2, e + 1)
        s.put(s.row, 3, one_based(m.effect_intervention[e]))
        s.text(s.row, 4, m.outcomes[required(m.effect_outcome[e], effect)])
        for k, (field, number_format) in enumerate(EFFECT_FIELDS):
            s.put(s.row, 5 + k, m.value(field, e), number_format, entry=True)
        s.put(s.row, 16, float(adjustment[e]), FACTOR, entry=True)
        s.row += 1
    last = s.row - 1
    for k, (field, _) in enumerate(EFFECT_FIELDS):
        m.name(f"effect_{field}", s.span(first, last, 5 + k, 5 + k))
    m.name("effect_adjustment", s.span(first, last, 16, 16))

    for block, title, number_format in (
            (D.FISCAL_VALUE, "Fiscal value per outcome unit by partner (£ at the price base)",
             PENCE),
            (D.CASHABLE_SHARE, "Cashable share of each fiscal value", SHARE),
            (D.TRANSFER_SHARE, "Transfer payment share of each fiscal value", SHARE)):
        s.heading(title)
        s.header(["Effect", "#", *m.partners])
        first = s.row
        for e, effect in enumerate(m.effects):
            m.rows[f"inputs.{block}.{e}"] = s.row
            s.text(s.row, 1, effect)
            s.put(s.row, 2, e + 1)
            for p in range(len(m.partners)):
                s.put(s.row, 3 + p, m.value(block, e, p), number_format, entry=True)
            s.row += 1
        if m.partners:
            m.name(block, s.span(first, s.row - 1, 3, 2 + len(m.partners)))

    if D.SOCIAL_INDEX in inputs:
        s.heading("Social value index by year (a factor on each social value)")
        s.header(["Effect", "#"], years=m.years)
        first = s.row
        for e, effect in enumerate(m.effects):
            m.rows[f"inputs.{D.SOCIAL_INDEX}.{e}"] = s.row
            s.text(s.row, 1, effect)
            s.put(s.row, 2, e + 1)
            for t in range(n):
                s.put(s.row, FIRST_YEAR + t, m.value(D.SOCIAL_INDEX, e, t), FACTOR,
                      entry=True)
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

    s.heading("Cost lines (£ at the price base)")
    s.header(["Cost line", "#", "Intervention #", "Partner #", "Category #",
              "Per participant", "Optimism bias"], years=m.years,
             after_years=["Intervention", "Partner", "Category"])
    first = s.row
    for line, name in enumerate(m.lines):
        m.rows[f"inputs.line.{line}"] = s.row
        serves = m.line_intervention[line]
        payer = required(m.line_partner[line], name)
        category = m.line_categories[line]
        s.text(s.row, 1, name)
        s.put(s.row, 2, line + 1)
        s.put(s.row, 3, one_based(serves))
        s.put(s.row, 4, payer + 1)
        s.put(s.row, 5, m.categories.index(category) + 1)
        s.put(s.row, 6, m.value(D.LINE_PER_PARTICIPANT, line), PENCE, entry=True)
        s.put(s.row, 7, m.value(D.COST_OPTIMISM_BIAS, line), SHARE, entry=True)
        for t in range(n):
            s.put(s.row, FIRST_YEAR + t, m.value(D.LINE_AMOUNT, line, t), MONEY, entry=True)
        s.text(s.row, FIRST_YEAR + n, "" if serves is None else m.interventions[serves])
        s.text(s.row, FIRST_YEAR + n + 1, m.partners[payer])
        s.text(s.row, FIRST_YEAR + n + 2, category)
        s.row += 1
    if m.lines:
        last = s.row - 1
        m.name("line_per_participant", s.span(first, last, 6, 6))
        m.name("cost_optimism_bias", s.span(first, last, 7, 7))
        m.name("line_amount", s.span(first, last, yc(0), yc(n - 1)))


def _risks(m: Model) -> None:
    """The risk register: each risk's bearer, probability and cost if it happens."""
    s, n = m.sheets["Inputs"], m.n
    s.heading("Risk register (cost if it happens, £ at the price base)")
    s.header(["Risk", "#", "Partner #", "Probability"], years=m.years,
             after_years=["Partner"])
    first = s.row
    for k, risk in enumerate(m.risks):
        m.rows[f"inputs.risk.{k}"] = s.row
        bearer = required(m.risk_partner[k], risk)
        s.text(s.row, 1, risk)
        s.put(s.row, 2, k + 1)
        s.put(s.row, 3, bearer + 1)
        s.put(s.row, 4, m.value(D.RISK_PROBABILITY, k), SHARE, entry=True)
        for t in range(n):
            s.put(s.row, FIRST_YEAR + t, m.value(D.RISK_AMOUNT, k, t), MONEY, entry=True)
        s.text(s.row, FIRST_YEAR + n, m.partners[bearer])
        s.row += 1
    m.name("risk_probability", s.span(first, s.row - 1, 4, 4))
    m.name("risk_amount", s.span(first, s.row - 1, yc(0), yc(n - 1)))


def _pairs(m: Model) -> None:
    """The interactions: pairs of effects on one outcome and their overlap."""
    s = m.sheets["Inputs"]
    s.heading("Interactions: pairs of effects on one outcome")
    s.header(["Pair", "#", "First effect #", "Second effect #",
              "Share of the first's participants also in the second"])
    first = s.row
    for q, (a, b) in enumerate(m.pair_effects()):
        m.rows[f"inputs.pair.{q}"] = s.row
        s.text(s.row, 1, f"{m.effects[a]} and {m.effects[b]}")
        s.put(s.row, 2, q + 1)
        s.put(s.row, 3, a + 1)
        s.put(s.row, 4, b + 1)
        s.put(s.row, 5, m.value(D.PAIR_OVERLAP, q), SHARE, entry=True)
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
        "share": s.setting("Share of the year's cashable savings reinvested",
                           m.value(D.REINVEST_SHARE), SHARE),
        "cap": s.setting("Most reinvested a year (£; \"none\" for no cap)",
                         "none" if math.isinf(cap) else cap, MONEY),
        "into": s.setting("Intervention # the reinvestment buys", into + 1, "0",
                          entry=False),
    }
    for key, r in rows.items():
        m.rows[f"inputs.reinvest.{key}"] = r
    m.name("reinvest_share", s.ref(rows["share"], 2))
    m.name("reinvest_cap", s.ref(rows["cap"], 2))
