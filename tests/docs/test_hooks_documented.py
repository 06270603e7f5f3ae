"""Every hook specification is documented in ``docs/reference/hooks.md`` with its own
section, its signature (an ``autofunction``) and an example; a new hook without them fails
here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from placebudget.plugin import hookspecs

DOCS = Path(__file__).resolve().parents[2] / "docs"
HOOKS_PAGE = DOCS / "reference" / "hooks.md"

pytestmark = pytest.mark.skipif(
    not HOOKS_PAGE.exists(), reason="the docs/ folder is not in this checkout"
)


def hook_names() -> list[str]:
    return sorted(
        name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "placebudget_spec")
    )


def sections() -> dict[str, str]:
    text = HOOKS_PAGE.read_text(encoding="utf-8")
    parts = re.split(r"^## (\S+)\s*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_hooks_are_found() -> None:
    assert hook_names() == ["placebudget_importers", "placebudget_reporters", "placebudget_themes"]


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_has_a_section_signature_and_example(hook: str) -> None:
    section = sections().get(hook)
    assert section is not None, f"docs/reference/hooks.md has no '## {hook}' section"
    assert f".. autofunction:: placebudget.plugin.hookspecs.{hook}" in section
    example = re.search(r"```\{literalinclude\} (\S+)\n(?:.*\n)*?:pyobject: (\S+)\n", section)
    assert example is not None, f"the {hook} section has no example"
    source = (HOOKS_PAGE.parent / example[1]).resolve()
    assert example[2] == hook
    assert f"def {hook}(" in source.read_text(encoding="utf-8"), source


def test_no_section_for_a_hook_that_does_not_exist() -> None:
    documented = {name for name in sections() if name.startswith("placebudget_")}
    assert documented == set(hook_names())
