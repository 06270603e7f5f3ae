"""LaTeX tables for analysts who publish: every table of the outline of
:func:`~placebudget.report.report_contents` as a ``booktabs`` table in one ``.tex`` file
to ``\\input`` into a paper, written by pandas' Styler.

Each table is a ``table`` float with its caption and a label (``tab:summary``,
``tab:partners`` …); cells are formatted as in every other report and text from the case
is escaped (:func:`escape`), so a case's names cannot inject LaTeX. The paper needs the
preamble :data:`PREAMBLE` (also written at the top of the file, as a comment)::

    \\usepackage[T1]{fontenc}
    \\usepackage[utf8]{inputenc}
    \\usepackage{textcomp}
    \\usepackage{booktabs}

With it, pdfLaTeX sets every character the tables themselves use (``£``, ``–``, ``±``,
``×``, ``›``; the ⚠ mark is written ``(!)``) and any Latin text a case gives; a case
whose names are in another script (Greek, Cyrillic, CJK …) needs LuaLaTeX or XeLaTeX
with a font that has it.

Examples
--------
>>> import placebudget as pb
>>> from placebudget.engine.results import compute_results
>>> from placebudget.testing import example_case
>>> text = render_latex(compute_results(pb.project(example_case())))
>>> "\\\\label{tab:summary}" in text, "\\\\toprule" in text
(True, True)
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pandas as pd

from placebudget.io import atomic_write
from placebudget.report.contents import report_contents

if TYPE_CHECKING:
    from placebudget.engine.results import Results

__all__ = ["PREAMBLE", "escape", "render_latex", "write_latex"]

#: The lines a paper's preamble needs to typeset the tables (see the module notes).
PREAMBLE: tuple[str, ...] = (
    "\\usepackage[T1]{fontenc}",
    "\\usepackage[utf8]{inputenc}",
    "\\usepackage{textcomp}",
    "\\usepackage{booktabs}",
)

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # the mark of a flagged figure, which pdfLaTeX has no glyph for
    "⚠": "(!)",
    # a line break would end a table row's cell or a caption's paragraph; other control
    # characters are no text
    **{chr(c): " " for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029)},
}


def escape(text: str) -> str:
    r"""Text made literal in LaTeX: each of ``\ { } $ % # & _ ^ ~`` written as the
    character, line breaks and other control characters a space.

    Examples
    --------
    >>> print(escape("50% & {x}_1"))
    50\% \& \{x\}\_1
    >>> print(escape("a\\input{b}\n\n$c$ ~^#"))
    a\textbackslash{}input\{b\}  \$c\$ \textasciitilde{}\textasciicircum{}\#
    """
    return "".join(_SPECIAL.get(c, c) for c in text)


def _label(name: str) -> str:
    return "tab:" + re.sub(r"[^a-z0-9_]+", "-", name.lower())


def render_latex(results: Results) -> str:
    """Every table of the report as LaTeX (see the module notes)."""
    # no case text outside the escaped cells: a comment would end at its line breaks
    parts = [
        "% Tables of a placebudget business case; the paper's preamble needs:",
        *(f"% {line}" for line in PREAMBLE),
        "",
    ]
    for found in report_contents(results).tables("human").values():
        for value, part in found.parts():
            if part.frame.empty:
                continue
            # escaped here rather than by the Styler, which leaves line breaks and the
            # characters pdfLaTeX cannot set
            shown = pd.DataFrame(
                [[escape(cell) for cell in row] for row in part.rows()],
                columns=[escape(header) for header in part.header()],
            )
            styler = shown.style.hide(axis="index")
            name = found.name if value is None else f"{found.name}-{value}"
            parts.append(
                styler.to_latex(
                    caption=escape(part.caption),
                    label=_label(name),
                    hrules=True,
                    position="htbp",
                    column_format="".join("r" if part.numeric(c) else "l" for c in part.shown),
                    position_float="centering",
                )
            )
    return "\n".join(parts)


def write_latex(results: Results, path: str | os.PathLike[str]) -> None:
    """Write the LaTeX tables atomically."""
    text = render_latex(results)
    with atomic_write(path) as handle:
        handle.write(text)
