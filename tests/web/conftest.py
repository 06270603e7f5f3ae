"""The workbench under Flask's test client: a folder of case files (copies of the bundled
troubled families example), the app over it, and a client holding a session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from _web import TOKEN
from flask import Flask
from flask.testing import FlaskClient

from placebudget.examples import example_path
from placebudget.web import create_app


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    served = tmp_path / "cases"
    served.mkdir()
    shutil.copy(example_path("troubled_families"), served / "families.toml")
    return served


@pytest.fixture
def app(folder: Path) -> Flask:
    return create_app(folder, token=TOKEN, TESTING=True)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as signed_in:
        answer = signed_in.get(f"/?token={TOKEN}")
        assert answer.status_code == 303
        yield signed_in
