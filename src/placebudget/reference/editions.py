"""Unit Cost Database codes whose meaning changed between the bundled editions (v1.2 and
v1.4): the reviewed list ``ucd_edition_changes.csv`` (see ``SOURCES.md``)."""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from importlib import resources

import attrs

__all__ = ["EditionChange", "edition_change", "edition_changes"]

#: The two bundled editions the list compares, older first.
_PAIR = ("ucd-v1.2", "ucd-v1.4")


@attrs.frozen(kw_only=True)
class EditionChange:
    """A code present in both bundled editions, and whether its line means the same."""

    code: str
    """The code (``"CR6.0"``)."""
    changed: bool
    """Whether the line counts a different thing in the two editions (the hand review)."""
    descriptions: Mapping[str, str]
    """Edition name → the line's description in it."""
    units: Mapping[str, str]
    """Edition name → the line's unit as written (``"Per incident"``)."""
    agencies: Mapping[str, str]
    """Edition name → the agency bearing the cost."""
    note: str = ""
    """The reviewer's note."""


@functools.cache
def edition_changes() -> Mapping[str, EditionChange]:
    """Every code the bundled editions share, by code, with whether its meaning changed.

    Examples
    --------
    >>> changes = edition_changes()
    >>> len(changes), sum(c.changed for c in changes.values())
    (400, 106)
    >>> changes["CR6.0"].changed, changes["CR6.0"].descriptions["ucd-v1.2"]
    (True, 'Criminal proceedings: Arrest - detained')
    """
    text = resources.files("placebudget.reference").joinpath("data/ucd_edition_changes.csv")
    rows = csv.DictReader(io.StringIO(text.read_text(encoding="utf-8"), newline=""))
    out: dict[str, EditionChange] = {}
    for row in rows:
        keys = [name.replace("ucd-v", "v").replace(".", "_") for name in _PAIR]
        out[row["code"]] = EditionChange(
            code=row["code"],
            changed=row["changed"] == "yes",
            descriptions={n: row[f"{k}_description"] for n, k in zip(_PAIR, keys, strict=True)},
            units={n: row[f"{k}_unit"] for n, k in zip(_PAIR, keys, strict=True)},
            agencies={n: row[f"{k}_agency"] for n, k in zip(_PAIR, keys, strict=True)},
            note=row["reviewed"],
        )
    return out


def edition_change(code: str, one: str, other: str) -> EditionChange | None:
    """The change of meaning of ``code`` between the bundled editions ``one`` and
    ``other``; ``None`` when they are the same edition, not the two bundled ones, the
    code is not in both, or its meaning did not change.

    Examples
    --------
    >>> edition_change("HE3.0", "ucd-v1.4", "ucd-v1.2").units["ucd-v1.4"]
    'Per incident'
    >>> edition_change("CR1.0", "ucd-v1.2", "ucd-v1.4") is None
    True
    """
    if {one, other} != set(_PAIR):
        return None
    found = edition_changes().get(code)
    return found if found is not None and found.changed else None
