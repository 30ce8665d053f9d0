"""Browser tooling: where the system Chromium is, how to start it, and a local server for the built site.

Test tooling, kept beside the tests (tests/test_browser.py, scripts/lighthouse.py); the generator
never starts a browser. Debian's package ``chromium`` is used, never a browser that Playwright downloads.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import shutil
import threading
from collections.abc import Iterator
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
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml", "application/xml")


def find() -> str | None:
    """The ``chromium`` on PATH (or Debian's /usr/bin/chromium), or None when it is not installed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it (and ``compress`` is on), as most hosts send them."""

    compress = True

    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass

    def send_head(self):
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if not path.is_file() or not ctype.startswith(COMPRESSIBLE):
            return super().send_head()  # directories without a slash (redirect), 404s, images
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path, compress: bool = True) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port), gzipped as GitHub Pages does; yields its base URL."""
    handler = type("Handler", (_Handler,), {"compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
