"""The health-social-care theme: registered, documented, and its figures by hand."""

from __future__ import annotations

import pytest
from placebudget_theme_health_social_care import theme

from placebudget.reference import deflator_series
from placebudget.testing import (
    assert_theme_registered,
    assert_theme_works,
)


def test_registered_through_its_entry_point() -> None:
    assert_theme_registered(theme, "placebudget-theme-health-social-care")


def test_default_case_by_hand() -> None:
    projection = assert_theme_works(theme)
    # 500 people × 0.7 engaged × 0.8 admissions × 0.1 impact × (1 − 0.3) × (1 − 40 % for grade 6)
    first = 500 * 0.7 * 0.8 * 0.1 * 0.7 * (1 - 0.40)
    assert first == pytest.approx(11.76)
    volume = projection.dataset["volume"].sel(outcome="emergency_admission", year=2023)
    assert float(volume) == pytest.approx(first)
    deflators = deflator_series("hmt-2025-12").values
    fiscal = projection.dataset["fiscal"].sel(
        partner="nhs", outcome="emergency_admission", year=2023
    )
    assert float(fiscal) == pytest.approx(first * 1438 * deflators[2023] / deflators[2011])


def test_parameters_override() -> None:
    (programme,) = theme.interventions({"emergency_admission_impact": 0.2})
    assert programme.effects[0].impact == 0.2
