"""``mnfu diff``: what a change does to the site.

The data of each version is compared as data (``mnfu.history.changes``); each version is also loaded,
resolved and rendered as the build would (in a throw-away copy of the project at that revision, the
working tree as it is), which gives its statements, its audit record and the text of every page and
download. Comparing those gives the new or changed statements with their evidence, what the audit
record gained, and the pages that really change. The two versions are worked out side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mnfu.commands.base import EXIT_OK, EXIT_USAGE
from mnfu.commands.base import today as _today
from mnfu.errors import DataError

PROJECT = ("data", "templates", "seeds", "pyproject.toml")
"""What rendering a version reads: its data, templates, seed documents and settings."""


@dataclass
class Version:
    """One version of the project, as the pipeline sees it."""

    errors: list[str] = field(default_factory=list)  # problems of its data (one line each)
    statements: list[dict[str, Any]] | None = None  # {file, field, sentence, hash, text}; None: data invalid
    outputs: dict[str, str] | None = None  # generated file (path under docs/) -> hash of its text
    render_problem: str | None = None  # why its pages could not be rendered
    audit: list[dict[str, Any]] = field(default_factory=list)  # the audit record's entries, in order
    audited: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (file, hash) -> latest entry
    audit_problems: list[str] = field(default_factory=list)


def read_version(project: Path, today: dt.date) -> Version:
    """Load, resolve and render the project in ``project`` (pages and downloads, without git history);
    problems of its data or templates are recorded, not raised."""
    import hashlib

    from mnfu.checks import audits
    from mnfu.pipeline import load_site, outputs_iter
    from mnfu.site.statements import statements

    version = Version()
    record = audits.load(project)
    version.audit_problems = [d.format().splitlines()[0] for d in record.problems]
    if not record.problems:
        version.audit = [e.model_dump(mode="json", exclude_none=True) for e in record.entries]
        version.audited = {k: e.model_dump(mode="json", exclude_none=True) for k, e in record.current().items()}
    try:
        site = load_site(project, today)
    except DataError as exc:
        version.errors = [d.format().splitlines()[0] for d in exc.diagnostics]
        return version
    version.statements = [{"file": s.path, "field": s.field, "sentence": s.sentence, "hash": s.digest,
                           "text": s.text} for s in statements(site)]
    try:
        version.outputs = {o.path: hashlib.sha256(o.text.encode("utf-8", "surrogatepass")).hexdigest()
                           for o in outputs_iter(project, site, today, history=False)}
    except DataError as exc:
        version.render_problem = exc.diagnostics[0].format().splitlines()[0] if exc.diagnostics else "rendering failed"
    except Exception as exc:  # a bug, not bad input: still worth a comment that says the pages are guessed
        version.render_problem = f"the generator failed ({type(exc).__name__}: {exc})"
    return version


def version_at(root: Path, revision: str | None, today: dt.date) -> Version:
    """A version of the project: at a git revision (copied out into a temporary folder), or the working
    tree (``None``). Raises HistoryError when git cannot give the revision."""
    import tempfile

    from mnfu.history import log as history

    if revision is None:
        return read_version(root, today)
    files = history.files_at(root, revision, PROJECT)
    with tempfile.TemporaryDirectory(prefix="mnfu-diff-") as tmp:
        for path, content in files.items():
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        (Path(tmp) / "data").mkdir(exist_ok=True)
        return read_version(Path(tmp), today)


def both_versions(root: Path, base: str, head: str | None, today: dt.date) -> tuple[Version, Version]:
    """BASE and HEAD, the first in a forked process while this one works out the second (two cores do
    them side by side); one after the other where fork is missing."""
    import multiprocessing
    import os
    from concurrent import futures

    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        return version_at(root, base, today), version_at(root, head, today)
    with futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = pool.submit(version_at, root, base, today)
        after = version_at(root, head, today)
        return pending.result(), after


def _why(label: str, version: Version) -> str | None:
    if version.errors:
        return f"the data at {label} has problems"
    if version.render_problem:
        return f"the pages at {label} could not be rendered: {version.render_problem}"
    return None


def cmd_diff(args: argparse.Namespace) -> int:
    """What a change does to the site: the semantic difference of the data between two git revisions,
    the new or changed statements with their evidence, the audit record's new entries and the pages
    whose rendered text changes."""
    from mnfu.data.load import load_settings
    from mnfu.history import changes, report
    from mnfu.history import log as history

    root = Path(args.root)
    today = _today(args.today)
    head_label = args.head or "working tree"
    try:
        base_files = history.data_files_at(root, args.base)
        head_files = history.data_files_at(root, args.head) if args.head else history.data_files_in(root)
        before, after = both_versions(root, args.base, args.head, today)
    except history.HistoryError as exc:
        print(f"mnfu: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = changes.compare(base_files, head_files, args.base, head_label, before.errors, after.errors)
    for label, version in ((args.base, before), (head_label, after)):
        if version.audit_problems:
            result.errors.setdefault(label, []).extend(version.audit_problems)
    if before.outputs is not None and after.outputs is not None:
        changes.add_pages(result, before.outputs, after.outputs)
    else:
        result.pages_note = _why(args.base, before) or _why(head_label, after)
    if before.statements is not None and after.statements is not None:
        changes.add_statements(result, before.statements, after.statements, after.audited)
    if not before.audit_problems and not after.audit_problems:
        changes.add_audits(result, before.audit, after.audit, after.statements)
    try:
        site_url = load_settings(root).site_url
    except DataError:
        site_url = ""
    text = report.to_json(result) if args.format == "json" else report.to_markdown(result, site_url, args.limit)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK
