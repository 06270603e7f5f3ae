"""A figure of the catalogue: its kinds (how its numbers are shown), its roles (what it is)
and :class:`Figure`, with :func:`declare`, which the declarations of every figure use."""

from __future__ import annotations

from typing import Literal

import attrs

from placebudget.figures._formula import Formula, parse_formula

__all__ = ["KINDS", "ROLES", "Figure", "Kind", "Role", "declare"]

#: How a figure's numbers are shown: ``money`` (£, whole pounds), ``money_per_unit`` (£
#: with pence), ``share`` (a percentage), ``ratio`` (two decimals), ``count`` (people,
#: outcome units), ``number`` (four significant figures), ``year`` (a financial year,
#: ``2016/17``), ``factor`` (four decimals), ``whole`` (a whole number: lags, grades),
#: ``input`` (an input's value, three significant figures), ``flag`` (yes or no) and
#: ``text``.
Kind = Literal[
    "money",
    "money_per_unit",
    "share",
    "ratio",
    "count",
    "number",
    "year",
    "factor",
    "whole",
    "input",
    "flag",
    "text",
]
KINDS: tuple[Kind, ...] = (
    "money",
    "money_per_unit",
    "share",
    "ratio",
    "count",
    "number",
    "year",
    "factor",
    "whole",
    "input",
    "flag",
    "text",
)

#: What a figure is: a ``variable`` of the projection Dataset, a per-effect or per-line
#: ``detail`` of the projection, an appraisal ``metric`` (the engine's contract), an
#: ``internal`` figure a formula reads that no result holds, or a ``measure`` a report
#: table shows.
Role = Literal["variable", "detail", "metric", "internal", "measure"]
ROLES: tuple[Role, ...] = ("variable", "detail", "metric", "internal", "measure")

#: Each kind's unit when a figure does not state its own.
_UNITS: dict[str, str] = {
    "money": "GBP",
    "money_per_unit": "GBP per unit",
    "share": "share",
    "ratio": "ratio",
    "count": "units",
    "number": "1",
    "year": "financial year",
    "factor": "1",
    "whole": "1",
    "input": "1",
    "flag": "",
    "text": "",
}


def _kind(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in KINDS:
        msg = f"{attribute.name}: must be one of {', '.join(KINDS)}, got {value!r}"
        raise ValueError(msg)


def _role(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in ROLES:
        msg = f"{attribute.name}: must be one of {', '.join(ROLES)}, got {value!r}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Figure:
    """One figure of the catalogue."""

    name: str
    """The name every result, frame column and file uses (``npbi``)."""
    role: Role = attrs.field(validator=_role)
    """What it is (see ``ROLES``)."""
    kind: Kind = attrs.field(validator=_kind)
    """How its numbers are shown (see ``KINDS``)."""
    label: str
    """Short label: a table's column, a terminal's (``PV fiscal benefit``)."""
    title: str
    """Long label: the headline's row, a caption (``Present value of fiscal benefits``)."""
    doc: str
    """What it is, in a line."""
    dims: tuple[str, ...] = ()
    """Its core dimensions (variables and metrics); leading ones (draw, place) may come
    ahead."""
    unit: str = ""
    """Its unit (``GBP`` at the price base for money)."""
    formula: Formula | None = None
    """A composite's formula over other figures; ``None`` for a figure computed by the
    engine's arithmetic."""
    flow: str | None = None
    """For a present value the engine computes, the projection variable it discounts
    (``pv_cost`` → ``cost``), summed over its other dimensions."""

    @property
    def money(self) -> bool:
        """Whether the figure is an amount of money (GBP at the price base)."""
        return self.kind in ("money", "money_per_unit")

    @property
    def composite(self) -> bool:
        """Whether the figure is a formula over other figures."""
        return self.formula is not None


def declare(
    name: str,
    role: Role,
    kind: Kind,
    label: str,
    title: str,
    doc: str,
    *,
    dims: tuple[str, ...] = (),
    unit: str | None = None,
    formula: str | None = None,
    flow: str | None = None,
) -> Figure:
    """A figure of the catalogue; its unit, unless given, its kind's."""
    return Figure(
        name=name,
        role=role,
        kind=kind,
        label=label,
        title=title,
        doc=doc,
        dims=dims,
        unit=_UNITS[kind] if unit is None else unit,
        formula=None if formula is None else parse_formula(formula),
        flow=flow,
    )
