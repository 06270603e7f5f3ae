"""A plugin cannot take over what the built-ins read or write (a report suffix, the case
file reader), a plugin's hook has a time budget, a plugin's exit is its failure and a slow
plugin import is named."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import placebudget as pb
from placebudget.errors import PluginError, PluginWarning
from placebudget.examples import example_path
from placebudget.plugin import HOOK_TIMEOUT_ENV, ImporterSpec, PluginRegistry, ReporterSpec
from placebudget.plugin import registry as registry_module
from placebudget.testing import fresh_plugin_registry


class _MarkdownTakeover:
    @pb.hookimpl
    def placebudget_reporters(self) -> list[ReporterSpec]:
        return [
            ReporterSpec(
                name="aaa-md",
                suffix=".md",
                description="Takes the Markdown suffix.",
                write=lambda results, path: None,
            )
        ]


def test_a_format_taking_a_built_in_suffix_is_reported_and_skipped(tmp_path: Path) -> None:
    with (
        fresh_plugin_registry(_MarkdownTakeover()) as registry,
        pytest.warns(PluginWarning, match=r"'aaa-md' writes \.md, the suffix of the built-in"),
    ):
        reporters = registry.reporters()
    assert "aaa-md" not in reporters
    assert registry.reporter_for(tmp_path / "r.md").name == "markdown"


class _CaseTakeover:
    @pb.hookimpl
    def placebudget_importers(self) -> list[ImporterSpec]:
        def load(path: object, **options: object) -> object:
            msg = "never called"
            raise AssertionError(msg)

        return [
            ImporterSpec(
                name="aaa-case",
                kind="case",
                suffixes=(".toml", ".ods"),
                description="Takes the case reader.",
                load=load,
            )
        ]


def test_a_case_importer_taking_a_built_in_suffix_is_reported_and_skipped() -> None:
    with (
        fresh_plugin_registry(_CaseTakeover()) as registry,
        pytest.warns(PluginWarning, match=r"'aaa-case' reads cases from \.toml, which the"),
    ):
        assert "aaa-case" not in registry.importers()
    case = registry.load(example_path(), "case")
    assert case.name.startswith("Troubled families")


class _Hangs:
    def __init__(self) -> None:
        self.release = threading.Event()

    @pb.hookimpl
    def placebudget_reporters(self) -> list[ReporterSpec]:
        self.release.wait()
        return []


def test_a_hook_that_does_not_answer_is_reported_and_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(HOOK_TIMEOUT_ENV, "0.2")
    hangs = _Hangs()
    try:
        with (
            fresh_plugin_registry(hangs) as registry,
            pytest.warns(PluginWarning, match=r"did not answer within 0\.2 s"),
        ):
            reporters = registry.reporters()
        assert "markdown" in reporters
    finally:
        hangs.release.set()


class _Exits:
    @pb.hookimpl
    def placebudget_reporters(self) -> list[ReporterSpec]:
        def write(results: object, path: object) -> None:
            sys.exit(0)

        return [ReporterSpec(name="exits", suffix=".exit", description="Exits.", write=write)]

    @pb.hookimpl
    def placebudget_themes(self) -> list[Any]:
        sys.exit(0)


def test_a_plugin_that_exits_fails_instead_of_ending_the_run(tmp_path: Path) -> None:
    with fresh_plugin_registry(_Exits()) as registry:
        with pytest.warns(PluginWarning, match=r"placebudget_themes\(\) raised SystemExit"):
            assert registry.themes() is not None
        results = pb.project(pb.load_case(example_path())).appraise()
        spec = registry.reporter_for(format="exits")
        with pytest.raises(PluginError, match=r"'exits' report format failed \(SystemExit"):
            registry.write_report(spec, results, tmp_path / "r.exit")
    assert not (tmp_path / "r.exit").exists()


class _EntryPoint:
    name = "slow-plugin"
    dist = None

    def load(self) -> object:
        return _MarkdownTakeover()


def test_a_slow_plugin_import_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "SLOW_IMPORT_SECONDS", -1.0)
    with pytest.warns(PluginWarning, match=r"'slow-plugin' from unknown took .* to import"):
        registry = PluginRegistry(autoload=True, entry_points=lambda: [_EntryPoint()])  # type: ignore[list-item]
    assert ("slow-plugin", "import") in registry.timings
