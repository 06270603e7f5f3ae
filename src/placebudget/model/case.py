"""The whole input of an appraisal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from placebudget.errors import UNSET, Problem
from placebudget.model._case_checks import LONG_HORIZON, case_warnings, check_consistency
from placebudget.model.agreements import InvestmentAgreement
from placebudget.model.case_studies import CaseStudy
from placebudget.model.green_book import (
    GREEN_BOOK_EDITIONS,
    DistributionalWeights,
    Interaction,
    Risk,
)
from placebudget.model.intervention import MAX_YEARS, Intervention
from placebudget.model.naming import InterventionNames, named
from placebudget.model.partners import Place
from placebudget.model.reinvestment import Reinvestment
from placebudget.model.tables import (
    DeflatorExtension,
    DeflatorSeries,
    DiscountSchedule,
    OptimismBiasTable,
)
from placebudget.model.uncertainty import DISTRIBUTIONS, Distribution, InputPath
from placebudget.model.validation import (
    at_most,
    collecting,
    flag,
    has_problems,
    instances_of,
    non_empty_text,
    one_of,
    optional,
    positive_int,
    report,
    to_frozen_dict,
    to_tuple,
    unique_ids,
    with_schema,
    within,
    year,
)

__all__ = [
    "ANNUITY_CONVENTIONS",
    "DEFAULT_ANNUITY",
    "DEFAULT_DEFLATORS",
    "DEFAULT_DISCOUNTING",
    "DEFAULT_GREEN_BOOK",
    "DEFAULT_OPTIMISM_BIAS",
    "DEFAULT_UNIT_COSTS",
    "LONG_HORIZON",
    "MAX_HORIZON",
    "BusinessCase",
    "case_names",
]

#: Name of the discount schedule used unless a case says otherwise.
DEFAULT_DISCOUNTING = "standard"
#: Name of the GDP deflator series used unless a case says otherwise.
DEFAULT_DEFLATORS = "hmt-2025-12"
#: Unit cost database used unless a case says otherwise.
DEFAULT_UNIT_COSTS = "ucd-v1.4"
#: Longest appraisal a case may ask for (years): the Green Book's discount schedule runs
#: in bands to 300 years, and a business case for pooled budgets is rarely over 60.
MAX_HORIZON = MAX_YEARS

#: Name of the optimism-bias-by-grade table used unless a case says otherwise.
DEFAULT_OPTIMISM_BIAS = "gm-cba-2014"
#: Green Book edition a case is appraised under unless it pins another.
DEFAULT_GREEN_BOOK = "2026"
#: How the equivalent annual cost and net cost (EAC, EANC) spread a present value over
#: the years: ``"due"`` divides by the sum of the discount factors of every appraisal year,
#: year 0 (undiscounted) included — equal amounts at the start of each year, as the
#: appraisal's own flows are discounted; ``"immediate"`` leaves year 0's factor out —
#: equal amounts in arrears, in years 1 to n − 1 only (the convention of some other
#: implementations, which the option reproduces).
ANNUITY_CONVENTIONS: tuple[str, ...] = ("due", "immediate")
#: The annuity convention of EAC and EANC unless a case says otherwise.
DEFAULT_ANNUITY = "due"


def _table(*kinds: type) -> Any:
    names = " or a ".join(kind.__name__ for kind in kinds)

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, str):
            if not value.strip():
                report(attribute.name, f"must name a {kinds[0].__name__} or be one", value)
        elif not isinstance(value, kinds):
            report(attribute.name, f"must be a name or a {names}", value)

    return check


def _agreements(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, agreement in value.items():
        if not isinstance(key, str) or not key.strip():
            report(f"agreements[{key!r}]", "names must be non-empty text", key)
        if not isinstance(agreement, InvestmentAgreement):
            report(f"agreements[{key!r}]", "must be an InvestmentAgreement", agreement)


def _uncertainty(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    kinds = tuple(DISTRIBUTIONS.values())
    for path, distribution in value.items():
        if not isinstance(path, str) or InputPath.parse(path) is None:
            report(
                f"uncertainty[{path!r}]",
                "must name an input by ids, such as "
                "'key_workers › child_into_care › impact' or 'key_workers › costs › "
                "running' (or by position: 'interventions[0].effects[1].impact')",
                path,
            )
        if not isinstance(distribution, kinds):
            report(
                f"uncertainty[{path!r}]",
                f"must be a distribution ({', '.join(DISTRIBUTIONS)})",
                distribution,
            )


def _at_least_one(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """At least one item: a case with no interventions appraises nothing (an empty
    ``interventions = []`` or ``{}`` is a mistake, not a case of zeros)."""
    if isinstance(value, tuple) and not value:
        report(attribute.name, "must list at least one intervention (it is empty)", UNSET)


with_schema(_at_least_one, {"minItems": 1})


@collecting
@attrs.frozen(kw_only=True)
class BusinessCase:
    """A place, its interventions, and how to appraise them.

    Examples
    --------
    >>> from placebudget.testing import example_case
    >>> case = example_case()
    >>> case.years
    (2012, 2013, 2014, 2015)
    """

    name: str = attrs.field(validator=non_empty_text)
    """Title of the business case."""
    place: Place = attrs.field(validator=attrs.validators.instance_of(Place))
    """The place and its partners."""
    interventions: tuple[Intervention, ...] = attrs.field(
        converter=to_tuple,
        validator=[instances_of(Intervention), unique_ids("intervention"), _at_least_one],
    )
    """What is proposed."""
    start_year: int = attrs.field(validator=year)
    """First financial year of the appraisal (2013 = 2013/14); year ``t = 0``."""
    horizon: int = attrs.field(validator=[positive_int, at_most(MAX_HORIZON)])
    """Number of years appraised."""
    price_year: int = attrs.field(validator=year)
    """Price base every amount is uprated to."""
    discounting: str | DiscountSchedule = attrs.field(
        default=DEFAULT_DISCOUNTING, validator=_table(DiscountSchedule)
    )
    """Discount schedule, by name (``"standard"``, ``"health"``, ``"reduced"``,
    ``"review-2026-3pc"``) or given."""
    annuity: str = attrs.field(default=DEFAULT_ANNUITY, validator=one_of(ANNUITY_CONVENTIONS))
    """How EAC and EANC spread a present value over the years: ``"due"`` (the default)
    divides by the sum of the discount factors of every appraisal year, year 0 included;
    ``"immediate"`` by the sum without year 0's (equal amounts in arrears, years 1 to
    n − 1; needs a horizon of at least two years)."""
    health_discounting: bool = attrs.field(default=True, validator=flag)
    """Discount health values (an effect's social value that is a health value,
    :attr:`placebudget.model.Effect.health_valued`) with the Green Book health schedule
    (1.5 % for years 0–30), other values with :attr:`discounting`; ``False``: every
    value with :attr:`discounting`."""
    optimism_bias: str | OptimismBiasTable = attrs.field(
        default=DEFAULT_OPTIMISM_BIAS, validator=_table(OptimismBiasTable)
    )
    """Optimism-bias-by-confidence-grade table, by name or given."""
    deflators: str | DeflatorSeries | DeflatorExtension = attrs.field(
        default=DEFAULT_DEFLATORS, validator=_table(DeflatorSeries, DeflatorExtension)
    )
    """GDP deflator series for uprating: a bundled one by name, one given in full (read
    from a file by :func:`placebudget.io.read_deflators`), or a series extended with an
    explicit growth assumption (:class:`~placebudget.model.DeflatorExtension`)."""
    unit_costs: str = attrs.field(default=DEFAULT_UNIT_COSTS, validator=non_empty_text)
    """Unit cost database that ``"ucd:CODE"`` values come from: a bundled one by name, or
    the path of a database file (``.xls``, ``.xlsx``, ``.csv``; in a case file, relative
    to the file)."""
    codes_edition: str | None = attrs.field(default=None, validator=optional(non_empty_text))
    """The Unit Cost Database edition the case's unqualified ``"ucd:CODE"`` values were
    written for (``"ucd-v1.2"``); ``None``: the database :attr:`unit_costs` names. Run
    against another database, a code whose meaning differs between the two editions is
    warned about (a code may name its edition instead: ``"ucd-v1.2:CR6.0"``)."""
    description: str = ""
    """Summary of the case."""
    agreements: Mapping[str, InvestmentAgreement] = attrs.field(
        factory=dict, converter=to_frozen_dict, validator=_agreements, hash=False
    )
    """Investment agreement options to settle and compare, by name."""
    uncertainty: Mapping[str, Distribution] = attrs.field(
        factory=dict, converter=to_frozen_dict, validator=_uncertainty, hash=False
    )
    """Distributions of uncertain inputs by name (``key_workers › child_into_care ›
    impact``, see :class:`~placebudget.model.InputPath`) or by position
    (``interventions[0].effects[1].impact``), used by :func:`placebudget.engine.simulate`."""
    reinvestment: Reinvestment | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Reinvestment)),
    )
    """A share of each year's cashable savings spent on extra intake the next year
    (stage 10: scaling up); none by default."""
    case_studies: tuple[CaseStudy, ...] = attrs.field(
        factory=tuple,
        converter=to_tuple,
        validator=[instances_of(CaseStudy), unique_ids("case study")],
    )
    """Costed families: a year of service contacts before and after, costed by agency in
    the reports."""
    green_book: str = attrs.field(default=DEFAULT_GREEN_BOOK, validator=one_of(GREEN_BOOK_EDITIONS))
    """Green Book edition (``"2026"`` or ``"2022"``) for the items that differ between
    them: the costs of raising public funds (METB) are a 20 % sensitivity under 2022 and
    none under 2026 unless :attr:`metb` states a rate."""
    metb: float | None = attrs.field(default=None, validator=optional(within(0, 1)))
    """Marginal excess tax burden applied as a sensitivity (0.2 = 20 %; never in the
    headline figures); ``None`` takes the edition's (none in 2026)."""
    distributional_weights: DistributionalWeights | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(DistributionalWeights)),
    )
    """Weight economic and social values by cohort income (every cohort then needs an
    ``income``); reports show the weighted public value beside the unweighted."""
    risks: tuple[Risk, ...] = attrs.field(
        factory=tuple, converter=to_tuple, validator=[instances_of(Risk), unique_ids("risk")]
    )
    """The costed risk register: expected costs give the risk-adjusted cost and NPV."""
    interactions: tuple[Interaction, ...] = attrs.field(
        factory=tuple, converter=to_tuple, validator=instances_of(Interaction)
    )
    """Interventions in this place that reach the same people (overlaps and explicit
    interaction adjustments)."""

    def __attrs_post_init__(self) -> None:
        if has_problems():
            return
        check_consistency(self)

    def warnings(self) -> list[Problem]:
        """What is allowed but probably a mistake, or a default that changes results: an
        effect whose benefit, for some intake year, runs past the horizon's last year
        (named by intervention and effect, with the intakes and the years cut off: they
        are not counted), a social value at a NICE threshold (for health
        technology assessment, not for cross-government appraisal), a fiscal value with
        no cashable share stated (0 % assumed), a partner with no costs and no benefits,
        and a case with no economic or social values (its BCR is its fiscal ROI). Each
        names the field (by ids where it is inside an intervention: ``key_workers ›
        child_into_care › fiscal › nhs › cashable``) and says what it means; a value
        is appended (``got 10``) only when the sentence is about the field's value.

        Examples
        --------
        >>> import attrs
        >>> from placebudget.testing import example_case, example_intervention
        >>> effect = attrs.evolve(example_intervention().effects[0], economic=None)
        >>> case = example_case(interventions=[example_intervention(effects=[effect])])
        >>> print(case.warnings()[0])  # doctest: +NORMALIZE_WHITESPACE
        interventions: no effect gives an economic or a social value (economic = …,
        social = …), so public value is the fiscal benefit alone, less any transfer
        payments, and the benefit-cost ratio is the fiscal return on investment; give the
        values the outcomes have, or read the BCR as fiscal only
        """
        return named(case_warnings(self), case_names(self))

    @property
    def reinvested_into(self) -> int | None:
        """Index of the intervention reinvestment scales up, if the case reinvests."""
        if self.reinvestment is None:
            return None
        ids = [i.id for i in self.interventions]
        return ids.index(self.reinvestment.into or ids[0])

    @property
    def years(self) -> tuple[int, ...]:
        """The financial years appraised."""
        return tuple(range(self.start_year, self.start_year + self.horizon))

    @property
    def outcomes(self) -> tuple[str, ...]:
        """Outcome ids in order of first appearance."""
        seen: dict[str, None] = {}
        for intervention in self.interventions:
            for effect in intervention.effects:
                seen.setdefault(effect.outcome)
        return tuple(seen)


def case_names(case: BusinessCase) -> list[InterventionNames]:
    """The names ``readable_path`` needs, from a case."""
    return [(i.id, [e.outcome for e in i.effects], i.cost_names) for i in case.interventions]
