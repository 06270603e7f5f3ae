"""The pages an adopting area reads first are in the site and hold what they promise: the
glossary defines every term of a business case, the method and the board-paper guide link
to it, the Python tutorials sit under "For developers", and the changelog is included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
GLOSSARY = DOCS / "glossary.md"

pytestmark = pytest.mark.skipif(
    not (DOCS / "index.md").exists(), reason="the docs/ folder is not in this checkout"
)

#: Terms a finance analyst or a board member meets in the paper and the model.
TERMS = (
    "NPBI", "NPPV", "PV", "Cashable", "Fiscal value", "Economic value", "Social value",
    "Transfer payment", "Deadweight", "Displacement", "Attribution", "Drop-off", "Lag",
    "Optimism bias", "Price base", "GDP deflator", "Discount rate", "RAG rating", "Payback",
    "BCR", "ROI", "Pooled budget", "Agreement option", "Engagement", "Cohort",
)  # fmt: skip


def glossary_terms() -> set[str]:
    text = GLOSSARY.read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return {line.strip() for line in block.splitlines() if line and not line.startswith(" ")}


def term_links(page: Path) -> set[str]:
    """The glossary terms a page links to (``{term}`text <Term>``` or ``{term}`Term```)."""
    found = re.findall(r"\{term\}`([^`]+)`", page.read_text(encoding="utf-8"))
    return {(m.group(1) if (m := re.search(r"<([^>]+)>$", t)) else t).lower() for t in found}


def test_the_glossary_defines_every_term() -> None:
    defined = {term.lower() for term in glossary_terms()}
    assert not {term.lower() for term in TERMS} - defined


@pytest.mark.parametrize("page", ["method.md", "reading-the-board-paper.md"])
def test_pages_link_their_terms_to_the_glossary(page: str) -> None:
    links = term_links(DOCS / page)
    defined = {term.lower() for term in glossary_terms()}
    assert len(links) >= 10
    assert links <= defined, links - defined


def test_python_tutorials_are_under_for_developers() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    trees = dict(re.findall(r":caption: ([^\n]+)\n\n(.*?)```", index, flags=re.DOTALL))
    tutorials = {f"tutorials/{p.stem}" for p in (DOCS / "tutorials").glob("*.md")}
    assert tutorials <= set(trees["For developers"].split())
    assert "finance-analysts" in trees["For finance analysts"].split()
    assert "../CHANGELOG.md" in (DOCS / "changelog.md").read_text(encoding="utf-8")
