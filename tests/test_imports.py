"""Import rules: `python -m cchc` never imports Streamlit; a test module imports no other test module."""

import ast
import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_cli_module_does_not_import_streamlit_or_altair():
    code = (
        "import sys; import cchc.cli.main; "
        "print(sorted(m for m in ('streamlit', 'altair') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run the layer contracts of pyproject.toml (`make lint`) over the `cchc` package found in `root`."""
    linter = Path(sys.executable).parent / "lint-imports"
    config = str(ROOT / "pyproject.toml")
    return subprocess.run([str(linter), "--config", config], cwd=root, capture_output=True, text=True)


def test_the_layer_contracts_hold_for_the_package():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "module, line",
    [
        ("validate/plan.py", "import streamlit"),
        ("validate/plan.py", "from cchc.present import views"),
        ("assess/risk.py", "import os"),
        ("sources/base.py", "from cchc.validate import plan"),
    ],
)
def test_the_layer_contracts_fail_on_an_upward_or_forbidden_import(tmp_path, module, line):
    shutil.copytree(ROOT / "cchc", tmp_path / "cchc", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "cchc" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0 and "BROKEN" in result.stdout


def _imported(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it; for `from m import n` also `m.n` (n may be a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found.add(module)
            found |= {f"{module}.{alias.name}".replace("..", ".") for alias in node.names}
    return found


def _test_module_or_conftest(name: str) -> bool:
    """`tests.test_x`, `tests.conftest`, or the same without `tests.` (importable in prepend mode)."""
    parts = name.lstrip(".").split(".")
    if parts[0] == "tests":
        parts = parts[1:]
    return bool(parts) and (parts[0] == "conftest" or parts[0].startswith("test_"))


def test_no_test_module_imports_another_test_module_or_conftest():
    """Shared helpers live in tests/support: a test module stands alone, whatever the import mode."""
    tests = ROOT / "tests"
    files = sorted(tests.glob("test_*.py")) + sorted((tests / "support").rglob("*.py"))
    offenders = {
        path.relative_to(ROOT).as_posix(): sorted(n for n in _imported(path) if _test_module_or_conftest(n))
        for path in files
    }
    assert {path: names for path, names in offenders.items() if names} == {}


@pytest.mark.parametrize(
    "package",
    ["vocab", "sources", "validate", "assess", "access", "snapshot", "present", "report", "sheet"],
)
def test_every_public_name_a_stage_package_lists_can_be_imported_from_it(package):
    module = importlib.import_module(f"cchc.{package}")
    assert module.__all__ and all(getattr(module, name) is not None for name in module.__all__)
