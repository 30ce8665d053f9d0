"""Writing: only inside docs/ref/, unchanged files untouched, stale files removed, failures write nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import TODAY, run
from mnfu.cli import main
from mnfu.pages import Output
from mnfu.site.write import write_outputs


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


def _tree(*folders: Path) -> dict[str, bytes]:
    return {p.as_posix(): p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(project: Path) -> Path:
    """The fixture project, built once: site/ and docs/ref/ exist."""
    assert run(project, "build", "-q") == 0
    return project


def test_a_failed_engine_build_changes_nothing_even_when_quiet(built: Path, capsys):
    before = _tree(built / "site", built / "docs" / "ref")
    (built / "data" / "contributors" / "no.yaml").write_text(
        (built / "data" / "contributors" / "no.yaml").read_text().replace("Norway", "Norge"))
    (built / "docs" / "new.md").write_text("# New\n")  # in no navigation: a warning, so strict mode fails
    assert run(built, "build", "-q") == 1
    assert _tree(built / "site", built / "docs" / "ref") == before
    err = capsys.readouterr().err
    assert "docs/new.md:1:1: error: the page is not in the site's navigation" in err
    assert "site/ and docs/ref/ are unchanged" in err and "Traceback" not in err
    assert not [p.name for p in (built / ".mnfu").iterdir() if p.name.startswith("build-")]  # no work folder left


def test_an_interrupted_build_changes_nothing(built: Path, monkeypatch):
    from mnfu.site import engine
    before = _tree(built / "site", built / "docs" / "ref")

    def interrupted(engine_name, project, site_dir, quiet=False):
        (site_dir / "half").mkdir(parents=True)
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "build", interrupted)
    (built / "data" / "contributors" / "no.yaml").write_text(
        (built / "data" / "contributors" / "no.yaml").read_text().replace("Norway", "Norge"))
    assert run(built, "build", "-q") == 2
    assert _tree(built / "site", built / "docs" / "ref") == before


def test_a_swap_that_fails_halfway_is_undone(tmp_path: Path, monkeypatch):
    from mnfu.site import write
    for name in ("old-a", "old-b", "new-a", "new-b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "f").write_text(name)
    (tmp_path / "old-a").rename(tmp_path / "a")
    (tmp_path / "old-b").rename(tmp_path / "b")
    real_rename, calls = os.rename, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 4:  # a -> backup, new-a -> a, b -> backup, then new-b -> b fails
            raise OSError("disk full")
        real_rename(src, dst)

    monkeypatch.setattr(write.os, "rename", flaky)
    with pytest.raises(OSError):
        write.replace_dirs([(tmp_path / "new-a", tmp_path / "a"), (tmp_path / "new-b", tmp_path / "b")])
    assert (tmp_path / "a" / "f").read_text() == "old-a" and (tmp_path / "b" / "f").read_text() == "old-b"


def test_generate_swaps_docs_ref_in_one_step_and_skips_a_no_op(project: Path):
    assert main(["--root", str(project), "generate", "-q"]) == 0
    inode = (project / "docs" / "ref").stat().st_ino
    assert main(["--root", str(project), "generate", "-q"]) == 0
    assert (project / "docs" / "ref").stat().st_ino == inode  # nothing changed: the folder was kept


def test_a_run_with_nothing_to_do_renders_nothing(project: Path, capsys, monkeypatch):
    """The second run of `mnfu generate` with unchanged inputs neither loads nor renders: it answers from
    the stamp in .mnfu/. A changed data file, template, seed text, audit record or day, or a hand edit in
    docs/ref/, reruns."""
    import mnfu.commands.build

    args = ["--root", str(project), "--today", TODAY.isoformat(), "generate"]
    assert main(args) == 0
    calls = []
    real = mnfu.commands.build.pipeline_iter
    monkeypatch.setattr(mnfu.commands.build, "pipeline_iter", lambda *a, **k: calls.append(1) or real(*a, **k))
    capsys.readouterr()
    assert main(args) == 0 and calls == []
    assert "up to date" in capsys.readouterr().out
    (project / "data" / "contributors" / "no.yaml").touch()  # same content: still nothing to do
    assert main(args) == 0 and calls == []
    for change in (lambda: (project / "templates" / "glossary.md.j2").open("a").write("\n"),
                   lambda: (project / "docs" / "ref" / "force.md").write_text("edited by hand\n"),
                   lambda: (project / "seeds").mkdir() or (project / "seeds" / "x.txt").write_text("A seed.\n"),
                   lambda: (project / "data" / "audit.yaml").write_text("audits: []\n"),
                   lambda: args.__setitem__(3, "2026-11-23")):
        change()
        assert main(args) == 0
        assert len(calls) == 1, "a change must rerun the pipeline"
        calls.clear()
    assert "edited by hand" not in (project / "docs" / "ref" / "force.md").read_text()


def test_a_failed_run_leaves_no_stamp_behind(project: Path):
    args = ["--root", str(project), "--today", TODAY.isoformat(), "generate", "-q"]
    assert main(args) == 0
    (project / "data" / "contributors" / "no.yaml").write_text("name: Norway\n")
    assert main(args) == 1
    assert main(args) == 1  # still failing: never "up to date" after a failure
