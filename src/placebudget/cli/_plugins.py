"""Commands listing the installed plugins: ``themes`` (and one theme in full),
``importers`` and ``formats``."""

from __future__ import annotations

from typing import Any

import click

from placebudget.cli._app import cli, handled
from placebudget.cli._files import registry
from placebudget.cli._render import console, table

__all__ = ["formats", "importers", "themes"]


def _provider(plugin: Any) -> str:
    return f"[{plugin.distribution} {plugin.version}]"


def _listing(kind: str, rows: list[tuple[str, str, str]]) -> int:
    import pandas as pd

    out = console()
    if not rows:
        out.print(f"No {kind} installed.")
    else:
        frame = pd.DataFrame(rows, columns=["name", "what", "provider"]).set_index("name")
        out.print(table(frame, {"what": ("", str), "provider": ("", str)}, index=""))
    for failure in registry().failures:
        out.print(f"  ! {failure}")
    return 0


def _print_theme(name: str) -> int:
    spec = registry().theme(name)
    out = console()
    out.print(f"{spec.name}: {spec.title}")
    out.print()
    out.print(f"  {spec.description}")
    out.print()
    out.print(f"  partners: {', '.join(f'{k} ({v})' for k, v in spec.partners.items())}")
    out.print()
    for parameter in spec.parameters:
        grade = f", grade {parameter.confidence}" if parameter.confidence else ""
        out.print(f"  {parameter.name} = {parameter.default!r}  ({parameter.kind.__name__})")
        out.print(f"      {parameter.description}")
        out.print(f"      source: {parameter.source}{grade}")
    return 0


@cli.command()
@click.argument("name", required=False)
@handled
def themes(name: str | None) -> int:
    """List the installed themes with the distribution and version providing each, and
    any plugin that failed to load; with NAME, show that theme's parameters, defaults and
    sources."""
    if name is not None:
        return _print_theme(name)
    rows = [
        (n, theme.spec.title, _provider(theme.plugin)) for n, theme in registry().themes().items()
    ]
    return _listing("themes", rows)


@cli.command()
@handled
def importers() -> int:
    """List the installed importers with the distribution and version providing each,
    and any plugin that failed to load."""
    rows = [
        (
            n,
            f"{p.spec.kind} from {' '.join(p.spec.suffixes)}: {p.spec.description}",
            _provider(p.plugin),
        )
        for n, p in registry().importers().items()
    ]
    return _listing("importers", rows)


@cli.command()
@handled
def formats() -> int:
    """List the installed report formats with the distribution and version providing
    each, and any plugin that failed to load."""
    rows = [
        (n, f"{p.spec.suffix}  {p.spec.description}", _provider(p.plugin))
        for n, p in registry().reporters().items()
    ]
    return _listing("report formats", rows)
