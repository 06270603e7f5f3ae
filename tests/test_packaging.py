"""What is published: the core sdist holds exactly what builds and tests the package, the
plugins' metadata is fit for an index, and the release check (scripts/release_check.py)
refuses a dirty tree and a version the CHANGELOG does not match."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import tarfile
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "release_check.py"

pytestmark = pytest.mark.skipif(
    not (ROOT / ".git").exists() or not SCRIPT.exists(),
    reason="not running from a git checkout of the repository",
)


@pytest.fixture(scope="module")
def release_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("release_check", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def git_files(*paths: str) -> set[str]:
    """The files git tracks or would track (not ignored) under ``paths``."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in out.splitlines() if (ROOT / line).exists()}


def test_the_sdist_holds_exactly_what_builds_and_tests_the_package(
    tmp_path: Path, release_check: ModuleType
) -> None:
    pytest.importorskip("hatchling", reason="the test group installs the build backend")
    from hatchling.builders.sdist import SdistBuilder

    (built,) = SdistBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    with tarfile.open(built) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if not m.isdir()} - {
            "PKG-INFO"
        }
    docs_pages = {
        path
        for path in git_files("docs")
        if path.endswith(".md") and not path.startswith("docs/examples/")
    }
    expected = (
        git_files("src/placebudget", "tests", "examples")
        | docs_pages
        | {"pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", ".gitignore"}
    )
    assert members - expected == set(), "the sdist holds files it should not"
    assert expected - members == set(), "the sdist lacks files the tests need"
    # nothing of the plugins, the docs' example plugins, benchmarks or CI
    assert not {m for m in members if re.match(r"(plugins|benchmarks|\.ci|scripts)/", m)}
    assert not {m for m in members if m.startswith("docs/examples/")}
    assert release_check.sdist_problems(sorted(members | {"PKG-INFO"})) == []


def test_the_sdist_rules_name_a_stray_and_a_missing_member(release_check: ModuleType) -> None:
    members = [*release_check.SDIST_REQUIRED, "plugins/placebudget-theme-x/src/x.py"]
    members.remove("docs/reference/hooks.md")
    (stray, missing) = release_check.sdist_problems(members)
    assert "plugins/placebudget-theme-x/src/x.py" in stray
    assert missing == "the sdist lacks docs/reference/hooks.md"


CHANGELOG = """# Changelog

## [Unreleased]
{unreleased}
## [0.2.0] - 2027-03-01

### Added

- Something.

## [0.1.0] - 2026-12-06

- First release.
"""


@pytest.mark.parametrize(
    ("version", "unreleased", "problem"),
    [
        ("0.2.0", "", None),
        ("0.3.0.dev0", "\n### Added\n\n- Next.\n", None),
        ("0.2.1.dev0", "", None),
        (
            "0.1.0",
            "",
            "version 0.1.0 (_version.py) does not match the CHANGELOG's latest "
            "released section [0.2.0]",
        ),
        ("0.3.0", "", "does not match the CHANGELOG's latest released section [0.2.0]"),
        ("0.2.0", "\n- Not yet released.\n", "lists changes under [Unreleased]"),
        (
            "0.2.0.dev0",
            "",
            "development version of 0.2.0, but the CHANGELOG's latest released section is [0.2.0]",
        ),
        ("zero", "", "is not a PEP 440 version"),
    ],
)
def test_the_version_must_match_the_changelog(
    release_check: ModuleType, version: str, unreleased: str, problem: str | None
) -> None:
    problems = release_check.version_problems(version, CHANGELOG.format(unreleased=unreleased))
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert problem in problems[0]


def test_a_release_needs_a_dated_section(release_check: ModuleType) -> None:
    only_unreleased = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- All of it.\n"
    (problem,) = release_check.version_problems("0.1.0", only_unreleased)
    assert "the CHANGELOG has no released section" in problem
    assert "`## [0.1.0] - YYYY-MM-DD`" in problem
    assert release_check.version_problems("0.1.0.dev0", only_unreleased) == []
    undated = "## [Unreleased]\n\n## [0.1.0]\n\n- First.\n"
    (problem,) = release_check.version_problems("0.1.0", undated)
    assert problem.startswith("CHANGELOG section [0.1.0] has no date")


def test_the_repository_version_matches_its_changelog(release_check: ModuleType) -> None:
    """The committed version and CHANGELOG agree; a release (no ``.dev``) needs its dated
    section, which the release commit adds (RELEASING.md)."""
    version = release_check.read_version()
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    problems = release_check.version_problems(version, text)
    if problems and "no released section" in problems[0]:
        pytest.xfail(f"{version}: the release commit dates the CHANGELOG (RELEASING.md)")
    assert problems == []


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_dirty_tree_is_refused_naming_its_files(
    tmp_path: Path, release_check: ModuleType
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "ignored.txt").write_text("")
    assert release_check.tree_problems(tmp_path) == []
    (tmp_path / "a.py").write_text("x = 2\n")
    (tmp_path / "new.py").write_text("")
    (problem,) = release_check.tree_problems(tmp_path)
    assert problem.startswith("the working tree is dirty (2 changed or untracked files: ")
    assert "a.py" in problem
    assert "new.py" in problem
    with pytest.raises(release_check.Failed, match="is not a git checkout"):
        release_check.tree_problems(tmp_path / "build")


def test_a_tag_must_name_the_version(tmp_path: Path, release_check: ModuleType) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "a.py").write_text("")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    assert release_check.tag_problems("0.1.0", tmp_path) == []
    git(tmp_path, "tag", "-a", "v0.1.0", "-m", "placebudget 0.1.0")
    assert release_check.tag_problems("0.1.0", tmp_path) == []
    assert release_check.tag_problems("0.1.1", tmp_path) == [
        "HEAD is tagged v0.1.0, but the version is 0.1.1"
    ]


def plugins() -> list[Path]:
    return sorted(p for p in (ROOT / "plugins").iterdir() if (p / "pyproject.toml").exists())


def test_every_plugin_requires_a_bounded_placebudget_that_admits_this_version(
    release_check: ModuleType, tmp_path: Path
) -> None:
    version = release_check.read_version()
    assert release_check.requirement_problems(version, plugins()) == []
    loose = tmp_path / "placebudget-theme-loose"
    loose.mkdir()
    (loose / "pyproject.toml").write_text(
        '[project]\nname = "placebudget-theme-loose"\ndependencies = ["placebudget>=0.2"]\n'
    )
    assert release_check.requirement_problems("0.1.0", [loose]) == [
        "placebudget-theme-loose requires placebudget>=0.2 with no upper bound",
        "placebudget-theme-loose requires placebudget>=0.2, which placebudget 0.1.0 does not meet",
    ]


@pytest.mark.parametrize("plugin", plugins(), ids=lambda p: p.name)
def test_every_plugin_is_fit_for_an_index(plugin: Path) -> None:
    project = tomllib.loads((plugin / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (plugin / "LICENSE").read_text() == (ROOT / "LICENSE").read_text()
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(project["urls"])
    readme = (plugin / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", readme)
    assert links
    assert all(link.startswith("https://") for link in links), links
    assert f"pip install {project['name']}\n" in readme


def test_the_core_metadata_is_fit_for_an_index() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = config["project"]
    assert project["license"] == "MIT"
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]
    assert set(project["urls"]) == {"Homepage", "Documentation", "Source", "Issues", "Changelog"}
    assert all("email" in author for author in project["authors"])
    # the developers' tools are dependency groups, not extras a user could install
    assert set(project["optional-dependencies"]) == {"xls", "dask"}
    assert {"test", "docs", "lint", "type", "release", "dev"} <= set(config["dependency-groups"])
    # a classifier for every Python version CI runs (tox on the machine's python3)
    tested = {"3.11"}
    listed = {
        c.rsplit(" :: ", 1)[1]
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert listed == tested
