"""Benchmark the generator, the checks, the live preview and the engines; print the figures of issue 13.

Prints figures and ratios measured in the same run; asserts nothing (the machines are shared and noisy:
compare ratios, not seconds). Synthetic data sets are N renamed copies of data/ (``gb`` -> ``gb-k3``,
every reference rewritten), so they are as linked as the real one.

    python scripts/benchmark.py                 # everything (under 10 minutes on 2 cores)
    python scripts/benchmark.py --quick         # the real-data figures only
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MNFU = str(BIN / "mnfu")
REF_FIELDS = {"participants", "see_also", "nation", "based_at", "country", "holder", "entity", "source", "sources"}


def project(target: Path, with_data: bool = True) -> Path:
    """A copy of the project (data, templates, hand-written docs, mkdocs.yml and the theme override) in ``target``."""
    from mnfu.site.write import copy_site_config

    target.mkdir(parents=True, exist_ok=True)
    if with_data:
        shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("ref"))
    copy_site_config(ROOT, target)
    return target


def synthesize(target: Path, copies: int) -> int:
    """Write ``copies`` renamed copies of data/ into ``target``/data; return the number of files."""
    from mnfu.data.load import RECORD_FILES, parse_text

    files = [f for f in (ROOT / "data").rglob("*.yaml") if "schema" not in f.parts and f.name not in RECORD_FILES]
    ids = {f.stem for f in files if f.name != "glossary.yaml" and f.parent.name != "force"}
    pattern = re.compile(r"(\[@|; ?@|\[\[)([a-z0-9-]+)")
    parsed = {f: parse_text(f.read_text(encoding="utf-8"), f.name)[0] for f in files}
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

        for file, data in parsed.items():
            rel = file.relative_to(ROOT / "data")
            single = file.name == "glossary.yaml" or file.parent.name == "force"
            if single and k:
                continue
            out = target / "data" / (rel if single else rel.parent / f"{file.stem}{suffix}.yaml")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(rename(data), ensure_ascii=False), encoding="utf-8")  # JSON is YAML
            count += 1
    return count


def run(*args: str, cwd: Path | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds (of the children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done


def median(fn, times: int = 5) -> float:
    return statistics.median(fn() for _ in range(times))


def peak_mib(*args: str, cwd: Path | None = None) -> float:
    """Peak resident memory of a command, from /usr/bin/time (MiB), or 0 where it is missing."""
    if not Path("/usr/bin/time").exists():
        return 0.0
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *args], cwd=cwd, capture_output=True, text=True, check=False)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


ROWS: list[tuple[str, str, str, str]] = []

BEFORE = {  # the figures issue 13 started from (fresh clone of main, 2 cores)
    "no-op": "0.87-1.18 s",
    "check": "1.3 s",
    "check-unchanged": "1.3 s",
    "check-file": "-",
    "share": "about 24%",
    "site": "2.6x",
    "serve-mkdocs": "4.3 s",
    "serve-zensical": "-",
    "serve-error-mkdocs": "7.3-10.4 s; fixed 7.0-13.7 s",  # issue 17, before: every page rebuilt for the banner
    "serve-error-zensical": "8.9-11.3 s; fixed 11.7-15.1 s",
    "per-page": "superlinear (x30: 126.6 s)",
    "html": "about 10 GiB at x100",
    "per-entity": "56 s no-op at x100",
    "memory": "949 MiB",
}


def row(key: str, what: str, figure: str, goal: str) -> None:
    ROWS.append((what, BEFORE[key], figure, goal))
    print(f"  {what:<58} {figure:<34} goal: {goal}", flush=True)


def real_data(tmp: Path) -> None:
    root = project(tmp / "real")
    run(MNFU, "--root", str(root), "generate", "-q")
    noop = median(lambda: run(MNFU, "--root", str(root), "generate")[0])
    _, _, last = run(MNFU, "--root", str(root), "generate")
    row("no-op", "no-op mnfu generate (real data, median of 5)", f"{noop:.2f} s ({last.stdout.strip()[6:40]}…)", "<= 0.3 s")

    one = root / "data" / "contributors" / "gb.yaml"
    original = one.read_text(encoding="utf-8")
    edits = iter(range(1000))

    def after_edit(kept: bool = True) -> float:
        """A check after an edit to one file (a new comment line): validation only, as after any data edit."""
        one.write_text(f"{original}# edit {next(edits)}\n", encoding="utf-8")
        if not kept:
            (root / ".mnfu" / "models.pickle").unlink(missing_ok=True)
        return run(MNFU, "--root", str(root), "check")[0]

    run(MNFU, "--root", str(root), "check")
    row("check", "mnfu check, data only, after editing one file (median of 5)",
        f"{median(after_edit):.2f} s ({median(lambda: after_edit(False)):.2f} s without the models kept)", "<= 0.5 s")
    one.write_text(original, encoding="utf-8")
    row("check-unchanged", "mnfu check, data only (unchanged since the last check)",
        f"{median(lambda: run(MNFU, '--root', str(root), 'check')[0]):.2f} s", "<= 0.5 s")
    row("check-file", "mnfu check FILE (one contributor, median of 5)",
        f"{median(lambda: run(MNFU, '--root', str(root), 'check', str(one))[0]):.2f} s", "<= 0.3 s")

    # make site: the generator's share of the CPU of a whole build (fresh: no stamp, no caches).
    shutil.rmtree(root / ".mnfu", ignore_errors=True)
    shutil.rmtree(root / "docs" / "ref", ignore_errors=True)
    _, whole_cpu, _ = run(MNFU, "--root", str(root), "build", "-q")  # what make site runs, from scratch
    _, engine_cpu, _ = run(str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp / "mk"), cwd=root)
    share = max(whole_cpu - engine_cpu, 0) / whole_cpu
    row("share", "generator share of make site CPU (fresh)", f"{share:.0%} ({whole_cpu:.1f} s CPU in all)", "<= 5%")

    # mnfu check --site and lychee on the same built site, alternating, in this run.
    lychee = shutil.which("lychee") or str(BIN / "lychee")
    lychee_args = [lychee, "--offline", "--include-fragments", "--index-files", "index.html", "--no-progress",
                   "--root-dir", str(root / "site"), str(root / "site")]
    ours_warm, theirs, ours_cold, ours_bare = [], [], [], []
    for _ in range(5):
        theirs.append(run(*lychee_args)[0])
        (root / ".mnfu" / "check.json").unlink(missing_ok=True)  # cold: no result kept for these inputs
        ours_cold.append(run(MNFU, "--root", str(root), "check", "--site", "site")[0])
        ours_warm.append(run(MNFU, "--root", str(root), "check", "--site", "site")[0])
        (root / ".mnfu" / "check.json").unlink(missing_ok=True)
        (root / ".mnfu" / "models.pickle").unlink(missing_ok=True)  # and no models kept either
        ours_bare.append(run(MNFU, "--root", str(root), "check", "--site", "site")[0])
    lychee_s = statistics.median(theirs)
    row("site", "mnfu check --site vs lychee --offline --include-fragments",
        f"{statistics.median(ours_warm) / lychee_s:.2f}x warm, {statistics.median(ours_cold) / lychee_s:.2f}x cold, "
        f"{statistics.median(ours_bare) / lychee_s:.2f}x with no models kept", "<= 1.0x")
    print(f"    (lychee {lychee_s:.2f} s; mnfu warm {statistics.median(ours_warm):.2f} s, "
          f"cold {statistics.median(ours_cold):.2f} s, no models kept {statistics.median(ours_bare):.2f} s)")
    for engine in ("mkdocs", "zensical"):
        preview(root, engine)


def preview(root: Path, engine: str = "mkdocs") -> None:
    """mnfu serve: from saving a one-field edit to the served page showing the new text."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([MNFU, "--root", str(root), "serve", "--addr", f"127.0.0.1:{port}", "--engine", engine],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/ref/contributors/no/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 120
        while "<h1" not in page() and time.monotonic() < deadline:
            time.sleep(0.3)
        time.sleep(2)
        target = root / "data" / "contributors" / "no.yaml"
        markdown = root / "docs" / "ref" / "contributors" / "no.md"
        original = target.read_text(encoding="utf-8")
        delays, ours = [], []
        for i in range(7):
            word = f"Benchmarkword{i}"
            target.write_text(original.replace("summary: >-\n  ", f"summary: >-\n  {word} ", 1), encoding="utf-8")
            start = time.perf_counter()
            written = None
            while time.perf_counter() - start < 60:
                if written is None and word in markdown.read_text(encoding="utf-8"):
                    written = time.perf_counter() - start  # the generator's part ends: the page's Markdown
                if word in page():
                    break
                time.sleep(0.02)
            delays.append(time.perf_counter() - start)
            ours.append(written or delays[-1])
            time.sleep(2)
        row(f"serve-{engine}", f"mnfu serve --engine {engine}: save a one-field edit -> page shows it (median of 7)",
            f"{statistics.median(delays):.2f} s (its Markdown written after {statistics.median(ours):.2f} s)",
            "<= 1 s")
        # A data error and its fix reach the page as a good edit does (issue 17: they rebuilt every page).
        broken, fixed = [], []
        for i in range(5):
            target.write_text(original + "role: [unclosed\n", encoding="utf-8")
            start = time.perf_counter()
            while "mnfu-preview-errors" not in page() and time.perf_counter() - start < 60:
                time.sleep(0.02)
            broken.append(time.perf_counter() - start)
            time.sleep(2)
            word = f"Fixword{i}"
            target.write_text(original.replace("summary: >-\n  ", f"summary: >-\n  {word} ", 1), encoding="utf-8")
            start = time.perf_counter()
            while time.perf_counter() - start < 60:
                shown = page()
                if word in shown and "mnfu-preview-errors" not in shown:
                    break
                time.sleep(0.02)
            fixed.append(time.perf_counter() - start)
            time.sleep(2)
        target.write_text(original, encoding="utf-8")
        row(f"serve-error-{engine}", f"mnfu serve --engine {engine}: save an edit that breaks the data -> the page shows "
            "the error; save the fix -> the page shows it (median of 5)",
            f"{statistics.median(broken):.2f} s; fixed {statistics.median(fixed):.2f} s", "as a good edit")
    finally:
        server.terminate()
        server.wait(timeout=30)


def scale(tmp: Path, sizes: tuple[int, ...], build_max: int) -> None:
    figures = {}
    for n in sizes:
        root = project(tmp / f"x{n}", with_data=False)
        entities = synthesize(root, n)
        gen_wall, _, done = run(MNFU, "--root", str(root), "generate", "-q")
        assert done.returncode == 0, done.stderr[-2000:]
        pages = sum(1 for _ in (root / "docs" / "ref").rglob("*.md"))
        mem = peak_mib(MNFU, "--root", str(root), "--today", "2026-12-01", "generate", "-q")
        figures[n] = {"entities": entities, "generate": gen_wall, "pages": pages, "memory": mem}
        if n <= build_max:
            walls = []
            for _ in range(3 if n == min(sizes) else 1):  # the small build is cheap: a median of 3
                wall, _, done = run(MNFU, "--root", str(root), "build", "-q")
                assert done.returncode == 0, done.stderr[-2000:]
                walls.append(wall)
            wall = statistics.median(walls)
            html = sum(p.stat().st_size for p in (root / "site").rglob("*.html"))
            figures[n].update(build=wall, html=html)
        print(f"  N = {n}: {entities} data files, {pages} pages, generate {gen_wall:.1f} s, peak {mem:.0f} MiB"
              + (f", build {figures[n]['build']:.1f} s, HTML {figures[n]['html'] / 2**20:.0f} MiB" if "build" in figures[n] else ""),
              flush=True)
        shutil.rmtree(root)
    small, big = min(figures), max(k for k in figures if "build" in figures[k])
    if small != big:
        per_page = (figures[big]["build"] / figures[big]["pages"]) / (figures[small]["build"] / figures[small]["pages"])
        row("per-page", f"whole build at x{big}: per-page cost / per-page cost at x{small}", f"{per_page:.2f}x", "<= 1.2x")
        row("html", f"total HTML at x{big} / at x{small}", f"{figures[big]['html'] / figures[small]['html']:.1f}x",
            f"<= {1.2 * big / small:.0f}x")
    top = max(figures)
    mid = max(k for k in figures if k < top)
    per_entity = (figures[top]["generate"] / figures[top]["entities"]) / (figures[mid]["generate"] / figures[mid]["entities"])
    row("per-entity", f"generator at x{top}: per-entity cost / per-entity cost at x{mid}", f"{per_entity:.2f}x", "<= 1.2x")
    row("memory", f"generator peak memory at x{top}", f"{figures[top]['memory']:.0f} MiB", "<= 400 MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the figures on the real data")
    parser.add_argument("--scale-only", action="store_true", help="only the figures on synthetic data")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100], help="multiples of the real data")
    parser.add_argument("--build-max", type=int, default=10, help="build the site only up to this multiple")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mnfu-bench-") as tmp:
        if not args.scale_only:
            print("Real data")
            real_data(Path(tmp))
        if not args.quick:
            print("Scale (synthetic data)")
            scale(Path(tmp), tuple(sorted(args.sizes)), args.build_max)
    print("\n| what | when issue 13 was filed | now | goal |\n|---|---|---|---|")
    for what, before, figure, goal in ROWS:
        print(f"| {what} | {before} | {figure} | {goal} |")
    print(f"\n(benchmark took {time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
