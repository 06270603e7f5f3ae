"""The section of the report on the evaluation: forecast against actual."""

from __future__ import annotations

from typing import TYPE_CHECKING

from placebudget.figures import format_money
from placebudget.report.outline import Chart, Paragraph, Section, table

if TYPE_CHECKING:
    from placebudget.engine.results import Results


def _evaluation(results: Results) -> list[Section]:
    evaluation = results.evaluation
    if evaluation is None:
        return []
    totals = evaluation.totals
    money = {"forecast": "money", "realised": "money", "actual": "money", "variance": "money"}
    return [
        Section(
            name="evaluation",
            title=f"Evaluation: forecast against actual ({evaluation.basis})",
            blocks=(
                Paragraph(
                    "Outcome units changed in each period; part-years are pro-rated explicitly."
                ),
                Chart(
                    name="forecast",
                    caption="Outcome units changed in each period, forecast against actual.",
                    alt=f"Bar chart of the forecast and actual change in each "
                    f"period: {float(evaluation.outcomes['forecast_change'].sum()):,.1f} units "
                    f"forecast, {float(evaluation.outcomes['actual_change'].sum()):,.1f} "
                    "observed.",
                ),
                table(
                    "evaluation",
                    "Forecast against actual, by period and outcome",
                    evaluation.outcomes,
                    kinds={"variance": "count"},
                    hidden=("year", "people", "observed_rate", "counterfactual_rate"),
                ),
                table(
                    "evaluation_estimates",
                    "Observed against assumed, over all periods",
                    evaluation.estimates,
                    hidden=("months_observed", "observed_rate", "counterfactual_rate"),
                ),
                table(
                    "evaluation_fiscal",
                    "Fiscal benefit, forecast and realised",
                    evaluation.fiscal,
                    kinds=money,
                ),
                table(
                    "evaluation_costs", "Costs, forecast and actual", evaluation.costs, kinds=money
                ),
                Paragraph(
                    f"Realised fiscal benefit to date {format_money(totals['realised_fiscal'])} "
                    f"(forecast {format_money(totals['forecast_fiscal'])}); cost to date "
                    f"{format_money(totals['actual_cost'])} (forecast "
                    f"{format_money(totals['forecast_cost'])})."
                ),
            ),
        )
    ]
