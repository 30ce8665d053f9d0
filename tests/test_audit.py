"""The content audit's record: statements checked against their sources, valid while unchanged."""

from __future__ import annotations

from pathlib import Path

from mnfu.cli import main


def test_audit_marks_lists_and_expires_with_the_text(project: Path, capsys):
    args = ["--root", str(project), "--today", "2026-11-22"]
    assert main([*args, "audit"]) == 0
    before = capsys.readouterr().out
    assert "data/contributors/gb.yaml: summary:" in before and "statements audited" in before
    # a project that keeps no audit record is not told about one
    assert main([*args, "check", "-v"]) == 0
    assert "[unaudited]" not in capsys.readouterr().out
    assert main([*args, "audit", "--result", "corrected", "--note", "checked",
                 "--mark", str(project / "data" / "contributors" / "gb.yaml"), "summary"]) == 0
    record = (project / "data" / "audit.yaml").read_text()
    assert '"file": "data/contributors/gb.yaml", "field": "summary"' in record and '"result": "corrected"' in record
    capsys.readouterr()
    assert main([*args, "audit"]) == 0
    assert "data/contributors/gb.yaml: summary:" not in capsys.readouterr().out
    # mnfu check lists the others as notices, not this one
    assert main([*args, "check", "-v"]) == 0
    out = capsys.readouterr().out
    assert "statement 'summary' has not been audited" in out and "[unaudited]" in out
    assert not [line for line in out.splitlines() if line.startswith("data/contributors/gb.yaml") and "'summary'" in line]
    # an edit makes the statement unaudited again
    gb = project / "data" / "contributors" / "gb.yaml"
    gb.write_text(gb.read_text().replace("co-leads the coalition", "leads the coalition"))
    assert main([*args, "audit"]) == 0
    assert "data/contributors/gb.yaml: summary:" in capsys.readouterr().out


def test_audit_refuses_an_unknown_statement_and_the_coverage_page_counts(project: Path, capsys):
    args = ["--root", str(project), "--today", "2026-11-22"]
    assert main([*args, "audit", "--mark", "data/contributors/gb.yaml", "no_such_field"]) == 2
    assert "no statement 'no_such_field'" in capsys.readouterr().err
    assert main([*args, "generate", "-q"]) == 0
    assert "| Statements audited against the text of their sources | 0 of" in (
        project / "docs" / "ref" / "coverage.md").read_text()


def test_an_audit_follows_its_statement_when_it_moves_within_the_file(project: Path, capsys):
    args = ["--root", str(project), "--today", "2026-11-22"]
    gb = project / "data" / "contributors" / "gb.yaml"
    gb.write_text(gb.read_text().replace(
        "pledges:\n", "pledges:\n  - Planners for the coalition [@alpha-2025-07-17].\n"))
    assert main([*args, "audit", "--mark", str(gb), "pledges[2].text"]) == 0
    capsys.readouterr()
    gb.write_text(gb.read_text().replace("  - Planners for the coalition [@alpha-2025-07-17].\n", ""))
    assert main([*args, "audit"]) == 0
    out = capsys.readouterr().out
    assert "data/contributors/gb.yaml: pledges[1].text" not in out  # the same text, now first: still audited
    assert "data/contributors/gb.yaml: summary:" in out


def test_the_audit_record_reads_the_same_as_written_or_edited_by_hand(tmp_path: Path):
    from mnfu.checks import audits as audit
    entry = {"file": "data/contributors/gb.yaml", "field": "summary", "hash": "0123456789ab",
             "checked": "2026-11-22", "result": "confirmed"}
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "audit.yaml").write_text(
        '# written by mnfu audit\naudits:\n  - {"file": "data/contributors/gb.yaml", "field": "summary", '
        '"hash": "0123456789ab", "checked": "2026-11-22", "result": "confirmed"}\n', encoding="utf-8")
    written = audit.load(tmp_path)
    (tmp_path / "data" / "audit.yaml").write_text(  # the same entry, as a person might write it
        "audits:\n  - file: data/contributors/gb.yaml\n    field: summary\n    hash: '0123456789ab'\n"
        "    checked: '2026-11-22'\n    result: confirmed\n", encoding="utf-8")
    assert written == audit.load(tmp_path) == {("data/contributors/gb.yaml", "summary"): entry}
    (tmp_path / "data" / "audit.yaml").write_text("audits: [\n", encoding="utf-8")  # broken: no record, no crash
    assert audit.load(tmp_path) == {}
