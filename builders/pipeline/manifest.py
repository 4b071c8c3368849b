"""``out/manifest.json``: every output a build wrote, with its SHA-256 and the digest of its
inputs, so that outputs built on several machines (``--shard K/N``) can be gathered in one
folder and checked (``briefkit manifest verify``).

A build writes ``manifest.json``; a sharded one ``manifest.K-of-N.json``, so the shards' files
never collide when their output folders are merged. Verifying reads every manifest in the
folder: each output listed must be there with its digest, no output may be listed twice with
different digests, and when shards are found, all N of them must be."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .. import store
from ..errors import ReportError
from ..model import Location
from ..paths import project_root
from ..read.editions import Edition
from . import uptodate

VERSION = 1
_PART = re.compile(r"manifest\.([0-9]+)-of-([0-9]+)\.json")


def name(shard: tuple[int, int] | None) -> str:
    return "manifest.json" if shard is None else f"manifest.{shard[0]}-of-{shard[1]}.json"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tree(base: Path, root: Path) -> list[tuple[str, str]]:
    """Every regular file under ``base``: its path inside the project ``root`` and its SHA-256
    (a named pipe or a device, which no build reads, would block or never end)."""
    return [(path.relative_to(root).as_posix(), sha256(path)) for path in uptodate.files(base)
            if path.is_file()] if base.is_dir() else []


def inputs_digest(folder: Path, edition: Edition | None, trees: dict[Path, list] | None = None) -> str:
    """The digest of what an edition is built from: every file of its report folder and of the
    project's ``data/`` (by path inside the project and content), the edition's parameters,
    and briefkit's own code and library versions. The same on every machine with the same
    checkout and briefkit. ``trees`` keeps each folder's listing for the next edition of it."""
    root = project_root(folder)
    trees = {} if trees is None else trees
    digest = hashlib.sha256(store.code_version().encode())
    digest.update(json.dumps([edition.source, list(edition.params)] if edition else None).encode())
    for base in dict.fromkeys((folder.resolve(), (root / "data").resolve())):
        if base not in trees:
            trees[base] = _tree(base, root)
        for relative, file_digest in trees[base]:
            digest.update(relative.encode() + b"\0")
            digest.update(file_digest.encode())
    return digest.hexdigest()


class Entries:
    """The entries of a build's manifest, made as each outcome comes (:meth:`add`): a batch's
    outputs are hashed while the writers write the next ones, not all after the last."""

    def __init__(self) -> None:
        self.found: list[dict] = []
        #: each folder's listing (a report's editions share its folder and the project's data)
        self.trees: dict[Path, list] = {}

    def add(self, outcome) -> None:
        """One entry per output the outcome wrote (or found up to date)."""
        if outcome.problems or outcome.failure:
            return
        job = outcome.job
        inputs = inputs_digest(job.folder, job.edition, self.trees)
        folder = job.folder.resolve()
        report = folder.relative_to(project_root(folder)).as_posix()
        if job.edition is not None and (job.edition.source != "report.md" or job.edition.params):
            report += "/" + job.edition.source + "".join(f" {n}={v}" for n, v in job.edition.params)
        for path in map(Path, outcome.written):
            self.found.append({"path": path.name, "sha256": sha256(path), "bytes": path.stat().st_size,
                               "report": report, "inputs": inputs})

    def sorted(self) -> list[dict]:
        return sorted(self.found, key=lambda e: e["path"])


def entries(outcomes) -> list[dict]:
    """One entry per output written (or found up to date) by the outcomes."""
    made = Entries()
    for outcome in outcomes:
        made.add(outcome)
    return made.sorted()


def write(out: Path | str, outcomes, shard: tuple[int, int] | None = None,
          made: Entries | None = None) -> Path:
    """Write the manifest of this build into ``out`` (atomically), keeping the entries of an
    earlier manifest there for outputs this build did not write that are still in ``out``
    (``made``: the outcomes' entries, made as they came)."""
    out = Path(out)
    target = out / name(shard)
    fresh = made.sorted() if made is not None else entries(outcomes)
    written = {e["path"] for e in fresh}
    try:
        earlier = [e for e in _read(target)["outputs"] if isinstance(e, dict) and e.get("path") not in written
                   and (out / str(e.get("path"))).is_file()] if target.is_file() else []
    except ReportError:
        earlier = []  # an unreadable manifest is replaced
    body = {"manifest": VERSION, "shard": None if shard is None else f"{shard[0]}/{shard[1]}",
            "outputs": sorted(earlier + fresh, key=lambda e: str(e["path"]))}
    text = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)
    return target


def _read(path: Path) -> dict:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("manifest") != VERSION or not isinstance(body.get("outputs"), list):
            raise ValueError("not a briefkit manifest of version 1")
        return body
    except (OSError, ValueError, AttributeError) as error:
        raise ReportError(f"cannot read the manifest: {error}", Location(path)) from None


def verify(out: Path) -> tuple[int, list[str]]:
    """Check every manifest in ``out``; return (outputs checked, problems found)."""
    manifests = sorted(
        p for p in out.glob("manifest*.json") if p.name == "manifest.json" or _PART.fullmatch(p.name)
    )
    if not manifests:
        raise ReportError("no manifest.json or manifest.K-of-N.json here; build first", Location(out))
    problems: list[str] = []
    seen: dict[str, str] = {}
    shards: dict[int, set[int]] = {}
    for path in manifests:
        if (match := _PART.fullmatch(path.name)) is not None:
            shards.setdefault(int(match.group(2)), set()).add(int(match.group(1)))
        for entry in _read(path)["outputs"]:
            listed = entry.get("path", "")
            target = out / listed
            if listed in seen and seen[listed] != entry.get("sha256"):
                problems.append(f"{target}: listed twice with different digests ({path.name})")
            seen[listed] = entry.get("sha256", "")
            if "/" in listed or listed.startswith(".") or not target.is_file():
                problems.append(f"{target}: listed in {path.name} but missing")
            elif sha256(target) != entry.get("sha256"):
                problems.append(f"{target}: its SHA-256 differs from {path.name}'s")
    for count, present in sorted(shards.items()):
        missing = sorted(set(range(1, count + 1)) - present)
        if missing:
            problems.append(
                f"{out}: shard{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))} of "
                f"{count}: no manifest (its outputs were not gathered here)"
            )
    return len(seen), problems
