"""``mnfu diff``: what a change does to the site."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from mnfu.commands.base import EXIT_OK, EXIT_USAGE
from mnfu.commands.base import today as _today
from mnfu.errors import DataError


def _validate_files(files: dict[str, str], today: dt.date) -> list[str]:
    """The problems of a version of the data (path -> text), as one line each."""
    import tempfile

    from mnfu.data.load import load_all
    from mnfu.site.resolve import resolve

    with tempfile.TemporaryDirectory(prefix="mnfu-diff-") as tmp:
        for path, text in files.items():
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (Path(tmp) / "data").mkdir(exist_ok=True)
        try:
            resolve(load_all(Path(tmp) / "data", today), today)
        except DataError as exc:
            return [d.format().splitlines()[0] for d in exc.diagnostics]
    return []


def cmd_diff(args: argparse.Namespace) -> int:
    """What a change does to the site: the semantic difference of the data between two git revisions."""
    from mnfu.data.load import load_settings
    from mnfu.history import changes as diff
    from mnfu.history import log as history

    root = Path(args.root)
    today = _today(args.today)
    try:
        base_files = history.data_files_at(root, args.base)
        head_files = history.data_files_at(root, args.head) if args.head else history.data_files_in(root)
    except history.HistoryError as exc:
        print(f"mnfu: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = diff.compare(base_files, head_files, args.base, args.head or "working tree",
                          _validate_files(base_files, today), _validate_files(head_files, today))
    try:
        site_url = load_settings(root).site_url
    except DataError:
        site_url = ""
    text = diff.to_json(result) if args.format == "json" else diff.to_markdown(result, site_url)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK
