"""``briefkit manifest``: check the outputs gathered in a folder against their manifests."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def manifest() -> None:
    """Check outputs against OUT/manifest.json (and the manifest.K-of-N.json of shards)."""


@manifest.command()
@click.argument("out", type=click.Path(path_type=Path, file_okay=False), default=Path("out"))
def verify(out: Path) -> None:
    """Check that every output a manifest in OUT lists is there with its SHA-256, that no output
    is listed twice with different digests, and that all N shards of a sharded build are there.
    Exit status: 0 all verified, 2 a problem (each printed), 1 internal error.

    \b
    Examples:
      briefkit build central-asia-profiles -p country=Kazakhstan && briefkit manifest verify
      briefkit build central-asia-profiles -p country=Kazakhstan -o dist && briefkit manifest verify dist
    """
    from .pipeline import manifest as manifests
    from .terminal import console, run_guarded

    status = 0

    def each() -> None:
        nonlocal status
        count, problems = manifests.verify(out)
        for problem in problems:
            console(stderr=True).print(problem, markup=False)
        if problems:
            status = 2
        else:
            console().print(f"verified {count} outputs in {out}", markup=False)

    code = run_guarded(each, False)
    sys.exit(max(status, code))
