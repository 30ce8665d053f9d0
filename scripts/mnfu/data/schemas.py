"""What the models tell editors: the JSON Schemas, the field reference and the skeleton of a new file.

All three come from the pydantic models, so they cannot drift from what ``mnfu check`` accepts.
``mnfu schema`` writes the first two; ``mnfu new`` writes the third.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from mnfu.workspace import atomic_write


@functools.cache  # a function of the models alone: a live preview regenerating downloads asks again and again
def schemas() -> dict[str, str]:
    """JSON Schema text for each kind of data file, keyed by file name."""
    from mnfu.data.models import KIND_MODELS  # pydantic only when schemas are asked for

    result = {}
    for kind, model in KIND_MODELS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{kind}.schema.json"
        result[f"{kind}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return result


FIELD_REFERENCE = "docs/fields.md"
"""The field reference of the editing guide, written by ``mnfu schema`` from the same schemas."""

KIND_FILES = {"force": "data/force/<id>.yaml", "contributor": "data/contributors/<id>.yaml",
              "organization": "data/organizations/<id>.yaml", "headquarters": "data/headquarters/<id>.yaml",
              "event": "data/events/<yyyy-mm-dd-slug>.yaml", "legal_issue": "data/legal-issues/<id>.yaml",
              "precedent": "data/precedents/<id>.yaml", "source": "data/sources/<id>.yaml",
              "glossary": "data/glossary.yaml"}


def _type_text(node: dict[str, Any], parts: set[str]) -> str:
    """A JSON Schema type in words: 'text', 'list of Figure', 'id', 'date'…"""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        parts.add(name)
        return f"[{name}](#{name.lower()})"
    if node.get("enum"):
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    if "const" in node:
        return f"only `{node['const']}`"
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        if len(options) == 2 and options[0].get("type") == "string" and options[1].get("type") == "object":
            if "source" in options[1].get("properties", {}):
                return "source id (or a mapping with `source` and `locator`)"
            return "text (or a mapping with `text` and `as_of`)"
        return " or ".join(dict.fromkeys(_type_text(o, parts) for o in options))
    kind = node.get("type")
    if kind == "array":
        return "list of " + _type_text(node.get("items", {}), parts)
    if kind == "object":
        names = ", ".join(f"`{k}`" for k in node.get("properties", {}))
        return f"mapping ({names})" if names else "mapping"
    if kind == "string":
        pattern = node.get("pattern", "")
        if pattern.startswith("^\\d{4}"):
            return "date (YYYY, YYYY-MM or YYYY-MM-DD)"
        if "a-z0-9" in pattern:
            return "id"
        if node.get("format") == "date":
            return "date (YYYY-MM-DD)"
        return "text"
    return {"integer": "whole number", "number": "number", "boolean": "true or false"}.get(str(kind), str(kind))


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _fields_table(schema: dict[str, Any], parts: set[str]) -> list[str]:
    required = set(schema.get("required", []))
    rows = ["| Field | Type | Required | Description | Example |", "|---|---|---|---|---|"]
    for name, node in schema.get("properties", {}).items():
        description = node.get("description", "")
        examples = node.get("examples") or next((o.get("examples") for o in node.get("anyOf", []) if o.get("examples")), None)
        example = f"`{json.dumps(examples[0], ensure_ascii=False)}`" if examples else ""
        rows.append(f"| `{name}` | {_cell(_type_text(node, parts))} | {'required' if name in required else 'optional'} "
                    f"| {_cell(description)} | {_cell(example)} |")
    return rows


def field_reference() -> str:
    """The field reference (Markdown) for the editing guide, made from the JSON Schemas of the models."""
    texts = schemas()
    lines = ["---", "description: Every field of every kind of data file behind this site (the force, contributors, "
             "organizations, headquarters, events, legal issues, precedents, sources, the glossary), with its type "
             "and an example.", "---", "# Field reference", "",
             "Every field of every kind of data file, generated from the models by `mnfu schema` (a test fails",
             "when this page is out of date). *Required* fields must be present; the others may be left out.",
             "Prose fields take citations `[@source-id]`, links `[[entity-id]]` and paragraph breaks: see the",
             "[editing guide](editing.md).", ""]
    parts: set[str] = set()
    definitions: dict[str, Any] = {}
    for kind, path in KIND_FILES.items():
        schema = json.loads(texts[f"{kind}.schema.json"])
        definitions.update(schema.get("$defs", {}))
        lines += [f"## {schema.get('title', kind)}", "", f"`{path}`. {schema.get('description', '')}", ""]
        lines += _fields_table(schema, parts) + [""]
    lines += ["## Parts used by several kinds", ""]
    done: set[str] = set()
    while parts - done:
        for name in sorted(parts - done):
            done.add(name)
            definition = definitions.get(name, {})
            lines += [f"### {name}", "", definition.get("description", ""), ""]
            lines += _fields_table(definition, parts) + [""]
    return "\n".join(line.rstrip() for line in lines).rstrip("\n") + "\n"


def write_schemas(schema_dir: Path) -> list[str]:
    """Write the JSON Schemas into ``data/schema/``; return the names that changed."""
    changed = []
    for name, text in schemas().items():
        path = schema_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text)
            changed.append(name)
    reference = schema_dir.parent.parent / FIELD_REFERENCE
    text = field_reference()
    if not reference.is_file() or reference.read_text(encoding="utf-8") != text:
        atomic_write(reference, text)
        changed.append(FIELD_REFERENCE)
    return changed


# ---------------------------------------------------------------- skeleton of a new data file

KIND_NAMES = {"force": "force", "contributor": "contributor", "contributors": "contributor",
              "organization": "organization", "organizations": "organization", "headquarters": "headquarters",
              "event": "event", "events": "event", "legal-issue": "legal_issue", "legal_issue": "legal_issue",
              "legal-issues": "legal_issue", "precedent": "precedent", "precedents": "precedent",
              "source": "source", "sources": "source"}
"""What ``mnfu new`` accepts as KIND: the kind or its folder name."""

COMMON_OPTIONAL = {
    "contributor": ["pledges", "conditions", "parliamentary_approval", "figures", "sections", "see_also"],
    "organization": ["abbreviation", "relation", "sections", "see_also"],
    "headquarters": ["country", "coordinates", "staff", "commander", "established", "see_also"],
    "event": ["end_date", "approximate", "place", "participants"],
    "legal_issue": ["positions", "sections", "see_also"],
    "precedent": ["period", "sections", "see_also"],
    "source": ["authors", "work", "publisher", "language", "published", "retrieved", "url", "quotes"],
    "force": ["objectives", "tasks", "size_estimates", "command", "see_also"],
}
"""Optional fields a new file lists, commented out, to be uncommented when the sources give them."""


def _comment(node: dict[str, Any], required: bool) -> str:
    kind = re.sub(r"\[(\w+)\]\(#\w+\)", r"\1", _type_text(node, set())).replace("`", "")
    return f"# {kind}, {'required' if required else 'optional'}: {node.get('description', '')}"


def _resolve(node: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        resolved = dict(definitions.get(node["$ref"].rsplit("/", 1)[-1], {}))
        resolved.setdefault("description", node.get("description", ""))
        return {**resolved, "description": node.get("description") or resolved.get("description", "")}
    return node


def _skeleton(schema: dict[str, Any], definitions: dict[str, Any], indent: str, depth: int = 0) -> list[str]:
    """The required fields of a mapping, each under a comment; nested required mappings spelt out."""
    lines: list[str] = []
    required = schema.get("required", [])
    for name in required:
        node = _resolve(schema["properties"][name], definitions)
        lines.append(indent + _comment(node, True))
        if node.get("type") == "object" and depth < 3:
            lines.append(f"{indent}{name}:")
            lines += _skeleton(node, definitions, indent + "  ", depth + 1)
        elif node.get("type") == "array":
            items = _resolve(node.get("items", {}), definitions)
            if items.get("type") == "object" and node.get("minItems") and depth < 3:
                lines.append(f"{indent}{name}:")
                inner = _skeleton(items, definitions, indent + "    ", depth + 1)
                first = next(i for i, line in enumerate(inner) if not line.strip().startswith("#"))
                inner[first] = indent + "  - " + inner[first].lstrip()
                lines += inner
            else:
                lines.append(f"{indent}{name}: []")
        else:
            lines.append(f"{indent}{name}:")
    return lines


def new_file_text(kind: str) -> str:
    """The text of a new data file of ``kind``: the schema line, every required field (blank, under a
    comment naming its type and meaning) and the common optional ones commented out."""
    schema = json.loads(schemas()[f"{kind}.schema.json"])
    definitions = schema.get("$defs", {})
    lines = [f"# yaml-language-server: $schema=../schema/{kind}.schema.json",
             f"# A new {schema.get('title', kind)}: fill in every field below, then run `mnfu check` on this file.",
             "# Prose cites its sources: [@source-id]; links an entity: [[entity-id]] (see docs/editing.md).", ""]
    lines += _skeleton(schema, definitions, "")
    optional = [name for name in COMMON_OPTIONAL.get(kind, []) if name in schema.get("properties", {})]
    if optional:
        # Each optional field is a line of its own with no value, under its comment: an editor who deletes
        # the "# " gets an empty field to fill in, never the help text as its value (``work: newspaper,
        # website…`` would pass the check as the name of a work).
        lines += ["", "# Optional: for each field the sources give, delete the \"# \" before its name and fill it in."]
        for name in optional:
            node = _resolve(schema["properties"][name], definitions)
            lines.append(_comment(node, False))
            lines.append(f"# {name}:" + (" []" if node.get("type") == "array" else ""))
    return "\n".join(lines) + "\n"


def new_file_path(root: Path, kind: str, id_: str) -> Path:
    """Where a new file of ``kind`` named ``id_`` goes."""
    from mnfu.data.load import KIND_FOLDERS

    folder = next(f for f, k in KIND_FOLDERS.items() if k == kind)
    return root / "data" / folder / f"{id_}.yaml"
