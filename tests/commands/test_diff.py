"""mnfu diff and the Recent changes page, on a temporary git repository with known commits."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import GIT_ENV, ROOT, TODAY, copy_project, git, run
from mnfu.cli import main


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The fixture project in git: a first commit, then a commit that changes the data in every way."""
    root = copy_project(tmp_path / "repo")
    sofa = root / "data" / "legal-issues" / "sofa.yaml"
    sofa.write_text(sofa.read_text().replace("[@gamma-nd]", "[@epsilon-2025]"))
    (root / "data" / "sources" / "epsilon-2025.yaml").write_text("kind: analysis\ntitle: A RUSI note\npublished: 2025\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The fixture data")
    data = root / "data"
    gb = data / "contributors" / "gb.yaml"
    gb.write_text(gb.read_text().replace("co-leads the coalition with France [@alpha-2025-07-17].",
                                         "co-leads the coalition with France [@alpha-2025-07-17; @beta-2025]."))
    no = data / "contributors" / "no.yaml"
    no.write_text(no.read_text().replace("as_of: 2025-11", "as_of: 2025-12"))
    (data / "contributors" / "se.yaml").write_text(
        "name: Sweden\nrole: {value: undecided, as_of: 2025-10, sources: [beta-2025]}\n"
        "summary: Sweden has not decided [@beta-2025].\n")
    git(root, "mv", "data/events/2025-09-paris-hq.yaml", "data/events/2025-09-paris-hq-opens.yaml")
    sofa.write_text(sofa.read_text().replace("RUSI argues the agreement is the first step [@epsilon-2025].",
                                             "RUSI argues the agreement is the first step [@alpha-2025-07-17]."))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add Sweden, date Norway's role, cite more", date="2026-11-15T12:00:00Z")
    return root


def test_diff_between_two_commits_matches_the_golden_report(repo: Path, capsys, golden):
    assert run(repo, "diff", "HEAD~1", "HEAD") == 0
    golden("diff/two-commits.md", capsys.readouterr().out)
    assert run(repo, "diff", "HEAD~1", "HEAD", "--format", "json") == 0
    golden("diff/two-commits.json", capsys.readouterr().out)


def test_diff_reports_what_changed(repo: Path, capsys):
    assert run(repo, "diff", "HEAD~1", "HEAD") == 0
    out = capsys.readouterr().out
    assert "### Added: Sweden (contributor, `se`)" in out
    assert "### Renamed: Paris headquarters set up (event, `2025-09-paris-hq-opens`), was `2025-09-paris-hq`" in out
    assert "- `as_of` of `role` moved: 2025-11 → 2025-12" in out
    assert "- citation added to `summary`: `beta-2025`" in out
    assert "- citation removed from `positions[2].text`: `epsilon-2025`" in out
    assert "**Sources no longer cited anywhere:** `epsilon-2025`" in out
    assert "`ref/contributors/se/`" in out and "`ref/timeline/`" in out


def test_diff_against_the_working_tree_and_with_errors(repo: Path, capsys):
    (repo / "data" / "contributors" / "se.yaml").write_text("name: Sweden\nrole: bad\n")
    assert run(repo, "diff", "HEAD") == 0
    out = capsys.readouterr().out
    assert "(`HEAD` → `working tree`)" in out
    assert "**The data at `working tree` has" in out and "data/contributors/se.yaml" in out
    assert "### Changed: Sweden" in out


def test_diff_in_a_shallow_clone_names_what_to_fetch(repo: Path, tmp_path: Path, capsys):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True,
                   env={**os.environ, **GIT_ENV})
    assert main(["--root", str(shallow), "diff", "HEAD~1"]) == 2
    err = capsys.readouterr().err
    assert "revision 'HEAD~1' is not in this clone" in err and "shallow clone" in err and "fetch-depth: 0" in err


def test_recent_changes_page_and_feed_come_from_the_history(repo: Path):
    import feedparser

    assert run(repo, "generate", "-q") == 0
    page = (repo / "docs" / "ref" / "changes.md").read_text()
    # each change is titled by what it did to the data, never by the commit's subject (developers' text)
    assert "## 15 November 2026: added Sweden; renamed Paris headquarters set up;" in page
    assert "Add Sweden, date Norway's role" not in page
    assert "added Sweden" in page and "- Added: [Sweden](contributors/se.md) (contributor)" in page
    assert "- Renamed: [Paris headquarters set up](timeline.md#2025-09-paris-hq-opens) (event)" in page
    assert "## 1 November 2026: added United Kingdom, Norway, Ukraine and 13 more" in page
    feed = feedparser.parse((repo / "docs" / "ref" / "downloads" / "changes.atom").read_text())
    assert not feed.bozo and [e.title for e in feed.entries][0].startswith("2026-11-15: added Sweden")
    assert "last changed 15 November 2026" in (repo / "docs" / "ref" / "contributors" / "se.md").read_text()


def test_without_history_the_page_says_so(project: Path):
    assert run(project, "generate", "-q") == 0
    assert "history of the data is not available" in (project / "docs" / "ref" / "changes.md").read_text()


def test_the_workflows_and_forms_parse_and_post_the_diff():
    """The workflows are valid YAML with the jobs they promise (tests/test_workflows.py lints and rehearses
    them): the feedback job writes the diff to an artifact, the comment workflow posts it."""
    import yaml

    flows = {p.name: yaml.safe_load(p.read_text()) for p in (ROOT / ".github" / "workflows").glob("*.yml")}
    feedback = flows["pull-request-feedback.yml"]["jobs"]["feedback"]["steps"]
    steps = [s.get("run", "") + str(s.get("uses", "")) for s in feedback]
    assert any("mnfu diff" in s for s in steps) and any("upload-artifact" in s for s in steps)
    comment = flows["pull-request-comment.yml"]["jobs"]["comment"]["steps"]
    assert any("scripts/post_comment.py" in s.get("run", "") for s in comment)
    pr = flows["pull-request.yml"]
    assert pr["jobs"]["engines"]["strategy"]["matrix"]["engine"] == ["mkdocs", "properdocs", "zensical"]
    deploy = flows["deploy.yml"]["jobs"]["build"]["steps"]
    assert deploy[0]["with"]["fetch-depth"] == 0
    assert any("MNF" in str(s.get("env", "")) for s in deploy)
    for form in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"):
        yaml.safe_load(form.read_text())


# ---------------------------------------------------------------- statements, evidence, pages (issue 18)


def diff_json(repo: Path, *args: str) -> dict:
    import json

    from mnfu.commands.diff import EXIT_OK

    out = repo.parent / "diff.json"
    assert run(repo, "diff", *args, "--format", "json",
                 "--output", str(out)) == EXIT_OK
    return json.loads(out.read_text())


def diff_md(repo: Path, capsys, *args: str) -> str:
    assert run(repo, "diff", *args) == 0
    return capsys.readouterr().out


def statement_hash(text: str) -> str:
    """A sentence's hash as the audit record keeps it (mnfu.site.statements.Statement.digest)."""
    import hashlib

    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:12]


LONG_SUMMARY = """summary: >-
  The United Kingdom co-leads the coalition with France [@alpha-2025-07-17]. It chairs the planning
  cell that meets in London every month.

  It has offered staff for the headquarters in [[paris-hq|Paris]] [@alpha-2025-07-17]. Its parliament
  has not voted on a deployment.

  Ministers say more will follow once a ceasefire is agreed [@beta-2025].
"""


def test_a_sentence_added_to_a_long_summary_shows_exactly_the_added_words(repo: Path, capsys):
    gb = repo / "data" / "contributors" / "gb.yaml"
    old = gb.read_text()
    start = old.index("summary:")
    gb.write_text(old[:start] + LONG_SUMMARY + old[old.index("\n", start) + 1:])
    git(repo, "commit", "-q", "-am", "A longer summary")
    added = "It would also send engineers [@beta-2025]."
    gb.write_text(gb.read_text().replace("has not voted on a deployment.", f"has not voted on a deployment. {added}"))

    data = diff_json(repo, "HEAD")
    [change] = data["entities"]
    [field] = change["fields"]
    assert field["path"] == "summary"
    assert [text for op, text in field["words"] if op != "=" and op != "…"] == [added]
    assert [op for op, _ in field["words"]][0] == "…"  # the first paragraph is left out, not repeated
    assert [s["text"] for s in change["statements"]] == [added]  # one new statement; the rest kept their text

    out = diff_md(repo, capsys, "HEAD")
    line = next(x for x in out.splitlines() if x.startswith("- `summary`:"))
    assert "**It would also send engineers \\[@&#8203;beta-2025\\].**" in line
    assert line.count("**") == 2 and "~~" not in line
    assert "The United Kingdom co-leads" not in line and "¶ Ministers say more will follow" in line
    assert "- `summary`, sentence 5: It would also send engineers" in out


HOSTILE_NAME = "Sweden <b>bold</b> **x** [y](https://example.org) #"
HOSTILE = ("Sweden <img src=x onerror=alert(1)> has *not* decided [link](javascript:alert(1)) @octocat :smile: "
           "`code` | a ~~b~~ $x$ <!-- c --> &amp; [@beta-2025].")


def _text_of(html_text: str) -> str:
    """The text a reader sees in rendered HTML: tags out, entities and zero-width spaces resolved."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", html_text)).replace("\u200b", "")


def test_markdown_and_html_in_data_show_as_text_in_the_comment(repo: Path, capsys):
    from markdown_it import MarkdownIt

    (repo / "data" / "contributors" / "se.yaml").write_text(
        f"name: {HOSTILE_NAME!r}\nrole: {{value: undecided, as_of: 2025-10, sources: [beta-2025]}}\n"
        f"summary: {HOSTILE!r}\n".replace("'", '"'))
    out = diff_md(repo, capsys, "HEAD")
    assert "@octocat" not in out and ":smile:" not in out  # no one notified, no emoji drawn
    page = MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(out)  # raw HTML on, as on GitHub
    for tag in ("<img", "<a ", "<em>", "<b>", "<table", "<!--"):  # <s> and <strong>: the word diff's own
        assert tag not in page, tag
    title = next(x for x in page.splitlines() if x.startswith("<h3>Changed: Sweden"))
    assert _text_of(title) == f"Changed: {HOSTILE_NAME} (contributor, se)"
    item = next(x for x in page.splitlines() if x.startswith("<li><code>summary</code>, sentence 1:"))
    assert _text_of(item) == f"summary, sentence 1: {HOSTILE} — no evidence recorded (not checked)"
    assert item.count("<strong>") == 1  # ours, not the data's


def test_evidence_is_shown_beside_a_changed_statement(repo: Path, capsys):
    import json

    text = "The United Kingdom co-leads the coalition with France [@alpha-2025-07-17; @beta-2025]."
    checked = {"file": "data/contributors/gb.yaml", "field": "summary", "sentence": 1, "hash": statement_hash(text),
               "checked": "2026-11-20", "result": "confirmed", "note": "both *sources* say so", "by": "Editor",
               "evidence": [{"doc": "alpha-2025-07-17", "line": 1, "text": "> The UK and France will co-lead <it>"},
                            {"doc": "000_seed.txt", "line": 42, "text": "Britain and France lead the coalition.[3]"}]}
    stale = {"file": "data/legal-issues/sofa.yaml", "field": "positions[2].text", "sentence": 1,
             "hash": statement_hash("Some text the data does not hold."), "checked": "2026-11-20",
             "result": "corrected", "by": "Editor", "evidence": []}
    (repo / "data" / "audit.yaml").write_text("audits:\n" + "".join(f"  - {json.dumps(e)}\n" for e in (checked, stale)))

    data = diff_json(repo, "HEAD~1")
    gb = next(c for c in data["entities"] if c["id"] == "gb")
    [statement] = gb["statements"]
    assert statement["text"] == text and statement["audit"]["evidence"] == checked["evidence"]
    assert [(a["status"], a["current"]) for a in data["audits"]] == [("added", True), ("added", False)]

    out = diff_md(repo, capsys, "HEAD~1")
    start = out.index("- `summary`, sentence 1: The United Kingdom")
    assert out[start:].startswith(
        "- `summary`, sentence 1: The United Kingdom co-leads the coalition with France "
        "\\[@&#8203;alpha-2025-07-17; @&#8203;beta-2025\\].\n"
        "\n"
        "  > &gt; The UK and France will co-lead &lt;it&gt;\n"
        "  > — `alpha-2025-07-17`, quote 1\n"
        "\n"
        "  > Britain and France lead the coalition.\\[3\\]\n"
        "  > — `000_seed.txt`, line 42\n"
        "\n"
        "  Confirmed by Editor on 20 November 2026. Note: both \\*sources\\* say so.\n")
    assert "- `positions[2].text`, sentence 1: RUSI argues the agreement is the first step " \
           "\\[@&#8203;alpha-2025-07-17\\]. — **no evidence recorded** (not checked)" in out
    assert "2 entries added (1 confirmed, 1 corrected), by Editor (2)." in out
    assert "1 entry for the new or changed statements above." in out
    assert "**1 entry is for text that is not in the data at `working tree`**" in out
    assert "- `data/legal-issues/sofa.yaml`, `positions[2].text`, sentence 1: corrected by Editor on 20 November 2026" in out
    assert out.splitlines()[2].startswith("Entities: 1 added, 1 renamed, 3 changed; 4 statements new or changed, "
                                          "**3 without evidence**; 2 audit entries added (**1 for text not in the data**)")


def _rendered(repo: Path, revision: str, tmp: Path) -> dict[str, str]:
    """Every generated file of a revision, rendered straight from the pipeline (path under docs/ -> text)."""
    import io
    import tarfile

    from mnfu.pipeline import load_site, outputs_iter

    archive = subprocess.run(["git", "-C", str(repo), "archive", revision, "data", "templates"], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tmp, filter="data")
    site = load_site(tmp, TODAY)
    return {o.path: o.text for o in outputs_iter(tmp, site, TODAY, history=False)}


def test_pages_affected_are_the_pages_whose_rendered_text_changes(repo: Path, tmp_path: Path):
    from mnfu.history.changes import SITE_WIDE, site_path

    gb = repo / "data" / "contributors" / "gb.yaml"
    gb.write_text(gb.read_text().replace("value: lead-nation", "value: troop-pledge")
                  .replace("co-leads the coalition with France [@alpha-2025-07-17; @beta-2025]",
                           "co-leads the coalition with France [@alpha-2025-07-17; @delta-2024]"))
    git(repo, "commit", "-q", "-am", "One contributor: its role and a citation")

    data = diff_json(repo, "HEAD~1", "HEAD")
    before, after = _rendered(repo, "HEAD~1", tmp_path / "a"), _rendered(repo, "HEAD", tmp_path / "b")
    differ = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert data["pages_rendered"] and data["pages_note"] is None
    assert data["pages"] == sorted({site_path(p) for p in differ if p.endswith(".md") and p not in SITE_WIDE})
    assert data["downloads"] == sorted(p for p in differ if not p.endswith(".md") and p not in SITE_WIDE)
    # Beyond the contributor's own page: the table of contributors, the map, the statistics by role, and
    # the bibliography pages of the source cited and of the one no longer cited by it.
    assert {"ref/contributors/gb/", "ref/contributors/", "ref/map/", "ref/statistics/", "ref/sources/d/",
            "ref/sources/b/"} <= set(data["pages"])
    assert "ref/contributors/no/" not in data["pages"] and "ref/timeline/" not in data["pages"]
    assert "ref/downloads/contributors.csv" in data["downloads"]


def test_when_a_version_cannot_be_rendered_the_pages_are_guessed_and_it_says_why(repo: Path, capsys):
    template = repo / "templates" / "contributor.md.j2"
    template.write_text(template.read_text() + "{{ no_such_value }}\n")
    gb = repo / "data" / "contributors" / "gb.yaml"
    gb.write_text(gb.read_text().replace("value: lead-nation", "value: troop-pledge"))
    git(repo, "commit", "-q", "-am", "A broken template")

    data = diff_json(repo, "HEAD~1", "HEAD")
    assert not data["pages_rendered"] and data["pages"] == ["ref/contributors/gb/"]
    assert data["pages_note"].startswith("the pages at HEAD could not be rendered: templates/contributor.md.j2:")
    assert data["statements_known"]  # the data itself is fine
    out = diff_md(repo, capsys, "HEAD~1", "HEAD")
    assert "**Pages affected, guessed from what changed (the pages at HEAD could not be rendered: " \
           "templates/contributor.md.j2:" in out
    assert "about 1 page changes (guessed)" in out.splitlines()[2]


def test_an_audit_entry_removed_from_the_record_is_flagged(repo: Path, capsys):
    import json

    entry = {"file": "data/contributors/no.yaml", "field": "summary", "sentence": 1, "hash": "0123456789ab",
             "checked": "2026-11-20", "result": "confirmed", "by": "Editor"}
    (repo / "data" / "audit.yaml").write_text(f"audits:\n  - {json.dumps(entry)}\n")
    git(repo, "add", "data/audit.yaml")
    git(repo, "commit", "-q", "-m", "An audit")
    (repo / "data" / "audit.yaml").write_text("audits:\n")
    out = diff_md(repo, capsys, "HEAD")
    assert out.splitlines()[2].startswith("No change to the data; **1 audit entry removed**")
    assert "**1 entry removed from the record**" in out
    assert "- `data/contributors/no.yaml`, `summary`, sentence 1: confirmed by Editor on 20 November 2026" in out


def test_the_comment_stays_within_its_limit_and_starts_with_the_summary():
    """A change too large for one comment: statements with their excerpts while there is room, then one
    line each, then entities by title and counts, then by name; the summary first; JSON keeps it all."""
    import json
    import re

    from mnfu.history import report
    from mnfu.history.changes import Diff, EntityChange, FieldChange, StatementChange
    from mnfu.history.words import word_diff

    excerpt = {"doc": "000_seed.txt", "line": 7, "text": "Quoted words of the source, " * 20}
    audit = {"result": "confirmed", "by": "Editor", "checked": "2026-11-20", "evidence": [excerpt] * 3}
    diff = Diff("main", "HEAD", pages_rendered=True, pages=[f"ref/contributors/c{i}/" for i in range(400)])
    old, new = "Old words of the summary. " * 30, "New words of the summary. " * 30
    words = word_diff(old, new)
    for i in range(400):
        change = EntityChange("contributor", f"c{i}", f"data/contributors/c{i}.yaml", f"Country {i}", "changed")
        change.fields = [FieldChange(f"pledges[{j}].text", old, new, words) for j in range(5)]
        change.statements = [StatementChange("summary", j, f"Statement {j} of country {i}.", f"{i:06d}{j:06d}",
                                             audit if j % 3 else None) for j in range(1, 11)]
        diff.entities.append(change)

    out = report.to_markdown(diff)
    assert len(out) <= report.LIMIT
    lines = out.splitlines()
    assert lines[0] == "## What this change does to the site (`main` → `HEAD`)"
    assert lines[2].startswith("Entities: 400 changed; 4000 statements new or changed, **1200 without evidence**;")
    assert 0 < out.count("  > — `000_seed.txt`, line 7") <= 3 * report.FULL_STATEMENTS
    assert "— 3 excerpts, confirmed by Editor on 20 November 2026" in out  # one line each, once past the budget
    assert "*Not shown in full, to keep this comment short.*" in out
    assert re.search(r"\*Not shown here, to keep this comment short \(\d+ entities\): Country \d+ \(`c\d+`\), .* and "
                     r"\d+ more\. `mnfu diff BASE HEAD --limit 0` shows everything\.\*", out)
    assert "**400 pages change:**" in out and " and 340 more (the JSON output lists them)" in out
    everything = report.to_markdown(diff, limit=0)
    assert len(everything) > 3 * report.LIMIT and "Not shown" not in everything
    assert sum(len(c["statements"]) for c in json.loads(report.to_json(diff))["entities"]) == 4000
