"""The calculation sheets of the live model before the results: ``People``
(participants, reinvestment, cohort members), ``Effects`` (rates, interactions, profiles,
volumes), ``Values`` (money by effect and partner) and ``Costs`` (cost lines and risks).

Each writes its rows under keys in
:attr:`~placebudget.report.workbook._context.Model.rows` and refers to the rows of the
others by key (:func:`~placebudget.report.workbook._context.row`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from placebudget.engine import dims as D
from placebudget.report.workbook._cells import (
    COUNT,
    FACTOR,
    FIRST_YEAR,
    MONEY,
    PENCE,
    col,
    yc,
)
from placebudget.report.workbook._context import Model, one_based, required, row
from placebudget.report.workbook._formulas import NO_CAP
from placebudget.report.workbook._inputs import DIRECTION_COLUMN


# -- People ---------------------------------------------------------------------------------
def people_sheet(m: Model) -> None:
    """Participants: planned (intake × engagement), bought by reinvestment, and the cohort
    the "as is" cost follows (intake, with reinvestment's extra intake)."""
    s, n = m.sheets["People"], m.n
    s.headline("People: participants and cohort members by intake year")
    s.header(["Row", "Intervention #", "Cohort unit", "", "", "Total", ""], years=m.years)
    if m.reinvests:
        _reinvestment_block(m)
    into = m.reinvest_into() if m.reinvests else None

    def block(key: str, title: str, formula: Callable[[int, int], Any]) -> None:
        """A row per intervention: number, total and a formula for each year."""
        s.heading(title)
        for i in range(len(m.interventions)):
            r = m.rows[f"{key}.{i}"] = s.row
            s.text(r, 1, m.intervention_names[i])
            s.put(r, 2, i + 1)
            s.text(r, 3, m.cohort_units[i])  # what it counts: never added to another unit
            s.put(r, 6, f"=SUM({s.years_of(r)})", COUNT)
            for t in range(n):
                s.put(r, FIRST_YEAR + t, formula(i, t), COUNT)
            s.row += 1

    def intake(i: int, t: int) -> str:
        return f"Inputs!{yc(t)}${row(f'inputs.intervention.{i}')}"

    def engagement(i: int) -> str:
        return f"Inputs!$C${row(f'inputs.intervention.{i}')}"

    def extra(i: int, t: int) -> str:
        return f"{yc(t)}${row(f'extra.{i}')}"

    block(
        "planned",
        "Planned participants: intake × engagement",
        lambda i, t: f"={intake(i, t)}*{engagement(i)}",
    )
    block(
        "extra",
        "Extra participants bought by reinvesting cashable savings",
        lambda i, t: f"={yc(t)}${row('reinvest.extra')}" if i == into and t > 0 else 0,
    )
    block(
        "participants",
        "Participants: planned + extra",
        lambda i, t: f"={yc(t)}${row(f'planned.{i}')}+{extra(i, t)}",
    )
    block(
        "cohort",
        "Cohort members entering: intake + extra participants ÷ engagement",
        lambda i, t: f"={intake(i, t)}+IF({engagement(i)}>0,{extra(i, t)}/{engagement(i)},0)",
    )
    s.finish({1: 44, 2: 14, 6: 14, **{FIRST_YEAR + t: 13 for t in range(n)}}, freeze=f"{yc(0)}3")


def _reinvestment_block(m: Model) -> None:
    """Each year's cashable saving of the partners named, the share reinvested (at most
    the cap) the next year, and the participants it buys at the cost per participant."""
    s, n = m.sheets["People"], m.n
    into = m.reinvest_into()
    share = f"Inputs!$B${row('inputs.reinvest.share')}"
    cap = f"Inputs!$B${row('inputs.reinvest.cap')}"
    s.heading("Reinvestment: savings of the year before buy extra participants")
    terms = [
        f"Prices!$F${row(f'prices.line.{k}')}*(1+Inputs!$G${row(f'inputs.line.{k}')})"
        for k, serves in enumerate(m.line_intervention)
        if serves == into
    ]
    r = s.row
    s.text(r, 1, f"Cost per participant of {m.intervention_names[into]} (after optimism bias)")
    s.put(r, 6, "=" + ("+".join(terms) if terms else "0"), PENCE)
    cost = f"$F${r}"
    s.row += 1
    r = m.rows["reinvest.saving"] = s.row
    s.text(r, 1, "Cashable saving of the partners whose savings are reinvested")
    partners = (
        f"Inputs!$D${row('inputs.partner.0')}:$D${row(f'inputs.partner.{len(m.partners) - 1}')}"
    )
    for t in range(n):
        s.put(
            r,
            FIRST_YEAR + t,
            f"=SUMPRODUCT(Results!{yc(t)}${row('cashable.first')}:"
            f"{yc(t)}${row('cashable.last')},{partners})",
            MONEY,
        )
    s.row += 1
    r = m.rows["reinvest.spend"] = s.row
    s.text(r, 1, "Reinvested (share of last year's saving, at most the cap)")
    s.put(r, 6, f"=SUM({s.years_of(r)})", MONEY)
    for t in range(n):
        formula: Any = (
            0
            if t == 0
            else (
                f"=IF({cost}>0,MIN({share}*MAX({yc(t - 1)}{row('reinvest.saving')},0),"
                f"IF(ISNUMBER({cap}),{cap},{NO_CAP})),0)"
            )
        )
        s.put(r, FIRST_YEAR + t, formula, MONEY)
    s.row += 1
    r = m.rows["reinvest.extra"] = s.row
    s.text(r, 1, "Extra participants bought (reinvested ÷ cost per participant)")
    for t in range(n):
        s.put(r, FIRST_YEAR + t, f"=IF({cost}>0,{yc(t)}{row('reinvest.spend')}/{cost},0)", COUNT)
    s.row += 1


# -- Effects --------------------------------------------------------------------------------
def effects_sheet(m: Model) -> None:
    """Each effect's rate per participant, interactions, its profile over the years since
    intake (lag, duration, drop-off) and the volumes it changes."""
    s, n = m.sheets["Effects"], m.n
    s.headline("Effects: rates, interactions, profiles and volumes")
    s.header(["Effect", "#", "", "", "", "Total", ""], years=m.years)
    s.heading("Rate: outcome units changed per participant a year")
    s.header(
        [
            "Effect",
            "#",
            "Before interactions: baseline × impact × (1 − deadweight) × "
            "(1 − displacement) × attribution × (1 − optimism bias)"
            + (
                "; an effect that increases its outcome (direction σ = −1): σ × … × "
                "(1 − σ × optimism bias)"
                if D.EFFECT_DIRECTION in m.inputs
                else ""
            ),
            "Net impact (÷ baseline)",
            "Interaction factor",
            "Rate",
        ]
    )
    pairs = m.pair_effects() if m.pairs else []
    for e in range(len(m.effects)):
        r, i = s.row, row(f"inputs.effect.{e}")
        m.rows[f"rate.{e}"] = r
        s.text(r, 1, m.effect_names[e])
        s.put(r, 2, e + 1)
        rate = (
            f"=Inputs!$E${i}*Inputs!$F${i}*(1-Inputs!$G${i})*(1-Inputs!$H${i})"
            f"*Inputs!$I${i}*(1-Inputs!$J${i})"
        )
        if D.EFFECT_DIRECTION in m.inputs:
            # σ × … × (1 − σ × optimism bias): an increase is negative, raised by its bias
            sign = f"Inputs!${col(DIRECTION_COLUMN)}${i}"
            rate = (
                f"={sign}*Inputs!$E${i}*Inputs!$F${i}*(1-Inputs!$G${i})*(1-Inputs!$H${i})"
                f"*Inputs!$I${i}*(1-{sign}*Inputs!$J${i})"
            )
        s.put(r, 3, rate, "0.000000")
        s.put(r, 4, f"=IF(Inputs!$E${i}>0,C{r}/Inputs!$E${i},0)", "0.000000")
        cuts = [f"*(1-$H${row(f'pair.{q}')})" for q, (a, _b) in enumerate(pairs) if a == e]
        cuts += [f"*(1-$I${row(f'pair.{q}')})" for q, (_a, b) in enumerate(pairs) if b == e]
        s.put(r, 5, f"=Inputs!$P${i}" + "".join(cuts), FACTOR)
        s.put(r, 6, f"=C{r}*E{r}", "0.000000")
        s.row += 1
    if pairs:
        _interactions(m, pairs)
    s.heading(
        "Profile: share of the full yearly change in each year since intake "
        "(1 − drop-off)^(τ − lag) for lag ≤ τ < lag + duration; latest τ first"
    )
    tau = s.row
    s.text(tau, 1, "Years since intake (τ)", bold=True)
    for j in range(n):
        s.put(tau, FIRST_YEAR + j, n - 1 - j, "0", bold=True)
    s.row += 1
    for e in range(len(m.effects)):
        r, i = s.row, row(f"inputs.effect.{e}")
        m.rows[f"profile.{e}"] = r
        lag, duration, drop = f"Inputs!$L${i}", f"Inputs!$M${i}", f"Inputs!$K${i}"
        s.text(r, 1, m.effect_names[e])
        s.put(r, 2, e + 1)
        for j in range(n):
            x = f"{yc(j)}${tau}"
            s.put(
                r,
                FIRST_YEAR + j,
                f"=IF(AND({x}>={lag},{x}<{lag}+{duration}),IF({x}={lag},1,"
                f"(1-{drop})^({x}-{lag})),0)",
                FACTOR,
            )
        s.row += 1
    s.heading(
        "Followed: 1 while a member is followed for the effect (0 ≤ τ < lag + "
        "duration); latest τ first"
    )
    for e in range(len(m.effects)):
        r, i = s.row, row(f"inputs.effect.{e}")
        m.rows[f"followed.{e}"] = r
        s.text(r, 1, m.effect_names[e])
        s.put(r, 2, e + 1)
        for j in range(n):
            s.put(r, FIRST_YEAR + j, f"=IF({yc(j)}${tau}<Inputs!$L${i}+Inputs!$M${i},1,0)", "0")
        s.row += 1

    def convolved(key: str, title: str, people: str, window: str, scale: bool) -> None:
        """Per effect and year: Σ over intake years of the People row ``people`` of its
        intervention × the effect's ``window`` row (latest τ first, so a SUMPRODUCT of
        the first t + 1 intake years with the last t + 1 columns), × its rate when
        ``scale``."""
        s.heading(title)
        s.header(
            [
                "Effect",
                "#",
                "Outcome #",
                "Intervention #",
                "",
                "Total",
                "PV (discounted like money)" if key == "volume" else "",
            ],
            years=m.years,
        )
        m.rows[f"{key}.first"] = s.row
        for e, effect in enumerate(m.effects):
            r = m.rows[f"{key}.{e}"] = s.row
            i = required(m.effect_intervention[e], effect)
            s.text(r, 1, m.effect_names[e])
            s.put(r, 2, e + 1)
            s.put(r, 3, required(m.effect_outcome[e], effect) + 1)
            s.put(r, 4, i + 1)
            s.put(r, 6, f"=SUM({s.years_of(r)})", COUNT)
            if key == "volume":
                s.put(r, 7, f"=SUMPRODUCT({s.years_of(r)},discount_factor)", COUNT)
            w, who = row(f"{window}.{e}"), row(f"{people}.{i}")
            rate = f"$F${row(f'rate.{e}')}*" if scale else ""
            for t in range(n):
                s.put(
                    r,
                    FIRST_YEAR + t,
                    f"={rate}SUMPRODUCT(People!${yc(0)}${who}:{yc(t)}${who},"
                    f"${yc(n - 1 - t)}${w}:${yc(n - 1)}${w})",
                    COUNT,
                )
            s.row += 1
        m.rows[f"{key}.last"] = s.row - 1

    convolved(
        "volume",
        "Volume: outcome units changed = rate × Σ participants of each intake year × profile",
        "participants",
        "profile",
        scale=True,
    )
    if m.effects:
        m.name("effect_volume", s.span(m.rows["volume.first"], s.row - 1, yc(0), yc(n - 1)))
    convolved(
        "members",
        "Cohort members followed (for the reactive spend as is)",
        "cohort",
        "followed",
        scale=False,
    )
    s.finish(
        {1: 44, 2: 6, 3: 16, 4: 14, 5: 14, 6: 14, 7: 14, **{FIRST_YEAR + t: 13 for t in range(n)}},
        freeze=f"{yc(0)}3",
    )


def _interactions(m: Model, pairs: list[tuple[int, int]]) -> None:
    """Each pair's cut on the volume of its first and its second effect."""
    s = m.sheets["Effects"]
    s.heading(
        "Interactions: people in both of a pair change by 1 − (1 − a)(1 − b), "
        "so each effect's volume on them is cut by half of a × b"
    )
    s.header(
        [
            "Pair",
            "#",
            "Net impact of the first (a)",
            "Net impact of the second (b)",
            "First's engaged participants (P1)",
            "Second's (P2)",
            "Share of the second's participants shared (s × P1 ÷ P2)",
            "Cut on the first (s × b ÷ 2)",
            "Cut on the second (s' × a ÷ 2)",
        ]
    )
    for q, (a, b) in enumerate(pairs):
        r = m.rows[f"pair.{q}"] = s.row
        ia = required(m.effect_intervention[a], m.effects[a])
        ib = required(m.effect_intervention[b], m.effects[b])
        overlap = f"Inputs!$E${row(f'inputs.pair.{q}')}"
        s.text(r, 1, f"{m.effect_names[a]} and {m.effect_names[b]}")
        s.put(r, 2, q + 1)
        s.put(r, 3, f"=$D${row(f'rate.{a}')}", "0.000000")
        s.put(r, 4, f"=$D${row(f'rate.{b}')}", "0.000000")
        s.put(r, 5, f"=People!$F${row(f'planned.{ia}')}", COUNT)
        s.put(r, 6, f"=People!$F${row(f'planned.{ib}')}", COUNT)
        s.put(r, 7, f"=IF(F{r}>0,{overlap}*E{r}/F{r},0)", "0.000000")
        s.put(r, 8, f"={overlap}*D{r}/2", "0.000000")
        s.put(r, 9, f"=G{r}*C{r}/2", "0.000000")
        s.row += 1


# -- Values ---------------------------------------------------------------------------------
def _by_partner(block: str, e: int, p: int) -> str:
    """Partner ``p``'s cell of effect ``e``'s row of an Inputs block by partner (fiscal
    value, cashable share, transfer share)."""
    return f"Inputs!${col(3 + p)}${row(f'inputs.{block}.{e}')}"


def values_sheet(m: Model) -> None:
    """Money by effect and partner (fiscal, its cashable and transfer parts, the reactive
    spend as is) and by effect (economic, social, weighted)."""
    s, n = m.sheets["Values"], m.n
    s.headline("Values: £ at the price base, undiscounted")
    s.header(
        ["Effect › partner", "Effect #", "Partner #", "Outcome #", "", "Total", "PV"], years=m.years
    )
    blocks = (
        ("fiscal", "Fiscal benefit: volume × fiscal value"),
        ("cashable", "Cashable: fiscal × cashable share"),
        ("transfer", "Transfer payments: fiscal × transfer share"),
        ("baseline", "Reactive spend as is: members followed × baseline × fiscal value"),
    )
    for block, title in blocks:
        s.heading(title)
        m.rows[f"{block}.values.first"] = s.row
        for e, effect in enumerate(m.effects):
            outcome = required(m.effect_outcome[e], effect)
            for p in range(len(m.partners)):
                r = m.rows[f"{block}.{e}.{p}"] = s.row
                value = f"Prices!${col(3 + p)}${row(f'prices.fiscal.{e}')}"
                s.text(r, 1, f"{m.effect_names[e]} › {m.partner_names[p]}")
                s.put(r, 2, e + 1)
                s.put(r, 3, p + 1)
                s.put(r, 4, outcome + 1)
                s.put(r, 6, f"=SUM({s.years_of(r)})", MONEY)
                s.put(r, 7, f"=SUMPRODUCT({s.years_of(r)},discount_factor)", MONEY)
                for t in range(n):
                    y = yc(t)
                    fiscal = f"{y}{row(f'fiscal.{e}.{p}')}"
                    formula = {
                        "fiscal": f"=Effects!{y}${row(f'volume.{e}')}*{value}",
                        "cashable": f"={fiscal}*{_by_partner(D.CASHABLE_SHARE, e, p)}",
                        "transfer": f"={fiscal}*{_by_partner(D.TRANSFER_SHARE, e, p)}",
                        "baseline": f"=Effects!{y}${row(f'members.{e}')}*Inputs!$E$"
                        f"{row(f'inputs.effect.{e}')}*{value}",
                    }[block]
                    s.put(r, FIRST_YEAR + t, formula, MONEY)
                s.row += 1
        m.rows[f"{block}.values.last"] = s.row - 1
    s.heading("Economic, social and distributionally weighted benefit by effect")
    s.header(["Effect", "Effect #", "", "Outcome #", "", "Total", "PV"], years=m.years)
    for block, label in (
        ("economic", "economic"),
        ("social", "social"),
        ("weighted", "weighted (economic + social) × weight"),
    ):
        m.rows[f"{block}.values.first"] = s.row
        for e, effect in enumerate(m.effects):
            r = m.rows[f"{block}.{e}"] = s.row
            i = required(m.effect_intervention[e], effect)
            prices = row(f"prices.effect.{e}")
            s.text(r, 1, f"{m.effect_names[e]} › {label}")
            s.put(r, 2, e + 1)
            s.put(r, 4, required(m.effect_outcome[e], effect) + 1)
            s.put(r, 6, f"=SUM({s.years_of(r)})", MONEY)
            s.put(r, 7, f"=SUMPRODUCT({s.years_of(r)},discount_factor)", MONEY)
            for t in range(n):
                y = yc(t)
                volume = f"Effects!{y}${row(f'volume.{e}')}"
                if block == "economic":
                    formula = f"={volume}*Prices!$C${prices}"
                elif block == "social":
                    formula = f"={volume}*Prices!$D${prices}"
                    if D.SOCIAL_INDEX in m.inputs:
                        formula += f"*Inputs!{y}${row(f'inputs.{D.SOCIAL_INDEX}.{e}')}"
                else:
                    formula = (
                        f"=({y}{row(f'economic.{e}')}+{y}{row(f'social.{e}')})"
                        f"*Inputs!$D${row(f'inputs.intervention.{i}')}"
                    )
                s.put(r, FIRST_YEAR + t, formula, MONEY)
            s.row += 1
        m.rows[f"{block}.values.last"] = s.row - 1
    s.finish(
        {1: 52, 2: 9, 3: 9, 4: 10, 6: 14, **{FIRST_YEAR + t: 13 for t in range(n)}},
        freeze=f"{yc(0)}3",
        pages_tall=2,
    )


# -- Costs ----------------------------------------------------------------------------------
def costs_sheet(m: Model) -> None:
    """Each cost line (fixed amount + per participant × participants, after optimism
    bias) and each risk's expected cost (probability × cost if it happens)."""
    s, n = m.sheets["Costs"], m.n
    s.headline("Costs: £ at the price base, undiscounted")
    s.header(
        ["Cost line", "#", "Intervention #", "Partner #", "Category #", "Total", "PV"],
        years=m.years,
    )
    s.heading("Cost lines: (amount + per participant × participants) × (1 + optimism bias)")
    m.rows["lines.first"] = s.row
    for line in range(len(m.lines)):
        r, i = s.row, row(f"inputs.line.{line}")
        priced = row(f"prices.line.{line}")
        intervention = m.line_intervention[line]
        s.text(r, 1, m.line_names[line])
        s.put(r, 2, line + 1)
        s.put(r, 3, one_based(intervention))
        s.put(r, 4, f"=Inputs!$D${i}")
        s.put(r, 5, f"=Inputs!$E${i}")
        s.put(r, 6, f"=SUM({s.years_of(r)})", MONEY)
        s.put(r, 7, f"=SUMPRODUCT({s.years_of(r)},discount_factor)", MONEY)
        for t in range(n):
            y = yc(t)
            people = (
                ""
                if intervention is None
                else f"+Prices!$F${priced}*People!{y}${row(f'participants.{intervention}')}"
            )
            s.put(r, FIRST_YEAR + t, f"=(Prices!{y}${priced}{people})*(1+Inputs!$G${i})", MONEY)
        s.row += 1
    m.rows["lines.last"] = s.row - 1
    if m.lines:
        m.name("line_cost", s.span(m.rows["lines.first"], s.row - 1, yc(0), yc(n - 1)))
    if m.risks:
        s.heading("Risk register: expected cost = probability × cost if it happens")
        s.header(["Risk", "#", "", "Partner #", "", "Total", ""], years=m.years)
        m.rows["risks.first"] = s.row
        for k in range(len(m.risks)):
            r, i = s.row, row(f"inputs.risk.{k}")
            m.rows[f"risk.line.{k}"] = r
            s.text(r, 1, m.risk_names[k])
            s.put(r, 2, k + 1)
            s.put(r, 4, f"=Inputs!$C${i}")
            s.put(r, 6, f"=SUM({s.years_of(r)})", MONEY)
            for t in range(n):
                s.put(
                    r,
                    FIRST_YEAR + t,
                    f"=Inputs!$D${i}*Prices!{yc(t)}${row(f'prices.risk.{k}')}",
                    MONEY,
                )
            s.row += 1
        m.rows["risks.last"] = s.row - 1
    s.finish(
        {1: 46, 2: 6, 3: 14, 4: 10, 5: 11, 6: 14, **{FIRST_YEAR + t: 13 for t in range(n)}},
        freeze=f"{yc(0)}3",
    )
