"""The models kept between checks (mnfu.memo): only changed files are parsed and validated again, the
result is the same as without them, and a kept file not signed with this user's key is never unpickled."""

from __future__ import annotations

import datetime as dt
import os
import pickle
from pathlib import Path

import pytest

import mnfu.data.load
from conftest import TODAY, run
from mnfu.data.memo import FILE
from mnfu.errors import DataError
from mnfu.pipeline import load_site


def test_the_key_is_kept_in_the_folder_of_this_test_run(project: Path):
    """conftest.py points MNFU_CACHE_KEY_DIR at a temporary folder: tests never write ~/.cache/mnfu."""
    folder = Path(os.environ["MNFU_CACHE_KEY_DIR"])
    assert folder != Path.home() / ".cache" / "mnfu" and folder.name.startswith("cache-key")
    load_site(project, TODAY, memo=True)
    assert (folder / "key").is_file()


def parsed_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the path of every data file parsed from here on."""
    seen: list[str] = []
    real = mnfu.data.load.parse_text
    monkeypatch.setattr(mnfu.data.load, "parse_text", lambda text, path, *a, **k: seen.append(path) or real(text, path, *a, **k))
    return seen


def test_a_second_check_parses_only_the_edited_file(project: Path, monkeypatch: pytest.MonkeyPatch):
    first = load_site(project, TODAY, memo=True)
    assert (project / ".mnfu" / FILE).is_file()
    gb = project / "data" / "contributors" / "gb.yaml"
    gb.write_text(gb.read_text().replace("co-leads the coalition", "co-leads the whole coalition"))
    seen = parsed_files(monkeypatch)
    second = load_site(project, TODAY, memo=True)
    assert seen == ["data/contributors/gb.yaml"]
    assert second.records.keys() == first.records.keys()
    assert "whole coalition" in second.entities["gb"].model.summary
    assert second.entities["no"].model == first.entities["no"].model
    seen.clear()
    load_site(project, TODAY)  # without the memo (generate, build): every file
    assert len(seen) == len(first.records) + (first.glossary is not None)


def test_errors_are_found_again_and_positions_still_read_from_the_file(project: Path):
    gb = project / "data" / "contributors" / "gb.yaml"
    gb.write_text(gb.read_text().replace("[@alpha-2025-07-17]", "[@no-such-source]", 1))
    for _ in range(2):  # the file with a problem is never kept: the second run reports it the same
        with pytest.raises(DataError) as caught:
            load_site(project, TODAY, memo=True)
        [problem] = caught.value.diagnostics
        assert (problem.path, problem.message) == ("data/contributors/gb.yaml", "unknown source 'no-such-source'")
        assert problem.line > 1


def test_a_reference_to_an_unchanged_file_breaks_when_that_file_goes(project: Path):
    load_site(project, TODAY, memo=True)
    (project / "data" / "headquarters" / "paris-hq.yaml").unlink()
    with pytest.raises(DataError) as caught:
        load_site(project, TODAY, memo=True)
    assert any("'paris-hq'" in d.message for d in caught.value.diagnostics)


def test_kept_models_are_for_one_day(project: Path):
    """as_of may not be after today: a model kept on one day is validated again on another."""
    load_site(project, TODAY, memo=True)
    with pytest.raises(DataError) as caught:
        load_site(project, dt.date(2025, 1, 1), memo=True)
    assert any("after today" in d.message for d in caught.value.diagnostics)


class Planted:
    """What a hostile pickle would do: leave a mark when it is read."""

    def __init__(self, mark: Path):
        self.mark = mark

    def __reduce__(self):
        return (Path.touch, (self.mark,))


def test_a_planted_file_is_never_unpickled(project: Path, tmp_path: Path):
    """A pull request can commit .mnfu/models.pickle; without this user's key its signature fails."""
    mark = tmp_path / "pickle-ran"
    target = project / ".mnfu" / FILE
    target.parent.mkdir()
    payload = pickle.dumps(Planted(mark))
    pickle.loads(payload)  # the mark is what unpickling leaves
    assert mark.exists()
    mark.unlink()
    for tag in (b"\0" * 32, payload[:32]):
        target.write_bytes(tag + payload)
        assert run(project, "check") == 0
        assert not mark.exists()
        target.write_bytes(b"")


def test_no_key_no_memo(project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("MNFU_CACHE_KEY_DIR", str(blocker / "mnfu"))
    load_site(project, TODAY, memo=True)
    assert not (project / ".mnfu" / FILE).exists()
