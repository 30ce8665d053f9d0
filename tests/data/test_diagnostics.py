"""Golden diagnostics: each broken input gives exactly the expected messages, files, lines and columns.

Each case in tests/testdata/diagnostics/cases/ is one data file; its first line names where it goes in a
copy of the fixture project. The expected output of ``mnfu check`` is the golden file next to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TESTDATA, run
from mnfu.cli import main

CASES = sorted((TESTDATA / "diagnostics" / "cases").glob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_input_gives_golden_diagnostics(case: Path, project: Path, capsys, golden):
    first, _, body = case.read_text(encoding="utf-8").partition("\n")
    target = project / first.removeprefix("# path: ").strip()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    code = run(project, "check")
    out = capsys.readouterr().out
    assert code == 1
    assert "Traceback" not in out
    golden(f"diagnostics/{case.stem}.txt", out)


@pytest.mark.parametrize("relative", [False, True])
def test_template_error_names_template_file_and_line_once(project: Path, capsys, monkeypatch, relative: bool):
    template = project / "templates" / "contributor.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "{{ record.model.no_such_field }}")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if relative:
        monkeypatch.chdir(project.parent)
    assert main(["--root", project.name if relative else str(project), "check"]) == 1
    out = capsys.readouterr().out
    [line] = [x for x in out.splitlines() if "no_such_field" in x]  # once, not once per contributor page
    assert line.startswith("templates/contributor.md.j2:4:1: error: template error: UndefinedError")
    assert "(rendering ref/contributors/no.md and 2 more page(s))" in line  # the first by name: Norway


def test_template_syntax_error_names_line(project: Path, capsys):
    (project / "templates" / "glossary.md.j2").write_text("# Glossary\n\n{% for x in %}\n", encoding="utf-8")
    assert main(["--root", str(project), "check"]) == 1
    assert "templates/glossary.md.j2:3:1: error: template syntax error" in capsys.readouterr().out


def test_all_errors_of_all_files_are_reported_at_once(project: Path, capsys):
    for case in ("unknown-source", "bad-url", "unknown-entity"):
        first, _, body = (TESTDATA / "diagnostics" / "cases" / f"{case}.yaml").read_text().partition("\n")
        target = project / first.removeprefix("# path: ").strip()
        target.write_text(body, encoding="utf-8")
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    for path in ("data/contributors/fr.yaml", "data/sources/eps-2025.yaml", "data/events/2025-05-10-kyiv.yaml"):
        assert path in out
    assert out.rstrip().endswith("mnfu check failed: 6 errors, 0 warnings, 0 notices")
