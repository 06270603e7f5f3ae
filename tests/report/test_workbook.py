"""The live Excel model: its structure read back with openpyxl, and its figures
recalculated by LibreOffice held equal to the engine's (rel 1e-9), as given and after
changing an input cell."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest

import placebudget as pb
from placebudget.engine import dims as D
from placebudget.examples import example_path
from placebudget.model import Reinvestment
from placebudget.report.comparison import settle_all
from placebudget.report.workbook import MODEL_SHEETS, OUTPUT_NAMES, defined_name, write_workbook

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    OFFICE is None and not os.environ.get("PLACEBUDGET_REQUIRE_OFFICE"),
    reason="LibreOffice is not installed (CI installs Debian's libreoffice-calc-nogui)")
EXAMPLES = ("northtown", "west_cheshire", "troubled_families")


def _case(name: str) -> pb.BusinessCase:
    return pb.load_case(example_path(name))


def _reinvesting(cap: str | None = "4000 GBP") -> pb.BusinessCase:
    """Northtown with half the police's and the NHS's cashable savings buying extra
    places in family support, at most £4,000 a year (the cap binds in some years)."""
    case = _case("northtown")
    plan = Reinvestment(share=0.5, into=case.interventions[0].id, cap=cap,
                        partners=("police", "nhs"))
    return attrs.evolve(case, reinvestment=plan)


def _write(case: pb.BusinessCase, path: Path) -> pb.Appraisal:
    results = pb.compute_results(pb.project(case))
    write_workbook(results, path)
    return results.appraisal


def _recalculate(path: Path, tmp_path: Path) -> Any:
    """The workbook recalculated by LibreOffice, read back with the values it computed."""
    from openpyxl import load_workbook

    assert OFFICE is not None, "PLACEBUDGET_REQUIRE_OFFICE is set but LibreOffice is missing"
    out = tmp_path / f"recalculated-{path.stem}"
    env = {**os.environ, "HOME": str(tmp_path / "office-profile")}  # a profile of its own
    subprocess.run([OFFICE, "--headless", "--calc", "--convert-to", "xlsx", "--outdir",
                    str(out), str(path)], check=True, capture_output=True, timeout=240,
                   env=env)
    return load_workbook(out / path.name, data_only=True)


def _named(book: Any, name: str) -> Any:
    """The values of a defined name: a number for one cell, a 2-d float array (NaN for
    "n/a", "not reached") for a range."""
    ((title, reference),) = list(book.defined_names[name].destinations)
    cells = book[title][reference.replace("$", "")]
    if not isinstance(cells, tuple):
        return cells.value
    return np.array([[np.nan if isinstance(c.value, str) or c.value is None else c.value
                      for c in row] for row in cells], dtype=float)


def _close(got: Any, expected: Any, what: str) -> None:
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    assert got.shape == expected.shape, what
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-6, equal_nan=True,
                               err_msg=what)


def _metric(value: Any) -> float:
    return math.nan if value is None or isinstance(value, str) else float(value)


def _assert_reproduces(book: Any, case: pb.BusinessCase) -> int:
    """Every figure of the engine, found in the recalculated workbook; returns how many
    were compared."""
    result = pb.project(case).appraise()
    ds = result.projection.dataset
    compared = 0
    for metric in OUTPUT_NAMES:
        got = book_value = _named(book, defined_name(metric))
        expected = float(result.metrics[metric])
        if isinstance(book_value, str):
            assert math.isnan(expected), (metric, book_value)
        else:
            _close(got, expected, metric)
        compared += 1
    partners = result.by_partner
    for column in ("pv_cost", "pv_risk", "pv_fiscal", "pv_cashable", "net",
                   "pv_baseline_cost", "saving_share", "roi", "payback_year",
                   "discounted_payback_year"):
        _close(_named(book, f"partner_{column}").ravel(),
               partners[column].astype(float).to_numpy(), f"partner {column}")
        compared += len(partners)
    outcomes = result.by_outcome
    for column in ("volume", "pv_fiscal", "pv_cashable", "pv_transfers", "pv_economic",
                   "pv_social", "pv_public", "pv_baseline_cost"):
        _close(_named(book, f"outcome_{column}").ravel(), outcomes[column].to_numpy(),
               f"outcome {column}")
        compared += len(outcomes)
    yearly = {
        "cost_by_partner": ds[D.COST],
        "fiscal_by_partner": ds[D.FISCAL].sum(D.OUTCOME),
        "cashable_by_partner": ds[D.CASHABLE].sum(D.OUTCOME),
        "transfer_by_partner": ds[D.TRANSFER_PAYMENT].sum(D.OUTCOME),
        "baseline_by_partner": ds[D.BASELINE_COST].sum(D.OUTCOME),
        "risk_by_partner": ds[D.RISK_COST],
        "volume_by_outcome": ds[D.VOLUME].transpose(D.OUTCOME, D.YEAR),
        "economic_by_outcome": ds[D.ECONOMIC].transpose(D.OUTCOME, D.YEAR),
        "social_by_outcome": ds[D.SOCIAL].transpose(D.OUTCOME, D.YEAR),
        "weighted_by_outcome": ds[D.WEIGHTED_BENEFIT].transpose(D.OUTCOME, D.YEAR),
        "discount_factor": ds[D.DISCOUNT_FACTOR].expand_dims("row"),
        "total_participants": ds[D.PARTICIPANTS].expand_dims("row"),
        "total_reinvested_participants": ds[D.REINVESTED_PARTICIPANTS].expand_dims("row"),
        "total_reinvested": ds[D.REINVESTED].expand_dims("row"),
        "effect_volume": result.projection.detail["effect_volume"],
        "line_cost": result.projection.detail["line_cost"],
    }
    for name, expected in yearly.items():
        _close(_named(book, name), expected.to_numpy(), name)
        compared += expected.size
    if case.agreements:
        for k, (option, settlement) in enumerate(
                settle_all(result.projection, case.agreements).items(), start=1):
            sd = settlement.dataset
            for name, variable in (("share", D.SHARE), ("contribution", D.CONTRIBUTION),
                                   ("transfer", D.TRANSFER), ("flow", "flow")):
                _close(_named(book, f"agreement{k}_{name}"), sd[variable].to_numpy(),
                       f"{option} {name}")
                compared += sd[variable].size
            for column in ("pv_cost_as_modelled", "pv_contribution", "pv_fiscal",
                           "pv_cashable", "pv_transfer", "net", "net_cashable",
                           "pv_baseline_cost", "roi", "payback_year",
                           "discounted_payback_year"):
                _close(_named(book, f"agreement{k}_{column}").ravel(),
                       sd[column].to_numpy(), f"{option} {column}")
                compared += sd[column].size
    return compared


# -- without an office suite ----------------------------------------------------------------
@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from openpyxl import load_workbook

    path = tmp_path_factory.mktemp("workbook") / "west_cheshire.xlsx"
    _write(_case("west_cheshire"), path)
    return load_workbook(path), path


def test_the_model_sheets_come_first_and_figures_are_formulas(book: Any) -> None:
    workbook, _ = book
    assert workbook.sheetnames[:len(MODEL_SHEETS)] == list(MODEL_SHEETS)
    assert "Sensitivity" in workbook.sheetnames  # a value sheet after the model
    counts = {title: sum(1 for row in workbook[title].iter_rows() for c in row
                         if c.data_type == "f") for title in MODEL_SHEETS}
    for title in ("People", "Effects", "Values", "Costs", "Results", "Summary",
                  "Agreements"):
        assert counts[title] > 30, (title, counts[title])
    assert counts["Inputs"] == 0
    assert counts["Cover"] == 0
    formulas = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row
                if c.data_type == "f"]
    assert sum(counts.values()) > 3000
    assert not [f for f in formulas if "⟨" in f]  # every placeholder resolved
    summary = workbook["Summary"]
    cell = summary[workbook.defined_names["npbi"].attr_text.split("!")[1].replace("$", "")]
    assert cell.value == "=pv_fiscal-pv_cost"
    ((_, reference),) = list(workbook.defined_names["cost_by_partner"].destinations)
    first = workbook["Results"][reference.replace("$", "").split(":")[0]]
    assert str(first.value).startswith("=SUMIF(Costs!$D$")  # by the partner's number


def test_inputs_are_named_and_marked(book: Any) -> None:
    workbook, _ = book
    for name in ("intake", "engagement", "effect_impact", "effect_baseline", "fiscal_value",
                 "cashable_share", "transfer_share", "line_amount", "line_per_participant",
                 "discount_rate", "fin_years"):
        assert name in workbook.defined_names, name
        ((title, reference),) = list(workbook.defined_names[name].destinations)
        assert title == "Inputs"
    for name in [defined_name(m) for m in OUTPUT_NAMES]:
        assert name in workbook.defined_names, name
    inputs = workbook["Inputs"]
    ((_, reference),) = list(workbook.defined_names["effect_impact"].destinations)
    first = inputs[reference.replace("$", "").split(":")[0]]
    assert first.fill.fgColor.rgb.endswith("FFF2CC")
    assert first.font.color.rgb.endswith("0000FF")


def test_years_are_financial_years_and_sheets_print_to_a_page_width(book: Any) -> None:
    workbook, _ = book
    results = workbook["Results"]
    assert [results.cell(row=2, column=c).value for c in range(8, 13)] == [
        "2013/14", "2014/15", "2015/16", "2016/17", "2017/18"]
    for title in ("People", "Effects", "Values", "Costs", "Results", "Agreements"):
        sheet = workbook[title]
        assert sheet.freeze_panes == "H3", title
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_area
        assert sheet.print_title_rows in ("1:2", "$1:$2")
    money = results.cell(row=results.max_row - 20, column=9).number_format
    assert any(workbook["Summary"].cell(row=r, column=2).number_format
               == '"£"#,##0;[Red]-"£"#,##0' for r in range(4, 10)), money


def test_the_summary_has_three_native_charts(book: Any) -> None:
    workbook, path = book
    charts = workbook["Summary"]._charts
    assert len(charts) == 3
    with zipfile.ZipFile(path) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist()
                  if n.startswith("xl/charts/chart")]
    assert len(charts) == 4  # and the bar chart of what failure costs, by partner
    (line,) = [c for c in charts if "lineChart" in c]
    assert "Results" in line


def test_the_cover_and_assumptions_name_sources_and_traces(book: Any) -> None:
    workbook, _ = book
    cover = [c.value for row in workbook["Cover"].iter_rows() for c in row if c.value]
    assert "Price base" in cover
    assert "2013/14 prices" in cover
    assert any(str(v).startswith("placebudget ") for v in cover)
    assert any("3.50%" in str(v) for v in cover)  # the discount schedule's rates
    text = [c.value for row in workbook["Assumptions"].iter_rows() for c in row]
    assert "ucd:CR2.0.1" in text  # the trace: code, published, price year, factor, uprated
    row = next(r for r in workbook["Assumptions"].iter_rows(values_only=True)
               if r[0] == "domestic_abuse › repeat_domestic_abuse › fiscal › nhs")
    assert 1171.0 in row
    assert "2008/09" in row
    assert any(isinstance(v, float) and round(v, 2) == 1285.12 for v in row)


def test_a_model_too_large_is_refused_before_anything_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from placebudget.errors import ValidationError
    from placebudget.report import workbook

    results = pb.compute_results(pb.project(_case("northtown")), sensitivity=False)
    monkeypatch.setattr(workbook, "MAX_MODEL_CELLS", 1_000)
    with pytest.raises(ValidationError, match=r"about [\d,]+ cells, more than the limit of "
                       r"1,000: write the value-only workbook instead \(--values-only"):
        write_workbook(results, tmp_path / "big.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_values_only_keeps_the_table_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from placebudget.report.excel import write_excel

    results = pb.compute_results(pb.project(_case("northtown")), sensitivity=False)
    write_excel(results, tmp_path / "values.xlsx", values_only=True)
    book = load_workbook(tmp_path / "values.xlsx")
    assert "Cover" not in book.sheetnames
    assert not [c for s in book for row in s.iter_rows() for c in row if c.data_type == "f"]


# -- recalculated by LibreOffice ------------------------------------------------------------
@needs_office
@pytest.mark.parametrize("name", [*EXAMPLES, "reinvesting", "reinvesting-uncapped"])
def test_the_recalculated_workbook_reproduces_the_engine(name: str, tmp_path: Path) -> None:
    case = (_reinvesting() if name == "reinvesting" else _reinvesting(None)
            if name == "reinvesting-uncapped" else _case(name))
    _write(case, tmp_path / f"{name}.xlsx")
    compared = _assert_reproduces(_recalculate(tmp_path / f"{name}.xlsx", tmp_path), case)
    assert compared > 200
    if name.startswith("reinvesting"):
        reinvested = pb.project(case).appraise().pv_reinvested
        assert reinvested > 0  # the feedback is exercised


def _input_cell(book: Any, name: str, row: int, column: int = 0) -> Any:
    ((title, reference),) = list(book.defined_names[name].destinations)
    cells = book[title][reference.replace("$", "")]
    return cells[row][column] if isinstance(cells, tuple) else cells


def _change(case: pb.BusinessCase, intervention: int, **changes: Any) -> pb.BusinessCase:
    interventions = list(case.interventions)
    interventions[intervention] = attrs.evolve(interventions[intervention], **changes)
    return attrs.evolve(case, interventions=interventions)


def _effect_index(case: pb.BusinessCase, intervention: int, effect: int) -> int:
    return sum(len(i.effects) for i in case.interventions[:intervention]) + effect


@needs_office
@pytest.mark.parametrize("change", ["impact", "unit value", "cost"])
def test_changing_an_input_cell_gives_the_engine_figures_for_that_change(
        change: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    case = _case("northtown")
    path = tmp_path / "model.xlsx"
    _write(case, path)
    book = load_workbook(path)
    if change == "impact":
        effect = case.interventions[0].effects[0]
        cell = _input_cell(book, "effect_impact", _effect_index(case, 0, 0))
        assert cell.value == pytest.approx(effect.impact)
        cell.value = effect.impact + 0.1
        changed = _change(case, 0, effects=[attrs.evolve(effect, impact=effect.impact + 0.1),
                                            *case.interventions[0].effects[1:]])
    elif change == "unit value":
        effect = case.interventions[0].effects[1]
        partner = [p.id for p in case.place.partners].index("nhs")
        value = effect.fiscal["nhs"]
        assert not value.transfer  # a transfer share would come from the database
        cell = _input_cell(book, "fiscal_value", _effect_index(case, 0, 1), partner)
        cell.value = cell.value * 1.5  # the uprated value, so the same factor
        new = attrs.evolve(value, amount=value.amount * 1.5)
        effects = list(case.interventions[0].effects)
        effects[1] = attrs.evolve(effect, fiscal={**effect.fiscal, "nhs": new})
        changed = _change(case, 0, effects=effects)
    else:
        lines = [(i, k, line) for i, intervention in enumerate(case.interventions)
                 for k, line in enumerate(intervention.costs) if line.amounts]
        i, k, line = lines[0]
        year, amount = next(iter(line.amounts.items()))
        number = sum(len(x.costs) for x in case.interventions[:i]) + k
        cell = _input_cell(book, "line_amount", number, year - case.start_year)
        cell.value = cell.value * 2  # uprated by the same deflator factor
        costs = list(case.interventions[i].costs)
        costs[k] = attrs.evolve(line, amounts={**line.amounts, year: amount * 2})
        changed = _change(case, i, costs=costs)
    book.save(path)
    before = pb.project(case).appraise()
    after = pb.project(changed).appraise()
    assert after.nppv != pytest.approx(before.nppv)  # the change moves the case
    _assert_reproduces(_recalculate(path, tmp_path), changed)
