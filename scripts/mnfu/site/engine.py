"""The static-site engines that turn the generated Markdown into the site: MkDocs (the default),
ProperDocs (its maintained fork) and Zensical (by Material's authors). All three read the same
``mkdocs.yml``; the generator never imports any of them, it only runs their command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mnfu.errors import Diagnostic

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT = "mkdocs"


def environment() -> dict[str, str]:
    """The environment for the engines: MkDocs' end-of-life banner is known and tracked in the README."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def executable(engine: str) -> str | None:
    """The engine's command, from the same environment as this Python, or None when not installed."""
    name = Path(sys.executable).with_name(engine)
    if name.exists():
        return str(name)
    return shutil.which(engine)


def build_command(engine: str, config: Path, site_dir: Path) -> list[str]:
    """The command that builds the site of ``config`` strictly into ``site_dir``.

    Zensical has no site-folder option: it builds into the ``site_dir`` of the configuration, which is
    relative to the configuration file, so callers put a copy of ``mkdocs.yml`` where they want it.
    """
    exe = executable(engine)
    if exe is None:
        raise FileNotFoundError(f"the {engine} engine is not installed (pip install {engine})")
    if engine == "zensical":
        return [exe, "build", "--strict", "--config-file", str(config)]
    # Never --quiet: MkDocs 1.6 then stops counting warnings, and --strict passes a broken site.
    return [exe, "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)]


@dataclass
class Run:
    """How an engine's build went: its exit code and everything it printed (colours removed)."""

    returncode: int
    output: str


_PROGRESS = re.compile(r"^(?:INFO\b|Build (?:started|finished))")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def strip_colours(text: str) -> str:
    """Text an engine printed, without its terminal colour codes."""
    return _ANSI.sub("", text)


def build(engine: str, project: Path, site_dir: Path, quiet: bool = False) -> Run:
    """Build the site of ``project/mkdocs.yml`` into ``site_dir``; returns the exit code and the output.

    The engine's progress lines are shown as they come unless ``quiet``; anything else it prints is kept
    back: when the build fails, :func:`problems` reads it into located errors (a reader never sees the
    engine's traceback), and when it succeeds it is shown after the progress.
    """
    command = build_command(engine, project / "mkdocs.yml", site_dir)
    process = subprocess.Popen(command, cwd=project, env=environment(), text=True, errors="replace",
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            line = _ANSI.sub("", line)
            lines.append(line)
            if not quiet and _PROGRESS.match(line):
                sys.stderr.write(line)
        code = process.wait()
    except BaseException:  # Ctrl-C: the engine goes too
        process.kill()
        process.wait()
        raise
    if not quiet and code == 0:
        sys.stderr.write("".join(line for line in lines if not _PROGRESS.match(line)))
    return Run(code, "".join(lines))


# ---------------------------------------------------------------- what the engine said, located

_MKDOCS_LINE = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")
_DOC_LINK = re.compile(r"^Doc file '(?P<page>[^']+)' contains (?:an? )?(?P<what>[\w ]*?)link '(?P<target>[^']*)'"
                       r"(?:, (?P<rest>.*))?$")
_READING = re.compile(r"^Error reading page '(?P<page>[^']+)': (?P<rest>.*)$")
_SNIPPET_MISSING = re.compile(r"Snippet at path '(?P<name>[^']*)' could not be found")
_ZENSICAL_ISSUE = re.compile(r"^(?P<level>Warning|Error):\s*(?P<message>.*)$")
_ZENSICAL_PLACE = re.compile(r"\[\s*(?P<page>[^\]\s]+\.md):(?P<line>\d+):(?P<col>\d+)\s*\]")
_CONFIG_PLACE = re.compile(r"mkdocs\.yml\", line (\d+), column (\d+)")
_EXCEPTION = re.compile(r"^(?:[\w.]+\.)?(?P<name>[A-Z]\w*(?:Error|Exception|Abort))\b:?\s*(?P<message>.*)$")


def problems(engine: str, output: str, docs: Path, shown: str = "docs") -> list[Diagnostic]:
    """The errors a failed build reports, each at the file, line and column of the page it is in (found
    by searching the page for the link or include the engine names); never the engine's traceback.
    ``docs`` is the folder the engine built from, ``shown`` how its pages are named to the editor."""
    from mnfu.site.handwritten import Link, links, locate

    texts: dict[str, str] = {}

    def text_of(page: str) -> str:
        if page not in texts:
            try:
                texts[page] = (docs / page).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                texts[page] = ""
        return texts[page]

    def at(page: str, needle: str, message: str, hint: str | None, code: str) -> Diagnostic:
        line, col = locate(text_of(page), needle) if needle else (1, 1)
        return Diagnostic(f"{shown}/{page}", line, col, message, hint, code=code)

    found: list[Diagnostic] = []
    lines = output.splitlines()
    for i, line in enumerate(lines):
        reported = _MKDOCS_LINE.match(line)
        if reported:
            text = reported.group(2).strip()
            link, reading = _DOC_LINK.match(text), _READING.match(text)
            if link:
                found.append(at(link.group("page"), link.group("target"), *_link_message(link)))
            elif reading:
                snippet = _SNIPPET_MISSING.search(reading.group("rest"))
                if snippet:
                    found.append(at(reading.group("page"), snippet.group("name"),
                                    f"included file '{snippet.group('name')}' does not exist", None, "missing-snippet"))
                else:
                    found.append(at(reading.group("page"), "", f"{engine} cannot read the page: "
                                    f"{reading.group('rest')}", None, "engine"))
            elif "not included in the \"nav\"" in text:  # the pages follow, one a line: "  - new.md"
                for listed in lines[i + 1:]:
                    page = re.match(r"^\s+- (\S.*\.md)\s*$", listed)
                    if page is None:
                        break
                    found.append(Diagnostic(f"{shown}/{page.group(1)}", 1, 1, "the page is not in the site's navigation",
                                            "add it to templates/nav.yml.j2, in the menu or under not_in_nav",
                                            code="not-in-nav"))
            elif not text.startswith("Aborted with"):
                found.append(Diagnostic("mkdocs.yml", 0, 0, f"{engine}: {text}", None, code="engine"))
            continue
        issue = _ZENSICAL_ISSUE.match(line.strip())
        if issue:
            place = next((_ZENSICAL_PLACE.search(x) for x in lines[i + 1: i + 4] if _ZENSICAL_PLACE.search(x)), None)
            if place is None:  # about the configuration: YAML's own message says where, on the lines after
                where = next((m for m in map(_CONFIG_PLACE.search, lines[i + 1: i + 5]) if m), None)
                number, col = (int(where.group(1)), int(where.group(2))) if where else (0, 0)
                found.append(Diagnostic("mkdocs.yml", number, col, f"{engine}: {issue.group('message')}",
                                        code="engine"))
                continue
            page, number, col = place.group("page"), int(place.group("line")), int(place.group("col"))
            # Zensical points into the target (at its fragment, for an anchor): the link is the one there.
            link = next((x for x in links(text_of(page)) if x.line == number and x.col <= col <= x.col + len(x.target)),
                        Link(number, col, ""))
            found.append(_zensical_problem(f"{shown}/{page}", link, issue.group("message")))
    if any(d.code == "missing-snippet" for d in found):
        return found
    # A traceback: its last line says what went wrong (Zensical wraps it: "RuntimeError: Python error: …").
    last = next((m for m in map(_EXCEPTION.match, reversed(lines)) if m), None)
    message = last.group("message") if last else ""
    for _ in range(3):
        inner = _EXCEPTION.match(message.removeprefix("Python error: "))
        message = inner.group("message") if inner else message
    # The name, not the traceback's source line that words the message (``'{path}'``).
    snippet = next((m for m in _SNIPPET_MISSING.finditer(output) if m.group("name") != "{path}"), None)
    if snippet:
        # A page that includes a missing file is not built, so links to it fail too: those are not
        # the editor's mistakes, the include is.
        missing = _find_include(docs, shown, snippet.group("name"))
        broken = {d.path for d in missing}
        return missing + [d for d in found if not any(_links_to(d.message, page) for page in broken)]
    if not found and message and "--strict" not in message:
        found.append(Diagnostic("mkdocs.yml", 0, 0, f"{engine} failed: {message}", None, code="engine"))
    return found


def _links_to(message: str, path: str) -> bool:
    """Whether a link message names a link to the page at ``path`` (``docs/about.md``)."""
    target = re.search(r"'([^']*)'$", message)
    name = path.rsplit("/", 1)[-1]
    return bool(target) and "does not exist" in message and target.group(1).split("#")[0].endswith(name)


def _link_message(match: re.Match[str]) -> tuple[str, str | None, str]:
    """An MkDocs link warning as the site check words it: message, hint, check kind."""
    target, what, rest = match.group("target"), match.group("what").strip(), match.group("rest") or ""
    if "anchor" in rest:
        return f"link to a missing anchor: '{target}'", None, "broken-anchor"
    if what == "absolute":
        return (f"absolute link '{target}'", "link to the page's .md file, relative to this page", "broken-link")
    meant = re.search(r"Did you mean '([^']+)'", rest)
    if what == "unrecognized relative":
        return (f"link to a folder or file that is not a page: '{target}'",
                f"link to its page: '{meant.group(1)}'" if meant else None, "broken-link")
    return f"link to a page that does not exist: '{target}'", None, "broken-link"


def _zensical_problem(path: str, link: Any, message: str) -> Diagnostic:
    """A Zensical issue (it gives the place itself) worded as the site check words it."""
    if link.target and "anchor" in message:
        return Diagnostic(path, link.line, link.col, f"link to a missing anchor: '{link.target}'", code="broken-anchor")
    if link.target and "page" in message:
        return Diagnostic(path, link.line, link.col, f"link to a page that does not exist: '{link.target}'",
                          code="broken-link")
    return Diagnostic(path, link.line, link.col, f"zensical: {message}" + (f" ('{link.target}')" if link.target else ""),
                      code="engine")


def _find_include(docs: Path, shown: str, name: str) -> list[Diagnostic]:
    """The pages that include a missing file (the engine's traceback does not say which)."""
    from mnfu.site.handwritten import includes, page_paths

    found = []
    for page in page_paths(docs):
        try:
            text = (docs / page).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found += [Diagnostic(f"{shown}/{page}", i.line, i.col, f"included file '{name}' does not exist",
                             code="missing-snippet") for i in includes(text) if i.name == name]
    return found or [Diagnostic("mkdocs.yml", 0, 0, f"included file '{name}' does not exist", code="missing-snippet")]


def serve_command(engine: str, address: str, config: Path | None = None) -> list[str]:
    """The command that serves a live preview with the engine's own reloading server."""
    exe = executable(engine)
    if exe is None:
        raise FileNotFoundError(f"the {engine} engine is not installed (pip install {engine})")
    command = [exe, "serve", "--dev-addr", address]
    if config is not None:
        command += ["--config-file", str(config)]
    return command
