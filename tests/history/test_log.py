"""The data's history (mnfu.history.log) and its cache: read once per checked-out commit, read again when
the commit changes, and a damaged cache is never trusted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mnfu.history.log as log
from conftest import git
from mnfu.history.log import read_history


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose data has two commits."""
    root = tmp_path / "repo"
    (root / "data" / "contributors").mkdir(parents=True)
    gb = root / "data" / "contributors" / "gb.yaml"
    gb.write_text("name: United Kingdom\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add the United Kingdom")
    gb.write_text("name: United Kingdom of Great Britain\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "Rename the United Kingdom", date="2026-11-05T12:00:00Z")
    return root


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every time the history is read from git."""
    calls: list[str] = []
    real = log.recent_changes
    monkeypatch.setattr(log, "recent_changes", lambda root, *a: calls.append(str(root)) or real(root, *a))
    return calls


def test_the_history_is_read_from_git(repo: Path):
    history = read_history(repo)
    assert [c.subject for c in history.changes] == ["Rename the United Kingdom", "Add the United Kingdom"]
    assert history.changes[0].date == "2026-11-05"
    assert history.last_changed["data/contributors/gb.yaml"][0] == "2026-11-05"


def test_the_cache_is_used_while_the_commit_is_the_same(repo: Path, tmp_path: Path, reads: list[str]):
    cache = tmp_path / "history.json"
    first = read_history(repo, cache)
    assert reads == [str(repo)] and cache.is_file()
    assert json.loads(cache.read_text(encoding="utf-8"))["head"] == log.head_signature(repo)
    again = read_history(repo, cache)
    assert reads == [str(repo)]  # from the cache: git was not asked again
    assert again == first  # and the same history, tuples and all


def test_a_new_commit_reads_the_history_again(repo: Path, tmp_path: Path, reads: list[str]):
    cache = tmp_path / "history.json"
    read_history(repo, cache)
    (repo / "data" / "contributors" / "no.yaml").write_text("name: Norway\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Add Norway", date="2026-11-09T12:00:00Z")
    history = read_history(repo, cache)
    assert len(reads) == 2 and history.changes[0].subject == "Add Norway"
    assert read_history(repo, cache) == history and len(reads) == 2


def test_another_branch_or_packed_refs_read_the_history_again(repo: Path, tmp_path: Path, reads: list[str]):
    cache = tmp_path / "history.json"
    read_history(repo, cache)
    git(repo, "checkout", "-q", "-b", "older", "HEAD~1")  # another commit checked out
    assert [c.subject for c in read_history(repo, cache).changes] == ["Add the United Kingdom"]
    assert len(reads) == 2
    git(repo, "checkout", "-q", "main")
    git(repo, "pack-refs", "--all")  # the branch's commit now only in .git/packed-refs
    assert read_history(repo, cache).changes[0].subject == "Rename the United Kingdom"
    assert len(reads) == 3


@pytest.mark.parametrize("damage", ["", "not json", "[]", '{"head": null}', '{"changes": [{"sha": 1}]}', "{}"])
def test_a_damaged_cache_is_read_again_and_rewritten(repo: Path, tmp_path: Path, reads: list[str], damage: str):
    cache = tmp_path / "history.json"
    fresh = read_history(repo, cache)
    kept = json.loads(cache.read_text(encoding="utf-8"))
    cache.write_text(damage, encoding="utf-8")
    assert read_history(repo, cache) == fresh and len(reads) == 2
    assert json.loads(cache.read_text(encoding="utf-8")) == kept
    # the right head with broken entries: not a crash either
    cache.write_text(json.dumps({**kept, "changes": [{"sha": "x"}]}), encoding="utf-8")
    assert read_history(repo, cache) == fresh and len(reads) == 3


def test_without_history_there_is_nothing_to_cache(tmp_path: Path):
    (tmp_path / "data").mkdir()
    cache = tmp_path / "history.json"
    assert read_history(tmp_path, cache) is None
    assert not cache.exists()
