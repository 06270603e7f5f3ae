"""The sections of the report on the investment agreement options and the pooled budget."""

from __future__ import annotations

from typing import TYPE_CHECKING

from placebudget.report import frames as F
from placebudget.report.outline import Block, Bullets, Chart, Names, Paragraph, Section, table

if TYPE_CHECKING:
    from placebudget.engine.results import Results


def _agreements(results: Results) -> list[Section]:
    if not results.settlements:
        return []
    a = results.appraisal
    case = results.case
    descriptions = {n: ag.description for n, ag in case.agreements.items()} if case else {}
    matrix, positions = F.agreements(results.settlements)
    _, losers = F.preferred_option(results.settlements)
    budgets, uses = F.pooled_budget(a, results.settlements)
    described = tuple(f"{option}: {text}" for option, text in descriptions.items() if text)
    blocks: list[Block] = [
        Paragraph(
            "Each partner's PV contribution and net position (PV fiscal benefit plus "
            'transfers received, less contribution) under each option. "As '
            'modelled" is each partner bearing the costs the case gives it. ⚠ marks '
            "a partner left worse off."
        ),
    ]
    if described:
        blocks.append(Bullets(described))
    blocks += [
        matrix,
        positions,
        Chart(
            name="partner_nets",
            caption="Each partner's net position (PV) as modelled and under each option.",
            alt=_nets_alt(results, losers),
        ),
        Chart(
            name="flows",
            caption="Money flows as modelled: whose money buys whose savings (present values).",
            alt="Heat map of the PV money each partner "
            "pays (rows) that buys each partner's savings (columns).",
        ),
    ]
    pooled: list[Block] = [
        Paragraph(
            "Under each option, each partner's contribution to the pot by year, beside its "
            "reactive spend as is and its saving (PV), and what the pot pays for."
        )
    ]
    pooled += [
        table(
            "pooled_budget",
            "The pooled budget",
            budgets,
            wide="money",
            keys=("option",),
            group="option",
            hidden=("pv_saving", "contribution_share_of_baseline"),
        ),
        table(
            "pot_uses",
            "What the pot pays for",
            uses,
            wide="money",
            keys=("option",),
            group="option",
        ),
    ]
    return [
        Section(name="agreements", title="Investment agreement options", blocks=tuple(blocks)),
        Section(name="pooled_budget", title="The pooled budget", level=3, blocks=tuple(pooled)),
    ]


def _nets_alt(results: Results, losers: dict[str, list[str]]) -> str:
    names = Names.of(results.case)
    parts = [
        f"{option}: {', '.join(names.name('partner', p) for p in worse) or 'none'}"
        for option, worse in losers.items()
    ]
    return (
        "Grouped bar chart of each partner's net position under each option; worse off "
        "— " + "; ".join(parts) + "."
    )
