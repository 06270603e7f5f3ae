"""The live Excel model: its structure read back with openpyxl, and its figures
recalculated by LibreOffice held equal to the engine's (rel 1e-9), as given, after
changing an input cell and after changing the price base; printed to PDF in a sensible
number of pages. (The cached values and the pure-Python recalculation are
``test_workbook_cached.py``'s.)"""

from __future__ import annotations

import math
import os
import re
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
    reason="LibreOffice is not installed (CI installs Debian's libreoffice-calc-nogui)",
)
EXAMPLES = ("northtown", "west_cheshire", "troubled_families")


def _case(name: str) -> pb.BusinessCase:
    if name == "disbenefit":
        from placebudget.testing import example_disbenefit_case

        return example_disbenefit_case()
    return pb.load_case(example_path(name))


def _reinvesting(cap: str | None = "4000 GBP") -> pb.BusinessCase:
    """Northtown with half the police's and the NHS's cashable savings buying extra
    places in family support, at most £4,000 a year (the cap binds in some years)."""
    case = _case("northtown")
    plan = Reinvestment(
        share=0.5, into=case.interventions[0].id, cap=cap, partners=("police", "nhs")
    )
    return attrs.evolve(case, reinvestment=plan)


def _health() -> pb.BusinessCase:
    """Northtown with the first effect's social value a health value (£20,000 a unit,
    marked ``health``): discounted at the Green Book health rate (1.5 %)."""
    from placebudget.model import UnitValue

    case = _case("northtown")
    first = case.interventions[0]
    effect = first.effects[0]
    social = UnitValue(f"20000 GBP/{effect.unit}", price_year=case.price_year)
    effect = attrs.evolve(effect, social=social, health=True)
    first = attrs.evolve(first, effects=[effect, *first.effects[1:]])
    return attrs.evolve(case, interventions=[first, *case.interventions[1:]])


def _write(case: pb.BusinessCase, path: Path) -> pb.Appraisal:
    results = pb.compute_results(pb.project(case))
    write_workbook(results, path)
    return results.appraisal


def _office(path: Path, tmp_path: Path, to: str) -> Path:
    """``path`` converted by LibreOffice (``to``: ``xlsx`` or ``pdf``)."""
    assert OFFICE is not None, "PLACEBUDGET_REQUIRE_OFFICE is set but LibreOffice is missing"
    out = tmp_path / f"office-{path.stem}"
    env = {**os.environ, "HOME": str(tmp_path / "office-profile")}  # a profile of its own
    subprocess.run(
        [OFFICE, "--headless", "--calc", "--convert-to", to, "--outdir", str(out), str(path)],
        check=True,
        capture_output=True,
        timeout=240,
        env=env,
    )
    return out / f"{path.stem}.{to}"


def _strip_cached_values(path: Path, tmp_path: Path) -> Path:
    """A copy of the workbook without the values cached beside its formulas (openpyxl
    writes none), so that LibreOffice must compute every formula itself."""
    from openpyxl import load_workbook

    stripped = tmp_path / "stripped" / path.name
    stripped.parent.mkdir(exist_ok=True)
    load_workbook(path).save(stripped)
    return stripped


def _recalculate(path: Path, tmp_path: Path) -> Any:
    """The workbook recalculated by LibreOffice (from no cached value), read back with the
    values it computed."""
    from openpyxl import load_workbook

    return load_workbook(
        _office(_strip_cached_values(path, tmp_path), tmp_path, "xlsx"), data_only=True
    )


def _named(book: Any, name: str) -> Any:
    """The values of a defined name: a number for one cell, a 2-d float array (NaN for
    "n/a", "not reached") for a range."""
    ((title, reference),) = list(book.defined_names[name].destinations)
    cells = book[title][reference.replace("$", "")]
    if not isinstance(cells, tuple):
        return cells.value
    return np.array(
        [
            [np.nan if isinstance(c.value, str) or c.value is None else c.value for c in row]
            for row in cells
        ],
        dtype=float,
    )


def _close(got: Any, expected: Any, what: str) -> None:
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    assert got.shape == expected.shape, what
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-6, equal_nan=True, err_msg=what)


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
    for column in (
        "pv_cost",
        "pv_risk",
        "pv_fiscal",
        "pv_cashable",
        "net",
        "pv_baseline_cost",
        "saving_share",
        "roi",
        "payback_year",
        "discounted_payback_year",
    ):
        _close(
            _named(book, f"partner_{column}").ravel(),
            partners[column].astype(float).to_numpy(),
            f"partner {column}",
        )
        compared += len(partners)
    outcomes = result.by_outcome
    for column in (
        "volume",
        "pv_fiscal",
        "pv_cashable",
        "pv_transfers",
        "pv_economic",
        "pv_social",
        "pv_public",
        "pv_baseline_cost",
    ):
        _close(
            _named(book, f"outcome_{column}").ravel(),
            outcomes[column].to_numpy(),
            f"outcome {column}",
        )
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
        "participants_by_intervention": ds[D.PARTICIPANTS],
        "reinvested_participants_by_intervention": ds[D.REINVESTED_PARTICIPANTS],
        "total_reinvested": ds[D.REINVESTED].expand_dims("row"),
        "effect_volume": result.projection.detail["effect_volume"],
        "line_cost": result.projection.detail["line_cost"],
    }
    if "pv_disbenefit" in book.defined_names:  # a case with a dis-benefit
        _close(_named(book, "pv_disbenefit"), result.pv_disbenefit, "pv_disbenefit")
        yearly["disbenefit_by_partner"] = ds[D.DISBENEFIT].sum(D.OUTCOME)
        compared += 1
    else:
        assert not result.pv_disbenefit
    if len(set(ds[D.COHORT_UNIT].values)) == 1:  # one unit: the total is the sum
        yearly["total_participants"] = pb.engine.total_participants(ds).expand_dims("row")
        yearly["total_reinvested_participants"] = pb.engine.total_participants(
            ds, D.REINVESTED_PARTICIPANTS
        ).expand_dims("row")
    else:  # households and families: no total
        assert "total_participants" not in book.defined_names
    for name, expected in yearly.items():
        _close(_named(book, name), expected.to_numpy(), name)
        compared += expected.size
    if case.agreements:
        for k, (option, settlement) in enumerate(
            settle_all(result.projection, case.agreements).items(), start=1
        ):
            sd = settlement.dataset
            for name, variable in (
                ("share", D.SHARE),
                ("contribution", D.CONTRIBUTION),
                ("transfer", D.TRANSFER),
                ("flow", "flow"),
            ):
                _close(
                    _named(book, f"agreement{k}_{name}"),
                    sd[variable].to_numpy(),
                    f"{option} {name}",
                )
                compared += sd[variable].size
            for column in (
                "pv_cost_as_modelled",
                "pv_contribution",
                "pv_fiscal",
                "pv_cashable",
                "pv_transfer",
                "net",
                "net_cashable",
                "pv_baseline_cost",
                "roi",
                "payback_year",
                "discounted_payback_year",
            ):
                _close(
                    _named(book, f"agreement{k}_{column}").ravel(),
                    sd[column].to_numpy(),
                    f"{option} {column}",
                )
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
    assert workbook.sheetnames[: len(MODEL_SHEETS)] == list(MODEL_SHEETS)
    assert "Sensitivity" in workbook.sheetnames  # a value sheet after the model
    for title in (
        "What failure costs",
        "Cost per member",
        "Value for money",
        "Interventions",
        "Cost per outcome",
    ):  # the report's tables a formula reproduces: live
        assert (
            sum(1 for row in workbook[title].iter_rows() for c in row if c.data_type == "f") >= 4
        ), title
    counts = {
        title: sum(1 for row in workbook[title].iter_rows() for c in row if c.data_type == "f")
        for title in MODEL_SHEETS
    }
    for title in ("People", "Effects", "Values", "Costs", "Results", "Summary", "Agreements"):
        assert counts[title] > 30, (title, counts[title])
    assert counts["Inputs"] == 0  # the inputs as written, compared whole with their copy
    assert counts["Cover"] == 1  # the price base, as the Inputs sheet has it
    formulas = [
        c.value
        for sheet in workbook
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
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
    for name in (
        "intake",
        "engagement",
        "effect_impact",
        "effect_baseline",
        "fiscal_value",
        "cashable_share",
        "transfer_share",
        "line_amount",
        "line_per_participant",
        "discount_rate",
        "fin_years",
        "price_base",
        "deflator_year",
        "deflator_index",
        "fiscal_price_year",
        "line_price_year",
    ):
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
    assert first.protection.locked is False  # an input: unlocked on a protected sheet
    for sheet in workbook:
        assert sheet.protection.sheet, sheet.title  # formulas locked, no password
        assert not sheet.protection.password, sheet.title
    rules = {
        str(v.sqref): (v.type, v.operator, v.formula1, v.formula2)
        for v in inputs.data_validations.dataValidation
    }
    impact_column = reference.replace("$", "").split(":")[0].rstrip("0123456789")
    (found,) = [
        rule
        for sqref, rule in rules.items()
        if any(part.startswith(impact_column) for part in sqref.split()) and rule[2:] == ("0", "1")
    ]
    assert found[:2] == ("decimal", "between")  # a rate within [0, 1]
    assert ("whole", "between") in {rule[:2] for rule in rules.values()}  # price years


def test_years_are_financial_years_and_sheets_print_to_a_page_width(book: Any) -> None:
    workbook, _ = book
    results = workbook["Results"]
    assert [results.cell(row=2, column=c).value for c in range(8, 13)] == [
        "2013/14",
        "2014/15",
        "2015/16",
        "2016/17",
        "2017/18",
    ]
    for title in ("Prices", "People", "Effects", "Values", "Costs", "Results", "Agreements"):
        sheet = workbook[title]
        assert sheet.freeze_panes == "H3", title
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight in (0, 2, 4), title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_area
        assert sheet.print_title_rows in ("1:2", "$1:$2")
    money = results.cell(row=results.max_row - 20, column=9).number_format
    assert any(
        workbook["Summary"].cell(row=r, column=2).number_format == '"£"#,##0;[Red]-"£"#,##0'
        for r in range(4, 10)
    ), money


def test_the_summary_has_three_native_charts_with_straight_visible_lines(book: Any) -> None:
    workbook, path = book
    charts = workbook["Summary"]._charts
    assert len(charts) == 3
    with zipfile.ZipFile(path) as archive:
        charts = [
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")
        ]
    # and what failure costs by partner, each partner's net under each option (clustered
    # columns) and the tornado of the sensitivity sheet (bars)
    assert len(charts) == 6
    assert sum(bool(re.search(r'barDir val="bar"', c)) for c in charts) == 2  # and tornado
    (line,) = [c for c in charts if "lineChart" in c]
    assert "Results" in line
    series = len(re.findall(r"<(?:c:)?ser>", line))
    assert len(re.findall(r'<(?:c:)?smooth val="0"\s*/>', line)) == series  # straight
    # every series visible: the public value, when it is the fiscal benefit, is one line
    # with it (not drawn under it); else a dashed line of its own colour
    years = pb.project(_case("west_cheshire")).appraise().by_year
    public = years["fiscal"] - years["transfer_payment"] + years["economic"] + years["social"]
    if np.allclose(years["fiscal"].cumsum(), public.cumsum()):
        assert series == 2
        assert "= public value" in line
    else:
        assert series == 3
        assert 'prstDash val="dash"' in line


def test_the_cover_assumptions_and_prices_name_sources_and_traces(book: Any) -> None:
    from openpyxl import load_workbook

    workbook, path = book
    cached = load_workbook(path, data_only=True)
    cover = [c.value for row in cached["Cover"].iter_rows() for c in row if c.value]
    assert "Price base" in cover
    assert "2013/14 prices" in cover  # cached beside its formula
    assert any(str(v).startswith("placebudget ") for v in cover)
    assert any("3.50%" in str(v) for v in cover)  # the discount schedule's rates
    text = [c.value for row in workbook["Assumptions"].iter_rows() for c in row]
    assert "ucd:CR2.0.1" in text  # the trace: code, published, price year
    row = next(r for r in workbook["Assumptions"].iter_rows(values_only=True) if "ucd:CR2.0.1" in r)
    assert str(row[0]).endswith("fiscal › West Cheshire Clinical Commissioning Group")
    assert 1171.0 in row
    assert "2008/09" in row
    # the Inputs hold it as published in its price year; the Prices sheet uprates it
    inputs = list(workbook["Inputs"].iter_rows(values_only=True))
    assert any(1171.0 in r for r in inputs)
    assert any(2008 in r for r in inputs)
    prices = [v for r in cached["Prices"].iter_rows(values_only=True) for v in r]
    assert any(isinstance(v, float) and round(v, 2) == 1285.12 for v in prices)


def test_labels_a_finance_reader_understands(book: Any) -> None:
    workbook, _ = book
    agreements = [
        c.value
        for row in workbook["Agreements"].iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert "Rule: Shared by headcount (FTE in the joint team)" in agreements
    assert not [t for t in agreements if "ByHeadcount" in t or "FixedShares" in t]
    sheet = workbook["Agreements"]
    for label in ("In pennies", "Fraction of a penny", "Place in the queue"):
        rows = [
            c.row
            for row in sheet.iter_rows()
            for c in row
            if c.column == 1 and isinstance(c.value, str) and c.value.startswith(label)
        ]
        assert rows, label
        for r in rows:  # kept for audit, grouped and hidden
            assert sheet.row_dimensions[r].hidden, (label, r)
            assert sheet.row_dimensions[r].outlineLevel == 1
    summary = [c.value for row in workbook["Summary"].iter_rows(max_col=13) for c in row]
    assert "Cheshire Constabulary" in summary  # partners by name
    assert "police" not in summary  # ids only in keys and names


def test_a_model_too_large_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from placebudget.errors import ValidationError
    from placebudget.report import workbook

    results = pb.compute_results(pb.project(_case("northtown")), sensitivity=False)
    monkeypatch.setattr(workbook, "MAX_MODEL_CELLS", 1_000)
    with pytest.raises(
        ValidationError,
        match=r"about [\d,]+ cells, more than the limit of "
        r"1,000: write the value-only workbook instead \(--values-only",
    ):
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
@pytest.mark.parametrize(
    "name", [*EXAMPLES, "reinvesting", "reinvesting-uncapped", "disbenefit", "health"]
)
def test_the_recalculated_workbook_reproduces_the_engine(name: str, tmp_path: Path) -> None:
    case = (
        _reinvesting()
        if name == "reinvesting"
        else _reinvesting(None)
        if name == "reinvesting-uncapped"
        else _health()
        if name == "health"
        else _case(name)
    )
    _write(case, tmp_path / f"{name}.xlsx")
    compared = _assert_reproduces(_recalculate(tmp_path / f"{name}.xlsx", tmp_path), case)
    assert compared > (150 if name == "disbenefit" else 200)  # a three-year case: fewer
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
    change: str, tmp_path: Path
) -> None:
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
        changed = _change(
            case,
            0,
            effects=[
                attrs.evolve(effect, impact=effect.impact + 0.1),
                *case.interventions[0].effects[1:],
            ],
        )
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
        lines = [
            (i, k, line)
            for i, intervention in enumerate(case.interventions)
            for k, line in enumerate(intervention.costs)
            if line.amounts
        ]
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


@needs_office
@pytest.mark.parametrize("price_year", [2016, 2008])
def test_changing_the_price_base_cell_gives_the_engine_figures_at_that_price_base(
    price_year: int, tmp_path: Path
) -> None:
    """Published values, their price years and the deflator series live in the workbook;
    the price base cell reprices every figure as the engine does."""
    from openpyxl import load_workbook

    case = _case("west_cheshire")
    path = tmp_path / "model.xlsx"
    _write(case, path)
    book = load_workbook(path)
    cell = _input_cell(book, "price_base", 0)
    assert cell.value == case.price_year
    cell.value = price_year
    book.save(path)
    changed = attrs.evolve(case, price_year=price_year)
    before, after = pb.project(case).appraise(), pb.project(changed).appraise()
    assert after.pv_cost != pytest.approx(before.pv_cost)  # the change reprices the case
    recalculated = _recalculate(path, tmp_path)
    _assert_reproduces(recalculated, changed)
    # the value sheets were computed at the old price base: they say so
    status = recalculated["Sensitivity"]["A3"].value
    assert status.startswith("OUT OF DATE: 1 input cell"), status


@needs_office
def test_value_sheets_say_they_are_up_to_date_until_an_input_changes(tmp_path: Path) -> None:
    case = _case("northtown")
    path = tmp_path / "model.xlsx"
    _write(case, path)
    recalculated = _recalculate(path, tmp_path)
    assert recalculated["Sensitivity"]["A3"].value.startswith("Up to date")
    assert recalculated["Sensitivity"]["A2"].value.startswith("Values computed by placebudget")


@needs_office
@pytest.mark.parametrize("name", EXAMPLES)
def test_the_pack_prints_in_a_sensible_number_of_pages(name: str, tmp_path: Path) -> None:
    """The Summary on one landscape page (headed by its print titles), the whole pack in
    fewer pages than a sheet each of 30 rows would take."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _write(_case(name), tmp_path / f"{name}.xlsx")
    pdf = _office(tmp_path / f"{name}.xlsx", tmp_path, "pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    pages = [page for page in pages if page.strip()]
    summary = [page for page in pages if "Summary, page" in page]
    assert len(summary) == 1  # the Summary on one page
    assert len(pages) <= 26, len(pages)


def test_value_sheets_have_a_banner_and_native_charts(tmp_path: Path) -> None:
    """The Monte Carlo S-curves (percentiles 0 to 100 of NPBI and NPPV, straight lines,
    P(> 0) in the title) and forecast against actual, on sheets of values under a banner
    whose status cell is a formula."""
    from openpyxl import load_workbook

    from placebudget.engine.evaluation import evaluate
    from placebudget.examples import actuals_path
    from placebudget.io.actuals import load_actuals
    from placebudget.report.workbook import TABLE_ROW

    case = _case("west_cheshire")
    projection = pb.project(case)
    results = pb.compute_results(
        projection,
        uncertainty=pb.summarize(pb.simulate(case, draws=60, seed=3)),
        evaluation=evaluate(projection, load_actuals(actuals_path())),
    )
    path = tmp_path / "full.xlsx"
    write_workbook(results, path)
    book = load_workbook(path)
    for title in ("Sensitivity", "Monte Carlo", "Evaluation"):
        sheet = book[title]
        assert str(sheet["A2"].value).startswith("Values computed by placebudget")
        assert str(sheet["A3"].value).startswith("=IF(inputs_changed=0,")
        assert sheet.cell(row=TABLE_ROW, column=1).value  # the table's header below it
    column = [c.value for c in book["Monte Carlo"]["A"]]
    start = column.index("Share of draws at or below") + 1
    assert column[start : start + 101] == [k / 100 for k in range(101)]
    with zipfile.ZipFile(path) as archive:
        charts = [
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")
        ]
    (scatter,) = [c for c in charts if "scatterChart" in c]
    assert "P(NPBI &gt; 0) = " in scatter or "P(NPBI > 0) = " in scatter
    assert len(re.findall(r'<(?:c:)?smooth val="0"\s*/>', scatter)) == 2
    assert len(charts) == 8  # and the forecast against the actual
