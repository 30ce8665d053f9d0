"""No input takes more than linear time: every regular expression and scan that runs on data text.

Each case feeds the largest input the loader lets through (a 1 MB file, a 20,000-character value) built
to make a backtracking expression go quadratic. A hang guard (``signal.alarm``) turns a regression
into a failure instead of a stalled build; the figures themselves come from ``scripts/benchmark.py``.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from contextlib import contextmanager, suppress

import pytest

from mnfu.data.load import MAX_BYTES, MAX_VALUE_CHARS, parse_text, scan_text
from mnfu.data.models import _check_url
from mnfu.site.escape import code_line, html_attr, latex, md_block, md_inline, md_url
from mnfu.site.resolve import paragraphs, parse_prose

GUARD_SECONDS = 20  # a linear pass over these inputs takes milliseconds; a quadratic one, hours


@contextmanager
def hang_guard():
    def fail(*_):
        raise TimeoutError(f"took more than {GUARD_SECONDS} s: not linear")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(GUARD_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


N = MAX_VALUE_CHARS
VALUES = {
    "open brackets": "[@" * (N // 2),
    "open links": "[[a" * (N // 3),
    "nested brackets": "[" * (N // 2) + "]" * (N // 2),
    "citation needed": "[citation needed, " * (N // 18),
    "dots in a host": "https://" + "a." * (N // 2 - 10) + "/",
    "long path": "https://example.org/" + "a/" * (N // 2 - 20),
    "spaces": " " * N,
    "markup": "*_`[](){}#+!|<>&\\" * (N // 18),
    "line starts": "\n- \n1. \n??? " * (N // 12),
}
FUNCTIONS: dict[str, Callable[[str], object]] = {
    "parse_prose": parse_prose, "paragraphs": paragraphs, "md_inline": md_inline, "md_block": md_block,
    "md_url": md_url, "html_attr": html_attr, "code_line": code_line, "latex": latex,
}


@pytest.mark.parametrize("name", VALUES)
def test_every_text_function_is_linear_on_the_longest_values(name: str):
    value = VALUES[name]
    with hang_guard():
        for function in FUNCTIONS.values():
            function(value)
        with suppress(ValueError):
            _check_url(value)


@pytest.mark.parametrize("text", [
    "a: " + "\u202e" * (MAX_BYTES // 4) + "\n",
    "a: " + "[" * (MAX_BYTES // 2) + "\n",
    "a: '" + "x" * (MAX_BYTES - 20) + "'\n",
    "".join(f"k{i}: v\n" for i in range(MAX_BYTES // 12)),
])
def test_a_file_of_the_largest_size_is_read_in_linear_time(text: str):
    with hang_guard():
        scan_text(text, "x.yaml")
        try:
            parse_text(text, "x.yaml")
        except Exception as exc:  # a located DataError is the expected outcome for most of these
            assert type(exc).__name__ == "DataError"


def test_mentions_of_many_names_are_found_in_linear_time():
    import datetime as dt

    from mnfu.site.resolve import Record, Site, index_names

    site = Site(today=dt.date(2026, 1, 1))
    for i in range(300):
        model = type("M", (), {"name": f"Name{i} Word", "abbreviation": f"N{i}"})()
        site.entities[f"e{i}"] = Record("organization", f"e{i}", None, model)  # type: ignore[arg-type]
    index_names(site)
    text = ("Name1 Wor " * (N // 10))
    with hang_guard():
        assert list(site.mentions_in(text)) == []
