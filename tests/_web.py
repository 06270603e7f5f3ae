"""What the workbench's tests share (``tests`` is on pytest's ``pythonpath``): the access
token the test apps are made with, and the CSRF token of a client's session."""

from __future__ import annotations

from flask.testing import FlaskClient

__all__ = ["TOKEN", "csrf"]

TOKEN = "test-token-" + "x" * 32


def csrf(client: FlaskClient) -> str:
    """The session's CSRF token."""
    with client.session_transaction() as session:
        token = session["csrf"]
    assert isinstance(token, str)
    return token
