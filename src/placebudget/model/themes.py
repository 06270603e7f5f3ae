"""Themes: the records a theme plugin gives (see :mod:`placebudget.plugin`) — a named
builder of interventions and its typed, documented parameters, whose defaults cite their
evidence.

They are domain records, kept here below :mod:`placebudget.io` (which expands a case
file's ``theme`` key with them) and :mod:`placebudget.plugin` (which collects them from
plugins and gives them under its own names, :class:`placebudget.plugin.ThemeSpec` and
:class:`placebudget.plugin.ParameterSpec`).

Examples
--------
>>> p = ParameterSpec(name="engagement", default=0.8, description="share who engage",
...                   minimum=0, maximum=1, source="judgement", confidence=5)
>>> p.coerce(0.75)
0.75
>>> p.coerce(1.2)
Traceback (most recent call last):
...
placebudget.errors.ValidationError: parameters.engagement: must be within [0, 1], got 1.2
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from placebudget.errors import Problem, ValidationError
from placebudget.model.validation import (
    collecting,
    is_callable,
    non_empty_text,
    one_of,
    optional,
    plugin_name,
    report,
    to_frozen_dict,
    to_tuple,
)

if TYPE_CHECKING:
    from placebudget.model.intervention import Intervention

__all__ = ["ParameterSpec", "ThemeSpec"]

#: Python types a theme parameter can have.
_PARAMETER_TYPES: tuple[type, ...] = (int, float, str, bool)


@collecting
@attrs.frozen(kw_only=True)
class ParameterSpec:
    """One parameter of a theme: its type, default, bounds and the evidence behind the
    default."""

    name: str = attrs.field()
    """Keyword the theme's ``build`` takes (a Python identifier)."""
    default: Any
    """Value used when a case does not set it."""
    description: str = attrs.field(validator=non_empty_text)
    """What it means, with its unit (``"repeat incidents per household per year"``)."""
    kind: type = attrs.field()
    """``int``, ``float``, ``str`` or ``bool``; inferred from the default when not given."""
    minimum: float | None = None
    """Smallest allowed value, for numbers."""
    maximum: float | None = None
    """Largest allowed value, for numbers."""
    choices: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    """Allowed values, for text."""
    source: str = attrs.field(validator=non_empty_text)
    """Evidence for the default, with its year; ``"judgement: …"`` when there is none."""
    confidence: int | None = attrs.field(
        default=None,
        validator=optional(one_of((1, 2, 3, 4, 5, 6))),  # type: ignore[arg-type]
    )
    """Evidence confidence grade of the default (1 best to 6), for rates and values."""

    @name.validator
    def _identifier(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not value.isidentifier():
            report("name", "must be a Python identifier", value)

    @kind.default
    def _kind_from_default(self) -> type:
        return type(self.default)

    @kind.validator
    def _known_kind(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in _PARAMETER_TYPES:
            report("kind", "must be int, float, str or bool", value)

    def __attrs_post_init__(self) -> None:
        if self.kind in _PARAMETER_TYPES:
            try:
                self.coerce(self.default)
            except ValidationError as exc:
                for p in exc.problems:
                    report("default", p.message, self.default)

    def coerce(self, value: Any) -> Any:
        """``value`` as this parameter's type, checked against its bounds.

        Raises
        ------
        placebudget.errors.ValidationError
            The value has the wrong type or is out of bounds.
        """
        path = f"parameters.{self.name}"
        kind = self.kind
        ok_type = (
            isinstance(value, bool)
            if kind is bool
            else isinstance(value, int) and not isinstance(value, bool)
            if kind is int
            else isinstance(value, int | float) and not isinstance(value, bool)
            if kind is float
            else isinstance(value, str)
        )
        if not ok_type:
            raise ValidationError.single(path, f"must be a {kind.__name__}", value)
        if kind is float:
            value = float(value)
            if not math.isfinite(value):
                raise ValidationError.single(path, "must be a finite number", value)
        if kind in (int, float):
            low = -math.inf if self.minimum is None else self.minimum
            high = math.inf if self.maximum is None else self.maximum
            if not low <= value <= high:
                raise ValidationError.single(path, f"must be within [{low:g}, {high:g}]", value)
        if self.choices and value not in self.choices:
            raise ValidationError.single(path, f"must be one of {', '.join(self.choices)}", value)
        return value


def _parameters(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[str] = set()
    for i, item in enumerate(value):
        if not isinstance(item, ParameterSpec):
            report(f"parameters[{i}]", "must be a ParameterSpec", item)
        elif item.name in seen:
            report(f"parameters[{i}].name", "duplicate parameter", item.name)
        else:
            seen.add(item.name)


@collecting
@attrs.frozen(kw_only=True)
class ThemeSpec:
    """A theme: a named builder of interventions with documented parameters.

    Examples
    --------
    >>> from placebudget.testing import example_intervention
    >>> spec = ThemeSpec(
    ...     name="work-support", title="Work support", description="Employment support.",
    ...     partners={"dwp": "dwp", "nhs": "nhs", "council": "local_authority"},
    ...     parameters=[ParameterSpec(name="engagement", default=0.75, minimum=0, maximum=1,
    ...                               description="share of the cohort who engage",
    ...                               source="judgement", confidence=5)],
    ...     build=lambda engagement: [example_intervention(engagement=engagement)])
    >>> [i.engagement for i in spec.interventions({"engagement": 0.5})]
    [0.5]
    >>> try:
    ...     spec.interventions({"engagment": 0.5})
    ... except ValueError as exc:
    ...     print(exc.problems[0].message)
    is not a parameter of theme 'work-support' (parameters: engagement)
    """

    name: str = attrs.field(validator=plugin_name)
    """Name a case selects the theme by (``"troubled-families"``)."""
    title: str = attrs.field(validator=non_empty_text)
    """Human title."""
    description: str = attrs.field(validator=non_empty_text)
    """What the theme models, for whom, and its main evidence."""
    build: Callable[..., Sequence[Intervention]] = attrs.field(validator=is_callable)
    """Builds the theme's interventions from keyword parameters."""
    parameters: tuple[ParameterSpec, ...] = attrs.field(
        factory=tuple, converter=to_tuple, validator=_parameters
    )
    """Every parameter ``build`` takes, with defaults and their evidence."""
    partners: Mapping[str, str] = attrs.field(factory=dict, converter=to_frozen_dict, hash=False)
    """Partner ids the interventions refer to, with their kinds; a case using the theme
    must have them in its place."""
    unit_costs: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty_text)
    )
    """The unit cost database the theme's ``ucd:`` codes refer to (``"ucd-v1.2"``):
    editions renumber lines, so a case built from the theme uses this database unless it
    names one itself. ``None``: the case's default
    (``placebudget.reference.BUNDLED_UNIT_COSTS``)."""

    def defaults(self) -> dict[str, Any]:
        """Every parameter's default value."""
        return {p.name: p.default for p in self.parameters}

    def resolve(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The parameters with ``overrides`` applied and checked, reporting every unknown
        or invalid one together."""
        by_name = {p.name: p for p in self.parameters}
        values = self.defaults()
        problems: list[Problem] = []
        for key, value in (overrides or {}).items():
            spec = by_name.get(key)
            if spec is None:
                problems.append(
                    Problem(
                        f"parameters.{key}",
                        f"is not a parameter of theme {self.name!r} "
                        f"(parameters: {', '.join(by_name) or 'none'})",
                        value,
                    )
                )
                continue
            try:
                values[key] = spec.coerce(value)
            except ValidationError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ValidationError(problems, context=f"invalid parameters for {self.name!r}")
        return values

    def interventions(self, overrides: Mapping[str, Any] | None = None) -> tuple[Intervention, ...]:
        """Build the theme's interventions with ``overrides`` applied."""
        from placebudget.model.intervention import Intervention

        built: tuple[Any, ...] = tuple(self.build(**self.resolve(overrides)))
        wrong = [type(item).__name__ for item in built if not isinstance(item, Intervention)]
        if wrong or not built:
            msg = (
                f"theme {self.name!r} built {', '.join(wrong) or 'nothing'}; its build "
                "must return Intervention objects"
            )
            raise TypeError(msg)
        return built
