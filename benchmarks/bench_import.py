"""How long ``import placebudget`` takes (heavy libraries are imported lazily)."""

from __future__ import annotations

import subprocess
import sys


def timeraw_import_placebudget() -> str:
    return "import placebudget"


def track_heavy_modules_after_import() -> int:
    """Number of heavy libraries (xarray, pandas, pint, matplotlib, dask) loaded by a bare
    ``import placebudget``: 0 is the target."""
    code = (
        "import sys, placebudget; print(sum(m in sys.modules for m in "
        "('xarray', 'pandas', 'pint', 'matplotlib', 'dask')))"
    )
    return int(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
    )


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
        subprocess.run(
            [sys.executable, *arguments], check=True, capture_output=True, cwd=self.folder
        )

    def time_import_xarray(self) -> None:
        self._run("-c", "import xarray")

    def time_validate(self) -> None:
        self._run("-m", "placebudget.cli", "validate", _example())

    def time_run_markdown(self) -> None:
        import pathlib

        pathlib.Path(self.folder, "x.md").unlink(missing_ok=True)
        self._run("-m", "placebudget.cli", "run", _example(), "-o", "x.md")

    def _ratio(self, *arguments: str) -> float:
        """Median time of the command over the median of ``python -c "import xarray"``,
        nine of each taken in turns (a single start-up time is noisy on a shared
        machine; taken in turns, both meet the same noise)."""
        import statistics
        import time

        def timed(*command: str) -> float:
            start = time.perf_counter()
            self._run(*command)
            return time.perf_counter() - start

        pairs = [(timed(*arguments), timed("-c", "import xarray")) for _ in range(9)]
        return statistics.median(p[0] for p in pairs) / statistics.median(p[1] for p in pairs)

    def track_validate_over_import_xarray(self) -> float:
        return self._ratio("-m", "placebudget.cli", "validate", _example())

    track_validate_over_import_xarray.unit = "ratio"  # type: ignore[attr-defined]

    def track_run_markdown_over_import_xarray(self) -> float:
        return self._ratio("-m", "placebudget.cli", "run", _example(), "-o", "x.md")

    track_run_markdown_over_import_xarray.unit = "ratio"  # type: ignore[attr-defined]
