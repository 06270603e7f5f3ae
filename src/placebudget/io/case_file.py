"""Business case files (TOML, JSON or YAML) through one cattrs converter.

Unknown keys are refused and every problem is reported with its path in the file, such as
``interventions[0].effects[2].impact: must be within [0, 1], got 1.3``.

Examples
--------
>>> import tempfile, pathlib
>>> from placebudget.testing import example_case
>>> path = pathlib.Path(tempfile.mkdtemp()) / "case.toml"
>>> _ = dump_case(example_case(), path)
>>> load_case(path) == example_case()
True
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import yaml
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from placebudget.errors import Problem, ValidationError
from placebudget.io._atomic import atomic_write, atomic_write_path
from placebudget.io._converter import converter, unstructure_case
from placebudget.io._problems import problems_from
from placebudget.io._themes import expand_theme
from placebudget.io.limits import (
    MAX_CASE_BYTES,
    MAX_DEPTH,
    check_depth,
    read_text,
    resolve_input,
)
from placebudget.model import BusinessCase, cost_line_names, named
from placebudget.model.naming import InterventionNames
from placebudget.reference.unit_costs import names_a_file

if TYPE_CHECKING:
    from placebudget.model.themes import ThemeSpec

__all__ = [
    "CASE_SUFFIXES",
    "converter",
    "dump_case",
    "edited_toml",
    "load_case",
    "read_data",
    "structure_case",
    "unstructure_case",
    "with_lines",
]

#: File suffixes a case can be read from and written to.
CASE_SUFFIXES: tuple[str, ...] = (".toml", ".json", ".yaml", ".yml")


def structure_case(
    data: Any, *, source: str = "case", themes: Mapping[str, ThemeSpec] | None = None
) -> BusinessCase:
    """Build a :class:`~placebudget.model.BusinessCase` from plain data, reporting every
    problem with its path.

    A ``theme`` key (with an optional ``parameters`` table) is expanded into the
    interventions the theme of that name in ``themes`` builds, ahead of any listed in
    ``interventions``; :func:`dump_case` then writes them out in full.
    :func:`placebudget.api.structure_case` passes the installed themes.
    """
    if isinstance(data, Mapping):
        data = expand_theme(data, source, themes)
    try:
        case: BusinessCase = converter.structure(data, BusinessCase)
    except (
        ClassValidationError,
        IterableValidationError,
        ValidationError,
        ForbiddenExtraKeysError,
    ) as exc:
        from placebudget.io._precheck import reference_problems

        found = problems_from(exc, "")
        # the references the model did not reach, so that one round reports them all
        seen = {(p.path, p.message) for p in found}
        found += [p for p in reference_problems(data) if (p.path, p.message) not in seen]
        raise ValidationError(named(found, _raw_names(data)), context=f"invalid {source}") from exc
    return case


def _raw_names(data: Any) -> list[InterventionNames]:
    """Each intervention's id, outcomes and cost line names as far as the plain data
    gives them (a part that is not there or not text is named by its position)."""
    items = data.get("interventions") if isinstance(data, Mapping) else None
    if not isinstance(items, list):
        return []

    def text(value: Any, fallback: str) -> str:
        return value if isinstance(value, str) and value.strip() else fallback

    found: list[InterventionNames] = []
    for i, item in enumerate(items):
        item = item if isinstance(item, Mapping) else {}
        effects: list[Any] = item["effects"] if isinstance(item.get("effects"), list) else []
        costs: list[Any] = item["costs"] if isinstance(item.get("costs"), list) else []
        outcomes = [
            text(e.get("outcome") if isinstance(e, Mapping) else None, f"effects[{j}]")
            for j, e in enumerate(effects)
        ]
        lines = [
            (
                c.get("id") if isinstance(c, Mapping) and isinstance(c.get("id"), str) else None,
                text(
                    c.get("category", "intervention") if isinstance(c, Mapping) else None, f"[{j}]"
                ),
            )
            for j, c in enumerate(costs)
        ]
        found.append(
            (text(item.get("id"), f"interventions[{i}]"), outcomes, cost_line_names(lines))
        )
    return found


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in CASE_SUFFIXES:
        msg = f"must end in one of {', '.join(CASE_SUFFIXES)}"
        raise ValidationError.single(path="path", message=msg, value=str(path))
    return suffix


class _KeyProblem(Exception):
    """A key of a JSON or YAML file that is repeated or is not text: the problem, and the
    line it is on (``None`` when the message gives the lines)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def _repeated(key: str, first: int, second: int) -> _KeyProblem:
    msg = (
        f"repeats the key {key!r} (lines {first} and {second}): a key may be given "
        "once in a table (the second would silently replace the first)"
    )
    return _KeyProblem(msg, None)


class _SafeLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases (``*name``: an alias bomb of a few hundred
    bytes expands to gigabytes), nesting deeper than :data:`MAX_DEPTH`, a key given twice
    in one mapping and a key that is not text (a whole number, such as a year, is read as
    its text, as TOML and JSON have it)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in case files", event.start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, f"nesting deeper than {MAX_DEPTH} is not allowed", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, int) and not isinstance(key, bool):
                key = str(key)
            if not isinstance(key, str):
                shown = "null" if key is None else repr(key)
                msg = (
                    f"has the key {shown} ({type(key).__name__}), not text: write the key "
                    "as text (in quotes)"
                )
                raise _KeyProblem(msg, line)
            if key in mapping:
                raise _repeated(key, lines[key], line)
            lines[key] = line
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


class _RepeatedJsonKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's table, refusing a key given twice (``object_pairs_hook``)."""
    table: dict[str, Any] = {}
    for key, value in pairs:
        if key in table:
            raise _RepeatedJsonKey(key)
        table[key] = value
    return table


def _json_table(text: str) -> Any:
    """The value a JSON text holds, each key of an object given once.

    Raises
    ------
    _KeyProblem
        A key is repeated in an object: the key and the lines of both.
    """
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs)
    except _RepeatedJsonKey:
        # rare: read again with the Python scanner to find where the repeated key is
        raise _json_repeated(text) from None


def _json_repeated(text: str) -> _KeyProblem:
    """The first repeated key of ``text`` and the lines of both (the Python scanner of
    the standard library, told where each object starts)."""
    import json.decoder
    import json.scanner

    decoder: Any = json.JSONDecoder(object_pairs_hook=_unique_pairs)
    parse: Any = getattr(json.decoder, "JSONObject")  # noqa: B009 (not in the stubs)

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> Any:
        try:
            return parse(s_and_end, *args)
        except _RepeatedJsonKey as exc:
            first, second = _key_offsets(*s_and_end, exc.key)[:2]
            lines = [text.count("\n", 0, offset) + 1 for offset in (first, second)]
            raise _repeated(exc.key, *lines) from None

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        decoder.decode(text)
    except _KeyProblem as exc:
        return exc
    return _KeyProblem("repeats a key in one table", 1)  # pragma: no cover (found above)


def _key_offsets(text: str, start: int, key: str) -> list[int]:
    """Where ``key`` is given among the keys of the JSON object whose text starts at
    ``start`` (just after its ``{``)."""
    import json.decoder

    plain = json.JSONDecoder()
    scan: Any = getattr(json.decoder, "scanstring")  # noqa: B009 (not in the stubs)
    found: list[int] = []

    def skip(at: int) -> int:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        return at

    at = skip(start)
    while at < len(text) and text[at] == '"':
        name, after = scan(text, at + 1)
        if name == key:
            found.append(at)
        _, at = plain.raw_decode(text, skip(skip(after) + 1))
        at = skip(at)
        at = skip(at + 1) if at < len(text) and text[at] == "," else at
    return found


def read_data(path: Path) -> tuple[str, Mapping[str, Any]]:
    """The text of a TOML, JSON or YAML file and the table it holds.

    Raises
    ------
    placebudget.errors.ValidationError
        The suffix is not one of :data:`CASE_SUFFIXES`; the file is not a regular file,
        is over :data:`~placebudget.io.limits.MAX_CASE_BYTES` or is not UTF-8; it cannot be
        parsed, uses YAML aliases, nests deeper than
        :data:`~placebudget.io.limits.MAX_DEPTH`, gives a key twice in one table (named,
        with both lines), has a YAML key that is not text, or does not hold a table at
        the top level.
    """
    suffix = _suffix(path)
    text = read_text(path, field="path", limit=MAX_CASE_BYTES)
    data: Any
    try:
        if suffix == ".toml":
            data = tomllib.loads(text)
        elif suffix == ".json":
            data = _json_table(text)
        else:
            data = yaml.load(text, Loader=_SafeLoader)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        msg = f"is not valid {suffix[1:].upper()} ({exc})"
        raise ValidationError.single(path.name, msg) from exc
    except _KeyProblem as exc:
        problem = Problem(path.name, exc.message, line=exc.line)
        raise ValidationError([problem], context=f"invalid {path.name}") from exc
    except RecursionError as exc:
        msg = f"nests tables and lists deeper than the limit of {MAX_DEPTH}"
        raise ValidationError.single(path.name, msg) from exc
    check_depth(data, field=path.name)
    if not isinstance(data, Mapping):
        msg = "must hold a table of fields at the top level"
        raise ValidationError.single(path.name, msg, type(data).__name__)
    return text, data


def load_case(
    path: str | os.PathLike[str], *, themes: Mapping[str, ThemeSpec] | None = None
) -> BusinessCase:
    """Read a business case from a TOML, JSON or YAML file; a ``theme`` key is expanded
    by ``themes`` (see :func:`~placebudget.io.case_file.structure_case`;
    :func:`placebudget.api.load_case` passes the installed themes).

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
        found = resolve_input(path.parent / database, field="unit_costs", source=path.name)
        data = {**data, "unit_costs": str(found)}
        # deflators = "<the database, as unit_costs names it>": the workbook's own table
        data = _own_deflators(data, database, str(found))
    deflators = data.get("deflators")
    if isinstance(deflators, Mapping) and "file" in deflators:
        data = {**data, "deflators": _deflators_from_file(deflators, path)}
    bias = data.get("optimism_bias")
    if isinstance(bias, Mapping) and "file" in bias:
        # a case's own table, read from a CSV file in the case file's folder
        from placebudget.io._optimism_bias import optimism_bias_from_file

        data = {**data, "optimism_bias": optimism_bias_from_file(bias, path)}
    if suffix != ".toml":
        return structure_case(data, source=path.name, themes=themes)
    try:
        return structure_case(data, source=path.name, themes=themes)
    except ValidationError as exc:
        raise _located(exc, text) from exc


def _own_deflators(data: Mapping[str, Any], written: str, found: str) -> Mapping[str, Any]:
    """``data`` with a ``deflators`` that names the database file as ``unit_costs`` is
    written (``written``; also as ``series`` of an extension) naming it as it was found
    (``found``), so that the engine selects the imported database's own deflator table."""
    deflators = data.get("deflators")
    if deflators == written:
        return {**data, "deflators": found}
    if isinstance(deflators, Mapping) and deflators.get("series") == written:
        return {**data, "deflators": {**deflators, "series": found}}
    return data


def _located(error: ValidationError, text: str) -> ValidationError:
    from placebudget.io._toml_lines import key_lines, line_of

    lines = key_lines(text)
    located = [
        p if p.line is not None else attrs.evolve(p, line=line_of(lines, p.path))
        for p in error.problems
    ]
    return type(error)(located, context=error.context)


def with_lines(error: ValidationError, path: str | os.PathLike[str]) -> ValidationError:
    """``error`` with each problem that has no line given the line of its path in the
    TOML case file ``path`` (for problems found after the case was read: unknown codes,
    units, deflator years); ``error`` itself for a case file of another format or one
    that cannot be read again.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from placebudget.errors import Problem
    >>> case = pathlib.Path(tempfile.mkdtemp()) / "case.toml"
    >>> _ = case.write_text("name = 'x'\\nprice_year = 1900\\n")
    >>> with_lines(ValidationError([Problem("price_year", "no deflator", 1900)]), case
    ...            ).problems[0].line
    2
    """
    file = Path(path)
    if _suffix(file) != ".toml":
        return error
    try:
        text = read_text(file, field="path", limit=MAX_CASE_BYTES)
    except (ValidationError, OSError):
        return error
    return _located(error, text)


def _deflators_from_file(spec: Mapping[str, Any], case_path: Path) -> Any:
    """``deflators = { file = "…", [extend_to = …, growth = …] }``: the series read from the
    file (relative to the case file), extended when asked."""
    from placebudget.io.deflators import read_deflators

    unknown = sorted(set(spec) - {"file", "extend_to", "growth"})
    if unknown:
        msg = "is not a known key (allowed: file, extend_to, growth)"
        raise ValidationError(
            [Problem(f"deflators.{k}", msg) for k in unknown], context=f"invalid {case_path.name}"
        )
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


def dump_case(
    case: BusinessCase,
    path: str | os.PathLike[str],
    *,
    source: str | os.PathLike[str] | None = None,
    original: BusinessCase | None = None,
) -> bool:
    """Write ``case`` to a TOML, JSON or YAML file (atomically).

    With ``source``, the TOML case file ``original`` was read from (by default ``source``
    loaded again), a TOML ``path`` is ``source`` with only the values in which ``case``
    differs from ``original`` edited in its parsed document: its comments, order and
    layout are kept. A case file whose parts are not where the model has them (a
    ``theme``'s interventions, say), or an edit that would not load back to ``case``, is
    written in full instead, as without ``source``.

    Returns
    -------
    bool
        Whether the file kept ``source``'s comments and layout.

    Examples
    --------
    >>> import tempfile, pathlib, attrs
    >>> from placebudget.testing import example_case
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> dump_case(example_case(), folder / "case.toml")
    False
    >>> text = (folder / "case.toml").read_text()
    >>> _ = (folder / "case.toml").write_text("# our case\\n" + text)
    >>> case = example_case()
    >>> effect = attrs.evolve(case.interventions[0].effects[0], impact=0.25)
    >>> changed = attrs.evolve(case, interventions=[
    ...     attrs.evolve(case.interventions[0], effects=[effect])])
    >>> dump_case(changed, folder / "new.toml", source=folder / "case.toml")
    True
    >>> (folder / "new.toml").read_text().splitlines()[0]
    '# our case'
    >>> load_case(folder / "new.toml") == changed
    True
    """
    path = Path(path)
    suffix = _suffix(path)
    if source is not None and suffix == ".toml" and _suffix(Path(source)) == ".toml":
        text = edited_toml(
            Path(source), path, case, original if original is not None else load_case(source)
        )
        if text is not None and _write_checked(path, text, case):
            return True
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
    return False


class _NotTheCase(Exception):
    """An edited case file that does not load back to the case it was to hold."""


def _write_checked(path: Path, text: str, case: BusinessCase) -> bool:
    """Write ``text`` to ``path`` (atomically) if it loads back to ``case`` there (its
    files found from that folder); nothing is written when it does not."""
    try:
        with atomic_write_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
            _check_loads_to(tmp, case)
    except _NotTheCase:
        return False
    return True


def _check_loads_to(path: Path, case: BusinessCase) -> None:
    if not _loads_to(path, case):
        raise _NotTheCase


def _loads_to(path: Path, case: BusinessCase) -> bool:
    try:
        return load_case(path) == case
    except ValidationError:
        return False


# --- a TOML case file edited in place (tomlkit) ------------------------------------------


class _Elsewhere(Exception):
    """A changed value whose place in the model the file does not have (a theme's
    interventions, a table written as a value of another form)."""


def _is_table(node: Any) -> bool:
    from tomlkit.items import AoT, Array, InlineTable, Table

    return isinstance(node, Table | InlineTable) or (
        isinstance(node, Mapping) and not isinstance(node, Array | AoT | list)
    )


def _is_list(node: Any) -> bool:
    from tomlkit.items import AoT, Array

    return isinstance(node, Array | AoT | list)


def _nested(old: Any, value: Any) -> bool:
    """Whether two values are tables, or lists of the same length, to edit inside."""
    return (isinstance(old, Mapping) and isinstance(value, Mapping)) or (
        isinstance(old, list) and isinstance(value, list) and len(old) == len(value)
    )


def _apply(node: Any, before: Any, after: Any) -> None:
    """Change ``node`` (a table or list of the document, read as ``before``) to hold
    ``after``: only what differs is touched; a container the file does not have where the
    model has it is :class:`_Elsewhere`."""
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        if not _is_table(node):
            raise _Elsewhere
        for key in [k for k in before if k not in after]:
            if key in node:
                del node[key]
        for key, value in after.items():
            if key in before and before[key] == value:
                continue
            old = before.get(key)
            if _nested(old, value):
                if key not in node:
                    raise _Elsewhere
                _apply(node[key], old, value)
            else:
                _set(node, key, value)
        return
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        if not _is_list(node) or len(node) != len(before):
            raise _Elsewhere
        for index, (old, value) in enumerate(zip(before, after, strict=True)):
            if old == value:
                continue
            if _nested(old, value):
                _apply(node[index], old, value)
            else:
                node[index] = value
        return
    raise _Elsewhere


def _set(table: Any, key: str, value: Any) -> None:
    """``table[key] = value``, keeping a comment written after the value it replaces."""
    import tomlkit

    item = tomlkit.item(value)
    old = table.item(key) if key in table and hasattr(table, "item") else None
    trivia, kept = getattr(old, "trivia", None), getattr(item, "trivia", None)
    if trivia is not None and kept is not None and trivia.comment:
        kept.comment_ws, kept.comment = trivia.comment_ws, trivia.comment
    table[key] = item


def _rebase(document: Any, source: Path, target: Path) -> None:
    """A unit cost database or deflator file named relative to ``source``, named relative
    to ``target`` (a file written to another folder still finds it)."""
    here, there = source.resolve().parent, target.resolve().parent
    if here == there:
        return

    def moved(name: str) -> str:
        return os.path.relpath(here / name, there)

    database = document.get("unit_costs")
    if isinstance(database, str) and names_a_file(database) and not Path(database).is_absolute():
        document["unit_costs"] = moved(database)
    deflators = document.get("deflators")
    if isinstance(deflators, str) and names_a_file(deflators) and not Path(deflators).is_absolute():
        document["deflators"] = moved(deflators)  # an imported database's own table
    if (
        _is_table(deflators)
        and isinstance(deflators.get("file"), str)
        and not Path(deflators["file"]).is_absolute()
    ):
        deflators["file"] = moved(deflators["file"])
    if (
        _is_table(deflators)
        and isinstance(deflators.get("series"), str)
        and names_a_file(deflators["series"])
        and not Path(deflators["series"]).is_absolute()
    ):
        deflators["series"] = moved(deflators["series"])


def edited_toml(
    source: Path, target: Path, case: BusinessCase, original: BusinessCase
) -> str | None:
    """The text of the TOML case file ``source`` (read as ``original``) with the values
    in which ``case`` differs from ``original`` edited in its parsed document (tomlkit),
    so that its comments, order and layout are kept, for writing to ``target``; ``None``
    when the file does not hold a changed value where the model has it (the caller then
    writes the case in full)."""
    import tomlkit

    document = tomlkit.parse(source.read_text(encoding="utf-8"))
    before, after = unstructure_case(original), unstructure_case(case)
    _rebase(document, source, target)
    # the file paths a case's loading resolved: the file's own, as written
    for key in ("unit_costs", "deflators"):
        if key in before and before.get(key) == after.get(key):
            before.pop(key)
            after.pop(key)
    try:
        _apply(document, before, after)
    except _Elsewhere:
        return None
    return tomlkit.dumps(document)
