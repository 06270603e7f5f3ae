from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from placebudget.errors import UnknownReferenceError, ValidationError
from placebudget.model import DeflatorSeries, OptimismBiasTable
from placebudget.reference import (
    deflator_series,
    discount_schedule,
    optimism_bias_table,
    unit_costs,
)


def test_standard_discount_factors_by_hand() -> None:
    df = discount_schedule("standard").factors(80)
    assert df[0] == 1.0
    assert df[1] == pytest.approx(1 / 1.035)
    assert df[10] == pytest.approx(1.035**-10)
    assert df[30] == pytest.approx(1.035**-30)
    # year 31 falls in the 3.0 % band; the factor is cumulative across bands
    assert df[31] == pytest.approx(1.035**-30 / 1.03)
    assert df[75] == pytest.approx(1.035**-30 * 1.03**-45)
    assert df[76] == pytest.approx(1.035**-30 * 1.03**-45 / 1.025)


def test_health_and_reduced_schedules() -> None:
    assert discount_schedule("health").factors(2)[1] == pytest.approx(1 / 1.015)
    assert discount_schedule("reduced").factors(2)[1] == pytest.approx(1 / 1.03)
    assert discount_schedule("health").factors(32)[31] == pytest.approx(1.015**-30 / 1.0129)


def test_each_schedule_says_what_it_is() -> None:
    from placebudget.reference import data_versions

    standard = discount_schedule("standard").source
    health = discount_schedule("health").source
    reduced = discount_schedule("reduced").source
    review = discount_schedule("review-2026-3pc").source
    assert "3.5 %" in standard
    assert "wealth effect" in standard
    assert "1.5 %" in health
    assert "without the wealth effect" in health
    assert "QALY" in health
    # the reduced rate removes pure time preference (3.5 - 0.5), not catastrophic risk
    # (3.5 - 1.0 would be 2.5 %)
    assert "without pure time preference, 3.5 - 0.5 = 3.0 %" in reduced
    assert "catastrophic" not in reduced
    assert "over 50 years" in reduced
    assert "30 June 2026" in review
    assert "not yet Green Book policy" in review
    vintages = data_versions()
    assert "catastrophic" not in vintages.loc[("reduced", "discount schedule"), "source"]
    assert "not yet policy" in vintages.loc[("review-2026-3pc", "discount schedule"), "source"]
    sources = (Path(__file__).parents[2] / "src/placebudget/reference/data/SOURCES.md").read_text()
    assert "excluding the catastrophic-risk component" not in sources
    assert "3.5 − 0.5 = 3.0 %" in sources
    assert "`review-2026-3pc`" in sources


def test_the_review_schedule_is_three_percent_in_every_band() -> None:
    bands = discount_schedule("review-2026-3pc").bands
    assert {b.rate for b in bands} == {0.03}
    df = discount_schedule("review-2026-3pc").factors(80)
    # no decline after year 30: 1.03⁻⁷⁹ at year 79
    assert df[79] == pytest.approx(1.03**-79)


def test_discount_schedule_matches_green_book_file(shared_data: Path) -> None:
    with (shared_data / "green-book" / "stpr_schedule.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    bands = discount_schedule("standard").bands
    assert [(b.year_from, b.year_to, b.rate) for b in bands] == [
        (int(r["year_from"]), int(r["year_to"]), float(r["standard"])) for r in rows
    ]


def test_unknown_schedule_names_the_known_ones() -> None:
    with pytest.raises(UnknownReferenceError, match="standard, health, reduced, review-2026-3pc"):
        discount_schedule("generous")


def test_deflator_series_is_derived_from_the_calendar_series(shared_data: Path) -> None:
    with (shared_data / "green-book" / "gdp_deflator_calendar_2024eq100.csv").open() as f:
        calendar = {int(r["year"]): float(r["value"]) for r in csv.DictReader(f)}
    series = deflator_series("hmt-2025-12")
    assert series.values[2012] == pytest.approx(
        0.75 * calendar[2012] + 0.25 * calendar[2013], abs=1e-6
    )
    assert min(series.values) == 1990
    assert max(series.values) == 2023
    assert "derived" in series.note


def test_missing_deflator_year_is_an_error_naming_the_span() -> None:
    series = deflator_series("hmt-2025-12")
    with pytest.raises(ValidationError, match=r"1990/91 to 2023/24"):
        series.uprating([2030], 2012)


def test_ucd_series_reproduces_workbook_factor() -> None:
    # CR1.0: £500 in 2002/03 → £659.82 in 2014/15 in the workbook's cached column
    factor = deflator_series("ucd-v1.2").uprating([2002], 2014)[0]
    assert 500 * factor == pytest.approx(659.8198591703316, abs=1e-9)


def test_optimism_bias_table_is_flagged_unconfirmed() -> None:
    table = optimism_bias_table()
    assert [table.rate(g) for g in range(1, 7)] == [0.0, 0.05, 0.10, 0.15, 0.25, 0.40]
    assert not any(g.confirmed for g in table.grades.values())
    assert "Unconfirmed" in table.source
    np.testing.assert_allclose(table.rates([1, 6, 3]), [0.0, 0.4, 0.1])


def test_user_optimism_bias_table() -> None:
    mine = OptimismBiasTable.from_rates("mine", [0, 0, 0, 0, 0, 0.9])
    assert mine.rate(6) == 0.9
    with pytest.raises(ValidationError, match="grades 1 to 6"):
        OptimismBiasTable.from_rates("short", [0.1, 0.2])


def test_deflator_series_rejects_bad_values() -> None:
    with pytest.raises(ValidationError) as info:
        DeflatorSeries(name="bad", values={2012: -1.0, 2013: float("nan")})
    assert len(info.value.problems) == 2


def test_bundled_unit_costs() -> None:
    assert len(unit_costs("ucd-v1.2")) == 673
    db = unit_costs()
    assert db.name == "ucd-v1.4"
    assert len(db) == 683
    line = db["E&E1.0.1"]
    assert line.agency == "DWP"
    assert float(line.value.magnitude) == 9234
    assert str(line.value.units) == "GBP / person_year"
    assert line.price_year == 2012
    assert line.rag == "G"
    assert db["CR2.0"].components == ("CR2.0.1", "CR2.0.2", "CR2.0.3", "CR2.0.4", "CR2.0.5")
    assert db["CR1.1"].source.startswith("The Economic and Social Costs of Anti-Social")


def test_duplicate_codes_in_the_database_are_ambiguous_not_guessed() -> None:
    db = unit_costs("ucd-v1.2")
    with pytest.raises(UnknownReferenceError, match=r"CR7\.0\.3#1 .*CR7\.0\.3#3"):
        db["CR7.0.3"]
    assert db["CR7.0.3#2"].description == "Homicide - Prisons"


def test_unknown_code_suggests_close_ones() -> None:
    with pytest.raises(KeyError, match="did you mean"):
        unit_costs()["CR2.9"]


@pytest.mark.parametrize("bad", [1.5, "abc", float("nan"), True, -1, None])
def test_discount_rates_refuse_what_is_not_a_number_of_years(bad: object) -> None:
    from placebudget.errors import ValidationError
    from placebudget.reference import discount_schedule

    with pytest.raises(ValidationError, match="n_years: must be a whole number of 0 or more"):
        discount_schedule("standard").rates(bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="n_years"):
        discount_schedule("standard").factors(bad)  # type: ignore[arg-type]


def test_deflator_years_and_table_names_are_checked() -> None:
    import placebudget as pb
    from placebudget.errors import ValidationError
    from placebudget.reference import deflator_series, discount_schedule, optimism_bias_table

    series = deflator_series()
    with pytest.raises(ValidationError, match="to_year: must be a financial year"):
        series.uprating([2012], [2013])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="price_year: must be financial years"):
        series.uprating(["2012"], 2013)
    for lookup in (discount_schedule, deflator_series, optimism_bias_table):
        with pytest.raises(ValidationError, match="name: must be the name of"):
            lookup(["standard"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="unit_costs: must be a bundled database name"):
        pb.unit_costs(12)  # type: ignore[arg-type]
