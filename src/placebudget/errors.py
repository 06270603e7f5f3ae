"""The placebudget exception hierarchy.

Every error raised on purpose by placebudget derives from :class:`PlaceBudgetError` and
also from the builtin exception it behaves like, so that ``except ValueError`` keeps
working for callers who do not know about placebudget.

Examples
--------
>>> from placebudget.errors import Problem, ValidationError
>>> err = ValidationError([Problem("impact", "must be within [0, 1]", 1.3)])
>>> print(err)
impact: must be within [0, 1], got 1.3
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Self

import attrs

__all__ = [
    "AlignmentError",
    "DuplicatePluginNameError",
    "OutputError",
    "PlaceBudgetError",
    "PluginError",
    "PluginWarning",
    "Problem",
    "UnknownReferenceError",
    "ValidationError",
]


class _Unset(enum.Enum):
    UNSET = "UNSET"


UNSET = _Unset.UNSET
"""Marks a :class:`Problem` that has no offending value to show."""


class PlaceBudgetError(Exception):
    """Base class of every error placebudget raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with an input.

    Examples
    --------
    >>> str(Problem("interventions[0].engagement", "must be within [0, 1]", 2))
    'interventions[0].engagement: must be within [0, 1], got 2'
    >>> str(Problem("interventions[0].engagement", "must be within [0, 1]", 2, line=12,
    ...             name="work_support › engagement"))
    'work_support › engagement (line 12): must be within [0, 1], got 2'
    """

    path: str
    """Where the problem is, as a dotted path with list indices (``effects[2].impact``)."""
    message: str
    """What was expected (``must be within [0, 1]``)."""
    value: object = attrs.field(default=UNSET)
    """The offending value; left out of the message when not given."""
    line: int | None = None
    """Line of the input file the problem is on, when known (TOML case files)."""
    name: str | None = None
    """The same place named by ids (``key_workers › child_into_care › baseline``), shown
    in place of :attr:`path` when known."""

    def prefixed(self, prefix: str) -> Problem:
        """Return the same problem located under ``prefix``."""
        if not prefix:
            return self
        joiner = "" if not self.path or self.path.startswith("[") else "."
        return attrs.evolve(self, path=f"{prefix}{joiner}{self.path}")

    def __str__(self) -> str:
        shown = self.name or self.path
        where = f"{shown}: " if shown else ""
        if self.line is not None:
            where = f"{shown} (line {self.line}): " if shown else f"line {self.line}: "
        if self.value is UNSET:
            return f"{where}{self.message}"
        return f"{where}{self.message}, got {self.value!r}"


class ValidationError(PlaceBudgetError, ValueError):
    """An input is invalid; every problem found is listed in
    :attr:`~placebudget.errors.ValidationError.problems`."""

    problems: tuple[Problem, ...]
    """Every problem found, in the order found."""

    def __init__(self, problems: Iterable[Problem], *, context: str = "") -> None:
        self.problems = tuple(problems)
        self.context = context
        super().__init__(self._render())

    def _render(self) -> str:
        lines = [str(p) for p in self.problems]
        if len(lines) == 1 and not self.context:
            return lines[0]
        head = self.context or "invalid input"
        count = f"{len(lines)} problem{'s' if len(lines) != 1 else ''}"
        return "\n".join([f"{head} ({count}):", *(f"  - {line}" for line in lines)])

    def prefixed(self, prefix: str) -> ValidationError:
        """Return the same error with every problem located under ``prefix``."""
        return ValidationError([p.prefixed(prefix) for p in self.problems], context=self.context)

    @classmethod
    def single(cls, path: str, message: str, value: object = UNSET) -> Self:
        """Build an error holding one problem."""
        return cls([Problem(path, message, value)])

    @classmethod
    def merge(cls, errors: Sequence[ValidationError], *, context: str = "") -> ValidationError:
        """Combine several errors into one listing all their problems."""
        return cls([p for e in errors for p in e.problems], context=context)


class UnknownReferenceError(ValidationError, KeyError):
    """A name or code (discount schedule, deflator series, unit cost code) is not known."""

    def __str__(self) -> str:  # KeyError would quote the message otherwise
        return self._render()


class AlignmentError(PlaceBudgetError, ValueError):
    """Labelled inputs do not line up exactly (different partners, years or outcomes)."""


class DuplicatePluginNameError(PlaceBudgetError, ValueError):
    """Two plugins provide a theme, importer or reporter with the same name."""


class OutputError(PlaceBudgetError, OSError):
    """An output file cannot be written: the disk is full, the file would pass the size
    the system allows, or it is read-only; what was there is left as it was."""


class PluginError(PlaceBudgetError, RuntimeError):
    """A plugin's code failed while placebudget ran it (a report writer, an importer)."""


class PluginWarning(UserWarning):
    """A plugin could not be loaded or misbehaved, and was skipped."""
