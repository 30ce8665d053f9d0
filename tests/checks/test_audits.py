"""The audit record (data/audit.yaml) is read by the loader's rules, as every data file is: a duplicate key,
an unknown key, a bad value or a broken line is an error at its line and column from ``mnfu check``, never
a traceback, whether the record is in the form ``mnfu audit`` writes (one JSON object per line) or written
by hand as ordinary YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run
from mnfu.checks import audits

ENTRY = ('{"file": "data/contributors/gb.yaml", "field": "summary", "hash": "0123456789ab", '
         '"checked": "2026-11-01", "result": "confirmed"}')
HEADER = "# The content audit.\naudits:\n"


def check(project: Path, record: str, capsys) -> list[str]:
    """``mnfu check`` on the fixture project with this audit record: its lines about the record."""
    (project / "data" / "audit.yaml").write_text(record, encoding="utf-8")
    code = run(project, "check")
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert code == 1
    lines = captured.out.splitlines()
    return [line + ("\n" + lines[i + 1] if i + 1 < len(lines) and lines[i + 1].startswith("    hint:") else "")
            for i, line in enumerate(lines) if line.startswith("data/audit.yaml")]


@pytest.mark.parametrize(("record", "expected"), [
    pytest.param(
        HEADER + f"  - {ENTRY}\n  - " + ENTRY.replace('"field": "summary",', '"field": "summary", "field": "role",') + "\n",
        ["data/audit.yaml:4:63: error: duplicate key 'field' (first defined on line 4) [audit]\n"
         "    hint: remove one of the two"],
        id="duplicate-key-json-lines"),
    pytest.param(
        "audits:\n  - file: data/contributors/gb.yaml\n    field: summary\n    hash: 0123456789ab\n"
        "    field: role\n    checked: 2026-11-01\n    result: confirmed\n",
        ["data/audit.yaml:5:5: error: duplicate key 'field' (first defined on line 3) [audit]\n"
         "    hint: remove one of the two"],
        id="duplicate-key-yaml"),
    pytest.param(
        HEADER + f"  - {ENTRY}\n  - " + ENTRY.replace('"result"', '"nte": "x", "result"') + "\n",
        ["data/audit.yaml:4:112: error: unknown field 'nte' [audit]\n    hint: did you mean 'note'?"],
        id="unknown-key"),
    pytest.param(
        HEADER + "  - " + ENTRY.replace("2026-11-01", "2026-13-01") + "\n",
        ["data/audit.yaml:3:98: error: '2026-13-01' is not a valid date [audit]\n    hint: write YYYY-MM-DD"],
        id="bad-date"),
    pytest.param(
        HEADER + "  - " + ENTRY.replace("}", ', "evidence": [{"doc": "x.md", "text": "y"}') + f"\n  - {ENTRY}\n",
        ["data/audit.yaml:3:147: error: YAML syntax error: the list opened with '[' here is never closed [audit]\n"
         "    hint: close it with ']' where the list ends, e.g. sources: [a, b]"],
        id="unclosed-bracket"),
    pytest.param(
        HEADER + "  - " + ENTRY.replace('"field"', '"feild"').replace('"confirmed"', '"confirmd"') + "\n",
        ["data/audit.yaml:3:43: error: unknown field 'feild' [audit]\n    hint: did you mean 'field'?",
         "data/audit.yaml:3:122: error: 'confirmd' is not one of: confirmed, corrected [audit]\n"
         "    hint: did you mean 'confirmed'?"],
        id="misspelt-required-field-and-bad-value"),
    pytest.param(
        "audits:\n  - file: data/contributors/gb.yaml\n    field: summary\n    hash: 0123456789ab\n"
        "    checked: 2026-11-01\n    result: confirmed\n    evidence:\n      - {doc: x.md, line: 0, txt: y}\n",
        ["data/audit.yaml:8:27: error: '0' is out of range for 'line': input should be greater than or equal to 1"
         " [audit]",
         "data/audit.yaml:8:30: error: unknown field 'txt' [audit]\n    hint: did you mean 'text'?"],
        id="evidence-in-yaml"),
    pytest.param(
        "audit:\n  - " + ENTRY + "\n",
        ["data/audit.yaml:1:1: error: the audit record holds one key, `audits:`, a list of entries [audit]\n"
         "    hint: see the editing guide, 'The content audit'"],
        id="wrong-top-key"),
])
def test_a_flaw_of_the_audit_record_is_an_error_at_its_line(project: Path, capsys, record: str, expected: list[str]):
    assert check(project, record, capsys) == expected


def test_the_record_as_mnfu_audit_writes_it_and_as_yaml_reads_the_same():
    written = audits.parse(HEADER + f"  - {ENTRY}\n")
    by_hand = audits.parse("audits:\n  - file: data/contributors/gb.yaml\n    field: summary\n"
                           "    hash: '0123456789ab'\n    checked: 2026-11-01\n    result: confirmed\n")
    assert not written.problems and not by_hand.problems
    assert written.entries == by_hand.entries and written.lines == [3] and by_hand.lines == [2]


def test_a_flaw_in_one_entry_of_a_long_record_is_found_at_its_line():
    lines = [f"  - {ENTRY.replace('summary', f'sections[{i}].text')}" for i in range(1, 300)]
    lines[150] = lines[150].replace("2026-11-01", "1 November 2026")
    record = audits.parse(HEADER + "\n".join(lines) + "\n")
    [problem] = record.problems
    assert (problem.line, problem.message) == (153, "'1 November 2026' is not a valid date")
