"""The one cattrs converter between case files and the domain model: exact types, unit
values, tables of years, agreement rules as a tagged union on ``by``, distributions on
``distribution``, and unknown keys refused."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, get_args, get_origin

import attrs
import cattrs
import cattrs.gen
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.strategies import configure_tagged_union

from placebudget.errors import ValidationError
from placebudget.model import (
    DISTRIBUTIONS,
    AgreementRule,
    BusinessCase,
    Contact,
    DeflatorExtension,
    DeflatorSeries,
    DiscountSchedule,
    Distribution,
    Effect,
    OptimismBiasTable,
    ShareRule,
    UnitValue,
)
from placebudget.model.validation import control_character

__all__ = [
    "AGREEMENT_RULES",
    "SHARE_RULES",
    "clean",
    "converter",
    "make_converter",
    "quantity_text",
    "unstructure_case",
]


def quantity_text(quantity: Any) -> str:
    magnitude = float(quantity.magnitude)
    number = repr(int(magnitude)) if magnitude.is_integer() else repr(magnitude)
    return f"{number} {quantity.units}"


def _tags(union: Any) -> dict[str, type]:
    """The records of a union of tagged records (each with a ``tag`` ClassVar), by tag."""
    return {cls.tag: cls for cls in get_args(union)}


#: Agreement rule classes by the tag a case file names them with (``by = "fixed"``).
SHARE_RULES: dict[str, type] = _tags(ShareRule)
AGREEMENT_RULES: dict[str, type] = _tags(AgreementRule)


def _tag(cls: type) -> str:
    tag: str = getattr(cls, "tag")  # noqa: B009 (a ClassVar of every tagged record)
    return tag


def _configure_tagged(
    conv: cattrs.Converter, union: Any, key: str, check: Callable[[Any, str], None]
) -> None:
    """``union`` (tagged records) as a cattrs tagged union on ``key``: ``check(value,
    choices)`` refuses a value that is not a table with ``key`` = one of the tags before
    the union structures it, so that the problem names the key; the unstructured table
    starts with ``key``."""
    configure_tagged_union(union, conv, tag_generator=_tag, tag_name=key)
    tagged = conv.get_structure_hook(union)
    unstructure = conv.get_unstructure_hook(union)
    choices = ", ".join(_tags(union))

    def structure_tagged(value: Any, kind: Any) -> Any:
        check(value, choices)
        return tagged(dict(value), kind)

    def unstructure_tagged(value: Any) -> Any:
        data = unstructure(value)
        return {key: data.pop(key), **data}

    conv.register_structure_hook(union, structure_tagged)
    conv.register_unstructure_hook(union, unstructure_tagged)


def _configure_tagged_unions(conv: cattrs.Converter) -> None:
    """Agreement rules as a tagged union on ``by``, distributions on ``distribution``."""
    # share rules first: a per-category rule structures its rules with their hook
    for union in (ShareRule, AgreementRule):
        kinds = _tags(union)

        def check_rule(value: Any, choices: str, kinds: dict[str, type] = kinds) -> None:
            if not isinstance(value, Mapping):
                msg = f"must be a table with 'by' = one of {choices}"
                raise ValidationError.single(path="", message=msg, value=value)
            if "by" not in value:
                raise ValidationError.single(path="by", message=f"is required: one of {choices}")
            if value["by"] not in kinds:
                raise ValidationError.single(
                    path="by", message=f"must be one of {choices}", value=value["by"]
                )

        _configure_tagged(conv, union, "by", check_rule)

    def check_distribution(value: Any, choices: str) -> None:
        if not isinstance(value, Mapping) or "distribution" not in value:
            msg = f"must be a table with 'distribution' = one of {choices}"
            raise ValidationError.single(path="distribution", message=msg, value=value)
        if value["distribution"] not in DISTRIBUTIONS:
            msg = f"must be one of {choices}"
            raise ValidationError.single(
                path="distribution", message=msg, value=value["distribution"]
            )

    _configure_tagged(conv, Distribution, "distribution", check_distribution)


def _configure_effect(conv: cattrs.Converter, structure: Any) -> None:
    """An effect gives ``attribution`` or ``attribution_to_others``, never both, and is
    written back as it was given: the share due to others without the ``attribution``
    it sets, ``increases`` only when true."""

    def structure_effect(value: Any, kind: Any) -> Any:
        if isinstance(value, Mapping) and {"attribution", "attribution_to_others"} <= set(value):
            msg = (
                "give attribution (the share due to this intervention) or "
                "attribution_to_others (the share due to others, as the SROI guide's "
                f"attribution), not both (attribution = {value['attribution']!r})"
            )
            raise ValidationError.single(
                path="attribution_to_others", message=msg, value=value["attribution_to_others"]
            )
        return structure(value, kind)

    unstructure = cattrs.gen.make_dict_unstructure_fn(Effect, conv)

    def unstructure_effect(value: Effect) -> Any:
        data: dict[str, Any] = unstructure(value)
        data["attribution"] = float(value.attribution)
        if value.attribution_to_others is not None:
            data.pop("attribution", None)
        if not value.increases:
            data.pop("increases", None)
        return data

    conv.register_structure_hook(Effect, structure_effect)
    conv.register_unstructure_hook(Effect, unstructure_effect)


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

    def structure_unit_value(value: Any, _: type) -> UnitValue:
        if isinstance(value, str):
            return UnitValue(value)
        if isinstance(value, Mapping):
            if "amount" not in value:
                msg = (
                    "is required: a table with an 'amount' (such as '100 GBP/person_year' "
                    "or 'ucd:CR2.0')"
                )
                raise ValidationError.single(path="amount", message=msg, value=dict(value))
            unknown = set(value) - {"amount", "price_year", "cashable", "transfer", "source"}
            if unknown:
                message = ""
                raise ForbiddenExtraKeysError(message, UnitValue, unknown)
            return UnitValue(value["amount"], **{k: v for k, v in value.items() if k != "amount"})
        msg = "must be 'ucd:CODE' or a table with amount and price_year"
        raise ValidationError.single(path="", message=msg, value=value)

    def unstructure_unit_value(value: UnitValue) -> Any:
        if (
            value.is_reference
            and value.cashable is None
            and value.source is None
            and value.transfer is None
        ):
            return value.amount
        out: dict[str, Any] = {
            "amount": value.amount if value.is_reference else quantity_text(value.amount)
        }
        if value.price_year is not None:
            out["price_year"] = value.price_year
        if value.cashable is not None:
            out["cashable"] = value.cashable
        if value.transfer is not None:
            out["transfer"] = value.transfer
        if value.source is not None:
            out["source"] = value.source
        return out

    conv.register_structure_hook(UnitValue, structure_unit_value)
    conv.register_unstructure_hook(UnitValue, unstructure_unit_value)

    def structure_contacts(value: Any, _: Any) -> Any:
        # the model reads counts and tables of contacts and reports with their paths
        return value

    def unstructure_contact(value: Contact) -> Any:
        count = quantity_text(value.count) if hasattr(value.count, "units") else value.count
        if value.partner is None and not value.description:
            return count
        out: dict[str, Any] = {"count": count}
        if value.partner is not None:
            out["partner"] = value.partner
        if value.description:
            out["description"] = value.description
        return out

    contacts = (Mapping[str, Contact], Mapping[str, Contact] | None)
    conv.register_structure_hook_func(lambda kind: kind in contacts, structure_contacts)
    conv.register_unstructure_hook(Contact, unstructure_contact)

    deflators = str | DeflatorSeries | DeflatorExtension

    def structure_deflators(value: Any, _: Any) -> Any:
        if isinstance(value, str | DeflatorSeries | DeflatorExtension):
            return value
        if isinstance(value, Mapping) and "file" in value:
            msg = (
                "is read relative to the case file: load the case with load_case, or "
                "read the series with placebudget.io.read_deflators"
            )
            raise ValidationError.single(path="file", message=msg, value=value["file"])
        if isinstance(value, Mapping) and "series" in value:
            return conv.structure(value, DeflatorExtension)
        return conv.structure(value, DeflatorSeries)

    def unstructure_deflators(value: Any) -> Any:
        if isinstance(value, str):
            return value
        return conv.unstructure(value, type(value))

    conv.register_structure_hook(deflators, structure_deflators)
    conv.register_unstructure_hook(deflators, unstructure_deflators)
    conv.register_structure_hook(str | DeflatorSeries, structure_deflators)
    conv.register_unstructure_hook(str | DeflatorSeries, unstructure_deflators)

    from placebudget.io._optimism_bias import (
        structure_optimism_bias,
        unstructure_optimism_bias,
    )

    def structure_bias(value: Any, _: Any) -> Any:
        return (
            value if isinstance(value, str | OptimismBiasTable) else structure_optimism_bias(value)
        )

    def unstructure_bias(value: Any) -> Any:
        return value if isinstance(value, str) else unstructure_optimism_bias(value)

    conv.register_structure_hook(str | OptimismBiasTable, structure_bias)
    conv.register_unstructure_hook(str | OptimismBiasTable, unstructure_bias)

    for table in (DiscountSchedule,):
        union = str | table

        def structure_table(value: Any, _: Any, table: type = table) -> Any:
            return value if isinstance(value, str) else conv.structure(value, table)

        def unstructure_table(value: Any, table: type = table) -> Any:
            return value if isinstance(value, str) else conv.unstructure(value, table)

        conv.register_structure_hook(union, structure_table)
        conv.register_unstructure_hook(union, unstructure_table)

    def structure_any(value: Any, _: Any) -> Any:
        return value

    # exact types: a file's 6.5 is not a horizon of 6, its "1.2" is not a number and its
    # 12 is not a name
    def structure_int(value: Any, _: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError.single(path="", message="must be a whole number", value=value)
        return value

    def structure_float(value: Any, _: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError.single(path="", message="must be a number", value=value)
        try:
            return float(value)
        except OverflowError as exc:  # a whole number past the largest float
            msg = "must be a number within ±1.8e308 (the largest number)"
            shown = f"a whole number of {int(value).bit_length()} bits"
            raise ValidationError.single(path="", message=msg, value=shown) from exc

    def structure_str(value: Any, _: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError.single(path="", message="must be text", value=value)
        if (problem := control_character(value)) is not None:
            raise ValidationError.single(path="", message=problem, value=value)
        return value

    def structure_bool(value: Any, _: Any) -> bool:
        if not isinstance(value, bool):
            raise ValidationError.single(path="", message="must be true or false", value=value)
        return value

    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(float, structure_float)
    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(bool, structure_bool)

    def is_year_mapping(kind: Any) -> bool:
        origin: Any = get_origin(kind)
        args: tuple[Any, ...] = tuple(getattr(kind, "__args__", ()))
        return origin in (Mapping, dict) and len(args) == 2 and args[0] is int

    def structure_year_mapping(value: Any, kind: Any) -> Any:
        # years arrive as TOML keys ("2013"), amounts may carry units ("150000 GBP"): the
        # model's converters read both and report what they cannot
        if not isinstance(value, Mapping):
            raise ValidationError.single(path="", message="must be a table of years", value=value)
        inner = kind.__args__[1]
        if attrs.has(inner):
            return {key: conv.structure(item, inner) for key, item in value.items()}
        return dict(value)

    conv.register_structure_hook_func(is_year_mapping, structure_year_mapping)

    conv.register_structure_hook(Any, structure_any)

    def table_first(kind: type) -> Any:
        # a table where one is expected, before cattrs looks for its keys
        structure: Any = cattrs.gen.make_dict_structure_fn(kind, conv)

        def structure_table(value: Any, _: Any) -> Any:
            if not isinstance(value, Mapping):
                msg = f"must be a table of {kind.__name__} fields"
                raise ValidationError.single(path="", message=msg, value=value)
            return structure(value, kind)

        return structure_table

    conv.register_structure_hook_factory(attrs.has, table_first)
    _configure_effect(conv, table_first(Effect))

    # the model's own validators report a value outside a Literal, with the choices
    def is_literal(kind: Any) -> bool:
        origin: Any = get_origin(kind)
        return origin is Literal

    conv.register_structure_hook_func(is_literal, structure_any)
    _configure_tagged_unions(conv)  # last: the tagged unions' own hooks use the ones above
    return conv


converter: cattrs.Converter = make_converter()
"""The one converter between case files and the domain model."""


def clean(value: Any) -> Any:
    """Drop ``None`` (TOML has no null), stringify keys, turn quantities into text."""
    if isinstance(value, Mapping):
        return {str(k): clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(clean(v) for v in value)
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return quantity_text(value)
    return value


def unstructure_case(case: BusinessCase) -> dict[str, Any]:
    """A case as plain data (dicts, lists, strings and numbers)."""
    data: dict[str, Any] = clean(converter.unstructure(case, BusinessCase))
    return data
