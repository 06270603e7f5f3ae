"""The downloads are what ``placebudget run CASE -o STEM-report.SUFFIX`` writes for the
same case: the HTML report byte for byte; the Excel model and the Word paper member for
member, every byte of every part the same but the time of writing (the workbook's
``docProps/core.xml`` created and modified times, and the zip entries' times: neither
writer is deterministic in those, so two runs of the command line differ in them too),
and both open with openpyxl and python-docx."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from flask.testing import FlaskClient

from placebudget.cli import main

_TIMES = re.compile(rb"<dcterms:(created|modified)([^>]*)>[^<]*</dcterms:\1>")


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            info.filename: _TIMES.sub(rb"<dcterms:\1\2>TIME</dcterms:\1>", archive.read(info))
            for info in archive.infolist()
        }


def _cli(folder: Path, suffix: str, out: Path) -> bytes:
    target = out / f"families-report.{suffix}"
    assert main(["run", str(folder / "families.toml"), "-o", str(target)]) == 0
    return target.read_bytes()


def test_the_html_report_is_byte_for_byte_the_command_lines(
    client: FlaskClient, folder: Path, tmp_path: Path
) -> None:
    answer = client.get("/cases/families.toml/download/html")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == "attachment; filename=families-report.html"
    assert answer.data == _cli(folder, "html", tmp_path)


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_the_workbook_and_paper_are_the_command_lines(
    client: FlaskClient, folder: Path, tmp_path: Path, suffix: str
) -> None:
    answer = client.get(f"/cases/families.toml/download/{suffix}")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == f"attachment; filename=families-report.{suffix}"
    written = _cli(folder, suffix, tmp_path)
    assert _members(answer.data) == _members(written)
    (tmp_path / f"web.{suffix}").write_bytes(answer.data)
    if suffix == "xlsx":
        book = openpyxl.load_workbook(tmp_path / "web.xlsx")
        assert "Cover" in book.sheetnames
        assert book["Cover"]["A1"].value
    else:
        paper = docx.Document(str(tmp_path / "web.docx"))
        assert any("Troubled families" in p.text for p in paper.paragraphs)


def test_the_case_file_is_the_file(client: FlaskClient, folder: Path) -> None:
    answer = client.get("/cases/families.toml/download/case")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == "attachment; filename=families.toml"
    assert answer.data == (folder / "families.toml").read_bytes()
