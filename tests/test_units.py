"""The unit registry: the time units and prefixes it defines, by hand, and the units it
does not know."""

from __future__ import annotations

import pint
import pytest

from placebudget.errors import ValidationError
from placebudget.units import COUNT_UNITS, to_quantity, ureg


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1 year", "day", 365.25),  # the Julian year, as pint defines it
        ("1 month", "day", 365.25 / 12),  # 30.4375
        ("1 quarter", "day", 365.25 / 4),  # 91.3125
        ("1 fortnight", "day", 14),
        ("1 week", "hour", 168),
        ("1 day", "minute", 1440),
        ("1 hour", "second", 3600),
        ("100 GBP/person_week", "GBP/person_year", 100 * 365.25 / 7),  # 5,217.857…
        ("1200 GBP/family_month", "GBP/family_year", 14_400),
        ("2.5 kGBP", "GBP", 2500),
        ("3 GBPk", "GBP", 3000),
        ("1.2 GBPm", "kGBP", 1200),
        ("12 percent", "", 0.12),
    ],
)
def test_conversions_by_hand(text: str, unit: str, expected: float) -> None:
    assert float(to_quantity(text).to(unit).magnitude) == pytest.approx(expected, rel=1e-12)


def test_each_count_has_a_dimension_of_its_own() -> None:
    with pytest.raises(pint.DimensionalityError):
        to_quantity("10 GBP/incident").to("GBP/person_year")
    dimensions = {str(ureg.Unit(name).dimensionality) for name in COUNT_UNITS}
    assert len(dimensions) == len(COUNT_UNITS)


@pytest.mark.parametrize("text", ["5 metre", "1 GBP/furlong", "2 kg"])
def test_physical_units_are_not_known(text: str) -> None:
    with pytest.raises(ValidationError, match=r"amount: is not a known unit"):
        to_quantity(text, field="amount")
