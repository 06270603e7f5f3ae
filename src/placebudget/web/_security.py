"""The workbench's defences, installed on the app by :func:`install`:

- **An access token.** ``placebudget serve`` prints a URL carrying a random token (as
  Jupyter does). A request carrying the right token (``?token=…``) is given a session
  cookie (HttpOnly, SameSite=Strict, signed with a key made for this run of the server)
  and redirected to the same page without the token, so that it stays out of the
  browser's history; every request without that session is refused with a 403 page.
- **CSRF.** Every state-changing request (anything but GET, HEAD and OPTIONS) must carry
  the session's synchronizer token in its ``csrf_token`` form field (or an
  ``X-CSRF-Token`` header); a missing or wrong one is refused with a 403 page.
- **Size.** A request body over the app's ``MAX_CONTENT_LENGTH`` is refused with a 413
  page: one declared over it before it is read, one sent without a length where
  Werkzeug stops reading it.
- **Headers on every response**: a strict Content-Security-Policy (only the app's own
  scripts, styles and images; no inline script or style, no eval, no framing, forms
  posted only to the app), ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
  no-referrer``, and ``Cache-Control: no-store`` on pages (a case's figures are not left
  in a shared cache).
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlencode

from flask import Flask, Response, abort, redirect, request, session

__all__ = ["CSP", "CSRF_FIELD", "csrf_token", "install"]

#: The Content-Security-Policy of every page.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

#: The policy of a chart served as an SVG image: matplotlib styles its SVG inline, and
#: an image runs no script (nor does the SVG opened on its own, under this policy).
CHART_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
)

#: The form field that carries the CSRF token.
CSRF_FIELD = "csrf_token"
_CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token() -> str:
    """The session's CSRF token (made on first use), for every form's hidden field."""
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def _same(given: object, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def _without_token() -> str:
    """The requested path and query, without the access token."""
    query = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
    return request.path + (f"?{urlencode(query)}" if query else "")


def _authenticate(app: Flask) -> Response | None:
    token: str = app.config["PLACEBUDGET_TOKEN"]
    given = request.args.get("token")
    if given is not None and request.method in _SAFE_METHODS:
        if not _same(given, token):
            abort(403, description="The access token in the address is not this server's.")
        session.clear()
        session["auth"] = True
        csrf_token()
        return redirect(_without_token(), code=303)  # type: ignore[return-value]
    if session.get("auth") is not True:
        abort(
            403,
            description=(
                "Open the workbench with the address placebudget serve printed (it "
                "carries the access token), or ask whoever started it for that address."
            ),
        )
    return None


def _check_size(app: Flask) -> None:
    """A body declared over the limit is refused before it is read (a WSGI server that
    marks its input as terminated, as waitress does, would otherwise have the form parser
    stop at the limit and see an empty form)."""
    limit = app.config.get("MAX_CONTENT_LENGTH")
    length = request.content_length
    if limit is not None and length is not None and length > limit:
        abort(413, description=f"The workbench takes at most {limit:,} bytes in one request.")


def _check_csrf() -> None:
    if request.method in _SAFE_METHODS:
        return
    expected = session.get("csrf")
    # reading the form reads the body: over the size limit, this is the 413
    given = request.form.get(CSRF_FIELD) or request.headers.get(_CSRF_HEADER)
    if not isinstance(expected, str) or not _same(given, expected):
        abort(
            403,
            description=(
                "The form was not sent from this workbench's own page, or the page was "
                "open from before the server was restarted. Go back, reload the page and "
                "try again."
            ),
        )


def _headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
    return response


def install(app: Flask) -> None:
    """Install the token, CSRF and header checks on ``app``."""

    @app.before_request
    def guard() -> Response | None:
        answer = _authenticate(app)
        if answer is not None:
            return answer
        _check_size(app)
        _check_csrf()
        return None

    app.after_request(_headers)
