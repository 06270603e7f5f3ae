"""``init`` and ``explain`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

import placebudget as pb
from placebudget.cli import main
from placebudget.examples import example_path
from placebudget.plugin import ParameterSpec, ThemeSpec
from placebudget.report.tables import format_money
from placebudget.testing import example_intervention, fresh_plugin_registry

WEST = example_path("west_cheshire")


def test_init_writes_a_case_that_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "ours.toml"
    assert main(["init", str(case)]) == 0
    assert f"Case file written to {case}" in capsys.readouterr().out
    assert main(["validate", str(case)]) == 0
    assert main(["run", str(case)]) == 0
    assert "Net present budget impact" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ours.toml"]  # no temporary left


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "ours.toml"
    case.write_text("my work")
    assert main(["init", str(case)]) == 1
    assert "exists; init never overwrites a file" in capsys.readouterr().err
    assert case.read_text() == "my work"
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "nowhere.toml")  # a dangling link is not followed either
    assert main(["init", str(link)]) == 1
    assert not (tmp_path / "nowhere.toml").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["case.json"], "init writes a TOML case file"),
        (["missing/case.toml"], "does not exist"),
        (["--theme", "no-such-theme", "case.toml"], "unknown theme"),
    ],
)
def test_init_refuses(
    arguments: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", *arguments]) == 1
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_init_from_a_theme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    class ToyThemes:
        @pb.hookimpl
        def placebudget_themes(self) -> list[ThemeSpec]:
            return [
                ThemeSpec(
                    name="toy-work",
                    title="Toy work support",
                    description="For tests.",
                    partners={"dwp": "dwp", "nhs": "nhs", "council": "local_authority"},
                    parameters=[
                        ParameterSpec(
                            name="start_year",
                            default=2012,
                            kind=int,
                            minimum=1990,
                            maximum=2100,
                            description="first year",
                            source="choice of the case",
                        )
                    ],
                    build=lambda start_year: [example_intervention()],
                )
            ]

    with fresh_plugin_registry(ToyThemes()):
        case = tmp_path / "theme.toml"
        assert main(["init", "--theme", "toy-work", str(case)]) == 0
        assert "from the theme 'toy-work'" in capsys.readouterr().out
        assert main(["run", str(case)]) == 0
    assert 'theme = "toy-work"' in case.read_text()


def test_explain_prints_the_formula_and_its_parts(capsys: pytest.CaptureFixture[str]) -> None:
    result = pb.project(pb.load_case(WEST)).appraise()
    assert main(["explain", str(WEST), "by_partner.police.pv_fiscal"]) == 0
    out = capsys.readouterr().out
    assert (
        f"Cheshire Constabulary: Present value of fiscal benefits received = Σ over "
        f"years of flow × "
        f"discount factor = "
        f"{format_money(result.by_partner.loc['police', 'pv_fiscal'])}"
    ) in out
    for title in (
        "By year",
        "Fiscal benefit by effect",
        "Rates of each effect",
        "Where the values and costs come from",
    ):
        assert f"  {title}" in out
    assert "ucd:CR2.0.3" in out
    assert "ucd-v1.2 CR2.0.3: Sylvia Walby" in out
    assert "2013/14" in out


def test_explain_refuses_an_unknown_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(WEST), "by_partner.fire.net"]) == 1
    err = capsys.readouterr().err
    assert "by_partner.<partner>.<figure>" in err
    assert "Traceback" not in err


def test_explain_a_payback_year_and_an_agreement_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(WEST), "payback_year"]) == 0
    out = capsys.readouterr().out
    assert (
        "Payback year = the first financial year in which cumulative fiscal benefit "
        "reaches cumulative cost = 2016/17"
    ) in out
    row = next(line for line in out.splitlines() if line.strip().startswith("2016/17"))
    assert row.split()[-1] == "yes"  # the year they cross
    assert main(["explain", str(WEST), "agreements.mixed.council.roi"]) == 0
    out = capsys.readouterr().out
    assert 'Cheshire West and Chester Council under "mixed": Return on investment' in out
    assert "How the rule shares each cost category" in out
    assert "by headcount: 14 of 27 FTE in the joint teams" in out
    assert "Contributions, benefit and transfers by year" in out
    assert (
        "Return on investment = (PV fiscal benefit + PV transfers received) / PV "
        "contribution = (£977,479 + £0) / £947,233 = 1.03" in out
    )


def test_explain_refuses_an_unknown_agreement_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(WEST), "agreements.mixd.police.net"]) == 1
    err = capsys.readouterr().err
    assert "did you mean 'mixed'?" in err
    assert "(headcount, gross-benefit, mixed, council-invests)" in err
