"""A new analyst's first hour (issue 29): every command the README and the ``--help`` texts show
runs, as written, on a fresh copy of the repository, and so does the docs' example of two reports
sharing a data package.

A fresh copy is the files a clone has (``git ls-files``, as they are in the working tree) in a
temporary folder, with no ``out/`` and no ``.venv``; briefkit runs from that copy
(``PYTHONPATH``). The README's quick start (make the environment, install, build everything) is
taken as done: ``.venv`` in the copy is the environment the tests run in, and ``briefkit`` is on
the ``PATH`` only once the README's own lines put it there."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import cli

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
#: options of build, check and preview that take a value (the rest of the words are folders)
_VALUED = {"--out", "-o", "--format", "-f", "--theme", "--template", "--jobs", "-j", "--param", "-p",
           "--reports"}


def fresh_copy(target: Path) -> Path:
    """The repository's files as a clone has them, copied into ``target``."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"],
                            capture_output=True, check=False)
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            source = ROOT / name
            if name and source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    else:  # not a git checkout (an unpacked archive): everything but what a build or install makes
        shutil.copytree(ROOT, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".git", ".venv", "out", "__pycache__", "*.egg-info",
                                                      ".*cache"))
    return target


def _environment(copy: Path, *, activated: bool) -> dict[str, str]:
    """A shell's environment in the copy: briefkit on the PATH (``activated``) or not yet."""
    bin_dir = Path(sys.executable).parent
    path = f"{bin_dir}:{SYSTEM_PATH}" if activated else SYSTEM_PATH
    keep = {k: v for k, v in os.environ.items() if k in ("HOME", "LANG", "LC_ALL", "TMPDIR", "CI")}
    return {**keep, "PATH": path, "PYTHONPATH": str(copy)}


def _venv(copy: Path) -> None:
    """``.venv`` in the copy: the environment running the tests (the quick start's result)."""
    if (Path(sys.prefix) / "bin" / "activate").is_file() and (
        Path(sys.prefix) / "bin" / "briefkit"
    ).is_file():
        (copy / ".venv").symlink_to(sys.prefix)
        return
    bin_dir = copy / ".venv" / "bin"  # not run from a venv: one that puts this Python's briefkit first
    bin_dir.mkdir(parents=True)
    shim = bin_dir / "briefkit"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m builders.cli "$@"\n')
    shim.chmod(0o755)
    (bin_dir / "activate").write_text(f'export PATH="{bin_dir}:$PATH"\n')


def run_script(lines: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The lines as one bash script that stops at the first failure, each line echoed."""
    script = "set -e\n" + "\n".join(f"echo '$ '{shlex.quote(line)}\n{line}" for line in lines)
    return subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def why_skipped(command: str) -> str:
    """Why an example is not run here, or "" to run it: it never ends, installs, runs the whole
    test suite, or builds the flagship or every report (test_build does)."""
    if "--watch" in command:
        return "runs until stopped"
    if "pip install" in command or "pytest" in command:
        return "the quick start: install and build everything, or run the tests"
    for part in command.split("&&"):
        words = shlex.split(part, comments=True)
        while words and not words[0].endswith("briefkit"):
            words.pop(0)
        if len(words) < 2 or words[1] not in ("build", "preview"):
            continue
        folders, skip = [], False
        for word in words[2:]:
            if skip:
                skip = False
            elif word in _VALUED:
                skip = True
            elif not word.startswith("-"):
                folders.append(word)
        if not folders:
            return "builds every report"
        if any("us-china-central-asia" in f for f in folders):
            return "builds the flagship"
    return ""


def commands(group=cli.main, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group, as the words that name it (() is briefkit itself)."""
    import click

    found = [path]
    for name, command in sorted(getattr(group, "commands", {}).items()):
        found += commands(command, (*path, name)) if isinstance(command, click.Group) else [(*path, name)]
    return found


def help_examples(command: tuple[str, ...]) -> list[str]:
    """The example commands of ``briefkit [COMMAND] --help`` (without what each does)."""
    text = CliRunner().invoke(cli.main, [*command, "--help"], terminal_width=200).output
    _, found, rest = text.partition("Example")
    if not found:
        return []
    examples = []
    for line in rest.splitlines()[1:]:
        if not line.strip():
            break
        examples.append(re.split(r"\s{2,}", line.strip())[0])
    return examples


def readme_blocks() -> list[list[str]]:
    """The README's shell code blocks, each a list of command lines."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [[line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
            for block in blocks]


def test_the_rule_for_long_examples_skips_what_it_must_and_no_more():
    assert why_skipped("briefkit build")
    assert why_skipped("briefkit build --jobs 2")
    assert why_skipped("briefkit build reports/us-china-central-asia --out dist")
    assert why_skipped("briefkit build my-brief --watch")
    assert why_skipped("python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/briefkit build")
    assert not why_skipped("briefkit build my-brief --format pdf")
    assert not why_skipped("briefkit new my-brief && briefkit build reports/my-brief")
    assert not why_skipped("briefkit check")
    assert not why_skipped("briefkit preview central-asia-profiles --param country=Kazakhstan --format pdf")


def test_every_command_has_examples():
    """A help text without examples is a group whose commands have them (briefkit manifest)."""
    import click

    def is_group(path: tuple[str, ...]) -> bool:
        command = cli.main
        for word in path:
            command = command.commands[word]
        return isinstance(command, click.Group)

    bare = [" ".join(c) for c in commands() if not help_examples(c) and not is_group(c)]
    assert bare == []
    assert len([c for c in commands() if help_examples(c)]) >= 6


@pytest.mark.parametrize("command", [c for c in commands() if help_examples(c)], ids=" ".join)
def test_every_help_example_runs_on_a_fresh_copy(command, tmp_path):
    """Each help text's examples, in order, in a fresh copy; those too long to run here are run
    with --help added, which fails on an option that does not exist."""
    copy = fresh_copy(tmp_path / "clone")
    examples = help_examples(command)
    lines = [e if not why_skipped(e) else f"{e} --help >/dev/null" for e in examples]
    result = run_script(lines, copy, _environment(copy, activated=True))
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert sum(not why_skipped(e) for e in examples) >= 1  # each help text has one that runs


def test_every_readme_command_runs_in_a_new_shell_on_a_fresh_copy(tmp_path):
    """The README's code blocks as a new shell runs them (briefkit not yet on the PATH), after
    the quick start."""
    copy = fresh_copy(tmp_path / "clone")
    _venv(copy)
    env = _environment(copy, activated=False)
    ran = []
    for block in readme_blocks():
        lines = [line for line in block if not why_skipped(line)]
        if lines:
            result = run_script(lines, copy, env)
            assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
            ran += lines
    assert any(line.startswith("briefkit build") for line in ran), ran
    assert (copy / "out" / "my-brief.pdf").is_file() and (copy / "out" / "my-brief.pptx").is_file()


def test_a_new_shell_without_the_readme_activation_line_has_no_briefkit(tmp_path):
    """What the README's activation line is for (snag 1): the same commands without it fail."""
    copy = fresh_copy(tmp_path / "clone")
    _venv(copy)
    result = run_script(["briefkit --version"], copy, _environment(copy, activated=False))
    assert result.returncode != 0
    result = run_script([". .venv/bin/activate", "briefkit --version"], copy, _environment(copy,
                                                                                           activated=False))
    assert result.returncode == 0, result.stderr


def test_two_reports_share_a_package_as_the_docs_show(tmp_path):
    """docs/data-package.md's example, as written, in an empty folder: both reports build from
    one shared data/ and neither sees the flagship's data."""
    text = (ROOT / "docs" / "data-package.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*Two reports that share a package\.\*\*.*?```sh\n(.*?)```", text, flags=re.S)
    assert block, "docs/data-package.md lost its example of two reports sharing a package"
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    result = run_script(lines, tmp_path, _environment(ROOT, activated=True))
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    project = tmp_path / "caucasus"
    for name in ("eu-russia-south-caucasus", "turkey-south-caucasus"):
        assert (project / "out" / f"{name}.pdf").is_file() and (project / "out" / f"{name}.pptx").is_file()
    assert not (project / "reports" / "turkey-south-caucasus" / "data").exists()
    assert not any((project / "reports" / "eu-russia-south-caucasus" / "data").iterdir())
    bad = project / "reports" / "turkey-south-caucasus" / "report.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace(":::{table} partners", ":::{table} timeline"),
                   encoding="utf-8")
    result = run_script(["briefkit check turkey-south-caucasus"], project, _environment(ROOT, activated=True))
    assert result.returncode == 2
    assert "unknown data resource 'timeline'; expected one of: partners" in result.stdout + result.stderr


def test_build_takes_a_report_name_and_blames_a_missing_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli.main, ["new", "eu-russia-south-caucasus"]).exit_code == 0
    result = runner.invoke(cli.main, ["check", "eu-russia-south-caucasus"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli.main, ["build", "reports/country-profiles", "--param", "country=Kazakhstan"])
    assert result.exit_code == 2
    assert result.stderr.startswith("reports/country-profiles: no such folder; the reports in reports/ are: "
                                    "eu-russia-south-caucasus"), result.stderr
    assert "--param" not in result.stderr
    result = runner.invoke(cli.main, ["check", "nowhere"])
    assert result.exit_code == 2 and "nowhere: no such folder (nor reports/nowhere)" in result.stderr


def test_new_titles_a_report_after_its_name_with_its_acronyms():
    from builders.scaffold import title_from_name

    assert title_from_name("eu-russia-south-caucasus") == "EU Russia South Caucasus"
    assert title_from_name("us-china-central-asia") == "US China Central Asia"
    assert title_from_name("state-of-the-sco-2025") == "State of the SCO 2025"
    assert title_from_name("my-brief") == "My Brief"
    scaffold = (ROOT / "assets" / "scaffold" / "report.md").read_text(encoding="utf-8")
    assert "docs/source-format.md" in scaffold and "README" not in scaffold
