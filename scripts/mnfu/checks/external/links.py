"""The external URLs in the data, and those a branch adds or changes (``changed_urls``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mnfu.checks.external.records import FIELDS, ExternalCheckError, Link
from mnfu.data.load import parse_text
from mnfu.errors import DataError
from mnfu.site.resolve import Site


def collect_links(site: Site) -> list[Link]:
    """Every ``url`` and ``archive_url`` of every source, in source-id order, with its position."""
    links: list[Link] = []
    for record in sorted(site.sources.values(), key=lambda r: r.id):
        source = record.model
        for name in FIELDS:
            value = getattr(source, name, None)
            if not value:
                continue
            pos = record.file.pos((name,))
            links.append(Link(value, record.id, name, record.file.path, pos.line, pos.col,
                              bool(source.archive_url)))
    return links


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False,
                              stdin=subprocess.DEVNULL)
    except OSError as exc:
        raise ExternalCheckError(f"cannot run git: {exc}") from None


def _urls_in(text: str, path: str) -> set[str]:
    try:
        data, _, _ = parse_text(text, path)
    except DataError:
        return set()
    if not isinstance(data, dict):
        return set()
    return {data[name].strip() for name in FIELDS if isinstance(data.get(name), str) and data[name].strip()}


def changed_urls(root: Path, ref: str, folder: str = "data/sources") -> set[str]:
    """URLs (``url`` or ``archive_url``) in the source files now that were not in them at git ``ref``.

    The files to look at are those ``git diff --name-only --no-renames REF`` names (committed or not,
    including the old name of a renamed file) plus untracked ones. For each, the URL fields of the
    working-tree version are compared with those of the version at ``REF`` (``git show REF:path``): a
    URL is new when no file among them had it at ``REF``, so a renamed file or a URL moved from one
    source to another is not checked again, while an edited URL is.
    """
    root = Path(root)
    if _git(root, "rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
        raise ExternalCheckError(f"{root} is not in a git work tree, so nothing can be compared with '{ref}'")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise ExternalCheckError(f"'{ref}' is not a git commit, branch or tag in {root}")
    diff = _git(root, "diff", "--name-only", "--no-renames", "--relative", ref, "--", folder)
    if diff.returncode != 0:
        raise ExternalCheckError(f"git diff against '{ref}' failed: {diff.stderr.strip()}")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", folder)
    paths = sorted({p for p in (diff.stdout + untracked.stdout).splitlines()
                    if p.endswith(".yaml") and p.startswith(folder.rstrip("/") + "/")})
    before: set[str] = set()
    now: set[str] = set()
    for path in paths:
        file = root / path
        if file.is_file():
            now |= _urls_in(file.read_text(encoding="utf-8", errors="replace"), path)
        old = _git(root, "show", f"{ref}:./{path}")
        if old.returncode == 0:
            before |= _urls_in(old.stdout, path)
    return now - before
