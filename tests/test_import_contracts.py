"""The boundaries between the apps are checked: `make lint` runs `lint-imports`.

The contracts are in pyproject.toml (`[tool.importlinter]`, docs/architecture.md
"Boundaries"). These tests run the same command on the real tree, which keeps every contract,
and on a copy of the package with one forbidden import added, which must break the contract
that forbids it. The copy lives in a temporary folder: nothing is written into the package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

LAYERS = "Layers: an app imports only the apps below it"
DOCUMENTS = "documents imports no domain app and no organisations"
ASSESSMENTS = "assessments imports neither strategy nor ozg"
API = "No app imports api"
ACCOUNTS = "accounts imports no organisations"
TESTS = "Product code imports no test package"
CONTRACTS = (LAYERS, DOCUMENTS, ASSESSMENTS, API, ACCOUNTS, TESTS)


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """`lint-imports` as `make lint` runs it, on the package and pyproject.toml in ``folder``."""
    assert LINT_IMPORTS.exists(), f"{LINT_IMPORTS} is missing: install the dev extras"
    return subprocess.run(  # noqa: S603 (our own tool, fixed arguments)
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _python_only(folder: str, names: list[str]) -> set[str]:
    """Copy only Python modules: the import graph reads nothing else."""
    return {
        name
        for name in names
        if name in ("__pycache__", "static", "templates", "locale")
        or (not name.endswith(".py") and not Path(folder, name).is_dir())
    }


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the package's Python modules and of pyproject.toml, to add imports to."""
    shutil.copytree(ROOT / "kommunalkompass", tmp_path / "kommunalkompass", ignore=_python_only)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_make_lint_checks_the_imports():
    lint = (ROOT / "Makefile").read_text().split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "lint-imports" in lint


def test_the_real_tree_keeps_every_contract():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    for contract in CONTRACTS:
        assert f"{contract} KEPT" in result.stdout


def _case(module: str, imported: str, *broken: str):
    source = f"import {imported}\n"
    return pytest.param(module, source, set(broken), id=f"{module} imports {imported}")


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        # api.urls imports the apps, so documents would reach organisations through it.
        _case("documents/probe.py", "kommunalkompass.api.urls", LAYERS, API, DOCUMENTS),
        _case("documents/probe.py", "kommunalkompass.organisations.tenancy", LAYERS, DOCUMENTS),
        _case("assessments/probe.py", "kommunalkompass.ozg.models", LAYERS, ASSESSMENTS),
        _case("assessments/probe.py", "kommunalkompass.strategy.selectors", LAYERS, ASSESSMENTS),
        _case("accounts/probe.py", "kommunalkompass.organisations.models", LAYERS, ACCOUNTS),
        _case("strategy/probe.py", "kommunalkompass.ozg.selectors", LAYERS),
        _case("core/probe.py", "kommunalkompass.audit.services", LAYERS),
        _case("audit/probe.py", "kommunalkompass.organisations.models", LAYERS),
        _case("strategy/probe.py", "kommunalkompass.strategy.tests.factories", TESTS),
        _case("ozg/probe.py", "kommunalkompass.organisations.tests.factories", TESTS),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tree, module, source, broken):
    (tree / "kommunalkompass" / module).write_text(source)

    result = lint_imports(tree)

    assert result.returncode != 0, result.stdout
    probe = "kommunalkompass." + module.removesuffix(".py").replace("/", ".")
    assert probe in result.stdout  # the copy was checked, not the installed package
    for contract in CONTRACTS:
        state = "BROKEN" if contract in broken else "KEPT"
        assert f"{contract} {state}" in result.stdout, result.stdout


def test_an_app_without_a_layer_breaks_the_layers(tree):
    (tree / "kommunalkompass" / "tenders_probe").mkdir()
    (tree / "kommunalkompass" / "tenders_probe" / "__init__.py").write_text("")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert f"{LAYERS} BROKEN" in result.stdout
    assert "kommunalkompass.tenders_probe" in result.stdout


def test_an_apps_own_tests_may_import_any_app(tree):
    """Tests build fixtures from the apps above their own; the contracts leave them out."""
    (tree / "kommunalkompass" / "documents" / "tests" / "test_probe.py").write_text(
        "from kommunalkompass.api.urls import api\n"
        "from kommunalkompass.organisations.tests.factories import MembershipFactory\n"
    )

    result = lint_imports(tree)

    assert result.returncode == 0, result.stdout
