"""Synthetic business cases of a chosen size, and the numpy floor of the engine."""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

import placebudget as pb

KINDS = ("local_authority", "nhs", "police", "dwp", "probation", "education", "housing")


def synthetic_case(
    partners: int, years: int, outcomes: int, effects_per_intervention: int = 30
) -> pb.BusinessCase:
    """``outcomes`` effects over ``outcomes / effects_per_intervention`` interventions,
    each effect valued for three partners, each intervention costed to two."""
    rng = np.random.default_rng(42)
    place = pb.Place(
        id="bench",
        name="Benchmark place",
        partners=[
            pb.Partner(
                id=f"p{i}",
                name=f"Partner {i}",
                kind=KINDS[i % len(KINDS)],
                department=f"Department {i % 5}",
            )
            for i in range(partners)
        ],
    )
    interventions = []
    n_interventions = max(1, outcomes // effects_per_intervention)
    for i in range(n_interventions):
        effects = []
        for j in range(effects_per_intervention):
            o = i * effects_per_intervention + j
            if o >= outcomes:
                break
            fiscal = {
                f"p{(o + k) % partners}": pb.UnitValue(
                    f"{rng.uniform(50, 5000):.2f} GBP/incident", price_year=2015, cashable=0.5
                )
                for k in range(min(3, partners))
            }
            effects.append(
                pb.Effect(
                    outcome=f"o{o}",
                    unit="incident",
                    baseline=float(rng.uniform(0.1, 2)),
                    impact=float(rng.uniform(0.05, 0.4)),
                    deadweight=0.2,
                    lag=int(o % 2),
                    duration=3,
                    drop_off=0.2,
                    confidence=int(1 + o % 6),
                    fiscal=fiscal,
                )
            )
        costs = [
            pb.CostLine(
                partner=f"p{(i + k) % partners}",
                price_year=2015,
                per_participant="800 GBP/person",
                confidence=3,
            )
            for k in range(min(2, partners))
        ]
        interventions.append(
            pb.Intervention(
                id=f"i{i}",
                name=f"Intervention {i}",
                theme="bench",
                cohort=pb.Cohort(
                    id=f"c{i}",
                    unit="person",
                    intake={2015 + y: 100.0 for y in range(min(3, years))},
                ),
                engagement=0.8,
                effects=effects,
                costs=costs,
            )
        )
    return pb.BusinessCase(
        name="Benchmark",
        place=place,
        interventions=interventions,
        start_year=2015,
        horizon=years,
        price_year=2015,
    )


def numpy_floor(inputs: xr.Dataset) -> dict[str, Any]:
    """The projection arithmetic of the method (docs/method.md) written directly in numpy
    on the same input arrays: the floor placebudget's xarray engine is measured against."""
    a = {name: inputs[name].to_numpy() for name in inputs.data_vars}
    participants = a["intake"] * a["engagement"][:, None]  # (i, y)
    effect_participants = a["effect_intervention"] @ participants  # (e, y)
    rate = (
        a["baseline"]
        * a["impact"]
        * (1 - a["deadweight"])
        * (1 - a["displacement"])
        * a["attribution"]
        * (1 - a["benefit_optimism_bias"])
    )  # (e,)
    n_y = participants.shape[1]
    elapsed = np.arange(n_y)[:, None] - np.arange(n_y)[None, :]  # (y, k)
    since = elapsed[None, :, :] - a["lag"][:, None, None]  # (e, y, k)
    active = (since >= 0) & (since < a["duration"][:, None, None])
    decay = (1 - a["drop_off"])[:, None, None] ** np.clip(since, 0, None)
    profile = np.where(active, decay, 0.0)
    spread = np.einsum("eyk,ek->ey", profile, effect_participants, optimize=True)
    effect_volume = rate[:, None] * spread  # (e, y)
    volume = np.einsum("ey,eo->yo", effect_volume, a["effect_outcome"])
    fiscal = np.einsum(
        "ey,ep,eo->pyo", effect_volume, a["fiscal_value"], a["effect_outcome"], optimize=True
    )
    cashable = np.einsum(
        "ey,ep,eo->pyo",
        effect_volume,
        a["fiscal_value"] * a["cashable_share"],
        a["effect_outcome"],
        optimize=True,
    )
    line_participants = a["line_intervention"] @ participants  # (l, y)
    line_cost = (a["line_amount"] + a["line_per_participant"][:, None] * line_participants) * (
        1 + a["cost_optimism_bias"]
    )[:, None]
    cost = a["line_partner"].T @ line_cost  # (p, y)
    # the reactive cost as is: the whole intake, followed from intake to the last year of
    # each effect's benefit, × baseline × fiscal value
    followed = (
        (elapsed[None] >= 0) & (elapsed[None] < (a["lag"] + a["duration"])[:, None, None])
    ).astype(float)
    members = np.einsum(
        "eyk,ek->ey", followed, a["effect_intervention"] @ a["intake"], optimize=True
    )
    baseline_cost = np.einsum(
        "ey,ep,eo->pyo",
        members * a["baseline"][:, None],
        a["fiscal_value"],
        a["effect_outcome"],
        optimize=True,
    )
    return {
        "volume": volume,
        "fiscal": fiscal,
        "cashable": cashable,
        "cost": cost,
        "baseline_cost": baseline_cost,
    }


def numpy_floor_draws(inputs: xr.Dataset) -> dict[str, Any]:
    """:func:`numpy_floor` over a leading draw axis: rates ``(d, e)``, values
    ``(d, e, p)`` and costs ``(d, l, y)`` as :func:`placebudget.engine.sample_inputs`
    makes them."""

    def get(name: str, dims: tuple[str, ...]) -> Any:
        array = inputs[name]
        order = [d for d in ("draw", *dims) if d in array.dims]
        out = array.transpose(*order).to_numpy()
        return out if "draw" in array.dims else out[None, ...]

    participants = (
        get("intake", ("intervention", "year")) * get("engagement", ("intervention",))[..., None]
    )  # (1, i, y)
    effect_participants = np.einsum(
        "ei,diy->dey",
        get("effect_intervention", ("effect", "intervention"))[0],
        participants,
        optimize=True,
    )
    rate = (
        get("baseline", ("effect",))
        * get("impact", ("effect",))
        * (1 - get("deadweight", ("effect",)))
        * (1 - get("displacement", ("effect",)))
        * get("attribution", ("effect",))
        * (1 - get("benefit_optimism_bias", ("effect",)))
    )
    lag, duration = inputs["lag"].to_numpy(), inputs["duration"].to_numpy()
    n_y = participants.shape[-1]
    elapsed = np.arange(n_y)[:, None] - np.arange(n_y)[None, :]
    since = elapsed[None, :, :] - lag[:, None, None]
    active = (since >= 0) & (since < duration[:, None, None])
    drop = get("drop_off", ("effect",))[0]
    profile = np.where(active, (1 - drop)[:, None, None] ** np.clip(since, 0, None), 0.0)
    spread = np.einsum("eyk,dek->dey", profile, effect_participants, optimize=True)
    effect_volume = rate[..., None] * spread  # (d, e, y)
    outcome = inputs["effect_outcome"].to_numpy()
    value = get("fiscal_value", ("effect", "partner"))
    volume = np.einsum("dey,eo->dyo", effect_volume, outcome, optimize=True)
    fiscal = np.einsum("dey,dep,eo->dpyo", effect_volume, value, outcome, optimize=True)
    cashable = np.einsum(
        "dey,dep,eo->dpyo",
        effect_volume,
        value * inputs["cashable_share"].to_numpy()[None],
        outcome,
        optimize=True,
    )
    economic = np.einsum(
        "dey,de,eo->dyo", effect_volume, get("economic_value", ("effect",)), outcome, optimize=True
    )
    social = np.einsum(
        "dey,de,eo->dyo", effect_volume, get("social_value", ("effect",)), outcome, optimize=True
    )
    line_participants = np.einsum(
        "li,diy->dly", inputs["line_intervention"].to_numpy(), participants, optimize=True
    )
    line_cost = (
        get("line_amount", ("cost_line", "year"))
        + get("line_per_participant", ("cost_line",))[..., None] * line_participants
    ) * (1 + inputs["cost_optimism_bias"].to_numpy())[None, :, None]
    cost = np.einsum("lp,dly->dpy", inputs["line_partner"].to_numpy(), line_cost, optimize=True)
    followed = ((elapsed[None] >= 0) & (elapsed[None] < (lag + duration)[:, None, None])).astype(
        float
    )
    cohort = np.einsum(
        "ei,diy->dey",
        get("effect_intervention", ("effect", "intervention"))[0],
        get("intake", ("intervention", "year")),
        optimize=True,
    )
    members = np.einsum("eyk,dek->dey", followed, cohort, optimize=True)
    baseline_cost = np.einsum(
        "dey,dep,eo->dpyo",
        members * get("baseline", ("effect",))[..., None],
        value,
        outcome,
        optimize=True,
    )
    return {
        "volume": volume,
        "fiscal": fiscal,
        "cashable": cashable,
        "economic": economic,
        "social": social,
        "cost": cost,
        "baseline_cost": baseline_cost,
    }
