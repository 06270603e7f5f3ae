"""Any valid case written to a file and read back is the same case (TOML, JSON and YAML):
the one converter loses nothing in either direction."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from placebudget.io.case_file import dump_case, load_case
from placebudget.model import (
    BusinessCase,
    ByGrossBenefit,
    ByHeadcount,
    ByNetBenefit,
    Cohort,
    CostLine,
    Effect,
    FixedShares,
    Intervention,
    InvestmentAgreement,
    InvestorRecoups,
    Partner,
    PerCategory,
    Place,
    UnitValue,
)
from placebudget.model.uncertainty import PERT, Beta, Normal, Triangular, Uniform

_WORDS = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCDEFGH0123456789-'&:,."), min_size=1, max_size=30
).filter(lambda s: s.strip() == s and s != "")
_RATE = st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 6))
#: A grade, an explicit optimism bias, or both (one of them is required).
_evidence = st.one_of(
    st.builds(dict, confidence=st.integers(1, 5)),
    st.builds(dict, optimism_bias=_RATE),
    st.builds(dict, confidence=st.integers(1, 5), optimism_bias=_RATE),
)
_KINDS = ["local_authority", "police", "nhs", "dwp", "probation", "education", "voluntary"]


@st.composite
def _value(draw: Any, fiscal: bool = True) -> UnitValue:
    if draw(st.booleans()):
        return UnitValue(
            draw(st.sampled_from(["ucd:CR1.1", "ucd:E&E1.0", "ucd:HE3.0"])),
            cashable=draw(_RATE) if fiscal else 0.0,
        )
    amount = draw(st.floats(1, 1e6, allow_nan=False).map(lambda x: round(x, 2)))
    return UnitValue(
        f"{amount} GBP/person_year",
        price_year=draw(st.integers(2010, 2014)),
        cashable=draw(_RATE) if fiscal else 0.0,
        transfer=draw(st.none() | _RATE) if fiscal else None,
        source=draw(st.none() | _WORDS),
    )


@st.composite
def _effect(draw: Any, partners: list[str], index: int) -> Effect:
    paying = draw(st.lists(st.sampled_from(partners), unique=True, max_size=len(partners)))
    return Effect(
        outcome=f"outcome_{index}",
        unit="person_year",
        baseline=draw(st.floats(0, 5)),
        impact=draw(_RATE),
        deadweight=draw(_RATE),
        displacement=draw(_RATE),
        attribution=draw(_RATE),
        lag=draw(st.integers(0, 3)),
        duration=draw(st.integers(1, 5)),
        drop_off=draw(_RATE),
        **draw(_evidence),
        fiscal={p: draw(_value()) for p in paying},
        economic=draw(st.none() | _value(fiscal=False)),
        social=draw(st.none() | _value(fiscal=False)),
        description=draw(st.just("") | _WORDS),
        source=draw(st.none() | _WORDS),
    )


@st.composite
def _cost(draw: Any, partners: list[str], start: int, category: str, unit: str) -> CostLine:
    years = draw(st.lists(st.integers(start, start + 3), unique=True, max_size=3))
    amounts = {y: draw(st.floats(0, 1e6).map(lambda x: round(x, 2))) for y in sorted(years)}
    return CostLine(
        partner=draw(st.sampled_from(partners)),
        amounts=amounts,
        per_participant=None if amounts else f"120.5 GBP/{unit}",
        price_year=start,
        category=category,
        kind=draw(st.sampled_from(["revenue", "capital"])),
        **draw(_evidence),
    )


@st.composite
def _agreement(draw: Any, partners: list[str]) -> InvestmentAgreement:
    first = partners[0]
    share_rules = st.sampled_from(
        [
            FixedShares(shares={first: 1.0}),
            ByHeadcount(fte={p: float(n + 1) for n, p in enumerate(partners)}),
            ByGrossBenefit(basis="cashable"),
            ByNetBenefit(),
        ]
    )
    rule = draw(
        st.one_of(
            share_rules,
            share_rules.map(lambda r: PerCategory(rules={"running": r, "intervention": r})),
            st.builds(
                InvestorRecoups,
                investor=st.just(first),
                return_rate=_RATE,
                investor_share=_RATE,
                cap=st.none() | st.floats(0, 1e6).map(round),
            ),
        )
    )
    return InvestmentAgreement(rule=rule, description=draw(st.just("") | _WORDS))


@st.composite
def cases(draw: Any) -> BusinessCase:
    """Valid business cases over every kind of field a case file can hold."""
    kinds = draw(st.lists(st.sampled_from(_KINDS), unique=True, min_size=1, max_size=4))
    partners = [
        Partner(id=f"p{n}", name=draw(_WORDS), kind=kind, department=draw(st.none() | _WORDS))
        for n, kind in enumerate(kinds)
    ]
    ids = [p.id for p in partners]
    start = draw(st.integers(2010, 2014))
    interventions = []
    for i in range(draw(st.integers(1, 2))):
        effects = [draw(_effect(ids, i * 10 + e)) for e in range(draw(st.integers(1, 3)))]
        unit = draw(st.sampled_from(["person", "family"]))
        interventions.append(
            Intervention(
                id=f"i{i}",
                name=draw(_WORDS),
                theme="theme",
                cohort=Cohort(id=f"c{i}", unit=unit, intake={start: draw(st.integers(1, 500))}),
                engagement=draw(_RATE),
                effects=effects,
                # both categories, so that a per-category rule has cost lines to share
                costs=[
                    draw(_cost(ids, start, category, unit))
                    for category in ("running", "intervention")
                ],
            )
        )
    distributions = st.one_of(
        st.builds(Normal, mean=st.floats(0.2, 0.5), sd=st.floats(0, 0.1)),
        st.builds(Uniform, low=st.just(0.1), high=st.floats(0.2, 0.9)),
        st.just(Triangular(low=0.1, mode=0.3, high=0.6)),
        st.just(PERT(low=0.1, mode=0.3, high=0.6)),
        st.just(Beta(alpha=2, beta=5)),
    )
    uncertainty = draw(
        st.dictionaries(st.just("interventions[0].effects[0].impact"), distributions, max_size=1)
    )
    return BusinessCase(
        name=draw(_WORDS),
        description=draw(st.just("") | _WORDS),
        place=Place(
            id="place",
            name=draw(_WORDS),
            partners=partners,
            population=draw(st.none() | st.integers(1, 10**6)),
        ),
        interventions=interventions,
        start_year=start,
        horizon=draw(st.integers(4, 10)),
        price_year=start,
        unit_costs=draw(st.sampled_from(["ucd-v1.4", "ucd-v1.2"])),
        agreements={f"option {n}": draw(_agreement(ids)) for n in range(draw(st.integers(0, 2)))},
        uncertainty=uncertainty,
    )


@given(case=cases(), suffix=st.sampled_from([".toml", ".json", ".yaml"]))
def test_a_case_written_and_read_back_is_the_same(case: BusinessCase, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"case{suffix}"
        dump_case(case, path)
        assert load_case(path) == case
