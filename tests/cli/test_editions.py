"""The command line and Unit Cost Database editions: ``unit-costs show`` with a qualified
code, and ``validate`` warning about a code whose meaning changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from placebudget.cli import main
from placebudget.examples import example_path


def test_show_a_code_in_the_edition_it_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["unit-costs", "show", "ucd-v1.2:CR6.0"]) == 0
    shown = capsys.readouterr().out
    assert "database             ucd-v1.2" in shown
    assert "description          Criminal proceedings: Arrest - detained" in shown
    assert "fiscal value         593.00 GBP / item in 2006/07 prices" in shown
    # the other edition's line under the same code is named
    assert "in ucd-v1.4          another line: Unit cost of court event" in shown
    assert main(["unit-costs", "show", "ucd:CR6.0", "--database", "ucd-v1.2"]) == 0
    assert "593.00 GBP / item" in capsys.readouterr().out
    assert main(["unit-costs", "show", "ucd-v1.4:CR6.0", "--database", "ucd-v1.2"]) == 0
    assert "6,837.00 GBP / event in 2008/09 prices" in capsys.readouterr().out


def test_show_refuses_an_unknown_edition(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["unit-costs", "show", "ucd-v1.3:CR6.0"]) != 0
    err = capsys.readouterr().err
    assert "CODE: names the unit cost database 'ucd-v1.3', which is neither bundled" in err


def test_validate_warns_when_troubled_families_runs_against_v14(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = example_path("troubled_families").read_text(encoding="utf-8")
    moved = text.replace('\nunit_costs = "ucd-v1.2"\n', '\nunit_costs = "ucd-v1.4"\n')
    assert moved != text
    path = tmp_path / "tf.toml"
    path.write_text(moved, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert err.count("was written for ucd-v1.2 and the case is run against ucd-v1.4") == 3
    assert "'Criminal proceedings: Arrest - detained' (each, £593 in 2006/07 prices)" in err
    assert "(per event, £6,837 in 2008/09 prices)" in err
    # as bundled, no such warning
    assert main(["validate", str(example_path("troubled_families"))]) == 0
    assert "was written for" not in capsys.readouterr().err
