"""Editorial rules: the real data in data/, audited (not the code). A failure here is an editor's to-do,
and its message says what to do; the code's own tests run on the fixture data (tests/fixtures/).

Marked ``editorial``: ``make test`` runs them with the rest; ``pytest -m "not editorial"`` runs only the
code's tests, ``pytest -m editorial`` only these.
"""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from mnfu.data.load import RECORD_FILES, load_all
from mnfu.site.resolve import resolve

pytestmark = pytest.mark.editorial

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GUIDE = "docs/editing.md"


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("\u2011", "-").split())


def test_every_glossary_expansion_is_traceable_to_a_seed():
    seeds = _normal(" ".join(p.read_text(encoding="utf-8") for p in SEEDS))
    terms = yaml.safe_load((ROOT / "data" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    untraced = [t["abbr"] for t in terms
                if _normal(re.sub(r"\s*\(.*?\)\s*$", "", t["expansion"])) not in seeds]
    assert not untraced, (
        f"data/glossary.yaml: the expansion of {', '.join(untraced)} is not written that way in any seed "
        f"(seeds/*.txt). Write it as the seeds do, or remove the term; see {GUIDE}#covering-the-seeds")


def test_data_prose_never_names_our_machinery():
    """Readers see data text: it cites sources by title, never 'the article' or 'the seed(s)' (the rule
    mnfu check applies to the files it loads, here to every data file)."""
    from mnfu.checks.findings import machinery_lines

    found = []
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        if "schema" in path.parts or path.name in RECORD_FILES:  # the audit record is the editors', unpublished
            continue
        for number, _, line in machinery_lines(path.read_text(encoding="utf-8"), path.parent.name == "sources"):
            found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not found, ("these lines of data call a source 'the article' or 'the seed', words readers do not "
                       "know: name the source by its title instead (CONTRIBUTING.md, 'Content standards'):\n"
                       + "\n".join(found))


def test_every_statement_of_the_real_data_has_been_audited():
    """The content audit is complete: every statement has evidence in data/audit.yaml that passes the
    checks. The same errors as ``mnfu check`` reports (mnfu.checks.audits.findings, with the field policies
    of pyproject.toml); warnings are left to the editors' judgement."""
    from mnfu.checks import audits
    from mnfu.checks.findings import load_config

    site = resolve(load_all(ROOT / "data"))
    config, _ = load_config(ROOT)
    errors = [d for d in audits.findings(site, ROOT, config.policy) if d.level == "error"]
    files = sorted({d.path for d in errors})
    assert not errors, (
        f"{len(errors)} statement(s) in {len(files)} file(s) have no evidence that passes the checks (mnfu check "
        "lists the same):\n" + "\n".join(d.format() for d in errors[:20])
        + ("\n…" if len(errors) > 20 else "")
        + f"\nTo fix: .venv/bin/mnfu audit --worksheet {files[0] if len(files) == 1 else 'data/'} -o worksheet.json, "
        "fill in the evidence of each statement (the source's own words, verbatim), then "
        "record it with .venv/bin/mnfu audit --record worksheet.json --by YOUR-NAME; "
        f"see {GUIDE}#evidence-what-each-statement-rests-on")


def test_every_organisation_and_precedent_name_is_traceable_to_a_seed():
    """Names (and expansions of abbreviations) come from the seeds, not from what an editor knows: the name
    of each organisation and precedent, without a trailing place or abbreviation in brackets, is in a seed."""
    seeds = " ".join(_normal(p.read_text(encoding="utf-8")) for p in (ROOT / "seeds").glob("*.txt"))
    untraced = []
    for folder in ("organizations", "precedents"):
        for path in sorted((ROOT / "data" / folder).glob("*.yaml")):
            name = yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
            core = re.sub(r"\s*\([^)]*\)", "", name).split(",")[0].strip()
            core = re.sub(r"^NATO ", "", core).removesuffix(" concept")
            if _normal(core) not in seeds:
                untraced.append(f"{path.relative_to(ROOT)}: {name}")
    assert not untraced, ("these names are not written that way in any seed (seeds/*.txt): give the name as the "
                          f"seeds do; see {GUIDE}#covering-the-seeds\n" + "\n".join(untraced))
