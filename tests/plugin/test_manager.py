"""The plugin machinery end to end: real distributions on a temporary ``sys.path`` are
discovered through ``importlib.metadata``, blocked, and isolated when broken."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import placebudget as pb
from placebudget.cli import main
from placebudget.errors import DuplicatePluginNameError, PluginWarning, ValidationError
from placebudget.examples import example_path
from placebudget.plugin import (
    BLOCK_ENV,
    DISABLE_AUTOLOAD_ENV,
    ImporterSpec,
    ParameterSpec,
    PluginRegistry,
    ReporterSpec,
    ThemeSpec,
    get_plugin_registry,
    hookspecs,
    reset_plugin_registry,
)
from placebudget.testing import example_intervention, fresh_plugin_registry

TOY_THEME = """
import placebudget as pb
from placebudget.plugin import ParameterSpec, ThemeSpec
from placebudget.testing import example_intervention


def build(engagement):
    return [example_intervention(engagement=engagement)]


@pb.hookimpl
def placebudget_themes():
    return [ThemeSpec(
        name="{name}", title="Toy theme", description="Employment support, for tests.",
        partners={{"dwp": "dwp", "nhs": "nhs", "council": "local_authority"}},
        parameters=[ParameterSpec(name="engagement", default=0.75, minimum=0, maximum=1,
                                  description="share of the cohort who engage",
                                  source="judgement: test value", confidence=5)],
        build=build)]
"""


class Site:
    """A directory on ``sys.path`` into which tests 'install' distributions by writing a
    module and a ``.dist-info`` folder, as pip would."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def install(
        self, dist: str, version: str, modules: dict[str, str], entry_points: dict[str, str]
    ) -> None:
        for module, source in modules.items():
            (self.root / f"{module}.py").write_text(textwrap.dedent(source))
        info = self.root / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
        lines = "\n".join(f"{name} = {target}" for name, target in entry_points.items())
        (info / "entry_points.txt").write_text(f"[placebudget]\n{lines}\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """A folder on ``sys.path`` to install distributions in. The tests build their own
    registries (``PluginRegistry()``); for the command line, which consults the
    process-wide one, the fixture sets a new one aside for the test and restores the
    previous after."""
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(DISABLE_AUTOLOAD_ENV, raising=False)
    monkeypatch.delenv(BLOCK_ENV, raising=False)
    before = set(sys.modules)
    previous = reset_plugin_registry()
    yield Site(tmp_path)
    reset_plugin_registry(previous)
    for name in set(sys.modules) - before:
        if name.startswith("toy_"):
            del sys.modules[name]


def only_toys(registry: PluginRegistry) -> list[str]:
    return sorted(n for n in registry.plugins if n.startswith("toy"))


def test_the_theme_records_are_the_models() -> None:
    from placebudget.model import themes
    from placebudget.plugin import specs

    assert ThemeSpec is specs.ThemeSpec is themes.ThemeSpec
    assert ParameterSpec is specs.ParameterSpec is themes.ParameterSpec
    assert {"ThemeSpec", "ParameterSpec"} <= set(dir(specs))


def test_default_plugins_and_hookimpl_export() -> None:
    registry = get_plugin_registry()
    assert registry is get_plugin_registry()  # cached
    assert "markdown" in registry.reporters()
    assert {"case-file", "ucd-workbook", "ucd-csv"} <= set(registry.importers())
    assert registry.reporters()["markdown"].plugin.distribution == "placebudget"
    assert pb.hookimpl is hookspecs.hookimpl


def test_discovery_of_an_installed_distribution(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.install(
        "placebudget-theme-toy",
        "1.2.3",
        {"toy_theme": TOY_THEME.format(name="toy")},
        {"toy": "toy_theme"},
    )
    registry = PluginRegistry()
    assert only_toys(registry) == ["toy"]
    provided = registry.themes()["toy"]
    assert (provided.plugin.distribution, provided.plugin.version) == (
        "placebudget-theme-toy",
        "1.2.3",
    )
    assert [i.engagement for i in registry.theme("toy").interventions({"engagement": 0.5})] == [0.5]
    assert main(["themes"]) == 0
    printed = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert ["toy", "Toy", "theme", "[placebudget-theme-toy", "1.2.3]"] in printed
    assert main(["themes", "toy"]) == 0
    shown = capsys.readouterr().out
    assert "engagement = 0.75  (float)" in shown
    assert "source: judgement: test value, grade 5" in shown
    assert main(["themes", "toys"]) == 1
    assert "unknown theme (available: " in capsys.readouterr().err


@pytest.mark.parametrize("blocked", ["toy", "placebudget-theme-toy", "placebudget_theme_toy"])
def test_blocked_plugins_are_not_loaded(
    site: Site, monkeypatch: pytest.MonkeyPatch, blocked: str
) -> None:
    site.install(
        "placebudget-theme-toy",
        "1.0",
        {"toy_theme": TOY_THEME.format(name="toy")},
        {"toy": "toy_theme"},
    )
    monkeypatch.setenv(BLOCK_ENV, f"something-else, {blocked}")
    registry = PluginRegistry()
    assert only_toys(registry) == []
    assert "toy_theme" not in sys.modules
    assert "toy" not in registry.themes()


def test_autoload_can_be_disabled(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.install(
        "placebudget-theme-toy",
        "1.0",
        {"toy_theme": TOY_THEME.format(name="toy")},
        {"toy": "toy_theme"},
    )
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "1")
    assert only_toys(PluginRegistry()) == []
    assert "markdown" in PluginRegistry().reporters()


def test_a_plugin_that_fails_to_import_is_reported_and_skipped(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.install(
        "placebudget-theme-broken",
        "0.1",
        {"toy_broken": "import a_module_that_does_not_exist\n"},
        {"broken": "toy_broken"},
    )
    site.install(
        "placebudget-theme-toy",
        "1.0",
        {"toy_theme": TOY_THEME.format(name="toy")},
        {"toy": "toy_theme"},
    )
    with pytest.warns(
        PluginWarning,
        match=r"plugin 'broken' from placebudget-theme-broken "
        r"skipped: cannot be imported \(ModuleNotFoundError",
    ):
        registry = PluginRegistry()
    assert only_toys(registry) == ["toy"]
    assert [f.distribution for f in registry.failures] == ["placebudget-theme-broken"]
    # the core and the healthy plugin keep working
    assert "toy" in registry.themes()
    case = pb.load_case(example_path("troubled_families"), registry=registry)
    assert pb.project(case, registry=registry).appraise()
    reset_plugin_registry(registry)  # the command line's registry (the fixture restores it)
    assert main(["themes"]) == 0
    assert "! plugin 'broken' from placebudget-theme-broken skipped" in capsys.readouterr().out


def test_a_hook_that_raises_or_returns_rubbish_is_skipped(site: Site) -> None:
    source = """
    import placebudget as pb

    @pb.hookimpl
    def placebudget_themes():
        raise RuntimeError("boom")

    @pb.hookimpl
    def placebudget_reporters():
        return ["not a spec"]
    """
    site.install("placebudget-bad", "0.1", {"toy_bad": source}, {"bad": "toy_bad"})
    registry = PluginRegistry()
    with pytest.warns(PluginWarning, match=r"placebudget_themes\(\) raised RuntimeError: boom"):
        themes = registry.themes()
    assert all(p.plugin.name != "bad" for p in themes.values())
    with pytest.warns(PluginWarning, match=r"returned str, expected ReporterSpec"):
        assert "markdown" in registry.reporters()


def test_a_plugin_with_an_unknown_hook_is_refused(site: Site) -> None:
    source = """
    import placebudget as pb

    @pb.hookimpl
    def placebudget_theme():
        return []
    """
    site.install("placebudget-typo", "0.1", {"toy_typo": source}, {"typo": "toy_typo"})
    with pytest.warns(PluginWarning, match="implements an unknown hook"):
        registry = PluginRegistry()
    assert only_toys(registry) == []
    assert all(p.plugin.name != "typo" for p in registry.themes().values())


def test_duplicate_names_name_both_distributions(site: Site) -> None:
    site.install(
        "placebudget-theme-one",
        "1.0",
        {"toy_one": TOY_THEME.format(name="toy")},
        {"toy-one": "toy_one"},
    )
    site.install(
        "placebudget-theme-two",
        "2.0",
        {"toy_two": TOY_THEME.format(name="toy")},
        {"toy-two": "toy_two"},
    )
    registry = PluginRegistry()
    with pytest.raises(DuplicatePluginNameError) as info:
        registry.themes()
    message = str(info.value)
    assert "two plugins provide the theme 'toy'" in message
    assert "placebudget-theme-one 1.0" in message
    assert "placebudget-theme-two 2.0" in message
    assert BLOCK_ENV in message


def test_theme_from_a_case_file(tmp_path: Path) -> None:
    module = type(sys)("toy_inline")
    exec(compile(TOY_THEME.format(name="toy"), "toy_inline", "exec"), module.__dict__)
    case_text = example_path("troubled_families").read_text()
    head = case_text.split("[[interventions]]")[0]
    path = tmp_path / "themed.toml"
    with fresh_plugin_registry(module):
        path.write_text(
            head.replace("start_year = 2013", 'theme = "toy"\nstart_year = 2012')
            .replace("horizon = 6", "horizon = 4")
            .replace("price_year = 2013", "price_year = 2012")
            .replace("[place]", "[parameters]\nengagement = 0.5\n\n[place]")
        )
        case = pb.load_case(path)
        assert case.interventions == (example_intervention(engagement=0.5),)
        path.write_text(path.read_text().replace("engagement = 0.5", "engagment = 0.5"))
        unknown = (
            r"parameters\.engagment \(line \d+\): is not a parameter "
            r"of theme 'toy' \(parameters: engagement\)"
        )
        with pytest.raises(ValidationError, match=unknown):
            pb.load_case(path)
        path.write_text(path.read_text().replace("engagment = 0.5", 'engagement = "most"'))
        wrong_type = r"parameters\.engagement \(line \d+\): must be a float"
        with pytest.raises(ValidationError, match=wrong_type):
            pb.load_case(path)
        path.write_text(path.read_text().replace('theme = "toy"', 'theme = "toys"'))
        no_theme = r"theme \(line \d+\): unknown theme \(available: toy\)"
        with pytest.raises(ValidationError, match=no_theme):
            pb.load_case(path)


def test_parameters_without_a_theme_are_refused(tmp_path: Path) -> None:
    text = example_path("troubled_families").read_text()
    path = tmp_path / "case.toml"
    path.write_text(text.replace("[place]", "[parameters]\nengagement = 0.5\n\n[place]"))
    line = text[: text.index("[place]")].count("\n") + 1  # where [parameters] goes
    expected = rf"parameters \(line {line}\): is only allowed with a theme"
    with pytest.raises(ValidationError, match=expected):
        pb.load_case(path)


def test_spec_names_and_fields_are_validated() -> None:
    with pytest.raises(ValidationError) as info:
        ThemeSpec(name="Troubled Families", title="", description="x", build=42)
    assert [p.path for p in info.value.problems] == ["name", "title", "build"]
    with pytest.raises(ValidationError, match=r"suffixes\[0\]: must be a lower-case suffix"):
        ImporterSpec(name="csv", kind="case", suffixes=["CSV"], description="x", load=print)
    with pytest.raises(ValidationError, match="kind: must be one of case, unit_costs"):
        ImporterSpec(name="csv", kind="cases", suffixes=[".csv"], description="x", load=print)
    with pytest.raises(ValidationError, match="suffix: must be a lower-case suffix"):
        ReporterSpec(name="pdf", suffix="pdf", description="x", write=print)
    with pytest.raises(ValidationError, match=r"default: must be within \[0, 1\], got 2"):
        ParameterSpec(
            name="rate", default=2.0, minimum=0, maximum=1, description="x", source="judgement"
        )
    rate = ParameterSpec(name="rate", default=0.5, description="x", source="judgement")
    with pytest.raises(ValidationError, match=r"parameters\[1\]\.name: duplicate parameter"):
        ThemeSpec(name="t", title="T", description="x", build=list, parameters=[rate, rate])


def test_reporter_lookup(tmp_path: Path) -> None:
    with fresh_plugin_registry() as registry:  # the built-in plugins only
        assert registry.reporter_for(tmp_path / "r.md").name == "markdown"
        with pytest.raises(
            ValidationError,
            match=r"no report format writes \.pdf \(available: "
            r"\.csv \(csv\), \.xlsx \(excel\), \.html \(html\)",
        ):
            registry.reporter_for(tmp_path / "r.pdf")
        with pytest.raises(ValidationError, match=r"format: unknown report format"):
            registry.reporter_for(format="pdf")
        assert registry.importer_for(tmp_path / "c.yml", "case").name == "case-file"
        assert registry.importer_for(tmp_path / "a.csv", "actuals").name == "actuals"
        with pytest.raises(
            ValidationError,
            match=r"no importer reads actuals from \.ods "
            r"\(readable: \.csv, \.xlsx\)",
        ):
            registry.importer_for(tmp_path / "a.ods", "actuals")


def test_fresh_manager_fixture(plugin_registry: PluginRegistry) -> None:
    assert get_plugin_registry() is plugin_registry
    assert plugin_registry.failures == []


def _xlsx_importer(name: str, reads: str | None) -> object:
    """A plugin with one unit cost importer claiming ``.xlsx`` that reads only files whose
    text is ``reads``."""

    def load(path: Path, **options: object) -> str:
        text = Path(path).read_text()
        if text != reads:
            raise ValidationError.single(
                path="sheet", message=f"{name} cannot read this", value=text
            )
        return f"{name}:{text}"

    class Plugin:
        @pb.hookimpl
        def placebudget_importers(self) -> list[ImporterSpec]:
            return [
                ImporterSpec(
                    name=name,
                    kind="unit_costs",
                    suffixes=(".xlsx",),
                    description="test importer",
                    load=load,
                )
            ]

    return Plugin()


def test_load_tries_each_importer_claiming_the_suffix(tmp_path: Path) -> None:
    book = tmp_path / "costs.xlsx"
    book.write_text("local layout")
    with fresh_plugin_registry(
        _xlsx_importer("a-local", "local layout"), _xlsx_importer("b-other", "other layout")
    ) as registry:
        assert [s.name for s in registry.importers_for(book, "unit_costs")] == [
            "a-local",
            "b-other",
            "ucd-workbook",
        ]
        assert registry.load(book, "unit_costs") == "a-local:local layout"
        book.write_text("other layout")
        # a-local refuses it, so b-other reads it
        assert registry.load(book, "unit_costs") == "b-other:other layout"
        assert registry.load(book, "unit_costs", importer="b-other") == "b-other:other layout"
        book.write_text("neither")
        with pytest.raises(ValidationError) as caught:
            registry.load(book, "unit_costs")
        message = str(caught.value)
        assert message.startswith(f"no importer could read unit_costs from {book}")
        assert "importer['a-local'].sheet: a-local cannot read this, got 'neither'" in message
        assert "importer['b-other'].sheet: b-other cannot read this" in message
        assert "importer['ucd-workbook']" in message
        with pytest.raises(ValidationError, match=r"importer: reads unit_costs, not case"):
            registry.load(book, "case", importer="a-local")
        assert ".xlsx" in registry.suffixes("unit_costs")


class _BrokenImporter:
    @pb.hookimpl
    def placebudget_importers(self) -> list[ImporterSpec]:
        def load(path: object, **options: object) -> object:
            raise RuntimeError("boom")

        return [
            ImporterSpec(
                name="aaa-broken",
                kind="actuals",
                suffixes=(".csv",),
                description="Raises on every file.",
                load=load,
            )
        ]


def test_an_importer_that_raises_is_reported_and_the_built_in_reads() -> None:
    actuals = example_path("west_cheshire").with_name("west_cheshire_actuals.csv")
    with (
        fresh_plugin_registry(_BrokenImporter()) as registry,
        pytest.warns(PluginWarning, match=r"importer 'aaa-broken' raised RuntimeError: boom"),
    ):
        found = registry.load(actuals, "actuals")
    assert len(found.observations) > 0


class _Collides:
    @pb.hookimpl
    def placebudget_reporters(self) -> list[ReporterSpec]:
        return [
            ReporterSpec(
                name="markdown",
                suffix=".mdx",
                description="Takes a name.",
                write=lambda result, path, **context: None,
            )
        ]


def test_a_format_named_like_a_built_in_is_reported_and_skipped() -> None:
    with (
        fresh_plugin_registry(_Collides()) as registry,
        pytest.warns(PluginWarning, match="the name of a built-in reporter"),
    ):
        reporters = registry.reporters()
    assert reporters["markdown"].spec.suffix == ".md"
    assert reporters["markdown"].plugin.distribution == "placebudget"


class _FailingWriter:
    @pb.hookimpl
    def placebudget_reporters(self) -> list[ReporterSpec]:
        def write(result: object, path: object, **context: object) -> None:
            Path(str(path)).write_text("half a rep")
            raise OSError("disk on fire")

        return [
            ReporterSpec(name="fails", suffix=".fail", description="Fails halfway.", write=write)
        ]


def test_a_failing_plugin_writer_leaves_the_previous_report(tmp_path: Path) -> None:
    from placebudget.errors import PluginError
    from placebudget.testing import example_case

    target = tmp_path / "r.fail"
    target.write_text("the previous report")
    result = pb.project(example_case()).appraise()
    with fresh_plugin_registry(_FailingWriter()) as registry:
        spec = registry.reporter_for(target)
        with pytest.raises(PluginError, match=r"'fails' report format failed .* not changed"):
            registry.write_report(spec, result, target)
    assert target.read_text() == "the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.fail"]


class _Slow:
    @pb.hookimpl
    def placebudget_themes(self) -> list[object]:
        import time

        time.sleep(1.2)
        return []


def test_a_slow_plugin_is_named_in_a_warning() -> None:
    with (
        fresh_plugin_registry(_Slow()) as registry,
        pytest.warns(PluginWarning, match=r"took 1\.\d s in placebudget_themes\(\)"),
    ):
        registry.themes()
    assert max(registry.timings.values()) >= 1.2


class _Reports:
    @pb.hookimpl
    def placebudget_reporters(self) -> list[ReporterSpec]:
        return [
            ReporterSpec(
                name="text",
                suffix=".txt",
                description="Plain text.",
                write=lambda result, path: None,
            )
        ]


def test_hooks_are_called_through_pluggy_so_tracing_and_wrappers_work() -> None:
    seen: list[str] = []

    class Wrapper:
        @pb.hookimpl(wrapper=True)
        def placebudget_reporters(self) -> object:
            seen.append("before")
            answers = yield
            seen.append("after")
            return answers

    registry = PluginRegistry(autoload=False)
    registry.register(_Reports(), name="reports", distribution="test")
    registry.register(Wrapper(), name="wrapper", distribution="test")
    traced: list[str] = []
    undo = registry.manager.add_hookcall_monitoring(
        lambda hook_name, impls, kwargs: traced.append(hook_name),
        lambda outcome, hook_name, impls, kwargs: None,
    )
    try:
        assert "text" in registry.reporters()
    finally:
        undo()
    # one call per plain implementation (the built-in reporters, then ours), each wrapped
    assert traced == ["placebudget_reporters", "placebudget_reporters"]
    assert seen == ["before", "after", "before", "after"]
    assert registry.reporters()["text"].plugin.name == "reports"


def test_the_registry_is_passed_down_not_fetched(tmp_path: Path) -> None:
    """A case with a theme is read with the themes given: the process-wide registry is
    not consulted below the top layer."""
    from placebudget.io.case_file import load_case, structure_case

    module = type(sys)("toy_passed")
    exec(compile(TOY_THEME.format(name="toy"), "toy_passed", "exec"), module.__dict__)
    registry = PluginRegistry(autoload=False)
    registry.register(module, name="toy_passed", distribution="test")
    data = {
        "name": "Themed",
        "theme": "toy",
        "start_year": 2012,
        "horizon": 4,
        "price_year": 2012,
        "place": {
            "id": "p",
            "name": "P",
            "partners": [
                {"id": "dwp", "name": "DWP", "kind": "dwp"},
                {"id": "nhs", "name": "NHS", "kind": "nhs"},
                {"id": "council", "name": "Council", "kind": "local_authority"},
            ],
        },
    }
    case = structure_case(data, themes=registry.theme_specs())
    assert case.interventions == (example_intervention(),)
    with pytest.raises(ValidationError, match=r"theme: unknown theme \(available: none"):
        structure_case(data)
    assert pb.structure_case(data, registry=registry) == case
    path = tmp_path / "themed.json"
    pb.dump_case(case, path)
    assert load_case(path) == case
    assert pb.load_case(path, registry=registry) == case


def test_reading_a_case_without_a_theme_loads_no_plugin() -> None:
    from placebudget.plugin import manager

    previous = reset_plugin_registry()
    try:
        case = pb.load_case(example_path("west_cheshire"))
        assert manager._current is None  # no registry was built, no entry point imported
        assert pb.project(case).appraise().npbi > 0
        assert manager._current is None
    finally:
        reset_plugin_registry(previous)
