"""The data's history, read from git: the files at a revision, recent commits, when each file last changed.

Reads only (``git`` subprocesses, no writes). Without git or without history (a tarball, a shallow clone
missing a revision) every function says so instead of failing: the site then says its history is
unavailable, and ``mnfu diff`` explains what to fetch.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from mnfu.data.load import is_data_path
from mnfu.history.changes import compare, summary_line
from mnfu.site.write import head_signature


class HistoryError(Exception):
    """Git cannot answer: no repository, no git, or a revision this clone does not have."""


def _git(root: Path, *args: str, binary: bool = False) -> str | bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HistoryError(f"git is not available: {exc}") from None
    if done.returncode != 0:
        raise HistoryError(done.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


def has_history(root: Path) -> bool:
    """Whether ``root`` is in a git work tree with at least one commit."""
    try:
        _git(root, "rev-parse", "--verify", "HEAD")
        return True
    except HistoryError:
        return False


def resolve_revision(root: Path, revision: str) -> str:
    """The commit a revision names; a clear error when this clone does not have it."""
    try:
        return str(_git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")).strip()
    except HistoryError:
        shallow = (root / ".git" / "shallow").exists()
        hint = (" This is a shallow clone: fetch more history (git fetch --deepen=50, or fetch-depth: 0 in the "
                "workflow's checkout)." if shallow else " Check the name, or git fetch it.")
        raise HistoryError(f"revision '{revision}' is not in this clone.{hint}") from None


def data_files_at(root: Path, revision: str) -> dict[str, str]:
    """Every data file (path -> text) as it was at ``revision``."""
    commit = resolve_revision(root, revision)
    try:
        archive = _git(root, "archive", "--format=tar", commit, "--", "data", binary=True)
    except HistoryError as exc:
        if "did not match any files" in str(exc):
            return {}
        raise
    files: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:  # type: ignore[arg-type]
        for member in tar.getmembers():
            if member.isfile() and is_data_path(member.name):
                handle = tar.extractfile(member)
                if handle is not None:
                    files[member.name] = handle.read().decode("utf-8", "replace")
    return files


def files_at(root: Path, revision: str, paths: tuple[str, ...]) -> dict[str, bytes]:
    """Every regular file (path -> bytes) under ``paths`` (top-level folders or files) as it was at
    ``revision``; a path that did not exist there is left out."""
    commit = resolve_revision(root, revision)
    present = [p for p in str(_git(root, "ls-tree", "--name-only", commit, "--", *paths)).splitlines() if p]
    if not present:
        return {}
    archive = _git(root, "archive", "--format=tar", commit, "--", *present, binary=True)
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:  # type: ignore[arg-type]
        for member in tar.getmembers():
            if member.isfile() and not member.name.startswith("/") and ".." not in member.name.split("/"):
                handle = tar.extractfile(member)
                if handle is not None:
                    files[member.name] = handle.read()
    return files


def data_files_in(root: Path) -> dict[str, str]:
    """Every data file (path -> text) in the working tree."""
    data = root / "data"
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(data.rglob("*.yaml")) if p.is_file() and not p.is_symlink()
            and is_data_path(p.relative_to(root).as_posix())}


@dataclass
class Commit:
    """A commit that changed the data."""

    sha: str
    date: str  # YYYY-MM-DD, committer date
    subject: str
    changes: list[tuple[str, str, str | None]] = field(default_factory=list)  # (status, path, old path)


def recent_commits(root: Path, limit: int = 30) -> list[Commit]:
    """The latest commits that changed data/, newest first, each with the data files it changed."""
    out = str(_git(root, "log", f"-n{limit}", "-M", "--name-status", "--format=%x00%H%x09%cs%x09%s", "--", "data",
                   ":(exclude)data/schema"))
    commits: list[Commit] = []
    for chunk in out.split("\0")[1:]:
        head, _, body = chunk.partition("\n")
        sha, date, subject = (head.split("\t", 2) + ["", ""])[:3]
        commit = Commit(sha, date, subject)
        for line in body.splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and is_data_path(parts[-1]):
                status = parts[0][:1]
                commit.changes.append((status, parts[-1], parts[1] if status == "R" and len(parts) == 3 else None))
        if commit.changes:
            commits.append(commit)
    return commits


def file_at(root: Path, revision: str, path: str) -> str | None:
    """A file's text at a revision, or None when it did not exist there."""
    try:
        return str(_git(root, "show", f"{revision}:{path}"))
    except HistoryError:
        return None


def last_changed(root: Path) -> dict[str, tuple[str, str]]:
    """For each data file: the date and commit of its last change (one git call for all of them)."""
    out = str(_git(root, "log", "--format=%x00%H%x09%cs", "--name-only", "--", "data", ":(exclude)data/schema"))
    found: dict[str, tuple[str, str]] = {}
    for chunk in out.split("\0")[1:]:
        head, _, body = chunk.partition("\n")
        sha, _, date = head.partition("\t")
        for path in body.split():
            found.setdefault(path, (date, sha))
    return found


def files_at_many(root: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
    """Many (revision, path) -> text at once, through one ``git cat-file --batch`` (None: not there)."""
    if not wanted:
        return {}
    query = "".join(f"{rev}:{path}\n" for rev, path in wanted).encode("utf-8")
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=query, capture_output=True,
                              check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HistoryError(f"git is not available: {exc}") from None
    out, pos, result = done.stdout, 0, {}
    for key in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode("utf-8", "replace").split()
        pos = end + 1
        if len(header) == 3 and header[1] == "blob":
            size = int(header[2])
            result[key] = out[pos:pos + size].decode("utf-8", "replace")
            pos += size + 1
        else:
            result[key] = None  # "<object> missing"
    return result


@dataclass
class History:
    """What the site shows of the data's history: the latest changes, and when each file last changed."""

    changes: list[Change]
    last_changed: dict[str, tuple[str, str]]  # data path -> (date, commit)


def read_history(root: Path, cache: Path | None = None) -> History | None:
    """The history the site shows, or None without git history (the site then says so).

    With ``cache`` (a JSON file), the result is kept for the checked-out commit, so a rebuild without a
    new commit (the live preview) does not read the history again.
    """
    import json

    if not has_history(root):
        return None
    signature = head_signature(root)
    if cache is not None:
        try:
            kept = json.loads(cache.read_text(encoding="utf-8"))
            if isinstance(kept, dict) and kept.get("head") == signature:  # JSON has no tuples: they are made again, as first read
                return History([Change(**{**c, "entities": [tuple(e) for e in c["entities"]]}) for c in kept["changes"]],
                               {k: tuple(v) for k, v in kept["last_changed"].items()})  # type: ignore[misc]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    try:
        found = History(recent_changes(root), last_changed(root))
    except HistoryError:
        return None
    if cache is not None:
        from dataclasses import asdict

        from mnfu.workspace import atomic_write

        atomic_write(cache, json.dumps({"head": signature, "changes": [asdict(c) for c in found.changes],
                                        "last_changed": found.last_changed}))
    return found


@dataclass
class Change:
    """One commit as the Recent changes page shows it."""

    sha: str
    date: str
    subject: str
    summary: str
    entities: list[tuple[str, str, str]]  # (kind, id, status) of each data file it changed


def recent_changes(root: Path, limit: int = 25) -> list[Change]:
    """The latest changes to the data, each with a one-line semantic summary (``diff.summary_line``)."""

    commits = recent_commits(root, limit)
    wanted: list[tuple[str, str]] = []
    for commit in commits:
        for status, path, old_path in commit.changes:
            if status != "A":
                wanted.append((f"{commit.sha}^", old_path or path))
            if status != "D":
                wanted.append((commit.sha, path))
    blobs = files_at_many(root, wanted)
    changes = []
    for commit in commits:
        before: dict[str, str] = {}
        after: dict[str, str] = {}
        for status, path, old_path in commit.changes:
            old_text = blobs.get((f"{commit.sha}^", old_path or path)) if status != "A" else None
            new_text = blobs.get((commit.sha, path)) if status != "D" else None
            if old_text is not None:
                before[old_path or path] = old_text
            if new_text is not None:
                after[path] = new_text
        result = compare(before, after, words=False)
        entities = [(c.kind, c.id, c.status) for c in result.entities]
        changes.append(Change(commit.sha, commit.date, commit.subject, summary_line(result), entities))
    return changes
