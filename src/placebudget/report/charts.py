"""The report charts, drawn with matplotlib and returned as SVG text.

Each function takes an :class:`~placebudget.engine.Appraisal` and returns a self-contained
``<svg>`` element for the HTML report (the docs use them too); :func:`png` draws one as a
PNG image for the Word report.
"""

from __future__ import annotations

import contextvars
import io
from typing import TYPE_CHECKING, Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.engine.appraise import Appraisal
from placebudget.engine.settlement import Settlement
from placebudget.model import financial_year_label
from placebudget.report.outline import Names

if TYPE_CHECKING:
    from placebudget.engine.results import Results

__all__ = ["CHARTS", "as_is", "benefits_by_outcome", "benefits_by_partner", "cumulative",
           "money_flows", "png", "svg"]

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
    "placebudget_chart_capture", default=None)


def _svg(figure: Any, label: str) -> str:
    captured = _CAPTURED.get()
    if captured is not None:
        captured.append(figure)
        return ""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    start = text.index("<svg")
    return text[start:].replace("<svg ", f'<svg role="img" aria-label="{label}" '
                                f'class="chart" data-chart="{label}" ', 1)


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
    axis.bar(x - width, table["reactive_as_is"], width, color=_REACTIVE,
             label="reactive spend as is")
    axis.bar(x, table["reactive_with_programme"], width, color=_REACTIVE_AFTER,
             label="reactive spend with the programme")
    axis.bar(x + width, table["investment"], width, color=_BENEFIT,
             label="proactive investment")
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
    axis.plot(x, np.cumsum(years["fiscal"]), marker="o", color=_BENEFIT,
              label="cumulative fiscal benefit")
    if result.payback_year is not None:
        y = float(years["fiscal"].cumsum().loc[result.payback_year])
        axis.scatter([result.payback_year], [y], s=120, facecolors="none",
                     edgecolors=_NET, linewidths=2, zorder=3,
                     label=f"payback {financial_year_label(result.payback_year)}")
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
    for column, colour in (("pv_fiscal", _BENEFIT), ("pv_economic", "#5aae61"),
                           ("pv_social", "#fdb863")):
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
            axis.text(j, i, f"£{value / 1e3:,.0f}k", ha="center", va="center", fontsize=7,
                      color="white" if value > 0.6 * top else "black")
    axis.set_title(title, fontsize=10)
    from matplotlib.ticker import FuncFormatter

    figure.colorbar(image, ax=axis, shrink=0.7,
                    format=FuncFormatter(lambda v, _: f"£{v / 1e3:,.0f}k"))
    return _svg(figure, "flows")


#: Chart name → drawing function, in report order.
CHARTS = {
    "as_is": as_is,
    "cumulative": cumulative,
    "partners": benefits_by_partner,
    "flows": money_flows,
    "outcomes": benefits_by_outcome,
}


def svg(name: str, results: Results | Appraisal, *, alt: str = "") -> str:
    """The chart ``name`` of :data:`CHARTS` as an inline ``<svg>`` of the results, its
    ``aria-label`` the text alternative ``alt``."""
    import html

    result = results if isinstance(results, Appraisal) else results.appraisal
    text = CHARTS[name](result)
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
    appraisal = result if isinstance(result, Appraisal) else result.appraisal
    try:
        CHARTS[name](appraisal)
    finally:
        _CAPTURED.reset(token)
    buffer = io.BytesIO()
    captured[0].savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
