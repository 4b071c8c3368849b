"""The code passes its linter and type checker, as configured in pyproject.toml."""

from __future__ import annotations

import sys

from conftest import ROOT, run


def test_ruff_finds_nothing():
    result = run(sys.executable, "-m", "ruff", "check", "builders", "tests", "benchmarks", "assets", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = run(sys.executable, "-m", "mypy", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_imports_only_what_it_declares():
    """Every library the package imports is a runtime dependency in pyproject.toml, so a plain
    `pip install .` runs every command (a test extra is not enough)."""
    import ast
    import re
    from importlib import metadata

    import pytest

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    def canonical(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {canonical(re.split(r"[<>=!~ \[;]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}
    providers = metadata.packages_distributions()
    missing = set()
    for path in (ROOT / "builders").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "builders":
                    continue
                distributions = {canonical(d) for d in providers.get(top, [top])}
                if not distributions & declared:
                    missing.add(f"{path.relative_to(ROOT)}: {top} ({', '.join(sorted(distributions))})")
    assert not missing, f"imported but not a runtime dependency: {sorted(missing)}"
