"""Validated models kept between runs, so that a check after editing one file validates only that file.

``mnfu check`` and ``mnfu serve`` read every data file on every run, but a file whose text is as it was
at the last run gets the model it validated to then, instead of being parsed and validated again: the
models of the other kinds are then never built (pydantic builds a model's validator on its first use).
A model is kept only when its file validated without a problem, and only for the same text, the same
day (``as_of`` may not be after today) and the same generator code.

The models are kept with :mod:`pickle`, which runs code when it reads, and the project folder is not
trusted: a pull request could commit a file into ``.mnfu/``. So the file is signed (HMAC-SHA256) with a
key that lives outside the project, in the user's cache folder, created on first use; a file without a
valid signature is ignored. Where that folder cannot be written, nothing is kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import pickle
from pathlib import Path
from typing import Any

from mnfu.workspace import WORK, atomic_write_bytes, generator_signature

FILE = "models.pickle"
"""In ``.mnfu/``: a signature (32 bytes), then the pickled models."""


def _key() -> bytes | None:
    """This user's signing key (``$MNFU_CACHE_KEY_DIR`` or ``~/.cache/mnfu``), made on first use."""
    folder = Path(os.environ.get("MNFU_CACHE_KEY_DIR") or Path(os.environ.get("XDG_CACHE_HOME")
                                                               or Path.home() / ".cache") / "mnfu")
    path = folder / "key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        key = os.urandom(32)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key
    except OSError:
        return None


class Memo:
    """The models of the last run, by file path and text; ``save`` keeps this run's for the next."""

    def __init__(self, root: Path, today: dt.date):
        self.path = root / WORK / FILE
        self.header = f"{generator_signature()}\0{today.isoformat()}"
        self.key = _key()
        self.old: dict[str, tuple[bytes, Any]] = {}
        self.new: dict[str, tuple[bytes, Any]] = {}
        self.missed: dict[str, bytes] = {}  # the digest of each file asked for and not found, for ``put``
        if self.key is None:
            return
        try:
            blob = self.path.read_bytes()
        except OSError:
            return
        tag, payload = blob[:32], blob[32:]
        if not hmac.compare_digest(tag, hmac.digest(self.key, payload, "sha256")):
            return  # not written by this user's runs: never unpickled
        try:
            header, entries = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - a signed file from an older generator: start again
            return
        if header == self.header:
            self.old = entries

    def get(self, path: str, text: str) -> Any:
        """The model ``path`` validated to when its text was ``text``, or None."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        found = self.old.get(path)
        if found is not None and found[0] == digest:
            self.new[path] = found
            return found[1]
        self.missed[path] = digest
        return None

    def put(self, path: str, model: Any) -> None:
        """Keep the model of a file that ``get`` did not have and that validated without a problem."""
        digest = self.missed.pop(path, None)
        if digest is not None:
            self.new[path] = (digest, model)

    def save(self) -> None:
        """Write this run's models (files no longer read are dropped), when they differ from the last run's."""
        if self.key is None or self.new.keys() == self.old.keys() and all(
                self.new[p][0] == self.old[p][0] for p in self.new):
            return
        payload = pickle.dumps((self.header, self.new), protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            atomic_write_bytes(self.path, hmac.digest(self.key, payload, "sha256") + payload)
