"""Commands listing the installed plugins: ``themes`` (and one theme in full),
``importers`` and ``formats``."""

from __future__ import annotations

from typing import Any

import click

from placebudget.cli._app import cli, handled
from placebudget.cli._files import registry
from placebudget.cli._render import console, table

__all__ = ["BUNDLED_THEMES", "formats", "importers", "themes"]

#: The theme plugins published with placebudget (``plugins/`` in its repository), each a
#: distribution of its own: distribution name → theme name.
BUNDLED_THEMES: dict[str, str] = {
    "placebudget-theme-domestic-abuse": "domestic-abuse",
    "placebudget-theme-early-years": "early-years",
    "placebudget-theme-health-social-care": "health-social-care",
    "placebudget-theme-public-assets": "public-assets",
    "placebudget-theme-reducing-reoffending": "reducing-reoffending",
    "placebudget-theme-troubled-families": "troubled-families",
    "placebudget-theme-work-skills": "work-skills",
}


def _provider(plugin: Any) -> str:
    return f"[{plugin.distribution} {plugin.version}]"


def _listing(kind: str, rows: list[tuple[str, str, str]], hint: list[str] | None = None) -> int:
    import pandas as pd

    out = console()
    if not rows:
        out.print(f"No {kind} installed.")
    else:
        frame = pd.DataFrame(rows, columns=["name", "what", "provider"]).set_index("name")
        out.print(table(frame, {"what": ("", str), "provider": ("", str)}, index=""))
    for failure in registry().failures:
        out.print(f"  ! {failure}")
    for line in hint or []:
        out.print(line)
    return 0


def _install_hint(installed: set[str]) -> list[str]:
    """How to install the bundled theme plugins that are not installed, or nothing."""
    missing = [dist for dist, name in BUNDLED_THEMES.items() if name not in installed]
    if not missing:
        return []
    lead = "The theme plugins" if len(missing) == len(BUNDLED_THEMES) else "More theme plugins"
    return [
        "",
        f"{lead} published with placebudget are packages of their own; install any with pip:",
        "",
        *(f"  pip install {dist}" for dist in missing),
        "",
        "or from a checkout of the placebudget repository: pip install plugins/NAME.",
        "Then `placebudget themes NAME` shows a theme's parameters and their sources.",
    ]


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
    """List the installed themes with the distribution and version providing each, any
    plugin that failed to load, and how to install the theme plugins published with
    placebudget that are not installed; with NAME, show that theme's parameters, defaults and
    sources."""
    if name is not None:
        return _print_theme(name)
    installed = registry().themes()
    rows = [(n, theme.spec.title, _provider(theme.plugin)) for n, theme in installed.items()]
    return _listing("themes", rows, _install_hint(set(installed)))


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
