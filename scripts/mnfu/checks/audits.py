"""The record of the content audit: each statement, the excerpts it rests on, who checked it and when.

A *statement* is one sentence of a prose field, or one sourced structured value (``figures[2].value``,
``role.value``). ``data/audit.yaml`` keeps one entry per check: the statement's file, field, sentence
number and a hash of its text, the date, the result, a note and its ``evidence`` (see
:mod:`mnfu.evidence`). An entry holds while the statement's text is the one checked, so an edit makes it
unaudited again; a new check adds an entry and never erases an earlier one (the history stays).

``mnfu audit`` lists what is left, writes a worksheet (statements with suggested excerpts) and records
a filled-in worksheet once its evidence passes the checks; ``mnfu check`` reports every statement with
no evidence or evidence that fails, at the statement's line.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from mnfu.data.models import Model
from mnfu.errors import Diagnostic
from mnfu.site.resolve import Site
from mnfu.site.statements import Statement, statements

AUDIT_FILE = "data/audit.yaml"
RESULTS = ("confirmed", "corrected")
HEADER = ("# The content audit: each statement checked against the text it rests on (its evidence).\n"
          "# Written by `mnfu audit --record`; an entry holds while the statement's text is unchanged;\n"
          "# a new check adds an entry, the earlier ones stay as the statement's history.\n"
          "audits:\n")


class Excerpt(Model):
    """A verbatim excerpt a statement rests on."""

    doc: str = Field(min_length=1, description="a seed's file name, or a source id")
    line: int | None = Field(None, ge=1, description="the seed's line; for a source, the number of its quote")
    text: str = Field(min_length=1, description="the document's own words, verbatim")


class AuditEntry(Model):
    """One check of one statement."""

    file: str = Field(pattern=r"^data/.+\.yaml$")
    field: str = Field(min_length=1)
    sentence: int = Field(0, ge=0, description="the sentence of a prose field, from 1; 0 for a value")
    hash: str = Field(pattern=r"^[0-9a-f]{12}$")
    checked: dt.date
    result: Literal["confirmed", "corrected"]
    note: str | None = None
    by: str | None = Field(None, description="who checked it")
    evidence: list[Excerpt] = []


# ---------------------------------------------------------------- the record


@dataclass
class AuditRecord:
    """The entries of ``data/audit.yaml`` in file order (each with its line), and its problems."""

    entries: list[AuditEntry]
    lines: list[int]
    problems: list[Diagnostic]
    exists: bool = True

    def current(self) -> dict[tuple[str, str], AuditEntry]:
        """The latest entry for each (file, hash): a statement that moves within its file keeps its audit
        while its text is the one checked."""
        found: dict[tuple[str, str], AuditEntry] = {}
        for entry in self.entries:
            key = (entry.file, entry.hash)
            if key not in found or entry.checked >= found[key].checked:
                found[key] = entry
        return found


def load(root: Path) -> AuditRecord:
    """Read the audit record with the same rules as a data file: every problem at its line and column."""
    path = root / AUDIT_FILE
    if not path.is_file():
        return AuditRecord([], [], [], exists=False)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return AuditRecord([], [], [Diagnostic(AUDIT_FILE, 1, 1, f"cannot read the audit record: {exc}", code="audit")])
    return parse(text)


def parse(text: str) -> AuditRecord:
    """The record from its text (see :func:`load`)."""
    fast = _entries_as_written(text)
    if fast is not None:
        try:
            return AuditRecord([AuditEntry.model_validate(item) for _, item in fast], [line for line, _ in fast], [])
        except ValidationError:
            pass  # read it again with every value's position, to say where each problem is
    from mnfu.data.load import Pos, parse_text, scan_text
    from mnfu.errors import DataError

    problems = scan_text(text, AUDIT_FILE)
    if problems:
        return AuditRecord([], [], [_as_audit(d) for d in problems])
    try:
        data, positions, keys = parse_text(text, AUDIT_FILE, positions=True)
    except DataError as exc:
        return AuditRecord([], [], [_as_audit(d) for d in exc.diagnostics])
    if data is None:
        data = {"audits": []}
    if not isinstance(data, dict) or set(data) != {"audits"} or not isinstance(data["audits"], list):
        return AuditRecord([], [], [Diagnostic(AUDIT_FILE, 1, 1, "the audit record holds one key, `audits:`, a list of entries",
                                               "see the editing guide, 'The content audit'", code="audit")])
    entries, lines = [], []
    for i, item in enumerate(data["audits"]):
        where = positions.get(("audits", i)) or Pos(1, 1)
        if not isinstance(item, dict):
            problems.append(Diagnostic(AUDIT_FILE, where.line, where.col, "an audit entry must be a mapping of file, "
                                       "field, hash, checked, result and evidence", code="audit"))
            continue
        try:
            entries.append(AuditEntry.model_validate(item))
            lines.append(where.line)
        except ValidationError as exc:
            problems += _entry_problems(exc, ("audits", i), positions, keys)
    return AuditRecord(entries, lines, problems)


def _entry_problems(exc: ValidationError, entry: tuple, positions: dict, keys: dict) -> list[Diagnostic]:
    """The validation errors of one audit entry, worded as for a data file (a misspelt required field once,
    at its key, with its name), each at the key or value it is about."""
    from mnfu.data.validate import misspelt_fields

    errors = [(tuple(error["loc"]), error) for error in exc.errors()]
    misspelt = misspelt_fields(errors)
    return [_entry_problem(error, entry, positions, keys, misspelt.get(loc)) for loc, error in errors
            if not (error["type"] == "missing" and loc in misspelt.values())]


def _entry_problem(error: Any, entry: tuple, positions: dict, keys: dict, meant: tuple | None = None) -> Diagnostic:
    """One validation error of an audit entry, worded as for a data file, at the key or value it is about."""
    from mnfu.data.validate import friendly
    from mnfu.errors import did_you_mean

    loc = (*entry, *error["loc"])
    at = None
    if error["type"] == "extra_forbidden":
        model = Excerpt if "evidence" in error["loc"] else AuditEntry
        name = str(error["loc"][-1])
        message = f"unknown field '{name}'"
        hint = (f"did you mean '{meant[-1]}'?" if meant else did_you_mean(name, model.model_fields)
                or f"the fields here are: {', '.join(model.model_fields)}")
        at = keys.get(loc)
    else:
        message, hint = friendly(error)
        if error["type"] == "missing":
            loc = loc[:-1]
    while at is None and loc:
        at, loc = positions.get(loc), loc[:-1]
    return Diagnostic(AUDIT_FILE, at.line if at else 1, at.col if at else 1, message, hint, code="audit")


def _as_audit(d: Diagnostic) -> Diagnostic:
    return Diagnostic(d.path, d.line, d.col, d.message, d.hint, code="audit")


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise _Duplicate(key)
    return dict(pairs)


def _entries_as_written(text: str) -> list[tuple[int, Any]] | None:
    """The entries of a record in the form ``mnfu audit`` writes (comments, ``audits:``, one JSON object
    per ``  - `` line), with their lines; None when the text has any other form (or a flaw the general
    loader will locate: a duplicate key, a broken line)."""
    entries: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line == "audits:":
            continue
        if not line.startswith("  - {"):
            return None
        try:
            entries.append((number, json.loads(line[4:], object_pairs_hook=_no_duplicates)))
        except ValueError:
            return None
    return entries


def unaudited(site: Site, record: AuditRecord) -> list[Statement]:
    """The statements with no audit of their current text."""
    found = record.current()
    return [s for s in statements(site) if (s.path, s.digest) not in found]


# ---------------------------------------------------------------- worksheets


def worksheet(site: Site, record: AuditRecord, docs: Any, prefix: str = "", everything: bool = False) -> list[dict[str, Any]]:
    """The statements to check (those under ``prefix``; unaudited ones unless ``everything``), each with
    the evidence recorded so far, or suggested excerpts to choose from."""
    from mnfu.checks.evidence import candidates

    found = record.current()
    items = []
    for s in statements(site):
        if prefix and not s.path.startswith(prefix):
            continue
        entry = found.get((s.path, s.digest))
        if entry is not None and entry.evidence and not everything:
            continue
        items.append({
            "file": s.path, "field": s.field, "sentence": s.sentence, "text": s.text, "cites": list(s.sources),
            "evidence": [e.model_dump(exclude_none=True) for e in entry.evidence] if entry else [],
            "suggested": [] if entry and entry.evidence else list(candidates(s.text, s.sources, docs)),
            "result": entry.result if entry else "confirmed", "note": (entry.note or "") if entry else "",
        })
    return items


def record_worksheet(root: Path, site: Site, items: list[dict[str, Any]], docs: Any, today: dt.date,
                     by: str | None = None, dates: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """Add an entry for each worksheet item whose evidence passes the checks; returns how many were
    recorded and the problems of the others (``file: field: message``)."""
    from mnfu.checks.evidence import check
    from mnfu.workspace import atomic_write

    by_text = {}
    for s in statements(site):
        by_text.setdefault((s.path, " ".join(s.text.split())), s)
        by_text.setdefault((s.path, s.field, s.sentence), s)
    problems: list[str] = []
    lines: list[str] = []
    for item in items:
        file = str(item.get("file", ""))
        said = " ".join(str(item.get("text", "")).split())
        placed = by_text.get((file, item.get("field"), item.get("sentence")))
        # the statement at the item's place when its text is the item's (two values of a file may read the
        # same), else the one with that text wherever it has moved, else (no text given) the place alone
        s = (placed if placed is not None and (not said or " ".join(placed.text.split()) == said)
             else by_text.get((file, said)) if said else None)
        where = f"{file}: {item.get('field')}" + (f", sentence {item['sentence']}" if item.get("sentence") else "")
        if s is None:
            problems.append(f"{where}: no such statement in the data (edit the data first, then copy its text here)")
            continue
        try:
            excerpts = [Excerpt.model_validate(e) for e in item.get("evidence") or []]
            entry = AuditEntry(file=s.path, field=s.field, sentence=s.sentence, hash=s.digest, checked=today,
                               result=item.get("result") or "confirmed", note=item.get("note") or None,
                               by=by, evidence=excerpts)
        except ValidationError as exc:
            problems.append(f"{where}: {exc.errors()[0]['msg']}")
            continue
        findings = check(s.text, s.sources, [e.model_dump() for e in excerpts], docs, dates, context(s))
        errors = [f for f in findings if f.level == "error"]
        if errors:
            problems += [f"{where}: {f.message}" + (f" ({f.hint})" if f.hint else "") for f in errors]
            continue
        problems += [f"{where}: warning: {f.message}" for f in findings]
        lines.append("  - " + json.dumps(entry.model_dump(mode="json", exclude_none=True), ensure_ascii=False))
    if lines:
        _append(root / AUDIT_FILE, lines, atomic_write)
    return len(lines), problems


def _append(path: Path, lines: list[str], atomic_write: Any) -> None:
    """Add entries to the record, one writer at a time (two editors' tools may record at once)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no other writer to wait for here
        fcntl = None
    lock_path = path.parent.parent / ".mnfu" / "audit.lock"  # the project's work folder (git-ignored)
    lock_path.parent.mkdir(exist_ok=True)
    with open(lock_path, "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        old = path.read_text(encoding="utf-8") if path.is_file() else HEADER
        atomic_write(path, old.rstrip("\n") + "\n" + "\n".join(lines) + "\n")


def documents(root: Path, site: Site) -> Any:
    """The documents excerpts are checked against: every seed's text (read from ``seeds/``) and every
    source's recorded words."""
    from mnfu.checks.evidence import Documents

    texts = {}
    for record in site.sources.values():
        if record.model.seed_document:
            path = root / str(record.model.seed_document)
            try:
                texts[path.name] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the coverage page reports an unreadable seed
    return Documents.build({id_: r.model for id_, r in site.sources.items()}, texts)


def source_dates(site: Site) -> dict[str, str]:
    """Each source's date (published), for the figures a statement takes from it."""
    return {id_: str(r.model.published) for id_, r in site.sources.items() if r.model.published}


def subject_names(site: Site, record: Any) -> list[str]:
    """The names a statement's subject goes by: the entity's name and every name or abbreviation the site
    links to it."""
    return [record.name] + sorted({name for name, id_ in site.names.items() if id_ == record.id and name != record.name})


def context(statement: Statement) -> str:
    """What a reader sees beside a sourced value or its note: the value, who gave it, its note and the
    topic of the disputed point it belongs to, where its hedge or attribution may stand. A ``given_by``
    is itself an attribution. Empty for the prose of an entity (a summary, a section)."""
    if statement.sentence and statement.owner is None and statement.loc[-1] not in ("given_by", "note"):
        return ""
    parts: list[str] = ["said"] if statement.loc[-1] == "given_by" else []
    node: Any = statement.record.model
    for step in statement.loc[:-1]:
        node = node[step] if isinstance(step, int) else getattr(node, step, None)
        topic = getattr(node, "topic", None)
        if isinstance(topic, str):
            parts.append(topic)
    if node is None or not getattr(node, "sources", None):
        return " ".join(parts)  # a disputed point's note: its topic
    for name in ("value", "given_by", "note"):
        value = getattr(node, name, None)
        if isinstance(value, str) and name != statement.loc[-1]:
            parts.append(value)
    if getattr(node, "given_by", None):  # the value is shown as given by someone: attributed
        parts.append("said")
    return " ".join(parts)


def findings(site: Site, root: Path, policy: dict[str, str] | None = None) -> list[Diagnostic]:
    """The audit record's own problems, then every statement with no evidence or with evidence that
    fails a check (or its field's policy), at the statement's line."""
    from mnfu.checks.evidence import check, policy_problems

    record = load(root)
    if not record.exists:
        return []  # a project that keeps no audit record is not told about one
    found = list(record.problems)
    if record.problems:
        return found
    docs = documents(root, site)
    dates = source_dates(site)
    current = record.current()
    for s in statements(site):
        entry = current.get((s.path, s.digest))
        evidence = [e.model_dump() for e in entry.evidence] if entry else []
        problems = check(s.text, s.sources, evidence, docs, dates, context(s))
        rule = (policy or {}).get(f"{s.record.kind}.{s.loc[0]}")
        if rule == "figure" and s.sentence:  # the figure itself, not the notes beside it
            rule = None
        if rule and evidence:
            problems += policy_problems(rule, s.text, evidence, subject_names(site, s.record))
        if not problems:
            continue
        pos = s.record.file.pos(s.loc)
        for p in problems:
            message = f"{s.label}: {p.message}"
            if entry is None and p.code == "no-evidence":
                message = f"{s.label}: statement has not been audited: no evidence recorded"
            found.append(Diagnostic(s.path, pos.line, pos.col, message, p.hint, level=p.level, code=p.code))
    return found
