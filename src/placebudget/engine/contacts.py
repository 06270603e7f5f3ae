"""Costing a person's or family's year of service contacts by agency (costed families).

Each contact is priced at its Unit Cost Database line's fiscal value — the cost to the
public sector, borne by the agency the line names — uprated from the line's price year
to one price base, times the count. The count must fit the line's unit: a line costed per
item, incident or attendance takes a plain number, a line costed per hour or per
person-week a number with its unit (``"3 hour"``, ``"6 person_week"``), converted where
the units allow (``"2 day"`` of an hourly line is refused, ``"90 minute"`` is 1.5 hours).

Examples
--------
>>> import placebudget as pb
>>> from placebudget.model import CaseStudy
>>> from placebudget.reference import deflator_series
>>> family = CaseStudy(id="a", name="Family A", before={"CR1.0": 4}, after={"CR1.0": 1})
>>> costed = cost_case_study(family, database=pb.unit_costs("ucd-v1.2"),
...                          deflators=deflator_series(), price_year=2002)
>>> costed.by_agency().loc["Police"].to_list()
[2000.0, 500.0, 1500.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from placebudget.errors import Problem, UnknownReferenceError, ValidationError
from placebudget.model import (
    BusinessCase,
    CaseStudy,
    Contact,
    DeflatorSeries,
    Place,
    UnitCost,
)
from placebudget.model.case import DEFAULT_DEFLATORS, DEFAULT_UNIT_COSTS
from placebudget.model.case_studies import contacts_from
from placebudget.reference import UnitCostDatabase, deflator_series, unit_costs
from placebudget.units import ureg

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AGENCY_PARTNER_KINDS",
    "CostedCaseStudy",
    "CostedContacts",
    "agency_warnings",
    "case_warnings",
    "contact_references",
    "cost_case_studies",
    "cost_case_study",
    "cost_contacts",
    "latest_outturn",
]

#: Unit Cost Database agency (level 1, lower case) → the partner kind that is that agency
#: in a place: a contact with no ``partner`` is charged to the place's one partner of that
#: kind, when there is exactly one.
AGENCY_PARTNER_KINDS: dict[str, str] = {
    "nhs": "nhs",
    "local authority": "local_authority",
    "police": "police",
    "fire service": "fire",
    "probation": "probation",
    "court": "courts",
    "prison / young offenders institute": "prisons",
    "dwp": "dwp",
    "hm revenue and customs": "hmrc",
    "schools": "education",
    "department for education": "education",
}

#: Columns of :attr:`CostedContacts.lines`, in order.
LINE_COLUMNS: tuple[str, ...] = (
    "description",
    "agency",
    "payer",
    "count",
    "unit",
    "unit_cost",
    "source_price_year",
    "cost",
)


def _is_timed(unit: Any) -> bool:
    return "[time]" in unit.dimensionality


def _key(agency: str) -> str:
    return " ".join(agency.lower().split())


def _agency_labels(database: Mapping[str, UnitCost]) -> dict[str, str]:
    """One spelling per agency (the database writes "Local Authority" and "Local
    authority"): the most frequent, first seen on a tie."""
    counts: dict[str, dict[str, int]] = {}
    for line in database.values():
        spelling = " ".join(line.agency.split())
        if spelling:
            seen = counts.setdefault(_key(spelling), {})
            seen[spelling] = seen.get(spelling, 0) + 1
    return {key: max(spellings, key=spellings.__getitem__) for key, spellings in counts.items()}


def _payer(contact: Contact, agency: str, place: Place | None) -> str:
    if contact.partner is not None:
        return contact.partner
    if place is not None:
        kind = AGENCY_PARTNER_KINDS.get(_key(agency))
        matches = [p.id for p in place.partners if p.kind == kind]
        if len(matches) == 1:
            return matches[0]
    return agency


_OVERFLOW = "a cost beyond the largest number (inf): check the count"


def _contact_count(contact: Contact) -> Any:
    """A contact's count as the file gives it (a number, or a quantity as text)."""
    return str(contact.count) if hasattr(contact.count, "units") else contact.count


def _sums_finite(costs: list[float]) -> bool:
    """Whether ``costs`` add up to a finite number (``math.fsum`` raises rather than
    overflowing)."""
    try:
        return math.isfinite(math.fsum(costs))
    except OverflowError:
        return False


def _units_used(cost: UnitCost, contact: Contact, path: str) -> tuple[float, str]:
    """The count in the line's own unit, and that unit's name."""
    unit = ureg.GBP / cost.amount_of("fiscal").amount.units
    name = str(unit) if not unit.dimensionless else "item"
    if not hasattr(contact.count, "units"):
        if _is_timed(unit):
            msg = (
                f"{cost.code} is costed per {name}: give the count with its unit, such as "
                f"'{contact.count:g} {name}'"
            )
            raise ValidationError.single(path=f"{path}.count", message=msg, value=contact.count)
        return float(contact.count), name
    if unit.dimensionless or not contact.count.is_compatible_with(unit):
        msg = f"{cost.code} is costed per {name}; a count in {contact.count.units} does not fit"
        raise ValidationError.single(path=f"{path}.count", message=msg, value=str(contact.count))
    return float(contact.count.to(unit).magnitude), name


@attrs.frozen(kw_only=True)
class CostedContacts:
    """A year of contacts priced line by line.

    ``lines`` is indexed by code with the columns ``description``, ``agency`` (as the
    database names it), ``payer`` (the partner charged, or the agency), ``count`` (in the
    line's unit), ``unit``, ``unit_cost`` (at the price base), ``source_price_year`` and
    ``cost``.
    """

    lines: pd.DataFrame = attrs.field(repr=False)
    """One row per contact."""
    price_base: int
    """Price base year of every amount."""

    @property
    def total(self) -> float:
        """The cost of the whole record."""
        return float(self.lines["cost"].sum())

    def by_agency(self) -> pd.Series:
        """Cost by payer, largest first."""
        grouped = self.lines.groupby("payer", sort=False)["cost"].sum()
        return grouped.sort_values(ascending=False, kind="stable").rename("cost")


def contact_line(code: str, database: Mapping[str, UnitCost]) -> UnitCost:
    """The line a code names: ``"CR6.0"`` or ``"ucd:CR6.0"`` in ``database``,
    ``"ucd-v1.2:CR6.0"`` in that edition (``database`` when it is that edition, else
    the bundled one).

    Raises
    ------
    placebudget.errors.ValidationError
        An unknown code, or an edition neither bundled nor ``database``'s.
    """
    from placebudget.model.values import split_reference
    from placebudget.reference import BUNDLED_DATABASES

    reference = split_reference(code)
    if reference is None:
        return database[code]
    edition, bare = reference
    if edition is None:
        return database[bare]
    if getattr(database, "name", None) == edition:
        return database[bare]
    if edition in BUNDLED_DATABASES:
        return unit_costs(edition)[bare]
    msg = (
        f"names the unit cost database {edition!r}, which is neither bundled "
        f"({', '.join(BUNDLED_DATABASES)}) nor the one given"
    )
    raise UnknownReferenceError.single(path="code", message=msg, value=code)


def latest_outturn(series: DeflatorSeries) -> int:
    """The last year of a deflator series that is an outturn (not a forecast or an
    assumption): the default price base of a costed family."""
    years = list(series.values)
    return max([y for y in years if series.status(y) == "outturn"] or years)


def contact_references(
    database: Mapping[str, UnitCost] | str | None = None,
    deflators: DeflatorSeries | str | None = None,
    price_year: int | None = None,
) -> tuple[Mapping[str, UnitCost], DeflatorSeries, int]:
    """The database, deflator series and price base contacts are costed with: those
    given (by name or in full), else the bundled default database, the default series
    and its latest outturn year.

    Raises
    ------
    placebudget.errors.ValidationError
        A name is not known.
    """
    if database is None or isinstance(database, str):
        database = unit_costs(database or DEFAULT_UNIT_COSTS)
    if deflators is None or isinstance(deflators, str):
        deflators = deflator_series(deflators or DEFAULT_DEFLATORS)
    return database, deflators, latest_outturn(deflators) if price_year is None else price_year


def cost_contacts(
    contacts: Mapping[str, Any],
    *,
    database: Mapping[str, UnitCost] | str | None = None,
    deflators: DeflatorSeries | str | None = None,
    price_year: int | None = None,
    place: Place | None = None,
    field: str = "contacts",
) -> CostedContacts:
    """Price ``contacts`` (code → count, or code → :class:`~placebudget.model.Contact`).

    Parameters
    ----------
    contacts
        Unit Cost Database code → how many (see :class:`~placebudget.model.Contact`).
    database
        The unit cost database the codes are in, or its name; the bundled default
        (``ucd-v1.4``) if not given.
    deflators
        GDP deflator series (or its name) to uprate each line's price year to
        ``price_year``; the default series if not given.
    price_year
        Price base of the result; the latest outturn year of the deflator series if not
        given.
    place
        When given, a contact with no partner is charged to the place's one partner of
        the kind that is the line's agency (see ``AGENCY_PARTNER_KINDS`` in
        ``placebudget.engine.contacts``).
    field
        Name used in error messages.

    Raises
    ------
    placebudget.errors.ValidationError
        Every problem together: a code unknown or with no fiscal value, a count that does
        not fit the line's unit, a negative count, a price year with no deflator.
    """
    database, deflators, price_year = contact_references(database, deflators, price_year)
    try:
        parsed = contacts_from(contacts, field)
    except ValidationError as exc:
        raise ValidationError(exc.problems, context=f"cannot cost {field}") from exc
    labels = _agency_labels(database)
    index: Mapping[int, float] = deflators.values  # noqa: PD011 (a mapping, not pandas)
    problems: list[Problem] = []
    if price_year not in index:
        problems.append(Problem("price_year", deflators.missing_message(), price_year))
    rows: dict[str, dict[str, Any]] = {}
    for code, contact in parsed.items():
        path = f"{field}[{code!r}]"
        try:
            cost = contact_line(code, database)
            priced = cost.amount_of("fiscal")
            count, unit = _units_used(cost, contact, path)
        except ValidationError as exc:
            problems.extend(
                p if p.path.startswith(path) else p.prefixed(path) for p in exc.problems
            )
            continue
        if priced.price_year not in index:
            problems.append(
                Problem(
                    f"{path} ({code} price year)", deflators.missing_message(), priced.price_year
                )
            )
            continue
        if price_year not in index:
            continue
        factor = index[price_year] / index[priced.price_year]
        unit_cost = float(priced.amount.magnitude) * factor
        if not math.isfinite(unit_cost * count):
            problems.append(Problem(f"{path}.count", f"gives {_OVERFLOW}", _contact_count(contact)))
            continue
        agency = labels.get(_key(cost.agency), "Unstated agency")
        rows[code] = {
            "description": cost.description,
            "agency": agency,
            "payer": _payer(contact, agency, place),
            "count": count,
            "unit": unit,
            "unit_cost": unit_cost,
            "source_price_year": priced.price_year,
            "cost": unit_cost * count,
        }
    if not problems and not _sums_finite([row["cost"] for row in rows.values()]):
        counts = ", ".join(f"{field}[{code!r}].count" for code in rows)
        problems.append(Problem(counts, f"together give {_OVERFLOW}s"))
    if problems:
        raise ValidationError(problems, context=f"cannot cost {field}")
    import pandas as pd

    lines = pd.DataFrame.from_dict(rows, orient="index", columns=list(LINE_COLUMNS))
    lines.index.name = "code"
    return CostedContacts(lines=lines, price_base=price_year)


@attrs.frozen(kw_only=True)
class CostedCaseStudy:
    """A case study's before and after records, costed."""

    study: CaseStudy
    """The case study."""
    before: CostedContacts
    """The year as is."""
    after: CostedContacts | None
    """The year after the intervention, if recorded."""

    @property
    def saving(self) -> float | None:
        """Cost before less cost after (``None`` without an after record)."""
        return None if self.after is None else self.before.total - self.after.total

    def by_agency(self) -> pd.DataFrame:
        """Per payer: ``before``, ``after`` and ``saving`` (after and saving NaN without an
        after record), largest cost before first."""
        import pandas as pd

        before = self.before.by_agency()
        frame = pd.DataFrame({"before": before})
        if self.after is None:
            frame["after"] = float("nan")
        else:
            frame = frame.join(self.after.by_agency().rename("after"), how="outer")
            frame = frame.fillna(0.0)  # an agency absent from one record costs nothing there
        frame["saving"] = frame["before"] - frame["after"]
        frame.index.name = "payer"
        return frame.sort_values("before", ascending=False, kind="stable")

    def lines(self) -> pd.DataFrame:
        """Every contact of both records, with a ``record`` column (before, after)."""
        import pandas as pd

        parts = {"before": self.before.lines}
        if self.after is not None:
            parts["after"] = self.after.lines
        return pd.concat(parts, names=["record", "code"])


def cost_case_study(
    study: CaseStudy,
    *,
    database: Mapping[str, UnitCost],
    deflators: DeflatorSeries,
    price_year: int,
    place: Place | None = None,
    field: str = "",
) -> CostedCaseStudy:
    """Cost a case study's before and after records (see
    :func:`placebudget.engine.cost_contacts`).

    Raises
    ------
    placebudget.errors.ValidationError
        Every problem of both records together.
    """
    prefix = f"{field}." if field else ""
    problems: list[Problem] = []
    costed: dict[str, CostedContacts | None] = {"before": None, "after": None}
    for record in ("before", "after"):
        contacts = getattr(study, record)
        if contacts is None:
            continue
        try:
            costed[record] = cost_contacts(
                contacts,
                database=database,
                deflators=deflators,
                price_year=price_year,
                place=place,
                field=f"{prefix}{record}",
            )
        except ValidationError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    if problems:
        raise ValidationError(problems, context=f"cannot cost case study {study.id!r}")
    before = costed["before"]
    assert before is not None  # a case study always has a before record
    return CostedCaseStudy(study=study, before=before, after=costed["after"])


def cost_case_studies(
    case: BusinessCase,
    *,
    database: Mapping[str, UnitCost],
    deflators: DeflatorSeries,
    price_year: int | None = None,
) -> tuple[CostedCaseStudy, ...]:
    """Cost every case study of ``case`` at its price base (or ``price_year``), charging
    contacts to its partners where the agency is one of them.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.engine import case_database, case_deflators
    >>> from placebudget.examples import example_path
    >>> case = pb.load_case(example_path("troubled_families"))
    >>> (family,) = cost_case_studies(case, database=case_database(case),
    ...                               deflators=case_deflators(case))
    >>> family.study.name, round(family.before.total), family.before.price_base
    ('Family A', 12677, 2013)

    Raises
    ------
    placebudget.errors.ValidationError
        Every problem of every case study, with its path in the case.
    """
    problems: list[Problem] = []
    out: list[CostedCaseStudy] = []
    for index, study in enumerate(case.case_studies):
        try:
            out.append(
                cost_case_study(
                    study,
                    database=database,
                    deflators=deflators,
                    price_year=case.price_year if price_year is None else price_year,
                    place=case.place,
                    field=f"case_studies[{index}]",
                )
            )
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems, context=f"cannot cost the case studies of {case.name!r}")
    return tuple(out)


def case_warnings(
    case: BusinessCase, *, unit_costs: UnitCostDatabase | None = None
) -> list[Problem]:
    """:meth:`BusinessCase.warnings <placebudget.model.BusinessCase.warnings>` and what
    only the unit cost database can tell: a fiscal value from a Unit Cost Database line
    whose agency is another kind of partner than the one it is charged to (a prison's
    cost charged to probation), and a code whose meaning differs between the edition the
    case was written for and the database it is run against
    (:func:`placebudget.engine.edition_warnings`). Lines whose agency is several
    (``Multiple``, ``Criminal Justice System``) are not checked; unknown codes are
    errors, not warnings.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from placebudget.examples import example_path
    >>> from placebudget.io import load_case
    >>> text = example_path("west_cheshire").read_text().replace(  # police's cost
    ...     'police = { amount = "ucd:CR2.0.3"', 'probation = { amount = "ucd:CR2.0.3"')
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "case.toml"
    >>> _ = path.write_text(text)
    >>> for warning in case_warnings(load_case(path)):
    ...     if "is a cost to" in warning.message:
    ...         print(warning.name)
    ...         print(warning.message[:62])
    domestic_abuse › repeat_domestic_abuse › fiscal › probation
    ucd:CR2.0.3 is a cost to Police (a police partner), charged he
    """
    from placebudget.engine._inputs import case_database
    from placebudget.engine.editions import edition_warnings

    database = unit_costs if unit_costs is not None else case_database(case)
    return case.warnings() + agency_warnings(case, database) + edition_warnings(case, database)


def agency_warnings(case: BusinessCase, database: Mapping[str, UnitCost]) -> list[Problem]:
    """The warnings of :func:`case_warnings` that need the unit cost database: each
    fiscal value from a line whose agency is another kind of partner than the one it is
    charged to."""
    from placebudget.model import case_names, named

    kinds = {p.id: p.kind for p in case.place.partners}
    problems: list[Problem] = []
    for i, intervention in enumerate(case.interventions):
        for j, effect in enumerate(intervention.effects):
            for partner, value in effect.fiscal.items():
                code = value.code
                if code is None:
                    continue
                try:
                    line = contact_line(str(value.amount), database)
                except ValidationError:  # unknown codes are errors, not warnings
                    continue
                agency = line.agency
                kind = AGENCY_PARTNER_KINDS.get(_key(agency))
                if kind is None or kinds.get(partner) in (None, kind):
                    continue
                problems.append(
                    Problem(
                        f"interventions[{i}].effects[{j}].fiscal[{partner!r}]",
                        f"{value.amount} is a cost to {' '.join(agency.split())} "
                        f"(a {kind} partner), "
                        f"charged here to {partner} (a {kinds[partner]} partner): check it is "
                        "the partner that bears it",
                        str(value.amount),
                    )
                )
    return named(problems, case_names(case))
