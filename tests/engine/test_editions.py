"""Edition-qualified Unit Cost Database codes, the reviewed list of codes whose meaning
changed between v1.2 and v1.4, and the warning for a code run against another edition."""

from __future__ import annotations

import csv
from pathlib import Path

import attrs
import pytest

import placebudget as pb
from placebudget.engine.contacts import case_warnings, cost_contacts
from placebudget.engine.editions import edition_warnings
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.model import UnitValue
from placebudget.model.intervention import Effect
from placebudget.reference import BUNDLED_DATABASES, unit_costs
from placebudget.reference.editions import edition_change, edition_changes
from placebudget.testing import example_case, example_intervention

EXAMPLES = ("troubled_families", "west_cheshire", "northtown")


def _case_valued_by(amount: str, **changes: object) -> pb.BusinessCase:
    """The example case with one effect counted in incidents, its NHS value ``amount``."""
    effect = Effect(
        outcome="ae_attendances",
        unit="incident",
        baseline=2.0,
        impact=0.25,
        duration=1,
        optimism_bias=0.0,
        fiscal={"nhs": UnitValue(amount, cashable=0)},
    )
    case = example_case(interventions=[example_intervention(effects=[effect])])
    return attrs.evolve(case, **changes) if changes else case


def _published(case: pb.BusinessCase) -> tuple[float, int, str]:
    row = pb.project(case).value_traces().iloc[0]
    return float(row["published"]), int(row["price_year"]), str(row["source"])


def test_a_qualified_code_is_a_reference_with_its_edition() -> None:
    value = UnitValue("ucd-v1.2:CR6.0")
    assert value.is_reference
    assert (value.code, value.edition) == ("CR6.0", "ucd-v1.2")
    assert (UnitValue("ucd:CR6.0").code, UnitValue("ucd:CR6.0").edition) == ("CR6.0", None)
    with pytest.raises(ValidationError, match=r"must name a unit cost code after 'ucd-v1\.2:'"):
        UnitValue("ucd-v1.2: ")


def test_a_qualified_code_is_looked_up_in_its_edition_whatever_the_case_database() -> None:
    # HE3.0: an A&E attendance, £109 in 2011/12 prices, in v1.2; an ambulance call-out,
    # £216 in 2013/14 prices, in v1.4 (the bundled tables, as the workbooks give them)
    for database in BUNDLED_DATABASES:
        old = _published(_case_valued_by("ucd-v1.2:HE3.0", unit_costs=database))
        new = _published(_case_valued_by("ucd-v1.4:HE3.0", unit_costs=database))
        assert old[:2] == (109.0, 2011)
        assert new[:2] == (216.0, 2013)
        # the citation names the edition of the line used
        assert old[2].startswith("ucd-v1.2 HE3.0: ")
        assert new[2].startswith("ucd-v1.4 HE3.0: ")
    # unqualified: the case's database
    assert _published(_case_valued_by("ucd:HE3.0", unit_costs="ucd-v1.2"))[0] == 109.0
    assert _published(_case_valued_by("ucd:HE3.0"))[0] == 216.0


def test_qualified_contacts_cost_the_line_of_their_edition() -> None:
    # CR6.0 in v1.2: an arrest, £593 (2006/07 prices); in v1.4 a court event, £6,837
    # (2008/09 prices). Priced in its own price year, one contact costs the line's figure.
    arrest = cost_contacts({"ucd-v1.2:CR6.0": 1}, database="ucd-v1.4", price_year=2006)
    court = cost_contacts({"ucd-v1.4:CR6.0": 1}, database="ucd-v1.2", price_year=2008)
    assert arrest.lines["unit_cost"].iloc[0] == pytest.approx(593.0)
    assert court.lines["unit_cost"].iloc[0] == pytest.approx(6837.0)
    assert arrest.total == pytest.approx(593.0)


def test_an_unknown_edition_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        pb.project(_case_valued_by("ucd-v1.3:HE3.0"))
    (problem,) = caught.value.problems
    assert problem.path == "interventions[0].effects[0].fiscal['nhs'].amount"
    assert "'ucd-v1.3'" in problem.message
    assert "neither bundled (ucd-v1.4, ucd-v1.2)" in problem.message
    with pytest.raises(ValidationError, match="neither bundled"):
        cost_contacts({"ucd-v1.3:CR6.0": 1})


def test_an_unknown_code_in_a_named_edition_is_refused_naming_the_database() -> None:
    with pytest.raises(ValidationError) as caught:
        pb.project(_case_valued_by("ucd-v1.2:XX9.9"))
    (problem,) = caught.value.problems
    assert problem.path == "interventions[0].effects[0].fiscal['nhs'].code"
    assert "is not a code in unit cost database 'ucd-v1.2'" in problem.message
    assert problem.value == "XX9.9"


def test_an_unknown_codes_edition_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        pb.project(example_case(codes_edition="ucd-v9"))
    (problem,) = caught.value.problems
    assert problem.path == "codes_edition"
    assert "neither a bundled unit cost database" in problem.message


def test_the_reviewed_list_counts() -> None:
    # 400 codes in both editions; 212 read the same (description, unit, agency after
    # folding case and punctuation); of the 188 that differ, 106 were judged by hand to
    # count another thing and 82 to be rewordings
    changes = edition_changes()
    assert len(changes) == 400
    assert sum(c.changed for c in changes.values()) == 106
    same_text = [
        c
        for c in changes.values()
        if c.descriptions["ucd-v1.2"] == c.descriptions["ucd-v1.4"]
        and c.units["ucd-v1.2"] == c.units["ucd-v1.4"]
        and c.agencies["ucd-v1.2"] == c.agencies["ucd-v1.4"]
    ]
    assert all(not c.changed for c in same_text)
    # the two examples are changes; a rewording and an agency relabel are not
    assert edition_change("CR6.0", "ucd-v1.2", "ucd-v1.4") is not None
    assert edition_change("HE3.0", "ucd-v1.4", "ucd-v1.2") is not None
    assert edition_change("E&E1.0", "ucd-v1.2", "ucd-v1.4") is None  # "and economic" added
    assert edition_change("HO7.0", "ucd-v1.2", "ucd-v1.4") is None  # LA → DWP, same award
    assert edition_change("CR6.0", "ucd-v1.2", "ucd-v1.2") is None
    # the list agrees with the bundled tables it was built from
    for edition in BUNDLED_DATABASES:
        database = unit_costs(edition)
        for code, change in changes.items():
            assert database[code].description == change.descriptions[edition]


def test_the_list_matches_the_workbooks() -> None:
    data = Path("/work/shared/data/unit-cost-database")
    if not data.exists():
        pytest.skip("the Unit Cost Database workbooks are not in ../shared/data")
    from placebudget.io.ucd import read_ucd_workbook

    old = read_ucd_workbook(data / "UnitCostDatabase-v1.2.xls").database("ucd-v1.2")
    new = read_ucd_workbook(data / "UnitCostDatabase-v1.4.xlsx").database("ucd-v1.4")
    shared = [code for code in old.costs if code in new.costs]
    assert sorted(shared) == sorted(edition_changes())


def test_troubled_families_run_against_v14_warns_naming_both_lines() -> None:
    case = pb.load_case(example_path("troubled_families"))
    assert edition_warnings(case, unit_costs("ucd-v1.2")) == []
    moved = attrs.evolve(case, unit_costs="ucd-v1.4")  # codes_edition stays ucd-v1.2
    warnings = [w for w in case_warnings(moved) if "was written for" in w.message]
    assert [w.path for w in warnings] == [
        "case_studies[0].before['CR6.0']",
        "case_studies[0].before['HE3.0']",
        "case_studies[0].after['HE3.0']",
    ]
    assert warnings[0].message == (
        "ucd:CR6.0 was written for ucd-v1.2 and the case is run against ucd-v1.4, where "
        "the code means another line: in ucd-v1.2 'Criminal proceedings: Arrest - "
        "detained' (each, £593 in 2006/07 prices); in ucd-v1.4 'Unit cost of court event: "
        "Violence against a person (under 18) (per person per court event)' (per event, "
        "£6,837 in 2008/09 prices). Write ucd-v1.2:CR6.0 to keep the line it was written "
        "for, or set codes_edition = 'ucd-v1.4' once the codes are checked"
    )
    assert "£109" in warnings[1].message
    assert "£216" in warnings[1].message
    # a database given to the run is what the case is run against
    assert len(edition_warnings(case, unit_costs("ucd-v1.4"))) == 3
    # stating that the codes were written for v1.4 is the author's check: no warning
    checked = attrs.evolve(moved, codes_edition="ucd-v1.4")
    assert edition_warnings(checked, unit_costs("ucd-v1.4")) == []


def test_qualified_codes_are_not_warned_about() -> None:
    case = _case_valued_by("ucd-v1.2:HE3.0", unit_costs="ucd-v1.4", codes_edition="ucd-v1.2")
    assert edition_warnings(case, unit_costs("ucd-v1.4")) == []
    unqualified = _case_valued_by("ucd:HE3.0", unit_costs="ucd-v1.4", codes_edition="ucd-v1.2")
    (warning,) = edition_warnings(unqualified, unit_costs("ucd-v1.4"))
    assert "A&E attendance (all scenarios)" in warning.message
    assert "Ambulance services - average cost of call out" in warning.message


def _codes_used(case: pb.BusinessCase) -> list[tuple[str | None, str]]:
    from placebudget.engine.editions import _codes

    return [(edition, code) for _, _, edition, code in _codes(case)]


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_pin_their_edition_and_their_codes_mean_it(name: str) -> None:
    case = pb.load_case(example_path(name))
    codes = _codes_used(case)
    if not codes:
        return  # an example with no Unit Cost Database code has nothing to pin
    text = example_path(name).read_text(encoding="utf-8")
    assert "\ncodes_edition = " in text
    assert "\nunit_costs = " in text
    assert case.codes_edition == case.unit_costs
    for other in BUNDLED_DATABASES:
        for edition, code in codes:
            if edition is None and code in unit_costs(other):
                # the code means the same in the pinned edition as in the one it was
                # written for (the same edition here); unqualified codes used against
                # another edition are warned about
                assert edition_change(code, case.codes_edition or "", case.unit_costs) is None
    assert edition_warnings(case, unit_costs(case.unit_costs)) == []


def test_bundled_themes_pin_their_edition() -> None:
    import importlib

    root = Path(__file__).resolve().parents[2] / "plugins"
    found = 0
    used: dict[str, set[str]] = {}
    for folder in sorted(root.glob("placebudget-theme-*")):
        module_name = folder.name.replace("-", "_")
        init = folder / "src" / module_name / "__init__.py"
        if not init.exists():
            continue
        text = init.read_text(encoding="utf-8")
        if "ucd:" not in text:
            continue
        found += 1
        assert 'unit_costs="ucd-v1.' in text, folder.name
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue  # the plugin is not on the path: its source was checked above
        spec = next(value for value in vars(module).values() if type(value).__name__ == "ThemeSpec")
        from placebudget.plugin.authoring import theme_case

        case = theme_case(spec)
        assert case.codes_edition == case.unit_costs == spec.unit_costs
        assert edition_warnings(case, unit_costs(case.unit_costs)) == []
        for edition, code in _codes_used(case):
            assert edition is not None or code in unit_costs(spec.unit_costs), code
        # run against the other edition, exactly its changed codes are warned about
        other = next(name for name in BUNDLED_DATABASES if name != spec.unit_costs)
        changed = {
            code
            for edition, code in _codes_used(case)
            if edition is None and edition_change(code, spec.unit_costs, other) is not None
        }
        warned = {
            w.message.split()[0].removeprefix("ucd:")
            for w in edition_warnings(case, unit_costs(other))
        }
        assert warned == changed
        used[spec.name] = changed
    assert found >= 5
    if used:
        # the two changed codes the themes use mean, in the edition they pin, what the
        # themes' effects count: HE3.0 an A&E attendance and CR6.0 an arrest (v1.2)
        assert used.get("health-social-care") == {"HE3.0"}
        assert used.get("reducing-reoffending") == {"CR6.0"}
        assert unit_costs("ucd-v1.2")["HE3.0"].description == "A&E attendance (all scenarios)"
        assert unit_costs("ucd-v1.2")["CR6.0"].description.endswith("Arrest - detained")


def test_the_bundled_list_file_has_the_documented_columns() -> None:
    from importlib import resources

    text = resources.files("placebudget.reference").joinpath("data/ucd_edition_changes.csv")
    header = next(csv.reader(text.read_text(encoding="utf-8").splitlines()))
    assert header == [
        "code",
        "changed",
        "v1_2_description",
        "v1_2_unit",
        "v1_2_agency",
        "v1_4_description",
        "v1_4_unit",
        "v1_4_agency",
        "reviewed",
    ]


def test_reports_name_the_editions_of_the_lines_used() -> None:
    from placebudget.report.frames import assumptions, vintages

    case = _case_valued_by("ucd-v1.2:HE3.0")  # run against the default, ucd-v1.4
    result = pb.project(case).appraise()
    assert result.projection.attrs["unit_costs"] == "ucd-v1.4"
    assert result.projection.attrs["unit_cost_editions"] == "ucd-v1.2"
    table = assumptions(result)
    row = table[table.iloc[:, 0] == "unit cost database"].iloc[0, 1]
    assert row == "ucd-v1.4; codes naming their edition from ucd-v1.2"
    names = {str(key[0]) for key in vintages(result).index}
    assert {"ucd-v1.4", "ucd-v1.2"} <= names
    # a case naming no edition reads as before
    plain = pb.project(_case_valued_by("ucd:HE3.0")).appraise()
    assert plain.projection.attrs["unit_cost_editions"] == ""
    table = assumptions(plain)
    assert table[table.iloc[:, 0] == "unit cost database"].iloc[0, 1] == "ucd-v1.4"


def test_an_imported_database_is_compared_by_description() -> None:
    from placebudget.model import PricedAmount, UnitCost
    from placebudget.reference import UnitCostDatabase

    def line(code: str, description: str) -> UnitCost:
        fiscal = PricedAmount(amount="100 GBP/incident", price_year=2015)
        return UnitCost(code=code, description=description, fiscal=fiscal, unit_text="Per incident")

    local = UnitCostDatabase.from_records(
        "our-costs.xlsx",
        [
            line("HE3.0", "A&E attendance - all scenarios"),  # the v1.2 line, reworded
            line("HE3.1", "Police call-out to a domestic incident"),  # another thing
        ],
    )
    case = _case_valued_by("ucd:HE3.0", codes_edition="ucd-v1.2")
    assert edition_warnings(case, local) == []
    moved = _case_valued_by("ucd:HE3.1", codes_edition="ucd-v1.2")
    (warning,) = edition_warnings(moved, local)
    assert "run against our-costs.xlsx" in warning.message
    assert "'A&E attendance - all scenarios, leading to admission'" in warning.message
    assert "'Police call-out to a domestic incident' (per incident, £100" in warning.message


def test_a_unit_mismatch_names_the_qualified_code() -> None:
    # CR6.0 is priced per item (an arrest, "Each") in v1.2, the effect counts incidents
    with pytest.raises(ValidationError) as caught:
        pb.project(_case_valued_by("ucd-v1.2:CR6.0"))
    (problem,) = caught.value.problems
    assert problem.message.startswith(
        "ucd-v1.2:CR6.0 is priced per item, and the effect counts incident"
    )


def test_a_line_and_its_constituent_in_a_named_edition_double_count() -> None:
    # CR2.0 (domestic violence, per incident) holds CR2.0.3 (its police cost) in v1.2
    case = _case_valued_by("ucd-v1.2:CR2.0")
    (programme,) = case.interventions
    (effect,) = programme.effects
    both = attrs.evolve(
        effect,
        fiscal={
            "nhs": UnitValue("ucd-v1.2:CR2.0", cashable=0),
            "council": UnitValue("ucd-v1.2:CR2.0.3", cashable=0),
        },
    )
    case = attrs.evolve(case, interventions=[attrs.evolve(programme, effects=[both])])
    with pytest.raises(ValidationError, match="double counts the same money") as caught:
        pb.project(case)
    (problem,) = caught.value.problems
    assert "ucd-v1.2:CR2.0.3 is a constituent of ucd-v1.2:CR2.0" in problem.message
