"""``mnfu audit``: statements without evidence, worksheets of evidence and recording them."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from mnfu.commands.base import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from mnfu.commands.base import report as _report
from mnfu.commands.base import today as _today
from mnfu.errors import DataError
from mnfu.pipeline import pipeline


def cmd_audit(args: argparse.Namespace) -> int:
    """List the statements with no evidence; write a worksheet (--worksheet) or record one (--record)."""
    from mnfu.checks import audits as audit
    from mnfu.site.statements import audit_counts

    root = Path(args.root)
    try:
        site, _ = pipeline(root, _today(args.today), downloads=False)
    except DataError as exc:
        _report(exc.diagnostics)
        return EXIT_FINDINGS
    record = audit.load(root)
    if record.problems:
        _report(record.problems)
        return EXIT_FINDINGS
    if args.record:
        try:
            items = json.loads(Path(args.record).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"mnfu: cannot read the worksheet {args.record}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if not isinstance(items, list):
            print(f"mnfu: {args.record}: a worksheet is a JSON list of statements", file=sys.stderr)
            return EXIT_USAGE
        done, problems = audit.record_worksheet(root, site, items, audit.documents(root, site),
                                                _today(args.today), args.by, audit.source_dates(site))
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"mnfu: {done} of {len(items)} statement(s) recorded in {audit.AUDIT_FILE}")
        return EXIT_OK if done == len(items) else EXIT_FINDINGS
    if args.worksheet is not None:
        prefix = args.worksheet
        if prefix and Path(prefix).exists():
            full = Path(prefix).resolve()
            prefix = full.relative_to(root.resolve()).as_posix() if full.is_relative_to(root.resolve()) else prefix
        items = audit.worksheet(site, record, audit.documents(root, site), prefix, everything=args.all or bool(args.sample))
        if args.sample:
            try:
                items = _sample(items, args.sample, args.seed, args.exclude)
            except (OSError, ValueError) as exc:
                print(f"mnfu: cannot read an earlier sample: {exc}", file=sys.stderr)
                return EXIT_USAGE
        text = json.dumps(items, ensure_ascii=False, indent=1) + "\n"
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
            print(f"mnfu: {len(items)} statement(s) written to {args.output}")
        else:
            sys.stdout.write(text)
        return EXIT_OK
    current = record.current()
    left = [s for s in audit.statements(site) if not (e := current.get((s.path, s.digest))) or not e.evidence]
    total = audit_counts(site, record)
    for statement in left[: args.limit]:
        print(f"{statement.path}: {statement.label}: {' '.join(statement.text.split())[:90]}")
    if len(left) > args.limit:
        print(f"… and {len(left) - args.limit} more")
    print(f"mnfu: {total['audited']} of {total['total']} statements audited with evidence"
          + (f" (latest {total['latest']})" if total["latest"] else ""))
    return EXIT_OK


def _sample(items: list[dict], n: int, seed: int | None, exclude: list[str]) -> list[dict]:
    """``n`` audited statements drawn at random, none of them in the earlier samples named (the same file
    and text), without the suggestions: what an independent fact-checker is given. The seed is printed so
    that the same draw can be made again."""
    seen = {(x["file"], " ".join(str(x["text"]).split()))
            for path in exclude for x in json.loads(Path(path).read_text(encoding="utf-8"))}
    pool = [x for x in items if x["evidence"] and (x["file"], " ".join(x["text"].split())) not in seen]
    seed = int(time.time()) if seed is None else seed
    drawn = random.Random(seed).sample(pool, min(n, len(pool)))
    print(f"mnfu: {len(drawn)} of {len(pool)} statements drawn (seed {seed}; {len(items) - len(pool)} left out)",
          file=sys.stderr)
    return [{k: v for k, v in x.items() if k != "suggested"} for x in drawn]
