"""``explain``: every figure's parts add up to the figure the engine gives, on every
bundled example, and the sources trace each value to the price base by hand."""

from __future__ import annotations

import pytest

import placebudget as pb
from placebudget.errors import UnknownReferenceError
from placebudget.examples import EXAMPLES, example_path
from placebudget.reference import deflator_series
from placebudget.report.explain import FIGURES, PARTNER_FIGURES, explain
from placebudget.report.tables import format_money


@pytest.fixture(scope="module", params=EXAMPLES)
def result(request: pytest.FixtureRequest) -> pb.Appraisal:
    return pb.project(pb.load_case(example_path(request.param))).appraise()


def _figures(result: pb.Appraisal) -> list[str]:
    return [*FIGURES, *(f"by_partner.{p}.{f}" for p in result.by_partner.index
                        for f in PARTNER_FIGURES)]


def test_every_figure_adds_up(result: pb.Appraisal) -> None:
    for figure in _figures(result):
        found = explain(result, figure)
        if figure.startswith("by_partner."):
            _, partner, name = figure.split(".")
            expected = float(result.by_partner.loc[partner, name])
        else:
            partner, name = None, figure
            expected = float(getattr(result, figure))
        assert found.value == pytest.approx(expected, rel=1e-12, nan_ok=True), figure
        tables = dict(found.tables)
        by_year = tables["By year"]
        for column in (c for c in by_year.columns if c.startswith("pv_")):
            leaf = column if partner is None or column in PARTNER_FIGURES else None
            total = float(by_year.loc["total", column])
            want = (float(getattr(result, column)) if partner is None else
                    float(result.by_partner.loc[partner, column]) if leaf else None)
            if want is not None:
                assert total == pytest.approx(want, rel=1e-9, abs=1e-6), (figure, column)
            flows = by_year.drop("total")
            plain = column.removeprefix("pv_")
            assert (flows[plain] * flows["discount_factor"]).sum() == pytest.approx(total)
        for title, frame in found.tables:
            if title.endswith("by effect") or title == "Cost by cost line":
                leaf = {"Fiscal benefit by effect": "pv_fiscal",
                        "Cashable benefit by effect": "pv_cashable",
                        "Transfer payments by effect": "pv_transfers",
                        "Economic benefit by effect": "pv_economic",
                        "Social benefit by effect": "pv_social",
                        "Cost by cost line": "pv_cost"}[title]
                want = (float(getattr(result, leaf)) if partner is None
                        else float(result.by_partner.loc[partner, leaf]))
                assert frame["present_value"].sum() == pytest.approx(
                    want, rel=1e-9, abs=1e-6), (figure, title)


def test_the_formula_puts_the_figures_in() -> None:
    result = pb.project(pb.load_case(example_path("west_cheshire"))).appraise()
    police = result.by_partner.loc["police"]
    found = explain(result, "by_partner.police.net")
    assert found.formula == (
        f"police: Net position = PV fiscal benefit − PV cost = "
        f"{format_money(police['pv_fiscal'])} − "
        f"{format_money(police['pv_cost'])} = {format_money(police['net'])}")
    assert explain(result, "bcr").formula.endswith(f"= {result.bcr:.2f}")
    lines = dict(explain(result, "by_partner.police.pv_cost").tables)["Cost by cost line"]
    assert list(lines.index) == ["joint_teams › costs › police_officers"]
    # 140,000 a year for three years, optimism bias 5 %, discounted at 3.5 %
    assert lines.loc["joint_teams › costs › police_officers", "present_value"] == \
        pytest.approx(140_000 * 1.05 * (1 + 1 / 1.035 + 1 / 1.035**2))


def test_sources_trace_each_value_to_the_price_base() -> None:
    result = pb.project(pb.load_case(example_path("west_cheshire"))).appraise()
    sources = dict(explain(result, "by_partner.police.pv_fiscal").tables)[
        "Where the values and costs come from"]
    assert list(sources.index) == ["domestic_abuse › repeat_domestic_abuse › fiscal › police",
                                   "joint_teams › anti_social_behaviour › fiscal › police"]
    row = sources.iloc[0]
    series = deflator_series("hmt-2025-12")
    factor = series.values[2013] / series.values[2008]
    assert row["given"] == "ucd:CR2.0.3"
    assert row["published"] == 415.0  # Unit Cost Database v1.2, CR2.0.3, 2008 prices
    assert row["price_year"] == 2008
    assert row["deflator_factor"] == pytest.approx(factor)
    assert row["uprated"] == pytest.approx(415.0 * factor)
    assert row["source"].startswith("CR2.0.3: Sylvia Walby")
    effects = dict(explain(result, "by_partner.police.pv_fiscal").tables)[
        "Fiscal benefit by effect"]
    assert effects.iloc[0]["value_per_unit"] == pytest.approx(415.0 * factor)


def test_unknown_figures_are_named_with_the_near_miss() -> None:
    result = pb.project(pb.load_case(example_path("west_cheshire"))).appraise()
    with pytest.raises(UnknownReferenceError, match=r"figure: did you mean 'npbi'\?"):
        explain(result, "npbx")
    with pytest.raises(UnknownReferenceError, match=r"partner of the case \(council, "):
        explain(result, "by_partner.fire.net")

