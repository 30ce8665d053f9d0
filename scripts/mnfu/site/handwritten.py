"""The hand-written pages of ``docs/`` (the home text, about, the editing guide, the field reference):
their links, anchors and snippet includes, checked before the engine runs.

The engines report a broken link without its line (MkDocs, ProperDocs) and a missing snippet with a
Python traceback (all three). Checked here first, each is an error at the line and column of the
Markdown an editor wrote: ``docs/about.md:41:61: error: link to a page that does not exist: 'editting.md'``.
:func:`locate` finds a link or an include in a page's text, for what only the engine found
(:mod:`mnfu.site.engine` reads its messages) and for the links the site check finds broken in the built
pages of these files.

Anchors are the ids the pages will have: headings by the rules of Python-Markdown's ``toc`` (which all
three engines use: the heading's text, accents dropped, lowercase, hyphens for spaces, ``_1``, ``_2`` for
repeats), ids given with ``{ #id }``, and ``id``/``name`` attributes in raw HTML. Where the site is
built, its HTML can give the anchors instead (``mnfu check --site``).
"""

from __future__ import annotations

import bisect
import html
import os
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mnfu.errors import Diagnostic, did_you_mean
from mnfu.pages import OUT

# ---------------------------------------------------------------- reading Markdown


@dataclass(frozen=True)
class Link:
    """A link in a page's Markdown: where its target starts, and the target as written."""

    line: int
    col: int
    target: str


@dataclass(frozen=True)
class Include:
    """A snippet include (``--8<-- "file.md"``): where its file name starts, and the name."""

    line: int
    col: int
    name: str


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]\\\n]|\n(?![ \t]*\n)|\\.|\[[^\[\]\n]*\])*\]"  # [text], over lines, one level of brackets
    r"\(\s*(?P<target><[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+)"  # (target
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")  # "title")
_REFERENCE = re.compile(r"^ {0,3}\[(?P<label>[^\]^][^\]]*)\]:[ \t]*(?P<target><[^<>\n]*>|\S+)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SCHEME = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_SNIPPET = re.compile(r"^(?P<space>[ \t]*)(?P<escape>;*)(?:(?P<marker>-+8<-+[ \t]+)"
                      r"(?P<name>\"(?:\\\"|[^\"\n])+?\"|'(?:\\'|[^'\n])+?')(?![ \t])|(?P<block>-+8<-+)(?![ \t]))\s*$")


def _blank(match: re.Match[str]) -> str:
    """Text replaced by spaces of the same length, so columns after it stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _prose_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """Each line of Markdown: its number, the line with code spans blanked out (where a link can be) and
    the line as written; empty for a line of front matter or fenced code (HTML comments are blanked)."""
    text = _HTML_COMMENT.sub(_blank, text)
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":  # front matter (``hide: [toc]``)
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        start = end + 1 if end is not None else 0
    for number in range(start):
        yield number + 1, "", ""
    fence: str | None = None
    for number in range(start, len(lines)):
        line = lines[number]
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) \
                    and not line.strip()[len(opened.group(1)):].strip():
                fence = None
            yield number + 1, "", ""
            continue
        if opened:
            fence = opened.group(1)
            yield number + 1, "", ""
            continue
        yield number + 1, _CODE_SPAN.sub(_blank, line), line


def links(text: str) -> Iterator[Link]:
    """Every Markdown link and image of a page (inline, its text wrapped over lines or not, and reference
    definitions), in order."""
    numbered = list(_prose_lines(text))
    prose = "\n".join(line for _, line, _ in numbered)  # the lines outside code, joined again
    starts = [0]
    for _, line, _ in numbered[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    found = []
    for match in _INLINE_LINK.finditer(prose):
        found.append((match.start("target"), match.group("target")))
    for index, (_, line, _) in enumerate(numbered):
        definition = _REFERENCE.match(line)
        if definition:
            found.append((starts[index] + definition.start("target"), definition.group("target")))
    for offset, target in sorted(found):
        index = bisect.bisect_right(starts, offset) - 1
        yield Link(numbered[index][0], offset - starts[index] + 1, target[1:-1] if target.startswith("<") else target)


def includes(text: str) -> Iterator[Include]:
    """Every file a page includes with pymdownx.snippets, as the extension reads them: on every line,
    code blocks too (it runs before Markdown), in both the one-line and the block form."""
    block = False
    for number, line in enumerate(text.split("\n"), start=1):
        match = _SNIPPET.match(line)
        if match:
            if match.group("escape"):
                continue
            if match.group("block"):
                block = not block
                continue
            if not block:
                quoted = match.group("name")
                yield Include(number, match.start("name") + 2, quoted[1:-1].strip())
            continue
        if block:
            name = line.strip()
            if name and not name.startswith(";"):
                yield Include(number, len(line) - len(line.lstrip()) + 1, name)


# ---------------------------------------------------------------- anchors

_ATX = re.compile(r"^[ \t]*(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s#.{}]+)")
_HTML_ID = re.compile(r"\b(?:id|name)[ \t]*=[ \t]*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^ {0,3}\[\^([^\]]+)\]:", re.MULTILINE)
_TAG = re.compile(r"<[^>]*>")


def slugify(text: str) -> str:
    """A heading's id as Python-Markdown's ``toc`` makes it (``markdown.extensions.toc.slugify``)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def _heading_text(markdown: str) -> str:
    """The text a reader sees of a heading written in Markdown (its links' text, without markup)."""
    text = re.sub(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^)]*\)", r"\1", markdown)  # [text](url) -> text
    text = re.sub(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[[^\]]*\]", r"\1", text)  # [text][ref] -> text
    text = re.sub(r"(`+)(.+?)\1", r"\2", text)
    text = _TAG.sub("", text)
    text = re.sub(r"(\*{1,3}|_{1,3})(\S(?:.*?\S)?)\1", r"\2", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return html.unescape(text)


def _unique(slug: str, used: set[str]) -> str:
    """``toc``'s way of keeping ids unique: ``x``, ``x_1``, ``x_2``…"""
    while slug in used or not slug:
        match = re.match(r"^(.*)_([0-9]+)$", slug)
        slug = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{slug}_1"
    return slug


def anchors(text: str) -> set[str]:
    """The ids a page written in this Markdown will have: its headings', ``{ #id }`` attribute lists',
    raw HTML ``id``/``name`` attributes' and its footnotes'."""
    given: set[str] = set()
    headings: list[str | None] = []  # None: a heading whose id is given
    previous = ""
    for _, line, written in _prose_lines(text):
        for match in _ATTR_LIST.finditer(line):
            given.update(_ATTR_ID.findall(match.group(1)))
        for match in _HTML_ID.finditer(line):
            given.add(match.group(1) if match.group(1) is not None else match.group(2))
        heading = _ATX.match(written)
        if heading is None and previous.strip() and _SETEXT.match(line) and not _ATX.match(previous) \
                and not re.match(r"^\s*(?:[-*+]|\d+[.)])\s|^\s*\|", previous):
            heading, body = True, previous.strip()
        else:
            body = heading.group(2) or "" if heading else ""
        if heading:
            attrs = re.search(r"[ \t]*\{:?[ \t]*([^{}]*?)[ \t]*\}[ \t]*$", body)
            explicit = _ATTR_ID.findall(attrs.group(1)) if attrs else []
            if attrs:
                body = body[: attrs.start()]
            headings.append(None if explicit else body)
        previous = written
    for label in _FOOTNOTE.findall(text):
        given.update({f"fn:{label}", f"fnref:{label}"})
    found = set(given)
    for body in headings:
        if body is not None:
            found.add(_unique(slugify(_heading_text(body)), found))
    return found


# ---------------------------------------------------------------- the check


def page_paths(docs: Path) -> list[str]:
    """The hand-written pages: every ``.md`` under ``docs/`` but the generated ``docs/ref/`` and hidden
    files (docs-relative, with slashes)."""
    found = []
    for folder, subfolders, files in os.walk(docs):
        rel = Path(folder).relative_to(docs)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and not (rel == Path(".") and d == OUT))
        found += [(rel / name).as_posix() for name in sorted(files) if name.endswith(".md") and not name.startswith(".")]
    return sorted(found)


def _site_files(docs: Path) -> set[str]:
    """Every file the engine publishes from ``docs/`` (hidden ones are not)."""
    found = set()
    for folder, subfolders, files in os.walk(docs):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        rel = Path(folder).relative_to(docs)
        found.update((rel / name).as_posix() for name in files if not name.startswith("."))
    return found


@dataclass
class Snippets:
    """pymdownx.snippets as the site configures it: the folders included files are looked for in (with
    ``restrict_base_path``, a name may not leave its folder) and the files appended to every page."""

    bases: list[str]
    folders: list[Path]
    appended: list[str]

    @classmethod
    def of(cls, config: Path) -> Snippets | None:
        """The settings in the engine's configuration (``mkdocs.yml``; base paths are relative to its
        folder), or None when the site does not use the extension."""
        import yaml

        class _Loader(yaml.SafeLoader):
            pass

        _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV and the like: not needed here
        try:
            settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}
        except (OSError, yaml.YAMLError):
            return None
        for item in settings.get("markdown_extensions") or [] if isinstance(settings, dict) else []:
            if item == "pymdownx.snippets":
                options: Any = {}
            elif isinstance(item, dict) and "pymdownx.snippets" in item:
                options = item["pymdownx.snippets"] or {}
            else:
                continue

            def listed(value: Any, default: list[str]) -> list[str]:
                return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else default

            bases = listed(options.get("base_path"), ["."])
            return cls(bases, [(config.parent / b).resolve() for b in bases], listed(options.get("auto_append"), []))
        return None

    def find(self, name: str) -> Path | None:
        """The file an include names (a ``:3:5`` line range or ``:section`` after the name aside)."""
        for candidate in dict.fromkeys([name, re.sub(r"(?::-?\d*){1,2}(?:,[-\d:]*)*$|:[A-Za-z][-\w]*$", "", name)]):
            for folder in self.folders:
                if folder.is_dir():
                    path = (folder / candidate).resolve()
                    if path.is_relative_to(folder) and path.is_file():
                        return path
                elif folder.is_file() and folder.name == candidate:
                    return folder
        return None

    def expand(self, text: str) -> str:
        """A page's text with its includes in place and the appended files after it (one level: enough
        for the anchors the included text brings)."""
        lines = text.split("\n")
        for include in reversed(list(includes(text))):
            path = self.find(include.name)
            if path is not None:
                lines[include.line - 1] = path.read_text(encoding="utf-8", errors="replace")
        extra = [path.read_text(encoding="utf-8", errors="replace") for name in self.appended
                 if (path := self.find(name)) is not None]
        return "\n".join(lines + extra)

    def problems(self, where: str, text: str) -> list[Diagnostic]:
        """Each include of a page whose file is in none of the folders (none when no folder exists: the
        generated include files are not written yet, and a check cannot tell)."""
        found: list[Diagnostic] = []
        if not any(f.exists() for f in self.folders):
            return found
        for include in includes(text):
            if self.find(include.name) is not None:
                continue
            there = sorted(p.name for f in self.folders if f.is_dir() for p in f.iterdir() if p.is_file())
            near = did_you_mean(include.name, there)
            hint = ("included files are looked for in " + ", ".join(b.rstrip("/") + "/" for b in self.bases)
                    + (f", which holds {', '.join(there)}" if there else "") + (f"; {near}" if near else ""))
            found.append(Diagnostic(where, include.line, include.col, f"included file '{include.name}' does not exist",
                                    hint, code="missing-snippet"))
        return found


def check_pages(docs: Path, config: Path, shown: str = "docs", generated: Iterable[str] | None = None,
                anchors_of: Callable[[str], set[str] | None] | None = None) -> list[Diagnostic]:
    """The links, anchors and includes of every hand-written page of ``docs`` (the engine's source folder;
    ``config`` is its ``mkdocs.yml``, whose folder the snippets' base paths are relative to). Problems are
    reported at ``shown``/<page>. ``generated``: the generated pages when ``docs/ref/`` on disk is not
    theirs; ``anchors_of``: a page's ids (default: worked out from its Markdown in ``docs``)."""
    files = _site_files(docs)
    if generated is not None:
        files = {f for f in files if not f.startswith(OUT + "/")} | set(generated)
    pages = {f for f in files if f.endswith(".md")}
    known: dict[str, set[str] | None] = {}

    def ids(page: str) -> set[str] | None:
        if page not in known:
            if anchors_of is not None:
                known[page] = anchors_of(page)
            else:
                try:
                    text = (docs / page).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    known[page] = None
                else:
                    known[page] = anchors(snippets.expand(text) if snippets else text)
        return known[page]

    problems: list[Diagnostic] = []
    snippets = Snippets.of(config)
    for page in page_paths(docs):
        try:
            text = (docs / page).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Diagnostic(f"{shown}/{page}", 0, 0, f"cannot read the page: {exc}", code="broken-link"))
            continue
        where = f"{shown}/{page}"
        for link in links(text):
            problem = _link_problem(page, link.target, pages, files, ids)
            if problem:
                message, hint, code = problem
                problems.append(Diagnostic(where, link.line, link.col, message, hint, code=code))
        if snippets is not None:
            problems += snippets.problems(where, text)
    return problems


def _link_problem(page: str, target: str, pages: set[str], files: set[str],
                  ids: Callable[[str], set[str] | None]) -> tuple[str, str | None, str] | None:
    """What is wrong with a link of ``page`` (message, hint, code), or None."""
    if not target or _SCHEME.match(target):
        return None
    path, _, fragment = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    fragment = unquote(fragment)
    if path.startswith("/"):
        return (f"absolute link '{target}'", "link to the page's .md file, relative to this page: an absolute link "
                "breaks when the site is published under a folder", "broken-link")
    folder = posixpath.dirname(page)
    resolved = posixpath.normpath(posixpath.join(folder, path)) if path else page
    if resolved.startswith("../") or resolved == "..":
        return (f"link to a page outside docs/: '{target}'", "link only to pages of the site", "broken-link")
    if path and resolved not in files:
        if resolved.rstrip("/") + "/index.md" in pages or any(p.startswith(resolved.rstrip("/") + "/") for p in files):
            index = posixpath.relpath(resolved.rstrip("/") + "/index.md", folder or ".")
            return (f"link to a folder: '{target}'", f"link to its page: '{index}'", "broken-link")
        near = did_you_mean(path, [posixpath.relpath(p, folder or ".") for p in pages])
        return (f"link to a page that does not exist: '{target}'", near, "broken-link")
    if fragment and resolved.endswith(".md"):
        found = ids(resolved)
        if found is not None and fragment not in found:
            near = did_you_mean(fragment, found)
            return (f"link to a missing anchor: '{target}'",
                    (near.replace("'", "'#", 1) if near else None) or "an anchor is a heading's id: click the ¶ "
                    "beside the heading on the built page to see it", "broken-anchor")
    return None


# ---------------------------------------------------------------- locating what the engine found


def locate(text: str, needle: str) -> tuple[int, int]:
    """The line and column of a link or include whose target is ``needle`` (or of the text itself) in a
    page's Markdown; (1, 1) when it is not found."""
    for link in links(text):
        if link.target == needle:
            return link.line, link.col
    for include in includes(text):
        if include.name == needle:
            return include.line, include.col
    for number, line in enumerate(text.split("\n"), start=1):
        at = line.find(needle) if needle else -1
        if at >= 0:
            return number, at + 1
    return 1, 1


def locate_href(text: str, href: str) -> tuple[int, int]:
    """Where in a page's Markdown the link is that became ``href`` in its built page (``../editing/#x``
    from ``editing.md#x``): the link whose target has the same anchor, or names the same last folder or
    file; (0, 0) when none does."""
    path, _, fragment = href.partition("#")
    name = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html").removesuffix(".md")
    for link in links(text):
        target, _, their_fragment = link.target.partition("#")
        stem = target.rstrip("/").rsplit("/", 1)[-1].removesuffix(".md")
        if their_fragment == fragment and (stem == name or (not name and stem in ("", "index"))
                                           or (stem == "index" and target.rstrip("/").rsplit("/", 2)[-2:-1] == [name])):
            return link.line, link.col
    return 0, 0
