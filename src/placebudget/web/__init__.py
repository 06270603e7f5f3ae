"""The browser workbench: ``placebudget serve [FOLDER]``, a local web app over a folder
of case files, in the GOV.UK Design System's patterns, for analysts who do not write
code.

:func:`create_app` builds the Flask app (served by waitress); cases are kept behind
:class:`CaseStore` (:class:`FolderStore`: the ``.toml`` files of one folder) and the
user behind :func:`current_user`, so that a shared server with sign-in can replace
either. See ``placebudget.web._security`` for what every request must carry.
"""

from placebudget.web._app import DEFAULT_MAX_BYTES, create_app
from placebudget.web._identity import User, current_user
from placebudget.web._store import (
    CaseEntry,
    CaseNotFound,
    CaseStore,
    CaseText,
    FolderStore,
    SaveConflict,
    version_of,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "CaseEntry",
    "CaseNotFound",
    "CaseStore",
    "CaseText",
    "FolderStore",
    "SaveConflict",
    "User",
    "create_app",
    "current_user",
    "version_of",
]
