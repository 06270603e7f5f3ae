"""The "as is" baseline: what failure costs today and who pays, checked by hand."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import placebudget as pb
from placebudget.engine import dims as D
from placebudget.examples import example_path
from placebudget.model import BusinessCase, UnitValue
from placebudget.reference import deflator_series
from placebudget.testing import assert_conserves_money, example_case

DF = np.array([1.0, 1 / 1.035, 1 / 1.035**2, 1 / 1.035**3])


def test_readme_example_by_hand() -> None:
    # 200 claimants enter in 2012 and are followed from intake to the last year of the
    # benefit (lag 1 + duration 3 = 4 years: 2012-2015). As is, each costs DWP £9,234
    # and the NHS £566 a year (baseline 1 person-year a year, 2012 prices = price base).
    projection = pb.project(example_case())
    ds = projection.dataset
    by_partner = ds[D.BASELINE_COST].sum(D.OUTCOME)
    np.testing.assert_allclose(by_partner.sel(partner="dwp"), [1_846_800.0] * 4)
    np.testing.assert_allclose(by_partner.sel(partner="nhs"), [113_200.0] * 4)
    np.testing.assert_allclose(by_partner.sel(partner="council"), [0.0] * 4)
    result = projection.appraise()
    assert result.pv_baseline_cost == pytest.approx(1_960_000.0 * DF.sum())
    frame = result.by_partner
    assert frame.loc["dwp", "pv_baseline_cost"] == pytest.approx(1_846_800.0 * DF.sum())
    # the saving share: volume changed over person-years followed, the same for both
    volume = np.array([0.0, 28.8, 21.6, 16.2])
    share = (volume * DF).sum() / (200 * DF.sum())
    assert frame.loc["dwp", "saving_share"] == pytest.approx(share)
    assert frame.loc["nhs", "saving_share"] == pytest.approx(share)
    assert np.isnan(frame.loc["council", "saving_share"])
    assert result.baseline_saving_share == pytest.approx(share)
    per_member = result.baseline_per_member
    assert per_member.loc["work_support", "dwp"] == pytest.approx(9234.0)
    assert per_member.loc["work_support", "total"] == pytest.approx(9800.0)
    assert per_member.loc["work_support", "unit"] == "person"
    as_is = result.as_is
    assert as_is.loc["dwp", "reactive_with_programme"] == pytest.approx(
        frame.loc["dwp", "pv_baseline_cost"] - frame.loc["dwp", "pv_fiscal"]
    )
    assert as_is.loc["council", "investment"] == pytest.approx(frame.loc["council", "pv_cost"])


def _by_hand(case: BusinessCase) -> dict[str, np.ndarray]:
    """The baseline cost by partner and year with plain loops: for each effect, each
    intake year and each year followed, intake × baseline × uprated unit value."""
    database = pb.unit_costs(case.unit_costs)
    series = deflator_series(str(case.deflators))
    out = {p: np.zeros(case.horizon) for p in case.place.partner_ids}
    for intervention in case.interventions:
        for effect in intervention.effects:
            for partner, value in effect.fiscal.items():
                if value.is_reference:
                    line = database[value.code or ""]
                    amount = float(line.fiscal.amount.magnitude)  # type: ignore[union-attr]
                    year = line.fiscal.price_year  # type: ignore[union-attr]
                else:
                    amount, year = value.per(effect.unit), value.price_year
                uprated = amount * series.values[case.price_year] / series.values[year]
                for intake_year, n in intervention.cohort.intake.items():
                    for t in range(effect.lag + effect.duration):
                        index = intake_year - case.start_year + t
                        if index < case.horizon:
                            out[partner][index] += n * effect.baseline * uprated
    return out


@pytest.mark.parametrize("name", ["troubled_families", "west_cheshire"])
def test_bundled_examples_by_hand(name: str) -> None:
    case = pb.load_case(example_path(name))
    ds = pb.project(case).dataset
    expected = _by_hand(case)
    for partner, values in expected.items():
        np.testing.assert_allclose(
            ds[D.BASELINE_COST].sel(partner=partner).sum(D.OUTCOME), values, rtol=1e-12
        )


def test_troubled_families_per_family_per_year() -> None:
    # One family as is, in 2013/14 prices: police bear 1.2 domestic violence incidents at
    # CR2.0.3 (£415, 2008/09), 3 ASB incidents at CR1.0 (£500, 2002/03), 1.1 truancy years
    # at E&S1.0.3 and 0.15 exclusion years at E&S2.0.3, each uprated by the GDP deflator.
    case = pb.load_case(example_path("troubled_families"))
    result = pb.project(case).appraise()
    database = pb.unit_costs("ucd-v1.2")
    d = deflator_series("hmt-2025-12").values

    def uprated(code: str) -> float:
        line = database[code].fiscal
        assert line is not None
        return float(line.amount.magnitude) * d[2013] / d[line.price_year]

    police = (
        1.2 * uprated("CR2.0.3")
        + 3.0 * uprated("CR1.0")
        + 1.1 * uprated("E&S1.0.3")
        + 0.15 * uprated("E&S2.0.3")
    )
    per_family = result.baseline_per_member
    assert per_family.loc["key_workers", "police"] == pytest.approx(police, rel=1e-12)
    dwp = 1.0 * uprated("E&E1.0.1")
    assert per_family.loc["key_workers", "dwp"] == pytest.approx(dwp, rel=1e-12)
    assert per_family.loc["key_workers", "total"] == pytest.approx(
        per_family.drop(columns=["unit", "total"]).loc["key_workers"].sum()
    )
    # the figures the demo prints, in 2013/14 prices
    assert round(per_family.loc["key_workers", "total"]) == 21_098
    assert round(result.pv_baseline_cost) == 45_110_003


@given(
    scale=st.floats(0.1, 50.0),
    baseline=st.floats(0.0, 3.0),
    impact=st.floats(0, 1),
    engagement=st.floats(0.05, 1.0),
)
def test_baseline_is_linear_in_the_cohort_and_bounds_the_saving(
    scale: float, baseline: float, impact: float, engagement: float
) -> None:
    case = example_case()
    (intervention,) = case.interventions
    effect = attrs.evolve(intervention.effects[0], baseline=baseline, impact=impact)
    changed = attrs.evolve(intervention, effects=[effect], engagement=engagement)
    bigger = attrs.evolve(changed, cohort=attrs.evolve(changed.cohort, intake={2012: 200 * scale}))
    one = pb.project(attrs.evolve(case, interventions=[changed])).dataset
    many = pb.project(attrs.evolve(case, interventions=[bigger])).dataset
    np.testing.assert_allclose(
        many[D.BASELINE_COST], one[D.BASELINE_COST] * scale, rtol=1e-9, atol=1e-6
    )
    assert_conserves_money(many)  # no saving exceeds the reactive cost it comes from


@given(order=st.permutations(["dwp", "nhs", "council"]))
def test_baseline_does_not_depend_on_partner_order(order: list[str]) -> None:
    case = example_case()
    by_id = {p.id: p for p in case.place.partners}
    shuffled = attrs.evolve(
        case, place=attrs.evolve(case.place, partners=[by_id[p] for p in order])
    )
    a = pb.project(case).appraise().by_partner
    b = pb.project(shuffled).appraise().by_partner
    for partner in order:
        assert b.loc[partner, "pv_baseline_cost"] == pytest.approx(
            a.loc[partner, "pv_baseline_cost"]
        )


def test_a_transfer_stays_in_the_reactive_spend() -> None:
    # benefits paid are what worklessness costs DWP: the baseline is the financial case's
    # money, transfers included, whatever public value leaves out
    case = example_case()
    (intervention,) = case.interventions
    effect = intervention.effects[0]
    fiscal = {
        **effect.fiscal,
        "dwp": UnitValue("9234 GBP/person_year", price_year=2012, cashable=1.0, transfer=False),
    }
    plain = attrs.evolve(
        case,
        interventions=[attrs.evolve(intervention, effects=[attrs.evolve(effect, fiscal=fiscal)])],
    )
    assert pb.project(plain).appraise().pv_baseline_cost == pytest.approx(
        pb.project(case).appraise().pv_baseline_cost
    )
