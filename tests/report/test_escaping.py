"""Case text escaped for where it goes: the Markdown report rendered by markdown-it (no
link, image, autolink or HTML from a case's names, however they try), the HTML report
(no element from them), the LaTeX tables (every special character literal, with the
preamble the module documents) and the Word report's title property (cut at 255
characters, the paper's title whole); a 300-character name writes every format."""

from __future__ import annotations

import functools
import html
import importlib.util
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from markdown_it import MarkdownIt

import placebudget as pb
from placebudget.report import latex, markdown
from placebudget.report.word import MAX_PROPERTY_LENGTH, build_document, metadata_title
from placebudget.testing import example_case

#: Names that try to become a link, an image, HTML or other Markdown.
TRICKY = [
    r"\[x\](http://evil.example)",
    r"\[x\](javascript:alert(1))",
    r"\\[x\\](javascript:alert(1))",
    "[x](javascript:alert(1))",
    "![x](http://evil.example/i.png)",
    r"!\[x\](http://evil.example/i.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<http://evil.example>",
    "<mailto:a@evil.example>",
    "[ref][r]\n\n[r]: http://evil.example",
    "[r]: http://evil.example",
    "&lt;script&gt; &#106;avascript:alert(1) &amp;",
    "www.evil.example http://evil.example a@evil.example",
    "`code` *em* _em_ **strong** ~~struck~~ $x$",
    "__strong__ _em_ a_b_c x_*y*_z",
    "x\n# heading\n- item\n1. item\n<div>raw</div>",
    "- item",
    "+ item",
    "1) item",
    "12. item",
    "    indented code",
    "===",
    "<!-- a comment -->",
    "| a | b |",
    "\\",
    "trailing \\",
]


@functools.cache
def _results(name: str) -> pb.Results:
    case = example_case()
    partners = case.place.partners
    place = attrs.evolve(
        case.place, name=name, partners=[attrs.evolve(partners[0], name=name), *partners[1:]]
    )
    intervention = attrs.evolve(case.interventions[0], name=name)
    hostile = attrs.evolve(case, name=name, place=place, interventions=[intervention])
    return pb.compute_results(pb.project(hostile), sensitivity=False)


@pytest.fixture(scope="module")
def plain() -> pb.Results:
    return _results("Plain name")


def _parsers() -> list[MarkdownIt]:
    parsers = [MarkdownIt("commonmark").enable(["table", "strikethrough"])]
    if importlib.util.find_spec("linkify_it") is not None:  # markdown-it-py[linkify]
        parsers.append(MarkdownIt("gfm-like"))  # tables, strikethrough and linkify
    return parsers


def _tokens(parser: MarkdownIt, text: str) -> list[Any]:
    return [t for block in parser.parse(text) for t in [block, *(block.children or [])]]


LIVE = {"link_open", "image", "html_inline", "html_block", "code_inline", "code_block", "fence"}


@pytest.mark.parametrize("name", TRICKY)
def test_markdown_from_tricky_names_renders_as_their_text(name: str) -> None:
    text = markdown.render_markdown(_results(name))
    for parser in _parsers():
        tokens = _tokens(parser, text)
        assert not [t for t in tokens if t.type in LIVE]
        rendered = parser.render(text)
        assert not re.search(r"<(a|img|script|div)\b", rendered)
        # the title is one heading holding the name as it reads (no emphasis, code or
        # tag in it), line breaks as spaces
        title = re.search(r"<h1>(.*?)</h1>", rendered)
        assert title is not None
        assert html.unescape(title.group(1)) == re.sub(r"\n", " ", name).lstrip()


def test_markdown_keeps_the_document_s_own_structure(plain: pb.Results) -> None:
    hostile = _results(TRICKY[14])  # a heading, a list and HTML in the name
    for parser in _parsers():
        kinds = [t.type for t in parser.parse(markdown.render_markdown(plain)) if t.nesting == 1]
        assert [
            t.type for t in parser.parse(markdown.render_markdown(hostile)) if t.nesting == 1
        ] == kinds


def test_markdown_escape_leaves_figures_readable() -> None:
    assert markdown.escape("£1.2m, 2.5 % — 2013/14") == "£1.2m, 2.5 % — 2013/14"
    assert markdown.escape("-£1,234") == "\\-£1,234"  # would start a list
    assert markdown._cell("-£1,234") == "-£1,234"  # a table cell starts none


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found[tag] += 1


def _elements(text: str) -> Counter[str]:
    parser = _Elements()
    parser.feed(text)
    return parser.found


@pytest.mark.parametrize("name", TRICKY)
def test_html_from_tricky_names_has_no_element_of_theirs(name: str, plain: pb.Results) -> None:
    from placebudget.report.html import render_html

    found, expected = _elements(render_html(_results(name))), _elements(render_html(plain))
    for tag in ("a", "img", "script", "div", "iframe", "object", "link", "meta", "style"):
        assert found[tag] == expected[tag], tag


@pytest.mark.parametrize("name", [*TRICKY, "\\input{/etc/passwd} $x$ 50% #1 a&b_c ^ ~ {}"])
def test_latex_from_tricky_names_is_literal(name: str) -> None:
    text = latex.render_latex(_results(name))
    escaped = latex.escape(name)
    assert escaped in text
    # outside the escapes, no special character of LaTeX is left in the escaped name
    bare = re.sub(r"\\(textbackslash|textasciitilde|textasciicircum)\{\}|\\[&%$#_{}]", "", escaped)
    assert not set(bare) & set("\\{}$%#&_^~\n")


def test_latex_preamble_is_documented_and_written() -> None:
    assert latex.PREAMBLE == (
        "\\usepackage[T1]{fontenc}",
        "\\usepackage[utf8]{inputenc}",
        "\\usepackage{textcomp}",
        "\\usepackage{booktabs}",
    )
    assert latex.__doc__ is not None
    for line in latex.PREAMBLE:
        assert line in latex.__doc__.replace("\\\\", "\\")
    text = latex.render_latex(_results("Plain name"))
    assert [f"% {line}" for line in latex.PREAMBLE] == text.splitlines()[1:5]
    # nothing pdfLaTeX cannot set with that preamble: ASCII, £, –, ±, ×, ›
    assert set(text) - {chr(c) for c in range(0x20, 0x7F)} <= {"\n", "£", "–", "±", "×", "›"}


def test_word_title_property_is_cut_the_paper_title_whole() -> None:
    name = ("Troubled families whole-place budget " * 10)[:300]
    document = build_document(_results(name))
    assert document.paragraphs[0].text == name
    title = document.core_properties.title
    assert len(title) <= MAX_PROPERTY_LENGTH
    assert title.endswith("…")
    assert name.startswith(title.removesuffix("…"))
    assert metadata_title("x" * 300) == "x" * 254 + "…"  # no space: cut inside the word
    assert metadata_title("x" * 255) == "x" * 255


@pytest.mark.parametrize(
    "suffix", [".md", ".html", ".docx", ".xlsx", ".json", ".csv", ".tex", ".nc"]
)
def test_a_300_character_name_writes_every_format(suffix: str, tmp_path: Path) -> None:
    name = ("Troubled families whole-place budget " * 10)[:300]
    path = tmp_path / f"report{suffix}"
    pb.write_report(_results(name), path)
    assert path.stat().st_size > 0
