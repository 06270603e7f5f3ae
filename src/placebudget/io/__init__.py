"""Reading and writing files: case files, unit cost workbooks, actuals, atomic output.

:func:`atomic_write` and :func:`atomic_write_path` are what every built-in report format
writes through, and what a report format plugin should use: the output appears whole or
not at all. :func:`sheet_rows` and :func:`open_xlsx` read ``.xlsx`` workbooks the way the
built-in importers do, with every failure a :class:`~placebudget.errors.ValidationError`
naming the file or the sheet; importer plugins should use them too.
:func:`read_deflators` reads a deflator series a case supplies as a file.
:func:`structure_case`, :func:`load_case` and :func:`dump_case` turn plain data and case
files into business cases and back; a ``theme`` key is expanded with the ``themes`` they
are given (:func:`placebudget.api.load_case` gives the installed ones).
"""

from placebudget.io._atomic import atomic_write, atomic_write_path
from placebudget.io._workbooks import open_xlsx, sheet_rows
from placebudget.io.case_file import dump_case, load_case, structure_case
from placebudget.io.deflators import read_deflators

__all__ = [
    "atomic_write",
    "atomic_write_path",
    "dump_case",
    "load_case",
    "open_xlsx",
    "read_deflators",
    "sheet_rows",
    "structure_case",
]
