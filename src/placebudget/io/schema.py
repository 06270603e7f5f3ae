"""The JSON Schema of business case files, generated from the domain model.

Types come from the attrs classes' annotations, bounds and vocabularies from their
validators, descriptions from their attribute docstrings. The schema is also committed as
``case.schema.json`` beside this module (a test keeps the two the same) and printed by
``placebudget schema``.

Examples
--------
>>> schema = case_schema()
>>> schema["required"]
['name', 'place', 'start_year', 'horizon', 'price_year']
>>> impact = schema["$defs"]["Effect"]["properties"]["impact"]
>>> impact["type"], impact["minimum"], impact["maximum"]
('number', 0, 1)
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import json
import textwrap
import types
import typing
from collections.abc import Mapping
from importlib import resources
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from placebudget.model import (
    AgreementRule,
    BusinessCase,
    Distribution,
    ShareRule,
    UnitValue,
)

__all__ = ["SCHEMA_ID", "case_schema", "committed_schema", "schema_text"]

SCHEMA_ID = "https://placebudget.org/schema/case.schema.json"
_QUANTITY = {
    "description": "A quantity with its unit, such as '1200 GBP/household'",
    "type": ["string", "number"],
}


@functools.cache
def _docstrings(cls: type) -> dict[str, str]:
    """Attribute docstrings (the string literal after each annotated field)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    found: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[node.target.id] = " ".join(following.value.value.split())
    return found


def _validator_schema(validator: Any) -> dict[str, Any]:
    if validator is None:
        return {}
    inner = getattr(validator, "_validators", None)
    if inner is not None:
        merged: dict[str, Any] = {}
        for item in inner:
            merged.update(_validator_schema(item))
        return merged
    return dict(getattr(validator, "schema", {}))


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            self.defs[name] = self.attrs_class(cls)
        return {"$ref": f"#/$defs/{name}"}

    def tagged(self, union: Any, key: str) -> dict[str, Any]:
        """One of the records of ``union``, each a table with ``key`` = its ``tag``."""
        options = []
        for kind in get_args(union):
            body = self.attrs_class(kind)
            body["properties"] = {key: {"const": kind.tag}, **body["properties"]}
            body["required"] = [key, *body.get("required", [])]
            self.defs[kind.__name__] = body
            options.append({"$ref": f"#/$defs/{kind.__name__}"})
        return {"oneOf": options}

    def type_schema(self, hint: Any) -> dict[str, Any]:
        if hint is UnitValue:
            return {"$ref": "#/$defs/UnitValue"}
        for union, key in (
            (AgreementRule, "by"),
            (ShareRule, "by"),
            (Distribution, "distribution"),
        ):
            if hint == union:
                return self.tagged(union, key)
        origin = get_origin(hint)
        if origin in (Union, types.UnionType):
            options = [a for a in get_args(hint) if a is not type(None)]
            if len(options) == 1:
                return self.type_schema(options[0])
            return {"anyOf": [self.type_schema(a) for a in options]}
        if origin is Literal:
            return {"enum": list(get_args(hint))}
        if origin in (tuple, list, frozenset, set):
            return {"type": "array", "items": self.type_schema(get_args(hint)[0])}
        if origin in (Mapping, dict) or origin is typing.Mapping:
            key, value = get_args(hint)
            schema: dict[str, Any] = {
                "type": "object",
                "additionalProperties": self.type_schema(value),
            }
            if key is int:
                schema["propertyNames"] = {"pattern": "^[0-9]{4}$"}
            return schema
        if attrs.has(hint):
            return self.ref(hint)
        simple = {
            str: {"type": "string"},
            int: {"type": "integer"},
            float: {"type": "number"},
            bool: {"type": "boolean"},
        }
        if hint in simple:
            return dict(simple[hint])
        return dict(_QUANTITY)

    def attrs_class(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        docs = _docstrings(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            schema = self.type_schema(hints[field.name])
            extra = _validator_schema(field.validator)
            if "$ref" not in schema and "anyOf" not in schema and "oneOf" not in schema:
                if schema.get("type") == "integer" and extra.get("type") == "number":
                    extra.pop("type")
                schema.update(extra)
            if field.name in docs:
                schema["description"] = docs[field.name]
            properties[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        body: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            body["required"] = required
        if cls.__doc__:
            body["description"] = " ".join(cls.__doc__.strip().split("\n\n")[0].split())
        return body


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a business case file."""
    builder = _Builder()
    top = builder.attrs_class(BusinessCase)
    unit_value = builder.attrs_class(UnitValue)
    unit_value["properties"]["amount"] = {
        "type": ["string", "number"],
        "description": "Amount per unit with its unit ('9234 GBP/person_year') or a Unit "
        "Cost Database code ('ucd:E&E1.0.1' in the case's database, 'ucd-v1.2:E&E1.0.1' "
        "in the edition it names).",
    }
    unit_value["properties"]["transfer"] = {
        "anyOf": [{"type": "boolean"}, {"type": "number", "minimum": 0, "maximum": 1}],
        "description": unit_value["properties"]["transfer"].get("description", ""),
    }
    deflators = top["properties"]["deflators"]
    deflators["anyOf"].append(
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["file"],
            "description": "A deflator series read from a CSV or .xlsx file (financial year, "
            "index[, forecast]) relative to the case file, optionally extended.",
            "properties": {
                "file": {"type": "string", "minLength": 1},
                "extend_to": {"type": "integer", "minimum": 1900, "maximum": 2200},
                "growth": {"type": "number", "exclusiveMinimum": -1, "maximum": 1},
            },
            "dependentRequired": {"extend_to": ["growth"], "growth": ["extend_to"]},
        }
    )
    rate = {"type": "number", "minimum": 0, "maximum": 1}
    grade_rate = builder.defs["GradeRate"]
    table = builder.defs["OptimismBiasTable"]
    table["required"] = ["grades"]
    table["properties"]["name"]["description"] = "Name the table is shown by (default 'local')."
    table["properties"]["grades"] = {
        "description": "The rates of grades 1 to 6: six in order, or a table by grade "
        "('1' … '6') of a rate or a GradeRate.",
        "oneOf": [
            {"type": "array", "items": rate, "minItems": 6, "maxItems": 6},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["1", "2", "3", "4", "5", "6"],
                "patternProperties": {"^[1-6]$": {"oneOf": [rate, {"$ref": "#/$defs/GradeRate"}]}},
            },
        ],
    }
    grade_rate["required"] = ["rate"]
    top["properties"]["optimism_bias"]["anyOf"].append(
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["file"],
            "description": "The case's own table read from a CSV file (grade, rate[, "
            "description, confirmed]) in the case file's folder.",
            "properties": {
                "file": {"type": "string", "minLength": 1},
                "name": {"type": "string", "minLength": 1},
                "source": {"type": "string"},
            },
        }
    )
    top["properties"]["optimism_bias"]["description"] = (
        "Optimism-bias-by-confidence-grade table: a bundled one by name ('gm-cba-2014'), "
        "the case's own inline ({ grades = [0, 0.05, 0.1, 0.2, 0.3, 0.4] }) or from a CSV "
        "file ({ file = 'optimism_bias.csv' })."
    )
    contact = builder.defs["Contact"]
    builder.defs["Contact"] = {
        "description": contact.get("description", ""),
        "oneOf": [
            {
                "type": ["number", "string"],
                "description": "A count: a number, or a number with its unit ('3 hour')",
            },
            {k: v for k, v in contact.items() if k != "description"},
        ],
    }
    builder.defs["UnitValue"] = {
        "description": unit_value.get("description", ""),
        "oneOf": [
            {
                "type": "string",
                "description": "'ucd:CODE', 'ucd-v1.2:CODE' or an amount with its unit",
            },
            {k: v for k, v in unit_value.items() if k != "description"},
        ],
    }
    # the share due to this intervention or the share due to others, never both
    builder.defs["Effect"]["not"] = {"required": ["attribution", "attribution_to_others"]}
    top["properties"]["theme"] = {
        "type": "string",
        "description": "Name of an installed theme whose interventions "
        "are placed before any listed in interventions.",
    }
    top["properties"]["parameters"] = {
        "type": "object",
        "description": "Values for the theme's parameters (see 'placebudget themes NAME').",
    }
    top["dependentRequired"] = {"parameters": ["theme"]}
    # a theme supplies interventions, so a file needs one or the other
    top["required"] = [r for r in top["required"] if r != "interventions"]
    top["anyOf"] = [{"required": ["interventions"]}, {"required": ["theme"]}]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "placebudget business case",
        **top,
        "$defs": dict(sorted(builder.defs.items())),
    }


def schema_text() -> str:
    """:func:`case_schema` as indented JSON text."""
    return json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n"


def committed_schema() -> str:
    """The schema file shipped with placebudget (``case.schema.json``)."""
    return (
        resources.files("placebudget.io").joinpath("case.schema.json").read_text(encoding="utf-8")
    )
