"""Print how much of the seed documents the data covers; exit 1 if a seed reference is missing
without a recorded reason (``untranscribed`` in the seed's source file).

    python scripts/report_coverage.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from mnfu.data.load import load_all
from mnfu.errors import DataError
from mnfu.site.coverage import coverage
from mnfu.site.resolve import resolve

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    try:
        site = resolve(load_all(ROOT / "data"))
    except DataError as exc:
        print("\n".join(d.format() for d in exc.diagnostics), file=sys.stderr)
        return 2
    c = coverage(site)
    print(f"seed references:            {c.total}")
    print(f"transcribed:                {len(c.transcribed)} ({c.percent:.0f} %)")
    print(f"left out with a reason:     {len(c.untranscribed)}")
    print(f"missing without a reason:   {len(c.missing)} {c.missing if c.missing else ''}")
    print(f"sources:                    {len(site.sources)}")
    print(f"sources cited by nothing:   {len(c.uncited_sources)}")
    print(f"entities with no citation:  {len(c.uncited_entities)}")
    print(f"citation needed markers:    {len(c.needed)}")
    for record, ref in c.out_of_range:
        print(f"{record.file.path}: seed reference {ref} is beyond the seed's {c.total}")
    return 1 if c.missing or c.out_of_range else 0


if __name__ == "__main__":
    sys.exit(main())
