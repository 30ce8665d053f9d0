"""Read the YAML data files, keeping the line and column of every value.

Every scalar is read as text (an unquoted ``NO``, ``on``, ``1.10`` or ``2025-01-01`` stays a string);
the models decide what a field's type is. Duplicate keys, custom tags, oversized files and alias bombs
are errors with a location, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Diagnostic

try:  # the C composer is several times faster; fall back to pure Python where libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_BYTES = 1_000_000
"""A data file larger than this is refused: one entity never needs a megabyte."""
MAX_NODES = 50_000
"""How many values one file may expand to, aliases included (stops 'billion laughs' files)."""
MAX_DEPTH = 40
"""How deeply mappings and lists may nest (also stops recursive aliases)."""

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

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Pos:
    """1-based line and column."""

    line: int
    col: int


@dataclass
class LoadedFile:
    """One data file: its parsed content and where each value and key stands."""

    path: str
    kind: str
    id: str
    data: Any
    positions: dict[Path_, Pos] = field(default_factory=dict)
    key_positions: dict[Path_, Pos] = field(default_factory=dict)
    text: str = ""

    def pos(self, loc: Path_) -> Pos:
        """Position of the value at ``loc``, or of its nearest parent that has one."""
        loc = tuple(loc)
        while loc not in self.positions and loc:
            loc = loc[:-1]
        return self.positions.get(loc, Pos(1, 1))

    def key_pos(self, loc: Path_) -> Pos:
        """Position of the key naming the value at ``loc`` (falls back to the value)."""
        return self.key_positions.get(tuple(loc)) or self.pos(loc)


class _Converter:
    """Turn a composed node tree into plain Python data, recording positions."""

    def __init__(self, path: str):
        self.path = path
        self.nodes = 0
        self.positions: dict[Path_, Pos] = {}
        self.key_positions: dict[Path_, Pos] = {}
        self.diagnostics: list[Diagnostic] = []

    def error(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.diagnostics.append(
            Diagnostic(self.path, mark.line + 1, mark.column + 1, message, hint, code="yaml")
        )

    def convert(self, node: yaml.Node, loc: Path_ = (), depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise _TooBig(node)
        self.positions[loc] = Pos(node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in STANDARD_TAGS:
            self.error(node, f"YAML tag '{node.tag}' is not allowed", "remove the tag; data is plain text")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag == NULL_TAG and not node.style:  # plain style: None (Python) or "" (libyaml)
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first_seen: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.error(key_node, "a key must be a plain word, not a list or mapping")
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.error(key_node, "merge keys ('<<') are not supported", "write the fields out")
                    continue
                key = key_node.value
                if key in first_seen:
                    first = first_seen[key].start_mark.line + 1
                    self.error(key_node, f"duplicate key '{key}' (first defined on line {first})",
                               "remove one of the two")
                    continue
                first_seen[key] = key_node
                self.key_positions[(*loc, key)] = Pos(
                    key_node.start_mark.line + 1, key_node.start_mark.column + 1
                )
                result[key] = self.convert(value_node, (*loc, key), depth + 1)
            return result
        raise AssertionError(f"unknown node type {type(node)!r}")  # pragma: no cover


class _TooBig(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def parse_text(text: str, path: str) -> tuple[Any, dict[Path_, Pos], dict[Path_, Pos]]:
    """Parse one YAML document; return data, value positions and key positions.

    Raises :class:`DataError` naming ``path`` with line and column for every problem found.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DataError([Diagnostic(path, 1, 1, f"file is larger than {MAX_BYTES} bytes",
                                    "split it: one entity per file", code="yaml")])
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.context and exc.problem:
            message += f" ({exc.context})"
        raise DataError([Diagnostic(path, line, col, message, _syntax_hint(exc), code="yaml")]) from None
    except yaml.YAMLError as exc:  # reader errors: control characters, bad encoding
        mark = getattr(exc, "position", None)
        raise DataError([Diagnostic(path, 1, 1, f"YAML error: {exc}", code="yaml")]) from None
    except RecursionError:
        raise DataError([Diagnostic(path, 1, 1, "YAML nests too deeply", code="yaml")]) from None
    if len(documents) > 1:
        raise DataError([Diagnostic(path, 1, 1, "file holds more than one YAML document ('---')",
                                    "keep one entity per file", code="yaml")])
    if not documents or documents[0] is None:
        return None, {(): Pos(1, 1)}, {}
    converter = _Converter(path)
    try:
        data = converter.convert(documents[0])
    except _TooBig as exc:
        mark = exc.node.start_mark
        raise DataError([Diagnostic(path, mark.line + 1, mark.column + 1,
                                    "file expands to too many values or nests too deeply "
                                    f"(limits: {MAX_NODES} values, depth {MAX_DEPTH})",
                                    "check for aliases ('*name') that repeat large blocks", code="yaml")]) from None
    if converter.diagnostics:
        raise DataError(converter.diagnostics)
    return data, converter.positions, converter.key_positions


def _syntax_hint(exc: yaml.MarkedYAMLError) -> str | None:
    problem = (exc.problem or "").lower()
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"A: B\""
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation of this line and the one above"
    return None


def load_file(file: Path, root: Path, kind: str) -> LoadedFile:
    """Read and parse one data file (its id is the file name without ``.yaml``)."""
    rel = file.relative_to(root).as_posix()
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([Diagnostic(rel, 1, 1, f"file is not UTF-8 text ({exc.reason})", code="yaml")]) from None
    data, positions, key_positions = parse_text(text, rel)
    return LoadedFile(rel, kind, file.stem, data, positions, key_positions, text)


def discover(data_dir: Path) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """List the data files with their kind; report files and folders that fit no kind."""
    root = data_dir.parent
    found: list[tuple[Path, str]] = []
    problems: list[Diagnostic] = []
    if not data_dir.is_dir():
        return [], [Diagnostic(data_dir.name, 0, 0, "data folder not found", code="layout")]
    for entry in sorted(data_dir.iterdir()):
        rel = entry.relative_to(root).as_posix()
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if entry.name in IGNORED_FOLDERS:
                continue
            kind = KIND_FOLDERS.get(entry.name)
            if kind is None:
                from .errors import did_you_mean

                problems.append(Diagnostic(rel, 0, 0, f"unknown data folder '{entry.name}'",
                                           did_you_mean(entry.name, KIND_FOLDERS), code="layout"))
                continue
            for file in sorted(entry.iterdir()):
                frel = file.relative_to(root).as_posix()
                if file.name.startswith("."):
                    continue
                if file.suffix == ".yaml" and file.is_file():
                    found.append((file, kind))
                elif file.suffix == ".yml":
                    problems.append(Diagnostic(frel, 0, 0, "data files end in '.yaml'",
                                               f"rename it to {file.stem}.yaml", code="layout"))
                else:
                    problems.append(Diagnostic(frel, 0, 0, "unexpected file in a data folder",
                                               "data folders hold only .yaml files", code="layout"))
        elif entry.name in SINGLE_FILES:
            found.append((entry, SINGLE_FILES[entry.name]))
        else:
            problems.append(Diagnostic(rel, 0, 0, "unexpected file in data/",
                                       "entities go in a folder per kind, e.g. data/contributors/",
                                       code="layout"))
    return found, problems


def load_all(data_dir: Path) -> list[LoadedFile]:
    """Load every data file; collect all problems and raise them together."""
    files, problems = discover(data_dir)
    loaded: list[LoadedFile] = []
    root = data_dir.parent
    for file, kind in files:
        try:
            loaded.append(load_file(file, root, kind))
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
    """A fact whose as_of date is older than this is marked as possibly out of date."""
    title: str = "Multinational Force – Ukraine: an open reference"
    """The site's name as cited in 'Cite this page'."""


def load_settings(root: Path) -> Settings:
    """Read ``[tool.mnfu]`` from pyproject.toml; unknown keys are errors with their name."""
    import tomllib

    path = root / "pyproject.toml"
    if not path.is_file():
        return Settings()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("mnfu", {})
    except tomllib.TOMLDecodeError as exc:
        raise DataError([Diagnostic("pyproject.toml", 0, 0, f"cannot read [tool.mnfu]: {exc}", code="config")]) from None
    values = {key.replace("-", "_"): value for key, value in table.items() if key != "check"}
    known = set(Settings.__dataclass_fields__)
    unknown = sorted(set(values) - known)
    if unknown:
        from .errors import did_you_mean

        raise DataError([Diagnostic("pyproject.toml", 0, 0, f"unknown setting '{key}' in [tool.mnfu]",
                                    did_you_mean(key, known), code="config") for key in unknown])
    return Settings(**values)
