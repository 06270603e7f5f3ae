"""The tables of the ``aggregate`` command, and the files ``aggregate -o`` writes them to:
tidy CSV rows, JSON, Markdown or an Excel workbook (a sheet each)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from placebudget.cli._app import UsageError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AGGREGATE_SUFFIXES", "AGGREGATE_TABLES", "aggregate_tables", "write_aggregate"]

#: What ``aggregate -o`` writes, by the output's suffix.
AGGREGATE_SUFFIXES: tuple[str, ...] = (".csv", ".json", ".md", ".xlsx")

#: The aggregate's tables, in order: name → (title, what their rows are).
AGGREGATE_TABLES: dict[str, tuple[str, str]] = {
    "national": ("National totals", "figure"),
    "by_place": ("By place", "place"),
    "by_partner_kind": ("By partner kind", "partner kind"),
    "by_department": ("By department", "department"),
}

#: Figures of the aggregate's tables the catalogue does not declare: label and unit.
_SHARE_OF_NET = ("Share of net benefit", "share")


def _aggregate_suffix(output: Path) -> str:
    """The format ``aggregate -o`` writes ``output`` in, refused before any work when it
    writes none."""
    suffix = output.suffix.lower()
    if suffix not in AGGREGATE_SUFFIXES:
        shown = suffix or "a file without a suffix"
        msg = (
            f"-o {output}: aggregate writes {', '.join(AGGREGATE_SUFFIXES[:-1])} or "
            f"{AGGREGATE_SUFFIXES[-1]}, not {shown}"
        )
        raise UsageError(msg)
    return suffix


def _figure_label(name: str) -> str:
    from placebudget.figures import FIGURES

    return FIGURES[name].label if name in FIGURES else _SHARE_OF_NET[0]


def _figure_unit(name: str) -> str:
    from placebudget.figures import FIGURES

    return FIGURES[name].unit if name in FIGURES else _SHARE_OF_NET[1]


def _figure_text(value: float, name: str) -> str:
    from placebudget.figures import format_figure, format_share

    return format_figure(value, name) if name != "share_of_net_benefit" else format_share(value)


def aggregate_tables(computed: Any) -> dict[str, pd.DataFrame]:
    """The aggregate's tables by name (:data:`AGGREGATE_TABLES`): the national totals
    (one row, ``national``), and the totals by place, partner kind and department, each a
    row a place, kind or department and a column a figure of the catalogue."""
    national = computed.national()
    return {
        "national": national.to_frame("national").T,
        "by_place": computed.by_place(),
        "by_partner_kind": computed.by_partner_kind(),
        "by_department": computed.by_department(),
    }


def _row_names(name: str, rows: Any, places: pd.DataFrame) -> list[str]:
    """The rows of table ``name`` as people read them: places by name, partner kinds in
    words."""
    from placebudget.model import PARTNER_KIND_LABELS

    if name == "by_place" and "name" in places.columns:
        return [str(places["name"].get(row, row)) for row in rows]
    if name == "by_partner_kind":
        return [PARTNER_KIND_LABELS.get(str(row), str(row)) for row in rows]
    if name == "national":
        return ["National"]
    return [str(row) for row in rows]


def _money_round(value: float, unit: str) -> float | None:
    if value != value:  # NaN: undefined
        return None
    return round(float(value), 2) if unit == "GBP" else float(value)


def write_aggregate(
    path: Path, tables: dict[str, pd.DataFrame], places: pd.DataFrame, heading: str
) -> None:
    """Write the aggregate's ``tables`` to ``path`` in the format of its suffix
    (:data:`AGGREGATE_SUFFIXES`), atomically: ``.csv`` tidy rows (``table``, ``row``,
    ``figure``, ``value``, ``unit``), ``.json`` the tables by name (ids and names, money
    to the penny), ``.md`` and ``.xlsx`` (a sheet each) as people read them, with the
    catalogue's labels and formats."""
    from placebudget.io import atomic_write, atomic_write_path

    suffix = _aggregate_suffix(path)
    if suffix == ".xlsx":
        with atomic_write_path(path) as temporary:
            _aggregate_workbook(tables, places, heading).save(temporary)
        return
    text = {".csv": _aggregate_csv, ".json": _aggregate_json, ".md": _aggregate_markdown}[suffix](
        tables, places, heading
    )
    with atomic_write(path) as handle:
        handle.write(text)


def _aggregate_csv(tables: dict[str, pd.DataFrame], places: pd.DataFrame, heading: str) -> str:
    import csv
    import io

    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(["table", "row", "figure", "value", "unit"])
    for name, frame in tables.items():
        for row, values in frame.iterrows():
            for figure, value in values.items():
                unit = _figure_unit(str(figure))
                number = _money_round(float(value), unit)
                out.writerow([name, row, figure, "" if number is None else repr(number), unit])
    return buffer.getvalue()


def _aggregate_json(tables: dict[str, pd.DataFrame], places: pd.DataFrame, heading: str) -> str:
    import json

    document: dict[str, Any] = {"title": heading, "tables": {}, "units": {}}
    for name, frame in tables.items():
        key = AGGREGATE_TABLES[name][1].replace(" ", "_")
        rows = []
        for (row, values), shown in zip(
            frame.iterrows(), _row_names(name, frame.index, places), strict=True
        ):
            record: dict[str, Any] = {} if name == "national" else {key: row, f"{key}_name": shown}
            for figure, value in values.items():
                unit = _figure_unit(str(figure))
                document["units"][str(figure)] = unit
                record[str(figure)] = _money_round(float(value), unit)
            rows.append(record)
        document["tables"][name] = rows[0] if name == "national" else rows
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _aggregate_markdown(tables: dict[str, pd.DataFrame], places: pd.DataFrame, heading: str) -> str:
    from placebudget.figures import FIGURES

    lines = [f"# {heading}", ""]
    for name, frame in tables.items():
        title, rows = AGGREGATE_TABLES[name]
        lines += [f"## {title}", ""]
        if name == "national":
            lines += ["| Figure | Value |", "|:--|--:|"]
            for figure, value in frame.iloc[0].items():
                label = (
                    FIGURES[str(figure)].title
                    if str(figure) in FIGURES
                    else _figure_label(str(figure))
                )
                lines.append(f"| {label} | {_figure_text(float(value), str(figure))} |")
        else:
            columns = [str(c) for c in frame.columns]
            lines.append(
                "| " + " | ".join([rows.capitalize(), *map(_figure_label, columns)]) + " |"
            )
            lines.append("|:--|" + "--:|" * len(columns))
            for shown, (_, values) in zip(
                _row_names(name, frame.index, places), frame.iterrows(), strict=True
            ):
                cells = [_figure_text(float(values[c]), c) for c in columns]
                lines.append("| " + " | ".join([shown, *cells]) + " |")
        lines.append("")
    return "\n".join(lines)


#: Excel number formats by the unit of a figure.
_EXCEL_FORMATS = {"GBP": '"£"#,##0;-"£"#,##0', "ratio": "0.00", "share": "0.0%"}


def _aggregate_workbook(tables: dict[str, pd.DataFrame], places: pd.DataFrame, heading: str) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from placebudget.figures import FIGURES

    book = Workbook()
    first = True
    for name, frame in tables.items():
        title, rows = AGGREGATE_TABLES[name]
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = title
        sheet.append([heading])
        sheet["A1"].font = Font(bold=True)
        if name == "national":
            sheet.append(["Figure", "Value"])
            records = [
                (
                    FIGURES[str(f)].title if str(f) in FIGURES else _figure_label(str(f)),
                    [(str(f), v)],
                )
                for f, v in frame.iloc[0].items()
            ]
        else:
            columns = [str(c) for c in frame.columns]
            sheet.append([rows.capitalize(), *map(_figure_label, columns)])
            records = [
                (shown, [(c, values[c]) for c in columns])
                for shown, (_, values) in zip(
                    _row_names(name, frame.index, places), frame.iterrows(), strict=True
                )
            ]
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for shown, figures in records:
            sheet.append([shown, *(None if float(v) != float(v) else float(v) for _, v in figures)])
            for k, (figure, _) in enumerate(figures, start=2):
                sheet.cell(row=sheet.max_row, column=k).number_format = _EXCEL_FORMATS.get(
                    _figure_unit(figure), "General"
                )
        sheet.column_dimensions["A"].width = (
            max([len(str(shown)) for shown, _ in records] + [len(rows), 12]) + 2
        )
        for k in range(2, 2 + max(len(f) for _, f in records)):
            sheet.column_dimensions[get_column_letter(k)].width = 20
    return book
