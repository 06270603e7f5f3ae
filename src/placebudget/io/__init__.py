"""Reading and writing files: case files, unit cost workbooks, actuals, atomic output.

:func:`atomic_write` and :func:`atomic_write_path` are what every built-in report format
writes through, and what a report format plugin should use: the output appears whole or
not at all.
"""

from placebudget.io._atomic import atomic_write, atomic_write_path

__all__ = ["atomic_write", "atomic_write_path"]
