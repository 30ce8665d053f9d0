"""Write the rendered pages into the generator's folder, and the JSON Schemas next to the data.

Only files inside ``docs/ref/`` are written or removed. Unchanged files keep their mtime; files that no
longer correspond to data are removed; every file is written atomically (temporary file, then rename).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .models import KIND_MODELS
from .render import OUT, Output


@dataclass
class WriteReport:
    """What a write changed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def atomic_write(path: Path, text: str) -> None:
    """Write text to path via a temporary file and a rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_outputs(outputs: list[Output], docs_dir: Path) -> WriteReport:
    """Bring ``docs/ref/`` in line with ``outputs``: write changed files, remove stale ones."""
    out_dir = docs_dir / OUT
    report = WriteReport()
    wanted = {}
    for output in outputs:
        if not output.path.startswith(OUT + "/") or ".." in Path(output.path).parts:
            raise ValueError(f"refusing to write outside {OUT}/: {output.path}")  # a generator bug
        wanted[docs_dir / output.path] = output.text
    for path, text in sorted(wanted.items()):
        rel = path.relative_to(docs_dir).as_posix()
        if path.is_file() and path.read_bytes() == text.encode("utf-8"):  # bytes: keep CRLF files (.ics) exact
            report.unchanged.append(rel)
            continue
        atomic_write(path, text)
        report.written.append(rel)
    if out_dir.is_dir():
        for path in sorted(out_dir.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
                report.removed.append(path.relative_to(docs_dir).as_posix())
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return report


def schemas() -> dict[str, str]:
    """JSON Schema text for each kind of data file, keyed by file name."""
    result = {}
    for kind, model in KIND_MODELS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{kind}.schema.json"
        result[f"{kind}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return result


def write_schemas(schema_dir: Path) -> list[str]:
    """Write the JSON Schemas into ``data/schema/``; return the names that changed."""
    changed = []
    for name, text in schemas().items():
        path = schema_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text)
            changed.append(name)
    return changed
