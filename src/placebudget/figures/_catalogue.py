"""The catalogue: every figure placebudget computes or shows, declared once.

A figure is a variable of the projection Dataset (``docs/reference/dataset.md``), an
appraisal metric, or a measure a report table shows (a partner's net position under an
agreement, the share of the pot). Each is declared once, by its role (``_variables``,
``_metrics``, ``_measures``), with its name, dimensions, unit, kind (how its numbers are
shown), short label (table columns, the terminal), title (the headline, captions), the
formula over other figures of a composite, and its doc line; here they are gathered in
order. The engine's metric contracts, :func:`~placebudget.figures.headline`, every label
and number format, ``explain`` and the Dataset reference page read it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from placebudget.figures._beyond_horizon import beyond_horizon
from placebudget.figures._figure import KINDS, ROLES, Figure, Kind, Role
from placebudget.figures._measures import measures
from placebudget.figures._metrics import metrics
from placebudget.figures._variables import variables

__all__ = ["BEYOND_HORIZON", "FIGURES", "KINDS", "ROLES", "Catalogue", "Figure", "Kind", "Role"]


class Catalogue(Mapping[str, Figure]):
    """The figures by name, in declaration order; ``catalogue["npbi"]``."""

    def __init__(self, figures: list[Figure]) -> None:
        self._figures: dict[str, Figure] = {}
        for found in figures:
            if found.name in self._figures:
                msg = f"figure {found.name!r} is declared twice"
                raise ValueError(msg)
            self._figures[found.name] = found
        for found in figures:
            missing = [
                n for n in (found.formula.names if found.formula else ()) if n not in self._figures
            ]
            if missing:
                msg = f"figure {found.name!r}'s formula reads undeclared {missing}"
                raise ValueError(msg)

    def __getitem__(self, name: str) -> Figure:
        return self._figures[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._figures)

    def __len__(self) -> int:
        return len(self._figures)

    def of(self, role: Role) -> dict[str, Figure]:
        """The figures of one role, in order."""
        return {name: f for name, f in self._figures.items() if f.role == role}


#: Every figure, by name.
FIGURES = Catalogue([*variables(), *metrics(), *measures(), *beyond_horizon()])
#: The figures of the benefits after the horizon (computed apart, never in the headline),
#: in the order the reports list them.
BEYOND_HORIZON: tuple[str, ...] = tuple(f.name for f in beyond_horizon())
