"""Benefits after the horizon's last year (issue 39, point 3): warned about, their present
value computed once (``Appraisal.beyond_horizon``) and never added to the headline."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import placebudget as pb
from placebudget.engine._core import beyond_horizon_arrays, beyond_horizon_years
from placebudget.examples import example_path
from placebudget.figures import FIGURES
from placebudget.model import Cohort
from placebudget.testing import example_case, example_intervention


@pytest.fixture(scope="module")
def west_cheshire() -> pb.Appraisal:
    return pb.project(pb.load_case(example_path("west_cheshire"))).appraise()


def test_west_cheshire_by_hand(west_cheshire: pb.Appraisal) -> None:
    # Only domestic_abuse › child_into_care runs past 2017/18 (lag 1, duration 3): the
    # 2015/16 intake (350 households) benefits in 2016/17, 2017/18 and 2018/19, the last
    # 3 years after intake (tau = 3), 5 years after the start (t = 5, the first year
    # after the horizon's last, t = 4).
    engaged = 350 * 0.7  # 245 engaged households
    # baseline 0.08 × impact 0.25 × (1 − deadweight 0.4) × (1 − optimism bias of grade
    # 5 in the gm-cba-2014 table, 25 %) = 0.009 years in care avoided per household-year
    rate = 0.08 * 0.25 * (1 - 0.4) * (1 - 0.25)
    profile = (1 - 0.1) ** (3 - 1)  # drop-off 10 % a year, two years after the first
    volume = engaged * rate * profile  # 245 × 0.009 × 0.81 = 1.78605 years in care
    # ucd:SS1.0 (v1.2) £44,676 a year in care in 2011/12 prices × the deflator factor
    # 1.037477 to 2013/14 prices = £46,350.30 to the council
    value = 44_676 * 1.037477
    discount = 1.035**-5  # 0.841973: year 5 of the standard 3.5 % schedule
    by_hand = volume * value * discount  # 1.78605 × 46,350.30 × 0.841973 = 69,701.9
    found = west_cheshire.beyond_horizon
    assert found["fiscal_beyond_horizon"] == pytest.approx(by_hand, rel=1e-6)
    assert round(found["fiscal_beyond_horizon"]) == 69_702  # the figure
    # the council receives it all; no economic, social or transfer part
    assert found["partner_fiscal_beyond_horizon"].tolist() == pytest.approx(
        [by_hand, 0, 0, 0, 0], rel=1e-6
    )
    assert found["benefit_beyond_horizon"] == pytest.approx(by_hand, rel=1e-6)
    # 69,702 / NPBI 1,136,400 = 6.1 %
    assert found["fiscal_beyond_horizon_share"] == pytest.approx(by_hand / 1_136_400.41)
    assert round(100 * found["fiscal_beyond_horizon_share"], 1) == 6.1


def test_the_headline_is_unchanged(west_cheshire: pb.Appraisal) -> None:
    west_cheshire.beyond_horizon  # noqa: B018
    # the pinned figures of West Cheshire (engine/results.py's example) stay put
    assert round(west_cheshire.npbi, 2) == 1_136_400.41
    assert west_cheshire.npbi == pytest.approx(west_cheshire.pv_fiscal - west_cheshire.pv_cost)
    # the figure is what a longer horizon would add: not in pv_fiscal
    case = pb.load_case(example_path("west_cheshire"))
    longer = pb.project(attrs.evolve(case, horizon=8)).appraise()
    assert longer.pv_fiscal - west_cheshire.pv_fiscal == pytest.approx(
        west_cheshire.beyond_horizon["fiscal_beyond_horizon"], rel=1e-9
    )
    assert longer.pv_public - west_cheshire.pv_public == pytest.approx(
        west_cheshire.beyond_horizon["benefit_beyond_horizon"], rel=1e-9
    )


def test_no_cut_off_gives_no_warning_and_zero() -> None:
    # one intake in 2012/13, lag 1, duration 3: benefits in 2013/14-2015/16, the horizon's
    # last year
    case = example_case()
    assert not [w for w in case.warnings() if "past the horizon" in w.message]
    found = pb.project(case).appraise().beyond_horizon
    for name in ("fiscal_beyond_horizon", "economic_beyond_horizon", "benefit_beyond_horizon"):
        assert found[name] == 0.0
    assert found["benefit_beyond_horizon_share"] == 0.0


def test_the_warning_names_intervention_effect_and_years() -> None:
    # intakes in 2012/13 and 2013/14, lag 1, duration 3 over a 4-year horizon (last year
    # 2015/16): 2012's benefit runs to 2015/16 (counted), 2013's to 2016/17 (cut)
    two = example_intervention(
        cohort=Cohort(id="jsa_claimants", unit="person", intake={2012: 200, 2013: 100})
    )
    (warning,) = [w for w in example_case(interventions=[two]).warnings() if w.name]
    assert str(warning) == (
        "work_support › jsa_into_work: the 2013/14 intake's benefit runs to 2016/17, past "
        "the horizon's last year 2015/16: 2016/17 is not counted (its present value is in "
        "the reports' assumptions)"
    )
    # three intakes, all cut, over a 3-year horizon (last year 2014/15): 2012's runs to
    # 2015/16, 2013's to 2016/17, 2014's to 2017/18
    three = example_intervention(
        cohort=Cohort(id="jsa_claimants", unit="person", intake={2012: 1, 2013: 1, 2014: 1})
    )
    short = example_case(interventions=[three], horizon=3)
    (warning,) = [w for w in short.warnings() if w.name]
    assert warning.message.startswith(
        "the 2012/13, 2013/14 and 2014/15 intakes' benefits run to 2015/16, 2016/17 and "
        "2017/18, past the horizon's last year 2014/15: 2015/16 to 2017/18 are "
        "not counted ("
    )
    # a lag past the horizon: nothing counted
    late = example_intervention(effects=[attrs.evolve(example_intervention().effects[0], lag=5)])
    (warning,) = [w for w in example_case(interventions=[late]).warnings() if w.name]
    assert "none of this effect's benefit falls within the horizon" in warning.message
    # an intake of 0 in the last year is no intake
    idle = example_intervention(
        cohort=Cohort(id="jsa_claimants", unit="person", intake={2012: 200, 2015: 0})
    )
    assert not [w for w in example_case(interventions=[idle]).warnings() if w.name]


def test_the_figures_are_in_the_catalogue() -> None:
    for name in (
        "fiscal_beyond_horizon",
        "partner_fiscal_beyond_horizon",
        "benefit_beyond_horizon",
        "fiscal_beyond_horizon_share",
    ):
        assert FIGURES[name].role == "measure"
    assert FIGURES["benefit_beyond_horizon"].formula is not None
    assert FIGURES["benefit_beyond_horizon"].formula.names == (
        "fiscal_beyond_horizon",
        "transfers_beyond_horizon",
        "economic_beyond_horizon",
        "social_beyond_horizon",
    )


def test_draws_are_computed_together() -> None:
    # the core is vectorised: a leading draw axis on the impact gives each draw's figure
    case = pb.load_case(example_path("west_cheshire"))
    projection = pb.project(case)
    a = dict(projection.core_inputs())
    after = np.array([1.035**-5, 1.035**-6])[: beyond_horizon_years(a)]
    single = beyond_horizon_arrays(a, after)["fiscal_beyond_horizon"].sum()
    factors = np.array([0.5, 1.0, 2.0])
    drawn = {**a, "impact": a["impact"][None, :] * factors[:, None]}
    by_draw = beyond_horizon_arrays(drawn, after)["fiscal_beyond_horizon"].sum(axis=-1)
    assert by_draw.shape == (3,)
    assert by_draw.tolist() == pytest.approx((single * factors).tolist(), rel=1e-12)
    assert single == pytest.approx(69_701.87, abs=0.01)


@settings(max_examples=25, deadline=None)
@given(
    lag=st.integers(0, 4),
    duration=st.integers(1, 5),
    drop_off=st.floats(0, 0.9),
    horizon=st.integers(2, 6),
    last_intake=st.integers(0, 5),
)
def test_what_a_longer_horizon_adds(
    lag: int, duration: int, drop_off: float, horizon: int, last_intake: int
) -> None:
    # property: the benefits after the horizon are exactly what extending it (with no
    # more intake) adds to the fiscal, economic and public value present values
    last_intake = min(last_intake, horizon - 1)
    effect = attrs.evolve(
        example_intervention().effects[0], lag=lag, duration=duration, drop_off=drop_off
    )
    intake = {2012 + k: 100.0 for k in range(last_intake + 1)}
    intervention = example_intervention(
        effects=[effect], cohort=Cohort(id="jsa_claimants", unit="person", intake=intake)
    )
    case = example_case(interventions=[intervention], horizon=horizon)
    appraisal = pb.project(case).appraise()
    found = appraisal.beyond_horizon
    longer = pb.project(attrs.evolve(case, horizon=horizon + lag + duration)).appraise()
    for figure, metric in (
        ("fiscal_beyond_horizon", "pv_fiscal"),
        ("economic_beyond_horizon", "pv_economic"),
        ("transfers_beyond_horizon", "pv_transfers"),
        ("benefit_beyond_horizon", "pv_public"),
    ):
        added = getattr(longer, metric) - getattr(appraisal, metric)
        assert found[figure] == pytest.approx(added, rel=1e-9, abs=1e-6)
    cut = bool([w for w in case.warnings() if "past the horizon" in w.message])
    assert cut == (last_intake + lag + duration > horizon)
    assert cut == (found["fiscal_beyond_horizon"] > 0)


def test_reinvested_participants_are_followed_and_nothing_is_reinvested_after() -> None:
    from placebudget.model import (
        BusinessCase,
        CostLine,
        Effect,
        Intervention,
        Partner,
        Place,
        Reinvestment,
        UnitValue,
    )

    # 100 people enter in 2020/21, all engage, each saves the council £1,000 cashable a
    # year for two years (no lag); half the cashable saving buys places at £1,000 the
    # next year, over a 3-year horizon (2020/21-2022/23)
    effect = Effect(
        outcome="crisis",
        unit="person_year",
        baseline=1.0,
        impact=1.0,
        duration=2,
        optimism_bias=0.0,
        fiscal={"council": UnitValue("1000 GBP/person_year", price_year=2020, cashable=1.0)},
    )
    intervention = Intervention(
        id="support",
        name="Support",
        theme="troubled_families",
        cohort=Cohort(id="people", intake={2020: 100}),
        engagement=1.0,
        effects=[effect],
        costs=[
            CostLine(
                partner="council",
                per_participant="1000 GBP/person",
                price_year=2020,
                optimism_bias=0.0,
            )
        ],
    )
    case = BusinessCase(
        name="Reinvest",
        place=Place(
            id="town",
            name="Town",
            partners=[Partner(id="council", name="Council", kind="local_authority")],
        ),
        interventions=[intervention],
        start_year=2020,
        horizon=3,
        price_year=2020,
        reinvestment=Reinvestment(share=0.5),
    )
    # 2020/21: 100 people save £100,000, half buys 50 places in 2021/22; 2021/22: 100 +
    # 50 save £150,000, half buys 75 in 2022/23; 2022/23: 50 + 75 save £125,000 (nothing
    # reinvested from the last year). After it: the 75 of 2022/23 save £75,000 in
    # 2023/24, year 3: 75,000 / 1.035^3 = 67,645.4
    found = pb.project(case).appraise().beyond_horizon
    assert found["fiscal_beyond_horizon"] == pytest.approx(75_000 / 1.035**3)
    assert found["partner_fiscal_beyond_horizon"].tolist() == pytest.approx([75_000 / 1.035**3])
