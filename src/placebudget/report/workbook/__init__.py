"""The live Excel model: a workbook whose figures are Excel formulas over its input cells.

Every figure a formula can reproduce — participants, volumes with lag, duration and
drop-off, values by partner brought to the price base, costs, discount factors, present
values, the headline metrics, each partner's results, each investment agreement's
settlement (to the penny, rounded as the engine rounds), what failure costs, the cost per
cohort member, value for money, each intervention's and each outcome's results — is a
formula a finance officer can read, audit and change, written from the engine's input
Dataset. The arithmetic is the engine's (``docs/method.md``) written a second time, in
Excel, on purpose: ``tests/report/test_workbook.py`` recalculates the workbook with
LibreOffice, and ``tests/report/test_workbook_cached.py`` with the ``formulas`` package,
and both hold every figure equal to the engine's.

Every formula cell carries its value cached beside it (``_evaluate`` evaluates the
formulas once, in Python, as they are written), so that pandas, previews and any reader
that does not recalculate show the numbers.

Sheets, in order: ``Cover``, ``Summary`` (headline metrics, partners, outcomes and the
charts, on one landscape page), ``Agreements``, ``Inputs`` (every input cell, named, blue
on yellow, checked by data validation; money as published with its price year, the GDP
deflator series and the price base), ``Assumptions`` (sources, grades, optimism bias),
the calculation sheets ``Prices`` (every value uprated: published × deflator of the price
base ÷ deflator of its price year), ``People``, ``Effects``, ``Values``, ``Costs`` and
``Results``, the report's tables as formulas (``LIVE_SHEETS``), then the figures
only many projections give (sensitivity, Monte Carlo, evaluation, capital optimism
bias, costed families) as values under a banner that says when and from which inputs
they were computed, with a cell that turns to OUT OF DATE once an input cell differs
from the copy of the inputs kept on the hidden sheet ``Inputs as written``. Formula
cells are protected (no password); input cells are not.

Layout: rows are things (partners, effects, cost lines), columns from ``H`` are years
(financial-year headers, ``2016/17``); every link between sheets is either a direct cell
reference (one row to one row) or ``SUMIF`` over a numeric key column (``#``), never over
text (ids are case-sensitive and Excel's matching is not). Partners, interventions and
outcomes are shown by name; ids only in defined names and key columns. A formula refers
to a row written elsewhere by the row's key (``⟨key⟩``), resolved to its number when the
workbook is complete.

The package also writes the value-only workbook (:func:`write_values_workbook`), which
``placebudget.report.excel.write_excel`` writes with ``values_only``.

Its modules: ``_cells`` (number formats, the sheet being written, validation and
protection, report tables as cells), ``_context`` (the model being built, the money as
published, its rows by key and the one notation of a row in a formula), ``_formulas``
(formula fragments), ``_inputs`` (the Inputs sheet), ``_prices`` (Prices),
``_calculation`` (People, Effects, Values, Costs), ``_results`` (Results), ``_summary``
(Summary and the headline metrics' names), ``_agreements`` (Agreements) with
``_agreement_pennies`` (the settlement to the penny) and ``_agreement_gain_share`` (the
gain share), ``_document`` (Cover, Assumptions, the Summary's charts), ``_live`` (the
report's tables as formulas), ``_values`` (the sheets of values, their charts, the copy
of the inputs and the value-only workbook) and ``_evaluate`` (the cached values:
``_formula_parser`` reads a formula, ``_excel_functions`` and ``_excel_values`` give the
Excel functions and values it uses).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from placebudget._version import __version__
from placebudget.report.workbook._agreements import agreements_sheet
from placebudget.report.workbook._calculation import (
    costs_sheet,
    effects_sheet,
    people_sheet,
    values_sheet,
)
from placebudget.report.workbook._cells import FIRST_YEAR, NUMBER_FORMATS, table_cells
from placebudget.report.workbook._context import MODEL_SHEETS, Model, check_size
from placebudget.report.workbook._context import resolve as _resolve
from placebudget.report.workbook._document import assumptions_sheet, charts, cover_sheet
from placebudget.report.workbook._evaluate import Evaluator, store_values
from placebudget.report.workbook._inputs import inputs_sheet
from placebudget.report.workbook._live import LIVE_SHEETS, live_sheets
from placebudget.report.workbook._marker import model_marker
from placebudget.report.workbook._prices import prices_sheet
from placebudget.report.workbook._results import results_sheet
from placebudget.report.workbook._summary import OUTPUT_NAMES, defined_name, summary_sheet
from placebudget.report.workbook._values import (
    SHEETS,
    SNAPSHOT,
    TABLE_ROW,
    as_is_chart,
    snapshot_sheet,
    value_sheets,
    write_values_workbook,
)

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook

    from placebudget.engine.results import Results

__all__ = [
    "LIVE_SHEETS",
    "MAX_MODEL_CELLS",
    "MODEL_SHEETS",
    "NUMBER_FORMATS",
    "OUTPUT_NAMES",
    "SHEETS",
    "SNAPSHOT",
    "TABLE_ROW",
    "as_is_chart",
    "build_workbook",
    "cached_values",
    "defined_name",
    "table_cells",
    "write_values_workbook",
    "write_workbook",
]

#: The most cells the live model is built with (about 1 kB of memory each while it is
#: written); a larger case is refused before anything is built, and its value-only
#: workbook (streamed, sheet by sheet) suggested.
MAX_MODEL_CELLS = 400_000


def build_workbook(results: Results) -> Workbook:
    """The live model of ``results`` as an openpyxl workbook (see the module docstring).

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> book = build_workbook(pb.compute_results(pb.project(example_case())))
    >>> book.sheetnames[:4]
    ['Cover', 'Summary', 'Agreements', 'Inputs']
    >>> book["Summary"][book.defined_names["npbi"].attr_text.split("!")[1].replace("$", "")
    ...                 ].value
    '=pv_fiscal-pv_cost'
    """
    m = Model(results.appraisal)
    check_size(m, MAX_MODEL_CELLS)
    inputs_sheet(m)
    prices_sheet(m)
    people_sheet(m)
    effects_sheet(m)
    values_sheet(m)
    costs_sheet(m)
    results_sheet(m)
    summary_sheet(m, results)
    agreements_sheet(m)
    cover_sheet(m)
    assumptions_sheet(m)
    charts(m)
    live_sheets(m, results)
    value_sheets(m, results)
    snapshot_sheet(m)
    _resolve(m)
    model_marker(m)  # the hidden sheet by which the workbook is read back as a case
    book = m.book
    book.active = 1
    book.properties.title = str(m.inputs.attrs.get("case", "placebudget"))
    book.properties.creator = f"placebudget {__version__}"
    # an office suite recalculates on opening; a reader that does not sees the values
    # cached beside each formula (write_workbook)
    book.calculation.fullCalcOnLoad = True
    return book


def cached_values(book: Workbook) -> dict[tuple[str, int, int], Any]:
    """Every formula cell's value: ``(sheet, row, column)`` → the number or text the
    formula gives over the cells as written (``_evaluate``), evaluated year by
    year."""
    titles = {title: k for k, title in enumerate(book.sheetnames)}
    calculation = {"Prices", "People", "Effects", "Values", "Costs", "Results", "Agreements"}

    def order(key: tuple[str, int, int]) -> tuple[int, int, int, int]:
        sheet, r, c = key
        if sheet in calculation and c >= FIRST_YEAR:
            return (0, c, titles[sheet], r)
        return (1, titles[sheet], c, r)

    return Evaluator(book).evaluate_all(order)


def write_workbook(results: Results, path: str | os.PathLike[str]) -> None:
    """Write the live model of ``results`` to ``path`` atomically (a temporary file beside
    it, renamed onto it when complete), every formula with its value cached beside it:
    its case, when known, gives the agreements and the discount schedule; the
    sensitivity, the evaluation and the Monte Carlo summary are written as value sheets.
    """
    import io

    from placebudget.io import atomic_write

    book = build_workbook(results)
    values = cached_values(book)
    with atomic_write(path, binary=True) as handle:
        saved = io.BytesIO()  # openpyxl's workbook, then with the values: one file written
        book.save(saved)
        store_values(saved, handle, book.sheetnames, values)
