"""The workbench's Flask app: :func:`create_app` over a folder of case files."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any

import jinja2
from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from placebudget.web import _security
from placebudget.web._cases import Cases
from placebudget.web._identity import current_user
from placebudget.web._store import CaseStore, FolderStore

__all__ = ["DEFAULT_MAX_BYTES", "create_app"]

#: The largest request body the workbench takes (a case file is at most 8 MiB; a form
#: is far smaller): over it, a 413 page.
DEFAULT_MAX_BYTES = 1024 * 1024

_TITLES = {
    400: "The request could not be understood",
    403: "You cannot see this page",
    404: "Page not found",
    405: "That cannot be done to this page",
    409: "The case changed on disk",
    413: "What was sent is too large",
}


#: Characters a page shows as their escapes (as the command line prints them): the C0
#: controls but tab and line breaks, DEL, the C1 controls, and the bidirectional overrides
#: and isolates (text shown in another order than it is read).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _inert(value: Any) -> Any:
    """What a template outputs: text with its control characters made visible (markup
    the app built itself is left as it is)."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return _CONTROLS.sub(_shown, value)
    return value


def _environment_loader() -> jinja2.BaseLoader:
    """The workbench's templates, then the report's (its section and table partials are
    rendered from the same files as the HTML report)."""
    return jinja2.ChoiceLoader(
        [
            jinja2.PackageLoader("placebudget.web", "templates"),
            jinja2.PackageLoader("placebudget.report", "templates"),
        ]
    )


def create_app(
    folder: str | os.PathLike[str] | None = None,
    *,
    token: str,
    store: CaseStore | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    secret_key: bytes | None = None,
    **config: Any,
) -> Flask:
    """The workbench over the case files of ``folder`` (or over ``store``), reached with
    the access token ``token``.

    Parameters
    ----------
    folder
        The folder of case files served (a :class:`~placebudget.web.FolderStore`).
    token
        The access token a browser gives once (``?token=…``) for its session.
    store
        Where the cases are kept, in place of ``folder``.
    max_bytes
        The largest request body taken (413 over it).
    secret_key
        The key that signs session cookies; by default a new random one, so that a
        restarted server's old sessions no longer open it.
    config
        More Flask settings (``TESTING=True``, say).
    """
    if not token or len(token) < 16:
        msg = "the access token must be at least 16 characters"
        raise ValueError(msg)
    if store is None:
        if folder is None:
            msg = "create_app needs a folder or a store"
            raise TypeError(msg)
        store = FolderStore(folder)
    app = Flask("placebudget.web", static_folder=str(Path(__file__).parent / "static"))
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_bytes(32),
        PLACEBUDGET_TOKEN=token,
        MAX_CONTENT_LENGTH=max_bytes,
        MAX_FORM_MEMORY_SIZE=max_bytes,
        MAX_FORM_PARTS=2000,
        # a name of this server's own: cookies are not kept apart by port, so two
        # workbenches on one machine would otherwise sign each other's sessions out
        SESSION_COOKIE_NAME=f"placebudget_{secrets.token_hex(4)}",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=False,  # served over http on loopback
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.config.update(config)
    app.jinja_loader = _environment_loader()
    app.jinja_env.autoescape = True
    app.jinja_env.finalize = _inert
    app.jinja_env.undefined = jinja2.StrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.extensions["placebudget.cases"] = Cases(store)
    _security.install(app)

    @app.context_processor
    def globals_() -> dict[str, Any]:
        return {
            "csrf_token": _security.csrf_token,
            "csrf_field": _security.CSRF_FIELD,
            "user": current_user(),
        }

    @app.errorhandler(HTTPException)
    def error_page(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        title = _TITLES.get(code, error.name)
        return render_template("error.html.j2", title=title, error=error, code=code), code

    from placebudget.web import _views

    app.register_blueprint(_views.pages)
    return app
