"""Today's prices: deflator series extended by an explicit assumption or read from a file,
in Python and in case files, never silently."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from openpyxl import Workbook

import placebudget as pb
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.io.deflators import read_deflators
from placebudget.model import DeflatorExtension
from placebudget.reference import deflator_series
from placebudget.report import render_markdown


def test_extended_adds_assumed_years_at_the_growth_given() -> None:
    base = deflator_series("hmt-2025-12")
    assert max(base.values) == 2023
    longer = base.extended(to=2026, growth=0.02)
    assert longer.values[2024] == pytest.approx(base.values[2023] * 1.02)
    assert longer.values[2026] == pytest.approx(base.values[2023] * 1.02**3)
    assert sorted(longer.assumed) == [2024, 2025, 2026]
    assert longer.status(2025) == "assumed"
    assert longer.status(2023) == "outturn"
    assert longer.name == "hmt-2025-12+2.0%-to-2026"
    assert "2024/25 to 2026/27 assumed at 2.0% a year" in longer.note
    assert base.extended(to=2020, growth=0.02) is base  # nothing to add


@pytest.mark.parametrize(
    ("to", "growth", "message"),
    [
        (2026, -1.5, r"growth: must be an annual rate above -1"),
        (2026, float("nan"), r"growth: must be an annual rate above -1"),
        (2026, True, r"growth: must be an annual rate"),
        (26, 0.02, r"extend_to: must be a financial year"),
    ],
)
def test_bad_extensions_are_refused(to: int, growth: float, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        deflator_series("hmt-2025-12").extended(to=to, growth=growth)


def test_a_missing_year_says_what_the_series_covers_and_how_to_extend() -> None:
    case = pb.load_case(example_path("troubled_families"))
    with pytest.raises(ValidationError) as info:
        pb.project(attrs.evolve(case, price_year=2025))
    message = str(info.value)
    assert (
        "price_year: has no GDP deflator in series 'hmt-2025-12' (covers 1990/91 to "
        "2023/24)" in message
    )
    assert "extend_to = YEAR, growth = 0.02" in message
    assert 'deflators = { file = "deflators.csv" }' in message


def test_a_case_priced_in_2025_with_an_extension() -> None:
    case = pb.load_case(example_path("troubled_families"))
    extension = DeflatorExtension(series="hmt-2025-12", extend_to=2025, growth=0.02)
    today = attrs.evolve(case, price_year=2025, deflators=extension)
    result = pb.project(today).appraise()
    then = pb.project(case).appraise()
    base = deflator_series("hmt-2025-12").values
    # every amount is in 2025/26 prices: 2013/14 money × D(2025) / D(2013)
    factor = base[2023] * 1.02**2 / base[2013]
    assert result.pv_cost == pytest.approx(then.pv_cost * factor)
    attrs_ = result.projection.dataset.attrs
    assert attrs_["deflator_assumed_years"] == "2025/26"
    report = render_markdown(pb.compute_results(result.projection, sensitivity=False))
    assert "| deflator years used that are assumed (series extended) | 2025/26 |" in report
    assert "hmt-2025-12+2.0%-to-2025" in report


def test_a_forecast_year_is_stated_in_the_report() -> None:
    case = pb.load_case(example_path("troubled_families"))
    forecast = attrs.evolve(case, deflators="ucd-v1.4", price_year=2015)
    report = render_markdown(pb.compute_results(pb.project(forecast), sensitivity=False))
    assert "| deflator years used that are forecasts | 2015/16 |" in report


def _case_with(tmp_path: Path, deflators: str) -> Path:
    text = (
        example_path("troubled_families")
        .read_text()
        .replace('deflators = "hmt-2025-12"', deflators)
        .replace("price_year = 2013", "price_year = 2025")
    )
    path = tmp_path / "case.toml"
    path.write_text(text)
    return path


def test_case_file_extension(tmp_path: Path) -> None:
    path = _case_with(
        tmp_path, 'deflators = { series = "hmt-2025-12", extend_to = 2026, growth = 0.02 }'
    )
    case = pb.load_case(path)
    assert case.deflators == DeflatorExtension(series="hmt-2025-12", extend_to=2026, growth=0.02)
    pb.project(case)
    round_trip = tmp_path / "again.toml"
    pb.dump_case(case, round_trip)
    assert pb.load_case(round_trip) == case


def test_case_file_extension_with_a_bad_growth(tmp_path: Path) -> None:
    path = _case_with(
        tmp_path, 'deflators = { series = "hmt-2025-12", extend_to = 2026, growth = -1.5 }'
    )
    with pytest.raises(
        ValidationError,
        match=r"deflators\.growth \(line \d+\): must be an "
        r"annual rate above -1 .*, got -1.5",
    ):
        pb.load_case(path)


def test_case_file_series_from_a_csv_file(tmp_path: Path) -> None:
    base = deflator_series("hmt-2025-12").values
    lines = ["financial year,index,forecast"]
    lines += [f"{y}/{(y + 1) % 100:02d},{v},no" for y, v in sorted(base.items())]
    lines += ["2024/25,99.6,yes", "2025/26,101.5,yes"]
    (tmp_path / "our-deflators.csv").write_text("\n".join(lines) + "\n")
    path = _case_with(tmp_path, 'deflators = { file = "our-deflators.csv" }')
    case = pb.load_case(path)
    assert isinstance(case.deflators, pb.DeflatorSeries)
    assert sorted(case.deflators.forecast) == [2024, 2025]
    result = pb.project(case).appraise()
    assert result.projection.dataset.attrs["deflator_forecast_years"] == "2025/26"
    assert result.projection.dataset.attrs["deflators"] == "file:our-deflators.csv"


def test_a_series_from_an_xlsx_file_extended(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Year", "Index"])
    for year, value in ((2022, 91.9), (2023, 97.2)):
        book.active.append([year, value])
    book.save(tmp_path / "ours.xlsx")
    path = _case_with(
        tmp_path, 'deflators = { file = "ours.xlsx", extend_to = 2025, growth = 0.025 }'
    )
    case = pb.load_case(path)
    assert isinstance(case.deflators, DeflatorExtension)
    with pytest.raises(
        ValidationError,
        match=r"has no GDP deflator in series "
        r"'file:ours.xlsx\+2.5%-to-2025' \(covers 2022/23 to 2025/26\)",
    ):
        pb.project(case)  # the case's 2013 prices are not in a 2022-2025 series


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("year,index\n2020,90\n2022,92\n", r"has gaps: no index for the years 2021/22"),
        ("year,index\n2020,90\n2020/21,91\n", r"row 3\.year: is given twice \(also on row 2\)"),
        ("year,index\n2020,-3\n", r"row 2\.index: must be a positive number, got '-3'"),
        ("year,index\n2020,=1+1\n", r"row 2\.index: must be a positive number, got '=1\+1'"),
        ("year,index\n20/21,90\n", r"row 2\.year: must be a financial year"),
        ("when,what\n2020,90\n", r"needs a header row with a year column"),
        ("year,index,forecast\n2020,90,maybe\n", r"row 2\.forecast: must be yes or no"),
    ],
)
def test_bad_deflator_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(text)
    with pytest.raises(ValidationError, match=message):
        read_deflators(path)


def test_deflator_file_unknown_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("year,index\n2013,73\n2025,100\n")
    path = _case_with(tmp_path, 'deflators = { file = "d.csv", grwth = 0.02 }')
    with pytest.raises(ValidationError, match=r"deflators\.grwth: is not a known key"):
        pb.load_case(path)
