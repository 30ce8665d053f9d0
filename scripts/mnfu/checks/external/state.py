"""The history of failures between runs, and the verdicts (a link is dead only from its history)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mnfu.checks.external.records import (
    DEFAULT_OPTIONS,
    MAX_HISTORY,
    STATE_VERSION,
    ExternalCheckError,
    Options,
    Result,
    Verdict,
)
from mnfu.workspace import atomic_write


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


def verdicts(results: Mapping[str, Result], state: Mapping[str, Any], options: Options = DEFAULT_OPTIONS) -> dict[str, Verdict]:
    """:func:`verdict` for every result, with the thresholds of ``options``."""
    return {url: verdict(r, state, options.dead_after_runs, options.dead_after_days) for url, r in results.items()}
