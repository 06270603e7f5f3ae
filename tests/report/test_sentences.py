"""Every sentence a report writes is held to the figures it summarises: each amount of
money, share and year in a paragraph, a list or a chart's description is one of the
results' own figures, and the sentences that choose (the recommended option, who is
worse off, what crosses break-even) say what the figures say."""

from __future__ import annotations

import re

import pytest

import placebudget as pb
from placebudget.examples import actuals_path, example_path
from placebudget.figures import format_money
from placebudget.io.actuals import load_actuals
from placebudget.report import report_contents
from placebudget.report.comparison import compare_settlements
from placebudget.report.outline import Bullets, Chart, Names, Paragraph

EXAMPLES = ("troubled_families", "west_cheshire", "northtown")


@pytest.fixture(scope="module", params=EXAMPLES)
def results(request: pytest.FixtureRequest) -> pb.Results:
    case = pb.load_case(example_path(request.param))
    projection = pb.project(case)
    evaluation = (
        pb.evaluate(projection, load_actuals(actuals_path()))
        if request.param == "west_cheshire"
        else None
    )
    return pb.compute_results(
        projection, evaluation=evaluation, uncertainty=pb.simulate_summary(case, draws=400, seed=7)
    )


def _sentences(results: pb.Results) -> list[str]:
    found = []
    for section in report_contents(results).sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                found.append(block.text)
            elif isinstance(block, Bullets):
                found += list(block.items)
            elif isinstance(block, Chart):
                found.append(block.alt)
    return found


def _known_money(results: pb.Results) -> set[str]:
    """Every amount of money the results hold that a sentence may quote."""
    import pandas as pd

    def numbers(frame: pd.DataFrame) -> list[float]:
        return [
            float(v)
            for column in frame.columns
            for v in pd.to_numeric(frame[column], errors="coerce").astype(float)
        ]

    a = results.appraisal
    values: list[float] = [float(v) for v in a.summary().values() if isinstance(v, float)]
    values += numbers(a.by_partner) + numbers(a.as_is) + numbers(a.baseline_per_member)
    if results.settlements:
        values += numbers(compare_settlements(results.settlements))
    if results.sensitivity is not None:
        values += numbers(results.sensitivity)
    if results.optimism_bias is not None:
        values += numbers(results.optimism_bias)
    if results.evaluation is not None:
        values += [float(v) for v in pd.Series(results.evaluation.totals)]
    return {format_money(v) for v in values if v == v}


def test_every_amount_in_a_sentence_is_a_figure_of_the_results(results: pb.Results) -> None:
    known = _known_money(results)
    for sentence in _sentences(results):
        for amount in re.findall(r"-?£\d{1,3}(?:,\d{3})*(?:\.\d+)?", sentence):
            assert amount in known, (amount, sentence)


def test_the_summary_sentence_states_the_headline(results: pb.Results) -> None:
    a = results.appraisal
    sentence = next(s for s in _sentences(results) if s.startswith("Over "))
    assert f"costs {format_money(a.pv_cost)}" in sentence
    assert f"returns {format_money(a.pv_fiscal)}" in sentence
    assert f"net present budget impact of {format_money(a.npbi)}" in sentence
    assert f"benefit-cost ratio of {a.bcr:.2f}, which is {a.vfm_category}" in sentence
    decision = next(s for s in _sentences(results) if s.startswith("Decision asked for"))
    assert f"invest {format_money(a.pv_cost)}" in decision


def test_who_is_worse_off_under_each_option_is_what_the_settlements_say(
    results: pb.Results,
) -> None:
    if not results.settlements:
        pytest.skip("the case has no agreement options")
    names = Names.of(results.case)
    compared = compare_settlements(results.settlements)
    options = list(dict.fromkeys(compared.columns.get_level_values("option")))
    sentences = _sentences(results)
    worst_off = {}
    for option in options:
        worse = [
            names.name("partner", str(p))
            for p in compared.index
            if compared.loc[p, (option, "worse_off")]
        ]
        line = next(s for s in sentences if s.startswith(f"{option}: "))
        if worse:
            assert all(name in line for name in worse), line
            assert "worse off" in line
        else:
            assert line == f"{option}: no partner is worse off."
        worst_off[option] = (len(worse), -float(compared[(option, "net")].min()))
    recommended = min(options[1:], key=lambda o: (*worst_off[o], options.index(o)))
    decision = next(s for s in sentences if s.startswith("Decision asked for"))
    assert f'Recommended: option "{recommended}"' in decision


def test_the_monte_carlo_sentences_state_its_chances(results: pb.Results) -> None:
    assert results.uncertainty is not None
    chance = results.uncertainty.probabilities["npbi > 0"]
    intro = next(s for s in _sentences(results) if "draws of" in s)
    assert intro.startswith("400 draws of")
    assert f"come out ahead in {chance:.0%} of draws" in intro
    curves = next(s for s in _sentences(results) if s.startswith("S-curves"))
    assert f"above zero in {chance:.0%}" in curves


def test_west_cheshire_with_its_stated_ranges_does_not_break_even_at_the_low_impact() -> None:
    results = pb.compute_results(pb.project(pb.load_case(example_path("west_cheshire"))))
    assert results.sensitivity is not None
    row = results.sensitivity.loc["domestic_abuse › repeat_domestic_abuse › impact"]
    assert (row["low"], row["high"], row["range_source"]) == (0.2, 0.6, "stated in the case")
    assert row["low"] < row["switching_value"] < row["point"]
    assert bool(row["crosses"])
    sentence = next(s for s in _sentences(results) if "inputs varied could" in s)
    assert "Integrated domestic abuse service › Repeat domestic abuse › impact" in sentence


def test_the_evaluation_sentence_states_its_totals(results: pb.Results) -> None:
    if results.evaluation is None:
        pytest.skip("only West Cheshire has actuals")
    totals = results.evaluation.totals
    sentence = next(s for s in _sentences(results) if s.startswith("Realised fiscal"))
    assert format_money(totals["realised_fiscal"]) in sentence
    assert format_money(totals["forecast_cost"]) in sentence


def test_the_inputs_said_to_cross_break_even_are_those_whose_switching_value_is_in_range(
    results: pb.Results,
) -> None:
    assert results.sensitivity is not None
    frame = results.sensitivity
    inside = [
        (row["low"] <= row["switching_value"] <= row["high"])
        or (row["high"] <= row["switching_value"] <= row["low"])
        for _, row in frame.iterrows()
    ]
    assert frame["crosses"].tolist() == inside
    sentence = next(s for s in _sentences(results) if "inputs varied could" in s)
    count = sum(inside)
    if count:
        assert sentence.startswith(f"{count} of the {len(frame)} inputs varied")
    else:
        assert sentence.startswith(f"None of the {len(frame)} inputs varied")


def test_the_optimism_bias_sentence_states_the_figures_with_and_without(
    results: pb.Results,
) -> None:
    found = results.optimism_bias
    assert found is not None
    sentence = next(s for s in _sentences(results) if s.startswith("With every optimism bias"))
    assert f"would be {format_money(found.loc['without', 'npbi'])}" in sentence
    assert f"against {format_money(results.appraisal.npbi)} as stated" in sentence
    flips = (found.loc["with", "npbi"] < 0) != (found.loc["without", "npbi"] < 0)
    assert ("decides the sign" in sentence) == flips
