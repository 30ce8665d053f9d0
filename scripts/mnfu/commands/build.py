"""``mnfu generate`` and ``mnfu build``: write the pages; build the site strictly in a work folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mnfu.commands.base import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from mnfu.commands.base import report as _report
from mnfu.commands.base import today as _today
from mnfu.errors import DataError, summary
from mnfu.pipeline import EngineFailed, build, pipeline_iter
from mnfu.site.write import read_stamp, write_outputs, write_stamp


def cmd_generate(args: argparse.Namespace) -> int:
    """Generate the Markdown pages into docs/ref/; do nothing when no input changed since the last run."""
    root = Path(args.root)
    today = _today(args.today)
    stamp = read_stamp(root, today)
    if stamp.fresh:
        if not args.quiet:
            print(f"mnfu: {stamp.pages} pages up to date: data/, templates/, settings and generator unchanged")
        return EXIT_OK
    try:
        _, outputs = pipeline_iter(root, today)
        report = write_outputs(outputs, root / "docs", root)
    except DataError as exc:
        _report(exc.diagnostics)
        return EXIT_FINDINGS
    count = len(report.written) + len(report.unchanged)
    write_stamp(root, stamp, count)
    if not args.quiet:
        print(f"mnfu: {count} pages: {len(report.written)} written, "
              f"{len(report.unchanged)} unchanged, {len(report.removed)} removed")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Generate and build the site strictly, all in a work folder; replace docs/ref/ and site/ only
    when every stage succeeded."""
    root = Path(args.root)
    site_dir = Path(args.site_dir)
    if not site_dir.is_absolute():
        site_dir = root / site_dir
    try:
        report = build(root, _today(args.today), args.engine, site_dir, quiet=args.quiet)
    except DataError as exc:
        _report(exc.diagnostics)
        return EXIT_FINDINGS
    except FileNotFoundError as exc:
        print(f"mnfu: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except EngineFailed as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        log = exc.log.relative_to(root) if exc.log.is_relative_to(root) else exc.log
        print(f"mnfu: {args.engine} could not build the site ({summary(exc.diagnostics)}; its whole output is in "
              f"{log.as_posix()}); site/ and docs/ref/ are unchanged", file=sys.stderr)
        return EXIT_FINDINGS
    if not args.quiet:
        print(f"mnfu: {len(report.written) + len(report.unchanged)} pages ({len(report.written)} changed, "
              f"{len(report.removed)} removed); site built with {args.engine} into {site_dir}")
    return EXIT_OK
