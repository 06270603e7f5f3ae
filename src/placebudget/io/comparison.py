"""A comparison of options (``placebudget compare CASE... -o FILE``) written to a file by
its suffix — Markdown, CSV, JSON or an Excel workbook — atomically.

A comparison is three tables: each option's headline figures side by side
(:attr:`Comparison.headline`: a row per figure, a column per option), the options
ranked by a metric (:attr:`Comparison.ranking`, from
:func:`placebudget.engine.green_book.compare_options`) and every input that differs between them
(:attr:`Comparison.differences`, from :func:`placebudget.model.diff.differences`).

Examples
--------
>>> import tempfile, pathlib, attrs
>>> import placebudget as pb
>>> from placebudget.engine.green_book import compare_options
>>> from placebudget.testing import example_case
>>> case = example_case()
>>> smaller = attrs.evolve(case, interventions=[attrs.evolve(case.interventions[0],
...                                                          engagement=0.4)])
>>> cases = {"full": case, "smaller": smaller}
>>> appraised = {name: pb.project(c).appraise() for name, c in cases.items()}
>>> found = comparison(appraised, compare_options(appraised), cases, ["pv_cost", "npbi"])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "options.csv"
>>> write_comparison(found, path)
>>> for line in path.read_text().splitlines()[:2]:
...     print(line)
table,figure,label,option,input,input_name,value,unit
headline,pv_cost,Present value of costs,full,,,218140.1,GBP
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from placebudget.errors import ValidationError
from placebudget.figures import FIGURES, format_figure
from placebudget.io._atomic import atomic_write, atomic_write_path

if TYPE_CHECKING:
    from placebudget.engine import Appraisal

__all__ = [
    "COMPARISON_SUFFIXES",
    "Comparison",
    "check_comparison_path",
    "comparison",
    "write_comparison",
]

#: The file suffixes a comparison is written to, and what each writes.
COMPARISON_SUFFIXES: dict[str, str] = {
    ".md": "Markdown tables",
    ".csv": "tidy CSV rows",
    ".json": "JSON",
    ".xlsx": "an Excel workbook, a sheet a table",
}

#: The columns of the ranking, in order, and their figures' kinds (where the catalogue
#: has none).
_RANKING: dict[str, str | None] = {
    "rank": "whole",
    "vfm_category": "text",
    "preferred": "flag",
    "do_minimum": "flag",
    "pv_switching_value": None,
    "switching_share": None,
}


@attrs.frozen(kw_only=True)
class Comparison:
    """Options compared: their headline figures, their ranking and the inputs that
    differ."""

    options: tuple[str, ...]
    """The options' names, in the order given."""
    metric: str
    """The figure they are ranked by."""
    headline: pd.DataFrame = attrs.field(repr=False)
    """A row per headline figure (index: its name), a column per option."""
    ranking: pd.DataFrame = attrs.field(repr=False)
    """The options ranked (index: ``option``): ``rank``, the metric, ``bcr``,
    ``vfm_category``, ``preferred``, ``do_minimum``, ``pv_switching_value`` and
    ``switching_share``."""
    differences: Mapping[str, Mapping[str, Any]] = attrs.field(repr=False)
    """Each input that differs (its path by ids) → its value in each option."""
    input_names: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    """Each input's path by names (``Integrated domestic abuse service › Repeat domestic
    abuse › impact``), by its path by ids, where known."""

    def input_name(self, path: str) -> str:
        """An input's path by names (by ids where its names are not known)."""
        return self.input_names.get(path, path)

    @property
    def preferred(self) -> str:
        """The preferred option."""
        return str(self.ranking.index[self.ranking["preferred"].astype(bool)][0])

    @property
    def do_minimum(self) -> str:
        """The do-minimum option."""
        return str(self.ranking.index[self.ranking["do_minimum"].astype(bool)][0])


def comparison(
    appraised: Mapping[str, Appraisal],
    ranking: pd.DataFrame,
    cases: Mapping[str, Any],
    figures: Sequence[str],
    *,
    input_names: Mapping[str, str] | None = None,
) -> Comparison:
    """The :class:`Comparison` of the options ``appraised`` (by name) on the headline
    ``figures`` (the report's, :data:`placebudget.report.contents.HEADLINE`), ranked by
    :func:`~placebudget.engine.green_book.compare_options` (``ranking``), whose ``cases`` give the
    inputs that differ (``input_names``: their paths by names, by their paths by ids)."""
    from placebudget.model.diff import differences

    metric = str(ranking.attrs.get("metric", "nppv"))
    headline = pd.DataFrame(
        {name: [result.summary()[m] for m in figures] for name, result in appraised.items()},
        index=pd.Index(list(figures), name="figure"),
    )
    columns = ["rank", metric, *(c for c in ("bcr",) if c != metric), *list(_RANKING)[1:]]
    return Comparison(
        options=tuple(appraised),
        metric=metric,
        headline=headline,
        ranking=ranking[list(dict.fromkeys(columns))],
        differences=differences(cases),
        input_names=dict(input_names or {}),
    )


def check_comparison_path(path: str | os.PathLike[str]) -> None:
    """Refuse, before any work, a file whose suffix no comparison writer writes.

    Raises
    ------
    placebudget.errors.ValidationError
        The suffix is not one of :data:`COMPARISON_SUFFIXES`.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in COMPARISON_SUFFIXES:
        known = ", ".join(f"{s} ({what})" for s, what in COMPARISON_SUFFIXES.items())
        msg = f"a comparison is written to a file ending in one of {known}"
        raise ValidationError.single(path="output", message=msg, value=str(path))


def _kind(figure: str) -> str | None:
    if figure in _RANKING and _RANKING[figure] is not None:
        return _RANKING[figure]
    found = FIGURES.get(figure)
    return None if found is None else found.kind


def _plain(value: Any, kind: str | None) -> Any:
    """A value as the machine formats write it: money to the penny, years as ints,
    missing as ``None``."""
    import math

    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if (
        kind in ("money", "money_per_unit")
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        return round(float(value), 2)
    if kind in ("year", "whole") and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "flag":
        return bool(value)
    return value


def _text(value: Any, figure: str) -> str:
    """A value as the human formats show it, by its figure's kind."""
    kind = _kind(figure)
    if kind == "flag":
        return "yes" if value else ""
    if kind in (None, "text") and not isinstance(value, float | int):
        return "" if value is None else str(value)
    if kind == "whole":
        return str(_plain(value, kind))
    return format_figure(value, figure) if figure in FIGURES else str(value)


def _rows(found: Comparison) -> list[dict[str, Any]]:
    """The comparison as tidy rows (``table``, ``figure``, ``label``, ``option``,
    ``input``, ``value``, ``unit``)."""
    rows: list[dict[str, Any]] = []
    for figure, figures in found.headline.iterrows():
        name = str(figure)
        for option in found.options:
            rows.append(
                {
                    "table": "headline",
                    "figure": name,
                    "label": FIGURES[name].title,
                    "option": option,
                    "value": _plain(figures[option], _kind(name)),
                    "unit": FIGURES[name].unit,
                }
            )
    for ranked_option, ranked in found.ranking.iterrows():
        for column in found.ranking.columns:
            key = str(column)
            declared = FIGURES.get(key)
            rows.append(
                {
                    "table": "ranking",
                    "figure": key,
                    "label": declared.title if declared else key.replace("_", " "),
                    "option": str(ranked_option),
                    "value": _plain(ranked[column], _kind(key)),
                    "unit": declared.unit if declared else "",
                }
            )
    for path, given in found.differences.items():
        for option in found.options:
            rows.append(
                {
                    "table": "inputs",
                    "input": path,
                    "input_name": found.input_name(path),
                    "option": option,
                    "value": given.get(option),
                }
            )
    return rows


def _markdown(found: Comparison) -> str:
    def table(
        header: Sequence[str], body: list[list[str]], left: Sequence[int] = (0,)
    ) -> list[str]:
        def line(cells: Sequence[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        rule = ["---" if i in left else "---:" for i in range(len(header))]
        return [line(header), line(rule), *(line(row) for row in body)]

    options = list(found.options)
    lines = [
        f"# Options compared: {', '.join(options)}",
        "",
        "## Headline figures",
        "",
        *table(
            ["Figure", *options],
            [
                [FIGURES[str(f)].title, *(_text(v[o], str(f)) for o in options)]
                for f, v in found.headline.iterrows()
            ],
        ),
        "",
        f"## Options ranked by {FIGURES[found.metric].title}",
        "",
        f"Preferred: {found.preferred}; do-minimum: {found.do_minimum}. The "
        "switching value is the rise in an option's PV benefit that would make it as "
        "good as the preferred.",
        "",
    ]
    columns = [str(c) for c in found.ranking.columns]
    lines += table(
        [
            "Option",
            *(
                FIGURES[c].label if c in FIGURES else c.replace("_", " ").capitalize()
                for c in columns
            ),
        ],
        [[str(o), *(_text(v[c], c) for c in columns)] for o, v in found.ranking.iterrows()],
        left=[0, *(i + 1 for i, c in enumerate(columns) if _kind(c) in ("text", "flag"))],
    )
    lines += ["", f"## Inputs that differ ({len(found.differences)})", ""]
    if found.differences:
        lines += table(
            ["Input", *options],
            [
                [found.input_name(path), *(str(values.get(o, "")) for o in options)]
                for path, values in found.differences.items()
            ],
        )
    else:
        lines.append("The cases have the same inputs.")
    return "\n".join(lines) + "\n"


def _document(found: Comparison) -> dict[str, Any]:
    rows = _rows(found)
    return {
        "options": list(found.options),
        "metric": found.metric,
        "preferred": found.preferred,
        "do_minimum": found.do_minimum,
        "headline": [
            {k: r[k] for k in ("figure", "label", "option", "value", "unit")}
            for r in rows
            if r["table"] == "headline"
        ],
        "ranking": [
            {"option": str(option), **{str(c): _plain(v, _kind(str(c))) for c, v in values.items()}}
            for option, values in found.ranking.iterrows()
        ],
        "differences": [
            {
                "input": path,
                "input_name": found.input_name(path),
                "values": {o: values.get(o) for o in found.options},
            }
            for path, values in found.differences.items()
        ],
    }


def _workbook(found: Comparison, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    formats = {
        "money": '"£"#,##0;-"£"#,##0',
        "share": "0.0%",
        "ratio": "0.00",
        "whole": "0",
        "year": "0",
    }
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Headline"
    options = list(found.options)
    sheet.append(["Figure", "Name", *options])
    for figure, values in found.headline.iterrows():
        name = str(figure)
        sheet.append(
            [FIGURES[name].title, name, *(_plain(values[o], _kind(name)) for o in options)]
        )
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = formats.get(str(_kind(name)), "General")
    ranking = book.create_sheet("Ranking")
    columns = [str(c) for c in found.ranking.columns]
    ranking.append(["Option", *columns])
    for option, values in found.ranking.iterrows():
        ranking.append([str(option), *(_plain(values[c], _kind(c)) for c in columns)])
        for cell, column in zip(ranking[ranking.max_row][1:], columns, strict=True):
            cell.number_format = formats.get(str(_kind(column)), "General")
    inputs = book.create_sheet("Inputs that differ")
    inputs.append(["Input", *options])
    for input_path, given in found.differences.items():
        inputs.append(
            [_safe(found.input_name(input_path)), *(_safe(_cell(given.get(o))) for o in options)]
        )
    for page in book.worksheets:
        for cell in page[1]:
            cell.font = Font(bold=True)
        page.freeze_panes = "B2"
        page.column_dimensions["A"].width = max(
            [12, *(len(str(c.value or "")) + 2 for c in page["A"])][:200]
        )
    book.save(path)


def _cell(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


#: First characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """A text cell no spreadsheet runs as a formula (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_comparison(found: Comparison, path: str | os.PathLike[str]) -> None:
    """Write ``found`` to ``path`` in the format its suffix names
    (:data:`COMPARISON_SUFFIXES`), atomically: a failure leaves no file and any earlier
    one unchanged.

    The CSV file is tidy rows — ``table`` (``headline``, ``ranking``, ``inputs``),
    ``figure`` and its ``label``, ``option``, ``input`` and ``input_name`` (an input's
    path by ids and by names, for the inputs that differ), ``value`` (money in GBP to the
    penny) and ``unit``; the JSON file
    the ``options``, the ``metric``, the ``preferred`` option and the ``do_minimum``, the
    ``headline`` as rows, the ``ranking`` and the ``differences``.

    Raises
    ------
    placebudget.errors.ValidationError
        The suffix is not one a comparison is written to.
    """
    check_comparison_path(path)
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        with atomic_write_path(target) as tmp:
            _workbook(found, tmp)
        return
    if suffix == ".md":
        text = _markdown(found)
    elif suffix == ".json":
        text = json.dumps(_document(found), indent=2, allow_nan=False, ensure_ascii=False) + "\n"
    else:
        frame = pd.DataFrame(
            [{k: _safe(v) for k, v in row.items()} for row in _rows(found)], dtype=object
        ).reindex(
            columns=["table", "figure", "label", "option", "input", "input_name", "value", "unit"]
        )
        text = frame.to_csv(index=False, lineterminator="\n")
    with atomic_write(target) as handle:
        handle.write(text)
