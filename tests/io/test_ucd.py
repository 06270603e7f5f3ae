"""The Unit Cost Database workbook read for real, with the workbook's own cached figures
as the parity target."""

from __future__ import annotations

from pathlib import Path

import pytest

from placebudget.errors import ValidationError
from placebudget.io.ucd import parse_financial_year, read_ucd_xls
from placebudget.reference import unit_costs


def test_workbook_uprating_reproduces_cached_updated_column(ucd_xls: Path) -> None:
    workbook = read_ucd_xls(ucd_xls)
    assert workbook.target_year == 2014  # Lookups!K11 reads 2014/15
    checked = 0
    for row in workbook.rows:
        if row.updated is None:
            continue
        factor = workbook.deflators.uprating([row.cost.price_year], workbook.target_year)[0]
        assert float(row.cost.value.magnitude) * factor == pytest.approx(row.updated, abs=0.01), (
            row.sheet,
            row.row,
            row.cost.code,
        )
        checked += 1
    assert checked == 672
    assert len(workbook.rows) == 673


def test_rows_not_read_are_reported_with_sheet_and_row(ucd_xls: Path) -> None:
    workbook = read_ucd_xls(ucd_xls)
    paths = [p.path for p in workbook.problems]
    assert "Crime!row 180" in paths
    assert all("not read" in p.message for p in workbook.problems)
    assert len(workbook.problems) == 7  # one column-total row per thematic sheet


def test_bundled_table_matches_the_workbook(ucd_xls: Path) -> None:
    fresh = read_ucd_xls(ucd_xls).database("ucd-v1.2")
    bundled = unit_costs("ucd-v1.2")
    assert list(fresh) == list(bundled)
    for code in fresh:
        a, b = fresh[code], bundled[code]
        assert float(a.value.magnitude) == pytest.approx(float(b.value.magnitude))
        assert a.value.units == b.value.units
        assert (a.price_year, a.agency, a.rag) == (b.price_year, b.agency, b.rag)


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    bogus = tmp_path / "costs.xls"
    bogus.write_text("code,value\nX,1\n")
    with pytest.raises(ValidationError, match=r"not a readable \.xls"):
        read_ucd_xls(bogus)


def test_parse_financial_year() -> None:
    assert parse_financial_year("2002/03") == 2002
    assert parse_financial_year("1999/00") == 1999
    assert parse_financial_year("1999/2000") == 1999
    assert parse_financial_year("2002/04") is None
    assert parse_financial_year("") is None
