"""A :class:`~mnfu.history.changes.Diff` as the reviewer reads it: Markdown for the pull-request comment,
JSON for tools.

The Markdown starts with a one-line summary, then per entity what changed word by word and each new or
changed statement beside its evidence (the excerpts it rests on, quoted with their document and line),
then what the audit record gained, the sources no longer cited and the pages and downloads that change.
It is posted as a GitHub comment, so every text from the data goes through ``mnfu.site.escape``'s
``gfm_*`` functions, and it is bounded (about ``LIMIT`` characters): statements are shown with their
excerpts while there is room, then one line each, and entities past the limit are named, not shown. The
JSON carries everything, uncut.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict
from typing import Any

from mnfu.history.changes import AuditChange, Diff, EntityChange, FieldChange, StatementChange
from mnfu.pages import format_date
from mnfu.site.escape import gfm_block, gfm_code, gfm_inline, md_url

LIMIT = 45_000  # characters of Markdown in all (--limit); the comment's poster allows 60,000
FULL_SHARE = 0.5  # of the room left for the entities, what statements with their excerpts may take
FULL_STATEMENTS = 20  # statements shown with their excerpts, at most
FIELDS = 40  # changed values listed per entity
FIELD_CHARS = 1500  # characters of text in one value's word diff
STATEMENT_CHARS = 120  # characters of a statement shown on one line
EXCERPT_CHARS = 400  # characters of one excerpt
AUDIT_LINES = 20  # audit entries listed
AUDIT_FULL = 5  # re-checked statements (text unchanged) shown with their excerpts in the audit section
NAMES = 40  # entities named when there is no room to show them
PAGES = 60  # pages listed
PROBLEMS = 20  # data problems listed per version


def to_json(diff: Diff) -> str:
    """The diff as JSON, for tools: everything the Markdown shows, nothing cut."""
    return json.dumps(asdict(diff), indent=2, ensure_ascii=False, default=str) + "\n"


# ---------------------------------------------------------------- small pieces


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _cut(text: Any, limit: int) -> str:
    """At most about ``limit`` characters, cut at a space, with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _size(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _date(value: Any) -> str:
    try:
        return format_date(str(value))
    except (ValueError, IndexError):
        return gfm_inline(value)


def words_md(pieces: list[tuple[str, str]], limit: int = FIELD_CHARS) -> str:
    """A word diff in GitHub Markdown: ~~removed~~ and **added** words, unchanged words plain, ``…`` for
    unchanged words left out; cut after about ``limit`` characters of text."""
    out: list[str] = []
    left = limit
    for op, text in pieces:
        if op == "…":
            out.append("…")
            continue
        if left <= 0:
            out.append("*(cut here: the JSON output has all of it)*")
            break
        shown = _cut(text, left)
        left -= len(shown)
        body = gfm_inline(shown)
        out.append(f"~~{body}~~" if op == "-" else f"**{body}**" if op == "+" else body)
    return " ".join(out)


def _label(field: Any, sentence: Any) -> str:
    """``summary``, sentence 2 — or the field alone for a sourced value."""
    return f"{gfm_code(field)}, sentence {sentence}" if sentence else gfm_code(field)


def _checked(audit: dict[str, Any]) -> str:
    """'confirmed by Editor on 3 December 2026'."""
    text = gfm_inline(audit.get("result") or "checked")
    if audit.get("by"):
        text += f" by {gfm_inline(audit['by'])}"
    if audit.get("checked"):
        text += f" on {_date(audit['checked'])}"
    return text


def _note(audit: dict[str, Any], limit: int = 400) -> str:
    """' Note: …', ending with a full stop."""
    if not audit.get("note"):
        return ""
    note = _cut(audit["note"], limit)
    return f" Note: {gfm_inline(note)}" + ("" if note.endswith((".", "!", "?", "…")) else ".")


def _excerpts(audit: dict[str, Any], indent: str) -> list[str]:
    """Each excerpt as a quotation, with its document and line (a seed's line, or a source's quote)."""
    lines: list[str] = []
    for excerpt in audit.get("evidence") or []:
        doc = str(excerpt.get("doc", ""))
        where = gfm_code(doc)
        if excerpt.get("line") is not None:
            where += (", line " if re.search(r"\.[A-Za-z0-9]+$", doc) else ", quote ") + str(excerpt["line"])
        lines += [indent.rstrip(), f"{indent}> {gfm_block(_cut(excerpt.get('text', ''), EXCERPT_CHARS))}",
                  f"{indent}> — {where}"]
    return lines


def _without_evidence(audit: dict[str, Any] | None) -> str:
    if audit is None:
        return " — **no evidence recorded** (not checked)"
    if not audit.get("evidence"):
        return f" — **no evidence recorded** ({_checked(audit)})"
    return ""


# ---------------------------------------------------------------- entities


class _Budget:
    """What is left for statements shown with their excerpts."""

    def __init__(self, chars: int) -> None:
        self.full = FULL_STATEMENTS
        self.chars = chars


def statement_md(s: StatementChange, budget: _Budget) -> list[str]:
    """A new or changed statement: its text, then its excerpts quoted with their document and line and
    who checked it; or 'no evidence recorded'. One line (text cut, excerpts counted) once the budget
    for full statements is spent."""
    head = f"- {_label(s.field, s.sentence)}: "
    missing = _without_evidence(s.audit)
    if missing:
        text = s.text if budget.full > 0 else _cut(s.text, STATEMENT_CHARS)
        return [head + gfm_inline(text) + missing]
    audit = s.audit or {}
    checked = _checked(audit)
    full = [head + gfm_inline(s.text), *_excerpts(audit, "  "), "", f"  {checked[:1].upper()}{checked[1:]}.{_note(audit)}"]
    if budget.full > 0 and _size(full) <= budget.chars:
        budget.full -= 1
        budget.chars -= _size(full)
        return full
    count = _plural(len(audit.get("evidence") or []), "excerpt")
    return [head + gfm_inline(_cut(s.text, STATEMENT_CHARS)) + f" — {count}, {_checked(audit)}"]


def _field_md(f: FieldChange) -> str:
    label = gfm_code(f.path) + (" (added)" if f.old is None else " (removed)" if f.new is None else "")
    return f"- {label}: {words_md(f.words) if f.words else gfm_inline(_cut('' if f.new is None else f.new, FIELD_CHARS))}"


def _moved(f: FieldChange) -> str:
    where = gfm_code(f.path.rsplit(".as_of", 1)[0] or "entry")
    old, new = ("∅" if v is None else gfm_inline(v) for v in (f.old, f.new))
    return f"- `as_of` of {where} moved: {old} → {new}"


def _title(change: EntityChange) -> str:
    title = (f"### {change.status.capitalize()}: {gfm_inline(change.name)} "
             f"({change.kind.replace('_', ' ')}, {gfm_code(change.id)})")
    return title + (f", was {gfm_code(change.old_id)}" if change.old_id else "")


def entity_md(change: EntityChange, budget: _Budget) -> list[str]:
    """One entity's section: its title, values changed word by word, citations and dates, and its new or
    changed statements with their evidence."""
    lines = [_title(change), ""]
    items: list[str] = []
    if change.status != "added":
        items += [_field_md(f) for f in change.fields[:FIELDS]]
        if len(change.fields) > FIELDS:
            items.append(f"- … and {_plural(len(change.fields) - FIELDS, 'more value')} (the JSON output lists them)")
    items += [_moved(f) for f in change.as_of_moved]
    items += [f"- citation added to {gfm_code(name)}: " + ", ".join(gfm_code(i) for i in ids)
              for name, ids in change.cites_added.items()]
    items += [f"- citation removed from {gfm_code(name)}: " + ", ".join(gfm_code(i) for i in ids)
              for name, ids in change.cites_removed.items()]
    if items:
        lines += [*items, ""]
    if change.statements:
        without = sum(1 for s in change.statements if not (s.audit or {}).get("evidence"))
        what = "Its statements" if change.status == "added" else "New or changed statements"
        lines += [f"{what} and their evidence ({_plural(len(change.statements), 'statement')}"
                  + (f", **{without} without evidence**" if without else "") + "):", ""]
        for s in change.statements:
            lines += statement_md(s, budget)
        lines.append("")
    if change.statements_removed:
        lines += [f"{_plural(change.statements_removed, 'statement')} removed.", ""]
    return lines


def entity_brief(change: EntityChange) -> list[str]:
    """An entity's title and counts, when the comment has no room for more."""
    parts = []
    if change.fields or change.as_of_moved:
        parts.append(_plural(len(change.fields) + len(change.as_of_moved), "value") + " changed")
    if change.statements:
        without = sum(1 for s in change.statements if not (s.audit or {}).get("evidence"))
        parts.append(_plural(len(change.statements), "statement") + " new or changed"
                     + (f" (**{without} without evidence**)" if without else ""))
    return [_title(change), "", "; ".join(parts).capitalize() + (". " if parts else "")
            + "*Not shown in full, to keep this comment short.*", ""]


# ---------------------------------------------------------------- the audit record


def _entry_line(a: AuditChange) -> str:
    e = a.entry
    count = _plural(len(e.get("evidence") or []), "excerpt")
    return f"- {gfm_code(e.get('file', '?'))}, {_label(e.get('field', '?'), e.get('sentence'))}: " \
           f"{_checked(e)}, {count}.{_note(e, 200)}"


def audits_md(diff: Diff) -> list[str]:
    """What the audit record gained and lost: counts by result and by person; entries for text that is
    not in the data at HEAD (a warning); entries that re-check a statement whose text did not change,
    the first few with the statement and its excerpts; and entries removed (the record keeps history)."""
    added = [a for a in diff.audits if a.status == "added"]
    removed = [a for a in diff.audits if a.status == "removed"]
    if not added and not removed:
        return []
    lines = ["### The audit record (`data/audit.yaml`)", ""]
    if added:
        results = Counter(str(a.entry.get("result") or "?") for a in added)
        people = Counter(str(a.entry.get("by") or "no one named") for a in added)
        lines += [f"{_plural(len(added), 'entry', 'entries')} added ("
                  + ", ".join(f"{n} {gfm_inline(r)}" for r, n in results.most_common()) + "), by "
                  + ", ".join(f"{gfm_inline(p)} ({n})" for p, n in people.most_common()) + ".", ""]
        changed = {(c.path, s.hash) for c in diff.entities for s in c.statements}
        above = [a for a in added if (a.entry.get("file"), a.entry.get("hash")) in changed]
        stale = [a for a in added if a.current is False]
        again = [a for a in added if a not in above and a not in stale]
        if above:
            lines += [f"{_plural(len(above), 'entry', 'entries')} for the new or changed statements above.", ""]
        if stale:
            lines += [f"**{_plural(len(stale), 'entry is', 'entries are')} for text that is not in the data at "
                      f"{gfm_code(diff.head)}** (the statement was edited after it was checked, or the entry "
                      "names the wrong file):", ""]
            lines += [_entry_line(a) + f" (Hash {gfm_code(a.entry.get('hash', '?'))}.)" for a in stale[:AUDIT_LINES]]
            if len(stale) > AUDIT_LINES:
                lines.append(f"- … and {len(stale) - AUDIT_LINES} more (the JSON output lists them)")
            lines.append("")
        if again:
            lines += [f"{_plural(len(again), 'statement')} whose text did not change checked again:", ""]
            for i, a in enumerate(again[:AUDIT_LINES]):
                lines.append(_entry_line(a))
                if i < AUDIT_FULL and a.text is not None:
                    lines += ["", f"  Statement: {gfm_inline(a.text)}", *_excerpts(a.entry, "  ")]
            if len(again) > AUDIT_LINES:
                lines.append(f"- … and {len(again) - AUDIT_LINES} more (the JSON output lists them)")
            lines.append("")
    if removed:
        lines += [f"**{_plural(len(removed), 'entry', 'entries')} removed from the record**, which keeps every "
                  "check as the statement's history:", ""]
        lines += [_entry_line(a) for a in removed[:AUDIT_LINES]]
        if len(removed) > AUDIT_LINES:
            lines.append(f"- … and {len(removed) - AUDIT_LINES} more")
        lines.append("")
    return lines


# ---------------------------------------------------------------- pages


def _link(page: str, site_url: str) -> str:
    if site_url:
        return f"[{gfm_inline(page or 'home page')}]({md_url(site_url + page)})"
    return gfm_code(page or "/")


def pages_md(diff: Diff, site_url: str) -> list[str]:
    """The pages and downloads that change: from both versions rendered, or guessed (with why)."""
    lines: list[str] = []
    listed = ", ".join(_link(p, site_url) for p in diff.pages[:PAGES])
    if len(diff.pages) > PAGES:
        listed += f" and {len(diff.pages) - PAGES} more (the JSON output lists them)"
    if diff.pages_rendered:
        verb = "changes" if len(diff.pages) == 1 else "change"
        lines.append(f"**{_plural(len(diff.pages), 'page')} {verb}:** {listed}" if diff.pages else "**No page changes.**")
        wide = {"navigation": "its navigation", "abbreviations": "its abbreviations' tooltips"}
        if diff.site_wide:
            lines.append("Every page changes as well: " + " and ".join(wide.get(w, w) for w in diff.site_wide) + ".")
    elif diff.pages:
        why = f" ({gfm_inline(diff.pages_note)})" if diff.pages_note else ""
        lines.append(f"**Pages affected, guessed from what changed{why}:** {listed}")
    if diff.downloads:
        data = [d for d in diff.downloads if d.startswith("ref/data/")]
        parts = [gfm_code(d.rsplit("/", 1)[-1]) for d in diff.downloads if d not in data][:PAGES]
        if data:
            parts.append(_plural(len(data), "published data file"))
        lines.append(f"**Downloads that change:** {', '.join(parts)}")
    if diff.entities and lines:
        lines.append("Once merged, the Recent changes page and its feed list this change too.")
    return [line for item in lines for line in (item, "")]


# ---------------------------------------------------------------- the whole


def summary_md(diff: Diff) -> str:
    """The first line under the title: entities, statements and evidence, audit entries, pages."""
    counts = Counter(c.status for c in diff.entities)
    parts = [("Entities: " + ", ".join(f"{counts[s]} {s}" for s in ("added", "removed", "renamed", "changed")
                                       if counts[s])) if diff.entities else "No change to the data"]
    statements = [s for c in diff.entities for s in c.statements]
    if statements:
        without = sum(1 for s in statements if not (s.audit or {}).get("evidence"))
        parts.append(f"{_plural(len(statements), 'statement')} new or changed, "
                     + (f"**{without} without evidence**" if without else "all with evidence"))
    added = sum(1 for a in diff.audits if a.status == "added")
    stale = sum(1 for a in diff.audits if a.status == "added" and a.current is False)
    if added:
        parts.append(f"{_plural(added, 'audit entry', 'audit entries')} added"
                     + (f" (**{stale} for text not in the data**)" if stale else ""))
    if len(diff.audits) > added:
        parts.append(f"**{_plural(len(diff.audits) - added, 'audit entry', 'audit entries')} removed**")
    verb = " changes" if len(diff.pages) == 1 else " change"
    if diff.pages_rendered:
        parts.append(_plural(len(diff.pages), "page") + verb
                     + (", and every page's " + " and ".join(diff.site_wide) if diff.site_wide else ""))
    elif diff.pages:
        parts.append(f"about {_plural(len(diff.pages), 'page')}{verb} (guessed)")
    if diff.uncited_sources:
        parts.append(f"{_plural(len(diff.uncited_sources), 'source')} no longer cited")
    return "; ".join(parts) + "."


def to_markdown(diff: Diff, site_url: str = "", limit: int = LIMIT) -> str:
    """The diff as Markdown, for a pull-request comment (links to the pages when the address is known):
    about ``limit`` characters at most (0: no limit), the summary first."""
    limit = limit or 10**9
    head = [f"## What this change does to the site ({gfm_code(diff.base)} → {gfm_code(diff.head)})", "",
            summary_md(diff), ""]
    for label, problems in diff.errors.items():
        head += [f"**The data at {gfm_code(label)} has {_plural(len(problems), 'problem')}:**", ""]
        head += [f"- {gfm_code(p)}" for p in problems[:PROBLEMS]]
        if len(problems) > PROBLEMS:
            head.append(f"- … and {len(problems) - PROBLEMS} more (`mnfu check` lists them)")
        head.append("")
    if diff.entities and not diff.statements_known:
        head += ["Statements and their evidence are not shown: the data of a version has problems.", ""]
    tail = audits_md(diff)
    if diff.uncited_sources:
        tail += ["**Sources no longer cited anywhere:** " + ", ".join(gfm_code(s) for s in diff.uncited_sources), ""]
    tail += pages_md(diff, site_url)
    room = limit - _size(head) - _size(tail)
    budget = _Budget(int(room * FULL_SHARE))
    body: list[str] = []
    for i, change in enumerate(diff.entities):
        # What naming the entities after this one would take, should the room run out there.
        reserve = 300 + 80 * min(len(diff.entities) - i - 1, NAMES)
        block = entity_md(change, budget)
        if _size(block) > room - reserve:  # its statements one line each, and so on for the rest
            budget.full = 0
            block = entity_md(change, budget)
        if _size(block) > room - reserve:
            block = entity_brief(change)
        if _size(block) > room - reserve:
            rest = diff.entities[i:]
            names = ", ".join(f"{gfm_inline(_cut(c.name, 40))} ({gfm_code(c.id)})" for c in rest[:NAMES])
            more = f" and {len(rest) - NAMES} more" if len(rest) > NAMES else ""
            body += [f"*Not shown here, to keep this comment short ({_plural(len(rest), 'entity', 'entities')}): "
                     f"{names}{more}. `mnfu diff BASE HEAD --limit 0` shows everything.*", ""]
            break
        body += block
        room -= _size(block)
    return "\n".join(head + body + tail).rstrip("\n") + "\n"
