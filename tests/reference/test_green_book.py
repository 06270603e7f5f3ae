"""The bundled Green Book tables against the public files they come from, and the list of
vintages against every bundled table."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from placebudget.errors import UnknownReferenceError
from placebudget.reference import (
    BUNDLED_DATABASES,
    DEFLATOR_SERIES,
    DISCOUNT_SCHEDULES,
    OPTIMISM_BIAS_TABLES,
    appraisal_value,
    appraisal_values,
    capital_optimism_bias,
    data_versions,
    metb_rate,
)


def rows(shared_data: Path, name: str) -> list[dict[str, str]]:
    with (shared_data / "green-book" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_appraisal_values_match_the_public_table(shared_data: Path) -> None:
    values = appraisal_values()
    codes = {
        ("wellby", "central"): "wellby",
        ("qaly", "central"): "qaly",
        ("qaly", "nice_lower"): "qaly_nice_lower",
        ("qaly", "nice_upper"): "qaly_nice_upper",
        ("vpf", "central"): "vpf",
    }
    for row in rows(shared_data, "appraisal_values.csv"):
        if (row["value"], row["scenario"]) in codes:
            value = values[codes[(row["value"], row["scenario"])]]
            assert value.central == float(row["amount_gbp"])
            assert value.price_year == int(row["price_year"])
        else:  # the WELLBY's range
            wellby = values["wellby"]
            bound = wellby.low if row["scenario"] == "low" else wellby.high
            assert bound == float(row["amount_gbp"])


def test_carbon_values_match_the_public_series(shared_data: Path) -> None:
    carbon = appraisal_values()["carbon"]
    public = rows(shared_data, "carbon_values_2022prices.csv")
    assert len(carbon.by_year) == len(public) == 31
    for row in public:
        low, central, high = carbon.by_year[int(row["year"])]
        assert (low, central, high) == (
            float(row["low"]),
            float(row["central"]),
            float(row["high"]),
        )
    assert carbon.price_year == 2022


def test_metb_and_capital_optimism_bias_match(shared_data: Path) -> None:
    for row in rows(shared_data, "metb.csv"):
        expected = float(row["rate"]) if row["rate"] else None
        assert metb_rate(row["green_book_edition"]) == expected
    table = capital_optimism_bias()
    public = rows(shared_data, "optimism_bias_generic.csv")
    assert set(table.types) == {row["category"] for row in public}
    for row in public:
        kind = table.types[row["category"]]
        assert (kind.capex_upper, kind.duration_upper) == (
            float(row["capex_upper"]),
            float(row["duration_upper"]),
        )


def test_every_bundled_table_has_a_vintage() -> None:
    versions = data_versions()
    names = set(versions.index.get_level_values("name"))
    bundled = {
        *DISCOUNT_SCHEDULES,
        *DEFLATOR_SERIES,
        *OPTIMISM_BIAS_TABLES,
        *BUNDLED_DATABASES,
        "gb-2003-mott-macdonald",
        "metb",
        "gb:carbon",
        *(f"gb:{code}" for code in ("wellby", "qaly", "vpf")),
    }
    assert bundled <= names
    kinds = dict(
        zip(
            versions.index.get_level_values("name"),
            versions.index.get_level_values("kind"),
            strict=True,
        )
    )
    assert "gb:qaly_nice_lower, gb:qaly_nice_upper" in kinds
    assert "not for cross-government" in kinds["gb:qaly_nice_lower, gb:qaly_nice_upper"]
    assert versions["checked"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert versions["source"].str.len().min() > 10


def test_an_unknown_code_or_edition_is_named() -> None:
    with pytest.raises(UnknownReferenceError, match="codes: wellby, qaly"):
        appraisal_value("wellbee")
    with pytest.raises(UnknownReferenceError, match="editions: 2003, 2018, 2022, 2026"):
        metb_rate("2019")
