"""The declarations of the appraisal's metrics (the engine's contract), and of the internal
figures their formulas read."""

from __future__ import annotations

from placebudget.figures import dims as D
from placebudget.figures._figure import Figure, Role, declare

__all__ = ["metrics"]

_P = D.PARTNER


def metrics() -> list[Figure]:
    m: Role = "metric"
    p = (_P,)
    return [
        declare(
            "pv_cost",
            m,
            "money",
            "PV cost",
            "Present value of costs",
            "present value of all costs",
            flow=D.COST,
        ),
        declare(
            "pv_fiscal",
            m,
            "money",
            "PV fiscal benefit",
            "Present value of fiscal benefits",
            "present value of fiscal benefits",
            flow=D.FISCAL,
        ),
        declare(
            "pv_cashable",
            m,
            "money",
            "PV cashable benefit",
            "Present value of cashable fiscal benefits",
            "present value of the cashable part of fiscal benefits",
            flow=D.CASHABLE,
        ),
        declare(
            "pv_economic",
            m,
            "money",
            "PV economic benefit",
            "Present value of economic benefits",
            "present value of economic benefits",
            flow=D.ECONOMIC,
        ),
        declare(
            "pv_social",
            m,
            "money",
            "PV social benefit",
            "Present value of social benefits",
            "present value of social benefits",
            flow=D.SOCIAL,
        ),
        declare(
            "pv_transfers",
            m,
            "money",
            "PV transfer payments",
            "Transfer payments left out of public value",
            "present value of the fiscal benefits that are transfer payments (tax, "
            "social security benefits): in pv_fiscal, left out of pv_public",
            flow=D.TRANSFER_PAYMENT,
        ),
        declare(
            "pv_disbenefit",
            m,
            "money",
            "PV dis-benefits",
            "Dis-benefits in fiscal benefits (PV)",
            "present value of the fiscal value of the outcomes effects increase, borne "
            "by the partners: already taken off pv_fiscal as negative benefits (in the "
            "BCR's numerator, not added to its costs)",
            flow=D.DISBENEFIT,
        ),
        declare(
            "pv_public",
            m,
            "money",
            "PV public value",
            "Public value (present value)",
            "fiscal benefits less transfer payments, plus economic and social "
            "benefits: transfer payments move money and create no value (UCD v1.4 "
            "Guidance)",
            formula="pv_fiscal - pv_transfers + pv_economic + pv_social",
        ),
        declare(
            "pv_baseline_cost",
            m,
            "money",
            "PV reactive cost as is",
            "Present value of the reactive spend as is",
            'present value of the "as is" reactive cost of the cohort\'s outcomes '
            "without the intervention: what failure costs the partners",
            flow=D.BASELINE_COST,
        ),
        declare(
            "baseline_saving_share",
            m,
            "share",
            "Share of reactive cost saved",
            "Saving as a share of the reactive spend",
            "the share of the reactive cost the programme saves (undefined with no reactive cost)",
            formula="pv_fiscal / pv_baseline_cost",
        ),
        declare(
            "pv_reinvested",
            m,
            "money",
            "PV savings reinvested",
            "Present value of savings reinvested",
            "present value of the cashable savings reinvested in extra intake (part of pv_cost)",
            flow=D.REINVESTED,
        ),
        declare(
            "npbi",
            m,
            "money",
            "NPBI",
            "Net present budget impact",
            "net present budget impact: fiscal benefits less costs",
            formula="pv_fiscal - pv_cost",
        ),
        declare(
            "fiscal_roi",
            m,
            "ratio",
            "Fiscal ROI",
            "Fiscal return on investment",
            "fiscal return on investment (undefined with no cost)",
            formula="pv_fiscal / pv_cost",
        ),
        declare(
            "nppv",
            m,
            "money",
            "NPPV",
            "Net present public value",
            "net present public value: public value less costs",
            formula="pv_public - pv_cost",
        ),
        declare(
            "bcr",
            m,
            "ratio",
            "BCR",
            "Benefit-cost ratio",
            "benefit–cost ratio (undefined with no cost)",
            formula="pv_public / pv_cost",
        ),
        declare(
            "payback_year",
            m,
            "year",
            "Payback",
            "Payback year",
            "first financial year cumulative fiscal benefit reaches cumulative cost, if any",
        ),
        declare(
            "discounted_payback_year",
            m,
            "year",
            "Discounted payback",
            "Discounted payback year",
            "the payback year with discounted flows",
        ),
        *_payback_margins(m, "payback", "", "cumulative fiscal benefit less cumulative cost"),
        *_payback_margins(
            m,
            "discounted_payback",
            "Discounted ",
            "cumulative discounted fiscal benefit less cumulative discounted cost",
        ),
        declare(
            "partner_pv_cost",
            m,
            "money",
            "PV cost",
            "Present value of costs borne",
            "a partner's present value of the costs it bears",
            dims=p,
            flow=D.COST,
        ),
        declare(
            "partner_pv_fiscal",
            m,
            "money",
            "PV fiscal benefit",
            "Present value of fiscal benefits received",
            "a partner's present value of the fiscal benefits it receives",
            dims=p,
            flow=D.FISCAL,
        ),
        declare(
            "partner_pv_cashable",
            m,
            "money",
            "PV cashable benefit",
            "Present value of cashable benefits received",
            "a partner's present value of the cashable benefits it receives",
            dims=p,
            flow=D.CASHABLE,
        ),
        declare(
            "partner_pv_disbenefit",
            m,
            "money",
            "PV dis-benefits",
            "Present value of dis-benefits borne",
            "a partner's present value of the dis-benefits it bears (already taken off "
            "its fiscal benefits)",
            dims=p,
            flow=D.DISBENEFIT,
        ),
        declare(
            "partner_net",
            m,
            "money",
            "Net",
            "Net position",
            "a partner's net position: fiscal benefits received less costs borne",
            dims=p,
            formula="partner_pv_fiscal - partner_pv_cost",
        ),
        declare(
            "partner_pv_baseline_cost",
            m,
            "money",
            "PV reactive cost as is",
            "Present value of the reactive spend as is",
            "a partner's present value of its reactive spend as is",
            dims=p,
            flow=D.BASELINE_COST,
        ),
        declare(
            "partner_saving_share",
            m,
            "share",
            "Share of reactive cost saved",
            "Saving as a share of its reactive spend",
            "a partner's saving as a share of its own reactive spend",
            dims=p,
            formula="partner_pv_fiscal / partner_pv_baseline_cost",
        ),
        declare(
            "partner_roi",
            m,
            "ratio",
            "ROI",
            "Return on investment",
            "a partner's fiscal benefit over the costs it bears (undefined with no cost)",
            dims=p,
            formula="partner_pv_fiscal / partner_pv_cost",
        ),
        declare(
            "pv_risk",
            m,
            "money",
            "PV expected cost of risks",
            "Present value of the expected cost of risks",
            "present value of the risk register's expected cost (probability × cost)",
            flow=D.RISK_COST,
        ),
        declare(
            "pv_cost_risk_adjusted",
            m,
            "money",
            "PV cost, risk-adjusted",
            "Present value of costs, risk-adjusted",
            "costs with the expected cost of the risk register",
            formula="pv_cost + pv_risk",
        ),
        declare(
            "npbi_risk_adjusted",
            m,
            "money",
            "NPBI, risk-adjusted",
            "Net present budget impact, risk-adjusted",
            "fiscal benefits less risk-adjusted costs",
            formula="pv_fiscal - pv_cost_risk_adjusted",
        ),
        declare(
            "nppv_risk_adjusted",
            m,
            "money",
            "NPPV, risk-adjusted",
            "Net present public value, risk-adjusted",
            "public value less risk-adjusted costs",
            formula="pv_public - pv_cost_risk_adjusted",
        ),
        declare(
            "pv_weighted_benefit",
            m,
            "money",
            "PV weighted benefit",
            "Present value of weighted economic and social benefits",
            "economic and social benefits weighted by each cohort's distributional weight",
            flow=D.WEIGHTED_BENEFIT,
        ),
        declare(
            "pv_public_weighted",
            m,
            "money",
            "PV public value, weighted",
            "Public value, distributionally weighted (present value)",
            "public value with economic and social values weighted by each cohort's "
            "distributional weight (fiscal values never weighted); equals pv_public "
            "without weights",
            formula="pv_fiscal - pv_transfers + pv_weighted_benefit",
        ),
        declare(
            "nppv_weighted",
            m,
            "money",
            "NPPV, weighted",
            "Net present public value, distributionally weighted",
            "weighted public value less costs",
            formula="pv_public_weighted - pv_cost",
        ),
        declare(
            "bcr_weighted",
            m,
            "ratio",
            "BCR, weighted",
            "Benefit-cost ratio, distributionally weighted",
            "weighted public value over costs",
            formula="pv_public_weighted / pv_cost",
        ),
        declare(
            "eac",
            m,
            "money",
            "EAC",
            "Equivalent annual cost",
            "present value of costs ÷ the annuity factor (the sum of the discount factors "
            "of the appraisal years, year 0 included unless the case's annuity is "
            '"immediate")',
            formula="pv_cost / annuity_factor",
        ),
        declare(
            "eanc",
            m,
            "money",
            "EANC",
            "Equivalent annual net cost",
            "present value of the net cost (costs less public value) ÷ the annuity factor "
            "(the sum of the discount factors of the appraisal years, year 0 included "
            'unless the case\'s annuity is "immediate"); negative when the case adds '
            "value",
            formula="(pv_cost - pv_public) / annuity_factor",
        ),
        declare(
            "partner_pv_risk",
            m,
            "money",
            "PV expected cost of risks",
            "Present value of the expected cost of the risks it bears",
            "a partner's present value of the expected cost of the risks it bears",
            dims=p,
            flow=D.RISK_COST,
        ),
        declare(
            "partner_payback_year",
            m,
            "year",
            "Payback",
            "Payback year",
            "a partner's payback year",
            dims=p,
        ),
        declare(
            "partner_discounted_payback_year",
            m,
            "year",
            "Discounted payback",
            "Discounted payback year",
            "a partner's discounted payback year",
            dims=p,
        ),
        declare(
            "annuity_factor",
            "internal",
            "factor",
            "Annuity factor",
            "Sum of the discount factors",
            "the sum of the discount factors EAC and EANC divide by: every appraisal "
            "year's, year 0 included (an annuity due, the default), or every year's but "
            "year 0's (an annuity immediate, the case's annuity = \"immediate\")",
            flow=D.DISCOUNT_FACTOR,
        ),
    ]


def _payback_margins(m: Role, name: str, title: str, what: str) -> list[Figure]:
    """The margin and the fractional period of the whole case's payback (``name``:
    ``payback`` or ``discounted_payback``), ``what`` its cumulative net position."""
    lower = title.lower()
    return [
        declare(
            f"{name}_period",
            m,
            "ratio",
            f"{title}Payback period (years)".capitalize(),
            f"{title}Payback period (years)".capitalize(),
            f"years from the start of the first appraisal year until {what} reaches zero, "
            "each year's net flow spread evenly through it (linear within the payback "
            "year); the payback year is the first year of the period's whole number "
            "(0 = the first year)",
            unit="years",
        ),
        declare(
            f"{name}_shortfall",
            m,
            "money",
            f"{title}Shortfall the year before payback".capitalize(),
            f"{lower}Shortfall the year before payback".capitalize(),
            f"how far {what} fell short of zero at the end of the year before the "
            "payback year (0 when payback comes in the first year)",
        ),
        declare(
            f"{name}_surplus",
            m,
            "money",
            f"{title}Surplus in the payback year".capitalize(),
            f"{lower}Surplus in the payback year".capitalize(),
            f"{what} at the end of the payback year: the margin by which payback is reached",
        ),
    ]
