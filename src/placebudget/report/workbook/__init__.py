"""The live Excel model: a workbook whose figures are Excel formulas over its input cells.

Every figure of the projection and the appraisal — participants, volumes with lag,
duration and drop-off, values by partner, costs, discount factors, present values, the
headline metrics, each partner's results and each investment agreement's settlement — is
a formula a finance officer can read, audit and change, written from the engine's input
Dataset (values uprated to the price base, rates, the one-to-one maps of effects to
interventions and outcomes). The arithmetic is the engine's (``docs/method.md``) written a
second time, in Excel, on purpose: ``tests/report/test_workbook.py`` recalculates the
workbook with LibreOffice and holds every figure equal to the engine's.

Sheets, in order: ``Cover``, ``Summary`` (headline metrics, partners, outcomes and the
charts), ``Agreements``, ``Inputs`` (every input cell, named, blue on yellow),
``Assumptions`` (sources, grades, optimism bias and the trace of every value to the price
base), then the calculation sheets ``People``, ``Effects``, ``Values``, ``Costs`` and
``Results``, and the figures no formula reproduces (sensitivity, Monte Carlo, evaluation,
costed families) as values.

Layout: rows are things (partners, effects, cost lines), columns from ``H`` are years
(financial-year headers, ``2016/17``); every link between sheets is either a direct cell
reference (one row to one row) or ``SUMIF`` over a numeric key column (``#``), never over
text (ids are case-sensitive and Excel's matching is not). A formula refers to a row
written elsewhere by the row's key (``⟨key⟩``), resolved to its number when the workbook
is complete.

The package also writes the value-only workbook (:func:`write_values_workbook`), which
``placebudget.report.excel.write_excel`` writes with ``values_only``.

Its modules: ``_cells`` (number formats, the sheet being written, report tables as
cells), ``_context`` (the model being built, its rows by key and the one notation of a
row in a formula), ``_formulas`` (formula fragments), ``_inputs`` (the Inputs sheet),
``_calculation`` (People, Effects, Values, Costs), ``_results`` (Results), ``_summary``
(Summary and the headline metrics' names), ``_agreements`` (Agreements and the gain
share), ``_document`` (Cover, Assumptions, the charts) and ``_values`` (the sheets of
values and the value-only workbook).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from placebudget._version import __version__
from placebudget.report.workbook._agreements import agreements_sheet
from placebudget.report.workbook._calculation import (
    costs_sheet,
    effects_sheet,
    people_sheet,
    values_sheet,
)
from placebudget.report.workbook._cells import NUMBER_FORMATS, table_cells
from placebudget.report.workbook._context import MODEL_SHEETS, Model, check_size
from placebudget.report.workbook._context import resolve as _resolve
from placebudget.report.workbook._document import assumptions_sheet, charts, cover_sheet
from placebudget.report.workbook._inputs import inputs_sheet
from placebudget.report.workbook._results import results_sheet
from placebudget.report.workbook._summary import OUTPUT_NAMES, defined_name, summary_sheet
from placebudget.report.workbook._values import (
    SHEETS,
    as_is_chart,
    value_sheets,
    write_values_workbook,
)

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook

    from placebudget.engine.results import Results

__all__ = ["MAX_MODEL_CELLS", "MODEL_SHEETS", "NUMBER_FORMATS", "OUTPUT_NAMES", "SHEETS",
           "as_is_chart", "build_workbook", "defined_name", "table_cells", "write_values_workbook",
           "write_workbook"]

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
    people_sheet(m)
    effects_sheet(m)
    values_sheet(m)
    costs_sheet(m)
    results_sheet(m)
    summary_sheet(m)
    agreements_sheet(m)
    cover_sheet(m)
    assumptions_sheet(m)
    charts(m)
    value_sheets(m, results)
    _resolve(m)
    book = m.book
    book.active = 1
    book.properties.title = str(m.inputs.attrs.get("case", "placebudget"))
    book.properties.creator = f"placebudget {__version__}"
    book.calculation.fullCalcOnLoad = True
    return book


def write_workbook(results: Results, path: str | os.PathLike[str]) -> None:
    """Write the live model of ``results`` to ``path`` atomically (a temporary file beside
    it, renamed onto it when complete): its case, when known, gives the agreements and
    the discount schedule; the sensitivity, the evaluation and the Monte Carlo summary
    are written as value sheets."""
    from placebudget.io import atomic_write_path

    book = build_workbook(results)
    with atomic_write_path(path) as tmp:
        book.save(tmp)
