"""A semantic diff of the data between two versions: what a change does to the site, not to the YAML.

Pure: works on the text of the data files at each version (``history`` reads them) and parses them
without validating, so a version with errors still compares. Reports entities added, removed and
renamed; per changed entity the fields that changed (old -> new, and word by word), the citations added
or removed per statement and the ``as_of`` dates that moved; the sources no longer cited anywhere; and
the pages of the site that change, guessed from the kinds of what changed.

The rest comes from the rendered site at each version, which the command works out and hands in:
:func:`add_pages` (the pages whose rendered text differs, replacing the guess), :func:`add_statements`
(each new or changed statement with its evidence at HEAD) and :func:`add_audits` (the entries the audit
record gained or lost). The report (``mnfu.history.report``) writes the result as Markdown or JSON.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mnfu.data.load import kind_of, parse_text
from mnfu.errors import DataError
from mnfu.history.words import word_diff
from mnfu.pages import OUT
from mnfu.site.resolve import ANCHOR_KINDS, PAGE_KINDS, source_letter

_CITE = re.compile(r"\[(@[^\[\]]*)\]")
_SOURCE_ID = re.compile(r"@([a-z0-9]+(?:-[a-z0-9]+)*)")


@dataclass
class FieldChange:
    """One value that changed: its path in the file, the values before and after (None: absent), and
    the change word by word (``mnfu.history.words``: [op, text] pieces)."""

    path: str
    old: Any
    new: Any
    words: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class StatementChange:
    """A statement at HEAD that BASE did not have (new, or its text changed), with the audit entry of
    its text at HEAD (``checked``, ``by``, ``result``, ``note``, ``evidence``: [{doc, line, text}]), or
    None when its text has not been checked."""

    field: str
    sentence: int  # from 1 within a prose field; 0 for a sourced value
    text: str
    hash: str
    audit: dict[str, Any] | None = None


@dataclass
class AuditChange:
    """An entry the audit record (data/audit.yaml) gained or lost between the two versions."""

    status: str  # added | removed
    entry: dict[str, Any]  # as recorded: file, field, sentence, hash, checked, result, note, by, evidence
    current: bool | None = None  # whether its hash is the text of a statement at HEAD (None: HEAD's data has errors)
    text: str | None = None  # that statement's text at HEAD


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
    statements: list[StatementChange] = field(default_factory=list)  # new or changed at HEAD, with evidence
    statements_removed: int = 0  # statements of BASE gone at HEAD, beyond those changed (per field)


@dataclass
class Diff:
    """The whole difference between two versions of the data."""

    base: str
    head: str
    entities: list[EntityChange] = field(default_factory=list)
    uncited_sources: list[str] = field(default_factory=list)  # cited at base, cited nowhere at head
    pages: list[str] = field(default_factory=list)  # site pages (paths below the site root) that change
    pages_rendered: bool = False  # pages worked out from both versions rendered, not guessed from the kinds
    pages_note: str | None = None  # why the pages are guessed, when a version could not be rendered
    site_wide: list[str] = field(default_factory=list)  # parts of every page that change: navigation, abbreviations
    downloads: list[str] = field(default_factory=list)  # download files (paths below the site root) that change
    statements_known: bool = False  # statements and evidence worked out (both versions' data valid)
    audits: list[AuditChange] = field(default_factory=list)  # entries the audit record gained or lost
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
            base_errors: list[str] | None = None, head_errors: list[str] | None = None,
            words: bool = True) -> Diff:
    """The semantic difference between two versions of the data (path -> text of each file). With
    ``words``, each changed value also word by word (the Recent changes page needs only the counts)."""
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
            change = _changes(key, path, old[old_key][1], data, "renamed", words)
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
            diff.entities.append(_changes(key, new[key][0], old[key][1], new[key][1], "changed", words))
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


# ---------------------------------------------------------------- from the rendered versions

SITE_WIDE = {f"{OUT}/.nav.yml": "navigation", f"{OUT}/.include/abbreviations.md": "abbreviations"}
"""Generated files that every page of the built site takes in: the navigation, the abbreviations' tooltips."""
HOME_INCLUDE = f"{OUT}/.include/home.md"


def site_path(output: str) -> str:
    """The address below the site root of a generated file (a path under docs/): ``ref/contributors/gb.md``
    is ``ref/contributors/gb/``, ``ref/map/index.md`` is ``ref/map/``, a download keeps its name."""
    if output == HOME_INCLUDE:
        return ""  # the home page shows it
    if output.endswith("/index.md"):
        return output[: -len("index.md")]
    if output.endswith(".md"):
        return output[: -len(".md")] + "/"
    return output


def add_pages(diff: Diff, base: dict[str, str], head: dict[str, str]) -> None:
    """The pages and downloads that change, from the generated files of each version (path under docs/
    -> a hash of its text): added, removed or different. Replaces the guess from the kinds."""
    changed = sorted(path for path in base.keys() | head.keys() if base.get(path) != head.get(path))
    diff.pages = sorted({site_path(p) for p in changed if p.endswith(".md") and p not in SITE_WIDE})
    diff.site_wide = [SITE_WIDE[p] for p in changed if p in SITE_WIDE]
    diff.downloads = [p for p in changed if not p.endswith(".md") and p not in SITE_WIDE]
    diff.pages_rendered = True
    diff.pages_note = None


def add_statements(diff: Diff, base: list[dict[str, Any]], head: list[dict[str, Any]],
                   audited: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Each statement at HEAD that BASE did not have, on its entity, with the audit entry of its text at
    HEAD (``audited``: (file, hash) -> the latest entry); and per entity how many of BASE's are gone
    beyond those rewritten (per field: gone minus new).
    ``base`` and ``head`` list each version's statements as {file, field, sentence, hash, text}."""
    moved = {_renamed_from(c): c.path for c in diff.entities if c.status == "renamed"}
    before = {(moved.get(s["file"], s["file"]), s["hash"]) for s in base}
    after = {(s["file"], s["hash"]) for s in head}
    by_path = {c.path: c for c in diff.entities}
    for s in head:
        key = (s["file"], s["hash"])
        change = by_path.get(s["file"])
        if key not in before and change is not None:
            change.statements.append(StatementChange(s["field"], s["sentence"], s["text"], s["hash"], audited.get(key)))
    gone: Counter[tuple[str, str]] = Counter()  # (file, field) -> statements of BASE whose text is gone
    for s in base:
        path = moved.get(s["file"], s["file"])
        if (path, s["hash"]) not in after:
            gone[(path, s["field"])] += 1
    for change in diff.entities:
        came = Counter(s.field for s in change.statements)
        change.statements_removed = sum(max(0, n - came[f]) for (path, f), n in gone.items() if path == change.path)
    diff.statements_known = True


def _renamed_from(change: EntityChange) -> str:
    return f"{change.path.rsplit('/', 1)[0]}/{change.old_id}.yaml"


def add_audits(diff: Diff, base: list[dict[str, Any]], head: list[dict[str, Any]],
               statements: list[dict[str, Any]] | None) -> None:
    """The entries the audit record gained (in the record's order) and lost between the versions; each
    marked current when its hash is the text of one of HEAD's ``statements`` (None: not known)."""
    texts = {(s["file"], s["hash"]): s["text"] for s in statements or []}
    for entry in _unmatched(head, base):
        text = texts.get((entry.get("file"), entry.get("hash")))
        diff.audits.append(AuditChange("added", entry, None if statements is None else text is not None, text))
    for entry in _unmatched(base, head):
        diff.audits.append(AuditChange("removed", entry))


def _unmatched(entries: list[dict[str, Any]], others: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries with no equal one left in ``others`` (each match used once), in their order."""
    def key(entry: dict[str, Any]) -> str:
        return json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)

    left = Counter(key(e) for e in others)
    found = []
    for entry in entries:
        k = key(entry)
        if left[k]:
            left[k] -= 1
        else:
            found.append(entry)
    return found


def _changes(key: tuple[str, str], path: str, old: Any, new: Any, status: str, words: bool) -> EntityChange:
    change = EntityChange(key[0], key[1], path, _name(key[0], new, key[1]), status)
    for where, before, after in _compare(old, new, ""):
        item = FieldChange(where, _gist(before), _gist(after))
        if words:
            item.words = word_diff(_as_text(item.old), _as_text(item.new))
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


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


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


