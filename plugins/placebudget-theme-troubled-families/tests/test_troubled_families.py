"""The troubled families theme: registered, documented, and its figures by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from placebudget_theme_troubled_families import NAME, theme

import placebudget as pb
from placebudget.examples import example_path
from placebudget.reference import deflator_series
from placebudget.testing import (
    assert_theme_registered,
    assert_theme_works,
    fresh_plugin_registry,
)

# grade 6 (the weakest of the domestic abuse rates) → 40 % optimism bias
OB6 = 0.40


def test_registered_through_its_entry_point() -> None:
    assert_theme_registered(theme, "placebudget-theme-troubled-families")


def test_default_case_by_hand() -> None:
    projection = assert_theme_works(theme)
    volume = projection.dataset["volume"].sel(outcome="domestic_abuse")
    # 200 families × 0.8 engaged × 0.6 incidents × 0.25 impact × (1 − 0.3) × (1 − 0.4)
    first = 200 * 0.8 * 0.6 * 0.25 * 0.7 * (1 - OB6)
    assert first == pytest.approx(10.08)
    assert float(volume.sel(year=2023)) == pytest.approx(first)
    # second year: the new intake, plus the first cohort's change decayed by 30 %
    assert float(volume.sel(year=2024)) == pytest.approx(first + first * 0.7)
    # police value: £415 per incident at 2008/09 prices (UCD CR2.0.3), uprated to 2023/24
    deflators = deflator_series("hmt-2025-12").values
    police = projection.dataset["fiscal"].sel(partner="police", outcome="domestic_abuse", year=2023)
    assert float(police) == pytest.approx(first * 415 * deflators[2023] / deflators[2008])


def test_parameters_from_a_case_file(tmp_path: Path) -> None:
    place = example_path("troubled_families").read_text().split("[[interventions]]")[0]
    text = (
        place.replace("start_year = 2013", f'theme = "{NAME}"\nstart_year = 2015')
        .replace("price_year = 2013", "price_year = 2015")
        .replace(
            "[place]",
            "[parameters]\nstart_year = 2015\nintake_per_year = 100"
            "\ndomestic_abuse_impact = 0.5\n\n[place]",
        )
    )
    path = tmp_path / "case.toml"
    path.write_text(text)
    with fresh_plugin_registry(autoload=True):
        case = pb.load_case(path)
    (programme,) = case.interventions
    assert programme.cohort.intake == {2015: 100.0, 2016: 100.0, 2017: 100.0}
    assert programme.effects[0].impact == 0.5
    assert pb.project(case).appraise().pv_cost > 0
