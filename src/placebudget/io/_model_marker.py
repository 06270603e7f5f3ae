"""The hidden sheet by which a live Excel model is known and read back as a case: what
it holds (:class:`InputCell` rows, the case as written, the labels and formula cells of
the model), how it is written into a workbook and how it is read out of one.

The sheet ``placebudget model`` (very hidden, protected) holds, from row 4, one record a
row, its kind in column A:

- ``case``: a piece of the case as written (JSON, its integer keys kept), for what no
  cell holds (ids, names, free text, references, distributions);
- ``cell``: an input cell — sheet, address, how it is read back (its kind), the field of
  the case it holds, its value as written, and for a part of a value its group, key,
  unit and a note;
- ``label``: a text or key the model wrote where it should still be (on the sheets of
  input cells), so that rows inserted, deleted or moved are found;
- ``formulas``: a sheet's formula cells, as ranges, so that a formula overwritten by a
  number, or a row inserted among formulas, is found.

A1 says ``placebudget model``, B1 the format version; row 2 a digest of the records, so
that an edit of this sheet is refused rather than read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from placebudget.errors import ValidationError

if TYPE_CHECKING:
    from placebudget.model import BusinessCase

__all__: list[str] = []

#: The hidden sheet's title, and the text of its A1.
MARKER_SHEET = "placebudget model"
#: The layout this version writes and reads (a workbook of a later layout is refused).
FORMAT_VERSION = 1
#: The longest text a cell is given (Excel holds 32,767 characters in a cell).
_PIECE = 30_000
#: The integer keys of a mapping, kept through JSON (whose keys are text).
_INT_KEYS = "__int_keys__"
#: Most records read from the hidden sheet, and most formula cells it may name (a
#: model is refused before it is written above 400,000 cells).
MAX_RECORDS = 200_000
MAX_FORMULA_CELLS = 1_000_000
_B1, _B2, _SHEET = f"{MARKER_SHEET}!B1", f"{MARKER_SHEET}!B2", f"sheet {MARKER_SHEET!r}"

#: How an input cell is read back (see :mod:`placebudget.io._model_cells`).
KINDS = (
    "number",
    "whole",
    "entry",
    "override",
    "cost_override",
    "cap",
    "derived",
    "value",
    "line",
    "discount",
    "deflator",
    "reinvest_from",
)


@attrs.frozen(kw_only=True)
class InputCell:
    """An input cell of the live model and the field of the case it holds.

    ``kind`` says how it is read back: ``number`` and ``whole`` set the field from the
    cell; ``entry`` a number in a table (an intake year, an agreement's share) that the
    case may leave out; ``override`` and ``cost_override`` a value the case works out
    (an optimism bias from a grade) set only when the cell was changed; ``cap`` a
    number or ``none``; ``derived`` a figure the case does not hold as such (refused
    when changed, ``note`` says why); ``value`` a part (amount, price year, cashable
    or transfer share) of the unit value ``group``; ``line`` a part (amount of a year,
    per participant, price year) of the cost line or risk ``group``; ``discount`` the
    rate of year ``key``; ``deflator`` the index of year ``key``; ``reinvest_from``
    whether partner ``key``'s savings are reinvested.
    """

    sheet: str
    address: str
    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    path: str
    written: Any
    group: str = ""
    key: str = ""
    unit: str = ""
    note: str = ""

    @property
    def where(self) -> str:
        """``Inputs!F23``."""
        return f"{self.sheet}!{self.address}"


@attrs.frozen(kw_only=True)
class Marker:
    """What the hidden sheet of a model holds."""

    version: int
    case: dict[str, Any] | None
    cells: tuple[InputCell, ...]
    labels: tuple[tuple[str, str, Any], ...]
    formulas: Mapping[str, frozenset[tuple[int, int]]]


# -- the case as written: JSON keeping integer keys ---------------------------------------
def _plain(value: Any) -> Any:
    """A value of the unstructured case as JSON data, the integer keys of a mapping
    (years) kept as ``{"__int_keys__": [[key, value], ...]}``."""
    from placebudget.io._converter import quantity_text

    if isinstance(value, Mapping):
        items = [(k, v) for k, v in value.items() if v is not None]
        if items and all(isinstance(k, int) and not isinstance(k, bool) for k, _ in items):
            return {_INT_KEYS: [[k, _plain(v)] for k, v in items]}
        return {str(k): _plain(v) for k, v in items}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return quantity_text(value)
    return value


def _unplain(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {_INT_KEYS} and isinstance(value[_INT_KEYS], list):
            return {int(k): _unplain(v) for k, v in value[_INT_KEYS]}
        return {k: _unplain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unplain(v) for v in value]
    return value


def case_text(case: BusinessCase) -> str:
    """The case as JSON text whose data :func:`case_data` gives back to the converter."""
    from placebudget.io._converter import converter
    from placebudget.model import BusinessCase

    return json.dumps(
        _plain(converter.unstructure(case, BusinessCase)), ensure_ascii=True, separators=(",", ":")
    )


def case_data(text: str, *, field: str) -> dict[str, Any]:
    """The plain data of a case written by :func:`case_text`."""
    from placebudget.io.limits import check_depth

    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ValidationError.single(
            field, "holds a case that is not valid JSON (the hidden sheet was changed)"
        ) from exc
    check_depth(data, field=field)
    if not isinstance(data, dict):
        raise ValidationError.single(field, "holds no case (the hidden sheet was changed)")
    found: dict[str, Any] = _unplain(data)
    return found


# -- ranges of cells ------------------------------------------------------------------------
def ranges(cells: Iterable[tuple[int, int]]) -> str:
    """Cells ``(row, column)`` as space-separated ranges (``H5:Q9 C12``): runs along each
    row, joined down the rows while the runs are the same."""
    from openpyxl.utils import get_column_letter

    by_row: dict[int, list[int]] = {}
    for r, c in cells:
        by_row.setdefault(r, []).append(c)
    runs: dict[int, tuple[tuple[int, int], ...]] = {}
    for r, columns in by_row.items():
        found: list[tuple[int, int]] = []
        for c in sorted(columns):
            if found and found[-1][1] == c - 1:
                found[-1] = (found[-1][0], c)
            else:
                found.append((c, c))
        runs[r] = tuple(found)
    out: list[str] = []
    rows = sorted(runs)
    k = 0
    while k < len(rows):
        first = last = rows[k]
        while k + 1 < len(rows) and rows[k + 1] == last + 1 and runs[rows[k + 1]] == runs[first]:
            k += 1
            last = rows[k]
        for a, b in runs[first]:
            start, end = f"{get_column_letter(a)}{first}", f"{get_column_letter(b)}{last}"
            out.append(start if start == end else f"{start}:{end}")
        k += 1
    return " ".join(out)


def cells_of(text: str, *, limit: int) -> set[tuple[int, int]]:
    """The cells of :func:`ranges`' text (at most ``limit`` of them)."""
    from openpyxl.utils.cell import range_boundaries

    found: set[tuple[int, int]] = set()
    for part in text.split():
        low_c, low_r, high_c, high_r = range_boundaries(part)
        if low_c is None or low_r is None or high_c is None or high_r is None:
            msg = "is not a range of cells"
            raise ValueError(msg)
        if (high_r - low_r + 1) * (high_c - low_c + 1) + len(found) > limit:
            msg = "names too many cells"
            raise ValueError(msg)
        found.update((r, c) for r in range(low_r, high_r + 1) for c in range(low_c, high_c + 1))
    return found


# -- writing and reading the sheet --------------------------------------------------------------
def _canonical(value: Any) -> Any:
    """A record's value as the digest sees it: numbers to 12 significant figures (an
    office suite may save the last digits of a number differently), no value as ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format(float(value), ".12g")
    return str(value).strip()


def _pieces(text: str) -> list[str]:
    """``text`` cut into pieces a cell holds, none starting or ending with a space (which
    an office suite may drop)."""
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + _PIECE, len(text))
        while (
            end < len(text) and end > start + 1 and (text[end - 1].isspace() or text[end].isspace())
        ):
            end -= 1
        pieces.append(text[start:end])
        start = end
    return pieces


def _digest(records: Iterable[Sequence[Any]]) -> str:
    hashed = hashlib.sha256()
    for record in records:
        hashed.update(json.dumps([_canonical(v) for v in record]).encode("utf-8"))
        hashed.update(b"\n")
    return hashed.hexdigest()


def _records(
    case: BusinessCase | None, cells: Sequence[InputCell], book: Any, label_sheets: Sequence[str]
) -> list[tuple[Any, ...]]:
    records: list[tuple[Any, ...]] = []
    if case is not None:
        records += [("case", piece) for piece in _pieces(case_text(case))]
    records += [
        ("cell", c.sheet, c.address, c.kind, c.path, c.written, c.group, c.key, c.unit, c.note)
        for c in cells
    ]
    entries = {(c.sheet, c.address) for c in cells}
    for title in label_sheets:
        if title not in book.sheetnames:
            continue
        ws = book[title]
        for _, cell in sorted(ws._cells.items()):
            value = cell.value
            if (
                value is None
                or value == ""
                or cell.data_type == "f"
                or (title, cell.coordinate) in entries
            ):
                continue
            records.append(("label", title, cell.coordinate, value))
    for ws in book.worksheets:
        if ws.title == MARKER_SHEET:
            continue
        text = ranges((r, c) for (r, c), cell in ws._cells.items() if cell.data_type == "f")
        # pieces end at a space: a range is never split
        joined: list[str] = []
        for part in text.split(" ") if text else []:
            if joined and len(joined[-1]) + 1 + len(part) <= _PIECE:
                joined[-1] += " " + part
            else:
                joined.append(part)
        pieces = joined or [""]
        records += [("formulas", ws.title, piece) for piece in pieces]
    return records


def write_marker(
    book: Any,
    case: BusinessCase | None,
    cells: Sequence[InputCell],
    *,
    label_sheets: Sequence[str] = ("Inputs",),
) -> None:
    """Add the hidden sheet (see the module notes) to the openpyxl ``book``, once every
    other sheet is complete."""
    from openpyxl.styles import Protection

    from placebudget._version import __version__

    records = [_trimmed(r) for r in _records(case, cells, book, label_sheets)]
    ws = book.create_sheet(MARKER_SHEET)
    head: list[tuple[Any, ...]] = [
        (
            MARKER_SHEET,
            FORMAT_VERSION,
            f"written by placebudget {__version__}",
            "This sheet lets placebudget read the workbook back as a case (placebudget run "
            "model.xlsx): leave it as it is.",
        ),
        ("digest", _digest(records)),
        (),
    ]
    for r, record in enumerate([*head, *records], start=1):
        for c, value in enumerate(record, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):  # text, never a formula
                cell.data_type = "s"
                if value[:1] in ("=", "+", "-", "@"):
                    cell.quotePrefix = True
    ws.cell(row=1, column=1).protection = Protection(locked=True)
    ws.protection.sheet = True
    ws.sheet_state = "veryHidden"


def not_a_model(name: str, found: str) -> ValidationError:
    """The refusal of a workbook placebudget did not write."""
    msg = (
        f"is not a placebudget model: {found}; placebudget reads back the live Excel "
        f"model it writes (placebudget run case.toml -o model.xlsx), which holds the "
        f"hidden sheet {MARKER_SHEET!r} with {MARKER_SHEET!r} in A1"
    )
    return ValidationError.single(name, msg)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def read_marker(book: Any, name: str) -> Marker:
    """The hidden sheet of the read-only openpyxl ``book`` (the file ``name``).

    Raises
    ------
    placebudget.errors.ValidationError
        The workbook has no such sheet (not a placebudget model), one of a later format,
        or one that was changed.
    """
    if MARKER_SHEET not in book.sheetnames:
        return _refuse(
            name,
            f"it has no sheet {MARKER_SHEET!r} (its sheets: "
            f"{', '.join(book.sheetnames[:12])}"
            f"{', …' if len(book.sheetnames) > 12 else ''})",
        )
    rows: list[tuple[Any, ...]] = []
    sheet = book[MARKER_SHEET]
    sheet.reset_dimensions()  # every row stored, whatever the sheet declares
    for row in sheet.iter_rows(values_only=True):
        rows.append(tuple(row))
        if len(rows) > MAX_RECORDS:
            msg = f"holds more than {MAX_RECORDS:,} records: not as placebudget wrote it"
            raise ValidationError.single(_SHEET, msg)
    if not rows or not rows[0] or rows[0][0] != MARKER_SHEET:
        return _refuse(name, f"its sheet {MARKER_SHEET!r} does not say {MARKER_SHEET!r} in A1")
    version = rows[0][1] if len(rows[0]) > 1 else None
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    if not isinstance(version, int) or isinstance(version, bool):
        msg = "must be the model's format version (a whole number)"
        raise ValidationError.single(_B1, msg, version)
    if version > FORMAT_VERSION:
        msg = (
            f"is a model format of a later placebudget (this one reads format "
            f"{FORMAT_VERSION}): read it with that version"
        )
        raise ValidationError.single(_B1, msg, version)
    digest = rows[1][1] if len(rows) > 1 and len(rows[1]) > 1 else None
    records = [tuple(v for v in row) for row in rows[3:]]
    records = [_trimmed(r) for r in records if any(v not in (None, "") for v in r)]
    if digest != _digest(records):
        msg = (
            "does not match the sheet's records: the hidden sheet was changed, so the "
            "workbook cannot be read back as the model placebudget wrote; write the "
            "model again from its case file"
        )
        raise ValidationError.single(_B2, msg)
    return _parse(records, version, name)


def _trimmed(record: tuple[Any, ...]) -> tuple[Any, ...]:
    values = list(record)
    while values and values[-1] in (None, ""):
        values.pop()
    return tuple(values)


def _refuse(name: str, found: str) -> Marker:
    raise not_a_model(name, found)


def _parse(records: list[tuple[Any, ...]], version: int, name: str) -> Marker:
    pieces: list[str] = []
    cells: list[InputCell] = []
    labels: list[tuple[str, str, Any]] = []
    formulas: dict[str, set[tuple[int, int]]] = {}
    limit = MAX_FORMULA_CELLS
    unknown = [r[0] for r in records if r[0] not in ("case", "cell", "label", "formulas")]
    if unknown:
        msg = f"cannot be read (a record of an unknown kind, {unknown[0]!r})"
        raise ValidationError.single(MARKER_SHEET, msg)
    try:
        for record in records:
            kind, rest = record[0], [*record[1:], *[None] * 9]
            if kind == "case":
                pieces.append(_text(rest[0]))
            elif kind == "cell":
                sheet, address, how, path, written, group, key, unit, note = rest[:9]
                cells.append(
                    InputCell(
                        sheet=_text(sheet),
                        address=_text(address),
                        kind=_text(how),
                        path=_text(path),
                        written=written,
                        group=_text(group),
                        key=_text(key),
                        unit=_text(unit),
                        note=_text(note),
                    )
                )
            elif kind == "label":
                labels.append((_text(rest[0]), _text(rest[1]), rest[2]))
            else:
                added = cells_of(_text(rest[1]), limit=limit)
                limit -= len(added)
                formulas.setdefault(_text(rest[0]), set()).update(added)
    except (ValueError, TypeError) as exc:
        msg = f"cannot be read ({exc})"
        raise ValidationError.single(MARKER_SHEET, msg) from exc
    from placebudget.io.limits import MAX_CASE_BYTES

    text = "".join(pieces)
    if len(text) > MAX_CASE_BYTES:
        msg = f"holds a case larger than the limit of {MAX_CASE_BYTES:,} characters"
        raise ValidationError.single(_SHEET, msg)
    case = case_data(text, field=MARKER_SHEET) if pieces else None
    return Marker(
        version=version,
        case=case,
        cells=tuple(cells),
        labels=tuple(labels),
        formulas={k: frozenset(v) for k, v in formulas.items()},
    )
