"""Shared fixtures: the small fixture data set, a fixed 'today', and the golden-file helper.

Run ``pytest --update-goldens`` to rewrite the golden files after an intended change, then review
the diff in git.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from mnfu.site.write import copy_site_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"
TESTDATA = Path(__file__).resolve().parent / "testdata"
TODAY = dt.date(2026, 11, 22)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from current output")


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
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("ref"))
    copy_site_config(ROOT, tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with ``mnfu build`` (strict) in a copy of the project.

    Returns the built ``site/`` folder; its parent is the project copy.
    """
    from mnfu.cli import main

    root = tmp_path_factory.mktemp("real")
    for name in ("data", "templates"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("ref"))
    copy_site_config(ROOT, root)
    assert main(["--root", str(root), "build", "-q", "--site-dir", str(root / "site")]) == 0
    return root / "site"
