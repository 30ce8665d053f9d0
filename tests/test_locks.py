"""The locks in .requirements/ agree with the pins in pyproject.toml (`make lock` writes them)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / ".requirements" / "runtime.txt"
DEV = ROOT / ".requirements" / "dev.txt"
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(==|>=|<=|~=|!=|>|<)?\s*([^\s;,]*)")
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def normalize(name: str) -> str:
    """PEP 503: Markdown, markdown and mark_down are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(specs: list[str]) -> dict[str, str | None]:
    """name -> pinned version (None when not pinned with ==)."""
    found = {}
    for spec in specs:
        name, op, version = REQUIREMENT.match(spec).groups()
        found[normalize(name)] = version if op == "==" else None
    return found


def lock(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) of a lock written by uv pip compile --generate-hashes."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ENTRY.match(line)
        if match:
            current = normalize(match.group(1))
            entries[current] = (match.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
    return entries


PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETS = {
    "runtime": (RUNTIME, PYPROJECT["project"]["dependencies"] + PYPROJECT["build-system"]["requires"]),
    "dev": (DEV, PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["dev"]
            + PYPROJECT["build-system"]["requires"]),
}


@pytest.mark.parametrize("which", SETS)
def test_every_pin_is_locked_at_its_version(which: str) -> None:
    """Every package pyproject.toml names is in the lock, and each `==` pin at that version: else `make lock`."""
    path, specs = SETS[which]
    locked = lock(path)
    wrong = []
    for name, version in requirements(specs).items():
        if name not in locked:
            wrong.append(f"{name} is not in {path.name}")
        elif version is not None and locked[name][0] != version:
            wrong.append(f"{name}: pyproject.toml pins {version}, {path.name} has {locked[name][0]}")
    assert not wrong, "pyproject.toml and the lock disagree; run `make lock`:\n" + "\n".join(wrong)


@pytest.mark.parametrize("which", SETS)
def test_every_locked_package_has_a_hash(which: str) -> None:
    """pip install --require-hashes needs a hash on every line; uv writes one per file on the index."""
    path, _ = SETS[which]
    locked = lock(path)
    assert len(locked) > 20
    assert not [name for name, (_, hashes) in locked.items() if hashes == 0]


def test_dev_lock_holds_the_runtime_lock() -> None:
    """The dev set is the runtime set and more, at the same versions (the Makefile counts on it)."""
    runtime, dev = lock(RUNTIME), lock(DEV)
    assert {n: v for n, (v, _) in runtime.items() if dev.get(n, ("",))[0] != v} == {}


def test_pins_are_exact() -> None:
    """Direct dependencies are pinned with ==, so `make lock` reproduces the same set."""
    specs = (PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["dev"]
             + PYPROJECT["build-system"]["requires"])
    assert [s for s in specs if requirements([s]).popitem()[1] is None] == []


def test_makefile_installs_only_from_the_locks() -> None:
    """Every pip install in the Makefile is hash-checked, or installs mnfu itself without dependencies."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if " install " in line and "pip" in line.lower()]
    assert installs
    for line in installs:
        assert "--require-hashes" in line or ("--no-deps" in line and "--no-build-isolation" in line), line
