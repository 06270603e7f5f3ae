"""The HTML report's templates: autoescaped, strict about names, and the section partial
laying out any section the same way the report does."""

from __future__ import annotations

import re

import jinja2
import pytest

from placebudget.report.html import templates


def _section(**block: object) -> dict[str, object]:
    return {"name": "s", "title": "T", "level": 2, "blocks": [block]}


def test_every_text_is_escaped_by_the_template_engine() -> None:
    hostile = "<script>alert('x')</script> & \"quoted\""
    page = (
        templates()
        .get_template("_section.html.j2")
        .render(
            section={
                "name": hostile,
                "title": hostile,
                "level": 2,
                "blocks": [
                    {"kind": "paragraph", "text": hostile},
                    {"kind": "bullets", "items": [hostile]},
                    {
                        "kind": "table",
                        "name": hostile,
                        "caption": hostile,
                        "head": [{"text": hostile, "numeric": False}],
                        "rows": [{"cells": [{"text": hostile, "classes": ""}], "total": True}],
                    },
                ],
            }
        )
    )
    assert "<script>" not in page
    # the section name and title, the paragraph, the item, the table name, caption, head, cell
    assert page.count("&lt;script&gt;") == 8
    assert '"quoted"' not in page


def test_a_section_is_laid_out_element_by_element() -> None:
    page = (
        templates()
        .get_template("_section.html.j2")
        .render(section=_section(kind="paragraph", text="A sentence."))
    )
    assert page.splitlines() == [
        '<section data-section="s">',
        "<h2>T</h2>",
        "<p>A sentence.</p>",
        "</section>",
    ]


def test_a_table_is_one_element_with_its_classes() -> None:
    block = {
        "kind": "table",
        "name": "t",
        "caption": "C",
        "head": [{"text": "Partner", "numeric": False}, {"text": "Net", "numeric": True}],
        "rows": [
            {
                "cells": [
                    {"text": "Police", "classes": ""},
                    {"text": "-£1", "classes": "num worse"},
                ],
                "total": False,
            },
            {
                "cells": [{"text": "Total", "classes": ""}, {"text": "£2", "classes": "num"}],
                "total": True,
            },
        ],
    }
    page = templates().get_template("_section.html.j2").render(section=_section(**block))
    (table,) = [line for line in page.splitlines() if "<table" in line]
    assert re.fullmatch(
        r'<div class="scroll"><table data-table="t"><caption>C</caption><thead><tr>'
        r'<th scope="col">Partner</th><th class=num scope="col">Net</th></tr></thead>'
        r'<tbody><tr><td>Police</td><td class="num worse">-£1</td></tr>'
        r'<tr class="total"><td>Total</td><td class="num">£2</td></tr></tbody></table></div>',
        table,
    )


def test_a_missing_name_is_an_error_not_an_empty_text() -> None:
    with pytest.raises(jinja2.UndefinedError):
        templates().get_template("_section.html.j2").render(section={"name": "s"})
