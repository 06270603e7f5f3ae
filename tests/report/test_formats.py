"""Every report format written, then read back (or rendered in a real browser)."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import attrs
import numpy as np
import pandas as pd
import pytest
import xarray as xr

import placebudget as pb
from placebudget.engine import dims as D
from placebudget.examples import example_path
from placebudget.figures import FIGURES
from placebudget.plugin import get_plugin_registry
from placebudget.report import report_contents
from placebudget.report.data import write_netcdf
from placebudget.report.tables import column_label
from placebudget.testing import fresh_plugin_registry

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def results() -> pb.Results:
    return pb.compute_results(pb.project(pb.load_case(example_path("west_cheshire"))))


@pytest.fixture(scope="module")
def result(results: pb.Results) -> pb.Appraisal:
    return results.appraisal


def write(results: pb.Results, path: Path) -> Path:
    get_plugin_registry().reporter_for(path).write(results, path)
    return path


def test_every_format_is_registered() -> None:
    with fresh_plugin_registry():  # the built-in plugins only, whatever else is installed
        registered = get_plugin_registry().reporters()
    assert {name: p.spec.suffix for name, p in registered.items()} == {
        "csv": ".csv",
        "excel": ".xlsx",
        "html": ".html",
        "json": ".json",
        "latex": ".tex",
        "markdown": ".md",
        "netcdf": ".nc",
        "word": ".docx",
    }


def test_excel_workbook_values_only(
    results: pb.Results, result: pb.Appraisal, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from placebudget.report.excel import write_excel

    write_excel(results, tmp_path / "case.xlsx", values_only=True)
    book = load_workbook(tmp_path / "case.xlsx")
    assert book.sheetnames == [
        "What failure costs",
        "Cost per member",
        "Summary",
        "Optimism bias",
        "Interventions appraised",
        "Partners",
        "Years",
        "Outcomes",
        "Value for money",
        "Interventions",
        "Cost per outcome",
        "Agreements",
        "Pooled budget",
        "Pooled budget - uses",
        "Sensitivity",
        "Inputs - effects",
        "Inputs - costs",
        "Assumptions",
    ]
    first = book["What failure costs"]
    header = [c.value for c in first[1]]
    assert header == [
        column_label(c)
        for c in (
            "partner",
            "reactive_as_is",
            "investment",
            "saving",
            "saving_share",
            "reactive_with_programme",
        )
    ]
    rows = {row[0].value: [c.value for c in row] for row in first.iter_rows(min_row=2)}
    names = {p.id: p.name for p in result.projection.case.place.partners}
    # a sheet is read by people: partners by name, never by id
    assert list(rows) == [*(names[p] for p in result.by_partner.index), "Total"]
    assert rows["Total"][1] == pytest.approx(result.pv_baseline_cost)
    assert rows["Total"][4] == pytest.approx(result.baseline_saving_share)
    assert first.cell(row=2, column=5).number_format == "0.0%"
    (chart,) = first._charts  # the bar chart by partner, read back from the file
    assert len(chart.series) == 3
    summary = book["Summary"]
    assert [c.value for c in summary[1]] == ["Figure", "Value", "Unit"]  # no id column
    rows = {row[0].value: row for row in summary.iter_rows(min_row=2)}
    npbi, roi = FIGURES["npbi"].title, FIGURES["fiscal_roi"].title
    assert rows[npbi][1].value == pytest.approx(result.npbi)
    assert rows[npbi][1].number_format.startswith('"£"#,##0')
    assert rows[roi][1].number_format == "0.00"
    assert summary.freeze_panes == "B2"
    assert all(cell.font.bold for cell in summary[1])
    partners = book["Partners"]
    header = [c.value for c in partners[1]]
    assert header[:4] == ["Partner", "Kind", "Department", "PV cost"]
    column = header.index(column_label("pv_fiscal")) + 1
    values = [partners.cell(row=r, column=column).value for r in range(2, 7)]
    assert values == pytest.approx(result.by_partner["pv_fiscal"].to_list())
    assert partners.column_dimensions["C"].width > 10  # fitted to the department names
    agreements = book["Agreements"]
    assert agreements.max_row == 1 + 5 * 5  # partners × (as modelled + four options)
    assert book["Years"].cell(row=2, column=1).value == "2013/14"  # financial years


def test_csv_holds_the_figures_as_tidy_rows(
    results: pb.Results, result: pb.Appraisal, tmp_path: Path
) -> None:
    from placebudget.report.data import CSV_COLUMNS

    table = pd.read_csv(write(results, tmp_path / "case.csv"), keep_default_na=False)
    assert tuple(table.columns) == CSV_COLUMNS
    assert list(dict.fromkeys(table["table"])) == [
        "headline",
        "optimism_bias",
        "partners",
        "years",
        "agreements",
        "pooled_budget",
        "beyond_horizon",
    ]
    # the optimism bias table named, with its status, and the headline without it
    bias = table[table["table"] == "optimism_bias"]
    named = bias[bias["statistic"] == ""].set_index("figure")["value"]
    assert named["optimism_bias_table"] == "gm-cba-2014"
    assert named["optimism_bias_status"] == "values not confirmed from the published guidance"
    figures = bias[bias["statistic"] != ""].set_index(["statistic", "figure"])["value"]
    assert float(figures[("with", "npbi")]) == pytest.approx(result.npbi, abs=0.005)
    assert results.optimism_bias is not None
    assert float(figures[("without", "npbi")]) == pytest.approx(
        results.optimism_bias.loc["without", "npbi"], abs=0.005
    )
    headline = table[table["table"] == "headline"].set_index("figure")
    assert float(headline.loc["npbi", "value"]) == pytest.approx(result.npbi, abs=0.005)
    assert headline.loc["npbi", "unit"] == "GBP"
    assert headline.loc["payback_year", "value"] == "2016"  # a financial year, as an int
    partners = table[table["table"] == "partners"].set_index(["partner", "figure"])
    assert partners.loc[("police", "net"), "partner_name"] == "Cheshire Constabulary"
    assert float(partners.loc[("police", "net"), "value"]) == pytest.approx(
        result.by_partner.loc["police", "net"], abs=0.005
    )
    # every partner's contribution, net and worse-off flag under every option
    agreements = table[table["table"] == "agreements"]
    options = ["as modelled", *results.settlements]
    assert set(agreements["option"]) == set(options)
    assert len(agreements) == 5 * len(options) * 4
    for option, settlement in results.settlements.items():
        rows = agreements[agreements["option"] == option].set_index(["partner", "figure"])
        for partner, row in settlement.by_partner.iterrows():
            assert float(rows.loc[(partner, "pv_contribution"), "value"]) == pytest.approx(
                row["pv_contribution"], abs=0.005
            )
            assert float(rows.loc[(partner, "net"), "value"]) == pytest.approx(
                row["net"], abs=0.005
            )
            assert rows.loc[(partner, "worse_off"), "value"] == str(int(row["net"] < 0))
    pooled = table[table["table"] == "pooled_budget"]
    mixed = pooled[(pooled["option"] == "mixed") & (pooled["partner"] == "council")]
    contributions = results.settlements["mixed"].contributions.loc["council"]
    assert [int(y) for y in mixed["year"]] == [int(y) for y in contributions.index]
    assert [float(v) for v in mixed["value"]] == pytest.approx(contributions.to_list())
    # money to the penny, never a float's tail
    values = table.loc[table["unit"] == "GBP", "value"]
    assert all(len(v.partition(".")[2]) <= 2 for v in values if v)


def test_csv_projection_is_the_raw_projection(
    results: pb.Results, result: pb.Appraisal, tmp_path: Path
) -> None:
    from placebudget.report.data import write_csv

    write_csv(results, tmp_path / "case.csv", projection=True)
    table = pd.read_csv(tmp_path / "case.csv", keep_default_na=False)
    assert list(table.columns) == [
        "variable",
        "intervention",
        "intervention_name",
        "partner",
        "partner_name",
        "year",
        "outcome",
        "outcome_name",
        "value",
        "units",
    ]
    ds = result.projection.dataset
    cost = table[table["variable"] == "cost"]
    assert len(cost) == ds.sizes[D.PARTNER] * ds.sizes[D.YEAR]
    assert cost["value"].sum() == pytest.approx(float(ds[D.COST].sum()))
    assert set(cost.loc[cost["partner"] == "police", "partner_name"]) == {"Cheshire Constabulary"}
    fiscal = table[table["variable"] == "fiscal"]
    assert len(fiscal) == ds.sizes[D.PARTNER] * ds.sizes[D.YEAR] * ds.sizes[D.OUTCOME]
    assert set(fiscal["units"]) == {"GBP"}
    assert "Repeat domestic abuse" in set(fiscal["outcome_name"])
    assert set(table[table["variable"] == "participants"]["partner"]) == {""}
    baseline = table[table["variable"] == "baseline_cost"]
    assert len(baseline) == len(fiscal)
    assert baseline["value"].sum() == pytest.approx(float(ds[D.BASELINE_COST].sum()))


def _walk(node: object) -> list[object]:
    """Every value in a JSON document."""
    if isinstance(node, dict):
        return [node, *(v for value in node.values() for v in _walk(value))]
    if isinstance(node, list):
        return [node, *(v for value in node for v in _walk(value))]
    return [node]


def test_json(results: pb.Results, result: pb.Appraisal, tmp_path: Path) -> None:
    text = write(results, tmp_path / "case.json").read_text()
    document = json.loads(text)
    assert document["summary"]["npbi"] == pytest.approx(result.npbi, abs=0.005)
    assert document["price_base"] == 2013
    assert document["price_base_label"] == "2013/14"
    assert list(document)[:4] == ["$schema", "placebudget", "case", "place"]
    assert [p["partner"] for p in document["partners"]] == list(result.by_partner.index)
    cjs = next(p for p in document["partners"] if p["partner"] == "cjs")
    assert cjs["roi"] is None  # no cost borne: no ROI, written as null
    police = next(p for p in document["partners"] if p["partner"] == "police")
    assert police["partner_name"] == "Cheshire Constabulary"  # names beside ids
    assert "Cheshire Constabulary" in text
    assert len(document["agreements"]) == 25
    total = document["as_is"][-1]
    assert total["partner"] == "total"
    assert total["reactive_as_is"] == pytest.approx(result.pv_baseline_cost, abs=0.005)
    pot = [row for row in document["pooled_budget"] if row["partner"] == "pot"]
    assert len(pot) == 4  # one pot per option
    assert all(row["share_of_pot"] == 1.0 for row in pot)


def test_json_names_every_id(results: pb.Results, tmp_path: Path) -> None:
    document = json.loads(write(results, tmp_path / "case.json").read_text())
    seen = set()
    for name, rows in document.items():
        if not isinstance(rows, list):
            continue
        for row in rows:
            for column in ("partner", "intervention", "outcome", "effect", "input", "payer"):
                if column in row:
                    seen.add(column)
                    assert f"{column}_name" in row, (name, column)
    assert {"partner", "intervention", "outcome", "effect", "input"} <= seen
    effects = {(r["intervention"], r["outcome"]): r for r in document["effects"]}
    assert (
        effects[("domestic_abuse", "repeat_domestic_abuse")]["outcome_name"]
        == "Repeat domestic abuse"
    )
    # the table of interventions appraised shows names: the JSON has the id beside
    first = document["interventions_appraised"][0]
    assert (first["intervention"], first["intervention_name"]) == (
        "domestic_abuse",
        "Integrated domestic abuse service",
    )
    sensitivity = document["sensitivity"][0]
    assert sensitivity["input_name"].startswith("Integrated domestic abuse service › ")


def test_json_has_one_year_convention(results: pb.Results, tmp_path: Path) -> None:
    document = json.loads(write(results, tmp_path / "case.json").read_text())
    label = re.compile(r"^\d{4}/\d{2}$")
    for value in _walk(document):
        if isinstance(value, dict) and value is not document["summary_year_labels"]:
            # no financial year as a key: the pooled budget's years are rows
            assert not any(label.match(str(key)) for key in value), list(value)
            for key, year in value.items():
                if isinstance(year, list | dict):
                    continue
                if key == "year" or key.endswith("_year"):
                    assert year is None or isinstance(year, int), (key, year)
                    label_key = "year_label" if key == "year" else f"{key}_label"
                    if key != "price_base" and isinstance(year, int) and label_key in value:
                        assert value[label_key] == f"{year}/{(year + 1) % 100:02d}"
    by_year = document["pooled_budget_by_year"]
    mixed = [r for r in by_year if r["option"] == "mixed" and r["partner"] == "council"]
    contributions = results.settlements["mixed"].contributions.loc["council"]
    assert [r["year"] for r in mixed] == [int(y) for y in contributions.index]
    assert mixed[0]["year_label"] == "2013/14"
    assert [r["amount"] for r in mixed] == pytest.approx(contributions.to_list())
    assert {r["year"] for r in document["years"]} == {2013, 2014, 2015, 2016, 2017}
    uses = document["pot_uses_by_year"]
    assert {r["category"] for r in uses} == {"running", "intervention"}
    cost_per_member = document["per_member_by_partner"]
    assert {r["partner"] for r in cost_per_member} >= {"council", "police"}
    assert all("partner_name" in r for r in cost_per_member)


def test_json_money_is_to_the_penny(results: pb.Results, tmp_path: Path) -> None:
    from placebudget.figures import FIGURES

    text = write(results, tmp_path / "case.json").read_text()
    document = json.loads(text)
    assert "1522888.8800000001" not in text
    assert document["pooled_budget"][0]["total"] == 1522888.89
    money = [name for name, found in FIGURES.items() if found.money]
    for value in _walk(document):
        if isinstance(value, dict):
            for key, amount in value.items():
                people = "cohort_unit" in value  # an amount of people, not money
                if (key in money or (key == "amount" and not people)) and isinstance(amount, float):
                    assert round(amount, 2) == amount, (key, amount)
    # only money: a share or a ratio keeps its precision
    assert document["summary"]["fiscal_roi"] == pytest.approx(
        results.appraisal.fiscal_roi, rel=1e-12
    )


def test_json_holds_the_optimism_bias_applied(results: pb.Results, tmp_path: Path) -> None:
    document = json.loads(write(results, tmp_path / "case.json").read_text())
    projection = results.projection
    applied = dict(
        zip(
            projection.input_values(D.EFFECT_PATH),
            projection.input_values(D.BENEFIT_OPTIMISM_BIAS),
            strict=True,
        )
    )
    # West Cheshire gives no effect an explicit optimism bias: 15 % from grade 4
    assert [e["optimism_bias"] for e in document["effects"]] == pytest.approx(
        list(applied.values())
    )
    assert document["effects"][0]["optimism_bias"] == pytest.approx(0.15)
    assert all(e["optimism_bias"] is not None for e in document["effects"])
    lines = dict(
        zip(
            projection.input_values(D.LINE_PATH),
            projection.input_values(D.COST_OPTIMISM_BIAS),
            strict=True,
        )
    )
    assert [c["optimism_bias"] for c in document["costs"]] == pytest.approx(list(lines.values()))
    police = next(c for c in document["costs"] if c["partner"] == "police")
    assert police["amounts"] == [
        {"year": y, "year_label": f"{y}/{(y + 1) % 100:02d}", "amount": 140000.0}
        for y in (2013, 2014, 2015)
    ]


def test_netcdf_round_trip(results: pb.Results, result: pb.Appraisal, tmp_path: Path) -> None:
    path = write(results, tmp_path / "case.nc")
    with xr.open_dataset(path, engine="h5netcdf") as back:
        back = back.load()
    expected = result.projection.dataset
    xr.testing.assert_allclose(back, expected)
    assert back[D.COST].attrs["units"] == "GBP"
    assert list(back[D.PARTNER_KIND].to_numpy()) == list(expected[D.PARTNER_KIND].to_numpy())


def test_a_failed_write_leaves_no_file(result: pb.Appraisal, tmp_path: Path) -> None:
    target = tmp_path / "case.nc"
    target.write_text("the previous report")
    broken = result.projection.dataset.copy()
    broken.attrs["not storable"] = {"a": 1}  # netCDF attributes cannot be dicts
    projection = attrs.evolve(result.projection, dataset=broken)
    with pytest.raises(TypeError):
        write_netcdf(pb.compute_results(projection, sensitivity=False), target)
    assert target.read_text() == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.nc"]


def test_output_files_have_the_usual_permissions(results: pb.Results, tmp_path: Path) -> None:
    path = write(results, tmp_path / "case.md")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("PLACEBUDGET_REQUIRE_BROWSER"),
    reason="Chromium is not installed (CI installs Debian's chromium)",
)
def test_html_renders_in_headless_chromium(
    results: pb.Results, result: pb.Appraisal, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None, "PLACEBUDGET_REQUIRE_BROWSER is set but chromium is missing"
    page_path = write(results, tmp_path / "case.html")
    text = page_path.read_text()
    # self-contained: no scripts and nothing fetched (XML namespaces are only names)
    assert "<script" not in text
    assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?https?:""", text)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_path.as_uri())
            shot = tmp_path / "case.png"
            page.screenshot(path=str(shot), full_page=True)
            charts = page.eval_on_selector_all(
                "svg.chart",
                "els => els.map(e => [e.dataset.chart, "
                "e.getBoundingClientRect().width, e.getBoundingClientRect().height])",
            )
            tables = page.eval_on_selector_all("table", "els => els.map(e => e.dataset.table)")
            headline = page.inner_text("table[data-table=summary]")
            title = page.title()
        finally:
            browser.close()
    from placebudget.report.outline import Chart

    drawn = [
        b.name for s in report_contents(results).sections for b in s.blocks if isinstance(b, Chart)
    ]
    assert [c[0] for c in charts] == drawn
    assert drawn == [
        "as_is",
        "partners",
        "cumulative",
        "outcomes",
        "tornado",
        "partner_nets",
        "flows",
    ]
    assert all(width > 200 and height > 100 for _, width, height in charts)
    shown = report_contents(results).tables("human")
    expected = [name for name, t in shown.items() for _ in t.parts()]
    assert tables == expected
    assert tables[:4] == ["summary", "optimism_bias", "as_is", "per_member"]
    assert "Net present budget impact" in headline
    assert "£1,136,400" in headline
    assert title == result.projection.dataset.attrs["case"]
    assert shot.stat().st_size > 50_000
    # the screenshot is a real picture, not a blank page
    from matplotlib.image import imread

    pixels = imread(shot)
    assert np.unique(pixels.reshape(-1, pixels.shape[-1]), axis=0).shape[0] > 50


@pytest.mark.parametrize("suffix", [".html", ".md", ".json", ".csv", ".tex"])
def test_a_report_written_twice_is_the_same_bytes(
    results: pb.Results, tmp_path: Path, suffix: str
) -> None:
    # A board paper re-run from the same case must diff clean: no random chart ids.
    first = write(results, tmp_path / f"first{suffix}").read_bytes()
    second = write(results, tmp_path / f"second{suffix}").read_bytes()
    assert first == second
    if suffix == ".html":
        clips = re.findall(rb'<clipPath id="([^"]+)"', first)
        assert clips
        assert len(clips) == len(set(clips))  # unique between the charts


@pytest.mark.parametrize("suffix", [".xlsx", ".json", ".csv", ".nc", ".html", ".md"])
def test_every_format_has_the_evaluation(result: pb.Appraisal, tmp_path: Path, suffix: str) -> None:
    from placebudget.engine.evaluation import evaluate
    from placebudget.examples import actuals_path
    from placebudget.io.actuals import load_actuals

    evaluation = evaluate(result.projection, load_actuals(actuals_path()))
    path = tmp_path / f"evaluation{suffix}"
    get_plugin_registry().reporter_for(path).write(
        pb.compute_results(result.projection, evaluation=evaluation, sensitivity=False), path
    )
    actual = evaluation.outcomes["actual_change"].tolist()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        from placebudget.report.workbook import TABLE_ROW

        sheet = load_workbook(path)["Evaluation"]  # a value sheet: its table under a banner
        header = [c.value for c in sheet[TABLE_ROW]]
        column = header.index(column_label("actual_change"))
        got = [
            r[column].value
            for r in sheet.iter_rows(min_row=TABLE_ROW + 1)
            if r[column].value is not None
        ][: len(actual)]
        assert got == pytest.approx(actual)
    elif suffix == ".json":
        document = json.loads(path.read_text())
        assert document["evaluation_basis"] == "net of comparison group"
        assert [r["actual_change"] for r in document["evaluation"]] == pytest.approx(actual)
        assert [r["year_label"] for r in document["evaluation"]] == ["2013/14"] * 3
        estimates = {r["outcome"]: r for r in document["evaluation_estimates"]}
        assert estimates["repeat_domestic_abuse"]["net_impact_observed"] == pytest.approx(
            evaluation.estimates.loc["repeat_domestic_abuse", "net_impact_observed"]
        )
        assert document["evaluation_totals"]["actual_cost"] == 382000.0
    elif suffix == ".csv":
        table = pd.read_csv(path, keep_default_na=False)
        rows = table[(table["table"] == "evaluation") & (table["figure"] == "actual_change")]
        assert pd.to_numeric(rows["value"]).tolist() == pytest.approx(actual)
        assert rows["period"].tolist() == evaluation.outcomes["period"].tolist()
        assert rows["outcome_name"].tolist()[0] == "Repeat domestic abuse"
        fiscal = table[(table["table"] == "evaluation_fiscal") & (table["figure"] == "realised")]
        assert pd.to_numeric(fiscal["value"]).sum() == pytest.approx(
            evaluation.totals["realised_fiscal"], abs=0.05
        )
    elif suffix == ".nc":
        with xr.open_dataset(path, engine="h5netcdf", group="evaluation/outcomes") as group:
            assert group["actual_change"].to_numpy().tolist() == pytest.approx(actual)
    else:
        text = path.read_text()
        assert "Evaluation: forecast against actual (net of comparison group)" in text


def test_every_report_opens_with_its_summary_then_what_failure_costs(tmp_path: Path) -> None:
    results = pb.compute_results(
        pb.project(pb.load_case(example_path("troubled_families"))), sensitivity=False
    )
    text = write(results, tmp_path / "case.md").read_text()
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections[:2] == ["## Summary", "## What failure costs today and who pays"]
    assert "| **Total** | **£45,110,003** |" in text
    assert "- One family of the cohort of Family key workers costs £21,098 a year as is" in text
    assert "Costed families: a year of service contacts" in text
    assert "| Family A | police | £8,622 | £271 | £8,352 |" in text
    page = write(results, tmp_path / "case.html").read_text()
    assert page.index("Headline figures") < page.index("What failure costs today and who pays")
    assert 'data-chart="as_is"' in page
    assert 'data-table="case_studies"' in page


def test_the_pooled_budget_is_in_every_table_format(
    results: pb.Results, result: pb.Appraisal, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    text = write(results, tmp_path / "case.md").read_text()
    assert "### The pooled budget" in text
    assert text.count("#### What the pot pays for: ") == 4  # one per option
    from placebudget.report.excel import write_excel

    write_excel(results, tmp_path / "case.xlsx", values_only=True)  # the live model's
    sheet = load_workbook(tmp_path / "case.xlsx")["Pooled budget"]  # is its Agreements
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Option", "Partner", "2013/14", "2014/15"]
    pots = [
        row
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[1] == "Pot (all partners)"
    ]
    assert len(pots) == 4
    cost = float(result.projection.dataset["cost"].sum(("partner", "year")))
    assert pots[0][header.index(column_label("total"))] == pytest.approx(cost, abs=0.05)


def test_every_writer_keeps_people_by_intervention(results: pb.Results, tmp_path: Path) -> None:
    # West Cheshire: 210, 245, 245 households (domestic abuse) and 320 families a year
    # (joint teams), never added up
    from placebudget.report.data import report_document, write_csv

    households, families = [210, 245, 245, 0, 0], [320, 320, 320, 0, 0]
    nc = write(results, tmp_path / "case.nc")
    with xr.open_dataset(nc, engine="h5netcdf") as back:
        participants = back[D.PARTICIPANTS].load()
    assert participants.dims == (D.INTERVENTION, D.YEAR)
    assert list(participants[D.COHORT_UNIT].to_numpy()) == ["household", "family"]
    np.testing.assert_allclose(participants.sel(intervention="domestic_abuse"), households)
    write_csv(results, tmp_path / "raw.csv", projection=True)
    raw = pd.read_csv(tmp_path / "raw.csv", keep_default_na=False)
    rows = raw[raw["variable"] == D.PARTICIPANTS]
    assert len(rows) == 2 * 5  # an intervention × year each
    joint = rows[rows["intervention"] == "joint_teams"]
    assert list(joint["value"]) == families
    assert set(joint["units"]) == {"family"}
    assert set(joint["intervention_name"]) == {"Integrated early support joint teams"}
    document = report_document(results)
    assert [(r["intervention"], r["cohort_unit"]) for r in document["participants"]] == [
        ("domestic_abuse", "household"),
        ("joint_teams", "family"),
    ]
    by_year = [
        r["amount"] for r in document["participants_by_year"] if r["intervention"] == "joint_teams"
    ]
    np.testing.assert_allclose(by_year, families)
    # no total of households and families in the table by year
    assert all(D.PARTICIPANTS not in row for row in document["years"])
    write_csv(results, tmp_path / "report.csv")
    assert D.PARTICIPANTS not in set(pd.read_csv(tmp_path / "report.csv")["figure"])


def test_reports_show_people_by_intervention_with_their_units() -> None:
    from placebudget.model import Reinvestment
    from placebudget.report.markdown import render_markdown

    west = render_markdown(
        pb.compute_results(pb.project(pb.load_case(example_path("west_cheshire"))))
    )
    assert "| Integrated domestic abuse service | household | 210 | 245 | 245 | 0 | 0 |" in west
    assert "| Integrated early support joint teams | family | 320 | 320 | 320 | 0 | 0 |" in west
    assert "they are not added up, as they count different units" in west
    assert "| Year | Participants |" not in west
    # Northtown's cohorts both count families: the table by year adds them (120 + 360)
    case = pb.load_case(example_path("northtown"))
    north = render_markdown(pb.compute_results(pb.project(case)))
    assert "(each counts a family); their total is in the table by year" in north
    assert "| 2024/25 | 480 |" in north
    assert "bought by reinvesting cashable savings, by intervention" not in north
    plan = Reinvestment(share=0.5, into=case.interventions[0].id, partners=("police", "nhs"))
    reinvesting = attrs.evolve(case, reinvestment=plan)
    shown = render_markdown(pb.compute_results(pb.project(reinvesting)))
    assert "bought by reinvesting cashable savings, by intervention:" in shown
    assert "| Whole-family support | family | 0 | 0.8 | 1.6 | 1.7 | 0.8 |" in shown
