"""Atomic file output: write to a temporary file beside the target, then rename.

A write that fails or is interrupted (an exception, Ctrl-C, or SIGTERM, which the
command line turns into an exit) removes its temporary file; one left by a run that was
killed outright is removed by the next write to the same target."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_write", "atomic_write_path"]


#: When this process started: temporary files older than it are left from an earlier run.
_STARTED = time.time()


def _clean_stale(directory: Path, prefix: str, suffix: str) -> None:
    """Remove the temporary files an interrupted earlier write to the same target left
    (``.NAME.XXXXXXXX.tmp``): they are this module's by name, and older than this run."""
    pattern = re.compile(re.escape(prefix) + r"[A-Za-z0-9_]{8}" + re.escape(suffix) + r"\Z")
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if not pattern.match(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < _STARTED:
                os.unlink(entry.path)


def _usual_mode(path: Path) -> None:
    """Give the temporary file the permissions a new file would get (mkstemp uses 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, binary: bool = False, exclusive: bool = False
) -> Iterator[IO[str]]:
    """Open a temporary file next to ``path``; rename it onto ``path`` only if the block
    finishes without an exception, so a failure never leaves a partial file. With
    ``exclusive``, an existing ``path`` is never replaced: :class:`FileExistsError`,
    even when the file appears while the block runs (the file is linked into place,
    which fails when the name is taken).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.md"
    >>> with atomic_write(target) as handle:
    ...     _ = handle.write("# Report")
    >>> target.read_text()
    '# Report'
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    _clean_stale(directory, f".{target.name}.", ".tmp")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        mode = "wb" if binary else "w"
        encoding = None if binary else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _usual_mode(tmp)
        if exclusive:
            os.link(tmp, target)
            tmp.unlink()
        else:
            os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_path(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[Path]:
    """Like :func:`atomic_write` for writers that want a path (xlsx, netCDF)."""
    return _atomic_path(Path(path))


@contextlib.contextmanager
def _atomic_path(target: Path) -> Iterator[Path]:
    _clean_stale(target.parent, f".{target.stem}.", target.suffix)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _usual_mode(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
