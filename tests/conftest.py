from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

#: The one hypothesis profile of the suite: no deadline (a projection's first call builds
#: caches, and CI machines are noisy) and 30 examples a property.
settings.register_profile("placebudget", deadline=None, max_examples=30)
settings.load_profile("placebudget")


#: The environment variable naming the folder of public reference data the tests compare
#: with (the published Unit Cost Database workbooks, the Green Book tables).
SHARED_DATA_ENV = "PLACEBUDGET_SHARED_DATA"


def _shared_data() -> Path | None:
    """The public data folder: ``$PLACEBUDGET_SHARED_DATA``, else ``shared/data`` beside the
    checkout (or beside one of its parents); ``None`` when there is neither."""
    if os.environ.get(SHARED_DATA_ENV):
        return Path(os.environ[SHARED_DATA_ENV])
    for parent in Path(__file__).resolve().parents[1].parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


SHARED_DATA = _shared_data()


def shared_file(relative: str, what: str) -> Path:
    """The shared data at ``relative`` inside the folder; else the test is skipped with a
    reason naming what is missing and how to supply it."""
    path = None if SHARED_DATA is None else SHARED_DATA / relative
    if path is None or not path.exists():
        where = (
            "no shared data folder found"
            if SHARED_DATA is None
            else f"no folder {SHARED_DATA}"
            if not SHARED_DATA.is_dir()
            else f"no {relative} in {SHARED_DATA}"
        )
        pytest.skip(
            f"{what} is missing ({where}): set {SHARED_DATA_ENV} to the folder of "
            "public reference data, or put that folder at shared/data beside the "
            "checkout or beside one of its parents"
        )
    return path


@pytest.fixture(scope="session")
def ucd_xls() -> Path:
    return shared_file(
        "unit-cost-database/UnitCostDatabase-v1.2.xls", "the Unit Cost Database v1.2 workbook"
    )


@pytest.fixture(scope="session")
def ucd_v14() -> Path:
    return shared_file(
        "unit-cost-database/UnitCostDatabase-v1.4.xlsx", "the Unit Cost Database v1.4 workbook"
    )


@pytest.fixture
def shared_data() -> Path:
    return shared_file("", "the shared reference data folder")


pytest_plugins = ["placebudget.testing"]
