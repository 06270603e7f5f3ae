"""Helpers for tests, by placebudget and by plugin authors: small example builders and
assertions on projections.

Examples
--------
>>> from placebudget.testing import example_case
>>> example_case().place.partner_ids
('dwp', 'nhs', 'council')
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import xarray as xr

from placebudget.engine import dims as D
from placebudget.model import (
    BusinessCase,
    Cohort,
    CostLine,
    Effect,
    Intervention,
    Partner,
    Place,
    UnitValue,
)

if TYPE_CHECKING:
    from placebudget.engine import Projection
    from placebudget.plugin import PluginRegistry, ThemeSpec

__all__ = [
    "assert_conserves_money",
    "assert_projection_equal",
    "assert_theme_registered",
    "assert_theme_works",
    "example_case",
    "example_disbenefit_case",
    "example_intervention",
    "example_place",
    "fresh_plugin_registry",
    "plugin_registry",
]


def example_place() -> Place:
    """Three partners: DWP, the NHS and the council."""
    return Place(
        id="wigan",
        name="Wigan",
        partners=[
            Partner(
                id="dwp", name="Department for Work and Pensions", kind="dwp", department="DWP"
            ),
            Partner(
                id="nhs",
                name="NHS Wigan Borough CCG",
                kind="nhs",
                department="Department of Health",
            ),
            Partner(
                id="council",
                name="Wigan Council",
                kind="local_authority",
                department="Local Government",
            ),
        ],
    )


def example_intervention(**changes: Any) -> Intervention:
    """An employment support programme with one effect and one cost line (the README's
    example); keyword arguments replace its fields."""
    into_work = Effect(
        outcome="jsa_into_work",
        unit="person_year",
        baseline=1.0,
        impact=0.30,
        deadweight=0.20,
        lag=1,
        duration=3,
        drop_off=0.25,
        optimism_bias=0.20,
        fiscal={
            "dwp": UnitValue("9234 GBP/person_year", price_year=2012, cashable=1.0, transfer=True),
            "nhs": UnitValue("566 GBP/person_year", price_year=2012, cashable=0.0),
        },
        economic=UnitValue("5000 GBP/person_year", price_year=2012),
    )
    programme = Intervention(
        id="work_support",
        name="Integrated employment support",
        theme="work_and_skills",
        cohort=Cohort(id="jsa_claimants", unit="person", intake={2012: 200}),
        engagement=0.75,
        effects=[into_work],
        costs=[
            CostLine(
                partner="council",
                amounts={2012: 150_000, 2013: 50_000},
                price_year=2012,
                category="intervention",
                optimism_bias=0.10,
            )
        ],
    )
    return attrs.evolve(programme, **changes) if changes else programme


def example_case(**changes: Any) -> BusinessCase:
    """A four-year case around :func:`example_intervention`; keyword arguments replace
    its fields."""
    case = BusinessCase(
        name="Work support",
        place=example_place(),
        interventions=[example_intervention()],
        start_year=2012,
        horizon=4,
        price_year=2012,
    )
    return attrs.evolve(case, **changes) if changes else case


def example_disbenefit_case() -> BusinessCase:
    """A three-year case with a dis-benefit: employment support that moves 100 people
    into work (saving DWP £1,000 a person-year) while its outreach finds unmet need,
    raising their A&E attendances (the NHS's, £100 each) by a quarter of a baseline of
    two a year, for two years, with an optimism bias of 20 % raising the increase.

    Examples
    --------
    >>> case = example_disbenefit_case()
    >>> [e.increases for e in case.interventions[0].effects]
    [False, True]
    """
    into_work = Effect(
        outcome="jsa_into_work",
        unit="person_year",
        baseline=1.0,
        impact=0.5,
        optimism_bias=0.0,
        fiscal={"dwp": UnitValue("1000 GBP/person_year", price_year=2012, cashable=1.0)},
    )
    more_attendances = Effect(
        outcome="ae_attendances",
        unit="attendance",
        baseline=2.0,
        impact=0.25,
        increases=True,
        duration=2,
        optimism_bias=0.2,
        fiscal={"nhs": UnitValue("100 GBP/attendance", price_year=2012, cashable=1.0)},
        description="supply-induced demand: outreach finds unmet need",
    )
    programme = example_intervention(
        cohort=Cohort(id="claimants", unit="person", intake={2012: 100}),
        engagement=1.0,
        effects=[into_work, more_attendances],
        costs=[
            CostLine(partner="council", amounts={2012: 20_000}, price_year=2012, optimism_bias=0.0)
        ],
    )
    return example_case(interventions=[programme], horizon=3)


def assert_projection_equal(
    actual: xr.Dataset, expected: xr.Dataset, *, rtol: float = 1e-9
) -> None:
    """Assert two projection Datasets hold the same variables, coordinates and values."""
    names_a, names_e = sorted(map(str, actual.data_vars)), sorted(map(str, expected.data_vars))
    assert names_a == names_e, f"variables differ: {names_a} != {names_e}"
    for name in expected.data_vars:
        a, e = actual[name], expected[name]
        assert a.dims == e.dims, f"{name}: dims {a.dims} != {e.dims}"
        xr.testing.assert_allclose(a, e, rtol=rtol)


def assert_conserves_money(projection: xr.Dataset) -> None:
    """Assert the internal accounting holds: cashable never exceeds fiscal, no saving
    exceeds the "as is" reactive cost it comes from, discount
    factors start at 1 and decline, and no money variable is NaN or infinite.

    With dis-benefits (effects that increase an outcome), fiscal is the saving less the
    dis-benefit: the saving (fiscal + dis-benefit) is what cashable never exceeds and
    the reactive cost bounds, and no cashable loss exceeds the dis-benefit."""
    for name in D.MONEY_VARIABLES:
        values = projection[name].to_numpy()
        assert np.isfinite(values).all(), f"{name} has NaN or infinite values"
    if D.DISBENEFIT in projection:
        disbenefit = projection[D.DISBENEFIT]
        assert (disbenefit >= -1e-6).all(), "a dis-benefit is negative"
    else:
        disbenefit = xr.zeros_like(projection[D.FISCAL])
    gross = projection[D.FISCAL] + disbenefit
    assert (projection[D.CASHABLE] <= gross + 1e-6).all(), "cashable > fiscal"
    assert (projection[D.CASHABLE] >= -disbenefit - 1e-6).all(), "cashable loss > dis-benefit"
    saving, as_is = gross, projection[D.BASELINE_COST]
    assert ((saving <= as_is * (1 + 1e-9) + 1e-6) | (saving < 0)).all(), (
        "a saving exceeds the reactive cost it comes from"
    )
    df = projection[D.DISCOUNT_FACTOR].to_numpy()
    assert df[0] == 1.0, "discount factor of year 0 must be 1"
    assert (np.diff(df) <= 0).all(), "discount factors must not increase"


def assert_theme_works(
    spec: ThemeSpec, overrides: dict[str, Any] | None = None, *, horizon: int = 10
) -> Projection:
    """Check a theme the way placebudget uses it, and return the projection of its
    default case.

    Every parameter documents its evidence and every rate a confidence grade; the
    defaults validate; the interventions refer only to the theme's partners; every
    ``ucd:`` code resolves, every unit fits and the case projects, conserving money.
    """
    from placebudget.engine import project
    from placebudget.plugin.authoring import theme_case

    for parameter in spec.parameters:
        assert parameter.source.strip(), f"{spec.name}: {parameter.name} cites no source"
        if parameter.kind is float and parameter.maximum == 1:
            assert parameter.confidence is not None, (
                f"{spec.name}: rate {parameter.name} has no confidence grade"
            )
    assert spec.resolve() == spec.defaults()
    case = theme_case(spec, overrides, horizon=horizon)
    used = {line.partner for i in case.interventions for line in i.costs} | {
        partner for i in case.interventions for e in i.effects for partner in e.fiscal
    }
    undeclared = used - set(spec.partners)
    assert not undeclared, f"{spec.name}: undeclared partners {sorted(undeclared)}"
    projection = project(case)
    assert_conserves_money(projection.dataset)
    return projection


def assert_theme_registered(spec: ThemeSpec, distribution: str) -> None:
    """Assert that ``spec`` is found through the installed entry points, provided by the
    distribution ``distribution`` (for a plugin's own tests, with the plugin installed)."""
    with fresh_plugin_registry(autoload=True) as registry:
        provided = registry.themes()[spec.name]
    assert provided.spec is spec, f"{spec.name}: another object is registered"
    assert provided.plugin.distribution == distribution, (
        f"{spec.name} comes from {provided.plugin.distribution}, not {distribution}"
    )


@contextlib.contextmanager
def fresh_plugin_registry(
    *plugins: object, autoload: bool = False, blocked: tuple[str, ...] = ()
) -> Iterator[PluginRegistry]:
    """A new plugin registry, installed as :func:`placebudget.plugin.get_plugin_registry`'s for
    the duration of the ``with`` block, with ``plugins`` registered after the defaults.

    Entry points are not loaded unless ``autoload`` is true, so a test sees exactly the
    plugins it names.

    Examples
    --------
    >>> import placebudget as pb
    >>> from placebudget.plugin import ReporterSpec
    >>> class TextReport:
    ...     @pb.hookimpl
    ...     def placebudget_reporters(self):
    ...         return [ReporterSpec(name="text", suffix=".txt", description="Plain text.",
    ...                              write=lambda result, path: None)]
    >>> with fresh_plugin_registry(TextReport()) as registry:
    ...     sorted(pb.get_plugin_registry().reporters())
    ['csv', 'excel', 'html', 'json', 'latex', 'markdown', 'netcdf', 'text', 'word']
    """
    from placebudget.plugin import PluginRegistry, reset_plugin_registry

    registry = PluginRegistry(autoload=autoload, blocked=blocked)
    for index, plugin in enumerate(plugins):
        name = getattr(plugin, "__name__", None) or f"{type(plugin).__name__}-{index}"
        registry.register(plugin, name=name, distribution="test")
    previous = reset_plugin_registry(registry)
    try:
        yield registry
    finally:
        reset_plugin_registry(previous)


try:
    import pytest
except ImportError:  # pragma: no cover - pytest is only needed to use the fixture
    pass
else:

    @pytest.fixture
    def plugin_registry() -> Iterator[PluginRegistry]:
        """pytest fixture: a fresh registry with only the default plugins (add yours with
        ``registry.register(plugin, name=...)``). Use it with
        ``pytest_plugins = ["placebudget.testing"]`` in ``conftest.py``."""
        with fresh_plugin_registry() as registry:
            yield registry
