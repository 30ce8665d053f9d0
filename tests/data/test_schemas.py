"""What editors see of the models: JSON Schemas, field reference, new-file skeletons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, run
from mnfu.data.schemas import schemas


def test_schema_files_match_the_models():
    schema_dir = ROOT / "data" / "schema"
    for name, text in schemas().items():
        path = schema_dir / name
        assert path.is_file(), f"{path} missing: run 'make schema'"
        assert path.read_text(encoding="utf-8") == text, f"{name} is out of date: run 'make schema'"
        json.loads(text)


def test_field_reference_matches_the_models():
    from mnfu.data.schemas import FIELD_REFERENCE, field_reference

    path = ROOT / FIELD_REFERENCE
    assert path.read_text(encoding="utf-8") == field_reference(), f"{FIELD_REFERENCE} is out of date: run 'make schema'"


def test_every_field_is_described_for_editors():
    """Every field of every model has a description, and so does every property of the JSON Schemas
    (what an editor sees on hover)."""
    import typing

    from mnfu.data import models
    seen, missing = set(), []

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            if not info.description:
                missing.append(f"{model.__name__}.{name}")
            for arg in (*typing.get_args(info.annotation), info.annotation):
                for inner in (*typing.get_args(arg), arg):
                    if isinstance(inner, type) and issubclass(inner, models.BaseModel):
                        visit(inner)

    for model in models.KIND_MODELS.values():
        visit(model)
    assert not missing, missing

    undescribed = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in (node.get("properties") or {}).items():
                if not (isinstance(value, dict) and value.get("description")):
                    undescribed.append(f"{where}.{key}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for name, text in schemas().items():
        walk(json.loads(text), name)
    assert not undescribed, undescribed


KINDS = ["force", "contributor", "organization", "headquarters", "event", "legal-issue", "precedent", "source"]


def _indent(line: str) -> int:
    stripped = line.lstrip()
    return len(line) - len(stripped) + (2 if stripped.startswith("- ") else 0)


def _fill(text: str) -> str:
    """Fill every blank of a new file as an editor would, from the comment above each field."""
    lines, out = text.splitlines(), []
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#") or not line.rstrip().endswith(":"):
            out.append(line.replace("sources: []", "sources: [alpha-2025-07-17]"))
            continue
        following = next((x for x in lines[i + 1:] if x.strip() and not x.lstrip().startswith("#")), "")
        if following and _indent(following) > _indent(line):
            out.append(line)  # a mapping or list: its fields follow
            continue
        key, comment = line.strip().removeprefix("- ").rstrip(":"), lines[i - 1]
        if "one of " in comment:
            value = comment.split("one of ", 1)[1].split(",")[0].strip()
        elif "date" in comment:
            value = "2025-01"
        elif key == "lang":
            value = "en"
        elif "Text in your own words" in comment:
            value = "Stated in the source [@alpha-2025-07-17]."
        else:
            value = "Test value"
        out.append(f"{line} {value}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_file_of_every_kind_passes_the_check_once_filled(project: Path, capsys, kind: str):
    from mnfu.cli import main

    if kind == "force":
        (project / "data" / "force" / "mnf-u.yaml").unlink()  # only one force may exist
    assert main(["--root", str(project), "new", kind, "new-entry"]) == 0
    [path] = [p for p in (project / "data").rglob("new-entry.yaml")]
    blank = path.read_text(encoding="utf-8")
    assert blank.startswith("# yaml-language-server: $schema=../schema/")
    assert run(project, "check", str(path)) == 1  # blanks are errors
    capsys.readouterr()
    path.write_text(_fill(blank), encoding="utf-8")
    code = run(project, "check", str(path))
    assert code == 0, capsys.readouterr().out + "\n" + path.read_text(encoding="utf-8")


def test_new_refuses_taken_invalid_and_reserved_ids_and_unknown_kinds(project: Path, capsys):
    from mnfu.cli import main

    assert main(["--root", str(project), "new", "contributor", "gb"]) == 2
    assert "already taken by data/contributors/gb.yaml" in capsys.readouterr().err
    assert main(["--root", str(project), "new", "organization", "gb"]) == 2  # entity ids are shared by kinds
    assert main(["--root", str(project), "new", "source", "gb"]) == 0  # sources have their own
    assert main(["--root", str(project), "new", "contributor", "Great Britain"]) == 2
    assert "not a valid id" in capsys.readouterr().err
    assert main(["--root", str(project), "new", "event", "index"]) == 2
    assert main(["--root", str(project), "new", "country", "fr"]) == 2
    assert "unknown kind 'country'" in capsys.readouterr().err


@pytest.mark.parametrize("kind", KINDS)
def test_uncommenting_an_optional_line_of_a_new_file_never_gives_a_valid_value_from_its_help(kind: str):
    """An editor who deletes the "# " of a commented optional line (the field's or its help's) gets an
    error or an empty field to fill in: never the help text taken as the field's value."""
    import datetime as dt

    from mnfu.data.load import LoadedFile, pack, parse_text
    from mnfu.data.schemas import KIND_NAMES, new_file_text
    from mnfu.data.validate import validate
    from mnfu.errors import DataError

    filled = _fill(new_file_text(KIND_NAMES[kind])).splitlines()
    start = next(i for i, line in enumerate(filled) if line.startswith("# Optional"))
    optional = [i for i in range(start + 1, len(filled)) if filled[i].startswith("# ")]
    assert len(optional) >= 4 and len(optional) % 2 == 0  # a help line and a field line per field
    for i in optional:
        lines = list(filled)
        lines[i] = lines[i].removeprefix("# ")
        text = "\n".join(lines) + "\n"
        try:
            data, _, _ = parse_text(text, "x.yaml")
        except DataError:
            continue  # a help line is not YAML: an error, as wanted
        key = lines[i].split(":", 1)[0]
        file = LoadedFile("x.yaml", KIND_NAMES[kind], "new-entry", data, None, None, pack(text))
        validate(file, dt.date(2026, 11, 22))
        if file.problems:
            continue  # an error at the line, as wanted
        assert key in data and data[key] in (None, [], {}), f"uncommenting {lines[i]!r} gave a valid value"
