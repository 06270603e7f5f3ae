from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
UCD_XLS = SHARED_DATA / "unit-cost-database" / "UnitCostDatabase-v1.2.xls"


@pytest.fixture
def ucd_xls() -> Path:
    if not UCD_XLS.exists():
        pytest.skip(f"the Unit Cost Database workbook is not at {UCD_XLS} (shared data absent)")
    return UCD_XLS


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"shared reference data not found at {SHARED_DATA}")
    return SHARED_DATA
