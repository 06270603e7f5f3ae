"""The public-assets theme: registered, documented, and its figures by hand."""

from __future__ import annotations

import pytest
from placebudget_theme_public_assets import theme

from placebudget.reference import deflator_series
from placebudget.testing import (
    assert_theme_registered,
    assert_theme_works,
)


def test_registered_through_its_entry_point() -> None:
    assert_theme_registered(theme, "placebudget-theme-public-assets")


def test_default_case_by_hand() -> None:
    projection = assert_theme_works(theme)
    # 20 properties × 0.3 released × (1 − 0.1) × (1 − 25 % for grade 5),
    # a year after review; the council owns half
    first = 20 * 1.0 * 0.3 * 0.9 * (1 - 0.25)
    assert first == pytest.approx(4.05)
    volume = projection.dataset["volume"].sel(outcome="running_cost_avoided", year=2024)
    assert float(volume) == pytest.approx(first)
    deflators = deflator_series("hmt-2025-12").values
    fiscal = projection.dataset["fiscal"].sel(
        partner="council", outcome="running_cost_avoided", year=2024
    )
    assert float(fiscal) == pytest.approx(first * 45000 * 0.5 * deflators[2023] / deflators[2023])


def test_parameters_override() -> None:
    (programme,) = theme.interventions({"saving_years": 5})
    assert programme.effects[0].duration == 5


def test_ownership_shares_must_sum_to_one() -> None:
    from placebudget.errors import ValidationError

    with pytest.raises(
        ValidationError,
        match=r"parameters\.\*_share: must sum to 1 "
        r"\(council 0\.6, nhs 0\.25, police 0\.15, fire 0\.1\)",
    ):
        theme.interventions({"council_share": 0.6})
