"""What the commands share: exit codes, today's date, and how problems are reported."""

from __future__ import annotations

import datetime as dt
import sys

from mnfu.errors import Diagnostic, summary

FORMATS = ["github", "json", "text"]
"""The output formats of ``mnfu check`` (``check.FORMATS``; a test keeps the two the same)."""

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def today(value: dt.date | None) -> dt.date:
    """The date given with --today, or today."""
    return value or dt.date.today()


def report(diagnostics: list[Diagnostic], stream=None) -> None:
    """Print every problem, then the count and that nothing was written."""
    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)
    print(f"mnfu: {summary(diagnostics)}; nothing was written", file=stream)
