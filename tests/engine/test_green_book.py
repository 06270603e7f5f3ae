"""Green Book 2026 items, each against hand arithmetic: appraisal values (WELLBY, VPF,
carbon), distributional weights, EANC, cost per outcome, value-for-money categories,
interactions between interventions, capital optimism bias by project type, the risk
register, METB as a sensitivity and the ranking of options."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import placebudget as pb
from placebudget.engine import green_book, simulate, summarize, tornado
from placebudget.errors import ValidationError
from placebudget.model import vfm_category
from placebudget.reference import deflator_series
from placebudget.testing import example_place

DF1 = 1 / 1.035  # discount factor of year 1 (standard schedule)


def wellbeing(
    impact: float = 0.5,
    *,
    people: float = 100,
    iv_id: str = "mentoring",
    income: float | None = None,
    fiscal: dict[str, Any] | None = None,
    costs: list[pb.CostLine] | None = None,
    duration: int = 1,
    outcome: str = "wellbeing",
) -> pb.Intervention:
    """``people`` engaged in 2019, each 1 WELLBY a year at stake, ``impact`` of it gained
    (no deadweight, no optimism bias), valued at gb:wellby; £100,000 cost in 2019."""
    effect = pb.Effect(
        outcome=outcome,
        unit="wellby",
        baseline=1.0,
        impact=impact,
        optimism_bias=0.0,
        duration=duration,
        social="gb:wellby",
        fiscal=fiscal or {},
    )
    return pb.Intervention(
        id=iv_id,
        name=iv_id.title(),
        theme="wellbeing",
        cohort=pb.Cohort(id=f"{iv_id}_cohort", intake={2019: people}, income=income),
        engagement=1.0,
        effects=[effect],
        costs=costs
        if costs is not None
        else [
            pb.CostLine(
                partner="council", amounts={2019: 100_000}, price_year=2019, optimism_bias=0.0
            )
        ],
    )


def case_of(*interventions: pb.Intervention, **changes: Any) -> pb.BusinessCase:
    fields: dict[str, Any] = {
        "name": "Green Book case",
        "place": example_place(),
        "interventions": list(interventions),
        "start_year": 2019,
        "horizon": 3,
        "price_year": 2019,
    }
    return pb.BusinessCase(**{**fields, **changes})


def appraise(case: pb.BusinessCase) -> pb.Appraisal:
    return pb.project(case).appraise()


# -- appraisal values ------------------------------------------------------------------


def test_a_wellby_case_by_hand() -> None:
    # 100 people × 1 WELLBY × 0.5 = 50 WELLBYs in 2019/20 × £13,000 = £650,000
    result = appraise(case_of(wellbeing()))
    assert result.pv_social == pytest.approx(650_000)
    assert result.pv_public == pytest.approx(650_000)
    assert result.nppv == pytest.approx(550_000)
    assert result.bcr == pytest.approx(6.5)
    assert result.vfm_category == "very high"
    assert "gb:wellby" in result.projection.dataset.attrs["appraisal_values"]


def test_a_wellby_value_is_uprated_to_the_price_base() -> None:
    # calendar 2019 prices to 2020/21 (taken as calendar 2020) by the calendar series:
    # × 85.2137 / 81.1085 = 1.050614; 650,000 × that = 682,898.89
    series = deflator_series("hmt-2025-12-calendar")
    factor = series.values[2020] / series.values[2019]
    assert factor == pytest.approx(85.2137 / 81.1085)
    case = case_of(wellbeing(), price_year=2020)
    assert appraise(case).pv_social == pytest.approx(682_898.89, abs=0.01)
    assert appraise(case).pv_social == pytest.approx(650_000 * factor)


def test_the_wellby_range_is_the_default_sensitivity_and_monte_carlo_range() -> None:
    case = case_of(wellbeing())
    table = tornado(case, metric="nppv")
    row = table.loc["mentoring › wellbeing › social"]
    assert (row["low"], row["high"]) == pytest.approx((10_000 / 13_000, 16_000 / 13_000))
    # NPPV at the range's ends: 50 × £10,000 − £100,000 and 50 × £16,000 − £100,000
    assert row["metric_low"] == pytest.approx(400_000)
    assert row["metric_high"] == pytest.approx(700_000)
    fixed = pb.model.GradeSpread(name="fixed", cvs=dict.fromkeys(range(1, 7), 0.0))
    draws = simulate(case, draws=2_000, seed=5, spread=fixed)
    social = summarize(draws).metrics["pv_social"].to_numpy()
    assert social.min() >= 50 * 10_000 - 1e-6
    assert social.max() <= 50 * 16_000 + 1e-6
    assert social.mean() == pytest.approx(50 * 13_000, rel=0.02)  # triangular about 13,000


def test_vpf_grows_two_percent_a_year_in_real_terms() -> None:
    # one prevented fatality a year in 2023/24 and 2024/25 (2023 prices): the second at
    # £2,474,341 × 1.02, discounted one year
    effect = pb.Effect(
        outcome="road_deaths",
        unit="prevented_fatality",
        baseline=1.0,
        impact=1.0,
        optimism_bias=0.0,
        duration=2,
        social="gb:vpf",
    )
    intervention = attrs.evolve(
        wellbeing(), effects=[effect], cohort=pb.Cohort(id="roads", intake={2023: 1}), costs=[]
    )
    case = case_of(intervention, start_year=2023, horizon=2, price_year=2023)
    vpf = 2_474_341
    assert appraise(case).pv_social == pytest.approx(vpf + vpf * 1.02 * DF1)


def test_carbon_is_valued_at_each_years_central_value() -> None:
    # 10 tonnes CO2e saved in 2022/23 and again in 2023/24, 2022 prices: £260.96 and
    # £264.93 a tonne (DESNZ central)
    effect = pb.Effect(
        outcome="emissions",
        unit="tCO2e",
        baseline=10.0,
        impact=1.0,
        optimism_bias=0.0,
        duration=2,
        social="gb:carbon",
    )
    intervention = attrs.evolve(
        wellbeing(),
        effects=[effect],
        cohort=pb.Cohort(id="homes", unit="household", intake={2022: 1}),
        costs=[],
    )
    case = case_of(intervention, start_year=2022, horizon=2, price_year=2022)
    assert appraise(case).pv_social == pytest.approx(10 * 260.96 + 10 * 264.93 * DF1)
    late = case_of(intervention, start_year=2022, horizon=40, price_year=2022)
    with pytest.raises(ValidationError, match=r"gb:carbon has values for 2020-2050 only"):
        pb.project(late)


@pytest.mark.parametrize(
    ("code", "unit", "message"),
    [
        ("gb:wellbee", "wellby", "is not a Green Book appraisal value"),
        ("gb:wellby", "person_year", "the effect's unit must be wellby"),
    ],
)
def test_bad_appraisal_values_are_named(code: str, unit: str, message: str) -> None:
    effect = pb.Effect(
        outcome="wellbeing", unit=unit, baseline=1.0, impact=0.5, optimism_bias=0.0, social=code
    )
    case = case_of(attrs.evolve(wellbeing(), effects=[effect]))
    with pytest.raises(ValidationError, match=message) as caught:
        pb.project(case)
    assert caught.value.problems[0].path == "interventions[0].effects[0].social.amount"


def test_an_appraisal_value_is_a_social_value_only() -> None:
    with pytest.raises(ValidationError, match="is a social value") as caught:
        pb.Effect(
            outcome="wellbeing",
            unit="wellby",
            baseline=1.0,
            impact=0.5,
            optimism_bias=0.0,
            economic="gb:wellby",
        )
    assert caught.value.problems[0].path == "economic.amount"


def test_the_nice_thresholds_are_available_but_never_the_default() -> None:
    values = pb.reference.appraisal_values()
    assert values["qaly"].central == 70_000
    assert values["qaly"].default_use
    assert values["qaly_nice_lower"].central == 20_000
    assert not values["qaly_nice_lower"].default_use
    assert not values["qaly_nice_upper"].default_use


# -- distributional weights ------------------------------------------------------------


def test_the_distributional_weight_by_hand() -> None:
    # £15,000 against a £30,000 median, eta 1.3: w = 2 ** 1.3 ≈ 2.46
    assert pb.model.distributional_weight(15_000, 30_000) == pytest.approx(2**1.3)
    assert round(2**1.3, 2) == 2.46


def test_a_weighted_case_weighs_economic_and_social_values_never_fiscal() -> None:
    fiscal = {"council": pb.UnitValue("100 GBP/wellby", price_year=2019)}
    case = case_of(
        wellbeing(income=15_000, fiscal=fiscal),
        distributional_weights=pb.DistributionalWeights(median_income=30_000),
    )
    result = appraise(case)
    # fiscal 50 × £100 = £5,000 unweighted; social £650,000 × 2^1.3
    assert result.pv_public == pytest.approx(5_000 + 650_000)
    assert result.pv_public_weighted == pytest.approx(5_000 + 650_000 * 2**1.3)
    assert result.nppv_weighted == pytest.approx(5_000 + 650_000 * 2**1.3 - 100_000)
    shown = green_book.value_for_money(result)
    assert shown.loc["as appraised", "pv_public"] == pytest.approx(655_000)  # beside
    at = green_book.distributional_sensitivity(result)
    assert at.loc[1.0, "pv_public_weighted"] == pytest.approx(5_000 + 650_000 * 2.0)
    assert at.loc[2.0, "pv_public_weighted"] == pytest.approx(5_000 + 650_000 * 4.0)


@given(median=st.floats(5_000, 100_000), eta=st.floats(0.1, 3.0))
def test_weights_of_one_change_nothing(median: float, eta: float) -> None:
    plain = appraise(case_of(wellbeing(income=median)))
    weighted = appraise(
        case_of(
            wellbeing(income=median),
            distributional_weights=(pb.DistributionalWeights(median_income=median, eta=eta)),
        )
    )
    assert weighted.pv_public_weighted == pytest.approx(plain.pv_public)
    assert weighted.nppv == pytest.approx(plain.nppv)


def test_weights_need_every_cohorts_income_and_a_positive_eta() -> None:
    with pytest.raises(ValidationError) as caught:
        case_of(wellbeing(), distributional_weights=pb.DistributionalWeights(median_income=30_000))
    assert caught.value.problems[0].path == "interventions[0].cohort.income"
    with pytest.raises(ValidationError, match="must be more than 0") as caught:
        pb.DistributionalWeights(median_income=30_000, eta=0.0)
    assert caught.value.problems[0].path == "eta"


# -- metrics -----------------------------------------------------------------------------


def test_equivalent_annual_net_cost_by_hand() -> None:
    # horizon 3 at 3.5 %: Σ DF = 1 + 1/1.035 + 1/1.035²
    annuity = 1 + DF1 + DF1**2
    result = appraise(case_of(wellbeing()))
    assert result.eanc == pytest.approx((100_000 - 650_000) / annuity)
    assert result.eac == pytest.approx(100_000 / annuity)


def test_cost_per_outcome_by_hand() -> None:
    # £100,000 over 50 WELLBYs in year 0, and over 50 + 50/1.035 with a two-year effect
    table = green_book.cost_per_outcome(appraise(case_of(wellbeing())))
    assert table["cost_per_unit"].iloc[0] == pytest.approx(2_000)
    two_years = green_book.cost_per_outcome(appraise(case_of(wellbeing(duration=2))))
    assert two_years["pv_volume"].iloc[0] == pytest.approx(50 + 50 * DF1)
    assert two_years["cost_per_unit"].iloc[0] == pytest.approx(100_000 / (50 + 50 * DF1))


@pytest.mark.parametrize(
    ("bcr", "category"),
    [
        (0.99, "poor"),
        (1.0, "low"),
        (1.4999, "low"),
        (1.5, "medium"),
        (1.9999, "medium"),
        (2.0, "high"),
        (3.99, "high"),
        (4.0, "very high"),
        (float("nan"), "n/a"),
    ],
)
def test_value_for_money_boundaries_go_to_the_higher_band(bcr: float, category: str) -> None:
    assert vfm_category(bcr) == category


def test_a_case_at_exactly_bcr_1_5_and_2_is_medium_and_high() -> None:
    # 50 WELLBYs are £650,000: a cost of £433,333.33 gives BCR 1.5, £325,000 gives 2.0
    for cost, category in ((650_000 / 1.5, "medium"), (325_000, "high")):
        line = pb.CostLine(
            partner="council", amounts={2019: cost}, price_year=2019, optimism_bias=0.0
        )
        result = appraise(case_of(wellbeing(costs=[line])))
        assert result.vfm_category == category


def test_per_intervention_results_add_up_to_the_place() -> None:
    result = appraise(case_of(wellbeing(iv_id="a"), wellbeing(0.3, iv_id="b", outcome="other")))
    table = green_book.by_intervention(result)
    assert table.loc["a", "pv_public"] == pytest.approx(650_000)
    assert table.loc["b", "pv_public"] == pytest.approx(390_000)
    assert table.loc["b", "bcr"] == pytest.approx(3.9)
    assert table.loc["b", "vfm_category"] == "high"
    assert table.loc["total", "nppv"] == pytest.approx(result.nppv)


# -- interactions ------------------------------------------------------------------------


def two_in_one_place(overlap: float, **interaction: Any) -> pb.BusinessCase:
    a, b = wellbeing(0.4, iv_id="a", costs=[]), wellbeing(0.3, iv_id="b", costs=[])
    return case_of(
        a, b, interactions=[pb.Interaction(between=("a", "b"), overlap=overlap, **interaction)]
    )


def test_the_overlap_of_two_interventions_by_hand() -> None:
    # 100 and 100 people, impacts 0.4 and 0.3, half of a's also in b: 40 + 30 = 70
    # WELLBYs counted apart; the 50 shared change by 1 − 0.6 × 0.7 = 0.58, not 0.7, so
    # 6 fewer: a 40 × (1 − 0.5 × 0.3 / 2) = 37, b 30 × (1 − 0.5 × 0.4 / 2) = 27
    projection = pb.project(two_in_one_place(0.5))
    volumes = projection.detail["effect_volume"].sum("year").to_numpy()
    assert volumes == pytest.approx([37, 27])
    result = projection.appraise()
    assert result.pv_social == pytest.approx(64 * 13_000)
    shown = green_book.interactions(result)
    assert shown.loc["before interactions", "pv_public"] == pytest.approx(70 * 13_000)
    assert shown.loc["after interactions", "pv_public"] == pytest.approx(64 * 13_000)
    assert shown.loc["change", "pv_social"] == pytest.approx(-6 * 13_000)


def test_an_interaction_adjustment_by_hand() -> None:
    case = two_in_one_place(0.5, adjustment=0.1, rationale="shared key worker")
    assert appraise(case).pv_social == pytest.approx(64 * 1.1 * 13_000)


@given(impact_a=st.floats(0, 1), impact_b=st.floats(0, 1))
def test_zero_overlap_gives_the_sum_of_the_two(impact_a: float, impact_b: float) -> None:
    a = wellbeing(impact_a, iv_id="a", costs=[])
    b = wellbeing(impact_b, iv_id="b", costs=[])
    alone = appraise(case_of(a)).pv_social + appraise(case_of(b)).pv_social
    together = case_of(a, b, interactions=[pb.Interaction(between=("a", "b"), overlap=0.0)])
    assert appraise(together).pv_social == pytest.approx(alone)


@given(overlap=st.floats(0, 1), impact_a=st.floats(0, 1), impact_b=st.floats(0, 1))
def test_the_overlap_does_not_depend_on_which_is_named_first(
    overlap: float, impact_a: float, impact_b: float
) -> None:
    a = wellbeing(impact_a, iv_id="a", costs=[])
    b = wellbeing(impact_b, iv_id="b", costs=[])
    one = case_of(a, b, interactions=[pb.Interaction(between=("a", "b"), overlap=overlap)])
    other = case_of(a, b, interactions=[pb.Interaction(between=("b", "a"), overlap=overlap)])
    shared = 100 * overlap * (1 - (1 - impact_a) * (1 - impact_b))
    apart = 100 * (1 - overlap) * (impact_a + impact_b)
    assert appraise(one).pv_social == pytest.approx(appraise(other).pv_social, abs=1e-6)
    assert appraise(one).pv_social == pytest.approx((shared + apart) * 13_000, abs=1e-6)


def test_bad_interactions_are_named() -> None:
    with pytest.raises(ValidationError, match=r"within \[-0.5, 0.5\]|between -0.5 and 0.5"):
        pb.Interaction(between=("a", "b"), overlap=0.5, adjustment=0.6, rationale="x")
    with pytest.raises(ValidationError) as caught:
        pb.Interaction(between=("a", "b"), overlap=1.2)
    assert caught.value.problems[0].path == "overlap"
    with pytest.raises(ValidationError, match="is required with an adjustment"):
        pb.Interaction(between=("a", "b"), overlap=0.5, adjustment=0.1)
    a, b = wellbeing(iv_id="a"), wellbeing(iv_id="b", people=20)
    with pytest.raises(ValidationError, match="of this case's place") as caught:
        case_of(a, b, interactions=[pb.Interaction(between=("a", "elsewhere:b"), overlap=0.5)])
    assert caught.value.problems[0].path == "interactions[0].between[1]"
    with pytest.raises(ValidationError, match="more people are shared") as caught:
        case_of(a, b, interactions=[pb.Interaction(between=("a", "b"), overlap=0.5)])
    assert caught.value.problems[0].path == "interactions[0].overlap"


# -- capital optimism bias ---------------------------------------------------------------


def capital(mitigation: float = 0.0, project_type: str = "standard_buildings") -> pb.CostLine:
    return pb.CostLine(
        partner="council",
        amounts={2019: 1_000_000},
        price_year=2019,
        kind="capital",
        project_type=project_type,
        mitigation=mitigation,
    )


def test_capital_optimism_bias_by_project_type_and_the_mitigation_table() -> None:
    # standard buildings: upper bound 24 %, so £1m × (1 + 0.24 × (1 − m))
    result = appraise(case_of(wellbeing(costs=[capital(0.5)])))
    assert result.pv_cost == pytest.approx(1_120_000)
    table = green_book.mitigation_table(result)
    assert table.index.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert table["pv_cost"].to_numpy() == pytest.approx(
        [1_240_000, 1_180_000, 1_120_000, 1_060_000, 1_000_000]
    )
    assert table["nppv"].to_numpy() == pytest.approx(650_000 - table["pv_cost"].to_numpy())


def test_bad_capital_lines_are_named() -> None:
    with pytest.raises(ValidationError, match="applies to capital lines only"):
        pb.CostLine(
            partner="council", amounts={2019: 1}, price_year=2019, project_type="standard_buildings"
        )
    with pytest.raises(ValidationError, match="needs a project_type"):
        pb.CostLine(
            partner="council", amounts={2019: 1}, price_year=2019, confidence=2, mitigation=0.5
        )
    case = case_of(wellbeing(costs=[capital(project_type="castles")]))
    with pytest.raises(ValidationError, match="is not a project type") as caught:
        pb.project(case)
    assert caught.value.problems[0].path == "interventions[0].costs[0].project_type"
    assert "standard_buildings" in caught.value.problems[0].message


# -- risk register -----------------------------------------------------------------------


def risky(probability: float) -> pb.BusinessCase:
    return case_of(
        wellbeing(),
        risks=[
            pb.Risk(
                id="delay",
                partner="council",
                probability=probability,
                cost={2020: 50_000},
                price_year=2019,
            )
        ],
    )


def test_a_risk_registers_expected_cost_by_hand() -> None:
    # 20 % × £50,000 in year 1: £10,000 discounted one year
    result = appraise(risky(0.2))
    assert result.pv_risk == pytest.approx(0.2 * 50_000 * DF1)
    assert result.pv_cost_risk_adjusted == pytest.approx(100_000 + 10_000 * DF1)
    assert result.nppv_risk_adjusted == pytest.approx(650_000 - 100_000 - 10_000 * DF1)
    assert result.by_partner.loc["council", "pv_risk"] == pytest.approx(10_000 * DF1)
    register = green_book.risk_register(result)
    assert register.loc["delay", "pv_expected_cost"] == pytest.approx(10_000 * DF1)


@given(cost=st.floats(0, 1e7))
def test_a_risk_of_probability_zero_changes_nothing(cost: float) -> None:
    case = case_of(
        wellbeing(),
        risks=[
            pb.Risk(
                id="never", partner="council", probability=0.0, cost={2020: cost}, price_year=2019
            )
        ],
    )
    plain = appraise(case_of(wellbeing()))
    assert appraise(case).nppv_risk_adjusted == pytest.approx(plain.nppv)
    assert appraise(case).pv_cost_risk_adjusted == pytest.approx(plain.pv_cost)


def test_monte_carlo_draws_risks_as_events() -> None:
    draws = simulate(risky(0.2), draws=4_000, seed=11)
    risk = summarize(draws).metrics["pv_risk"].to_numpy()
    assert set(np.round(risk, 6)) == {0.0, round(50_000 * DF1, 6)}  # it happens or not
    assert (risk > 0).mean() == pytest.approx(0.2, abs=0.02)
    # a case without risks draws exactly as before
    plain = summarize(simulate(case_of(wellbeing()), draws=200, seed=3))
    again = summarize(simulate(risky(0.0), draws=200, seed=3))
    assert plain.metrics["pv_social"].to_numpy() == pytest.approx(
        again.metrics["pv_social"].to_numpy()
    )


def test_bad_risks_are_named() -> None:
    with pytest.raises(ValidationError) as caught:
        pb.Risk(id="r", partner="council", probability=1.5, cost={2020: 1}, price_year=2019)
    assert caught.value.problems[0].path == "probability"
    with pytest.raises(ValidationError, match="unknown partner") as caught:
        case_of(
            wellbeing(),
            risks=[
                pb.Risk(id="r", partner="fire", probability=0.1, cost={2020: 1}, price_year=2019)
            ],
        )
    assert caught.value.problems[0].path == "risks[0].partner"


# -- METB and editions -------------------------------------------------------------------


def test_metb_is_off_in_2026_and_a_sensitivity_under_2022() -> None:
    plain = green_book.value_for_money(appraise(case_of(wellbeing())))
    # no METB row; the 2026 review's 3.0 % is the one other row, a discounting sensitivity
    assert list(plain.index) == ["as appraised", green_book.REVIEW_BASIS]
    pinned = appraise(case_of(wellbeing(), green_book="2022"))
    shown = green_book.value_for_money(pinned)
    row = shown.loc[next(i for i in shown.index if "METB at 20%" in i)]
    # 20 % of the net cost to the exchequer (£100,000, no cashable savings)
    assert row["pv_cost"] == pytest.approx(120_000)
    assert pinned.pv_cost == pytest.approx(100_000)  # never in the headline
    stated = appraise(case_of(wellbeing(), metb=0.2))
    table = green_book.metb_sensitivity(stated, 0.2)
    assert table.loc["with METB", "nppv"] == pytest.approx(650_000 - 120_000)
    with pytest.raises(ValidationError):
        case_of(wellbeing(), green_book="2018")


# -- options -----------------------------------------------------------------------------


def test_options_are_ranked_with_switching_values_by_hand() -> None:
    big = appraise(case_of(wellbeing()))  # NPPV £550,000, BCR 6.5
    small = appraise(case_of(wellbeing(0.1)))  # 10 WELLBYs: NPPV £30,000, BCR 1.3
    table = pb.compare_options({"big": big, "small": small})
    assert table.index.tolist() == ["big", "small"]
    assert table.attrs["preferred"] == "big"
    assert table.loc["small", "vfm_category"] == "low"
    assert table.loc["small", "pv_switching_value"] == pytest.approx(520_000)
    assert table.loc["small", "switching_share"] == pytest.approx(520_000 / 130_000)
    by_bcr = pb.compare_options({"big": big, "small": small}, metric="bcr", do_minimum="small")
    assert by_bcr.loc["small", "pv_switching_value"] == pytest.approx((6.5 - 1.3) * 100_000)
    assert bool(by_bcr.loc["small", "do_minimum"])
    with pytest.raises(ValidationError, match="must be one of"):
        pb.compare_options({"big": big, "small": small}, metric="irr")


def test_a_nice_threshold_is_warned_about() -> None:
    effect = pb.Effect(
        outcome="health",
        unit="qaly",
        baseline=1.0,
        impact=0.1,
        optimism_bias=0.0,
        social="gb:qaly_nice_upper",
    )
    case = case_of(attrs.evolve(wellbeing(), effects=[effect]))
    (warning,) = [w for w in case.warnings() if w.path.endswith(".social")]
    assert warning.path == "interventions[0].effects[0].social"
    assert "cross-government value is gb:qaly" in warning.message
    assert not [w for w in case_of(wellbeing()).warnings() if w.path.endswith(".social")]


def test_a_risk_cost_may_be_money_as_text() -> None:
    risk = pb.Risk(
        id="r", partner="council", probability=0.5, cost={"2020": "50000 GBP"}, price_year=2019
    )
    assert risk.cost == {2020: 50_000.0}
    assert risk.expected_cost == 25_000.0
