"""Costed families: a year of service contacts costed by agency, before and after."""

from __future__ import annotations

from pathlib import Path

import pytest

import placebudget as pb
from placebudget.engine import cost_case_study, cost_contacts
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.model import CaseStudy, Contact
from placebudget.reference import deflator_series

D = deflator_series("hmt-2025-12").values
V12 = "ucd-v1.2"


def up(amount: float, year: int, to: int = 2013) -> float:
    return amount * D[to] / D[year]


def test_a_salford_style_family_by_hand() -> None:
    # five arrests (CR6.0, £593 in 2006/07), five A&E attendances (HE3.0, £109 in
    # 2011/12), 58 police call-outs with no further action (CR1.1, £35 in 2002/03) and
    # 20 hours of a children's social worker (SS18.2, £57 an hour in 2012/13)
    costed = cost_contacts(
        {"CR6.0": 5, "HE3.0": 5, "CR1.1": 58, "SS18.2": "20 hour"}, database=V12, price_year=2013
    )
    police = 5 * up(593, 2006) + 58 * up(35, 2002)
    by_agency = costed.by_agency()
    assert by_agency["Police"] == pytest.approx(police, rel=1e-12)
    assert by_agency["NHS"] == pytest.approx(5 * up(109, 2011), rel=1e-12)
    assert by_agency["Local Authority"] == pytest.approx(20 * up(57, 2012), rel=1e-12)
    assert costed.total == pytest.approx(by_agency.sum())
    assert list(by_agency.index) == ["Police", "Local Authority", "NHS"]  # largest first
    line = costed.lines.loc["SS18.2"]
    assert (line["count"], line["unit"], line["source_price_year"]) == (20.0, "hour", 2012)
    assert costed.price_base == 2013


def test_counts_are_converted_to_the_codes_unit() -> None:
    minutes = cost_contacts({"SS18.2": "90 minute"}, database=V12, price_year=2012)
    assert minutes.total == pytest.approx(1.5 * 57)
    weeks = cost_contacts({"SS1.0": "26 person_week"}, database=V12, price_year=2011)
    assert weeks.total == pytest.approx(44_676 * 26 / (365.25 / 7), rel=1e-9)


def test_before_and_after_give_the_saving_by_agency() -> None:
    study = CaseStudy(id="a", name="Family A", before={"CR1.0": 4, "HE3.0": 5}, after={"CR1.0": 1})
    costed = cost_case_study(
        study, database=pb.unit_costs(V12), deflators=deflator_series(), price_year=2013
    )
    table = costed.by_agency()
    assert table.loc["Police", "saving"] == pytest.approx(3 * up(500, 2002))
    # an agency with no contacts after costs nothing after
    assert table.loc["NHS", "after"] == 0.0
    assert table.loc["NHS", "saving"] == pytest.approx(5 * up(109, 2011))
    assert costed.saving == pytest.approx(table["saving"].sum())
    lines = costed.lines()
    assert set(lines.index.get_level_values("record")) == {"before", "after"}


def _one_partner_of_each_kind() -> pb.Case:
    """The troubled families example with one police, one NHS and one local authority
    partner (its schools budget, held by the council, as an education partner)."""
    import attrs

    case = pb.load_case(example_path("troubled_families"))
    partners = [
        attrs.evolve(p, kind="education") if p.id == "schools" else p for p in case.place.partners
    ]
    return attrs.evolve(case, place=attrs.evolve(case.place, partners=partners))


def test_in_a_case_contacts_are_charged_to_its_partners() -> None:
    case = _one_partner_of_each_kind()
    projection = pb.project(case)
    (family,) = projection.case_studies
    table = family.by_agency()
    # the place has one police, one nhs and one local authority partner
    assert set(table.index) == {"police", "nhs", "council"}
    police = 58 * up(35, 2002) + 5 * up(593, 2006) + 4 * up(500, 2002)
    assert table.loc["police", "before"] == pytest.approx(police, rel=1e-12)
    assert table.loc["police", "after"] == pytest.approx(6 * up(35, 2002), rel=1e-12)
    assert table.loc["council", "before"] == pytest.approx(60 * up(57, 2012), rel=1e-12)
    assert round(family.before.total) == 12_677
    assert round(family.saving or 0) == 11_712


def test_an_agency_of_two_partners_is_not_charged_to_either() -> None:
    import attrs

    case = _one_partner_of_each_kind()
    partners = [
        attrs.evolve(p, kind="local_authority") if p.id == "schools" else p
        for p in case.place.partners
    ]
    both = attrs.evolve(case, place=attrs.evolve(case.place, partners=partners))
    (family,) = pb.project(both).case_studies
    # two local authority partners: the social worker's time stays with the agency
    assert set(family.by_agency().index) == {"police", "nhs", "Local Authority"}


def test_a_contact_partner_overrides_the_agency() -> None:
    costed = cost_contacts(
        {"CR1.0": Contact(count=2, partner="community_safety")}, database=V12, price_year=2002
    )
    assert costed.by_agency().to_dict() == {"community_safety": 1000.0}


def test_bad_contacts_are_refused_naming_each() -> None:
    with pytest.raises(ValidationError) as caught:
        cost_contacts({"SS18.2": 3, "HE3.0": "2 hour", "NOPE1.0": 1}, database=V12, price_year=2013)
    text = str(caught.value)
    assert "(3 problems)" in text  # every one together
    assert (
        "contacts['SS18.2'].count: SS18.2 is costed per hour: give the count with its "
        "unit, such as '3 hour', got 3" in text
    )
    assert (
        "contacts['HE3.0'].count: HE3.0 is costed per incident; a count in hour does "
        "not fit, got '2.0 hour'" in text
    )
    # the negative count is refused before any code is looked up
    with pytest.raises(
        ValidationError,
        match=r"contacts\['CR6.0'\].count: must be zero or "
        "more, got -2",
    ):
        cost_contacts({"CR6.0": -2}, database=V12)
    with pytest.raises(ValidationError, match=r"contacts\['NOPE1.0'\].code: is not a code"):
        cost_contacts({"NOPE1.0": 1}, database=V12)
    with pytest.raises(ValidationError, match="has no GDP deflator"):
        cost_contacts({"CR6.0": 1}, database=V12, price_year=1900)
    with pytest.raises(ValidationError, match="must be a table of Unit Cost Database codes"):
        cost_contacts(["CR6.0"], database=V12)  # type: ignore[arg-type]


@pytest.mark.parametrize("description", [None, 42, {"a": 1}, "call\x00outs"])
def test_a_contacts_description_must_be_text(description: object) -> None:
    # a description of the wrong type is refused at its path, not shown as whatever it was
    contacts = {"CR6.0": {"count": 1, "description": description}}
    with pytest.raises(ValidationError, match=r"\['CR6.0'\].description: must"):
        cost_contacts(contacts, database=V12)


def test_a_case_study_partner_must_be_in_the_place() -> None:
    from placebudget.testing import example_case

    study = CaseStudy(id="a", name="A", before={"CR6.0": Contact(count=1, partner="mi5")})
    with pytest.raises(
        ValidationError,
        match=r"case_studies\[0\].before\['CR6.0'\].partner: "
        r"unknown partner \(known: dwp, nhs, council\), got 'mi5'",
    ):
        example_case(case_studies=[study])


def test_costing_from_the_published_workbook_matches_the_bundled_table(ucd_xls: Path) -> None:
    from placebudget.io.ucd import read_ucd_xls

    workbook = read_ucd_xls(ucd_xls).database("ucd-v1.2 workbook")
    contacts = {"CR6.0": 5, "HE3.0": 5, "CR1.1": 58, "SS18.2": "20 hour"}
    from_file = cost_contacts(contacts, database=workbook, price_year=2013)
    bundled = cost_contacts(contacts, database=V12, price_year=2013)
    assert from_file.total == pytest.approx(bundled.total, rel=1e-12)
