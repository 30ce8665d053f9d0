"""How long `mnfu diff` takes on this repository's real history, and how long its output is.

Usage: .venv/bin/python scripts/bench_diff.py [BASE [HEAD]] [--runs N]   (default: HEAD~5 HEAD, 3 runs)

Prints the wall-clock and CPU time of each run (median too) and the size of the Markdown and JSON
reports. Both versions are rendered, the base in a forked process beside the head, so on two cores
the wall-clock time is about that of one render.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MNFU = ROOT / ".venv" / "bin" / "mnfu"


def run(*args: str) -> tuple[float, float, str]:
    """Wall-clock seconds, CPU seconds (this and its children) and standard output of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="HEAD~5")
    parser.add_argument("head", nargs="?", default="HEAD")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    walls = []
    for i in range(args.runs):
        wall, cpu, markdown = run(str(MNFU), "diff", args.base, args.head)
        walls.append(wall)
        print(f"run {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU")
    _, _, as_json = run(str(MNFU), "diff", args.base, args.head, "--format", "json")
    print(f"mnfu diff {args.base} {args.head}: median {statistics.median(walls):.2f} s wall; "
          f"Markdown {len(markdown):,} characters, JSON {len(as_json):,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
