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
