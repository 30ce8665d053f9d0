"""Writing: only inside docs/ref/, unchanged files untouched, stale files removed, failures write nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mnfu.cli import main
from mnfu.render import Output
from mnfu.write import schemas, write_outputs


def test_unchanged_files_keep_their_mtime_and_stale_files_go(tmp_path: Path):
    docs = tmp_path / "docs"
    report = write_outputs([Output("ref/a.md", "A\n"), Output("ref/x/b.md", "B\n")], docs)
    assert report.written == ["ref/a.md", "ref/x/b.md"]
    os.utime(docs / "ref/a.md", (1, 1))
    report = write_outputs([Output("ref/a.md", "A\n"), Output("ref/c.md", "C\n")], docs)
    assert report.unchanged == ["ref/a.md"] and report.written == ["ref/c.md"]
    assert report.removed == ["ref/x/b.md"]
    assert (docs / "ref/a.md").stat().st_mtime == 1
    assert not (docs / "ref/x").exists()


def test_never_writes_outside_its_folder(tmp_path: Path):
    with pytest.raises(ValueError):
        write_outputs([Output("about.md", "x")], tmp_path / "docs")
    with pytest.raises(ValueError):
        write_outputs([Output("ref/../about.md", "x")], tmp_path / "docs")


def test_hand_written_pages_are_left_alone(project: Path):
    assert main(["--root", str(project), "generate", "-q"]) == 0
    assert (project / "docs" / "about.md").is_file()
    assert (project / "docs" / "ref" / "contributors" / "no.md").is_file()


def test_a_failed_run_writes_nothing(project: Path, capsys):
    assert main(["--root", str(project), "generate", "-q"]) == 0
    before = {p: p.read_bytes() for p in (project / "docs" / "ref").rglob("*") if p.is_file()}
    (project / "data" / "contributors" / "no.yaml").write_text("name: Norway\n")
    (project / "data" / "contributors" / "se.yaml").write_text("name: Sweden\nrole: bad\n")
    assert main(["--root", str(project), "generate"]) == 1
    after = {p: p.read_bytes() for p in (project / "docs" / "ref").rglob("*") if p.is_file()}
    assert after == before
    assert "nothing was written" in capsys.readouterr().err


def test_schema_files_match_the_models():
    schema_dir = Path(__file__).resolve().parent.parent / "data" / "schema"
    for name, text in schemas().items():
        path = schema_dir / name
        assert path.is_file(), f"{path} missing: run 'make schema'"
        assert path.read_text(encoding="utf-8") == text, f"{name} is out of date: run 'make schema'"
        json.loads(text)
