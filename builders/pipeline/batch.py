"""Many editions, on one machine or many: the plan of every edition to build, a stable share of
it for one of N machines (``--shard K/N``), and one edition built as a pure function of its
folder and data, which a ``dask.distributed`` cluster (or any executor) can map.

The Python API (``builders.plan``, ``builders.build_edition``) and ``briefkit build --shard``
are this module; docs/editions.md shows a CI-matrix recipe."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportError
from ..model import Location
from ..read.editions import Edition, every_edition, parse_params, report_dirs


@dataclass(frozen=True)
class Planned:
    """One edition to build: its report folder and which edition (see builders.read.editions)."""

    folder: Path
    #: None: the report's main edition
    edition: Edition | None = None

    @property
    def stem(self) -> str:
        """Its outputs' name in the output folder (``us-china-central-asia.ru``): unique in a plan."""
        return (self.edition or Edition()).stem_for(self.folder)


def plan(paths: Iterable[Path | str] = (), params: Sequence[str] = ()) -> list[Planned]:
    """Every edition of the reports in ``paths`` (report folders or folders of them; none: every
    report in ``reports/``), ordered by output name, the order shards split."""
    found = [Planned(Path(folder), edition)
             for folder, edition in every_edition(report_dirs(tuple(Path(p) for p in paths)),
                                                  parse_params(tuple(params)))]
    return sorted(found, key=lambda p: p.stem)


_SHARD = re.compile(r"\s*([0-9]{1,4})\s*/\s*([0-9]{1,4})\s*")


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` → (K, N) with 1 ≤ K ≤ N; anything else is bad input."""
    match = _SHARD.fullmatch(text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ReportError(f"--shard: expected K/N with 1 <= K <= N (such as 1/4), found {text!r}",
                          Location(Path("--shard")))
    return int(match.group(1)), int(match.group(2))


def shard(planned: Sequence[Planned], k: int, n: int) -> list[Planned]:
    """The K-th of N shares of a plan: every N-th edition by output name, starting at the K-th.
    The same plan always splits the same way, the shares are disjoint, together they are the
    plan, and no two differ in size by more than one edition."""
    ordered = sorted(planned, key=lambda p: p.stem)
    return ordered[k - 1::n]


def build_edition(planned: Planned, out: Path | str, *, formats: Sequence[str] = ("pdf", "pptx"),
                  theme: str | None = None, template: Path | None = None, cache: bool = True,
                  force: bool = False):
    """Build one edition into ``out`` and return its :class:`~builders.pipeline.runner.Outcome`
    (never raising). The outputs are a function of the edition's folder, its data and the
    options only: any process, on any machine with the same briefkit, writes the same bytes."""
    from .runner import Job, run

    job = Job(planned.folder, tuple(formats), Path(out), theme, template, cache, force, planned.edition)
    return run(job, parallel=False)


def build_with_dask(client, planned: Sequence[Planned], out: Path | str, **options) -> list:
    """Build every edition on a ``dask.distributed`` cluster (``client``: a
    ``distributed.Client``), each a task of :func:`build_edition`; the outcomes in plan order.
    Needs the ``dask`` extra (``pip install briefkit[dask]``); the workers must see the
    project folder and ``out`` (one machine, or a shared file system)."""
    futures = client.map(_remote, list(planned), out=Path(out), pure=False, **options)
    return client.gather(futures)


def _remote(planned: Planned, out: Path, **options):
    """:func:`build_edition` in a worker: the exception object stays there (its text travels)."""
    from dataclasses import replace

    return replace(build_edition(planned, out, **options), error=None)
