"""The model context: the workbook being built from an appraisal (:class:`Model`), where
every row in it is, and the one notation by which a formula refers to a row.

A formula refers to a row that any other part of the model writes — on another sheet, or
on its own sheet before or after it — by the row's key: :func:`row` gives the placeholder
``⟨key⟩``, and :func:`resolve` puts the row numbers in once the workbook is complete
(:attr:`Model.rows`, key → row number, is filled as rows are written). So a formula reads
the same whether the row it refers to is written before it or after it. Only the rows a
block of code has itself just written (the row at its cursor, its neighbours) are plain
numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from placebudget.engine import dims as D
from placebudget.report.workbook._cells import FIRST_YEAR, Sheet

if TYPE_CHECKING:
    from placebudget.engine.appraisal import Appraisal

#: A block of one row per partner on the Agreements sheet: (title, formula of (partner,
#: year, row)) → its rows.
Block = Callable[..., list[int]]

#: The sheets of the live model, in workbook order (the report's tables follow: live
#: ones as formulas, the rest as values).
MODEL_SHEETS: tuple[str, ...] = (
    "Cover",
    "Summary",
    "Agreements",
    "Inputs",
    "Assumptions",
    "Prices",
    "People",
    "Effects",
    "Values",
    "Costs",
    "Results",
)

_FISCAL_PATH = re.compile(
    r"interventions\[(\d+)\]\.effects\[(\d+)\]\."
    r"(?:fiscal\['([^']+)'\]|(economic)|(social))$"
)
_COST_PATH = re.compile(
    r"interventions\[(\d+)\]\.costs\[(\d+)\]\."
    r"(?:(per_participant)|amounts\[(\d+)\])$"
)


class Published:
    """Every money input as published, with its price year: what the Inputs sheet holds,
    uprated on the Prices sheet (``published × deflator of the price base ÷ deflator of
    the price year``). A value the case does not give (0) is at the price base."""

    def __init__(self, m: Model) -> None:
        base = m.result.price_base
        e, p, n = len(m.effects), len(m.partners), m.n
        value = m.value_array
        self.fiscal, self.fiscal_year = value(D.FISCAL_VALUE).copy(), np.full((e, p), base)
        self.economic, self.economic_year = value(D.ECONOMIC_VALUE).copy(), np.full(e, base)
        self.social, self.social_year = value(D.SOCIAL_VALUE).copy(), np.full(e, base)
        lines = len(m.lines)
        self.amount = value(D.LINE_AMOUNT).copy().reshape(lines, n)
        self.per_participant = value(D.LINE_PER_PARTICIPANT).copy().reshape(lines)
        self.line_year = np.full(lines, base)
        self.risk = (
            value(D.RISK_AMOUNT).copy().reshape(len(m.risks), n) if m.risks else np.zeros((0, n))
        )
        self.risk_year = np.full(len(m.risks), base)
        self.deflators: dict[int, float] = {base: 100.0}
        #: The calendar-year series of the Green Book (gb:) values, and which effects'
        #: social values are priced in calendar years (uprated with it).
        self.calendar: dict[int, float] = {}
        self.social_calendar = np.zeros(e, dtype=bool)
        case = m.case
        if case is None:
            return
        from placebudget.engine import case_deflators
        from placebudget.errors import ValidationError

        self.calendar = dict(sorted(case_deflators(case, calendar=True).values.items()))

        try:
            self.deflators = dict(sorted(case_deflators(case).values.items()))
        except ValidationError:
            # an imported database's own table, named by the database (not at hand here):
            # every value stays at the price base, as the engine uprated it
            return
        effect_at, line_at, e_k, l_k = {}, {}, 0, 0
        for i, intervention in enumerate(case.interventions):
            for j in range(len(intervention.effects)):
                effect_at[(i, j)], e_k = e_k, e_k + 1
            for k in range(len(intervention.costs)):
                line_at[(i, k)], l_k = l_k, l_k + 1
        if e_k != e or l_k != lines:
            return  # inputs not laid out as the case: keep every value at the price base
        partner_at = {name: k for k, name in enumerate(m.partners)}
        traces = m.result.projection.value_traces()
        for path, published, year, given in zip(
            traces["path"], traces["published"], traces["price_year"], traces["given"], strict=True
        ):
            fiscal, cost = _FISCAL_PATH.match(str(path)), _COST_PATH.match(str(path))
            calendar = False
            if fiscal is not None:
                effect = effect_at[(int(fiscal.group(1)), int(fiscal.group(2)))]
                if fiscal.group(3) is not None:
                    where: tuple[np.ndarray, np.ndarray, tuple[int, ...]] = (
                        self.fiscal,
                        self.fiscal_year,
                        (effect, partner_at[fiscal.group(3)]),
                    )
                elif fiscal.group(4) is not None:
                    where = (self.economic, self.economic_year, (effect,))
                else:
                    where = (self.social, self.social_year, (effect,))
                    # a Green Book value: priced in a calendar year, uprated by that series
                    calendar = str(given).startswith("gb:") and base in self.calendar
                    self.social_calendar[effect] = calendar
            elif cost is not None:
                line = line_at[(int(cost.group(1)), int(cost.group(2)))]
                if cost.group(3) is not None:
                    where = (self.per_participant, self.line_year, (line,))
                else:
                    where = (self.amount, self.line_year, (line, int(cost.group(4)) - m.years[0]))
            else:
                continue
            self._given(where, float(published), int(year), base, m, calendar=calendar)
        for k, risk in enumerate(case.risks):
            for y, amount in risk.cost.items():
                self._given(
                    (self.risk, self.risk_year, (k, y - m.years[0])),
                    float(amount),
                    int(risk.price_year),
                    base,
                    m,
                )

    def _given(
        self,
        where: tuple[np.ndarray, np.ndarray, tuple[int, ...]],
        published: float,
        year: int,
        base: int,
        m: Model,
        *,
        calendar: bool = False,
    ) -> None:
        """Put a published value in, when it and its price year give the engine's value
        exactly as the Prices sheet computes it (else the value stays at the price
        base); a ``calendar`` one by the calendar-year series (its year a year of both
        series, as the Inputs sheet's rule for a price year asks)."""
        values, years, index = where
        table = self.calendar if calendar else self.deflators
        if year not in self.deflators or year not in table:
            return
        uprated = published * (table[base] / table[year])
        if not np.isclose(uprated, values[index], rtol=1e-13, atol=0.0):
            return
        values[index] = published
        years[index[0] if years.ndim == 1 else index] = year

    def factor(self, year: int, base: int) -> float:
        """The uprating factor from ``year`` to ``base``."""
        return self.deflators[base] / self.deflators[year]


_TOKEN = re.compile("⟨([^⟩]+)⟩")


def row(key: str) -> str:
    """The row of ``key`` in a formula: the placeholder :func:`resolve` replaces by the
    row number (:attr:`Model.rows`) when the workbook is complete.

    Examples
    --------
    >>> f"=Results!$G${row('cost.0')}"
    '=Results!$G$⟨cost.0⟩'
    """
    return f"⟨{key}⟩"


def one_based(index: int | None) -> int | str:
    """The number a key column (``#``) shows for an index (blank for none)."""
    return "" if index is None else index + 1


def required(index: int | None, what: str) -> int:
    """``index``, which must be known (``what`` maps to something in the inputs)."""
    if index is None:
        msg = f"{what} maps to nothing in the engine's inputs"
        raise ValueError(msg)
    return index


class Model:
    """The workbook being built, and where everything is in it."""

    def __init__(self, result: Appraisal) -> None:
        from openpyxl import Workbook

        self.result = result
        projection = result.projection
        self.inputs = inputs = projection.inputs
        self.case = projection.case
        self.book = Workbook()
        for blank in list(self.book.worksheets):
            self.book.remove(blank)
        self.years = [int(y) for y in inputs[D.YEAR].to_numpy()]
        self.n = len(self.years)
        self.partners = [str(p) for p in inputs[D.PARTNER].to_numpy()]
        self.kinds = [str(k) for k in projection.dataset[D.PARTNER_KIND].to_numpy()]
        self.interventions = [str(i) for i in inputs[D.INTERVENTION].to_numpy()]
        #: What each intervention's cohort counts: its participants' unit.
        self.cohort_units = (
            [str(u) for u in inputs[D.COHORT_UNIT].to_numpy()]
            if D.COHORT_UNIT in inputs.coords
            else ["" for _ in self.interventions]
        )
        self.outcomes = [str(o) for o in inputs[D.OUTCOME].to_numpy()]
        self.effects = [str(e) for e in inputs[D.EFFECT_NAME].to_numpy()]
        self.lines = [str(name) for name in inputs[D.LINE_NAME].to_numpy()]
        self.line_categories = [str(c) for c in inputs[D.LINE_CATEGORY].to_numpy()]
        self.categories = sorted(set(self.line_categories))
        self.risks = (
            [str(r) for r in inputs[D.RISK].to_numpy()] if D.RISK_PROBABILITY in inputs else []
        )
        self.pairs = inputs.sizes.get(D.PAIR, 0) if D.PAIR_OVERLAP in inputs else 0
        self.effect_intervention = self.one_hot(D.EFFECT_INTERVENTION)
        self.effect_outcome = self.one_hot(D.EFFECT_OUTCOME)
        self.line_intervention = self.one_hot(D.LINE_INTERVENTION)
        self.line_partner = self.one_hot(D.LINE_PARTNER)
        self.risk_partner = self.one_hot(D.RISK_PARTNER) if self.risks else []
        self.reinvests = D.REINVEST_SHARE in inputs
        #: The effects that increase their outcome (dis-benefits), by position.
        self.disbenefits: list[int] = (
            [int(e) for e in np.flatnonzero(np.asarray(inputs[D.EFFECT_DIRECTION]) < 0)]
            if D.EFFECT_DIRECTION in inputs
            else []
        )
        from placebudget.report.outline import Names, words

        #: Names a reader sees: partners, interventions and outcomes by name, effects as
        #: "intervention: outcome", cost lines as "intervention: line".
        self.names = names = Names.of(self.case)
        self.partner_names = [names.name("partner", p) for p in self.partners]
        self.intervention_names = [names.name("intervention", i) for i in self.interventions]
        self.outcome_names = [names.name("outcome", o) for o in self.outcomes]
        effect_ids = (
            [str(e) for e in inputs[D.EFFECT].to_numpy()]
            if D.EFFECT in inputs.coords
            else self.effects
        )
        self.effect_names = [names.name("effect", e) for e in effect_ids]
        self.line_names = [self._line_name(line) for line in self.lines]
        self.risk_names = [words(r) for r in self.risks]
        self.words = words
        self.published = Published(self)
        from placebudget.engine.green_book import case_metb

        #: The rate of the costs of raising public funds the value for money shows as a
        #: sensitivity (none for the case's edition).
        self.metb = case_metb(result)
        #: Rows by key, for the ``⟨key⟩`` placeholders of formulas (:func:`row`),
        #: resolved when the workbook is complete.
        self.rows: dict[str, int] = {}
        self.sheets: dict[str, Sheet] = {}
        for title in MODEL_SHEETS:
            self.sheets[title] = Sheet(self.book, title, self.n)

    def _line_name(self, line: str) -> str:
        """A cost line's name: ``Whole-family support: key workers``."""
        from placebudget.model import NAME_SEPARATOR
        from placebudget.report.outline import words

        parts = line.split(NAME_SEPARATOR)
        if len(parts) >= 3 and parts[1] == "costs":
            return f"{self.names.name('intervention', parts[0])}: {words(parts[-1])}"
        return line

    def value_array(self, name: str) -> np.ndarray:
        """An input's values as a float array."""
        return np.asarray(self.inputs[name].to_numpy(), dtype=float)

    def one_hot(self, name: str) -> list[int | None]:
        """For a one-hot map ``(row, column)``, each row's column index (``None`` for a
        row that maps to none)."""
        array = np.asarray(self.inputs[name].to_numpy(), dtype=float)
        return [int(np.argmax(r)) if r.any() else None for r in array]

    def one_hot_vector(self, name: str) -> int | None:
        """For a one-hot vector, the index of its 1 (``None`` when it has none)."""
        array = np.asarray(self.inputs[name].to_numpy(), dtype=float)
        return int(np.argmax(array)) if array.any() else None

    def pair_effects(self) -> list[tuple[int, int]]:
        """Each interaction pair's first and second effect."""
        first, second = self.one_hot(D.PAIR_FIRST), self.one_hot(D.PAIR_SECOND)
        return [
            (required(first[q], "pair"), required(second[q], "pair")) for q in range(self.pairs)
        ]

    def reinvest_into(self) -> int:
        """The intervention the reinvested savings buy."""
        return required(self.one_hot_vector(D.REINVEST_INTO), "reinvest_into")

    def name(self, name: str, reference: str) -> None:
        """A workbook-level defined name for ``reference`` (``Inputs!$C$5:$C$9``)."""
        from openpyxl.workbook.defined_name import DefinedName

        self.book.defined_names[name] = DefinedName(name, attr_text=reference)

    def value(self, name: str, *index: int) -> float:
        """An input's value (at ``index``)."""
        array = np.asarray(self.inputs[name].to_numpy(), dtype=float)
        return float(array[index]) if index else float(array)

    def rates(self) -> list[float]:
        """The discount rate applying in each year, from the case's schedule (or, for
        inputs without one, from the discount factors)."""
        from placebudget.model import DiscountSchedule
        from placebudget.reference import discount_schedule

        given = self.case.discounting if self.case is not None else None
        schedule: DiscountSchedule | None = None
        if isinstance(given, DiscountSchedule):
            schedule = given
        elif isinstance(given, str):
            schedule = discount_schedule(given)
        if schedule is not None:
            return [float(r) for r in schedule.rates(self.n)]
        factors = np.asarray(self.inputs[D.DISCOUNT_FACTOR].to_numpy(), dtype=float)
        return [0.0, *(float(factors[t - 1] / factors[t] - 1) for t in range(1, self.n))]


def health_rates(m: Model) -> list[float] | None:
    """The discount rate of health values in each year (the Green Book health schedule),
    or ``None`` when the inputs discount no value apart (no health values, or health
    discounting off)."""
    if D.HEALTH_DISCOUNT_FACTOR not in m.inputs:
        return None
    factors = np.asarray(m.inputs[D.HEALTH_DISCOUNT_FACTOR].to_numpy(), dtype=float)
    return [0.0, *(float(factors[t - 1] / factors[t] - 1) for t in range(1, m.n))]


def health_effects(m: Model) -> list[int]:
    """The effects whose social value is a health value (``social_health``), discounted
    with the health discount factors; none when no value is discounted apart."""
    if D.SOCIAL_HEALTH not in m.inputs:
        return []
    flags = np.asarray(m.inputs[D.SOCIAL_HEALTH].to_numpy(), dtype=float)
    return [e for e in range(len(flags)) if flags[e] > 0]


def resolve(m: Model) -> None:
    """Put the row numbers in for the ``⟨key⟩`` placeholders of every formula."""

    def number(match: re.Match[str]) -> str:
        return str(m.rows[match.group(1)])

    for sheet in m.book.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f" and isinstance(cell.value, str) and "⟨" in cell.value:
                    cell.value = _TOKEN.sub(number, cell.value)


def check_size(m: Model, limit: int) -> None:
    """Refuse, before building anything, a model of more than ``limit`` cells (an
    estimate from the case's sizes, above the count: 10,700 for the Northtown example,
    which has 8,241)."""
    from placebudget.errors import Problem, ValidationError

    e, p, o = len(m.effects), len(m.partners), len(m.outcomes)
    agreements = len(m.case.agreements) if m.case is not None else 0
    rows = (
        4 * e * p
        + 10 * e
        + 6 * len(m.interventions)
        + 2 * len(m.lines)
        + 2 * len(m.risks)
        + 3 * m.pairs
        + 12 * p
        + 8 * o
        + 2 * len(m.categories)
        + 40
        + agreements * (12 * p + 2 * len(m.categories) + 12)
    )
    # the calculation rows, then the assumptions, traces and value sheets
    cells = int(1.5 * rows * (m.n + FIRST_YEAR + 3)) + 3_000
    if cells > limit:
        msg = (
            f"the live Excel model would hold about {cells:,} cells, more than the limit "
            f"of {limit:,}: write the value-only workbook instead (--values-only, "
            "or write_excel(..., values_only=True))"
        )
        case = m.inputs.attrs.get("case", "")
        raise ValidationError(
            [Problem("report", msg, cells)], context=f"cannot write the workbook of {case!r}"
        )
