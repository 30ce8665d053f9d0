"""``mnfu schema``: write the JSON Schemas and the field reference."""

from __future__ import annotations

import argparse
from pathlib import Path

from mnfu.commands.base import EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas of the data files into data/schema/."""
    from mnfu.data.schemas import write_schemas

    changed = write_schemas(Path(args.root) / "data" / "schema")
    print(f"mnfu: {len(changed)} schema file(s) updated")
    return EXIT_OK
