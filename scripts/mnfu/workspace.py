"""The project's work folder (``.mnfu/``) and the disk primitives every stage that keeps something uses:
atomic writes (a reader never sees half a file) and the signature of the generator's own code."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
"""The generator's package, whose code :func:`generator_signature` hashes."""

WORK = ".mnfu"
"""The folder, in the project, where runs stage their output before it replaces the old one."""


def atomic_write(path: Path, text: str) -> None:
    """Write text to path via a temporary file and a rename, so a reader never sees half a file."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write bytes to path via a temporary file and a rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def work_folder(root: Path) -> Path:
    """``.mnfu/``, the project's folder for work in progress and caches (made, git-ignored, when missing)."""
    base = root / WORK
    base.mkdir(exist_ok=True)
    ignore = base / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    return base


def work_dir(root: Path, prefix: str) -> Path:
    """A new empty folder under ``.mnfu/`` for one run's staged output (removed by the caller)."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=work_folder(root))).resolve()


def _digest_tree(digest: Any, folder: Path, root: Path, contents: bool = True, pattern: str = "*") -> None:
    if not folder.is_dir():
        digest.update(f"missing {folder.name}\0".encode())
        return
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(root).as_posix()}\0{stat.st_size}\0".encode())
            digest.update(path.read_bytes() if contents else f"{stat.st_mtime_ns}\0".encode())


def generator_signature() -> str:
    """A hash of the generator's own code (this package)."""
    digest = hashlib.sha256()
    _digest_tree(digest, PACKAGE, PACKAGE)
    return digest.hexdigest()
