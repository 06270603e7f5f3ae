"""Ids of a documented safe alphabet, text without control characters, a case with at
least one intervention and counts of years that cannot size an array past memory."""

from __future__ import annotations

import attrs
import pytest

from placebudget.errors import ValidationError
from placebudget.io.case_file import structure_case, unstructure_case
from placebudget.model import Partner
from placebudget.model.validation import ID_CHARACTERS, control_character, id_problem
from placebudget.testing import example_case


def test_a_look_alike_letter_in_a_partner_id_is_named_with_its_position() -> None:
    with pytest.raises(ValidationError) as info:
        Partner(id="p\u043elice", name="Police", kind="police")
    (problem,) = info.value.problems
    assert problem.path == "id"
    assert "U+043E CYRILLIC SMALL LETTER O" in problem.message
    assert "at position 2" in problem.message


def test_a_look_alike_partner_in_a_case_file_is_refused_with_its_path() -> None:
    data = unstructure_case(example_case())
    data["place"]["partners"][1]["id"] = "p\u043elice"
    with pytest.raises(ValidationError) as info:
        structure_case(data)
    assert any(
        p.path == "place.partners[1].id" and "CYRILLIC" in p.message for p in info.value.problems
    )


@pytest.mark.parametrize("good", ["police", "nhs-trust", "line_2", "v1.4", "-council"])
def test_ids_of_the_safe_alphabet_are_accepted(good: str) -> None:
    assert id_problem(good) is None
    assert set(good) <= ID_CHARACTERS


@pytest.mark.parametrize(
    ("bad", "named"),
    [("caf\u00e9", "U+00E9"), ("a b", "U+0020 SPACE"), ("x\u200by", "U+200B"), ("", "not empty")],
)
def test_ids_outside_the_alphabet_are_refused(bad: str, named: str) -> None:
    problem = id_problem(bad)
    assert problem is not None
    assert named in problem


def test_a_name_may_be_any_unicode_but_no_control_character() -> None:
    case = example_case()
    assert attrs.evolve(case, name="Caerdydd \u2013 \u0417\u0430\u043f\u0430\u0434").name
    assert attrs.evolve(case, name="two\nlines\tand a tab").name
    for bad in ("nul\x00here", "bell\x07", "\x1b]52;c;aGk=\x07", "c1\x9b"):
        with pytest.raises(ValidationError, match="name: must not hold control characters"):
            attrs.evolve(case, name=bad)


def test_a_control_character_in_any_text_of_a_case_file_is_refused_with_its_path() -> None:
    data = unstructure_case(example_case())
    data["interventions"][0]["effects"][0]["source"] = "a\x00b"
    with pytest.raises(ValidationError) as info:
        structure_case(data)
    (problem,) = info.value.problems
    assert problem.path == "interventions[0].effects[0].source"
    assert "U+0000" in problem.message


def test_control_character_names_the_first_one() -> None:
    assert control_character("ab\x01\x02") is not None
    assert "position 3" in str(control_character("ab\x01\x02"))
    assert control_character("tab\tand\nnewline") is None


@pytest.mark.parametrize("empty", [[], {}])
def test_a_case_without_interventions_is_refused(empty: object) -> None:
    data = unstructure_case(example_case())
    data["interventions"] = empty
    with pytest.raises(ValidationError) as info:
        structure_case(data)
    assert [str(p) for p in info.value.problems] == [
        "interventions: must list at least one intervention (it is empty)"
    ]


def test_a_huge_population_is_refused_with_its_range() -> None:
    place = example_case().place
    with pytest.raises(ValidationError, match=r"population: must be a whole number within"):
        attrs.evolve(place, population=2**63)


def test_a_whole_number_past_the_largest_float_is_refused_as_a_number() -> None:
    from placebudget.io.case_file import converter

    with pytest.raises(ValidationError) as info:
        converter.structure(10**400, float)
    assert [p.message for p in info.value.problems] == [
        "must be a number within ±1.8e308 (the largest number)"
    ]
