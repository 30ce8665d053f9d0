"""The word-level difference mnfu diff shows for a changed value (mnfu.history.words)."""

from __future__ import annotations

import difflib

import pytest

from mnfu.history import words
from mnfu.history.words import PARAGRAPH, changed_words, word_diff


def test_an_insertion_is_only_the_inserted_words():
    old = "One two three four. Five six seven."
    new = "One two three four. An added sentence [@x]. Five six seven."
    assert word_diff(old, new) == [("=", "One two three four."), ("+", "An added sentence [@x]."),
                                   ("=", "Five six seven.")]


def test_a_replacement_is_one_removal_and_one_addition():
    assert word_diff("The UK co-leads with France [@a].", "The UK co-leads with France [@a; @b].") == [
        ("=", "The UK co-leads with France"), ("-", "[@a]."), ("+", "[@a; @b].")]


def test_one_or_two_unchanged_words_between_changes_are_folded_into_them():
    pieces = word_diff("alpha beta the gamma delta", "alpha BETA the GAMMA delta")
    assert pieces == [("=", "alpha"), ("-", "beta the gamma"), ("+", "BETA the GAMMA"), ("=", "delta")]


def test_long_unchanged_stretches_are_cut_to_their_ends():
    before = " ".join(f"w{i}" for i in range(40))
    after = " ".join(f"w{i}" for i in range(20)) + " new " + " ".join(f"w{i}" for i in range(20, 40))
    pieces = word_diff(before, after, context=3)
    assert pieces == [("…", ""), ("=", "w17 w18 w19"), ("+", "new"), ("=", "w20 w21 w22"), ("…", "")]
    assert changed_words(pieces) == ("", "new")


def test_paragraph_breaks_are_words_of_their_own():
    pieces = word_diff("First paragraph.\nSecond paragraph.", "First paragraph.\nSecond paragraph.\nThird.")
    assert pieces == [("=", "First paragraph. ¶ Second paragraph."), ("+", f"{PARAGRAPH} Third.")]


def test_values_that_are_added_removed_or_equal():
    assert word_diff("", "new text") == [("+", "new text")]
    assert word_diff("old text", "") == [("-", "old text")]
    assert word_diff("same", "same") == [("=", "same")]


def test_the_matcher_never_gets_more_than_its_limit(monkeypatch: pytest.MonkeyPatch):
    """The matcher is quadratic and worse: past MATCH_LIMIT (words before x words after, once the common
    start and end are set aside) the middle is one removal and one addition."""
    sizes = []
    real = difflib.SequenceMatcher

    def counting(junk, a, b, autojunk=True):
        sizes.append(len(a) * len(b))
        return real(junk, a, b, autojunk=autojunk)

    monkeypatch.setattr(words.difflib, "SequenceMatcher", counting)
    old = " ".join(str(i % 7) for i in range(4000))
    new = " ".join(str(i % 5) for i in range(4000))
    pieces = word_diff("same start " + old + " same end", "same start " + new + " same end")
    assert sizes == []
    assert [op for op, _ in pieces] == ["=", "-", "+", "="]
    word_diff("a b c d", "a x c y")
    assert sizes == [9]  # the middle only: 'b c d' against 'x c y'
