"""Transfer payments: in the financial case, out of public value (UCD v1.4 Guidance)."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import placebudget as pb
from placebudget.engine import settle
from placebudget.errors import ValidationError
from placebudget.examples import example_path
from placebudget.testing import example_case, example_intervention

FINANCIAL_CASE = ("pv_cost", "pv_fiscal", "pv_cashable", "npbi", "fiscal_roi")


def one_claimant_case(price_year: int = 2012, **values: object) -> pb.BusinessCase:
    """One claimant-year into work in 2012, no deadweight or optimism bias, valued with
    ``values`` (fiscal by partner, economic); priced and appraised in 2012/13."""
    effect = pb.Effect(
        outcome="jsa_into_work",
        unit="person_year",
        baseline=1.0,
        impact=1.0,
        optimism_bias=0.0,
        **values,
    )  # type: ignore[arg-type]
    intervention = example_intervention(
        cohort=pb.Cohort(id="claimants", intake={2012: 1}),
        engagement=1.0,
        effects=[effect],
        costs=[
            pb.CostLine(partner="council", amounts={2012: 1000}, price_year=2012, optimism_bias=0.0)
        ],
    )
    return example_case(
        interventions=[intervention],
        horizon=1,
        deflators="ucd-v1.4",
        unit_costs="ucd-v1.4",
        price_year=price_year,
    )


def test_public_value_of_a_jsa_claimant_into_work_is_14610() -> None:
    # E&E1.0: fiscal £9,800 = £9,234 benefits to DWP (a transfer) + £566 health to the NHS,
    # economic £14,044 (2012/13 prices): public value 9,800 − 9,234 + 14,044 = £14,610
    case = one_claimant_case(
        fiscal={"dwp": "ucd:E&E1.0.1", "nhs": "ucd:E&E1.0.2"}, economic="ucd:E&E1.0"
    )
    result = pb.project(case).appraise()
    assert result.pv_fiscal == pytest.approx(9_800)
    assert result.pv_transfers == pytest.approx(9_234)
    assert result.pv_economic == pytest.approx(14_044)
    assert result.pv_public == pytest.approx(14_610)
    assert result.nppv == pytest.approx(14_610 - 1_000)
    assert result.bcr == pytest.approx(14.61)
    # the financial case keeps the transfer: DWP's saving is real money to DWP
    assert result.npbi == pytest.approx(9_800 - 1_000)
    assert result.by_partner.loc["dwp", "pv_fiscal"] == pytest.approx(9_234)
    outcome = result.by_outcome.loc["jsa_into_work"]
    assert outcome["pv_transfers"] == pytest.approx(9_234)
    assert outcome["pv_public"] == pytest.approx(14_610)


def test_the_headline_line_carries_the_share_its_comment_names() -> None:
    # the headline valued for DWP alone: 9,234 / 9,800 of it is a transfer
    case = one_claimant_case(fiscal={"dwp": "ucd:E&E1.0"}, economic="ucd:E&E1.0")
    result = pb.project(case).appraise()
    assert pb.unit_costs()["E&E1.0"].transfer == pytest.approx(9_234 / 9_800)
    assert result.pv_transfers == pytest.approx(9_234)
    assert result.pv_public == pytest.approx(14_610)
    # stated explicitly, the share overrides the database's
    stated = one_claimant_case(fiscal={"dwp": pb.UnitValue("ucd:E&E1.0", transfer=0.0)})
    assert pb.project(stated).appraise().pv_transfers == 0


@pytest.mark.parametrize(
    ("code", "transfer", "public"), [("E&E2.0", 7_500, 13_700), ("E&E3.0", 7_004, 9_267)]
)
def test_esa_and_income_support_public_values(code: str, transfer: float, public: float) -> None:
    # the workbook's comments: total public value £13,700 (ESA) and £9,267 (IS)
    case = one_claimant_case(fiscal={"dwp": f"ucd:{code}"}, economic=f"ucd:{code}")
    result = pb.project(case).appraise()
    assert result.pv_transfers == pytest.approx(transfer, abs=0.5)
    assert result.pv_public == pytest.approx(public, abs=1)


def test_qualification_returns_to_the_exchequer_are_wholly_transfers() -> None:
    # E&S5.0 NVQ level 2: the fiscal benefit to HMT is excluded; public value £443 in
    # 2010/11 prices
    case = one_claimant_case(fiscal={"dwp": "ucd:E&S5.0"}, economic="ucd:E&S5.0", price_year=2010)
    result = pb.project(case).appraise()
    assert result.pv_transfers == pytest.approx(result.pv_fiscal)
    assert result.pv_public == pytest.approx(443)


def test_per_partner_and_agreements_do_not_change_with_transfers() -> None:
    case = pb.load_case(example_path("west_cheshire"))
    plain = pb.project(case)
    marked_interventions = []
    for intervention in case.interventions:
        effects = [
            attrs.evolve(e, fiscal={p: attrs.evolve(v, transfer=1.0) for p, v in e.fiscal.items()})
            for e in intervention.effects
        ]
        marked_interventions.append(attrs.evolve(intervention, effects=effects))
    marked = pb.project(attrs.evolve(case, interventions=marked_interventions))
    a, b = plain.appraise(), marked.appraise()
    assert b.pv_transfers == pytest.approx(b.pv_fiscal)
    assert b.pv_public == pytest.approx(b.pv_economic + b.pv_social)
    for metric in FINANCIAL_CASE:
        assert getattr(b, metric) == getattr(a, metric)
    assert b.by_partner.equals(a.by_partner)
    for name in case.agreements:
        settled_a = settle(plain, case.agreements[name])
        settled_b = settle(marked, case.agreements[name])
        assert settled_b.contributions.equals(settled_a.contributions)
        assert settled_b.by_partner.equals(settled_a.by_partner)


def test_the_dataset_carries_the_transfer_part() -> None:
    projection = pb.project(example_case())
    ds = projection.dataset
    transfer = ds["transfer_payment"]
    assert transfer.attrs["units"] == "GBP"
    np.testing.assert_allclose(transfer.sel(partner="dwp"), ds["fiscal"].sel(partner="dwp"))
    np.testing.assert_allclose(transfer.sel(partner=["nhs", "council"]), 0)
    result = projection.appraise()
    by_year = result.by_year
    assert by_year["transfer_payment"].sum() == pytest.approx(float(transfer.sum()))


def test_a_transfer_share_above_one_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"transfer: must be within \[0, 1\], got 1.2"):
        pb.UnitValue("1 GBP/person_year", price_year=2012, transfer=1.2)


def test_a_transfer_on_an_economic_value_is_refused() -> None:
    economic = pb.UnitValue("1 GBP/person_year", price_year=2012, transfer=0.5)
    with pytest.raises(
        ValidationError,
        match=r"economic\.transfer: applies to fiscal "
        r"values only .*, got 0.5",
    ):
        one_claimant_case(economic=economic)


def test_a_transfer_share_of_a_string_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"transfer: must be a number, got '0.5'"):
        pb.UnitValue("1 GBP/person_year", price_year=2012, transfer="0.5")


def test_a_code_with_no_value_in_a_column_names_the_code_and_column() -> None:
    # E&E1.0.1 (benefits payments) has a fiscal value only
    case = one_claimant_case(economic="ucd:E&E1.0.1")
    with pytest.raises(ValidationError) as info:
        pb.project(case)
    (problem,) = info.value.problems
    assert problem.path.endswith("effects[0].economic.code 'E&E1.0.1'")
    assert "has no economic value (the line holds: fiscal)" in problem.message


def test_economic_from_the_database_is_the_economic_column() -> None:
    case = one_claimant_case(economic="ucd:E&E1.0")
    assert pb.project(case).appraise().pv_economic == pytest.approx(14_044)  # not 9,800


def test_a_headline_and_its_constituent_together_is_double_counting() -> None:
    case = one_claimant_case(fiscal={"dwp": "ucd:E&E1.0", "nhs": "ucd:E&E1.0.2"})
    with pytest.raises(ValidationError) as info:
        pb.project(case)
    (problem,) = info.value.problems
    assert problem.path == "interventions[0].effects[0].fiscal['nhs']"
    assert "E&E1.0.2 is a constituent of E&E1.0" in problem.message
    assert "interventions[0].effects[0].fiscal['dwp']" in problem.message


values = st.floats(min_value=0, max_value=50_000, allow_nan=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)


@given(dwp=values, nhs=values, economic=values, social=values, t_dwp=shares, t_nhs=shares)
def test_public_value_never_counts_a_transfer(
    dwp: float, nhs: float, economic: float, social: float, t_dwp: float, t_nhs: float
) -> None:
    def money(amount: float, **extra: float) -> pb.UnitValue:
        return pb.UnitValue(f"{amount} GBP/person_year", price_year=2012, **extra)

    case = one_claimant_case(
        fiscal={"dwp": money(dwp, transfer=t_dwp), "nhs": money(nhs, transfer=t_nhs)},
        economic=money(economic),
        social=money(social),
    )
    case = attrs.evolve(case, deflators="hmt-2025-12")
    result = pb.project(case).appraise()
    assert result.pv_transfers == pytest.approx(dwp * t_dwp + nhs * t_nhs, abs=1e-6)
    expected = dwp * (1 - t_dwp) + nhs * (1 - t_nhs) + economic + social
    assert result.pv_public == pytest.approx(expected, abs=1e-6)
    # marking a value as a transfer changes no financial-case figure
    unmarked = attrs.evolve(
        case,
        interventions=[
            attrs.evolve(
                case.interventions[0],
                effects=[
                    attrs.evolve(
                        case.interventions[0].effects[0],
                        fiscal={"dwp": money(dwp), "nhs": money(nhs)},
                    )
                ],
            )
        ],
    )
    plain = pb.project(unmarked).appraise()
    for metric in FINANCIAL_CASE:
        assert getattr(result, metric) == getattr(plain, metric)
    assert result.by_partner.equals(plain.by_partner)
