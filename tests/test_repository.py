"""The README's set-up commands stay true to the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def readme() -> str:
    path = ROOT / "README.md"
    if not path.exists():
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
    for plugin in sorted((ROOT / "plugins").iterdir()):
        assert f"{{toxinidir}}/plugins/{plugin.name}" in tox, plugin.name
        assert (plugin / "pyproject.toml").exists()
        assert list((plugin / "tests").glob("test_*.py")), plugin.name
