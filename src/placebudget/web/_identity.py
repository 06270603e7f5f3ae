"""Who is using the workbench: :func:`current_user`, behind which a shared server with
sign-in can later put its accounts. Served locally, there is one user: whoever holds
the access token printed by ``placebudget serve``, on the machine it runs on."""

from __future__ import annotations

import getpass

import attrs

__all__ = ["User", "current_user"]


@attrs.frozen(kw_only=True)
class User:
    """A user of the workbench."""

    id: str
    """A stable identifier (the local account name when served locally)."""
    name: str
    """The name shown on pages."""
    local: bool = True
    """Whether this is the local user of a workbench served on the user's own machine
    (no sign-in: holding the access token is the identity)."""


def _account() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the account (a container's uid)
        return "local"


def current_user() -> User:
    """The user behind the current request: served locally, the local user."""
    account = _account()
    return User(id=account, name=account)
