"""What every explanation shares: :class:`Explanation`, the figure asked for as parsed,
and an agreement figure's title."""

from __future__ import annotations

import attrs
import pandas as pd

from placebudget.figures import FIGURES as CATALOGUE

#: The payback years: the case's, a partner's, and a partner's under an agreement option.
_PAYBACK_YEARS = ("payback_year", "discounted_payback_year")


@attrs.frozen(kw_only=True)
class Explanation:
    """How one figure was computed."""

    figure: str
    """The figure asked for (``npbi``, ``by_partner.police.pv_fiscal``)."""
    label: str
    """Its name in words."""
    value: float
    """Its value, as the appraisal gives it."""
    unit: str
    """``"GBP"`` or ``"ratio"``."""
    formula: str
    """The formula with the figures put in."""
    tables: tuple[tuple[str, pd.DataFrame], ...] = attrs.field(repr=False)
    """Titled tables: by year, by effect or cost line, the rates, the sources."""
    notes: tuple[str, ...] = ()
    """What the tables leave out or assume."""


@attrs.frozen
class _Asked:
    """A figure's name, parsed: what kind of figure, and of which option and partner."""

    kind: str  # "headline", "partner", "payback", "agreement"
    name: str
    partner: str | None
    option: str | None
    label: str


def _title(name: str) -> str:
    """An agreement figure's title (a partner's net position and ROI by the catalogue's
    partner metrics)."""
    return CATALOGUE[{"net": "partner_net", "roi": "partner_roi"}.get(name, name)].title
