"""The architecture is a checked rule: `lint-imports` keeps the contracts in pyproject.toml, and a wrong
arrow (here, the contracts importing the collector) breaks them."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("backend", "cli", "collector", "contracts")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_FUNCTION_LINES = 80


def test_the_code_keeps_its_import_contracts() -> None:
    finished = _lint_imports(ROOT)
    assert finished.returncode == 0, finished.stdout


def test_a_wrong_arrow_breaks_a_contract(tmp_path: Path) -> None:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "contracts" / "files.py").open("a") as module:
        module.write("\nfrom collector import helix  # noqa: E402\n")
    finished = _lint_imports(tmp_path)
    assert finished.returncode != 0
    assert "contracts is not allowed to import collector" in finished.stdout


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH first, so that the copy's packages are the ones analysed, not the installed ones.
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_no_function_is_over_80_lines() -> None:
    """Short functions named for what they do: a longer one is a sign of two jobs (tests excepted)."""
    long = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for package in (*PACKAGES, "bench")
        for path in sorted((ROOT / package).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
