"""What the engines print when a build fails, read into located errors (``engine.problems``): outputs as
MkDocs, ProperDocs and Zensical print them (tests/site/test_handwritten.py runs the engines themselves)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnfu.site import engine

PAGE = "# About\n\n## Map data\n\nSee the [editing\nguide](editting.md), the [map](ref/map/#nope).\n"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    (tmp_path / "about.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def _formatted(output: str, docs: Path, name: str = "mkdocs") -> list[str]:
    return [d.format() for d in engine.problems(name, output, docs)]


def test_mkdocs_warnings_are_placed_at_the_link_they_name(docs: Path):
    output = ("INFO    -  Building documentation to directory: /x/site\n"
              "WARNING -  Doc file 'about.md' contains a link 'editting.md', but the target is not found among "
              "documentation files.\n"
              "WARNING -  Doc file 'about.md' contains a link 'ref/map/#nope', but the doc 'ref/map/index.md' does "
              "not contain an anchor '#nope'.\n"
              "WARNING -  The following pages exist in the docs directory, but are not included in the \"nav\" "
              "configuration:\n  - new.md\n\nAborted with 3 warnings in strict mode!\n")
    assert _formatted(output, docs) == [
        "docs/about.md:6:8: error: link to a page that does not exist: 'editting.md'",
        "docs/about.md:6:32: error: link to a missing anchor: 'ref/map/#nope'",
        "docs/new.md:1:1: error: the page is not in the site's navigation\n"
        "    hint: add it to templates/nav.yml.j2, in the menu or under not_in_nav",
    ]


def test_a_missing_snippet_is_found_in_the_page_that_includes_it_not_shown_as_a_traceback(docs: Path):
    (docs / "index.md").write_text('# Home\n\n--8<-- "hme.md"\n', encoding="utf-8")
    traceback = ("Traceback (most recent call last):\n  File \"/x/snippets.py\", line 630, in parse_snippets\n"
                 "    raise SnippetMissingError(f\"Snippet at path '{path}' could not be found\")\n")
    mkdocs = ("ERROR   -  Error reading page 'index.md': Snippet at path 'hme.md' could not be found\n" + traceback
              + "pymdownx.snippets.SnippetMissingError: Snippet at path 'hme.md' could not be found\n")
    zensical = (traceback + "RuntimeError: Python error: SnippetMissingError: Snippet at path 'hme.md' could not "
                "be found\n")
    expected = ["docs/index.md:3:9: error: included file 'hme.md' does not exist"]
    assert _formatted(mkdocs, docs) == expected
    assert _formatted(zensical, docs, "zensical") == expected


def test_zensical_issues_keep_their_place_with_the_colours_taken_out(docs: Path):
    output = ("Build started\n\x1b[33mWarning:\x1b[0m anchor does not exist\n"
              "   \x1b[38;5;246m╭─[\x1b[0m about.md:6:40 \x1b[38;5;246m]\x1b[0m\n   │\n 6 │ guide](editting.md)…\n"
              "───╯\n1 issue found\nTraceback (most recent call last):\n  File \"/x/main.py\", line 81\n"
              "RuntimeError: Aborted because --strict flag is set\n")
    assert _formatted(engine._ANSI.sub("", output), docs, "zensical") == [
        "docs/about.md:6:32: error: link to a missing anchor: 'ref/map/#nope'"]


def test_a_configuration_error_names_its_line_and_anything_else_is_said_without_a_traceback(docs: Path):
    config = ('Error: MkDocs encountered an error parsing the configuration file: while parsing a flow sequence\n'
              '  in "/x/.mnfu/build-1/mkdocs.yml", line 83, column 8\n')
    assert _formatted(config, docs) == ["mkdocs.yml:83:8: error: mkdocs: MkDocs encountered an error parsing the "
                                        "configuration file: while parsing a flow sequence"]
    crash = "Traceback (most recent call last):\n  File \"/x\", line 1\nKeyError: 'nav'\n"
    [line] = _formatted(crash, docs)
    assert line == "mkdocs.yml: error: mkdocs failed: 'nav'" and "Traceback" not in line
