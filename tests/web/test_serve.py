"""``placebudget serve``: loopback by default, the address printed with a random token,
the browser opened unless ``--no-browser``, a warning for any other host (the token
still needed), and the other commands never importing the web stack."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from flask import Flask

from placebudget.cli import main
from placebudget.cli._serve import is_loopback


class _Server:
    """waitress's server, not listening: records the app and what it was given."""

    made: ClassVar[list[_Server]] = []

    def __init__(self, app: Flask, **options: Any) -> None:
        self.app, self.options, self.effective_port = app, options, 43210
        self.closed = False
        _Server.made.append(self)

    def run(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    import threading
    import webbrowser

    import waitress.server

    opened: list[str] = []
    _Server.made.clear()
    monkeypatch.setattr(waitress.server, "create_server", _Server)
    monkeypatch.setattr(webbrowser, "open", opened.append)

    class _Now:  # the browser opened at once, not after the server starts
        def __init__(self, delay: float, function: Any, args: tuple[Any, ...]) -> None:
            self.call = lambda: function(*args)

        def start(self) -> None:
            self.call()

    monkeypatch.setattr(threading, "Timer", _Now)
    return {"opened": opened, "servers": _Server.made}


def test_loopback_hosts() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "localhost", "::1", "127.1.2.3", "[::1]"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.2", "::", "example.org"]))


def test_serve_binds_loopback_and_prints_a_token(
    served: dict[str, list[Any]], folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(folder)]) == 0
    out, err = capsys.readouterr()
    (server,) = served["servers"]
    assert server.options["host"] == "127.0.0.1"
    assert server.options["port"] == 8765
    assert server.closed
    (url,) = [line.strip() for line in out.splitlines() if "?token=" in line]
    assert url.startswith("http://127.0.0.1:43210/?token=")
    token = url.split("token=")[1]
    assert len(token) >= 40
    assert served["opened"] == [url]
    assert "warning" not in err
    client = server.app.test_client()
    assert client.get("/").status_code == 403
    assert client.get(f"/?token={token}").status_code == 303
    assert client.get("/").status_code == 200


def test_each_run_has_its_own_token(
    served: dict[str, list[Any]], folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["serve", str(folder), "--no-browser"])
    main(["serve", str(folder), "--no-browser"])
    urls = [line for line in capsys.readouterr().out.splitlines() if "?token=" in line]
    assert len(set(urls)) == 2
    assert served["opened"] == []


def test_another_host_is_warned_about_and_still_needs_the_token(
    served: dict[str, list[Any]], folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(folder), "--host", "0.0.0.0", "--port", "0", "--no-browser"]) == 0
    _out, err = capsys.readouterr()
    assert "warning: listening on 0.0.0.0, not only on this machine" in err
    (server,) = served["servers"]
    assert server.options["host"] == "0.0.0.0"
    assert server.app.test_client().get("/").status_code == 403


def test_serve_refuses_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(tmp_path / "none"), "--no-browser"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_other_commands_do_not_import_the_web_stack() -> None:
    code = (
        "import sys, json\n"
        "from placebudget.cli import main\n"
        "main(['--version'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'waitress', 'werkzeug') or m.startswith('placebudget.web'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert json.loads(out.splitlines()[-1]) == []


def test_waitress_serves_the_limits_and_the_cookie(folder: Path) -> None:
    """Through the real server: the token exchanged for the cookie, a page, and a body
    over the limit a 413 (declared or chunked), the case file unchanged."""
    import http.client
    import threading

    from _web import TOKEN
    from waitress.server import create_server

    from placebudget.web import create_app

    server = create_server(create_app(folder, token=TOKEN), host="127.0.0.1", port=0)
    stopping = threading.Event()

    def run() -> None:
        try:
            server.run()
        except (OSError, ValueError):  # its socket closed under the loop, when stopped
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    before = (folder / "families.toml").read_bytes()
    try:
        port = int(server.effective_port)

        def request(method: str, path: str, **options: Any) -> http.client.HTTPResponse:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request(method, path, **options)
            answer = connection.getresponse()
            answer.read()
            connection.close()
            return answer

        exchanged = request("GET", f"/?token={TOKEN}")
        assert exchanged.status == 303
        cookie = exchanged.getheader("Set-Cookie", "").split(";")[0]
        assert request("GET", "/", headers={"Cookie": cookie}).status == 200
        assert request("GET", "/").status == 403
        big = b"a" * (2 * 1024 * 1024)
        path = "/cases/families.toml/place"
        form = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        assert request("POST", path, body=big, headers=form).status == 413
        chunks = iter([big[:1_000_000], big[1_000_000:]])
        chunked = request("POST", path, body=chunks, headers=form, encode_chunked=True)
        assert chunked.status == 413
    finally:
        stopping.set()
        server.close()
        thread.join(timeout=10)
    assert (folder / "families.toml").read_bytes() == before
