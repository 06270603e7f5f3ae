"""The repository keeps its own rules: the README's set-up commands stay true, every plugin is
tested, and every private module is guarded by an import contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def readme() -> str:
    path = ROOT / "README.md"
    # the sdist carries the README but not tox.ini, .ci/ or plugins/
    if not path.exists() or not (ROOT / "tox.ini").exists():
        pytest.skip("not running from a checkout of the repository")
    return path.read_text(encoding="utf-8")


def test_readme_opens_with_the_two_set_up_commands(readme: str) -> None:
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, flags=re.DOTALL)
    demo, tests = blocks[0].strip(), blocks[1].strip()
    assert demo.endswith("placebudget demo")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tox_line = next(line for line in ci.splitlines() if "tox run" in line)
    assert tests.endswith(tox_line.strip())


def test_every_plugin_is_tested_by_tox(readme: str) -> None:
    tox = (ROOT / "tox.ini").read_text(encoding="utf-8")
    folders = [
        *sorted((ROOT / "plugins").iterdir()),
        *sorted((ROOT / "docs" / "examples").iterdir()),
    ]
    assert len(folders) >= 11
    for plugin in folders:
        where = plugin.relative_to(ROOT).as_posix()
        # installed, with its tests run, in the plugins env (and the docs env for examples)
        assert tox.count(f"{{toxinidir}}/{where}\n") + tox.count(f"{{toxinidir}}/{where} ") >= (
            2 if where.startswith("docs/") else 1
        ), where
        assert (plugin / "pyproject.toml").exists()
        assert list((plugin / "tests").glob("test_*.py")), plugin.name


def test_every_private_module_is_guarded_by_an_import_contract() -> None:
    """A new private module of a sub-package must be added to the forbidden contract of
    its package in pyproject.toml, so that no other package can import it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    guarded = {
        module
        for contract in config["contracts"]
        if contract["type"] == "forbidden"
        for module in contract["forbidden_modules"]
    }
    package = ROOT / "src" / "placebudget"
    private = {
        ".".join(("placebudget", *path.relative_to(package).with_suffix("").parts))
        for path in package.glob("*/_*.py")
        if path.name not in ("__init__.py", "__main__.py")
    }
    assert private, "no private modules found"
    assert private <= guarded, sorted(private - guarded)
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    named = {part.strip() for layer in layers for part in layer.replace(":", "|").split("|")}
    packages = {
        path.name
        for path in package.iterdir()
        if (path / "__init__.py").exists() and path.name != "examples"
    }
    modules = {path.stem for path in package.glob("*.py") if not path.stem.startswith("_")}
    assert packages | modules <= named, sorted((packages | modules) - named)


def test_the_readme_command_line_examples_run_as_written(readme: str, tmp_path: Path) -> None:
    import shlex
    import shutil
    import subprocess
    import sys

    pytest.importorskip("distributed", reason="the aggregate example needs placebudget[dask]")
    block = next(
        b
        for b in re.findall(r"```bash\n(.*?)\n```", readme, flags=re.DOTALL)
        if "placebudget aggregate" in b
    )
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    commands = [shlex.split(line) for line in block.splitlines() if line.strip()]
    assert [c[:2] for c in commands] == [
        ["placebudget", "simulate"],
        ["placebudget", "tornado"],
        ["placebudget", "aggregate"],
    ]
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "placebudget.cli", *command[1:]],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
            timeout=600,
        )
        assert done.returncode == 0, (command, done.stderr)
        assert all(
            line.startswith("placebudget: warning:")  # no progress in a pipe
            for line in done.stderr.splitlines()
        )
    assert (tmp_path / "simulation.html").stat().st_size > 10_000
    assert "By department" in done.stdout


def test_the_bundled_place_table_is_the_repository_one() -> None:
    from placebudget.examples import places_path

    assert places_path().read_bytes() == (ROOT / "examples" / "places.csv").read_bytes()
