"""Ingest throughput: `timeline ingest` end to end on generated news, with peak memory.

Generates --articles (default 10,000) article-sized documents, half Arabic and half English,
with the generator of extraction_speed.py (seeded: every run ingests the same text), writes
them as JSON Lines with the columns of the CSV format (title, text, published_at, lang, url,
story), then runs the real command in a fresh process on an empty database:

    python -m timeline.cli ingest ARCHIVE.jsonl --db FRESH.db --no-progress

and reports articles/s (wall clock, start-up included) and the peak resident memory of the
whole process tree (the ingest process and its workers, summed, sampled every 50 ms).

The reference, measured in the same run on the same text: extraction alone in this one
process (`timeline.extract.extract` per article, no store, no workers) on a sample, i.e. what
a single core does without the ingest machinery. Also timed: the rerun that finds everything
stored (the restart cost) and extraction of English articles without `lang` (detection).

    .venv/bin/python benchmarks/ingest_speed.py
    .venv/bin/python benchmarks/ingest_speed.py --articles 2000 --workers 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction_speed import build_docs  # noqa: E402


def generate(path: Path, n: int, doc_chars: int, seed: int) -> tuple[int, int]:
    """Write n articles; (articles, characters)."""
    rng = random.Random(seed)
    half = n // 2
    docs = {"ar": build_docs("ar", half * doc_chars, doc_chars, seed)[:half],
            "en": build_docs("en", (n - half) * doc_chars, doc_chars, seed + 1)[:n - half]}
    for lang, got in docs.items():  # build_docs stops by size: top up to the exact count
        while len(got) < (half if lang == "ar" else n - half):
            got.append(got[len(got) % max(len(got), 1)] + f"\n{len(got)}")
    chars = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            lang = "ar" if i % 2 == 0 else "en"
            text = docs[lang][i // 2] + f"\n#{i}"  # every text distinct
            chars += len(text)
            day = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
            fh.write(json.dumps({
                "title": text.split("\n", 1)[0][:200], "text": text,
                "published_at": day.isoformat(), "lang": lang,
                "url": f"https://news.example/{i}", "story": f"bench-{i % 10}",
            }, ensure_ascii=False) + "\n")
    return n, chars


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_ingest(archive: Path, db: Path, workers: int | None) -> tuple[float, int, str]:
    cmd = [sys.executable, "-m", "timeline.cli", "ingest", str(archive), "--db", str(db),
           "--no-progress"]
    if workers:
        cmd += ["--workers", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        sys.exit(f"ingest failed ({proc.returncode}):\n{err}")
    return elapsed, peak, err.strip().splitlines()[0]


def extraction_alone(archive: Path, sample: int, drop_lang: bool = False,
                     only: str | None = None) -> tuple[float, int]:
    """(articles/s, articles) of extract() in this process on the first `sample` rows."""
    from timeline.dates import parse_dct
    from timeline.extract import extract

    rows = []
    with archive.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if only is None or row["lang"] == only:
                rows.append(row)
            if len(rows) == sample:
                break
    extract("5 November 2024", lang="ar")  # grammar compilation is not throughput
    extract("5 November 2024", lang="en")
    started = time.perf_counter()
    for row in rows:
        extract(row["text"], lang=None if drop_lang else row["lang"],
                dct=parse_dct(row["published_at"]))
    return len(rows) / (time.perf_counter() - started), len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--doc-chars", type=int, default=3000)
    ap.add_argument("--workers", type=int, help="passed to timeline ingest (default: cores)")
    ap.add_argument("--sample", type=int, default=400, help="articles for the reference")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--keep", help="keep the archive and database in this folder")
    args = ap.parse_args(argv)

    folder = Path(args.keep or tempfile.mkdtemp(prefix="ingest-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    archive, db = folder / "archive.jsonl", folder / "bench.db"
    for stale in folder.glob("bench.db*"):
        stale.unlink()
    n, chars = generate(archive, args.articles, args.doc_chars, args.seed)
    print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f} at start, "
          f"{datetime.now().isoformat(timespec='seconds')}")
    print(f"archive: {n:,} articles, {chars:,} characters ({chars / n:,.0f} per article), "
          f"{archive.stat().st_size / 1e6:.1f} MB JSONL, half Arabic half English")

    elapsed, peak, summary = run_ingest(archive, db, args.workers)
    print(f"\ningest (workers: {args.workers or 'one per core'}): {elapsed:.1f} s, "
          f"{n / elapsed:.1f} articles/s, {chars / elapsed / 1e3:.0f} K chars/s, "
          f"peak RSS of the process tree {peak / 2**20:.0f} MiB")
    print(f"  {summary}")
    print(f"  database: {db.stat().st_size / 1e6:.0f} MB (+ WAL)")
    again, peak2, summary2 = run_ingest(archive, db, args.workers)
    print(f"rerun, everything already stored: {again:.1f} s ({n / again:,.0f} articles/s), "
          f"peak RSS {peak2 / 2**20:.0f} MiB\n  {summary2}")

    ref, k = extraction_alone(archive, args.sample)
    print(f"\nreference, extract() alone in one process, {k} articles: {ref:.1f} articles/s "
          f"-> ingest/reference = {n / elapsed / ref:.2f}x")
    en, k_en = extraction_alone(archive, min(args.sample, 100), only="en")
    en_nolang, _ = extraction_alone(archive, min(args.sample, 100), drop_lang=True, only="en")
    print(f"English articles, extract() alone: {en:.1f}/s with lang, {en_nolang:.1f}/s without "
          f"(language detection through dateparser), {k_en} articles")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}; files in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
