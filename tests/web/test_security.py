"""Every request needs the session the access token gives; every state-changing request
the session's CSRF token; a body over the limit is a 413 page; every response carries
the strict policy and headers."""

from __future__ import annotations

from pathlib import Path

import pytest
from _web import TOKEN, csrf
from flask import Flask
from flask.testing import FlaskClient

from placebudget.web import create_app

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

PAGES = [
    "/",
    "/cases/families.toml/",
    "/cases/families.toml/place",
    "/cases/families.toml/results",
    "/cases/families.toml/download/case",
    "/cases/families.toml/download/xlsx",
    "/cases/families.toml/charts/partners.svg",
    "/static/placebudget.css",
    "/static/govuk/placebudget-govuk.min.css",
    "/no/such/page",
]


def _post_routes(app: Flask) -> list[str]:
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or ()):
            routes.append(rule.rule.replace("<name>", "families.toml"))
    assert routes  # the form of place and partners at least
    return routes


def _headers_hold(answer: object) -> None:
    headers = answer.headers  # type: ignore[attr-defined]
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", PAGES)
def test_every_request_without_the_session_is_refused(app: Flask, path: str) -> None:
    answer = app.test_client().get(path)
    assert answer.status_code == 403
    assert "You cannot see this page" in answer.text
    _headers_hold(answer)


def test_a_wrong_token_is_refused_and_gives_no_session(app: Flask) -> None:
    client = app.test_client()
    answer = client.get("/?token=" + "y" * 40)
    assert answer.status_code == 403
    assert "Set-Cookie" not in answer.headers
    assert client.get("/").status_code == 403


def test_the_token_is_exchanged_for_a_strict_http_only_cookie(app: Flask) -> None:
    client = app.test_client()
    answer = client.get(f"/cases/families.toml/?token={TOKEN}&x=1")
    assert answer.status_code == 303
    # the token is left out of the address the browser goes on to (and its history)
    assert answer.headers["Location"] == "/cases/families.toml/?x=1"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert client.get("/cases/families.toml/").status_code == 200


def test_a_session_of_another_server_is_refused(folder: Path) -> None:
    first = create_app(folder, token=TOKEN)
    one = first.test_client()
    one.get(f"/?token={TOKEN}")
    cookie = one.get_cookie(first.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    second = create_app(folder, token=TOKEN)  # restarted: a new key, and a new name
    assert second.config["SESSION_COOKIE_NAME"] != first.config["SESSION_COOKIE_NAME"]
    other = second.test_client()
    other.set_cookie(first.config["SESSION_COOKIE_NAME"], cookie.value)
    assert other.get("/").status_code == 403
    # even under this server's name, a cookie signed with another key opens nothing
    other.set_cookie(second.config["SESSION_COOKIE_NAME"], cookie.value)
    assert other.get("/").status_code == 403


def test_a_token_posted_gives_no_session(app: Flask) -> None:
    client = app.test_client()
    answer = client.post(f"/cases/families.toml/place?token={TOKEN}", data={"action": "save"})
    assert answer.status_code == 403


def test_a_short_token_is_refused(folder: Path) -> None:
    with pytest.raises(ValueError, match="at least 16"):
        create_app(folder, token="short")


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_policy(client: FlaskClient, path: str) -> None:
    answer = client.get(path)
    answer.close()  # a static file's
    assert answer.status_code in (200, 404)
    if path.endswith(".svg"):
        # matplotlib styles its SVG inline: the chart has a policy of its own, no script
        assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
        assert "script" not in answer.headers["Content-Security-Policy"]
        return
    _headers_hold(answer)


@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_every_post_without_the_csrf_token_is_refused(
    app: Flask, client: FlaskClient, folder: Path, token: str | None
) -> None:
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for route in _post_routes(app):
        data = {"action": "save", "place-name": "Changed", "version": "x"}
        if token is not None:
            data["csrf_token"] = token
        answer = client.post(route, data=data)
        assert answer.status_code == 403, route
        assert "not sent from this workbench" in answer.text
        _headers_hold(answer)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_body_over_the_limit_is_a_413_page(client: FlaskClient, folder: Path) -> None:
    before = (folder / "families.toml").read_bytes()
    answer = client.post(
        "/cases/families.toml/place",
        data={"csrf_token": csrf(client), "place-name": "x" * (2 * 1024 * 1024)},
    )
    assert answer.status_code == 413
    assert "too large" in answer.text
    _headers_hold(answer)
    assert (folder / "families.toml").read_bytes() == before


def test_pages_use_no_inline_script_or_style(client: FlaskClient) -> None:
    for path in ["/", "/cases/families.toml/", "/cases/families.toml/place"]:
        text = client.get(path).text
        assert "<script>" not in text
        assert '<script type="module" src="/static/' in text
        assert "<style" not in text
        assert " style=" not in text
    results = client.get("/cases/families.toml/results").text
    assert "<style" not in results
    assert "<svg" not in results  # charts are images of the app


def test_pages_are_not_cached_and_static_files_are(client: FlaskClient) -> None:
    assert client.get("/").headers["Cache-Control"] == "no-store"
    with client.get("/static/placebudget.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")
