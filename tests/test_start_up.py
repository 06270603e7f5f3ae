"""What a command imports: ``validate`` checks a case without xarray, pandas or
matplotlib, ``run -o x.md`` appraises and reports it without xarray or dask's arrays, and
the plugin hook specifications import nothing of the model (timed in
``benchmarks/bench_import.py``, never here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from placebudget.examples import example_path

HEAVY = ("xarray", "pandas", "matplotlib", "dask.array", "openpyxl", "scipy")


def _imported(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('xarray', "
        "'pandas', 'matplotlib', 'dask', 'openpyxl', 'scipy', 'pint', "
        "'placebudget')))))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    found: list[str] = json.loads(run.stdout.splitlines()[-1])
    return found


def _heavy(modules: list[str], allowed: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """The heavy libraries among ``modules`` that pint does not import itself (pint
    imports scipy when it is installed, as in an environment with the ``formulas``
    test dependency: that is pint's, not the command's)."""
    from_pint = set(_imported("import pint"))
    return {m for m in HEAVY if m in modules and m not in from_pint and m not in allowed}


def test_validate_imports_no_array_or_table_library() -> None:
    case = str(example_path("northtown"))
    modules = _imported(
        f"import sys\nsys.argv = ['placebudget', 'validate', {case!r}]\n"
        "from placebudget.cli import main\n"
        "try:\n    main()\nexcept SystemExit as stop:\n"
        "    assert stop.code == 0, stop.code"
    )
    assert _heavy(modules) == set()
    assert "placebudget.engine.checks" in modules
    assert "placebudget.engine.projection" not in modules


def test_a_markdown_run_imports_no_labelled_array_library(tmp_path: Path) -> None:
    case, report = str(example_path("northtown")), str(tmp_path / "report.md")
    modules = _imported(
        f"import sys\nsys.argv = ['placebudget', 'run', {case!r}, '-o', "
        f"{report!r}]\nfrom placebudget.cli import main\n"
        "try:\n    main()\nexcept SystemExit as stop:\n"
        "    assert stop.code in (0, None), stop.code"
    )
    assert (tmp_path / "report.md").read_text().startswith("# Northtown")
    assert _heavy(modules, allowed={"pandas"}) == set()
    assert "placebudget.engine.projection" in modules  # it did project the case


def test_the_hook_specifications_do_not_import_the_model() -> None:
    modules = _imported("import placebudget.plugin.hookspecs")
    assert "pint" not in modules
    assert not [
        m
        for m in modules
        if m.startswith("placebudget.model.") and m != "placebudget.model.validation"
    ]
