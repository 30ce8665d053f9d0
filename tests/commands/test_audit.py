"""``mnfu audit``: the statements without evidence, a worksheet of them with suggested excerpts, and
recording a filled-in worksheet once its evidence passes the checks (data/audit.yaml).

The project is the fixture data with a seed (seeds/wiki.txt, which the source ``wiki-2025`` stands for):
its reference 1 is ``alpha-2025-07-17``, its reference 2 ``beta-2025``. The checks themselves are tested
one by one in checks/test_evidence.py; the record's format in checks/test_audits.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import TODAY, edit, run
from mnfu.checks import audits

SEED = """Multinational Force – Ukraine
The United Kingdom would co-lead the coalition with France, officials said.[1]
Ukraine would host the force.[1]
The headquarters currently hosts 60 planners.[2]
References
- ^ "Defence Secretary statement". 17 July 2025.
- ^ Mills, Claire. "Proposals for a Coalition".
"""
GB = "data/contributors/gb.yaml"
UA = "data/contributors/ua.yaml"
NO = "data/contributors/no.yaml"
HQ = "data/headquarters/paris-hq.yaml"
LATER = "2026-12-01"


@pytest.fixture
def audited(project: Path) -> Path:
    """The fixture project with a seed, an empty audit record and a pledge citing two sources."""
    (project / "seeds").mkdir()
    (project / "seeds" / "wiki.txt").write_text(SEED, encoding="utf-8")
    sources = project / "data" / "sources"
    (sources / "wiki-2025.yaml").write_text(
        "kind: reference-work\ntitle: Multinational Force – Ukraine\npublished: 2025\nseed_document: seeds/wiki.txt\n"
        "reference_count: 2\n", encoding="utf-8")
    alpha = sources / "alpha-2025-07-17.yaml"
    edit(alpha, "seed_refs: [3]", "seed_refs: [1]")
    beta = sources / "beta-2025.yaml"
    edit(beta, "ref: 90", "ref: 2")  # the reference and its quote (seed_ref: 90)
    gb = project / GB
    edit(gb, "pledges:\n", "pledges:\n  - Planners for the headquarters [@alpha-2025-07-17; @beta-2025].\n")
    (project / audits.AUDIT_FILE).write_text(audits.HEADER, encoding="utf-8")
    return project


def listed(project: Path, capsys) -> str:
    """What ``mnfu audit`` lists."""
    capsys.readouterr()
    assert run(project, "audit") == 0
    return capsys.readouterr().out


def worksheet(project: Path, capsys, *where: str) -> list[dict]:
    """A worksheet of the statements under ``where`` (everything without), written with -o and read back."""
    out = project / "worksheet.json"
    assert run(project, "audit", "--worksheet", *where, "-o", str(out)) == 0
    items = json.loads(out.read_text(encoding="utf-8"))
    assert f"mnfu: {len(items)} statement(s) written to {out}" in capsys.readouterr().out
    return items


def item(items: list[dict], file: str, field: str, **changes) -> dict:
    [found] = [i for i in items if i["file"] == file and i["field"] == field]
    return {**found, **changes}


def record(project: Path, capsys, items: list[dict], *args: str, today: str | None = None) -> tuple[int, str, str]:
    """``mnfu audit --record`` of these items: exit code, out, err."""
    path = project / "filled.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    capsys.readouterr()
    code = run(project, "audit", "--record", str(path), *args, **({"today": _day(today)} if today else {}))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _day(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


LINE_2 = {"doc": "wiki.txt", "line": 2, "text": "The United Kingdom would co-lead the coalition with France"}
LINE_3 = {"doc": "wiki.txt", "line": 3, "text": "Ukraine would host the force."}


# ---------------------------------------------------------------- listing


def test_audit_lists_the_statements_without_evidence(audited: Path, capsys):
    out = listed(audited, capsys)
    assert f"{GB}: summary, sentence 1: The United Kingdom co-leads the coalition with France [@alpha-2025-07-17]." in out
    assert f"{GB}: role.value: lead-nation" in out  # a sourced value is a statement too
    total = len(audits.statements(_site(audited)))
    assert f"mnfu: 0 of {total} statements audited with evidence" in out


def test_a_long_list_is_cut_at_the_limit(audited: Path, capsys):
    assert run(audited, "audit", "--limit", "3") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5 and lines[3].startswith("… and ") and lines[3].endswith(" more")


def _site(project: Path):
    from mnfu.pipeline import load_site

    return load_site(project, TODAY)


# ---------------------------------------------------------------- worksheets


def test_a_worksheet_lists_the_statements_of_a_file_with_suggested_excerpts(audited: Path, capsys):
    items = worksheet(audited, capsys, str(audited / GB))
    assert {i["file"] for i in items} == {GB}
    summary = item(items, GB, "summary")
    assert summary == {
        "file": GB, "field": "summary", "sentence": 1,
        "text": "The United Kingdom co-leads the coalition with France [@alpha-2025-07-17].",
        "cites": ["alpha-2025-07-17"], "evidence": [], "suggested": summary["suggested"], "result": "confirmed", "note": ""}
    assert summary["suggested"][0] == {"doc": "wiki.txt", "line": 2, "text": SEED.splitlines()[1]}
    beta = item(items, GB, "pledges[1].text")  # cites both: suggestions of both
    assert {s["line"] for s in beta["suggested"]} >= {2, 4}


def test_a_worksheet_of_a_folder_and_of_everything(audited: Path, capsys):
    folder = worksheet(audited, capsys, "data/contributors")
    assert {i["file"] for i in folder} == {GB, NO, UA}
    everything = worksheet(audited, capsys)
    assert len(everything) == len(audits.statements(_site(audited))) > len(folder)


# ---------------------------------------------------------------- recording


def test_recording_appends_what_passes_and_reports_the_rest(audited: Path, capsys):
    items = worksheet(audited, capsys)
    filled = [
        item(items, UA, "summary", evidence=[LINE_3]),  # passes
        item(items, GB, "summary", evidence=[LINE_2], note="as officials put it"),  # passes, with hedge warnings
        item(items, GB, "pledges[2].text", evidence=[{**LINE_2, "line": 3}]),  # not at the stated line
        item(items, GB, "pledges[1].text", evidence=[LINE_2]),  # cites beta too: no excerpt of it
        item(items, NO, "summary", evidence=[LINE_3]),  # speaks for alpha; the statement cites beta
        item(items, HQ, "staff[1].value", evidence=[{"doc": "beta-2025", "line": 1,  # a figure in no excerpt
                                                     "text": "The headquarters currently hosts 60 planners."}]),
        item(items, GB, "role.value", evidence=[{"doc": "alpha-2025-07-17", "text": "Defence Secretary statement"}]),
    ]
    code, out, err = record(audited, capsys, filled, "--by", "Tester")
    assert code == 1 and "mnfu: 3 of 7 statement(s) recorded in data/audit.yaml" in out
    problems = err.splitlines()
    assert f"{GB}: summary, sentence 1: warning: the excerpt says 'would'; the statement keeps no such hedge or " \
           "attribution" in problems
    assert f"{GB}: pledges[2].text, sentence 1: excerpt is not at line 3 of wiki.txt (it is at line 2)" in problems
    assert f"{GB}: pledges[1].text, sentence 1: cited source 'beta-2025' has no excerpt (add the excerpt of it the " \
           "statement rests on, or cite only what the excerpts support)" in problems
    assert any(p.startswith(f"{NO}: summary, sentence 1: excerpt from 'wiki.txt' speaks for 'alpha-2025-07-17', "
                            "'gamma-nd', 'wiki-2025', none of which the statement cites") for p in problems)
    assert any(p.startswith(f"{HQ}: staff[1].value: ") and "figure '16' is in no excerpt" in p for p in problems)
    assert not any("sentence 0" in p for p in problems)  # a value is named by its field alone
    entries = audits.load(audited).entries
    assert [(e.file, e.field, e.by, e.checked.isoformat()) for e in entries] == [
        (UA, "summary", "Tester", TODAY.isoformat()), (GB, "summary", "Tester", TODAY.isoformat()),
        (GB, "role.value", "Tester", TODAY.isoformat())]
    assert entries[1].note == "as officials put it" and entries[1].evidence[0].text == LINE_2["text"]
    left = listed(audited, capsys)
    assert f"{UA}: summary" not in left and f"{GB}: summary" not in left and f"{GB}: pledges[2].text" in left
    assert "mnfu: 3 of " in left


def test_check_reports_what_the_audit_lists(audited: Path, capsys):
    items = worksheet(audited, capsys)
    record(audited, capsys, [item(items, UA, "summary", evidence=[LINE_3])])
    assert run(audited, "check") == 1
    out = capsys.readouterr().out
    gb_line = next(i for i, line in enumerate((audited / GB).read_text().splitlines(), 1) if line.startswith("summary"))
    assert f"{GB}:{gb_line}:10: error: summary, sentence 1: statement has not been audited: no evidence recorded" in out
    assert not [line for line in out.splitlines() if line.startswith(f"{UA}:") and "error: summary, sentence 1" in line]
    assert [line for line in out.splitlines() if line.startswith(f"{UA}:") and "role.value" in line]


def test_recording_never_erases_earlier_entries(audited: Path, capsys):
    items = worksheet(audited, capsys)
    ua = item(items, UA, "summary", evidence=[LINE_3])
    assert record(audited, capsys, [ua], "--by", "First")[0] == 0
    before = (audited / audits.AUDIT_FILE).read_text(encoding="utf-8")
    assert record(audited, capsys, [{**ua, "result": "corrected", "note": "checked again"}], "--by", "Second",
                  today=LATER)[0] == 0
    after = (audited / audits.AUDIT_FILE).read_text(encoding="utf-8")
    assert after.startswith(before) and after.count("\n  - ") == 2  # appended: the first check stays as history
    entries = audits.load(audited)
    assert [(e.by, e.result) for e in entries.entries] == [("First", "confirmed"), ("Second", "corrected")]
    [current] = entries.current().values()
    assert (current.by, current.checked.isoformat(), current.note) == ("Second", LATER, "checked again")


def test_an_edit_makes_a_statement_unaudited_again(audited: Path, capsys):
    items = worksheet(audited, capsys)
    assert record(audited, capsys, [item(items, UA, "summary", evidence=[LINE_3])])[0] == 0
    assert f"{UA}: summary" not in listed(audited, capsys)
    ua = audited / UA
    edit(ua, "would host the force", "would host the whole force")
    assert f"{UA}: summary, sentence 1: Ukraine would host the whole force" in listed(audited, capsys)
    assert len(audits.load(audited).entries) == 1  # the old entry stays, for a text that is no more


def test_a_statement_that_moves_within_its_file_keeps_its_audit(audited: Path, capsys):
    items = worksheet(audited, capsys)
    pledge = item(items, GB, "pledges[2].text", evidence=[{"doc": "alpha-2025-07-17", "text": "Defence Secretary"}])
    assert pledge["text"].startswith("Staff for the headquarters")
    assert record(audited, capsys, [pledge])[0] == 0
    gb = audited / GB
    edit(gb, "  - Planners for the headquarters [@alpha-2025-07-17; @beta-2025].\n", "")
    out = listed(audited, capsys)
    assert f"{GB}: pledges[1].text" not in out  # the same text, now the first pledge: still audited
    assert f"{GB}: summary, sentence 1" in out and "mnfu: 1 of " in out


def test_the_coverage_page_counts_statements_with_evidence(audited: Path, capsys):
    items = worksheet(audited, capsys)
    record(audited, capsys, [item(items, UA, "summary", evidence=[LINE_3]),
                             item(items, GB, "summary", evidence=[LINE_2])])
    audits_path = audited / audits.AUDIT_FILE  # an entry with no evidence does not count
    with audits_path.open("a", encoding="utf-8") as handle:
        digest = next(s.digest for s in audits.statements(_site(audited)) if s.path == NO and s.field == "summary")
        handle.write(f'  - {{"file": "{NO}", "field": "summary", "sentence": 1, "hash": "{digest}", '
                     f'"checked": "2026-11-23", "result": "confirmed"}}\n')
    assert run(audited, "generate", "-q", today=_day("2026-11-23")) == 0
    total = len(audits.statements(_site(audited)))
    page = (audited / "docs" / "ref" / "coverage.md").read_text(encoding="utf-8")
    assert f"| Statements with their evidence recorded | 2 of {total} (latest 23 November 2026) |" in page


# ---------------------------------------------------------------- mistakes


def test_a_worksheet_that_cannot_be_read_or_names_no_statement(audited: Path, capsys):
    assert run(audited, "audit", "--record", str(audited / "missing.json")) == 2
    assert "cannot read the worksheet" in capsys.readouterr().err
    (audited / "object.json").write_text('{"file": "x"}', encoding="utf-8")
    assert run(audited, "audit", "--record", str(audited / "object.json")) == 2
    assert "a worksheet is a JSON list of statements" in capsys.readouterr().err
    code, out, err = record(audited, capsys, [{"file": GB, "field": "summary", "sentence": 1, "text": "Not in the data.",
                                               "evidence": [LINE_2]},
                                              {"file": GB, "field": "summary", "sentence": 1, "evidence": [{"doc": ""}]}])
    assert code == 1 and "0 of 2 statement(s) recorded" in out
    assert "no such statement in the data (edit the data first, then copy its text here)" in err
    assert (audited / audits.AUDIT_FILE).read_text(encoding="utf-8") == audits.HEADER  # nothing written


def test_a_project_without_an_audit_record_is_not_told_about_one(project: Path, capsys):
    assert run(project, "check") == 0
    assert "audited" not in capsys.readouterr().out
    assert run(project, "audit") == 0  # the list is still there to start one
    assert "mnfu: 0 of " in capsys.readouterr().out


def test_a_sample_for_an_independent_fact_check(audited: Path, capsys):
    """--sample N: audited statements only, with their evidence and without suggestions, drawn again the
    same with the same seed, and never one of an earlier sample's."""
    items = worksheet(audited, capsys)
    record(audited, capsys, [item(items, UA, "summary", evidence=[LINE_3]),
                             item(items, GB, "summary", evidence=[LINE_2])])

    def draw(*args: str) -> list[dict]:
        out = audited / "sample.json"
        capsys.readouterr()
        assert run(audited, "audit", "--worksheet", "--sample", "5", *args, "-o", str(out)) == 0
        return json.loads(out.read_text(encoding="utf-8"))

    first = draw("--seed", "7")
    assert sorted(x["file"] for x in first) == sorted([UA, GB])  # the two audited statements, no others
    assert all(x["evidence"] and "suggested" not in x for x in first)
    assert "seed 7" in capsys.readouterr().err
    assert draw("--seed", "7") == first
    earlier = audited / "earlier.json"
    earlier.write_text(json.dumps([x for x in first if x["file"] == UA]), encoding="utf-8")
    assert [x["file"] for x in draw("--seed", "7", "--exclude", str(earlier))] == [GB]
    capsys.readouterr()
    assert run(audited, "audit", "--worksheet", "--sample", "5", "--exclude", str(audited / "none.json")) == 2
    assert "cannot read an earlier sample" in capsys.readouterr().err


def test_two_values_that_read_the_same_are_recorded_each_at_its_place(audited: Path, capsys):
    """Two values of one file with the same text are two statements: each item is recorded against the
    statement at its own field, not both against the first with that text."""
    hq = audited / HQ
    line = "  - {value: 60 planners from 16 nations, as_of: 2025-11-17, sources: [{source: beta-2025, locator: \"02:34\"}]}\n"
    same = line.replace("60 planners from 16 nations", "60 planners")
    edit(hq, line, same + same.replace("2025-11-17", "2025-11-18"))
    items = worksheet(audited, capsys, HQ)
    quote = {"doc": "beta-2025", "line": 1, "text": "The headquarters currently hosts 60 planners."}
    code, out, _ = record(audited, capsys, [item(items, HQ, f"staff[{n}].value", evidence=[quote]) for n in (1, 2)])
    assert code == 0 and "2 of 2" in out
    entries = [(e.field, e.file) for e in audits.load(audited).entries]
    assert entries.count(("staff[1].value", HQ)) == 1 and entries.count(("staff[2].value", HQ)) == 1
