"""`placebudget themes` on a fresh install says how to install the theme plugins published
with placebudget, and names only those that are not installed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from placebudget.cli import cli
from placebudget.testing import fresh_plugin_registry

ROOT = Path(__file__).resolve().parents[2]


def themes() -> str:
    result = CliRunner().invoke(cli, ["themes"], catch_exceptions=False)
    assert result.exit_code == 0
    return result.stdout


def test_a_fresh_install_says_how_to_install_the_theme_plugins() -> None:
    with fresh_plugin_registry():
        out = themes()
    lines = out.splitlines()
    assert lines[0] == "No themes installed."
    assert (
        "The theme plugins published with placebudget are packages of their own; "
        "install any with pip:"
    ) in lines
    named = [line.strip() for line in lines if line.startswith("  pip install ")]
    assert len(named) == 7
    assert all(line.startswith("pip install placebudget-theme-") for line in named)
    assert "pip install plugins/NAME" in out


def test_only_the_plugins_not_installed_are_named() -> None:
    pytest.importorskip("placebudget_theme_work_skills", reason="the plugins env installs it")
    import placebudget_theme_work_skills

    with fresh_plugin_registry(placebudget_theme_work_skills):
        out = themes()
    assert out.startswith("  work-skills ")
    assert "More theme plugins published with placebudget" in out
    assert "pip install placebudget-theme-work-skills" not in out
    assert "pip install placebudget-theme-troubled-families" in out


def test_the_names_are_those_of_the_plugins_folder() -> None:
    import tomllib

    folder = ROOT / "plugins"
    if not folder.is_dir():
        pytest.skip("not running from a checkout of the repository")
    with fresh_plugin_registry():
        out = themes()
    named = [line.split()[-1] for line in out.splitlines() if line.startswith("  pip install ")]
    published = [
        tomllib.loads((plugin / "pyproject.toml").read_text())["project"]["name"]
        for plugin in sorted(folder.iterdir())
    ]
    assert named == published
