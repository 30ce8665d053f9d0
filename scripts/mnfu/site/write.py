"""Write the rendered pages into the generator's folder, and the JSON Schemas next to the data.

Nothing already built is ever half-replaced. The pages are first written into a new folder (files that
did not change are hard links to the current ones, so they keep their mtime), which then takes the
place of ``docs/ref/`` with one rename; ``mnfu build`` does the same with ``site/`` once the engine has
built the new site in a folder of its own. A failed or interrupted run leaves both as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import filecmp
import functools
import hashlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mnfu import __version__
from mnfu.errors import Diagnostic
from mnfu.pages import INCLUDE, OUT, Output
from mnfu.workspace import (
    WORK,
    _digest_tree,
    atomic_write,
    generator_signature,
    work_dir,
    work_folder,
)


@dataclass
class WriteReport:
    """What a write changed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def link_or_copy(src: str | Path, dst: str | Path) -> None:
    """Hard-link ``src`` to ``dst`` (same file, same mtime, no copying); copy it where links fail."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


# The engine's configuration: mkdocs.yml and the theme overrides it names (theme.custom_dir).
SITE_CONFIG = ("mkdocs.yml", "templates/theme")


def copy_site_config(src: Path, dst: Path) -> None:
    """Copy the engine's configuration (SITE_CONFIG) from one project folder to another."""
    for name in SITE_CONFIG:
        if (src / name).is_dir():
            shutil.copytree(src / name, dst / name, dirs_exist_ok=True)
        elif (src / name).is_file():
            shutil.copy2(src / name, dst / name)


def stage_outputs(outputs: list[Output], docs_dir: Path, stage: Path) -> WriteReport:
    """Write ``outputs`` (paths under docs/) into ``stage``, the folder that will replace ``docs/ref/``.

    A file whose bytes equal the current one in ``docs/ref/`` is linked, not rewritten, so it keeps its
    mtime. Reports what differs from the current ``docs/ref/``.
    """
    report = WriteReport()
    wanted: set[Path] = set()
    for output in outputs:
        rel = Path(output.path)
        if not output.path.startswith(OUT + "/") or ".." in rel.parts or rel.is_absolute():
            raise ValueError(f"refusing to write outside {OUT}/: {output.path}")  # a generator bug
        inner = rel.relative_to(OUT)
        target, current = stage / inner, docs_dir / output.path
        wanted.add(inner)
        target.parent.mkdir(parents=True, exist_ok=True)
        if output.chunks is not None:  # a large download: streamed to disk, then compared
            with target.open("w", encoding="utf-8", newline="") as handle:
                for chunk in output.chunks():
                    handle.write(chunk)
            same = current.is_file() and not current.is_symlink() and filecmp.cmp(current, target, shallow=False)
            if same:
                target.unlink()
                link_or_copy(current, target)
            (report.unchanged if same else report.written).append(output.path)
            continue
        data = output.text.encode("utf-8")  # bytes: keep CRLF files (.ics) exact
        if current.is_file() and not current.is_symlink() and current.read_bytes() == data:
            link_or_copy(current, target)
            report.unchanged.append(output.path)
        else:
            target.write_bytes(data)
            report.written.append(output.path)
    current_dir = docs_dir / OUT
    if current_dir.is_dir():
        for path in sorted(current_dir.rglob("*")):
            if path.is_file() and path.relative_to(current_dir) not in wanted:
                report.removed.append(path.relative_to(docs_dir).as_posix())
    return report


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and termination for the few renames that swap old output for new."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on Windows
        yield
        return
    blocked = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def replace_dirs(pairs: list[tuple[Path, Path]]) -> None:
    """Put each new folder in place of its target with renames, all or none; remove the old ones after.

    A new folder on another file system than its target is first copied next to the target, so the
    swap itself is always a rename.
    """
    ready: list[tuple[Path, Path]] = []
    for new, target in pairs:
        target.parent.mkdir(parents=True, exist_ok=True)
        if os.stat(new).st_dev != os.stat(target.parent).st_dev:
            near = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
            near.rmdir()
            shutil.copytree(new, near, copy_function=shutil.copy2)
            new = near
        ready.append((new, target))
    done: list[list] = []  # [target, backup or None, whether the new folder is in place]
    with _signals_deferred():
        try:
            for new, target in ready:
                backup = None
                if target.exists() or target.is_symlink():
                    backup = target.with_name(f".{target.name}.old-{os.getpid()}")
                    if backup.exists():
                        shutil.rmtree(backup)
                    os.rename(target, backup)
                step = [target, backup, False]
                done.append(step)
                os.rename(new, target)
                step[2] = True
        except BaseException:
            for target, backup, placed in reversed(done):  # undo: the old output comes back
                if placed:
                    shutil.rmtree(target, ignore_errors=True)
                if backup is not None:
                    os.rename(backup, target)
            raise
    for _, backup, _ in done:
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)


def write_outputs(outputs: list[Output], docs_dir: Path, root: Path | None = None) -> WriteReport:
    """Bring ``docs/ref/`` in line with ``outputs`` in one step: stage every page, then swap folders."""
    work = work_dir(root or docs_dir.parent, "generate-")
    try:
        report = stage_outputs(outputs, docs_dir, work / OUT)
        if report.written or report.removed or not (docs_dir / OUT).is_dir():
            replace_dirs([(work / OUT, docs_dir / OUT)])
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------- skipping a run with nothing to do

STAMP = "generate.json"
"""In ``.mnfu/``: what the last good ``mnfu generate`` was made from, and what it left in docs/ref/."""


@dataclass
class Stamp:
    """The fingerprints of this run's inputs and of docs/ref/ as they are, and whether the last run's match."""

    inputs: str
    ref: str
    fresh: bool = False
    pages: int = 0


def inputs_fingerprint(root: Path, today: dt.date) -> str:
    """A hash of everything a generated page depends on: data/, templates/, the settings (pyproject.toml
    and MNFU_* variables), the generator's own code and the day (pages carry the build date and staleness)."""
    digest = hashlib.sha256(f"{templates_signature(root)}\0{today.isoformat()}\0".encode())
    for name in ("data", "seeds"):  # seeds: the coverage page reads their text
        _digest_tree(digest, root / name, root)
    digest.update(head_signature(root).encode())  # a new commit changes the Recent changes page
    return digest.hexdigest()


def head_signature(root: Path) -> str:
    """What identifies the checked-out commit, read from .git without running git (for the stamp)."""
    git = root / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if head.startswith("ref: "):
            ref = git / head[5:]
            head += ":" + (ref.read_text(encoding="utf-8").strip() if ref.is_file() else
                           (git / "packed-refs").read_text(encoding="utf-8") if (git / "packed-refs").is_file() else "")
        return head
    except OSError:
        return "no git"


def ref_signature(docs_dir: Path) -> str:
    """A hash of docs/ref/ as it stands (names, sizes, mtimes): a hand edit or a deletion shows."""
    digest = hashlib.sha256()
    _digest_tree(digest, docs_dir / OUT, docs_dir, contents=False)
    return digest.hexdigest()


def read_stamp(root: Path, today: dt.date) -> Stamp:
    """Fingerprint this run's inputs and compare them with the last good run's stamp."""
    stamp = Stamp(inputs_fingerprint(root, today), ref_signature(root / "docs"))
    try:
        last = json.loads((root / WORK / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return stamp
    stamp.fresh = last.get("inputs") == stamp.inputs and last.get("ref") == stamp.ref
    stamp.pages = int(last.get("pages", 0))
    return stamp


def write_stamp(root: Path, stamp: Stamp, pages: int) -> None:
    """Record a good run: its inputs and the docs/ref/ it left (every page rendered: ``mark_rendered``)."""
    work_folder(root)
    record = {"inputs": stamp.inputs, "ref": ref_signature(root / "docs"), "pages": pages}
    atomic_write(root / WORK / STAMP, json.dumps(record) + "\n")
    mark_rendered(root)


# ---------------------------------------------------------------- the live preview

PREVIEW_ERRORS = "preview-errors"


def mark_changed(docs_dir: Path, pages: Iterable[str] | None = None) -> None:
    """Give every generated page (or those of ``pages``, paths under docs/) a new mtime, so the engine's
    dirty rebuild redoes them."""
    paths = (docs_dir / OUT).rglob("*.md") if pages is None else (docs_dir / page for page in pages)
    for path in paths:
        with contextlib.suppress(FileNotFoundError):  # a page the last regeneration removed
            os.utime(path)


def show_preview_errors(docs_dir: Path, diagnostics: list[Diagnostic], pages: Iterable[str] | None = None) -> None:
    """Append a banner with the data problems to every page of the live preview, through the include file
    that every page appends, and mark every page changed; or, given ``pages`` (paths under docs/), to those
    pages alone, written at the end of each (the engine then rebuilds only them). The pages themselves
    stay the last good ones; the next good regeneration writes them without it."""
    banner = _banner(diagnostics)
    if pages is not None:
        for page in pages:
            path = docs_dir / page
            with contextlib.suppress(FileNotFoundError):
                atomic_write(path, _without_banner(path.read_text(encoding="utf-8")) + "\n\n" + banner)
        return
    include = docs_dir / INCLUDE / "abbreviations.md"
    if not include.parent.is_dir():
        return
    text = include.read_text(encoding="utf-8") if include.is_file() else ""
    atomic_write(include, _without_banner(text) + "\n\n" + banner)
    mark_changed(docs_dir)


def hide_preview_errors(docs_dir: Path) -> None:
    """Take the data problems' banner out of the include file (the pages that carry one themselves are
    written again by the regeneration)."""
    include = docs_dir / INCLUDE / "abbreviations.md"
    text = include.read_text(encoding="utf-8") if include.is_file() else ""
    if f'<div class="mnfu-{PREVIEW_ERRORS}"' in text:
        atomic_write(include, _without_banner(text) + "\n")


def _without_banner(text: str) -> str:
    return text.split(f'<div class="mnfu-{PREVIEW_ERRORS}"')[0].rstrip("\n")


def _banner(diagnostics: list[Diagnostic]) -> str:
    """The banner listing the data problems (Markdown, every value escaped)."""
    from mnfu.site.escape import md_inline

    errors = [d for d in diagnostics if d.level == "error"]
    lines = [f'<div class="mnfu-{PREVIEW_ERRORS}" role="alert" markdown>', "",
             f"**The data has {len(errors)} error{'s' if len(errors) != 1 else ''}: this preview shows the last good "
             "version of the pages until they are fixed.**", ""]
    for d in diagnostics[:50]:
        where = f"{d.path}:{d.line}:{d.col}" if d.line else d.path
        lines.append(f"- {md_inline(where)}: {md_inline(d.message)}" + (f" ({md_inline(d.hint)})" if d.hint else ""))
    return "\n".join([*lines, "", "</div>", ""])


def templates_signature(root: Path) -> str:
    """A hash of what the pages depend on besides the data: the templates, the generator's code and the
    settings (pyproject.toml and MNFU_* variables). ``mnfu check`` renders every page only when it changed
    since the last complete render (``mark_rendered``); data errors themselves are found by validation."""
    digest = hashlib.sha256(f"{__version__}\0".encode())
    _digest_tree(digest, root / "templates", root)
    path = root / "pyproject.toml"
    digest.update(path.read_bytes() if path.is_file() else b"no pyproject.toml")
    digest.update(repr(sorted((k, v) for k, v in os.environ.items() if k.startswith("MNFU_"))).encode())
    digest.update(generator_signature().encode())
    return digest.hexdigest()


@functools.cache
def mark_rendered(root: Path) -> None:
    """Record that every page rendered with the current templates and generator."""
    write_cache(root, "rendered", templates_signature(root), {})


def rendered_before(root: Path) -> bool:
    """Did every page render with the current templates and generator (generate, build or check)?"""
    return read_cache(root, "rendered", templates_signature(root)) is not None


def read_cache(root: Path, name: str, inputs: str) -> dict[str, Any] | None:
    """A result kept in ``.mnfu/<name>.json`` by an earlier run with the same inputs, or None."""
    try:
        cached = json.loads((root / WORK / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return cached if isinstance(cached, dict) and cached.get("inputs") == inputs else None


def write_cache(root: Path, name: str, inputs: str, payload: dict[str, Any]) -> None:
    """Keep a result for later runs with the same inputs (``read_cache``)."""
    work_folder(root)
    atomic_write(root / WORK / f"{name}.json", json.dumps({**payload, "inputs": inputs}) + "\n")
