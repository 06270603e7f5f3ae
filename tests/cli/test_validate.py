"""``validate`` in one pass: field errors, unknown partners and codes, units and missing
deflator years together, each with its line and the near miss suggested."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from placebudget.cli import main

BROKEN = """\
name = "x"
start_year = 2013
horizon = 3
price_year = 2013
unit_costs = "ucd-v1.2"
[place]
id = "p"
name = "P"
[[place.partners]]
id = "nhs"
name = "N"
kind = "NHS"
[[place.partners]]
id = "council"
name = "C"
kind = "council"
[[interventions]]
id = "a"
name = "A"
theme = "t"
engagement = 0.5
[interventions.cohort]
id = "c"
intake = { 2013 = 10 }
[[interventions.effects]]
outcome = "o"
unit = "incident"
baseline = 1
impact = 0.2
confidence = 3
fiscal = { NHS = "ucd:CR2.0.1", council = "ucd:ZZ9", nhs = "ucd:SS1.0" }
[[interventions.costs]]
partner = "counsil"
price_year = 1980
amounts = { 2013 = 100 }
"""


def test_every_problem_in_one_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "broken.toml"
    case.write_text(BROKEN)
    assert main(["validate", str(case)]) == 1
    err = capsys.readouterr().err
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith("- ")]
    expected = [
        r"place\.partners\[0\]\.kind \(line 12\): must be one of local_authority, .* "
        r"\(did you mean 'nhs'\?\), got 'NHS'",
        r"place\.partners\[1\]\.kind \(line 16\): .*\(did you mean 'local_authority'\?\), "
        r"got 'council'",
        r"a › costs › intervention › confidence \(line 32\): give a confidence grade",
        r"a › o › fiscal › NHS \(line 31\): unknown partner \(did you mean 'nhs'\?\)",
        r"a › o › fiscal › council › code \(line 31\): is not a code in unit cost "
        r"database 'ucd-v1.2'",
        r"a › o › fiscal › nhs › amount \(line 31\): ucd:SS1.0 is priced per person_year, "
        r"and the effect counts incident",
        r"a › costs › intervention › partner \(line 33\): unknown partner \(did you mean "
        r"'council'\?\)",
        r"a › costs › intervention › price_year \(line 34\): has no GDP deflator",
    ]
    assert len(lines) == len(expected), err
    for pattern in expected:
        assert any(re.match("- " + pattern, line) for line in lines), (pattern, err)
    assert "(8 problems)" in err


def test_problems_found_while_projecting_keep_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixed = (
        BROKEN.replace('kind = "NHS"', 'kind = "nhs"')
        .replace('kind = "council"', 'kind = "local_authority"')
        .replace('NHS = "ucd:CR2.0.1", council = "ucd:ZZ9", ', "")
        .replace("counsil", "council")
        .replace("price_year = 1980", "price_year = 2013\nconfidence = 2")
    )
    case = tmp_path / "case.toml"
    case.write_text(fixed)
    assert main(["validate", str(case)]) == 1
    err = capsys.readouterr().err
    assert "a › o › fiscal › nhs › amount (line 31): ucd:SS1.0 is priced per person_year" in err
    case.write_text(fixed.replace('"ucd:SS1.0"', '"ucd:CR2.0.1"'))
    assert main(["validate", str(case)]) == 0
