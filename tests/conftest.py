from __future__ import annotations

from collections.abc import Iterator
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


pytest_plugins = ["placebudget.testing"]


@pytest.fixture(autouse=True)
def _fresh_plugin_manager_per_test() -> Iterator[None]:
    """Every test builds its own plugin registry on first use, so environment variables
    and plugins registered by one test never leak into another."""
    from placebudget.plugin import reset_plugin_manager

    previous = reset_plugin_manager()
    yield
    reset_plugin_manager(previous)
