"""Field validators that report every problem of an object at once.

attrs runs field validators one after another and stops at the first exception. The
:func:`collecting` class decorator wraps ``__init__`` so that the validators defined here
*record* problems instead of raising, and raises a single
:class:`~placebudget.errors.ValidationError` listing them all when construction ends.
Outside a collecting ``__init__`` (for example :func:`attrs.validate`) they raise at once.

The model's records use them, and so do the records of other rooms (plugin spec records,
the case study file), so that every record reports its problems the same way.
"""

from __future__ import annotations

import contextvars
import functools
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from placebudget.errors import Problem, ValidationError

__all__ = [
    "ID_CHARACTERS",
    "PLUGIN_NAME",
    "at_most",
    "check_finite",
    "check_non_negative",
    "collecting",
    "control_character",
    "financial_year_label",
    "finite_number",
    "flag",
    "has_problems",
    "hint",
    "id_problem",
    "identifier",
    "instances_of",
    "is_callable",
    "near_miss",
    "non_empty_text",
    "non_negative",
    "non_negative_int",
    "one_of",
    "optional",
    "plugin_name",
    "positive",
    "positive_int",
    "report",
    "report_error",
    "text",
    "to_frozen_dict",
    "to_tuple",
    "unique_ids",
    "whole_within",
    "with_schema",
    "within",
    "year",
]

T = TypeVar("T")

_collector: contextvars.ContextVar[list[Problem] | None] = contextvars.ContextVar(
    "placebudget_problems", default=None
)


def report(path: str, message: str, value: object) -> None:
    """Record a problem in the active collector, or raise it if there is none."""
    problems = _collector.get()
    problem = Problem(path, message, value)
    if problems is None:
        raise ValidationError([problem])
    problems.append(problem)


def report_error(error: ValidationError, prefix: str = "") -> None:
    """Record every problem of an already-raised error under ``prefix``."""
    problems = _collector.get()
    if problems is None:
        raise error.prefixed(prefix)
    problems.extend(p.prefixed(prefix) for p in error.problems)


def has_problems() -> bool:
    """Whether the active collector has recorded anything yet."""
    problems = _collector.get()
    return bool(problems)


C = TypeVar("C", bound=type)


def collecting(cls: C) -> C:
    """Class decorator: gather every validator's problems and raise them together."""
    original: Any = cls.__init__  # type: ignore[misc]

    @functools.wraps(original)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        problems: list[Problem] = []
        token = _collector.set(problems)
        try:
            original(self, *args, **kwargs)
        except ValidationError as exc:
            problems.extend(exc.problems)
        finally:
            _collector.reset(token)
        if problems:
            raise ValidationError(problems, context=f"invalid {cls.__name__}")

    cls.__init__ = __init__  # type: ignore[misc]
    return cls


# -- validators ---------------------------------------------------------------------------


V = TypeVar("V", bound=Callable[..., Any])


def with_schema(check: V, schema: dict[str, Any]) -> V:
    """Record what a validator accepts as a JSON Schema fragment (read by
    :mod:`placebudget.io.schema`)."""
    check.schema = schema  # type: ignore[attr-defined]
    return check


#: JSON Schema of a field taking a number of zero or more, or a quantity written as text.
COUNT_OR_QUANTITY: dict[str, Any] = {
    "anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]
}


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_finite(path: str, value: Any) -> bool:
    """Report unless ``value`` is a real, finite number; whether it is."""
    if not _is_real(value):
        report(path, "must be a number", value)
        return False
    if not math.isfinite(value):
        report(path, "must be a finite number", value)
        return False
    return True


def check_non_negative(path: str, value: Any) -> bool:
    """Report unless ``value`` is a finite number ≥ 0; whether it is."""
    if not check_finite(path, value):
        return False
    if value < 0:
        report(path, "must be zero or more", value)
        return False
    return True


def finite_number(inst: object, attribute: attrs.Attribute[Any], value: Any) -> bool:
    """A real, finite number (no NaN, no infinity, no bool)."""
    return check_finite(attribute.name, value)


def within(low: float, high: float) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """A finite number in the closed interval ``[low, high]``."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if finite_number(inst, attribute, value) and not low <= value <= high:
            report(attribute.name, f"must be within [{low:g}, {high:g}]", value)

    return with_schema(check, {"type": "number", "minimum": low, "maximum": high})


def at_most(limit: int) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """A number no larger than ``limit`` (other checks report a value that is not a
    number)."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if _is_real(value) and value > limit:
            report(attribute.name, f"must be at most {limit} (the limit)", value)

    return with_schema(check, {"maximum": limit})


def optional(
    check: Callable[[object, attrs.Attribute[Any], Any], Any],
) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """Apply ``check`` unless the value is ``None``."""

    def run(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check(inst, attribute, value)

    return with_schema(run, getattr(check, "schema", {}))


def non_negative(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A finite number ≥ 0."""
    check_non_negative(attribute.name, value)


def positive(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A finite number > 0."""
    if finite_number(inst, attribute, value) and value <= 0:
        report(attribute.name, "must be more than 0", value)


def flag(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Refuse anything but ``True`` or ``False``."""
    if not isinstance(value, bool):
        report(attribute.name, "must be true or false", value)


def positive_int(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole number ≥ 1."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        report(attribute.name, "must be a whole number of 1 or more", value)


def non_negative_int(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole number ≥ 0."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        report(attribute.name, "must be a whole number of 0 or more", value)


def financial_year_label(year: int) -> str:
    """A financial year (given by its first calendar year) as people write it.

    Examples
    --------
    >>> financial_year_label(2016), financial_year_label(1999)
    ('2016/17', '1999/00')
    """
    return f"{year}/{(year + 1) % 100:02d}"


def year(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A financial year given by its starting calendar year (2013 = 2013/14)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2200:
        report(
            attribute.name,
            "must be a financial year as its first calendar year (2013 means 2013/14)",
            value,
        )


#: The characters an id (of a partner, an intervention, an outcome, a cost line...) may
#: have: ASCII letters and digits, ``_``, ``-`` and ``.``. Ids are keys that join the parts
#: of a case, so a look-alike letter from another script (the Cyrillic ``о`` of
#: ``pоlice``) would make a second, different partner; names are free text.
ID_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.")

#: Control characters text may not hold: C0 controls but tab and newline, DEL and the
#: C1 controls (a NUL breaks the workbook, netCDF and Word writers; an escape sequence
#: drives the terminal).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _character(text: str, index: int) -> str:
    """A character of ``text`` as a person can find it: itself, its code point and
    Unicode name, and its position (counted from 1)."""
    import unicodedata

    ch = text[index]
    name = unicodedata.name(ch, "a control character")
    shown = f"{ch!r} " if ch.isprintable() else ""
    return f"{shown}(U+{ord(ch):04X} {name}) at position {index + 1}"


def control_character(value: str) -> str | None:
    """Why ``value`` is not acceptable text, if it holds a control character (other than
    tab or newline): the character and its position; else ``None``.

    Examples
    --------
    >>> control_character("Family A") is None
    True
    >>> control_character("Family\\x00A")
    'must not hold control characters: (U+0000 a control character) at position 7'
    """
    found = _CONTROL.search(value)
    if found is None:
        return None
    return f"must not hold control characters: {_character(value, found.start())}"


def id_problem(value: Any) -> str | None:
    """Why ``value`` is not an id (see :data:`ID_CHARACTERS`), naming the first
    character that is not allowed and its position; ``None`` for a good id.

    Examples
    --------
    >>> id_problem("police") is None
    True
    >>> id_problem("p\u043elice")
    "must be an id of ASCII letters, digits, '_', '-' or '.': 'о' (U+043E CYRILLIC SMALL LETTER O) at position 2 is not one (a look-alike of an ASCII letter?)"
    """  # noqa: E501
    expected = "must be an id of ASCII letters, digits, '_', '-' or '.'"
    if not isinstance(value, str) or not value:
        return f"{expected}, not empty" if isinstance(value, str) else expected
    for index, ch in enumerate(value):
        if ch not in ID_CHARACTERS:
            hint = " (a look-alike of an ASCII letter?)" if ch.isalnum() else ""
            return f"{expected}: {_character(value, index)} is not one{hint}"
    return None


def identifier(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-empty id of ASCII letters, digits, ``_``, ``-`` or ``.`` (see
    :data:`ID_CHARACTERS`)."""
    problem = id_problem(value)
    if problem is not None:
        report(attribute.name, problem, value)


def non_empty_text(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A string with something other than white space in it, and no control character
    but tab and newline."""
    if not isinstance(value, str) or not value.strip():
        report(attribute.name, "must be non-empty text", value)
    elif (problem := control_character(value)) is not None:
        report(attribute.name, problem, value)


def text(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A string (empty allowed) with no control character but tab and newline."""
    if not isinstance(value, str):
        report(attribute.name, "must be text", value)
    elif (problem := control_character(value)) is not None:
        report(attribute.name, problem, value)


def whole_within(low: int, high: int) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """A whole number in the closed interval ``[low, high]`` (a count of years or draws
    that sizes arrays: 2**63 is refused here, not where it is allocated)."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            report(attribute.name, f"must be a whole number within [{low}, {high}]", value)

    return with_schema(check, {"type": "integer", "minimum": low, "maximum": high})


#: What a plugin-provided name (a theme's, an importer's, a report format's) must look
#: like: lower case words joined by ``-``.
PLUGIN_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def plugin_name(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A name matching :data:`PLUGIN_NAME` (``"troubled-families"``)."""
    if not isinstance(value, str) or not PLUGIN_NAME.match(value):
        report(
            attribute.name,
            "must be lower-case words joined by '-' (such as 'troubled-families')",
            value,
        )


def is_callable(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Something that can be called."""
    if not callable(value):
        report(attribute.name, "must be callable", value)


def near_miss(
    value: Any, choices: Iterable[str], aliases: Mapping[str, str] | None = None
) -> str | None:
    """The choice ``value`` was probably meant to be: the same but for case, spaces or
    hyphens; a known alias; else the closest spelling (difflib); ``None`` if none is
    close.

    Examples
    --------
    >>> near_miss("NHS", ["local_authority", "nhs"]), near_miss("polise", ["police"])
    ('nhs', 'police')
    >>> near_miss("council", ["local_authority"], {"council": "local_authority"})
    'local_authority'
    >>> near_miss("zzz", ["nhs"]) is None
    True
    """
    import difflib

    if not isinstance(value, str):
        return None
    options = (
        sorted(map(str, choices))
        if isinstance(choices, (set, frozenset))
        else [str(c) for c in choices]
    )
    folded = value.strip().lower().replace(" ", "_").replace("-", "_")
    for option in options:
        if option.lower().replace("-", "_") == folded:
            return option
    if aliases and folded in aliases and aliases[folded] in options:
        return aliases[folded]
    close = difflib.get_close_matches(folded, [o.lower() for o in options], n=1, cutoff=0.75)
    if not close:
        return None
    return next(o for o in options if o.lower() == close[0])


def hint(value: Any, choices: Iterable[str], aliases: Mapping[str, str] | None = None) -> str:
    """``" (did you mean 'nhs'?)"`` for a near miss (see :func:`near_miss`), else ``""``."""
    found = near_miss(value, choices, aliases)
    return "" if found is None else f" (did you mean {found!r}?)"


def one_of(
    choices: Iterable[str], aliases: Mapping[str, str] | None = None
) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """One of a fixed vocabulary; a near miss is suggested (see :func:`near_miss`)."""
    allowed = tuple(choices)

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in allowed:
            report(
                attribute.name,
                f"must be one of {', '.join(map(str, allowed))}{hint(value, allowed, aliases)}",
                value,
            )

    return with_schema(check, {"enum": list(allowed)})


def unique_ids(what: str, field: str = "id") -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """Items of a sequence have distinct values of ``field``."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        seen: dict[Any, int] = {}
        for index, item in enumerate(value):
            ident = getattr(item, field, None)
            if ident in seen:
                report(
                    f"{attribute.name}[{index}].{field}",
                    f"duplicate {what} id (also at {attribute.name}[{seen[ident]}])",
                    ident,
                )
            else:
                seen[ident] = index

    return check


def instances_of(kind: type) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """Every item of a sequence (or value of a mapping) is a ``kind``."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        items = value.items() if isinstance(value, Mapping) else enumerate(value)
        for key, item in items:
            if not isinstance(item, kind):
                report(
                    f"{attribute.name}[{key!r}]"
                    if isinstance(value, Mapping)
                    else f"{attribute.name}[{key}]",
                    f"must be a {kind.__name__}",
                    item,
                )

    return check


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Converter: any iterable to a tuple (so frozen objects hold no mutable lists)."""
    if isinstance(value, str | bytes):
        return (value,)
    return tuple(value)


def to_frozen_dict(value: Mapping[Any, Any] | None) -> Mapping[Any, Any]:
    """Converter: a mapping to an immutable ``types.MappingProxyType`` copy."""
    from types import MappingProxyType

    return MappingProxyType(dict(value or {}))


# JSON Schema fragments of the plain validators above
with_schema(finite_number, {"type": "number"})
with_schema(non_negative, {"type": "number", "minimum": 0})
with_schema(positive, {"type": "number", "exclusiveMinimum": 0})
with_schema(positive_int, {"type": "integer", "minimum": 1})
with_schema(non_negative_int, {"type": "integer", "minimum": 0})
with_schema(year, {"type": "integer", "minimum": 1900, "maximum": 2200})
with_schema(identifier, {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"})
with_schema(non_empty_text, {"type": "string", "minLength": 1})
