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
text (ids are case-sensitive and Excel's matching is not).
"""

from __future__ import annotations

import datetime as _dt
import math
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from placebudget import __version__
from placebudget.engine import dims as D
from placebudget.engine.appraise import PAYBACK_RTOL
from placebudget.model import financial_year_label
from placebudget.model.agreements import (
    ByGrossBenefit,
    ByHeadcount,
    ByNetBenefit,
    FixedShares,
    InvestorRecoups,
    PerCategory,
)
from placebudget.report.excel import NUMBER_FORMATS, SHEETS, as_is_chart, table_cells
from placebudget.report.frames import assumptions as assumptions_frame
from placebudget.report.frames import flat as flatten
from placebudget.report.frames import report_frames, vintages

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from placebudget.engine.appraise import Appraisal
    from placebudget.engine.evaluate import Evaluation
    from placebudget.engine.simulate import UncertaintySummary
    from placebudget.model import InvestmentAgreement

__all__ = ["MAX_MODEL_CELLS", "MODEL_SHEETS", "OUTPUT_NAMES", "build_workbook", "defined_name",
           "write_workbook"]

#: The sheets of the live model, in workbook order (value sheets follow).
MODEL_SHEETS: tuple[str, ...] = ("Cover", "Summary", "Agreements", "Inputs", "Assumptions",
                                 "People", "Effects", "Values", "Costs", "Results")

#: Headline metrics → (defined name of the cell, label on the Summary sheet); the names
#: are the engine's metric names (:func:`placebudget.engine.appraise`).
OUTPUT_NAMES: dict[str, str] = {
    "pv_cost": "PV cost (after optimism bias)",
    "pv_fiscal": "PV fiscal benefit",
    "pv_cashable": "PV cashable fiscal benefit",
    "pv_economic": "PV economic benefit",
    "pv_social": "PV social benefit",
    "pv_transfers": "PV transfer payments (in fiscal, not in public value)",
    "pv_public": "PV public value (fiscal − transfers + economic + social)",
    "npbi": "Net present budget impact (PV fiscal − PV cost)",
    "fiscal_roi": "Fiscal return on investment (PV fiscal ÷ PV cost)",
    "nppv": "Net present public value (PV public value − PV cost)",
    "bcr": "Benefit–cost ratio (PV public value ÷ PV cost)",
    "payback_year": "Payback year (cumulative fiscal benefit ≥ cumulative cost)",
    "discounted_payback_year": "Discounted payback year",
    "pv_baseline_cost": "PV reactive spend as is (what failure costs)",
    "baseline_saving_share": "Saving as a share of the reactive spend as is",
    "pv_reinvested": "PV cashable savings reinvested (part of PV cost)",
    "pv_risk": "PV expected cost of the risk register",
    "pv_cost_risk_adjusted": "PV cost, risk adjusted",
    "npbi_risk_adjusted": "Net present budget impact, risk adjusted",
    "nppv_risk_adjusted": "Net present public value, risk adjusted",
    "pv_weighted_benefit": "PV economic and social benefit, distributionally weighted",
    "pv_public_weighted": "PV public value, distributionally weighted",
    "nppv_weighted": "Net present public value, distributionally weighted",
    "bcr_weighted": "Benefit–cost ratio, distributionally weighted",
    "eac": "Equivalent annual cost (PV cost ÷ Σ discount factors)",
    "eanc": "Equivalent annual net cost ((PV cost − PV public value) ÷ Σ discount factors)",
}

#: Per-partner columns of the Summary's partner table → header.
_PARTNER_COLUMNS: dict[str, str] = {
    "pv_cost": "PV cost borne", "pv_risk": "PV expected risk cost", "pv_fiscal": "PV fiscal",
    "pv_cashable": "PV cashable", "net": "Net (PV fiscal − PV cost)",
    "pv_baseline_cost": "PV reactive spend as is", "saving_share": "Saving share",
    "roi": "ROI", "payback_year": "Payback year", "discounted_payback_year":
    "Discounted payback year"}

#: Per-outcome columns of the Summary's outcome table → header.
_OUTCOME_COLUMNS: dict[str, str] = {
    "volume": "Units changed", "pv_fiscal": "PV fiscal", "pv_cashable": "PV cashable",
    "pv_transfers": "PV transfers", "pv_economic": "PV economic", "pv_social": "PV social",
    "pv_public": "PV public value", "pv_baseline_cost": "PV reactive spend as is"}

#: Per-partner columns of each agreement's results → header.
_SETTLEMENT_COLUMNS: dict[str, str] = {
    "pv_cost_as_modelled": "PV cost as modelled", "pv_contribution": "PV contribution",
    "pv_fiscal": "PV fiscal", "pv_cashable": "PV cashable", "pv_transfer": "PV transfers",
    "net": "Net (fiscal + transfers − contribution)",
    "net_cashable": "Net cashable", "pv_baseline_cost": "PV reactive spend as is",
    "roi": "ROI", "payback_year": "Payback year",
    "discounted_payback_year": "Discounted payback year"}

#: Report tables the model's own sheets hold as formulas; every other report table is
#: written after the model as values, on the sheet the value-only workbook gives it
#: (:data:`placebudget.report.excel.SHEETS`).
_IN_THE_MODEL: frozenset[str] = frozenset({
    "summary", "partners", "years", "outcomes", "agreements", "pooled_budget", "pot_uses",
    "effects", "costs", "assumptions"})

_MONEY = NUMBER_FORMATS["money"]
_PENCE = '"£"#,##0.00;[Red]-"£"#,##0.00'
_SHARE = NUMBER_FORMATS["share"]
_RATIO = NUMBER_FORMATS["ratio"]
_COUNT = NUMBER_FORMATS["count"]
_FACTOR = NUMBER_FORMATS["discount"]
_YEAR = NUMBER_FORMATS["whole"]
#: The most cells the live model is built with (about 1 kB of memory each while it is
#: written); a larger case is refused before anything is built, and its value-only
#: workbook (streamed, sheet by sheet) suggested.
MAX_MODEL_CELLS = 400_000
#: The first year column (H): columns A–G hold labels, keys and per-row figures.
_FIRST_YEAR = 8
#: "No cap" in a MIN: the largest number a spreadsheet holds, near enough.
_NO_CAP = "9.99E+307"


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _yc(t: int) -> str:
    """The column letter of year ``t`` (0 = the first year)."""
    return _col(_FIRST_YEAR + t)


class _Sheet:
    """One sheet being written: a cursor over rows, styles and references into it."""

    def __init__(self, book: Workbook, title: str, n_years: int) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.ws: Worksheet = book.create_sheet(title)
        self.title = title
        self.n = n_years
        self.row = 1
        self._bold = Font(bold=True)
        self._head_fill = PatternFill("solid", fgColor="DDE5F0")
        self._input_font = Font(color="0000FF")
        self._input_fill = PatternFill("solid", fgColor="FFF2CC")
        self._title_font = Font(bold=True, size=14)
        self._section_font = Font(bold=True, size=12)
        self._wrap = Alignment(vertical="top", wrap_text=True)

    # -- references -------------------------------------------------------------------
    def ref(self, row: int, column: int) -> str:
        return f"{self.title}!${_col(column)}${row}"

    def span(self, first: int, last: int, column_from: int | str, column_to: int | str
             ) -> str:
        a = column_from if isinstance(column_from, str) else _col(column_from)
        b = column_to if isinstance(column_to, str) else _col(column_to)
        return f"{self.title}!${a}${first}:${b}${last}"

    def years_of(self, row: int) -> str:
        """The year cells of ``row``."""
        return f"{self.title}!${_yc(0)}${row}:${_yc(self.n - 1)}${row}"

    # -- writing ------------------------------------------------------------------------
    def put(self, row: int, column: int, value: Any, number_format: str | None = None, *,
            entry: bool = False, bold: bool = False) -> Any:
        """Write a number, a formula (text starting ``=`` that placebudget wrote) or
        text; text from a case is never a formula (see :meth:`text`)."""
        cell = self.ws.cell(row=row, column=column)
        if isinstance(value, float) and not math.isfinite(value):
            value = "n/a"
        cell.value = value
        if number_format is not None:
            cell.number_format = number_format
        if entry:
            cell.font, cell.fill = self._input_font, self._input_fill
        elif bold:
            cell.font = self._bold
        return cell

    def text(self, row: int, column: int, value: object, *, bold: bool = False) -> Any:
        """Text as text: a value starting ``=``, ``+``, ``-`` or ``@`` (a case file's id
        or description) is stored as a string with a quote prefix, never a formula."""
        cell = self.ws.cell(row=row, column=column)
        cell.value = "" if value is None else str(value)
        if cell.data_type == "f" or str(cell.value)[:1] in ("=", "+", "-", "@"):
            cell.data_type = "s"
            cell.quotePrefix = True
        if bold:
            cell.font = self._bold
        return cell

    def headline(self, text: str) -> None:
        """The sheet's title in A1; the cursor moves to row 2."""
        self.text(1, 1, text).font = self._title_font
        self.row = 2

    def heading(self, text: str) -> None:
        if self.row > 1:
            self.row += 1
        self.text(self.row, 1, text).font = self._section_font
        self.row += 1

    def note(self, text: str) -> None:
        self.text(self.row, 1, text)
        self.row += 1

    def setting(self, label: str, value: float | str, number_format: str, *,
                entry: bool = True) -> int:
        """A row of a settings table: ``label`` in A and the value in B (``"none"`` for
        no cap is text, kept as an input). Returns its row."""
        row = self.row
        self.text(row, 1, label)
        self.put(row, 2, value, None if isinstance(value, str) else number_format,
                 entry=entry)
        self.row += 1
        return row

    def header(self, labels: Sequence[str], *, years: Sequence[int] = (),
               after_years: Sequence[str] = ()) -> int:
        """A bold header row: ``labels`` from column A, financial-year labels from H,
        then ``after_years``. Returns its row."""
        row = self.row
        cells = [(i + 1, label) for i, label in enumerate(labels)]
        cells += [(_FIRST_YEAR + t, financial_year_label(int(y))) for t, y in enumerate(years)]
        cells += [(_FIRST_YEAR + len(years) + i, label) for i, label in enumerate(after_years)]
        for column, label in cells:
            cell = self.text(row, column, label, bold=True)
            cell.fill = self._head_fill
            cell.alignment = self._wrap
        self.row += 1
        return row

    def finish(self, widths: dict[int, float], *, freeze: str | None, landscape: bool = True
               ) -> None:
        ws = self.ws
        for column, width in widths.items():
            ws.column_dimensions[_col(column)].width = width
        if freeze:
            ws.freeze_panes = freeze
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        from openpyxl.worksheet.properties import PageSetupProperties

        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.gridLines = False
        last_row, last_col = max(ws.max_row, 1), max(ws.max_column, 1)
        ws.print_area = f"A1:{_col(last_col)}{last_row}"
        if freeze:
            rows = int("".join(ch for ch in freeze if ch.isdigit())) - 1
            if rows > 0:
                ws.print_title_rows = f"1:{rows}"


class _Model:
    """The workbook being built, and where everything is in it."""

    def __init__(self, result: Appraisal) -> None:
        from openpyxl import Workbook

        self.result = result
        projection = result.projection
        self.inputs = inputs = projection.inputs
        self.case = projection.case
        self.book = Workbook()
        for blank in list(self.book.worksheets):
            self.book.remove(blank)
        self.years = [int(y) for y in inputs[D.YEAR].to_numpy()]
        self.n = len(self.years)
        self.partners = [str(p) for p in inputs[D.PARTNER].to_numpy()]
        self.kinds = [str(k) for k in projection.dataset[D.PARTNER_KIND].to_numpy()]
        self.interventions = [str(i) for i in inputs[D.INTERVENTION].to_numpy()]
        self.outcomes = [str(o) for o in inputs[D.OUTCOME].to_numpy()]
        self.effects = [str(e) for e in inputs[D.EFFECT_NAME].to_numpy()]
        self.lines = [str(name) for name in inputs[D.LINE_NAME].to_numpy()]
        self.line_categories = [str(c) for c in inputs[D.LINE_CATEGORY].to_numpy()]
        self.categories = sorted(set(self.line_categories))
        self.risks = ([str(r) for r in inputs[D.RISK].to_numpy()]
                      if D.RISK_PROBABILITY in inputs else [])
        self.pairs = inputs.sizes.get(D.PAIR, 0) if D.PAIR_OVERLAP in inputs else 0
        self.effect_intervention = self._one_hot(D.EFFECT_INTERVENTION)
        self.effect_outcome = self._one_hot(D.EFFECT_OUTCOME)
        self.line_intervention = self._one_hot(D.LINE_INTERVENTION)
        self.line_partner = self._one_hot(D.LINE_PARTNER)
        self.risk_partner = self._one_hot(D.RISK_PARTNER) if self.risks else []
        self.reinvests = D.REINVEST_SHARE in inputs
        #: Rows by key, for the ``⟨key⟩`` placeholders of formulas written before the
        #: rows they refer to (resolved when the workbook is complete).
        self.rows: dict[str, int] = {}
        self.sheets: dict[str, _Sheet] = {}
        for title in MODEL_SHEETS:
            self.sheets[title] = _Sheet(self.book, title, self.n)

    def _one_hot(self, name: str) -> list[int | None]:
        """For a one-hot map ``(row, column)``, each row's column index (``None`` for a
        row that maps to none)."""
        array = np.asarray(self.inputs[name].to_numpy(), dtype=float)
        return [int(np.argmax(row)) if row.any() else None for row in array]

    def _one_hot_vector(self, name: str) -> int | None:
        """For a one-hot vector, the index of its 1 (``None`` when it has none)."""
        array = np.asarray(self.inputs[name].to_numpy(), dtype=float)
        return int(np.argmax(array)) if array.any() else None

    def name(self, name: str, reference: str) -> None:
        """A workbook-level defined name for ``reference`` (``Inputs!$C$5:$C$9``)."""
        from openpyxl.workbook.defined_name import DefinedName

        self.book.defined_names[name] = DefinedName(name, attr_text=reference)

    def value(self, name: str, *index: int) -> float:
        array = np.asarray(self.inputs[name].to_numpy(), dtype=float)
        return float(array[index]) if index else float(array)


def _ratio(numerator: str, denominator: str) -> str:
    return f'=IF({denominator}>0,{numerator}/{denominator},"n/a")'


def _payback(flags: str, years: str) -> str:
    return f'=IF(SUM({flags})=0,"not reached",INDEX({years},1,MATCH(1,{flags},0)))'


def _payback_flag(benefits: Sequence[str], cost: str, discount: str | None) -> str:
    """1 once the cumulative benefit (the sum of the ``benefits`` ranges from the first
    year, each weighted by the ``discount`` range when given) reaches the cumulative
    ``cost`` with the engine's tolerance, some cost having been spent; else 0."""
    def total(span: str) -> str:
        return f"SUMPRODUCT({span},{discount})" if discount else f"SUM({span})"

    b, c = "+".join(total(span) for span in benefits), total(cost)
    return f"=IF(AND({b}>={c}*(1-{PAYBACK_RTOL:.0E}),{c}>0),1,0)"


def _fy_label(cell: str) -> str:
    """A formula showing the financial year in ``cell`` as ``2016/17``."""
    return (f'=IF(ISNUMBER({cell}),TEXT({cell},"0")&"/"&RIGHT(TEXT({cell}+1,"0"),2),'
            f'{cell})')


# -- Inputs ---------------------------------------------------------------------------------
def _inputs_sheet(m: _Model) -> dict[str, Any]:
    """Every input cell, named. Returns where each block's rows are."""
    s, inputs, n = m.sheets["Inputs"], m.inputs, m.n
    at: dict[str, Any] = {}
    s.headline("Inputs: change the blue cells on yellow; every other sheet follows")
    s.header(["Input", "#"], years=m.years)
    at["years"] = s.row
    s.text(s.row, 1, "Financial year (first calendar year)")
    for t, year in enumerate(m.years):
        s.put(s.row, _FIRST_YEAR + t, year, _YEAR)
    m.name("fin_years", s.years_of(s.row))
    s.row += 1
    at["rate"] = s.row
    s.text(s.row, 1, "Discount rate applying in the year (year 0 is not discounted)")
    for t, rate in enumerate(_rates(m)):
        s.put(s.row, _FIRST_YEAR + t, rate, "0.00%", entry=t > 0)
    m.name("discount_rate", s.years_of(s.row))
    s.row += 1

    s.heading("Partners")
    s.header(["Partner", "#", "Kind", "Savings reinvested (1 = yes)"])
    first = s.row
    reinvest_from = (np.asarray(inputs[D.REINVEST_FROM].to_numpy()) if m.reinvests
                     else np.zeros(len(m.partners)))
    for p, partner in enumerate(m.partners):
        s.text(s.row, 1, partner)
        s.put(s.row, 2, p + 1)
        s.text(s.row, 3, m.kinds[p])
        s.put(s.row, 4, float(reinvest_from[p]), "0", entry=m.reinvests)
        s.row += 1
    at["partners"] = list(range(first, s.row))
    m.name("partner_key", s.span(first, s.row - 1, 2, 2))
    m.name("partner_reinvested", s.span(first, s.row - 1, 4, 4))

    s.heading("Interventions: cohort intake by year")
    s.header(["Intervention", "#", "Engagement", "Distributional weight"], years=m.years)
    first = s.row
    weights = (np.asarray(inputs[D.DISTRIBUTIONAL_WEIGHT].to_numpy())
               if D.DISTRIBUTIONAL_WEIGHT in inputs else np.ones(len(m.interventions)))
    for i, intervention in enumerate(m.interventions):
        s.text(s.row, 1, intervention)
        s.put(s.row, 2, i + 1)
        s.put(s.row, 3, m.value(D.ENGAGEMENT, i), _SHARE, entry=True)
        s.put(s.row, 4, float(weights[i]), _FACTOR, entry=True)
        for t in range(n):
            s.put(s.row, _FIRST_YEAR + t, m.value(D.INTAKE, i, t), _COUNT, entry=True)
        s.row += 1
    at["interventions"] = list(range(first, s.row))
    last = s.row - 1
    m.name("engagement", s.span(first, last, 3, 3))
    m.name("distributional_weight", s.span(first, last, 4, 4))
    m.name("intake", s.span(first, last, _yc(0), _yc(n - 1)))

    s.heading("Effects (values per outcome unit in £ at the price base)")
    columns = ["Effect", "#", "Intervention #", "Outcome", "Baseline per member a year",
               "Impact", "Deadweight", "Displacement", "Attribution", "Optimism bias",
               "Drop-off a year", "Lag (years)", "Duration (years)", "Economic value",
               "Social value", "Interaction adjustment (factor)"]
    s.header(columns)
    first = s.row
    adjustment = (np.asarray(inputs[D.EFFECT_ADJUSTMENT].to_numpy())
                  if D.EFFECT_ADJUSTMENT in inputs else np.ones(len(m.effects)))
    fields = [(D.BASELINE, "0.0000"), (D.IMPACT, _SHARE), (D.DEADWEIGHT, _SHARE),
              (D.DISPLACEMENT, _SHARE), (D.ATTRIBUTION, _SHARE),
              (D.BENEFIT_OPTIMISM_BIAS, _SHARE), (D.DROP_OFF, _SHARE), (D.LAG, "0"),
              (D.DURATION, "0"), (D.ECONOMIC_VALUE, _PENCE), (D.SOCIAL_VALUE, _PENCE)]
    for e, effect in enumerate(m.effects):
        s.text(s.row, 1, effect)
        s.put(s.row, 2, e + 1)
        s.put(s.row, 3, _key(m.effect_intervention[e]))
        s.text(s.row, 4, m.outcomes[_index(m.effect_outcome[e], effect)])
        for k, (field, number_format) in enumerate(fields):
            s.put(s.row, 5 + k, m.value(field, e), number_format, entry=True)
        s.put(s.row, 16, float(adjustment[e]), _FACTOR, entry=True)
        s.row += 1
    at["effects"] = list(range(first, s.row))
    last = s.row - 1
    for k, (field, _) in enumerate(fields):
        m.name(f"effect_{field}", s.span(first, last, 5 + k, 5 + k))
    m.name("effect_adjustment", s.span(first, last, 16, 16))

    for block, title, number_format in (
            (D.FISCAL_VALUE, "Fiscal value per outcome unit by partner (£ at the price base)",
             _PENCE),
            (D.CASHABLE_SHARE, "Cashable share of each fiscal value", _SHARE),
            (D.TRANSFER_SHARE, "Transfer payment share of each fiscal value", _SHARE)):
        s.heading(title)
        s.header(["Effect", "#", *m.partners])
        first = s.row
        for e, effect in enumerate(m.effects):
            s.text(s.row, 1, effect)
            s.put(s.row, 2, e + 1)
            for p in range(len(m.partners)):
                s.put(s.row, 3 + p, m.value(block, e, p), number_format, entry=True)
            s.row += 1
        at[block] = list(range(first, s.row))
        if m.partners:
            m.name(block, s.span(first, s.row - 1, 3, 2 + len(m.partners)))

    if D.SOCIAL_INDEX in inputs:
        s.heading("Social value index by year (a factor on each social value)")
        s.header(["Effect", "#"], years=m.years)
        first = s.row
        for e, effect in enumerate(m.effects):
            s.text(s.row, 1, effect)
            s.put(s.row, 2, e + 1)
            for t in range(n):
                s.put(s.row, _FIRST_YEAR + t, m.value(D.SOCIAL_INDEX, e, t), _FACTOR,
                      entry=True)
            s.row += 1
        at[D.SOCIAL_INDEX] = list(range(first, s.row))
        m.name("social_index", s.span(first, s.row - 1, _yc(0), _yc(n - 1)))

    s.heading("Cost categories")
    s.header(["Category", "#"])
    for c, category in enumerate(m.categories):
        s.text(s.row, 1, category)
        s.put(s.row, 2, c + 1)
        s.row += 1

    s.heading("Cost lines (£ at the price base)")
    s.header(["Cost line", "#", "Intervention #", "Partner #", "Category #",
              "Per participant", "Optimism bias"], years=m.years,
             after_years=["Intervention", "Partner", "Category"])
    first = s.row
    for line, name in enumerate(m.lines):
        serves = m.line_intervention[line]
        payer = _index(m.line_partner[line], name)
        category = m.line_categories[line]
        s.text(s.row, 1, name)
        s.put(s.row, 2, line + 1)
        s.put(s.row, 3, _key(serves))
        s.put(s.row, 4, payer + 1)
        s.put(s.row, 5, m.categories.index(category) + 1)
        s.put(s.row, 6, m.value(D.LINE_PER_PARTICIPANT, line), _PENCE, entry=True)
        s.put(s.row, 7, m.value(D.COST_OPTIMISM_BIAS, line), _SHARE, entry=True)
        for t in range(n):
            s.put(s.row, _FIRST_YEAR + t, m.value(D.LINE_AMOUNT, line, t), _MONEY, entry=True)
        s.text(s.row, _FIRST_YEAR + n, "" if serves is None else m.interventions[serves])
        s.text(s.row, _FIRST_YEAR + n + 1, m.partners[payer])
        s.text(s.row, _FIRST_YEAR + n + 2, category)
        s.row += 1
    at["lines"] = list(range(first, s.row))
    if m.lines:
        last = s.row - 1
        m.name("line_per_participant", s.span(first, last, 6, 6))
        m.name("cost_optimism_bias", s.span(first, last, 7, 7))
        m.name("line_amount", s.span(first, last, _yc(0), _yc(n - 1)))

    if m.risks:
        s.heading("Risk register (cost if it happens, £ at the price base)")
        s.header(["Risk", "#", "Partner #", "Probability"], years=m.years,
                 after_years=["Partner"])
        first = s.row
        for k, risk in enumerate(m.risks):
            bearer = _index(m.risk_partner[k], risk)
            s.text(s.row, 1, risk)
            s.put(s.row, 2, k + 1)
            s.put(s.row, 3, bearer + 1)
            s.put(s.row, 4, m.value(D.RISK_PROBABILITY, k), _SHARE, entry=True)
            for t in range(n):
                s.put(s.row, _FIRST_YEAR + t, m.value(D.RISK_AMOUNT, k, t), _MONEY,
                      entry=True)
            s.text(s.row, _FIRST_YEAR + n, m.partners[bearer])
            s.row += 1
        at["risks"] = list(range(first, s.row))
        m.name("risk_probability", s.span(first, s.row - 1, 4, 4))
        m.name("risk_amount", s.span(first, s.row - 1, _yc(0), _yc(n - 1)))

    if m.pairs:
        s.heading("Interactions: pairs of effects on one outcome")
        s.header(["Pair", "#", "First effect #", "Second effect #",
                  "Share of the first's participants also in the second"])
        first_rows = m._one_hot(D.PAIR_FIRST)
        second_rows = m._one_hot(D.PAIR_SECOND)
        first = s.row
        for q in range(m.pairs):
            a, b = _index(first_rows[q], "pair"), _index(second_rows[q], "pair")
            s.text(s.row, 1, f"{m.effects[a]} and {m.effects[b]}")
            s.put(s.row, 2, q + 1)
            s.put(s.row, 3, a + 1)
            s.put(s.row, 4, b + 1)
            s.put(s.row, 5, m.value(D.PAIR_OVERLAP, q), _SHARE, entry=True)
            s.row += 1
        at["pairs"] = [(row, _index(first_rows[q], "pair"), _index(second_rows[q], "pair"))
                       for q, row in enumerate(range(first, s.row))]
        m.name("pair_overlap", s.span(first, s.row - 1, 5, 5))

    if m.reinvests:
        s.heading("Reinvestment of cashable savings")
        into = _index(m._one_hot_vector(D.REINVEST_INTO), "reinvest_into")
        cap = m.value(D.REINVEST_CAP)
        s.header(["Setting", "Value"])
        rows = {
            "share": s.setting("Share of the year's cashable savings reinvested",
                               m.value(D.REINVEST_SHARE), _SHARE),
            "cap": s.setting("Most reinvested a year (£; \"none\" for no cap)",
                             "none" if math.isinf(cap) else cap, _MONEY),
            "into": s.setting("Intervention # the reinvestment buys", into + 1, "0",
                              entry=False),
        }
        at["reinvest"] = rows
        at["reinvest_into"] = into
        m.name("reinvest_share", s.ref(rows["share"], 2))
        m.name("reinvest_cap", s.ref(rows["cap"], 2))
    s.finish({1: 46, 2: 6, 3: 14, 4: 14, 5: 14, 6: 12, 7: 12,
              **{_FIRST_YEAR + t: 13 for t in range(max(n, 9))}}, freeze="B3")
    return at


def _key(index: int | None) -> int | str:
    return "" if index is None else index + 1


def _index(index: int | None, what: str) -> int:
    if index is None:
        msg = f"{what} maps to nothing in the engine's inputs"
        raise ValueError(msg)
    return index


def _rates(m: _Model) -> list[float]:
    """The discount rate applying in each year, from the case's schedule (or, for inputs
    without one, from the discount factors)."""
    from placebudget.model import DiscountSchedule
    from placebudget.reference import discount_schedule

    given = m.case.discounting if m.case is not None else None
    schedule: DiscountSchedule | None = None
    if isinstance(given, DiscountSchedule):
        schedule = given
    elif isinstance(given, str):
        schedule = discount_schedule(given)
    if schedule is not None:
        rates = [float(r) for r in schedule.rates(m.n)]
    else:
        factors = np.asarray(m.inputs[D.DISCOUNT_FACTOR].to_numpy(), dtype=float)
        rates = [0.0, *(float(factors[t - 1] / factors[t] - 1) for t in range(1, m.n))]
    return rates


# -- People ---------------------------------------------------------------------------------
def _people_sheet(m: _Model, at: dict[str, Any]) -> None:
    """Participants: planned (intake × engagement), bought by reinvestment, and the cohort
    the "as is" cost follows (intake, with reinvestment's extra intake)."""
    s, n = m.sheets["People"], m.n
    s.headline("People: participants and cohort members by intake year")
    s.header(["Row", "Intervention #", "", "", "", "Total", ""], years=m.years)
    rows = at["interventions"]
    if m.reinvests:
        _reinvestment_block(m, at)
    into = at.get("reinvest_into")

    def block(key: str, title: str, formula: Callable[[int, int], Any]) -> None:
        """A row per intervention: number, total and a formula for each year."""
        s.heading(title)
        for i, intervention in enumerate(m.interventions):
            r = m.rows[f"{key}.{i}"] = s.row
            s.text(r, 1, intervention)
            s.put(r, 2, i + 1)
            s.put(r, 6, f"=SUM({s.years_of(r)})", _COUNT)
            for t in range(n):
                s.put(r, _FIRST_YEAR + t, formula(i, t), _COUNT)
            s.row += 1

    def engagement(i: int) -> str:
        return f"Inputs!$C${rows[i]}"

    block("planned", "Planned participants: intake × engagement",
          lambda i, t: f"=Inputs!{_yc(t)}${rows[i]}*{engagement(i)}")
    block("extra", "Extra participants bought by reinvesting cashable savings",
          lambda i, t: f"={_yc(t)}$⟨reinvest.extra⟩" if i == into and t > 0 else 0)
    block("participants", "Participants: planned + extra",
          lambda i, t: f"={_yc(t)}$⟨planned.{i}⟩+{_yc(t)}$⟨extra.{i}⟩")
    block("cohort", "Cohort members entering: intake + extra participants ÷ engagement",
          lambda i, t: (f"=Inputs!{_yc(t)}${rows[i]}+IF({engagement(i)}>0,"
                        f"{_yc(t)}$⟨extra.{i}⟩/{engagement(i)},0)"))
    s.finish({1: 44, 2: 14, 6: 14, **{_FIRST_YEAR + t: 13 for t in range(n)}},
             freeze=f"{_yc(0)}3")


def _reinvestment_block(m: _Model, at: dict[str, Any]) -> None:
    """Each year's cashable saving of the partners named, the share reinvested (at most
    the cap) the next year, and the participants it buys at the cost per participant."""
    s, n = m.sheets["People"], m.n
    into, settings = at["reinvest_into"], at["reinvest"]
    share, cap = f"Inputs!$B${settings['share']}", f"Inputs!$B${settings['cap']}"
    s.heading("Reinvestment: savings of the year before buy extra participants")
    terms = [f"Inputs!$F${row}*(1+Inputs!$G${row})"
             for line, row in enumerate(at["lines"]) if m.line_intervention[line] == into]
    r = s.row
    s.text(r, 1, f"Cost per participant of {m.interventions[into]} (after optimism bias)")
    s.put(r, 6, "=" + ("+".join(terms) if terms else "0"), _PENCE)
    cost = f"$F${r}"
    s.row += 1
    r = m.rows["reinvest.saving"] = s.row
    s.text(r, 1, "Cashable saving of the partners whose savings are reinvested")
    for t in range(n):
        s.put(r, _FIRST_YEAR + t,
              f"=SUMPRODUCT(Results!{_yc(t)}$⟨cashable.first⟩:{_yc(t)}$⟨cashable.last⟩,"
              f"Inputs!$D${at['partners'][0]}:$D${at['partners'][-1]})", _MONEY)
    s.row += 1
    r = m.rows["reinvest.spend"] = s.row
    s.text(r, 1, "Reinvested (share of last year's saving, at most the cap)")
    s.put(r, 6, f"=SUM({s.years_of(r)})", _MONEY)
    for t in range(n):
        formula: Any = 0 if t == 0 else (
            f"=IF({cost}>0,MIN({share}*MAX({_yc(t - 1)}{r - 1},0),"
            f"IF(ISNUMBER({cap}),{cap},{_NO_CAP})),0)")
        s.put(r, _FIRST_YEAR + t, formula, _MONEY)
    s.row += 1
    r = m.rows["reinvest.extra"] = s.row
    s.text(r, 1, "Extra participants bought (reinvested ÷ cost per participant)")
    for t in range(n):
        s.put(r, _FIRST_YEAR + t, f"=IF({cost}>0,{_yc(t)}{r - 1}/{cost},0)", _COUNT)
    s.row += 1


# -- Effects --------------------------------------------------------------------------------
def _effects_sheet(m: _Model, at: dict[str, Any]) -> None:
    """Each effect's rate per participant, interactions, its profile over the years since
    intake (lag, duration, drop-off) and the volumes it changes."""
    s, n, rows = m.sheets["Effects"], m.n, at["effects"]
    s.headline("Effects: rates, interactions, profiles and volumes")
    s.header(["Effect", "#", "", "", "", "Total", ""], years=m.years)
    s.heading("Rate: outcome units changed per participant a year")
    s.header(["Effect", "#", "Before interactions: baseline × impact × (1 − deadweight) × "
              "(1 − displacement) × attribution × (1 − optimism bias)",
              "Net impact (÷ baseline)", "Interaction factor", "Rate"])
    pair_rows: list[tuple[int, int, int]] = at.get("pairs", [])
    for e, effect in enumerate(m.effects):
        r, i = s.row, rows[e]
        m.rows[f"rate.{e}"] = r
        s.text(r, 1, effect)
        s.put(r, 2, e + 1)
        s.put(r, 3, f"=Inputs!$E${i}*Inputs!$F${i}*(1-Inputs!$G${i})*(1-Inputs!$H${i})"
                    f"*Inputs!$I${i}*(1-Inputs!$J${i})", "0.000000")
        s.put(r, 4, f"=IF(Inputs!$E${i}>0,C{r}/Inputs!$E${i},0)", "0.000000")
        cuts = [f"*(1-$H$⟨pair.{q}⟩)" for q, (_, a, _b) in enumerate(pair_rows) if a == e]
        cuts += [f"*(1-$I$⟨pair.{q}⟩)" for q, (_, _a, b) in enumerate(pair_rows) if b == e]
        s.put(r, 5, f"=Inputs!$P${i}" + "".join(cuts), _FACTOR)
        s.put(r, 6, f"=C{r}*E{r}", "0.000000")
        s.row += 1
    if pair_rows:
        s.heading("Interactions: people in both of a pair change by 1 − (1 − a)(1 − b), "
                  "so each effect's volume on them is cut by half of a × b")
        s.header(["Pair", "#", "Net impact of the first (a)", "Net impact of the second (b)",
                  "First's engaged participants (P1)", "Second's (P2)",
                  "Share of the second's participants shared (s × P1 ÷ P2)",
                  "Cut on the first (s × b ÷ 2)", "Cut on the second (s' × a ÷ 2)"])
        for q, (inputs_row, a, b) in enumerate(pair_rows):
            r = m.rows[f"pair.{q}"] = s.row
            ia = _index(m.effect_intervention[a], m.effects[a])
            ib = _index(m.effect_intervention[b], m.effects[b])
            overlap = f"Inputs!$E${inputs_row}"
            s.text(r, 1, f"{m.effects[a]} and {m.effects[b]}")
            s.put(r, 2, q + 1)
            s.put(r, 3, f"=$D${m.rows[f'rate.{a}']}", "0.000000")
            s.put(r, 4, f"=$D${m.rows[f'rate.{b}']}", "0.000000")
            s.put(r, 5, f"=People!$F$⟨planned.{ia}⟩", _COUNT)
            s.put(r, 6, f"=People!$F$⟨planned.{ib}⟩", _COUNT)
            s.put(r, 7, f"=IF(F{r}>0,{overlap}*E{r}/F{r},0)", "0.000000")
            s.put(r, 8, f"={overlap}*D{r}/2", "0.000000")
            s.put(r, 9, f"=G{r}*C{r}/2", "0.000000")
            s.row += 1
    s.heading("Profile: share of the full yearly change in each year since intake "
              "(1 − drop-off)^(τ − lag) for lag ≤ τ < lag + duration; latest τ first")
    tau = s.row
    s.text(tau, 1, "Years since intake (τ)", bold=True)
    for j in range(n):
        s.put(tau, _FIRST_YEAR + j, n - 1 - j, "0", bold=True)
    s.row += 1
    for e, effect in enumerate(m.effects):
        r, i = s.row, rows[e]
        m.rows[f"profile.{e}"] = r
        lag, duration, drop = f"Inputs!$L${i}", f"Inputs!$M${i}", f"Inputs!$K${i}"
        s.text(r, 1, effect)
        s.put(r, 2, e + 1)
        for j in range(n):
            x = f"{_yc(j)}${tau}"
            s.put(r, _FIRST_YEAR + j,
                  f"=IF(AND({x}>={lag},{x}<{lag}+{duration}),IF({x}={lag},1,"
                  f"(1-{drop})^({x}-{lag})),0)", _FACTOR)
        s.row += 1
    s.heading("Followed: 1 while a member is followed for the effect (0 ≤ τ < lag + "
              "duration); latest τ first")
    for e, effect in enumerate(m.effects):
        r, i = s.row, rows[e]
        m.rows[f"followed.{e}"] = r
        s.text(r, 1, effect)
        s.put(r, 2, e + 1)
        for j in range(n):
            s.put(r, _FIRST_YEAR + j,
                  f"=IF({_yc(j)}${tau}<Inputs!$L${i}+Inputs!$M${i},1,0)", "0")
        s.row += 1
    def convolved(key: str, title: str, people: str, window: str, scale: bool) -> None:
        """Per effect and year: Σ over intake years of the People row ``people`` of its
        intervention × the effect's ``window`` row (latest τ first, so a SUMPRODUCT of
        the first t + 1 intake years with the last t + 1 columns), × its rate when
        ``scale``."""
        s.heading(title)
        s.header(["Effect", "#", "Outcome #", "Intervention #", "", "Total", ""],
                 years=m.years)
        m.rows[f"{key}.first"] = s.row
        for e, effect in enumerate(m.effects):
            r = m.rows[f"{key}.{e}"] = s.row
            i = _index(m.effect_intervention[e], effect)
            s.text(r, 1, effect)
            s.put(r, 2, e + 1)
            s.put(r, 3, _index(m.effect_outcome[e], effect) + 1)
            s.put(r, 4, i + 1)
            s.put(r, 6, f"=SUM({s.years_of(r)})", _COUNT)
            w = m.rows[f"{window}.{e}"]
            rate = f"$F${m.rows[f'rate.{e}']}*" if scale else ""
            for t in range(n):
                s.put(r, _FIRST_YEAR + t,
                      f"={rate}SUMPRODUCT(People!$H$⟨{people}.{i}⟩:{_yc(t)}$⟨{people}.{i}⟩,"
                      f"${_yc(n - 1 - t)}${w}:${_yc(n - 1)}${w})", _COUNT)
            s.row += 1
        m.rows[f"{key}.last"] = s.row - 1

    convolved("volume", "Volume: outcome units changed = rate × Σ participants of each "
              "intake year × profile", "participants", "profile", scale=True)
    if m.effects:
        m.name("effect_volume", s.span(m.rows["volume.first"], s.row - 1, _yc(0),
                                       _yc(n - 1)))
    convolved("members", "Cohort members followed (for the reactive spend as is)", "cohort",
              "followed", scale=False)
    s.finish({1: 44, 2: 6, 3: 16, 4: 14, 5: 14, 6: 14, 7: 14,
              **{_FIRST_YEAR + t: 13 for t in range(n)}}, freeze=f"{_yc(0)}3")


# -- Values ---------------------------------------------------------------------------------
def _values_sheet(m: _Model, at: dict[str, Any]) -> None:
    """Money by effect and partner (fiscal, its cashable and transfer parts, the reactive
    spend as is) and by effect (economic, social, weighted)."""
    s, n, rows = m.sheets["Values"], m.n, at["effects"]
    s.headline("Values: £ at the price base, undiscounted")
    s.header(["Effect › partner", "Effect #", "Partner #", "Outcome #", "", "Total", ""],
             years=m.years)
    blocks = (("fiscal", "Fiscal benefit: volume × fiscal value"),
              ("cashable", "Cashable: fiscal × cashable share"),
              ("transfer", "Transfer payments: fiscal × transfer share"),
              ("baseline", "Reactive spend as is: members followed × baseline × fiscal value"))
    for block, title in blocks:
        s.heading(title)
        m.rows[f"{block}.values.first"] = s.row
        for e, effect in enumerate(m.effects):
            outcome = _index(m.effect_outcome[e], effect)
            for p, partner in enumerate(m.partners):
                r = s.row
                m.rows[f"{block}.{e}.{p}"] = r
                value = f"Inputs!${_col(3 + p)}${at[D.FISCAL_VALUE][e]}"
                s.text(r, 1, f"{effect} › {partner}")
                s.put(r, 2, e + 1)
                s.put(r, 3, p + 1)
                s.put(r, 4, outcome + 1)
                s.put(r, 6, f"=SUM({s.years_of(r)})", _MONEY)
                for t in range(n):
                    y = _yc(t)
                    formula = {
                        "fiscal": f"=Effects!{y}${m.rows[f'volume.{e}']}*{value}",
                        "cashable": f"={y}{m.rows.get(f'fiscal.{e}.{p}')}*Inputs!"
                                    f"${_col(3 + p)}${at[D.CASHABLE_SHARE][e]}",
                        "transfer": f"={y}{m.rows.get(f'fiscal.{e}.{p}')}*Inputs!"
                                    f"${_col(3 + p)}${at[D.TRANSFER_SHARE][e]}",
                        "baseline": f"=Effects!{y}${m.rows[f'members.{e}']}*Inputs!$E$"
                                    f"{rows[e]}*{value}",
                    }[block]
                    s.put(r, _FIRST_YEAR + t, formula, _MONEY)
                s.row += 1
        m.rows[f"{block}.values.last"] = s.row - 1
    s.heading("Economic, social and distributionally weighted benefit by effect")
    s.header(["Effect", "Effect #", "", "Outcome #", "", "Total", ""], years=m.years)
    for block, label in (("economic", "economic"), ("social", "social"),
                         ("weighted", "weighted (economic + social) × weight")):
        m.rows[f"{block}.values.first"] = s.row
        for e, effect in enumerate(m.effects):
            r = s.row
            m.rows[f"{block}.{e}"] = r
            i = _index(m.effect_intervention[e], effect)
            s.text(r, 1, f"{effect} › {label}")
            s.put(r, 2, e + 1)
            s.put(r, 4, _index(m.effect_outcome[e], effect) + 1)
            s.put(r, 6, f"=SUM({s.years_of(r)})", _MONEY)
            for t in range(n):
                y = _yc(t)
                volume = f"Effects!{y}${m.rows[f'volume.{e}']}"
                if block == "economic":
                    formula = f"={volume}*Inputs!$N${rows[e]}"
                elif block == "social":
                    formula = f"={volume}*Inputs!$O${rows[e]}"
                    if D.SOCIAL_INDEX in m.inputs:
                        formula += f"*Inputs!{y}${at[D.SOCIAL_INDEX][e]}"
                else:
                    formula = (f"=({y}{m.rows[f'economic.{e}']}+{y}{m.rows[f'social.{e}']})"
                               f"*Inputs!$D${at['interventions'][i]}")
                s.put(r, _FIRST_YEAR + t, formula, _MONEY)
            s.row += 1
        m.rows[f"{block}.values.last"] = s.row - 1
    s.finish({1: 52, 2: 9, 3: 9, 4: 10, 6: 14, **{_FIRST_YEAR + t: 13 for t in range(n)}},
             freeze=f"{_yc(0)}3")


# -- Costs ----------------------------------------------------------------------------------
def _costs_sheet(m: _Model, at: dict[str, Any]) -> None:
    """Each cost line (fixed amount + per participant × participants, after optimism
    bias) and each risk's expected cost (probability × cost if it happens)."""
    s, n = m.sheets["Costs"], m.n
    s.headline("Costs: £ at the price base, undiscounted")
    s.header(["Cost line", "#", "Intervention #", "Partner #", "Category #", "Total", ""],
             years=m.years)
    s.heading("Cost lines: (amount + per participant × participants) × (1 + optimism bias)")
    m.rows["lines.first"] = s.row
    for line, name in enumerate(m.lines):
        r, i = s.row, at["lines"][line]
        intervention = m.line_intervention[line]
        s.text(r, 1, name)
        s.put(r, 2, line + 1)
        s.put(r, 3, _key(intervention))
        s.put(r, 4, f"=Inputs!$D${i}")
        s.put(r, 5, f"=Inputs!$E${i}")
        s.put(r, 6, f"=SUM({s.years_of(r)})", _MONEY)
        for t in range(n):
            y = _yc(t)
            people = ("" if intervention is None else
                      f"+Inputs!$F${i}*People!{y}$⟨participants.{intervention}⟩")
            s.put(r, _FIRST_YEAR + t, f"=(Inputs!{y}${i}{people})*(1+Inputs!$G${i})", _MONEY)
        s.row += 1
    m.rows["lines.last"] = s.row - 1
    if m.lines:
        m.name("line_cost", s.span(m.rows["lines.first"], s.row - 1, _yc(0), _yc(n - 1)))
    if m.risks:
        s.heading("Risk register: expected cost = probability × cost if it happens")
        s.header(["Risk", "#", "", "Partner #", "", "Total", ""], years=m.years)
        m.rows["risks.first"] = s.row
        for k, risk in enumerate(m.risks):
            r, i = s.row, at["risks"][k]
            s.text(r, 1, risk)
            s.put(r, 2, k + 1)
            s.put(r, 4, f"=Inputs!$C${i}")
            s.put(r, 6, f"=SUM({s.years_of(r)})", _MONEY)
            for t in range(n):
                s.put(r, _FIRST_YEAR + t, f"=Inputs!$D${i}*Inputs!{_yc(t)}${i}", _MONEY)
            s.row += 1
        m.rows["risks.last"] = s.row - 1
    s.finish({1: 46, 2: 6, 3: 14, 4: 10, 5: 11, 6: 14,
              **{_FIRST_YEAR + t: 13 for t in range(n)}}, freeze=f"{_yc(0)}3")


# -- Results --------------------------------------------------------------------------------
def _pv(s: _Sheet, r: int) -> str:
    return f"=SUMPRODUCT({s.years_of(r)},discount_factor)"


def _sumif_rows(sheet: str, key: str, first: str, last: str, t: int, match: str) -> str:
    """``SUMIF`` of year ``t`` over the rows ``first``–``last`` of ``sheet`` whose
    ``key`` column equals ``match``."""
    y = _yc(t)
    return (f"=SUMIF({sheet}!${key}$⟨{first}⟩:${key}$⟨{last}⟩,{match},"
            f"{sheet}!{y}$⟨{first}⟩:{y}$⟨{last}⟩)")


def _results_sheet(m: _Model, at: dict[str, Any]) -> None:
    """Discount factors, flows by partner, category and outcome, totals and present
    values (column G), cumulative flows and the payback tests."""
    s, n = m.sheets["Results"], m.n
    s.headline("Results: flows by year (£ at the price base) and present values")
    s.header(["Row", "#", "", "", "", "Total", "PV"], years=m.years)
    r = m.rows["year"] = s.row
    s.text(r, 1, "Financial year")
    for t in range(n):
        s.put(r, _FIRST_YEAR + t, f"=Inputs!{_yc(t)}${at['years']}", _YEAR)
    s.row += 1
    r = m.rows["discount"] = s.row
    s.text(r, 1, "Discount factor: DF(0) = 1, DF(t) = DF(t − 1) ÷ (1 + rate(t))")
    for t in range(n):
        s.put(r, _FIRST_YEAR + t, 1 if t == 0 else
              f"={_yc(t - 1)}{r}/(1+Inputs!{_yc(t)}${at['rate']})", _FACTOR)
    m.name("discount_factor", s.years_of(r))
    s.put(r, 6, "=SUM(discount_factor)", _FACTOR)
    s.row += 1

    def money_row(key: str, label: str, formulas: Callable[[int], str], number: int | None
                  = None, *, pv: bool = True, number_format: str = _MONEY) -> int:
        r = s.row
        m.rows[key] = r
        s.text(r, 1, label)
        if number is not None:
            s.put(r, 2, number)
        s.put(r, 6, f"=SUM({s.years_of(r)})", number_format)
        if pv:
            s.put(r, 7, _pv(s, r), number_format)
        for t in range(n):
            s.put(r, _FIRST_YEAR + t, formulas(t), number_format)
        if key.startswith(("total.", "cumulative.")):
            m.name(key.replace(".", "_"), s.years_of(r))
        s.row += 1
        return r

    by_partner = (
        ("cost", "Cost borne", "Costs", "D", "lines", bool(m.lines)),
        ("fiscal", "Fiscal benefit", "Values", "C", "fiscal.values", bool(m.effects)),
        ("cashable", "Cashable fiscal benefit", "Values", "C", "cashable.values",
         bool(m.effects)),
        ("transfer", "Transfer payments (part of fiscal)", "Values", "C", "transfer.values",
         bool(m.effects)),
        ("baseline", "Reactive spend as is", "Values", "C", "baseline.values",
         bool(m.effects)),
        ("risk", "Expected cost of the risks", "Costs", "D", "risks", bool(m.risks)),
    )
    for key, title, sheet, column, block, present in by_partner:
        s.heading(f"{title} by partner")
        m.rows[f"{key}.first"] = s.row
        for p, partner in enumerate(m.partners):
            def flow(t: int, sheet: str = sheet, column: str = column, block: str = block,
                     present: bool = present) -> str:
                return (_sumif_rows(sheet, column, f"{block}.first", f"{block}.last", t,
                                    f"$B{s.row}") if present else "=0")
            money_row(f"{key}.{p}", partner, flow, p + 1)
        m.rows[f"{key}.last"] = s.row - 1
        m.name(f"{key}_by_partner", s.span(m.rows[f"{key}.first"], s.row - 1, _yc(0),
                                           _yc(n - 1)))
    s.heading("Cost by category (the pot an agreement shares)")
    m.rows["category.first"] = s.row
    for c, category in enumerate(m.categories):
        money_row(f"category.{c}", category, lambda t: _sumif_rows(
            "Costs", "E", "lines.first", "lines.last", t, f"$B{s.row}"), c + 1)
    m.rows["category.last"] = s.row - 1
    if m.categories:
        m.name("cost_by_category", s.span(m.rows["category.first"], s.row - 1, _yc(0),
                                          _yc(n - 1)))
    by_outcome = (
        ("volume_o", "Outcome units changed", "Effects", "C", "volume"),
        ("fiscal_o", "Fiscal benefit", "Values", "D", "fiscal.values"),
        ("cashable_o", "Cashable fiscal benefit", "Values", "D", "cashable.values"),
        ("transfer_o", "Transfer payments", "Values", "D", "transfer.values"),
        ("economic_o", "Economic benefit", "Values", "D", "economic.values"),
        ("social_o", "Social benefit", "Values", "D", "social.values"),
        ("weighted_o", "Weighted economic and social benefit", "Values", "D",
         "weighted.values"),
        ("baseline_o", "Reactive spend as is", "Values", "D", "baseline.values"),
    )
    for key, title, sheet, column, block in by_outcome:
        s.heading(f"{title} by outcome")
        m.rows[f"{key}.first"] = s.row
        for o, outcome in enumerate(m.outcomes):
            def outcome_flow(t: int, sheet: str = sheet, column: str = column,
                             block: str = block) -> str:
                return (_sumif_rows(sheet, column, f"{block}.first", f"{block}.last", t,
                                    f"$B{s.row}") if m.effects else "=0")
            money_row(f"{key}.{o}", outcome, outcome_flow, o + 1, pv=key != "volume_o",
                      number_format=_COUNT if key == "volume_o" else _MONEY)
        m.rows[f"{key}.last"] = s.row - 1
        m.name(f"{key.removesuffix('_o')}_by_outcome", s.span(
            m.rows[f"{key}.first"], s.row - 1, _yc(0), _yc(n - 1)))

    s.heading("Totals")

    def total(block: str) -> Callable[[int], str]:
        def formula(t: int) -> str:
            first, last = m.rows.get(f"{block}.first"), m.rows.get(f"{block}.last")
            if first is None or last is None or last < first:
                return "=0"
            return f"=SUM({_yc(t)}{first}:{_yc(t)}{last})"
        return formula

    def people(block: str) -> Callable[[int], str]:
        last = len(m.interventions) - 1
        return lambda t: (f"=SUM(People!{_yc(t)}$⟨{block}.0⟩:{_yc(t)}$⟨{block}.{last}⟩)"
                          if m.interventions else "=0")

    money_row("total.participants", "Participants (engaged, entering)", people("participants"),
              pv=False, number_format=_COUNT)
    money_row("total.reinvested_participants", "Of them bought by reinvestment",
              people("extra"), pv=False, number_format=_COUNT)
    money_row("total.reinvested", "Cashable savings reinvested (part of cost)",
              lambda t: f"=People!{_yc(t)}$⟨reinvest.spend⟩" if m.reinvests else "=0")
    for key, label, block in (("cost", "Cost", "cost"), ("fiscal", "Fiscal benefit", "fiscal"),
                              ("cashable", "Cashable fiscal benefit", "cashable"),
                              ("transfer", "Transfer payments", "transfer"),
                              ("economic", "Economic benefit", "economic_o"),
                              ("social", "Social benefit", "social_o"),
                              ("weighted", "Weighted economic and social benefit",
                               "weighted_o"),
                              ("baseline", "Reactive spend as is", "baseline"),
                              ("risk", "Expected cost of the risks", "risk")):
        money_row(f"total.{key}", label, total(block))
    row = m.rows
    money_row("total.public", "Public value (fiscal − transfers + economic + social)",
              lambda t: (f"={_yc(t)}{row['total.fiscal']}-{_yc(t)}{row['total.transfer']}"
                         f"+{_yc(t)}{row['total.economic']}+{_yc(t)}{row['total.social']}"))
    money_row("total.net", "Net fiscal (fiscal − cost)",
              lambda t: f"={_yc(t)}{row['total.fiscal']}-{_yc(t)}{row['total.cost']}")
    for key, label in (("cost", "Cumulative cost"), ("fiscal", "Cumulative fiscal benefit"),
                       ("public", "Cumulative public value"),
                       ("net", "Cumulative net fiscal")):
        def running(t: int, key: str = key) -> str:
            r = row[f"total.{key}"]
            return f"=SUM($H{r}:{_yc(t)}{r})"
        money_row(f"cumulative.{key}", label, running, pv=False)
    s.heading("Payback: 1 from the year cumulative benefit reaches cumulative cost")

    def flags(benefit: int, cost: int, discounted: bool) -> Callable[[int], str]:
        def formula(t: int) -> str:
            def span(r: int) -> str:
                return f"$H${r}:{_yc(t)}${r}"
            return _payback_flag([span(benefit)], span(cost),
                                 span(row["discount"]) if discounted else None)
        return formula

    for discounted in (False, True):
        tag = "discounted" if discounted else "payback"
        money_row(f"{tag}.total", "Whole case" + (" (discounted)" if discounted else ""),
                  flags(row["total.fiscal"], row["total.cost"], discounted), pv=False,
                  number_format="0")
        for p, partner in enumerate(m.partners):
            money_row(f"{tag}.{p}", partner + (" (discounted)" if discounted else ""),
                      flags(row[f"fiscal.{p}"], row[f"cost.{p}"], discounted), p + 1,
                      pv=False, number_format="0")
    s.finish({1: 50, 2: 6, 6: 15, 7: 15, **{_FIRST_YEAR + t: 13 for t in range(n)}},
             freeze=f"{_yc(0)}3")


def defined_name(metric: str) -> str:
    """The workbook's defined name for an engine metric: the metric's own name, but with
    a suffix for a name that is also a column (``bcr``, ``eac``).

    Examples
    --------
    >>> defined_name("npbi"), defined_name("bcr")
    ('npbi', 'bcr_value')
    """
    return f"{metric}_value" if len(metric) <= 3 and metric.isalpha() else metric


# -- Summary --------------------------------------------------------------------------------
def _summary_sheet(m: _Model) -> None:
    """The headline metrics, each partner's results and each outcome's, all formulas over
    the Results sheet, with the charts."""
    s, results, row = m.sheets["Summary"], m.sheets["Results"], m.rows
    result = m.result
    s.headline(f"Summary: {m.inputs.attrs.get('case', '')}")
    s.text(2, 1, f"£ at {financial_year_label(result.price_base)} prices, discounted to "
           f"{financial_year_label(m.years[0])}; every figure is a formula over the Inputs")
    s.row = 3
    s.header(["Metric", "Value", "Financial year", "Name"])

    def n(metric: str) -> str:
        return defined_name(metric)

    pv = {"pv_cost": "cost", "pv_fiscal": "fiscal", "pv_cashable": "cashable",
          "pv_economic": "economic", "pv_social": "social", "pv_transfers": "transfer",
          "pv_baseline_cost": "baseline", "pv_reinvested": "reinvested", "pv_risk": "risk",
          "pv_weighted_benefit": "weighted"}
    formulas = {metric: f"=Results!$G${row[f'total.{key}']}" for metric, key in pv.items()}
    formulas |= {
        "pv_public": f"={n('pv_fiscal')}-{n('pv_transfers')}+{n('pv_economic')}"
                     f"+{n('pv_social')}",
        "npbi": f"={n('pv_fiscal')}-{n('pv_cost')}",
        "fiscal_roi": _ratio(n("pv_fiscal"), n("pv_cost")),
        "nppv": f"={n('pv_public')}-{n('pv_cost')}",
        "bcr": _ratio(n("pv_public"), n("pv_cost")),
        "payback_year": _payback(results.years_of(row["payback.total"]), "fin_years"),
        "discounted_payback_year": _payback(results.years_of(row["discounted.total"]), "fin_years"),
        "baseline_saving_share": _ratio(n("pv_fiscal"), n("pv_baseline_cost")),
        "pv_cost_risk_adjusted": f"={n('pv_cost')}+{n('pv_risk')}",
        "npbi_risk_adjusted": f"={n('pv_fiscal')}-{n('pv_cost_risk_adjusted')}",
        "nppv_risk_adjusted": f"={n('pv_public')}-{n('pv_cost_risk_adjusted')}",
        "pv_public_weighted": f"={n('pv_fiscal')}-{n('pv_transfers')}"
                              f"+{n('pv_weighted_benefit')}",
        "nppv_weighted": f"={n('pv_public_weighted')}-{n('pv_cost')}",
        "bcr_weighted": _ratio(n("pv_public_weighted"), n("pv_cost")),
        "eac": f"={n('pv_cost')}/SUM(discount_factor)",
        "eanc": f"=({n('pv_cost')}-{n('pv_public')})/SUM(discount_factor)",
    }
    for metric, label in OUTPUT_NAMES.items():
        r = s.row
        s.text(r, 1, label)
        number_format = (_YEAR if metric.endswith("payback_year") else _SHARE
                         if metric.endswith("share") else _RATIO
                         if metric in ("fiscal_roi", "bcr", "bcr_weighted") else _MONEY)
        s.put(r, 2, formulas[metric], number_format, bold=True)
        if metric.endswith("payback_year"):
            s.put(r, 3, _fy_label(f"B{r}"))
        s.text(r, 4, metric)
        m.name(n(metric), s.ref(r, 2))
        s.row += 1

    s.heading("Who pays and who benefits (PV)")
    s.header(["Partner", *_PARTNER_COLUMNS.values(), "Payback (financial year)",
              "Discounted payback (financial year)"])
    first = s.row
    for p, partner in enumerate(m.partners):
        r = s.row
        s.text(r, 1, partner)
        cells = {
            "pv_cost": f"=Results!$G${row[f'cost.{p}']}",
            "pv_risk": f"=Results!$G${row[f'risk.{p}']}",
            "pv_fiscal": f"=Results!$G${row[f'fiscal.{p}']}",
            "pv_cashable": f"=Results!$G${row[f'cashable.{p}']}",
            "net": f"=D{r}-B{r}",
            "pv_baseline_cost": f"=Results!$G${row[f'baseline.{p}']}",
            "saving_share": _ratio(f"D{r}", f"G{r}"),
            "roi": _ratio(f"D{r}", f"B{r}"),
            "payback_year": _payback(results.years_of(row[f"payback.{p}"]), "fin_years"),
            "discounted_payback_year": _payback(results.years_of(row[f"discounted.{p}"]),
                                                "fin_years"),
        }
        for k, (column, value) in enumerate(cells.items()):
            number_format = (_YEAR if column.endswith("payback_year") else _SHARE
                             if column == "saving_share" else _RATIO if column == "roi"
                             else _MONEY)
            s.put(r, 2 + k, value, number_format)
        s.put(r, 2 + len(cells), _fy_label(f"J{r}"))
        s.put(r, 3 + len(cells), _fy_label(f"K{r}"))
        s.row += 1
    m.rows["summary.partners.first"], m.rows["summary.partners.last"] = first, s.row - 1
    for k, column in enumerate(_PARTNER_COLUMNS):
        m.name(f"partner_{column}", s.span(first, s.row - 1, 2 + k, 2 + k))

    s.heading("Benefits by outcome (PV; units changed over the horizon)")
    s.header(["Outcome", *_OUTCOME_COLUMNS.values()])
    first = s.row
    for o, outcome in enumerate(m.outcomes):
        r = s.row
        s.text(r, 1, outcome)
        cells = {
            "volume": f"=Results!$F${row[f'volume_o.{o}']}",
            **{column: f"=Results!$G${row[f'{key}_o.{o}']}" for column, key in (
                ("pv_fiscal", "fiscal"), ("pv_cashable", "cashable"),
                ("pv_transfers", "transfer"), ("pv_economic", "economic"),
                ("pv_social", "social"))},
            "pv_public": f"=C{r}-E{r}+F{r}+G{r}",
            "pv_baseline_cost": f"=Results!$G${row[f'baseline_o.{o}']}",
        }
        for k, value in enumerate(cells.values()):
            s.put(r, 2 + k, value, _COUNT if k == 0 else _MONEY)
        s.row += 1
    m.rows["summary.outcomes.first"], m.rows["summary.outcomes.last"] = first, s.row - 1
    for k, column in enumerate(_OUTCOME_COLUMNS):
        m.name(f"outcome_{column}", s.span(first, s.row - 1, 2 + k, 2 + k))
    m.rows["summary.charts"] = s.row + 2
    s.finish({1: 58, **dict.fromkeys(range(2, 14), 16)}, freeze="A4", landscape=True)


# -- the whole workbook -----------------------------------------------------------------------
def _resolve(m: _Model) -> None:
    """Put the row numbers in for the ``⟨key⟩`` placeholders of every formula."""
    import re

    token = re.compile("⟨([^⟩]+)⟩")

    def row(match: re.Match[str]) -> str:
        return str(m.rows[match.group(1)])

    for sheet in m.book.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f" and isinstance(cell.value, str) and "⟨" in cell.value:
                    cell.value = token.sub(row, cell.value)


def build_workbook(result: Appraisal, *, evaluation: Evaluation | None = None,
                   uncertainty: UncertaintySummary | None = None) -> Workbook:
    """The live model of ``result`` as an openpyxl workbook (see the module docstring).

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> book = build_workbook(pb.project(example_case()).appraise())
    >>> book.sheetnames[:4]
    ['Cover', 'Summary', 'Agreements', 'Inputs']
    >>> book["Summary"][book.defined_names["npbi"].attr_text.split("!")[1].replace("$", "")
    ...                 ].value
    '=pv_fiscal-pv_cost'
    """
    m = _Model(result)
    _check_size(m)
    at = _inputs_sheet(m)
    _people_sheet(m, at)
    _effects_sheet(m, at)
    _values_sheet(m, at)
    _costs_sheet(m, at)
    _results_sheet(m, at)
    _summary_sheet(m)
    _agreements_sheet(m, at)
    _cover_sheet(m)
    _assumptions_sheet(m)
    _charts(m)
    _value_sheets(m, evaluation, uncertainty)
    _resolve(m)
    book = m.book
    book.active = 1
    book.properties.title = str(m.inputs.attrs.get("case", "placebudget"))
    book.properties.creator = f"placebudget {__version__}"
    book.calculation.fullCalcOnLoad = True
    return book


def _check_size(m: _Model) -> None:
    """Refuse, before building anything, a model of more than :data:`MAX_MODEL_CELLS`
    cells (an estimate from the case's sizes, above the count: 10,700 for the
    Northtown example, which has 8,241)."""
    from placebudget.errors import Problem, ValidationError

    e, p, o = len(m.effects), len(m.partners), len(m.outcomes)
    agreements = len(m.case.agreements) if m.case is not None else 0
    rows = (4 * e * p + 10 * e + 4 * len(m.interventions) + 2 * len(m.lines)
            + 2 * len(m.risks) + 3 * m.pairs + 12 * p + 8 * o + 2 * len(m.categories) + 40
            + agreements * (12 * p + 2 * len(m.categories) + 12))
    # the calculation rows, then the assumptions, traces and value sheets
    cells = int(1.5 * rows * (m.n + _FIRST_YEAR + 3)) + 3_000
    if cells > MAX_MODEL_CELLS:
        msg = (f"the live Excel model would hold about {cells:,} cells, more than the limit "
               f"of {MAX_MODEL_CELLS:,}: write the value-only workbook instead (--values-only, "
               "or write_excel(..., values_only=True))")
        case = m.inputs.attrs.get("case", "")
        raise ValidationError([Problem("report", msg, cells)],
                              context=f"cannot write the workbook of {case!r}")


def write_workbook(result: Appraisal, path: str | os.PathLike[str], *,
                   evaluation: Evaluation | None = None,
                   uncertainty: UncertaintySummary | None = None) -> None:
    """Write the live model of ``result`` to ``path`` atomically (a temporary file beside
    it, renamed onto it when complete).

    Parameters
    ----------
    result
        The appraisal of one projection (its case, when known, gives the agreements,
        the discount schedule and the sensitivity sheet).
    path
        The ``.xlsx`` file to write.
    evaluation, uncertainty
        An evaluation against actuals and a Monte Carlo summary, written as value sheets.
    """
    from placebudget.io import atomic_write_path

    book = build_workbook(result, evaluation=evaluation, uncertainty=uncertainty)
    with atomic_write_path(path) as tmp:
        book.save(tmp)


def _table(s: _Sheet, frame: pd.DataFrame, *, title: str | None = None) -> None:
    """A report table written as values at the sheet's cursor."""
    if title:
        s.heading(title)
    header, widths, rows = table_cells(frame)
    s.header(header)
    for row in rows:
        for column, (value, number_format) in enumerate(row, start=1):
            if isinstance(value, str):
                s.text(s.row, column, value)
            else:
                s.put(s.row, column, value, number_format)
        s.row += 1
    for column, width in enumerate(widths, start=1):
        letter = _col(column)
        current = s.ws.column_dimensions[letter].width or 0
        s.ws.column_dimensions[letter].width = max(float(current), width)


def _cover_sheet(m: _Model) -> None:
    """What the workbook is: the case, the place and its partners, the price base, the
    discount schedule, the vintage of every table used, the version and the date."""
    s, case, attrs = m.sheets["Cover"], m.case, m.inputs.attrs
    s.headline(str(attrs.get("case", "")))
    if case is not None and case.description:
        s.note(case.description)
    rows: list[tuple[str, object]] = [
        ("Place", case.place.name if case is not None else attrs.get("place", "")),
        ("Price base", f"{financial_year_label(m.result.price_base)} prices"),
        ("First year", financial_year_label(m.years[0])),
        ("Horizon (years)", m.n),
        ("Discount schedule", attrs.get("discounting", "")),
        ("Discount rates by year", ", ".join(
            f"{financial_year_label(y)} {r:.2%}" for y, r in zip(m.years, _rates(m),
                                                                 strict=True))),
        ("GDP deflators", attrs.get("deflators", "")),
        ("Unit cost database", attrs.get("unit_costs", "")),
        ("Optimism bias table", attrs.get("optimism_bias_table", "")),
        ("Written by", f"placebudget {__version__}"),
        ("Written on", _dt.date.today().isoformat()),
    ]
    s.header(["Case", "Value"])
    for label, value in rows:
        s.text(s.row, 1, label, bold=True)
        s.text(s.row, 2, value)
        s.row += 1
    s.heading("Partners")
    s.header(["Partner", "Name", "Kind", "Department"])
    partners = {p.id: p for p in case.place.partners} if case is not None else {}
    for p, partner in enumerate(m.partners):
        known = partners.get(partner)
        s.text(s.row, 1, partner)
        s.text(s.row, 2, known.name if known is not None else partner)
        s.text(s.row, 3, m.kinds[p])
        s.text(s.row, 4, (known.department or "") if known is not None else "")
        s.row += 1
    s.heading("How to read this workbook")
    key = s.ws.cell(row=s.row, column=1, value="Input cell: change it")
    key.font, key.fill = s._input_font, s._input_fill
    s.text(s.row, 2, "every other figure is an Excel formula over the input cells of the "
           "Inputs sheet; recalculate (F9) after a change")
    s.row += 1
    for title, text in (
            ("Summary", "headline metrics, who pays and who benefits, benefits by outcome, "
             "charts"),
            ("Agreements", "each agreement option: shares, contributions to the penny, "
             "transfers, each partner's results"),
            ("Inputs", "every input, named (Formulas › Name Manager)"),
            ("Assumptions", "each input's source, evidence grade and optimism bias; each "
             "value's trace from the published figure to the price base"),
            ("People, Effects, Values, Costs, Results", "the calculation, year by year"),
            ("Other sheets", "figures no formula reproduces (sensitivity, Monte Carlo, "
             "evaluation), as values")):
        s.text(s.row, 1, title, bold=True)
        s.text(s.row, 2, text)
        s.row += 1
    _table(s, vintages(m.result).reset_index(), title="Vintages of the tables used")
    s.finish({1: 34, 2: 60, 3: 18, 4: 18}, freeze=None, landscape=False)


def _assumptions_sheet(m: _Model) -> None:
    """Every input's source, grade and optimism bias, and how each value was found and
    brought to the price base (code → published £ → price year → deflator factor →
    uprated £)."""
    s, case, inputs = m.sheets["Assumptions"], m.case, m.inputs
    s.headline("Assumptions and sources")
    effects = [effect for i in case.interventions for effect in i.effects] if case else []
    lines = [line for i in case.interventions for line in i.costs] if case else []
    s.heading("Effects: evidence grade and optimism bias applied")
    s.header(["Effect", "Grade", "Optimism bias applied", "Source", "Description"])
    for e, name in enumerate(m.effects):
        effect = effects[e] if len(effects) == len(m.effects) else None
        s.text(s.row, 1, name)
        s.put(s.row, 2, int(inputs[D.EFFECT_CONFIDENCE].to_numpy()[e]), "0")
        s.put(s.row, 3, m.value(D.BENEFIT_OPTIMISM_BIAS, e), _SHARE)
        s.text(s.row, 4, (effect.source or "") if effect is not None else "")
        s.text(s.row, 5, effect.description if effect is not None else "")
        s.row += 1
    s.heading("Cost lines: evidence grade and optimism bias applied")
    s.header(["Cost line", "Grade", "Optimism bias applied", "Kind", "Description"])
    for line, name in enumerate(m.lines):
        known = lines[line] if len(lines) == len(m.lines) else None
        s.text(s.row, 1, name)
        s.put(s.row, 2, int(inputs[D.LINE_CONFIDENCE].to_numpy()[line]), "0")
        s.put(s.row, 3, m.value(D.COST_OPTIMISM_BIAS, line), _SHARE)
        s.text(s.row, 4, str(inputs[D.LINE_KIND].to_numpy()[line]))
        s.text(s.row, 5, known.description if known is not None else "")
        s.row += 1
    traces = m.result.projection.value_traces().reset_index()
    _table(s, traces.drop(columns=["path"]),
           title="Values and costs: code → published £ → price year → deflator factor → "
           "uprated £ at the price base")
    _table(s, assumptions_frame(m.result), title="The case and its reference tables")
    s.finish({1: 52, 2: 14, 3: 14, 4: 40, 5: 40}, freeze="A3")


def _charts(m: _Model) -> None:
    """Native charts on the Summary sheet: cumulative cost against cumulative benefit,
    who pays and who benefits, and benefits by outcome."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.worksheet.pagebreak import Break

    summary, results = m.sheets["Summary"].ws, m.sheets["Results"].ws
    anchor = m.rows["summary.charts"]
    summary.row_breaks.append(Break(id=anchor - 1))  # the charts print on a page of their own
    first, last = _FIRST_YEAR, _FIRST_YEAR + m.n - 1
    years = Reference(results, min_col=first, max_col=last, min_row=2, max_row=2)
    line = LineChart()
    line.title = "Cumulative cost and benefit (undiscounted)"
    line.y_axis.title = "£"
    line.y_axis.numFmt = '"£"#,##0'
    for key in ("cumulative.cost", "cumulative.fiscal", "cumulative.public"):
        r = m.rows[key]
        line.add_data(Reference(results, min_col=1, max_col=last, min_row=r, max_row=r),
                      from_rows=True, titles_from_data=True)
    # the series run from column A (their titles) to the last year: drop B–G
    for series in line.series:
        series.val.numRef.f = series.val.numRef.f.replace("$B$", f"${_yc(0)}$", 1)
    line.set_categories(years)
    line.height, line.width = 8, 18
    summary.add_chart(line, f"A{anchor}")

    def bars(title: str, table: str, columns: tuple[int, ...], at: str, *,
             stacked: bool) -> None:
        """A bar chart of ``columns`` of a Summary table (its header row the titles)."""
        first, last = m.rows[f"summary.{table}.first"], m.rows[f"summary.{table}.last"]
        if last < first:
            return
        chart = BarChart()
        chart.type = "bar" if stacked else "col"
        if stacked:
            chart.grouping, chart.overlap = "stacked", 100
        chart.title = title
        chart.y_axis.numFmt = '"£"#,##0'
        for column in columns:
            chart.add_data(Reference(summary, min_col=column, min_row=first - 1,
                                     max_row=last), titles_from_data=True)
        chart.set_categories(Reference(summary, min_col=1, min_row=first, max_row=last))
        chart.height, chart.width = 8, 18
        summary.add_chart(chart, at)

    # PV cost borne against PV fiscal; PV fiscal, economic and social by outcome
    bars("Who pays and who benefits (PV)", "partners", (2, 4), f"F{anchor}", stacked=False)
    bars("Benefits by outcome (PV)", "outcomes", (3, 6, 7), f"A{anchor + 18}", stacked=True)
    # the charts print with the tables: about 18 rows each
    summary.print_area = f"A1:{_col(max(summary.max_column, 13))}{anchor + 36}"


def _value_sheets(m: _Model, evaluation: Evaluation | None,
                  uncertainty: UncertaintySummary | None) -> None:
    """The report tables no formula of the model reproduces (what failure costs, the
    Green Book tables, sensitivity, Monte Carlo, evaluation, costed families), as values,
    one sheet each, its header in row 1."""
    frames = report_frames(m.result, evaluation, uncertainty)
    for name, title in SHEETS.items():
        if name in _IN_THE_MODEL or name not in frames:
            continue
        s = _Sheet(m.book, title, m.n)
        _table(s, frames[name])
        if name == "as_is":  # charted by partner, as in the value-only workbook
            as_is_chart(s.ws, rows=len(frames[name]),
                        header=[str(c) for c in flatten(frames[name]).columns])
        s.finish({}, freeze="B2")


# -- Agreements -------------------------------------------------------------------------------
def _agreements_sheet(m: _Model, at: dict[str, Any]) -> None:
    """Each agreement option: its shares by cost category, the contributions (rounded to
    whole pennies by largest remainder), an investor's gain share, and each partner's
    results, all formulas over Results."""
    s = m.sheets["Agreements"]
    s.headline("Investment agreements: who pays into the pot and who gains")
    s.header(["Row", "#", "", "", "", "Total", "PV"], years=m.years)
    agreements = dict(m.case.agreements) if m.case is not None else {}
    if not agreements:
        s.note("The case has no agreement options ([agreements] in the case file).")
    for k, (option, agreement) in enumerate(agreements.items(), start=1):
        _agreement(m, s, k, option, agreement)
    s.finish({1: 46, 2: 8, **dict.fromkeys(range(3, 8), 15),
              **{_FIRST_YEAR + t: 13 for t in range(max(m.n, 8))}}, freeze=f"{_yc(0)}3")


def _rule_weight(m: _Model, rule: object, partner: int, path: str) -> tuple[Any, bool, bool]:
    """A share rule's weight of one partner (a formula, or an input value), whether it is
    an input, and whether shares are the weights as they are (not their proportions)."""
    name = m.partners[partner]
    if isinstance(rule, FixedShares):
        return float(rule.shares.get(name, 0.0)), True, True
    if isinstance(rule, ByHeadcount):
        return float(rule.fte.get(name, 0.0)), True, False
    if isinstance(rule, ByGrossBenefit):
        return f"=MAX(Results!$G$⟨{rule.basis}.{partner}⟩,0)", False, False
    if isinstance(rule, ByNetBenefit):
        return (f"=MAX(Results!$G$⟨fiscal.{partner}⟩-Results!$G$⟨cost.{partner}⟩,0)",
                False, False)
    if isinstance(rule, InvestorRecoups):
        return (1.0 if name == rule.investor else 0.0), False, True
    msg = f"{path}: {type(rule).__name__} is not a share rule the workbook can write"
    raise TypeError(msg)


def _agreement(m: _Model, s: _Sheet, k: int, option: str, agreement: InvestmentAgreement
               ) -> None:
    n, partners, categories = m.n, m.partners, m.categories
    rule = agreement.rule
    last_year = _yc(n - 1)
    s.heading(f"Option {k}: {option}" + (f" — {agreement.description}"
                                         if agreement.description else ""))
    s.note(f"Rule: {type(rule).__name__}")
    settings: dict[str, int] = {}
    if isinstance(rule, InvestorRecoups):
        s.header(["Setting", "Value"])
        settings = {
            "return": s.setting("Return the investor recoups first (on what it funded)",
                                rule.return_rate, _SHARE),
            "share": s.setting("Investor's share of the savings after repayment",
                               rule.investor_share, _SHARE),
            "cap": s.setting("Most the investor receives in all (£; \"none\" for no cap)",
                             "none" if rule.cap is None else rule.cap, _MONEY),
        }
        s.text(s.row, 1, f"Investor: {rule.investor}")
        s.row += 1
    rules = (rule.rules if isinstance(rule, PerCategory) else dict.fromkeys(categories, rule))
    s.header(["Weights by cost category", "#", *partners])
    weight_rows: list[int] = []
    as_given: list[bool] = []
    for c, category in enumerate(categories):
        r = s.row
        s.text(r, 1, f"{category} ({type(rules[category]).__name__})")
        s.put(r, 2, c + 1)
        given = True
        for p in range(len(partners)):
            weight, entry, given = _rule_weight(m, rules[category], p,
                                                f"agreements[{option!r}].rule")
            s.put(r, 3 + p, weight, _FACTOR if entry or given else _MONEY, entry=entry)
        weight_rows.append(r)
        as_given.append(given)
        s.row += 1
    s.header(["Shares by cost category", "#", *partners])
    share_rows: list[int] = []
    end = _col(2 + len(partners))
    for c, category in enumerate(categories):
        r = s.row
        s.text(r, 1, category)
        s.put(r, 2, c + 1)
        w = weight_rows[c]
        for p in range(len(partners)):
            x = f"{_col(3 + p)}{w}"
            s.put(r, 3 + p, f"={x}" if as_given[c] else f"={x}/SUM($C{w}:${end}{w})", _SHARE)
        share_rows.append(r)
        s.row += 1
    if share_rows:
        m.name(f"agreement{k}_share", s.span(share_rows[0], share_rows[-1], 3, 2 + len(partners)))

    def block(title: str, formula: Callable[[int, int, int], Any], *, number_format: str = _MONEY,
              rank: bool = False, total: bool = False) -> list[int]:
        s.header([title, "#", "Rank by id" if rank else "", "", "", "Total" if total else "",
                  "PV" if total else ""], years=m.years)
        rows = []
        order = np.argsort(np.argsort(np.array(partners, dtype=object)))
        for p, partner in enumerate(partners):
            r = s.row
            s.text(r, 1, partner)
            s.put(r, 2, p + 1)
            if rank:
                s.put(r, 3, int(order[p]) + 1)
            if total:
                s.put(r, 6, f"=SUM({s.years_of(r)})", number_format)
                s.put(r, 7, _pv(s, r), number_format)
            for t in range(n):
                s.put(r, _FIRST_YEAR + t, formula(p, t, r), number_format)
            rows.append(r)
            s.row += 1
        return rows

    def column(rows: list[int], t: int) -> str:
        return f"{_yc(t)}${rows[0]}:{_yc(t)}${rows[-1]}"

    def shares_of(p: int) -> str:
        letter = _col(3 + p)
        return f"${letter}${share_rows[0]}:${letter}${share_rows[-1]}"

    exact = block("Exact contribution: Σ category shares × cost of the category",
                  lambda p, t, r: (f"=SUMPRODUCT({shares_of(p)},Results!{_yc(t)}$⟨category."
                                   f"first⟩:{_yc(t)}$⟨category.last⟩)" if share_rows else 0))
    pennies = block("In pennies", lambda p, t, r: f"={_yc(t)}{exact[p]}*100",
                    number_format="#,##0.000")
    floor = block("Whole pennies (rounded down)", lambda p, t, r: f"=INT({_yc(t)}{pennies[p]})",
                  number_format="#,##0")
    fraction = block("Fraction of a penny", lambda p, t, r: f"={_yc(t)}{pennies[p]}-"
                     f"{_yc(t)}{floor[p]}", number_format="0.000000", rank=True)
    left = s.row
    s.text(left, 1, "Pennies left to give (total rounded − Σ whole pennies)")
    for t in range(n):
        s.put(left, _FIRST_YEAR + t, f"=ROUND(SUM({column(pennies, t)}),0)-"
              f"SUM({column(floor, t)})", "0")
    s.row += 1
    ranks = f"$C${fraction[0]}:$C${fraction[-1]}"
    position = block(
        "Place in the queue (larger fraction first, ties by id)",
        lambda p, t, r: (f"=SUMPRODUCT(({column(fraction, t)}>{_yc(t)}{fraction[p]})+"
                         f"({column(fraction, t)}={_yc(t)}{fraction[p]})*"
                         f"({ranks}<$C${fraction[p]}))"), number_format="0")
    contribution = block(
        "Contribution (whole pennies; the year's total cost to the penny)",
        lambda p, t, r: (f"=({_yc(t)}{floor[p]}+IF({_yc(t)}{position[p]}<{_yc(t)}${left},1,0)"
                         f"-IF({_yc(t)}{position[p]}>={len(partners)}+{_yc(t)}${left},1,0))"
                         "/100"), number_format=_PENCE, total=True)
    m.name(f"agreement{k}_contribution", s.span(contribution[0], contribution[-1], _yc(0),
                                                last_year))
    if isinstance(rule, InvestorRecoups):
        transfer = _gain_share(m, s, rule, settings, contribution, block, column)
    else:
        transfer = block("Transfers (none under this rule)", lambda p, t, r: 0,
                         number_format=_PENCE, total=True)
    m.name(f"agreement{k}_transfer", s.span(transfer[0], transfer[-1], _yc(0), last_year))

    def flags(discounted: bool) -> Callable[[int, int, int], str]:
        def formula(p: int, t: int, r: int) -> str:
            y = _yc(t)
            return _payback_flag(
                [f"Results!$H$⟨fiscal.{p}⟩:{y}$⟨fiscal.{p}⟩",
                 f"$H${transfer[p]}:{y}${transfer[p]}"],
                f"$H${contribution[p]}:{y}${contribution[p]}",
                f"Results!$H$⟨discount⟩:{y}$⟨discount⟩" if discounted else None)
        return formula

    payback = block("Payback: fiscal + transfers reach the contribution", flags(False),
                    number_format="0")
    discounted = block("Discounted payback", flags(True), number_format="0")
    s.header(["Results (PV)", *_SETTLEMENT_COLUMNS.values()])
    first = s.row
    for p, partner in enumerate(partners):
        r = s.row
        s.text(r, 1, partner)
        cells = {
            "pv_cost_as_modelled": f"=Results!$G$⟨cost.{p}⟩",
            "pv_contribution": f"=$G${contribution[p]}",
            "pv_fiscal": f"=Results!$G$⟨fiscal.{p}⟩",
            "pv_cashable": f"=Results!$G$⟨cashable.{p}⟩",
            "pv_transfer": f"=$G${transfer[p]}",
            "net": f"=D{r}+F{r}-C{r}",
            "net_cashable": f"=E{r}+F{r}-C{r}",
            "pv_baseline_cost": f"=Results!$G$⟨baseline.{p}⟩",
            "roi": f'=IF(C{r}>0,(D{r}+F{r})/C{r},"n/a")',
            "payback_year": _payback(f"${_yc(0)}${payback[p]}:${last_year}${payback[p]}",
                                     "fin_years"),
            "discounted_payback_year": _payback(
                f"${_yc(0)}${discounted[p]}:${last_year}${discounted[p]}", "fin_years"),
        }
        for c, (key, value) in enumerate(cells.items()):
            number_format = (_YEAR if key.endswith("payback_year") else _RATIO if key == "roi"
                             else _MONEY)
            s.put(r, 2 + c, value, number_format)
        s.row += 1
    for c, key in enumerate(_SETTLEMENT_COLUMNS):
        m.name(f"agreement{k}_{key}", s.span(first, s.row - 1, 2 + c, 2 + c))
    s.header(["Money flows: PV fiscal benefit of each beneficiary (columns) bought with each "
              "partner's contribution (rows)", "", *partners])
    flow_first = s.row
    contributions = f"$C${first}:$C${first + len(partners) - 1}"
    for i, partner in enumerate(partners):
        r = s.row
        s.text(r, 1, partner)
        for b in range(len(partners)):
            s.put(r, 3 + b, f'=IF(SUM({contributions})>0,$C${first + i}/SUM({contributions})'
                  f'*$D${first + b},"n/a")', _MONEY)
        s.row += 1
    m.name(f"agreement{k}_flow", s.span(flow_first, s.row - 1, 3, 2 + len(partners)))


def _gain_share(m: _Model, s: _Sheet, rule: InvestorRecoups, settings: dict[str, int],
                contribution: list[int], block: Callable[..., list[int]],
                column: Callable[[list[int], int], str]) -> list[int]:
    """The investor-recoups gain share: the other partners' positive cashable savings
    repay the investor (with its return, up to the cap) first, then the investor takes
    its share of the rest (up to the cap); each saver pays in proportion to its
    savings."""
    n = m.n
    investor = m.partners.index(rule.investor)
    rate, share, cap = (f"$B${settings['return']}", f"$B${settings['share']}",
                        f"$B${settings['cap']}")
    capped = f"IF(ISNUMBER({cap}),{cap},{_NO_CAP})"
    pool = block("Savings pool: each saver's positive cashable saving",
                 lambda p, t, r: 0 if p == investor else
                 f"=MAX(Results!{_yc(t)}$⟨cashable.{p}⟩,0)")
    rows: dict[str, int] = {}
    labels = {
        "funded": "Funded by the investor (the year's contributions)",
        "target": "Owed to the investor so far (funded × (1 + return), cumulative)",
        "available": "Savings available",
        "received": "Received by the investor before this year",
        "owed": "Still owed (at most the cap)",
        "repay": "Repaid this year",
        "extra": "Investor's share of the rest (within the cap)",
        "got": "Received by the investor this year",
    }
    for key in labels:
        rows[key] = s.row + list(labels).index(key)
    for key, label in labels.items():
        r = rows[key]
        s.text(r, 1, label)
        for t in range(n):
            y, prev = _yc(t), _yc(t - 1)
            formula: Any = {
                "funded": f"=SUM({column(contribution, t)})",
                "target": f"=(1+{rate})*SUM($H{rows['funded']}:{y}{rows['funded']})",
                "available": f"=SUM({column(pool, t)})",
                "received": 0 if t == 0 else f"=SUM($H{rows['got']}:{prev}{rows['got']})",
                "owed": f"=MAX(MIN({y}{rows['target']},{capped})-{y}{rows['received']},0)",
                "repay": f"=MIN({y}{rows['available']},{y}{rows['owed']})",
                "extra": f"=MIN({share}*({y}{rows['available']}-{y}{rows['repay']}),"
                         f"MAX({capped}-{y}{rows['received']}-{y}{rows['repay']},0))",
                "got": f"={y}{rows['repay']}+{y}{rows['extra']}",
            }[key]
            s.put(r, _FIRST_YEAR + t, formula, _MONEY)
    s.row += len(labels)
    got, available = rows["got"], rows["available"]
    return block(
        "Transfers: received by the investor, paid by each saver in proportion to its "
        "savings", lambda p, t, r: (f"={_yc(t)}${got}" if p == investor else
                                    f"=IF({_yc(t)}${available}>0,-{_yc(t)}${got}*"
                                    f"{_yc(t)}{pool[p]}/{_yc(t)}${available},0)"),
        number_format=_PENCE, total=True)
