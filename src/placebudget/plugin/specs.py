"""The frozen records plugins yield from their hooks.

A theme describes a family of interventions (troubled families, domestic abuse …) with
typed, documented parameters whose defaults cite their evidence; an importer reads a kind
of file; a reporter writes a report format. The theme records are domain records of
:mod:`placebudget.model.themes`, given here under their names too (and imported on first
use, so that the hook specifications import nothing of the model).

Examples
--------
>>> ReporterSpec(name="text", suffix="txt", description="Plain text.",
...              write=lambda result, path: None)
Traceback (most recent call last):
...
placebudget.errors.ValidationError: invalid ReporterSpec (1 problem):
  - suffix: must be a lower-case suffix such as '.md', got 'txt'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from placebudget._lazy import lazy_names
from placebudget.model.validation import (
    PLUGIN_NAME,
    collecting,
    is_callable,
    non_empty_text,
    one_of,
    plugin_name,
    report,
    to_tuple,
)

if TYPE_CHECKING:
    from placebudget.model.themes import ParameterSpec, ThemeSpec

__all__ = [
    "IMPORTER_KINDS",
    "PLUGIN_NAME",
    "ImporterSpec",
    "ParameterSpec",
    "ReporterSpec",
    "ThemeSpec",
]

#: What an importer can read.
IMPORTER_KINDS: tuple[str, ...] = ("case", "unit_costs", "actuals")

#: The theme records, imported from the model on first use.
_LAZY = dict.fromkeys(("ParameterSpec", "ThemeSpec"), "placebudget.model.themes")

__getattr__, _ = lazy_names(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def _suffixes(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        report(attribute.name, "must name at least one file suffix", value)
    for i, suffix in enumerate(value):
        if not isinstance(suffix, str) or not re.fullmatch(r"\.[a-z0-9]+", suffix):
            report(f"{attribute.name}[{i}]", "must be a lower-case suffix such as '.csv'", suffix)


def _suffix(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"\.[a-z0-9]+", value):
        report(attribute.name, "must be a lower-case suffix such as '.md'", value)


@collecting
@attrs.frozen(kw_only=True)
class ImporterSpec:
    """A reader of one kind of file."""

    name: str = attrs.field(validator=plugin_name)
    """Name the importer is chosen by (``"ucd-workbook"``)."""
    kind: str = attrs.field(validator=one_of(IMPORTER_KINDS))
    """What it reads: ``"case"``, ``"unit_costs"`` or ``"actuals"``."""
    suffixes: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_suffixes)
    """File suffixes it reads (``(".xls",)``)."""
    description: str = attrs.field(validator=non_empty_text)
    """What it reads, in a line."""
    load: Callable[..., Any] = attrs.field(validator=is_callable)
    """``load(path, **options)`` → the object read."""


@collecting
@attrs.frozen(kw_only=True)
class ReporterSpec:
    """A report format."""

    name: str = attrs.field(validator=plugin_name)
    """Name the format is chosen by (``--format markdown``)."""
    suffix: str = attrs.field(validator=_suffix)
    """File suffix of its output, which also selects it (``".md"``)."""
    description: str = attrs.field(validator=non_empty_text)
    """What it writes, in a line."""
    write: Callable[..., None] = attrs.field(validator=is_callable)
    """``write(results, path, **options)``: write the report of the
    :class:`~placebudget.engine.Results` (computed once, read by every format: lay out
    :func:`placebudget.report.report_contents` to say what every other format says)
    atomically; ``options`` are the format's own (the Excel format's ``values_only``),
    and one a writer does not take is refused before anything is written. A writer of
    the earlier signature, ``write(result, path, *, evaluation=None, uncertainty=None)``,
    is given the appraisal, with a deprecation warning."""
