"""How long ``import placebudget`` takes (heavy libraries are imported lazily)."""

from __future__ import annotations

import subprocess
import sys


def timeraw_import_placebudget() -> str:
    return "import placebudget"


def track_heavy_modules_after_import() -> int:
    """Number of heavy libraries (xarray, pandas, pint, matplotlib, dask) loaded by a bare
    ``import placebudget``: 0 is the target."""
    code = ("import sys, placebudget; print(sum(m in sys.modules for m in "
            "('xarray', 'pandas', 'pint', 'matplotlib', 'dask')))")
    return int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                              text=True).stdout)


def _example() -> str:
    from placebudget.examples import example_path

    return str(example_path("northtown"))


class StartUp:
    """Commands from a fresh interpreter on the bundled example, against ``python -c
    "import xarray"`` on the same machine (the target: under 2× that)."""

    timeout = 120

    def setup(self) -> None:
        import tempfile

        self.folder = tempfile.mkdtemp()

    def _run(self, *arguments: str) -> None:
        subprocess.run([sys.executable, *arguments], check=True, capture_output=True,
                       cwd=self.folder)

    def time_import_xarray(self) -> None:
        self._run("-c", "import xarray")

    def time_validate(self) -> None:
        self._run("-m", "placebudget.cli", "validate", _example())

    def time_run_markdown(self) -> None:
        import pathlib

        pathlib.Path(self.folder, "x.md").unlink(missing_ok=True)
        self._run("-m", "placebudget.cli", "run", _example(), "-o", "x.md")
