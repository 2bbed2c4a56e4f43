"""Backfill speed-up: the same archive through `timeline backfill` on 1, then 2 Dask workers.

Generates --articles (default 4,000) articles with ingest_speed.py's generator (half Arabic,
half English, ~3,000 characters, seeded: every run backfills the same text), split into
--partitions (default 16) JSON Lines files, then runs the backfill job on a LocalCluster of
N single-threaded worker processes (127.0.0.1, no dashboard) into a fresh output folder, for
each N of --workers (default 1 2), and reports wall clock (cluster start and the workers'
grammar compilation included), articles/s and the speed-up over the first N.

    .venv/bin/python benchmarks/backfill_speed.py
    .venv/bin/python benchmarks/backfill_speed.py --articles 1000 --workers 1 2 4
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ingest_speed import generate  # noqa: E402

from timeline.backfill import backfill  # noqa: E402


def split(archive: Path, folder: Path, parts: int) -> None:
    """The archive's lines dealt round-robin into `parts` files of about equal work."""
    folder.mkdir(parents=True)
    lines = archive.read_text(encoding="utf-8").splitlines(keepends=True)
    for p in range(parts):
        (folder / f"part-{p:04d}.jsonl").write_text("".join(lines[p::parts]), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--partitions", type=int, default=16)
    ap.add_argument("--doc-chars", type=int, default=3000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="backfill-bench-") as tmp:
        root = Path(tmp)
        n, chars = generate(root / "all.jsonl", args.articles, args.doc_chars, args.seed)
        split(root / "all.jsonl", root / "archive", args.partitions)
        print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, Python "
              f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
        print(f"archive: {n:,} articles, {chars:,} characters, {args.partitions} partitions")
        base = None
        for workers in args.workers:
            started = time.perf_counter()
            summary = backfill(str(root / "archive"), str(root / f"out-{workers}"),
                               scheduler="local", workers=workers, processes=True,
                               dashboard=None, progress=False)
            seconds = time.perf_counter() - started
            assert summary.processed == args.partitions and not summary.failed, summary.lines()
            base = base or seconds
            print(f"{workers} worker(s): {seconds:.1f} s, {summary.articles / seconds:.1f} "
                  f"articles/s, {summary.mentions:,} mentions, {summary.events:,} events; "
                  f"speed-up {base / seconds:.2f}x")
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":  # the worker processes are spawned: they must not rerun this
    sys.exit(main())
