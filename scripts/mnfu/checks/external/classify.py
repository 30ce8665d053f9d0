"""What one lychee result means: ok, redirected, soft 404, paywalled, unverified or broken."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from mnfu.checks.external.records import Result

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
