from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

#: The one hypothesis profile of the suite: no deadline (a projection's first call builds
#: caches, and CI machines are noisy) and 30 examples a property.
settings.register_profile("placebudget", deadline=None, max_examples=30)
settings.load_profile("placebudget")


def _shared_data() -> Path:
    """The public data folder: $PLACEBUDGET_SHARED_DATA, else ``shared/data`` beside the
    checkout (or beside one of its parents), else the workplace's ``/work/shared/data``."""
    if os.environ.get("PLACEBUDGET_SHARED_DATA"):
        return Path(os.environ["PLACEBUDGET_SHARED_DATA"])
    for parent in Path(__file__).resolve().parents[1].parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return Path("/work/shared/data")


SHARED_DATA = _shared_data()
UCD_XLS = SHARED_DATA / "unit-cost-database" / "UnitCostDatabase-v1.2.xls"
UCD_V14 = SHARED_DATA / "unit-cost-database" / "UnitCostDatabase-v1.4.xlsx"


@pytest.fixture
def ucd_xls() -> Path:
    if not UCD_XLS.exists():
        pytest.skip(f"the Unit Cost Database workbook is not at {UCD_XLS} (shared data absent)")
    return UCD_XLS


@pytest.fixture(scope="session")
def ucd_v14() -> Path:
    if not UCD_V14.exists():
        pytest.skip(f"the Unit Cost Database v1.4 workbook is not at {UCD_V14} (shared data "
                    "absent)")
    return UCD_V14


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"shared reference data not found at {SHARED_DATA}")
    return SHARED_DATA


pytest_plugins = ["placebudget.testing"]
