"""The report charts, drawn with matplotlib and returned as SVG text.

Each function of :data:`CHARTS` takes an :class:`~placebudget.engine.Appraisal`, each of
:data:`RESULT_CHARTS` the :class:`~placebudget.engine.Results` (Monte Carlo draws,
sensitivity, agreement options, evaluation), and returns a self-contained ``<svg>``
element for the HTML report (the docs use them too); :func:`png` draws one as a PNG
image for the Word report.
"""

from __future__ import annotations

import contextvars
import io
from typing import TYPE_CHECKING, Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine.appraisal import Appraisal
from placebudget.engine.settlement import Settlement
from placebudget.model import financial_year_label
from placebudget.report.outline import Names

if TYPE_CHECKING:
    from placebudget.engine.results import Results

__all__ = [
    "CHARTS",
    "RESULT_CHARTS",
    "as_is",
    "benefits_by_outcome",
    "benefits_by_partner",
    "cumulative",
    "forecast_and_actual",
    "money_flows",
    "partner_nets",
    "png",
    "s_curve",
    "svg",
    "tornado",
]

_COST, _BENEFIT, _NET = "#b2182b", "#2166ac", "#4d4d4d"
_REACTIVE, _REACTIVE_AFTER = "#d6604d", "#f4a582"


def _figure(width: float = 7.0, height: float = 3.6) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    return figure, figure.add_subplot()


#: While :func:`png` draws a chart, the figure is kept here instead of drawn as SVG.
_CAPTURED: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar(
    "placebudget_chart_capture", default=None
)


def _svg(figure: Any, label: str) -> str:
    captured = _CAPTURED.get()
    if captured is not None:
        captured.append(figure)
        return ""
    import matplotlib

    buffer = io.StringIO()
    # A fixed salt per chart makes the element ids (clip paths, markers) the same on
    # every run, so a report written twice from one case is byte for byte the same,
    # and unique between the charts of one page.
    with matplotlib.rc_context({"svg.hashsalt": f"placebudget-{label}"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    start = text.index("<svg")
    return text[start:].replace(
        "<svg ", f'<svg role="img" aria-label="{label}" class="chart" data-chart="{label}" ', 1
    )


def _money_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    def label(value: float, _: Any) -> str:
        sign = "-" if value < 0 else ""
        value = abs(value)
        if value >= 1e6:
            return f"{sign}£{value / 1e6:.1f}m"
        if value >= 1e3:
            return f"{sign}£{value / 1e3:.0f}k"
        return f"{sign}£{value:.0f}"

    axis.yaxis.set_major_formatter(FuncFormatter(label))
    axis.grid(axis="y", alpha=0.3)
    axis.spines[["top", "right"]].set_visible(False)


def _names(result: Appraisal) -> Names:
    return Names.of(result.projection.case)


def _wrapped(label: str, width: int = 16) -> str:
    """A name on a chart's axis, wrapped at spaces."""
    import textwrap

    return "\n".join(textwrap.wrap(label, width)) or label


def _partners(result: Appraisal, ids: Any) -> list[str]:
    names = _names(result)
    return [_wrapped(names.name("partner", str(p))) for p in ids]


def as_is(result: Appraisal) -> str:
    """What failure costs and who pays: each partner's reactive spend as is and with the
    programme against the proactive investment it makes (present values)."""
    table = result.as_is
    figure, axis = _figure()
    x = np.arange(len(table))
    width = 0.27
    axis.bar(
        x - width, table["reactive_as_is"], width, color=_REACTIVE, label="reactive spend as is"
    )
    axis.bar(
        x,
        table["reactive_with_programme"],
        width,
        color=_REACTIVE_AFTER,
        label="reactive spend with the programme",
    )
    axis.bar(x + width, table["investment"], width, color=_BENEFIT, label="proactive investment")
    axis.set_xticks(x, _partners(result, table.index), fontsize=7)
    axis.set_title("What failure costs today and who pays (PV)")
    axis.legend(frameon=False)
    _money_axis(axis)
    return _svg(figure, "as_is")


def cumulative(result: Appraisal) -> str:
    """Cumulative cost against cumulative fiscal benefit by year, with the payback point."""
    years = result.by_year
    figure, axis = _figure()
    x = years.index.to_numpy()
    axis.plot(x, np.cumsum(years["cost"]), marker="o", color=_COST, label="cumulative cost")
    axis.plot(
        x, np.cumsum(years["fiscal"]), marker="o", color=_BENEFIT, label="cumulative fiscal benefit"
    )
    if result.payback_year is not None:
        y = float(years["fiscal"].cumsum().loc[result.payback_year])
        axis.scatter(
            [result.payback_year],
            [y],
            s=120,
            facecolors="none",
            edgecolors=_NET,
            linewidths=2,
            zorder=3,
            label=f"payback {financial_year_label(result.payback_year)}",
        )
    axis.set_xticks(x, [financial_year_label(int(y)) for y in x], rotation=45)
    axis.set_title("Cumulative cost and fiscal benefit (undiscounted)")
    axis.legend(frameon=False)
    _money_axis(axis)
    return _svg(figure, "cumulative")


def benefits_by_partner(result: Appraisal) -> str:
    """PV cost borne and PV fiscal benefit received by each partner."""
    partners = result.by_partner
    figure, axis = _figure()
    x = np.arange(len(partners))
    axis.bar(x - 0.2, partners["pv_cost"], 0.4, color=_COST, label="PV cost borne")
    axis.bar(x + 0.2, partners["pv_fiscal"], 0.4, color=_BENEFIT, label="PV fiscal benefit")
    axis.set_xticks(x, _partners(result, partners.index), fontsize=7)
    axis.set_title("Who pays and who benefits")
    axis.legend(frameon=False)
    _money_axis(axis)
    return _svg(figure, "partners")


def benefits_by_outcome(result: Appraisal) -> str:
    """PV fiscal, economic and social benefit of each outcome."""
    outcomes = result.by_outcome
    figure, axis = _figure(height=max(2.5, 0.45 * len(outcomes) + 1.2))
    y = np.arange(len(outcomes))
    left = np.zeros(len(outcomes))
    for column, colour in (
        ("pv_fiscal", _BENEFIT),
        ("pv_economic", "#5aae61"),
        ("pv_social", "#fdb863"),
    ):
        values = outcomes[column].to_numpy()
        axis.barh(y, values, left=left, color=colour, label=column.removeprefix("pv_"))
        left = left + values
    names = _names(result)
    axis.set_yticks(y, [names.name("outcome", str(o)) for o in outcomes.index])
    axis.invert_yaxis()
    axis.set_title("Present value of benefits by outcome")
    axis.legend(frameon=False)
    from matplotlib.ticker import FuncFormatter

    axis.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"£{v / 1e3:,.0f}k"))
    axis.spines[["top", "right"]].set_visible(False)
    return _svg(figure, "outcomes")


def money_flows(result: Appraisal, settlement: Settlement | None = None) -> str:
    """The money-flow matrix: whose money buys whose savings (PV). Without a settlement,
    each partner pays the costs the case gives it."""
    if settlement is None:
        ds = result.projection.dataset
        df = ds[D.DISCOUNT_FACTOR]
        paid = (ds[D.COST] * df).sum(D.YEAR).to_numpy()
        benefit = (ds[D.FISCAL].sum(D.OUTCOME) * df).sum(D.YEAR).to_numpy()
        weight = paid / paid.sum() if paid.sum() > 0 else np.zeros_like(paid)
        matrix = np.outer(weight, benefit)
        partners = _partners(result, ds[D.PARTNER].to_numpy())
        title = "Money flows as modelled (PV): payer → beneficiary"
    else:
        flows = settlement.flows
        matrix = flows.to_numpy()
        partners = _partners(result, flows.index)
        title = f"Money flows under '{settlement.name}' (PV): investor → beneficiary"
    figure, axis = _figure(width=6.0, height=4.8)
    image = axis.imshow(matrix, cmap="Blues")
    axis.set_xticks(range(len(partners)), partners, rotation=45, fontsize=7, ha="right")
    axis.set_yticks(range(len(partners)), partners, fontsize=7)
    axis.set_xlabel("beneficiary")
    axis.set_ylabel("paid by")
    top = float(np.abs(matrix).max()) if matrix.size else 0.0
    for (i, j), value in np.ndenumerate(matrix):
        if abs(value) >= 0.005 * top and top > 0:
            axis.text(
                j,
                i,
                f"£{value / 1e3:,.0f}k",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > 0.6 * top else "black",
            )
    axis.set_title(title, fontsize=10)
    from matplotlib.ticker import FuncFormatter

    figure.colorbar(
        image, ax=axis, shrink=0.7, format=FuncFormatter(lambda v, _: f"£{v / 1e3:,.0f}k")
    )
    return _svg(figure, "flows")


def s_curve(results: Results) -> str:
    """The cumulative distribution (S-curve) over the Monte Carlo draws of the net present
    budget impact and the net present public value, with the chance of each above zero
    marked."""
    assert results.uncertainty is not None
    metrics = results.uncertainty.metrics
    figure, axis = _figure()
    for name, label, colour in (
        ("npbi", "net present budget impact", _BENEFIT),
        ("nppv", "net present public value", "#5aae61"),
    ):
        values = np.sort(metrics[name].to_numpy().ravel())
        values = values[np.isfinite(values)]
        if not len(values):
            continue
        share = np.arange(1, len(values) + 1) / len(values)
        above = float((values > 0).mean())
        axis.plot(values, share, color=colour, label=f"{label}: P(> £0) = {above:.0%}")
        axis.scatter([0.0], [1 - above], color=colour, zorder=3, s=30)
    axis.axvline(0.0, color=_NET, linewidth=0.8, linestyle="--")
    axis.set_ylim(0, 1)
    axis.set_ylabel("share of draws at or below")
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    axis.yaxis.set_major_formatter(PercentFormatter(1.0))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _short_money(v)))
    axis.spines[["top", "right"]].set_visible(False)
    axis.grid(alpha=0.3)
    axis.set_title("Monte Carlo: the chance of each result (cumulative)")
    axis.legend(frameon=False, loc="upper left", fontsize=8)
    return _svg(figure, "s_curve")


def _short_money(value: float) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1e6:
        return f"{sign}£{value / 1e6:.1f}m"
    if value >= 1e3:
        return f"{sign}£{value / 1e3:.0f}k"
    return f"{sign}£{value:.0f}"


def tornado(results: Results, rows: int = 10) -> str:
    """The one-way sensitivity as a tornado: the net present budget impact at each input's
    low and high value, the largest swings first, around the case's own figure."""
    assert results.sensitivity is not None
    frame = results.sensitivity.head(rows)
    base = float(frame.attrs.get("base", results.appraisal.npbi))
    names = _names(results.appraisal)
    labels = [_wrapped(names.name("input", str(i)), 40) for i in frame.index]
    figure, axis = _figure(height=max(2.6, 0.42 * len(frame) + 1.2))
    y = np.arange(len(frame))
    low, high = frame["metric_low"].to_numpy(), frame["metric_high"].to_numpy()
    axis.barh(y, low - base, left=base, color=_COST, label="input at its low value")
    axis.barh(y, high - base, left=base, color=_BENEFIT, label="input at its high value")
    axis.axvline(base, color=_NET, linewidth=1)
    axis.axvline(0.0, color=_NET, linewidth=0.8, linestyle="--")
    axis.set_yticks(y, labels, fontsize=6)
    axis.invert_yaxis()
    from matplotlib.ticker import FuncFormatter

    axis.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _short_money(v)))
    axis.spines[["top", "right"]].set_visible(False)
    axis.set_title(f"Net present budget impact ({_short_money(base)} as appraised)")
    axis.legend(frameon=False, fontsize=7, loc="lower right")
    return _svg(figure, "tornado")


def partner_nets(results: Results) -> str:
    """Each partner's net position (PV) as modelled and under each agreement option."""
    from placebudget.report.comparison import compare_settlements

    compared = compare_settlements(results.settlements)
    options = list(dict.fromkeys(compared.columns.get_level_values("option")))
    partners = _partners(results.appraisal, compared.index)
    figure, axis = _figure(height=3.8)
    x = np.arange(len(partners))
    width = 0.8 / len(options)
    colours = ["#999999", "#2166ac", "#5aae61", "#fdb863", "#b2abd2", "#e08214", "#8073ac"]
    for k, option in enumerate(options):
        nets = compared[(option, "net")].to_numpy(dtype=float)
        axis.bar(
            x - 0.4 + width * (k + 0.5), nets, width, label=option, color=colours[k % len(colours)]
        )
    axis.axhline(0.0, color=_NET, linewidth=0.8)
    axis.set_xticks(x, partners, fontsize=7)
    axis.set_title("Each partner's net position under each option (PV)")
    axis.legend(frameon=False, fontsize=7, ncols=min(len(options), 3))
    _money_axis(axis)
    return _svg(figure, "partner_nets")


def forecast_and_actual(results: Results) -> str:
    """Evaluation: the outcome units changed in each period, forecast against actual."""
    assert results.evaluation is not None
    frame = results.evaluation.outcomes
    names = _names(results.appraisal)
    labels = [
        _wrapped(f"{p}, {names.name('outcome', str(o))}", 22)
        for p, o in zip(frame["period"], frame["outcome"], strict=True)
    ]
    figure, axis = _figure(height=3.6)
    x = np.arange(len(frame))
    axis.bar(x - 0.2, frame["forecast_change"], 0.4, color="#999999", label="forecast")
    axis.bar(x + 0.2, frame["actual_change"], 0.4, color=_BENEFIT, label="actual")
    axis.set_xticks(x, labels, fontsize=6)
    axis.set_ylabel("outcome units changed")
    axis.set_title(f"Forecast against actual ({results.evaluation.basis})")
    axis.legend(frameon=False, fontsize=8)
    axis.spines[["top", "right"]].set_visible(False)
    axis.grid(axis="y", alpha=0.3)
    return _svg(figure, "forecast")


#: Charts drawn from the whole results (the Monte Carlo draws, the sensitivity, the
#: agreement options, the evaluation), in report order.
RESULT_CHARTS = {
    "s_curve": s_curve,
    "tornado": tornado,
    "partner_nets": partner_nets,
    "forecast": forecast_and_actual,
}

#: Chart name → drawing function, in report order.
CHARTS = {
    "as_is": as_is,
    "cumulative": cumulative,
    "partners": benefits_by_partner,
    "flows": money_flows,
    "outcomes": benefits_by_outcome,
}


def _draw(name: str, results: Results | Appraisal) -> str:
    """Draw the chart ``name``: one of :data:`CHARTS` from the appraisal, or of
    :data:`RESULT_CHARTS` from the whole results."""
    if name in RESULT_CHARTS:
        if isinstance(results, Appraisal):
            msg = f"the {name!r} chart is drawn from the results (compute_results)"
            raise TypeError(msg)
        return RESULT_CHARTS[name](results)
    return CHARTS[name](results if isinstance(results, Appraisal) else results.appraisal)


def svg(name: str, results: Results | Appraisal, *, alt: str = "") -> str:
    """The chart ``name`` of :data:`CHARTS` as an inline ``<svg>`` of the results, its
    ``aria-label`` the text alternative ``alt``."""
    import html

    text = _draw(name, results)
    if alt:
        text = text.replace(f'aria-label="{name}"', f'aria-label="{html.escape(alt)}"', 1)
    return text


def png(name: str, result: Results | Appraisal, *, dpi: int = 150) -> bytes:
    """The chart ``name`` of :data:`CHARTS` as a PNG image, for documents that take
    pictures (the Word report).

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.testing import example_case
    >>> png("partners", pb.project(example_case()).appraise())[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    captured: list[Any] = []
    token = _CAPTURED.set(captured)
    try:
        _draw(name, result)
    finally:
        _CAPTURED.reset(token)
    buffer = io.BytesIO()
    captured[0].savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
