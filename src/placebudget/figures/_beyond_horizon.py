"""The declarations of the benefits that fall after the appraisal's last year: computed
(``placebudget.engine._core.beyond_horizon_arrays``) and shown in every report's
assumptions, never added to the headline."""

from __future__ import annotations

from placebudget.figures import dims as D
from placebudget.figures._figure import Figure, Role, declare

__all__ = ["beyond_horizon"]


def beyond_horizon() -> list[Figure]:
    s: Role = "measure"
    return [
        declare(
            "fiscal_beyond_horizon",
            s,
            "money",
            "PV fiscal benefit after the horizon",
            "Present value of fiscal benefits after the last appraisal year",
            "present value of the fiscal benefits that intakes within the horizon give "
            "after its last year, discounted with the case's schedule continued: not in "
            "pv_fiscal nor in any headline figure",
        ),
        declare(
            "partner_fiscal_beyond_horizon",
            s,
            "money",
            "PV fiscal benefit after the horizon",
            "Present value of fiscal benefits received after the last appraisal year",
            "a partner's present value of the fiscal benefits it would receive after the "
            "horizon's last year: not in its headline figures",
            dims=(D.PARTNER,),
        ),
        declare(
            "transfers_beyond_horizon",
            s,
            "money",
            "PV transfer payments after the horizon",
            "Present value of transfer payments after the last appraisal year",
            "the part of fiscal_beyond_horizon that is transfer payments",
        ),
        declare(
            "economic_beyond_horizon",
            s,
            "money",
            "PV economic benefit after the horizon",
            "Present value of economic benefits after the last appraisal year",
            "present value of the economic benefits after the horizon's last year",
        ),
        declare(
            "social_beyond_horizon",
            s,
            "money",
            "PV social benefit after the horizon",
            "Present value of social benefits after the last appraisal year",
            "present value of the social benefits after the horizon's last year (a value "
            "that changes by year held at its last appraised year's)",
        ),
        declare(
            "benefit_beyond_horizon",
            s,
            "money",
            "PV public value after the horizon",
            "Public value after the last appraisal year (present value)",
            "the public value, as pv_public counts it (fiscal less transfer payments, "
            "plus economic and social), of the benefits after the horizon's last year: "
            "left out of the headline",
            formula="fiscal_beyond_horizon - transfers_beyond_horizon "
            "+ economic_beyond_horizon + social_beyond_horizon",
        ),
        declare(
            "fiscal_beyond_horizon_share",
            s,
            "share",
            "Fiscal benefit after the horizon, share of NPBI",
            "Fiscal benefits after the last appraisal year as a share of NPBI",
            "fiscal_beyond_horizon over the net present budget impact (undefined when "
            "the NPBI is not above zero)",
            formula="fiscal_beyond_horizon / npbi",
        ),
        declare(
            "benefit_beyond_horizon_share",
            s,
            "share",
            "Public value after the horizon, share of NPPV",
            "Public value after the last appraisal year as a share of NPPV",
            "benefit_beyond_horizon over the net present public value (undefined when "
            "the NPPV is not above zero)",
            formula="benefit_beyond_horizon / nppv",
        ),
    ]
