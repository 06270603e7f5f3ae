"""The one way the hostile-input tests run the real program: a subprocess with its address
space capped (:data:`MEMORY_CAP`), a timeout, plugins not auto-loaded and one BLAS
thread, so that a hostile file that would exhaust memory or hang fails its test instead
of the machine. Imported by the ``test_hostile*.py`` modules (``tests`` is on pytest's
``pythonpath``)."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, overload

__all__ = ["MEMORY_CAP", "TIMEOUT", "cli", "env", "limits", "run_python"]

MEMORY_CAP = 4 * 1024**3  # bytes of address space for each run
TIMEOUT = 180.0  # seconds for each run (each takes seconds)

#: The command line as ``python -c`` runs it.
_MAIN = "import sys; from placebudget.cli import main; sys.exit(main())"


def env() -> dict[str, str]:
    """The environment of every run: plugins not auto-loaded, one BLAS thread."""
    return {**os.environ, "PLACEBUDGET_DISABLE_PLUGIN_AUTOLOAD": "1", "OPENBLAS_NUM_THREADS": "1"}


def limits(file_size: int | None = None) -> Callable[[], None]:
    """The ``preexec_fn`` of every run: the memory cap, and with ``file_size`` a full disk
    (writes past it fail with EFBIG, SIGXFSZ ignored)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return limit


@overload
def run_python(
    code: str,
    *args: str,
    cwd: Path,
    timeout: float = ...,
    file_size: int | None = ...,
    text: Literal[True] = ...,
    **popen: Any,
) -> subprocess.CompletedProcess[str]: ...
@overload
def run_python(
    code: str,
    *args: str,
    cwd: Path,
    timeout: float = ...,
    file_size: int | None = ...,
    text: Literal[False],
    **popen: Any,
) -> subprocess.CompletedProcess[bytes]: ...
def run_python(
    code: str,
    *args: str,
    cwd: Path,
    timeout: float = TIMEOUT,
    file_size: int | None = None,
    text: bool = True,
    **popen: Any,
) -> subprocess.CompletedProcess[Any]:
    """``python -c code args`` in ``cwd``, capped; its output as text, or as bytes with
    ``text=False`` (so that every byte is seen)."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        text=text,
        timeout=timeout,
        preexec_fn=limits(file_size),
        env=env(),
        check=False,
        **popen,
    )


@overload
def cli(
    *args: str,
    cwd: Path,
    timeout: float = ...,
    file_size: int | None = ...,
    text: Literal[True] = ...,
    **popen: Any,
) -> subprocess.CompletedProcess[str]: ...
@overload
def cli(
    *args: str,
    cwd: Path,
    timeout: float = ...,
    file_size: int | None = ...,
    text: Literal[False],
    **popen: Any,
) -> subprocess.CompletedProcess[bytes]: ...
def cli(
    *args: str,
    cwd: Path,
    timeout: float = TIMEOUT,
    file_size: int | None = None,
    text: bool = True,
    **popen: Any,
) -> subprocess.CompletedProcess[Any]:
    """The real command line ``placebudget args`` in ``cwd``, capped (see
    :func:`run_python`)."""
    return run_python(
        _MAIN, *args, cwd=cwd, timeout=timeout, file_size=file_size, text=text, **popen
    )
