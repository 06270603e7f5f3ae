"""The reducing-reoffending theme: registered, documented, and its figures by hand."""

from __future__ import annotations

import pytest
from placebudget_theme_reducing_reoffending import theme

from placebudget.reference import deflator_series
from placebudget.testing import (
    assert_theme_registered,
    assert_theme_works,
)


def test_registered_through_its_entry_point() -> None:
    assert_theme_registered(theme, "placebudget-theme-reducing-reoffending")


def test_default_case_by_hand() -> None:
    projection = assert_theme_works(theme)
    # 150 offenders × 0.8 engaged × 1.5 arrests × 0.2 impact × (1 − 0.2) × (1 − 25 % for grade 5)
    first = 150 * 0.8 * 1.5 * 0.2 * 0.8 * (1 - 0.25)
    assert first == pytest.approx(21.6)
    volume = projection.dataset["volume"].sel(outcome="arrest", year=2023)
    assert float(volume) == pytest.approx(first)
    deflators = deflator_series("hmt-2025-12").values
    fiscal = projection.dataset["fiscal"].sel(partner="police", outcome="arrest", year=2023)
    assert float(fiscal) == pytest.approx(first * 593 * deflators[2023] / deflators[2006])


def test_parameters_override() -> None:
    (programme,) = theme.interventions({"start_year": 2020})
    assert min(programme.cohort.intake) == 2020
