"""The benefits that fall after the appraisal's last year, for one projection
(:func:`beyond_horizon`): what the horizon cuts off, shown in every report's assumptions
and never added to the headline (``docs/method.md``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine._core import beyond_horizon_arrays, beyond_horizon_years
from placebudget.figures import BEYOND_HORIZON, headline

if TYPE_CHECKING:
    from placebudget.engine._projection_base import ProjectionBase

__all__ = ["beyond_horizon", "discount_after"]


def discount_after(projection: ProjectionBase, extra_years: int) -> np.ndarray[Any, Any]:
    """The discount factors of the ``extra_years`` years after the horizon's last: the
    schedule the projection was discounted with, continued (the case's, or the one its
    inputs name), from its last year's factor. Without either, the last year's rate is
    held."""
    from placebudget.reference import discount_schedule

    factors = np.asarray(projection.input_values(D.DISCOUNT_FACTOR), dtype=float)
    n = factors.shape[-1]
    if extra_years == 0:
        return np.zeros(0)
    named = projection.case.discounting if projection.case is not None else None
    schedule = None
    if named is not None and not isinstance(named, str):  # a schedule given in full
        schedule = named
    else:
        try:
            schedule = discount_schedule(str(named or projection.attrs.get("discounting", "")))
        except LookupError:
            schedule = None
    if schedule is not None:
        full = schedule.factors(n + extra_years)
        return np.asarray(factors[-1] * full[n:] / full[n - 1], dtype=float)
    step = factors[-1] / factors[-2] if n > 1 else 1.0
    return np.asarray(factors[-1] * step ** np.arange(1, extra_years + 1), dtype=float)


def _health_after(a: Any, extra_years: int) -> np.ndarray[Any, Any] | None:
    """The health discount factors of the ``extra_years`` years after the horizon's last
    (the health schedule continued from the last year's factor), when the inputs discount
    health values apart; else ``None``."""
    from placebudget.reference import HEALTH_SCHEDULE, discount_schedule

    if D.HEALTH_DISCOUNT_FACTOR not in a or extra_years == 0:
        return None
    factors = np.asarray(a[D.HEALTH_DISCOUNT_FACTOR], dtype=float)
    n = factors.shape[-1]
    full = discount_schedule(HEALTH_SCHEDULE).factors(n + extra_years)
    return np.asarray(factors[..., -1:] * full[n:] / full[n - 1], dtype=float)


def beyond_horizon(projection: ProjectionBase, npbi: float, nppv: float) -> dict[str, Any]:
    """The figures of ``placebudget.figures.BEYOND_HORIZON`` for a single projection
    (no draw or place dimension) whose appraisal's NPBI and NPPV are ``npbi`` and
    ``nppv``: each a float, ``partner_fiscal_beyond_horizon`` an array by partner."""
    a = projection.core_inputs()
    extra_years = beyond_horizon_years(a)
    after = discount_after(projection, extra_years)
    health_after = _health_after(a, extra_years)
    with np.errstate(over="ignore", invalid="ignore"):  # as the projection's figures
        found = beyond_horizon_arrays(a, after, health_after)
    partner = np.asarray(found["fiscal_beyond_horizon"], dtype=float)
    values: dict[str, Any] = {
        "fiscal_beyond_horizon": float(partner.sum()),
        "partner_fiscal_beyond_horizon": partner,
        "transfers_beyond_horizon": float(np.sum(found["transfers_beyond_horizon"])),
        "economic_beyond_horizon": float(found["economic_beyond_horizon"]),
        "social_beyond_horizon": float(found["social_beyond_horizon"]),
        "npbi": npbi,
        "nppv": nppv,
    }
    derived = headline(values, only=BEYOND_HORIZON)
    return {
        name: derived[name] if name == "partner_fiscal_beyond_horizon" else float(derived[name])
        for name in BEYOND_HORIZON
    }
