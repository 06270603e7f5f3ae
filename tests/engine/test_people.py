"""People by intervention: participants keep the intervention, each counted in its cohort's
unit, and are added up across interventions only when the cohorts count the same unit."""

from __future__ import annotations

import attrs
import numpy as np
import pandas as pd
import pytest

import placebudget as pb
from placebudget.engine import dims as D
from placebudget.engine.people import common_unit, same_unit
from placebudget.errors import AlignmentError, ValidationError
from placebudget.examples import example_path


def _case(name: str) -> pb.BusinessCase:
    return pb.load_case(example_path(name))


@pytest.fixture(scope="module")
def west_cheshire() -> pb.Projection:
    return pb.project(_case("west_cheshire"))


def test_west_cheshire_participants_by_intervention(west_cheshire: pb.Projection) -> None:
    ds = west_cheshire.dataset
    participants = ds[D.PARTICIPANTS]
    assert participants.dims == (D.INTERVENTION, D.YEAR)
    assert ds[D.REINVESTED_PARTICIPANTS].dims == (D.INTERVENTION, D.YEAR)
    assert list(participants[D.COHORT_UNIT].values) == ["household", "family"]
    # domestic abuse: 300, 350, 350 households × engagement 0.7 = 210, 245, 245
    np.testing.assert_allclose(
        participants.sel(intervention="domestic_abuse"), [210, 245, 245, 0, 0]
    )
    # joint teams: 400 families a year × engagement 0.8 = 320
    np.testing.assert_allclose(participants.sel(intervention="joint_teams"), [320, 320, 320, 0, 0])
    # what the Dataset used to give, households and families added: 530, 565, 565
    np.testing.assert_allclose(participants.sum(D.INTERVENTION), [530, 565, 565, 0, 0])


def test_a_total_of_households_and_families_is_refused(west_cheshire: pb.Projection) -> None:
    expected = (
        r"participants: cannot add up participants of interventions whose cohorts count "
        r"different units \(domestic_abuse: household, joint_teams: family\)"
    )
    with pytest.raises(ValidationError, match=expected) as refused:
        pb.engine.total_participants(west_cheshire.dataset)
    assert refused.value.problems[0].path == "participants"
    with pytest.raises(ValidationError, match="reinvested_participants: cannot add up"):
        pb.engine.total_participants(west_cheshire.dataset, D.REINVESTED_PARTICIPANTS)


def test_without_the_cohort_unit_label_no_total() -> None:
    ds = pb.project(_case("northtown")).dataset
    with pytest.raises(ValidationError, match="has no cohort_unit label"):
        pb.engine.total_participants(ds[D.PARTICIPANTS].drop_vars(D.COHORT_UNIT))


def test_common_and_same_unit() -> None:
    assert common_unit(["family", "family"]) == "family"
    assert common_unit(["family", "household"]) is None
    assert common_unit([]) is None
    assert same_unit(["person"], ["a"]) == "person"
    with pytest.raises(ValidationError, match=r"\(a: person, b: family\)"):
        same_unit(["person", "family"], ["a", "b"])


@pytest.mark.parametrize(
    ("name", "unit", "expected"),
    [
        # Northtown: family support 150 families × 0.8 = 120 a year for three years, warm
        # homes 400 homes (counted as families) × 0.9 = 360 in the first
        ("northtown", "family", [480, 120, 120, 0, 0, 0, 0, 0, 0, 0]),
        # troubled families: 200, 250, 250 families × 0.8
        ("troubled_families", "family", [160, 200, 200, 0, 0, 0]),
    ],
)
def test_a_total_of_one_unit_is_the_old_sum(name: str, unit: str, expected: list[float]) -> None:
    projection = pb.project(_case(name))
    ds = projection.dataset
    total = pb.engine.total_participants(ds)
    assert total.dims == (D.YEAR,)
    assert total.attrs["units"] == unit
    np.testing.assert_allclose(total, expected)
    np.testing.assert_allclose(total, ds[D.PARTICIPANTS].sum(D.INTERVENTION))
    # the table by year carries the total, the same figure
    by_year = projection.appraise().by_year
    np.testing.assert_allclose(by_year[D.PARTICIPANTS].to_numpy(), expected)
    np.testing.assert_allclose(
        by_year[D.REINVESTED_PARTICIPANTS].to_numpy(),
        pb.engine.total_participants(ds, D.REINVESTED_PARTICIPANTS),
    )


def test_the_table_by_year_leaves_mixed_units_out(west_cheshire: pb.Projection) -> None:
    result = west_cheshire.appraise()
    assert D.PARTICIPANTS not in result.by_year.columns
    assert D.REINVESTED_PARTICIPANTS not in result.by_year.columns
    assert D.COST in result.by_year.columns
    table = result.participants_by_intervention
    assert list(table.index) == ["domestic_abuse", "joint_teams"]
    assert list(table["unit"]) == ["household", "family"]
    assert list(table.columns[1:]) == [2013, 2014, 2015, 2016, 2017]
    np.testing.assert_allclose(table.loc["domestic_abuse", 2014], 245)
    np.testing.assert_allclose(table.loc["joint_teams", 2015], 320)
    bought = result.reinvested_participants_by_intervention
    assert float(bought.drop(columns="unit").to_numpy().sum()) == 0.0


def test_monte_carlo_keeps_the_intervention() -> None:
    ds = pb.simulate(_case("west_cheshire"), draws=20, seed=1).dataset
    participants = ds[D.PARTICIPANTS]
    assert participants.dims == (D.DRAW, D.INTERVENTION, D.YEAR)
    assert participants.shape == (20, 2, 5)
    assert list(participants[D.COHORT_UNIT].values) == ["household", "family"]
    with pytest.raises(ValidationError, match="domestic_abuse: household"):
        pb.engine.total_participants(ds)
    northtown = pb.simulate(_case("northtown"), draws=20, seed=1).dataset
    assert pb.engine.total_participants(northtown).dims == (D.DRAW, D.YEAR)


def test_places_keep_the_intervention() -> None:
    places = pd.DataFrame(
        {"joint_teams.intake_scale": [1.0, 2.0]}, index=pd.Index(["a", "b"], name="place")
    )
    ds = pb.aggregate(_case("west_cheshire"), places).dataset
    participants = ds[D.PARTICIPANTS]
    assert participants.dims == (D.PLACE, D.INTERVENTION, D.YEAR)
    # place b doubles the joint teams' families only: 640 a year, households unchanged
    np.testing.assert_allclose(
        participants.sel(place="b", intervention="joint_teams"), [640, 640, 640, 0, 0]
    )
    np.testing.assert_allclose(
        participants.sel(place="b", intervention="domestic_abuse"), [210, 245, 245, 0, 0]
    )


def test_cases_added_up_align_their_interventions() -> None:
    case = attrs.evolve(_case("west_cheshire"), uncertainty={})
    first, second = case.interventions
    renamed = attrs.evolve(case, interventions=[attrs.evolve(first, id="da_other"), second])
    ds = pb.aggregate({"a": case, "b": renamed}).dataset
    participants = ds[D.PARTICIPANTS]
    assert list(participants[D.INTERVENTION].values) == [
        "domestic_abuse",
        "joint_teams",
        "da_other",
    ]
    assert list(participants[D.COHORT_UNIT].values) == ["household", "family", "household"]
    # a case has no participants of an intervention it does not have
    np.testing.assert_allclose(
        participants.sel(place="a", intervention="da_other"), [0, 0, 0, 0, 0]
    )
    np.testing.assert_allclose(
        participants.sel(place="b", intervention="da_other"), [210, 245, 245, 0, 0]
    )
    np.testing.assert_allclose(
        participants.sel(place="b", intervention="domestic_abuse"), [0, 0, 0, 0, 0]
    )
    # one id counting households in one case and families in the other is refused
    swapped = [attrs.evolve(first, id="da_other"), attrs.evolve(second, id="domestic_abuse")]
    other = attrs.evolve(case, interventions=swapped)
    with pytest.raises(
        AlignmentError, match="'domestic_abuse' counts 'household' in one case and 'family'"
    ):
        pb.aggregate({"a": case, "b": other})


def test_the_long_table_names_each_intervention_and_its_unit(
    west_cheshire: pb.Projection,
) -> None:
    table = west_cheshire.to_frame(D.PARTICIPANTS)
    assert list(table.columns) == ["variable", D.INTERVENTION, D.YEAR, "value", "units"]
    households = table[table[D.INTERVENTION] == "domestic_abuse"]
    assert set(households["units"]) == {"household"}
    assert households["value"].sum() == pytest.approx(700)  # 210 + 245 + 245
    families = table[table[D.INTERVENTION] == "joint_teams"]
    assert set(families["units"]) == {"family"}
    assert families["value"].sum() == pytest.approx(960)  # 3 × 320


def test_volume_adds_one_outcome_in_its_unit(west_cheshire: pb.Projection) -> None:
    # each effect's volume keeps its intervention; the volume of an outcome is their sum,
    # in the outcome's one unit
    detail = west_cheshire.detail["effect_volume"]
    outcome = west_cheshire.input_values(D.EFFECT_OUTCOME)  # (effect, outcome) 0/1
    outcomes = west_cheshire.input_values(D.OUTCOME)
    volume = west_cheshire.dataset[D.VOLUME]
    for o, name in enumerate(outcomes):
        mine = outcome[:, o] > 0
        np.testing.assert_allclose(
            detail.to_numpy()[mine].sum(axis=0), volume.sel(outcome=name), rtol=1e-12
        )


def test_people_are_shown_to_the_tenth_without_float_noise() -> None:
    from placebudget.figures import format_value

    # 350 households × engagement 0.7 is 244.99999999999997 in floating point: 245 people
    assert 350 * 0.7 != 245
    assert format_value(350 * 0.7, "count") == "245"
    assert format_value(120.8, "count") == "120.8"  # a share of a family bought
    assert format_value(1234.0, "count") == "1,234"
    assert format_value(0.04, "count") == "0"


def test_inputs_without_cohort_units_give_no_total() -> None:
    # an input Dataset made without the cohort_unit label (built by hand, or saved by an
    # older version): what its interventions count is unknown, so nothing is added up
    inputs = pb.project(_case("northtown")).inputs.drop_vars(D.COHORT_UNIT)
    result = pb.Projection.from_inputs(inputs).appraise()
    assert D.PARTICIPANTS not in result.by_year.columns
    assert list(result.participants_by_intervention["unit"]) == ["", ""]
    np.testing.assert_allclose(result.participants_by_intervention[2024], [120, 360])
