"""The ``placebudget`` command, on click, printing with rich.

Each command is a thin layer over the library: it reads files through the plugin
registry, calls the engine, and prints the report frames as tables. See the command line
reference in the docs (``docs/reference/cli.md``) for every command and option.
"""

from placebudget.cli import (  # noqa: F401 (registers commands)
    _appraise,
    _plugins,
    _reference,
    _serve,
    _start,
    _uncertainty,
)
from placebudget.cli._app import cli, main

__all__ = ["cli", "main"]
