"""The Results sheet of the live model: discount factors, the flows by partner, cost
category and outcome, the totals with their present values (column G), the cumulative
flows and the payback tests."""

from __future__ import annotations

from collections.abc import Callable

from placebudget.engine.people import common_unit
from placebudget.report.workbook._cells import COUNT, FACTOR, FIRST_YEAR, MONEY, YEAR, yc
from placebudget.report.workbook._context import Model, health_effects, row
from placebudget.report.workbook._formulas import payback_flag, pv, sumif_rows


def results_sheet(m: Model) -> None:
    """Discount factors, flows by partner, category and outcome, totals and present
    values (column G), cumulative flows and the payback tests."""
    s, n = m.sheets["Results"], m.n
    s.headline("Results: flows by year (£ at the price base) and present values")
    s.header(["Row", "#", "", "", "", "Total", "PV"], years=m.years)
    r = m.rows["year"] = s.row
    s.text(r, 1, "Financial year")
    for t in range(n):
        s.put(r, FIRST_YEAR + t, f"=Inputs!{yc(t)}${row('inputs.years')}", YEAR)
    s.row += 1

    def factor_row(key: str, label: str, rate: str, name: str) -> None:
        """A row of discount factors: DF(0) = 1, DF(t) = DF(t − 1) ÷ (1 + the Inputs
        row ``rate`` in year t), named ``name``, their sum in the Total column."""
        r = m.rows[key] = s.row
        s.text(r, 1, label)
        for t in range(n):
            s.put(
                r,
                FIRST_YEAR + t,
                1 if t == 0 else f"={yc(t - 1)}{r}/(1+Inputs!{yc(t)}${row(rate)})",
                FACTOR,
            )
        m.name(name, s.years_of(r))
        s.put(r, 6, f"=SUM({name})", FACTOR)
        s.row += 1

    factor_row(
        "discount",
        "Discount factor: DF(0) = 1, DF(t) = DF(t − 1) ÷ (1 + rate(t))",
        "inputs.rate",
        "discount_factor",
    )
    health = health_effects(m)
    if health:
        factor_row(
            "health_discount",
            "Health discount factor: as above at the health discount rate",
            "inputs.health_rate",
            "health_discount_factor",
        )
    _sensitivity_factors(m)

    def money_row(
        key: str,
        label: str,
        formulas: Callable[[int], str],
        number: int | None = None,
        *,
        pv_column: bool = True,
        number_format: str = MONEY,
    ) -> int:
        r = s.row
        m.rows[key] = r
        s.text(r, 1, label)
        if number is not None:
            s.put(r, 2, number)
        s.put(r, 6, f"=SUM({s.years_of(r)})", number_format)
        if pv_column:
            s.put(r, 7, pv(s, r), number_format)
        for t in range(n):
            s.put(r, FIRST_YEAR + t, formulas(t), number_format)
        if key.startswith(("total.", "cumulative.")):
            m.name(key.replace(".", "_"), s.years_of(r))
        s.row += 1
        return r

    by_partner = (
        ("cost", "Cost borne", "Costs", "D", "lines", bool(m.lines)),
        ("fiscal", "Fiscal benefit", "Values", "C", "fiscal.values", bool(m.effects)),
        ("cashable", "Cashable fiscal benefit", "Values", "C", "cashable.values", bool(m.effects)),
        (
            "transfer",
            "Transfer payments (part of fiscal)",
            "Values",
            "C",
            "transfer.values",
            bool(m.effects),
        ),
        ("baseline", "Reactive spend as is", "Values", "C", "baseline.values", bool(m.effects)),
        ("risk", "Expected cost of the risks", "Costs", "D", "risks", bool(m.risks)),
    )
    for key, title, sheet, column, block, present in by_partner:
        s.heading(f"{title} by partner")
        m.rows[f"{key}.first"] = s.row
        for p in range(len(m.partners)):

            def flow(
                t: int,
                sheet: str = sheet,
                column: str = column,
                block: str = block,
                present: bool = present,
            ) -> str:
                return (
                    sumif_rows(sheet, column, f"{block}.first", f"{block}.last", t, f"$B{s.row}")
                    if present
                    else "=0"
                )

            money_row(f"{key}.{p}", m.partner_names[p], flow, p + 1)
        m.rows[f"{key}.last"] = s.row - 1
        m.name(f"{key}_by_partner", s.span(m.rows[f"{key}.first"], s.row - 1, yc(0), yc(n - 1)))
    if m.disbenefits:
        _disbenefit_rows(m, money_row)
    s.heading("Cost by category (the pot an agreement shares)")
    m.rows["category.first"] = s.row
    for c, category in enumerate(m.categories):
        money_row(
            f"category.{c}",
            category,
            lambda t: sumif_rows("Costs", "E", "lines.first", "lines.last", t, f"$B{s.row}"),
            c + 1,
        )
    m.rows["category.last"] = s.row - 1
    if m.categories:
        m.name("cost_by_category", s.span(m.rows["category.first"], s.row - 1, yc(0), yc(n - 1)))
    by_outcome = (
        ("volume_o", "Outcome units changed", "Effects", "C", "volume"),
        ("fiscal_o", "Fiscal benefit", "Values", "D", "fiscal.values"),
        ("cashable_o", "Cashable fiscal benefit", "Values", "D", "cashable.values"),
        ("transfer_o", "Transfer payments", "Values", "D", "transfer.values"),
        ("economic_o", "Economic benefit", "Values", "D", "economic.values"),
        ("social_o", "Social benefit", "Values", "D", "social.values"),
        ("weighted_o", "Weighted economic and social benefit", "Values", "D", "weighted.values"),
        ("baseline_o", "Reactive spend as is", "Values", "D", "baseline.values"),
    )
    for key, title, sheet, column, block in by_outcome:
        s.heading(f"{title} by outcome")
        m.rows[f"{key}.first"] = s.row
        for o in range(len(m.outcomes)):

            def outcome_flow(
                t: int, sheet: str = sheet, column: str = column, block: str = block
            ) -> str:
                return (
                    sumif_rows(sheet, column, f"{block}.first", f"{block}.last", t, f"$B{s.row}")
                    if m.effects
                    else "=0"
                )

            money_row(
                f"{key}.{o}",
                m.outcome_names[o],
                outcome_flow,
                o + 1,
                pv_column=key != "volume_o",
                number_format=COUNT if key == "volume_o" else MONEY,
            )
        m.rows[f"{key}.last"] = s.row - 1
        m.name(
            f"{key.removesuffix('_o')}_by_outcome",
            s.span(m.rows[f"{key}.first"], s.row - 1, yc(0), yc(n - 1)),
        )

    s.heading("Totals")

    def total(block: str) -> Callable[[int], str]:
        def formula(t: int) -> str:
            first, last = m.rows.get(f"{block}.first"), m.rows.get(f"{block}.last")
            if first is None or last is None or last < first:
                return "=0"
            return f"=SUM({yc(t)}{row(f'{block}.first')}:{yc(t)}{row(f'{block}.last')})"

        return formula

    def people(block: str) -> Callable[[int], str]:
        last = len(m.interventions) - 1
        return lambda t: (
            f"=SUM(People!{yc(t)}${row(f'{block}.0')}:{yc(t)}${row(f'{block}.{last}')})"
            if m.interventions
            else "=0"
        )

    for block, label in (
        ("participants", "Participants (engaged, entering)"),
        ("extra", "Participants bought by reinvestment"),
    ):
        # by intervention, each in its cohort's unit (household, family, person)
        name = "participants" if block == "participants" else "reinvested_participants"
        first = s.row
        for i in range(len(m.interventions)):

            def on_people(t: int, i: int = i, block: str = block) -> str:
                return f"=People!{yc(t)}${row(f'{block}.{i}')}"

            money_row(
                f"results.{name}.{i}",  # the People sheet's rows are participants.{i}
                f"{label}: {m.intervention_names[i]} ({m.cohort_units[i]})",
                on_people,
                i + 1,
                pv_column=False,
                number_format=COUNT,
            )
        if m.interventions:
            m.name(f"{name}_by_intervention", s.span(first, s.row - 1, yc(0), yc(n - 1)))
        if common_unit(m.cohort_units) is not None:  # a total only of one unit
            money_row(
                f"total.{name}",
                f"{label}: all interventions ({m.cohort_units[0]})",
                people(block),
                pv_column=False,
                number_format=COUNT,
            )
    money_row(
        "total.reinvested",
        "Cashable savings reinvested (part of cost)",
        lambda t: f"=People!{yc(t)}${row('reinvest.spend')}" if m.reinvests else "=0",
    )
    if m.disbenefits:
        money_row(
            "total.disbenefit",
            "Dis-benefits borne (part of fiscal, as a cost)",
            total("disbenefit"),
        )
    for key, label, block in (
        ("cost", "Cost", "cost"),
        ("fiscal", "Fiscal benefit", "fiscal"),
        ("cashable", "Cashable fiscal benefit", "cashable"),
        ("transfer", "Transfer payments", "transfer"),
        ("economic", "Economic benefit", "economic_o"),
        ("social", "Social benefit", "social_o"),
        ("weighted", "Weighted economic and social benefit", "weighted_o"),
        ("baseline", "Reactive spend as is", "baseline"),
        ("risk", "Expected cost of the risks", "risk"),
    ):
        money_row(f"total.{key}", label, total(block))

    if health:
        _health_totals(m, health, money_row)

    def year(key: str, t: int) -> str:
        """Year ``t``'s cell of the Results row ``key``."""
        return f"{yc(t)}{row(key)}"

    money_row(
        "total.public",
        "Public value (fiscal − transfers + economic + social)",
        lambda t: (
            f"={year('total.fiscal', t)}-{year('total.transfer', t)}"
            f"+{year('total.economic', t)}+{year('total.social', t)}"
        ),
    )
    money_row(
        "total.net",
        "Net fiscal (fiscal − cost)",
        lambda t: f"={year('total.fiscal', t)}-{year('total.cost', t)}",
    )
    for key, label in (
        ("cost", "Cumulative cost"),
        ("fiscal", "Cumulative fiscal benefit"),
        ("public", "Cumulative public value"),
        ("net", "Cumulative net fiscal"),
    ):

        def running(t: int, key: str = key) -> str:
            return f"=SUM(${year(f'total.{key}', 0)}:{year(f'total.{key}', t)})"

        money_row(f"cumulative.{key}", label, running, pv_column=False)

    def discounted_running(t: int) -> str:
        def span(key: str) -> str:
            return f"${yc(0)}${row(key)}:{yc(t)}${row(key)}"

        return f"=SUMPRODUCT({span('total.net')},{span('discount')})"

    money_row(
        "cumulative.pv_net",
        "Cumulative discounted net fiscal (for the discounted payback)",
        discounted_running,
        pv_column=False,
    )
    s.heading("Payback: 1 from the year cumulative benefit reaches cumulative cost")

    def flags(benefit: str, cost: str, discounted: bool) -> Callable[[int], str]:
        """The payback flags of the Results rows ``benefit`` and ``cost``."""

        def formula(t: int) -> str:
            def span(key: str) -> str:
                return f"${yc(0)}${row(key)}:{yc(t)}${row(key)}"

            return payback_flag(
                [span(benefit)], span(cost), span("discount") if discounted else None
            )

        return formula

    for discounted in (False, True):
        tag = "discounted" if discounted else "payback"
        money_row(
            f"{tag}.total",
            "Whole case" + (" (discounted)" if discounted else ""),
            flags("total.fiscal", "total.cost", discounted),
            pv_column=False,
            number_format="0",
        )
        for p in range(len(m.partners)):
            money_row(
                f"{tag}.{p}",
                m.partner_names[p] + (" (discounted)" if discounted else ""),
                flags(f"fiscal.{p}", f"cost.{p}", discounted),
                p + 1,
                pv_column=False,
                number_format="0",
            )
    s.finish(
        {1: 50, 2: 6, 6: 15, 7: 15, **{FIRST_YEAR + t: 13 for t in range(n)}},
        freeze=f"{yc(0)}3",
        pages_tall=2,
    )


def _disbenefit_rows(m: Model, money_row: Callable[..., int]) -> None:
    """Each partner's dis-benefits by year: the fiscal value of the outcomes the effects
    that increase them change, with the sign reversed (a cost the partner bears, already
    in its fiscal benefit as a negative benefit)."""
    s, n = m.sheets["Results"], m.n
    s.heading("Dis-benefits borne by partner: −(fiscal value of the increases)")
    m.rows["disbenefit.first"] = s.row
    for p in range(len(m.partners)):
        cells = [f"Values!{{y}}{row(f'fiscal.{e}.{p}')}" for e in m.disbenefits]

        def flow(t: int, cells: list[str] = cells) -> str:
            return "=-(" + "+".join(cell.format(y=yc(t)) for cell in cells) + ")"

        money_row(f"disbenefit.{p}", m.partner_names[p], flow, p + 1)
    m.rows["disbenefit.last"] = s.row - 1
    m.name(
        "disbenefit_by_partner",
        s.span(m.rows["disbenefit.first"], s.row - 1, yc(0), yc(n - 1)),
    )


def _health_totals(m: Model, health: list[int], money_row: Callable[..., int]) -> None:
    """The health part of the social and weighted benefit (the social values of the
    ``health`` effects, × each cohort's weight for the weighted part), and the present
    values of the social and weighted benefit with that part at the health discount
    factors: ``SUMPRODUCT(flow, DF) + SUMPRODUCT(health part, health DF) −
    SUMPRODUCT(health part, DF)``."""
    s = m.sheets["Results"]

    def social(t: int) -> str:
        return "=" + "+".join(f"Values!{yc(t)}${row(f'social.{e}')}" for e in health)

    def weighted(t: int) -> str:
        return "=" + "+".join(
            f"Values!{yc(t)}${row(f'social.{e}')}"
            f"*Inputs!$D${row(f'inputs.intervention.{m.effect_intervention[e]}')}"
            for e in health
        )

    money_row("total.health_social", "Of social benefit, health values", social)
    money_row("total.health_weighted", "Of weighted benefit, health values", weighted)
    for key in ("social", "weighted"):
        flow, part = s.years_of(row(f"total.{key}")), s.years_of(row(f"total.health_{key}"))
        s.put(
            m.rows[f"total.{key}"],
            7,
            f"=SUMPRODUCT({flow},discount_factor)+SUMPRODUCT({part},health_discount_factor)"
            f"-SUMPRODUCT({part},discount_factor)",
            MONEY,
        )
    values = m.sheets["Values"]
    for e in health:  # each health effect's social benefit at the health factors
        values.put(
            m.rows[f"social.{e}"],
            7,
            f"=SUMPRODUCT({values.years_of(row(f'social.{e}'))},health_discount_factor)",
            MONEY,
        )
    for o in range(len(m.outcomes)):
        mine = [e for e in health if m.effect_outcome[e] == o]
        if not mine:
            continue
        flow = s.years_of(row(f"social_o.{o}"))
        corrections = "".join(
            f"+SUMPRODUCT({values.years_of(row(f'social.{e}'))},health_discount_factor)"
            f"-SUMPRODUCT({values.years_of(row(f'social.{e}'))},discount_factor)"
            for e in mine
        )
        s.put(
            m.rows[f"social_o.{o}"], 7, f"=SUMPRODUCT({flow},discount_factor){corrections}", MONEY
        )
    for key in ("health_social", "health_weighted"):
        s.put(
            m.rows[f"total.{key}"],
            7,
            f"=SUMPRODUCT({s.years_of(row(f'total.{key}'))},health_discount_factor)",
            MONEY,
        )


#: The discount schedules of the value-for-money sensitivities (a published schedule's
#: factors, not an input): name of the Results row, its label, the bundled schedule, and
#: whether it is shown only for a horizon over 50 years.
SENSITIVITY_FACTORS: tuple[tuple[str, str, str, bool], ...] = (
    (
        "review_discount_factor",
        "Discount factor at a constant 3.0 % (2026 review, reported; not policy)",
        "review-2026-3pc",
        False,
    ),
    (
        "low_rate_discount_factor",
        "Discount factor at the low long-term rate (3.0 % declining; horizons over 50 years)",
        "reduced",
        True,
    ),
)


def _sensitivity_factors(m: Model) -> None:
    """The discount factors of the value-for-money table's discounting sensitivities
    (``placebudget.engine.green_book.discounting_sensitivity``), each a named row of the
    published schedule's factors."""
    from placebudget.model import LONG_HORIZON
    from placebudget.reference import discount_schedule

    s, n = m.sheets["Results"], m.n
    for name, label, schedule, long_only in SENSITIVITY_FACTORS:
        if long_only and n <= LONG_HORIZON:
            continue
        r = m.rows[name] = s.row
        s.text(r, 1, label)
        for t, factor in enumerate(discount_schedule(schedule).factors(n)):
            s.put(r, FIRST_YEAR + t, float(factor), FACTOR)
        m.name(name, s.years_of(r))
        s.row += 1
