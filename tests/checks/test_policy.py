"""Field policies ([tool.mnfu.policy]): what a field's statements' evidence must show."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from mnfu.checks.evidence import following_markers, policy_problems
from mnfu.checks.findings import load_config


def test_figure_policy_wants_the_figure_in_an_excerpts_own_words():
    evidence = [{"doc": "x", "text": "a force of 10,000 to 30,000 soldiers has been suggested"}]
    assert policy_problems("figure", "25,000–30,000 personnel", evidence) != []
    assert "'25000'" in policy_problems("figure", "25,000–30,000 personnel", evidence)[0].message
    assert policy_problems("figure", "10,000–30,000 soldiers", evidence) == []


def test_subject_policy_wants_an_excerpt_naming_the_country():
    about_turkey = [{"doc": "x", "text": "Macron said the working group would involve Turkey closely."}]
    estonia = [{"doc": "x", "text": "Estonia has pledged readiness to send a company-sized unit."}]
    assert policy_problems("subject", "Readiness to send a company.", estonia, ["Estonia"]) == []
    found = policy_problems("subject", "Close involvement.", about_turkey, ["Estonia", "EE"])
    assert found and "Estonia" in found[0].message
    # any of the country's names will do
    assert policy_problems("subject", "x", [{"doc": "x", "text": "The UK will lead."}], ["United Kingdom", "UK"]) == []


def test_attributed_policy_accepts_an_attribution_or_clauses_found_in_the_excerpts():
    evidence = [{"doc": "x", "text": "participation is conditional on a ceasefire, parliament approval and a clear mandate"}]
    assert policy_problems("attributed", "Analysts judge that a ceasefire is needed.", evidence) == []
    assert policy_problems("attributed", "A ceasefire, parliament approval and a clear mandate.", evidence) == []
    found = policy_problems("attributed", "Parliaments need exit criteria to explain how long troops stay.", evidence)
    assert found and found[0].code == "evidence-policy" and found[0].level == "warning"


def test_policies_are_read_from_pyproject_and_mistakes_reported(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mnfu.policy]\n"contributor.pledges" = "subject"\n"contributor.nonesuch" = "figure"\n'
        '"event.summary" = "strict"\n', encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert config.policy == {"contributor.pledges": "subject"}
    messages = [p.message for p in problems]
    assert any("'contributor.nonesuch' is not a kind and field" in m for m in messages)
    assert any("unknown policy 'strict'" in m for m in messages)


def test_an_excerpt_without_markers_is_cited_by_the_markers_that_follow_it():
    line = "Poland pledged logistical support.[92] Norway remains active in planning.[93][7] Russia objects."
    assert following_markers(line, "Norway remains active in planning") == {93, 7}
    assert following_markers(line, "Poland pledged logistical support.") == {92}
    assert following_markers(line, "Russia objects.") == set()
    assert following_markers(line, "not in the line") == set()


def test_the_real_projects_policies_are_valid():
    config, problems = load_config(ROOT)
    assert problems == [] and config.policy["contributor.pledges"] == "subject"


def test_according_to_counts_only_when_someone_follows_it():
    from mnfu.checks.evidence import hedges

    assert hedges("costs apportioned according to pre-agreed formulas") == []
    assert hedges("according to Politico, it would") == ["according to", "would"]
    assert hedges("according to officials") == ["according to"]


def test_a_values_hedge_may_stand_beside_it():
    """A value's attribution is shown with it (given by, its note, the disputed point's topic): the hedge
    check looks there too, and a value given by someone is attributed."""
    from types import SimpleNamespace

    from mnfu.checks.audits import context
    from mnfu.checks.evidence import Documents, check

    figure = SimpleNamespace(value="4–5 brigades", given_by="Andriy Yermak", note="Planned initial size",
                             sources=["a"])
    dispute = SimpleNamespace(topic="Size as planned", values=[figure])
    record = SimpleNamespace(model=SimpleNamespace(disputes=[dispute]))
    value = SimpleNamespace(sentence=0, owner=figure, loc=("disputes", 0, "values", 0, "value"), record=record)
    beside = context(value)
    assert "Andriy Yermak" in beside and "Size as planned" in beside and "Planned initial size" in beside
    docs = Documents(sources={"a": SimpleNamespace(quotes=[SimpleNamespace(text="4 to 5 brigades, Yermak said")],
                                                    title="T", seed_refs=[])})
    evidence = [{"doc": "a", "line": 1, "text": "4 to 5 brigades, Yermak said"}]
    assert [f.code for f in check("4–5 brigades", ["a"], evidence, docs)] == ["evidence-hedge"]
    assert check("4–5 brigades", ["a"], evidence, docs, context=beside) == []
    summary = SimpleNamespace(sentence=2, owner=None, loc=("summary",), record=record)
    assert context(summary) == ""  # an entity's own prose has nothing beside it


def test_a_statement_repeating_ten_words_of_its_excerpt_reads_as_a_copy():
    from mnfu.checks.evidence import copied

    excerpt = "While the government has pledged readiness to send a company-sized unit and naval assets, participation is conditional"
    assert copied("Estonia pledged readiness to send a company-sized unit and naval assets [@x].", excerpt) == \
        ["pledged", "readiness", "to", "send", "a", "company", "sized", "unit", "and", "naval", "assets"]
    assert copied("Estonia said it was ready to send about a company of troops and ships.", excerpt) == []
    # a quotation is meant to be verbatim
    assert copied('Estonia "pledged readiness to send a company-sized unit and naval assets".', excerpt) == []
