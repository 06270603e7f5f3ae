"""The release dry run (RELEASING.md), everything short of the upload.

Run by ``tox run -e release`` (and so by ``.ci/run``) from a clean checkout::

    python scripts/release_check.py [--allow-dirty] [--keep DIR]

1. The tree: a git checkout with nothing changed or untracked (ignored files aside), and a
   tag on HEAD, if any, that names the version.
2. The version (``src/placebudget/_version.py``) against ``CHANGELOG.md``: a release
   ``X.Y.Z`` must be the CHANGELOG's latest section, dated, ``## [X.Y.Z] - YYYY-MM-DD``,
   with nothing listed under ``[Unreleased]``; a development version ``X.Y.Z.devN`` must
   sit under ``[Unreleased]`` at the top and be newer than every released section. Every
   plugin's requirement on placebudget must admit the version.
3. The builds: the sdist and wheel of the core and of every plugin in ``plugins/`` with
   ``python -m build`` (each wheel built from its sdist), the core twice to show the build
   is reproducible (``SOURCE_DATE_EPOCH``, from the last commit when unset).
4. The checks: ``twine check --strict``, ``check-wheel-contents``, ``validate-pyproject``,
   ``pyroma`` (10/10), the core sdist's members (tests/test_packaging.py holds the rules'
   reasons), each plugin wheel's LICENSE, and ``sp-repo-review``.
5. A fresh virtual environment with the built wheels installed (not the source tree):
   ``placebudget demo``, ``placebudget themes`` listing every plugin's theme, the plugins'
   tests (copied out of the tree), and a theme plugin rendered from
   ``templates/theme-plugin`` (copier), built, checked, installed, its own tests run and
   ``placebudget.testing.assert_theme_works`` called on it.

Exits 1 with a message naming each mismatch.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION_FILE = ROOT / "src" / "placebudget" / "_version.py"
CHANGELOG = ROOT / "CHANGELOG.md"
TEMPLATE = ROOT / "templates" / "theme-plugin"

#: What the core sdist holds besides its metadata: the package, its tests, the examples
#: the tests read, the docs pages the docs tests read, and the top-level files.
SDIST_ALLOWED = (
    re.compile(r"src/placebudget/.+"),
    re.compile(r"tests/.+"),
    re.compile(r"examples/[^/]+"),
    re.compile(r"docs/(?!examples/)(?:[^/]+/)*[^/]+\.md"),
    re.compile(r"(?:CHANGELOG\.md|README\.md|LICENSE|pyproject\.toml|PKG-INFO|\.gitignore)"),
)
SDIST_REQUIRED = (
    "pyproject.toml",
    "PKG-INFO",
    "LICENSE",
    "README.md",
    "CHANGELOG.md",
    "src/placebudget/__init__.py",
    "src/placebudget/py.typed",
    "tests/conftest.py",
    "examples/troubled_families.toml",
    "docs/reference/hooks.md",
)

_HEADING = re.compile(r"^## \[(?P<name>[^\]]+)\](?P<rest>.*)$", re.MULTILINE)
_DATED = re.compile(r"^ - (\d{4}-\d{2}-\d{2})\s*$")


class Failed(Exception):
    """A check found a mismatch; the message names it."""


def run(
    command: Sequence[str | Path], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> str:
    """Run ``command``; its output, or :class:`Failed` with the output when it fails."""
    done = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        shown = " ".join(str(c) for c in command)
        raise Failed(f"`{shown}` exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


# -- 1 and 2: the tree and the version ------------------------------------------------------


def dirty_files(root: Path = ROOT) -> list[str]:
    """The files ``git status`` reports changed or untracked (ignored files aside)."""
    if not (root / ".git").exists():
        raise Failed(
            f"{root} is not a git checkout: a release is built from a clean clone of the "
            "repository, so that what is built is what was committed"
        )
    status = run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root)
    return [line[3:] for line in status.splitlines() if line.strip()]


def tree_problems(root: Path = ROOT) -> list[str]:
    """Why the tree at ``root`` is not fit to release from: changed or untracked files."""
    dirty = dirty_files(root)
    if not dirty:
        return []
    shown = ", ".join(dirty[:10]) + (f" and {len(dirty) - 10} more" if len(dirty) > 10 else "")
    return [
        f"the working tree is dirty ({len(dirty)} changed or untracked files: {shown}): "
        "commit or stash them, so that the release is built from what is committed "
        "(--allow-dirty to try the check anyway)"
    ]


def read_version(path: Path = VERSION_FILE) -> str:
    """The ``__version__`` that ``_version.py`` sets (hatch reads the same line)."""
    found = re.search(r'^__version__ = "([^"]+)"$', path.read_text(encoding="utf-8"), re.M)
    if found is None:
        raise Failed(f'{path}: no line `__version__ = "X.Y.Z"`')
    return found.group(1)


def changelog_sections(text: str) -> list[tuple[str, str | None, str]]:
    """The CHANGELOG's ``## [name] - date`` sections, in order: (name, date or None,
    body)."""
    headings = list(_HEADING.finditer(text))
    sections = []
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        dated = _DATED.match(heading.group("rest"))
        body = text[heading.end() : end]
        sections.append((heading.group("name"), dated.group(1) if dated else None, body))
    return sections


def version_problems(version: str, changelog: str) -> list[str]:
    """Why ``version`` does not match the CHANGELOG ``changelog``.

    A release (``0.1.0``, ``0.2.0rc1``) must be the latest section, dated, with nothing
    listed under ``[Unreleased]``. A development version (``0.2.0.dev0``) must come before
    a release: the CHANGELOG's first section is ``[Unreleased]`` and every released
    section is older than it.
    """
    from packaging.version import InvalidVersion, Version

    try:
        parsed = Version(version)
    except InvalidVersion:
        return [f"version {version!r} ({VERSION_FILE.name}) is not a PEP 440 version"]
    sections = changelog_sections(changelog)
    released = [(name, date) for name, date, _ in sections if name.lower() != "unreleased"]
    unreleased = [body for name, _, body in sections if name.lower() == "unreleased"]
    problems = []
    for name, date in released:
        if date is None:
            problems.append(f"CHANGELOG section [{name}] has no date: `## [{name}] - YYYY-MM-DD`")
        try:
            Version(name)
        except InvalidVersion:
            problems.append(f"CHANGELOG section [{name}] does not name a version")
    if problems:
        return problems
    latest = released[0][0] if released else None
    if parsed.is_devrelease:
        if not sections or sections[0][0].lower() != "unreleased":
            problems.append(
                f"version {version} is a development version, but the CHANGELOG's first "
                "section is not [Unreleased]"
            )
        if latest is not None and Version(latest) >= Version(parsed.base_version):
            problems.append(
                f"version {version} is a development version of {parsed.base_version}, but "
                f"the CHANGELOG's latest released section is [{latest}]: the next "
                f"development version is newer than {latest} (RELEASING.md, after the release)"
            )
        return problems
    if latest is None:
        problems.append(
            f"version {version} is a release, but the CHANGELOG has no released section: "
            f"date its [Unreleased] section, `## [{version}] - YYYY-MM-DD`"
        )
    elif Version(latest) != parsed:
        problems.append(
            f"version {version} ({VERSION_FILE.name}) does not match the CHANGELOG's latest "
            f"released section [{latest}]"
        )
    if latest is not None and any(
        re.search(r"^\s*[-*] ", body, re.MULTILINE) for body in unreleased
    ):
        problems.append(
            f"version {version} is a release, but the CHANGELOG lists changes under "
            f"[Unreleased]: move them under [{version}]"
        )
    return problems


def tag_problems(version: str, root: Path = ROOT) -> list[str]:
    """A ``v*`` tag on HEAD must name ``version``."""
    tags = run(["git", "tag", "--points-at", "HEAD", "--list", "v*"], cwd=root).split()
    wrong = [tag for tag in tags if tag != f"v{version}"]
    return [f"HEAD is tagged {tag}, but the version is {version}" for tag in wrong]


def plugin_dirs(root: Path = ROOT) -> list[Path]:
    """The plugin projects in ``plugins/``."""
    return sorted(p for p in (root / "plugins").iterdir() if (p / "pyproject.toml").exists())


def requirement_problems(version: str, plugins: Sequence[Path]) -> list[str]:
    """Every plugin must require placebudget with a bound that admits ``version``."""
    from packaging.requirements import Requirement
    from packaging.version import Version

    problems = []
    for plugin in plugins:
        project = tomllib.loads((plugin / "pyproject.toml").read_text(encoding="utf-8"))
        requirements = [Requirement(r) for r in project["project"].get("dependencies", [])]
        core = [r for r in requirements if r.name == "placebudget"]
        if not core:
            problems.append(f"{plugin.name} does not require placebudget")
            continue
        specifier = core[0].specifier
        if not any(s.operator in ("<", "<=", "~=", "==") for s in specifier):
            problems.append(f"{plugin.name} requires {core[0]} with no upper bound")
        if not specifier.contains(Version(version), prereleases=True):
            problems.append(
                f"{plugin.name} requires {core[0]}, which placebudget {version} does not meet"
            )
    return problems


# -- 3 and 4: the builds and their checks ---------------------------------------------------


def build(project: Path, out: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """The sdist and the wheel (built from the sdist) of ``project`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "build", "--outdir", out, project], env=env)
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel


def sdist_members(sdist: Path) -> list[str]:
    """The files of ``sdist``, relative to its top folder."""
    with tarfile.open(sdist) as archive:
        names = [m.name for m in archive.getmembers() if not m.isdir()]
    return sorted(name.split("/", 1)[1] for name in names)


def sdist_problems(members: Sequence[str]) -> list[str]:
    """Members the core sdist must not hold, and members it lacks."""
    stray = [m for m in members if not any(p.fullmatch(m) for p in SDIST_ALLOWED)]
    stray += [m for m in members if "__pycache__" in m or m.endswith(".pyc")]
    missing = [m for m in SDIST_REQUIRED if m not in members]
    problems = []
    if stray:
        problems.append(f"the sdist holds files outside its rules: {', '.join(stray[:20])}")
    if missing:
        problems.append(f"the sdist lacks {', '.join(missing)}")
    return problems


def wheel_licence_problems(wheel: Path) -> list[str]:
    """A wheel must carry its LICENSE in ``.dist-info/licenses/``."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    if any(re.fullmatch(r"[^/]+\.dist-info/licenses/LICENSE", n) for n in names):
        return []
    return [f"{wheel.name} carries no LICENSE in its .dist-info/licenses/"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pyroma_problems(project: Path) -> list[str]:
    """pyroma's rating of ``project``, when it is under 10/10."""
    done = subprocess.run(
        ["pyroma", "--min", "10", project], capture_output=True, text=True, check=False
    )
    if done.returncode == 0:
        return []
    rating = re.search(r"Final rating: (\d+)/10", done.stdout)
    found = rating.group(1) if rating else "?"
    return [f"pyroma rates {project.name} {found}/10, not 10/10:\n{done.stdout}"]


def check_distributions(projects: Sequence[Path], built: dict[Path, tuple[Path, Path]]) -> None:
    """twine, check-wheel-contents, validate-pyproject and pyroma on every project."""
    files = [f for pair in built.values() for f in pair]
    run([sys.executable, "-m", "twine", "check", "--strict", *files])
    run(["check-wheel-contents", *(wheel for _, wheel in built.values())])
    run(["validate-pyproject", *(project / "pyproject.toml" for project in projects)])
    problems = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for found in pool.map(pyroma_problems, projects):
            problems += found
    for project in projects:
        problems += wheel_licence_problems(built[project][1])
    if problems:
        raise Failed("\n".join(problems))


# -- 5: a fresh environment ----------------------------------------------------------------


def clean_env() -> dict[str, str]:
    """This process's environment without what would put the source tree on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONNOUSERSITE"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def fresh_venv(where: Path, wheels: Sequence[Path]) -> Path:
    """A new virtual environment at ``where`` with ``wheels`` and pytest installed; its
    python."""
    run([sys.executable, "-m", "venv", where])
    python = where / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", *wheels, "pytest>=8"], env=clean_env())
    return python


def installed_from(python: Path, modules: Sequence[str], venv: Path, cwd: Path) -> list[str]:
    """Modules that the fresh venv does not import from its own site-packages."""
    code = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    print(name, importlib.import_module(name).__file__)\n"
    )
    out = run([python, "-c", code, *modules], cwd=cwd, env=clean_env())
    problems = []
    for line in out.splitlines():
        name, where = line.split(" ", 1)
        if not Path(where).resolve().is_relative_to(venv.resolve()):
            problems.append(f"{name} is imported from {where}, not from the fresh venv")
    return problems


PYTEST_INI = """[pytest]
addopts = -ra --strict-markers --strict-config --import-mode=importlib -p no:cacheprovider
xfail_strict = true
filterwarnings = error
"""


def run_installed(python: Path, work: Path, plugins: Sequence[Path], venv: Path) -> None:
    """The demo, the theme listing and the plugins' tests against the installed wheels."""
    bin_dir = python.parent
    demo_dir = work / "demo"
    demo_dir.mkdir()
    run([bin_dir / "placebudget", "demo"], cwd=demo_dir, env=clean_env())
    if not (demo_dir / "placebudget-report.md").exists():
        raise Failed("`placebudget demo` wrote no placebudget-report.md")
    listing = run([bin_dir / "placebudget", "themes"], cwd=demo_dir, env=clean_env())
    names = [
        next(
            iter(
                tomllib.loads((p / "pyproject.toml").read_text())["project"]["entry-points"][
                    "placebudget"
                ]
            )
        )
        for p in plugins
    ]
    missing = [name for name in names if name not in listing]
    if missing:
        raise Failed(f"`placebudget themes` in the fresh venv lacks {', '.join(missing)}")
    modules = ["placebudget"] + [p.name.replace("-", "_") for p in plugins]
    problems = installed_from(python, modules, venv, demo_dir)
    if problems:
        raise Failed("\n".join(problems))
    tests = work / "plugin-tests"
    for plugin in plugins:
        shutil.copytree(plugin / "tests", tests / plugin.name)
    (tests / "pytest.ini").write_text(PYTEST_INI)
    print(
        run(
            [python, "-m", "pytest", "-q", "-c", tests / "pytest.ini", tests],
            cwd=tests,
            env=clean_env(),
        )
        .strip()
        .splitlines()[-1]
    )


def render_template(work: Path, env: dict[str, str]) -> tuple[Path, Path, Path]:
    """A theme plugin rendered from the template, built and checked: its folder, sdist and
    wheel."""
    import copier

    target = work / "rendered" / "placebudget-theme-release-check"
    copier.run_copy(
        str(TEMPLATE),
        str(target),
        data={"theme_name": "release-check", "title": "Release check"},
        defaults=True,
        quiet=True,
        unsafe=False,
    )
    sdist, wheel = build(target, work / "dist" / "rendered", env)
    run([sys.executable, "-m", "twine", "check", "--strict", sdist, wheel])
    run(["check-wheel-contents", wheel])
    problems = pyroma_problems(target) + wheel_licence_problems(wheel)
    if problems:
        raise Failed("\n".join(problems))
    return target, sdist, wheel


def check_rendered(python: Path, target: Path, wheel: Path) -> None:
    """The rendered plugin installed in the fresh venv: its tests and
    ``assert_theme_works``."""
    run([python, "-m", "pip", "install", "--quiet", "--no-deps", wheel], env=clean_env())
    tests = run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=target, env=clean_env()
    )
    print(tests.strip().splitlines()[-1])
    code = (
        "from placebudget.testing import assert_theme_registered, assert_theme_works\n"
        "from placebudget_theme_release_check import theme\n"
        "assert_theme_registered(theme, 'placebudget-theme-release-check')\n"
        "print('assert_theme_works:', theme.name, float(assert_theme_works(theme)"
        ".dataset['volume'].sum()))\n"
    )
    print(run([python, "-c", code], cwd=target.parent, env=clean_env()).strip())


# -- the whole ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--allow-dirty",
        action="store_true",
        help="report a dirty tree but go on (never for a real release)",
    )
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args(argv)
    started = time.monotonic()

    def step(what: str) -> None:
        print(f"[{time.monotonic() - started:6.1f} s] {what}", flush=True)

    try:
        step("the tree and the version")
        version = read_version()
        problems = tree_problems()
        if problems and args.allow_dirty:
            print("warning: " + "\n".join(problems), file=sys.stderr)
            problems = []
        plugins = plugin_dirs()
        problems += version_problems(version, CHANGELOG.read_text(encoding="utf-8"))
        problems += tag_problems(version)
        problems += requirement_problems(version, plugins)
        if problems:
            raise Failed("\n".join(problems))
        print(f"placebudget {version}; plugins: {', '.join(p.name for p in plugins)}")

        work = (
            Path(tempfile.mkdtemp(prefix="placebudget-release-"))
            if args.keep is None
            else args.keep.resolve()
        )
        work.mkdir(parents=True, exist_ok=True)
        env = clean_env()
        env.setdefault(
            "SOURCE_DATE_EPOCH", run(["git", "log", "-1", "--format=%ct"], cwd=ROOT).strip()
        )
        step(f"building the core and {len(plugins)} plugins into {work / 'dist'}")
        projects = [ROOT, *plugins]
        outs = {p: work / "dist" / (p.name if p != ROOT else "core") for p in projects}
        outs[work / "again"] = work / "dist" / "core-again"  # a second build of the core
        with ThreadPoolExecutor(max_workers=4) as pool:
            builds = dict(
                zip(
                    outs,
                    pool.map(lambda p: build(p if p in projects else ROOT, outs[p], env), outs),
                    strict=True,
                )
            )
        again = builds.pop(work / "again")
        built = builds
        changed = [
            a.name for a, b in zip(built[ROOT], again, strict=True) if digest(a) != digest(b)
        ]
        if changed:
            raise Failed(f"two builds of the same commit differ: {', '.join(changed)}")
        for sdist, wheel in built.values():
            print(f"  {sdist.name}  {wheel.name}")

        step("twine --strict, check-wheel-contents, validate-pyproject, pyroma")
        check_distributions(projects, built)
        problems = sdist_problems(sdist_members(built[ROOT][0]))
        if problems:
            raise Failed("\n".join(problems))
        step("sp-repo-review")
        run(["sp-repo-review", "--show", "errskip", ROOT])

        step("rendering templates/theme-plugin")
        target, _, rendered_wheel = render_template(work, env)

        step("a fresh venv with the built wheels")
        venv = work / "venv"
        python = fresh_venv(venv, [wheel for _, wheel in built.values()])
        step("placebudget demo, placebudget themes, the plugins' tests")
        run_installed(python, work, plugins, venv)
        step("the rendered plugin's tests and assert_theme_works")
        check_rendered(python, target, rendered_wheel)
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    except Failed as failure:
        print(f"release check failed: {failure}", file=sys.stderr)
        return 1
    step(f"release check passed: placebudget {version} and {len(plugins)} plugins")
    return 0


if __name__ == "__main__":
    sys.exit(main())
