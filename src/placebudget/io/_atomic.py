"""Atomic file output: write to a temporary file beside the target, then rename.

The temporary file is named ``.NAME.placebudget-tmp-HOST-PID-RANDOM.SUFFIX`` (``NAME`` the
target's name, ``SUFFIX`` its suffix, ``HOST`` a short digest of the machine's name, ``PID``
the writing process): no file but this module's can have that name. A write that fails or
is interrupted (an exception, Ctrl-C, or SIGTERM, which the command line turns into an
exit) removes its temporary file; one left by a process killed outright (SIGKILL, a
crash) is removed by the next write to the same target, once that process is gone (or,
for a temporary file from another machine sharing the folder, once it has not changed
for a day). Nothing else beside the target is ever touched.

A writer given a temporary file of this module (a report format's writer, called with the
temporary file of the report) writes into it directly: there is one level of temporary
file, never one inside another.

The file and its folder are synced to the disk around the rename. A report written over
an existing file keeps that file's permissions; a read-only file is not replaced. A disk
that is full, a quota used up or a file larger than the system allows is reported as an
:class:`~placebudget.errors.OutputError` naming the target, with nothing left behind."""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import os
import re
import secrets
import socket
import stat
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from placebudget.errors import OutputError

__all__ = ["TEMPORARY_MARK", "atomic_write", "atomic_write_path"]

#: What every temporary file's name holds after the target's name.
TEMPORARY_MARK = "placebudget-tmp"

#: A temporary file from another machine (or one whose process runs on) is stale once
#: it has not changed for this long, in seconds.
_STALE_AFTER = 24 * 3600

_HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]

#: The temporary files this process is writing (absolute path → the target's).
_ACTIVE: dict[str, Path] = {}
_LOCK = threading.Lock()

#: errno → why a write could not finish.
_FULL = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file would be larger than the system allows",
}
#: libxml2's names of the same (lxml's SerialisationError, raised by openpyxl and
#: python-docx).
_XML_FULL = {"IO_ENOSPC": errno.ENOSPC, "IO_EDQUOT": errno.EDQUOT, "IO_EFBIG": errno.EFBIG}


def _pattern(target: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(f".{target.name}.{TEMPORARY_MARK}-")
        + r"(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]{1,10})-[0-9a-f]{12}"
        + re.escape(target.suffix)
        + r"\Z"
    )


def _temporary(target: Path) -> Path:
    """A new, empty temporary file beside ``target`` (mode 0600 until it is complete)."""
    for _ in range(100):
        name = (
            f".{target.name}.{TEMPORARY_MARK}-{_HOST}-{os.getpid()}-"
            f"{secrets.token_hex(6)}{target.suffix}"
        )
        path = target.parent / name
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    msg = f"no temporary file could be created beside {target}"
    raise FileExistsError(errno.EEXIST, msg)


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (assumed so where it cannot be
    asked without harm)."""
    if os.name == "nt":  # os.kill would end it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it runs, as another user
        return True
    return True


def _stale(path: str, host: str, pid: int, modified: float) -> bool:
    """Whether the temporary file ``path`` (written by ``pid`` on ``host``) was left by a
    write that can no longer finish."""
    old = time.time() - modified > _STALE_AFTER
    if host != _HOST:
        return old
    if pid == os.getpid():  # ours, or a killed earlier process's with the same id
        with _LOCK:
            return os.path.abspath(path) not in _ACTIVE
    return old or not _alive(pid)


def _clean_stale(target: Path) -> None:
    """Remove the temporary files of ``target`` that killed writes left."""
    pattern = _pattern(target)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        found = pattern.match(entry.name)
        if found is None:
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and _stale(
                entry.path, found["host"], int(found["pid"]), info.st_mtime
            ):
                os.unlink(entry.path)


def _mode(target: Path) -> int:
    """The permissions the written file gets: the existing file's, or those a new file
    would get. A read-only existing file is refused."""
    try:
        info = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    except OSError:
        return 0o644
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISREG(info.st_mode) and (
        not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK)
    ):
        msg = (
            f"{target} is read-only, so it was not replaced: make it writable or choose "
            "another file"
        )
        raise OutputError(msg)
    return mode


def _sync_folder(folder: Path) -> None:
    """Sync the folder's entries (the rename) to the disk, where the system allows it."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _full(exc: BaseException) -> int | None:
    """The errno of a full disk (or file size limit) behind ``exc``, if one is."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _FULL:
            return current.errno
        if type(current).__name__ == "SerialisationError" and str(current) in _XML_FULL:
            return _XML_FULL[str(current)]
        current = current.__cause__ or current.__context__
    return None


def _release(exc: BaseException) -> None:
    """Let go at once of what the failed writer held (a library's half-written zip
    member, an XML stream): their own complaints while closing, on a disk that is still
    full, are dropped, as the failure is reported once."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        seen: set[int] = set()
        current: BaseException | None = exc
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            traceback.clear_frames(current.__traceback__)
            current = current.__cause__ or current.__context__
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _failed(exc: BaseException, target: Path, existed: bool) -> BaseException:
    """The error to raise for a write to ``target`` that raised ``exc``: a clear
    :class:`~placebudget.errors.OutputError` when the disk was full, else ``exc``."""
    code = _full(exc)
    if code is None or isinstance(exc, OutputError):
        return exc
    _release(exc)
    left = f"{target} is as it was" if existed else "nothing was left behind"
    return OutputError(f"{target} was not written: {_FULL[code]} ({os.strerror(code)}); {left}")


@contextlib.contextmanager
def _writing(target: Path, *, exclusive: bool = False) -> Iterator[Path]:
    """A temporary file for ``target``, synced and renamed onto it when the block
    completes (linked, with ``exclusive``); or ``target`` itself when it is a temporary
    file this process is writing."""
    with _LOCK:
        outer = _ACTIVE.get(os.path.abspath(target))
    if outer is not None:  # a writer given our temporary file: write into it
        try:
            yield target
        except BaseException as exc:
            failed = _failed(exc, outer, outer.exists())
            if failed is exc:
                raise
            raise failed from exc
        return
    existed = target.exists()
    mode = _mode(target)
    _clean_stale(target)
    tmp = _temporary(target)
    key = os.path.abspath(tmp)
    with _LOCK:
        _ACTIVE[key] = target
    try:
        try:
            yield tmp
            os.chmod(tmp, mode)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            if exclusive:
                os.link(tmp, target)
                tmp.unlink()
            else:
                os.replace(tmp, target)
        except BaseException as exc:
            failed = _failed(exc, target, existed)
            if failed is exc:
                raise
            raise failed from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        with _LOCK:
            _ACTIVE.pop(key, None)
    _sync_folder(target.parent)


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, binary: bool = False, exclusive: bool = False
) -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path``; rename it onto ``path`` only if the block
    finishes without an exception, so a failure never leaves a partial file. With
    ``exclusive``, an existing ``path`` is never replaced: :class:`FileExistsError`,
    even when the file appears while the block runs (the file is linked into place,
    which fails when the name is taken).

    Raises
    ------
    placebudget.errors.OutputError
        ``path`` is read-only, or the disk filled up (or the file passed the size the
        system allows) while it was written; nothing is left behind.

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
    with _writing(target, exclusive=exclusive) as tmp:
        mode = "wb" if binary else "w"
        encoding = None if binary else "utf-8"
        with open(tmp, mode, encoding=encoding) as handle:
            yield handle


def atomic_write_path(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[Path]:
    """Like :func:`atomic_write` for writers that want a path (xlsx, netCDF): the
    temporary file's path, which ends in the target's suffix.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
    >>> with atomic_write_path(target) as tmp:
    ...     _ = tmp.write_text("a,b\\n")
    ...     with atomic_write_path(tmp) as inner:  # one level: the same file
    ...         inner == tmp
    True
    >>> target.read_text(), [p.name for p in target.parent.iterdir()]
    ('a,b\\n', ['out.csv'])
    """
    return _atomic_path(Path(path))


@contextlib.contextmanager
def _atomic_path(target: Path) -> Iterator[Path]:
    with _writing(target) as tmp:
        yield tmp
