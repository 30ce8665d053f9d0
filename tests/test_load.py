"""Loader: positions, text-only scalars, and refusals with a location, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mnfu.errors import DataError
from mnfu.load import MAX_BYTES, discover, load_all, parse_text


def errors_of(text: str) -> list[str]:
    with pytest.raises(DataError) as info:
        parse_text(text, "x.yaml")
    return [d.format() for d in info.value.diagnostics]


def test_every_scalar_is_text_and_null_is_none():
    data, _, _ = parse_text("a: NO\nb: on\nc: 1.10\nd: 2025-01-01\ne: 34\nf:\ng: ~\nh: 'null'\n", "x.yaml")
    assert data == {"a": "NO", "b": "on", "c": "1.10", "d": "2025-01-01", "e": "34",
                    "f": None, "g": None, "h": "null"}


def test_positions_of_values_and_keys():
    _, positions, keys = parse_text("name: x\nitems:\n  - a\n  - {k: v}\n", "x.yaml")
    assert positions[("name",)].line == 1 and positions[("name",)].col == 7
    assert positions[("items", 1, "k")].line == 4
    assert keys[("items", 1, "k")].col == 6


def test_duplicate_key_names_both_lines():
    [message] = errors_of("a: 1\nb: 2\na: 3\n")
    assert message.startswith("x.yaml:3:1: error: duplicate key 'a' (first defined on line 1)")


def test_syntax_error_has_line_column_and_hint():
    [message] = errors_of("title: A: B\n")
    assert message.startswith("x.yaml:1:9: error: YAML syntax error: mapping values are not allowed")
    assert "must be quoted" in message


def test_custom_tags_are_refused():
    [message] = errors_of("a: !!python/object:os.system x\n")
    assert "x.yaml:1:4: error: YAML tag" in message


def test_merge_keys_are_refused():
    assert any("merge keys" in m for m in errors_of("base: &b {x: 1}\nother:\n  <<: *b\n"))


def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    [message] = errors_of("\n".join(lines) + "\n")
    assert "too many values" in message


def test_recursive_alias_is_refused():
    [message] = errors_of("a: &a [*a]\n")
    assert "nests too deeply" in message


def test_large_file_is_refused():
    [message] = errors_of("a: " + "x" * (MAX_BYTES + 1) + "\n")
    assert "larger than" in message


def test_multiple_documents_are_refused():
    [message] = errors_of("a: 1\n---\nb: 2\n")
    assert "more than one YAML document" in message


def test_empty_file_loads_as_none():
    data, _, _ = parse_text("", "x.yaml")
    assert data is None


def test_discover_reports_strays(tmp_path: Path):
    data = tmp_path / "data"
    (data / "contributors").mkdir(parents=True)
    (data / "contributors" / "fr.yml").write_text("name: France\n")
    (data / "contributers").mkdir()
    (data / "notes.txt").write_text("x")
    files, problems = discover(data)
    assert files == []
    text = "\n".join(p.format() for p in problems)
    assert "data/contributors/fr.yml: error: data files end in '.yaml'" in text
    assert "unknown data folder 'contributers'" in text and "did you mean 'contributors'?" in text
    assert "data/notes.txt: error: unexpected file in data/" in text


def test_load_all_collects_errors_from_every_file(tmp_path: Path):
    data = tmp_path / "data" / "sources"
    data.mkdir(parents=True)
    (data / "a.yaml").write_text("a: [\n")
    (data / "b.yaml").write_text("a: 1\na: 2\n")
    (data / "c.yaml").write_bytes(b"title: \xff\xfe\n")
    with pytest.raises(DataError) as info:
        load_all(tmp_path / "data")
    paths = [d.path for d in info.value.diagnostics]
    assert paths == ["data/sources/a.yaml", "data/sources/b.yaml", "data/sources/c.yaml"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_arbitrary_text_loads_or_gives_located_error(text: str):
    try:
        parse_text(text, "x.yaml")
    except DataError as exc:
        assert exc.diagnostics and all(d.path == "x.yaml" and d.line >= 1 for d in exc.diagnostics)


YAMLISH = st.recursive(
    st.one_of(st.sampled_from(["NO", "yes", "1.10", "2025-13-45", "~", "''", "!x y", "*a", "&a b", "{", "[", ":"]),
              st.text(max_size=8)),
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda xs: "\n".join(f"- {x}" for x in xs)),
        st.dictionaries(st.sampled_from(["a", "b", "name", "sources"]), children, max_size=4).map(
            lambda d: "\n".join(f"{k}: {v}" for k, v in d.items())),
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_yaml_like_text_loads_or_gives_located_error(text: str):
    try:
        parse_text(text, "x.yaml")
    except DataError as exc:
        assert exc.diagnostics and all(d.line >= 1 for d in exc.diagnostics)
