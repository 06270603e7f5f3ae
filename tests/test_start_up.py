"""What a command imports: ``validate`` checks a case without xarray, pandas or
matplotlib, and the plugin hook specifications import nothing of the model (timed in
``benchmarks/bench_import.py``, never here)."""

from __future__ import annotations

import json
import subprocess
import sys

from placebudget.examples import example_path

HEAVY = ("xarray", "pandas", "matplotlib", "dask.array", "openpyxl", "scipy")


def _imported(code: str) -> list[str]:
    probe = (f"{code}\nimport json, sys\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('xarray', "
             "'pandas', 'matplotlib', 'dask', 'openpyxl', 'scipy', 'pint', "
             "'placebudget')))))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    found: list[str] = json.loads(run.stdout.splitlines()[-1])
    return found


def test_validate_imports_no_array_or_table_library() -> None:
    case = str(example_path("northtown"))
    modules = _imported(f"import sys\nsys.argv = ['placebudget', 'validate', {case!r}]\n"
                        "from placebudget.cli import main\n"
                        "try:\n    main()\nexcept SystemExit as stop:\n"
                        "    assert stop.code == 0, stop.code")
    assert set(HEAVY).isdisjoint(modules)
    assert "placebudget.engine.checks" in modules
    assert "placebudget.engine.project" not in modules


def test_the_hook_specifications_do_not_import_the_model() -> None:
    modules = _imported("import placebudget.plugin.hookspecs")
    assert "pint" not in modules
    assert not [m for m in modules if m.startswith("placebudget.model.")
                and m != "placebudget.model.validation"]
