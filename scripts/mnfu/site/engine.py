"""The static-site engines that turn the generated Markdown into the site: MkDocs (the default),
ProperDocs (its maintained fork) and Zensical (by Material's authors). All three read the same
``mkdocs.yml``; the generator never imports any of them, it only runs their command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT = "mkdocs"


def environment() -> dict[str, str]:
    """The environment for the engines: MkDocs' end-of-life banner is known and tracked in the README."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def executable(engine: str) -> str | None:
    """The engine's command, from the same environment as this Python, or None when not installed."""
    name = Path(sys.executable).with_name(engine)
    if name.exists():
        return str(name)
    return shutil.which(engine)


def build_command(engine: str, config: Path, site_dir: Path) -> list[str]:
    """The command that builds the site of ``config`` strictly into ``site_dir``.

    Zensical has no site-folder option: it builds into the ``site_dir`` of the configuration, which is
    relative to the configuration file, so callers put a copy of ``mkdocs.yml`` where they want it.
    """
    exe = executable(engine)
    if exe is None:
        raise FileNotFoundError(f"the {engine} engine is not installed (pip install {engine})")
    if engine == "zensical":
        return [exe, "build", "--strict", "--config-file", str(config)]
    # Never --quiet: MkDocs 1.6 then stops counting warnings, and --strict passes a broken site.
    return [exe, "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)]


def build(engine: str, project: Path, site_dir: Path, quiet: bool = False) -> int:
    """Build the site of ``project/mkdocs.yml`` into ``site_dir``; returns the engine's exit code.

    ``quiet`` keeps the engine's output back unless the build fails.
    """
    command = build_command(engine, project / "mkdocs.yml", site_dir)
    run = subprocess.run(command, cwd=project, check=False, env=environment(), text=True,
                         stdout=subprocess.PIPE if quiet else None, stderr=subprocess.STDOUT if quiet else None)
    if quiet and run.returncode != 0:
        sys.stderr.write(run.stdout or "")
    return run.returncode


def serve_command(engine: str, address: str, config: Path | None = None) -> list[str]:
    """The command that serves a live preview with the engine's own reloading server."""
    exe = executable(engine)
    if exe is None:
        raise FileNotFoundError(f"the {engine} engine is not installed (pip install {engine})")
    command = [exe, "serve", "--dev-addr", address]
    if config is not None:
        command += ["--config-file", str(config)]
    return command
