"""The command group through click's CliRunner: each command's output read as a user
reads it, and the exit codes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import placebudget as pb
from placebudget.cli import cli
from placebudget.examples import example_path
from placebudget.plugin import ParameterSpec, ThemeSpec
from placebudget.testing import example_intervention, fresh_plugin_registry


def invoke(*args: str) -> tuple[int, str]:
    """The exit code and standard output (warnings go to standard error)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_validate_says_what_it_checked() -> None:
    code, out = invoke("validate", str(example_path("west_cheshire")))
    assert code == 0
    assert out == (
        f"{example_path('west_cheshire')}: valid (2 interventions, 5 partners, 5 years)\n"
    )


def test_invalid_is_not_valid(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(example_path().read_text().replace("impact = 0.35", "impact = 1.35"))
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "valid (" not in result.output
    assert "must be within [0, 1], got 1.35" in result.output


def test_unit_costs_show_lists_every_field() -> None:
    code, out = invoke("unit-costs", "show", "CR1.1")
    assert code == 0
    fields = dict(
        line.strip().split(None, 1)
        for line in out.splitlines()
        if line.startswith(("  code", "  agency"))
    )
    assert fields == {"code": "CR1.1", "agency": "Police"}
    assert "  database             ucd-v1.4\n" in out


def test_unit_costs_search_is_a_table_with_a_count() -> None:
    code, out = invoke("unit-costs", "search", "domestic", "violence", "police")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["code", "fiscal", "£"]
    assert [line.split()[0] for line in lines[1:3]] == ["CR2.0.2", "CR2.0.3"]
    assert lines[-1] == "  2 of 683 lines of ucd-v1.4"
    code, out = invoke("unit-costs", "search", "no", "such", "thing")
    assert out == "No unit cost matches 'no such thing'.\n"


class _Theme:
    @pb.hookimpl
    def placebudget_themes(self) -> list[ThemeSpec]:
        return [
            ThemeSpec(
                name="toy",
                title="Toy theme",
                description="Employment support, for tests.",
                partners={"dwp": "dwp", "nhs": "nhs", "council": "local_authority"},
                parameters=[
                    ParameterSpec(
                        name="engagement",
                        default=0.75,
                        minimum=0,
                        maximum=1,
                        description="share of the cohort who engage",
                        source="judgement: test value",
                        confidence=5,
                    )
                ],
                build=lambda engagement: [example_intervention(engagement=engagement)],
            )
        ]


def test_themes_name_shows_parameters_defaults_and_sources() -> None:
    with fresh_plugin_registry(_Theme()):
        code, out = invoke("themes")
        assert code == 0
        rows = [line.split() for line in out.splitlines() if line.strip()]
        assert ["toy", "Toy", "theme", "[test", "unknown]"] in rows
        code, out = invoke("themes", "toy")
    assert code == 0
    assert out == (
        "toy: Toy theme\n\n"
        "  Employment support, for tests.\n\n"
        "  partners: dwp (dwp), nhs (nhs), council (local_authority)\n\n"
        "  engagement = 0.75  (float)\n"
        "      share of the cohort who engage\n"
        "      source: judgement: test value, grade 5\n"
    )


def test_formats_lists_every_built_in_format() -> None:
    code, out = invoke("formats")
    assert code == 0
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines() if line.strip()}
    assert {
        "markdown": ".md",
        "html": ".html",
        "excel": ".xlsx",
        "json": ".json",
        "csv": ".csv",
        "netcdf": ".nc",
    }.items() <= rows.items()


def test_case_text_is_printed_as_it_is(tmp_path: Path) -> None:
    case = tmp_path / "case.toml"
    case.write_text(
        example_path()
        .read_text()
        .replace(
            'name = "Troubled families: key worker programme"',
            'name = "[bold red]Families[/] :smile:"',
        )
    )
    code, out = invoke("run", str(case))
    assert code == 0
    assert out.splitlines()[0].startswith("[bold red]Families[/] :smile: — ")


def test_no_line_ends_in_spaces() -> None:
    code, out = invoke("run", str(example_path("west_cheshire")))
    assert code == 0
    assert all(line == line.rstrip() for line in out.splitlines())
