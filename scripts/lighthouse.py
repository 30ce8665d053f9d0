"""Benchmark what a reader downloads: page weight, and Lighthouse scores where Lighthouse is installed.

Prints figures; asserts nothing. Builds the real site as ``make site`` does, into a temporary folder
(or takes one already built), serves it on 127.0.0.1 and, for each page:

- the page weight: bytes of HTML, CSS, JavaScript and SVG (and anything else) the page loads, counted
  from Playwright's request/response events in Debian's Chromium with an empty cache, uncompressed and
  as transferred; files are served gzipped, as GitHub Pages and most hosts send them (``--no-gzip``: not);
- the Lighthouse performance, accessibility, best-practices and SEO scores, the median of ``--runs``
  runs (3 by default: performance moves by a few points between runs), when the ``lighthouse`` npm CLI
  is in ``.venv/lighthouse/`` (``make lighthouse`` installs the pinned version there with npm), on PATH or in the
  local node_modules (``npx --no-install lighthouse``). It drives the same Chromium
  (CHROME_PATH=/usr/bin/chromium).

Beside the site's pages it measures **the floor**: the theme's own 404 page, copied to ``/floor/``, which
has the same theme, configuration, stylesheets, scripts and navigation as every page and almost no
content, so what a page scores below the floor is the page's own cost.

    python scripts/lighthouse.py                        # home, UK, Sources, Timeline, Map and the floor
    python scripts/lighthouse.py --site-dir site        # an already built site
    python scripts/lighthouse.py --preset desktop --pages "" ref/map/ --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the browser tooling lives beside the tests, not in the generator

from chromium import ARGS as CHROMIUM_ARGS  # noqa: E402
from chromium import find as find_chromium  # noqa: E402
from chromium import serve  # noqa: E402

PAGES = ["", "ref/contributors/gb/", "ref/sources/", "ref/timeline/", "ref/map/"]
FLOOR = "floor/"  # the theme's 404 page: the same theme and configuration with almost no content
LOCAL = ROOT / ".venv" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"  # where `make lighthouse` installs it
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
KINDS = ["html", "css", "js", "svg", "json", "image", "font", "other"]


def build(site_dir: Path) -> Path:
    """Build the real site into ``site_dir``, as ``make site`` does (the pages go to docs/ref/)."""
    import datetime as dt

    from mnfu.errors import DataError
    from mnfu.pipeline import EngineFailed
    from mnfu.pipeline import build as build_site

    try:
        build_site(ROOT, dt.date.today(), site_dir=site_dir, quiet=True)
    except (DataError, EngineFailed) as exc:
        raise SystemExit(f"the site did not build: {exc}") from None
    return site_dir


def kind_of(url: str, content_type: str, resource_type: str) -> str:
    content_type = content_type.split(";")[0].strip().lower()
    path = urlparse(url).path.lower()
    if resource_type == "document" or content_type == "text/html":
        return "html"
    if content_type == "text/css" or path.endswith(".css"):
        return "css"
    if "javascript" in content_type or path.endswith((".js", ".mjs")):
        return "js"
    if content_type == "image/svg+xml" or path.endswith(".svg"):
        return "svg"
    if content_type.endswith("json") or path.endswith(".json"):
        return "json"
    if content_type.startswith("image/"):
        return "image"
    if content_type.startswith("font/") or path.endswith((".woff", ".woff2", ".ttf", ".otf")):
        return "font"
    return "other"


def page_weights(base: str, pages: list[str], chromium: str) -> dict[str, dict]:
    """For each page: bytes loaded by kind (uncompressed and as transferred), requests, foreign requests."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for path in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 900})  # a new, empty cache
            page = context.new_page()
            raw: dict[str, int] = defaultdict(int)
            wire: dict[str, int] = defaultdict(int)
            foreign: list[str] = []
            responses = []

            def blocked(route, foreign=foreign):
                if urlparse(route.request.url).hostname in ("127.0.0.1", None):
                    route.continue_()
                else:  # the site should make none; never let one out
                    foreign.append(route.request.url)
                    route.abort("blockedbyclient")

            context.route("**/*", blocked)
            context.on("response", lambda response, responses=responses: responses.append(response))
            start = time.perf_counter()
            page.goto(base + path, wait_until="networkidle")
            seconds = time.perf_counter() - start
            for response in responses:
                if not response.url.startswith("http"):
                    continue
                try:
                    body = response.body()
                except Exception:  # a redirect or an aborted request has no body
                    body = b""
                sizes = response.request.sizes()
                kind = kind_of(response.url, response.headers.get("content-type", ""), response.request.resource_type)
                raw[kind] += len(body)
                wire[kind] += sizes.get("responseBodySize") or len(body)
            results[path] = {
                "uncompressed": dict(raw),
                "transferred": dict(wire),
                "requests": len(responses),
                "foreign": foreign,
                "seconds": seconds,
            }
            context.close()
        browser.close()
    return results


def lighthouse_command() -> list[str] | None:
    if LOCAL.is_file():
        return [str(LOCAL)]
    if shutil.which("lighthouse"):
        return ["lighthouse"]
    if shutil.which("npx"):
        probe = subprocess.run(["npx", "--no-install", "lighthouse", "--version"], capture_output=True, text=True,
                               timeout=120, check=False)
        if probe.returncode == 0:
            return ["npx", "--no-install", "lighthouse"]
    return None


def lighthouse(command: list[str], url: str, chromium: str, preset: str, out_dir: Path | None) -> dict[str, float]:
    """Lighthouse's category scores (0-100) for one URL; {} when it fails."""
    env = dict(os.environ, CHROME_PATH=chromium)
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    args = [*command, url, "--quiet", "--output=json", "--output-path=stdout", f"--chrome-flags={flags}",
            f"--only-categories={','.join(CATEGORIES)}"]
    if preset == "desktop":
        args.append("--preset=desktop")
    run = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, check=False)
    if run.returncode != 0 or not run.stdout.strip():
        print(f"  lighthouse failed on {url}: {run.stderr.strip()[-500:]}", file=sys.stderr)
        return {}
    report = json.loads(run.stdout)
    if out_dir:
        name = (urlparse(url).path.strip("/").replace("/", "-") or "home") + f"-{preset}.json"
        (out_dir / name).write_text(run.stdout, encoding="utf-8")
    scores = {key: round(cat["score"] * 100) for key, cat in report["categories"].items() if cat.get("score") is not None}
    audits = report.get("audits", {})
    for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"):
        if key in audits and audits[key].get("displayValue"):
            scores[key] = audits[key]["displayValue"]
    scores["failed audits"] = [
        a["id"] for a in audits.values()
        if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric")
        and any(a["id"] in {r["id"] for r in c.get("auditRefs", []) if r.get("weight", 0) > 0}
                for c in report["categories"].values())
    ]
    return scores


def median_scores(runs: list[dict]) -> dict:
    """The median of each score over runs (metrics and failed audits from the median-performance run)."""
    runs = [r for r in runs if r]
    if not runs:
        return {}
    middle = sorted(runs, key=lambda r: r.get("performance", 0))[len(runs) // 2]
    out = dict(middle)
    for category in CATEGORIES:
        values = [r[category] for r in runs if category in r]
        if values:
            out[category] = round(statistics.median(values))
    out["runs"] = [r.get("performance") for r in runs]
    return out


def kib(n: int) -> str:
    return f"{n / 1024:7.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, help="an already built site (default: build the real one)")
    parser.add_argument("--pages", nargs="+", default=PAGES, help="paths under the site root ('' is the home page)")
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile",
                        help="Lighthouse's device and throttling preset (default: mobile, its own default)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is shown (default 3)")
    parser.add_argument("--no-floor", action="store_true", help="do not measure the floor (the theme's 404 page)")
    parser.add_argument("--no-lighthouse", action="store_true", help="page weights only")
    parser.add_argument("--no-gzip", action="store_true",
                        help="serve files uncompressed (by default they are gzipped, as GitHub Pages sends them)")
    parser.add_argument("--reports", type=Path, help="also save each Lighthouse JSON report in this folder")
    args = parser.parse_args(argv)

    chromium = find_chromium()
    if chromium is None:
        print("Chromium is not installed (apt-get install chromium): nothing measured.")
        return 0
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("Playwright is not installed (pip install -e '.[dev]'): nothing measured.")
        return 0

    with tempfile.TemporaryDirectory(prefix="mnfu-lighthouse-") as tmp:
        if args.site_dir:
            site = Path(tmp) / "site"
            shutil.copytree(args.site_dir.resolve(), site)  # the floor page is added to a copy
        else:
            print("Building the site...", flush=True)
            site = build(Path(tmp) / "site")
        pages = list(args.pages)
        if not args.no_floor and (site / "404.html").is_file():
            (site / FLOOR).mkdir(exist_ok=True)
            shutil.copy2(site / "404.html", site / FLOOR / "index.html")
            pages.append(FLOOR)
        with serve(site, compress=not args.no_gzip) as base:
            print(f"\nPage weight (empty cache; KiB uncompressed / transferred), {base}")
            weights = page_weights(base, pages, chromium)
            head = "  ".join(f"{k:>15}" for k in ("html", "css", "js", "svg", "json", "other", "total"))
            print(f"  {'page':<24}{head}  requests")
            for path, w in weights.items():
                cells = []
                for group in (["html"], ["css"], ["js"], ["svg"], ["json"], ["image", "font", "other"], KINDS):
                    s = sum(w["uncompressed"].get(k, 0) for k in group)
                    z = sum(w["transferred"].get(k, 0) for k in group)
                    cells.append(f"{kib(s)} /{kib(z)}")
                print(f"  /{path:<23}" + "  ".join(cells) + f"  {w['requests']:>8}")
                if w["foreign"]:
                    print(f"    requests to other hosts (blocked): {w['foreign']}")
            print("  svg counts SVG files only (inline SVG is part of the HTML); json is the search index;")
            print("  other is images (the favicon) and fonts. HTML+CSS+JS+SVG per page:")
            for path, w in weights.items():
                s = sum(w["uncompressed"].get(k, 0) for k in ("html", "css", "js", "svg"))
                z = sum(w["transferred"].get(k, 0) for k in ("html", "css", "js", "svg"))
                print(f"    /{path:<23} {kib(s)} KiB uncompressed, {kib(z)} KiB transferred")

            if args.no_lighthouse:
                return 0
            command = lighthouse_command()
            if command is None:
                print("\nLighthouse: skipped (the lighthouse CLI is not installed).")
                print("  Install it with `npm install -g lighthouse` (Node 18+), then run this script again;")
                print("  it uses Debian's Chromium through CHROME_PATH=/usr/bin/chromium.")
                return 0
            version = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False).stdout.strip()
            print(f"\nLighthouse {version} scores ({args.preset} preset; median of {args.runs} run(s); "
                  f"Chromium at {chromium})")
            print(f"  {'page':<24}" + "".join(f"{c:>16}" for c in CATEGORIES) + "   FCP / LCP / TBT / CLS; performance by run")
            if args.reports:
                args.reports.mkdir(parents=True, exist_ok=True)
            for path in pages:
                scores = median_scores([lighthouse(command, base + path, chromium, args.preset, args.reports)
                                        for _ in range(max(1, args.runs))])
                if not scores:
                    print(f"  /{path:<23}  (failed)")
                    continue
                metrics = " / ".join(str(scores.get(k, "?")) for k in (
                    "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                    "cumulative-layout-shift"))
                print(f"  /{path:<23}" + "".join(f"{scores.get(c, '?'):>16}" for c in CATEGORIES)
                      + f"   {metrics}; {scores['runs']}")
                if scores["failed audits"]:
                    print(f"    audits below 90: {', '.join(scores['failed audits'])}")
            if FLOOR in pages:
                print(f"  /{FLOOR} is the floor: the theme's 404 page (same theme, configuration and navigation, "
                      "almost no content); its SEO score counts the 404 status.")
            served = "uncompressed" if args.no_gzip else "gzipped, as GitHub Pages serves them"
            print(f"  Scores are 0-100. Performance is simulated (throttled) and varies between runs; files {served}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
