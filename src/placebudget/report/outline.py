"""The blocks a report is made of: what :func:`~placebudget.report.report_contents`
declares and every writer lays out.

A report (:class:`Contents`) is a title, a lead and :class:`Section` s in order; a section
is a title, an intro and blocks — :class:`Paragraph`, :class:`Bullets`, :class:`Table`
and :class:`Chart`. A table carries its frame and, for each column, the kind of figure
it holds (from the catalogue, :mod:`placebudget.figures`) and its header, so that every
writer formats a cell the same way and no writer guesses what a column is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from placebudget.figures import FIGURES, format_figure, format_value, kind_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ID_COLUMNS",
    "MARK",
    "SUMMARY_ROWS",
    "Block",
    "Bullets",
    "Chart",
    "Contents",
    "Names",
    "Paragraph",
    "Section",
    "Table",
    "column_label",
    "table",
    "words",
]

#: The mark of a flagged cell (a partner left worse off).
MARK = "⚠"

_ACRONYMS = {
    "pv": "PV",
    "npbi": "NPBI",
    "nppv": "NPPV",
    "bcr": "BCR",
    "roi": "ROI",
    "vfm": "VfM",
    "eac": "EAC",
    "eanc": "EANC",
    "metb": "METB",
}


def column_label(column: str) -> str:
    """A column's header: the catalogue's label of the figure it holds, else its name in
    words.

    Examples
    --------
    >>> column_label("npbi"), column_label("pv_public_weighted"), column_label("case_study")
    ('NPBI', 'PV public value, weighted', 'Case study')
    """
    found = FIGURES.get(str(column))
    if found is not None:
        return found.label
    words = [_ACRONYMS.get(word, word) for word in str(column).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


@attrs.frozen
class Paragraph:
    """A paragraph of text."""

    text: str


@attrs.frozen
class Bullets:
    """A list of short statements."""

    items: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Chart:
    """A chart of :data:`placebudget.report.charts.CHARTS`, drawn from the results."""

    name: str
    """The chart's name (``as_is``, ``cumulative`` …)."""
    caption: str
    """What it shows, under it."""
    alt: str
    """Its text alternative: what a reader who cannot see it needs to know."""


@attrs.frozen(kw_only=True)
class Table:
    """A table: a flat frame (its row labels are columns) with the kind and header of
    each column.

    A column's kind is the catalogue's kind of the figure it is named after, unless
    ``kinds`` says otherwise (a wide table's partner or year columns, a column that is a
    different figure in this table). A table whose rows are figures (the headline, the
    Monte Carlo summary) names the column holding each row's figure in ``row_figure``:
    its numbers are then shown as that figure's are.
    """

    name: str
    """Its name: the key of the JSON document, the LaTeX label, the HTML ``data-table``."""
    caption: str
    """Its caption, in words."""
    frame: pd.DataFrame = attrs.field(repr=False)
    """The rows, one column per field, in order."""
    kinds: Mapping[str, str | None] = attrs.field(factory=dict)
    """Kinds that are not the catalogue's for the column's name."""
    labels: Mapping[str, str] = attrs.field(factory=dict)
    """Headers that are not the catalogue's label for the column's name."""
    row_figure: str | None = None
    """The column naming each row's figure, whose kind shows the row's numbers."""
    hidden: tuple[str, ...] = ()
    """Columns the machine formats keep and the human ones do not show."""
    total: bool = False
    """Whether the last row is a total (shown in bold)."""
    group: str | None = None
    """A column whose values split the rows into parts the human formats show one after
    another (each option's pooled budget), the machine formats as one table."""
    audience: str = "all"
    """Who reads it: ``all`` formats, only the ``human`` ones (a matrix laid out to read)
    or only the ``machine`` ones (the same figures as tidy rows)."""
    flags: Mapping[str, str] = attrs.field(factory=dict)
    """Column → a boolean column (hidden) whose true rows mark that column's cell with
    :data:`MARK` (a partner left worse off)."""
    names: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    """Column of ids → each id's name: the human formats show the name, the machine ones
    both (a ``<column>_name`` beside the column)."""

    @property
    def columns(self) -> list[str]:
        """Every column, in order."""
        return [str(c) for c in self.frame.columns]

    @property
    def shown(self) -> list[str]:
        """The columns a human-facing format shows."""
        return [c for c in self.columns if c not in self.hidden and c != self.group]

    def kind(self, column: str) -> str | None:
        """How ``column``'s numbers are shown (``None``: as text)."""
        if column in self.kinds:
            return self.kinds[column]
        return kind_of(column)

    def label(self, column: str) -> str:
        """``column``'s header."""
        return self.labels.get(column) or column_label(column)

    def numeric(self, column: str) -> bool:
        """Whether ``column`` holds figures (right aligned)."""
        if self.row_figure is not None and column not in (self.row_figure, *self.hidden):
            dtype = self.frame[column].dtype
            return dtype.kind in "fiu"
        return self.kind(column) not in (None, "text", "flag")

    def named(self, names: Names) -> Table:
        """The table with its columns of ids (:data:`ID_COLUMNS`) and its partners'
        column headers shown by their ``names``."""
        found = dict(self.names)
        for column in self.columns:
            if column in ID_COLUMNS:
                values = [v for v in self.frame[column].unique() if isinstance(v, str)]
                if values:
                    found[column] = {v: names.name(ID_COLUMNS[column], v) for v in values}
        labels = {
            column: names.partners[column]
            for column in self.columns
            if column in names.partners and self.label(column) == column
        }
        return attrs.evolve(self, names=found, labels={**self.labels, **labels})

    def flagged(self, row: int, column: str) -> bool:
        """Whether the cell is marked (see :attr:`flags`)."""
        flag = self.flags.get(column)
        return flag is not None and bool(self.frame[flag].iloc[row])

    def parts(self) -> Iterator[tuple[str | None, Table]]:
        """The table split by :attr:`group` (the group's value and its rows, without the
        group column), or the table whole."""
        if self.group is None:
            yield None, self
            return
        for value, rows in self.frame.groupby(self.group, sort=False):
            yield (
                str(value),
                attrs.evolve(
                    self,
                    frame=rows.drop(columns=self.group).reset_index(drop=True),
                    group=None,
                    caption=f"{self.caption}: {value}",
                ),
            )

    def cell(self, row: int, column: str) -> str:
        """The text of one cell, formatted as its column (or its row's figure) shows
        numbers, marked when flagged."""
        text = self._text(row, column)
        return f"{text} {MARK}" if self.flagged(row, column) else text

    def _text(self, row: int, column: str) -> str:
        value = self.frame[column].iloc[row]
        if hasattr(value, "item"):
            value = value.item()
        if isinstance(value, str) and column in self.names:
            return self.names[column].get(value, value)
        if (
            self.row_figure is not None
            and column != self.row_figure
            and isinstance(value, float | int)
            and not isinstance(value, bool)
        ):
            return format_figure(value, str(self.frame[self.row_figure].iloc[row]))
        return format_value(value, self.kind(column))

    def rows(self) -> Iterator[list[str]]:
        """Every row's shown cells, as text."""
        columns = self.shown
        for row in range(len(self.frame)):
            yield [self.cell(row, column) for column in columns]

    def header(self) -> list[str]:
        """The shown columns' headers."""
        return [self.label(c) for c in self.shown]

    def records(self) -> list[dict[str, Any]]:
        """Every row as a dict of plain values (numbers as numbers, missing as ``None``)."""
        import math

        out = []
        for record in self.frame.to_dict(orient="records"):
            row: dict[str, Any] = {}
            for key, value in record.items():
                if hasattr(value, "item"):
                    value = value.item()
                if value is None or (isinstance(value, float) and not math.isfinite(value)):
                    value = None
                elif not isinstance(value, bool | int | float | str):
                    value = None if str(value) == "<NA>" else str(value)
                row[str(key)] = value
                if str(key) in self.names and isinstance(value, str):
                    row[f"{key}_name"] = self.names[str(key)].get(value, value)
            out.append(row)
        return out


#: Anything a section holds.
Block = Paragraph | Bullets | Table | Chart


@attrs.frozen(kw_only=True)
class Section:
    """A section of a report."""

    name: str
    """Its name (``summary``, ``as_is`` …)."""
    title: str
    """Its heading."""
    blocks: tuple[Block, ...]
    """What it holds, in order (its intro the first paragraph)."""
    level: int = 2
    """Its heading level (2 a section, 3 a part of the one before)."""

    def tables(self) -> list[Table]:
        """Its tables."""
        return [b for b in self.blocks if isinstance(b, Table)]


@attrs.frozen(kw_only=True)
class Contents:
    """A whole report: what every format lays out, in this order."""

    title: str
    """The case's name."""
    lead: tuple[str, ...]
    """Paragraphs under the title: the place, the years and the price base."""
    sections: tuple[Section, ...]
    """The sections, in order."""

    def tables(self, audience: str | None = None) -> dict[str, Table]:
        """Every table by name, in order (those for ``audience``, ``"human"`` or
        ``"machine"``, when given)."""
        return {
            t.name: t
            for s in self.sections
            for t in s.tables()
            if audience is None or t.audience in ("all", audience)
        }

    def section(self, name: str) -> Section:
        """The section called ``name``."""
        for found in self.sections:
            if found.name == name:
                return found
        raise KeyError(name)


def table(
    name: str,
    caption: str,
    frame: pd.DataFrame,
    *,
    kinds: Mapping[str, str | None] | None = None,
    labels: Mapping[str, str] | None = None,
    wide: str | None = None,
    keys: Sequence[str] = (),
    row_figure: str | None = None,
    hidden: Sequence[str] = (),
    total: bool = False,
    group: str | None = None,
    audience: str = "all",
    flags: Mapping[str, str] | None = None,
) -> Table:
    """A :class:`Table` of ``frame``, its named index levels made columns first; with
    ``wide``, every column but ``keys`` and those the catalogue declares holds figures
    of that kind (a partner × year table)."""
    named = frame.index.name is not None or getattr(frame.index, "nlevels", 1) > 1
    flat = frame.reset_index() if named else frame.reset_index(drop=True)
    flat.columns = [str(c) for c in flat.columns]
    found = dict(kinds or {})
    if wide is not None:
        index_names = [str(n) for n in frame.index.names if n is not None] if named else []
        for column in flat.columns:
            if (
                column not in (*keys, *index_names, group)
                and column not in found
                and (column not in FIGURES)
            ):
                found[column] = wide
                labels = {column: column, **(labels or {})}
    flagged = dict(flags or {})
    return Table(
        name=name,
        caption=caption,
        frame=flat,
        kinds=found,
        labels=dict(labels or {}),
        row_figure=row_figure,
        hidden=(*hidden, *flagged.values()),
        total=total,
        group=group,
        audience=audience,
        flags=flagged,
    )


#: Columns that hold ids, and what they are the ids of.
ID_COLUMNS: dict[str, str] = {
    "partner": "partner",
    "investor": "partner",
    "beneficiary": "partner",
    "intervention": "intervention",
    "outcome": "outcome",
    "effect": "effect",
    "input": "input",
    "kind": "words",
}


#: The rows a table adds below its partners, interventions or outcomes, in words.
#: The words of the summary rows of a table by partner (or intervention, outcome).
SUMMARY_ROWS = {"total": "Total", "pot": "Pot (all partners)"}


@attrs.frozen
class Names:
    """The names of a case's partners, interventions and outcomes by id (an outcome,
    which a case names only by id, by its id in words: ``repeat_domestic_abuse`` →
    ``Repeat domestic abuse``)."""

    partners: Mapping[str, str]
    interventions: Mapping[str, str]
    outcomes: Mapping[str, str]

    @classmethod
    def of(cls, case: Any) -> Names:
        """The names of ``case``'s ids (none without a case)."""
        if case is None:
            return cls({}, {}, {})
        outcomes = {e.outcome: words(e.outcome) for i in case.interventions for e in i.effects}
        return cls(
            {p.id: p.name for p in case.place.partners},
            {i.id: i.name for i in case.interventions},
            outcomes,
        )

    def name(self, kind: str, value: str) -> str:
        """The name of ``value``, an id of ``kind`` (``partner``, ``intervention``,
        ``outcome``, ``effect`` — ``intervention:outcome`` — or ``input``, a path such as
        ``domestic_abuse › repeat_domestic_abuse › fiscal › nhs``)."""
        if kind == "partner":
            return self.partners.get(value) or SUMMARY_ROWS.get(value, value)
        if kind == "intervention":
            return self.interventions.get(value) or SUMMARY_ROWS.get(value, value)
        if kind == "outcome":
            return self.outcomes.get(value) or SUMMARY_ROWS.get(value, value)
        if kind == "effect" and ":" in value:
            intervention, _, outcome = value.partition(":")
            return f"{self.name('intervention', intervention)}: {self.name('outcome', outcome)}"
        if kind == "words":
            return words(value)
        if kind == "input":
            parts = value.split(" › ")
            none: Mapping[str, str] = {}
            lookups = (self.interventions, self.outcomes, none, self.partners)
            return " › ".join(
                (lookups[k] if k < len(lookups) else none).get(part, part)
                if k != 1 or part != "costs"
                else part
                for k, part in enumerate(parts)
            )
        return value


def words(identifier: str) -> str:
    """An id in words: ``repeat_domestic_abuse`` → ``Repeat domestic abuse``.

    Examples
    --------
    >>> words("a_and_e_attendance")
    'A and e attendance'
    """
    text = identifier.replace("_", " ").strip()
    return text[:1].upper() + text[1:]
