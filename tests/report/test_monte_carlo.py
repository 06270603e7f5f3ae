"""The Monte Carlo section, written in every report format and read back."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import placebudget as pb
from placebudget.engine.simulation import UncertaintySummary
from placebudget.errors import PluginError
from placebudget.examples import example_path
from placebudget.figures import FIGURES
from placebudget.plugin import get_plugin_registry
from placebudget.plugin.specs import ReporterSpec
from placebudget.report.frames import monte_carlo
from placebudget.report.tables import column_label


@pytest.fixture(scope="module")
def case() -> pb.Case:
    return pb.load_case(example_path("west_cheshire"))


@pytest.fixture(scope="module")
def result(case: pb.Case) -> pb.Appraisal:
    return pb.project(case).appraise()


@pytest.fixture(scope="module")
def uncertainty(case: pb.Case) -> UncertaintySummary:
    return pb.summarize(pb.simulate(case, draws=400, seed=11))


def write(result: pb.Appraisal, path: Path, uncertainty: UncertaintySummary) -> Path:
    registry = get_plugin_registry()
    results = pb.compute_results(result.projection, uncertainty=uncertainty, sensitivity=False)
    registry.write_report(registry.reporter_for(path), results, path)
    return path


def test_the_frames_carry_the_summary(uncertainty: UncertaintySummary) -> None:
    frames = monte_carlo(uncertainty)
    metrics = frames["monte_carlo"]
    assert metrics.loc["npbi", "mean"] == pytest.approx(float(uncertainty.metrics["npbi"].mean()))
    assert metrics.loc["npbi", "p5"] == pytest.approx(
        float(np.percentile(uncertainty.metrics["npbi"].to_numpy(), 5))
    )
    # the case has no risks, no transfers and no weights: those rows would only repeat
    assert {"pv_risk", "nppv_risk_adjusted", "nppv_weighted", "pv_transfers"}.isdisjoint(
        metrics.index
    )
    chances = frames["monte_carlo_chances"]["probability"]
    assert chances.iloc[0] == pytest.approx(float((uncertainty.metrics["npbi"] > 0).mean()))
    partners = frames["monte_carlo_partners"]
    # cjs bears no cost: its chance of an ROI above 1 is undefined, not 0
    assert np.isnan(partners.loc["cjs", "p_roi_above_1"])
    assert partners.loc["nhs", "p_net_positive"] == pytest.approx(
        float((uncertainty.metrics["partner_net"].sel(partner="nhs") > 0).mean())
    )
    inputs = frames["monte_carlo_inputs"]
    impact = "domestic_abuse › repeat_domestic_abuse › impact"
    assert inputs.loc[impact, "source"] == "stated in the case"
    assert inputs.loc[impact, "distribution"].startswith("pert: low 0.2, high 0.6")
    assert (
        inputs["source"].str.startswith("evidence grade")
        | (inputs["source"] == "stated in the case")
    ).all()


def test_markdown(result: pb.Appraisal, uncertainty: UncertaintySummary, tmp_path: Path) -> None:
    text = write(result, tmp_path / "case.md", uncertainty).read_text()
    section = text[text.index("## Uncertainty: Monte Carlo") :]
    assert "400 draws of" in section
    mean = float(uncertainty.metrics["npbi"].mean())
    assert f"| Net present budget impact | £{mean:,.0f} |" in section
    share = uncertainty.probabilities["npbi > 0"]
    assert f"| Net present budget impact above zero | {share:.1%} |" in section
    assert "| Courts, prosecution and prisons |" in section
    assert "| n/a |" in section
    assert (
        "| Integrated domestic abuse service › Repeat domestic abuse › impact | Rate | pert:"
        in section
    )
    without = get_plugin_registry().reporter_for(tmp_path / "plain.md")
    without.write(pb.compute_results(result.projection, sensitivity=False), tmp_path / "plain.md")
    assert "Monte Carlo" not in (tmp_path / "plain.md").read_text()


def test_html(result: pb.Appraisal, uncertainty: UncertaintySummary, tmp_path: Path) -> None:
    page = write(result, tmp_path / "case.html", uncertainty).read_text()
    assert "<h2>Uncertainty: Monte Carlo</h2>" in page
    for table in (
        "monte_carlo",
        "monte_carlo_chances",
        "monte_carlo_partners",
        "monte_carlo_inputs",
    ):
        assert f'data-table="{table}"' in page
    mean = float(uncertainty.metrics["npbi"].mean())
    assert f"£{mean:,.0f}" in page


def test_excel(result: pb.Appraisal, uncertainty: UncertaintySummary, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(write(result, tmp_path / "case.xlsx", uncertainty))
    first = book.sheetnames.index("Monte Carlo")
    assert book.sheetnames[first : first + 4] == [
        "Monte Carlo",
        "Monte Carlo - chances",
        "Monte Carlo - partners",
        "Monte Carlo - inputs",
    ]
    from placebudget.report.workbook import TABLE_ROW

    sheet = book["Monte Carlo"]  # a value sheet: its table under a banner
    header = [c.value for c in sheet[TABLE_ROW]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=TABLE_ROW + 1)}
    npbi, roi = FIGURES["npbi"].title, FIGURES["fiscal_roi"].title  # by label, not id
    cell = rows[npbi][header.index(column_label("mean"))]
    assert cell.value == pytest.approx(float(uncertainty.metrics["npbi"].mean()))
    assert cell.number_format.startswith('"£"#,##0')
    ratio = rows[roi][header.index(column_label("mean"))]
    assert ratio.number_format == "0.00"
    partners = book["Monte Carlo - partners"]
    header = [c.value for c in partners[TABLE_ROW]]
    share = partners.cell(
        row=TABLE_ROW + 1, column=header.index(column_label("p_net_positive")) + 1
    )
    assert share.number_format == "0.0%"


def test_json(result: pb.Appraisal, uncertainty: UncertaintySummary, tmp_path: Path) -> None:
    document = json.loads(write(result, tmp_path / "case.json", uncertainty).read_text())
    npbi = next(row for row in document["monte_carlo"] if row["metric"] == "npbi")
    assert npbi["p95"] == pytest.approx(
        float(np.percentile(uncertainty.metrics["npbi"].to_numpy(), 95))
    )
    cjs = next(row for row in document["monte_carlo_partners"] if row["partner"] == "cjs")
    assert cjs["p_roi_above_1"] is None
    assert len(document["monte_carlo_inputs"]) == len(uncertainty.inputs)


def test_csv(result: pb.Appraisal, uncertainty: UncertaintySummary, tmp_path: Path) -> None:
    table = pd.read_csv(write(result, tmp_path / "case.csv", uncertainty), keep_default_na=False)
    npbi = table[(table["table"] == "monte_carlo") & (table["figure"] == "npbi")]
    rows = pd.to_numeric(npbi.set_index("statistic")["value"])
    assert list(rows.index) == ["mean", "sd", "p5", "p50", "p95"]
    # money is written to the penny
    assert rows["mean"] == pytest.approx(float(uncertainty.metrics["npbi"].mean()), abs=0.005)
    chance = table[table["table"] == "monte_carlo_chances"].set_index("statistic")
    assert float(chance.loc["npbi > 0", "value"]) == pytest.approx(
        uncertainty.probabilities["npbi > 0"]
    )
    # the report's other rows are all still there, unchanged
    plain = get_plugin_registry().reporter_for(tmp_path / "plain.csv")
    plain.write(pb.compute_results(result.projection, sensitivity=False), tmp_path / "plain.csv")
    before = pd.read_csv(tmp_path / "plain.csv", keep_default_na=False)
    assert len(table[~table["table"].str.startswith("monte_carlo")]) == len(before)


def test_netcdf(result: pb.Appraisal, uncertainty: UncertaintySummary, tmp_path: Path) -> None:
    path = write(result, tmp_path / "case.nc", uncertainty)
    with xr.open_dataset(path, engine="h5netcdf", group="monte_carlo") as group:
        npbi = group["npbi"].to_numpy()
        attrs = dict(group.attrs)
    np.testing.assert_allclose(npbi, uncertainty.metrics["npbi"].to_numpy())
    assert any(
        float(v) == pytest.approx(uncertainty.probabilities["npbi > 0"])
        for v in attrs.values()
        if isinstance(v, (float, np.floating))
    )


def test_a_writer_that_cannot_take_an_option_is_refused(
    result: pb.Appraisal, uncertainty: UncertaintySummary, tmp_path: Path
) -> None:
    def only_the_results(results: object, path: Path) -> None:
        Path(path).write_text("written")

    spec = ReporterSpec(
        name="plain",
        suffix=".txt",
        write=only_the_results,
        description="a writer that takes no option",
    )
    target = tmp_path / "case.txt"
    registry = get_plugin_registry()
    results = pb.compute_results(result.projection, uncertainty=uncertainty, sensitivity=False)
    with pytest.raises(PluginError, match=r"cannot show values_only.*was not written"):
        registry.write_report(spec, results, target, values_only=True)
    assert not target.exists()
    registry.write_report(spec, results, target, values_only=None)  # nothing to refuse
    assert target.read_text() == "written"


def test_a_writer_of_the_earlier_signature_gets_the_appraisal_and_a_warning(
    result: pb.Appraisal, uncertainty: UncertaintySummary, tmp_path: Path
) -> None:
    seen: list[object] = []

    def earlier(
        result: object, path: Path, *, evaluation: object = None, uncertainty: object = None
    ) -> None:
        seen.extend([result, uncertainty])
        Path(path).write_text("written")

    spec = ReporterSpec(
        name="earlier",
        suffix=".txt",
        write=earlier,
        description="a writer of the earlier signature",
    )
    results = pb.compute_results(result.projection, uncertainty=uncertainty, sensitivity=False)
    with pytest.warns(DeprecationWarning, match="write\\(results, path\\)"):
        get_plugin_registry().write_report(spec, results, tmp_path / "case.txt")
    assert seen == [results.appraisal, uncertainty]
