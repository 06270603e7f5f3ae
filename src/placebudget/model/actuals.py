"""Observed results: what happened to participants (and, ideally, a comparison group),
period by period, and what was spent.

Periods are financial years or explicit parts of them: ``year=2013, start_month=1,
months=6`` is April to September 2013 (month 1 of the financial year is April). Nothing is
pro-rated implicitly: a part-year says how many months it covers.

Examples
--------
>>> a = Actuals(observations=[
...     Observation(year=2013, months=6, group="participants", measure="people", value=150),
...     Observation(year=2013, months=6, group="participants", measure="count",
...                 outcome="repeat_domestic_abuse", value=120),
... ])
>>> a.has_comparison
False
"""

from __future__ import annotations

from typing import Any

import attrs

from placebudget.model.validation import (
    collecting,
    financial_year_label,
    has_problems,
    identifier,
    non_negative,
    one_of,
    optional,
    report,
    to_tuple,
    year,
)

__all__ = ["GROUPS", "MEASURES", "Actuals", "Observation"]

#: Who an observation is about.
GROUPS: tuple[str, ...] = ("participants", "comparison")
#: What an observation counts: people in the group, outcome units, or money spent.
MEASURES: tuple[str, ...] = ("people", "count", "cost")


def _month(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 12:
        report(
            attribute.name, "must be a month of the financial year, 1 (April) to 12 (March)", value
        )


@collecting
@attrs.frozen(kw_only=True)
class Observation:
    """One observed figure for one period."""

    year: int = attrs.field(validator=year)
    """Financial year (2013 = 2013/14)."""
    start_month: int = attrs.field(default=1, validator=_month)
    """First month of the period within the financial year (1 = April)."""
    months: int = attrs.field(default=12, validator=_month)
    """Months the period covers (12 = the whole year)."""
    group: str = attrs.field(validator=one_of(GROUPS))
    """``participants`` or ``comparison``."""
    measure: str = attrs.field(validator=one_of(MEASURES))
    """``people`` (group size), ``count`` (outcome units observed) or ``cost`` (GBP
    spent, at the case's price base)."""
    value: float = attrs.field(validator=non_negative)
    """The figure."""
    outcome: str | None = attrs.field(default=None, validator=optional(identifier))
    """Outcome counted (for ``count``)."""
    partner: str | None = attrs.field(default=None, validator=optional(identifier))
    """Partner who spent (for ``cost``)."""
    source: str = ""
    """Where the figure comes from."""

    def __attrs_post_init__(self) -> None:
        if has_problems():
            return
        if self.start_month + self.months - 1 > 12:
            report(
                "months",
                f"runs past the end of the financial year (from month {self.start_month})",
                self.months,
            )
        if self.measure == "count" and self.outcome is None:
            report("outcome", "is required for a count", None)
        if self.measure == "cost" and (self.partner is None or self.group != "participants"):
            report("partner", "a cost needs the partner who spent, for participants", None)
        if self.measure == "people" and (self.outcome or self.partner):
            report(
                "measure", "people are counted per group, without outcome or partner", self.measure
            )

    @property
    def key(self) -> tuple[str, str, str | None, str | None]:
        """What the figure is of, whatever the period."""
        return (self.group, self.measure, self.outcome, self.partner)

    @property
    def period(self) -> str:
        """The period as text: ``2013/14`` or ``2013/14 months 1-6``."""
        fy = financial_year_label(self.year)
        if self.months == 12:
            return fy
        return f"{fy} months {self.start_month}-{self.start_month + self.months - 1}"


def _no_overlaps(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: dict[tuple[Any, ...], list[tuple[int, int, int, int]]] = {}
    for index, item in enumerate(value):
        if not isinstance(item, Observation):
            report(f"observations[{index}]", "must be an Observation", item)
            continue
        start = item.year * 12 + item.start_month
        end = start + item.months
        for other_start, other_end, other_index, _ in seen.get(item.key, []):
            if start < other_end and other_start < end:
                what = " ".join(
                    x for x in (item.group, item.measure, item.outcome, item.partner) if x
                )
                report(
                    f"observations[{index}]",
                    f"overlaps observations[{other_index}] ({what})",
                    item.period,
                )
        seen.setdefault(item.key, []).append((start, end, index, 0))


@collecting
@attrs.frozen(kw_only=True)
class Actuals:
    """Everything observed so far."""

    observations: tuple[Observation, ...] = attrs.field(converter=to_tuple, validator=_no_overlaps)
    """The observed figures; periods of the same figure must not overlap."""
    description: str = ""
    """What was observed, how, and the comparison group's design."""

    @property
    def has_comparison(self) -> bool:
        """Whether any figure is for a comparison group."""
        return any(o.group == "comparison" for o in self.observations)
