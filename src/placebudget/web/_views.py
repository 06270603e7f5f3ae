"""The workbench's pages: the folder's cases, a case's task list, the "place and
partners" form, the results, the charts and the downloads."""

from __future__ import annotations

import tomllib
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from placebudget.errors import Problem, ValidationError
from placebudget.web import _place_form as place_form
from placebudget.web._cases import DOWNLOADS, Cases, check_file, problems_under, tasks
from placebudget.web._security import CHART_CSP
from placebudget.web._store import CaseNotFound, CaseText, SaveConflict

__all__ = ["pages"]

pages = Blueprint("pages", __name__)


@pages.errorhandler(SaveConflict)
def changed_meanwhile(error: SaveConflict) -> tuple[str, int]:
    return render_template(
        "error.html.j2",
        title="The case changed on disk",
        error={"description": str(error)},
        code=409,
    ), 409


def _cases() -> Cases:
    found: Cases = current_app.extensions["placebudget.cases"]
    return found


def _read(name: str) -> CaseText:
    try:
        return _cases().store.read(name)
    except CaseNotFound:
        abort(404, description="There is no case file of that name in the folder.")
    except OSError:
        abort(404, description="The case file could not be read.")


def _data(found: CaseText) -> dict[str, Any] | None:
    """The case file's data, or ``None`` when it is not valid TOML."""
    try:
        return tomllib.loads(found.text)
    except tomllib.TOMLDecodeError:
        return None


@pages.get("/")
def case_list() -> str:
    cases = _cases()
    rows = []
    for entry in cases.store.list():
        for _ in range(2):  # read again once if it changed while being checked
            try:
                found = cases.store.read(entry.name)
                checked = cases.checked(found)
            except (CaseNotFound, OSError, SaveConflict):
                continue
            rows.append({"entry": entry, "checked": checked})
            break
    folder = getattr(cases.store, "folder", None)
    return render_template("cases.html.j2", rows=rows, folder=folder)


@pages.get("/cases/<name>/")
def overview(name: str) -> str:
    found = _read(name)
    checked = _cases().checked(found)
    data = _data(found)
    return render_template(
        "overview.html.j2",
        found=found,
        checked=checked,
        tasks=tasks(checked, data),
        title=str((data or {}).get("name") or name),
        downloads=DOWNLOADS,
    )


# --- place and partners -------------------------------------------------------------------


def _render_place(
    found: CaseText,
    form: place_form.PlaceForm,
    version: str,
    problems: list[Problem],
    *,
    conflict: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    from placebudget.model.partners import PARTNER_KINDS

    at_fields: dict[str, list[str]] = {}
    for problem in problems:
        at_fields.setdefault(place_form.field_id(problem.path), []).append(str(problem))
    return render_template(
        "place.html.j2",
        found=found,
        form=form,
        version=version,
        problems=problems,
        at_fields=at_fields,
        field_id=place_form.field_id,
        on_page=lambda problem: bool(problems_under([problem], "place")),
        elsewhere=len(problems) - len(problems_under(problems, "place")),
        kinds=PARTNER_KINDS,
        conflict=conflict,
    ), status


@pages.get("/cases/<name>/place")
def place(name: str) -> tuple[str, int]:
    found = _read(name)
    data = _data(found)
    if data is None:
        abort(400, description="The case file is not valid TOML: correct it in the file first.")
    problems = problems_under(_cases().checked(found).problems, "place")
    return _render_place(found, place_form.from_document(data), found.version, problems)


class _Refused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("the edited case has problems")
        self.problems = problems


def _key(problem: Problem) -> tuple[str, str, str]:
    return (problem.path, problem.message, repr(problem.value))


@pages.post("/cases/<name>/place")
def save_place(name: str) -> Response | tuple[str, int]:
    import tomlkit

    found = _read(name)
    version = request.form.get("version", "")
    form = place_form.from_request(request.form)
    action = request.form.get("action", "save")
    if action == "add":
        rows = (*form.partners, place_form.PartnerRow())[: place_form.MAX_PARTNERS]
        form = place_form.PlaceForm(
            id=form.id, name=form.name, population=form.population, partners=rows
        )
        return _render_place(found, form, version, [])
    if action.startswith("remove-") and action[7:].isdigit():
        drop = int(action[7:])
        rows = tuple(r for n, r in enumerate(form.partners) if n != drop)
        form = place_form.PlaceForm(
            id=form.id, name=form.name, population=form.population, partners=rows
        )
        return _render_place(found, form, version, [])
    if version != found.version:
        return _render_place(found, form, version, [], conflict=_conflict_message(name), status=409)
    try:
        document = tomlkit.parse(found.text)
    except tomlkit.exceptions.TOMLKitError:
        abort(400, description="The case file is not valid TOML: correct it in the file first.")
    try:
        place_form.apply(document, form)
    except place_form.FormError:
        abort(400, description="The form sent does not match the case: open it again.")
    try:
        before = {_key(p) for p in _cases().checked(found).problems}
    except SaveConflict:  # changed while it was checked: the form kept, nothing written
        return _render_place(found, form, version, [], conflict=_conflict_message(name), status=409)

    def check(path: Any) -> None:
        problems = check_file(path).problems
        # refused: any problem of the place, and any the edit brought to the rest of it
        at_place = problems_under(problems, "place")
        refused = at_place + [p for p in problems if p not in at_place and _key(p) not in before]
        if refused:
            raise _Refused(refused)

    try:
        _cases().store.save(name, tomlkit.dumps(document), found.version, check=check)
    except _Refused as exc:
        return _render_place(found, form, version, exc.problems, status=422)
    except SaveConflict:
        return _render_place(found, form, version, [], conflict=_conflict_message(name), status=409)
    flash("Place and partners saved.")
    return redirect(url_for("pages.overview", name=name), code=303)  # type: ignore[return-value]


def _conflict_message(name: str) -> str:
    return (
        f"{name} was changed on disk since you opened this page, so your changes were not "
        "saved: saving them would have overwritten the other changes. Your changes are "
        "still in the form below; open the case again to see it as it is now."
    )


# --- results, charts and downloads --------------------------------------------------------


def _results(found: CaseText) -> Any:
    try:
        return _cases().results(found)
    except ValidationError:
        abort(
            409,
            description=(
                "The case has problems, so it has no results yet: correct them first "
                "(they are listed on the case's page)."
            ),
        )


@pages.get("/cases/<name>/results")
def results(name: str) -> str:
    from markupsafe import Markup

    from placebudget.report.contents import report_contents
    from placebudget.report.html import section_view
    from placebudget.report.outline import Chart

    found = _read(name)
    computed = _results(found)
    contents = report_contents(computed)

    def image(block: Chart) -> Markup:
        # the chart as an image of this app, so that matplotlib's inline styles stay out
        # of the page's strict policy; its caption and text alternative as in the report
        src = url_for("pages.chart", name=name, chart=block.name, v=found.version[:16])
        return Markup('<img class="pb-chart" src="{}" alt="{}">').format(src, block.alt)

    sections = [section_view(s, computed, chart=image) for s in contents.sections]
    return render_template(
        "results.html.j2", found=found, contents=contents, sections=sections, downloads=DOWNLOADS
    )


@pages.get("/cases/<name>/charts/<chart>.svg")
def chart(name: str, chart: str) -> Response:
    from placebudget.report import charts

    found = _read(name)
    if chart not in charts.CHARTS:
        abort(404, description="There is no chart of that name.")
    _results(found)  # a case with problems has no charts: the 409 page
    svg = _cases().chart(found, chart)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = CHART_CSP
    return response


@pages.get("/cases/<name>/download/<kind>")
def download(name: str, kind: str) -> Response:
    found = _read(name)
    if kind == "case":
        data = _cases().store.path(name).read_bytes()
        filename, mimetype = name, "application/toml"
    elif kind in DOWNLOADS:
        _results(found)
        data = _cases().report_bytes(found, kind)
        filename, mimetype = f"{name.rsplit('.', 1)[0]}-report.{kind}", DOWNLOADS[kind][1]
    else:
        abort(404, description="There is no download of that kind.")
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
