"""The work-skills theme: registered, documented, and its figures by hand."""

from __future__ import annotations

import pytest
from placebudget_theme_work_skills import theme

from placebudget.reference import deflator_series
from placebudget.testing import (
    assert_theme_registered,
    assert_theme_works,
)


def test_registered_through_its_entry_point() -> None:
    assert_theme_registered(theme, "placebudget-theme-work-skills")


def test_default_case_by_hand() -> None:
    projection = assert_theme_works(theme)
    # 400 people × 0.75 engaged × 0.7 on JSA × 0.15 impact × (1 − 0.5) × (1 − 25 % for grade 5)
    first = 400 * 0.75 * 0.7 * 0.15 * 0.5 * (1 - 0.25)
    assert first == pytest.approx(11.8125)
    volume = projection.dataset["volume"].sel(outcome="jsa_into_work", year=2023)
    assert float(volume) == pytest.approx(first)
    deflators = deflator_series("hmt-2025-12").values
    fiscal = projection.dataset["fiscal"].sel(partner="dwp", outcome="jsa_into_work", year=2023)
    assert float(fiscal) == pytest.approx(first * 9234 * deflators[2023] / deflators[2012])


def test_parameters_override() -> None:
    (programme,) = theme.interventions({"intake_per_year": 100.0, "intake_years": 1})
    assert programme.cohort.intake == {2023: 100.0}
