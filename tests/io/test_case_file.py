from __future__ import annotations

from pathlib import Path

import pytest

import placebudget as pb
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.io.case_file import structure_case, unstructure_case
from placebudget.testing import example_case

REPO_EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "troubled_families.toml"


@pytest.mark.parametrize("suffix", [".toml", ".json", ".yaml"])
def test_round_trip_is_identical(tmp_path: Path, suffix: str) -> None:
    case = example_case()
    path = tmp_path / f"case{suffix}"
    pb.dump_case(case, path)
    assert pb.load_case(path) == case


def test_example_round_trips_and_projects(tmp_path: Path) -> None:
    case = pb.load_case(example_path())
    assert len(case.place.partners) == 6
    assert sorted(case.interventions[0].cohort.intake) == [2013, 2014, 2015]
    pb.dump_case(case, tmp_path / "again.toml")
    assert pb.load_case(tmp_path / "again.toml") == case
    assert REPO_EXAMPLE.read_text() == example_path().read_text()


def test_errors_carry_paths() -> None:
    data = unstructure_case(example_case())
    data["interventions"][0]["effects"][0]["impact"] = 1.3
    data["place"]["partners"][1]["kind"] = "army"
    del data["place"]["partners"][2]["name"]
    with pytest.raises(ValidationError) as info:
        structure_case(data)
    text = str(info.value)
    assert "work_support › jsa_into_work › impact: must be within [0, 1], got 1.3" in text
    assert "interventions[0].effects[0].impact" in [p.path for p in info.value.problems]
    assert "place.partners[1].kind: must be one of" in text
    assert "place.partners[2].name: is required" in text


def test_unknown_keys_are_refused() -> None:
    data = unstructure_case(example_case())
    data["interventions"][0]["effects"][0]["impakt"] = 0.3
    with pytest.raises(
        ValidationError,
        match=r"work_support › jsa_into_work › impakt: is not a "
        r"known key",
    ):
        structure_case(data)


def test_malformed_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("name = [unclosed\n")
    with pytest.raises(ValidationError, match="is not valid TOML"):
        pb.load_case(broken)
    listing = tmp_path / "list.json"
    listing.write_text("[1, 2]")
    with pytest.raises(ValidationError, match="top level"):
        pb.load_case(listing)
    with pytest.raises(ValidationError, match=r"no importer reads case from \.txt"):
        pb.load_case(tmp_path / "case.txt")


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text("name: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(ValidationError, match="is not valid YAML"):
        pb.load_case(evil)


@pytest.mark.parametrize("suffix", [".toml", ".json", ".yaml"])
def test_agreements_round_trip(tmp_path: Path, suffix: str) -> None:
    case = pb.load_case(example_path("west_cheshire"))
    assert len(case.agreements) == 4
    path = tmp_path / f"case{suffix}"
    pb.dump_case(case, path)
    assert pb.load_case(path) == case
    data = unstructure_case(case)
    assert data["agreements"]["mixed"]["rule"]["by"] == "per-category"
    assert data["agreements"]["mixed"]["rule"]["rules"]["intervention"] == {"by": "net-benefit"}


def test_agreement_errors_carry_paths() -> None:
    data = unstructure_case(pb.load_case(example_path("west_cheshire")))
    data["agreements"]["headcount"]["rule"]["by"] = "staff"
    data["agreements"]["gross-benefit"]["rule"]["basis"] = "gdp"
    data["agreements"]["mixed"]["rule"]["rules"]["running"] = {
        "by": "investor-recoups",
        "investor": "council",
    }
    data["agreements"]["council-invests"]["rule"]["share"] = 0.3
    data["agreements"]["fixed"] = {"rule": {"by": "fixed", "shares": {"council": 0.6, "nhs": 0.3}}}
    with pytest.raises(ValidationError) as info:
        structure_case(data)
    found = [str(p) for p in info.value.problems]
    assert found == [
        "agreements['headcount'].rule.by: must be one of fixed, headcount, gross-benefit, "
        "net-benefit, per-category, investor-recoups, got 'staff'",
        "agreements['gross-benefit'].rule.basis: must be one of fiscal, cashable, got 'gdp'",
        "agreements['mixed'].rule.rules['running'].by: must be one of fixed, headcount, "
        "gross-benefit, net-benefit, got 'investor-recoups'",
        "agreements['council-invests'].rule.share: is not a known key (allowed: investor, "
        "return_rate, investor_share, cap)",
        "agreements['fixed'].rule.shares: must sum to 1 (council 0.6 + nhs 0.3 = 0.9), got "
        "{'council': 0.6, 'nhs': 0.3}",
    ]


def test_toml_errors_carry_line_numbers(tmp_path: Path) -> None:
    text = example_path("west_cheshire").read_text()
    lines = text.splitlines()
    impact_line = next(n for n, line in enumerate(lines, 1) if line == "impact = 0.3")
    text = text.replace("impact = 0.3\n", "impact = 1.3\n", 1)
    text = text.replace(
        'rule = { by = "gross-benefit", basis = "fiscal" }',
        'rule = { by = "gross-benefit", basis = "gdp" }',
    )
    text = text.replace("2014 = 350", "2014 = -350")
    path = tmp_path / "case.toml"
    path.write_text(text)
    with pytest.raises(ValidationError) as info:
        pb.load_case(path)
    found = {p.path: p.line for p in info.value.problems}
    rule_line = next(n for n, line in enumerate(text.splitlines(), 1) if 'basis = "gdp"' in line)
    intake_line = next(n for n, line in enumerate(text.splitlines(), 1) if "2014 = -350" in line)
    # the first `impact = 0.3` in the file is in the second effect of the first intervention
    assert found == {
        "interventions[0].cohort.intake[2014]": intake_line,
        "interventions[0].effects[1].impact": impact_line,
        "agreements['gross-benefit'].rule.basis": rule_line,
    }
    assert (
        f"domestic_abuse › homelessness_application › impact (line {impact_line}): must "
        "be within [0, 1]"
    ) in str(info.value)
    assert f"domestic_abuse › cohort › intake › 2014 (line {intake_line})" in str(info.value)


def _with_impact(case: pb.Case, impact: float) -> pb.Case:
    import attrs

    effect = attrs.evolve(case.interventions[0].effects[0], impact=impact)
    return attrs.evolve(
        case,
        interventions=[
            attrs.evolve(
                case.interventions[0], effects=[effect, *case.interventions[0].effects[1:]]
            ),
            *case.interventions[1:],
        ],
    )


def test_dump_case_keeps_the_source_files_comments_and_layout(tmp_path: Path) -> None:
    source = example_path("troubled_families")
    case = pb.load_case(source)
    changed = _with_impact(case, 0.123)
    path = tmp_path / "changed.toml"
    assert pb.dump_case(changed, path, source=source) is True
    before, after = source.read_text().splitlines(), path.read_text().splitlines()
    assert len(before) == len(after)
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (line, "impact = 0.123") for line in before if line.startswith("impact = ")
    ][:1]
    assert pb.load_case(path) == changed


def test_dump_case_finds_a_relative_database_from_another_folder(tmp_path: Path) -> None:
    import csv

    from placebudget.model import financial_year_label

    database = pb.unit_costs("ucd-v1.2")
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    table = tmp_path / "in" / "our-unit-costs.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)  # the v1.2 column order, without headers
        for code in (
            "CR2.0.1",
            "CR2.0.2",
            "CR2.0.3",
            "CR2.0.4",
            "HO3.0",
            "SS1.0",
            "HE3.0",
            "CR1.0",
            "CR3.2",
        ):
            line = database[code]
            assert line.fiscal is not None
            writer.writerow(
                [
                    line.category,
                    line.detail,
                    code,
                    line.description,
                    line.agency,
                    line.agency_detail,
                    line.unit_text,
                    line.fiscal.amount.magnitude,
                    financial_year_label(line.fiscal.price_year),
                    "",
                    line.source,
                    line.rag,
                ]
            )
    source = tmp_path / "in" / "case.toml"
    source.write_text(
        "# ours\n"
        + example_path("west_cheshire")
        .read_text()
        .replace('unit_costs = "ucd-v1.2"', f'unit_costs = "{table.name}"')
    )
    case = pb.load_case(source)
    changed = _with_impact(case, 0.4)
    path = tmp_path / "out" / "changed.toml"
    assert pb.dump_case(changed, path, source=source, original=case) is True
    assert 'unit_costs = "../in/our-unit-costs.csv"' in path.read_text()
    assert path.read_text().startswith("# ours\n")
    assert pb.load_case(path) == changed


def test_dump_case_writes_in_full_a_file_without_the_changed_part(tmp_path: Path) -> None:
    # a themed case file has no interventions of its own to edit
    case = pb.load_case(example_path("west_cheshire"))
    source = tmp_path / "themed.toml"
    source.write_text('# a themed case\ntheme = "domestic_abuse"\n')
    path = tmp_path / "changed.toml"
    changed = _with_impact(case, 0.4)
    assert pb.dump_case(changed, path, source=source, original=case) is False
    assert pb.load_case(path) == changed
    assert not path.read_text().startswith("#")
