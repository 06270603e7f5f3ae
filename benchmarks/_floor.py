"""An end-to-end floor written apart from the engine: from the case objects to the
present values a user reads, in plain Python over effects and cost lines and numpy over
years, using the case's sparsity (each effect feeds one outcome and a few partners).

It covers what :func:`benchmarks._cases.synthetic_case` builds — values and costs priced
at the case's price year, no risks, interactions, reinvestment, distributional weights
or capital lines — and refuses anything else rather than approximate it. It calls no
function of ``placebudget.engine``: only the reference tables (discount schedule,
optimism bias by grade) and the default spread by grade are read from the library.
:func:`draws_floor` is the same for the Monte Carlo summary, with draws of its own."""

from __future__ import annotations

from typing import Any

import numpy as np

import placebudget as pb
from placebudget.model import GradeSpread
from placebudget.reference import discount_schedule, optimism_bias_table


def _magnitude(quantity: Any) -> float:
    return float(quantity.magnitude)


def _spread(
    effect: pb.Effect, people: np.ndarray[Any, Any], grade_bias: float, n: int
) -> tuple[float, np.ndarray[Any, Any]]:
    """The effect's net rate without its baseline and impact, and its participants
    spread over the years by its profile (lag, duration, drop-off)."""
    since = np.arange(n) - effect.lag
    profile = np.where(
        (since >= 0) & (since < effect.duration),
        (1 - effect.drop_off) ** np.clip(since, 0, None),
        0.0,
    )
    other = (
        (1 - effect.deadweight) * (1 - effect.displacement) * effect.attribution * (1 - grade_bias)
    )
    return other, np.convolve(people, profile)[:n]


def _line_cost(
    case: pb.BusinessCase, line: pb.CostLine, bias: Any, years: Any, people: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """A revenue line's cost by year after optimism bias."""
    if line.kind != "revenue" or line.price_year != case.price_year:
        msg = "the floor covers revenue lines priced at the case's price year"
        raise ValueError(msg)
    line_bias = line.optimism_bias if line.optimism_bias is not None else bias.rate(line.confidence)
    flow = np.array([float(line.amounts.get(int(y), 0.0)) for y in years])
    if line.per_participant is not None:
        flow = flow + _magnitude(line.per_participant) * people
    return (1 + line_bias) * flow


def _effect_bias(effect: pb.Effect, bias: Any) -> float:
    return float(
        effect.optimism_bias if effect.optimism_bias is not None else bias.rate(effect.confidence)
    )


def case_floor(case: pb.BusinessCase) -> dict[str, Any]:
    """The yearly ``fiscal`` benefit and ``cost`` by partner ``(partner, year)`` and their
    present values, ``pv_cost`` and ``pv_fiscal`` in total and by partner
    (``partner_pv_cost``, ``partner_pv_fiscal``), partners in the place's order."""
    if (
        case.risks
        or case.interactions
        or case.reinvestment is not None
        or case.distributional_weights is not None
    ):
        msg = "the floor covers cases without risks, interactions, reinvestment or weights"
        raise ValueError(msg)
    n = case.horizon
    years = np.arange(case.start_year, case.start_year + n)
    factors = discount_schedule(case.discounting).factors(n)
    bias = optimism_bias_table(case.optimism_bias)
    partners = {p.id: k for k, p in enumerate(case.place.partners)}
    fiscal = np.zeros((len(partners), n))
    cost = np.zeros((len(partners), n))
    for intervention in case.interventions:
        intake = np.array([float(intervention.cohort.intake.get(int(y), 0.0)) for y in years])
        people = intake * intervention.engagement
        for effect in intervention.effects:
            other, spread = _spread(effect, people, _effect_bias(effect, bias), n)
            volume = effect.baseline * effect.impact * other * spread  # units changed by year
            for partner, value in effect.fiscal.items():
                if value.price_year not in (None, case.price_year):
                    msg = "the floor covers values priced at the case's price year"
                    raise ValueError(msg)
                fiscal[partners[partner]] += volume * _magnitude(value.amount)
        for line in intervention.costs:
            cost[partners[line.partner]] += _line_cost(case, line, bias, years, people)
    partner_cost, partner_fiscal = cost @ factors, fiscal @ factors
    return {
        "fiscal": fiscal,
        "cost": cost,
        "pv_cost": float(partner_cost.sum()),
        "pv_fiscal": float(partner_fiscal.sum()),
        "partner_pv_cost": partner_cost,
        "partner_pv_fiscal": partner_fiscal,
    }


def _lognormal(
    rng: np.random.Generator, mean: np.ndarray[Any, Any], cv: np.ndarray[Any, Any], draws: int
) -> np.ndarray[Any, Any]:
    """Draws of log-normals with the given means and coefficients of variation."""
    sigma2 = np.log1p(cv**2)
    return rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), (draws, len(mean)))


def _beta(
    rng: np.random.Generator, mean: np.ndarray[Any, Any], cv: np.ndarray[Any, Any], draws: int
) -> np.ndarray[Any, Any]:
    """Draws of betas on [0, 1] with the given means and coefficients of variation."""
    variance = np.minimum((cv * mean) ** 2, 0.9 * mean * (1 - mean))
    k = mean * (1 - mean) / variance - 1
    return rng.beta(mean * k, (1 - mean) * k, (draws, len(mean)))


def draws_floor(
    case: pb.BusinessCase, draws: int, seed: int, *, spread: bool = True
) -> dict[str, Any]:
    """The Monte Carlo summary from the case objects, in numpy, for what
    :func:`benchmarks._cases.synthetic_case` builds: each effect's baseline (log-normal)
    and impact (beta), each fiscal value and each cost line (log-normal factors around 1)
    drawn with the spread of its evidence grade; every present value contracted over the
    years before anything is multiplied by the draws (the arithmetic is linear in each
    drawn input). Returns each draw's metrics and the summary (mean, sd, p5, p50, p95)
    of each. With ``spread=False`` every input is its point value."""
    if (
        case.risks
        or case.interactions
        or case.reinvestment is not None
        or case.distributional_weights is not None
        or case.uncertainty
    ):
        msg = "the floor covers synthetic cases with no risks, interactions or uncertainty"
        raise ValueError(msg)
    rng = np.random.default_rng(seed)
    cvs = GradeSpread.default() if spread else None
    n = case.horizon
    years = np.arange(case.start_year, case.start_year + n)
    factors = discount_schedule(case.discounting).factors(n)
    bias = optimism_bias_table(case.optimism_bias)
    partners = {p.id: k for k, p in enumerate(case.place.partners)}
    tau = np.arange(n)
    since_intake = tau[:, None] - tau[None, :]  # (year, intake year)
    rows: dict[str, list[Any]] = {
        "base": [],
        "impact": [],
        "grade": [],
        "volume_pv": [],
        "members_pv": [],
        "other": [],
    }
    values: list[tuple[int, int, float, float]] = []  # (effect, partner, value, cashable)
    line_rows: list[tuple[int, float, int]] = []  # (partner, PV before bias × bias, grade)
    for intervention in case.interventions:
        intake = np.array([float(intervention.cohort.intake.get(int(y), 0.0)) for y in years])
        people = intake * intervention.engagement
        for effect in intervention.effects:
            other, reach = _spread(effect, people, _effect_bias(effect, bias), n)
            followed = ((since_intake >= 0) & (since_intake < effect.lag + effect.duration)).astype(
                float
            )
            e = len(rows["base"])
            rows["base"].append(effect.baseline)
            rows["impact"].append(effect.impact)
            rows["grade"].append(effect.confidence)
            rows["other"].append(other)
            rows["volume_pv"].append(float(reach @ factors))
            rows["members_pv"].append(float((followed @ intake) @ factors))
            for partner, value in effect.fiscal.items():
                if value.price_year not in (None, case.price_year):
                    msg = "the floor covers values priced at the case's price year"
                    raise ValueError(msg)
                values.append(
                    (e, partners[partner], _magnitude(value.amount), value.cashable_share)
                )
        for line in intervention.costs:
            line_rows.append(
                (
                    partners[line.partner],
                    float(_line_cost(case, line, bias, years, people) @ factors),
                    line.confidence,
                )
            )
    n_p = len(partners)

    def cv(grades: list[int]) -> np.ndarray[Any, Any]:
        return np.array([cvs.cv(g) if cvs else 0.0 for g in grades])

    base, impact = np.array(rows["base"]), np.array(rows["impact"])
    grades = rows["grade"]
    baseline = _lognormal(rng, base, cv(grades), draws) if spread else np.tile(base, (draws, 1))
    impacts = _beta(rng, impact, cv(grades), draws) if spread else np.tile(impact, (draws, 1))
    e_of, p_of, amount, cashable = (np.array(c) for c in zip(*values, strict=True))
    value_factor = (
        _lognormal(rng, np.ones(len(values)), cv([grades[k] for k in e_of]), draws)
        if spread
        else np.ones((draws, len(values)))
    )
    l_partner, l_pv, l_grade = (np.array(c) for c in zip(*line_rows, strict=True))
    line_factor = (
        _lognormal(rng, np.ones(len(line_rows)), cv(list(l_grade)), draws)
        if spread
        else np.ones((draws, len(line_rows)))
    )
    # per draw and value: units changed (PV) × the value drawn, added into partners
    volume_pv = baseline * impacts * np.array(rows["other"]) * np.array(rows["volume_pv"])
    money = value_factor * amount  # (draw, value)
    by_value = volume_pv[:, e_of] * money
    into = np.zeros((len(values), n_p))
    into[np.arange(len(values)), p_of] = 1.0
    partner_fiscal = by_value @ into
    partner_cashable = (by_value * cashable) @ into
    lines_into = np.zeros((len(line_rows), n_p))
    lines_into[np.arange(len(line_rows)), l_partner] = 1.0
    partner_cost = (line_factor * l_pv) @ lines_into
    baseline_pv = ((baseline * np.array(rows["members_pv"]))[:, e_of] * money).sum(axis=1)
    pv_cost, pv_fiscal = partner_cost.sum(axis=1), partner_fiscal.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        metrics = {
            "pv_cost": pv_cost,
            "pv_fiscal": pv_fiscal,
            "pv_cashable": partner_cashable.sum(axis=1),
            "npbi": pv_fiscal - pv_cost,
            "fiscal_roi": pv_fiscal / pv_cost,
            "pv_public": pv_fiscal,
            "nppv": pv_fiscal - pv_cost,
            "bcr": pv_fiscal / pv_cost,
            "pv_baseline_cost": baseline_pv,
            "partner_net": partner_fiscal - partner_cost,
            "partner_roi": np.where(partner_cost > 0, partner_fiscal / partner_cost, np.nan),
        }
    summary = {
        name: {
            "mean": float(np.mean(v)),
            "sd": float(np.std(v)),
            "p5": float(np.percentile(v, 5)),
            "p50": float(np.percentile(v, 50)),
            "p95": float(np.percentile(v, 95)),
        }
        for name, v in metrics.items()
        if v.ndim == 1
    }
    net = metrics["partner_net"]
    summary["by_partner"] = {
        "mean_net": net.mean(axis=0),
        "p5_net": np.percentile(net, 5, axis=0),
        "p95_net": np.percentile(net, 95, axis=0),
        "p_net_positive": (net > 0).mean(axis=0),
    }
    return {"metrics": metrics, "summary": summary}
