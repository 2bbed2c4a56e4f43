"""Timeline query latency: p50/p99 on a story of 100,000 events, filtered and paged.

Builds a database with one story whose articles hold --events (default 100,000) dated
references: generated news sentences, each dating something with a day, a month or a year,
stored through the store as ingest stores them (spans slice the text). Then times requests
through the whole API stack in this process (Flask test client: routing, query validation,
the timeline cache, rendering, ETag) with a newsroom-like mix: first pages, pages followed
by cursor deep into the story, date ranges, confidence, language, a text search, CSV and
TimelineJS output. Each kind of filter is drawn from a small fixed set, as a newsroom's
dashboards and saved searches are; a combination's first request pays for filtering the
100,000 entries and is counted like any other.

Reported: the cold first request (the timeline is built), then p50/p99/max of --requests
(default 400) warm requests, with their CPU time (this thread's: on a shared machine, wall
time well above it was spent waiting for a core). The reference, measured in the same
run: the same mix on a story of 1,000 events (--small) and GET /healthz (the framework's
floor).

    .venv/bin/python benchmarks/timeline_latency.py
    .venv/bin/python benchmarks/timeline_latency.py --events 20000 --requests 200
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from calendar import monthrange
from datetime import date
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.store import NewArticle, Store  # noqa: E402

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر"]
EN_WHO = ["The minister", "The court", "Negotiators", "The central bank", "Protesters",
          "The UN envoy", "Rescue teams", "The parliament", "Officials", "The company"]
EN_WHAT = ["announced the ceasefire", "met in Geneva", "raised interest rates",
           "opened an inquiry", "signed the agreement", "postponed the vote",
           "reported new casualties", "released the prisoners", "closed the border",
           "resumed the talks"]
AR_WHO = ["الوزير", "المحكمة", "المفاوضون", "البنك المركزي", "المحتجون", "المبعوث الأممي",
          "فرق الإنقاذ", "البرلمان", "المسؤولون", "الشركة"]
AR_WHAT = ["أعلن وقف إطلاق النار", "اجتمعوا في جنيف", "رفع أسعار الفائدة", "فتح تحقيقا",
           "وقع الاتفاق", "أجل التصويت", "أعلن عن ضحايا جدد", "أفرج عن السجناء",
           "أغلق الحدود", "استأنف المحادثات"]


def sentence(rng: random.Random, lang: str) -> tuple[str, str, dict]:
    """A sentence and its one time reference: (sentence, reference text, mention fields)."""
    year = rng.randint(1990, 2025)
    month = rng.randint(1, 12)
    day = rng.randint(1, monthrange(year, month)[1])
    kind = rng.random()
    months = AR_MONTHS if lang == "ar" else EN_MONTHS
    if kind < 0.6:
        ref = f"{day} {months[month - 1]} {year}"
        value = earliest = latest = date(year, month, day).isoformat()
    elif kind < 0.9:
        ref = f"{months[month - 1]} {year}"
        value = f"{year}-{month:02d}"
        earliest = f"{value}-01"
        latest = f"{value}-{monthrange(year, month)[1]:02d}"
    else:
        ref = str(year)
        value, earliest, latest = str(year), f"{year}-01-01", f"{year}-12-31"
    if lang == "ar":
        text = f"{rng.choice(AR_WHO)} {rng.choice(AR_WHAT)} في {ref}. "
    else:
        text = f"{rng.choice(EN_WHO)} {rng.choice(EN_WHAT)} on {ref}. "
    return text, ref, {"type": "DATE", "value": value, "earliest": earliest,
                       "latest": latest, "anchor": "absolute",
                       "confidence": rng.choice([0.6, 0.8, 0.9, 0.95]), "rule": "bench"}


def build_story(store: Store, story: str, events: int, per_article: int, seed: int) -> int:
    rng = random.Random(seed)
    batch: list[tuple[NewArticle, list[str]]] = []
    made = 0
    while made < events:
        lang = "ar" if rng.random() < 0.5 else "en"
        parts, mentions, offset = [], [], 0
        for _ in range(min(per_article, events - made)):
            text, ref, fields = sentence(rng, lang)
            start = offset + text.index(ref)
            mentions.append({"start": start, "end": start + len(ref), "text": ref, **fields})
            parts.append(text)
            offset += len(text)
            made += 1
        body = "".join(parts) + f"#{story}-{made}"
        batch.append((NewArticle(title=parts[0][:80], text=body, lang=lang,
                                 published_at="2025-06-01", dct_used="2025-06-01",
                                 mentions=mentions), [story]))
        if len(batch) == 200:
            store.add_articles(batch)
            batch = []
    if batch:
        store.add_articles(batch)
    return made


def request_mix(rng: random.Random, story: str) -> str:
    base = f"/api/v1/stories/{story}/timeline"
    kind = rng.random()
    year = rng.choice([1995, 2003, 2011, 2020, 2024])
    if kind < 0.3:
        return f"{base}?limit=50"
    if kind < 0.5:
        return f"{base}?from={year}&to={year + 1}&limit=50"
    if kind < 0.6:
        return f"{base}?min_confidence=0.9&limit=100"
    if kind < 0.7:
        return f"{base}?lang={rng.choice(['ar', 'en'])}&limit=50"
    if kind < 0.8:
        return f"{base}?q={rng.choice(['ceasefire', 'الاتفاق'])}&limit=50"
    if kind < 0.9:
        return f"{base}?format={rng.choice(['csv', 'timelinejs'])}&from={year}&limit=50"
    return f"{base}?from={year}&limit=200"


def timed(client, url: str) -> tuple[float, float, object]:  # noqa: ANN001
    """(wall time, this thread's CPU time, response): on a shared machine a wall time far
    above its CPU time was spent waiting for a core, not in our code."""
    started, cpu = time.perf_counter(), time.thread_time()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    cpu = time.thread_time() - cpu
    if response.status_code != 200:
        sys.exit(f"{url}: {response.status_code} {response.get_data(as_text=True)[:300]}")
    return elapsed, cpu, response


def view_key(url: str) -> str:
    """What the server caches a filtered view under: the filters (not page, size, format)."""
    query = unquote(url.split("?", 1)[-1]).split("&")
    return "&".join(sorted(q for q in query if not q.startswith(("cursor=", "limit=",
                                                                   "format="))))


def run_mix(client, story: str, n: int, seed: int  # noqa: ANN001
            ) -> tuple[float, list[float], list[float], list[tuple[float, str]], list[float]]:
    """Page 1 cold, then the mix, following cursors: (cold, all latencies, latencies of
    views seen before, [(latency, filters)] of each view's first request, CPU times)."""
    cold, _, _ = timed(client, f"/api/v1/stories/{story}/timeline?limit=50")
    rng = random.Random(seed)
    times: list[float] = []
    cpus: list[float] = []
    repeat: list[float] = []
    first: list[tuple[float, str]] = []
    seen = {""}
    while len(times) < n:
        url = request_mix(rng, story)
        for _ in range(rng.choice([1, 1, 2, 5])):  # some readers page on
            elapsed, cpu, response = timed(client, url)
            times.append(elapsed)
            cpus.append(cpu)
            key = view_key(url)
            if key in seen:
                repeat.append(elapsed)
            else:
                seen.add(key)
                first.append((elapsed, key))
            link = response.headers.get("Link")
            if not link or len(times) >= n:
                break
            url = link[link.index("<") + 1:link.index(">")].split("://", 1)[-1]
            url = url[url.index("/"):]
    return cold, times, repeat, first, cpus


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(label: str, cold: float | None, times: list[float],
           cpus: list[float] | None = None) -> None:
    ms = [t * 1000 for t in times] or [0.0]
    head = f"{label}: " + (f"cold first request {cold * 1000:,.0f} ms; " if cold else "")
    cpu = [t * 1000 for t in cpus or []]
    tail = (f" (CPU time p50 {pct(cpu, 0.5):.1f} ms, p99 {pct(cpu, 0.99):.1f} ms, max "
            f"{max(cpu):.1f} ms)") if cpu else ""
    print(f"{head}{len(ms)} requests p50 {pct(ms, 0.5):.1f} ms, p99 {pct(ms, 0.99):.1f} ms, "
          f"max {max(ms):.1f} ms, mean {statistics.fmean(ms):.1f} ms{tail}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=1_000, help="events in the reference story")
    ap.add_argument("--per-article", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--keep", help="keep the database in this folder (reused if present)")
    args = ap.parse_args(argv)

    from api import create_app

    folder = Path(args.keep or tempfile.mkdtemp(prefix="latency-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"latency-{args.events}.db"
    print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f} at start")
    with Store(db) as store:
        if store.get_story("big") is None:
            started = time.perf_counter()
            big = build_story(store, "big", args.events, args.per_article, args.seed)
            small = build_story(store, "small", args.small, args.per_article, args.seed + 1)
            print(f"stored {big:,} + {small:,} events in {time.perf_counter() - started:.1f} s")
        counts = store.counts()
    print(f"database {db}: {counts['articles']:,} articles, {counts['mentions']:,} mentions")

    client = create_app({"DB_PATH": str(db)}).test_client()
    floor = [timed(client, "/api/v1/healthz")[0] for _ in range(200)]
    results = {}
    for story, n_events in (("small", args.small), ("big", args.events)):
        results[story] = run_mix(client, story, args.requests, args.seed)
        total = client.get(f"/api/v1/stories/{story}/timeline?limit=1").get_json()["total"]
        cold, times, repeat, first, cpus = results[story]
        print(f"\nstory '{story}': {n_events:,} events, {total:,} timeline entries")
        report(f"  all {len(times)} requests", cold, times, cpus)
        report("  requests for a view asked before (cache hit)", None, repeat)
        print(f"  first request of each of the {len(first)} other views (filtered once, "
              f"then cached): " + ", ".join(f"{k} {t * 1000:,.0f} ms" for t, k in first))
    report("\nreference: GET /api/v1/healthz", None, floor)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
