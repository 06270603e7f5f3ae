"""What the data formats of a report share: each cell by its figure's kind (money to the
penny, years as integers), names beside ids, and a wide table's year or partner columns as
tidy rows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from placebudget.figures import FIGURES
from placebudget.model import financial_year_label
from placebudget.report.outline import ID_COLUMNS, Names, Table
from placebudget.report.tables import plain

if TYPE_CHECKING:
    from placebudget.model import BusinessCase

#: Kinds of figure that are money (rounded to the penny in the CSV and JSON reports).
_MONEY = ("money", "money_per_unit")
#: Kinds of figure that are whole numbers (financial years, lags, grades).
_WHOLE = ("year", "whole")
#: Kinds of figure that are numbers.
_NUMBERS = ("money", "money_per_unit", "share", "ratio", "count", "number", "factor", "input")
#: A column of financial years by their labels (``2013/14``).
_YEAR_LABEL = re.compile(r"^(\d{4})/\d{2}$")


def _money(value: Any) -> Any:
    """Money to the penny (``1522888.8800000001`` → ``1522888.88``), missing as ``None``."""
    value = plain(value)
    return None if value is None else round(float(value), 2)


def _whole(value: Any) -> Any:
    """A whole number (a year, a lag) as an int, missing as ``None``."""
    value = plain(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _cell(value: Any, kind: str | None) -> Any:
    """A cell as the JSON and CSV reports write it: by its figure's ``kind``."""
    value = plain(value)
    if value is None:
        return None
    if isinstance(value, str) and value == "<NA>":
        return None
    if kind in _MONEY and not isinstance(value, bool):
        return _money(value)
    if kind in _WHOLE:
        return _whole(value)
    if kind == "flag":
        return bool(value)
    if not isinstance(value, bool | int | float | str):
        return str(value)
    return value


def _year_label(value: Any) -> str | None:
    return None if value is None else financial_year_label(int(value))


def _row_kind(found: Table, row: int, column: str) -> str | None:
    """The kind of one cell: its row's figure's in a table of figures by row."""
    if found.row_figure is not None and column not in (found.row_figure, *found.hidden):
        figure = FIGURES.get(str(found.frame[found.row_figure].iloc[row]))
        if figure is not None and found.frame[column].dtype.kind in "fiu":
            return figure.kind
    return found.kind(column)


class _Naming:
    """Names beside ids: each id column's ``<column>_name`` (partners, interventions,
    outcomes, effects, inputs; a payer that is a partner)."""

    def __init__(self, case: BusinessCase | None) -> None:
        self.names = Names.of(case)
        self.partners = dict(self.names.partners)
        self.by_name = {i.name: i.id for i in case.interventions} if case is not None else {}

    def name(self, column: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if column == "payer":
            return self.partners.get(value, value)
        return self.names.name(ID_COLUMNS[column], value)

    def named(self, column: str) -> bool:
        return column in ID_COLUMNS or column == "payer"


def _records(found: Table, naming: _Naming, *, skip: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every row of ``found`` as a JSON object: figures by their kind (money to the
    penny, years as ints with a ``<column>_label`` beside them — ``year_label`` beside
    ``year``), a ``<column>_name`` beside each column of ids."""
    skipped = set(skip)
    columns = [c for c in found.columns if c not in skipped]
    frame = found.frame
    out = []
    for row in range(len(frame)):
        record: dict[str, Any] = {}
        for column in columns:
            kind = _row_kind(found, row, column)
            value = _cell(frame[column].iloc[row], kind)
            if found.name == "interventions_appraised" and column == "intervention":
                value = naming.by_name.get(value, value)  # the table shows names
            record[column] = value
            if naming.named(column):
                record[f"{column}_name"] = naming.name(column, value)
            if kind == "year":
                record["year_label" if column == "year" else f"{column}_label"] = _year_label(value)
        out.append(record)
    return out


def _wide_columns(found: Table, partners: Iterable[str]) -> tuple[list[str], list[str]]:
    """The columns of a wide table that are financial years (``2013/14``) and those that
    are partners (a table with no ``partner`` column)."""
    years = [c for c in found.columns if _YEAR_LABEL.match(c)]
    ids = set(partners)
    by_partner = [] if "partner" in found.columns else [c for c in found.columns if c in ids]
    return years, by_partner


def _keys(found: Table, wide: list[str]) -> list[str]:
    """The columns naming a row of a wide table (its ids and text)."""
    return [
        c
        for c in found.columns
        if c not in wide
        and c not in found.flags.values()
        and found.kind(c) in (None, "text")
        and found.frame[c].dtype.kind not in "fiub"
    ]


def _long(found: Table, naming: _Naming, wide: list[str], what: str) -> list[dict[str, Any]]:
    """A wide table's year or partner columns as tidy rows: the row's keys, the
    ``year`` (and ``year_label``) or ``partner`` (and ``partner_name``), and the
    ``amount``."""
    keys = _keys(found, wide)
    base = _records(found, naming, skip=[c for c in found.columns if c not in keys])
    out = []
    for row, record in enumerate(base):
        for column in wide:
            kind = found.kind(column)
            entry = dict(record)
            if what == "year":
                match = _YEAR_LABEL.match(column)
                assert match is not None
                entry["year"], entry["year_label"] = int(match.group(1)), column
            else:
                entry["partner"], entry["partner_name"] = column, naming.name("partner", column)
            entry["amount"] = _cell(found.frame[column].iloc[row], kind)
            out.append(entry)
    return out
