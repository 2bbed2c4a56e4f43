"""Faults: concurrent writers through the API, and a bulk ingest killed with SIGKILL.

Both run real processes against one SQLite file, bounded in time: the writers post a few
dozen short articles each; the ingest is killed as soon as its first batches are committed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from timeline.extract import extract
from timeline.store import NewArticle, Store

ROOT = Path(__file__).resolve().parent.parent
WRITERS = 4
OWN, SHARED = 18, 6  # texts only one writer sends; texts every writer sends (a dedup race)


def _texts(writer: int) -> list[str]:
    own = [f"Writer {writer} item {i}: the talks resumed on {1 + i % 28} March 2024."
           for i in range(OWN)]
    shared = [f"Shared item {i}: وقال الوزير يوم الأربعاء إن الانتخابات جرت في {i + 1} نوفمبر."
              for i in range(SHARED)]
    return own + shared if writer % 2 else shared + own  # half meet the shared ones first


def _post_all(db_path: str, writer: int, start: Any, out: Any) -> None:
    """One writer process: its own app (own connections) over the shared file, posting its
    texts as single articles and as batches of two and three."""
    import traceback

    from api import create_app

    texts, statuses, i, size = _texts(writer), [], 0, 1
    try:
        start.wait(30)
        client = create_app({"DB_PATH": db_path}).test_client()
        while i < len(texts):
            body = [{"title": t[:20], "text": t, "published_at": "2024-11-07",
                     "lang": "ar" if t.startswith("Shared") else "en", "story": "faults"}
                    for t in texts[i:i + size]]
            response = client.post("/api/v1/articles", json=body if size > 1 else body[0])
            statuses.append(response.status_code)
            i, size = i + size, size % 3 + 1
    except Exception:  # reported by the parent, which would otherwise wait for nothing
        statuses.append(traceback.format_exc())
    out.put((writer, statuses, texts))


def test_concurrent_writers_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    db_path = str(tmp_path / "w.db")
    for lang in ("ar", "en"):  # compiled once here, inherited by the forked writers
        extract("5 November 2024", lang=lang, dct=_DCT)
    ctx = multiprocessing.get_context("fork")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_post_all, args=(db_path, w, start, out))
             for w in range(WRITERS)]
    for p in procs:
        p.start()
    start.set()  # every process opens (and migrates) the fresh file at the same time
    results = [out.get(timeout=90) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    sent = {t for _, _, texts in results for t in texts}
    statuses = [s for _, st, _ in results for s in st]
    assert set(statuses) <= {200, 201}, statuses
    with Store(db_path) as store:
        stored = [r["text"] for r in store.db.query("SELECT text FROM articles")]
        assert sorted(stored) == sorted(sent)  # exactly the articles sent, each once
        assert store.integrity_check() == "ok"
        assert len(store.get_story("faults")["article_ids"]) == len(sent)
        for row in store.db.query("SELECT a.text, a.lang, count(m.id) AS n FROM articles a "
                                  "LEFT JOIN mentions m ON m.article_id = a.id GROUP BY a.id"):
            assert row["n"] == len(extract(row["text"], lang=row["lang"], dct=_DCT).mentions)


_DCT = __import__("datetime").datetime(2024, 11, 7)
ARTICLES, BATCH = 1000, 25


def _archive(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(ARTICLES):
            text = (f"Report {i}. The ministry said on Monday that talks held in March "
                    f"{2000 + i % 25} resumed {1 + i % 9} days ago, after the election."
                    if i % 2 else
                    f"تقرير {i}. وقال الوزير يوم الأربعاء إن الانتخابات جرت في {1 + i % 28} "
                    f"نوفمبر {2000 + i % 25}، بعد عامين من الأزمة.")
            # with `lang`, as archives have it: detecting a Latin-script language costs
            # more than extracting from these short texts, and this test is about writes
            fh.write(json.dumps({"title": f"Report {i}", "text": text, "lang": ("ar", "en")[i % 2],
                                 "published_at": "2024-11-07"}, ensure_ascii=False) + "\n")
    return path


def _ingest_cmd(src: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "timeline.cli", "ingest", str(src), "--db", str(db),
            "--workers", "2", "--batch-size", str(BATCH), "--no-progress"]


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def test_sigkill_mid_ingest_then_rerun(tmp_path: Path) -> None:
    src, db = _archive(tmp_path / "archive.jsonl"), tmp_path / "k.db"
    proc = subprocess.Popen(_ingest_cmd(src, db), cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _stored(db) < 2 * BATCH and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its worker processes, mid-run
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"

    with Store(db) as store:
        assert store.integrity_check() == "ok"
        store.db.execute("INSERT INTO article_search_fts(article_search_fts) "
                         "VALUES('integrity-check')")  # raises if the FTS index is damaged
        counts = store.counts()
        killed_at = counts["articles"]
        assert 0 < killed_at < ARTICLES
        assert killed_at % BATCH == 0  # whole batches only: no half-written transaction
        searchable = store.db.execute("SELECT count(*) FROM article_search").fetchone()[0]
        assert searchable == killed_at
        rows = list(store.db.query("SELECT a.text, a.lang, count(m.id) AS n FROM articles a "
                                   "LEFT JOIN mentions m ON m.article_id = a.id GROUP BY a.id "
                                   "ORDER BY random() LIMIT 20"))
        for row in rows:  # every stored article has all of its mentions
            assert row["n"] == len(extract(row["text"], lang=row["lang"], dct=_DCT).mentions)

    rerun = subprocess.run(_ingest_cmd(src, db), cwd=ROOT, capture_output=True, text=True,
                           timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert (f"{ARTICLES - killed_at:,} articles stored, {killed_at:,} already stored"
            in rerun.stderr), rerun.stderr
    with Store(db) as store:
        assert store.counts()["articles"] == ARTICLES
        assert store.integrity_check() == "ok"


def test_a_cached_timeline_never_outlives_a_change(tmp_path: Path) -> None:
    from api import create_app

    client = create_app({"DB_PATH": str(tmp_path / "c.db")}).test_client()

    def values() -> list[str]:
        body = client.get("/api/v1/stories/cache/timeline").get_json()
        return sorted(e["value"] for e in body["entries"])

    def post(text: str) -> int:
        response = client.post("/api/v1/articles", json={
            "title": "t", "text": text, "lang": "en", "published_at": "2024-11-07",
            "story": "cache"})
        return response.get_json()["id"]

    first = post("The summit opened on 3 March 2021 in Geneva.")
    assert values() == ["2021-03-03"] == values()  # the second answer comes from the cache
    second = post("Negotiators met again on 9 June 2022 in Vienna.")
    assert values() == ["2021-03-03", "2022-06-09"]
    client.patch("/api/v1/stories/cache", json={"remove": [first]})
    assert values() == ["2022-06-09"]
    assert client.delete(f"/api/v1/articles/{second}").status_code == 204
    assert values() == []


def test_writes_elsewhere_keep_a_story_cached(tmp_path: Path) -> None:
    with Store(tmp_path / "v.db") as store:
        store.create_story("a", "A")
        before = store.data_version("a"), store.data_version()
        new = NewArticle(title="t", text="On 3 March 2021.", lang="en")
        store.add_article(new)  # in no story
        assert store.data_version("a") == before[0] and store.data_version() > before[1]
        store.add_article(NewArticle(title="t", text="On 4 March 2021.", lang="en"), "a")
        joined = store.data_version("a")
        assert joined > before[0]
        article_id = store.article_id_for_text("On 4 March 2021.")
        store.delete_article(article_id)  # leaves the story through the cascade
        assert store.data_version("a") > joined
