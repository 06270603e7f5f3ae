"""Settling investment agreements: hand-computed settlements for each rule, properties,
and the bundled West Cheshire example."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import assume, given
from hypothesis import strategies as st

import placebudget as pb
from placebudget.engine import dims as D
from placebudget.engine._pennies import TIE, _carried
from placebudget.engine.agreements import COST_BY_CATEGORY, settle_flows
from placebudget.errors import UnknownReferenceError, ValidationError
from placebudget.examples import example_path
from placebudget.model import (
    ByGrossBenefit,
    ByHeadcount,
    ByNetBenefit,
    FixedShares,
    InvestmentAgreement,
    InvestorRecoups,
)

DF1 = 1 / 1.035  # Green Book factor of year 1


def make_flows(
    cost: dict[str, dict[str, list[float]]],
    fiscal: dict[str, list[float]],
    cashable: dict[str, list[float]],
    *,
    years: tuple[int, ...] = (2020, 2021),
    discount: list[float] | None = None,
) -> xr.Dataset:
    """Settlement flows from plain numbers: cost[category][partner] by year."""
    partners = list(fiscal)
    categories = list(cost)
    by_category = np.array(
        [[cost[c].get(p, [0.0] * len(years)) for c in categories] for p in partners]
    ).transpose(0, 2, 1)
    coords_py = {D.PARTNER: partners, D.YEAR: list(years)}
    discount = discount if discount is not None else [1.035**-t for t in range(len(years))]
    return xr.Dataset(
        {
            COST_BY_CATEGORY: xr.DataArray(
                by_category,
                dims=(D.PARTNER, D.YEAR, D.CATEGORY),
                coords={**coords_py, D.CATEGORY: categories},
            ),
            D.FISCAL: xr.DataArray(
                [fiscal[p] for p in partners], dims=(D.PARTNER, D.YEAR), coords=coords_py
            ),
            D.CASHABLE: xr.DataArray(
                [cashable[p] for p in partners], dims=(D.PARTNER, D.YEAR), coords=coords_py
            ),
            D.DISCOUNT_FACTOR: xr.DataArray(discount, dims=D.YEAR, coords={D.YEAR: list(years)}),
        },
        attrs={"price_base": 2020},
    )


@pytest.fixture
def flows() -> xr.Dataset:
    """Three partners over two years; A bears most of the cost, C gets most benefit.

    Total cost 200 in 2020 (running 100, intervention 100) and 100 in 2021 (running).
    PV fiscal: A 100, B 100, C 300. PV cashable: A 0, B 40, C 150.
    """
    return make_flows(
        cost={"running": {"A": [60, 60], "B": [40, 40]}, "intervention": {"A": [100, 0]}},
        fiscal={"A": [0, 103.5], "B": [50, 51.75], "C": [100, 207]},
        cashable={"A": [0, 0], "B": [20, 20.7], "C": [50, 103.5]},
    )


def contributions(result: xr.Dataset) -> dict[str, list[float]]:
    frame = result[D.CONTRIBUTION].to_pandas()
    return {str(p): [round(v, 2) for v in frame.loc[p]] for p in frame.index}


# -- hand-computed settlements ------------------------------------------------------------


def test_fixed_shares(flows: xr.Dataset) -> None:
    result = settle_flows(flows, InvestmentAgreement.fixed({"A": 0.5, "B": 0.3, "C": 0.2}))
    assert contributions(result) == {"A": [100, 50], "B": [60, 30], "C": [40, 20]}
    pv_a = 100 + 50 * DF1
    assert float(result["pv_contribution"].sel(partner="A")) == pytest.approx(pv_a)
    assert float(result["net"].sel(partner="A")) == pytest.approx(100 - pv_a)
    assert float(result["roi"].sel(partner="C")) == pytest.approx(300 / (40 + 20 * DF1))
    # cumulative benefit against cumulative contribution:
    # A 0/100 then 103.5/150: never; B 50/60 then 101.75/90: 2021; C 100/40: 2020
    assert result["payback_year"].to_pandas().to_dict() == pytest.approx(
        {"A": math.nan, "B": 2021.0, "C": 2020.0}, nan_ok=True
    )
    # flows: contribution weights 0.5/0.3/0.2 applied to PV fiscal 100/100/300
    flow = result["flow"].to_pandas()
    assert flow.loc["A", "C"] == pytest.approx(150)
    assert flow.loc["B", "A"] == pytest.approx(30)
    assert flow.sum(axis=1).to_list() == pytest.approx([250, 150, 100])
    assert flow.sum(axis=0).to_list() == pytest.approx([100, 100, 300])


def test_by_headcount(flows: xr.Dataset) -> None:
    result = settle_flows(flows, InvestmentAgreement.by_headcount({"A": 3, "B": 1}))
    assert contributions(result) == {"A": [150, 75], "B": [50, 25], "C": [0, 0]}
    assert float(result["roi"].sel(partner="C")) != float(result["roi"].sel(partner="C"))


def test_by_gross_fiscal_benefit(flows: xr.Dataset) -> None:
    # PV fiscal 100 : 100 : 300 → shares 0.2, 0.2, 0.6
    result = settle_flows(flows, InvestmentAgreement.by_gross_benefit("fiscal"))
    assert contributions(result) == {"A": [40, 20], "B": [40, 20], "C": [120, 60]}
    # everyone's ROI is the overall ROI, 500 / (200 + 100 DF1)
    overall = 500 / (200 + 100 * DF1)
    assert result["roi"].to_numpy() == pytest.approx([overall] * 3)


def test_by_gross_cashable_benefit_rounds_to_the_penny(flows: xr.Dataset) -> None:
    # PV cashable 0 : 40 : 150 → B 4/19, C 15/19; 200 × 4/19 = 42.105…, 100 × 4/19 = 21.052…
    result = settle_flows(flows, InvestmentAgreement.by_gross_benefit("cashable"))
    assert contributions(result) == {"A": [0, 0], "B": [42.11, 21.05], "C": [157.89, 78.95]}
    total = result[D.CONTRIBUTION].sum(D.PARTNER).to_numpy()
    assert total.tolist() == [200.0, 100.0]


def test_by_net_benefit(flows: xr.Dataset) -> None:
    # own PV cost: A 160 + 60 DF1, B 40 + 40 DF1, C 0
    net_a = 100 - (160 + 60 * DF1)  # negative: contributes nothing
    net_b = 100 - (40 + 40 * DF1)
    net_c = 300.0
    assert net_a < 0
    share_b = net_b / (net_b + net_c)
    result = settle_flows(flows, InvestmentAgreement.by_net_benefit())
    got = contributions(result)
    assert got["A"] == [0, 0]
    assert got["B"] == [round(200 * share_b, 2), round(100 * share_b, 2)]
    assert got["C"] == [round(200 * (1 - share_b), 2), round(100 * (1 - share_b), 2)]
    assert result[D.SHARE].sel(partner="B").to_numpy() == pytest.approx([share_b] * 2)


def test_per_category(flows: xr.Dataset) -> None:
    agreement = InvestmentAgreement.per_category(
        {
            "running": ByHeadcount(fte={"A": 3, "B": 1}),
            "intervention": FixedShares(shares={"C": 1.0}),
        }
    )
    result = settle_flows(flows, agreement)
    # 2020: running 100 → 75/25, intervention 100 → C; 2021: running 100 → 75/25
    assert contributions(result) == {"A": [75, 75], "B": [25, 25], "C": [100, 0]}
    shares = result[D.SHARE].to_pandas()
    assert shares.loc["running"].to_list() == [0.75, 0.25, 0.0]
    assert shares.loc["intervention"].to_list() == [0.0, 0.0, 1.0]


def test_investor_recoups_with_a_return(flows: xr.Dataset) -> None:
    # A funds 200 then 100; owed 1.1 × cumulative: 220 then 330. Pool of B and C's
    # cashable savings: 70 in 2020 (all repays A), 124.2 in 2021 (all repays A, 260 owed).
    agreement = InvestmentAgreement.investor_recoups("A", return_rate=0.1, investor_share=0.5)
    result = settle_flows(flows, agreement)
    assert contributions(result) == {"A": [200, 100], "B": [0, 0], "C": [0, 0]}
    transfer = result[D.TRANSFER].to_pandas()
    assert transfer.loc["A"].to_list() == pytest.approx([70, 124.2])
    assert transfer.loc["B"].to_list() == pytest.approx([-20, -20.7])
    assert transfer.loc["C"].to_list() == pytest.approx([-50, -103.5])
    assert float(result["net"].sel(partner="A")) == pytest.approx(
        100 + 70 + 124.2 * DF1 - (200 + 100 * DF1)
    )


def test_investor_recoups_then_shares() -> None:
    # cashable ten times larger: 2020 pool 700 repays 220 and shares half of 480 (240);
    # 2021: nothing owed (330 − 460 < 0), half of 1242 goes to A
    flows = make_flows(
        cost={"running": {"A": [200, 100]}},
        fiscal={"A": [0, 0], "B": [200, 207], "C": [500, 1035]},
        cashable={"A": [0, 0], "B": [200, 207], "C": [500, 1035]},
    )
    agreement = InvestmentAgreement.investor_recoups("A", return_rate=0.1, investor_share=0.5)
    transfer = settle_flows(flows, agreement)[D.TRANSFER].to_pandas()
    assert transfer.loc["A"].to_list() == pytest.approx([460, 621])
    assert transfer.loc["B"].to_list() == pytest.approx([-460 * 2 / 7, -621 * 207 / 1242])
    assert transfer.sum(axis=0).to_list() == pytest.approx([0, 0], abs=1e-9)


def test_investor_recoups_with_a_cap(flows: xr.Dataset) -> None:
    # cap 100: 70 in 2020, the remaining 30 in 2021 (B pays 30 × 20.7 / 124.2 = 5)
    agreement = InvestmentAgreement.investor_recoups(
        "A", return_rate=0.1, investor_share=0.5, cap=100
    )
    transfer = settle_flows(flows, agreement)[D.TRANSFER].to_pandas()
    assert transfer.loc["A"].to_list() == pytest.approx([70, 30])
    assert transfer.loc["B"].to_list() == pytest.approx([-20, -5])


def test_settlement_keeps_leading_dimensions(flows: xr.Dataset) -> None:
    scale = xr.DataArray([1.0, 2.0], dims=D.DRAW, coords={D.DRAW: [0, 1]})
    drawn = flows.copy()
    drawn[D.FISCAL] = flows[D.FISCAL] * scale
    drawn[D.CASHABLE] = flows[D.CASHABLE] * scale
    agreement = InvestmentAgreement.investor_recoups("A", investor_share=0.5)
    together = settle_flows(drawn, agreement)
    for draw in (0, 1):
        alone = settle_flows(drawn.sel({D.DRAW: draw}), agreement)
        xr.testing.assert_allclose(together.sel({D.DRAW: draw}), alone)


# -- errors ---------------------------------------------------------------------------------


def test_unknown_partner_in_headcount_is_named(flows: xr.Dataset) -> None:
    with pytest.raises(
        UnknownReferenceError,
        match=r"rule\.fte\['fire'\]: unknown partner "
        r"\(partners: A, B, C\), got 'fire'",
    ):
        settle_flows(flows, InvestmentAgreement.by_headcount({"A": 1, "fire": 2}))


def test_category_without_a_rule(flows: xr.Dataset) -> None:
    agreement = InvestmentAgreement.per_category(
        {"running": ByNetBenefit(), "capital": ByNetBenefit()}
    )
    with pytest.raises(ValidationError) as info:
        settle_flows(flows, agreement, name="option 3")
    text = str(info.value)
    assert "cannot settle agreement 'option 3'" in text
    assert "has no rule for the cost category 'intervention'" in text
    assert "rule.rules['capital']: no cost line has this category" in text


def test_net_benefit_with_no_partner_ahead() -> None:
    flows = make_flows(
        cost={"running": {"A": [100, 100], "B": [100, 100]}},
        fiscal={"A": [10, 10], "B": [5, 5]},
        cashable={"A": [0, 0], "B": [0, 0]},
    )
    with pytest.raises(ValidationError, match="no partner has a positive net benefit"):
        settle_flows(flows, InvestmentAgreement.by_net_benefit())


def test_gross_benefit_with_no_cashable_savings() -> None:
    flows = make_flows(
        cost={"running": {"A": [100, 100]}},
        fiscal={"A": [10, 10], "B": [5, 5]},
        cashable={"A": [0, 0], "B": [0, 0]},
    )
    with pytest.raises(
        ValidationError, match=r"no partner receives a positive PV cashable benefit \(A 0.00"
    ):
        settle_flows(flows, InvestmentAgreement.by_gross_benefit("cashable"))


def test_unknown_investor(flows: xr.Dataset) -> None:
    with pytest.raises(UnknownReferenceError, match=r"rule\.investor: unknown partner"):
        settle_flows(flows, InvestmentAgreement.investor_recoups("fund"))


def test_compare_reports_every_failing_option(flows: xr.Dataset) -> None:
    case = pb.load_case(example_path("west_cheshire"))
    projection = pb.project(case)
    with pytest.raises(ValidationError) as info:
        pb.compare_agreements(
            projection,
            {
                "a": InvestmentAgreement.by_headcount({"fire": 1}),
                "b": InvestmentAgreement.fixed({"council": 0.5, "army": 0.5}),
            },
        )
    paths = [p.path for p in info.value.problems]
    assert paths == ["agreements['a'].rule.fte['fire']", "agreements['b'].rule.shares['army']"]


# -- properties -----------------------------------------------------------------------------

money = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_subnormal=False)
PARTNERS = ("council", "police", "nhs", "dwp")


@st.composite
def random_flows(draw: st.DrawFn) -> xr.Dataset:
    n_years = draw(st.integers(1, 5))
    partners = PARTNERS[: draw(st.integers(2, 4))]
    row = st.lists(money, min_size=n_years, max_size=n_years)
    cost = {c: {p: draw(row) for p in partners} for c in ("running", "intervention")}
    fiscal = {p: draw(row) for p in partners}
    # make sure some partner receives a benefit and some cost is borne
    fiscal[partners[0]][0] += 1.0
    cost["running"][partners[-1]][0] += 1.0
    cashable = {p: [v * draw(st.floats(0, 1)) for v in fiscal[p]] for p in partners}
    return make_flows(cost, fiscal, cashable, years=tuple(range(2020, 2020 + n_years)))


@st.composite
def agreements(draw: st.DrawFn, partners: tuple[str, ...]) -> InvestmentAgreement:
    weights = [draw(st.floats(0.01, 100)) for _ in partners]
    kind = draw(st.sampled_from(["fixed", "headcount", "gross", "cashable", "investor"]))
    if kind == "fixed":
        total = math.fsum(weights)
        return InvestmentAgreement.fixed(
            {p: w / total for p, w in zip(partners, weights, strict=True)}
        )
    if kind == "headcount":
        return InvestmentAgreement.by_headcount(dict(zip(partners, weights, strict=True)))
    if kind == "investor":
        return InvestmentAgreement.investor_recoups(
            draw(st.sampled_from(partners)),
            return_rate=draw(st.floats(0, 0.5)),
            investor_share=draw(st.floats(0, 1)),
        )
    return InvestmentAgreement.by_gross_benefit("fiscal")


def _partners(flows: xr.Dataset) -> tuple[str, ...]:
    return tuple(str(p) for p in flows[D.PARTNER].to_numpy())


@given(data=st.data(), flows=random_flows())
def test_contributions_sum_to_total_cost_to_the_penny(
    data: st.DataObject, flows: xr.Dataset
) -> None:
    agreement = data.draw(agreements(_partners(flows)))
    result = settle_flows(flows, agreement)
    pennies = np.round(result[D.CONTRIBUTION].to_numpy() * 100)
    assert np.array_equal(pennies / 100, result[D.CONTRIBUTION].to_numpy())
    expected = np.round(flows[COST_BY_CATEGORY].sum((D.PARTNER, D.CATEGORY)).to_numpy() * 100)
    assert pennies.sum(axis=0).tolist() == expected.tolist()
    # the money-flow matrix sums to the totals both ways
    flow = result["flow"]
    pv_fiscal = result["pv_fiscal"].to_numpy()
    np.testing.assert_allclose(flow.sum(D.INVESTOR).to_numpy(), pv_fiscal, rtol=1e-9, atol=1e-6)
    weights = result["pv_contribution"] / result["pv_contribution"].sum()
    np.testing.assert_allclose(
        flow.sum(D.BENEFICIARY).to_numpy(),
        (weights * pv_fiscal.sum()).to_numpy(),
        rtol=1e-9,
        atol=1e-6,
    )
    # transfers only move money between partners
    np.testing.assert_allclose(result[D.TRANSFER].sum(D.PARTNER).to_numpy(), 0, atol=1e-6)


@given(
    flows=random_flows(), factor=st.floats(1e-3, 1e3), basis=st.sampled_from(["fiscal", "cashable"])
)
def test_scaling_benefits_leaves_benefit_shares_unchanged(
    flows: xr.Dataset, factor: float, basis: str
) -> None:
    scaled = flows.copy()
    scaled[D.FISCAL] = flows[D.FISCAL] * factor
    scaled[D.CASHABLE] = flows[D.CASHABLE] * factor
    agreement = InvestmentAgreement(rule=ByGrossBenefit(basis=basis))  # type: ignore[arg-type]
    try:
        before = settle_flows(flows, agreement)
    except ValidationError:  # no cashable benefit at all: both must refuse
        with pytest.raises(ValidationError):
            settle_flows(scaled, agreement)
        return
    after = settle_flows(scaled, agreement)
    np.testing.assert_allclose(after[D.SHARE], before[D.SHARE], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(after[D.CONTRIBUTION], before[D.CONTRIBUTION], atol=0.0101)


@given(data=st.data(), flows=random_flows())
def test_reordering_partners_permutes_the_result(data: st.DataObject, flows: xr.Dataset) -> None:
    partners = _partners(flows)
    agreement = data.draw(agreements(partners))
    order = data.draw(st.permutations(partners))
    result = settle_flows(flows, agreement)
    reordered = settle_flows(flows.sel({D.PARTNER: list(order)}), agreement)
    for name in (D.CONTRIBUTION, "net", "pv_contribution"):
        np.testing.assert_allclose(
            reordered[name].sel({D.PARTNER: list(partners)}), result[name], rtol=1e-9, atol=1e-6
        )
    np.testing.assert_array_equal(
        reordered[D.CONTRIBUTION].sel({D.PARTNER: list(partners)}), result[D.CONTRIBUTION]
    )


@given(flows=random_flows(), investor_share=st.floats(0, 1), cap=st.floats(0, 1e7))
def test_gain_share_never_takes_more_than_saved_or_the_cap(
    flows: xr.Dataset, investor_share: float, cap: float
) -> None:
    investor = _partners(flows)[0]
    agreement = InvestmentAgreement.investor_recoups(
        investor, investor_share=investor_share, cap=cap
    )
    transfer = settle_flows(flows, agreement)[D.TRANSFER]
    others = transfer.drop_sel({D.PARTNER: investor})
    saved = flows[D.CASHABLE].drop_sel({D.PARTNER: investor}).clip(min=0)
    assert bool((-others <= saved * (1 + 1e-12) + 1e-9).all())
    assert float(transfer.sel({D.PARTNER: investor}).sum()) <= cap * (1 + 1e-12) + 1e-9


# -- through a projection: the West Cheshire example ------------------------------------------


@pytest.fixture(scope="module")
def west_cheshire() -> tuple[pb.BusinessCase, pb.Projection]:
    case = pb.load_case(example_path("west_cheshire"))
    return case, pb.project(case)


def test_west_cheshire_options(west_cheshire: tuple[pb.BusinessCase, pb.Projection]) -> None:
    case, projection = west_cheshire
    assert list(case.agreements) == ["headcount", "gross-benefit", "mixed", "council-invests"]
    total = np.round(projection.dataset[D.COST].sum(D.PARTNER).to_numpy() * 100)
    for name, agreement in case.agreements.items():
        settlement = projection.settle(agreement, name=name)
        paid = np.round(settlement.contributions.to_numpy() * 100).sum(axis=0)
        assert paid.tolist() == total.tolist(), name
    # option 1: contributions in proportion to 14 : 6 : 5 : 2 FTE
    headcount = projection.settle(case.agreements["headcount"]).contributions[2013]
    np.testing.assert_allclose(
        headcount.to_numpy() / total[0] * 100, np.array([14, 6, 5, 0, 2]) / 27, atol=1e-7
    )
    # option 2: every partner gets the overall fiscal ROI
    gross = projection.settle(case.agreements["gross-benefit"]).by_partner
    overall = projection.appraise().fiscal_roi
    np.testing.assert_allclose(gross["roi"].to_numpy(), overall, rtol=1e-6)
    # option 3: running costs by FTE, intervention costs only to partners ahead
    mixed = projection.settle(case.agreements["mixed"])
    assert mixed.shares.loc["running"].round(6).to_list() == [
        round(x / 27, 6) for x in (14, 6, 5, 0, 2)
    ]
    appraisal = projection.appraise().by_partner
    ahead = appraisal.index[appraisal["net"] > 0]
    assert set(mixed.shares.columns[mixed.shares.loc["intervention"] > 0]) == set(ahead)


def test_compare_agreements_table(west_cheshire: tuple[pb.BusinessCase, pb.Projection]) -> None:
    case, projection = west_cheshire
    table = pb.compare_agreements(projection, case.agreements)
    assert list(dict.fromkeys(table.columns.get_level_values("option"))) == [
        "as modelled",
        "headcount",
        "gross-benefit",
        "mixed",
        "council-invests",
    ]
    assert list(table.index) == list(case.place.partner_ids)
    modelled = projection.appraise().by_partner
    pd.testing.assert_series_equal(
        table[("as modelled", "net")], modelled["net"], check_names=False
    )
    for option in case.agreements:
        worse = table[(option, "worse_off")]
        assert worse.equals(table[(option, "net")] < 0)
    # under the gross benefit option nobody is left behind; under headcount the council is
    assert not table[("gross-benefit", "worse_off")].any()
    assert table.loc["council", ("headcount", "worse_off")]


def test_settlement_on_a_projection_without_costs() -> None:
    from placebudget.testing import example_case, example_intervention

    projection = pb.project(example_case(interventions=[example_intervention(costs=[])]))
    assert projection.cost_by_category().sizes == {"partner": 3, "year": 4, "category": 0}
    for agreement in (
        InvestmentAgreement.by_net_benefit(),
        InvestmentAgreement.by_headcount({"council": 1}),
    ):
        settlement = projection.settle(agreement)
        assert settlement.contributions.to_numpy().sum() == 0
        assert settlement.by_partner["net"].to_list() == pytest.approx(
            settlement.by_partner["pv_fiscal"].to_list()
        )


def test_the_pooled_budget_a_board_signs() -> None:
    from placebudget.examples import example_path

    case = pb.load_case(example_path("west_cheshire"))
    projection = pb.project(case)
    settlement = projection.settle(case.agreements["headcount"], name="headcount")
    budget = settlement.pooled_budget
    assert list(budget.index) == [*case.place.partner_ids, "pot"]
    assert list(budget.columns) == [*case.years, "total", "pv"]
    years = list(case.years)
    # the pot is every partner's contribution, and each year's is its cost to the penny
    np.testing.assert_allclose(
        budget.loc["pot", years], budget.drop(index="pot")[years].sum(), atol=1e-9
    )
    cost = projection.dataset["cost"].sum("partner").to_numpy()
    np.testing.assert_allclose(budget.loc["pot", years], np.round(cost, 2), atol=0.011)
    uses = settlement.pot_uses
    assert set(uses.index) == {"intervention", "running"}
    np.testing.assert_allclose(uses[years].sum(), cost, rtol=1e-12)
    assert uses["pv"].sum() == pytest.approx(budget.loc["pot", "pv"], abs=0.05)
    summary = settlement.pooled_summary
    assert summary["share_of_pot"].sum() == pytest.approx(1.0)
    by_partner = projection.appraise().by_partner
    np.testing.assert_allclose(summary["pv_baseline_cost"], by_partner["pv_baseline_cost"])
    np.testing.assert_allclose(summary["pv_saving"], by_partner["pv_fiscal"])
    council = summary.loc["council"]
    assert council["contribution_share_of_baseline"] == pytest.approx(
        council["pv_contribution"] / council["pv_baseline_cost"]
    )


def test_settle_is_on_the_projection_and_the_old_spelling_warns() -> None:
    from placebudget.testing import example_case

    projection = pb.project(example_case())
    deal = pb.InvestmentAgreement.fixed({"council": 0.25, "dwp": 0.75})
    settled = projection.settle(deal, name="quarter")
    with pytest.warns(DeprecationWarning, match=r"use projection\.settle\(agreement\)"):
        old = deal.settle(projection, name="quarter")
    assert old.by_partner.equals(settled.by_partner)
    assert settled.contributions.loc["council"].to_list() == [41250.0, 13750.0, 0.0, 0.0]


def test_named_constructors_take_the_rule_fields() -> None:
    import inspect

    made = pb.InvestmentAgreement.investor_recoups(
        "council", return_rate=0.1, cap=5.0, description="gain share"
    )
    assert made.rule == InvestorRecoups(investor="council", return_rate=0.1, cap=5.0)
    assert made.description == "gain share"
    signature = inspect.signature(pb.InvestmentAgreement.investor_recoups)
    assert list(signature.parameters) == [
        "investor",
        "return_rate",
        "investor_share",
        "cap",
        "description",
    ]
    with pytest.raises(TypeError, match="unexpected keyword argument 'rate'"):
        pb.InvestmentAgreement.investor_recoups("council", rate=0.1)
    assert pb.InvestmentAgreement.by_gross_benefit().rule == ByGrossBenefit()


# -- whole pennies: each year exact, each partner's total rounded once ----------------------


def _largest_remainder(share: np.ndarray, whole: float, ranks: list[int]) -> np.ndarray:
    """``share`` rounded to whole pennies adding up to ``whole``, written out: each
    rounded down, the pennies left to the largest fractions (ties by rank)."""
    floors = np.floor(share)
    order = sorted(range(len(share)), key=lambda p: (-(share[p] - floors[p]), ranks[p]))
    out = floors.copy()
    for p in order[: int(whole - floors.sum())]:
        out[p] += 1
    return out


def _nearest_totals(exact: np.ndarray, year_totals: np.ndarray, target: np.ndarray) -> float:
    """The least total distance from ``target`` of the partner totals of any rounding
    of ``exact`` (each amount down or up) whose years add up to ``year_totals``: every
    such rounding tried."""
    floors = np.floor(exact)
    choices = []
    for y in range(exact.shape[1]):
        can = [p for p in range(exact.shape[0]) if exact[p, y] > floors[p, y]]
        extra = int(year_totals[y] - floors[:, y].sum())
        choices.append(list(itertools.combinations(can, extra)))
    best = math.inf
    for picked in itertools.product(*choices):
        totals = floors.sum(axis=1)
        for chosen in picked:
            totals[list(chosen)] += 1
        best = min(best, float(np.abs(totals - target).sum()))
    return best


@st.composite
def exact_contributions(draw: st.DrawFn, partners: int = 6, years: int = 8) -> np.ndarray:
    """Exact contributions in pennies, partner × year, as agreements make them: each
    cost category's yearly cost shared by that category's shares (some partners paying
    nothing in a category, some categories costing nothing in a year)."""
    n_partners, n_years = draw(st.integers(1, partners)), draw(st.integers(1, years))
    out = np.zeros((n_partners, n_years))
    for _ in range(draw(st.integers(1, 3))):
        weights = np.array(
            [
                draw(st.sampled_from([0.0, 1.0, 2.0, 5.0, 14.0])) or draw(st.floats(0, 100))
                for _ in range(n_partners)
            ]
        )
        if weights.sum() == 0:
            weights[0] = 1.0
        # pounds to the penny, or with a fraction of a penny (optimism bias, per head)
        cost = np.array(
            [
                draw(
                    st.one_of(
                        st.integers(0, 10**9).map(float), st.floats(0, 1e9, allow_subnormal=False)
                    )
                )
                for _ in range(n_years)
            ]
        )
        out += np.outer(weights / weights.sum(), cost)
    return out


@given(exact=exact_contributions(), data=st.data())
def test_pennies_each_year_exact_each_rounded_down_or_up(
    exact: np.ndarray, data: st.DataObject
) -> None:
    ranks = list(range(exact.shape[0]))
    pennies = _carried(exact, np.array(ranks))
    # whole pennies, each the exact amount rounded down or up
    assert np.array_equal(pennies, np.round(pennies))
    assert (pennies >= np.floor(exact)).all()
    assert (pennies <= np.ceil(exact)).all()
    # every year adds up to its cost rounded to the penny (half a penny either way)
    years = np.array([math.fsum(column) for column in exact.T])
    assert (np.abs(pennies.sum(axis=0) - years) <= 0.5 + 1e-9 + 1e-12 * years).all()
    # the partners' totals add up to the whole the years add up to
    assert math.fsum(pennies.sum(axis=1)) == math.fsum(pennies.sum(axis=0))
    # the same pennies to the same partner whatever order the partners come in
    order = data.draw(st.permutations(ranks))
    shuffled = _carried(exact[order], np.array(ranks)[order])
    assert np.array_equal(shuffled, pennies[order])


@given(exact=exact_contributions(partners=4, years=3))
def test_pennies_each_partner_total_its_share_rounded_once(exact: np.ndarray) -> None:
    ranks = list(range(exact.shape[0]))
    pennies = _carried(exact, np.array(ranks))
    year_totals = pennies.sum(axis=0)
    whole = float(year_totals.sum())
    # (the whole cost summed as the engine sums it: the partners' totals in ascending
    # order, the same whatever order the partners come in)
    cost = float(np.sort(exact.sum(axis=1)).sum())
    share = exact.sum(axis=1) if cost in (0.0, whole) else exact.sum(axis=1) * (whole / cost)
    target = _largest_remainder(share, whole, ranks)
    # fractions within TIE of a penny are a tie broken by the partners' order (rounding
    # noise must not decide it); a near tie the written-out rounding above decides
    # otherwise is left out
    noise = 2 * TIE + 1e-12 * float(share.max(initial=0.0))
    fraction = share - np.floor(share)
    up, down = fraction[target > np.floor(share)], fraction[target == np.floor(share)]
    assume(not any(0 < abs(u - d) < noise for u in up for d in down))
    assume(not ((fraction < noise) | (fraction > 1 - noise)).any() or (fraction == 0).all())
    # largest remainder: each share rounded down or up, less than a penny from it (more
    # than half a penny only where the whole forces it: a third of a penny each to three
    # partners, one of whom pays it), the totals adding up to the whole
    assert (np.abs(target - share) < 1 + 1e-9).all()
    totals = pennies.sum(axis=1)
    # each partner's total is its share rounded once whenever some rounding of the
    # amounts, with every year exact, has those totals — else as near as one can be
    # (a partner can take a penny only in a year its amount has a fraction of one)
    nearest = _nearest_totals(exact, year_totals, target)
    assume(math.isfinite(nearest))
    assert float(np.abs(totals - target).sum()) == nearest
    if nearest == 0:
        assert totals.tolist() == target.tolist()
    # when every year costs whole pennies, no partner's total is a penny or more from
    # its exact total
    if (years_whole := np.array([math.fsum(c) for c in exact.T])).tolist() == np.round(
        years_whole
    ).tolist():
        assert (np.abs(totals - exact.sum(axis=1)) < 1 + 1e-6).all()


def test_pennies_keep_leading_dimensions_and_leave_missing_draws() -> None:
    exact = np.array([[[100.5, 200.25], [100.5, 200.75]], [[np.nan, 1.0], [1.0, 1.0]]])
    pennies = _carried(exact, np.arange(2))
    assert pennies[0].sum(axis=0).tolist() == [201.0, 401.0]
    assert np.isnan(pennies[1]).all()  # a draw the rule could not settle stays unsettled


def test_west_cheshire_mixed_option_in_pennies_a_board_accepts(
    west_cheshire: tuple[pb.BusinessCase, pb.Projection],
) -> None:
    case, projection = west_cheshire
    mixed = projection.settle(case.agreements["mixed"], name="mixed").contributions
    # running costs: £600,000 a year × 1.05 optimism bias, 14/27 to the council
    # (£326,666.666… a year): £980,000 exactly over three years, not £979,999.99
    assert mixed.loc["council"].to_list() == [326666.67, 326666.67, 326666.66, 0.0, 0.0]
    assert mixed.loc["council"].sum() == pytest.approx(980_000.00, abs=1e-6)
    assert mixed.loc["probation"].to_list() == [46666.67, 46666.66, 46666.67, 0.0, 0.0]
    assert mixed.loc["probation"].sum() == pytest.approx(140_000.00, abs=1e-6)
    # each year still adds up to that year's cost to the penny
    cost = projection.dataset[D.COST].sum(D.PARTNER).to_numpy()
    assert np.round(mixed.sum().to_numpy() * 100).tolist() == np.round(cost * 100).tolist()
    headcount = projection.settle(case.agreements["headcount"]).contributions.sum(axis=1)
    assert headcount["council"] == pytest.approx(1_522_888.89, abs=1e-6)  # was .88
