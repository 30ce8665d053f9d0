"""Loader: positions, text-only scalars, and refusals with a location, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mnfu.data.load import MAX_BYTES, discover, load_all, parse_text
from mnfu.errors import DataError


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
    assert any("merge keys" in m for m in errors_of("base: {x: 1}\nother:\n  <<: {x: 2}\n"))


def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    [message] = errors_of("\n".join(lines) + "\n")
    assert "x.yaml:1:5: error: anchors and aliases" in message


def test_recursive_alias_is_refused():
    [message] = errors_of("a: &a [*a]\n")
    assert "anchors and aliases" in message


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
    (data / "audit.yaml").write_text("audits: []\n")  # the content audit's record: not an entity, not a stray
    files, problems = discover(data)
    assert files == []
    assert "audit.yaml" not in "\n".join(p.format() for p in problems)
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


# ---------------------------------------------------------------- hostile and mistaken files


@pytest.mark.parametrize("text", ["a: " + "[" * 25_000 + "\n", "a: " + "{" * 25_000 + "\n",
                                  "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "v\n"])
def test_deep_nesting_is_refused_before_anything_recurses(text: str):
    [message] = errors_of(text)
    assert "values nest more than 40 levels deep" in message and message.startswith("x.yaml:")


@pytest.mark.parametrize("text, where, what", [
    ("a: x\u202ey\n", "x.yaml:1:5:", "bidirectional control character (U+202E)"),
    ("a: ok\nb: x\u2066y\n", "x.yaml:2:5:", "bidirectional control character (U+2066)"),
    ("a: x\x1by\n", "x.yaml:1:5:", "control or invisible character (U+001B)"),
    ("a: x\ry\n", "x.yaml:1:5:", "carriage return"),
    ('a: "x\\u202ey"\n', "x.yaml:1:4:", "written as an escape sequence"),
    ('a: "x\\ry"\n', "x.yaml:1:4:", "carriage return"),
    ('a: "x\\x07"\n', "x.yaml:1:4:", "control or invisible character (U+0007)"),
])
def test_control_and_bidi_characters_are_refused_where_they_stand(text: str, where: str, what: str):
    [message] = errors_of(text)
    assert message.startswith(where) and what in message


def test_crlf_line_ends_and_tabs_inside_values_are_fine():
    data, _, _ = parse_text('a: x\r\nb: "tab\\there"\r\n', "x.yaml")
    assert data == {"a": "x", "b": "tab\there"}


def test_tab_indentation_gets_a_hint():
    [message] = errors_of("name: x\nsources:\n\t- a\n")
    assert message.startswith("x.yaml:3:") and "indent with spaces, not tabs" in message


def test_an_overlong_value_is_refused_at_its_line():
    from mnfu.data.load import MAX_VALUE_CHARS

    [message] = errors_of("a: ok\nb: " + "x" * (MAX_VALUE_CHARS + 1) + "\n")
    assert message.startswith("x.yaml:2:4:") and "longer than" in message


def test_a_list_as_a_key_is_refused():
    assert errors_of("? [a]\n: 1\n")[0].startswith("x.yaml:1:3: error: a key must be a plain word")


def _project(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "sources" / "ok.yaml").write_text("kind: news\ntitle: x\n")
    return data


def test_symlinks_are_refused_not_followed(tmp_path: Path):
    data = _project(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("title: from outside\n")
    (data / "sources" / "leak.yaml").symlink_to(secret)
    (data / "events").symlink_to(tmp_path)
    files, problems = discover(data)
    assert [f.name for f, _ in files] == ["ok.yaml"]
    text = "\n".join(p.format() for p in problems)
    assert "data/sources/leak.yaml: error: symbolic links are not allowed" in text
    assert "data/events: error: symbolic links are not allowed" in text


def test_a_linked_data_folder_is_refused(tmp_path: Path):
    real = _project(tmp_path / "elsewhere")
    (tmp_path / "data").symlink_to(real)
    files, problems = discover(tmp_path / "data")
    assert files == [] and "data/ must be a folder" in problems[0].message


def test_a_folder_or_fifo_named_yaml_is_refused(tmp_path: Path):
    import os

    data = _project(tmp_path)
    (data / "sources" / "dir.yaml").mkdir()
    os.mkfifo(data / "sources" / "pipe.yaml")
    files, problems = discover(data)
    assert [f.name for f, _ in files] == ["ok.yaml"]
    messages = {p.path: p.message for p in problems}
    assert "is a folder" in messages["data/sources/dir.yaml"]
    assert "special file" in messages["data/sources/pipe.yaml"]


def test_an_unreadable_file_is_located_not_a_traceback(tmp_path: Path, monkeypatch):
    data = _project(tmp_path)

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(DataError) as info:
        load_all(data)
    [d] = info.value.diagnostics
    assert d.path == "data/sources/ok.yaml" and "cannot read the file: Permission denied" in d.message


def test_invalid_utf8_is_located_at_the_byte(tmp_path: Path):
    data = _project(tmp_path)
    (data / "sources" / "ok.yaml").write_bytes("kind: news\ntitle: é\xff\n".encode("latin-1"))
    with pytest.raises(DataError) as info:
        load_all(data)
    [d] = info.value.diagnostics
    assert (d.line, d.col) == (2, 8) and "not UTF-8" in d.message


def test_positions_are_worked_out_only_when_asked_and_agree_with_a_full_parse(tmp_path: Path):
    from mnfu.data.load import load_file

    (tmp_path / "data" / "sources").mkdir(parents=True)
    path = tmp_path / "data" / "sources" / "x.yaml"
    path.write_text("# yaml-language-server: $schema=../schema/source.schema.json\n\nkind: news\ntitle: T\n")
    loaded = load_file(path, tmp_path, "source")
    assert loaded._positions is None  # nothing parsed for positions yet
    fast = loaded.pos(())
    assert loaded._positions is None and (fast.line, fast.col) == (3, 1)
    assert loaded.positions[()] == fast and loaded.pos(("title",)).line == 4


@pytest.mark.parametrize(("text", "where", "what"), [
    ('name: "France\nsummary: x\nrole: y\n', "x.yaml:1:7:", 'the quote " opened here is never closed'),
    ('name: "France\nsummary: "x"\n', "x.yaml:1:7:", 'the quote " opened here is never closed'),  # closed by the next quote
    ("name: x\nsummary: 'it''s\n", "x.yaml:2:10:", "the quote ' opened here is never closed"),  # at the end of the file
    ('pledges:\n  - text: "abc\n    as_of: 2025\n  - text: y\n', "x.yaml:2:11:", 'the quote " opened here'),
    ("sources: [a, b\nsummary: x\n", "x.yaml:1:10:", "the list opened with '[' here is never closed"),
    ("name: x\nsources: [a, b\n", "x.yaml:2:10:", "the list opened with '[' here is never closed"),
    ("role: {value: x, as_of: 2025\nsummary: x\n", "x.yaml:1:7:", "the mapping opened with '{' here is never closed"),
    ("role: {value: x, sources: [a, b}\n", "x.yaml:1:27:", "the list opened with '[' here is closed with '}'"),
    ('summary: >-\n  He said "hi\nname: "x\n', "x.yaml:3:7:", 'the quote " opened here'),  # not in a block scalar
])
def test_an_unclosed_quote_or_bracket_is_reported_where_it_opens(text: str, where: str, what: str):
    [message] = errors_of(text)
    assert message.startswith(f"{where} error: YAML syntax error: {what}")
    assert "hint: " in message and "indentation" not in message


@pytest.mark.parametrize("text", [
    "name: 'France\n  is here'\n",  # a quoted value may go on over lines indented further
    'name: "a [b {c"\nother: Côte d\'Ivoire\n',  # brackets in quotes, an apostrophe inside a plain value
    "sources: [a,\n  b]\nrole: {value: x,\n  as_of: 2025}\n",
    'summary: >-\n  He said "hi [there\nname: x # "a comment\n',
])
def test_values_over_several_lines_and_quotes_inside_values_still_load(text: str):
    parse_text(text, "x.yaml")


def test_other_syntax_errors_keep_their_place_and_never_point_past_the_end():
    [message] = errors_of("name: x\nsummary: 'fine'\ntitle: A: B\n")
    assert message.startswith("x.yaml:3:9: error: YAML syntax error: mapping values are not allowed")
    [message] = errors_of("%YAML 1.1\n")  # the parser puts it on line 2, which the file does not have
    assert message.startswith("x.yaml:1:10: error: YAML syntax error")
