"""mnfu check: citation integrity with golden diagnostics, severities, formats, and the built site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import TESTDATA, edit, run
from mnfu.checks.findings import locator_problem, nav_paths, normalize_url, site_findings
from mnfu.cli import main
from mnfu.site.resolve import Site

CASES = sorted((TESTDATA / "check" / "cases").glob("*.yaml"))


def _place(project: Path, case: Path) -> None:
    first, _, body = case.read_text(encoding="utf-8").partition("\n")
    target = project / first.removeprefix("# path: ").strip()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")


def _check(project: Path, *args: str) -> int:
    return run(project, "check", *args)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_citation_checks_give_golden_findings(case: Path, project: Path, capsys, golden):
    _place(project, case)
    code = _check(project, "--verbose")
    out = capsys.readouterr().out
    golden(f"check/{case.stem}.txt", f"exit {code}\n{out}")


def test_clean_fixture_passes_but_strict_fails_on_warnings(project: Path, capsys):
    assert _check(project) == 0  # the fixture has one uncited source: a warning
    assert _check(project, "--strict") == 1
    assert "(strict: warnings fail)" in capsys.readouterr().out


def test_severity_is_configurable(project: Path, capsys):
    (project / "pyproject.toml").write_text('[tool.mnfu.check.severity]\nuncited-source = "off"\nmissing-url = "off"\n')
    assert _check(project, "--strict") == 0
    out = capsys.readouterr().out
    assert "uncited" not in out and "0 warnings" in out


def test_unknown_severity_settings_are_usage_errors(project: Path, capsys):
    (project / "pyproject.toml").write_text('[tool.mnfu.check.severity]\nuncited-sources = "warning"\n')
    assert _check(project) == 2
    assert "pyproject.toml: error: unknown check kind 'uncited-sources'" in capsys.readouterr().err


def test_citation_needed_age_is_configurable(project: Path, capsys):
    _place(project, TESTDATA / "check" / "cases" / "citation-needed.yaml")
    (project / "pyproject.toml").write_text("[tool.mnfu.check]\ncitation-needed-max-age = 400\n")
    assert _check(project) == 0
    assert "citation-needed-expired" not in capsys.readouterr().out


def test_json_format(project: Path, capsys):
    _place(project, TESTDATA / "check" / "cases" / "duplicate-source.yaml")
    assert _check(project, "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] is False and report["counts"]["error"] == 1
    first = report["findings"][0]
    assert (first["path"], first["line"], first["code"]) == ("data/sources/mills-2025.yaml", 1, "duplicate-source")


def test_github_format_puts_errors_first(project: Path, capsys):
    _place(project, TESTDATA / "check" / "cases" / "quotes-and-locators.yaml")
    assert _check(project, "--format", "github") == 1
    lines = capsys.readouterr().out.splitlines()
    kinds = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert kinds == sorted(kinds, key=lambda k: {"::error": 0, "::warning": 1, "::notice": 2}[k])
    assert lines[0].startswith("::error file=data/sources/video-2025.yaml,line=")


def test_data_errors_are_check_errors(project: Path, capsys):
    (project / "data" / "contributors" / "no.yaml").write_text("name: Norway\n")
    assert _check(project) == 1
    assert "missing required field 'role' [data]" in capsys.readouterr().out


@pytest.mark.parametrize("locator, ok", [
    ("02:34", True), ("at 01:34", True), ("1:02:03", True), ("02:75", False), ("p. 7", True),
    ("pp. 21–22", True), ("pp. 9–3", False), ("p. 7 (draft", False),
])
def test_locator_problem(locator, ok):
    assert (locator_problem(locator) is None) == ok


def test_normalize_url():
    assert normalize_url("https://www.Example.org/a/?utm_source=x&b=1#top") == normalize_url("http://example.org/a?b=1")


def test_nav_paths():
    assert nav_paths('nav:\n  - Home: index.md\n  - "X":\n      - ref/x/index.md\n      - "Y": ref/x/y.md\n') == {
        "index.md", "ref/x/index.md", "ref/x/y.md"}


@pytest.mark.integration
def test_broken_anchor_in_built_site_is_reported_against_the_yaml_line(project: Path, capsys):
    assert main(["--root", str(project), "build", "-q"]) == 0
    assert _check(project, "--site", "site") == 0
    timeline = project / "site" / "ref" / "timeline" / "index.html"
    edit(timeline, 'id="2025-03-02-london-summit"', 'id="renamed"')
    (project / "site" / "ref" / "glossary" / "index.html").unlink()
    assert _check(project, "--site", "site") == 1
    out = capsys.readouterr().out
    gb = (project / "data" / "contributors" / "gb.yaml").read_text().splitlines()
    line = next(i for i, text in enumerate(gb, 1) if text.startswith("see_also"))
    assert re.search(rf"data/contributors/gb.yaml:{line}:\d+: error: link to a missing anchor: "
                     r"'\.\./\.\./timeline/#2025-03-02-london-summit' \(on ref/contributors/gb/index.html\) "
                     r"\[broken-anchor\]", out), out
    assert "docs/ref/glossary.md: error: generated page is missing from the built site" in out


def test_check_on_missing_site_is_a_usage_error(project: Path, capsys):
    assert _check(project, "--site", "nowhere") == 2


def test_external_check_through_the_cli(project: Path, capsys, tmp_path: Path):
    pytest.importorskip("mnfu.checks.external")
    from mnfu.checks.external import find_lychee

    try:
        find_lychee()
    except Exception:
        pytest.skip("lychee is not installed")
    source = project / "data" / "sources" / "alpha-2025-07-17.yaml"
    source.write_text(source.read_text() + "url: http://127.0.0.1:9/nothing\n")
    report = tmp_path / "report.json"
    code = _check(project, "--external", "--state", str(tmp_path / "state.json"), "--report", str(report))
    out = capsys.readouterr().out
    assert code == 0  # one failed run is never an error: links die only after several runs days apart
    assert re.search(r"data/sources/alpha-2025-07-17.yaml:\d+:\d+: warning: .*\[external-", out), out
    assert json.loads(report.read_text())["checked"] == 1


def test_site_links_resolve_like_a_browser(tmp_path: Path):
    """Relative links from pages at several depths: folders mean their index.html, files must exist,
    a link that climbs out of the site is broken, and a fragment must name an id on its page."""

    pages = {
        "index.html": '<a href="a/">a</a><a href="./">self</a><a href="a/b/#x">x</a><a href="style.css">css</a>',
        "a/index.html": '<a href="../">up</a><a href="b/">b</a><a href="../../outside/">out</a>'
                        '<a href="b/#nope">nope</a><a href="missing.png">png</a><a href="https://example.org/">ext</a>',
        "a/b/index.html": '<h2 id="x">X</h2><a href="../../">home</a><a href="../../index.html#top">top</a>'
                          '<a name="top"></a><a href="#x">here</a><a href="c">no page</a>',
    }
    for rel, body in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    (tmp_path / "style.css").write_text("", encoding="utf-8")
    found = sorted((d.path, d.message) for d in site_findings(Site(), [], tmp_path, set()))
    assert found == [
        ("site/a/b/index.html", "link to a missing anchor: '../../index.html#top'"),
        ("site/a/b/index.html", "link to missing file 'c'"),
        ("site/a/index.html", "link to a missing anchor: 'b/#nope'"),
        ("site/a/index.html", "link to missing file '../../outside/'"),
        ("site/a/index.html", "link to missing file 'missing.png'"),
    ]


def test_a_second_check_of_unchanged_data_reuses_the_result(project: Path, capsys, monkeypatch):
    """The result is kept in .mnfu/check.json for the inputs it was made from; any change reruns."""
    import mnfu.commands.check

    assert main(["--root", str(project), "build", "-q"]) == 0
    assert _check(project, "--site", "site") == 0
    first = capsys.readouterr().out
    calls = []
    real = mnfu.commands.check.pipeline_iter
    monkeypatch.setattr(mnfu.commands.check, "pipeline_iter", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert _check(project, "--site", "site") == 0
    assert calls == [] and capsys.readouterr().out == first
    gb = project / "data" / "contributors" / "gb.yaml"
    gb.write_text(gb.read_text().replace("[@alpha-2025-07-17].", "[@alpah-2025-07-17].", 1))
    assert _check(project) == 1 and calls == [1]
    assert "unknown source 'alpah-2025-07-17'" in capsys.readouterr().out
    assert _check(project) == 1 and calls == [1]  # the failure is cached too


def test_check_site_after_a_build_reads_the_generated_pages_from_docs_ref(project: Path, capsys, monkeypatch):
    """After `mnfu build`, docs/ref/ is what generate would write: `check --site` takes the page list and
    navigation from there instead of rendering, and still finds a page missing from the built site."""
    import mnfu.site.render

    assert run(project, "build", "-q") == 0
    (project / "site" / "ref" / "contributors" / "no" / "index.html").unlink()
    rendered = []
    real = mnfu.site.render.render_iter
    monkeypatch.setattr(mnfu.site.render, "render_iter", lambda *a, **k: rendered.append(1) or real(*a, **k))
    capsys.readouterr()
    assert _check(project, "--site", "site") == 1
    out = capsys.readouterr().out
    assert rendered == [] and "docs/ref/contributors/no.md" in out and "missing from the built site" in out
    (project / "docs" / "ref" / "contributors" / "no.md").write_text("edited by hand\n")  # docs/ref is stale
    assert _check(project, "--site", "site") == 1 and rendered == [1]  # so the pages are rendered
