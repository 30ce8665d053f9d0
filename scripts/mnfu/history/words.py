"""A word-level difference of two texts, as a reviewer reads it: the words removed and added, with a few
words of context around each change and the unchanged stretches between them left out.

Pure, and no escaping: the report (``mnfu.history.report``) escapes each piece for where it lands.
"""

from __future__ import annotations

import difflib
from typing import Any

PARAGRAPH = "¶"  # a paragraph break, as a word of its own
CONTEXT = 6  # words kept on each side of a change
MATCH_LIMIT = 250_000  # words before times words after, above which the middle is one replacement
# (the matcher is quadratic and worse: at the limit, 0.1 s for the worst text; the longest prose value
# of the data has about 420 words)

Piece = tuple[str, str]  # (op, text): "=" unchanged, "-" removed, "+" added, "…" unchanged words left out


def words(text: Any) -> list[str]:
    """The words of a value: each paragraph's words (split on white space), paragraphs separated by ¶."""
    out: list[str] = []
    for line in str(text).splitlines():
        if line.split():
            if out:
                out.append(PARAGRAPH)
            out += line.split()
    return out


def word_diff(old: Any, new: Any, context: int = CONTEXT) -> list[Piece]:
    """What changed from ``old`` to ``new``, word by word: runs of unchanged, removed and added words,
    each unchanged stretch longer than twice ``context`` cut to its ends around a ``…``.

    A short unchanged run (one or two words) between two changes is folded into them, so a rewritten
    clause reads as one removal and one addition rather than alternating fragments. Linear in the
    common start and end; the words between are matched when their product is under ``MATCH_LIMIT``."""
    a, b = words(old), words(new)
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    runs: list[tuple[str, list[str]]] = [("=", a[:start])]
    mid_a, mid_b = a[start:len(a) - end], b[start:len(b) - end]
    if len(mid_a) * len(mid_b) <= MATCH_LIMIT:
        matcher = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                runs.append(("=", mid_a[i1:i2]))
            else:
                runs += [("-", mid_a[i1:i2]), ("+", mid_b[j1:j2])]
    else:
        runs += [("-", mid_a), ("+", mid_b)]
    runs.append(("=", a[len(a) - end:]))
    return _pieces(_fold(runs), context)


def _fold(runs: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """Runs merged: empty runs dropped, neighbours of one kind joined, and a run of one or two unchanged
    words between changes folded into both the removal and the addition."""
    runs = [r for r in runs if r[1]]
    out: list[tuple[str, list[str]]] = []
    for i, (op, items) in enumerate(runs):
        between = 0 < i < len(runs) - 1 and runs[i - 1][0] != "=" and runs[i + 1][0] != "="
        if op == "=" and between and len(items) <= 2 and PARAGRAPH not in items:
            out += [("-", items), ("+", items)]
        else:
            out.append((op, items))
    removed: list[str] = []
    added: list[str] = []
    merged: list[tuple[str, list[str]]] = []
    for op, items in [*out, ("=", [])]:
        if op == "-":
            removed += items
        elif op == "+":
            added += items
        else:
            if removed:
                merged.append(("-", removed))
            if added:
                merged.append(("+", added))
            removed, added = [], []
            if items:
                merged.append((op, items))
    return merged


def _pieces(runs: list[tuple[str, list[str]]], context: int) -> list[Piece]:
    out: list[Piece] = []
    for i, (op, items) in enumerate(runs):
        if op != "=":
            out.append((op, " ".join(items)))
            continue
        head = context if i > 0 else 0  # words kept after the change before this run
        tail = context if i < len(runs) - 1 else 0  # words kept before the change after it
        unchanged = not out and i == len(runs) - 1  # nothing changed at all
        if unchanged or len(items) <= 2 * context + 1:  # a short stretch reads better whole
            out.append(("=", " ".join(items)))
        else:
            if head:
                out.append(("=", " ".join(items[:head])))
            out.append(("…", ""))
            if tail:
                out.append(("=", " ".join(items[-tail:])))
    return out


def changed_words(pieces: list[Piece]) -> tuple[str, str]:
    """The removed and the added words of a word diff, each joined (for tests and summaries)."""
    return (" ".join(t for op, t in pieces if op == "-"), " ".join(t for op, t in pieces if op == "+"))
