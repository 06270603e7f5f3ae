"""Actuals against the forecast, by hand on the README example (JSA claimants into work:
baseline 1 claimant-year per participant, forecast 28.8 claimant-years avoided in 2013)."""

from __future__ import annotations

import pytest

import placebudget as pb
from placebudget.engine.evaluation import BASIS_GROSS, BASIS_NET, evaluate, recalibrate
from placebudget.errors import ValidationError
from placebudget.model import Actuals, Observation
from placebudget.testing import example_case

OUTCOME = "jsa_into_work"


def obs(**fields: object) -> Observation:
    return Observation(**fields)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def projection() -> pb.Projection:
    return pb.project(example_case())


def test_part_year_without_comparison(projection: pb.Projection) -> None:
    # April-September 2013: 150 people are 75 person-years; 60 claimant-years observed,
    # rate 0.8 against the baseline 1.0, so 15 claimant-years avoided
    actuals = Actuals(
        observations=[
            obs(year=2013, months=6, group="participants", measure="people", value=150),
            obs(
                year=2013,
                months=6,
                group="participants",
                measure="count",
                outcome=OUTCOME,
                value=60,
            ),
            obs(
                year=2013,
                months=6,
                group="participants",
                measure="cost",
                partner="council",
                value=30000,
            ),
        ]
    )
    result = evaluate(projection, actuals)
    assert result.basis == BASIS_GROSS
    row = result.outcomes.iloc[0]
    assert row["period"] == "2013/14 months 1-6"
    assert row["share_of_year"] == 0.5
    assert row["observed_rate"] == pytest.approx(0.8)
    assert row["actual_change"] == pytest.approx(15)
    assert row["forecast_change"] == pytest.approx(28.8 * 0.5)
    assert row["variance"] == pytest.approx(15 - 14.4)
    fiscal = result.fiscal.set_index("partner")
    assert fiscal.loc["dwp", "realised"] == pytest.approx(15 * 9234)
    assert fiscal.loc["nhs", "realised"] == pytest.approx(15 * 566)
    # costs: the council's 2013 forecast is 50,000 × 1.1 optimism bias, half a year
    cost = result.costs.iloc[0]
    assert cost["forecast"] == pytest.approx(27500)
    assert cost["variance"] == pytest.approx(2500)
    assert result.totals["realised_fiscal"] == pytest.approx(15 * (9234 + 566))
    # without a comparison group the counterfactual is the baseline: net and gross agree
    assert result.estimates.loc[OUTCOME, "net_impact_observed"] == pytest.approx(0.2)
    assert result.estimates.loc[OUTCOME, "gross_impact_observed"] == pytest.approx(0.2)
    assert (
        result.estimates.loc[OUTCOME, "implied_deadweight"]
        != result.estimates.loc[OUTCOME, "implied_deadweight"]
    )  # NaN: no counterfactual


def comparison_actuals() -> Actuals:
    return Actuals(
        observations=[
            obs(year=2013, group="participants", measure="people", value=150),
            obs(year=2013, group="participants", measure="count", outcome=OUTCOME, value=105),
            obs(year=2013, group="comparison", measure="people", value=300),
            obs(year=2013, group="comparison", measure="count", outcome=OUTCOME, value=255),
        ]
    )


def test_comparison_group_gives_the_counterfactual(projection: pb.Projection) -> None:
    # participants 0.70, comparison 0.85 claimant-years per person: 0.15 × 150 avoided
    result = evaluate(projection, comparison_actuals())
    assert result.basis == BASIS_NET
    row = result.outcomes.iloc[0]
    assert row["actual_change"] == pytest.approx(22.5)
    assert row["net_impact_observed"] == pytest.approx(1 - 0.70 / 0.85)
    estimate = result.estimates.loc[OUTCOME]
    # two impacts, named apart: net of the comparison group, and before/after against
    # the baseline (1.0), which is what the case's impact input is
    assert estimate["net_impact_observed"] == pytest.approx(1 - 0.70 / 0.85)
    assert estimate["gross_impact_observed"] == pytest.approx(1 - 0.70 / 1.0)
    # before/after the change is 1.0 - 0.70 = 0.30; the comparison shows 0.15 of it is
    # the programme's, so half would have happened anyway
    assert estimate["implied_deadweight"] == pytest.approx(0.5)
    assert estimate["assumed_deadweight"] == 0.2


def test_recalibrate_replaces_the_evaluated_assumptions(projection: pb.Projection) -> None:
    case = example_case()
    new_case, changes = recalibrate(case, evaluate(projection, comparison_actuals()))
    effect = new_case.interventions[0].effects[0]
    assert effect.impact == pytest.approx(0.3)
    assert effect.deadweight == pytest.approx(0.5)
    # baseline × impact × (1 − deadweight) is the net change the comparison showed
    assert effect.baseline * effect.impact * (1 - effect.deadweight) == pytest.approx(0.15)
    # the impact was already 0.3: only the deadweight changes
    assert changes.to_dict("records") == [
        {
            "input": "work_support › jsa_into_work › deadweight",
            "path": "interventions[0].effects[0].deadweight",
            "before": 0.2,
            "after": pytest.approx(0.5),
            "reason": "implied by the comparison group",
        }
    ]
    assert pb.project(new_case).appraise().pv_fiscal < projection.appraise().pv_fiscal


def test_recalibration_raises_confidence_only_with_a_comparison() -> None:
    import attrs

    base = example_case()
    effect = attrs.evolve(base.interventions[0].effects[0], optimism_bias=None, confidence=5)
    case = attrs.evolve(base, interventions=[attrs.evolve(base.interventions[0], effects=[effect])])
    projection = pb.project(case)
    with_comparison, _ = recalibrate(case, evaluate(projection, comparison_actuals()))
    assert with_comparison.interventions[0].effects[0].confidence == 2  # a full year
    gross = Actuals(
        observations=[
            obs(year=2013, group="participants", measure="people", value=150),
            obs(year=2013, group="participants", measure="count", outcome=OUTCOME, value=90),
        ]
    )
    before_after, changes = recalibrate(case, evaluate(projection, gross))
    assert before_after.interventions[0].effects[0].confidence == 5
    assert before_after.interventions[0].effects[0].impact == pytest.approx(0.4)
    assert changes["reason"].tolist() == ["gross impact observed (before/after, no counterfactual)"]


def test_west_cheshire_names_the_two_impacts_apart() -> None:
    """The evaluate command printed "impact observed 0.268" and wrote 0.3778 as the
    impact: the first is net of the comparison group, the second the before/after change
    the case's impact input is. By hand from examples/west_cheshire_actuals.csv."""
    from placebudget.examples import actuals_path, example_path
    from placebudget.io.actuals import load_actuals

    case = pb.load_case(example_path("west_cheshire"))
    evaluation = evaluate(pb.project(case), load_actuals(actuals_path()))
    row = evaluation.estimates.loc["repeat_domestic_abuse"]
    # participants 105 + 189 incidents over 105 × 0.5 + 210 × 0.5 person-years
    observed = (105 + 189) / (105 * 0.5 + 210 * 0.5)
    comparison = (234 + 225) / (180 * 0.5 + 180 * 0.5)
    assert row["observed_rate"] == pytest.approx(observed)
    assert row["net_impact_observed"] == pytest.approx(1 - observed / comparison)
    assert round(row["net_impact_observed"], 3) == 0.268
    assert row["gross_impact_observed"] == pytest.approx(1 - observed / 3.0)  # baseline 3
    assert round(row["gross_impact_observed"], 4) == 0.3778
    new_case, changes = recalibrate(case, evaluation)
    assert new_case.interventions[0].effects[0].impact == pytest.approx(
        row["gross_impact_observed"]
    )
    impact = changes.set_index("input").loc["domestic_abuse › repeat_domestic_abuse › impact"]
    assert impact["reason"].startswith("gross impact observed")
    assert "net impact observed, against the comparison group's rate, is 0.268" in impact["reason"]


def test_bad_actuals_are_named() -> None:
    with pytest.raises(ValidationError, match=r"value: must be zero or more, got -3"):
        obs(year=2013, group="participants", measure="count", outcome=OUTCOME, value=-3)
    with pytest.raises(ValidationError, match=r"observations\[1\]: overlaps observations\[0\]"):
        Actuals(
            observations=[
                obs(year=2013, months=6, group="participants", measure="people", value=10),
                obs(
                    year=2013,
                    start_month=4,
                    months=6,
                    group="participants",
                    measure="people",
                    value=10,
                ),
            ]
        )
    with pytest.raises(ValidationError, match="months: runs past the end of the financial"):
        obs(year=2013, start_month=10, months=6, group="participants", measure="people", value=1)
    actuals = Actuals(
        observations=[
            obs(year=2013, group="participants", measure="count", outcome="arrests", value=3),
            obs(year=2013, group="participants", measure="cost", partner="police", value=3),
            obs(year=2030, group="participants", measure="people", value=3),
            obs(year=2014, group="participants", measure="count", outcome=OUTCOME, value=3),
        ]
    )
    with pytest.raises(ValidationError) as info:
        evaluate(pb.project(example_case()), actuals)
    found = [str(p) for p in info.value.problems]
    assert found[0].startswith(
        "actuals.observations[0]: unknown outcome (the case's: jsa_into_work)"
    )
    assert found[1].startswith("actuals.observations[1]: unknown partner")
    assert found[2].startswith(
        "actuals.observations[2]: period is outside the appraisal years 2012-2015"
    )
    assert "observations[3]: needs the number of people in the participants group" in found[-1]
