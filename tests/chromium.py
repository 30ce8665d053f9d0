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
    """Static files under a path prefix, gzipped when the client accepts it (and ``compress`` is on), and
    the site's 404.html with status 404 for anything else, as GitHub Pages serves a project site."""

    compress = True
    prefix = "/"

    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass

    def send_head(self):
        path = self.path.split("?")[0]
        if path.startswith(self.prefix):
            self.path = "/" + self.path[len(self.prefix):]
            target = Path(self.translate_path(self.path))
            if target.is_dir() and not path.endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            if target.is_dir():
                target = target / "index.html"
            if target.is_file():
                return self._send(target, 200)
        return self._send(Path(self.directory) / "404.html", 404)

    def _send(self, path: Path, status: int):
        if not path.is_file():
            self.send_error(404)
            return None
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        gzipped = self.compress and "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(COMPRESSIBLE)
        if gzipped:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path, compress: bool = True, prefix: str = "/") -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) under ``prefix``, gzipped as GitHub Pages does, with
    its 404 page for missing paths; yields its base URL (ending in the prefix)."""
    handler = type("Handler", (_Handler,), {"compress": compress, "prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
