"""Every kind of bad input of a case (docs/reference/case-file.md) raises ValidationError
naming field, value and expectation; several problems come together."""

from __future__ import annotations

import attrs
import pytest

import placebudget as pb
from placebudget.errors import ValidationError
from placebudget.testing import example_case, example_intervention, example_place


def effect(**changes: object) -> pb.Effect:
    base: dict[str, object] = {
        "outcome": "o",
        "unit": "incident",
        "baseline": 1.0,
        "impact": 0.5,
        "confidence": 3,
    }
    base.update(changes)
    return pb.Effect(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("impact", 1.3, "impact: must be within [0, 1], got 1.3"),
        ("deadweight", -0.1, "deadweight: must be within [0, 1], got -0.1"),
        ("displacement", 2, "displacement: must be within [0, 1], got 2"),
        ("attribution", 1.5, "attribution: must be within [0, 1], got 1.5"),
        ("drop_off", 1.01, "drop_off: must be within [0, 1], got 1.01"),
        ("baseline", -1.0, "baseline: must be zero or more, got -1.0"),
        ("impact", float("nan"), "impact: must be a finite number, got nan"),
        ("baseline", float("inf"), "baseline: must be a finite number, got inf"),
        ("duration", 0, "duration: must be a whole number within [1, 300], got 0"),
        (
            "duration",
            2**63,
            "duration: must be a whole number within [1, 300], got 9223372036854775808",
        ),
        ("lag", -1, "lag: must be a whole number within [0, 300], got -1"),
        ("lag", 2**63, "lag: must be a whole number within [0, 300], got 9223372036854775808"),
        ("confidence", 7, "confidence: must be a confidence grade from 1 to 6, got 7"),
        ("impact", True, "impact: must be a number, got True"),
    ],
)
def test_effect_field_errors(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        effect(**{field: value})
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_several_problems_reported_together() -> None:
    with pytest.raises(ValidationError) as info:
        effect(impact=1.3, deadweight=-1, baseline=float("nan"))
    paths = {p.path for p in info.value.problems}
    assert paths == {"impact", "deadweight", "baseline"}
    assert "3 problems" in str(info.value)


def test_effect_needs_a_grade_or_an_optimism_bias() -> None:
    with pytest.raises(ValidationError, match=r"confidence grade .* or an explicit optimism_bias"):
        effect(confidence=None)


def test_unit_mismatch_is_an_error() -> None:
    with pytest.raises(
        ValidationError,
        match=r"fiscal\['police'\]\.amount: must be money per "
        r"person_year",
    ):
        effect(
            unit="person_year", fiscal={"police": pb.UnitValue("415 GBP/incident", price_year=2008)}
        )


def test_value_must_be_money() -> None:
    with pytest.raises(ValidationError, match="amount: must be money per unit"):
        pb.UnitValue("3 person", price_year=2012)


def test_unknown_unit_is_an_error() -> None:
    with pytest.raises(ValidationError, match="not a known unit"):
        pb.UnitValue("3 GBP/persn", price_year=2012)
    with pytest.raises(ValidationError, match="unit: is not a known unit"):
        effect(unit="widgetz")


def test_price_year_required_for_amounts() -> None:
    with pytest.raises(ValidationError, match="price_year: is required"):
        pb.UnitValue("3 GBP/incident")


def test_negative_intake_and_bad_years() -> None:
    with pytest.raises(ValidationError) as info:
        pb.Cohort(id="c", intake={2012: -5, 1066: 3})
    text = str(info.value)
    assert "intake[2012]: must be zero or more, got -5" in text
    assert "intake[1066]: keys must be financial years" in text


def test_unknown_partner_kind() -> None:
    with pytest.raises(ValidationError, match="kind: must be one of local_authority"):
        pb.Partner(id="army", name="Army", kind="army")


def test_duplicate_partner_ids() -> None:
    partner = pb.Partner(id="nhs", name="NHS", kind="nhs")
    with pytest.raises(ValidationError, match=r"partners\[1\]\.id: duplicate partner id"):
        pb.Place(id="p", name="P", partners=[partner, partner])


def test_duplicate_intervention_ids() -> None:
    with pytest.raises(ValidationError, match=r"interventions\[1\]\.id: duplicate"):
        example_case(interventions=[example_intervention(), example_intervention()])


def test_unknown_partner_ids_in_case() -> None:
    bad_effect = effect(fiscal={"fire": pb.UnitValue("1 GBP/incident", price_year=2012)})
    intervention = example_intervention(
        effects=[bad_effect],
        costs=[pb.CostLine(partner="army", amounts={2012: 1}, price_year=2012, confidence=1)],
    )
    with pytest.raises(ValidationError) as info:
        example_case(interventions=[intervention])
    text = str(info.value)
    assert "interventions[0].effects[0].fiscal['fire']: unknown partner" in text
    assert "interventions[0].costs[0].partner: unknown partner (known: dwp, nhs, council)" in text


def test_years_outside_horizon() -> None:
    intervention = example_intervention(cohort=pb.Cohort(id="c", intake={2020: 5}))
    with pytest.raises(
        ValidationError,
        match=r"cohort\.intake\[2020\]: intake year must be "
        r"within the appraisal years 2012-2015",
    ):
        example_case(interventions=[intervention])


def test_cost_line_needs_exactly_one_basis() -> None:
    with pytest.raises(ValidationError, match="give amounts by year or a per_participant"):
        pb.CostLine(partner="nhs", price_year=2012, confidence=1)
    with pytest.raises(ValidationError, match="not both"):
        pb.CostLine(
            partner="nhs",
            amounts={2012: 1},
            per_participant="1 GBP/person",
            price_year=2012,
            confidence=1,
        )


def test_per_participant_cost_must_match_cohort_unit() -> None:
    with pytest.raises(ValidationError, match="must be money per family"):
        example_intervention(
            cohort=pb.Cohort(id="f", unit="family", intake={2012: 1}),
            costs=[
                pb.CostLine(
                    partner="nhs", per_participant="10 GBP/person", price_year=2012, confidence=1
                )
            ],
        )


def test_cost_amounts_must_be_money() -> None:
    with pytest.raises(ValidationError, match="must be an amount of money"):
        pb.CostLine(partner="nhs", amounts={2012: "3 person"}, price_year=2012, confidence=1)


def test_outcome_unit_conflict_across_interventions() -> None:
    second = example_intervention(id="other", effects=[effect(outcome="jsa_into_work")])
    with pytest.raises(ValidationError, match="is counted in 'person_year'"):
        example_case(interventions=[example_intervention(), second])


def test_price_year_without_deflator_is_reported_at_projection() -> None:
    value = pb.UnitValue("10 GBP/incident", price_year=1950)
    intervention = example_intervention(effects=[effect(fiscal={"nhs": value})])
    with pytest.raises(
        ValidationError,
        match=r"work_support › o › fiscal › nhs › price_year: has "
        r"no GDP deflator",
    ):
        pb.project(example_case(interventions=[intervention]))


def test_unknown_unit_cost_code_is_reported_at_projection() -> None:
    intervention = example_intervention(effects=[effect(fiscal={"nhs": "ucd:ZZ9"})])
    with pytest.raises(ValidationError, match=r"fiscal › nhs › code: is not a code"):
        pb.project(example_case(interventions=[intervention]))


def test_unit_cost_code_with_wrong_unit_is_reported_at_projection() -> None:
    # CR2.0.3 is per incident; the outcome is counted in person-years
    intervention = example_intervention(
        effects=[effect(unit="person_year", fiscal={"nhs": "ucd:CR2.0.3"})]
    )
    with pytest.raises(
        ValidationError,
        match=r"ucd:CR2\.0\.3 is priced per incident, and "
        "the effect counts person_year",
    ):
        pb.project(example_case(interventions=[intervention]))


def test_unknown_table_name_is_reported_at_projection() -> None:
    with pytest.raises(ValidationError, match="discounting: is not a bundled discount"):
        pb.project(example_case(discounting="generous"))


def test_objects_are_frozen_and_evolve_validates() -> None:
    case = example_case()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        case.horizon = 3  # type: ignore[misc]
    with pytest.raises(ValidationError, match="horizon"):
        attrs.evolve(case, horizon=0)
    assert example_place().partners_by_id["nhs"].kind == "nhs"
