"""Command line: ``mnfu generate | build | check | serve | audit | diff | new | schema``. Only parses
arguments and dispatches to the command's module (``mnfu.commands``); nothing imports this module."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from mnfu import __version__
from mnfu.commands.audit import cmd_audit
from mnfu.commands.base import EXIT_OK, EXIT_USAGE, FORMATS
from mnfu.commands.build import cmd_build, cmd_generate
from mnfu.commands.check import cmd_check
from mnfu.commands.diff import cmd_diff
from mnfu.commands.new import cmd_new
from mnfu.commands.schema import cmd_schema
from mnfu.commands.serve import cmd_serve
from mnfu.site import engine


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs and tests)."""
    p = argparse.ArgumentParser(prog="mnfu", description="Build the MNF-U reference site from data/.")
    p.add_argument("--version", action="version", version=f"mnfu {__version__}")
    p.add_argument("--root", default=".", help="project folder (default: the current one)")
    p.add_argument("--today", type=_date_arg, help="treat this date (YYYY-MM-DD) as today, for reproducible checks")
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write the Markdown pages into docs/ref/")
    g.add_argument("-q", "--quiet", action="store_true")
    g.set_defaults(func=cmd_generate)
    b = sub.add_parser("build", help="generate, then mkdocs build --strict")
    b.add_argument("-q", "--quiet", action="store_true")
    b.add_argument("--site-dir", default="site", help="where the site goes (default: site)")
    b.add_argument("--engine", choices=engine.ENGINES, default=engine.DEFAULT,
                   help=f"the static-site engine that builds the site (default: {engine.DEFAULT})")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate data, citations and (with --site) the built site; write nothing",
                       description="Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), "
                       "2 usage or internal error. Severities per check kind: [tool.mnfu.check] in pyproject.toml.")
    c.add_argument("files", nargs="*", metavar="FILE",
                   help="check only these data files and their references (fast, for an editor's on-save hook)")
    c.add_argument("--strict", action="store_true", help="warnings fail the check too")
    c.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    c.add_argument("-v", "--verbose", action="store_true", help="also list notices (e.g. sources without a URL)")
    c.add_argument("--external", action="store_true",
                   help="also check every external URL with lychee (needs the network; opt-in)")
    c.add_argument("--changed-only", metavar="REF", help="with --external: only URLs added or changed since git REF")
    c.add_argument("--state", metavar="FILE", help="with --external: link history file (default .linkcheck/state.json)")
    c.add_argument("--report", metavar="FILE", help="with --external: write a JSON report of every URL checked")
    c.add_argument("--site", metavar="DIR", help="also check the links and anchors of the site built in DIR")
    c.add_argument("--render", action="store_true",
                   help="render every page even if the templates and generator are unchanged since the last "
                        "complete render (they are rendered anyway when those changed, or with --site)")
    c.set_defaults(func=cmd_check)
    d = sub.add_parser("diff", help="what a change does to the site: entities, fields, citations, pages",
                       description="Compare the data at git revision BASE with HEAD (default: the working tree).")
    d.add_argument("base", metavar="BASE")
    d.add_argument("head", metavar="HEAD", nargs="?")
    d.add_argument("--format", choices=["markdown", "json"], default="markdown")
    d.add_argument("--output", metavar="FILE", help="write the report here instead of to standard output")
    d.add_argument("--limit", metavar="CHARS", type=int, default=45_000,
                   help="Markdown: at most about this many characters, for a pull-request comment (0: no limit)")
    d.set_defaults(func=cmd_diff)
    a = sub.add_parser("audit", help="statements with no evidence; write or record a worksheet of evidence",
                       description="Without options: list the statements with no evidence for their current "
                       "text. --worksheet [PATH]: the statements under PATH (a file or folder of data/) as JSON, "
                       "each with suggested excerpts; fill in `evidence` (and `result`, `note`), then --record "
                       "it: each statement whose evidence passes the checks is added to data/audit.yaml.")
    a.add_argument("--worksheet", nargs="?", const="", metavar="PATH", help="write a worksheet of the statements under PATH")
    a.add_argument("--all", action="store_true", help="with --worksheet: audited statements too, with their evidence")
    a.add_argument("-o", "--output", help="with --worksheet: write it to this file")
    a.add_argument("--record", metavar="WORKSHEET", help="record the evidence of a filled-in worksheet")
    a.add_argument("--by", help="with --record: who checked the statements")
    a.add_argument("--limit", type=int, default=50, help="how many statements to list (default 50)")
    a.add_argument("--sample", type=int, metavar="N", help="with --worksheet: N audited statements drawn at random, "
                   "with their evidence, for an independent fact-check")
    a.add_argument("--seed", type=int, help="with --sample: the draw's seed (printed when not given)")
    a.add_argument("--exclude", action="append", default=[], metavar="WORKSHEET",
                   help="with --sample: leave out the statements of an earlier sample (repeatable)")
    a.set_defaults(func=cmd_audit)
    n = sub.add_parser("new", help="start a data file with every required field, blank, and what each holds",
                       description="KIND: force, contributor, organization, headquarters, event, legal-issue, "
                       "precedent or source (or its folder name). ID: the file name, a lowercase slug.")
    n.add_argument("kind", metavar="KIND")
    n.add_argument("id", metavar="ID")
    n.set_defaults(func=cmd_new)
    s = sub.add_parser("schema", help="write the JSON Schemas into data/schema/ and the field reference")
    s.set_defaults(func=cmd_schema)
    v = sub.add_parser("serve", help="live preview on http://127.0.0.1:8000")
    v.add_argument("--addr", default="127.0.0.1:8000")
    v.add_argument("--engine", choices=engine.ENGINES, default=engine.DEFAULT, help="the engine that serves the preview")
    v.add_argument("--interval", type=float, default=0.1, help="seconds between change checks (default 0.1)")
    v.set_defaults(func=cmd_serve)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 clean, 1 findings, 2 usage or internal error)."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())

