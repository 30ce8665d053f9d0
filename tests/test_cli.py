"""CLI: called through main([...]), asserting exit codes and output."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, run
from mnfu.cli import main


def test_check_on_valid_data_exits_0(project: Path, capsys):
    assert run(project, "check") == 0
    assert "mnfu check passed" in capsys.readouterr().out


def test_check_writes_nothing(project: Path, capsys):
    assert main(["--root", str(project), "check"]) == 0
    assert "mnfu check passed" in capsys.readouterr().out
    assert not (project / "docs" / "ref").exists() and not (project / "site").exists()


def test_generate_then_rerun_changes_nothing(project: Path, capsys):
    assert main(["--root", str(project), "generate"]) == 0
    first = capsys.readouterr().out
    assert main(["--root", str(project), "generate"]) == 0
    second = capsys.readouterr().out
    assert "0 unchanged" in first and "up to date" in second
    (project / ".mnfu" / "generate.json").unlink()  # without the stamp: rendered again, nothing rewritten
    assert main(["--root", str(project), "generate"]) == 0
    assert " 0 written" in capsys.readouterr().out


def test_check_formats_match_the_cli_choices():
    from mnfu.checks import findings as check
    from mnfu.commands.base import FORMATS

    assert sorted(check.FORMATS) == FORMATS


def test_a_usage_error_does_not_load_the_pipeline():
    import subprocess
    import sys

    code = ("import sys; from mnfu.cli import main; main(['generate', '--nope']); "
            "print(sorted(m for m in sys.modules if m in ('pydantic', 'jinja2', 'mnfu.site.render', 'mnfu.checks.findings')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["--today", "not-a-date", "check"]) == 2


def test_version_exits_0(capsys):
    assert main(["--version"]) == 0
    assert "mnfu" in capsys.readouterr().out


def test_missing_data_folder_is_an_error(tmp_path: Path, capsys):
    assert main(["--root", str(tmp_path), "check"]) == 1
    assert "data folder not found" in capsys.readouterr().out


def test_schema_command_writes_schemas(tmp_path: Path, capsys):
    assert main(["--root", str(tmp_path), "schema"]) == 0
    assert (tmp_path / "data" / "schema" / "contributor.schema.json").is_file()
    assert main(["--root", str(tmp_path), "schema"]) == 0
    assert "0 schema file(s) updated" in capsys.readouterr().out


def test_check_named_files_reports_only_their_problems(project: Path, capsys):
    """`mnfu check FILE...` checks the named files and their references; other files are not read."""
    contributors = project / "data" / "contributors"
    (contributors / "ua.yaml").write_text("name: Ukraine\nrole: bad\n")  # broken, but not named
    (contributors / "fr.yaml").write_text(
        "name: France\nrole: {value: lead-nation, as_of: 2025-09, sources: [alpha-2025-07-17]}\n"
        "summary: France co-leads with [[gb]] near [[nato]] [@alpah-2025-07-17].\n")
    code = run(project, "check", str(contributors / "fr.yaml"))
    out = capsys.readouterr().out
    assert code == 1
    assert "data/contributors/fr.yaml:3:" in out and "unknown source 'alpah-2025-07-17'" in out
    assert "did you mean 'alpha-2025-07-17'?" in out
    assert "ua.yaml" not in out and "1 error" in out


def test_check_named_files_passes_on_valid_files_and_knows_kinds_by_folder(project: Path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["--today", TODAY.isoformat(), "check", "data/contributors/gb.yaml", "data/glossary.yaml"]) == 0
    (project / "data" / "headquarters" / "rome-hq.yaml").write_text(
        "name: Rome\nplace: Rome\ncountry: nato\nrole: A headquarters [@beta-2025].\nsummary: In Rome [@beta-2025].\n")
    assert main(["--today", TODAY.isoformat(), "check", "data/headquarters/rome-hq.yaml"]) == 1
    assert "'nato' is an organization, not a contributor" in capsys.readouterr().out


def test_check_named_files_usage_errors(project: Path, capsys):
    assert main(["--root", str(project), "check", str(project / "mkdocs.yml")]) == 2
    assert main(["--root", str(project), "check", "--site", "site", str(project / "data" / "glossary.yaml")]) == 2
    assert "not a data file" in capsys.readouterr().err


def test_preview_shows_data_errors_on_every_page_and_keeps_the_last_good_pages(project: Path):
    """mnfu serve's regeneration: a data error leaves the pages as they were and appends a banner with
    the located problems (escaped) to every page through the include file; fixing the data removes it."""
    import datetime as dt
    import os

    from mnfu.commands.serve import preview

    today = dt.date(2026, 11, 22)
    assert preview(project, today) == []
    ref = project / "docs" / "ref"
    include = ref / ".include" / "abbreviations.md"
    good = (ref / "contributors" / "no.md").read_text()
    os.utime(ref / "contributors" / "no.md", (1, 1))
    no = project / "data" / "contributors" / "no.yaml"
    text = no.read_text()
    no.write_text(text.replace("[@beta-2025]", "[@nowhere <b>x</b>]", 1))
    problems = preview(project, today)
    assert problems and problems[0].path == "data/contributors/no.yaml"
    banner = include.read_text()
    assert 'class="mnfu-preview-errors"' in banner and "data/contributors/no.yaml:" in banner
    assert "<b>" not in banner.split("mnfu-preview-errors")[1]  # the message quotes data: escaped
    assert (ref / "contributors" / "no.md").read_text() == good  # the last good page stays
    assert (ref / "contributors" / "no.md").stat().st_mtime > 1  # marked changed: dirty rebuild redoes it
    no.write_text(text)
    assert preview(project, today) == []
    assert "mnfu-preview-errors" not in include.read_text()


def test_settings_come_from_the_environment_too(project: Path, monkeypatch):
    """The deploy workflow gives the published address and the repository as MNFU_* variables; pages
    then link to the data's history and offer a prefilled problem report, and the change is noticed."""
    args = ["--root", str(project), "--today", TODAY.isoformat(), "generate", "-q"]
    assert main(args) == 0
    page = project / "docs" / "ref" / "contributors" / "gb.md"
    assert "Report a problem" not in page.read_text()
    monkeypatch.setenv("MNFU_REPOSITORY", "https://github.com/owner/repo/")
    monkeypatch.setenv("MNFU_SITE_URL", "https://owner.github.io/repo")
    assert main(args) == 0
    text = page.read_text()
    assert "(https://github.com/owner/repo/commits/main/data/contributors/gb.yaml)" in text
    assert "issues/new?template=correction.yml&title=Correction%3A%20United%20Kingdom&page=https%3A//owner.github.io/repo/ref/contributors/gb/" in text


def test_check_renders_the_pages_only_when_templates_or_generator_changed(project: Path, capsys, monkeypatch):
    """After a complete render (generate, build or check), a data edit is checked by validation alone; a
    template edit, --render or --site renders every page again."""
    import mnfu.site.render

    rendered = []
    real = mnfu.site.render.render_iter
    monkeypatch.setattr(mnfu.site.render, "render_iter", lambda *a, **k: rendered.append(1) or real(*a, **k))
    args = ["--root", str(project), "--today", TODAY.isoformat(), "check"]
    assert main(args) == 0 and rendered == [1]  # nothing rendered yet in this project: render
    gb = project / "data" / "contributors" / "gb.yaml"
    gb.write_text(gb.read_text().replace("co-leads the coalition", "co-leads the whole coalition"))
    assert main(args) == 0 and rendered == [1]  # a data edit: validation only
    gb.write_text(gb.read_text().replace("[@alpha-2025-07-17]", "[@no-such-source]", 1))
    capsys.readouterr()
    assert main(args) == 1 and rendered == [1]  # data errors are still found without rendering
    assert "unknown source 'no-such-source'" in capsys.readouterr().out
    gb.write_text(gb.read_text().replace("[@no-such-source]", "[@alpha-2025-07-17]"))
    assert main([*args, "--render"]) == 0 and rendered == [1, 1]
    (project / "templates" / "glossary.md.j2").open("a").write("\n")
    assert main(args) == 0 and rendered == [1, 1, 1]  # a template edit: render


def test_preview_writes_the_page_of_an_edited_file_before_regenerating_the_rest(project: Path, monkeypatch):
    """mnfu serve: the edited entity's page is written first, so the browser shows the edit sooner; the
    whole regeneration follows and writes the rest (the same text for that page)."""
    import datetime as dt

    import mnfu.commands.serve
    from mnfu.commands.serve import preview

    today = dt.date(2026, 11, 22)
    assert preview(project, today) == []
    page = project / "docs" / "ref" / "contributors" / "no.md"
    no = project / "data" / "contributors" / "no.yaml"
    no.write_text(no.read_text().replace("summary: ", "summary: Quickword ", 1))
    seen = []
    real = mnfu.commands.serve.write_outputs
    monkeypatch.setattr(mnfu.commands.serve, "write_outputs",
                        lambda *a, **k: seen.append("Quickword" in page.read_text()) or real(*a, **k))
    assert preview(project, today, [no]) == []
    assert seen == [True] and "Quickword" in page.read_text()
    # a data error: the first pass writes nothing, the whole regeneration reports it
    no.write_text(no.read_text().replace("[@beta-2025]", "[@nowhere]", 1))
    before = page.read_text()
    problems = preview(project, today, [no])
    assert problems and problems[0].path == "data/contributors/no.yaml" and page.read_text() == before


def test_every_package_is_in_a_plain_install():
    """pyproject.toml lists the packages one by one: a new subpackage left out works in the editable
    install (.venv) and is missing from a wheel."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    package = root / "scripts" / "mnfu"
    found = {"mnfu"} | {"mnfu." + ".".join(p.parent.relative_to(package).parts) for p in package.rglob("*/__init__.py")}
    assert listed == found


def test_the_preview_snapshot_lists_files_and_skips_what_is_gone(tmp_path: Path):
    """The watcher's snapshot: files with their mtime and size; folders, missing folders and an entry
    that vanishes between listing and stat (a dangling link stands in for an editor's temporary file)
    are left out instead of stopping the watcher."""
    from mnfu.commands.serve import _snapshot

    data = tmp_path / "data"
    (data / "contributors").mkdir(parents=True)
    (data / "contributors" / "gb.yaml").write_text("name: x\n")
    (data / "gone.yaml").symlink_to(data / "nowhere.yaml")
    found = _snapshot([data, tmp_path / "templates"])
    assert list(found) == [data / "contributors" / "gb.yaml"]
    assert found[data / "contributors" / "gb.yaml"][1] == len("name: x\n")
