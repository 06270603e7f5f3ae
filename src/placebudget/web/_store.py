"""Where the workbench's cases are kept: the :class:`CaseStore` interface, and
:class:`FolderStore`, the TOML case files of one folder.

A store hands out a case file's text with a *version* (the SHA-256 of its bytes) and
saves only over the version the edit started from, so that a file changed on disk since
it was opened (in an editor, by ``git pull``, by another browser tab) is never
overwritten: the save is refused with :class:`SaveConflict` and nothing is written. A
shared server with sign-in can keep cases elsewhere (a database, a repository) behind
the same interface.

:class:`FolderStore` reads and writes nothing outside its folder: a name is one plain
``.toml`` file name in it (no folders, no ``..``, no absolute or drive names, no
control characters, no hidden files), and a symbolic link that leads out of the folder
is refused as if it were not there.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import stat
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import attrs

from placebudget.errors import PlaceBudgetError
from placebudget.io import atomic_write_path
from placebudget.io.limits import MAX_CASE_BYTES

__all__ = [
    "CaseEntry",
    "CaseNotFound",
    "CaseStore",
    "CaseText",
    "FolderStore",
    "SaveConflict",
    "version_of",
]


class CaseNotFound(PlaceBudgetError, LookupError):
    """No case of that name in the store (or a name the store refuses to look up)."""


class SaveConflict(PlaceBudgetError, RuntimeError):
    """A save refused because the case changed in the store since the edit started."""


def version_of(data: bytes) -> str:
    """The version token of a case file's bytes: their SHA-256, in hex."""
    return hashlib.sha256(data).hexdigest()


@attrs.frozen(kw_only=True)
class CaseEntry:
    """One case in a store's list."""

    name: str
    """The case's name in the store (the file name, ``northtown.toml``)."""
    modified: _dt.datetime
    """When it last changed (UTC)."""
    size: int
    """Its size in bytes."""


@attrs.frozen(kw_only=True)
class CaseText:
    """A case file as read: its text and the version it was read at."""

    name: str
    text: str
    version: str
    """The SHA-256 of the bytes read (see :func:`version_of`)."""
    modified: _dt.datetime


class CaseStore(Protocol):
    """The cases a workbench works on."""

    def list(self) -> Sequence[CaseEntry]:
        """Every case, by name."""
        ...

    def read(self, name: str) -> CaseText:
        """The case ``name`` (:class:`CaseNotFound` when there is none)."""
        ...

    def path(self, name: str) -> Path:
        """A file holding the case ``name`` as read, for the readers that take a path
        (:class:`CaseNotFound` when there is none)."""
        ...

    def save(
        self,
        name: str,
        text: str,
        expected_version: str | None,
        *,
        check: Callable[[Path], None] | None = None,
    ) -> str:
        """Save ``text`` as the case ``name`` and return its new version, only if the
        case is still at ``expected_version`` (``None``: only if there is no such case
        yet); :class:`SaveConflict` otherwise, and nothing is written. ``check`` is
        given the file written before it replaces the case; what it raises is raised and
        nothing is written."""
        ...


_REFUSED_CHARACTERS = frozenset('/\\:*?"<>|\0')


def _plain_name(name: str) -> bool:
    """Whether ``name`` is one plain ``.toml`` file name (on any system)."""
    return (
        0 < len(name) <= 255
        and name.lower().endswith(".toml")
        and len(name) > len(".toml")
        and not name.startswith((".", " "))
        and not name.endswith((" ", "."))
        and not any(c in _REFUSED_CHARACTERS for c in name)
        and not any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} for c in name)
        and Path(name).name == name
        and not Path(name).is_absolute()
    )


class FolderStore:
    """The ``.toml`` case files directly in ``folder`` (see the module's notes)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder).resolve(strict=True)
        if not self.folder.is_dir():
            msg = f"{self.folder} is not a folder"
            raise NotADirectoryError(msg)

    def _inside(self, name: str) -> Path:
        """The path of ``name`` in the folder, if it is a plain name whose real path is
        a regular file in the folder itself; :class:`CaseNotFound` otherwise."""
        if not _plain_name(name):
            msg = f"{name!r} is not the name of a case file in the folder"
            raise CaseNotFound(msg)
        path = self.folder / name
        try:
            real = path.resolve(strict=True)
            mode = real.stat().st_mode
        except (OSError, RuntimeError) as exc:
            msg = f"there is no case file {name!r} in the folder"
            raise CaseNotFound(msg) from exc
        if real.parent != self.folder or not stat.S_ISREG(mode):
            msg = f"there is no case file {name!r} in the folder"
            raise CaseNotFound(msg)
        return path

    def list(self) -> list[CaseEntry]:
        found = []
        for entry in sorted(os.scandir(self.folder), key=lambda e: e.name.lower()):
            try:
                path = self._inside(entry.name)
                info = path.stat()
            except (CaseNotFound, OSError):
                continue
            modified = _dt.datetime.fromtimestamp(info.st_mtime, tz=_dt.UTC)
            found.append(CaseEntry(name=entry.name, modified=modified, size=info.st_size))
        return found

    def path(self, name: str) -> Path:
        return self._inside(name)

    def _bytes(self, path: Path) -> bytes:
        with path.open("rb") as handle:
            data = handle.read(MAX_CASE_BYTES + 1)
        if len(data) > MAX_CASE_BYTES:
            msg = f"{path.name} is over the limit of {MAX_CASE_BYTES:,} bytes for a case file"
            raise CaseNotFound(msg)
        return data

    def read(self, name: str) -> CaseText:
        path = self._inside(name)
        data = self._bytes(path)
        modified = _dt.datetime.fromtimestamp(path.stat().st_mtime, tz=_dt.UTC)
        return CaseText(
            name=name,
            text=data.decode("utf-8", errors="replace"),
            version=version_of(data),
            modified=modified,
        )

    def _current_version(self, name: str) -> str | None:
        try:
            path = self._inside(name)
        except CaseNotFound:
            if (self.folder / name).exists() or (self.folder / name).is_symlink():
                raise  # there, but not a file of the folder: never written over
            return None
        return version_of(self._bytes(path))

    def save(
        self,
        name: str,
        text: str,
        expected_version: str | None,
        *,
        check: Callable[[Path], None] | None = None,
    ) -> str:
        if not _plain_name(name):
            msg = f"{name!r} is not the name of a case file in the folder"
            raise CaseNotFound(msg)
        data = text.encode("utf-8")
        if len(data) > MAX_CASE_BYTES:
            msg = f"the case is over the limit of {MAX_CASE_BYTES:,} bytes"
            raise ValueError(msg)
        target = self.folder / name
        conflict = (
            f"{name} was changed on disk since you opened it, so your changes were not "
            "saved (saving them would have overwritten the other changes). Open the case "
            "again to see it as it is now, and make your changes again."
        )
        if self._current_version(name) != expected_version:
            raise SaveConflict(conflict)
        with atomic_write_path(target) as written:
            written.write_bytes(data)
            if check is not None:
                check(written)
            # checked again just before the file is replaced: a change made while the
            # new text was being checked is not overwritten either
            if self._current_version(name) != expected_version:
                raise SaveConflict(conflict)
        return version_of(data)
