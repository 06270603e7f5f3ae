"""The "place and partners" form: the place's id, name and population, and its partners
(id, name, kind, department) as repeated fieldsets with "Add another partner" and
"Remove" buttons that work without JavaScript (MOJ Frontend's "add another" pattern).

The form is read from a case file's TOML document and written back into it with
tomlkit, changing only the values that differ, so that the analyst's comments, order
and layout are kept. The form is the pattern for the other tasks' forms: a
:class:`PlaceForm` read from the file (:func:`from_document`) or from the request
(:func:`from_request`), applied to the document (:func:`apply`), and the problems
``validate`` finds shown at the fields their paths name (:func:`field_id`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = [
    "MAX_PARTNERS",
    "FormError",
    "PartnerRow",
    "PlaceForm",
    "apply",
    "field_id",
    "from_document",
    "from_request",
]

#: The most partner rows the form takes (a request with more is cut to this).
MAX_PARTNERS = 100


@attrs.frozen(kw_only=True)
class PartnerRow:
    id: str = ""
    name: str = ""
    kind: str = ""
    department: str = ""
    origin: int | None = None
    """The partner's place in the file's list when the form was filled (a hidden field),
    so that a removed partner's table is the one taken out, with the comments of the
    others kept beside them; ``None`` for a partner added in the form."""


class FormError(ValueError):
    """A form no page of the workbench posts (rows out of order, say)."""


@attrs.frozen(kw_only=True)
class PlaceForm:
    id: str = ""
    name: str = ""
    population: str = ""
    partners: tuple[PartnerRow, ...] = ()


def _text(value: object) -> str:
    """A value of the file as the form shows it (a value of the wrong type is shown as
    written, for validate's message at the field to make sense of)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(value)


def from_document(data: Mapping[str, Any]) -> PlaceForm:
    """The form filled from a case file's data (read with :mod:`tomllib`)."""
    place = data.get("place")
    place = place if isinstance(place, Mapping) else {}
    listed = place.get("partners")
    rows = []
    for index, partner in enumerate(listed if isinstance(listed, list) else []):
        found = partner if isinstance(partner, Mapping) else {}
        rows.append(
            PartnerRow(
                id=_text(found.get("id")),
                name=_text(found.get("name")),
                kind=_text(found.get("kind")),
                department=_text(found.get("department")),
                origin=index,
            )
        )
    return PlaceForm(
        id=_text(place.get("id")),
        name=_text(place.get("name")),
        population=_text(place.get("population")),
        partners=tuple(rows),
    )


_ROW_FIELD = re.compile(r"^partners-(\d{1,3})-(id|name|kind|department|from)$")


def _row(fields: Mapping[str, str]) -> PartnerRow:
    origin = fields.get("from", "")
    return PartnerRow(
        id=fields.get("id", ""),
        name=fields.get("name", ""),
        kind=fields.get("kind", ""),
        department=fields.get("department", ""),
        origin=int(origin) if origin.isdigit() else None,
    )


def from_request(form: Mapping[str, str]) -> PlaceForm:
    """The form as posted (``place-id``, ``place-name``, ``place-population``,
    ``partners-N-id`` … ``partners-N-department``), rows in the order of their
    numbers."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in form.items():
        if found := _ROW_FIELD.match(key):
            index = int(found.group(1))
            if index < MAX_PARTNERS:
                rows.setdefault(index, {})[found.group(2)] = value.strip()
    return PlaceForm(
        id=form.get("place-id", "").strip(),
        name=form.get("place-name", "").strip(),
        population=form.get("place-population", "").strip(),
        partners=tuple(_row(rows[n]) for n in sorted(rows)),
    )


def field_id(path: str) -> str:
    """The HTML id of the field a problem's path names (``place.partners[1].kind`` →
    ``place-partners-1-kind``)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", path).strip("-") or "place"


def _population(text: str) -> object:
    """The population as written to the file: a whole number when it is one, otherwise
    the text itself (so that ``validate`` refuses it with its own message)."""
    try:
        return int(text.replace(",", ""))
    except ValueError:
        return text


def _set(table: Any, key: str, value: object) -> None:
    """``table[key] = value`` unless it already holds it, keeping the comment written
    after the value it replaces; ``None`` removes the key."""
    import tomlkit

    if value is None:
        if key in table:
            del table[key]
        return
    if key in table and table[key] == value:
        return
    item = tomlkit.item(value)
    old = table.item(key) if key in table and hasattr(table, "item") else None
    trivia, kept = getattr(old, "trivia", None), getattr(item, "trivia", None)
    if trivia is not None and kept is not None and trivia.comment:
        kept.comment_ws, kept.comment = trivia.comment_ws, trivia.comment
    table[key] = item


def _fill(table: Any, row: PartnerRow) -> None:
    _set(table, "id", row.id)
    _set(table, "name", row.name)
    _set(table, "kind", row.kind)
    _set(table, "department", row.department or None)


def _kept_rows(form: PlaceForm, listed: int) -> list[int]:
    """The places in the file's list of the partners the form keeps, in order; a form
    whose rows are not the file's in its order, then the added ones, is a
    :class:`FormError`."""
    origins = [row.origin for row in form.partners]
    kept = [o for o in origins if o is not None]
    added_first = any(o is not None and None in origins[:n] for n, o in enumerate(origins))
    if added_first or kept != sorted(set(kept)) or any(o >= listed for o in kept):
        msg = "the partners posted are not those of the case file"
        raise FormError(msg)
    return kept


def _trailing(table: Any) -> list[Any]:
    """The comments and blank lines at the end of ``table``: those written before the
    next table, which they belong to."""
    body = table.value.body
    n = len(body)
    while n and body[n - 1][0] is None:
        n -= 1
    return [item for _, item in body[n:]]


def _append_lines(target: Any, items: list[Any]) -> None:
    from tomlkit.items import Whitespace

    body = target.value.body
    if items and body and isinstance(body[-1][1], Whitespace) and isinstance(items[0], Whitespace):
        items = items[1:]  # one blank line between tables, not two
    for item in items:
        target.value.append(None, item)


def _prepend_lines(target: Any, items: list[Any]) -> None:
    """``items`` put at the start of the table ``target`` (under its header): tomlkit
    has no public way to insert a comment before a table's first key, so its container
    is re-indexed here; if that ever fails, the comments are left out rather than put
    in a wrong place."""
    container = target.value
    try:
        body = container.body
        body[0:0] = [(None, item) for item in items if not _blank(item)]
        places: dict[Any, list[int]] = {}
        for index, (key, _) in enumerate(body):
            if key is not None:
                places.setdefault(key, []).append(index)
        container._map = {k: v[0] if len(v) == 1 else tuple(v) for k, v in places.items()}
    except (AttributeError, TypeError):  # a tomlkit whose container is laid out otherwise
        return


def _blank(item: Any) -> bool:
    from tomlkit.items import Whitespace

    return isinstance(item, Whitespace)


def apply(document: Any, form: PlaceForm) -> None:
    """Write ``form`` into the parsed case file ``document`` (tomlkit), changing only what
    differs: a partner's table is edited in place, a removed one taken out (the comments
    written before the next partner kept before it), a new one appended after the
    last.

    Raises
    ------
    FormError
        The rows posted are not the file's partners in its order, then new ones.
    """
    import tomlkit
    from tomlkit.items import AoT, Array, Table

    if "place" not in document:
        document["place"] = tomlkit.table()
    place = document["place"]
    _set(place, "id", form.id)
    _set(place, "name", form.name)
    _set(place, "population", _population(form.population) if form.population else None)
    partners = place.get("partners")
    if not isinstance(partners, AoT | Array):
        if "partners" in place:
            del place["partners"]
        partners = tomlkit.aot()
        place.append("partners", partners)
    kept = _kept_rows(form, len(partners))
    for index in reversed(range(len(partners))):
        if index in kept:
            continue
        table = partners[index]
        if isinstance(table, Table) and (lines := _trailing(table)):
            # the comments before the next partner stay before it
            if index:
                _append_lines(partners[index - 1], lines)
            elif len(partners) > 1:
                _prepend_lines(partners[1], lines)
        del partners[index]
    for index, row in enumerate(form.partners):
        if row.origin is not None:
            _fill(partners[index], row)
            continue
        table = tomlkit.inline_table() if isinstance(partners, Array) else tomlkit.table()
        _fill(table, row)
        if isinstance(table, Table):
            table.add(tomlkit.nl())
        partners.append(table)
