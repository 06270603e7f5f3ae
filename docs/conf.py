"""Sphinx configuration for the placebudget documentation.

Build with ``tox run -e docs`` (which runs ``sphinx-build -n -W --keep-going``): every
cross-reference must resolve and every warning fails the build. Tutorials are MyST
notebooks executed by myst-nb during the build, so the figures and charts they show are
computed by the placebudget being documented.
"""

from __future__ import annotations

import sys
from pathlib import Path

import placebudget

HERE = Path(__file__).resolve().parent
# the site's own extension (docs/_ext/placebudget_site.py): the example outputs built during
# the build, their pictures, and the Unit Cost Database explorer
sys.path.insert(0, str(HERE / "_ext"))

project = "placebudget"
author = "placebudget developers"
copyright = "2026, placebudget developers"
release = placebudget.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_nb",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    # a copy of MathJax in the site, so formulas are typeset without network access
    "sphinx-mathjax-offline",
    "sphinx.ext.viewcode",
    "sphinx_click",
    "placebudget_site",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
exclude_patterns = [
    "_build",
    "_inventories",
    "scripts",
    "examples",
    "_ext",
    "_static",
    "jupyter_execute",
    "**.ipynb_checkpoints",
]
nitpicky = True

# -- MyST and myst-nb --------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath", "deflist"]
myst_heading_anchors = 3
# Every notebook page runs top to bottom on each build; an exception fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 600
nb_execution_show_tb = True
nb_merge_streams = True
# Each notebook runs in a temporary directory: files it writes do not land in docs/.
nb_execution_in_temp = True

# -- autodoc, autosummary and numpydoc ----------------------------------------------------
autosummary_generate = True
autosummary_ignore_module_all = False
autodoc_typehints = "none"
autodoc_member_order = "bysource"
# inherited members are documented on the class that inherits them (the plugin registry's
# file dispatch), except those of the standard library's bases
autodoc_default_options = {
    "members": True,
    "undoc-members": True,
    "inherited-members": "BaseException,Mapping,Generic,object",
}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- intersphinx ----------------------------------------------------------------------------
# Each project's inventory is looked for locally first (docs/scripts/inventories.py and the
# Debian documentation packages), then on the web, so an offline build links the same way.
_DEBIAN = Path("/usr/share/doc")


def _inventories(name: str, *debian: str) -> tuple[str | None, ...]:
    local = [
        HERE / "_inventories" / f"{name}.inv",
        *(_DEBIAN / package / "html" / "objects.inv" for package in debian),
    ]
    return (*(str(path) for path in local if path.is_file()), None)


intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", _inventories("python", "python3.11")),
    "pandas": ("https://pandas.pydata.org/docs/", _inventories("pandas", "python-pandas-doc")),
    "xarray": ("https://docs.xarray.dev/en/stable/", _inventories("xarray")),
    "pint": ("https://pint.readthedocs.io/en/stable/", _inventories("pint", "python-pint-doc")),
    "attrs": ("https://www.attrs.org/en/stable/", _inventories("attrs", "python-attr-doc")),
    "cattrs": ("https://catt.rs/en/stable/", _inventories("cattrs", "python-cattrs-doc")),
    "pluggy": ("https://pluggy.readthedocs.io/en/stable/", _inventories("pluggy")),
    "dask": ("https://docs.dask.org/en/stable/", _inventories("dask", "python-dask-doc")),
}
intersphinx_timeout = 10

# -- HTML ---------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"placebudget {release}"
html_theme_options = {"navigation_with_keys": True}
html_static_path = ["_static"]
