"""``placebudget serve``: the browser workbench over a folder of case files, served by
waitress on loopback, reached with a random access token printed with its address."""

from __future__ import annotations

import ipaddress
import secrets
import threading
import webbrowser
from pathlib import Path

import click

from placebudget.cli._app import UsageError, cli, handled
from placebudget.cli._render import console, error_console

__all__ = ["is_loopback", "serve"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``localhost``, ``127.0.0.0/8``,
    ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


@cli.command()
@click.argument(
    "folder",
    required=False,
    default=".",
    type=click.Path(path_type=Path, file_okay=False, dir_okay=True, exists=True),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but this machine (loopback) lets other "
    "machines reach the workbench: a warning is printed, and the token is still needed.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--no-browser", is_flag=True, help="Do not open the workbench in a browser.")
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Requests served at once.",
)
@handled
def serve(folder: Path, host: str, port: int, no_browser: bool, threads: int) -> int:
    """Open the browser workbench over the case files in FOLDER (default: this folder):
    check business cases, read their results, download their reports and edit them in
    forms, in a browser. The address printed carries a random access token: whoever has
    it can read and change the folder's cases, so share it with no one."""
    from waitress.server import create_server

    from placebudget.web import create_app

    token = secrets.token_urlsafe(32)
    app = create_app(folder, token=token)
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="placebudget")
    except OSError as exc:
        msg = (
            f"cannot listen on {host} port {port} ({exc.strerror or exc}); "
            "give another with --port (0 for any free port)"
        )
        raise UsageError(msg) from exc
    bound = int(getattr(server, "effective_port", port))
    url = f"{_address(host, bound)}?token={token}"
    if not is_loopback(host):
        error_console().print(
            f"placebudget serve: warning: listening on {host}, not only on this machine: "
            "anyone who can reach it and has the address below (with its token) can read "
            "and change the cases in the folder. The connection is not encrypted."
        )
    out = console()
    out.print(f"placebudget workbench over {Path(folder).resolve()}")
    out.print("Open this address in a browser (it carries the access token):")
    click.echo(f"    {url}")  # one line, never wrapped: it is copied whole
    out.print("Press Ctrl+C to stop.")
    if not no_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run()
    except KeyboardInterrupt:
        out.print("Stopped.")
    finally:
        server.close()
    return 0
