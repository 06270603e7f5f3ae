"""The homelessness prevention theme: registered through its entry point, its default
case checked by hand, its parameters overridable and checked."""

from __future__ import annotations

import pytest
from placebudget_homelessness import theme

from placebudget.errors import ValidationError
from placebudget.reference import deflator_series
from placebudget.testing import assert_theme_registered, assert_theme_works


def test_registered_through_its_entry_point() -> None:
    assert_theme_registered(theme, "placebudget-example-homelessness")


def test_default_case_by_hand() -> None:
    projection = assert_theme_works(theme)
    # 400 households × 0.7 engaged × 0.3 applications × 0.4 impact × (1 − 0.3 deadweight)
    # × (1 − 25 % optimism bias for grade 5), in the intake year
    applications = 400 * 0.7 * 0.3 * 0.4 * 0.7 * 0.75
    assert applications == pytest.approx(17.64)
    volume = projection.dataset["volume"].sel(outcome="homelessness_application", year=2023)
    assert float(volume) == pytest.approx(applications)
    # HO3.0 is £2,501 per application in 2010/11 prices, uprated to 2023/24
    deflators = deflator_series("hmt-2025-12").values
    fiscal = projection.dataset["fiscal"].sel(
        partner="council", outcome="homelessness_application", year=2023
    )
    assert float(fiscal) == pytest.approx(applications * 2501 * deflators[2023] / deflators[2010])
    # rough sleeping starts a year after intake: 400 × 0.7 × 0.02 × 0.3 × 0.6 × (1 − 0.4)
    rough = projection.dataset["volume"].sel(outcome="rough_sleeping")
    assert float(rough.sel(year=2023)) == 0.0
    assert float(rough.sel(year=2024)) == pytest.approx(400 * 0.7 * 0.02 * 0.3 * 0.6 * 0.6)


def test_parameters_override_and_are_checked() -> None:
    (programme,) = theme.interventions({"engagement": 0.9, "intake_per_year": 100})
    assert programme.engagement == 0.9
    assert set(programme.cohort.intake.values()) == {100.0}
    with pytest.raises(ValidationError, match="engagement"):
        theme.interventions({"engagement": 1.5})
