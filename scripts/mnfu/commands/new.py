"""``mnfu new``: start a data file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mnfu.commands.base import EXIT_OK, EXIT_USAGE


def cmd_new(args: argparse.Namespace) -> int:
    """Start a data file: every required field, blank, under a comment saying what it holds."""
    from mnfu.data.load import known_ids
    from mnfu.data.models import RESERVED_IDS, SLUG_RE
    from mnfu.data.schemas import KIND_NAMES, new_file_path, new_file_text
    from mnfu.workspace import atomic_write

    root = Path(args.root)
    kind = KIND_NAMES.get(args.kind)
    if kind is None:
        print(f"mnfu: unknown kind '{args.kind}'; kinds: {', '.join(sorted(set(KIND_NAMES.values())))}",
              file=sys.stderr)
        return EXIT_USAGE
    if not SLUG_RE.match(args.id) or args.id in RESERVED_IDS:
        reason = "is a name the site uses for its own pages" if args.id in RESERVED_IDS else "is not a valid id"
        print(f"mnfu: '{args.id}' {reason}: use lowercase letters, digits and single hyphens, e.g. "
              f"{'dk' if kind == 'contributor' else 'allison-2025-09-06' if kind == 'source' else 'my-new-' + kind.replace('_', '-')}",
              file=sys.stderr)
        return EXIT_USAGE
    path = new_file_path(root, kind, args.id)
    taken = [p for k, p in known_ids(root / "data").get(args.id, []) if (k == "source") == (kind == "source")]
    if path.exists() or taken:
        print(f"mnfu: '{args.id}' is already taken by {taken[0] if taken else path}: choose another id",
              file=sys.stderr)
        return EXIT_USAGE
    atomic_write(path, new_file_text(kind))
    print(f"mnfu: wrote {path.relative_to(root) if path.is_relative_to(root) else path}: fill it in, then "
          f"mnfu check {path.relative_to(root) if path.is_relative_to(root) else path}")
    return EXIT_OK
