"""Where the system Chromium is, and how the browser tests and page benchmarks start it.

Only tooling uses this (tests/test_browser.py, scripts/lighthouse.py); the generator never starts a
browser. Debian's package ``chromium`` is used, never a browser that Playwright downloads.
"""

from __future__ import annotations

import shutil
from pathlib import Path

# Headless in a container as root, with nothing that phones home, so no request leaves 127.0.0.1.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find() -> str | None:
    """The ``chromium`` on PATH (or Debian's /usr/bin/chromium), or None when it is not installed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
