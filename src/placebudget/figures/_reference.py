"""The catalogue as the tables of the reference pages (``docs/reference/dataset.md``)."""

from __future__ import annotations

from placebudget.figures._catalogue import FIGURES, Role

__all__ = ["markdown_table"]


def markdown_table(role: Role) -> str:
    """The figures of ``role`` as a Markdown table: name, dimensions, what it is (with
    its formula for a composite), unit and how it is shown.

    Examples
    --------
    >>> print(markdown_table("metric").splitlines()[2])
    | `pv_cost` | () | present value of all costs | GBP | money |
    """
    lines = ["| figure | dims | meaning | unit | shown as |", "|---|---|---|---|---|"]
    for name, found in FIGURES.of(role).items():
        dims = "(" + ", ".join(f"`{d}`" for d in found.dims) + ")"
        meaning = found.doc.replace("|", "\\|")
        if found.formula is not None:
            meaning += f": `{found.formula.text()}`"
        lines.append(f"| `{name}` | {dims} | {meaning} | {found.unit} | {found.kind} |")
    return "\n".join(lines)
