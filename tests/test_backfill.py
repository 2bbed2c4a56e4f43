"""`timeline backfill` on a 2-worker LocalCluster: same results as single-process ingest,
reruns skip finished partitions, bad lines are reported and not fatal."""

from __future__ import annotations

import gzip
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from timeline import backfill_io  # noqa: E402  (after the skips: the extra may be absent)
from timeline.backfill import backfill, process_partition  # noqa: E402
from timeline.cli import main  # noqa: E402
from timeline.events import article_events  # noqa: E402
from timeline.ingest import ingest  # noqa: E402
from timeline.store import Store, text_hash  # noqa: E402
from timeline.timeline_build import articles_from_rows, build_timeline  # noqa: E402

EN = ["The election was held on November {d}, 2024. Results came two days later.",
      "Talks resumed last month, and a new round is due next week, the minister said on "
      "Wednesday. The ceasefire began on {d} March 2023."]
AR = ["قال الوزير يوم الأربعاء إن الانتخابات جرت في {d} نوفمبر 2024.",
      "استؤنفت المحادثات الشهر الماضي، وستعقد جولة جديدة الأسبوع المقبل بعد اتفاق {d} آذار 2023."]


def _rows(part: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(5):
        pool = EN if (part + i) % 2 else AR
        text = pool[i % 2].format(d=1 + (part * 5 + i) % 27) + f" ({part}-{i})"
        rows.append({"title": f"P{part} A{i}", "text": text, "published_at": "2024-11-07",
                     "story": "talks" if i % 2 else "vote", "source": "wire"})
    return rows


def _lines(rows: list[Any]) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                   for r in rows)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the archive: JSONL, gzipped JSONL, Parquet; the same records as plain JSONL files in
    the same order, for single-process ingest, which reads no Parquet)."""
    root = tmp_path_factory.mktemp("backfill")
    arch, twin = root / "archive", root / "twin"
    (arch / "2024").mkdir(parents=True)
    twin.mkdir()
    parts = [_rows(p) for p in range(4)]
    parts[1].insert(2, "{not json")  # a bad line: reported with its place, not fatal
    parts[2].append(parts[0][0] | {"story": "talks"})  # the same text again: stored once
    (arch / "2024" / "a0.jsonl").write_text(_lines(parts[0]), encoding="utf-8")
    (arch / "2024" / "a1.jsonl").write_text(_lines(parts[1]), encoding="utf-8")
    with gzip.open(arch / "2024" / "a2.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(_lines(parts[2]))
    pq.write_table(pa.Table.from_pylist(parts[3]), arch / "2024" / "a3.parquet")
    for i, rows in enumerate(parts):
        (twin / f"a{i}.jsonl").write_text(_lines(rows), encoding="utf-8")
    return arch, twin


def _run(arch: Path, out: Path) -> Any:
    # 2 in-process workers on 127.0.0.1, no dashboard: seconds, no network, no port clash
    return backfill(str(arch), str(out), scheduler="local", workers=2, processes=False,
                    dashboard=None, progress=False)


def _snapshot(db: str) -> dict[str, Any]:
    """The store's content keyed by text, not by row id, plus each story's timeline."""
    with Store(db) as store:
        titles = {r["id"]: r["title"] for r in store.db.query("SELECT id, title FROM articles")}
        articles = {}
        for row in store.db.query("SELECT * FROM articles"):
            mentions = store.article_mentions(row["id"])
            articles[row["text_hash"]] = (
                {k: v for k, v in row.items() if k not in ("id", "created_at")},
                [{k: v for k, v in m.items() if k not in ("id", "article_id")}
                 for m in mentions],
                sorted(store.get_article(row["id"])["stories"]))
        timelines = {}
        for story in ("talks", "vote"):
            built = asdict(build_timeline(articles_from_rows(*store.timeline_rows(story))))
            timelines[story] = json.loads(json.dumps(built, default=str),
                                          object_hook=lambda d: _by_title(d, titles))
    return {"articles": articles, "timelines": timelines}


def _by_title(d: dict[str, Any], titles: dict[int, str]) -> dict[str, Any]:
    if "article_id" in d:  # ids depend on insertion order; titles do not
        d["article_id"] = titles[d["article_id"]]
    return d


def test_results_equal_single_process_ingest(archive: tuple[Path, Path], tmp_path: Path
                                             ) -> None:
    arch, twin = archive
    out = tmp_path / "out"
    summary = _run(arch, out)
    assert (summary.partitions, summary.processed, summary.failed) == (4, 4, [])
    assert summary.articles == 21 and summary.events > 0
    assert [where.rsplit("/", 1)[-1] for where, _ in summary.rejected] == ["a1.jsonl:3"]
    assert "invalid JSON" in summary.rejected[0][1]

    via_dask, single = str(tmp_path / "dask.db"), str(tmp_path / "single.db")
    loaded = ingest([out], via_dask, workers=1)
    direct = ingest([twin], single, workers=1)
    assert (loaded.stored, loaded.skipped, loaded.rejected) == (20, 1, [])
    assert (direct.stored, direct.mentions, direct.events) == \
        (loaded.stored, loaded.mentions, loaded.events)
    dask_view, single_view = _snapshot(via_dask), _snapshot(single)
    assert dask_view == single_view
    assert dask_view["timelines"]["talks"]["entries"]

    # the events table holds what the timeline builder finds per article, from the same input
    events = [e for name in backfill_io.finished(str(out))
              for e in backfill_io.read_table(str(out), "events", name)]
    with Store(single) as store:
        expected = sum(len(article_events(0, row["text"], row["lang"],
                                          store.article_mentions(row["id"])).events)
                       for row in store.db.query("SELECT id, text, lang FROM articles"))
    unique = {(e["text_hash"], e["start"], e["end"]) for e in events}
    assert len(unique) == expected


def test_rerun_skips_finished_partitions(archive: tuple[Path, Path], tmp_path: Path) -> None:
    arch, _ = archive
    out = tmp_path / "out"
    _run(arch, out)
    done = sorted((out / "_done").glob("*.json"))
    stamps = {p: p.stat().st_mtime_ns for p in done}
    again = _run(arch, out)
    assert (again.processed, again.skipped, again.articles) == (0, 4, 0)
    assert {p: p.stat().st_mtime_ns for p in done} == stamps
    # a partition killed before its manifest was written is done again, and only it
    done[0].unlink()
    (out / "articles" / done[0].name.replace(".json", ".parquet")).write_bytes(b"half")
    third = _run(arch, out)
    assert (third.processed, third.skipped) == (1, 3)
    assert len(backfill_io.read_table(str(out), "articles", done[0].stem)) > 0


def test_a_task_on_a_finished_partition_does_nothing(archive: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    arch, _ = archive
    part = backfill_io.list_partitions(str(arch))[0]
    first = process_partition(part.url, part.name, str(tmp_path))
    assert first["articles"] == 5 and "skipped" not in first
    assert process_partition(part.url, part.name, str(tmp_path))["skipped"] is True


def test_partitions_are_named_stably(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "a_b.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    names = [p.name for p in backfill_io.list_partitions(str(tmp_path))]
    assert len(names) == len(set(names)) == 2
    assert names == [p.name for p in backfill_io.list_partitions(str(tmp_path))]
    assert len(backfill_io.list_partitions(str(tmp_path / "*.jsonl"))) == 1


def test_files_of_other_types_are_reported(archive: tuple[Path, Path], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    arch, _ = archive
    (arch / "notes.csv").write_text("title,text\n", encoding="utf-8")
    (arch / "one.json").write_text("{}", encoding="utf-8")
    parts, ignored = backfill_io.scan_archive(str(arch))
    assert ignored == [str(arch / "notes.csv"), str(arch / "one.json")]
    assert parts == backfill_io.list_partitions(str(arch))
    out = tmp_path / "out"
    for part in parts:
        process_partition(part.url, part.name, str(out))
    code = main(["backfill", "--scheduler", "tcp://127.0.0.1:9", "--input", str(arch),
                 "--output", str(out), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 0  # reported, not failed
    assert "already finished" in err and "; 2 files of other types ignored" in err
    assert "backfill: ignored 1 '.csv' file (not an input type: .jsonl" in err
    assert err.rstrip().endswith(str(arch / "one.json"))


def test_cli_on_finished_output_needs_no_cluster(archive: tuple[Path, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    arch, _ = archive
    out = tmp_path / "out"
    for part in backfill_io.list_partitions(str(arch)):
        process_partition(part.url, part.name, str(out))
    code = main(["backfill", "--scheduler", "tcp://127.0.0.1:9", "--input", str(arch),
                 "--output", str(out), "--no-progress"])
    assert code == 0
    assert "0 processed, 4 already finished" in capsys.readouterr().err
    db = str(tmp_path / "t.db")
    assert main(["ingest", str(out), "--db", db, "--workers", "1"]) == 0
    with Store(db) as store:
        assert store.known_hashes([text_hash(_rows(0)[0]["text"])])


def test_bad_parquet_row_is_reported_with_its_row(tmp_path: Path) -> None:
    rows = [_rows(0)[0], {"title": "no text", "text": None, "published_at": "2024-11-07",
                          "story": None, "source": None}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "p.parquet")
    part = backfill_io.list_partitions(str(tmp_path / "p.parquet"))[0]
    manifest = process_partition(part.url, part.name, str(tmp_path / "out"))
    assert manifest["articles"] == 1
    [[where, why]] = manifest["rejected"]
    assert where.endswith("p.parquet:row 2") and "text" in why
