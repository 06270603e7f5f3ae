"""The hidden sheet ``placebudget model``: which field of the case each input cell holds,
so that :func:`placebudget.io.model_workbook.load_model_workbook` reads the workbook back
as a case (see :mod:`placebudget.io.model_workbook` for what it holds and how it is
read).

Every input cell of the model (``Sheet.entries``) is mapped here: to a field of the case
(``interventions[0].effects[1].impact``), to a part of a value or a cost line, or —
for a figure the case works out and does not hold (a distributional weight, an
interaction's factor, a social value's index by year) — to a note saying why a change
to it cannot be read back.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

from placebudget.engine import dims as D
from placebudget.report.workbook._cells import FIRST_YEAR, col
from placebudget.report.workbook._inputs import EFFECT_FIELDS

if TYPE_CHECKING:
    from placebudget.io.model_workbook import InputCell
    from placebudget.model import BusinessCase
    from placebudget.report.workbook._context import Model

__all__ = ["model_marker"]

#: The effect columns of the Inputs sheet (:data:`EFFECT_FIELDS`, from E) → (field of
#: the effect, kind).
_EFFECT_COLUMNS: dict[str, tuple[str, str]] = {
    D.BASELINE: ("baseline", "number"),
    D.IMPACT: ("impact", "number"),
    D.DEADWEIGHT: ("deadweight", "number"),
    D.DISPLACEMENT: ("displacement", "number"),
    D.ATTRIBUTION: ("attribution", "number"),
    D.BENEFIT_OPTIMISM_BIAS: ("optimism_bias", "override"),
    D.DROP_OFF: ("drop_off", "number"),
    D.LAG: ("lag", "whole"),
    D.DURATION: ("duration", "whole"),
}

_INDEX = re.compile(r"interventions\[(\d+)\]\.(?:effects|costs)\[(\d+)\]$")

_DERIVED_WEIGHT = (
    "is the cohort's distributional weight, worked out from its income "
    "(interventions[…].cohort.income) and the case's distributional_weights: "
    "change those in the case file"
)
_DERIVED_ADJUSTMENT = (
    "is the effect's interaction factor, worked out from the case's "
    "interactions (their adjustment): change those in the case file"
)
_DERIVED_INDEX = (
    "is the index by year of a Green Book value, from its real growth: it "
    "is not an input the case holds"
)
_NOT_HELD = "is not an input the case holds: change it in the case file"


def model_marker(m: Model) -> None:
    """Add the hidden sheet of the model (after every other sheet is complete)."""
    from placebudget.io.model_workbook import write_marker

    cells = _Cells(m).all() if m.case is not None else []
    write_marker(m.book, m.case, cells, label_sheets=("Inputs", "Agreements"))


class _Cells:
    """The input cells of ``m`` and the fields of its case they hold."""

    def __init__(self, m: Model) -> None:
        from placebudget.io.model_workbook import InputCell

        assert m.case is not None
        self.m, self.case = m, m.case
        self.found: dict[tuple[str, int, int], InputCell] = {}
        self._cell = InputCell

    def add(
        self,
        sheet: str,
        r: int,
        c: int,
        kind: str,
        path: str,
        *,
        group: str = "",
        key: object = "",
        unit: str = "",
        note: str = "",
    ) -> None:
        written = self.m.sheets[sheet].ws.cell(row=r, column=c).value
        self.found[(sheet, r, c)] = self._cell(
            sheet=sheet,
            address=f"{col(c)}{r}",
            kind=kind,
            path=path,
            written=written,
            group=group,
            key=str(key),
            unit=unit,
            note=note,
        )

    def all(self) -> list[InputCell]:
        m = self.m
        self._settings()
        self._partners()
        self._interventions()
        self._effects()
        self._lines()
        self._risks()
        self._pairs()
        self._reinvestment()
        self._deflators()
        self._agreements()
        for title, sheet in m.sheets.items():  # anything else: refused when changed
            for r, c in sheet.entries:
                if (title, r, c) not in self.found:
                    self.add(title, r, c, "derived", f"{title}!{col(c)}{r}", note=_NOT_HELD)
        return list(self.found.values())

    def _settings(self) -> None:
        m = self.m
        r = m.rows["inputs.rate"]
        for t in range(1, m.n):
            self.add(
                "Inputs", r, FIRST_YEAR + t, "discount", "discounting", group="discounting", key=t
            )
        self.add("Inputs", m.rows["inputs.price_base"], 2, "whole", "price_year")
        if "inputs.metb" in m.rows:
            self.add("Inputs", m.rows["inputs.metb"], 2, "override", "metb")

    def _partners(self) -> None:
        m = self.m
        if not m.reinvests:
            return
        for p, partner in enumerate(m.partners):
            self.add(
                "Inputs",
                m.rows[f"inputs.partner.{p}"],
                4,
                "reinvest_from",
                "reinvestment.partners",
                group="reinvestment.partners",
                key=partner,
            )

    def _interventions(self) -> None:
        m, case = self.m, self.case
        index = {iv.id: k for k, iv in enumerate(case.interventions)}
        for i, intervention in enumerate(m.interventions):
            k = index[intervention]
            where = f"interventions[{k}]"
            r = m.rows[f"inputs.intervention.{i}"]
            self.add("Inputs", r, 3, "number", f"{where}.engagement")
            self.add("Inputs", r, 4, "derived", f"{where}.cohort.income", note=_DERIVED_WEIGHT)
            for t, year in enumerate(m.years):
                self.add("Inputs", r, FIRST_YEAR + t, "entry", f"{where}.cohort.intake[{year}]")

    def _effect_paths(self) -> list[tuple[int, int]]:
        """Each effect of the inputs as (intervention, effect) of the case."""
        paths = self.m.inputs.coords.get("effect_path")
        if paths is not None:
            found = [_INDEX.match(str(p)) for p in paths.to_numpy()]
            if all(f is not None for f in found):
                return [(int(f.group(1)), int(f.group(2))) for f in found if f is not None]
        return [
            (i, j) for i, iv in enumerate(self.case.interventions) for j in range(len(iv.effects))
        ]

    def _effects(self) -> None:
        m, case = self.m, self.case
        indexed = (
            np.asarray(m.inputs[D.SOCIAL_INDEX].to_numpy(), dtype=float)
            if D.SOCIAL_INDEX in m.inputs
            else None
        )
        for e, (i, j) in enumerate(self._effect_paths()):
            effect = case.interventions[i].effects[j]
            where = f"interventions[{i}].effects[{j}]"
            r = m.rows[f"inputs.effect.{e}"]
            for k, (field, _, _) in enumerate(EFFECT_FIELDS):
                if field in _EFFECT_COLUMNS:
                    name, kind = _EFFECT_COLUMNS[field]
                    self.add("Inputs", r, 5 + k, kind, f"{where}.{name}")
            changing = indexed is not None and not np.all(indexed[e] == 1.0)
            for kind, amount, year in (("economic", 14, 17), ("social", 15, 18)):
                note = "indexed" if kind == "social" and changing else ""
                self.add(
                    "Inputs",
                    r,
                    amount,
                    "value",
                    f"{where}.{kind}.amount",
                    group=f"{where}.{kind}",
                    unit=effect.unit,
                    note=note,
                )
                self.add(
                    "Inputs",
                    r,
                    year,
                    "value",
                    f"{where}.{kind}.price_year",
                    group=f"{where}.{kind}",
                )
            self.add(
                "Inputs",
                r,
                16,
                "derived",
                f"{where}.interaction_adjustment",
                note=_DERIVED_ADJUSTMENT,
            )
            blocks = (
                (D.FISCAL_VALUE, "amount"),
                ("fiscal_price_year", "price_year"),
                (D.CASHABLE_SHARE, "cashable"),
                (D.TRANSFER_SHARE, "transfer"),
            )
            for block, part in blocks:
                row = m.rows[f"inputs.{block}.{e}"]
                for p, partner in enumerate(m.partners):
                    value = f"{where}.fiscal[{partner!r}]"
                    self.add(
                        "Inputs",
                        row,
                        3 + p,
                        "value",
                        f"{value}.{part}",
                        group=value,
                        unit=effect.unit,
                    )
            if indexed is not None:
                row = m.rows[f"inputs.{D.SOCIAL_INDEX}.{e}"]
                for t in range(m.n):
                    self.add(
                        "Inputs",
                        row,
                        FIRST_YEAR + t,
                        "derived",
                        f"{where}.social.index",
                        note=_DERIVED_INDEX,
                    )

    def _lines(self) -> None:
        m, case, n = self.m, self.case, self.m.n
        paths = m.inputs.coords.get("line_path")
        lines = [_INDEX.match(str(p)) for p in paths.to_numpy()] if paths is not None else []
        for line in range(len(m.lines)):
            match = lines[line] if line < len(lines) else None
            if match is None:
                continue
            i = int(match.group(1))
            where = f"interventions[{i}].costs[{int(match.group(2))}]"
            unit = case.interventions[i].cohort.unit
            r = m.rows[f"inputs.line.{line}"]
            self.add("Inputs", r, 6, "line", f"{where}.per_participant", group=where, unit=unit)
            self.add("Inputs", r, 7, "cost_override", f"{where}.optimism_bias")
            for t, year in enumerate(m.years):
                self.add(
                    "Inputs",
                    r,
                    FIRST_YEAR + t,
                    "line",
                    f"{where}.amounts[{year}]",
                    group=where,
                    key=year,
                )
            self.add("Inputs", r, FIRST_YEAR + n, "line", f"{where}.price_year", group=where)

    def _risks(self) -> None:
        m, n = self.m, self.m.n
        for k in range(len(m.risks)):
            where = f"risks[{k}]"
            r = m.rows[f"inputs.risk.{k}"]
            self.add("Inputs", r, 4, "number", f"{where}.probability")
            for t, year in enumerate(m.years):
                self.add(
                    "Inputs",
                    r,
                    FIRST_YEAR + t,
                    "line",
                    f"{where}.cost[{year}]",
                    group=where,
                    key=year,
                )
            self.add("Inputs", r, FIRST_YEAR + n, "line", f"{where}.price_year", group=where)

    def _pairs(self) -> None:
        """Each pair of effects on one outcome is one of an interaction's outcomes (as
        the engine lists them): its overlap is the interaction's."""
        m = self.m
        if not m.pairs:
            return
        for q, k in enumerate(_pair_interactions(self.case)):
            if q < m.pairs:
                self.add(
                    "Inputs", m.rows[f"inputs.pair.{q}"], 5, "number", f"interactions[{k}].overlap"
                )

    def _reinvestment(self) -> None:
        m = self.m
        if not m.reinvests:
            return
        self.add("Inputs", m.rows["inputs.reinvest.share"], 2, "number", "reinvestment.share")
        self.add("Inputs", m.rows["inputs.reinvest.cap"], 2, "cap", "reinvestment.cap")

    def _deflators(self) -> None:
        m = self.m
        for year in m.published.deflators:
            self.add(
                "Inputs",
                m.rows[f"inputs.deflator.{year}"],
                3,
                "deflator",
                "deflators",
                group="deflators",
                key=year,
            )

    def _agreements(self) -> None:
        from placebudget.model.agreements import ByHeadcount, FixedShares, PerCategory

        m = self.m
        for k, (option, agreement) in enumerate(self.case.agreements.items(), start=1):
            base = f"agreements[{option!r}].rule"
            rule: Any = agreement.rule
            for key, field, kind in (
                ("return", "return_rate", "number"),
                ("share", "investor_share", "number"),
                ("cap", "cap", "cap"),
            ):
                r = m.rows.get(f"agreement{k}.setting.{key}")
                if r is not None:
                    self.add("Agreements", r, 2, kind, f"{base}.{field}")
            for c, category in enumerate(m.categories):
                r = m.rows.get(f"agreement{k}.weight.{c}")
                if r is None:
                    continue
                share_rule, where = (
                    (rule.rules[category], f"{base}.rules[{category!r}]")
                    if isinstance(rule, PerCategory)
                    else (rule, base)
                )
                given = (
                    "shares"
                    if isinstance(share_rule, FixedShares)
                    else "fte"
                    if isinstance(share_rule, ByHeadcount)
                    else None
                )
                if given is None:
                    continue
                for p, partner in enumerate(m.partners):
                    self.add("Agreements", r, 3 + p, "entry", f"{where}.{given}[{partner!r}]")


def _pair_interactions(case: BusinessCase) -> list[int]:
    """The interaction of each pair of effects, in the engine's order (one pair per
    interaction and outcome affected)."""
    ids = [i.id for i in case.interventions]
    outcomes_of = [{e.outcome for e in i.effects} for i in case.interventions]
    found: list[int] = []
    for k, interaction in enumerate(case.interactions):
        a, b = (ids.index(name) for name in interaction.between)
        outcomes = interaction.outcomes or tuple(
            o for o in case.outcomes if o in outcomes_of[a] and o in outcomes_of[b]
        )
        found += [k] * len(outcomes)
    return found
