"""Investment agreements: how partners share the cost of a business case (see "Investment
agreements" in ``docs/method.md``).

An agreement is a *rule* for splitting each year's total cost between partners. The rules
are plain frozen records; settling one against a projection (who actually saves what) is
the engine's job: :meth:`placebudget.engine.Projection.settle`.

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

import inspect
import math
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, get_args

import attrs

from placebudget.model.validation import (
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
    from typing import Protocol

    class _Settles(Protocol):
        def settle(self, agreement: InvestmentAgreement, *, name: str = "") -> Any: ...


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
    if not items or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in items
    ):
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
    words: ClassVar[str] = "fixed shares"
    """The rule in a few words (``explain``)."""
    title: ClassVar[str] = "Fixed shares agreed by the partners"
    """The rule as a heading (the workbook)."""
    weight_words: ClassVar[str] = "agreed share"
    """What a partner's weight is (its share is its weight over the partners' total)."""
    weight_kind: ClassVar[str] = "share"
    """How a weight is shown (a kind of :mod:`placebudget.figures`)."""
    proportional: ClassVar[bool] = False
    """Whether a share is the weight over the partners' total (or, as here, the weight
    itself)."""
    unshareable: ClassVar[str | None] = None
    """Why a pool cannot be shared when no partner has a positive weight (``None``: the
    record's own validation rules that out)."""
    shares: Mapping[str, float] = attrs.field(
        converter=to_frozen_dict, validator=_partner_amounts("a share"), hash=False
    )
    """Partner id → share of the cost (0 to 1; the shares sum to 1)."""

    @shares.validator
    def _sum_to_one(self, attribute: attrs.Attribute[Any], value: Mapping[str, float]) -> None:
        numbers = _finite_values(value)
        if numbers and abs(math.fsum(numbers) - 1.0) > SHARE_TOLERANCE:
            report("shares", f"must sum to 1 ({_sum_text(value)})", dict(value))

    def partners_named(self, where: str = "rule") -> dict[str, str]:
        """Each partner id the rule names, with the field path naming it."""
        return {k: f"{where}.shares[{k!r}]" for k in self.shares}


@collecting
@attrs.frozen(kw_only=True)
class ByHeadcount:
    """Pro rata to each partner's staff (full-time equivalents) in the joint team."""

    tag: ClassVar[str] = "headcount"
    proportional: ClassVar[bool] = True
    words: ClassVar[str] = "by headcount"
    unshareable: ClassVar[str | None] = None
    title: ClassVar[str] = "Shared by headcount (FTE in the joint team)"
    weight_words: ClassVar[str] = "FTE in the joint teams"
    weight_kind: ClassVar[str] = "number"
    fte: Mapping[str, float] = attrs.field(
        converter=to_frozen_dict, validator=_partner_amounts("a headcount"), hash=False
    )
    """Partner id → FTE staff; partners not named have none."""

    @fte.validator
    def _some_staff(self, attribute: attrs.Attribute[Any], value: Mapping[str, float]) -> None:
        numbers = _finite_values(value)
        if numbers and math.fsum(numbers) <= 0:
            report("fte", "must have some staff in total (all are zero)", dict(value))

    def partners_named(self, where: str = "rule") -> dict[str, str]:
        """Each partner id the rule names, with the field path naming it."""
        return {k: f"{where}.fte[{k!r}]" for k in self.fte}


@collecting
@attrs.frozen(kw_only=True)
class ByGrossBenefit:
    """Pro rata to the present value of the benefit each partner receives.

    A partner whose benefit is negative (made worse off) contributes nothing.
    """

    tag: ClassVar[str] = "gross-benefit"
    proportional: ClassVar[bool] = True
    words: ClassVar[str] = "by gross benefit"
    unshareable: ClassVar[str | None] = "no partner receives a positive PV {basis} benefit"
    weight_kind: ClassVar[str] = "money"
    basis: Literal["fiscal", "cashable"] = attrs.field(
        default="fiscal", validator=one_of(BENEFIT_BASES)
    )
    """``"fiscal"`` (all fiscal benefit) or ``"cashable"`` (only the cashable part)."""

    @property
    def title(self) -> str:
        """The rule as a heading (the workbook)."""
        return f"Shared by gross benefit (each partner's PV {self.basis} benefit)"

    @property
    def weight_words(self) -> str:
        """What a partner's weight is."""
        return f"PV {self.basis} benefit (those above zero)"

    def partners_named(self, where: str = "rule") -> dict[str, str]:
        """Each partner id the rule names: none."""
        return {}


@collecting
@attrs.frozen(kw_only=True)
class ByNetBenefit:
    """Pro rata to each partner's positive net benefit: PV of the fiscal benefit it
    receives minus PV of the costs it bears in the projection. Partners with no positive
    net benefit contribute nothing."""

    tag: ClassVar[str] = "net-benefit"
    proportional: ClassVar[bool] = True
    words: ClassVar[str] = "by net benefit"
    unshareable: ClassVar[str | None] = (
        "no partner has a positive net benefit (PV fiscal benefit minus PV of its own costs)"
    )
    title: ClassVar[str] = (
        "Shared by net benefit (each partner's PV fiscal benefit less its "
        "own costs, where positive)"
    )
    weight_words: ClassVar[str] = "PV fiscal benefit less PV of its own costs (those above zero)"
    weight_kind: ClassVar[str] = "money"

    def partners_named(self, where: str = "rule") -> dict[str, str]:
        """Each partner id the rule names: none."""
        return {}


#: Rules that share one pool of cost by partner: the one list of them (a new rule is
#: added here, with its ``tag``; case files, the schema and the messages follow).
ShareRule = FixedShares | ByHeadcount | ByGrossBenefit | ByNetBenefit
_SHARE_RULES: tuple[type[ShareRule], ...] = get_args(ShareRule)


def _either(words: list[str]) -> str:
    """``a, b or c``."""
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else words[0]


def _category_rules(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        report("rules", "must give a rule for at least one cost category", dict(value))
    for key, rule in value.items():
        if not isinstance(key, str) or not key.strip():
            report(f"rules[{key!r}]", "keys must be cost category labels", key)
        if not isinstance(rule, _SHARE_RULES):
            tags = _either([kind.tag for kind in _SHARE_RULES])
            report(f"rules[{key!r}]", f"must be a {tags} rule", rule)


@collecting
@attrs.frozen(kw_only=True)
class PerCategory:
    """A different rule for each cost category (the ``category`` of each cost line), for
    example running costs by headcount and intervention costs by net benefit."""

    tag: ClassVar[str] = "per-category"
    rules: Mapping[str, ShareRule] = attrs.field(
        converter=to_frozen_dict, validator=_category_rules, hash=False
    )
    """Cost category → rule for that category's cost."""

    def partners_named(self, where: str = "rule") -> dict[str, str]:
        """Each partner id the category rules name, with the field path naming it."""
        named: dict[str, str] = {}
        for category, rule in self.rules.items():
            named.update(rule.partners_named(f"{where}.rules[{category!r}]"))
        return named


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

    def partners_named(self, where: str = "rule") -> dict[str, str]:
        """The investor, with the field path naming it."""
        return {self.investor: f"{where}.investor"}


#: Every rule an agreement can have: the share rules, a rule per category and gain share.
AgreementRule = ShareRule | PerCategory | InvestorRecoups
_RULES: tuple[type[AgreementRule], ...] = get_args(AgreementRule)


def _rule(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, _RULES):
        kinds = ", ".join(cls.__name__ for cls in _RULES)
        report("rule", f"must be one of {kinds}", value)


def _constructor(
    name: str, rule: type, summary: str, positional: tuple[str, ...] = ()
) -> classmethod[Any, ..., InvestmentAgreement]:
    """A named constructor of :class:`InvestmentAgreement` with ``rule``: its parameters
    are the rule's fields (``positional`` ones first, the rest keyword-only) and
    ``description``, read from the rule class rather than written again."""
    fields = attrs.fields(rule)
    parameters = [inspect.Parameter("cls", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for field in sorted(fields, key=lambda f: f.name not in positional):
        kind = (
            inspect.Parameter.POSITIONAL_OR_KEYWORD
            if field.name in positional
            else inspect.Parameter.KEYWORD_ONLY
        )
        default = inspect.Parameter.empty if field.default is attrs.NOTHING else field.default
        parameters.append(
            inspect.Parameter(field.name, kind, default=default, annotation=field.type)
        )
    parameters.append(
        inspect.Parameter(
            "description", inspect.Parameter.KEYWORD_ONLY, default="", annotation="str"
        )
    )
    signature = inspect.Signature(parameters, return_annotation="InvestmentAgreement")

    def make(cls: type[InvestmentAgreement], *args: Any, **kwargs: Any) -> InvestmentAgreement:
        bound = signature.bind(cls, *args, **kwargs)
        bound.apply_defaults()
        values = dict(bound.arguments)
        values.pop("cls")
        description = values.pop("description")
        return cls(rule=rule(**values), description=description)

    make.__name__, make.__qualname__ = name, f"InvestmentAgreement.{name}"
    make.__doc__ = f"{summary} (see :class:`{rule.__name__}`)."
    make.__signature__ = signature  # type: ignore[attr-defined]
    return classmethod(make)


@collecting
@attrs.frozen(kw_only=True)
class InvestmentAgreement:
    """How partners share the cost of a business case.

    Build one with a named constructor — :meth:`fixed`, :meth:`by_headcount`,
    :meth:`by_gross_benefit`, :meth:`by_net_benefit`, :meth:`per_category` or
    :meth:`investor_recoups` — and settle it against a projection with
    :meth:`placebudget.engine.Projection.settle`.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> projection = pb.project(example_case())
    >>> settlement = projection.settle(InvestmentAgreement.by_gross_benefit())
    >>> settlement.by_partner["pv_contribution"].round(2).to_dict()
    {'dwp': 205541.4, 'nhs': 12598.7, 'council': 0.0}
    """

    rule: AgreementRule = attrs.field(validator=_rule)
    """The sharing rule."""
    description: str = ""
    """What was agreed, in words."""

    fixed = _constructor("fixed", FixedShares, "Negotiated shares summing to 1", ("shares",))
    by_headcount = _constructor(
        "by_headcount", ByHeadcount, "Pro rata to staff in the joint team", ("fte",)
    )
    by_gross_benefit = _constructor(
        "by_gross_benefit", ByGrossBenefit, "Pro rata to PV benefit received", ("basis",)
    )
    by_net_benefit = _constructor(
        "by_net_benefit", ByNetBenefit, "Pro rata to positive net benefit"
    )
    per_category = _constructor("per_category", PerCategory, "A rule per cost category", ("rules",))
    investor_recoups = _constructor(
        "investor_recoups",
        InvestorRecoups,
        "One investor funds everything and recoups from cashable savings first",
        ("investor",),
    )

    def partners_named(self) -> dict[str, str]:
        """Every partner id the rule names, with the field path naming it."""
        return self.rule.partners_named("rule")

    def settle(self, projection: _Settles, *, name: str = "") -> Any:
        """Deprecated: use :meth:`placebudget.engine.Projection.settle`
        (``projection.settle(agreement)``)."""
        warnings.warn(
            "InvestmentAgreement.settle(projection) is deprecated: use "
            "projection.settle(agreement)",
            DeprecationWarning,
            stacklevel=2,
        )
        return projection.settle(self, name=name)
