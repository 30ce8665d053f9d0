"""The hand-written pages of docs/: a broken link, a bad anchor or a missing snippet is an error at its
line and column from ``mnfu build`` (under every engine) and ``mnfu check --site``, never the engine's
message without a line or its traceback; the last good site stays as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, run
from mnfu.cli import main
from mnfu.site import handwritten
from mnfu.site.handwritten import anchors, includes, links, locate_href, slugify

ENGINES = ["mkdocs", "properdocs", "zensical"]

# Three mistakes in the about page (its one link to the editing guide, and an include at its end), and
# the error each gives, at {line}:{col}.
BROKEN = {
    "link": ("(editing.md)", "(editting.md)", "link to a page that does not exist: 'editting.md'"),
    "anchor": ("(editing.md#reading-an-error)", "(editing.md#reading-an-eror)",
               "link to a missing anchor: 'editing.md#reading-an-eror'"),
    "snippet": (None, '\n--8<-- "missing.md"\n', "included file 'missing.md' does not exist"),
}


def _place(text: str, written: str) -> tuple[int, int]:
    """Line and column of what is written after ``(`` in ``written`` (a link's target), in ``text``."""
    [(number, line)] = [(i, line) for i, line in enumerate(text.split("\n"), 1) if written in line]
    return number, line.index(written) + 2


ABOUT = """---
description: "The about page of the test project (its own text: the real one changes)."
---
# About and method

## What this site is

A reference built from data. See the [editing guide](editing.md) to contribute (and [how an error
reads](editing.md#reading-an-error)), the [map](ref/map/index.md) or a [source](ref/sources/a.md#alpha-2025-07-17).

## Map data

Outlines from Natural Earth.
"""


GUIDE = "# Editing guide\n\n## Reading an error\n\nEach problem is reported at its line.\n"


def _break(project: Path, *kinds: str) -> list[str]:
    """Give the project the about page above with the mistakes in it; return the first line of the error
    each should give."""
    (project / "docs" / "editing.md").write_text(GUIDE, encoding="utf-8")
    page = project / "docs" / "about.md"
    text = ABOUT
    expected = []
    for kind in kinds:
        old, new, message = BROKEN[kind]
        if old is None:
            text += new
            expected.append(f"docs/about.md:{len(text.rstrip(chr(10)).split(chr(10)))}:9: error: {message}")
        else:
            line, col = _place(text, old)
            text = text.replace(old, new)
            expected.append(f"docs/about.md:{line}:{col}: error: {message}")
    page.write_text(text, encoding="utf-8")
    return expected


def _in_order(errors: list[str]) -> list[str]:
    """Errors in the order they are reported: by file, line and column."""
    def key(error: str) -> tuple:
        path, line, col, _ = error.split(":", 3)
        return path, int(line), int(col)
    return sorted(errors, key=key)


def _tree(*folders: Path) -> dict[str, bytes]:
    return {p.as_posix(): p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built once (site/ and docs/ref/), copied by each test that breaks it."""
    import shutil

    from conftest import FIXTURE
    from mnfu.site.write import copy_site_config

    root = tmp_path_factory.mktemp("built")
    shutil.copytree(FIXTURE / "data", root / "data")
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("ref"))
    copy_site_config(ROOT, root)
    assert run(root, "build", "-q") == 0
    return root


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(built_once, tmp_path / "project", symlinks=True)
    return tmp_path / "project"


# ---------------------------------------------------------------- reading Markdown


def test_links_are_found_at_their_target_outside_code():
    text = ("# Title\n\nSee [the guide](editing.md) and ![a map](img/map.svg \"Map\"),\n"
            "`[not a link](x.md)`, <!-- [nor](y.md) -->\n\n```md\n[in a fence](z.md)\n```\n\n"
            "[ref]: ref/data.md\n[^1]: a footnote, not a link\n")
    assert [(x.line, x.col, x.target) for x in links(text)] == [
        (3, 17, "editing.md"), (3, 42, "img/map.svg"), (10, 8, "ref/data.md")]


def test_includes_as_pymdownx_snippets_reads_them():
    text = '--8<-- "home.md"\n;--8<-- "escaped.md"\n\n--8<--\nfirst.md\n; commented.md\nsecond.md\n--8<--\n'
    assert [(i.line, i.col, i.name) for i in includes(text)] == [(1, 9, "home.md"), (5, 1, "first.md"),
                                                                   (7, 1, "second.md")]


@pytest.mark.parametrize("heading", ["Reading an error", "Évidence: what each *statement* rests on",
                                     "Tables & `code` [linked](x.md)", "  Spaces   and -- dashes ", "Ukraine's 2025",
                                     "MNF-U (Multinational Force – Ukraine)"])
def test_heading_ids_are_those_of_python_markdowns_toc(heading: str):
    import markdown

    html = markdown.markdown(f"# {heading}\n\n# {heading}\n", extensions=["toc"])
    ids = [part.split('"')[0] for part in html.split(' id="')[1:]]
    assert sorted(anchors(f"# {heading}\n\n# {heading}\n")) == sorted(ids)
    assert len(set(ids)) == 2 and ids[0] == slugify(ids[0])


def test_anchors_of_given_ids_raw_html_and_footnotes():
    text = ('---\nhide: [toc]\n---\n# Sources { #top }\n\n## Alpha (2025) { #alpha-2025 }\n\nSetext\n------\n\n'
            '<div id="box" markdown>x</div>\n<a name="old"></a>\n\nNote[^n].\n\n[^n]: the note\n\n## Setext\n')
    assert anchors(text) == {"top", "alpha-2025", "setext", "setext_1", "box", "old", "fn:n", "fnref:n"}


def test_the_anchors_worked_out_are_those_of_every_page_of_the_real_site(real_site: Path):
    """Every heading id of every built page is among the anchors worked out from its Markdown, and every
    anchor worked out is an id of the built page: the check before the engine refuses no good link."""
    from lxml import etree

    from mnfu.checks.findings import _html_for

    docs, parser = real_site.parent / "docs", etree.HTMLParser()
    snippets = handwritten.Snippets.of(real_site.parent / "mkdocs.yml")
    assert snippets is not None
    pages = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
             if not any(part.startswith(".") for part in p.relative_to(docs).parts)]
    assert len(pages) > 50
    for page in pages:
        document = etree.parse(str(real_site / _html_for(page)), parser)
        [article] = document.xpath("//article")
        headings = set(article.xpath(".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]/@id"))
        ours = anchors(snippets.expand((docs / page).read_text(encoding="utf-8")))
        assert headings <= ours <= set(article.xpath(".//@id | .//a/@name")), page


def test_the_real_hand_written_pages_have_no_broken_link(real_site: Path):
    assert handwritten.check_pages(real_site.parent / "docs", real_site.parent / "mkdocs.yml") == []


def test_a_link_of_the_built_page_is_traced_to_its_markdown_line():
    text = "# About\n\nSee the [guide](editing.md#reading-an-error), the [map](ref/map/index.md), [top](#about).\n"
    assert locate_href(text, "../editing/#reading-an-error") == (3, 17)
    assert locate_href(text, "../ref/map/") == (3, 57)
    assert locate_href(text, "#about") == (3, 82)
    assert locate_href(text, "../elsewhere/") == (0, 0)


# ---------------------------------------------------------------- the check before the engine


def test_every_kind_of_mistake_is_an_error_at_its_place(project: Path):
    (project / "docs" / "about.md").write_text(ABOUT, encoding="utf-8")
    (project / "docs" / "editing.md").write_text(GUIDE, encoding="utf-8")
    with (project / "docs" / "about.md").open("a", encoding="utf-8") as page:
        page.write("\nA [typo](editting.md), an [anchor](editing.md#reading-an-eror), a [folder](ref/map/),\n"
                   "[absolute](/ref/data.md), [outside](../README.md), [fine](#map-data), [own](#nope),\n"
                   "[fine too](editing.md#reading-an-error) `[code](nowhere.md)`.\n\n[ref]: ref/nothing.md\n\n"
                   '--8<-- "home.md"\n--8<-- "hme.md"\n')
    assert main(["--root", str(project), "generate", "-q"]) == 0
    found = handwritten.check_pages(project / "docs", project / "mkdocs.yml")
    first = ABOUT.count("\n") + 2  # the line "A [typo]…"
    assert [(d.format(), d.code) for d in found] == [
        (f"docs/about.md:{first}:10: error: link to a page that does not exist: 'editting.md'\n"
         "    hint: did you mean 'editing.md'?", "broken-link"),
        (f"docs/about.md:{first}:36: error: link to a missing anchor: 'editing.md#reading-an-eror'\n"
         "    hint: did you mean '#reading-an-error'?", "broken-anchor"),
        (f"docs/about.md:{first}:76: error: link to a folder: 'ref/map/'\n"
         "    hint: link to its page: 'ref/map/index.md'", "broken-link"),
        (f"docs/about.md:{first + 1}:12: error: absolute link '/ref/data.md'\n"
         "    hint: link to the page's .md file, relative to this page: an absolute link breaks when the site is "
         "published under a folder", "broken-link"),
        (f"docs/about.md:{first + 1}:37: error: link to a page outside docs/: '../README.md'\n"
         "    hint: link only to pages of the site", "broken-link"),
        (f"docs/about.md:{first + 1}:77: error: link to a missing anchor: '#nope'\n"
         "    hint: an anchor is a heading's id: click the ¶ beside the heading on the built page to see it",
         "broken-anchor"),
        (f"docs/about.md:{first + 4}:8: error: link to a page that does not exist: 'ref/nothing.md'\n"
         "    hint: did you mean 'ref/changes.md'?", "broken-link"),
        (f"docs/about.md:{first + 7}:9: error: included file 'hme.md' does not exist\n"
         "    hint: included files are looked for in docs/ref/.include/, which holds abbreviations.md, home.md; "
         "did you mean 'home.md'?", "missing-snippet"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_build_reports_a_mistake_in_a_hand_written_page_at_its_line(built: Path, capsys, engine: str):
    before = _tree(built / "site", built / "docs" / "ref")
    expected = _break(built, "link", "anchor", "snippet")
    assert run(built, "build", "--engine", engine) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert [line for line in captured.err.splitlines() if line.startswith("docs/")] == _in_order(expected)
    assert "mnfu: 3 errors; nothing was written" in captured.err
    assert _tree(built / "site", built / "docs" / "ref") == before


@pytest.mark.parametrize("kinds", [("link", "anchor"), ("snippet",)], ids=["link-and-anchor", "snippet"])
@pytest.mark.parametrize("engine", ENGINES)
def test_what_only_the_engine_finds_is_located_too(built: Path, capsys, monkeypatch, engine: str,
                                                   kinds: tuple[str, ...]):
    """The same mistakes with the check before the engine switched off: each engine's own messages and
    tracebacks are read into the same located errors, and the raw output goes to .mnfu/engine.log."""
    from mnfu import pipeline

    monkeypatch.setattr(pipeline, "check_pages", lambda *args, **kwargs: [])
    before = _tree(built / "site", built / "docs" / "ref")
    expected = _break(built, *kinds)
    assert run(built, "build", "--engine", engine) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert [line for line in captured.err.splitlines() if line.startswith(("docs/", "mkdocs.yml"))] == _in_order(expected)
    assert (f"mnfu: {engine} could not build the site ({len(kinds)} error{'s' if len(kinds) > 1 else ''}; "
            "its whole output is in .mnfu/engine.log); site/ and docs/ref/ are unchanged") in captured.err
    assert _tree(built / "site", built / "docs" / "ref") == before
    log = (built / ".mnfu" / "engine.log").read_text(encoding="utf-8")
    assert ("missing.md" if "snippet" in kinds else "editting.md") in log


def test_check_site_reports_them_at_their_line(built: Path, capsys):
    expected = _break(built, "anchor")
    assert run(built, "check", "--site", "site") == 1
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("docs/")] == [f"{expected[0]} [broken-anchor]"]


def test_check_site_traces_a_broken_link_of_a_built_page_to_its_markdown(built: Path, capsys):
    (built / "docs" / "about.md").write_text(ABOUT, encoding="utf-8")
    (built / "docs" / "editing.md").write_text(GUIDE, encoding="utf-8")
    assert run(built, "build", "-q") == 0
    (built / "site" / "editing" / "index.html").unlink()  # every link to the guide is broken now
    assert run(built, "check", "--site", "site") == 1
    out = capsys.readouterr().out
    line, col = _place(ABOUT, "(editing.md)")
    where = f"docs/about.md:{line}:{col}:"
    assert f"{where} error: link to missing file '../editing/' (on about/index.html) [broken-link]" in out
    assert len([x for x in out.splitlines() if x.startswith(where)]) == 1  # the menu's link too, not twice
