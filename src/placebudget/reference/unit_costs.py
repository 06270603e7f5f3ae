"""Unit cost databases: the bundled Unit Cost Database tables (v1.4, the default, and v1.2),
lookups by code, the line structure (headline, subsidiary, constituent) and the transfer
payments the database says to leave out of public value."""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import attrs

from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import DeflatorSeries, PricedAmount, UnitCost
from placebudget.units import parse_unit, ureg

__all__ = [
    "BUNDLED_DATABASES",
    "BUNDLED_UNIT_COSTS",
    "DATABASE_SUFFIXES",
    "UCD_UNITS",
    "TransferStatement",
    "UnitCostDatabase",
    "UnitCostLoader",
    "apply_transfers",
    "line_structure",
    "names_a_file",
    "transfer_statements",
    "ucd_unit",
    "unit_costs",
    "with_structure",
]

#: Name of the default bundled table: the Unit Cost Database v1.4 (March 2015).
BUNDLED_UNIT_COSTS = "ucd-v1.4"

#: Every bundled unit cost table by name, newest first, with its data file.
BUNDLED_DATABASES: Mapping[str, str] = {
    "ucd-v1.4": "unit_costs_ucd_v1_4.csv",
    "ucd-v1.2": "unit_costs_ucd_v1_2.csv",
}

_DATABASE_SOURCES: Mapping[str, str] = {
    "ucd-v1.4": (
        "Unit Cost Database v1.4, GMCA / New Economy (Manchester), March 2015, CC BY 4.0; "
        "fiscal, economic and social values, units, agencies, price years, RAG ratings, "
        "transfer payments and source citations as published"
    ),
    "ucd-v1.2": (
        "Unit Cost Database v1.2, New Economy (Manchester), 2014; figures, units, agencies, "
        "price years, RAG ratings and source citations as published; transfer payments as "
        "the v1.4 edition states them for the same codes"
    ),
}

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
    "per contact": "contact",
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
    ['CR2.0.2', 'CR2.0.3']
    """

    name: str
    """Name of the database (``"ucd-v1.2"``)."""
    costs: Mapping[str, UnitCost] = attrs.field(repr=False)
    """Code → unit cost."""
    source: str = ""
    """Citation of the database as a whole."""
    not_read: tuple[Problem, ...] = ()
    """Lines of the source file the importer could not read (a cost that is not a number,
    such as a formula ``=1+1``), each with its sheet or line: reported, never dropped
    silently."""
    deflators: DeflatorSeries | None = attrs.field(default=None, eq=False, repr=False)
    """The database's own GDP deflator table (a Unit Cost Database workbook's ``Lookups``
    sheet, by financial year), named as the database: a case selects it with
    ``deflators`` = the database's name (or its ``unit_costs`` as given); None when the
    source holds none."""

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
                    problems.append(
                        Problem(f"{name}[{record.code!r}]", "duplicate code", record.code)
                    )
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
            raise UnknownReferenceError.single(path="code", message=msg, value=code) from exc

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


def line_structure(code: str, codes: Iterable[str] = ()) -> tuple[str, str | None]:
    """Where a line stands in the Unit Cost Database, from its code: ``(level, parent)``.

    The database numbers its lines ``THEME N.0`` for a headline cost, ``THEME N.M`` for a
    subsidiary cost and ``THEME N.M.K`` for a constituent of ``THEME N.M`` (the workbook's
    outline levels 1, 2 and 3; v1.4 Guidance sheet). A constituent's parent is given only
    when ``codes`` holds it (pass no codes to skip that check).

    Examples
    --------
    >>> line_structure("E&E1.0"), line_structure("E&E1.3"), line_structure("E&E1.0.1")
    (('headline', None), ('subsidiary', None), ('constituent', 'E&E1.0'))
    """
    base = code.split("#", 1)[0]
    parts = base.split(".")
    known = codes if isinstance(codes, set | frozenset) else set(codes)
    if len(parts) >= 3:
        parent = ".".join(parts[:-1])
        return "constituent", parent if (not known or parent in known) else None
    if len(parts) == 2 and parts[1] != "0":
        return "subsidiary", None
    return "headline", None


def _structures(codes: list[str]) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """Each of ``codes``' level, parent and components (the lines whose parent it is, in
    order), in the order of ``codes``."""
    known = set(codes)
    placed = [line_structure(code, known) for code in codes]
    children: dict[str, list[str]] = {}
    for code, (_, parent) in zip(codes, placed, strict=True):
        if parent is not None:
            children.setdefault(parent, []).append(code)
    return [
        (level, parent, tuple(children.get(code, ())))
        for code, (level, parent) in zip(codes, placed, strict=True)
    ]


def with_structure(records: Iterable[UnitCost]) -> list[UnitCost]:
    """The records with :attr:`~placebudget.model.UnitCost.level`,
    :attr:`~placebudget.model.UnitCost.parent` and
    :attr:`~placebudget.model.UnitCost.components` set from their codes."""
    records = list(records)
    return [
        attrs.evolve(r, level=level, parent=parent, components=components)
        for r, (level, parent, components) in zip(
            records, _structures([r.code for r in records]), strict=True
        )
    ]


@attrs.frozen(kw_only=True)
class TransferStatement:
    """A database's statement that (part of) a line's fiscal value is a transfer payment
    to be left out of public value."""

    code: str
    """The line the statement is made on (a headline cost)."""
    amount: float | None = None
    """The transfer in the line's fiscal prices (``9234`` for E&E1.0), or ``None`` when the
    whole fiscal value is a transfer (E&S5.0: "the fiscal benefit to HMT")."""
    source: str = ""
    """Where the statement is made."""


_MONEY_TOLERANCE = 0.5  # pounds: amounts in comments are quoted to the pound


def apply_transfers(
    records: Iterable[UnitCost], statements: Iterable[TransferStatement], *, name: str = "ucd"
) -> list[UnitCost]:
    """Set each line's transfer share from ``statements``; ``records`` carry their
    structure (:func:`with_structure`).

    A statement naming an amount gives its line the share ``amount / fiscal value``
    (E&E1.0: 9,234 / 9,800), and the constituent of that line whose fiscal value is that
    amount (E&E1.0.1, "benefits payments") the share 1; a statement with no amount makes
    the whole fiscal value of its line (and of every constituent) a transfer.

    Raises
    ------
    placebudget.errors.ValidationError
        A statement names a line that has no fiscal value, or an amount above it.
    """
    records = list(records)
    by_code = {r.code: r for r in records}
    shares: dict[str, float] = {}
    problems = []
    for statement in statements:
        line = by_code.get(statement.code)
        if line is None:
            continue  # an edition without that line
        if line.fiscal is None:
            problems.append(
                Problem(
                    f"{name}[{statement.code!r}].transfer",
                    "is stated for a line with no fiscal value",
                    statement.amount,
                )
            )
            continue
        fiscal = float(line.fiscal.amount.magnitude)
        children = [by_code[c] for c in line.components]
        if statement.amount is None:
            shares[line.code] = 1.0
            shares.update({c.code: 1.0 for c in children if c.fiscal is not None})
            continue
        if not 0 <= statement.amount <= fiscal + _MONEY_TOLERANCE:
            problems.append(
                Problem(
                    f"{name}[{statement.code!r}].transfer",
                    f"names a transfer above the fiscal value {fiscal:g}",
                    statement.amount,
                )
            )
            continue
        shares[line.code] = min(1.0, statement.amount / fiscal)
        for child in children:
            if (
                child.fiscal is not None
                and abs(float(child.fiscal.amount.magnitude) - statement.amount) <= _MONEY_TOLERANCE
            ):
                shares[child.code] = 1.0
    if problems:
        raise ValidationError(problems, context=f"invalid transfer statements in {name!r}")
    return [attrs.evolve(r, transfer=shares[r.code]) if r.code in shares else r for r in records]


@functools.cache
def transfer_statements() -> tuple[TransferStatement, ...]:
    """The transfer payments the Unit Cost Database v1.4 states in the comments on its
    fiscal value cells (bundled as ``ucd_transfer_payments.csv``); used for editions
    without such comments, such as v1.2.

    Examples
    --------
    >>> [(s.code, s.amount) for s in transfer_statements()][:2]
    [('E&S5.0', None), ('E&S6.0', None)]
    """
    text = resources.files("placebudget.reference").joinpath("data/ucd_transfer_payments.csv")
    rows = csv.DictReader(io.StringIO(text.read_text(encoding="utf-8"), newline=""))
    return tuple(
        TransferStatement(
            code=r["code"], amount=float(r["amount"]) if r["amount"] else None, source=r["source"]
        )
        for r in rows
    )


def _priced_from(row: Mapping[str, str], kind: str) -> PricedAmount | None:
    if not row[kind]:
        return None
    # each unit text is parsed once (parse_unit keeps it): a database has a few
    unit = parse_unit(f"GBP / ({row['unit']})", field=f"{row['code']}.unit")
    return PricedAmount(
        amount=ureg.Quantity(float(row[kind]), unit), price_year=int(row[f"{kind}_year"])
    )


def _records_from_csv(rows: Iterable[Mapping[str, str]]) -> Iterator[UnitCost]:
    """The lines of a bundled table, each built once with its place in the database's
    structure (as :func:`with_structure` gives it)."""
    rows = list(rows)
    for row, (level, parent, components) in zip(
        rows, _structures([row["code"] for row in rows]), strict=True
    ):
        yield UnitCost(
            level=level,
            parent=parent,
            components=components,
            code=row["code"],
            description=row["description"],
            fiscal=_priced_from(row, "fiscal"),
            economic=_priced_from(row, "economic"),
            social=_priced_from(row, "social"),
            transfer=float(row["transfer"] or 0),
            unit_text=row["unit_text"],
            agency=row["agency"],
            agency_detail=row["agency_detail"],
            rag=row["rag"] or None,
            source=row["source"],
            category=row["category"],
            detail=row["detail"],
        )


@functools.cache
def _bundled(name: str) -> UnitCostDatabase:
    if name not in BUNDLED_DATABASES:
        msg = f"is not a bundled unit cost database (bundled: {', '.join(BUNDLED_DATABASES)})"
        raise UnknownReferenceError.single(path="unit_costs", message=msg, value=name)
    path = f"data/{BUNDLED_DATABASES[name]}"
    text = resources.files("placebudget.reference").joinpath(path)
    handle = io.StringIO(text.read_text(encoding="utf-8"), newline="")
    records = list(_records_from_csv(csv.DictReader(handle)))
    return UnitCostDatabase.from_records(name, records, source=_DATABASE_SOURCES[name])


#: File suffixes of the Unit Cost Database layouts placebudget reads itself.
DATABASE_SUFFIXES: tuple[str, ...] = (".xls", ".xlsx", ".csv")

#: Reads one unit cost database file: ``loader(path) -> UnitCostDatabase``.
UnitCostLoader = Callable[[str], "UnitCostDatabase"]

_FILE_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9_]*")


def names_a_file(name: str) -> bool:
    """Whether a ``unit_costs`` name is a path to a database file rather than the name of
    a bundled database: it is not a bundled name, and it holds a folder separator or ends
    in a file suffix (a dot and a word, such as ``.xlsx``; ``ucd-v1.4`` ends in none).

    Examples
    --------
    >>> names_a_file("ucd-v1.4"), names_a_file("our-costs.xlsx"), names_a_file("ucd-v1.3")
    (False, True, False)
    """
    given: Any = name
    if not isinstance(given, str) or name in BUNDLED_DATABASES:
        return False
    if "/" in name or "\\" in name:
        return True
    return _FILE_SUFFIX.fullmatch(Path(name).suffix) is not None


def unit_costs(
    name: str = BUNDLED_UNIT_COSTS, *, loaders: Mapping[str, UnitCostLoader] | None = None
) -> UnitCostDatabase:
    """A unit cost database: a bundled one by name (``"ucd-v1.4"``, the default, or
    ``"ucd-v1.2"``; see ``BUNDLED_DATABASES``), or a database file read by the loader
    ``loaders`` gives for its suffix. Files are read once per modification.

    This function reads no file by itself: :func:`placebudget.api.unit_costs` passes the
    loaders of the installed importers (built in: ``.xls``, ``.xlsx`` or ``.csv`` in the
    Unit Cost Database layout; plugins add their own layouts and suffixes).

    Parameters
    ----------
    name
        A bundled database name, or the path of a database file.
    loaders
        File suffix (``".xlsx"``) → function reading a database file of that suffix.

    Raises
    ------
    placebudget.errors.ValidationError
        Unknown name, a file with no loader for its suffix, missing or unreadable file.
    """
    given: Any = name
    if not isinstance(given, str) or not given.strip():
        msg = "must be a bundled database name or the path of a database file"
        raise ValidationError.single(path="unit_costs", message=msg, value=given)
    if not names_a_file(name):
        return _bundled(name)
    path = Path(name)
    suffix = path.suffix.lower()
    loader = (loaders or {}).get(suffix)
    if loader is None:
        readable = ", ".join(sorted(loaders or {})) or "none given"
        what = f"{suffix} files" if suffix else "files without a suffix"
        msg = (
            f"names a database file, and no loader reads {what} (loaders for: "
            f"{readable}); placebudget.unit_costs reads files with the installed "
            "importers"
        )
        raise UnknownReferenceError.single(path="unit_costs", message=msg, value=name)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        msg = f"is not a bundled database name or a readable file ({exc.strerror})"
        raise UnknownReferenceError.single(path="unit_costs", message=msg, value=name) from exc
    return _from_file(str(path.resolve()), stamp, loader)


@functools.lru_cache(maxsize=8)
def _from_file(path: str, stamp: int, loader: UnitCostLoader) -> UnitCostDatabase:
    try:
        database = loader(path)
    except ValidationError as exc:
        context = f"cannot read the unit cost database {path}"
        raise ValidationError(exc.problems, context=context) from exc
    if len(database) == 0:  # a database with nothing in it is never a success
        msg = "holds no unit cost lines (the importer read nothing from it)"
        raise ValidationError.single(path=path, message=msg, value=Path(path).name)
    return database
