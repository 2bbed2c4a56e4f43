"""`timeline backfill`: extract a whole archive on a Dask cluster, one task per partition.

Extraction is a pure function of an article, so an archive of millions of articles is spread
over a `dask.distributed` cluster rather than a home-made pool: Dask schedules, retries a task
whose worker died, and shows the work on its dashboard. Each task runs the very functions the
service runs (`timeline.ingest.extract_record`, which is `extract` plus the fields the store
keeps, and `timeline.events.article_events`, what `build_timeline` runs per article) on one
input file and writes its Parquet results (see `backfill_io`); `timeline ingest OUTPUT` then
loads them into the store without extracting again.

A partition whose manifest exists is finished: the driver does not submit it again, and the
task itself checks once more (a rerun started while an old one still runs does no work twice
that it can see). Bad records are listed in the manifest and reported; they never fail the
partition. Requires the `distributed` extra: `pip install .[distributed]`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from timeline.ingest_sources import describe_ignored
from timeline.limits import LIMITS, Limits

# what backfill_io reads (named here: that module needs pyarrow, imported only to run)
INPUT_TYPES = (".jsonl", ".ndjson", ".parquet", ".pq",
               "compressed .jsonl/.ndjson (.gz, .bz2, .xz, .zst)")


@dataclass
class BackfillSummary:
    """What a run did: partitions processed now, finished before, failed (name, error)."""

    partitions: int = 0
    processed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0
    mentions: int = 0
    events: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file:line, why)
    ignored: list[str] = field(default_factory=list)  # files of no input type, not read
    seconds: float = 0.0

    def lines(self) -> list[str]:
        rate = self.articles / self.seconds if self.seconds else 0.0
        head = (f"backfill: {self.partitions:,} partitions: {self.processed:,} processed, "
                f"{self.skipped:,} already finished, {len(self.failed):,} failed; "
                f"{self.articles:,} articles, {self.mentions:,} mentions, "
                f"{self.events:,} events, {len(self.rejected):,} rejected; "
                f"{self.seconds:.1f} s ({rate:.1f} articles/s)")
        if self.ignored:
            head += f"; {len(self.ignored):,} files of other types ignored"
        return [head, *(f"{name}: partition failed: {why}" for name, why in self.failed),
                *(f"{where}: rejected: {why}" for where, why in self.rejected),
                *(f"backfill: {line}" for line in describe_ignored(self.ignored, INPUT_TYPES))]


# ---------------------------------------------------------------- one partition (a task)


def process_partition(url: str, name: str, output: str, limits: Limits = LIMITS,
                      storage: dict[str, Any] | None = None) -> dict[str, Any]:
    """Extract one input file and write its results; returns its manifest. Runs on a worker."""
    from timeline import backfill_io as bio
    from timeline.events import article_events
    from timeline.ingest import extract_record
    from timeline.ingest_sources import Rejected
    from timeline.store import MENTION_FIELDS, text_hash

    storage = storage or {}
    if bio.is_done(output, name, **storage):
        return {**bio.read_manifest(output, name, **storage), "skipped": True}
    started = time.perf_counter()
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in bio.TABLES}
    rejected: list[list[str]] = []
    for item in bio.read_partition(url, limits, **storage):
        if isinstance(item, Rejected):
            rejected.append([item.where, item.why])
            continue
        try:  # an extractor bug costs one article, not the partition (as in ingest)
            new = extract_record(item.fields)
            found = article_events(0, new.text, new.lang, new.mentions).events
        except Exception as exc:
            rejected.append([item.where, f"extraction failed: {type(exc).__name__}: {exc}"])
            continue
        digest = text_hash(new.text)
        rows["articles"].append({
            "text_hash": digest, "where": item.where, "title": new.title, "text": new.text,
            "lang": new.lang, "url": new.url, "source": new.source,
            "published_at": new.published_at, "dct_used": new.dct_used,
            "dct_inferred": new.dct_inferred, "story": item.fields.get("story")})
        for m in new.mentions:
            extra = {k: v for k, v in m.items() if k not in MENTION_FIELDS}
            rows["mentions"].append({"text_hash": digest, **{k: m.get(k) for k in MENTION_FIELDS},
                                     "details": _json(extra) if extra else None})
        for e in found:
            rows["events"].append({
                "text_hash": digest, "start": e.start, "end": e.end,
                "quote_start": e.quote_start, "quote_end": e.quote_end, "headline": e.headline,
                "earliest": _iso(e.earliest), "latest": _iso(e.latest),
                "primary_start": e.primary.get("start"), "mentions": len(e.mentions),
                "sentence": e.sentence})
    manifest = {"partition": name, "input": url, "articles": len(rows["articles"]),
                "mentions": len(rows["mentions"]), "events": len(rows["events"]),
                "rejected": rejected, "seconds": round(time.perf_counter() - started, 3)}
    bio.write_results(output, name, rows, manifest, **storage)
    return manifest


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


# ---------------------------------------------------------------- the driver


@contextlib.contextmanager
def connect(scheduler: str, workers: int | None = None, processes: bool = True,
            dashboard: str | None = "127.0.0.1:8787") -> Iterator[Any]:
    """A Client on `scheduler` (an address such as tcp://host:8786), or on a LocalCluster
    started here for `local`: `workers` single-threaded workers, since extraction is pure
    Python and holds the GIL (threads would not run it in parallel; processes do)."""
    from dask.distributed import Client, LocalCluster

    if scheduler != "local":
        with Client(scheduler) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    # 127.0.0.1 over TCP even for in-process workers (whose inproc:// default binds their
    # HTTP servers to the machine's address): a local backfill opens no port to the network.
    # Without a dashboard the scheduler still serves /health: on a free loopback port then,
    # not on 8787, which a real dashboard may hold.
    quiet = {"dashboard_address": "127.0.0.1:0"} if dashboard is None else {}
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=processes,
                      host="127.0.0.1", protocol="tcp", dashboard_address=dashboard,
                      scheduler_kwargs=quiet) as cluster, \
            Client(cluster) as client:
        yield client


def backfill(source: str, output: str, *, scheduler: str = "local", workers: int | None = None,
             processes: bool = True, dashboard: str | None = "127.0.0.1:8787",
             limits: Limits = LIMITS, progress: bool | None = None, log: TextIO | None = None,
             storage: dict[str, Any] | None = None) -> BackfillSummary:
    """Run the job; see the module docstring. `storage`: fsspec options (credentials...)."""
    from dask.distributed import as_completed
    from tqdm import tqdm

    from timeline import backfill_io as bio

    log = log or sys.stderr
    storage = storage or {}
    output = bio.absolute(output)
    started = time.perf_counter()
    summary = BackfillSummary()
    parts, summary.ignored = bio.scan_archive(source, **storage)
    finished = set(bio.finished(output, **storage))
    todo = [p for p in parts if p.name not in finished]
    summary.partitions, summary.skipped = len(parts), len(parts) - len(todo)
    show = log.isatty() if progress is None else progress
    if todo:
        with connect(scheduler, workers, processes, dashboard) as client:
            if client.dashboard_link and dashboard is not None:
                print(f"backfill: Dask dashboard at {client.dashboard_link}", file=log)
            # retries: a worker lost mid-task (OOM, preempted node) costs a retry, not the run
            futures = client.map(process_partition, [p.url for p in todo],
                                 [p.name for p in todo], output=output, limits=limits,
                                 storage=storage, pure=False, retries=1)
            names = {f.key: p.name for f, p in zip(futures, todo, strict=True)}
            with tqdm(total=len(futures), unit="partition", file=log, disable=not show,
                      dynamic_ncols=True) as bar:
                for future in as_completed(futures):
                    try:
                        _count(summary, future.result())
                    except Exception as exc:  # reported; the rerun retries it
                        summary.failed.append((names[future.key], f"{type(exc).__name__}: "
                                                                  f"{exc}"))
                    future.release()  # results are on disk: keep the scheduler's memory flat
                    bar.update(1)
    summary.seconds = time.perf_counter() - started
    return summary


def _count(summary: BackfillSummary, manifest: dict[str, Any]) -> None:
    if manifest.get("skipped"):  # finished by another run since we listed the output
        summary.skipped += 1
        return
    summary.processed += 1
    summary.articles += manifest["articles"]
    summary.mentions += manifest["mentions"]
    summary.events += manifest["events"]
    summary.rejected.extend((where, why) for where, why in manifest["rejected"])


def run_command(source: str, output: str, scheduler: str, workers: int | None,
                dashboard: str | None, progress: bool | None) -> int:
    """`timeline backfill`: 0 when every partition finished with no rejected record, 1 when
    records were rejected or partitions failed (rerun to retry them), 2 when the job cannot
    start (extra not installed, scheduler unreachable), 130 when interrupted."""
    try:
        import dask.distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        print(f"timeline backfill: {exc.name} is missing: pip install '.[distributed]'",
              file=sys.stderr)
        return 2
    try:
        summary = backfill(source, output, scheduler=scheduler, workers=workers,
                           dashboard=dashboard, progress=progress)
    except (OSError, TimeoutError, ImportError) as exc:  # no input, no scheduler, no s3fs
        print(f"timeline backfill: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("timeline backfill: interrupted; finished partitions are kept, run the same "
              "command again to do the rest", file=sys.stderr)
        return 130
    for line in summary.lines():
        print(line, file=sys.stderr)
    return 1 if summary.rejected or summary.failed else 0
