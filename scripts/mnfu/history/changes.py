"""A semantic diff of the data between two versions: what a change does to the site, not to the YAML.

Pure: works on the text of the data files at each version (``history`` reads them) and parses them
without validating, so a version with errors still compares. Reports entities added, removed and
renamed; per changed entity the fields that changed (old -> new), the citations added or removed per
statement and the ``as_of`` dates that moved; the sources no longer cited anywhere; and the pages of the
site that change.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from mnfu.data.load import kind_of, parse_text
from mnfu.errors import DataError
from mnfu.site.resolve import ANCHOR_KINDS, PAGE_KINDS, source_letter

_CITE = re.compile(r"\[(@[^\[\]]*)\]")
_SOURCE_ID = re.compile(r"@([a-z0-9]+(?:-[a-z0-9]+)*)")


@dataclass
class FieldChange:
    """One value that changed: its path in the file, and the values before and after (None: absent)."""

    path: str
    old: Any
    new: Any


@dataclass
class EntityChange:
    """What changed in one data file."""

    kind: str
    id: str
    path: str
    name: str
    status: str  # added | removed | changed | renamed
    old_id: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    cites_added: dict[str, list[str]] = field(default_factory=dict)  # statement path -> source ids
    cites_removed: dict[str, list[str]] = field(default_factory=dict)
    as_of_moved: list[FieldChange] = field(default_factory=list)


@dataclass
class Diff:
    """The whole difference between two versions of the data."""

    base: str
    head: str
    entities: list[EntityChange] = field(default_factory=list)
    uncited_sources: list[str] = field(default_factory=list)  # cited at base, cited nowhere at head
    pages: list[str] = field(default_factory=list)  # site pages (paths below the site root) that change
    errors: dict[str, list[str]] = field(default_factory=dict)  # version -> problems found in its data

    @property
    def empty(self) -> bool:
        """No change to the data."""
        return not self.entities


def parse_files(files: dict[str, str]) -> tuple[dict[tuple[str, str], tuple[str, Any]], list[str]]:
    """(kind, id) -> (path, data) for every data file, and the problems of those that do not parse."""
    parsed: dict[tuple[str, str], tuple[str, Any]] = {}
    problems: list[str] = []
    for path, text in sorted(files.items()):
        kind = kind_of(path)
        if kind is None:
            continue
        try:
            data, _, _ = parse_text(text, path, positions=False)
        except DataError as exc:
            problems += [d.format().splitlines()[0] for d in exc.diagnostics]
            continue
        parsed[(kind, path.rsplit("/", 1)[-1][: -len(".yaml")])] = (path, data)
    return parsed, problems


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list):
        out = {}
        for i, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}[{i}]"))
        return out or {prefix: []}
    return {prefix: value}


def _cited(value: Any) -> set[str]:
    """Source ids a value cites: inline [@id] in text, and the ids of `sources` lists."""
    found: set[str] = set()
    for path, item in _flatten(value).items():
        if not isinstance(item, str):
            continue
        leaf = re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]
        if leaf in ("sources", "source") or re.search(r"sources\[\d+\](\.source)?$", path):
            found.add(item)
        for group in _CITE.findall(item):
            found.update(_SOURCE_ID.findall(group))
    return found


def _name(kind: str, data: Any, id_: str) -> str:
    if isinstance(data, dict):
        return str(data.get("name") or data.get("title") or id_)
    return id_


def page_of(kind: str, id_: str) -> str | None:
    """The site page (path below the site root, with an anchor for shared pages) that shows an entry."""
    if kind in PAGE_KINDS:
        return PAGE_KINDS[kind].format(id=id_)[: -len(".md")] + "/"
    if kind in ANCHOR_KINDS:
        return ANCHOR_KINDS[kind].format(letter=source_letter(id_))[: -len(".md")] + f"/#{id_}"
    if kind == "glossary":
        return "ref/glossary/"
    return None


def compare(base_files: dict[str, str], head_files: dict[str, str], base: str = "base", head: str = "head",
            base_errors: list[str] | None = None, head_errors: list[str] | None = None) -> Diff:
    """The semantic difference between two versions of the data (path -> text of each file)."""
    old, old_problems = parse_files(base_files)
    new, new_problems = parse_files(head_files)
    diff = Diff(base, head)
    for label, problems in ((base, (base_errors or []) + old_problems), (head, (head_errors or []) + new_problems)):
        if problems:
            diff.errors[label] = problems
    removed = {key: old[key] for key in old.keys() - new.keys()}
    added = {key: new[key] for key in new.keys() - old.keys()}
    renames: dict[tuple[str, str], tuple[str, str]] = {}  # new key -> old key
    for new_key, (_, new_data) in added.items():
        for old_key, (_, old_data) in removed.items():
            if old_key[0] == new_key[0] and old_key not in renames.values() and (
                    old_data == new_data or _name(old_key[0], old_data, "") == _name(new_key[0], new_data, "") != ""):
                renames[new_key] = old_key
                break
    for key in sorted(added):
        path, data = new[key]
        if key in renames:
            old_key = renames[key]
            change = _changes(key, path, old[old_key][1], data, "renamed")
            change.old_id = old_key[1]
            diff.entities.append(change)
        else:
            diff.entities.append(EntityChange(key[0], key[1], path, _name(key[0], data, key[1]), "added"))
    for key in sorted(removed):
        if key not in renames.values():
            path, data = old[key]
            diff.entities.append(EntityChange(key[0], key[1], path, _name(key[0], data, key[1]), "removed"))
    for key in sorted(old.keys() & new.keys()):
        if old[key][1] != new[key][1]:
            diff.entities.append(_changes(key, new[key][0], old[key][1], new[key][1], "changed"))
    cited_before = set().union(*(_cited(data) for (kind, _), (_, data) in old.items() if kind != "source"))
    cited_now = set().union(*(_cited(data) for (kind, _), (_, data) in new.items() if kind != "source"))
    sources_now = {id_ for kind, id_ in new if kind == "source"}
    diff.uncited_sources = sorted((cited_before - cited_now) & sources_now)
    pages: set[str] = set()
    for change in diff.entities:
        if change.status != "removed":
            page = page_of(change.kind, change.id)
            if page:
                pages.add(page.split("#")[0])
        if change.status in ("added", "removed", "renamed"):
            pages.add({"contributor": "ref/contributors/", "organization": "ref/organizations/",
                       "headquarters": "ref/headquarters/", "legal_issue": "ref/legal-issues/",
                       "source": "ref/sources/", "event": "ref/timeline/"}.get(change.kind, ""))
    diff.pages = sorted(p for p in pages if p)
    return diff


def _changes(key: tuple[str, str], path: str, old: Any, new: Any, status: str) -> EntityChange:
    change = EntityChange(key[0], key[1], path, _name(key[0], new, key[1]), status)
    for where, before, after in _compare(old, new, ""):
        item = FieldChange(where, _gist(before), _gist(after))
        (change.as_of_moved if where.endswith("as_of") else change.fields).append(item)
        gained = sorted(_cited(after) - _cited(before))
        lost = sorted(_cited(before) - _cited(after))
        if gained:
            change.cites_added[where] = gained
        if lost:
            change.cites_removed[where] = lost
    return change


def _gist(value: Any) -> Any:
    """A list item in a few words: its text, value or name, else itself."""
    if isinstance(value, dict):
        for key in ("text", "value", "name", "title", "status", "post", "source", "topic", "abbr"):
            if key in value:
                return value[key]
    return value


def _compare(old: Any, new: Any, path: str) -> list[tuple[str, Any, Any]]:
    """The values that differ, as (path, before, after); list items are matched by content, then by
    what they are about (an inserted item is one change, not a shift of every later one)."""
    import difflib

    if isinstance(old, dict) and isinstance(new, dict):
        out: list[tuple[str, Any, Any]] = []
        order = list(dict.fromkeys([*old, *new]))
        for name in order:
            out += _compare(old.get(name), new.get(name), f"{path}.{name}" if path else str(name))
        return out
    if isinstance(old, list) and isinstance(new, list):
        out = []
        keys_old = [json.dumps(x, sort_keys=True, default=str) for x in old]
        keys_new = [json.dumps(x, sort_keys=True, default=str) for x in new]
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            left, right = list(range(i1, i2)), list(range(j1, j2))
            if tag == "replace" and len(left) == len(right):
                pairs, left, right = list(zip(left, right, strict=True)), [], []
            else:  # pair the items that are about the same thing (same text, value or name)
                pairs = []
                for i in list(left):
                    j = next((j for j in right if isinstance(old[i], dict) and
                              json.dumps(_gist(old[i]), default=str) == json.dumps(_gist(new[j]), default=str)), None)
                    if j is not None:
                        pairs.append((i, j))
                        left.remove(i)
                        right.remove(j)
            for i, j in pairs:
                out += _compare(old[i], new[j], f"{path}[{j + 1}]")
            out += [(f"{path}[{i + 1}]", old[i], None) for i in left]
            out += [(f"{path}[{j + 1}]", None, new[j]) for j in right]
        return out
    return [] if old == new else [(path or "(file)", old, new)]


def _short(value: Any, limit: int = 80) -> str:
    if value is None:
        return "∅"
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary_line(diff: Diff) -> str:
    """One line for the Recent changes page and feed, e.g. '1 contributor added; 2 fields changed in …'."""
    parts = []
    for status in ("added", "removed", "renamed"):
        group = [c for c in diff.entities if c.status == status]
        if group:
            names = ", ".join(c.name for c in group[:3]) + (f" and {len(group) - 3} more" if len(group) > 3 else "")
            parts.append(f"{status} {names}")
    changed = [c for c in diff.entities if c.status == "changed"]
    if changed:
        fields = sum(len(c.fields) + len(c.as_of_moved) for c in changed)
        cites = sum(len(v) for c in changed for v in c.cites_added.values())
        names = ", ".join(c.name for c in changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        text = f"{fields} value{'s' if fields != 1 else ''} changed in {names}"
        if cites:
            text += f", {cites} citation{'s' if cites != 1 else ''} added"
        parts.append(text)
    return "; ".join(parts) or "no change to the data"


def to_json(diff: Diff) -> str:
    """The diff as JSON, for tools."""
    return json.dumps(asdict(diff), indent=2, ensure_ascii=False, default=str) + "\n"


def to_markdown(diff: Diff, site_url: str = "") -> str:
    """The diff as Markdown, for a pull-request comment (links to the pages when the address is known)."""
    def md(value: Any) -> str:
        return _short(value).replace("|", "\\|").replace("`", "'")

    def link(page: str) -> str:
        return f"[{page}]({site_url}{page})" if site_url else f"`{page}`"

    lines = [f"## What this change does to the site ({diff.base} → {diff.head})", ""]
    for label, problems in diff.errors.items():
        lines += [f"**The data at {label} has {len(problems)} problem{'s' if len(problems) != 1 else ''}:**", ""]
        lines += [f"- `{p}`" for p in problems[:20]] + [""]
    if diff.empty:
        lines += ["No change to the data.", ""]
        return "\n".join(lines)
    counts = {s: sum(1 for c in diff.entities if c.status == s) for s in ("added", "removed", "renamed", "changed")}
    lines += [", ".join(f"{n} {s}" for s, n in counts.items() if n) + ".", ""]
    for change in diff.entities:
        title = f"### {change.status.capitalize()}: {md(change.name)} ({change.kind.replace('_', ' ')}, `{change.id}`)"
        if change.old_id:
            title += f", was `{change.old_id}`"
        lines += [title, ""]
        if change.fields:
            lines += ["| Field | Before | After |", "|---|---|---|"]
            lines += [f"| `{f.path}` | {md(f.old)} | {md(f.new)} |" for f in change.fields[:40]]
            if len(change.fields) > 40:
                lines.append(f"| … | {len(change.fields) - 40} more | |")
            lines.append("")
        for f in change.as_of_moved:
            lines.append(f"- `as_of` of `{f.path.rsplit('.as_of', 1)[0] or 'entry'}` moved: {md(f.old)} → {md(f.new)}")
        for name, ids in change.cites_added.items():
            lines.append(f"- citation added to `{name}`: " + ", ".join(f"`{i}`" for i in ids))
        for name, ids in change.cites_removed.items():
            lines.append(f"- citation removed from `{name}`: " + ", ".join(f"`{i}`" for i in ids))
        if change.as_of_moved or change.cites_added or change.cites_removed:
            lines.append("")
    if diff.uncited_sources:
        lines += ["**Sources no longer cited anywhere:** " + ", ".join(f"`{s}`" for s in diff.uncited_sources), ""]
    if diff.pages:
        lines += ["**Pages affected:** " + ", ".join(link(p) for p in diff.pages), ""]
    return "\n".join(lines)
