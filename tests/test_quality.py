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
