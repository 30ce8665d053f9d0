"""No input takes more than linear time: every regular expression and scan that runs on data text.

Each case builds an input made to drive a backtracking expression or a nested loop quadratic (the
longest value the loader lets through, 20,000 characters, and files up to 1 MB), runs the function on
it at size n and at 8n, and compares the two runs:

- the Python it executes, counted (calls of any function, lines of mnfu's own code): the same on every
  machine; a loop inside a loop shows as 64 times the work for 8 times the input;
- for what runs in C (the regular expression engine), the CPU time of this thread, the least of
  several runs at each size: a ratio of two times taken moments apart, so the machine's speed cancels.

Linear work grows 8 times; quadratic, 64 times. The bound is 20 times: wide enough for noise, far
below quadratic. A hang guard (``signal.alarm``) still stops an exponential case instead of stalling
the run. The figures themselves come from ``scripts/benchmark.py``.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

import mnfu
from mnfu.data.load import MAX_BYTES, MAX_VALUE_CHARS, parse_text, scan_text
from mnfu.data.models import _check_url
from mnfu.site import escape
from mnfu.site.resolve import paragraphs, parse_prose
from mnfu.site.statements import cited, plain, split_sentences

GUARD_SECONDS = 60  # a linear pass over these inputs takes milliseconds; an exponential one, forever
GROWTH = 8  # the large input is this many times the small one
BOUND = 20  # linear work grows GROWTH times, quadratic GROWTH ** 2 = 64 times
PACKAGE = str(Path(mnfu.__file__).parent)


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


def operations(function: Callable[[], object]) -> int:
    """The Python work of one call: every function called (ours or a library's) and every line of
    mnfu's own code executed. Deterministic: the same count on any machine, however busy."""
    count = 0

    def lines(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return lines

    def calls(frame, event, arg):
        nonlocal count
        count += 1
        return lines if frame.f_code.co_filename.startswith(PACKAGE) else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        function()
    finally:
        sys.settrace(previous)
    return count


def cpu_time(function: Callable[[], object], runs: int = 5) -> float:
    """The least CPU time of this thread over ``runs`` calls (each call repeated until it takes a
    measurable time): what the call costs, as free as can be of what else the machine does."""
    repeat = 1
    while True:
        start = time.thread_time()
        for _ in range(repeat):
            function()
        if time.thread_time() - start > 0.002 or repeat >= 1024:
            break
        repeat *= 4
    best = float("inf")
    for _ in range(runs):
        start = time.thread_time()
        for _ in range(repeat):
            function()
        best = min(best, time.thread_time() - start)
    return best / repeat


def assert_linear(function: Callable[[str], object], make: Callable[[int], str], n: int) -> None:
    """``function`` on ``make(GROWTH * n)`` costs less than ``BOUND`` times what it costs on ``make(n)``."""
    small, large = make(n), make(GROWTH * n)
    with hang_guard():
        function(small)  # warm up: imports, compiled patterns, caches
        ops = operations(lambda: function(large)) / max(operations(lambda: function(small)), 1)
        assert ops < BOUND, f"{GROWTH}x the input, {ops:.0f}x the Python work: not linear"
        cpu = cpu_time(lambda: function(large)) / max(cpu_time(lambda: function(small)), 1e-9)
        if cpu >= BOUND:  # a measurement the machine disturbed is taken again before it counts
            cpu = cpu_time(lambda: function(large)) / max(cpu_time(lambda: function(small)), 1e-9)
        assert cpu < BOUND, f"{GROWTH}x the input, {cpu:.0f}x the time: not linear"


N = MAX_VALUE_CHARS // GROWTH  # the large input is the longest value the loader accepts
VALUES: dict[str, Callable[[int], str]] = {
    "open brackets": lambda n: "[@" * (n // 2),
    "open links": lambda n: "[[a" * (n // 3),
    "nested brackets": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "citation needed": lambda n: "[citation needed, " * (n // 18),
    "dots in a host": lambda n: "https://" + "a." * (n // 2 - 10) + "/",
    "long path": lambda n: "https://example.org/" + "a/" * (n // 2 - 20),
    "spaces": lambda n: " " * n,
    "markup": lambda n: "*_`[](){}#+!|<>&\\" * (n // 18),
    "line starts": lambda n: "\n- \n1. \n??? " * (n // 12),
    "sentences with citations": lambda n: "A b [@c]. D [[e]]. " * (n // 19),
    "initials": lambda n: "A. " * (n // 3),
    "figures": lambda n: "1,0" * (n // 3),
}


def _url(value: str) -> None:
    with suppress(ValueError):
        _check_url(value)


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "parse_prose": parse_prose, "paragraphs": paragraphs, "check_url": _url,
    "split_sentences": split_sentences, "plain": plain, "cited": cited,
    **{name: getattr(escape, name) for name in ("one_line", "md_inline", "md_block", "md_cell", "md_url", "html_text",
                                                "html_attr", "nav_title", "code_line", "latex", "ris_value",
                                                "ical_text", "xml_text", "csv_cell", "gfm_inline", "gfm_block",
                                                "gfm_code")},
}


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("value", VALUES)
def test_every_text_function_is_linear_on_the_longest_values(function: str, value: str):
    assert_linear(FUNCTIONS[function], VALUES[value], N)


def _parse(text: str) -> None:
    scan_text(text, "x.yaml")
    try:
        parse_text(text, "x.yaml")
    except Exception as exc:  # a located DataError is the expected outcome for most of these
        assert type(exc).__name__ == "DataError"


FILES: dict[str, Callable[[int], str]] = {
    "bidi overrides": lambda n: "a: " + "\u202e" * (n // 4) + "\n",
    "open brackets": lambda n: "a: " + "[" * (n // 2) + "\n",
    "one long string": lambda n: "a: '" + "x" * (n - 20) + "'\n",
    "many keys": lambda n: "".join(f"k{i}: v\n" for i in range(n // 12)),
}


@pytest.mark.parametrize("file", FILES)
def test_a_file_of_the_largest_size_is_read_in_linear_time(file: str):
    assert_linear(_parse, FILES[file], MAX_BYTES // GROWTH)


def test_mentions_of_many_names_are_found_in_linear_time():
    import datetime as dt

    from mnfu.site.resolve import Record, Site, index_names

    site = Site(today=dt.date(2026, 1, 1))
    for i in range(300):
        model = type("M", (), {"name": f"Name{i} Word", "abbreviation": f"N{i}"})()
        site.entities[f"e{i}"] = Record("organization", f"e{i}", None, model)  # type: ignore[arg-type]
    index_names(site)
    assert list(site.mentions_in("Name1 Word")) != []
    assert_linear(lambda text: list(site.mentions_in(text)), lambda n: "Name1 Wor " * (n // 10), N)


def test_statements_of_a_long_paragraph_are_cut_in_linear_time():
    """A paragraph of many sentences that cite nothing until its last: each takes the last one's
    sources, found once from the end rather than by reading on from every sentence."""
    from mnfu.data.models import ProseText
    from mnfu.site.statements import statements

    def cut(text: str) -> list:
        record = type("R", (), {"kind": "event", "model": ProseText(text)})()
        return statements(type("S", (), {"records": {"e": record}})())  # type: ignore[arg-type]

    assert [s.sources for s in cut("One. Two [@a].")] == [("a",), ("a",)]
    assert_linear(cut, lambda n: "A b c. " * (n // 7) + "End [@a].", N)


def test_a_copy_is_found_in_linear_time():
    from mnfu.checks.evidence import copied

    assert copied("one two three four five six seven eight nine ten", "x one two three four five six seven eight nine ten")
    assert_linear(lambda text: copied(text, text), VALUES["sentences with citations"], N)
    assert_linear(lambda text: copied(text, text[::-1]), lambda n: "a b c d e f g h i j k " * (n // 22), N)


def test_the_measure_tells_quadratic_from_linear():
    """The measure is not vacuous: a loop over a loop, and an expression that backtracks, both fail."""
    import re

    def nested(text: str) -> int:
        return sum(1 for i in range(0, len(text), 8) for _ in range(0, i, 8))

    backtracking = re.compile(r"\[@[^\]]*x")  # from every '[@', a search for its end past all the others

    with pytest.raises(AssertionError, match="Python work: not linear"):
        assert_linear(nested, lambda n: "x" * n, 2_000)
    with pytest.raises(AssertionError, match="the time: not linear"):
        assert_linear(lambda text: backtracking.findall(text), lambda n: "[@" * (n // 2), 1_000)
    # the same search stopping at the next '[', as the citation pattern does: linear
    assert_linear(lambda text: re.findall(r"\[@[^\[\]]*\]", text), lambda n: "[@" * (n // 2), 1_000)
