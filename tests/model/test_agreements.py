"""Investment agreement rules: validation of each field and the case's cross-checks."""

from __future__ import annotations

import math

import attrs
import pytest

from placebudget.errors import ValidationError
from placebudget.model import (
    ByGrossBenefit,
    ByHeadcount,
    ByNetBenefit,
    FixedShares,
    InvestmentAgreement,
    InvestorRecoups,
    PerCategory,
)
from placebudget.testing import example_case


def problems(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_shares_must_sum_to_one() -> None:
    with pytest.raises(ValidationError) as info:
        FixedShares(shares={"council": 0.5, "police": 0.4})
    assert problems(info) == [
        "shares: must sum to 1 (council 0.5 + police 0.4 = 0.9), got "
        "{'council': 0.5, 'police': 0.4}"
    ]
    assert FixedShares(shares={"a": 0.1, "b": 0.2, "c": 0.7}).shares["c"] == 0.7


def test_shares_must_be_finite_and_not_negative() -> None:
    with pytest.raises(ValidationError) as info:
        FixedShares(shares={"council": 1.5, "police": -0.5, "nhs": math.nan, "dwp": "x"})
    assert problems(info) == [
        "shares['police']: must be zero or more, got -0.5",
        "shares['nhs']: must be a finite number, got nan",
        "shares['dwp']: must be a number, got 'x'",
    ]


def test_headcount_needs_some_staff() -> None:
    with pytest.raises(ValidationError, match=r"fte: must have some staff in total"):
        ByHeadcount(fte={"council": 0, "police": 0})
    with pytest.raises(ValidationError, match=r"fte: must give a headcount for at least one"):
        ByHeadcount(fte={})
    with pytest.raises(ValidationError, match=r"fte\['police'\]: must be zero or more, got -2"):
        ByHeadcount(fte={"council": 3, "police": -2})


def test_gross_benefit_basis() -> None:
    with pytest.raises(ValidationError, match="basis: must be one of fiscal, cashable, got 'gdp'"):
        ByGrossBenefit(basis="gdp")  # type: ignore[arg-type]


def test_investor_recoups_fields() -> None:
    with pytest.raises(ValidationError) as info:
        InvestorRecoups(investor="the fund", return_rate=-0.1, investor_share=1.3, cap=-5)
    assert problems(info) == [
        "investor: must be an id of ASCII letters, digits, '_', '-' or '.': ' ' (U+0020 SPACE) "
        "at position 4 is not one, got 'the fund'",
        "return_rate: must be within [0, 10], got -0.1",
        "investor_share: must be within [0, 1], got 1.3",
        "cap: must be zero or more, got -5",
    ]


def test_per_category_takes_only_sharing_rules() -> None:
    recoup = InvestorRecoups(investor="council")
    with pytest.raises(
        ValidationError,
        match=r"rules\['running'\]: must be a fixed, "
        "headcount, gross-benefit or net-benefit rule",
    ):
        PerCategory(rules={"running": recoup, "intervention": ByNetBenefit()})
    with pytest.raises(ValidationError, match="rules: must give a rule for at least one"):
        PerCategory(rules={})


def test_the_rules_are_listed_once_by_their_unions() -> None:
    from typing import get_args

    from placebudget.io._converter import AGREEMENT_RULES, SHARE_RULES
    from placebudget.model import AgreementRule, ShareRule

    assert list(SHARE_RULES) == ["fixed", "headcount", "gross-benefit", "net-benefit"]
    assert list(SHARE_RULES.values()) == list(get_args(ShareRule))
    assert list(AGREEMENT_RULES) == [*SHARE_RULES, "per-category", "investor-recoups"]
    assert list(AGREEMENT_RULES.values()) == list(get_args(AgreementRule))


def test_agreement_rule_must_be_a_rule() -> None:
    with pytest.raises(ValidationError, match="rule: must be one of FixedShares"):
        InvestmentAgreement(rule="by headcount")  # type: ignore[arg-type]


def test_named_constructors_and_evolve() -> None:
    agreement = InvestmentAgreement.by_headcount({"council": 2, "nhs": 1}, description="joint team")
    assert agreement == InvestmentAgreement(
        rule=ByHeadcount(fte={"council": 2, "nhs": 1}), description="joint team"
    )
    changed = attrs.evolve(agreement, rule=ByNetBenefit())
    assert changed.description == "joint team"
    assert changed != agreement
    assert InvestmentAgreement.investor_recoups("council", cap=1e6).rule.cap == 1e6
    assert InvestmentAgreement.fixed({"council": 1}).partners_named() == {
        "council": "rule.shares['council']"
    }


def test_case_checks_partners_and_categories() -> None:
    agreements = {
        "staff": InvestmentAgreement.by_headcount({"council": 2, "fire": 1}),
        "split": InvestmentAgreement.per_category({"running": ByNetBenefit()}),
        "fund": InvestmentAgreement.investor_recoups("treasury"),
    }
    with pytest.raises(ValidationError) as info:
        example_case(agreements=agreements)
    assert problems(info) == [
        "agreements['staff'].rule.fte['fire']: unknown partner (known: dwp, nhs, council), "
        "got 'fire'",
        "agreements['split'].rule.rules: has no rule for the cost category 'intervention' "
        "(categories: intervention), got ['running']",
        "agreements['split'].rule.rules['running']: no cost line has this category "
        "(categories: intervention), got 'running'",
        "agreements['fund'].rule.investor: unknown partner (known: dwp, nhs, council), "
        "got 'treasury'",
    ]


def test_case_holds_agreements() -> None:
    deal = InvestmentAgreement.by_gross_benefit("cashable")
    case = example_case(agreements={"cashable": deal})
    assert case.agreements["cashable"] is deal
    with pytest.raises(
        ValidationError,
        match=r"agreements\['x'\]: must be an "
        "InvestmentAgreement",
    ):
        example_case(agreements={"x": {"by": "fixed"}})
