"""Several investment agreements side by side, per partner: the table a partnership board
chooses an option from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from placebudget.engine.results import settle_all

if TYPE_CHECKING:
    from placebudget.engine import Projection, Settlement
    from placebudget.model import InvestmentAgreement

__all__ = ["COMPARED", "compare_agreements", "compare_settlements", "settle_all"]

#: Columns per option in :func:`compare_agreements`.
COMPARED: tuple[str, ...] = ("pv_contribution", "net", "roi", "worse_off")


def compare_settlements(settlements: Mapping[str, Settlement]) -> pd.DataFrame:
    """Settled agreements side by side, per partner (see :func:`compare_agreements`)."""
    frames: dict[str, pd.DataFrame] = {}
    first = next(iter(settlements.values())).by_partner
    modelled_net = first["pv_fiscal"] - first["pv_cost_as_modelled"]
    frames["as modelled"] = pd.DataFrame(
        {
            "pv_contribution": first["pv_cost_as_modelled"],
            "net": modelled_net,
            "roi": first["pv_fiscal"]
            / first["pv_cost_as_modelled"].where(first["pv_cost_as_modelled"] > 0),
            "worse_off": modelled_net < 0,
        }
    )
    for option, settlement in settlements.items():
        frame = settlement.by_partner
        frames[option] = pd.DataFrame(
            {
                "pv_contribution": frame["pv_contribution"],
                "net": frame["net"],
                "roi": frame["roi"],
                "worse_off": frame["net"] < 0,
            }
        )
    table = pd.concat(frames, axis=1, names=["option", "metric"])
    return table


def compare_agreements(
    projection: Projection, agreements: Mapping[str, InvestmentAgreement]
) -> pd.DataFrame:
    """Several agreements side by side, per partner.

    Returns
    -------
    pandas.DataFrame
        Rows: partners. Columns: a two-level index (option, metric) with metrics
        ``pv_contribution``, ``net``, ``roi`` and ``worse_off`` (``True`` where the partner
        is left with a negative net position under that option). The first option,
        ``"as modelled"``, is each partner bearing the costs the case gives it.

    Raises
    ------
    placebudget.errors.ValidationError
        An option cannot apply; the problems of every option are reported together.
    """
    return compare_settlements(settle_all(projection, agreements))
