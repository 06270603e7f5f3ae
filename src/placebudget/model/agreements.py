"""Investment agreements: how partners share the cost of a business case (DESIGN §6).

An agreement is a *rule* for splitting each year's total cost between partners. The rules
are plain frozen records; settling one against a projection (who actually saves what) is
the engine's job, see :mod:`placebudget.engine.agreements`.

Examples
--------
>>> agreement = InvestmentAgreement.per_category(
...     {"running": ByHeadcount(fte={"council": 6, "police": 3, "nhs": 1}),
...      "intervention": ByNetBenefit()},
...     description="running costs by headcount, intervention costs by net benefit")
>>> sorted(agreement.rule.rules)
['intervention', 'running']
>>> FixedShares(shares={"council": 0.5, "police": 0.4})
Traceback (most recent call last):
...
placebudget.errors.ValidationError: invalid FixedShares (1 problem):
  - shares: must sum to 1 (council 0.5 + police 0.4 = 0.9), got {'council': 0.5, 'police': 0.4}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from placebudget.model._validation import (
    check_non_negative,
    collecting,
    identifier,
    non_negative,
    one_of,
    optional,
    report,
    to_frozen_dict,
    within,
)

if TYPE_CHECKING:
    from placebudget.engine.agreements import Settlement
    from placebudget.engine.project import Projection

__all__ = [
    "BENEFIT_BASES",
    "SHARE_TOLERANCE",
    "AgreementRule",
    "ByGrossBenefit",
    "ByHeadcount",
    "ByNetBenefit",
    "FixedShares",
    "InvestmentAgreement",
    "InvestorRecoups",
    "PerCategory",
    "ShareRule",
]

#: How far negotiated shares may be from summing to exactly 1.
SHARE_TOLERANCE = 1e-9

#: What a gross-benefit rule can share costs in proportion to.
BENEFIT_BASES: tuple[str, ...] = ("fiscal", "cashable")


def _partner_amounts(what: str) -> Any:
    """Validator: a mapping of partner id → finite number ≥ 0."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: Mapping[Any, Any]) -> None:
        if not value:
            report(attribute.name, f"must give {what} for at least one partner", dict(value))
        for key, amount in value.items():
            if not isinstance(key, str) or not key:
                report(f"{attribute.name}[{key!r}]", "keys must be partner ids", key)
            else:
                check_non_negative(f"{attribute.name}[{key!r}]", amount)

    return check


def _finite_values(value: Mapping[Any, Any]) -> list[float] | None:
    """All the values as floats when every one is a finite number (and there is one)."""
    items: list[Any] = list(value.values())
    if not items or not all(isinstance(v, int | float) and not isinstance(v, bool)
                            and math.isfinite(v) for v in items):
        return None
    return [float(v) for v in items]


def _sum_text(value: Mapping[str, float]) -> str:
    terms = " + ".join(f"{k} {v:g}" for k, v in value.items())
    return f"{terms} = {math.fsum(value.values()):g}"


@collecting
@attrs.frozen(kw_only=True)
class FixedShares:
    """Negotiated shares of every year's cost, summing to 1.

    Partners not named contribute nothing.
    """

    tag: ClassVar[str] = "fixed"
    shares: Mapping[str, float] = attrs.field(
        converter=to_frozen_dict, validator=_partner_amounts("a share"), hash=False)
    """Partner id → share of the cost (0 to 1; the shares sum to 1)."""

    @shares.validator
    def _sum_to_one(self, attribute: attrs.Attribute[Any], value: Mapping[str, float]) -> None:
        numbers = _finite_values(value)
        if numbers and abs(math.fsum(numbers) - 1.0) > SHARE_TOLERANCE:
            report("shares", f"must sum to 1 ({_sum_text(value)})", dict(value))


@collecting
@attrs.frozen(kw_only=True)
class ByHeadcount:
    """Pro rata to each partner's staff (full-time equivalents) in the joint team."""

    tag: ClassVar[str] = "headcount"
    fte: Mapping[str, float] = attrs.field(
        converter=to_frozen_dict, validator=_partner_amounts("a headcount"), hash=False)
    """Partner id → FTE staff; partners not named have none."""

    @fte.validator
    def _some_staff(self, attribute: attrs.Attribute[Any], value: Mapping[str, float]) -> None:
        numbers = _finite_values(value)
        if numbers and math.fsum(numbers) <= 0:
            report("fte", "must have some staff in total (all are zero)", dict(value))


@collecting
@attrs.frozen(kw_only=True)
class ByGrossBenefit:
    """Pro rata to the present value of the benefit each partner receives.

    A partner whose benefit is negative (made worse off) contributes nothing.
    """

    tag: ClassVar[str] = "gross-benefit"
    basis: Literal["fiscal", "cashable"] = attrs.field(
        default="fiscal", validator=one_of(BENEFIT_BASES))
    """``"fiscal"`` (all fiscal benefit) or ``"cashable"`` (only the cashable part)."""


@collecting
@attrs.frozen(kw_only=True)
class ByNetBenefit:
    """Pro rata to each partner's positive net benefit: PV of the fiscal benefit it
    receives minus PV of the costs it bears in the projection. Partners with no positive
    net benefit contribute nothing."""

    tag: ClassVar[str] = "net-benefit"


#: Rules that share one pool of cost by partner.
ShareRule = FixedShares | ByHeadcount | ByGrossBenefit | ByNetBenefit
_SHARE_RULES: tuple[type, ...] = (FixedShares, ByHeadcount, ByGrossBenefit, ByNetBenefit)


def _category_rules(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        report("rules", "must give a rule for at least one cost category", dict(value))
    for key, rule in value.items():
        if not isinstance(key, str) or not key.strip():
            report(f"rules[{key!r}]", "keys must be cost category labels", key)
        if not isinstance(rule, _SHARE_RULES):
            report(f"rules[{key!r}]", "must be a fixed, headcount, gross-benefit or "
                   "net-benefit rule", rule)


@collecting
@attrs.frozen(kw_only=True)
class PerCategory:
    """A different rule for each cost category (the ``category`` of each cost line), for
    example running costs by headcount and intervention costs by net benefit."""

    tag: ClassVar[str] = "per-category"
    rules: Mapping[str, ShareRule] = attrs.field(
        converter=to_frozen_dict, validator=_category_rules, hash=False)
    """Cost category → rule for that category's cost."""


@collecting
@attrs.frozen(kw_only=True)
class InvestorRecoups:
    """Gain share: one investor funds every cost; the other partners' cashable savings
    repay it first, then are split.

    Each year the other partners' positive cashable savings form a pool. The investor
    is owed ``(1 + return_rate) ×`` what it has funded so far, less what it has already
    received; the pool pays that first, then ``investor_share`` of what is left goes to the
    investor and the rest stays with the partners who saved it. Each saver pays in
    proportion to its savings that year. Everything the investor receives, repayment and
    share together, is limited to ``cap`` when one is set.
    """

    tag: ClassVar[str] = "investor-recoups"
    investor: str = attrs.field(validator=identifier)
    """Partner id of the investor."""
    return_rate: float = attrs.field(default=0.0, validator=within(0, 10))
    """Mark-up on the amount funded that is repaid first (0.1 = recoup 110 %)."""
    investor_share: float = attrs.field(default=0.0, validator=within(0, 1))
    """Share of the savings left after repayment that goes to the investor."""
    cap: float | None = attrs.field(default=None, validator=optional(non_negative))
    """Most the investor can receive in total (GBP at the price base), if limited."""


#: Every rule an agreement can have.
AgreementRule = FixedShares | ByHeadcount | ByGrossBenefit | ByNetBenefit | PerCategory | \
    InvestorRecoups
_RULES: tuple[type, ...] = (*_SHARE_RULES, PerCategory, InvestorRecoups)


def _rule(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, _RULES):
        kinds = ", ".join(cls.__name__ for cls in _RULES)
        report("rule", f"must be one of {kinds}", value)


@collecting
@attrs.frozen(kw_only=True)
class InvestmentAgreement:
    """How partners share the cost of a business case.

    Build one with a named constructor — :meth:`fixed`, :meth:`by_headcount`,
    :meth:`by_gross_benefit`, :meth:`by_net_benefit`, :meth:`per_category` or
    :meth:`investor_recoups` — and :meth:`settle` it against a projection.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> projection = pb.project(example_case())
    >>> settlement = InvestmentAgreement.by_gross_benefit().settle(projection)
    >>> settlement.by_partner["pv_contribution"].round(2).to_dict()
    {'dwp': 205541.4, 'nhs': 12598.7, 'council': 0.0}
    """

    rule: AgreementRule = attrs.field(validator=_rule)
    """The sharing rule."""
    description: str = ""
    """What was agreed, in words."""

    @classmethod
    def fixed(cls, shares: Mapping[str, float], *, description: str = "") -> InvestmentAgreement:
        """Negotiated shares summing to 1 (see :class:`FixedShares`)."""
        return cls(rule=FixedShares(shares=shares), description=description)

    @classmethod
    def by_headcount(cls, fte: Mapping[str, float], *,
                     description: str = "") -> InvestmentAgreement:
        """Pro rata to staff in the joint team (see :class:`ByHeadcount`)."""
        return cls(rule=ByHeadcount(fte=fte), description=description)

    @classmethod
    def by_gross_benefit(cls, basis: Literal["fiscal", "cashable"] = "fiscal", *,
                         description: str = "") -> InvestmentAgreement:
        """Pro rata to PV benefit received (see :class:`ByGrossBenefit`)."""
        return cls(rule=ByGrossBenefit(basis=basis), description=description)

    @classmethod
    def by_net_benefit(cls, *, description: str = "") -> InvestmentAgreement:
        """Pro rata to positive net benefit (see :class:`ByNetBenefit`)."""
        return cls(rule=ByNetBenefit(), description=description)

    @classmethod
    def per_category(cls, rules: Mapping[str, ShareRule], *,
                     description: str = "") -> InvestmentAgreement:
        """A rule per cost category (see :class:`PerCategory`)."""
        return cls(rule=PerCategory(rules=rules), description=description)

    @classmethod
    def investor_recoups(cls, investor: str, *, return_rate: float = 0.0,
                         investor_share: float = 0.0, cap: float | None = None,
                         description: str = "") -> InvestmentAgreement:
        """One investor funds everything and recoups from cashable savings first (see
        :class:`InvestorRecoups`)."""
        return cls(rule=InvestorRecoups(investor=investor, return_rate=return_rate,
                                        investor_share=investor_share, cap=cap),
                   description=description)

    def partners_named(self) -> dict[str, str]:
        """Every partner id the rule names, with the field path naming it."""
        rule = self.rule
        named: dict[str, str] = {}
        rules: dict[str, Any] = (
            {f"rule.rules[{k!r}]": r for k, r in rule.rules.items()}
            if isinstance(rule, PerCategory) else {"rule": rule}
        )
        for where, inner in rules.items():
            if isinstance(inner, FixedShares):
                named.update({k: f"{where}.shares[{k!r}]" for k in inner.shares})
            elif isinstance(inner, ByHeadcount):
                named.update({k: f"{where}.fte[{k!r}]" for k in inner.fte})
            elif isinstance(inner, InvestorRecoups):
                named[inner.investor] = f"{where}.investor"
        return named

    def settle(self, projection: Projection, *, name: str = "") -> Settlement:
        """Each partner's contribution, benefit, net position and the money flows under
        this agreement (see :func:`placebudget.engine.settle`)."""
        from placebudget.engine.agreements import settle

        return settle(projection, self, name=name)
