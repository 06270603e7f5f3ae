"""``explain``: every figure's parts add up to the figure the engine gives, on every
bundled example, and the sources trace each value to the price base by hand."""

from __future__ import annotations

import pytest

import placebudget as pb
from placebudget.errors import UnknownReferenceError
from placebudget.examples import EXAMPLES, example_path
from placebudget.reference import deflator_series
from placebudget.report.explain import (
    AGREEMENT_FIGURES,
    FIGURES,
    PARTNER_FIGURES,
    PAYBACK_FIGURES,
    explain,
)
from placebudget.report.tables import format_money


@pytest.fixture(scope="module", params=EXAMPLES)
def result(request: pytest.FixtureRequest) -> pb.Appraisal:
    return pb.project(pb.load_case(example_path(request.param))).appraise()


def _figures(result: pb.Appraisal) -> list[str]:
    return [
        *FIGURES,
        *(f"by_partner.{p}.{f}" for p in result.by_partner.index for f in PARTNER_FIGURES),
    ]


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
            want = (
                float(getattr(result, column))
                if partner is None
                else float(result.by_partner.loc[partner, column])
                if leaf
                else None
            )
            if want is not None:
                assert total == pytest.approx(want, rel=1e-9, abs=1e-6), (figure, column)
            flows = by_year.drop("total")
            plain = column.removeprefix("pv_")
            assert (flows[plain] * flows["discount_factor"]).sum() == pytest.approx(total)
        for title, frame in found.tables:
            if title.endswith("by effect") or title == "Cost by cost line":
                leaf = {
                    "Fiscal benefit by effect": "pv_fiscal",
                    "Cashable benefit by effect": "pv_cashable",
                    "Transfer payments by effect": "pv_transfers",
                    "Economic benefit by effect": "pv_economic",
                    "Social benefit by effect": "pv_social",
                    "Cost by cost line": "pv_cost",
                }[title]
                want = (
                    float(getattr(result, leaf))
                    if partner is None
                    else float(result.by_partner.loc[partner, leaf])
                )
                assert frame["present_value"].sum() == pytest.approx(want, rel=1e-9, abs=1e-6), (
                    figure,
                    title,
                )


def test_the_formula_puts_the_figures_in() -> None:
    result = pb.project(pb.load_case(example_path("west_cheshire"))).appraise()
    police = result.by_partner.loc["police"]
    found = explain(result, "by_partner.police.net")
    assert found.formula == (
        f"Cheshire Constabulary: Net position = PV fiscal benefit − PV cost = "
        f"{format_money(police['pv_fiscal'])} − "
        f"{format_money(police['pv_cost'])} = {format_money(police['net'])}"
    )
    assert explain(result, "bcr").formula.endswith(f"= {result.bcr:.2f}")
    lines = dict(explain(result, "by_partner.police.pv_cost").tables)["Cost by cost line"]
    assert list(lines.index) == ["joint_teams › costs › police_officers"]
    # 140,000 a year for three years, optimism bias 5 %, discounted at 3.5 %
    assert lines.loc["joint_teams › costs › police_officers", "present_value"] == pytest.approx(
        140_000 * 1.05 * (1 + 1 / 1.035 + 1 / 1.035**2)
    )


def test_sources_trace_each_value_to_the_price_base() -> None:
    result = pb.project(pb.load_case(example_path("west_cheshire"))).appraise()
    sources = dict(explain(result, "by_partner.police.pv_fiscal").tables)[
        "Where the values and costs come from"
    ]
    assert list(sources.index) == [
        "domestic_abuse › repeat_domestic_abuse › fiscal › police",
        "joint_teams › anti_social_behaviour › fiscal › police",
    ]
    row = sources.iloc[0]
    series = deflator_series("hmt-2025-12")
    factor = series.values[2013] / series.values[2008]
    assert row["given"] == "ucd:CR2.0.3"
    assert row["published"] == 415.0  # Unit Cost Database v1.2, CR2.0.3, 2008 prices
    assert row["price_year"] == 2008
    assert row["deflator_factor"] == pytest.approx(factor)
    assert row["uprated"] == pytest.approx(415.0 * factor)
    assert row["source"].startswith("ucd-v1.2 CR2.0.3: Sylvia Walby")
    effects = dict(explain(result, "by_partner.police.pv_fiscal").tables)[
        "Fiscal benefit by effect"
    ]
    assert effects.iloc[0]["value_per_unit"] == pytest.approx(415.0 * factor)


def test_unknown_figures_are_named_with_the_near_miss() -> None:
    result = pb.project(pb.load_case(example_path("west_cheshire"))).appraise()
    with pytest.raises(UnknownReferenceError, match=r"figure: did you mean 'npbi'\?"):
        explain(result, "npbx")
    with pytest.raises(UnknownReferenceError, match=r"partner of the case \(council, "):
        explain(result, "by_partner.fire.net")


@pytest.fixture(scope="module")
def west() -> pb.Appraisal:
    return pb.project(pb.load_case(example_path("west_cheshire"))).appraise()


def isna(value: object) -> bool:
    """Whether a figure is missing (None, NaN or pandas' NA)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas' NA has no truth value
        return True


def test_every_payback_and_agreement_figure_is_the_engines(result: pb.Appraisal) -> None:
    import math

    case = result.projection.case
    assert case is not None
    for name in PAYBACK_FIGURES:
        found = explain(result, name)
        expected = getattr(result, name)
        assert math.isnan(found.value) if expected is None else found.value == expected
        for partner in result.by_partner.index:
            found = explain(result, f"by_partner.{partner}.{name}")
            expected = result.by_partner.loc[partner, name]
            assert math.isnan(found.value) if isna(expected) else found.value == expected, (
                partner,
                name,
            )
    for option, agreement in case.agreements.items():
        settlement = result.projection.settle(agreement, name=option)
        for partner, row in settlement.by_partner.iterrows():
            for name in AGREEMENT_FIGURES:
                found = explain(result, f"agreements.{option}.{partner}.{name}")
                expected = row[name]
                if isna(expected):
                    assert math.isnan(found.value), (option, partner, name)
                else:
                    assert found.value == pytest.approx(float(expected), rel=1e-12), (
                        option,
                        partner,
                        name,
                    )
                tables = dict(found.tables)
                by_year = tables["Contributions, benefit and transfers by year"]
                assert by_year.loc["total", "pv_contribution"] == pytest.approx(
                    row["pv_contribution"], abs=1e-6
                )
                shares = tables["How the rule shares each cost category"]
                # before the pennies, the categories' shares make the contribution
                assert shares["pv_contribution"].sum() == pytest.approx(
                    row["pv_contribution"], abs=0.05
                )


def test_payback_by_hand(west: pb.Appraisal) -> None:
    import numpy as np

    ds = west.projection.dataset
    fiscal = ds["fiscal"].sum(["partner", "outcome"]).to_numpy()
    cost = ds["cost"].sum("partner").to_numpy()
    # cumulative fiscal benefit 526,251 / 1,556,288 / 2,935,345 / 3,831,469 against
    # cumulative cost 1,059,600 / 1,998,300 / 2,937,000: £1,655 short in 2015/16, past it
    # in 2016/17
    assert np.cumsum(cost).tolist() == pytest.approx(
        [1_059_600, 1_998_300, 2_937_000, 2_937_000, 2_937_000]
    )
    found = explain(west, "payback_year")
    frame = dict(found.tables)["By year"]
    assert frame["cumulative_fiscal"].tolist() == pytest.approx(np.cumsum(fiscal).tolist())
    assert frame["cumulative_cost"].tolist() == pytest.approx(np.cumsum(cost).tolist())
    assert frame.loc["2015/16", "cumulative_net"] == pytest.approx(np.cumsum(fiscal)[2] - 2_937_000)
    assert -2_000 < frame.loc["2015/16", "cumulative_net"] < 0
    assert frame["paid_back"].tolist() == [False, False, False, True, True]
    assert found.value == 2016 == west.payback_year
    assert found.formula == (
        "Payback year = the first financial year in which cumulative fiscal benefit reaches "
        f"cumulative cost = 2016/17 (cumulative fiscal benefit "
        f"{format_money(float(np.cumsum(fiscal)[3]))} against cumulative cost £2,937,000)"
    )
    df = ds["discount_factor"].to_numpy()
    discounted = dict(explain(west, "discounted_payback_year").tables)["By year"]
    assert discounted["cumulative_cost"].iloc[-1] == pytest.approx(west.pv_cost)
    assert discounted["cumulative_fiscal"].iloc[-1] == pytest.approx(west.pv_fiscal)
    assert discounted["pv_fiscal"].tolist() == pytest.approx((fiscal * df).tolist())
    # the council never pays back within the horizon; the courts spend nothing
    council = explain(west, "by_partner.council.payback_year")
    assert council.value != council.value  # NaN
    assert council.label == "Cheshire West and Chester Council: Payback year"
    assert (
        "none within the horizon (2013/14 to 2017/18): by 2017/18 cumulative fiscal "
        "benefit is £1,059,499 against cumulative cost £1,992,000"
    ) in council.formula
    assert explain(west, "by_partner.cjs.payback_year").formula.endswith(
        "none, as there is no cost to pay back"
    )


def test_an_agreement_figure_by_hand(west: pb.Appraisal) -> None:
    import numpy as np

    ds = west.projection.dataset
    df = ds["discount_factor"].to_numpy()
    cost = ds["cost"].sum("partner").to_numpy()
    police_fiscal = float((ds["fiscal"].sel(partner="police").sum("outcome") * df).sum())
    # headcount: every category shared 6 of 27 FTE to the police
    found = explain(west, "agreements.headcount.police.net")
    shares = dict(found.tables)["How the rule shares each cost category"]
    assert shares["share"].tolist() == pytest.approx([6 / 27, 6 / 27])
    assert set(shares["rule"]) == {"by headcount: 6 of 27 FTE in the joint teams"}
    by_year = dict(found.tables)["Contributions, benefit and transfers by year"]
    contributions = by_year.drop(index="total")["contribution"].to_numpy()
    assert contributions == pytest.approx(cost * 6 / 27, abs=0.01)  # to the penny
    pv_contribution = float((contributions * df).sum())
    assert found.value == pytest.approx(police_fiscal - pv_contribution)
    assert found.formula == (
        "Net position = PV fiscal benefit + PV transfers received − PV contribution = "
        f"{format_money(police_fiscal)} + £0 − {format_money(pv_contribution)} = "
        f"{format_money(police_fiscal - pv_contribution)}"
    )
    roi = explain(west, "agreements.headcount.police.roi")
    assert roi.value == pytest.approx(police_fiscal / pv_contribution)
    # mixed: running costs by headcount, intervention costs by net benefit (PV fiscal
    # less PV of its own costs, above zero)
    net = west.by_partner["net"].clip(lower=0)
    mixed = explain(west, "agreements.mixed.police.pv_contribution")
    shares = dict(mixed.tables)["How the rule shares each cost category"]
    assert shares.loc["running", "share"] == pytest.approx(6 / 27)
    assert shares.loc["intervention", "share"] == pytest.approx(net["police"] / net.sum())
    assert shares.loc["intervention", "rule"] == (
        f"by net benefit: {format_money(net['police'])} of {format_money(net.sum())} "
        "PV fiscal benefit less PV of its own costs (those above zero)"
    )
    by_category = {c: float(shares.loc[c, "pv_category_cost"]) for c in shares.index}
    assert sum(by_category.values()) == pytest.approx(west.pv_cost)
    assert mixed.value == pytest.approx(
        6 / 27 * by_category["running"] + net["police"] / net.sum() * by_category["intervention"],
        abs=0.05,
    )
    # gain share: the police pay nothing in and pass part of their cashable savings on
    case = west.projection.case
    assert case is not None
    settlement = west.projection.settle(case.agreements["council-invests"])
    paid = float((settlement.transfers.loc["police"].to_numpy() * df).sum())
    assert paid < 0  # the police pay the council out of their cashable savings
    invests = explain(west, "agreements.council-invests.police.net")
    assert f"{format_money(police_fiscal)} − {format_money(-paid)} − £0" in invests.formula
    assert np.isclose(invests.value, police_fiscal + paid)


def test_unknown_agreement_figures_are_named_with_the_near_miss(west: pb.Appraisal) -> None:
    with pytest.raises(
        UnknownReferenceError,
        match=r"did you mean 'mixed'\? must be "
        r"agreements\.<option>\.<partner>\.<figure> with an agreement option"
        r" of the case \(headcount, gross-benefit, mixed, council-invests\)",
    ):
        explain(west, "agreements.mixd.police.net")
    with pytest.raises(UnknownReferenceError, match=r"did you mean 'police'\?"):
        explain(west, "agreements.mixed.polce.net")
    with pytest.raises(UnknownReferenceError, match=r"did you mean 'net'"):
        explain(west, "agreements.mixed.police.nett")
    with pytest.raises(UnknownReferenceError, match=r"did you mean 'payback_year'"):
        explain(west, "payback_yaer")
    with pytest.raises(UnknownReferenceError, match=r"agreements\.<option>\.<partner>"):
        explain(west, "agreements.mixed")
