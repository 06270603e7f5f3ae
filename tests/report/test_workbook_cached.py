"""The live Excel model read without recalculation: every formula cell carries its value
as the engine computed it (pandas, openpyxl's ``data_only`` and previews see the
numbers), and a pure-Python recalculation of the model with the ``formulas`` package
(the fast tier of the recalculation tests; LibreOffice's is ``test_workbook.py``) gives
those values again, as written and after changing an input cell or the price base."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest

import placebudget as pb
from placebudget.examples import example_path
from placebudget.report.workbook import OUTPUT_NAMES, defined_name, write_workbook

from .test_workbook import (
    EXAMPLES,
    _assert_reproduces,
    _change,
    _effect_index,
    _health,
    _reinvesting,
)


def _case(name: str) -> pb.BusinessCase:
    if name == "health":
        return _health()
    if name.startswith("reinvesting"):
        return _reinvesting() if name == "reinvesting" else _reinvesting(None)
    if name == "disbenefit":
        from placebudget.testing import example_disbenefit_case

        return example_disbenefit_case()
    return pb.load_case(example_path(name))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cached")
    paths = {}
    for name in (*EXAMPLES, "reinvesting", "disbenefit", "health"):
        paths[name] = folder / f"{name}.xlsx"
        write_workbook(pb.compute_results(pb.project(_case(name))), paths[name])
    return paths


def _address(book: Any, name: str) -> tuple[str, str]:
    ((title, reference),) = list(book.defined_names[name].destinations)
    return title, reference.replace("$", "")


@pytest.mark.parametrize("name", [*EXAMPLES, "reinvesting", "disbenefit"])
def test_pandas_reads_every_summary_figure_without_recalculation(
    name: str, written: dict[str, Path]
) -> None:
    from openpyxl import load_workbook
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    path = written[name]
    book = load_workbook(path, read_only=False)
    sheet = pd.read_excel(path, sheet_name="Summary", header=None)
    result = pb.project(_case(name)).appraise()
    for metric in OUTPUT_NAMES:
        title, cell = _address(book, defined_name(metric))
        assert title == "Summary"
        letters, row = coordinate_from_string(cell)
        value = sheet.iloc[row - 1, column_index_from_string(letters) - 1]
        expected = float(result.metrics[metric])
        if isinstance(value, str) or pd.isna(value):  # pandas reads "n/a" as missing
            assert math.isnan(expected), (metric, value)
        else:
            assert value == pytest.approx(expected, rel=1e-9, abs=1e-6), metric
    # what a reader sees: the payback as a financial year, once
    shown = sheet.iloc[:, 1].astype(str).tolist()
    if result.payback_year is not None:
        label = f"{result.payback_year}/{(result.payback_year + 1) % 100:02d}"
        assert label in shown
        assert str(result.payback_year) not in shown


@pytest.mark.parametrize("name", [*EXAMPLES, "reinvesting", "disbenefit", "health"])
def test_every_cached_value_is_the_engines(name: str, written: dict[str, Path]) -> None:
    from openpyxl import load_workbook

    cached = load_workbook(written[name], data_only=True)
    assert _assert_reproduces(cached, _case(name)) > (150 if name == "disbenefit" else 200)
    errors = [
        (s.title, c.coordinate, c.value)
        for s in cached
        for row in s.iter_rows()
        for c in row
        if isinstance(c.value, str)
        and c.value.startswith("#")
        and c.value[1:2].isupper()
        and c.value.endswith(("!", "?", "A"))
    ]
    assert not errors


# -- recalculated in Python by the formulas package ------------------------------------------
class _Solved:
    """The values the formulas package computed, read as an openpyxl workbook is (its
    defined names, ``book[title][reference]``)."""

    def __init__(self, path: Path, solution: Any) -> None:
        from openpyxl import load_workbook

        self.defined_names = load_workbook(path).defined_names
        self.cells: dict[tuple[str, str], Any] = {}
        for key, value in solution.items():
            sheet, _, cell = str(key).rpartition("!")
            if ":" in cell or "]" not in sheet:
                continue
            title = sheet.strip("'").split("]", 1)[1].upper()
            found = value.value[0, 0] if hasattr(value, "value") else value
            self.cells[(title, cell.upper())] = found

    def __getitem__(self, title: str) -> Any:
        return _SolvedSheet(self, title.upper())


class _SolvedSheet:
    def __init__(self, solved: _Solved, title: str) -> None:
        self.solved, self.title = solved, title

    def __getitem__(self, reference: str) -> Any:
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.cell import range_boundaries

        def cell(r: int, c: int) -> Any:
            value = self.solved.cells.get((self.title, f"{get_column_letter(c)}{r}"))
            if isinstance(value, np.generic):
                value = value.item()
            if value is not None and not isinstance(value, int | float | str):
                value = str(value)  # an error or an empty cell
            return type("Cell", (), {"value": value})()

        if ":" not in reference:
            c1, r1, _, _ = range_boundaries(f"{reference}:{reference}")
            return cell(r1, c1)
        c1, r1, c2, r2 = range_boundaries(reference)
        return tuple(tuple(cell(r, c) for c in range(c1, c2 + 1)) for r in range(r1, r2 + 1))


def _recalculate(path: Path, changes: dict[str, Any] | None = None) -> _Solved:
    """The workbook recalculated by the formulas package, with ``changes`` (defined name
    of an input cell → its new value) made first."""
    formulas = pytest.importorskip("formulas")
    model = formulas.ExcelModel().loads(str(path)).finish()
    inputs = {}
    from openpyxl import load_workbook

    book = load_workbook(path)
    for name, value in (changes or {}).items():
        title, cell = _address(book, name.split("@")[0])
        if "@" in name:  # name@row,column within the range
            from openpyxl.utils import get_column_letter
            from openpyxl.utils.cell import range_boundaries

            c1, r1, _, _ = range_boundaries(cell)
            r, c = (int(x) for x in name.split("@")[1].split(","))
            cell = f"{get_column_letter(c1 + c)}{r1 + r}"
        inputs[f"'[{path.name}]{title.upper()}'!{cell.split(':')[0]}"] = value
    return _Solved(path, model.calculate(inputs=inputs) if inputs else model.calculate())


@pytest.mark.parametrize("name", [*EXAMPLES, "disbenefit", "health"])
def test_the_formulas_package_recalculates_the_cached_values(
    name: str, written: dict[str, Path]
) -> None:
    from openpyxl import load_workbook

    solved = _recalculate(written[name])
    small = name == "disbenefit"  # a three-year case of two effects
    assert _assert_reproduces(solved, _case(name)) > (150 if small else 200)
    cached = load_workbook(written[name], data_only=True)
    formulas_book = load_workbook(written[name])
    checked = 0
    for sheet in formulas_book:
        for row in sheet.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                want = cached[sheet.title][c.coordinate].value
                got = solved[sheet.title][c.coordinate].value
                if isinstance(want, int | float) and not isinstance(want, bool):
                    assert float(got) == pytest.approx(want, rel=1e-9, abs=1e-6), (
                        sheet.title,
                        c.coordinate,
                        c.value,
                    )
                else:
                    assert str(got) == str(want), (sheet.title, c.coordinate, c.value)
                checked += 1
    assert checked > (300 if small else 2000)


@pytest.mark.parametrize("change", ["impact", "price base"])
def test_the_formulas_package_follows_an_edited_input(change: str, tmp_path: Path) -> None:
    case = pb.load_case(example_path("northtown"))
    path = tmp_path / "northtown.xlsx"
    write_workbook(pb.compute_results(pb.project(case)), path)
    if change == "impact":
        effect = case.interventions[0].effects[0]
        index = _effect_index(case, 0, 0)
        changes = {f"effect_impact@{index},0": effect.impact + 0.1}
        changed = _change(
            case,
            0,
            effects=[
                attrs.evolve(effect, impact=effect.impact + 0.1),
                *case.interventions[0].effects[1:],
            ],
        )
    else:
        changes = {"price_base": 2019}
        changed = attrs.evolve(case, price_year=2019)
    _assert_reproduces(_recalculate(path, changes), changed)


def test_the_formulas_package_follows_an_edited_disbenefit(tmp_path: Path) -> None:
    """The dis-benefit's impact changed in the workbook (0.25 → 0.4): its rate, the NHS's
    dis-benefit and every figure follow the engine's for the case with that impact."""
    from placebudget.testing import example_disbenefit_case

    case = example_disbenefit_case()
    path = tmp_path / "disbenefit.xlsx"
    write_workbook(pb.compute_results(pb.project(case)), path)
    effect = case.interventions[0].effects[1]
    changes = {f"effect_impact@{_effect_index(case, 0, 1)},0": 0.4}
    changed = _change(
        case, 0, effects=[case.interventions[0].effects[0], attrs.evolve(effect, impact=0.4)]
    )
    solved = _recalculate(path, changes)
    assert _assert_reproduces(solved, changed) > 150
    # the NHS bears 2 × 0.4 × 1.2 × 100 people × £100 = £9,600 a year for two years
    disbenefit = pb.project(changed).appraise().pv_disbenefit
    assert disbenefit == pytest.approx(9600 + 9600 / 1.035, rel=1e-12)
