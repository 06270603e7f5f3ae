"""Green Book results of an appraisal beside the headline: each intervention's own
results, cost per unit of outcome, the risk register, capital optimism bias at each
mitigation, the costs of raising public funds (METB) as a sensitivity, distributional
weights at other values of η, benefits before and after interactions, and the ranking of
options.

Each function takes an :class:`~placebudget.engine.Appraisal` of one projection
(no ``draw`` or ``place`` dimension) and returns a pandas DataFrame.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from placebudget.engine import dims as D
from placebudget.engine._appraisal_core import appraise_arrays
from placebudget.engine._by_intervention import _with, by_intervention, cost_per_outcome
from placebudget.engine._core import one_outcome_arrays, project_arrays
from placebudget.engine.appraisal import Appraisal
from placebudget.errors import ValidationError
from placebudget.figures import figure, headline, ratio
from placebudget.model import vfm_category
from placebudget.model.green_book import check_mitigation
from placebudget.reference import metb_rate

__all__ = [
    "MITIGATION_LEVELS",
    "OPTION_METRICS",
    "by_intervention",
    "case_metb",
    "compare_options",
    "cost_per_outcome",
    "distributional_sensitivity",
    "interactions",
    "metb_cost",
    "metb_sensitivity",
    "mitigation_table",
    "risk_register",
    "tables",
    "value_for_money",
]

#: Mitigation levels of the capital optimism bias table in every report.
MITIGATION_LEVELS: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)

#: Metrics options can be ranked by (higher is better for each).
OPTION_METRICS: tuple[str, ...] = (
    "nppv",
    "bcr",
    "npbi",
    "fiscal_roi",
    "nppv_weighted",
    "nppv_risk_adjusted",
)


def risk_register(result: Appraisal) -> pd.DataFrame:
    """Per risk: the partner bearing it, its probability, the PV of its cost if it
    happens and of its expected cost (probability × cost); a last row ``total``."""
    projection = result.projection
    value = projection.input_values
    if not projection.has_input(D.RISK) or len(value(D.RISK)) == 0:
        return pd.DataFrame()
    pv = value(D.RISK_AMOUNT) @ projection.flows()[D.DISCOUNT_FACTOR]
    partners = value(D.PARTNER)[value(D.RISK_PARTNER).argmax(axis=1)]
    probability = value(D.RISK_PROBABILITY)
    frame = pd.DataFrame(
        {
            "partner": partners,
            "probability": probability,
            "pv_cost_if_it_happens": pv,
            "pv_expected_cost": probability * pv,
        },
        index=pd.Index(value(D.RISK), name=D.RISK),
    )
    total = pd.DataFrame(
        {
            "partner": [""],
            "probability": [np.nan],
            "pv_cost_if_it_happens": [pv.sum()],
            "pv_expected_cost": [float((probability * pv).sum())],
        },
        index=pd.Index(["total"], name=D.RISK),
    )
    return pd.concat([frame, total])


def _appraised(result: Appraisal, changed: dict[str, Any]) -> dict[str, np.ndarray]:
    """The metrics of the projection's inputs with ``changed`` in place of their own
    (with a leading axis of scenarios or none), projected under one outcome."""
    arrays = one_outcome_arrays({**result.projection.core_inputs(), **changed})
    with np.errstate(over="ignore", invalid="ignore"):
        return appraise_arrays(
            project_arrays(arrays, detail=False),
            result.projection.years,
            paybacks=False,
            annuity=result.projection.attrs.get("annuity", "due"),
        )


def _headline(metrics: dict[str, np.ndarray], size: int) -> dict[str, np.ndarray]:
    # a figure the scenarios do not change (the benefits) has no scenario axis
    return {
        name: np.broadcast_to(metrics[name], (size,))
        for name in ("pv_cost", "pv_public", "npbi", "nppv", "bcr")
    }


def mitigation_table(
    result: Appraisal, levels: tuple[float, ...] = MITIGATION_LEVELS
) -> pd.DataFrame:
    """The headline at each mitigation of the capital optimism bias of the lines that
    name a project type (each line's uplift ``upper × (1 − mitigation)``; every other
    line as the case gives it), projected again in one pass: mitigation, the uplift of
    each such line, PV cost, NPBI, NPPV, BCR and its category. Empty when no line names
    a project type.

    Raises
    ------
    placebudget.errors.ValidationError
        A level is not a mitigation from 0 to 1 (naming ``levels[k]`` and the range).

    Examples
    --------
    >>> import attrs, placebudget as pb
    >>> from placebudget.testing import example_case
    >>> case = example_case()
    >>> line = attrs.evolve(case.interventions[0].costs[0], kind="capital", confidence=None,
    ...                     optimism_bias=None, project_type="standard_buildings")
    >>> case = attrs.evolve(case, interventions=[attrs.evolve(case.interventions[0],
    ...                     costs=[line, *case.interventions[0].costs[1:]])])
    >>> table = mitigation_table(pb.project(case).appraise())
    >>> table["uplift"].round(2).tolist()
    [0.24, 0.18, 0.12, 0.06, 0.0]
    """
    for k, given in enumerate(levels):
        check_mitigation(f"levels[{k}]", given)
    projection = result.projection
    upper = projection.input_values(D.LINE_OB_UPPER)
    typed = ~np.isnan(upper)
    if not typed.any():
        return pd.DataFrame()
    level = np.asarray(levels, dtype=float)[:, None]  # (mitigation, cost line)
    bias = np.where(typed, upper * (1 - level), projection.input_values(D.COST_OPTIMISM_BIAS))
    metrics = _appraised(result, {D.COST_OPTIMISM_BIAS: bias})
    frame = pd.DataFrame({"mitigation": levels, **_headline(metrics, len(levels))})
    uplifts = upper[typed][None, :] * (1 - np.asarray(levels))[:, None]
    frame.insert(1, "uplift", uplifts.mean(axis=1))
    frame["vfm_category"] = [vfm_category(b) for b in frame["bcr"]]
    return frame.set_index("mitigation")


def metb_cost(result: Appraisal, rate: float) -> float:
    """The costs of raising public funds at ``rate``: ``rate × (pv_cost − pv_cashable)``,
    the net cost to the exchequer (negative when cashable savings exceed the cost)."""
    return rate * (result.pv_cost - result.pv_cashable)


def metb_sensitivity(result: Appraisal, rate: float | None) -> pd.DataFrame:
    """The costs of raising public funds as a sensitivity, never in the headline: the
    net cost to the exchequer (``pv_cost − pv_cashable``: only cashable savings reduce
    what taxes must raise) × ``rate`` is added to the costs, and NPPV, BCR and its
    category shown without and with it. Empty without a rate.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> table = metb_sensitivity(pb.project(example_case()).appraise(), 0.2)
    >>> float(table.loc["with METB", "metb_cost"].round(2))  # cashable savings exceed cost
    -71984.23
    """
    if rate is None:
        return pd.DataFrame()
    metb = metb_cost(result, rate)
    rows = {
        "as appraised": (0.0, 0.0, result.pv_cost),
        "with METB": (rate, metb, result.pv_cost + metb),
    }
    frame = pd.DataFrame(rows, index=["metb_rate", "metb_cost", "pv_cost"]).T
    frame["pv_public"] = result.pv_public
    frame = _with(frame, "nppv", "bcr").drop(columns="pv_public")
    frame["vfm_category"] = [vfm_category(b) for b in frame["bcr"]]
    frame.index.name = "scenario"
    return frame


def distributional_sensitivity(result: Appraisal) -> pd.DataFrame:
    """With distributional weights, the weighted public value at each η of the case's
    ``sensitivity`` (and its own): η, PV public value weighted, NPPV weighted, BCR
    weighted and its category, beside the unweighted. Empty without weights."""
    case = result.projection.case
    weights = case.distributional_weights if case is not None else None
    if case is None or weights is None:
        return pd.DataFrame()
    table = by_intervention(result).drop(index="total")
    etas = sorted({*weights.sensitivity, weights.eta})
    rows = []
    for eta in etas:
        w = np.array(
            [weights.weight(float(i.cohort.income or 0.0), eta) for i in case.interventions]
        )
        found = headline(
            {
                "pv_fiscal": table["pv_fiscal"].to_numpy(),
                "pv_transfers": table["pv_transfers"].to_numpy(),
                "pv_weighted_benefit": w * (table["pv_economic"] + table["pv_social"]).to_numpy(),
            },
            only=["pv_public_weighted"],
        )
        place = headline(
            {
                "pv_public_weighted": float(found["pv_public_weighted"].sum()),
                "pv_cost": result.pv_cost,
            },
            only=["nppv_weighted", "bcr_weighted"],
        )
        bcr = float(place["bcr_weighted"])
        rows.append(
            (
                eta,
                place["pv_public_weighted"],
                float(place["nppv_weighted"]),
                bcr,
                vfm_category(bcr),
            )
        )
    frame = pd.DataFrame(
        rows, columns=["eta", "pv_public_weighted", "nppv_weighted", "bcr_weighted", "vfm_category"]
    ).set_index("eta")
    frame["pv_public_unweighted"] = result.pv_public
    return frame


def interactions(result: Appraisal) -> pd.DataFrame:
    """With interactions, the benefits before and after them: the projection again with
    no overlap and no adjustment beside the case's, and the change. Empty without
    interactions. Rows: ``before interactions``, ``after interactions``, ``change``;
    columns: PV fiscal, social and public value, NPPV and BCR."""
    case = result.projection.case
    if case is None or not case.interactions:
        return pd.DataFrame()
    inputs = result.projection.core_inputs()
    before = _appraised(
        result,
        {name: inputs[name][:0] for name in (D.PAIR_FIRST, D.PAIR_SECOND, D.PAIR_OVERLAP)}
        | {D.EFFECT_ADJUSTMENT: np.ones_like(inputs[D.EFFECT_ADJUSTMENT])},
    )
    names = ("pv_fiscal", "pv_social", "pv_public", "nppv", "bcr")
    frame = pd.DataFrame(
        {
            "before interactions": {n: float(before[n]) for n in names},
            "after interactions": {n: float(getattr(result, n)) for n in names},
        }
    ).T
    frame.loc["change"] = frame.iloc[1] - frame.iloc[0]
    frame.index.name = "benefits"
    return frame


def compare_options(
    options: Mapping[str, Appraisal], *, metric: str = "nppv", do_minimum: str | None = None
) -> pd.DataFrame:
    """Rank options (appraisals of alternative cases) by ``metric`` (NPPV by default;
    higher is better), naming the preferred option and the do-minimum (``do_minimum``,
    else the option with the lowest PV cost), with each option's VfM category and its
    switching value against the preferred (``pv_switching_value``): the rise in its PV
    public value (for a fiscal metric, its PV fiscal benefit) that would make it as good
    as the preferred on ``metric``, and that rise as a share of the value
    (``switching_share``).

    Raises
    ------
    placebudget.errors.ValidationError
        Fewer than two options, an unknown metric or an unknown do-minimum.

    Examples
    --------
    >>> import attrs, placebudget as pb
    >>> from placebudget.testing import example_case
    >>> case = example_case()
    >>> smaller = attrs.evolve(case, interventions=[attrs.evolve(
    ...     case.interventions[0], engagement=0.4)])
    >>> table = compare_options({"full": pb.project(case).appraise(),
    ...                          "smaller": pb.project(smaller).appraise()},
    ...                         do_minimum="smaller")
    >>> table[["rank", "preferred", "do_minimum", "vfm_category"]]  # doctest: +NORMALIZE_WHITESPACE
             rank  preferred  do_minimum vfm_category
    option
    full        1       True       False       medium
    smaller     2      False        True          poor
    """
    if len(options) < 2:
        raise ValidationError.single(
            path="options", message="needs at least two options to compare", value=list(options)
        )
    figure(metric, among=OPTION_METRICS, what="metric")
    if do_minimum is not None and do_minimum not in options:
        raise ValidationError.single(
            path="do_minimum",
            message=f"must name one of the options ({', '.join(options)})",
            value=do_minimum,
        )
    frame = pd.DataFrame(
        {
            name: {
                figure: getattr(a, figure)
                for figure in ("pv_cost", "pv_fiscal", "pv_public", *OPTION_METRICS)
            }
            for name, a in options.items()
        }
    ).T
    frame.index.name = "option"
    frame["vfm_category"] = [vfm_category(b) for b in frame["bcr"]]
    frame["rank"] = (
        frame[metric].rank(ascending=False, method="min", na_option="bottom").astype(int)
    )
    preferred = str(frame[metric].astype(float).idxmax())
    minimum = do_minimum or str(frame["pv_cost"].astype(float).idxmin())
    frame["preferred"] = frame.index == preferred
    frame["do_minimum"] = frame.index == minimum
    best = frame.loc[preferred]
    benefit = "pv_fiscal" if metric in ("npbi", "fiscal_roi") else "pv_public"
    if metric in ("bcr", "fiscal_roi"):
        gap = (best[metric] - frame[metric]) * frame["pv_cost"]
    else:
        gap = best[metric] - frame[metric]
    frame["pv_switching_value"] = gap.astype(float)
    frame["switching_share"] = ratio(frame["pv_switching_value"], frame[benefit])
    frame.attrs = {"metric": metric, "preferred": preferred, "do_minimum": minimum}
    return frame.sort_values("rank", kind="stable")


def case_metb(result: Appraisal) -> float | None:
    """The METB rate the case's reports show as a sensitivity: the case's, else its Green
    Book edition's (none for 2026)."""
    case = result.projection.case
    if case is None:
        return None
    return case.metb if case.metb is not None else metb_rate(case.green_book)


def value_for_money(result: Appraisal) -> pd.DataFrame:
    """The value-for-money category of the BCR as appraised and, where the case has
    them, risk-adjusted, distributionally weighted (beside, never instead of, the
    unweighted) and with the costs of raising public funds (a sensitivity): PV cost, PV
    public value, NPPV, BCR and its category (DfT/MHCLG), by ``basis``."""
    case = result.projection.case
    rows = {"as appraised": (result.pv_cost, result.pv_public)}
    if case is not None and case.risks:
        rows["risk-adjusted (expected cost of the risk register added)"] = (
            result.pv_cost_risk_adjusted,
            result.pv_public,
        )
    if case is not None and case.distributional_weights is not None:
        rows[f"distributionally weighted (eta {case.distributional_weights.eta:g})"] = (
            result.pv_cost,
            result.pv_public_weighted,
        )
    rate = case_metb(result)
    if rate is not None:
        rows[f"sensitivity: METB at {rate:.0%} of the net cost to the exchequer"] = (
            result.pv_cost + metb_cost(result, rate),
            result.pv_public,
        )
    rows |= discounting_sensitivity(result)
    frame = _with(pd.DataFrame(rows, index=["pv_cost", "pv_public"]).T, "nppv", "bcr")
    frame["vfm_category"] = [vfm_category(b) for b in frame["bcr"]]
    frame.index.name = "basis"
    return frame


#: The basis of the value-for-money row at the constant 3.0 % of the 2026 review.
REVIEW_BASIS = "sensitivity: flat 3.0 % (HM Treasury 2026 discount rate review; not policy)"
#: The basis of the low long-term rate row of a horizon over 50 years.
LOW_RATE_BASIS = "sensitivity: low long-term rate, 3.0 % declining (over 50 years)"
#: The basis of the row with health values at the case's schedule.
HEALTH_OFF_BASIS = "sensitivity: health values at the case's rate, not 1.5 %"


def discounting_sensitivity(result: Appraisal) -> dict[str, tuple[float, float]]:
    """PV cost and PV public value under other discounting, by basis: health values at
    the case's schedule (when the case discounts some at the health rate), the low
    long-term rate (``reduced``) when the horizon is over 50 years
    (:data:`~placebudget.model.LONG_HORIZON`), and the constant 3.0 % of the 2026
    review (``review-2026-3pc``). Health values keep the health rate under the other
    schedules. The projection's flows are discounted again, not projected again."""
    from placebudget.model import LONG_HORIZON
    from placebudget.reference import discount_schedule

    projection = result.projection
    flows = projection.flows()
    years = np.asarray(projection.years)
    n = len(years)

    def appraised(**factors: Any) -> tuple[float, float]:
        found = appraise_arrays({**flows, **factors}, years, paybacks=False)
        return float(found["pv_cost"]), float(found["pv_public"])

    rows: dict[str, tuple[float, float]] = {}
    if projection.attrs.get("health_discounting"):
        rows[HEALTH_OFF_BASIS] = appraised(**{D.HEALTH_DISCOUNT_FACTOR: flows[D.DISCOUNT_FACTOR]})
    if n > LONG_HORIZON:
        rows[LOW_RATE_BASIS] = appraised(
            **{D.DISCOUNT_FACTOR: discount_schedule("reduced").factors(n)}
        )
    rows[REVIEW_BASIS] = appraised(
        **{D.DISCOUNT_FACTOR: discount_schedule("review-2026-3pc").factors(n)}
    )
    return rows


def tables(result: Appraisal) -> dict[str, pd.DataFrame]:
    """The Green Book tables of a case, each only when the case has what it shows:
    ``value_for_money``, ``interventions`` (each intervention's results) and
    ``cost_per_outcome`` always; ``risks`` (the register), ``capital_optimism_bias``
    (results at each mitigation), ``distributional_weights`` (at other values of eta)
    and ``interactions`` (benefits before and after)."""
    found = {
        "value_for_money": value_for_money(result),
        "interventions": by_intervention(result),
        "cost_per_outcome": cost_per_outcome(result),
    }
    optional = {
        "risks": risk_register(result),
        "capital_optimism_bias": mitigation_table(result),
        "distributional_weights": distributional_sensitivity(result),
        "interactions": interactions(result),
    }
    return found | {name: frame for name, frame in optional.items() if not frame.empty}
