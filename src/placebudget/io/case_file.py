"""Business case files (TOML, JSON or YAML) through one cattrs converter.

Unknown keys are refused and every problem is reported with its path in the file, such as
``interventions[0].effects[2].impact: must be within [0, 1], got 1.3``.

Examples
--------
>>> import tempfile, pathlib
>>> from placebudget.testing import example_case
>>> path = pathlib.Path(tempfile.mkdtemp()) / "case.toml"
>>> dump_case(example_case(), path)
>>> load_case(path) == example_case()
True
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_origin

import attrs
import cattrs
import cattrs.gen
import yaml
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from placebudget.errors import Problem, ValidationError
from placebudget.io._atomic import atomic_write
from placebudget.io.limits import MAX_CASE_BYTES, MAX_DEPTH, check_depth, read_text
from placebudget.model import (
    DISTRIBUTIONS,
    AgreementRule,
    BusinessCase,
    ByGrossBenefit,
    ByHeadcount,
    ByNetBenefit,
    Contact,
    DeflatorExtension,
    DeflatorSeries,
    DiscountSchedule,
    Distribution,
    FixedShares,
    InvestorRecoups,
    OptimismBiasTable,
    PerCategory,
    ShareRule,
    UnitValue,
)
from placebudget.reference.unit_costs import names_a_file

__all__ = ["CASE_SUFFIXES", "converter", "dump_case", "load_case", "read_data",
           "structure_case", "unstructure_case"]

#: File suffixes a case can be read from and written to.
CASE_SUFFIXES: tuple[str, ...] = (".toml", ".json", ".yaml", ".yml")


def _quantity_text(quantity: Any) -> str:
    magnitude = float(quantity.magnitude)
    number = repr(int(magnitude)) if magnitude.is_integer() else repr(magnitude)
    return f"{number} {quantity.units}"


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

    def structure_unit_value(value: Any, _: type) -> UnitValue:
        if isinstance(value, str):
            return UnitValue(value)
        if isinstance(value, Mapping):
            if "amount" not in value:
                msg = "a table with an 'amount' (such as '100 GBP/person_year' or 'ucd:CR2.0')"
                msg_0 = "amount"
                raise ValidationError.single(msg_0, f"is required: {msg}", dict(value))
            unknown = set(value) - {"amount", "price_year", "cashable", "transfer", "source"}
            if unknown:
                msg_0 = ""
                raise ForbiddenExtraKeysError(msg_0, UnitValue, unknown)
            return UnitValue(value["amount"], **{k: v for k, v in value.items()
                                                  if k != "amount"})
        msg = "must be 'ucd:CODE' or a table with amount and price_year"
        msg_0 = ""
        raise ValidationError.single(msg_0, msg, value)

    def unstructure_unit_value(value: UnitValue) -> Any:
        if (value.is_reference and value.cashable == 0 and value.source is None
                and value.transfer is None):
            return value.amount
        out: dict[str, Any] = {
            "amount": value.amount if value.is_reference else _quantity_text(value.amount)
        }
        if value.price_year is not None:
            out["price_year"] = value.price_year
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
        count = _quantity_text(value.count) if hasattr(value.count, "units") else value.count
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
            msg = ("is read relative to the case file: load the case with load_case, or "
                   "read the series with placebudget.io.read_deflators")
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

    for table in (DiscountSchedule, OptimismBiasTable):
        union = str | table

        def structure_table(value: Any, _: Any, table: type = table) -> Any:
            return value if isinstance(value, str) else conv.structure(value, table)

        def unstructure_table(value: Any, table: type = table) -> Any:
            return value if isinstance(value, str) else conv.unstructure(value, table)

        conv.register_structure_hook(union, structure_table)
        conv.register_unstructure_hook(union, unstructure_table)

    share_rules: dict[str, Any] = {
        cls.tag: cls for cls in (FixedShares, ByHeadcount, ByGrossBenefit, ByNetBenefit)}
    all_rules: dict[str, Any] = {**share_rules, PerCategory.tag: PerCategory,
                                  InvestorRecoups.tag: InvestorRecoups}

    def rule_hook(kinds: dict[str, Any]) -> Any:
        choices = ", ".join(kinds)

        def structure_rule(value: Any, _: Any) -> Any:
            if not isinstance(value, Mapping):
                msg = f"must be a table with 'by' = one of {choices}"
                msg_0 = ""
                raise ValidationError.single(msg_0, msg, value)
            if "by" not in value:
                msg = f"is required: one of {choices}"
                msg_0 = "by"
                raise ValidationError.single(msg_0, msg)
            kind = kinds.get(value["by"])
            if kind is None:
                msg = f"must be one of {choices}"
                msg_0 = "by"
                raise ValidationError.single(msg_0, msg, value["by"])
            return conv.structure({k: v for k, v in value.items() if k != "by"}, kind)

        return structure_rule

    def structure_distribution(value: Any, _: Any) -> Any:
        choices = ", ".join(DISTRIBUTIONS)
        if not isinstance(value, Mapping) or "distribution" not in value:
            msg = f"must be a table with 'distribution' = one of {choices}"
            raise ValidationError.single(path="distribution", message=msg, value=value)
        kind = DISTRIBUTIONS.get(value["distribution"])
        if kind is None:
            msg = f"must be one of {choices}"
            raise ValidationError.single(path="distribution", message=msg,
                                         value=value["distribution"])
        return conv.structure({k: v for k, v in value.items() if k != "distribution"}, kind)

    def unstructure_distribution(value: Any) -> Any:
        return {"distribution": type(value).tag,
                **{f.name: getattr(value, f.name) for f in attrs.fields(type(value))}}

    conv.register_structure_hook(Distribution, structure_distribution)
    for kind in DISTRIBUTIONS.values():
        conv.register_unstructure_hook(kind, unstructure_distribution)
    conv.register_structure_hook(AgreementRule, rule_hook(all_rules))
    conv.register_structure_hook(ShareRule, rule_hook(share_rules))
    for kind in all_rules.values():
        def unstructure_rule(value: Any, kind: Any = kind) -> Any:
            fields = {}
            for field in attrs.fields(kind):
                item = getattr(value, field.name)
                fields[field.name] = (
                    {k: conv.unstructure(v) for k, v in item.items()}
                    if isinstance(item, Mapping) else conv.unstructure(item))
            return {"by": kind.tag, **fields}

        conv.register_unstructure_hook(kind, unstructure_rule)

    def structure_any(value: Any, _: Any) -> Any:
        return value

    # exact types: a file's 6.5 is not a horizon of 6, its "1.2" is not a number and its
    # 12 is not a name
    def structure_int(value: Any, _: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError.single(path="", message="must be a whole number",
                                         value=value)
        return value

    def structure_float(value: Any, _: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError.single(path="", message="must be a number", value=value)
        return float(value)

    def structure_str(value: Any, _: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError.single(path="", message="must be text", value=value)
        return value

    def structure_bool(value: Any, _: Any) -> bool:
        if not isinstance(value, bool):
            raise ValidationError.single(path="", message="must be true or false",
                                         value=value)
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
            raise ValidationError.single(path="", message="must be a table of years",
                                         value=value)
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
    # the model's own validators report a value outside a Literal, with the choices
    def is_literal(kind: Any) -> bool:
        origin: Any = get_origin(kind)
        return origin is Literal

    conv.register_structure_hook_func(is_literal, structure_any)
    return conv


converter: cattrs.Converter = _make_converter()
"""The one converter between case files and the domain model."""


def _clean(value: Any) -> Any:
    """Drop ``None`` (TOML has no null), stringify keys, turn quantities into text."""
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_clean(v) for v in value)
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return _quantity_text(value)
    return value


def unstructure_case(case: BusinessCase) -> dict[str, Any]:
    """A case as plain data (dicts, lists, strings and numbers)."""
    data: dict[str, Any] = _clean(converter.unstructure(case, BusinessCase))
    return data


def _problems(exc: BaseException, path: str) -> list[Problem]:
    if isinstance(exc, ValidationError):
        return [p.prefixed(path) for p in exc.problems]
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = ""
        if attrs_fields := getattr(exc.cl, "__attrs_attrs__", None):
            allowed = f" (allowed: {', '.join(a.name for a in attrs_fields)})"
        return [Problem(f"{path}.{key}" if path else key, f"is not a known key{allowed}")
                for key in sorted(exc.extra_fields)]
    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[Problem] = []
        with_notes, without_notes = exc.group_exceptions()
        for inner, note in with_notes:
            if hasattr(note, "name"):
                where = f"{path}.{note.name}" if path else note.name
            else:
                where = f"{path}[{note.index!r}]"
            found.extend(_problems(inner, where))
        for inner in without_notes:
            found.extend(_problems(inner, path))
        return found
    if isinstance(exc, KeyError):
        return [Problem(path, "is required")]
    if isinstance(exc, ValueError | TypeError):
        return [Problem(path, f"has the wrong type or value ({exc})")]
    return [Problem(path, str(exc))]


def _expand_theme(data: Mapping[str, Any], source: str) -> Any:
    """Replace ``theme`` and ``parameters`` by the theme's interventions, placed before
    any the file lists itself."""
    if "theme" not in data:
        if "parameters" in data:
            msg = "is only allowed with a theme (theme = \"name\")"
            raise ValidationError.single(path="parameters", message=msg,
                                         value=dict(data["parameters"]))
        return data
    from placebudget.plugin import get_plugin_manager

    name = data["theme"]
    parameters = data.get("parameters", {})
    if not isinstance(name, str):
        msg = "must be the name of a theme"
        raise ValidationError.single(path="theme", message=msg, value=name)
    if not isinstance(parameters, Mapping):
        msg = "must be a table of parameter values"
        raise ValidationError.single(path="parameters", message=msg, value=parameters)
    try:
        spec = get_plugin_manager().theme(name)
        built = spec.interventions(parameters)
    except ValidationError as exc:
        raise ValidationError(exc.problems, context=f"invalid {source}") from exc
    rest = {k: v for k, v in data.items() if k not in ("theme", "parameters")}
    if spec.unit_costs and "unit_costs" not in rest:
        # the theme's codes are those of the edition it was written against
        rest["unit_costs"] = spec.unit_costs
    listed = rest.get("interventions", [])
    if not isinstance(listed, list):
        return data  # let the converter report it
    rest["interventions"] = [_clean(converter.unstructure(i)) for i in built] + listed
    return rest


def structure_case(data: Any, *, source: str = "case") -> BusinessCase:
    """Build a :class:`~placebudget.model.BusinessCase` from plain data, reporting every
    problem with its path.

    A ``theme`` key (with an optional ``parameters`` table) is expanded into the
    interventions the installed theme plugin builds, ahead of any listed in
    ``interventions``; :func:`dump_case` then writes them out in full.
    """
    if isinstance(data, Mapping):
        data = _expand_theme(data, source)
    try:
        case: BusinessCase = converter.structure(data, BusinessCase)
    except (ClassValidationError, IterableValidationError, ValidationError,
            ForbiddenExtraKeysError) as exc:
        raise ValidationError(_problems(exc, ""), context=f"invalid {source}") from exc
    return case


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in CASE_SUFFIXES:
        msg = f"must end in one of {', '.join(CASE_SUFFIXES)}"
        msg_0 = "path"
        raise ValidationError.single(msg_0, msg, str(path))
    return suffix


class _SafeLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases (``*name``: an alias bomb of a few hundred
    bytes expands to gigabytes) and nesting deeper than :data:`MAX_DEPTH`."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in case files", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, f"nesting deeper than {MAX_DEPTH} is not allowed",
                    event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_data(path: Path) -> tuple[str, Mapping[str, Any]]:
    """The text of a TOML, JSON or YAML file and the table it holds.

    Raises
    ------
    placebudget.errors.ValidationError
        The suffix is not one of :data:`CASE_SUFFIXES`; the file is not a regular file,
        is over :data:`~placebudget.io.limits.MAX_CASE_BYTES` or is not UTF-8; it cannot be
        parsed, uses YAML aliases, nests deeper than
        :data:`~placebudget.io.limits.MAX_DEPTH`, or does not hold a table at the top
        level.
    """
    suffix = _suffix(path)
    text = read_text(path, field="path", limit=MAX_CASE_BYTES)
    data: Any
    try:
        if suffix == ".toml":
            data = tomllib.loads(text)
        elif suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=_SafeLoader)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        msg = f"is not valid {suffix[1:].upper()} ({exc})"
        raise ValidationError.single(path.name, msg) from exc
    except RecursionError as exc:
        msg = f"nests tables and lists deeper than the limit of {MAX_DEPTH}"
        raise ValidationError.single(path.name, msg) from exc
    check_depth(data, field=path.name)
    if not isinstance(data, Mapping):
        msg = "must hold a table of fields at the top level"
        raise ValidationError.single(path.name, msg, type(data).__name__)
    return text, data


def load_case(path: str | os.PathLike[str]) -> BusinessCase:
    """Read a business case from a TOML, JSON or YAML file.

    Raises
    ------
    placebudget.errors.ValidationError
        The file cannot be parsed, or its content is not a valid case.
    """
    path = Path(path)
    suffix = _suffix(path)
    text, data = read_data(path)
    database = data.get("unit_costs")
    if isinstance(database, str) and names_a_file(database):
        # a database file is found relative to the case file
        data = {**data, "unit_costs": str((path.parent / database).resolve())}
    deflators = data.get("deflators")
    if isinstance(deflators, Mapping) and "file" in deflators:
        data = {**data, "deflators": _deflators_from_file(deflators, path)}
    if suffix != ".toml":
        return structure_case(data, source=path.name)
    try:
        return structure_case(data, source=path.name)
    except ValidationError as exc:
        from placebudget.io._toml_lines import key_lines, line_of

        lines = key_lines(text)
        located = [attrs.evolve(p, line=line_of(lines, p.path)) for p in exc.problems]
        raise type(exc)(located, context=exc.context) from exc


def _deflators_from_file(spec: Mapping[str, Any], case_path: Path) -> Any:
    """``deflators = { file = "…", [extend_to = …, growth = …] }``: the series read from the
    file (relative to the case file), extended when asked."""
    from placebudget.io.deflators import read_deflators

    unknown = sorted(set(spec) - {"file", "extend_to", "growth"})
    if unknown:
        msg = "is not a known key (allowed: file, extend_to, growth)"
        raise ValidationError([Problem(f"deflators.{k}", msg) for k in unknown],
                              context=f"invalid {case_path.name}")
    name = spec["file"]
    if not isinstance(name, str) or not name.strip():
        msg = "must be the path of a CSV or .xlsx deflator file"
        raise ValidationError.single(path="deflators.file", message=msg, value=name)
    try:
        series = read_deflators(case_path.parent / name)
    except ValidationError as exc:
        raise ValidationError(exc.problems, context=f"invalid {case_path.name}") from exc
    if "extend_to" in spec or "growth" in spec:
        return {"series": series, **{k: v for k, v in spec.items() if k != "file"}}
    return series


def dump_case(case: BusinessCase, path: str | os.PathLike[str]) -> None:
    """Write ``case`` to a TOML, JSON or YAML file (atomically)."""
    path = Path(path)
    suffix = _suffix(path)
    data = unstructure_case(case)
    if suffix == ".toml":
        import tomli_w

        text = tomli_w.dumps(data)
    elif suffix == ".json":
        text = json.dumps(data, indent=2) + "\n"
    else:
        text = yaml.safe_dump(data, sort_keys=False)
    with atomic_write(path) as handle:
        handle.write(text)
