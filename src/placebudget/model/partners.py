"""Partners and places."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from placebudget.model.validation import (
    collecting,
    hint,
    identifier,
    instances_of,
    non_empty_text,
    one_of,
    optional,
    to_tuple,
    unique_ids,
    whole_within,
)

__all__ = [
    "MAX_POPULATION",
    "PARTNER_KINDS",
    "PARTNER_KIND_ALIASES",
    "PARTNER_KIND_DEPARTMENTS",
    "PARTNER_KIND_LABELS",
    "Partner",
    "Place",
    "unknown_partner",
]

#: The largest population a place may give (people): ten times the world's.
MAX_POPULATION = 80_000_000_000

#: The fixed vocabulary of partner kinds.
PARTNER_KINDS: tuple[str, ...] = (
    "local_authority",
    "nhs",
    "police",
    "fire",
    "probation",
    "courts",
    "prisons",
    "dwp",
    "hmrc",
    "education",
    "housing",
    "voluntary",
    "private",
    "central_government",
    "other",
)


#: Each partner kind as people write it (a table of partner kinds, an aggregate's rows).
PARTNER_KIND_LABELS: Mapping[str, str] = {
    "local_authority": "Local authority",
    "nhs": "NHS",
    "police": "Police",
    "fire": "Fire and rescue",
    "probation": "Probation",
    "courts": "Courts",
    "prisons": "Prisons",
    "dwp": "DWP (Jobcentre Plus)",
    "hmrc": "HMRC",
    "education": "Education",
    "housing": "Housing",
    "voluntary": "Voluntary sector",
    "private": "Private sector",
    "central_government": "Central government",
    "other": "Other",
}

#: Words people use for a partner kind, suggested when a case gives one as its kind.
PARTNER_KIND_ALIASES: Mapping[str, str] = {
    "council": "local_authority",
    "la": "local_authority",
    "borough": "local_authority",
    "county_council": "local_authority",
    "combined_authority": "local_authority",
    "ccg": "nhs",
    "icb": "nhs",
    "nhs_trust": "nhs",
    "health": "nhs",
    "hospital": "nhs",
    "constabulary": "police",
    "police_force": "police",
    "pcc": "police",
    "fire_service": "fire",
    "fire_and_rescue": "fire",
    "crc": "probation",
    "probation_service": "probation",
    "court": "courts",
    "cjs": "courts",
    "prison": "prisons",
    "hmpps": "prisons",
    "jobcentre": "dwp",
    "jobcentre_plus": "dwp",
    "school": "education",
    "schools": "education",
    "housing_association": "housing",
    "vcse": "voluntary",
    "charity": "voluntary",
    "voluntary_sector": "voluntary",
}


#: The government department a partner of each kind usually reports to (the default for
#: places built around a theme and for a new case file).
PARTNER_KIND_DEPARTMENTS: Mapping[str, str] = {
    "local_authority": "Ministry of Housing, Communities and Local Government",
    "nhs": "Department of Health and Social Care",
    "police": "Home Office",
    "fire": "Home Office",
    "probation": "Ministry of Justice",
    "courts": "Ministry of Justice",
    "prisons": "Ministry of Justice",
    "dwp": "Department for Work and Pensions",
    "hmrc": "HM Revenue and Customs",
    "education": "Department for Education",
}


def unknown_partner(partner: object, ids: Sequence[str]) -> str:
    """The message for a partner id the place does not have: the near miss, if any, and
    the ids it has.

    Examples
    --------
    >>> unknown_partner("NHS", ["council", "nhs"])
    "unknown partner (did you mean 'nhs'?) (known: council, nhs)"
    """
    return f"unknown partner{hint(partner, ids)} (known: {', '.join(ids)})"


@collecting
@attrs.frozen(kw_only=True)
class Partner:
    """An organisation in the place that pays costs or receives benefits.

    Examples
    --------
    >>> Partner(id="police", name="Greater Manchester Police", kind="police",
    ...         department="Home Office").kind
    'police'
    """

    id: str = attrs.field(validator=identifier)
    """Short id used everywhere else in the case (``"police"``)."""
    name: str = attrs.field(validator=non_empty_text)
    """Full name for reports."""
    kind: str = attrs.field(validator=one_of(PARTNER_KINDS, PARTNER_KIND_ALIASES))
    """One of ``placebudget.model.PARTNER_KINDS``."""
    department: str | None = attrs.field(default=None, validator=optional(non_empty_text))
    """National budget holder the partner maps to for aggregation (``"Home Office"``)."""


@collecting
@attrs.frozen(kw_only=True)
class Place:
    """An area whose public partners pool budgets.

    Examples
    --------
    >>> place = Place(id="wigan", name="Wigan", partners=[
    ...     Partner(id="council", name="Wigan Council", kind="local_authority")])
    >>> place.partner_ids
    ('council',)
    """

    id: str = attrs.field(validator=identifier)
    """Short id of the place (``"wigan"``)."""
    name: str = attrs.field(validator=non_empty_text)
    """Name for reports."""
    partners: tuple[Partner, ...] = attrs.field(
        converter=to_tuple, validator=[instances_of(Partner), unique_ids("partner")]
    )
    """The partners, with distinct ids."""
    population: int | None = attrs.field(
        default=None, validator=optional(whole_within(0, MAX_POPULATION))
    )
    """Resident population, if known (used to scale when aggregating places)."""

    @property
    def partner_ids(self) -> tuple[str, ...]:
        """Partner ids in the order given."""
        return tuple(p.id for p in self.partners)

    @property
    def partners_by_id(self) -> Mapping[str, Partner]:
        """Partners keyed by id."""
        return {p.id: p for p in self.partners}
