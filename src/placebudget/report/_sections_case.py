"""The sections of the report on the option appraised, its costs and benefits by partner,
year and outcome, and the assumptions and sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from placebudget.engine import dims as D
from placebudget.engine.people import common_unit
from placebudget.figures import format_money
from placebudget.model import financial_year_label
from placebudget.report import frames as F
from placebudget.report.frames import AS_IS_RULE, PUBLIC_VALUE_RULE
from placebudget.report.outline import Block, Chart, Paragraph, Section, table

if TYPE_CHECKING:
    from placebudget.engine.results import Results


def _options(results: Results) -> Section:
    a = results.appraisal
    case = results.case
    name = case.name if case is not None else "the proposal"
    blocks: list[Block] = [
        Paragraph(
            f"The option appraised is {name}, against doing nothing: every partner's reactive "
            f"spend as it is today ({format_money(a.pv_baseline_cost)} over the period, present "
            "value). Alternative options are appraised as cases of their own and compared side "
            "by side."
        )
    ]
    if case is not None:
        frame = pd.DataFrame(
            {
                "intervention": [i.name for i in case.interventions],
                "cohort_unit": [i.cohort.unit for i in case.interventions],
                "intake": [float(sum(i.cohort.intake.values())) for i in case.interventions],
                "engagement": [i.engagement for i in case.interventions],
            }
        )
        blocks.append(
            table(
                "interventions_appraised",
                "The interventions appraised",
                frame,
                kinds={"intake": "count", "engagement": "share"},
                labels={
                    "cohort_unit": "Cohort unit",
                    "intake": "Intake",
                    "engagement": "Engagement",
                },
            )
        )
    return Section(name="options", title="The option appraised", blocks=tuple(blocks))


def _disbenefits(results: Results) -> list[Block]:
    """The dis-benefits each partner bears, by year, when an effect increases an
    outcome: shown apart, though already in the fiscal benefits above."""
    frame = F.disbenefits(results.appraisal)
    if frame.empty:
        return []
    return [
        Paragraph(
            "Dis-benefits: effects that increase an outcome (extra demand, emissions, a "
            "problem displaced onto a partner) are valued as a cost to the partner that "
            "bears it: negative benefits, already taken off its fiscal benefit above and "
            "off the benefit-cost ratio's numerator (not added to its costs). "
            f"{format_money(results.appraisal.pv_disbenefit)} in all (present value)."
        ),
        table(
            "disbenefits",
            "Dis-benefits borne by partner (undiscounted by year; present value)",
            frame,
            wide="money",
        ),
    ]


def _partners(results: Results) -> Section:
    return Section(
        name="partners",
        title="Costs and benefits by partner",
        blocks=(
            Paragraph("Costs borne and fiscal benefits received by each partner, present values."),
            table(
                "partners",
                "Costs and fiscal benefits by partner (present values)",
                results.appraisal.by_partner,
                hidden=(
                    "department",
                    "pv_risk",
                    "pv_baseline_cost",
                    "saving_share",
                    "discounted_payback_year",
                ),
            ),
            Chart(
                name="partners",
                caption="Who pays and who benefits (present values).",
                alt="Bar chart of each partner's PV cost borne against its PV fiscal benefit.",
            ),
            *_disbenefits(results),
        ),
    )


def _years(results: Results) -> Section:
    a = results.appraisal
    reinvests = bool(a.pv_reinvested)
    extra = () if reinvests else ("reinvested_participants", "reinvested")
    if not a.pv_disbenefit:  # a column of its own only when an effect increases an outcome
        extra = (*extra, "disbenefit")
    # the health discount factor is shown when health values are discounted apart
    health = () if a.projection.attrs.get("health_discounting") else ("health_discount_factor",)
    return Section(
        name="years",
        title="Costs and benefits by year",
        blocks=(
            *_people(results),
            Paragraph(
                ("Participants, costs" if D.PARTICIPANTS in a.by_year.columns else "Costs")
                + " and benefits in each financial year (undiscounted), "
                "the running net fiscal position and the discount factor."
            ),
            table(
                "years",
                "Costs and benefits by financial year",
                a.by_year,
                hidden=(
                    "baseline_cost",
                    "cashable",
                    "transfer_payment",
                    "economic",
                    "social",
                    "risk_cost",
                    "weighted_benefit",
                    "net_fiscal",
                    "pv_cost",
                    "pv_fiscal",
                    "health_social",
                    "health_weighted_benefit",
                    *health,
                    *extra,
                ),
            ),
            Chart(
                name="cumulative",
                caption="Cumulative cost and fiscal benefit (undiscounted).",
                alt="Line chart of cumulative cost against cumulative fiscal benefit by year"
                + (
                    f"; they meet in {financial_year_label(a.payback_year)}."
                    if a.payback_year is not None
                    else "; they do not meet within the horizon."
                ),
            ),
        ),
    )


def _people_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A people table by intervention (``Appraisal.participants_by_intervention``) with
    its years as labels (``2013/14``) and its ``unit`` the ``cohort_unit``."""
    years = {y: financial_year_label(int(y)) for y in frame.columns if y != "unit"}
    return frame.rename(columns={**years, "unit": "cohort_unit"})


def _people(results: Results) -> list[Block]:
    """Participants by intervention, each in its cohort's unit: the total across
    interventions is in the table by year only when they all count the same unit."""
    a = results.appraisal
    units = a.participants_by_intervention["unit"]
    mixed = len(units) > 1 and common_unit(list(units)) is None
    blocks: list[Block] = [
        Paragraph(
            "Engaged participants entering each year, by intervention, each counted in its "
            "cohort's unit"
            + (
                f" ({', '.join(sorted(set(units)))}): they are not added up, as they count "
                "different units."
                if mixed
                else f" (each counts a {units.iloc[0]}); their total is in the table by year."
                if len(units)
                else "."
            )
        ),
        table(
            "participants",
            "Participants by intervention (engaged, entering; in each cohort's unit)",
            _people_frame(a.participants_by_intervention),
            wide="count",
            keys=("cohort_unit",),
            labels={"cohort_unit": "Cohort unit"},
        ),
    ]
    # always in the machine formats (the same JSON tables for every case); shown to a
    # reader when the case reinvests
    if a.pv_reinvested:
        blocks.append(
            Paragraph(
                "Of them, the participants bought by reinvesting cashable savings, by intervention:"
            )
        )
    blocks.append(
        table(
            "reinvested_participants",
            "Participants bought by reinvestment, by intervention",
            _people_frame(a.reinvested_participants_by_intervention),
            wide="count",
            keys=("cohort_unit",),
            labels={"cohort_unit": "Cohort unit"},
            audience="all" if a.pv_reinvested else "machine",
        )
    )
    return blocks


def _outcomes(results: Results) -> Section:
    a = results.appraisal
    return Section(
        name="outcomes",
        title="Benefits by outcome",
        blocks=(
            table(
                "outcomes",
                "Benefits by outcome (present values)",
                a.by_outcome,
                hidden=("theme", "pv_cashable", "pv_baseline_cost"),
            ),
            Paragraph(
                f"Public value: {PUBLIC_VALUE_RULE}. Transfer payments excluded: "
                f"{format_money(a.pv_transfers)} (PV)."
            ),
            Chart(
                name="outcomes",
                caption="Present value of benefits by outcome.",
                alt="Stacked bar chart of each outcome's PV fiscal, economic and social benefit.",
            ),
        ),
    )


def _assumptions(results: Results) -> Section:
    a = results.appraisal
    return Section(
        name="assumptions",
        title="Assumptions and sources",
        blocks=(
            table(
                "assumptions",
                "Assumptions and sources",
                F.assumptions(
                    a,
                    public_value_rule=PUBLIC_VALUE_RULE,
                    as_is_rule=AS_IS_RULE,
                    warnings=results.warnings,
                ),
            ),
            # the benefits after the horizon as figures (the assumptions say them in words)
            table(
                "beyond_horizon",
                "Benefits after the horizon, not counted (present value)",
                F.beyond_horizon(a),
                row_figure="metric",
                hidden=("metric", "unit"),
                labels={"label": "Figure", "value": "Value"},
                audience="machine",
            ),
            table(
                "beyond_horizon_partners",
                "Fiscal benefits after the horizon by partner, not counted (present value)",
                F.beyond_horizon_partners(a),
                audience="machine",
            ),
            table(
                "effects",
                "The effects assumed",
                F.effects(a),
                hidden=(
                    "unit",
                    "displacement",
                    "attribution",
                    "lag",
                    "duration",
                    "drop_off",
                    "optimism_bias",
                ),
            ),
            table(
                "costs",
                "The costs assumed",
                F.costs(a),
                hidden=("kind", "per_participant", "price_year", "optimism_bias", "description"),
            ),
        ),
    )
