"""``mnfu serve``: a data error reaches the page being edited as fast as a good edit (only the pages of the
edited files change first, the pages that cite them next, no other), fixing it takes the banner away the
same way, and the engine's output reaches the editor without its 'dirty build' warning or a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

import pytest

from mnfu.commands.serve import Preview, _relay, preview

TODAY = dt.date(2026, 11, 22)
BANNER = 'class="mnfu-preview-errors"'


def _mtimes(ref: Path) -> dict[str, int]:
    return {p.relative_to(ref.parent).as_posix(): p.stat().st_mtime_ns for p in ref.rglob("*.md")}


@pytest.fixture
def served(project: Path) -> tuple[Path, Preview]:
    """The fixture project after the preview's first regeneration, with its memory."""
    state = Preview()
    assert preview(project, TODAY, state=state) == []
    return project, state


def test_a_data_error_changes_only_the_pages_of_the_edited_file_then_those_citing_it(served):
    project, state = served
    docs, ref = project / "docs", project / "docs" / "ref"
    include = ref / ".include" / "abbreviations.md"
    before, include_before = _mtimes(ref), include.read_text()
    gb = project / "data" / "contributors" / "gb.yaml"
    good = gb.read_text()
    gb.write_text(good.replace("[@alpha-2025-07-17]", "[@nowhere <b>x</b>]", 1))
    problems = preview(project, TODAY, [gb], state)
    assert problems and problems[0].path == "data/contributors/gb.yaml"
    after = _mtimes(ref)
    assert [page for page in after if after[page] != before[page]] == ["ref/contributors/gb.md"]
    page = (ref / "contributors" / "gb.md").read_text()
    assert BANNER in page and "data/contributors/gb.yaml:" in page and "<b>" not in page.split(BANNER)[1]
    assert include.read_text() == include_before  # every other page stays as it was built
    cite = {"ref/force.md", "ref/legal-issues/sofa.md", "ref/timeline.md"}  # the pages that link the United Kingdom
    assert state.next == cite
    state.catch_up(docs)
    assert not any(BANNER in (docs / p).read_text() for p in state.next)  # not before the engine rebuilt no.md
    state.engine_said("INFO    -  Building documentation...")
    state.engine_said("INFO    -  Documentation built in 0.41 seconds")
    state.catch_up(docs)
    assert all(BANNER in (docs / p).read_text() for p in cite)
    changed = _mtimes(ref)
    assert {p for p in changed if changed[p] != before[p]} == {"ref/contributors/gb.md", *cite}
    gb.write_text(good)  # fixed: those pages are written without the banner, the others stay untouched
    assert preview(project, TODAY, [gb], state) == []
    assert not any(BANNER in p.read_text() for p in ref.rglob("*.md"))
    final = _mtimes(ref)
    assert {p for p in final if final[p] != before[p]} == {"ref/contributors/gb.md", *cite}


def test_an_error_whose_pages_are_not_known_goes_on_every_page(served):
    project, state = served
    ref = project / "docs" / "ref"
    before = _mtimes(ref)
    glossary = project / "templates" / "glossary.md.j2"
    glossary.write_text("{{ no_such_thing.x }}\n")
    problems = preview(project, TODAY, [glossary], state)
    assert problems and problems[0].path == "templates/glossary.md.j2"
    assert BANNER in (ref / ".include" / "abbreviations.md").read_text()
    after = _mtimes(ref)
    assert all(after[p] != before[p] for p in before)


def test_the_engine_is_followed_and_a_page_it_failed_on_is_rebuilt_once_it_is_idle(served):
    project, state = served
    page = project / "docs" / "ref" / "contributors" / "gb.md"
    state.engine_said("INFO    -  Building documentation...")
    state.engine_said("ERROR   -  Error building page 'ref/contributors/gb.md': can only concatenate str")
    before = page.stat().st_mtime_ns
    state.catch_up(project / "docs")
    assert page.stat().st_mtime_ns == before  # still building
    state.engine_said("ERROR   -  [03:28:00] An error happened during the rebuild. The server will appear stuck")
    state.catch_up(project / "docs")
    assert page.stat().st_mtime_ns != before and not state.failed


def test_the_engine_output_reaches_the_editor_without_the_dirty_warning_or_a_traceback(tmp_path: Path, capsys):
    output = io.StringIO(
        "INFO    -  Building documentation...\n"
        "WARNING -  A 'dirty' build is being performed, this will likely lead to inaccurate navigation.\n"
        "INFO    -  Documentation built in 1.34 seconds\n"
        "WARNING -  A 'dirty' build is being performed, this will likely lead to inaccurate navigation.\n"
        "ERROR   -  Error building page 'ref/changes.md': can only concatenate str (not \"NoneType\") to str\n"
        "Traceback (most recent call last):\n  File \"/x/build.py\", line 213, in _build_page\n"
        "    context = config.plugins.on_page_context(context)\n"
        "TypeError: can only concatenate str (not \"NoneType\") to str\n"
        "ERROR   -  [03:22:42] An error happened during the rebuild.\n"
        "Traceback (most recent call last):\n  File \"/x/socketserver.py\", line 472, in server_bind\n"
        "OSError: [Errno 98] Address already in use\n")
    args = argparse.Namespace(engine="mkdocs", addr="127.0.0.1:8000")
    state = Preview()
    _relay(output, tmp_path / "serve.log", args, state)
    err = capsys.readouterr().err
    assert "dirty" not in err.replace("'dirty' build, which it warns about: expected here", "")
    assert err.count("the preview rebuilds only the pages that change") == 1
    assert "Traceback" not in err and "File " not in err
    assert ("mnfu: mkdocs hit an error (TypeError: can only concatenate str (not \"NoneType\") to str); the preview "
            "shows the last pages it built, and serve.log in .mnfu/ has its whole output") in err
    assert ("mnfu: mkdocs cannot serve on 127.0.0.1:8000: another program uses that address; choose another with "
            "--addr 127.0.0.1:PORT") in err
    assert "Documentation built in 1.34 seconds" in err and "An error happened during the rebuild" in err
    assert (tmp_path / "serve.log").read_text() == output.getvalue()  # everything, as the engine said it
    assert state.failed == {"ref/changes.md"} and state.builds == 2 and not state.busy
