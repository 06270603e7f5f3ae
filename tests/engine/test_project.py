"""Hand-computed checks of every formula of the method (docs/method.md), on the README's
example."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
import xarray as xr

import placebudget as pb
from placebudget.engine import dims as D
from placebudget.model import DeflatorSeries
from placebudget.testing import assert_conserves_money, example_case, example_intervention

# participants: 200 × 0.75 = 150 in 2012
# rate: 1.0 × 0.30 × (1 − 0.20) × (1 − 0.20 OB) = 0.192 person-years per participant
# profile: lag 1, duration 3, drop-off 0.25 → 2013: 1, 2014: 0.75, 2015: 0.5625
VOLUME = [0.0, 28.8, 21.6, 16.2]
DF = [1.0, 1 / 1.035, 1 / 1.035**2, 1 / 1.035**3]


@pytest.fixture
def projection() -> pb.Projection:
    return pb.project(example_case())


def test_dataset_contract(projection: pb.Projection) -> None:
    ds = projection.dataset
    assert set(ds.data_vars) == {
        "participants",
        "volume",
        "cost",
        "fiscal",
        "cashable",
        "transfer_payment",
        "economic",
        "social",
        "baseline_cost",
        "reinvested",
        "reinvested_participants",
        "discount_factor",
        "risk_cost",
        "weighted_benefit",
        "disbenefit",
        "health_social",
        "health_weighted_benefit",
        "health_discount_factor",
    }
    assert ds["participants"].dims == ("intervention", "year")
    assert ds["volume"].dims == ("year", "outcome")
    assert ds["cost"].dims == ("partner", "year")
    assert ds["fiscal"].dims == ("partner", "year", "outcome")
    assert ds["cashable"].dims == ("partner", "year", "outcome")
    assert ds["transfer_payment"].dims == ("partner", "year", "outcome")
    assert ds["economic"].dims == ("year", "outcome")
    assert ds["social"].dims == ("year", "outcome")
    assert ds["baseline_cost"].dims == ("partner", "year", "outcome")
    assert ds["reinvested"].dims == ("year",)
    assert ds["reinvested_participants"].dims == ("intervention", "year")
    assert ds["discount_factor"].dims == ("year",)
    assert ds["risk_cost"].dims == ("partner", "year")
    assert ds["weighted_benefit"].dims == ("year", "outcome")
    assert list(ds.year.values) == [2012, 2013, 2014, 2015]
    assert list(ds.partner.values) == ["dwp", "nhs", "council"]
    assert list(ds.partner_kind.values) == ["dwp", "nhs", "local_authority"]
    assert list(ds.department.values) == ["DWP", "Department of Health", "Local Government"]
    assert list(ds.theme.values) == ["work_and_skills"]
    assert list(ds.outcome_unit.values) == ["person_year"]
    for name in D.MONEY_VARIABLES:
        assert ds[name].attrs["units"] == "GBP"
        assert ds[name].attrs["price_base"] == 2012
    assert_conserves_money(ds)


def test_dataset_quantifies_with_pint_xarray(projection: pb.Projection) -> None:
    import pint_xarray  # noqa: F401

    quantified = projection.dataset[["cost", "fiscal"]].pint.quantify(unit_registry=pb.units.ureg)
    total = quantified["cost"].sum()
    assert str(total.pint.units) == "GBP"


def test_participants_and_volume(projection: pb.Projection) -> None:
    ds = projection.dataset
    np.testing.assert_allclose(ds["participants"], [[150, 0, 0, 0]])
    assert list(ds["participants"]["cohort_unit"].values) == ["person"]
    np.testing.assert_allclose(ds["volume"].sel(outcome="jsa_into_work"), VOLUME)


def test_fiscal_cashable_economic(projection: pb.Projection) -> None:
    ds = projection.dataset
    fiscal = ds["fiscal"].sel(outcome="jsa_into_work")
    np.testing.assert_allclose(fiscal.sel(partner="dwp"), [v * 9234 for v in VOLUME])
    np.testing.assert_allclose(fiscal.sel(partner="nhs"), [v * 566 for v in VOLUME])
    np.testing.assert_allclose(fiscal.sel(partner="council"), 0)
    cashable = ds["cashable"].sel(outcome="jsa_into_work")
    np.testing.assert_allclose(cashable.sel(partner="dwp"), [v * 9234 for v in VOLUME])
    np.testing.assert_allclose(cashable.sel(partner="nhs"), 0)
    np.testing.assert_allclose(
        ds["economic"].sel(outcome="jsa_into_work"), [v * 5000 for v in VOLUME]
    )
    np.testing.assert_allclose(ds["social"], 0)


def test_costs_with_optimism_bias(projection: pb.Projection) -> None:
    cost = projection.dataset["cost"]
    np.testing.assert_allclose(cost.sel(partner="council"), [165_000, 55_000, 0, 0])
    np.testing.assert_allclose(cost.sel(partner=["dwp", "nhs"]), 0)


def test_appraisal_metrics(projection: pb.Projection) -> None:
    result = projection.appraise()
    pv_cost = 165_000 + 55_000 * DF[1]
    fiscal = [v * (9234 + 566) for v in VOLUME]
    pv_fiscal = sum(f * d for f, d in zip(fiscal, DF, strict=True))
    pv_cashable = sum(v * 9234 * d for v, d in zip(VOLUME, DF, strict=True))
    pv_economic = sum(v * 5000 * d for v, d in zip(VOLUME, DF, strict=True))
    assert result.pv_cost == pytest.approx(pv_cost)
    assert result.pv_cost == pytest.approx(218_140.0966, abs=1e-3)
    assert result.pv_fiscal == pytest.approx(pv_fiscal)
    assert result.pv_fiscal == pytest.approx(613_493.6212, abs=1e-3)
    assert result.pv_cashable == pytest.approx(pv_cashable)
    assert result.pv_economic == pytest.approx(pv_economic)
    assert result.pv_social == 0
    # DWP's £9,234 is benefits no longer paid: a transfer, left out of public value
    pv_transfers = pv_cashable
    assert result.pv_transfers == pytest.approx(pv_transfers)
    pv_public = pv_fiscal - pv_transfers + pv_economic
    assert pv_public == pytest.approx(
        sum(v * (566 + 5000) * d for v, d in zip(VOLUME, DF, strict=True))
    )
    assert result.pv_public == pytest.approx(pv_public)
    assert result.npbi == pytest.approx(pv_fiscal - pv_cost)
    assert result.fiscal_roi == pytest.approx(pv_fiscal / pv_cost)
    assert result.nppv == pytest.approx(pv_public - pv_cost)
    assert result.bcr == pytest.approx(pv_public / pv_cost)
    # cumulative: 2012 0 vs 165k; 2013 282,240 vs 220k → payback 2013 (the second year)
    assert result.payback_year == 2013
    # short by 165,000 at the end of 2012; 2013's net flow 282,240 − 55,000 = 227,240
    # makes it up 165,000 / 227,240 = 0.72610 of the way through 2013: 1.72610 years,
    # 282,240 − 220,000 = 62,240 ahead at the end of 2013
    assert result.payback_shortfall == pytest.approx(165_000)
    assert result.payback_surplus == pytest.approx(62_240)
    assert result.payback_period == pytest.approx(1 + 165_000 / 227_240)
    assert result.payback_period == pytest.approx(1.726105, abs=1e-6)
    assert result.discounted_payback_year == 2013


def test_by_partner(projection: pb.Projection) -> None:
    frame = projection.appraise().by_partner
    assert list(frame.index) == ["dwp", "nhs", "council"]
    dwp = frame.loc["dwp"]
    assert dwp["pv_cost"] == 0
    assert dwp["pv_fiscal"] == pytest.approx(
        sum(v * 9234 * d for v, d in zip(VOLUME, DF, strict=True))
    )
    assert np.isnan(dwp["roi"])
    council = frame.loc["council"]
    assert council["net"] == pytest.approx(-(165_000 + 55_000 * DF[1]))
    assert council["payback_year"] is pd_na()


def pd_na() -> object:
    import pandas as pd

    return pd.NA


def test_by_outcome_and_by_year(projection: pb.Projection) -> None:
    result = projection.appraise()
    outcome = result.by_outcome.loc["jsa_into_work"]
    assert outcome["volume"] == pytest.approx(sum(VOLUME))
    assert outcome["pv_public"] == pytest.approx(result.pv_public)
    years = result.by_year
    np.testing.assert_allclose(
        years["cumulative_net_fiscal"].iloc[-1], sum(VOLUME) * 9800 - 220_000
    )
    np.testing.assert_allclose(years["discount_factor"], DF)


def test_payback_not_reached_is_none() -> None:
    case = example_case(horizon=2)
    result = pb.project(case).appraise()
    # 2012: 0 vs 165k; 2013: 282,240 vs 220k: reached. With a bigger cost it is not.
    costly = attrs.evolve(
        example_intervention(),
        costs=[
            pb.CostLine(
                partner="council", amounts={2012: 1_000_000}, price_year=2012, optimism_bias=0.0
            )
        ],
    )
    result = pb.project(example_case(interventions=[costly], horizon=2)).appraise()
    assert result.payback_year is None
    assert result.discounted_payback_year is None
    assert result.payback_period is None


def test_discounted_payback_later_than_undiscounted() -> None:
    # cost 100 in year 0, fiscal benefit 50.5 in each of years 1 and 2:
    # undiscounted 101 ≥ 100 in 2014; discounted 50.5/1.035 + 50.5/1.035² = 95.93 < 100.
    effect = pb.Effect(
        outcome="o",
        unit="incident",
        baseline=1,
        impact=1,
        lag=1,
        duration=2,
        optimism_bias=0,
        fiscal={"dwp": pb.UnitValue("50.5 GBP/incident", price_year=2012)},
    )
    intervention = example_intervention(
        cohort=pb.Cohort(id="c", intake={2012: 1}),
        engagement=1.0,
        effects=[effect],
        costs=[pb.CostLine(partner="dwp", amounts={2012: 100}, price_year=2012, optimism_bias=0)],
    )
    result = pb.project(example_case(interventions=[intervention])).appraise()
    assert result.payback_year == 2014
    assert result.discounted_payback_year is None


def test_profile_with_several_intakes_lag_and_drop_off() -> None:
    # intake 10 in 2012 and 20 in 2013; lag 1, duration 2, drop-off 0.5, rate 1
    effect = pb.Effect(
        outcome="o",
        unit="incident",
        baseline=1,
        impact=1,
        lag=1,
        duration=2,
        drop_off=0.5,
        optimism_bias=0,
    )
    intervention = example_intervention(
        cohort=pb.Cohort(id="c", intake={2012: 10, 2013: 20}), engagement=1.0, effects=[effect]
    )
    ds = pb.project(example_case(interventions=[intervention], horizon=5)).dataset
    # 2013: 10; 2014: 10·0.5 + 20 = 25; 2015: 20·0.5 = 10; 2016: 0
    np.testing.assert_allclose(ds["volume"].sel(outcome="o"), [0, 10, 25, 10, 0])


def test_funnel_adjustments_multiply() -> None:
    effect = pb.Effect(
        outcome="o",
        unit="incident",
        baseline=2.0,
        impact=0.5,
        deadweight=0.1,
        displacement=0.2,
        attribution=0.5,
        confidence=6,
    )
    intervention = example_intervention(
        cohort=pb.Cohort(id="c", intake={2012: 100}), engagement=0.5, effects=[effect]
    )
    ds = pb.project(example_case(interventions=[intervention])).dataset
    # 50 × 2 × 0.5 × 0.9 × 0.8 × 0.5 × (1 − 0.40 for grade 6) = 10.8
    np.testing.assert_allclose(ds["volume"].sel(outcome="o"), [10.8, 0, 0, 0])


def test_cost_optimism_bias_from_grade_and_per_participant() -> None:
    intervention = example_intervention(
        costs=[
            pb.CostLine(
                partner="nhs", per_participant="100 GBP/person", price_year=2012, confidence=3
            ),
            pb.CostLine(partner="council", amounts={2013: 1000}, price_year=2012, confidence=6),
        ]
    )
    cost = pb.project(example_case(interventions=[intervention])).dataset["cost"]
    np.testing.assert_allclose(cost.sel(partner="nhs"), [150 * 100 * 1.10, 0, 0, 0])
    np.testing.assert_allclose(cost.sel(partner="council"), [0, 1400, 0, 0])


def test_uprating_to_price_base() -> None:
    deflators = DeflatorSeries(name="toy", values={2010: 80.0, 2012: 100.0, 2013: 104.0})
    effect = pb.Effect(
        outcome="o",
        unit="incident",
        baseline=1,
        impact=1,
        optimism_bias=0,
        fiscal={"dwp": pb.UnitValue("40 GBP/incident", price_year=2010)},
    )
    intervention = example_intervention(
        cohort=pb.Cohort(id="c", intake={2012: 1}),
        engagement=1.0,
        effects=[effect],
        costs=[pb.CostLine(partner="dwp", amounts={2012: 100}, price_year=2012, optimism_bias=0)],
    )
    case = example_case(interventions=[intervention], price_year=2013, deflators=deflators)
    ds = pb.project(case).dataset
    # 40 × 104 / 80 = 52; cost 100 × 104 / 100 = 104
    assert float(ds["fiscal"].sel(partner="dwp", year=2012, outcome="o")) == pytest.approx(52)
    assert float(ds["cost"].sel(partner="dwp", year=2012)) == pytest.approx(104)
    assert ds["cost"].attrs["price_base"] == 2013


def test_weekly_value_converted_to_yearly() -> None:
    effect = pb.Effect(
        outcome="o",
        unit="person_year",
        baseline=1,
        impact=1,
        optimism_bias=0,
        fiscal={"dwp": pb.UnitValue("100 GBP/person_week", price_year=2012)},
    )
    intervention = example_intervention(
        cohort=pb.Cohort(id="c", intake={2012: 1}), engagement=1.0, effects=[effect]
    )
    ds = pb.project(example_case(interventions=[intervention])).dataset
    weeks_per_year = 365.25 / 7
    assert float(ds["fiscal"].sel(partner="dwp", year=2012, outcome="o")) == pytest.approx(
        100 * weeks_per_year
    )


def test_unit_cost_reference_resolves_and_uprates() -> None:
    # E&E1.0.1: £9,234 per person-year in 2012/13 prices (Unit Cost Database v1.2)
    effect = pb.Effect(
        outcome="o",
        unit="person_year",
        baseline=1,
        impact=1,
        optimism_bias=0,
        fiscal={"dwp": "ucd:E&E1.0.1"},
    )
    intervention = example_intervention(
        cohort=pb.Cohort(id="c", intake={2012: 1}), engagement=1.0, effects=[effect]
    )
    ds = pb.project(example_case(interventions=[intervention])).dataset
    assert float(ds["fiscal"].sel(partner="dwp", year=2012, outcome="o")) == pytest.approx(9234)


def test_same_outcome_in_two_interventions_sums() -> None:
    first = example_intervention()
    second = attrs.evolve(first, id="second")
    ds = pb.project(example_case(interventions=[first, second])).dataset
    np.testing.assert_allclose(ds["volume"].sel(outcome="jsa_into_work"), [2 * v for v in VOLUME])


def test_cost_by_category(projection: pb.Projection) -> None:
    by_category = projection.cost_by_category()
    assert by_category.dims == ("partner", "year", "category")
    np.testing.assert_allclose(
        by_category.sel(partner="council", category="intervention"), [165_000, 55_000, 0, 0]
    )


def test_compute_keeps_a_leading_draw_dimension() -> None:
    inputs = pb.project(example_case()).inputs
    draws = xr.DataArray([0.3, 0.6], dims=D.DRAW)
    varied = inputs.assign(impact=inputs["impact"] * 0 + draws)
    from placebudget.engine import appraise, compute

    out = compute(varied)
    assert out["fiscal"].dims == ("draw", "partner", "year", "outcome")
    np.testing.assert_allclose(
        out["volume"].sel(outcome="jsa_into_work", draw=0) * 2,
        out["volume"].sel(outcome="jsa_into_work", draw=1),
    )
    metrics = appraise(out)
    assert metrics["npbi"].dims == ("draw",)


def test_compute_stays_lazy_on_dask() -> None:
    dask = pytest.importorskip("dask")
    inputs = pb.project(example_case()).inputs.chunk()
    from placebudget.engine import compute

    calls = {"n": 0}

    def counting_get(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        return dask.get(*args, **kwargs)

    with dask.config.set(scheduler=counting_get):
        out = compute(inputs)
        assert calls["n"] == 0
        eager = compute(pb.project(example_case()).inputs)
        xr.testing.assert_allclose(out["fiscal"].compute(), eager["fiscal"])
        assert calls["n"] >= 1


def test_to_frame_does_not_repeat_a_cost_across_outcomes() -> None:
    from placebudget.errors import UnknownReferenceError
    from placebudget.examples import example_path

    projection = pb.project(pb.load_case(example_path("west_cheshire")))
    ds = projection.dataset
    true_cost = float(ds[D.COST].sum())
    assert true_cost == pytest.approx(2.94e6, rel=0.01)  # the demo's cost, undiscounted
    # what the Dataset's own table does: cost repeated along every outcome and intervention
    repeated = true_cost * ds.sizes[D.OUTCOME] * ds.sizes[D.INTERVENTION]
    assert float(ds.to_dataframe()[D.COST].sum()) == pytest.approx(repeated)
    cost = projection.to_frame(D.COST)
    assert len(cost) == ds.sizes[D.PARTNER] * ds.sizes[D.YEAR]
    assert float(cost["value"].sum()) == pytest.approx(true_cost)
    assert set(cost["units"]) == {"GBP"}
    table = projection.to_frame()
    assert set(table["variable"]) == {str(v) for v in ds.data_vars}
    for name in ds.data_vars:
        rows = table[table["variable"] == name]
        assert len(rows) == ds[name].size, name
        assert float(rows["value"].sum()) == pytest.approx(float(ds[name].sum())), name
    participants = table[table["variable"] == D.PARTICIPANTS]
    assert participants[D.PARTNER].isna().all()  # no partner dimension: missing, not ''
    expected = r"variable: must be a variable of the projection \(participants, .*got 'costs'"
    with pytest.raises(UnknownReferenceError, match=expected):
        projection.to_frame(["cost", "costs"])
