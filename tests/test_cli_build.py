"""`timeline build PATH... [--dct] [--json]` and `timeline eval --timeline GOLD.json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "seeds" / "gold.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_build_seeds_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(_run(capsys, "build", str(SEEDS), "--json"))
    assert set(out) >= {"entries", "undated"} and out["entries"] and out["undated"]
    for entry in out["entries"]:
        assert {"id", "value", "earliest", "latest", "display_date", "headline", "flags",
                "sources"} <= set(entry)
        for source in entry["sources"]:
            assert {"article", "title", "quote", "mention_text", "start", "end"} <= set(source)
            assert source["article"] in ("article-000.txt", "article-002.txt")
            if source["mention_text"] is not None:
                text = (SEEDS / source["article"]).read_text(encoding="utf-8")
                assert text[source["start"]:source["end"]] == source["mention_text"]
    keys = [(e["earliest"], e["latest"]) for e in out["entries"]]
    assert keys == sorted(keys)
    call = [e for e in out["entries"] if e["value"] == "2024-11-06"
            and {s["article"] for s in e["sources"]} == {"article-000.txt", "article-002.txt"}]
    assert len(call) == 1


def test_build_files_prints_a_readable_story(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    one = tmp_path / "one.txt"
    one.write_text("Vote count ends\nThe parliament voted on Tuesday after a long debate.",
                   encoding="utf-8")
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "two.txt").write_text("Protests began in late 2019 in the capital.",
                                    encoding="utf-8")
    out = _run(capsys, "build", str(one), str(folder), "--dct", "2024-11-07")
    assert out.index("late 2019") < out.index("5 November 2024")
    assert "one.txt: «Tuesday»" in out and "two.txt: «late 2019»" in out
    assert "approximate" in out


def test_build_without_articles_fails(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["build", str(tmp_path)])


def test_build_refuses_files_of_article_records(tmp_path: Path) -> None:
    records = tmp_path / "wires.jsonl"
    records.write_text('{"title": "Vote", "text": "The vote was on 5 May 2024."}\n',
                       encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["build", str(records)])
    assert str(info.value.code).startswith(f"timeline build: {records}: article records")


@pytest.mark.skipif(not GOLD.exists(), reason="the shared seed gold is not checked out")
def test_eval_timeline_scores_both_runs(capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(_run(capsys, "eval", "--timeline", str(GOLD), "--json"))
    assert set(out) == {"with DCT", "without DCT"}
    for figures in out.values():
        assert figures["entry_precision"] >= 0.9 and figures["entry_recall"] >= 0.9
        assert figures["dates_right"] == 1.0 and figures["order_accuracy"] == 1.0
        assert figures["boilerplate_sources"] == 0 and not figures["missed"]
    table = _run(capsys, "eval", "--timeline", str(GOLD))
    assert "with DCT" in table and "without DCT" in table and "entry P" in table


def test_eval_timeline_on_a_small_gold(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("Protests began in late 2019. The parliament voted on "
                                    "5 November 2024.", encoding="utf-8")
    gold = {"documents": [{"file": "a.txt", "lang": "en", "dct": "2024-11-07"}],
            "timeline": [
                {"key": "protests", "value": "2019", "mod": "END",
                 "sources": [["a.txt", "late 2019"]]},
                {"key": "vote", "value": "2024-11-05", "sources": [["a.txt", "5 November"]]},
                {"key": "missing", "value": "2020", "sources": [["a.txt", "2020"]]}]}
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    figures = json.loads(_run(capsys, "eval", "--timeline", str(path), "--json"))["with DCT"]
    assert figures["entry_recall"] == pytest.approx(0.667) and figures["entry_precision"] == 1
    assert figures["missed"] == ["missing"] and figures["order_accuracy"] == 1.0


def test_eval_needs_a_gold_file() -> None:
    with pytest.raises(SystemExit):
        main(["eval"])
