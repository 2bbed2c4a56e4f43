"""`timeline ingest`: every input format, restart by content hash, stories, the summary."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

import timeline
from timeline.cli import main
from timeline.ingest import ingest, story_for
from timeline.ingest_sources import Rejected, estimate_count, read_inputs
from timeline.limits import Limits, from_env
from timeline.store import Store

AR = "قال الوزير يوم الأربعاء إن الانتخابات جرت في 5 نوفمبر 2024."
EN = "The election was held on November 5, 2024. Results came two days later."


def _article(i: int, **extra: object) -> dict[str, object]:
    return {"title": f"Article {i}", "text": f"{EN} Item {i}.", "published_at": "2024-11-07",
            "lang": "en", **extra}


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))
                            + "\n" for r in rows), encoding="utf-8")
    return path


def test_every_format_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text(f"عنوان الخبر\n\n{AR}", encoding="utf-8")
    (folder / "sub" / "two.json").write_text(json.dumps(_article(2)), encoding="utf-8")
    (folder / "sub" / "many.json").write_text(json.dumps([_article(3), _article(4)]),
                                              encoding="utf-8")
    (folder / "notes.md").write_text("not input", encoding="utf-8")
    _jsonl(folder / "lines.jsonl", [_article(5), _article(6)])
    with (tmp_path / "rows.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "text", "published_at", "lang", "url", "story", "extra"])
        writer.writerow(["CSV", f"{EN}\nSecond line, with a comma.", "2024-11-07", "en",
                         "https://example.org/a", "csv-story", "ignored"])
    db = str(tmp_path / "t.db")
    summary = ingest([folder, tmp_path / "rows.csv"], db, workers=1)
    assert summary.rejected == [] and summary.stored == 7 and summary.mentions >= 7
    assert summary.events >= 7
    with Store(db) as store:
        titles = {r["title"] for r in store.db.query("SELECT title FROM articles")}
        assert titles == {"عنوان الخبر", "Article 2", "Article 3", "Article 4", "Article 5",
                          "Article 6", "CSV"}
        assert store.get_story("csv-story")["article_ids"]
        row = next(store.db.query("SELECT text, url FROM articles WHERE title = 'CSV'"))
        assert row["text"].endswith("with a comma.") and row["url"] == "https://example.org/a"


def test_rerun_skips_what_is_stored_and_links_the_story(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "a.jsonl", [_article(i) for i in range(5)])
    db = str(tmp_path / "t.db")
    assert ingest([src], db, workers=1).stored == 5
    again = ingest([src], db, workers=1, story="Gaza talks")
    assert (again.stored, again.skipped, again.mentions) == (0, 5, 0)
    with Store(db) as store:
        story = store.get_story("gaza-talks")
        assert story["name"] == "Gaza talks" and len(story["article_ids"]) == 5
        assert store.counts()["articles"] == 5


def test_same_text_twice_in_one_run_is_stored_once(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "a.jsonl", [_article(1), _article(1, title="Again")])
    summary = ingest([src], str(tmp_path / "t.db"), workers=1)
    assert (summary.stored, summary.skipped) == (1, 1)


def test_rejections_name_file_line_and_reason(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "a.jsonl", [
        _article(1), "{not json", "[1, 2]", {"title": "no text"},
        _article(2, published_at="2024-02-30"), _article(3, lang="xx"),
        _article(4, text="x" * 200), "", _article(5, story="Not An Id")])
    summary = ingest([src, tmp_path / "missing.jsonl", tmp_path / "a.xml"],
                     str(tmp_path / "t.db"), workers=1,
                     limits=Limits(max_text_chars=100))
    why = {r.where.replace(str(tmp_path) + "/", ""): r.why for r in summary.rejected}
    assert summary.stored == 1
    assert why["a.jsonl:2"].startswith("invalid JSON")
    assert "JSON object" in why["a.jsonl:3"]
    assert "text" in why["a.jsonl:4"]
    assert "published_at" in why["a.jsonl:5"] and "lang" in why["a.jsonl:6"]
    assert "over the limit of 100 (max_text_chars)" in why["a.jsonl:7"]
    assert "story" in why["a.jsonl:9"]
    assert why["missing.jsonl"] == "no such file or folder"
    assert "a.xml" in why  # given explicitly, so reported (no such file: not a folder member)
    assert len(summary.lines()) == 1 + len(summary.rejected)


def test_files_of_other_types_in_a_folder_are_reported_not_failed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    _jsonl(folder / "a.jsonl", [_article(1)])
    for name in ("notes.md", "sub/more.md", "sub/third.md", "sub/fourth.md", "feed.xml",
                 "README"):
        (folder / name).write_text("not input", encoding="utf-8")
    summary = ingest([folder], str(tmp_path / "t.db"), workers=1)
    assert (summary.stored, summary.rejected, summary.read) == (1, [], 1)
    assert len(summary.ignored) == 6
    head, *rest = summary.lines()
    assert head.endswith("; 6 files of other types ignored")
    md, xml, none = rest  # one line per type, a few examples each
    assert md.startswith("ingest: ignored 4 '.md' files (not an input type: .txt, .json")
    assert f"{folder}/notes.md" in md and md.endswith(", …")
    assert xml.startswith("ingest: ignored 1 '.xml' file ") and xml.endswith(f"{folder}/feed.xml")
    assert "suffix-less" in none
    code = main(["ingest", str(folder), "--db", str(tmp_path / "t.db"), "--workers", "1"])
    assert code == 0  # nothing rejected: the run succeeds, and says what it left
    assert "ignored 1 '.xml' file" in capsys.readouterr().err


def test_cli_runs_with_workers_and_reports(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path / "a.jsonl", [_article(i) for i in range(40)] + ["oops"])
    db = tmp_path / "t.db"
    code = main(["ingest", str(src), "--db", str(db), "--story", "cli", "--workers", "2",
                 "--batch-size", "7", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1  # one line was rejected
    assert "40 articles stored" in err and f"{src}:41: rejected: invalid JSON" in err
    assert main(["ingest", str(src), "--db", str(db), "--no-progress"]) == 1
    assert "0 articles stored, 40 already stored" in capsys.readouterr().err
    with Store(db) as store:
        assert len(store.get_story("cli")["article_ids"]) == 40


def test_csv_with_bad_rows_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"title,text,lang\nA,Talks on Monday 4 March 2024.,en\n"
                     b"B,\xff\xfe broken,en\nC,\"unterminated,en\nD,Also 5 March 2024.,en\n")
    items = list(read_inputs([path]))
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert rejected[0].where == f"{path}:3" and "UTF-8" in rejected[0].why
    assert [i.fields["title"] for i in items if not isinstance(i, Rejected)] == ["A"]
    assert len(rejected) == 2  # the unterminated quote swallows the rest: one CSV error


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("title,body\nA,B\n", encoding="utf-8")
    (item,) = read_inputs([path])
    assert isinstance(item, Rejected) and "'text' column" in item.why


def test_estimate_and_story_ids(tmp_path: Path) -> None:
    _jsonl(tmp_path / "a.jsonl", [_article(1), _article(2)])
    (tmp_path / "b.txt").write_text(EN, encoding="utf-8")
    assert estimate_count([tmp_path]) == 3
    assert story_for("gaza") == ("gaza", "gaza")
    assert story_for("Gaza Talks 2024") == ("gaza-talks-2024", "Gaza Talks 2024")
    sid, name = story_for("محادثات غزة")
    assert sid.startswith("story-") and name == "محادثات غزة"


def test_limits_come_from_the_environment() -> None:
    assert from_env({}) == Limits()
    assert from_env({"TIMELINE_INGEST_BATCH": "50", "TIMELINE_MAX_PAGE": "1_000"}) == Limits(
        ingest_batch=50, max_page=1000)
    with pytest.raises(ValueError, match="TIMELINE_MAX_BATCH"):
        from_env({"TIMELINE_MAX_BATCH": "-3"})


def test_plain_ingest_needs_no_distributed_extra(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # `pip install .` has no fsspec/pyarrow: only backfill results may need them
    for module in ("fsspec", "pyarrow", "timeline.backfill_io"):
        monkeypatch.setitem(sys.modules, module, None)  # importing it raises ImportError
    monkeypatch.delattr(timeline, "backfill_io", raising=False)
    src = _jsonl(tmp_path / "a.jsonl", [_article(1), _article(2)])
    summary = ingest([src], str(tmp_path / "t.db"), workers=1, progress=True,
                     log=io.StringIO())
    assert (summary.stored, summary.rejected) == (2, [])
