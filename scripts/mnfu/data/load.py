"""Read the YAML data files, keeping the line and column of every value.

Every scalar is read as text (an unquoted ``NO``, ``on``, ``1.10`` or ``2025-01-01`` stays a string);
the models decide what a field's type is. Duplicate keys, custom tags, oversized files and alias bombs
are errors with a location, never a traceback.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mnfu.errors import DataError, Diagnostic

if TYPE_CHECKING:
    from mnfu.data.memo import Memo

try:  # the C composer is several times faster; fall back to pure Python where libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_BYTES = 1_000_000
"""A data file larger than this is refused: one entity never needs a megabyte."""
MAX_NODES = 50_000
"""How many values one file may expand to, aliases included (stops 'billion laughs' files)."""
MAX_DEPTH = 40
"""How deeply mappings and lists may nest (checked as the file is read, before anything recurses)."""
MAX_VALUE_CHARS = 20_000
"""The longest text one value may hold (the longest in the data today is about 3,000)."""

NULL_TAG = "tag:yaml.org,2002:null"
STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "binary", "merge")
}

# Folder name under data/ -> kind name used by the models.
KIND_FOLDERS = {
    "force": "force",
    "contributors": "contributor",
    "organizations": "organization",
    "headquarters": "headquarters",
    "events": "event",
    "legal-issues": "legal_issue",
    "precedents": "precedent",
    "sources": "source",
}
SINGLE_FILES = {"glossary.yaml": "glossary"}
IGNORED_FOLDERS = {"schema"}
RECORD_FILES = {"audit.yaml"}  # kept beside the data by the tools, not entities: the content audit (mnfu.audit)

Path_ = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Pos:
    """1-based line and column."""

    line: int
    col: int


@dataclass
class LoadedFile:
    """One data file: its parsed content and where each value and key stands.

    Positions are worked out only when a message needs one: a file read by ``load_file`` keeps its text
    and parses it again for positions on the first call of :meth:`pos`, so that at a hundred times the
    data the positions of every value of every file are never held at once. The text is kept compressed
    (a fifth of its size), and unpacked when it is asked for.
    """

    path: str
    kind: str
    id: str
    data: Any
    _positions: dict[Path_, Pos] | None = None
    _key_positions: dict[Path_, Pos] | None = None
    packed: bytes = b""  # the text, ``pack``-ed
    model: Any = None  # the validated model (None when the file has problems)
    problems: list[Diagnostic] = field(default_factory=list)  # what validation found

    @property
    def text(self) -> str:
        """The file's text (line ends made ``\n``)."""
        return zlib.decompress(self.packed).decode("utf-8") if self.packed else ""

    @property
    def positions(self) -> dict[Path_, Pos]:
        """Where each value starts, by its path in the data."""
        if self._positions is None:
            _, self._positions, self._key_positions = parse_text(self.text, self.path)
        return self._positions

    @property
    def key_positions(self) -> dict[Path_, Pos]:
        """Where each key starts, by the path of its value."""
        if self._key_positions is None:
            _, self._positions, self._key_positions = parse_text(self.text, self.path)
        return self._key_positions

    def pos(self, loc: Path_) -> Pos:
        """Position of the value at ``loc``, or of its nearest parent that has one."""
        loc = tuple(loc)
        if not loc and self._positions is None and self.packed:
            # The whole file: its first line of content, found without parsing the file again.
            for number, line in enumerate(self.text.split("\n"), 1):
                if line.strip() and not line.lstrip().startswith("#") and line.strip() != "---":
                    return Pos(number, len(line) - len(line.lstrip()) + 1)
        while loc not in self.positions and loc:
            loc = loc[:-1]
        return self.positions.get(loc, Pos(1, 1))

    def key_pos(self, loc: Path_) -> Pos:
        """Position of the key naming the value at ``loc`` (falls back to the value)."""
        return self.key_positions.get(tuple(loc)) or self.pos(loc)

    def locate(self, loc: Path_, needle: str | None) -> Pos:
        """Position of ``needle`` (e.g. a citation) inside the value at ``loc``, else of the value.

        The needle is looked for in the file's text from the value's start up to the next key or value,
        so an error points at the offending token, not at the start of a long paragraph.
        """
        start = self.pos(loc)
        text = self.text
        if not needle or not text:
            return start
        starts = self._line_starts
        begin = starts[start.line - 1] + start.col - 1
        bounds = self._bounds
        after = bisect.bisect_right(bounds, begin)
        end = bounds[after] if after < len(bounds) else len(text)
        found = text.find(needle, begin, end + len(needle))
        if found < 0:
            return start
        line = bisect.bisect_right(starts, found)
        return Pos(line, found - starts[line - 1] + 1)

    @functools.cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    @functools.cached_property
    def _bounds(self) -> list[int]:
        """Offsets where a key or value starts, sorted: the end of one value is the next of these."""
        starts = self._line_starts
        return sorted({starts[p.line - 1] + p.col - 1 for p in (*self.positions.values(), *self.key_positions.values())})


class _Discard(dict):
    """A dict that keeps nothing: where positions are not wanted."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


class _TooBig(Exception):
    """A limit was passed: reading stops at once."""

    def __init__(self, mark: Any, message: str, hint: str):
        self.mark, self.message, self.hint = mark, message, hint


# Characters no value may hold: C0 and C1 controls (but tab, line feed and the CR of a CRLF line end),
# bidirectional embedding, override and isolate controls (they can make text read differently from
# what it is), line and paragraph separators, lone surrogates and the byte order mark inside text.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                        "\ud800-\udfff\ufeff]|\r(?!\n)")
_NULLS = {"", "~", "null", "Null", "NULL"}


def _char_name(char: str) -> str:
    if char == "\r":
        return "a carriage return (U+000D) outside a line end"
    code = f"U+{ord(char):04X}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return f"a bidirectional control character ({code})"
    return f"a control or invisible character ({code})"


def scan_text(text: str, path: str) -> list[Diagnostic]:
    """Every forbidden character written directly in the file, at its line and column."""
    problems = []
    for match in _FORBIDDEN.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(Diagnostic(path, line, col, f"the file contains {_char_name(match.group(0)[0])}",
                                   "delete it: data is plain text", code="yaml"))
        if len(problems) >= 20:
            break
    return problems


class _Builder:
    """Build plain Python data from a stream of YAML events, without recursion.

    Working from events (not composed nodes) keeps any nesting from overflowing the C stack: depth and
    size are counted as the events arrive and the first one over a limit stops the parse.
    """

    def __init__(self, path: str, record: bool = True):
        self.path = path
        # Positions are kept only when asked for (a message needs them); otherwise they are dropped.
        self.positions: dict[Path_, Pos] = {} if record else _Discard()
        self.key_positions: dict[Path_, Pos] = {} if record else _Discard()
        self.diagnostics: list[Diagnostic] = []
        self.nodes = 0
        self.aliases = False

    def error(self, mark: Any, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(self.path, mark.line + 1, mark.column + 1, message, hint, code="yaml"))

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        if event.tag not in (None, "!") and event.tag not in STANDARD_TAGS:
            self.error(event.start_mark, f"YAML tag '{event.tag}' is not allowed", "remove the tag; data is plain text")
            return None
        value = event.value
        if (event.tag is None and event.implicit[0] and value in _NULLS) or event.tag == NULL_TAG:
            return None
        if len(value) > MAX_VALUE_CHARS:
            self.error(event.start_mark, f"value is longer than {MAX_VALUE_CHARS} characters",
                       "shorten it, or split it into sections")
        bad = _FORBIDDEN.search(value.replace("\r\n", "\n"))
        if bad:
            self.error(event.start_mark, f"value contains {_char_name(bad.group(0)[0])}, written as an escape "
                       "sequence", "remove it: data is plain text")
        return value

    def build(self, events: Any) -> Any:
        """Consume the events of one stream; return the document's data (None when empty)."""
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _TooBig(event.start_mark, "file holds more than one YAML document ('---')",
                                  "keep one entity per file")
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                frame = stack.pop()
                value, mark, placed = frame.container, frame.mark, True
            elif isinstance(event, yaml.NodeEvent):
                mark, placed = event.start_mark, False
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    raise _TooBig(mark, f"file holds more than {MAX_NODES} values", "one entity needs far fewer: split it")
                if (event.anchor is not None or isinstance(event, yaml.AliasEvent)) and not self.aliases:
                    self.aliases = True  # once per file: every later alias has the same cause
                    self.error(mark, "anchors and aliases ('&name', '*name') are not supported",
                               "write the value out in full")
                if isinstance(event, yaml.CollectionStartEvent):
                    if len(stack) >= MAX_DEPTH:
                        raise _TooBig(mark, f"values nest more than {MAX_DEPTH} levels deep", "flatten the structure")
                    if event.tag not in (None, "!") and event.tag not in STANDARD_TAGS:
                        self.error(mark, f"YAML tag '{event.tag}' is not allowed", "remove the tag")
                    loc = stack[-1].child_loc() if stack else ()
                    if loc is not None:
                        self.positions[loc] = Pos(mark.line + 1, mark.column + 1)
                    container = {} if isinstance(event, yaml.MappingStartEvent) else []
                    stack.append(_Frame(container, loc, mark))
                    continue
                value = None if isinstance(event, yaml.AliasEvent) else self.scalar(event)
            else:
                continue
            if not stack:
                root = value
                continue
            frame = stack[-1]
            if isinstance(frame.container, list):
                if frame.loc is not None and not placed:
                    self.positions[(*frame.loc, len(frame.container))] = Pos(mark.line + 1, mark.column + 1)
                frame.container.append(value)
            elif frame.key is _NO_KEY:  # this value is a key
                frame.key = self._key(value, mark, frame)
            else:
                key, frame.key = frame.key, _NO_KEY
                if key is not _DROP_KEY and frame.loc is not None:
                    if not placed:
                        self.positions[(*frame.loc, key)] = Pos(mark.line + 1, mark.column + 1)
                    frame.container[key] = value
        return root

    def _key(self, value: Any, mark: Any, frame: _Frame) -> Any:
        if not isinstance(value, str):
            self.error(mark, "a key must be a plain word, not a list, mapping or empty")
            return _DROP_KEY
        if value == "<<":
            self.error(mark, "merge keys ('<<') are not supported", "write the fields out")
            return _DROP_KEY
        if value in frame.seen:
            self.error(mark, f"duplicate key '{value}' (first defined on line {frame.seen[value]})",
                       "remove one of the two")
            return _DROP_KEY
        frame.seen[value] = mark.line + 1
        if frame.loc is not None:
            self.key_positions[(*frame.loc, value)] = Pos(mark.line + 1, mark.column + 1)
        return value


_NO_KEY = object()  # a mapping waiting for its next key
_DROP_KEY = object()  # a key that could not be used: its value is read and dropped


@dataclass
class _Frame:
    """An open mapping or sequence while events are read."""

    container: Any
    loc: Path_ | None  # None inside a value that is dropped (a bad key, or a collection used as a key)
    mark: Any
    key: Any = _NO_KEY
    seen: dict[str, int] = field(default_factory=dict)

    def child_loc(self) -> Path_ | None:
        """Where the next value of this collection goes."""
        if self.loc is None:
            return None
        if isinstance(self.container, list):
            return (*self.loc, len(self.container))
        return (*self.loc, self.key) if isinstance(self.key, str) else None


def parse_text(text: str, path: str, positions: bool = True) -> tuple[Any, dict[Path_, Pos], dict[Path_, Pos]]:
    """Parse one YAML document; return data, value positions and key positions (empty unless asked for).

    Raises :class:`DataError` naming ``path`` with line and column for every problem found.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DataError([Diagnostic(path, 1, 1, f"file is larger than {MAX_BYTES} bytes",
                                    "split it: one entity per file", code="yaml")])
    if text.startswith("\ufeff"):
        text = text[1:]
    problems = scan_text(text, path)
    if problems:
        raise DataError(problems)
    builder = _Builder(path, positions)
    try:
        data = builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        opened = unclosed(text)
        if opened is not None and (opened.line, opened.col) <= (line, col):
            # The parser notices an unclosed quote or bracket only lines later (at the next key, or past the
            # end of the file): point where it was opened instead, which is where the editor must look.
            raise DataError([*builder.diagnostics, Diagnostic(path, opened.line, opened.col, opened.message,
                                                              opened.hint, code="yaml")]) from None
        line, col = _within(text, line, col)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.context and exc.problem:
            message += f" ({exc.context})"
        raise DataError([*builder.diagnostics,
                         Diagnostic(path, line, col, message, _syntax_hint(exc, text, mark), code="yaml")]) from None
    except yaml.YAMLError as exc:  # reader errors the scan above did not foresee
        raise DataError([Diagnostic(path, 1, 1, f"YAML error: {exc}", code="yaml")]) from None
    except _TooBig as exc:
        raise DataError([Diagnostic(path, exc.mark.line + 1, exc.mark.column + 1,
                                    exc.message, exc.hint, code="yaml")]) from None
    if builder.diagnostics:
        raise DataError(builder.diagnostics)
    if data is None:
        return None, {(): Pos(1, 1)}, {}
    builder.positions.setdefault((), Pos(1, 1))
    return data, builder.positions, builder.key_positions


def _within(text: str, line: int, col: int) -> tuple[int, int]:
    """A position the parser puts past the end of the file (where it noticed something missing) moved to
    the end of the file's last line of content, which the editor can see."""
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, col


@dataclass(frozen=True)
class Unclosed:
    """A quote, ``[`` or ``{`` that is never closed: where it opens, and what to tell the editor."""

    line: int
    col: int
    char: str
    closer: str = ""  # the bracket found in its place, when another one closes it

    @property
    def message(self) -> str:
        what = {"[": "the list opened with '[' here", "{": "the mapping opened with '{' here"}.get(
            self.char, f"the quote {self.char} opened here")
        if self.closer:
            return f"YAML syntax error: {what} is closed with '{self.closer}'"
        return f"YAML syntax error: {what} is never closed"

    @property
    def hint(self) -> str:
        if self.closer:
            return f"close it with '{_CLOSERS[self.char]}' before that '{self.closer}'"
        if self.char == '"':
            return 'end the value with " (a " inside the value is written \\")'
        if self.char == "'":
            return "end the value with ' (a ' inside the value is written '')"
        if self.char == "[":
            return "close it with ']' where the list ends, e.g. sources: [a, b]"
        return "close it with '}' where the mapping ends, e.g. role: {value: x, as_of: 2025}"


_NEW_ENTRY = re.compile(r"( *)(?:- |-$|[A-Za-z_][\w-]*:(?: |$))")  # a block key or list item starting a line
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*\s*(?:#.*)?$")
_CLOSERS = {"[": "]", "{": "}"}


def unclosed(text: str) -> Unclosed | None:
    """The first quote or flow bracket (``[``, ``{``) that is still open when a new key or list item starts
    at its own indentation or less on a later line, or at the end of the file; None when there is none.

    The parser reads such a value on until the next quote or the end of the file and reports something
    else, somewhere else; this scan, run only when parsing failed, finds where the value opened. A quoted
    value or a flow collection that goes on over more lines (indented further) is not taken for one.
    """
    quote: tuple[str, int, int, int] | None = None  # char, line, col, the indentation of its line's key
    flows: list[tuple[str, int, int, int]] = []
    block: int | None = None  # inside a block scalar (| or >): the indentation its lines go beyond
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" "))
        if block is not None:
            if not line.strip() or indent > block:
                continue
            block = None
        entry = _NEW_ENTRY.match(line)
        for opener in ([quote] if quote else []) + flows[-1:]:
            if entry and len(entry.group(1)) <= opener[3]:
                return Unclosed(opener[1], opener[2], opener[0])
        key_col = indent + len(re.match(r"(?:- +)*", line[indent:]).group(0))
        at_start, i = True, 0
        while i < len(line):
            c = line[i]
            following = line[i + 1: i + 2]
            if quote is not None:
                if quote[0] == '"' and c == "\\":
                    i += 2
                    continue
                if c == quote[0]:
                    if c == "'" and following == "'":
                        i += 2
                        continue
                    quote, at_start = None, False
                i += 1
                continue
            if c == "#" and (i == 0 or line[i - 1] in " \t"):
                break
            if c in " \t":
                pass
            elif at_start and c in "\"'":
                quote = (c, number, i + 1, flows[0][3] if flows else key_col)
            elif at_start and c in "[{":
                flows.append((c, number, i + 1, flows[0][3] if flows else key_col))
            elif flows and c in "]}":
                opener = flows.pop()
                if _CLOSERS[opener[0]] != c:
                    return Unclosed(opener[1], opener[2], opener[0], c)
                at_start = False
            elif (flows and c == ",") or (c == ":" and (following in ("", " ", "\t") or (flows and following in ",]}"))):
                at_start = True  # a value starts after a comma in a list or mapping, or after a key's colon
            elif c in "-?" and at_start and not flows and following in ("", " "):
                pass
            elif at_start and c in "|>" and not flows and _BLOCK_HEADER.match(line, i):
                block = key_col
                break
            else:
                at_start = False
            i += 1
    for opener in ([quote] if quote else []) + flows[-1:]:
        return Unclosed(opener[1], opener[2], opener[0])
    return None


def _syntax_hint(exc: yaml.MarkedYAMLError, text: str = "", mark: Any = None) -> str | None:
    problem = (exc.problem or "").lower()
    lines = text.split("\n")
    near = lines[max(mark.line - 1, 0): mark.line + 1] if mark is not None else []
    if any(line[: len(line) - len(line.lstrip())].count("\t") for line in near):
        return "indent with spaces, not tabs (YAML does not allow tabs for indentation)"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"A: B\""
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation of this line and the one above"
    return None


def load_file(file: Path, root: Path, kind: str, memo: Memo | None = None,
              today: dt.date | None = None) -> LoadedFile:
    """Read, parse and validate one data file (its id is the file name without ``.yaml``): the result
    carries its model, or its problems. A file whose text ``memo`` holds a model for is not parsed or
    validated again. Raises DataError when the file cannot be read or parsed."""
    rel = file.relative_to(root).as_posix()
    try:
        if file.stat().st_size > MAX_BYTES:
            raise DataError([Diagnostic(rel, 1, 1, f"file is larger than {MAX_BYTES} bytes",
                                        "split it: one entity per file", code="yaml")])
        raw = file.read_bytes()
    except OSError as exc:
        raise DataError([Diagnostic(rel, 0, 0, f"cannot read the file: {exc.strerror or exc}",
                                    "check that it exists and that you may read it", code="yaml")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")) + 1
        raise DataError([Diagnostic(rel, line, col, f"file is not UTF-8 text: byte 0x{raw[exc.start]:02x} "
                                    f"({exc.reason})", "save the file as UTF-8", code="yaml")]) from None
    text = text.replace("\r\n", "\n")  # positions and published copies the same on every platform
    kept = memo.get(rel, text) if memo is not None else None
    if kept is not None:
        loaded = LoadedFile(rel, kind, file.stem, None, None, None, pack(text), kept)
    else:
        data, _, _ = parse_text(text, rel, positions=False)
        loaded = LoadedFile(rel, kind, file.stem, data, None, None, pack(text))
    from mnfu.data.validate import validate  # pydantic: only when a file is read

    validate(loaded, today or dt.date.today())
    if memo is not None and kept is None and loaded.model is not None and not loaded.problems:
        memo.put(rel, loaded.model)
    return loaded


def pack(text: str) -> bytes:
    """Text as ``LoadedFile`` keeps it: UTF-8, compressed (fast, not small: level 1)."""
    return zlib.compress(text.encode("utf-8"), 1)


def _entry_kind(path: Path) -> str:
    """'file', 'dir', 'symlink' or 'other' (a FIFO, socket or device), without following links."""
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return "symlink"
    return "file" if stat.S_ISREG(mode) else "dir" if stat.S_ISDIR(mode) else "other"


def discover(data_dir: Path) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """List the data files with their kind; report files and folders that fit no kind.

    Data files are regular files inside ``data/``: a symbolic link (which could publish a file from
    anywhere on the machine that builds the site), a folder named ``*.yaml`` or a special file is
    refused, never followed.
    """
    from mnfu.errors import did_you_mean

    root = data_dir.parent
    found: list[tuple[Path, str]] = []
    problems: list[Diagnostic] = []

    def refuse(path: Path, message: str, hint: str) -> None:
        problems.append(Diagnostic(path.relative_to(root).as_posix(), 0, 0, message, hint, code="layout"))

    if not data_dir.exists() and not data_dir.is_symlink():
        return [], [Diagnostic(data_dir.name, 0, 0, "data folder not found", code="layout")]
    if _entry_kind(data_dir) != "dir":
        refuse(data_dir, "data/ must be a folder, not a link or a file", "make data/ a real folder")
        return [], problems
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        what = _entry_kind(entry)
        if what == "symlink":
            refuse(entry, "symbolic links are not allowed in data/", "replace the link with the file itself")
        elif what == "dir":
            if entry.name in IGNORED_FOLDERS:
                continue
            kind = KIND_FOLDERS.get(entry.name)
            if kind is None:
                refuse(entry, f"unknown data folder '{entry.name}'", did_you_mean(entry.name, KIND_FOLDERS)
                       or f"data folders are: {', '.join(sorted(KIND_FOLDERS))}")
                continue
            for file in sorted(entry.iterdir()):
                if file.name.startswith("."):
                    continue
                inner = _entry_kind(file)
                if inner == "symlink":
                    refuse(file, "symbolic links are not allowed in data/", "replace the link with the file itself")
                elif inner != "file":
                    refuse(file, f"'{file.name}' is a {'folder' if inner == 'dir' else 'special file'}, "
                           "not a data file", "data folders hold only .yaml files")
                elif file.suffix == ".yaml":
                    found.append((file, kind))
                elif file.suffix == ".yml":
                    refuse(file, "data files end in '.yaml'", f"rename it to {file.stem}.yaml")
                else:
                    refuse(file, "unexpected file in a data folder", "data folders hold only .yaml files")
        elif what == "file" and entry.name in RECORD_FILES:
            continue
        elif what == "file" and entry.name in SINGLE_FILES:
            found.append((entry, SINGLE_FILES[entry.name]))
        else:
            refuse(entry, "unexpected file in data/", "entities go in a folder per kind, e.g. data/contributors/")
    return found, problems


def known_ids(data_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """Every id in the data by its file name, without reading a file: id -> [(kind, path)].

    Enough to check references from a few named files (``mnfu check FILE``) without loading the rest.
    """
    found, _ = discover(data_dir)
    ids: dict[str, list[tuple[str, str]]] = {}
    for path, kind in found:
        ids.setdefault(path.stem, []).append((kind, path.relative_to(data_dir.parent).as_posix()))
    return ids


def iter_files(data_dir: Path, problems: list[Diagnostic], unreadable: dict[str, str],
               memo: Memo | None = None, today: dt.date | None = None) -> Iterator[LoadedFile]:
    """Read and validate the data files one at a time (the raw data of only one file is held at once). Problems go into ``problems``; the id and kind of each file
    that could not be read into ``unreadable``, so references to it are not reported again."""
    files, found = discover(data_dir)
    problems.extend(found)
    for file, kind in files:
        try:
            yield load_file(file, data_dir.parent, kind, memo, today)
        except DataError as exc:
            problems.extend(exc.diagnostics)
            unreadable[file.stem] = kind


def load_all(data_dir: Path, today: dt.date | None = None) -> list[LoadedFile]:
    """Load and validate every data file. Files that cannot be read or parsed: every problem raised
    together; validation problems stay with each file (``LoadedFile.problems``), for ``resolve``."""
    files, problems = discover(data_dir)
    loaded: list[LoadedFile] = []
    root = data_dir.parent
    for file, kind in files:
        try:
            loaded.append(load_file(file, root, kind, today=today))
        except DataError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise DataError(problems)
    return loaded


@dataclass(frozen=True)
class Settings:
    """Site settings from ``[tool.mnfu]`` in pyproject.toml (every one optional)."""

    site_url: str = ""
    """Where the site is published (ending in /); used in 'Cite this page' and the downloads when set."""
    repository: str = ""
    """Web address of the repository (e.g. https://github.com/owner/repo), for 'Edit the data' links."""
    branch: str = "main"
    """Branch the 'Edit the data' links open."""
    stale_after_days: int = 365
    """A fact whose as_of date is older than this is listed in the page's one "may be out of date" notice."""
    title: str = "Multinational Force – Ukraine: an open reference"
    """The site's name as cited in 'Cite this page'."""
    review_days: dict = field(default_factory=dict)
    """Days an as_of stays current, by kind (e.g. {contributor = 120}); the dashboard lists older values."""
    nav_section_limit: int = 10
    """A navigation section with more entries lists only its index page (which links to every entry), so
    the sidebar stays short enough for the main sections to show on a laptop's first screen."""


def load_settings(root: Path) -> Settings:
    """Read ``[tool.mnfu]`` from pyproject.toml; unknown keys are errors with their name.

    An environment variable ``MNFU_<SETTING>`` (e.g. ``MNFU_SITE_URL``, ``MNFU_REPOSITORY``) overrides the
    file, so the deploy workflow can give the address and repository it publishes from.
    """
    import os

    path = root / "pyproject.toml"
    table: dict[str, Any] = {}
    if path.is_file():
        table = _settings_table(path)
    values = {key.replace("-", "_"): value for key, value in table.items() if key not in ("check", "policy")}
    known = set(Settings.__dataclass_fields__)
    unknown = sorted(set(values) - known)
    if unknown:
        from mnfu.errors import did_you_mean

        raise DataError([Diagnostic("pyproject.toml", 0, 0, f"unknown setting '{key}' in [tool.mnfu]",
                                    did_you_mean(key, known), code="config") for key in unknown])
    for name, spec in Settings.__dataclass_fields__.items():
        env = os.environ.get(f"MNFU_{name.upper()}")
        if env and spec.type in ("int", int, "str", str):
            values[name] = int(env) if spec.type in ("int", int) else env
    if values.get("site_url") and not str(values["site_url"]).endswith("/"):
        values["site_url"] = str(values["site_url"]) + "/"
    if values.get("repository"):
        values["repository"] = str(values["repository"]).rstrip("/")
    return Settings(**values)


def _settings_table(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("mnfu", {})
    except tomllib.TOMLDecodeError as exc:
        raise DataError([Diagnostic("pyproject.toml", 0, 0, f"cannot read [tool.mnfu]: {exc}", code="config")]) from None
    return table


def is_data_path(path: str) -> bool:
    """Whether a path (relative to the project, with slashes) is a data file of a known kind."""
    parts = path.split("/")
    if len(parts) == 2 and parts[0] == "data":
        return parts[1] in SINGLE_FILES
    return len(parts) == 3 and parts[0] == "data" and parts[1] in KIND_FOLDERS and parts[2].endswith(".yaml")


def kind_of(path: str) -> str | None:
    """The kind of a data file from its path, or None."""
    parts = path.split("/")
    if len(parts) == 2:
        return SINGLE_FILES.get(parts[1])
    return KIND_FOLDERS.get(parts[1]) if len(parts) == 3 else None
