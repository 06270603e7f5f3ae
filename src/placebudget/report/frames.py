"""The tables of a report as pandas DataFrames, arranged from results already computed
(an appraisal, settlements, a Monte Carlo summary): what
:func:`~placebudget.report.report_contents` lays out. Nothing here computes a figure;
the columns are named after the catalogue's figures (:mod:`placebudget.figures`).

Examples
--------
>>> import placebudget as pb
>>> from placebudget.testing import example_case
>>> table = as_is(pb.project(example_case()).appraise())
>>> list(table.columns)  # doctest: +NORMALIZE_WHITESPACE
['reactive_as_is', 'investment', 'saving', 'saving_share', 'reactive_with_programme']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from placebudget.engine import dims as D
from placebudget.figures import BEYOND_HORIZON, FIGURES, format_money
from placebudget.model import LONG_HORIZON, VFM_SOURCE, financial_year_label
from placebudget.reference import (
    DEFAULT_CALENDAR_DEFLATORS,
    DERIVED_DEFLATOR_SERIES,
    HEALTH_SCHEDULE,
    data_versions,
)
from placebudget.report.outline import Table, table

if TYPE_CHECKING:
    from placebudget.engine import Appraisal, Settlement, UncertaintySummary

__all__ = [
    "AS_IS_RULE",
    "MONTE_CARLO_CHANCES",
    "MONTE_CARLO_METRICS",
    "PUBLIC_VALUE_RULE",
    "agreements",
    "annuity_text",
    "as_is",
    "assumptions",
    "beyond_horizon",
    "beyond_horizon_partners",
    "beyond_horizon_text",
    "case_studies",
    "costs",
    "effects",
    "flat",
    "intervention_names",
    "monte_carlo",
    "monte_carlo_intro",
    "optimism_bias_text",
    "pooled_budget",
    "sensitivity",
    "tidy",
    "unit_cost_databases",
    "vintages",
]


#: How every report states what the reactive spend as is counts.
AS_IS_RULE = (
    "the cohort's whole intake (before engagement), each member followed from the intake "
    "year to the last year of an effect's benefit, × the effect's baseline per member per "
    "year × each partner's fiscal value, uprated and discounted like every other flow"
)

#: The rule every report states for the public value case.
PUBLIC_VALUE_RULE = (
    "public value = fiscal + economic + social values, less fiscal values that are transfer "
    "payments (tax, social security benefits), which move money and create none; the "
    "financial case keeps them (Unit Cost Database v1.4, Guidance sheet)"
)


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with named index levels turned into columns, for writing out."""
    named = isinstance(frame.index, pd.MultiIndex) or frame.index.name is not None
    return frame.reset_index() if named else frame


def intervention_names(result: Appraisal) -> dict[str, str]:
    """Each intervention's name by id (none without the case)."""
    case = result.projection.case
    return {i.id: i.name for i in case.interventions} if case is not None else {}


def as_is(result: Appraisal) -> pd.DataFrame:
    """What failure costs today and who pays: per partner, and a last row ``total``, the
    "as is" reactive spend, the proactive investment, the saving, the saving as a share of
    the reactive spend and the reactive spend with the programme (present values)."""
    frame = result.as_is.drop(columns="kind")
    total = frame.sum().to_frame("total").T
    total["saving_share"] = result.baseline_saving_share
    out = pd.concat([frame, total])
    out.index.name = D.PARTNER
    return out


def case_studies(result: Appraisal) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The case's costed families: by case study and payer, the cost ``before``,
    ``after`` and the ``saving``; and every contact line of every record."""
    studies = result.projection.case_studies
    if not studies:
        return pd.DataFrame(), pd.DataFrame()
    by_payer = pd.concat(
        {s.study.name: s.by_agency() for s in studies}, names=["case_study", "payer"]
    )
    lines = pd.concat(
        {s.study.name: s.lines() for s in studies}, names=["case_study", "record", "code"]
    )
    return by_payer, lines


def sensitivity(tornado: pd.DataFrame) -> pd.DataFrame:
    """The one-way sensitivity of the net present budget impact as reports show it."""
    return tornado.rename(
        columns={"metric_low": "npbi_low", "metric_high": "npbi_high", "swing": "npbi_swing"}
    )


#: The Monte Carlo summary's chances: key of
#: :attr:`~placebudget.engine.UncertaintySummary.probabilities` → what it is the chance of.
MONTE_CARLO_CHANCES: dict[str, str] = {
    "npbi > 0": "Net present budget impact above zero",
    "fiscal_roi > 1": "Fiscal return on investment above 1",
    "nppv > 0": "Net present public value above zero",
    "bcr > 1": "Benefit-cost ratio above 1",
}

#: The Monte Carlo summary's figures a report shows, in order (those a case does not
#: have — no risks, no weights, no transfer payments — are left out).
MONTE_CARLO_METRICS: tuple[str, ...] = (
    "pv_cost",
    "pv_fiscal",
    "pv_cashable",
    "npbi",
    "fiscal_roi",
    "pv_public",
    "pv_transfers",
    "pv_baseline_cost",
    "nppv",
    "bcr",
    "pv_risk",
    "nppv_risk_adjusted",
    "nppv_weighted",
)


def monte_carlo(uncertainty: UncertaintySummary) -> dict[str, pd.DataFrame]:
    """The Monte Carlo tables of a report: ``monte_carlo`` (each headline figure's
    ``label``, ``unit``, ``mean``, ``sd``, ``p5``, ``p50`` and ``p95`` over the draws),
    ``monte_carlo_chances`` (the ``probability`` that the case breaks even on each basis)
    and ``monte_carlo_partners`` (each partner's mean, 5th and 95th percentile net
    position and its chance of coming out ahead and of an ROI above 1) and
    ``monte_carlo_inputs`` (the inputs drawn and their distributions).

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> found = monte_carlo(pb.summarize(pb.simulate(example_case(), draws=200, seed=1)))
    >>> list(found), list(found["monte_carlo"].columns)  # doctest: +NORMALIZE_WHITESPACE
    (['monte_carlo', 'monte_carlo_chances', 'monte_carlo_partners', 'monte_carlo_inputs'],
     ['label', 'unit', 'mean', 'sd', 'p5', 'p50', 'p95'])
    """
    stats = uncertainty.table

    def nonzero(name: str) -> bool:
        return bool(np.any(np.abs(stats.loc[name].to_numpy()) > 0))

    hidden = set() if nonzero("pv_risk") else {"pv_risk", "nppv_risk_adjusted"}
    if np.allclose(
        stats.loc["nppv_weighted"].to_numpy(), stats.loc["nppv"].to_numpy(), rtol=1e-12, atol=0
    ):
        hidden.add("nppv_weighted")
    if not nonzero("pv_transfers"):
        hidden.add("pv_transfers")  # a case with no transfer payments
    shown = [m for m in stats.index if m in MONTE_CARLO_METRICS and m not in hidden]
    metrics = stats.loc[shown, ["mean", "sd", "p5", "p50", "p95"]].astype(float)
    metrics.insert(0, "unit", [FIGURES[m].unit for m in shown])
    metrics.insert(0, "label", [FIGURES[m].title for m in shown])
    metrics.index = pd.Index(shown, name="metric")
    chances = pd.DataFrame(
        {"probability": [float(uncertainty.probabilities[k]) for k in MONTE_CARLO_CHANCES]},
        index=pd.Index(list(MONTE_CARLO_CHANCES.values()), name="chance"),
    )
    return {
        "monte_carlo": metrics,
        "monte_carlo_chances": chances,
        "monte_carlo_partners": uncertainty.by_partner.astype(float),
        "monte_carlo_inputs": uncertainty.inputs,
    }


def monte_carlo_intro(uncertainty: UncertaintySummary) -> str:
    """The sentence every report opens its Monte Carlo section with: how many draws,
    of how many uncertain inputs, and the chance that the partners together come out
    ahead."""
    draws = int(uncertainty.metrics.sizes.get(D.DRAW, 0))
    inputs = len(uncertainty.inputs)
    chance = uncertainty.probabilities["npbi > 0"]
    return (
        f"{draws:,} draws of {inputs} uncertain input{'s' if inputs != 1 else ''} "
        "(the distributions stated in the case, and a spread by evidence grade for the "
        "rest): the mean, standard deviation and 5th, 50th and 95th percentiles of each "
        f"figure, the chance of breaking even on each basis (the partners together "
        f"come out ahead in {chance:.0%} of draws) and each partner's chance of coming "
        "out ahead."
    )


def agreements(settlements: Mapping[str, Settlement]) -> tuple[Table, Table]:
    """The agreement options side by side: the partner × option matrix a board reads
    (each option's PV contribution and net position, a partner left worse off marked),
    and the same as tidy rows (``partner``, ``option``, ``pv_contribution``, ``net``,
    ``roi``, ``worse_off``) for the machine formats; ``as modelled`` (each partner
    bearing the costs the case gives it) first."""
    from placebudget.report.comparison import compare_settlements

    compared = compare_settlements(settlements)
    options = list(dict.fromkeys(compared.columns.get_level_values("option")))
    matrix = pd.DataFrame(index=compared.index)
    kinds: dict[str, str | None] = {}
    labels: dict[str, str] = {}
    flags: dict[str, str] = {}
    for option in options:
        for metric, word in (("pv_contribution", "contribution"), ("net", "net")):
            column = f"{option}: {word}"
            matrix[column] = compared[(option, metric)].astype(float)
            kinds[column], labels[column] = "money", f"{option}: {word}"
        flag = f"{option}: worse_off"
        matrix[flag] = compared[(option, "worse_off")].astype(bool)
        flags[f"{option}: net"] = flag
        kinds[flag] = "flag"
    long = (
        pd.concat({option: compared[option] for option in options}, names=["option"])
        .swaplevel()
        .sort_index(level=0, sort_remaining=False)
    )
    return (
        table(
            "agreements_matrix",
            "Each partner's PV contribution and net position under each option",
            matrix.rename_axis(D.PARTNER),
            kinds=kinds,
            labels=labels,
            flags=flags,
            audience="human",
        ),
        table(
            "agreements",
            "Investment agreement options: each partner's position",
            long,
            audience="machine",
        ),
    )


def preferred_option(settlements: Mapping[str, Settlement]) -> tuple[str, dict[str, list[str]]]:
    """The agreement option a report recommends, and who is worse off under each option
    (``as modelled`` first): the option leaving the fewest partners with a negative net
    position, then the one whose worst-off partner loses least, then the first in the
    case's order."""
    from placebudget.report.comparison import compare_settlements

    compared = compare_settlements(settlements)
    options = list(dict.fromkeys(compared.columns.get_level_values("option")))
    losers = {
        o: [str(p) for p in compared.index[compared[(o, "worse_off")].astype(bool)]]
        for o in options
    }
    worst = {o: float(compared[(o, "net")].min()) for o in options}
    ranked = sorted(options[1:], key=lambda o: (len(losers[o]), -worst[o], options.index(o)))
    return ranked[0], losers


def _year_labels(columns: Any) -> list[str]:
    """Financial years as ``2013/14``, other column names as they are."""
    return [financial_year_label(c) if isinstance(c, int) else str(c) for c in list(columns)]


def pooled_budget(
    result: Appraisal, settlements: Mapping[str, Settlement]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """For each agreement option: each partner's contribution to the pot by year with the
    pot's total, beside its "as is" reactive spend and its saving; and what the pot pays
    for, by cost category and year."""
    budgets, uses = {}, {}
    for option, settlement in settlements.items():
        budget = settlement.pooled_budget
        summary = settlement.pooled_summary
        budget.columns = _year_labels(budget.columns)
        budget = budget.rename(columns={"pv": "pv_contribution"})
        joined = budget.join(summary.drop(columns="pv_contribution"), how="left")
        joined.loc["pot", "share_of_pot"] = 1.0
        joined.loc["pot", ["pv_baseline_cost", "pv_saving", "net"]] = (
            summary[["pv_baseline_cost", "pv_saving", "net"]].sum().to_numpy()
        )
        pot = joined.loc["pot"]
        joined.loc["pot", "saving_share_of_baseline"] = (
            pot["pv_saving"] / pot["pv_baseline_cost"]
            if pot["pv_baseline_cost"] > 0
            else float("nan")
        )
        joined.loc["pot", "contribution_share_of_baseline"] = (
            pot["pv_contribution"] / pot["pv_baseline_cost"]
            if pot["pv_baseline_cost"] > 0
            else float("nan")
        )
        budgets[option] = joined
        pays = settlement.pot_uses
        pays.columns = _year_labels(pays.columns)
        uses[option] = pays
    return (
        pd.concat(budgets, names=["option", D.PARTNER]),
        pd.concat(uses, names=["option", D.CATEGORY]),
    )


def effects(result: Appraisal) -> pd.DataFrame:
    """Every effect of the case as it gives it: the rates, timing, evidence grade, values
    and source."""
    case = result.projection.case
    rows: list[dict[str, Any]] = []
    # whether an effect increases its outcome is shown when one does
    increases = case is not None and any(
        effect.increases for intervention in case.interventions for effect in intervention.effects
    )
    for intervention in case.interventions if case is not None else ():
        for effect in intervention.effects:
            rows.append(
                {
                    "intervention": intervention.id,
                    "outcome": effect.outcome,
                    "unit": effect.unit,
                    "baseline": effect.baseline,
                    "impact": effect.impact,
                    "deadweight": effect.deadweight,
                    "displacement": effect.displacement,
                    "attribution": effect.attribution,
                    "lag": effect.lag,
                    "duration": effect.duration,
                    "drop_off": effect.drop_off,
                    **({"increases": effect.increases} if increases else {}),
                    "confidence": effect.confidence,
                    "optimism_bias": effect.optimism_bias,
                    "values": "; ".join(f"{p}: {v.amount}" for p, v in effect.fiscal.items()),
                    "source": effect.source or "",
                }
            )
    return pd.DataFrame(rows)


def disbenefits(result: Appraisal) -> pd.DataFrame:
    """Each partner bearing a dis-benefit (the fiscal value of the outcomes effects
    increase): the amount by financial year (undiscounted, columns ``2013/14`` …) and its
    present value (``pv_disbenefit``); no row for a partner that bears none, no row at
    all without a dis-benefit."""
    projection = result.projection
    by_year = np.asarray(projection.flows()[D.DISBENEFIT]).sum(axis=-1)  # (partner, year)
    partners = projection.input_values(D.PARTNER)
    frame = pd.DataFrame(
        by_year,
        index=pd.Index(partners, name=D.PARTNER),
        columns=[financial_year_label(int(y)) for y in projection.years],
    )
    borne = np.abs(by_year).sum(axis=-1) > 0
    if not borne.any():  # no dis-benefit: nothing more to read (no labelled metrics built)
        frame["pv_disbenefit"] = 0.0
        empty: pd.DataFrame = frame.iloc[:0]
        return empty
    frame["pv_disbenefit"] = np.asarray(result.metrics["partner_pv_disbenefit"], dtype=float)
    found: pd.DataFrame = frame.loc[borne]
    return found


def costs(result: Appraisal) -> pd.DataFrame:
    """Every cost line of the case as it gives it."""
    case = result.projection.case
    rows: list[dict[str, Any]] = []
    for intervention in case.interventions if case is not None else ():
        for line in intervention.costs:
            rows.append(
                {
                    "intervention": intervention.id,
                    "partner": line.partner,
                    "category": line.category,
                    "kind": line.kind,
                    "amounts": "; ".join(f"{y}: {a:,.0f}" for y, a in line.amounts.items()),
                    "per_participant": ""
                    if line.per_participant is None
                    else str(line.per_participant),
                    "price_year": line.price_year,
                    "confidence": line.confidence,
                    "optimism_bias": line.optimism_bias,
                    "description": line.description,
                }
            )
    return pd.DataFrame(rows)


def _listed(text: Any) -> list[str]:
    """The names of a comma-separated attribute."""
    return [name.strip() for name in str(text).split(",") if name.strip()]


def unit_cost_databases(attrs: Mapping[str, Any]) -> str:
    """The database ``ucd:`` codes were looked up in, and the editions codes named
    (``ucd-v1.2:CR6.0``)."""
    named = _listed(attrs.get("unit_cost_editions", ""))
    text = str(attrs.get("unit_costs", ""))
    if named:
        text += f"; codes naming their edition from {', '.join(named)}"
    return text


def vintages(result: Appraisal) -> pd.DataFrame:
    """The bundled tables this appraisal used, with source, vintage and the date each
    was last checked (from :func:`placebudget.reference.data_versions`)."""
    attrs = result.projection.attrs
    used = {
        (attrs.get("discounting", ""), "discount schedule"),
        (attrs.get("deflators", ""), "GDP deflators"),
        (attrs.get("unit_costs", ""), "unit costs"),
        (attrs.get("optimism_bias_table", ""), "optimism bias by grade"),
        ("vfm", "value-for-money categories"),
        ("metb", "marginal excess tax burden"),
    }
    used |= {(name, "unit costs") for name in _listed(attrs.get("unit_cost_editions", ""))}
    if attrs.get("unit_costs", "").startswith("ucd-"):
        used.add(("ucd-transfers", "transfer payment shares"))
    calendar = str(attrs.get("appraisal_deflators", ""))
    if calendar:  # the gb: values' calendar-year series (run on: its base series)
        used.add((calendar.split("+", 1)[0], "GDP deflators by calendar year"))
    if not np.isnan(result.projection.input_values(D.LINE_OB_UPPER)).all():
        used.add(("gb-2003-mott-macdonald", "capital optimism bias by project type"))
    codes = [c.strip() for c in str(attrs.get("appraisal_values", "")).split(",") if c.strip()]
    found = data_versions()
    keep = [
        key
        for key in found.index
        if key in used
        or any(code in str(key[0]).split(", ") for code in codes)
        or (key[1].startswith("appraisal value") and any(code in str(key[0]) for code in codes))
    ]
    return found.loc[list(dict.fromkeys(keep))]


def optimism_bias_text(attrs: Mapping[str, Any]) -> str:
    """The optimism bias table of the assumptions: its name, what it is, its rates by
    grade and its status (its name alone for a projection without them)."""
    name = str(attrs.get("optimism_bias_table", ""))
    if not attrs.get("optimism_bias_status"):
        return name
    return (
        f"{name} ({attrs.get('optimism_bias_title', '')}; "
        f"{attrs.get('optimism_bias_rates', '')} by evidence grade 1 to 6): "
        f"{attrs['optimism_bias_status']}"
    )


#: The figures of the benefits after the horizon for the whole case (not by partner).
BEYOND_HORIZON_FIGURES: tuple[str, ...] = tuple(m for m in BEYOND_HORIZON if not FIGURES[m].dims)


def beyond_horizon(result: Appraisal) -> pd.DataFrame:
    """The benefits after the horizon's last year, not counted (present values, the
    engine's :attr:`~placebudget.engine.Appraisal.beyond_horizon`): one row a figure
    (``metric``, ``label``, ``value``, ``unit``), zero when nothing is cut off."""
    found = result.beyond_horizon
    return pd.DataFrame(
        {
            "metric": list(BEYOND_HORIZON_FIGURES),
            "label": [FIGURES[m].title for m in BEYOND_HORIZON_FIGURES],
            "value": [float(found[m]) for m in BEYOND_HORIZON_FIGURES],
            "unit": [FIGURES[m].unit for m in BEYOND_HORIZON_FIGURES],
        }
    )


def beyond_horizon_partners(result: Appraisal) -> pd.DataFrame:
    """Each partner's fiscal benefit after the horizon's last year, not counted
    (``partner_fiscal_beyond_horizon``, present value), by partner id."""
    return pd.DataFrame(
        {
            "partner_fiscal_beyond_horizon": np.asarray(
                result.beyond_horizon["partner_fiscal_beyond_horizon"], dtype=float
            )
        },
        index=pd.Index(result.projection.input_values(D.PARTNER), name=D.PARTNER),
    )


def beyond_horizon_text(result: Appraisal) -> str | None:
    """The sentence that says what the horizon cuts off (the catalogue's
    ``benefit_beyond_horizon`` and ``fiscal_beyond_horizon``, computed once by the
    engine), or ``None`` when every intake's benefit ends within the horizon.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.examples import example_path
    >>> case = pb.load_case(example_path("west_cheshire"))
    >>> beyond_horizon_text(pb.project(case).appraise())
    'Benefits after 2017/18 are not counted: £69,702 present value (6.1% of NPBI).'
    """
    from placebudget.figures import format_share

    found = result.beyond_horizon
    fiscal, public = found["fiscal_beyond_horizon"], found["benefit_beyond_horizon"]
    if fiscal == 0 and public == 0:
        return None

    def share(name: str, of: str) -> str:
        value = found[name]
        if np.isnan(value):  # the net figure is not above zero
            return f"{of} {format_money(getattr(result, of.lower()))}"
        return f"{format_share(value)} of {of}"

    last = financial_year_label(int(result.projection.years[-1]))
    if np.isclose(fiscal, public, rtol=1e-9, atol=0.005):
        amounts = (
            f"{format_money(fiscal)} present value ({share('fiscal_beyond_horizon_share', 'NPBI')})"
        )
    else:
        amounts = (
            f"{format_money(fiscal)} of fiscal benefit "
            f"({share('fiscal_beyond_horizon_share', 'NPBI')}) and {format_money(public)} of "
            f"public value ({share('benefit_beyond_horizon_share', 'NPPV')}), present value"
        )
    by_partner = found["partner_fiscal_beyond_horizon"]
    received = [
        (str(partner), float(value))
        for partner, value in zip(
            result.projection.input_values(D.PARTNER), by_partner, strict=True
        )
        if round(float(value)) != 0
    ]
    partners = (
        "; fiscal, by partner: "
        + ", ".join(f"{partner} {format_money(value)}" for partner, value in received)
        if len(received) > 1
        else ""
    )
    return f"Benefits after {last} are not counted: {amounts}{partners}."


def annuity_text(annuity: str, years: Sequence[int]) -> str:
    """How EAC and EANC spread a present value over ``years`` under the ``annuity``
    convention (``"due"`` or ``"immediate"``), in words."""
    first, n = financial_year_label(int(years[0])), len(years)
    if annuity == "immediate":
        return (
            f"the sum of the discount factors of the {n} appraisal years without the first, "
            f"{first} (an annuity immediate: equal amounts in arrears in the {n - 1} later "
            "years; an annuity due would include it)"
        )
    return (
        f"the sum of the discount factors of all {n} appraisal years, {first} (undiscounted) "
        "included (an annuity due: equal amounts at the start of each year, discounted as "
        "the flows are; an annuity immediate would leave it out)"
    )


def prices_sentence(result: Appraisal) -> str:
    """The one sentence every report's assumptions give on prices: the GDP deflator
    series the amounts were uprated with (and, for the bundled derived one, that its
    financial years are derived from calendar years as 0.75 × one + 0.25 × the next),
    and the calendar-year series the Green Book (``gb:``) values were uprated with.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> print(prices_sentence(pb.project(example_case()).appraise()))  # doctest: +ELLIPSIS
    Prices: every amount is uprated to 2012/13 prices with the GDP deflator series hmt-2025-12 (...
    """
    attrs = result.projection.attrs
    series = str(attrs.get("deflators", ""))
    base = financial_year_label(result.price_base)
    if series.split("+", 1)[0] in DERIVED_DEFLATOR_SERIES:
        how = (
            "by financial year, derived from HM Treasury's calendar-year series as "
            "0.75 × one year + 0.25 × the next, not the published financial-year series"
        )
    else:
        note = str(attrs.get("deflator_note", ""))
        how = f"by financial year{'; ' + note if note else ''}"
    sentence = (
        f"Prices: every amount is uprated to {base} prices with the GDP deflator series "
        f"{series} ({how})"
    )
    codes = str(attrs.get("appraisal_values", ""))
    calendar = str(attrs.get("appraisal_deflators", ""))
    if codes and calendar:
        assumed = str(attrs.get("appraisal_deflator_assumed_years", ""))
        sentence += (
            f"; the Green Book values ({codes}) keep their calendar-year price base and are "
            f"uprated with the calendar-year series {calendar}, the price base taken as "
            f"calendar {result.price_base}"
            + (f" (calendar years {assumed} assumed)" if assumed else "")
        )
    else:
        sentence += (
            "; no Green Book (gb:) values are used (they would keep their calendar-year "
            f"price base and be uprated with the calendar-year series {DEFAULT_CALENDAR_DEFLATORS})"
        )
    return sentence + "."


def _first_rate(schedule: Any) -> str:
    """The rate of a discount schedule's first band as a percentage (``3.5 %``)."""
    from placebudget.model import DiscountSchedule
    from placebudget.reference import discount_schedule

    found = schedule if isinstance(schedule, DiscountSchedule) else discount_schedule(schedule)
    return f"{found.bands[0].rate * 100:g} %"


def health_discounting_text(result: Appraisal) -> str:
    """The sentence of the assumptions on how health values are discounted: at the Green
    Book health rate (1.5 %) and other values at the case's, or every value at the
    case's when health discounting is off."""
    case = result.projection.case
    attrs = result.projection.attrs
    schedule = case.discounting if case is not None else attrs.get("discounting", "standard")
    name = schedule if isinstance(schedule, str) else schedule.name
    other = f"{_first_rate(schedule)} ({name} schedule)"
    health = _first_rate(HEALTH_SCHEDULE)
    if case is not None and not case.health_discounting:
        return f"health discounting off: every value, health values included, at {other}"
    if attrs.get("health_discounting"):
        return (
            f"Health values (QALYs) discounted at {health}, the Green Book health rate; "
            f"other values at {other}"
        )
    return (
        f"none in this case (health values, QALYs, would be discounted at {health}, the "
        f"Green Book health rate); every value at {other}"
    )


def _long_horizon_rows(horizon: int) -> list[tuple[str, str]]:
    """The assumptions row prompting the low-rate sensitivity of a horizon over 50
    years."""
    if horizon <= LONG_HORIZON:
        return []
    return [
        (
            "long horizon",
            f"over {LONG_HORIZON} years: the Green Book asks for the low-rate sensitivity "
            "(3.00 % falling to 0.86 %, the reduced schedule), a row of the "
            "value-for-money table",
        )
    ]


def assumptions(
    result: Appraisal,
    *,
    public_value_rule: str | None = None,
    as_is_rule: str | None = None,
    warnings: Sequence[str] = (),
) -> pd.DataFrame:
    """The assumptions table every report ends with: the case, the reference tables and
    their vintages, the deflator years that are forecasts or assumptions, and the public
    value rule (``public_value_rule``) with the transfer payments it left out, what
    the reactive spend as is counts (``as_is_rule``), and the validation ``warnings``
    (each a row, as ``placebudget validate`` gives them)."""
    from placebudget.engine.green_book import case_metb

    public_value_rule = public_value_rule or PUBLIC_VALUE_RULE
    as_is_rule = as_is_rule or AS_IS_RULE
    attrs = result.projection.attrs
    years = result.projection.years
    case = result.projection.case
    rows = [
        ("case", attrs.get("case", "")),
        ("place", case.place.name if case else attrs.get("place", "")),
        ("start year", financial_year_label(int(years[0]))),
        ("horizon (years)", len(years)),
        ("price base", f"{financial_year_label(result.price_base)} prices"),
        ("discount schedule", attrs.get("discounting", "")),
        ("health values", health_discounting_text(result)),
        *_long_horizon_rows(len(years)),
        ("GDP deflator series", attrs.get("deflators", "")),
        ("GDP deflator years covered", attrs.get("deflator_coverage", "")),
        ("prices and deflators", prices_sentence(result)),
        (
            "deflator years used that are forecasts",
            attrs.get("deflator_forecast_years", "") or "none",
        ),
        (
            "deflator years used that are assumed (series extended)",
            attrs.get("deflator_assumed_years", "") or "none",
        ),
        ("unit cost database", unit_cost_databases(attrs)),
        ("optimism bias table", optimism_bias_text(attrs)),
        ("public value", public_value_rule),
        ("transfer payments excluded from public value (PV)", format_money(result.pv_transfers)),
        ("reactive spend as is", as_is_rule),
        (
            "benefits after the horizon (not counted)",
            beyond_horizon_text(result) or "none: every intake's benefit ends within the horizon",
        ),
        ("Green Book edition", case.green_book if case is not None else ""),
        ("appraisal values (gb:)", attrs.get("appraisal_values", "") or "none"),
        ("costs of raising public funds (METB)", _metb_text(result, case_metb(result))),
        ("value-for-money categories", VFM_SOURCE),
        (
            "equivalent annual cost (EAC, EANC)",
            "present value divided by "
            + annuity_text(str(attrs.get("annuity", "due")), [int(y) for y in years]),
        ),
        (
            "payback",
            "the first year cumulative fiscal benefit reaches cumulative cost (discounted "
            "too), with the cumulative surplus at the end of it and the shortfall at the "
            "end of the year before; the payback period counts years from the start of "
            f"{financial_year_label(int(years[0]))}, each year's net flow spread evenly "
            "through it (linear within the payback year)",
        ),
    ]
    if case is not None and case.distributional_weights is not None:
        weights = case.distributional_weights
        rows.append(
            (
                "distributional weights",
                f"(median income / cohort income) ^ eta, "
                f"median {weights.median_income:,.0f} GBP a year, eta {weights.eta:g}"
                f"{'; ' + weights.source if weights.source else ''}; economic and "
                "social values only",
            )
        )
    for interaction in case.interactions if case is not None else ():
        judgement = (
            f"; adjustment {interaction.adjustment:+.0%} (judgement: {interaction.rationale})"
            if interaction.adjustment
            else ""
        )
        rows.append(
            (
                f"interaction {' and '.join(interaction.between)}",
                f"{interaction.overlap:.0%} of the first's participants also in the "
                f"second{judgement}",
            )
        )
    used = vintages(result)
    for (name, kind), vintage, source, checked in zip(
        used.index, used["vintage"], used["source"], used["checked"], strict=True
    ):
        rows.append((f"vintage: {kind} {name}", f"{vintage} ({source}; checked {checked})"))
    plan = case.reinvestment if case is not None else None
    if case is not None and plan is not None:
        cap = "no cap" if plan.cap is None else f"at most {plan.cap:,.0f} GBP a year"
        whose = ", ".join(plan.partners) if plan.partners else "every partner"
        into = plan.into or case.interventions[0].id
        rows.append(
            (
                "reinvestment",
                f"{plan.share:.0%} of the cashable savings of {whose} "
                f"in each year buys extra participants of {into} the next year ({cap}); "
                f"PV reinvested {format_money(result.pv_reinvested)}",
            )
        )
    rows += [("validation warning", warning) for warning in warnings]
    return pd.DataFrame(rows, columns=["assumption", "value"]).astype({"value": str})


def _metb_text(result: Appraisal, rate: float | None) -> str:
    case = result.projection.case
    if rate is None:
        return (
            "not applied: the Green Book (February 2026) sets no uplift and says the "
            "costs of raising public funds should not generally be included"
        )
    stated = (
        "stated by the case"
        if case is not None and case.metb is not None
        else (f"the {case.green_book if case else ''} edition's")
    )
    return (
        f"{rate:.0%} ({stated}) of the net cost to the exchequer (PV cost less "
        "cashable savings), as a sensitivity only: never in the headline figures"
    )


def tidy(result: Appraisal) -> pd.DataFrame:
    """The projection as one long table: ``variable, intervention, partner, year,
    outcome, value, units`` (blank where a variable has no such dimension; participants
    by intervention, each in its cohort's unit), from
    :meth:`~placebudget.engine.Projection.to_frame`."""
    names = [name for name, found in FIGURES.of("variable").items()]
    table_ = result.projection.to_frame(names)
    columns = ["variable", D.INTERVENTION, D.PARTNER, D.YEAR, D.OUTCOME, "value", "units"]
    table_ = table_.reindex(columns=columns)
    ids = [D.INTERVENTION, D.PARTNER, D.OUTCOME]
    table_[ids] = table_[ids].fillna("")
    table_[D.YEAR] = table_[D.YEAR].astype("int64")
    return table_
