"""Make the intersphinx inventories the docs link to available without network access.

``docs/conf.py`` looks for each project's ``objects.inv`` first in ``docs/_inventories/``
(written by this script), then in the Debian documentation packages ``.ci/run`` installs
(``python3-doc``, ``python-pandas-doc``, ``python-attr-doc``, ``python-cattrs-doc``,
``python-pint-doc``, ``python-dask-doc``), and only then on the project's web site, so the
build gives the same links on a machine with no route to the web.

Two projects need this script:

pluggy
    Debian ships no pluggy documentation. The script downloads the sdist of the installed
    pluggy version from the package index, builds its own ``docs/`` with Sphinx and keeps
    the ``objects.inv`` Sphinx writes: the real inventory of that release.
xarray
    Debian's ``python-xarray-doc`` is built without the ``generated/`` API pages, so its
    inventory has no ``xarray.Dataset``. xarray documents its public API with autosummary
    into ``generated/<name>.html``; the script writes an inventory with that layout for the
    names the installed xarray exports (``xarray.__all__``) and the public methods and
    properties of ``Dataset`` and ``DataArray``.

Run it from the repository root (``python docs/scripts/inventories.py``); tox's ``docs``
environment does. Existing inventories are kept unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import inspect
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

import sphobjinv

OUT = Path(__file__).resolve().parent.parent / "_inventories"


def build_pluggy(target: Path) -> None:
    """Build pluggy's own docs from its sdist and keep their ``objects.inv``."""
    version = metadata.version("pluggy")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--dest",
                str(work),
                f"pluggy=={version}",
            ],
            check=True,
        )
        (sdist,) = work.glob("pluggy-*.tar.gz")
        with tarfile.open(sdist) as archive:
            archive.extractall(work, filter="data")
        source = next(work.glob("pluggy-*/docs"))
        # pluggy's docs link to Python, pytest and setuptools through intersphinx; those
        # links do not change pluggy's own inventory, so they are switched off.
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-b",
                "html",
                "-D",
                "intersphinx_mapping=",
                str(source),
                str(work / "html"),
            ],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        target.write_bytes((work / "html" / "objects.inv").read_bytes())


def xarray_objects() -> list[sphobjinv.DataObjStr]:
    """Entries for xarray's public API in its autosummary page layout."""
    import xarray

    objects: list[sphobjinv.DataObjStr] = []

    def add(name: str, role: str) -> None:
        objects.append(
            sphobjinv.DataObjStr(
                name=name,
                domain="py",
                role=role,
                priority="1",
                uri=f"generated/{name}.html#$",
                dispname="-",
            )
        )

    for name in sorted(xarray.__all__):
        value = getattr(xarray, name)
        role = "class" if inspect.isclass(value) else "function" if callable(value) else "data"
        add(f"xarray.{name}", role)
    for cls in (xarray.Dataset, xarray.DataArray):
        for attr, value in sorted(vars(cls).items()):
            if not attr.startswith("_"):
                add(
                    f"xarray.{cls.__name__}.{attr}",
                    "property" if isinstance(value, property) else "method",
                )
    return objects


def write_xarray(target: Path) -> None:
    """Write the xarray inventory (see the module docstring)."""
    import xarray

    inventory = sphobjinv.Inventory()
    inventory.project = "xarray"
    inventory.version = xarray.__version__
    inventory.objects.extend(xarray_objects())
    sphobjinv.writebytes(target, sphobjinv.compress(inventory.data_file(contract=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="rebuild existing inventories")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    for name, make in (("pluggy", build_pluggy), ("xarray", write_xarray)):
        target = OUT / f"{name}.inv"
        if target.exists() and not args.force:
            print(f"{name}: kept {target}")
            continue
        partial = target.with_suffix(".part")
        make(partial)
        partial.replace(target)
        print(f"{name}: wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
