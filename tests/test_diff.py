"""mnfu diff and the Recent changes page, on a temporary git repository with known commits."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURE, ROOT
from mnfu.cli import main
from mnfu.site.write import copy_site_config

GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}


def git(root: Path, *args: str, date: str = "2026-11-01T12:00:00Z") -> str:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The fixture project in git: a first commit, then a commit that changes the data in every way."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE / "data", root / "data")
    for name in ("templates", "docs"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("ref"))
    copy_site_config(ROOT, root)
    sofa = root / "data" / "legal-issues" / "sofa.yaml"
    sofa.write_text(sofa.read_text().replace("[@gamma-nd]", "[@epsilon-2025]"))
    (root / "data" / "sources" / "epsilon-2025.yaml").write_text("kind: analysis\ntitle: A RUSI note\npublished: 2025\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The fixture data")
    data = root / "data"
    gb = data / "contributors" / "gb.yaml"
    gb.write_text(gb.read_text().replace("co-leads the coalition with France [@alpha-2025-07-17].",
                                         "co-leads the coalition with France [@alpha-2025-07-17; @beta-2025]."))
    no = data / "contributors" / "no.yaml"
    no.write_text(no.read_text().replace("as_of: 2025-11", "as_of: 2025-12"))
    (data / "contributors" / "se.yaml").write_text(
        "name: Sweden\nrole: {value: undecided, as_of: 2025-10, sources: [beta-2025]}\n"
        "summary: Sweden has not decided [@beta-2025].\n")
    git(root, "mv", "data/events/2025-09-paris-hq.yaml", "data/events/2025-09-paris-hq-opens.yaml")
    sofa.write_text(sofa.read_text().replace("RUSI argues the agreement is the first step [@epsilon-2025].",
                                             "RUSI argues the agreement is the first step [@alpha-2025-07-17]."))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add Sweden, date Norway's role, cite more", date="2026-11-15T12:00:00Z")
    return root


def test_diff_between_two_commits_matches_the_golden_report(repo: Path, capsys, golden):
    assert main(["--root", str(repo), "--today", "2026-11-22", "diff", "HEAD~1", "HEAD"]) == 0
    golden("diff/two-commits.md", capsys.readouterr().out)
    assert main(["--root", str(repo), "--today", "2026-11-22", "diff", "HEAD~1", "HEAD", "--format", "json"]) == 0
    golden("diff/two-commits.json", capsys.readouterr().out)


def test_diff_reports_what_changed(repo: Path, capsys):
    assert main(["--root", str(repo), "--today", "2026-11-22", "diff", "HEAD~1", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "### Added: Sweden (contributor, `se`)" in out
    assert "### Renamed: Paris headquarters set up (event, `2025-09-paris-hq-opens`), was `2025-09-paris-hq`" in out
    assert "- `as_of` of `role` moved: 2025-11 → 2025-12" in out
    assert "- citation added to `summary`: `beta-2025`" in out
    assert "- citation removed from `positions[2].text`: `epsilon-2025`" in out
    assert "**Sources no longer cited anywhere:** `epsilon-2025`" in out
    assert "`ref/contributors/se/`" in out and "`ref/timeline/`" in out


def test_diff_against_the_working_tree_and_with_errors(repo: Path, capsys):
    (repo / "data" / "contributors" / "se.yaml").write_text("name: Sweden\nrole: bad\n")
    assert main(["--root", str(repo), "--today", "2026-11-22", "diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "(HEAD → working tree)" in out
    assert "**The data at working tree has" in out and "data/contributors/se.yaml" in out
    assert "### Changed: Sweden" in out


def test_diff_in_a_shallow_clone_names_what_to_fetch(repo: Path, tmp_path: Path, capsys):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True,
                   env={**os.environ, **GIT_ENV})
    assert main(["--root", str(shallow), "diff", "HEAD~1"]) == 2
    err = capsys.readouterr().err
    assert "revision 'HEAD~1' is not in this clone" in err and "shallow clone" in err and "fetch-depth: 0" in err


def test_recent_changes_page_and_feed_come_from_the_history(repo: Path):
    import feedparser

    assert main(["--root", str(repo), "--today", "2026-11-22", "generate", "-q"]) == 0
    page = (repo / "docs" / "ref" / "changes.md").read_text()
    assert "## 15 November 2026: Add Sweden, date Norway's role, cite more" in page
    assert "added Sweden" in page and "- Added: [Sweden](contributors/se.md) (contributor)" in page
    assert "- Renamed: [Paris headquarters set up](timeline.md#2025-09-paris-hq-opens) (event)" in page
    assert "## 1 November 2026: The fixture data" in page
    feed = feedparser.parse((repo / "docs" / "ref" / "downloads" / "changes.atom").read_text())
    assert not feed.bozo and [e.title for e in feed.entries][0].startswith("2026-11-15: Add Sweden")
    assert "last changed 15 November 2026" in (repo / "docs" / "ref" / "contributors" / "se.md").read_text()


def test_without_history_the_page_says_so(project: Path):
    assert main(["--root", str(project), "--today", "2026-11-22", "generate", "-q"]) == 0
    assert "history of the data is not available" in (project / "docs" / "ref" / "changes.md").read_text()


def test_the_workflows_and_forms_parse_and_post_the_diff():
    """The workflows are valid YAML with the jobs they promise (tests/test_workflows.py lints and rehearses
    them): the feedback job writes the diff to an artifact, the comment workflow posts it."""
    import yaml

    flows = {p.name: yaml.safe_load(p.read_text()) for p in (ROOT / ".github" / "workflows").glob("*.yml")}
    feedback = flows["pull-request-feedback.yml"]["jobs"]["feedback"]["steps"]
    steps = [s.get("run", "") + str(s.get("uses", "")) for s in feedback]
    assert any("mnfu diff" in s for s in steps) and any("upload-artifact" in s for s in steps)
    comment = flows["pull-request-comment.yml"]["jobs"]["comment"]["steps"]
    assert any("scripts/post_comment.py" in s.get("run", "") for s in comment)
    pr = flows["pull-request.yml"]
    assert pr["jobs"]["engines"]["strategy"]["matrix"]["engine"] == ["mkdocs", "properdocs", "zensical"]
    deploy = flows["deploy.yml"]["jobs"]["build"]["steps"]
    assert deploy[0]["with"]["fetch-depth"] == 0
    assert any("MNF" in str(s.get("env", "")) for s in deploy)
    for form in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"):
        yaml.safe_load(form.read_text())
