"""Example business cases shipped with placebudget (also in the repository's
``examples/`` folder).

Examples
--------
>>> example_path("troubled_families").name
'troubled_families.toml'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["ACTUALS", "EXAMPLES", "actuals_path", "example_path", "places_path"]

#: Names of the bundled example cases.
EXAMPLES: tuple[str, ...] = ("troubled_families", "west_cheshire", "northtown")
#: Names of the bundled (synthetic) actuals files, by the case they go with.
ACTUALS: tuple[str, ...] = ("west_cheshire",)


def example_path(name: str = "troubled_families") -> Path:
    """Path of a bundled example case file."""
    if name not in EXAMPLES:
        msg = f"unknown example {name!r}; choose one of {', '.join(EXAMPLES)}"
        raise KeyError(msg)
    return Path(str(resources.files("placebudget.examples").joinpath(f"{name}.toml")))


def actuals_path(name: str = "west_cheshire") -> Path:
    """Path of a bundled, synthetic actuals file for the example case ``name``."""
    if name not in ACTUALS:
        msg = f"no example actuals for {name!r}; choose one of {', '.join(ACTUALS)}"
        raise KeyError(msg)
    return Path(str(resources.files("placebudget.examples").joinpath(f"{name}_actuals.csv")))


def places_path() -> Path:
    """Path of the bundled place table (ten invented places, for ``placebudget
    aggregate``: an intake, value and cost scale for each, illustrative, not real
    figures)."""
    return Path(str(resources.files("placebudget.examples").joinpath("places.csv")))
