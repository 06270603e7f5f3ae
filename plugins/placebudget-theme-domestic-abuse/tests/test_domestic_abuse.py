"""The domestic-abuse theme: registered, documented, and its figures by hand."""

from __future__ import annotations

import pytest
from placebudget_theme_domestic_abuse import theme

from placebudget.reference import deflator_series
from placebudget.testing import (
    assert_theme_registered,
    assert_theme_works,
)


def test_registered_through_its_entry_point() -> None:
    assert_theme_registered(theme, "placebudget-theme-domestic-abuse")


def test_default_case_by_hand() -> None:
    projection = assert_theme_works(theme)
    # 300 households × 0.7 engaged × 2.5 incidents × 0.4 impact × (1 − 0.25)
    # × (1 − 25 % for grade 5)
    first = 300 * 0.7 * 2.5 * 0.4 * 0.75 * (1 - 0.25)
    assert first == pytest.approx(118.125)
    volume = projection.dataset["volume"].sel(outcome="repeat_domestic_abuse", year=2023)
    assert float(volume) == pytest.approx(first)
    deflators = deflator_series("hmt-2025-12").values
    fiscal = projection.dataset["fiscal"].sel(
        partner="cjs", outcome="repeat_domestic_abuse", year=2023
    )
    assert float(fiscal) == pytest.approx(first * 581 * deflators[2023] / deflators[2008])


def test_parameters_override() -> None:
    (programme,) = theme.interventions({"adviser_cost": 1500.0})
    assert programme.costs[0].per_participant.magnitude == 1500
