"""Unit cost databases: the bundled Unit Cost Database v1.2 table and lookups by code."""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Literal

import attrs

from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import UnitCost
from placebudget.units import ureg

__all__ = [
    "BUNDLED_UNIT_COSTS",
    "UCD_UNITS",
    "UnitCostDatabase",
    "names_a_file",
    "ucd_unit",
    "unit_costs",
]

#: Name of the bundled table built from the Unit Cost Database v1.2.
BUNDLED_UNIT_COSTS = "ucd-v1.2"

#: How the "Unit" column of the Unit Cost Database maps to the pint unit a cost is per.
#: "Per week", "Per year", "Per day" and "Per month" are read as per person (the database's
#: costs of that kind are per client or per place); "Lifetime" and "over a N year period"
#: costs are one-off totals per person.
UCD_UNITS: Mapping[str, str] = {
    "per incident": "incident",
    "per person per year": "person_year",
    "per claimant per year": "person_year",
    "per child per year": "child_year",
    "per year": "person_year",
    "per week": "person_week",
    "per client per week": "person_week",
    "per day": "person_day",
    "per month": "person_month",
    "per hour": "hour",
    "per half hour": "hour / 2",
    "each": "item",
    "per event": "event",
    "per child over a ten year period": "child",
    "per child over a 25 year period": "child",
    "per bed day": "bed_day",
    "per attendance": "attendance",
    "per session": "session",
    "per process": "process",
    "per action": "action",
    "per visit": "visit",
    "per home visit": "visit",
    "per episode": "episode",
    "per person": "person",
    "per customer": "person",
    "per user": "person",
    "per participant": "person",
    "per client": "person",
    "per claimant": "person",
    "per child": "child",
    "lifetime": "person",
    "per consultation": "consultation",
    "per application": "application",
    "per claim": "claim",
    "per service user contact": "contact",
    "per case": "case",
    "per course": "course",
    "per admission": "admission",
    "per scheme": "scheme",
    "per fte": "FTE_year",
    "per call": "contact",
    "per placement": "placement",
    "per offence": "offence",
    "per arrest": "arrest",
}


def ucd_unit(text: str) -> str | None:
    """The pint unit a Unit Cost Database "Unit" text is per, or ``None`` if unknown.

    Examples
    --------
    >>> ucd_unit("Per person per year"), ucd_unit("Per week "), ucd_unit("Per galaxy")
    ('person_year', 'person_week', None)
    """
    key = re.sub(r"\s+", " ", text or "").strip().lower()
    return UCD_UNITS.get(key)


@attrs.frozen
class UnitCostDatabase(Mapping[str, UnitCost]):
    """Unit costs keyed by code, with search.

    Examples
    --------
    >>> db = unit_costs()
    >>> db["CR1.1"].agency
    'Police'
    >>> [c.code for c in db.search("domestic violence police")]
    ['CR2.0', 'CR2.0.2', 'CR2.0.3']
    """

    name: str
    """Name of the database (``"ucd-v1.2"``)."""
    costs: Mapping[str, UnitCost] = attrs.field(repr=False)
    """Code → unit cost."""
    source: str = ""
    """Citation of the database as a whole."""

    @classmethod
    def from_records(
        cls,
        name: str,
        records: Iterable[UnitCost],
        *,
        source: str = "",
        duplicates: Literal["error", "number"] = "error",
    ) -> UnitCostDatabase:
        """Build a database keyed by code.

        A code used by more than one line is an error, or with ``duplicates="number"``
        every line sharing it is kept under ``CODE#1``, ``CODE#2`` … and looking up the
        bare code raises an error naming them (the Unit Cost Database v1.2 reuses a few
        codes, such as ``CR7.0.3`` for courts, prisons and other criminal justice costs).
        """
        records = list(records)
        counts = Counter(r.code for r in records)
        costs: dict[str, UnitCost] = {}
        seen: Counter[str] = Counter()
        problems = []
        for record in records:
            if counts[record.code] > 1:
                if duplicates == "error":
                    problems.append(Problem(f"{name}[{record.code!r}]", "duplicate code",
                                            record.code))
                    continue
                seen[record.code] += 1
                record = attrs.evolve(record, code=f"{record.code}#{seen[record.code]}")
            costs[record.code] = record
        if problems:
            raise UnknownReferenceError(problems, context=f"invalid unit cost database {name!r}")
        return cls(name, costs, source)

    def __getitem__(self, code: str) -> UnitCost:
        try:
            return self.costs[code]
        except KeyError as exc:
            numbered = [k for k in self.costs if k.split("#", 1)[0] == code and "#" in k]
            if numbered:
                options = "; ".join(f"{k} ({self.costs[k].description})" for k in numbered)
                msg = f"is used by {len(numbered)} lines of {self.name!r}: choose one of {options}"
            else:
                close = difflib.get_close_matches(code, list(self.costs), n=3)
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                msg = f"is not a code in unit cost database {self.name!r}{hint}"
            msg_0 = "code"
            raise UnknownReferenceError.single(msg_0, msg, code) from exc

    def __iter__(self) -> Iterator[str]:
        return iter(self.costs)

    def __len__(self) -> int:
        return len(self.costs)

    def search(self, text: str) -> list[UnitCost]:
        """Lines whose code, description, agency, category or detail contain every word of
        ``text`` (case-insensitive), in database order."""
        words = text.lower().split()

        def haystack(c: UnitCost) -> str:
            return " ".join(
                [c.code, c.description, c.agency, c.agency_detail, c.category, c.detail]
            ).lower()

        return [c for c in self.costs.values() if all(w in haystack(c) for w in words)]


def _records_from_csv(rows: Iterable[Mapping[str, str]]) -> Iterator[UnitCost]:
    rows = list(rows)
    children: dict[str, tuple[str, ...]] = {}
    codes = {r["code"] for r in rows}
    for row in rows:
        parent = row["code"].rsplit(".", 1)[0]
        if parent in codes and parent != row["code"] and row["code"].count(".") >= 2:
            children[parent] = (*children.get(parent, ()), row["code"])
    for row in rows:
        yield UnitCost(
            code=row["code"],
            description=row["description"],
            value=ureg.Quantity(float(row["value"]), f"GBP / ({row['unit']})"),
            price_year=int(row["price_year"]),
            unit_text=row["unit_text"],
            agency=row["agency"],
            agency_detail=row["agency_detail"],
            value_type=row["value_type"],
            rag=row["rag"] or None,
            source=row["source"],
            category=row["category"],
            detail=row["detail"],
            components=children.get(row["code"], ())
            if row["agency"].lower() == "multiple"
            else (),
        )


@functools.cache
def _bundled(name: str) -> UnitCostDatabase:
    if name != BUNDLED_UNIT_COSTS:
        msg = f"is not a bundled unit cost database (bundled: {BUNDLED_UNIT_COSTS})"
        msg_0 = "unit_costs"
        raise UnknownReferenceError.single(msg_0, msg, name)
    text = resources.files("placebudget.reference").joinpath("data/unit_costs_ucd_v1_2.csv")
    handle = io.StringIO(text.read_text(encoding="utf-8"), newline="")
    records = list(_records_from_csv(csv.DictReader(handle)))
    return UnitCostDatabase.from_records(
        name,
        records,
        source=(
            "Unit Cost Database v1.2, New Economy (Manchester), 2014; figures, units, agencies, "
            "price years, RAG ratings and source citations as published"
        ),
    )


#: File suffixes that make a ``unit_costs`` name a path to a database file.
DATABASE_SUFFIXES: tuple[str, ...] = (".xls", ".xlsx", ".csv")


def names_a_file(name: str) -> bool:
    """Whether a ``unit_costs`` name is a path to a database file rather than the name of
    a bundled database: it ends in ``.xls``, ``.xlsx`` or ``.csv``, or in a suffix an
    installed unit cost importer plugin reads."""
    if name.lower().endswith(DATABASE_SUFFIXES):
        return True
    if name == BUNDLED_UNIT_COSTS or not Path(name).suffix:
        return False
    from placebudget.plugin import get_plugin_manager

    return Path(name).suffix.lower() in get_plugin_manager().suffixes("unit_costs")


def unit_costs(name: str = BUNDLED_UNIT_COSTS) -> UnitCostDatabase:
    """A unit cost database: a bundled one by name (only ``"ucd-v1.2"`` ships today), or
    a database file read by the installed unit cost importers (built in: ``.xls``,
    ``.xlsx`` or ``.csv`` in the Unit Cost Database layout; plugins add their own layouts
    and suffixes). Files are read once per modification.

    Raises
    ------
    placebudget.errors.ValidationError
        Unknown name, missing or unreadable file.
    """
    if names_a_file(name):
        path = Path(name)
        try:
            stamp = path.stat().st_mtime_ns
        except OSError as exc:
            msg = f"is not a bundled database name or a readable file ({exc.strerror})"
            raise UnknownReferenceError.single(path="unit_costs", message=msg,
                                               value=name) from exc
        return _from_file(str(path.resolve()), stamp)
    return _bundled(name)


@functools.lru_cache(maxsize=8)
def _from_file(path: str, stamp: int) -> UnitCostDatabase:
    from placebudget.plugin import get_plugin_manager

    try:
        database: UnitCostDatabase = get_plugin_manager().load(path, "unit_costs")
    except ValidationError as exc:
        context = f"cannot read the unit cost database {path}"
        raise ValidationError(exc.problems, context=context) from exc
    return database

