"""The early-years theme: registered, documented, and its figures by hand."""

from __future__ import annotations

import pytest
from placebudget_theme_early_years import theme

from placebudget.reference import deflator_series
from placebudget.testing import (
    assert_theme_registered,
    assert_theme_works,
)


def test_registered_through_its_entry_point() -> None:
    assert_theme_registered(theme, "placebudget-theme-early-years")


def test_default_case_by_hand() -> None:
    projection = assert_theme_works(theme)
    # 250 children × 0.6 engaged × 0.28 not ready × 0.15 impact × (1 − 0.3)
    # × (1 − 25 % for grade 5),
    # a year after intake
    first = 250 * 0.6 * 0.28 * 0.15 * 0.7 * (1 - 0.25)
    assert first == pytest.approx(3.3075)
    volume = projection.dataset["volume"].sel(outcome="not_school_ready", year=2024)
    assert float(volume) == pytest.approx(first)
    deflators = deflator_series("hmt-2025-12").values
    fiscal = projection.dataset["fiscal"].sel(
        partner="schools", outcome="not_school_ready", year=2024
    )
    assert float(fiscal) == pytest.approx(first * 1000 * deflators[2023] / deflators[2012])


def test_parameters_override() -> None:
    (programme,) = theme.interventions({"engagement": 0.9})
    assert programme.engagement == 0.9
