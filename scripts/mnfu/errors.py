"""Diagnostics: one format for every problem a person can act on.

``data/contributors/ee.yaml:12:5: error: unknown source 'healey-2025'`` followed by an optional hint.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the data or templates, with its location."""

    path: str
    line: int = 0
    col: int = 0
    message: str = field(default="", compare=False)
    hint: str | None = field(default=None, compare=False)
    level: str = field(default="error", compare=False)
    code: str = field(default="data", compare=False)

    def format(self) -> str:
        """Render as ``path:line:col: level: message`` plus an indented hint line."""
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.level}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class DataError(Exception):
    """Raised when a stage found problems; carries every diagnostic, not just the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__(f"{len(self.diagnostics)} error(s)")


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """Return a ``did you mean 'x'?`` hint when a candidate is close to ``word``."""
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def summary(diagnostics: list[Diagnostic]) -> str:
    """A closing line with counts, e.g. ``3 errors, 1 warning``."""
    errors = sum(1 for d in diagnostics if d.level == "error")
    warnings = sum(1 for d in diagnostics if d.level == "warning")
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)
