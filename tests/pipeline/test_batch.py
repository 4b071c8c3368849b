"""Many editions three ways: one process, two shards gathered in one folder, and a local
``dask.distributed`` cluster through the Python API. Same bytes, verified manifests."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

VALUES = [f"Region {c}" for c in "ABCDEFGHIJ"]
SOURCE = """---
title: "{{ params.region }}: a note"
date: 2026-11-27
language: en-GB
authors:
  - name: Ada Analyst
params:
  region: Region A
matrix:
  region: [VALUES]
---

:::{takeaways}
- **{{ params.region }} is one of ten.** Every note comes from one template.
:::

# {{ params.region }} has a note of its own

This note is about {{ params.region }}. It says one thing, and says it plainly.
""".replace("VALUES", ", ".join(VALUES))


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builders.cli", *args], cwd=cwd, capture_output=True,
                          text=True,
                          timeout=300, check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in (".pdf", ".pptx")}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("batch")
    (root / "reports" / "notes").mkdir(parents=True)
    (root / "reports" / "notes" / "report.md").write_text(SOURCE, encoding="utf-8")
    shutil.copytree(ROOT / "data", root / "data")
    return root


@pytest.fixture(scope="module")
def one_process(project) -> Path:
    result = cli("build", "--out", "one", "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "one"


def test_one_process_builds_ten_editions_and_a_manifest(one_process):
    built = _outputs(one_process)
    assert len(built) == 20
    listed = json.loads((one_process / "manifest.json").read_text())["outputs"]
    assert sorted(e["path"] for e in listed) == sorted(built)
    assert len({e["inputs"] for e in listed}) == 10  # one digest per edition, shared by its brief and deck
    assert all(len(e["sha256"]) == 64 for e in listed)


@pytest.fixture(scope="module")
def shards(project) -> list[Path]:
    for k in (1, 2):
        result = cli("build", "--out", f"shard{k}", "--shard", f"{k}/2", "--jobs", "1", cwd=project)
        assert result.returncode == 0, result.stderr
    return [project / "shard1", project / "shard2"]


def test_two_shards_split_the_editions_and_gather_into_the_same_bytes(project, one_process, shards):
    gathered = project / "gathered"
    for shard in shards:
        assert len(_outputs(shard)) == 10  # five editions each
    assert not set(_outputs(project / "shard1")) & set(_outputs(project / "shard2"))
    gathered.mkdir()
    for k in (1, 2):
        for path in (project / f"shard{k}").iterdir():
            if path.is_file():
                shutil.copy2(path, gathered / path.name)
    assert _outputs(gathered) == _outputs(one_process)
    result = cli("manifest", "verify", "gathered", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "verified 20 outputs" in result.stdout


def test_verify_finds_a_changed_output_and_a_missing_shard(project, shards, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(shards[0], copy)
    result = cli("manifest", "verify", str(copy), cwd=project)
    assert result.returncode == 2 and "shard 2 of 2: no manifest" in result.stderr
    (copy / "manifest.1-of-2.json").rename(copy / "manifest.json")
    victim = next(p for p in copy.iterdir() if p.suffix == ".pdf")
    victim.write_bytes(victim.read_bytes() + b"\n")
    result = cli("manifest", "verify", str(copy), cwd=project)
    assert result.returncode == 2 and f"{victim.name}: its SHA-256 differs" in result.stderr


def test_a_bad_shard_is_a_usage_error(project):
    for bad in ("0/2", "3/2", "x", "1/0"):
        result = cli("build", "--out", "bad", "--shard", bad, cwd=project)
        assert result.returncode == 2 and "--shard: expected K/N" in result.stderr, (bad, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_dask_cluster_builds_the_same_bytes_through_the_api(project, one_process):
    distributed = pytest.importorskip("distributed")
    script = f"""
import os, sys
os.chdir({str(project)!r})
import builders
from builders.pipeline.batch import build_with_dask
from distributed import Client, LocalCluster

if __name__ == "__main__":
    planned = builders.plan(["reports"])
    assert len(planned) == 10, planned
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, \\
            Client(cluster) as client:
        outcomes = build_with_dask(client, planned, "dask")
    assert all(o.written and not o.problems and not o.failure for o in outcomes), outcomes
    builders.write_manifest("dask", outcomes)
"""
    assert distributed is not None
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _outputs(project / "dask") == _outputs(one_process)
    assert json.loads((project / "dask" / "manifest.json").read_text()) == \
        json.loads((one_process / "manifest.json").read_text())
    result = cli("manifest", "verify", "dask", cwd=project)
    assert result.returncode == 0, result.stderr
