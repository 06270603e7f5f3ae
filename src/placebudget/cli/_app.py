"""The ``placebudget`` command group, its options, and how every command fails: a
placebudget error, a usage error or an OS error is one line on standard error and exit
code 1; anything else — a plugin's exception, or a plugin or library ending the process
with ``sys.exit`` (whatever its code) before the command finished — is reported as a bug
(exit code 2) unless ``--debug`` asks for the traceback; an interrupt or SIGTERM leaves
no half-written file. The error line is printed with its control characters made
visible, as everything the command line prints."""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from placebudget._version import __version__

__all__ = ["MAX_SEED", "SEED", "UsageError", "cli", "handled", "main"]

F = TypeVar("F", bound=Callable[..., Any])


#: Largest ``--seed`` (the seeds are 0 to 2**32 - 1: a whole number that every report
#: format records as it is).
MAX_SEED = 2**32 - 1

#: The type of every ``--seed`` option: a seed out of range is a usage error (exit 2)
#: naming the range, before anything is read.
SEED = click.IntRange(0, MAX_SEED)


class UsageError(Exception):
    """A command given arguments it cannot use (reported without a traceback)."""


class _Terminated(SystemExit):
    """The exit SIGTERM asks for (told apart from a ``sys.exit`` in a plugin's code)."""


def _fail(message: str) -> None:
    from placebudget.cli._render import printable

    click.echo(printable(message), err=True)


def handled(function: F) -> F:
    """Run a command's body with the command line's error handling; its return value is
    the exit code (a non-zero one ends the command through :meth:`click.Context.exit`, so
    that it is the process's exit code however the group is invoked)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> int:
        code = _run(function, *args, **kwargs)
        if code:
            click.get_current_context().exit(code)
        return 0

    return run  # type: ignore[return-value]


def _run(function: Callable[..., int], *args: Any, **kwargs: Any) -> int:
    """Run ``function``, reporting failures as one line on standard error."""
    from placebudget.errors import PlaceBudgetError, ValidationError

    context = click.get_current_context()
    name = context.info_name
    debug = bool((context.find_root().obj or {}).get("debug"))
    try:
        code: int = function(*args, **kwargs)
    except BrokenPipeError:
        # the reader went away (``placebudget run case.toml | head``): stop quietly, as
        # a command killed by SIGPIPE does, and keep Python from complaining at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except (PlaceBudgetError, UsageError, OSError) as exc:
        if debug:
            raise
        cases = (context.find_root().obj or {}).get("cases", [])
        if isinstance(exc, ValidationError) and len(cases) == 1:
            from placebudget.io.case_file import with_lines

            exc = with_lines(exc, cases[0])  # found after reading: give them their lines
        _fail(f"placebudget {name}: error: {exc}")
        return 1
    except KeyboardInterrupt:
        _fail(f"placebudget {name}: interrupted; no report was left half-written")
        return 130
    except (_Terminated, click.exceptions.Exit, click.ClickException):
        raise  # SIGTERM, and click's own exits and usage errors: handled by main
    except SystemExit as exc:
        if debug:
            raise
        # a plugin (or a library) ended the process mid-command: whatever the code it
        # gave, the command did not finish, and saying nothing with exit 0 would pass
        # for a report written
        _fail(
            f"placebudget {name}: error: the command was ended by sys.exit({exc.code!r}) "
            "before it finished, and did not complete; no report was written or changed "
            "(this is a bug in placebudget or a plugin; run with --debug for the details)"
        )
        return 2
    except Exception as exc:
        if debug:
            raise
        _fail(
            f"placebudget {name}: error: {type(exc).__name__}: {exc} (this is a bug "
            "in placebudget or a plugin; run with --debug for the details)"
        )
        return 2
    return code


@click.group(name="placebudget", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="placebudget", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def cli(context: click.Context, debug: bool) -> None:
    """Place-based budgeting: appraise a business case for pooled budgets."""
    context.obj = {"debug": debug}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``placebudget`` command; returns the exit code.

    Examples
    --------
    >>> main(["--version"])  # doctest: +ELLIPSIS
    placebudget ...
    0
    """

    def terminated(signum: int, frame: Any) -> None:
        # an exit, so that every partly written report removes its temporary file
        raise _Terminated(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="placebudget",
            standalone_mode=False,
        )
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        _fail("placebudget: interrupted")
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    return int(code or 0)
