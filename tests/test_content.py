"""Content rules that can be checked mechanically (the rest is the audit's job)."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT
from mnfu.data.load import RECORD_FILES, load_all
from mnfu.site.resolve import resolve

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("\u2011", "-").split())


def test_every_glossary_expansion_is_traceable_to_a_seed():
    seeds = _normal(" ".join(p.read_text(encoding="utf-8") for p in SEEDS))
    terms = yaml.safe_load((ROOT / "data" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    untraced = [t["abbr"] for t in terms
                if _normal(re.sub(r"\s*\(.*?\)\s*$", "", t["expansion"])) not in seeds]
    assert not untraced, f"expansions not found in the seeds (source them or remove the term): {untraced}"


def test_data_prose_never_names_our_machinery():
    """Readers see data text: it cites sources by title, never 'the article' or 'the seed(s)'."""
    found = []
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        if "schema" in path.parts or path.name in RECORD_FILES:  # the audit record is the editors', unpublished
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = re.sub(r"\bseed_(refs|ref)\b|^seed_document:.*", "", line)  # field names, a file path
            if path.parent.name != "sources":  # a source's own record may say what it is (a Wikipedia article)
                text = re.sub(r"(?i)\bwikipedia(?:'s)?\s+article\b", "the article", text)
            if re.search(r"(?i)\bthe\s+article\b|\bseeds?\b", text):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not found, "\n".join(found)


def test_every_statement_of_the_real_data_has_been_audited():
    """The content audit is complete (data/audit.yaml): an edited statement must be checked again against its
    sources and recorded with `mnfu audit --mark`, or this test fails."""
    from mnfu.checks import audits as audit
    site = resolve(load_all(ROOT / "data"))
    left = audit.unaudited(site, audit.load(ROOT))
    assert not left, "statements not audited since their last edit (check them, then mnfu audit --mark):\n" + "\n".join(
        f"{s.path}: {s.field}" for s in left[:20])


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
    assert not untraced, "names not found in the seeds (use the form the seeds give):\n" + "\n".join(untraced)
