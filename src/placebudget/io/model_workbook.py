"""The live Excel model read back as a business case.

The live model (``placebudget run case.toml -o model.xlsx``) is where analysts work: they
change its input cells — impacts, deadweights, baselines, engagement, intakes, cost
amounts, values as published and their price years, the price base, the deflators,
agreement shares — and :func:`load_model_workbook` reads the workbook back as the case
those cells describe, so the case file and the workbook never drift apart. It is the
built-in case importer of ``.xlsx`` files (``placebudget run model.xlsx``,
``placebudget validate model.xlsx``, ``pb.load_case("model.xlsx")``).

What the reader reads
    Every input cell, as a value (a formula in an input cell is refused, never
    evaluated), into the field of the case it holds; the structure of the case —
    partners, interventions, effects, cost lines, agreements, ids, names, descriptions,
    sources, references to unit cost lines, uncertainty — comes from the copy of the case
    the writer keeps on the very hidden sheet ``placebudget model`` (with the address,
    field and value as written of every input cell, the model's labels and its formula
    cells, and a digest, so that an edit of that sheet is refused). An input cell still
    holding what was written leaves a value the case works out (an optimism bias from a
    confidence grade, a value from a unit cost line) as the case had it; a changed one
    sets the field (a value changed becomes an amount in the outcome's unit, in the price
    year of its cell).

What it refuses
    A workbook placebudget did not write ("not a placebudget model", naming the sheet it
    looks for); one whose structure was changed — a sheet renamed, rows inserted, a
    formula overwritten by a number — naming the sheet and cell; and input cells edited
    into an invalid case, each problem named by its cell and field as a case file's
    would be, all found at once (``Inputs!F23: interventions[0].effects[0].impact: must
    be within [0, 1], got 4.5``). Sizes are checked before anything is parsed.

Examples
--------
>>> import tempfile, pathlib
>>> import placebudget as pb
>>> from placebudget.testing import example_case
>>> path = pathlib.Path(tempfile.mkdtemp()) / "model.xlsx"
>>> pb.write_report(pb.compute_results(pb.project(example_case())), path)
>>> load_model_workbook(path) == example_case()
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from placebudget.errors import ValidationError
from placebudget.io._model_marker import FORMAT_VERSION, MARKER_SHEET, InputCell, write_marker

if TYPE_CHECKING:
    from placebudget.model import BusinessCase
    from placebudget.model.themes import ThemeSpec

__all__ = [
    "FORMAT_VERSION",
    "MARKER_SHEET",
    "InputCell",
    "load_model_workbook",
    "with_cells",
    "write_marker",
]


def load_model_workbook(
    path: str | os.PathLike[str], *, themes: Mapping[str, ThemeSpec] | None = None, **options: Any
) -> BusinessCase:
    """Read the live Excel model at ``path`` (written by placebudget, its input cells
    perhaps changed) as the business case its input cells describe (see the module
    notes). ``themes`` is taken for the importer hook's sake (the case kept in the
    workbook has its themes expanded).

    Raises
    ------
    placebudget.errors.ValidationError
        The file is over a size limit or not a workbook; not a placebudget model; its
        structure was changed; or its input cells make an invalid case — every problem
        named by its cell and field.
    """
    from placebudget.io._model_cells import locate, read_cells
    from placebudget.io._model_sheets import read_book, structure_problems
    from placebudget.io.case_file import structure_case
    from placebudget.io.limits import check_input_file

    del themes, options
    file = check_input_file(path, field="path")
    name = file.name
    book = read_book(file)
    problems = structure_problems(book)
    if problems:
        raise ValidationError(
            problems,
            context=(
                f"{name} cannot be read back as a case: its structure is not the model "
                "placebudget wrote (write the model again from its case file, and change "
                "only its input cells, blue on yellow)"
            ),
        )
    marker = book.marker
    if marker.case is None:
        raise ValidationError.single(
            name, "holds no case: it was written from a projection's inputs, not from a case"
        )
    reading = read_cells(marker.case, marker.cells, book.values)
    found = list(reading.problems)
    try:
        case = structure_case(reading.data, source=name)
    except ValidationError as exc:
        found += locate(exc.problems, marker.cells, reading.changed)
    if found:
        raise ValidationError(found, context=f"invalid {name}")
    return case


def with_cells(error: ValidationError, path: str | os.PathLike[str]) -> ValidationError:
    """``error`` (found after the case was read: a price year with no deflator, an
    unknown unit cost code) with each problem named by the cells of the model workbook
    ``path`` that hold its field; ``error`` itself when the workbook cannot be read
    again.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import placebudget as pb
    >>> from placebudget.errors import Problem
    >>> from placebudget.testing import example_case
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "model.xlsx"
    >>> pb.write_report(pb.compute_results(pb.project(example_case())), path)
    >>> print(with_cells(ValidationError([Problem("price_year", "no deflator", 1900)]),
    ...                  path))
    Inputs!B8: price_year: no deflator, got 1900
    """
    from placebudget.io._model_cells import locate
    from placebudget.io._model_sheets import read_book

    try:
        book = read_book(Path(path))
    except (ValidationError, OSError):
        return error
    located = locate(error.problems, book.marker.cells, set())
    return type(error)(located, context=error.context)
