"""The lock files hold what pyproject.toml asks for (README, "Dependencies").

A dependency added to or raised in ``pyproject.toml`` without ``make lock`` would be
missing from every installation made from the locks (pip installs the project itself with
``--no-deps``), and noticed only where it is imported. These tests name it at once.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def _hashes_everywhere(lock: str) -> bool:
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text(encoding="utf-8"))
    pinned = [entry for entry in entries if PIN.match(entry)]
    return bool(pinned) and all("--hash=sha256:" in entry for entry in pinned)


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CASES = [
    *[("requirements.lock", line) for line in PROJECT["project"]["dependencies"]],
    *[("requirements-dev.lock", line) for line in PROJECT["project"]["dependencies"]],
    *[
        ("requirements-dev.lock", line)
        for line in PROJECT["project"]["optional-dependencies"]["dev"]
    ],
    *[("requirements.lock", line) for line in PROJECT["build-system"]["requires"]],
]


@pytest.mark.parametrize(("lock", "line"), CASES, ids=[f"{lock}: {line}" for lock, line in CASES])
def test_every_dependency_of_pyproject_is_locked_at_a_version_it_allows(lock, line):
    requirement = Requirement(line)
    version = _pins(lock).get(canonicalize_name(requirement.name))
    assert version is not None, f"{requirement.name} is not in {lock}: run make lock"
    assert requirement.specifier.contains(version, prereleases=True), (
        f"{lock} pins {requirement.name}=={version}, pyproject.toml asks for {line}: run make lock"
    )


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_pin_carries_hashes(lock):
    assert _hashes_everywhere(lock)


def test_the_runtime_lock_and_the_dev_lock_agree():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime
