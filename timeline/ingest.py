"""`timeline ingest`: load an archive into the store, fast, restartably, reporting bad input.

Reading and validation happen in this process (see `ingest_sources`); extraction, the slow
part, runs in worker processes (one per core by default); writes go to SQLite in batches of
`ingest_batch` articles, one transaction each, so a killed run loses at most the open batch
and never leaves an article without its mentions. Each text's hash is checked against the
store before extraction, so a rerun skips what an earlier run stored and only pays for the
rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from timeline.dates import parse_dct
from timeline.ingest_results import count_results, is_results, prebuilt, read_results
from timeline.ingest_sources import (
    SUFFIXES,
    Ignored,
    Record,
    Rejected,
    describe_ignored,
    estimate_count,
    read_inputs,
)
from timeline.limits import LIMITS, Limits
from timeline.store import NewArticle, Store, text_hash

_STORY_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")  # as schemas.common
_CHUNK = 8  # articles per worker task: enough to hide the pickling round trip
_DEDUP_BATCH = 256  # records whose hashes are checked against the store in one query
_DATED = ("DATE", "TIME")


@dataclass
class Summary:
    """What a run did. `skipped` were stored already (by an earlier run or earlier in this
    one); `events` are the dated DATE/TIME references, the timeline entries they make."""

    stored: int = 0
    skipped: int = 0
    mentions: int = 0
    events: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files of other types met in folders
    seconds: float = 0.0

    @property
    def read(self) -> int:
        return self.stored + self.skipped + len(self.rejected)

    def lines(self) -> list[str]:
        rate = self.stored / self.seconds if self.seconds else 0.0
        head = (f"ingest: {self.read:,} read: {self.stored:,} articles stored, "
                f"{self.skipped:,} already stored, {len(self.rejected):,} rejected; "
                f"{self.mentions:,} mentions, {self.events:,} events; "
                f"{self.seconds:.1f} s ({rate:.1f} articles/s)")
        if self.ignored:
            head += f"; {len(self.ignored):,} files of other types ignored"
        return [head, *(f"{r.where}: rejected: {r.why}" for r in self.rejected),
                *(f"ingest: {line}" for line in describe_ignored(self.ignored, SUFFIXES))]


def story_for(name: str) -> tuple[str, str]:
    """(id, name) of the story `--story NAME` asks for: NAME itself when it is a valid id,
    else a slug of it (a hash when it has no ASCII words, e.g. an Arabic name)."""
    if _STORY_ID.match(name):
        return name, name
    slug = "-".join(re.findall(r"[a-z0-9]+", name.lower()))[:64].strip("-")
    return slug or "story-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], name


def ingest(paths: Sequence[str | Path], db_path: str, *, story: str | None = None,
           workers: int | None = None, limits: Limits = LIMITS,
           progress: bool | None = None, log: TextIO | None = None) -> Summary:
    """Ingest `paths` into the database at `db_path`; see the module docstring.

    `workers` None means one per core, 1 means no worker processes (extract here);
    `progress` None shows the bar when `log` (stderr) is a terminal.
    """
    from tqdm import tqdm

    log = log or sys.stderr
    started = time.perf_counter()
    summary = Summary()
    names: dict[str, str] = {}
    if story is not None:
        story_id, story_name = story_for(story)
        names[story_id] = story_name
    workers = workers or os.cpu_count() or 1
    show = log.isatty() if progress is None else progress
    results = [p for p in paths if is_results(p)]  # `timeline backfill` output: extracted
    paths = [p for p in paths if p not in results]
    # results need the `distributed` extra (pyarrow, fsspec): read only when some were given
    bar = tqdm(total=estimate_count(paths) + (count_results(results) if results else 0)
               if show else None,
               unit="article", file=log, disable=not show, dynamic_ncols=True, smoothing=0.1)
    with Store(db_path) as store:
        writer = _Writer(store, limits.ingest_batch, names, summary, bar)
        extra = list(names)
        try:
            with _extractor(workers) as run:
                for batch in _unstored(read_inputs(paths, limits), store, summary, bar, extra,
                                       writer):
                    for done in run(batch):
                        writer.add(done)
                for done in run(None):
                    writer.add(done)
            if results:
                for batch in _unstored(read_results(results), store, summary, bar, extra,
                                       writer):
                    for done in prebuilt(batch):
                        writer.add(done)
            writer.flush()
        finally:
            bar.close()
            summary.seconds = time.perf_counter() - started
    return summary


# ---------------------------------------------------------------- de-duplication


def _unstored(items: Iterable[Record | Rejected | Ignored], store: Store, summary: Summary,
              bar: Any, extra: list[str], writer: _Writer
              ) -> Iterator[list[tuple[Record, list[str]]]]:
    """Batches of the records whose text is not stored yet, each with its stories.

    Texts already stored (or met earlier in this run) are counted as skipped; they still
    join the stories this run names, so ingesting an archive into a new story is complete.
    """
    seen: set[str] = set()
    pending: list[tuple[Record, str]] = []

    def settle() -> list[tuple[Record, list[str]]]:
        known = store.known_hashes(h for _, h in pending)
        fresh, links = [], []
        for record, digest in pending:
            stories = _stories(record, extra)
            if digest in known or digest in seen:
                summary.skipped += 1
                if stories:
                    links.append((digest, stories))
            else:
                seen.add(digest)
                fresh.append((record, stories))
        if links:
            writer.links.extend(links)
        bar.update(len(pending) - len(fresh))
        pending.clear()
        return fresh

    for item in items:
        if isinstance(item, Ignored):  # not counted as read: the bar never counted it either
            summary.ignored.append(item.where)
            continue
        if isinstance(item, Rejected):
            summary.rejected.append(item)
            bar.update(1)
            continue
        pending.append((item, text_hash(item.fields["text"])))
        if len(pending) >= _DEDUP_BATCH:
            yield settle()
    if pending:
        yield settle()


def _stories(record: Record, extra: list[str]) -> list[str]:
    own = record.fields.get("story")
    return [*extra, own] if own else list(extra)


# ---------------------------------------------------------------- extraction


Done = tuple[Record, list[str], NewArticle | str]  # the article, or why extraction failed


def extract_record(fields: dict[str, Any]) -> NewArticle:
    """One validated record's article (the API's POST and bulk ingests store the same)."""
    from timeline.extract import extract
    from timeline.search import index_form

    result = extract(fields["text"], lang=fields.get("lang"),
                     dct=parse_dct(fields.get("published_at")), locale=fields.get("locale"))
    out = result.to_dict()
    return NewArticle(
        title=fields["title"], text=fields["text"], lang=result.lang, url=fields.get("url"),
        source=fields.get("source"), published_at=fields.get("published_at"),
        dct_used=out["dct_used"], dct_inferred=result.dct_inferred, mentions=out["mentions"],
        search_form=(index_form(fields["title"]), index_form(fields["text"])))


def _extract_chunk(chunk: list[tuple[Record, list[str]]]) -> list[Done]:
    done: list[Done] = []
    for record, stories in chunk:
        try:
            done.append((record, stories, extract_record(record.fields)))
        except Exception as exc:  # an extractor bug costs one article, not the run
            done.append((record, stories, f"extraction failed: {type(exc).__name__}: {exc}"))
    return done


class _extractor:
    """`run(batch)` hands a batch to the workers and returns what has finished so far;
    `run(None)` waits for the rest. At most a few chunks per worker are in flight, so
    memory stays flat however large the input."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.futures: set[Future[list[Done]]] = set()

    def __enter__(self) -> Any:
        return self.run

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=exc[0] is None, cancel_futures=True)

    def run(self, batch: list[tuple[Record, list[str]]] | None) -> list[Done]:
        if self.pool is None and self.workers > 1 and batch:  # not for a run that skips all
            warm_up()  # compiled once here, inherited by the forked workers
            self.pool = ProcessPoolExecutor(self.workers)
        if self.pool is None:
            return _extract_chunk(batch) if batch else []
        done: list[Done] = []
        for i in range(0, len(batch or ()), _CHUNK):
            while len(self.futures) >= self.workers * 3:
                done.extend(self._collect(FIRST_COMPLETED))
            self.futures.add(self.pool.submit(_extract_chunk, batch[i:i + _CHUNK]))
        if batch is None:
            while self.futures:
                done.extend(self._collect(FIRST_COMPLETED))
        return done

    def _collect(self, how: str) -> list[Done]:
        finished, self.futures = wait(self.futures, return_when=how)
        return [d for future in finished for d in future.result()]


def warm_up() -> None:
    """Compile what extraction compiles lazily (grammars, rule patterns, prefilter tables) by
    running it once on typical text: forked ingest workers inherit it instead of each paying
    seconds for it again, and a server's first requests do not stall every other request
    (compiling holds the GIL) while they pay it."""
    from timeline.extract import extract

    for lang, text in _WARM_TEXTS.items():
        with contextlib.suppress(Exception):
            extract(text, lang=lang)


_WARM_TEXTS = {
    "ar": "قال الوزير يوم الأربعاء إن الانتخابات جرت في 5 نوفمبر 2024، بعد عامين من الأزمة التي "
          "بدأت في أواخر عام 2022. وكانت المحادثات قد استؤنفت الشهر الماضي، منذ 3 أيام، وستعقد "
          "جولة جديدة الأسبوع المقبل في تشرين الأول أو مساء أمس أو صباح الخميس ١٥ آذار ٢٠٢٣.",
    "en": "The minister said on Wednesday that the election was held on November 5, 2024, two "
          "years after the crisis began in late 2022. Talks resumed last month, three days ago, "
          "and a new round is due next week, in October, yesterday evening or on 15 March 2023 "
          "at 3 p.m.; the deal was signed in the 1990s and renewed every year since.",
}


# ---------------------------------------------------------------- writing


class _Writer:
    """Collects extracted articles and writes them `size` at a time, one transaction each."""

    def __init__(self, store: Store, size: int, names: dict[str, str], summary: Summary,
                 bar: Any) -> None:
        self.store, self.size, self.names = store, size, names
        self.summary, self.bar = summary, bar
        self.buffer: list[tuple[NewArticle, list[str]]] = []
        self.links: list[tuple[str, list[str]]] = []

    def add(self, done: Done) -> None:
        record, stories, result = done
        if isinstance(result, str):
            self.summary.rejected.append(Rejected(record.where, result))
            self.bar.update(1)
            return
        self.buffer.append((result, stories))
        self.bar.update(1)  # extracted: the bar moves per article, not per transaction
        if len(self.buffer) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            results = self.store.add_articles(self.buffer, self.names)
            for (new, _), (_, created) in zip(self.buffer, results, strict=True):
                if created:
                    self.summary.stored += 1
                    self.summary.mentions += len(new.mentions)
                    self.summary.events += sum(_is_event(m) for m in new.mentions)
                else:  # another writer stored the same text meanwhile
                    self.summary.skipped += 1
            self.buffer = []
        if self.links:
            self.store.link_stored(self.links, self.names)
            self.links = []


def _is_event(mention: dict[str, Any]) -> bool:
    return mention.get("type") in _DATED and bool(mention.get("earliest")
                                                   or mention.get("latest"))


def run_command(paths: Sequence[str], db: str | None, story: str | None, workers: int | None,
                batch_size: int | None, progress: bool | None) -> int:
    """`timeline ingest`: 0 when every record was stored or already there, 1 when some were
    rejected (listed with file:line and why), 130 when interrupted (rerun to finish)."""
    from dataclasses import replace

    from timeline.store import resolve_db_path

    limits = LIMITS if batch_size is None else replace(LIMITS, ingest_batch=batch_size)
    try:
        summary = ingest(paths, resolve_db_path(db), story=story, workers=workers,
                         limits=limits, progress=progress)
    except (OSError, sqlite3.DatabaseError) as exc:  # the database cannot be opened/written
        print(f"timeline ingest: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("timeline ingest: interrupted; what was written is complete, "
              "run the same command again to finish", file=sys.stderr)
        return 130
    for line in summary.lines():
        print(line, file=sys.stderr)
    return 1 if summary.rejected else 0
