"""Prices in the right calendar (issue 39, point 5) and clear errors from the Green Book
values (point 10), each against hand arithmetic.

The Green Book's ``gb:`` values are priced in calendar years and are uprated with the
bundled calendar-year GDP deflator ``hmt-2025-12-calendar`` (HM Treasury, December 2025,
2024 = 100), the case's price base y/y+1 taken as calendar y: factor ``cal(y) /
cal(price year)``. Unit Cost Database and stated values keep the case's financial-year
series. Index figures used by hand below (calendar, 2024 = 100): 2013 73.4795, 2019
81.1085, 2020 85.2137, 2022 90.5005, 2023 96.2507, 2024 100.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import attrs
import pytest

import placebudget as pb
from placebudget import api
from placebudget.engine.green_book import mitigation_table
from placebudget.errors import ValidationError
from placebudget.model import DeflatorExtension
from placebudget.reference import (
    CALENDAR_DEFLATOR_SERIES,
    appraisal_value,
    appraisal_values,
    capital_optimism_bias,
    deflator_series,
)
from placebudget.testing import example_case, example_place

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent.parent / "shared" / "data"
if not SHARED.is_dir():  # a worktree under /work/wt, or the main checkout under /work
    SHARED = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "src" / "placebudget" / "examples"


def valued(code: str, *, start: int = 2020, years: int = 1) -> pb.Intervention:
    """One outcome unit a year changed for ``years`` from ``start``, valued at
    ``gb:code`` (no deadweight, no optimism bias), no costs."""
    unit = appraisal_value(code).unit
    effect = pb.Effect(
        outcome="outcome",
        unit=unit,
        baseline=1.0,
        impact=1.0,
        optimism_bias=0.0,
        duration=years,
        social=f"gb:{code}",
    )
    return pb.Intervention(
        id="valued",
        name="Valued",
        theme="health",
        cohort=pb.Cohort(id="people", intake={start: 1}),
        engagement=1.0,
        effects=[effect],
        costs=[],
    )


def case_of(intervention: pb.Intervention, **changes: Any) -> pb.BusinessCase:
    start = min(intervention.cohort.intake)
    fields: dict[str, Any] = {
        "name": "Prices case",
        "place": example_place(),
        "interventions": [intervention],
        "start_year": start,
        "horizon": 1,
        "price_year": 2013,
    }
    return pb.BusinessCase(**{**fields, **changes})


def social(case: pb.BusinessCase) -> float:
    return float(pb.project(case).appraise().pv_social)


# -- the calendar-year series ------------------------------------------------------------


def test_the_calendar_series_is_bundled_and_the_financial_one_is_derived_from_it() -> None:
    calendar = deflator_series("hmt-2025-12-calendar")
    assert "hmt-2025-12-calendar" in CALENDAR_DEFLATOR_SERIES
    assert (min(calendar.values), max(calendar.values)) == (1990, 2024)
    assert calendar.values[2024] == 100.0
    assert calendar.values[2013] == 73.4795
    # 2013/14 = 0.75 × 73.4795 + 0.25 × 74.6524 = 55.109625 + 18.6631 = 73.772725
    assert deflator_series("hmt-2025-12").values[2013] == pytest.approx(73.772725)


def test_the_calendar_series_is_the_published_file() -> None:
    path = SHARED / "green-book" / "gdp_deflator_calendar_2024eq100.csv"
    if not path.is_file():
        pytest.skip(f"the HM Treasury calendar-year deflator file is not at {path}")
    with path.open() as handle:
        published = {int(r["year"]): float(r["value"]) for r in csv.DictReader(handle)}
    assert dict(deflator_series("hmt-2025-12-calendar").values) == published


def test_a_calendar_series_is_not_a_cases_deflators() -> None:
    case = case_of(valued("qaly"), deflators="hmt-2025-12-calendar")
    with pytest.raises(ValidationError, match=r"is a series by calendar year") as caught:
        pb.project(case)
    assert caught.value.problems[0].path == "deflators"


# -- gb:qaly by hand -------------------------------------------------------------------


def test_qaly_into_a_2013_price_base_by_hand() -> None:
    # £70,000 in calendar 2024 prices → 2013/14 prices (calendar 2013):
    # 70,000 × 73.4795 / 100 = 51,435.65 (one QALY in 2020/21, year 0, not discounted)
    assert social(case_of(valued("qaly"), price_year=2013)) == pytest.approx(51_435.65)


def test_qaly_into_a_2024_price_base_by_hand() -> None:
    # the price base 2024/25 needs the case's financial-year series run on a year (2 %
    # assumed); the value is already in calendar 2024 prices: × 100 / 100 = £70,000
    extended = DeflatorExtension(series="hmt-2025-12", extend_to=2024, growth=0.02)
    case = case_of(valued("qaly"), price_year=2024, deflators=extended)
    result = pb.project(case).appraise()
    assert float(result.pv_social) == pytest.approx(70_000.0)
    attrs_ = result.projection.attrs
    assert attrs_["appraisal_deflators"] == "hmt-2025-12-calendar"
    assert attrs_["appraisal_deflator_assumed_years"] == ""


def test_qaly_into_the_latest_default_price_base_by_hand() -> None:
    # 2023/24, the last year of the default series: 70,000 × 96.2507 / 100 = 67,375.49
    assert social(case_of(valued("qaly"), price_year=2023)) == pytest.approx(67_375.49)


def test_a_price_base_past_the_calendar_series_runs_it_on_at_the_cases_growth() -> None:
    # 2025/26 with 2 % a year assumed: calendar 2025 = 100 × 1.02 = 102 → £71,400
    extended = DeflatorExtension(series="hmt-2025-12", extend_to=2025, growth=0.02)
    result = pb.project(case_of(valued("qaly"), price_year=2025, deflators=extended)).appraise()
    assert float(result.pv_social) == pytest.approx(71_400.0)
    assert result.projection.attrs["appraisal_deflator_assumed_years"] == "2025"


def test_carbon_into_a_2019_price_base_by_hand() -> None:
    # 1 tonne in 2022/23 at £260.96 (calendar 2022 prices) into 2019/20 prices:
    # 260.96 × 81.1085 / 90.5005 = 233.878...
    case = case_of(valued("carbon", start=2022), price_year=2019)
    assert social(case) == pytest.approx(260.96 * 81.1085 / 90.5005)
    assert social(case) == pytest.approx(233.8779, abs=1e-4)


def test_ucd_values_keep_the_financial_year_series() -> None:
    # a stated value in 2012 prices, into 2013/14, by the financial-year series:
    # 100 × 73.772725 / 72.316925 = 102.01309...
    effect = pb.Effect(
        outcome="outcome",
        unit="person_year",
        baseline=1.0,
        impact=1.0,
        optimism_bias=0.0,
        economic=pb.UnitValue("100 GBP/person_year", price_year=2012),
    )
    intervention = attrs.evolve(valued("qaly"), effects=[effect])
    result = pb.project(case_of(intervention)).appraise()
    assert float(result.pv_economic) == pytest.approx(100 * 73.772725 / 72.316925)
    assert result.projection.attrs["appraisal_deflators"] == ""


@pytest.mark.parametrize("code", sorted(appraisal_values()))
@pytest.mark.parametrize("price_year", [1990, 2013, 2023])
def test_every_bundled_gb_value_works_with_the_default_data(code: str, price_year: int) -> None:
    value = appraisal_value(code)
    start = 2030 if value.by_year else 2020
    case = case_of(valued(code, start=start), price_year=price_year)
    calendar = deflator_series("hmt-2025-12-calendar").values
    # the year's value × cal(price base) / cal(price year of the value)
    expected = value.amount_in(start) * calendar[price_year] / calendar[value.price_year]
    assert social(case) == pytest.approx(expected)
    assert math.isfinite(expected)


# -- clear errors (point 10) -----------------------------------------------------------


def test_carbon_before_2020_is_a_validation_error_naming_the_years() -> None:
    case = case_of(valued("carbon", start=2019), price_year=2019)
    with pytest.raises(ValidationError, match=r"2020-2050 only: no value for 2019") as caught:
        pb.project(case)
    assert caught.value.problems[0].path == "interventions[0].effects[0].social.amount"


def test_carbon_past_2050_is_a_validation_error_naming_the_years() -> None:
    case = case_of(valued("carbon", start=2048, years=8), horizon=8, price_year=2019)
    with pytest.raises(ValidationError, match=r"2020-2050 only: no value for 2051.*2055"):
        pb.project(case)


def test_amount_in_refuses_a_list_and_a_year_outside_the_values() -> None:
    carbon = appraisal_value("carbon")
    with pytest.raises(ValidationError, match=r"must be one whole year") as caught:
        carbon.amount_in([2020, 2024])  # type: ignore[arg-type]
    assert caught.value.problems[0].path == "year"
    for year in (2019, 2055):
        with pytest.raises(ValidationError, match=r"years 2020-2050 only") as caught:
            carbon.amount_in(year)
        assert caught.value.problems[0].value == year
    assert carbon.amount_in(2030) == 294.5


@pytest.mark.parametrize("level", [1.5, -0.1, float("nan"), "half"])
def test_a_mitigation_outside_0_to_1_is_refused(level: Any) -> None:
    with pytest.raises(ValidationError, match=r"from 0 \(none\) to 1") as caught:
        capital_optimism_bias().uplift("standard_buildings", mitigation=level)
    assert caught.value.problems[0].path == "mitigation"
    case = example_case()
    line = attrs.evolve(
        case.interventions[0].costs[0],
        kind="capital",
        confidence=None,
        optimism_bias=None,
        project_type="standard_buildings",
    )
    first = attrs.evolve(case.interventions[0], costs=[line, *case.interventions[0].costs[1:]])
    result = pb.project(attrs.evolve(case, interventions=[first])).appraise()
    with pytest.raises(ValidationError, match=r"from 0 \(none\) to 1") as caught:
        mitigation_table(result, (0.0, 0.5, level))
    assert caught.value.problems[0].path == "levels[2]"
    # within the range: 24 % × (1 − 1) = 0 at full mitigation
    assert mitigation_table(result, (0.0, 1.0))["uplift"].tolist() == pytest.approx([0.24, 0.0])


def test_lookups_by_a_name_that_is_not_text_are_validation_errors() -> None:
    with pytest.raises(ValidationError, match=r"code of a Green Book appraisal value"):
        appraisal_value(["qaly"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"name of a capital optimism bias table"):
        capital_optimism_bias(["gb-2003-mott-macdonald"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"is not a project type"):
        capital_optimism_bias().uplift("castles")


# -- the Unit Cost Database's own deflators --------------------------------------------


def west_cheshire() -> pb.BusinessCase:
    return pb.load_case(EXAMPLES / "west_cheshire.toml")


def test_the_ucd_deflators_move_west_cheshire_by_hand() -> None:
    # West Cheshire (unit costs ucd-v1.2, price base 2013/14) with the default series:
    # NPBI £1,136,400.41; with its database's own (v1.2 workbook) deflators £1,198,146.22,
    # +£61,745.81 = +5.43 % (the figure of issue 39); with v1.4's, £1,182,862.01, +4.09 %
    base = pb.project(west_cheshire()).appraise().npbi
    own = pb.project(attrs.evolve(west_cheshire(), deflators="ucd-v1.2")).appraise().npbi
    newer = pb.project(attrs.evolve(west_cheshire(), deflators="ucd-v1.4")).appraise().npbi
    assert base == pytest.approx(1_136_400.41, abs=0.01)
    assert own - base == pytest.approx(61_745.81, abs=0.01)
    assert own / base - 1 == pytest.approx(0.0543, abs=5e-5)
    assert newer - base == pytest.approx(46_461.60, abs=0.01)


def test_an_imported_workbooks_deflators_are_selectable_by_its_name(tmp_path: Path) -> None:
    workbook = SHARED / "unit-cost-database" / "UnitCostDatabase-v1.2.xls"
    if not workbook.is_file():
        pytest.skip(f"the Unit Cost Database v1.2 workbook is not at {workbook}")
    database = api.unit_costs(str(workbook))
    assert database.deflators is not None
    assert database.deflators.name == database.name
    assert dict(database.deflators.values) == dict(deflator_series("ucd-v1.2").values)
    # in Python: deflators = the database's name
    case = attrs.evolve(west_cheshire(), unit_costs=database.name, deflators=database.name)
    result = pb.project(case, unit_costs=database).appraise()
    assert result.npbi == pytest.approx(1_198_146.22, abs=0.01)
    assert result.projection.attrs["deflators"] == database.name
    # in a case file: deflators written as unit_costs is, relative to the file
    text = (EXAMPLES / "west_cheshire.toml").read_text(encoding="utf-8")
    relative = Path("data") / workbook.name
    (tmp_path / "data").mkdir()
    (tmp_path / relative).symlink_to(workbook)
    text = text.replace('unit_costs = "ucd-v1.2"', f'unit_costs = "{relative.as_posix()}"')
    text = text.replace('deflators = "hmt-2025-12"', f'deflators = "{relative.as_posix()}"')
    path = tmp_path / "wc.toml"
    path.write_text(text, encoding="utf-8")
    loaded = api.load_case(path)
    assert loaded.deflators == loaded.unit_costs
    assert api.project(loaded).appraise().npbi == pytest.approx(1_198_146.22, abs=0.01)
