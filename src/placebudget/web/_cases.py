"""What the workbench knows of a case: its problems (found as ``placebudget validate``
finds them, with the same paths and messages), the status of each task of its task
list, its results (computed once a version) and the files the command line writes for
it (``placebudget run CASE -o FILE``, byte for byte).

Checks and results are kept for the last few versions read (:class:`Cases`), so that a
page, its charts and its downloads compute a case once; memory stays bounded however
many cases the folder holds.
"""

from __future__ import annotations

import collections
import re
import tempfile
import threading
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from placebudget.errors import PlaceBudgetError, Problem, ValidationError
from placebudget.web._store import CaseStore, CaseText, SaveConflict

if TYPE_CHECKING:
    from placebudget.engine.results import Results
    from placebudget.model import BusinessCase

__all__ = ["DOWNLOADS", "TASKS", "Cases", "Checked", "Task", "check_file", "problems_under"]

V = TypeVar("V")


class _Recent(Generic[V]):
    """The last ``size`` values computed, by key (thread-safe; a value is computed
    outside the lock, so two requests may compute it at once, never wrongly)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: collections.OrderedDict[Hashable, V] = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value


@attrs.frozen(kw_only=True)
class Checked:
    """A case file as ``validate`` finds it."""

    case: BusinessCase | None
    """The case read (``None`` when it could not be read as a case)."""
    problems: tuple[Problem, ...]
    """Every problem ``validate`` reports, with its path in the case file."""

    @property
    def valid(self) -> bool:
        return self.case is not None and not self.problems


def check_file(path: Path) -> Checked:
    """What ``placebudget validate PATH`` finds: the case read by the installed importers,
    then checked against every reference it makes (unit cost codes, deflators, tables),
    problems found after reading given the lines of the TOML file."""
    from placebudget import api
    from placebudget.engine import check_case
    from placebudget.io.case_file import with_lines
    from placebudget.plugin import get_plugin_registry

    registry = get_plugin_registry()
    try:
        case = api.load_case(path, registry=registry)
    except ValidationError as exc:
        return Checked(case=None, problems=exc.problems)
    except PlaceBudgetError as exc:
        return Checked(case=None, problems=(Problem("", str(exc)),))
    try:
        check_case(case, unit_costs=api.case_database(case, registry=registry))
    except ValidationError as exc:
        return Checked(case=case, problems=with_lines(exc, path).problems)
    except PlaceBudgetError as exc:
        return Checked(case=case, problems=(Problem("", str(exc)),))
    return Checked(case=case, problems=())


def problems_under(problems: Sequence[Problem], prefix: str) -> list[Problem]:
    """The problems at ``prefix`` or inside it (``place`` holds ``place.partners[0].id``,
    not ``placement``)."""
    return [
        p for p in problems if p.path == prefix or p.path.startswith((f"{prefix}.", f"{prefix}["))
    ]


# --- the task list ------------------------------------------------------------------------

_INTERVENTION_PART = re.compile(r"^interventions\[\d+\]\.(effects|costs)(\.|\[|$)")


def _task_of(problem: Problem) -> str:
    """The task whose page a problem belongs to."""
    path = problem.path
    if path == "place" or path.startswith(("place.", "place[")):
        return "place"
    if found := _INTERVENTION_PART.match(path):
        return found.group(1)
    if path.startswith("interventions"):
        return "interventions"
    for key in ("agreements", "uncertainty"):
        if path == key or path.startswith((f"{key}.", f"{key}[")):
            return key
    return "check"


@attrs.frozen(kw_only=True)
class Task:
    """One task of a case's task list."""

    key: str
    title: str
    status: str
    """``Completed``, ``Not yet started``, ``Optional``, ``There is a problem`` (with
    its count) or ``Cannot start yet``."""
    problems: int = 0
    editable: bool = False
    """Whether the workbench has a page for it yet (others are edited in the file)."""


TASKS: tuple[tuple[str, str], ...] = (
    ("place", "Place and partners"),
    ("interventions", "Interventions"),
    ("effects", "Effects"),
    ("costs", "Costs"),
    ("agreements", "Agreements"),
    ("uncertainty", "Uncertainty"),
    ("check", "Check answers"),
    ("results", "Results"),
)

_OPTIONAL = frozenset({"agreements", "uncertainty"})
_EDITABLE = frozenset({"place", "results"})


def _has_content(key: str, case: BusinessCase | None, data: dict[str, Any]) -> bool:
    """Whether the case (or, when it cannot be read, its file's data) has anything for
    the task."""
    if case is not None:
        count = {
            "place": len(case.place.partners),
            "interventions": len(case.interventions),
            "effects": sum(len(i.effects) for i in case.interventions),
            "costs": sum(len(i.costs) for i in case.interventions),
            "agreements": len(case.agreements),
            "uncertainty": len(case.uncertainty),
        }
        return count.get(key, 1) > 0
    interventions = data.get("interventions")
    listed = interventions if isinstance(interventions, list) else []
    if key in ("effects", "costs"):
        return any(isinstance(i, dict) and i.get(key) for i in listed)
    if key == "interventions":
        return bool(listed) or "theme" in data
    return bool(data.get(key))


def tasks(checked: Checked, data: dict[str, Any] | None) -> list[Task]:
    """The task list of a case, each task's status from the case and its problems
    (``data``: the file's data, ``None`` when it is not valid TOML, and no task can be
    started before the file is corrected)."""
    counts = collections.Counter(_task_of(p) for p in checked.problems)
    found = []
    for key, title in TASKS:
        n = counts.get(key, 0)
        if data is None and key != "check":
            found.append(Task(key=key, title=title, status="Cannot start yet"))
            continue
        if key == "results":
            status = "Completed" if checked.valid else "Cannot start yet"
        elif key == "check":
            status = (
                f"There is a problem ({n})"
                if n
                else ("Completed" if checked.valid else "Cannot start yet")
            )
        elif n:
            status = "There is a problem" + (f" ({n})" if n > 1 else "")
        elif _has_content(key, checked.case, data or {}):
            status = "Completed"
        else:
            status = "Optional" if key in _OPTIONAL else "Not yet started"
        found.append(
            Task(
                key=key,
                title=title,
                status=status,
                problems=n,
                editable=key in _EDITABLE and (key != "results" or checked.valid),
            )
        )
    return found


# --- results and downloads ----------------------------------------------------------------

#: The downloads of a case: what ``placebudget run CASE -o STEM-report.SUFFIX`` writes.
DOWNLOADS: dict[str, tuple[str, str]] = {
    "html": ("HTML report", "text/html; charset=utf-8"),
    "xlsx": (
        "Excel model",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "docx": (
        "Word board paper",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


class Cases:
    """The cases of a store, checked and computed at most once a version."""

    def __init__(self, store: CaseStore, *, kept: int = 4) -> None:
        self.store = store
        self._checked: _Recent[Checked] = _Recent(max(kept * 8, 32))
        self._results: _Recent[Results] = _Recent(kept)
        self._charts: _Recent[str] = _Recent(kept * 16)

    def checked(self, found: CaseText) -> Checked:
        """``validate``'s findings for the case as read."""

        def compute() -> Checked:
            checked = check_file(self.store.path(found.name))
            # the file checked is the one read (else it changed meanwhile: not kept)
            if self.store.read(found.name).version != found.version:
                msg = (
                    f"{found.name} changed on disk while it was being checked; "
                    "reload the page to see it as it is now"
                )
                raise SaveConflict(msg)
            return checked

        return self._checked.get(("checked", found.name, found.version), compute)

    def results(self, found: CaseText) -> Results:
        """The case's results, as ``placebudget run`` computes them for a report
        (:class:`~placebudget.errors.ValidationError` when it is not valid)."""

        def compute() -> Results:
            from placebudget import api
            from placebudget.engine.results import compute_results
            from placebudget.plugin import get_plugin_registry

            checked = self.checked(found)
            if checked.case is None or checked.problems:
                raise ValidationError(checked.problems, context=f"invalid {found.name}")
            projection = api.project(checked.case, registry=get_plugin_registry())
            return compute_results(projection, sensitivity=True)

        return self._results.get(("results", found.name, found.version), compute)

    def chart(self, found: CaseText, name: str) -> str:
        """The chart ``name`` of the case's results as SVG (matplotlib's, as the HTML
        report has it inline)."""
        from placebudget.report import charts

        return self._charts.get(
            ("chart", found.name, found.version, name),
            lambda: charts.svg(name, self.results(found)),
        )

    def report_bytes(self, found: CaseText, suffix: str) -> bytes:
        """The report ``placebudget run CASE -o STEM-report.SUFFIX`` writes, as bytes
        (written by the same writer to a temporary folder, then read)."""
        from placebudget import api
        from placebudget.plugin import get_plugin_registry

        results = self.results(found)
        with tempfile.TemporaryDirectory(prefix="placebudget-web-") as folder:
            target = Path(folder) / f"{Path(found.name).stem}-report.{suffix}"
            api.write_report(results, target, registry=get_plugin_registry())
            return target.read_bytes()
