"""The pages: the folder's cases with their status, a case's task list with each task's
status, the results laid out by the HTML report's own partials, and every text a case
carries rendered inert."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from flask.testing import FlaskClient
from markupsafe import escape

from placebudget.cli import main
from placebudget.web._cases import check_file

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
FORMULA = "=cmd|' /C calc'!A0"


def _hostile(folder: Path) -> Path:
    text = (folder / "families.toml").read_text()
    text = text.replace(
        'name = "Troubled families: key worker programme"', f"name = {SCRIPT + ' case'!r}"
    )
    text = text.replace('name = "A Greater Manchester borough"', f"name = '{IMG}'")
    text = text.replace('name = "Borough Council"', f'name = "{FORMULA}"')
    path = folder / "hostile.toml"
    path.write_text(text)
    assert check_file(path).valid
    return path


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_case_list_shows_each_case_with_its_status(client: FlaskClient, folder: Path) -> None:
    broken = (folder / "families.toml").read_text().replace('kind = "police"', 'kind = "polce"')
    (folder / "broken.toml").write_text(broken)
    (folder / "not_toml.toml").write_text("name = [\n")
    (folder / "notes.txt").write_text("not a case")
    page = _text(client.get("/").text)
    assert "Troubled families: key worker programme families.toml" in page
    assert "broken.toml" in page
    assert "1 problem" in page
    assert "not_toml.toml" in page
    assert "Valid" in page
    assert "notes.txt" not in page


def test_the_task_list_gives_each_task_a_status(
    client: FlaskClient, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = _text(client.get("/cases/families.toml/").text)
    for task in ("Place and partners", "Interventions", "Effects", "Costs"):
        assert f"{task} Completed" in page or f"{task} Edit this part" in page
    assert "Agreements Edit this part in the case file for now. Optional" in page
    assert "Interventions Edit this part in the case file for now. Completed" in page
    assert "Results Completed" in page
    broken = (folder / "families.toml").read_text().replace('kind = "police"', 'kind = "polce"')
    (folder / "broken.toml").write_text(broken)
    page = _text(client.get("/cases/broken.toml/").text)
    assert "Place and partners There is a problem" in page
    assert "Interventions Edit this part in the case file for now. Completed" in page
    assert "Results Cannot start yet" in page
    # the problem as validate gives it
    (problem,) = check_file(folder / "broken.toml").problems
    assert problem.path == "place.partners[1].kind"
    assert str(escape(str(problem))) in client.get("/cases/broken.toml/").text
    capsys.readouterr()
    assert main(["validate", str(folder / "broken.toml")]) == 1
    assert str(problem) in capsys.readouterr().err


def test_results_are_the_report_sections_through_its_partials(client: FlaskClient) -> None:
    page = client.get("/cases/families.toml/results").text
    assert page.count("<section data-section=") >= 5
    assert '<div class="scroll"><table data-table=' in page
    charts = re.findall(r'<img class="pb-chart" src="([^"]+)" alt="([^"]+)"', page)
    assert charts
    src = charts[0][0].replace("&amp;", "&")
    answer = client.get(src)
    assert answer.status_code == 200
    assert answer.mimetype == "image/svg+xml"
    assert answer.text.lstrip().startswith("<svg") or "<svg" in answer.text[:500]


def test_results_of_a_case_with_problems_are_refused_plainly(
    client: FlaskClient, folder: Path
) -> None:
    broken = (folder / "families.toml").read_text().replace('kind = "police"', 'kind = "polce"')
    (folder / "broken.toml").write_text(broken)
    answer = client.get("/cases/broken.toml/results")
    assert answer.status_code == 409
    assert "has problems" in answer.text
    assert client.get("/cases/broken.toml/download/xlsx").status_code == 409


def test_what_a_case_carries_is_rendered_inert(client: FlaskClient, folder: Path) -> None:
    _hostile(folder)
    for path in (
        "/",
        "/cases/hostile.toml/",
        "/cases/hostile.toml/place",
        "/cases/hostile.toml/results",
    ):
        page = client.get(path).text
        assert SCRIPT not in page, path
        assert "<img src=x" not in page, path
        assert 'onerror="alert' not in page, path
    page = client.get("/cases/hostile.toml/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; case" in page
    assert (
        "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;"
        in client.get("/cases/hostile.toml/place").text
    )


def test_a_formula_in_a_name_is_text_in_the_workbook(
    client: FlaskClient, folder: Path, tmp_path: Path
) -> None:
    _hostile(folder)
    answer = client.get("/cases/hostile.toml/download/xlsx")
    assert answer.status_code == 200
    (tmp_path / "w.xlsx").write_bytes(answer.data)
    book = openpyxl.load_workbook(tmp_path / "w.xlsx")
    found = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "cmd|" in cell.value
    ]
    assert found
    assert all(cell.data_type != "f" for cell in found)


def test_a_terminal_escape_in_a_name_is_never_sent_raw(client: FlaskClient, folder: Path) -> None:
    text = (folder / "families.toml").read_text()
    (folder / "escape.toml").write_text(
        text.replace('name = "Borough Council"', 'name = "Borough\\u001b[31m Council"')
    )
    page = client.get("/cases/escape.toml/").text
    assert "\x1b" not in page
    page = client.get("/cases/escape.toml/place").text
    assert "\x1b" not in page
    assert "Borough\\x1b[31m Council" in page


def test_a_missing_case_is_a_404_page(client: FlaskClient) -> None:
    for path in ("/cases/none.toml/", "/cases/none.toml/place", "/cases/none.toml/results"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert "Page not found" in answer.text
    assert client.get("/cases/families.toml/download/exe").status_code == 404
    assert client.get("/cases/families.toml/charts/nothing.svg").status_code == 404


def test_a_file_changed_while_it_is_checked_is_not_shown_as_checked(
    client: FlaskClient, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from placebudget.web import _cases

    real = _cases.check_file

    def changing(path: Path) -> _cases.Checked:
        found = real(path)
        path.write_text(path.read_text() + "# changed meanwhile\n")
        return found

    monkeypatch.setattr(_cases, "check_file", changing)
    answer = client.get("/cases/families.toml/")
    assert answer.status_code == 409
    assert "changed on disk while it was being checked" in answer.text


def test_a_file_that_is_not_toml_has_its_problem_and_no_task_to_start(
    client: FlaskClient, folder: Path
) -> None:
    (folder / "not_toml.toml").write_text("name = [\n")
    page = _text(client.get("/cases/not_toml.toml/").text)
    assert "Place and partners Edit this part in the case file for now. Cannot start yet" in page
    assert "Check answers There is a problem (1)" in page
    assert "not_toml.toml: is not valid TOML" in page
    assert 'href="/cases/not_toml.toml/place"' not in client.get("/cases/not_toml.toml/").text
    assert client.get("/cases/not_toml.toml/place").status_code == 400
