"""Dis-benefits (effects that increase an outcome) and attribution stated either way:
hand-computed figures, the errors, and the case file round trip."""

from __future__ import annotations

import attrs
import numpy as np
import pytest

import placebudget as pb
from placebudget.errors import ValidationError
from placebudget.io import case_file
from placebudget.io._converter import unstructure_case
from placebudget.testing import example_case, example_disbenefit_case


@pytest.fixture(scope="module")
def appraisal() -> pb.Appraisal:
    return pb.project(example_disbenefit_case()).appraise()


def test_a_disbenefit_by_hand(appraisal: pb.Appraisal) -> None:
    """100 people engage in 2012/13 (intake 100 × engagement 1); 3.5 % discounting, so
    DF = 1, 1/1.035, 1/1.035².

    Into work: 100 × baseline 1 × impact 0.5 = 50 person-years in 2012/13 only, × £1,000
    = £50,000 to DWP (PV £50,000).
    A&E attendances increase: rate = −(2 × 0.25 × (1 + 0.20)) = −0.6 a person a year
    (the optimism bias raises an increase, as it raises a cost), for two years: −60
    attendances in 2012/13 and in 2013/14, × £100 = −£6,000 to the NHS each year.
    Dis-benefit borne by the NHS: £6,000 + £6,000 / 1.035 = £11,797.10 (PV).
    PV fiscal = 50,000 − 11,797.10 = £38,202.90; PV cost = £20,000 (council);
    NPBI = £18,202.90; public value = fiscal (no transfers, economic or social value),
    so BCR = 38,202.90 / 20,000 = 1.9101 (dis-benefits as negative benefits, in the
    numerator; counted as costs instead it would be 50,000 / 31,797.10 = 1.5725).
    """
    ds = appraisal.projection.dataset
    disbenefit = 6000 + 6000 / 1.035
    np.testing.assert_allclose(
        ds["volume"].sel(outcome="ae_attendances").to_numpy(), [-60.0, -60.0, 0.0]
    )
    np.testing.assert_allclose(
        ds["disbenefit"].sum("outcome").sel(partner="nhs").to_numpy(), [6000.0, 6000.0, 0.0]
    )
    np.testing.assert_allclose(
        ds["fiscal"].sum("outcome").sel(partner="nhs").to_numpy(), [-6000.0, -6000.0, 0.0]
    )
    assert appraisal.pv_disbenefit == pytest.approx(disbenefit, rel=1e-12)
    assert appraisal.pv_disbenefit == pytest.approx(11_797.101449, rel=1e-9)
    assert appraisal.pv_fiscal == pytest.approx(50_000 - disbenefit, rel=1e-12)
    assert appraisal.npbi == pytest.approx(30_000 - disbenefit, rel=1e-12)
    assert appraisal.npbi == pytest.approx(18_202.898551, rel=1e-9)
    assert appraisal.bcr == pytest.approx((50_000 - disbenefit) / 20_000, rel=1e-12)
    assert appraisal.bcr == pytest.approx(1.910145, rel=1e-6)
    partners = appraisal.by_partner
    assert partners.loc["nhs", "net"] == pytest.approx(-disbenefit, rel=1e-12)
    assert partners.loc["dwp", "net"] == pytest.approx(50_000, rel=1e-12)
    assert partners.loc["council", "net"] == pytest.approx(-20_000, rel=1e-12)
    by_partner = appraisal.metrics["partner_pv_disbenefit"].to_series()
    assert by_partner.to_dict() == pytest.approx({"dwp": 0.0, "nhs": disbenefit, "council": 0.0})
    # the reactive cost as is counts the attendances the cohort has without the
    # programme: 100 × 2 × £100 = £20,000 a year for the two years it is followed
    np.testing.assert_allclose(
        ds["baseline_cost"].sum("outcome").sel(partner="nhs").to_numpy(), [20_000, 20_000, 0]
    )


def test_a_case_without_disbenefits_has_none() -> None:
    result = pb.project(example_case()).appraise()
    assert result.pv_disbenefit == 0
    assert float(result.projection.dataset["disbenefit"].sum()) == 0
    assert "effect_direction" not in result.projection.inputs


def _effect(**changes: object) -> pb.Effect:
    fields: dict[str, object] = {
        "outcome": "dv_incidents",
        "unit": "incident",
        "baseline": 2.0,
        "impact": 0.4,
        "optimism_bias": 0.0,
        **changes,
    }
    return pb.Effect(**fields)  # type: ignore[arg-type]


def test_a_negative_impact_is_refused_with_the_canonical_way() -> None:
    with pytest.raises(ValidationError) as caught:
        _effect(impact=-0.2)
    (problem,) = caught.value.problems
    assert problem.path == "impact"
    assert "increases = true with impact = 0.2" in problem.message


def test_an_impact_above_one_is_refused_at_its_path_in_a_case_file() -> None:
    data = unstructure_case(example_disbenefit_case())
    data["interventions"][0]["effects"][1]["impact"] = 1.3
    with pytest.raises(ValidationError) as caught:
        case_file.structure_case(data)
    (problem,) = caught.value.problems
    assert problem.path == "interventions[0].effects[1].impact"
    assert str(problem.message) == "must be within [0, 1]"
    assert problem.value == 1.3


def test_sroi_attribution_is_the_share_due_to_others() -> None:
    """An SROI attribution of 25 % (the share due to others) is an attribution of 0.75:
    the same figures. Entered as attribution = 0.25, the benefit is a third."""
    case = example_case()
    effect = case.interventions[0].effects[0]
    others = attrs.evolve(effect, attribution_to_others=0.25)
    share = attrs.evolve(effect, attribution=0.75)
    wrong = attrs.evolve(effect, attribution=0.25)
    assert others.attribution == 0.75

    def npbi_fiscal(e: pb.Effect) -> float:
        iv = attrs.evolve(case.interventions[0], effects=[e])
        return pb.project(attrs.evolve(case, interventions=[iv])).appraise().pv_fiscal

    assert npbi_fiscal(others) == pytest.approx(npbi_fiscal(share), rel=1e-12)
    assert npbi_fiscal(wrong) == pytest.approx(npbi_fiscal(share) / 3, rel=1e-12)


def test_attribution_both_ways_is_refused() -> None:
    for given in (0.5, 0.75, 1.0):  # even when they agree, even the default's value
        with pytest.raises(ValidationError) as caught:
            _effect(attribution=given, attribution_to_others=0.25)
        (problem,) = caught.value.problems
        assert problem.path == "attribution_to_others"
        assert "not both" in problem.message
    # an effect changed with attrs.evolve keeps the way its attribution was given
    others = _effect(attribution_to_others=0.25)
    assert attrs.evolve(others, impact=0.5).attribution == 0.75
    assert attrs.evolve(others, attribution_to_others=0.4).attribution == 0.6
    assert attrs.evolve(others, attribution_to_others=None).attribution == 0.75
    # in a case file, both keys are refused even when they agree
    data = unstructure_case(example_case())
    data["interventions"][0]["effects"][0] |= {"attribution": 0.75, "attribution_to_others": 0.25}
    with pytest.raises(ValidationError) as in_file:
        case_file.structure_case(data)
    (problem,) = in_file.value.problems
    assert problem.path == "interventions[0].effects[0].attribution_to_others"
    assert "not both" in problem.message


def test_a_case_file_round_trips_as_written(tmp_path: pytest.TempPathFactory) -> None:
    case = example_disbenefit_case()
    iv = case.interventions[0]
    effects = [attrs.evolve(iv.effects[0], attribution_to_others=0.25), iv.effects[1]]
    case = attrs.evolve(case, interventions=[attrs.evolve(iv, effects=effects)])
    data = unstructure_case(case)
    first, second = data["interventions"][0]["effects"]
    assert first["attribution_to_others"] == 0.25
    assert "attribution" not in first
    assert "increases" not in first
    assert second["increases"] is True
    assert second["attribution"] == 1.0
    again = case_file.structure_case(data)
    assert again == case
    path = tmp_path / "case.toml"  # type: ignore[operator]
    case_file.dump_case(case, path)
    text = path.read_text(encoding="utf-8")
    assert "attribution_to_others = 0.25" in text
    assert "increases = true" in text
    assert pb.load_case(path) == case


def test_the_schema_allows_one_attribution() -> None:
    from placebudget.io.schema import case_schema

    effect = case_schema()["$defs"]["Effect"]
    assert effect["not"] == {"required": ["attribution", "attribution_to_others"]}
    assert effect["properties"]["increases"]["type"] == "boolean"
    assert effect["properties"]["impact"]["minimum"] == 0


def test_a_distribution_on_the_share_due_to_others_points_at_attribution() -> None:
    from placebudget.model import Uniform

    wanted = {"work_support › jsa_into_work › attribution_to_others": Uniform(low=0.1, high=0.3)}
    with pytest.raises(ValidationError) as caught:
        pb.simulate(example_case(), draws=10, seed=1, uncertainty=wanted)
    assert "give the distribution on attribution" in str(caught.value)


def test_a_distribution_on_attribution_works_when_the_share_due_to_others_is_given() -> None:
    """Given as attribution_to_others = 0.25, the effect's attribution (0.75) is still the
    input a distribution is put on: every draw's fiscal benefit lies between the case's
    at attribution 0.7 and at 0.8 (it is proportional to it)."""
    from placebudget.model import Uniform

    case = example_case()
    iv = case.interventions[0]
    others = attrs.evolve(iv.effects[0], attribution_to_others=0.25)
    case = attrs.evolve(case, interventions=[attrs.evolve(iv, effects=[others])])
    wanted = {"work_support › jsa_into_work › attribution": Uniform(low=0.7, high=0.8)}
    ds = pb.simulate(case, draws=50, seed=3, spread=None, uncertainty=wanted).dataset

    def at(share: float) -> float:
        effect = attrs.evolve(others, attribution_to_others=1 - share)
        changed = attrs.evolve(case, interventions=[attrs.evolve(iv, effects=[effect])])
        return pb.project(changed).appraise().pv_fiscal

    fiscal = (ds["fiscal"].sum(("partner", "outcome")) * ds["discount_factor"]).sum("year")
    fiscal = fiscal.to_numpy()
    assert fiscal.shape == (50,)
    assert fiscal.min() >= at(0.7) * (1 - 1e-12)
    assert fiscal.max() <= at(0.8) * (1 + 1e-12)
    assert fiscal.std() > 0
