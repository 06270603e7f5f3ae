"""The limits placebudget reads input files within, and the checks that hold them.

Case files, workbooks and actuals arrive from other organisations. Before anything is
parsed, an input path must name a regular file (not a directory, a FIFO or a device, which
would block or never end) no larger than its limit; a workbook (a zip archive) must not
declare more uncompressed data, or a higher compression ratio, than its limits; a case's
data may nest no deeper than :data:`MAX_DEPTH`. A table (a sheet of a workbook, a CSV
file) is read row by row, and refused as soon as it passes :data:`MAX_ROWS` rows (or a
smaller limit of its own, such as :data:`MAX_UNIT_COST_ROWS`), :data:`MAX_COLUMNS` columns
or :data:`MAX_CELLS` cells; a sheet that declares a larger size is refused before any row
is read. Every refusal is a :class:`~placebudget.errors.ValidationError` naming the file and
the limit.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> check_input_file(folder, field="case")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
placebudget.errors.ValidationError: case: is not a regular file (a directory, FIFO ...
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from placebudget.errors import ValidationError

__all__ = [
    "MAX_CASE_BYTES",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_DEPTH",
    "MAX_INPUT_BYTES",
    "MAX_ROWS",
    "MAX_UNIT_COST_ROWS",
    "MAX_ZIP_RATIO",
    "MAX_ZIP_UNCOMPRESSED",
    "check_depth",
    "check_input_file",
    "check_zip",
    "read_text",
    "resolve_input",
]

#: Largest case file read (bytes): 8 MiB, far above any real case.
MAX_CASE_BYTES = 8 * 1024 * 1024
#: Largest other input file read (bytes): 128 MiB (unit cost workbooks, actuals).
MAX_INPUT_BYTES = 128 * 1024 * 1024
#: Most data a workbook may declare uncompressed (bytes): 1 GiB.
MAX_ZIP_UNCOMPRESSED = 1024 * 1024 * 1024
#: Highest compression ratio of a workbook member above 1 MiB uncompressed.
MAX_ZIP_RATIO = 200
#: Deepest nesting of tables and lists in a case file.
MAX_DEPTH = 32
#: Most rows of a table (a sheet of a workbook or a CSV file), blank rows included.
MAX_ROWS = 200_000
#: Most columns of a table (column AMJ of a sheet); a cell further right is refused.
MAX_COLUMNS = 1_024
#: Most cells of all the tables of one file (the rows' lengths added up).
MAX_CELLS = 10_000_000
#: Most rows of a Unit Cost Database, all its sheets together (v1.4 has under 1,300).
MAX_UNIT_COST_ROWS = 50_000


def _size(value: int) -> str:
    return f"{value / 1024 / 1024:,.1f} MiB"


def check_input_file(
    path: str | os.PathLike[str], *, field: str = "path", limit: int = MAX_INPUT_BYTES
) -> Path:
    """``path`` as a :class:`~pathlib.Path` once it is known to be a regular file of at
    most ``limit`` bytes.

    Raises
    ------
    placebudget.errors.ValidationError
        The path is missing, unreadable or a symlink loop; not a regular file; or too
        large.
    """
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        msg = f"cannot be read ({reason})"
        raise ValidationError.single(path=field, message=msg, value=str(path)) from exc
    except RuntimeError as exc:  # a symlink loop, on some Pythons
        msg = "cannot be read (a loop of symbolic links)"
        raise ValidationError.single(path=field, message=msg, value=str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        msg = "is not a regular file (a directory, FIFO or device cannot be read as one)"
        raise ValidationError.single(path=field, message=msg, value=str(path))
    if info.st_size > limit:
        msg = f"is {_size(info.st_size)}, larger than the limit of {_size(limit)}"
        raise ValidationError.single(path=field, message=msg, value=str(path))
    return path


def resolve_input(path: str | os.PathLike[str], *, field: str = "path", source: str = "") -> Path:
    """``path`` made absolute with its symbolic links followed, for a file a case refers
    to (``field``, in the file ``source``).

    Raises
    ------
    placebudget.errors.ValidationError
        The path is a loop of symbolic links, or cannot be looked up: named by ``field``
        (and ``source``), never a bare ``RuntimeError``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "a.xlsx").symlink_to(folder / "b.xlsx")
    >>> (folder / "b.xlsx").symlink_to(folder / "a.xlsx")
    >>> resolve_input(folder / "a.xlsx", field="unit_costs", source="case.toml")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    placebudget.errors.ValidationError: case.toml: unit_costs: cannot be read (a loop of ...
    """
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError) as exc:  # RuntimeError: a loop, before Python 3.13
        reason = (
            "a loop of symbolic links"
            if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
            else (getattr(exc, "strerror", None) or type(exc).__name__)
        )
        msg = f"cannot be read ({reason})"
        where = f"{source}: {field}" if source else field
        raise ValidationError.single(path=where, message=msg, value=str(path)) from exc


def read_text(
    path: str | os.PathLike[str], *, field: str = "path", limit: int = MAX_CASE_BYTES
) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes.

    Raises
    ------
    placebudget.errors.ValidationError
        As :func:`check_input_file`, or the file is not UTF-8 text.
    """
    checked = check_input_file(path, field=field, limit=limit)
    try:
        with checked.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        msg = f"cannot be read ({exc.strerror or type(exc).__name__})"
        raise ValidationError.single(path=field, message=msg, value=str(checked)) from exc
    if len(data) > limit:  # it grew after the check
        msg = f"is larger than the limit of {_size(limit)}"
        raise ValidationError.single(path=field, message=msg, value=str(checked))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"is not UTF-8 text (byte {exc.start} is {data[exc.start]:#04x}); save it as UTF-8"
        raise ValidationError.single(path=field, message=msg, value=str(checked)) from exc


def check_zip(
    path: str | os.PathLike[str],
    *,
    field: str = "path",
    uncompressed: int = MAX_ZIP_UNCOMPRESSED,
    ratio: int = MAX_ZIP_RATIO,
) -> None:
    """Refuse a zip archive (an ``.xlsx`` workbook) that declares more than
    ``uncompressed`` bytes in all, or a member above 1 MiB compressed more than ``ratio``
    times: the marks of a decompression bomb. Read from the archive's directory, before
    anything is inflated.

    Raises
    ------
    placebudget.errors.ValidationError
        The archive is over a limit, or is not a zip archive.
    """
    checked = check_input_file(path, field=field)
    try:
        with zipfile.ZipFile(checked) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        msg = f"is not a readable .xlsx workbook (not a zip archive: {exc})"
        raise ValidationError.single(path=field, message=msg, value=str(checked)) from exc
    total = sum(member.file_size for member in members)
    if total > uncompressed:
        msg = (
            f"declares {_size(total)} uncompressed, more than the limit of "
            f"{_size(uncompressed)} (a decompression bomb?)"
        )
        raise ValidationError.single(path=field, message=msg, value=str(checked))
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > ratio * max(
            member.compress_size, 1
        ):
            times = member.file_size // max(member.compress_size, 1)
            msg = (
                f"member {member.filename!r} inflates {times:,} times, more than the "
                f"limit of {ratio} (a decompression bomb?)"
            )
            raise ValidationError.single(path=field, message=msg, value=str(checked))


def check_depth(data: Any, *, limit: int = MAX_DEPTH, field: str = "") -> None:
    """Refuse data whose tables and lists nest deeper than ``limit`` (checked without
    recursion).

    Raises
    ------
    placebudget.errors.ValidationError
        The data nests too deep.
    """
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping | list | tuple):
            if depth > limit:
                msg = f"nests tables and lists deeper than the limit of {limit}"
                raise ValidationError.single(path=field, message=msg, value=depth)
            children = item.values() if isinstance(item, Mapping) else item
            stack.extend((child, depth + 1) for child in children)
