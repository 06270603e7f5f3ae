"""The sections of the report on sensitivity (the one-way sensitivity and switching values)
and uncertainty (the Monte Carlo summary)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from placebudget.figures import format_money
from placebudget.report import frames as F
from placebudget.report.outline import Block, Chart, Names, Paragraph, Section, table

if TYPE_CHECKING:
    from placebudget.engine.results import Results

#: Rows of the sensitivity table every report shows (largest swing first).
SENSITIVITY_ROWS = 12


def _sensitivity(results: Results) -> list[Section]:
    if results.sensitivity is None:
        return []
    frame = F.sensitivity(results.sensitivity)
    return [
        Section(
            name="sensitivity",
            title="Sensitivity and switching values",
            blocks=(
                Paragraph(
                    "Net present budget impact with each input at the low and high of its "
                    "range (the range the case states for it, a published range, or its "
                    "evidence grade's spread; rates as rates, money as a factor on the value "
                    "given), largest swing first, and the switching value at which it reaches "
                    "zero (– where that is never within the input's bounds)."
                ),
                Paragraph(_crossing_sentence(results)),
                table(
                    "sensitivity",
                    "One-way sensitivity and switching values",
                    frame.head(SENSITIVITY_ROWS),
                    hidden=("point", "npbi_swing", "switching_change"),
                ),
                Chart(
                    name="tornado",
                    caption="The net present budget impact at each input's low "
                    "and high value, the largest swings first.",
                    alt=_tornado_alt(results),
                ),
            ),
        )
    ]


def _crossing_sentence(results: Results) -> str:
    """How many inputs alone could make the case stop breaking even within their range,
    counting exactly those whose switching value lies inside the range used."""
    assert results.sensitivity is not None
    frame = results.sensitivity
    names = Names.of(results.case)
    crossing = [
        names.name("input", str(i))
        for i, row in frame.iterrows()
        if bool(row.get("crosses", False))
    ]
    if not crossing:
        return (
            f"None of the {len(frame)} inputs varied could, alone, make the net present "
            "budget impact cross zero within its range."
        )
    one = len(crossing) == 1
    return (
        f"{len(crossing)} of the {len(frame)} inputs varied could, alone, make the net "
        f"present budget impact cross zero within {'its' if one else 'their'} range: "
        + "; ".join(crossing)
        + "."
    )


def _tornado_alt(results: Results) -> str:
    assert results.sensitivity is not None
    frame = results.sensitivity
    if frame.empty:
        return "Tornado chart: no input varies."
    names = Names.of(results.case)
    top = frame.iloc[0]
    return (
        f"Tornado chart of the net present budget impact; the largest swing is "
        f"{names.name('input', str(frame.index[0]))}, from "
        f"{format_money(float(top['metric_low']))} to "
        f"{format_money(float(top['metric_high']))}."
    )


def _uncertainty(results: Results) -> list[Section]:
    if results.uncertainty is None:
        return []
    found = F.monte_carlo(results.uncertainty)
    return [
        Section(
            name="uncertainty",
            title="Uncertainty: Monte Carlo",
            blocks=(
                Paragraph(F.monte_carlo_intro(results.uncertainty)),
                Chart(
                    name="s_curve",
                    caption="The share of draws at or below each net present "
                    "budget impact and net present public value; the dots mark zero.",
                    alt=f"S-curves of the net present budget impact and net present public value "
                    f"over the draws: above zero in "
                    f"{results.uncertainty.probabilities['npbi > 0']:.0%} and "
                    f"{results.uncertainty.probabilities['nppv > 0']:.0%} of draws.",
                ),
                table(
                    "monte_carlo",
                    "Monte Carlo summary",
                    found["monte_carlo"],
                    row_figure="metric",
                    hidden=("metric", "unit"),
                    labels={"label": "Figure"},
                ),
                table(
                    "monte_carlo_chances", "Chances of breaking even", found["monte_carlo_chances"]
                ),
                table(
                    "monte_carlo_partners",
                    "Each partner's chance of coming out ahead",
                    found["monte_carlo_partners"],
                ),
                *_options_uncertainty(results),
                Paragraph("The inputs drawn (money as a factor on the value given):"),
                table("monte_carlo_inputs", "The inputs drawn", found["monte_carlo_inputs"]),
            ),
        )
    ]


def _options_uncertainty(results: Results) -> list[Block]:
    """Each partner's Monte Carlo net under every agreement option, one table an option."""
    assert results.uncertainty is not None
    options = results.uncertainty.by_option
    if options.empty or options.index.get_level_values("option").nunique() < 2:
        return []
    return [
        Paragraph(
            "Under each agreement option, over the same draws: each partner's "
            "mean, 5th and 95th percentile net position and its chance of coming "
            "out ahead."
        ),
        table(
            "monte_carlo_options", "Each partner's net under the option", options, group="option"
        ),
    ]
