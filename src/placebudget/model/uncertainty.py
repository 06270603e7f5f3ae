"""Probability distributions for uncertain inputs, and the default spread by evidence
grade.

A distribution is attached to an input by its name, the ids that lead to it
(``"work_support › jsa_into_work › impact"``; ``>`` may be typed for ``›``), or by its
position in the case (``"interventions[0].effects[0].impact"``). The funnel takes
``<intervention> › engagement`` (a rate) and ``<intervention> › intake`` (a factor on the
intake). Rates (``baseline``, ``impact``, ``deadweight``, ``displacement``,
``attribution``, ``drop_off``) take the distribution of the rate itself; money
(``<intervention> › <outcome> › fiscal › <partner>``, ``… › economic``, ``… › social`` and
``<intervention> › costs › <line>``) takes the distribution of a multiplicative *factor*
on the value as given, so ``LogNormal(mean=1, sd=0.2)`` is "about right, give or take a
fifth".

Each kind of distribution draws many of its kind at once, one column each in one random
call (``draw_many``), and tells whether its draws stay within bounds whatever is drawn
(``within``): the simulation (:func:`placebudget.engine.simulation.sample_many`) asks
them, in the order of the :data:`Distribution` union — and gives the range a one-way
sensitivity takes (``interval``: a bounded distribution's lowest and highest value, an
unbounded one's 5th and 95th percentiles).

Examples
--------
>>> round(PERT(low=0.1, mode=0.3, high=0.4).mean, 4)
0.2833
>>> Triangular(low=0.3, mode=0.2, high=0.4)
Traceback (most recent call last):
...
placebudget.errors.ValidationError: invalid Triangular (1 problem):
  - mode: must satisfy low <= mode <= high, got 0.2
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from placebudget.model._distributions import (
    DISTRIBUTIONS,
    PERT,
    Beta,
    Distribution,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
    describe,
)
from placebudget.model.naming import NAME_SEPARATOR
from placebudget.model.validation import collecting, non_empty_text, report, to_frozen_dict

__all__ = [
    "BOUNDED_RATES",
    "DISTRIBUTIONS",
    "PERT",
    "RATES",
    "Beta",
    "Distribution",
    "GradeSpread",
    "InputPath",
    "LogNormal",
    "Normal",
    "Triangular",
    "Uniform",
    "describe",
]


def _spreads(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for grade in range(1, 7):
        if grade not in value:
            report(
                f"{attribute.name}[{grade}]",
                "must give a spread for every grade 1-6",
                sorted(value),
            )
    for grade, spread in value.items():
        if (
            not isinstance(spread, int | float)
            or isinstance(spread, bool)
            or not (math.isfinite(spread) and 0 <= spread < 1)
        ):
            report(
                f"{attribute.name}[{grade}]",
                "must be a coefficient of variation within [0, 1)",
                spread,
            )


@collecting
@attrs.frozen(kw_only=True)
class GradeSpread:
    """The default uncertainty of an input from its evidence confidence grade: the
    coefficient of variation (standard deviation ÷ mean) of each grade.

    Examples
    --------
    >>> GradeSpread.default().cv(6)
    0.5
    """

    name: str = attrs.field(validator=non_empty_text)
    """Name the table is selected by."""
    cvs: Mapping[int, float] = attrs.field(converter=to_frozen_dict, validator=_spreads, hash=False)
    """Grade (1-6) → coefficient of variation."""
    source: str = ""
    """Where the figures come from."""

    def cv(self, grade: int) -> float:
        """Coefficient of variation of ``grade``; inputs with no grade (an explicit
        optimism bias) get the grade 6 spread."""
        return float(self.cvs.get(grade, self.cvs[6]))

    @classmethod
    def default(cls) -> GradeSpread:
        """placebudget's default: 5 % for grade 1 rising to 50 % for grade 6.

        These are a documented judgement, not figures from a published source: they make
        the spread grow with the same grades the optimism bias table uses. Supply your own
        table to change them.
        """
        return cls(
            name="placebudget-2026",
            cvs={1: 0.05, 2: 0.10, 3: 0.15, 4: 0.25, 5: 0.35, 6: 0.50},
            source="judgement: placebudget default, spread rising with the evidence grade",
        )


#: Effect rates a distribution can be put on, by path ``effects[j].<rate>``.
RATES: tuple[str, ...] = (
    "baseline",
    "impact",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
)
#: Rates bounded to [0, 1].
BOUNDED_RATES = frozenset(RATES) - {"baseline"}

_INPUT_PATH = re.compile(
    r"^interventions\[(\d+)\]\.(?:(engagement)|cohort\.(intake)"
    r"|effects\[(\d+)\]\.(\w+)(?:\['([^']+)'\])?|costs\[(\d+)\])$"
)
_NAME_PARTS = re.compile(r"\s*(?:›|>)\s*")
_WORD = re.compile(r"^[A-Za-z0-9_.#-]+$")
_FUNNEL = {"engagement": "engagement", "intake": "intake"}

if TYPE_CHECKING:
    from placebudget.model.intervention import Intervention
    from placebudget.model.partners import Place


class _Case(Protocol):
    """What an input path reads of a case (a :class:`~placebudget.model.BusinessCase`,
    which names its inputs with :class:`InputPath`)."""

    @property
    def interventions(self) -> tuple[Intervention, ...]: ...

    @property
    def place(self) -> Place: ...


def _field_valid(field: str | None, partner: str | None) -> bool:
    if partner is None:
        return field in RATES or field in ("economic", "social")
    return field == "fiscal"


@attrs.frozen
class InputPath:
    """An uncertain input, named by ids (``key_workers › child_into_care › impact``) or by
    its position in the case (``interventions[0].effects[2].impact``).

    By name: the intervention's id, then ``engagement`` or ``intake``, or ``costs`` and
    the cost line's name (:attr:`Intervention.cost_names
    <placebudget.model.Intervention.cost_names>`), or the effect's outcome and a rate,
    ``economic``, ``social`` or ``fiscal`` and a partner. ``>`` may be typed for ``›``.

    Examples
    --------
    >>> InputPath.parse("interventions[0].effects[2].fiscal['nhs']")
    InputPath(intervention=0, part='effect', index=2, field='fiscal', partner='nhs')
    >>> InputPath.parse("key_workers > child_into_care > fiscal > nhs")
    ... # doctest: +NORMALIZE_WHITESPACE
    InputPath(intervention='key_workers', part='effect', index='child_into_care',
              field='fiscal', partner='nhs')
    >>> InputPath.parse("interventions[0].effects[2].impakt") is None
    True
    >>> from placebudget.testing import example_case
    >>> InputPath.parse("interventions[0].costs[0]").name_in(example_case())
    'work_support › costs › intervention'
    """

    intervention: int | str
    """Index or id of the intervention."""
    part: str
    """``engagement``, ``intake``, ``effect`` or ``cost``."""
    index: int | str | None = None
    """Index of the effect or cost line, or its outcome or cost line name."""
    field: str | None = None
    """For an effect: a rate (``baseline``, ``impact``, ``deadweight``, ``displacement``,
    ``attribution``, ``drop_off``), ``fiscal``, ``economic`` or ``social``."""
    partner: str | None = None
    """For a fiscal value: the partner."""

    @classmethod
    def parse(cls, path: str) -> InputPath | None:
        """The input ``path`` names, or ``None`` if it names none."""
        match = _INPUT_PATH.match(path)
        if match is None:
            return cls._parse_name(path)
        i, engagement, intake, effect, field, partner, cost = match.groups()
        if engagement:
            return cls(int(i), "engagement")
        if intake:
            return cls(int(i), "intake")
        if cost is not None:
            return cls(int(i), "cost", int(cost))
        return (
            cls(int(i), "effect", int(effect), field, partner)
            if _field_valid(field, partner)
            else None
        )

    @classmethod
    def _parse_name(cls, name: str) -> InputPath | None:
        parts = _NAME_PARTS.split(name.strip())
        if len(parts) < 2 or not all(_WORD.match(part) for part in parts):
            return None
        if len(parts) == 2 and parts[1] in _FUNNEL:
            return cls(parts[0], _FUNNEL[parts[1]])
        if len(parts) == 3 and parts[1] == "costs":
            return cls(parts[0], "cost", parts[2])
        field, partner = (
            (parts[2], None)
            if len(parts) == 3
            else ((parts[2], parts[3]) if len(parts) == 4 else (None, None))
        )
        if field is None or not _field_valid(field, partner):
            return None
        return cls(parts[0], "effect", parts[1], field, partner)

    def locate(self, case: _Case) -> InputPath | None:
        """This input with the positions of its intervention and effect or cost line in
        ``case``, or ``None`` if the case has no such input."""
        ids = [intervention.id for intervention in case.interventions]
        i = (
            self.intervention
            if isinstance(self.intervention, int)
            else (ids.index(self.intervention) if self.intervention in ids else None)
        )
        if i is None or i >= len(ids):
            return None
        intervention = case.interventions[i]
        index = self.index
        if self.part == "cost":
            names = intervention.cost_names
            index = names.index(index) if isinstance(index, str) and index in names else index
            if not isinstance(index, int) or index >= len(names):
                return None
        elif self.part == "effect":
            outcomes = [effect.outcome for effect in intervention.effects]
            index = outcomes.index(index) if isinstance(index, str) and index in outcomes else index
            if (
                not isinstance(index, int)
                or index >= len(outcomes)
                or (self.partner is not None and self.partner not in case.place.partner_ids)
            ):
                return None
        return attrs.evolve(self, intervention=i, index=index)

    def exists_in(self, case: _Case) -> bool:
        """Whether ``case`` has this input's intervention, effect or cost line and
        partner."""
        return self.locate(case) is not None

    def name_in(self, case: _Case) -> str | None:
        """This input's name by ids in ``case`` (``work_support › costs ›
        intervention``), or ``None`` if the case has no such input."""
        found = self.locate(case)
        if found is None:
            return None
        assert isinstance(found.intervention, int)
        intervention = case.interventions[found.intervention]
        parts = [intervention.id]
        if found.part in _FUNNEL:
            parts.append(found.part)
        elif found.part == "cost":
            assert isinstance(found.index, int)
            parts += ["costs", intervention.cost_names[found.index]]
        else:
            assert isinstance(found.index, int)
            assert found.field is not None
            parts += [intervention.effects[found.index].outcome, found.field]
            if found.partner is not None:
                parts.append(found.partner)
        return NAME_SEPARATOR.join(parts)
