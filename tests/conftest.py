"""Shared fixtures and helpers: the small fixture data set, a fixed 'today', a project copy, git with no
user configuration, the golden-file helper, and what keeps a test run inside its temporary folders.

Run ``pytest --update-goldens`` to rewrite the golden files after an intended change, then review
the diff in git.

Hypothesis runs under one of two profiles (``MNFU_HYPOTHESIS_PROFILE`` picks one by name):

- ``local`` (the default): derandomised, the same examples on every run, so a red test stays red
  until it is fixed;
- ``ci`` (when ``CI=true``): a fresh random seed on every run, so each CI run tries new examples; a
  failure prints the blob to reproduce it (``@reproduce_failure``) and the seed, and is then pinned
  with ``@example`` beside the test.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from mnfu.site.write import copy_site_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"
TESTDATA = Path(__file__).resolve().parent / "testdata"
TODAY = dt.date(2026, 11, 22)
"""The day every test runs on (``--today``): dates in the fixture data are before it."""

IN_CI = os.environ.get("CI", "").lower() == "true"
settings.register_profile("local", derandomize=True, deadline=None)
settings.register_profile("ci", derandomize=False, database=None, print_blob=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("MNFU_HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "local"))

# git with no user or system configuration (a person's hooks, signing or aliases never apply), and a
# fixed author, so commits and their dates are the same on every machine.
GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_SYSTEM": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str, date: str = "2026-11-01T12:00:00Z") -> str:
    """Run git in ``root`` with no user configuration and a fixed author and date; return its output."""
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True,
                          text=True).stdout


def copy_project(root: Path, data: Path = FIXTURE / "data", seeds: Path | None = None) -> Path:
    """Make ``root`` a project: ``data`` (the fixture data by default) and ``seeds`` (none by default),
    the real templates, the hand-written docs (without generated pages) and the engine's configuration.
    Returns ``root``."""
    shutil.copytree(data, root / "data")
    if seeds is not None:
        shutil.copytree(seeds, root / "seeds")
    shutil.copytree(ROOT / "templates", root / "templates")
    # not the generated pages, nor the folders a build running beside the tests swaps them through
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("ref", ".ref.new-*", ".ref.old-*"))
    copy_site_config(ROOT, root)
    return root


def fixture_data(root: Path, extra: dict[str, str] | None = None) -> Path:
    """``root/data``: the fixture data, with ``extra`` files (path under data/ -> text) added or replaced."""
    shutil.copytree(FIXTURE / "data", root / "data")
    for name, text in (extra or {}).items():
        (root / "data" / name).write_text(text, encoding="utf-8")
    return root / "data"


def edit(path: Path, old: str, new: str, count: int = -1) -> None:
    """Replace ``old`` with ``new`` in a test's copy of a file. Fails when ``old`` is not there: an edit
    that changed nothing would leave the test testing nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name}: {old!r} not found"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def run(root: Path, *args: str, today: dt.date | None = TODAY) -> int:
    """``mnfu --root ROOT --today TODAY ARGS...`` through ``main``; its exit code."""
    from mnfu.cli import main

    return main(["--root", str(root), *(["--today", today.isoformat()] if today else []), *args])


def fixture_site():
    """The fixture data, loaded and resolved on ``TODAY``."""
    from mnfu.data.load import load_all
    from mnfu.site.resolve import resolve

    return resolve(load_all(FIXTURE / "data"), TODAY)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from current output")


@pytest.fixture(scope="session", autouse=True)
def no_files_outside_the_temporary_folders(tmp_path_factory: pytest.TempPathFactory):
    """The memo's signing key goes to a folder of this run, never to ``~/.cache/mnfu`` (a test that wants
    another sets ``MNFU_CACHE_KEY_DIR`` itself); subprocesses inherit the setting. Hypothesis keeps its
    caches there too, not in ``.hypothesis/`` of the project."""
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MNFU_CACHE_KEY_DIR", str(tmp_path_factory.mktemp("cache-key")))
        yield
    set_hypothesis_home_dir(None)


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file under tests/testdata/ (or rewrite it with --update-goldens)."""
    update = request.config.getoption("--update-goldens")

    def check(relpath: str, actual: str) -> None:
        path = TESTDATA / relpath
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.is_file(), f"missing golden file {path}; run pytest --update-goldens"
        assert actual == path.read_text(encoding="utf-8"), f"output differs from golden {relpath}"

    return check


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throw-away project: the fixture data, the real templates, docs and mkdocs.yml."""
    return copy_project(tmp_path)


@pytest.fixture(scope="module")
def site():
    """The fixture data, resolved on ``TODAY`` (once per module: tests only read it)."""
    return fixture_site()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with ``mnfu build`` (strict) in a copy of the project.

    Returns the built ``site/`` folder; its parent is the project copy.
    """
    from mnfu.cli import main

    # the seeds: the excerpts the notes show speak for sources through them
    root = copy_project(tmp_path_factory.mktemp("real"), ROOT / "data", ROOT / "seeds")
    assert main(["--root", str(root), "build", "-q", "--site-dir", str(root / "site")]) == 0
    return root / "site"
