"""timeline/cli.py: `timeline extract` and `timeline eval`, run in-process (one subprocess run
proves the console entry point works)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.cli import main

AR_TEXT = (
    "قال الوزير يومَ الأربعاء إن الانتخابات جرت في ٥ نوفمبر ٢٠٢٤،\r\n"
    "وإن النتائج ستُعلن خلال أسبوعٍ واحدٍ.\n"
    "وكانت الحملة قد بدأت في أواخر عام ٢٠٢٣، أي منذ عـــام تقريباً.\n"
)
EN_TEXT = "The election was held on November 5, 2024. Results came two days later."


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _exit(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must stop with a clean error; its message."""
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    capsys.readouterr()
    message = info.value.code
    assert isinstance(message, str) and message.startswith("timeline "), message
    assert "Traceback" not in message
    return message


# ---------------------------------------------------------------- extract FILE


def test_extract_file_spans_slice_the_file_text(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(AR_TEXT.encode("utf-8"))  # CRLF kept as it is on disk
    code, out, _ = _run(capsys, "extract", str(path), "--dct", "2024-11-07", "--lang", "ar")
    assert code == 0
    result = json.loads(out)
    assert result["lang"] == "ar"
    assert result["dct_used"].startswith("2024-11-07")
    assert result["dct_inferred"] is False
    mentions = result["mentions"]
    assert mentions, "the article has several time references"
    for m in mentions:
        assert AR_TEXT[m["start"]:m["end"]] == m["text"]
        assert {"start", "end", "text", "type", "value"} <= m.keys()
    by_text = {m["text"]: m for m in mentions}
    assert by_text["٥ نوفمبر ٢٠٢٤"]["value"] == "2024-11-05"


def test_extract_file_without_dct_infers_one(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "article.txt"
    path.write_text(AR_TEXT, encoding="utf-8")
    code, out, _ = _run(capsys, "extract", str(path))
    assert code == 0
    result = json.loads(out)
    assert result["lang"] == "ar"  # detected
    assert result["dct_inferred"] is True
    assert result["dct_used"][:10] >= "2024-11-05"  # no earlier than its latest explicit date


def test_extract_file_errors_are_clean(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert "No such file" in _exit(capsys, "extract", str(tmp_path / "missing.txt"))
    path = tmp_path / "a.txt"
    path.write_text("في عام 2022", encoding="utf-8")
    assert "not an ISO date" in _exit(capsys, "extract", str(path), "--dct", "yesterday")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 2022".encode("latin-1"))
    assert "utf-8" in _exit(capsys, "extract", str(tmp_path / "latin1.txt")).lower()
    assert "--output" in _exit(capsys, "extract", "--input", str(path))
    assert "not both" in _exit(capsys, "extract", str(path), "--input", str(path),
                               "--output", str(tmp_path / "o.jsonl"))
    assert "give FILE" in _exit(capsys, "extract")
    # an unknown language is refused (as the API does), not read as some other one
    assert "lang 'xx' is not an ISO 639-1 code" in _exit(capsys, "extract", str(path),
                                                         "--lang", "xx")


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys)
    assert code == 2
    assert "extract" in out and "eval" in out


# ---------------------------------------------------------------- extract --input


def _batch(tmp_path: Path, lines: list[str]) -> tuple[Path, Path]:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src, dst


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


GOOD = [
    json.dumps({"id": "ar-1", "lang": "ar", "text": AR_TEXT, "dct": "2024-11-07"},
               ensure_ascii=False),
    json.dumps({"id": "en-1", "lang": "en", "text": EN_TEXT, "dct": "2024-11-07T10:00:00Z"}),
    json.dumps({"id": 3, "text": "انتهت الحرب العالمية الثانية عام ١٩٤٥"}, ensure_ascii=False),
]


def test_batch_all_good(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, dst = _batch(tmp_path, [GOOD[0], "", GOOD[1], "   ", GOOD[2]])
    code, out, err = _run(capsys, "extract", "--input", str(src), "--output", str(dst))
    assert code == 0
    assert err == ""
    rows = _rows(dst)
    assert [r["id"] for r in rows] == ["ar-1", "en-1", 3]
    texts = {"ar-1": AR_TEXT, "en-1": EN_TEXT}
    for row in rows:
        assert {"id", "dct_used", "dct_inferred", "mentions"} <= row.keys()
        for m in row["mentions"]:
            if row["id"] in texts:
                assert texts[row["id"]][m["start"]:m["end"]] == m["text"]
    assert rows[0]["dct_used"].startswith("2024-11-07") and rows[0]["dct_inferred"] is False
    assert rows[1]["dct_used"].startswith("2024-11-07T10:00")
    assert rows[2]["lang"] == "ar"  # detected


def test_batch_bad_lines_reported_with_line_numbers(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        GOOD[0],                                              # 1
        "{not json",                                          # 2
        json.dumps({"id": "no-text", "lang": "ar"}),          # 3
        json.dumps({"id": "bad-dct", "text": "x", "dct": "31/12/2024"}),  # 4
        json.dumps(["a", "list"]),                            # 5
        "",                                                   # 6: blank, skipped silently
        GOOD[1],                                              # 7
        json.dumps({"id": "num-text", "text": 42}),           # 8
        json.dumps({"id": "num-dct", "text": "x", "dct": 20241107}),  # 9
        json.dumps({"id": "bad-lang", "text": "x", "lang": 5}),       # 10
        json.dumps({"id": "no-lang", "text": "x", "lang": "xx"}),     # 11
        json.dumps({"id": "en-gb", "text": "on 11/07/2024", "lang": "en-GB"}),  # 12: fine
    ]
    src, dst = _batch(tmp_path, lines)
    code, _, err = _run(capsys, "extract", "--input", str(src), "--output", str(dst))
    assert code == 1
    for lineno in (2, 3, 4, 5, 8, 9, 10, 11):
        assert f"{src}:{lineno}:" in err
    for lineno in (1, 6, 7, 12):
        assert f"{src}:{lineno}:" not in err
    assert "invalid JSON" in err and "text" in err and "31/12/2024" in err
    assert "'xx' is not an ISO 639-1 code" in err
    assert "8 line(s) failed" in err
    rows = _rows(dst)
    assert [r["id"] for r in rows] == ["ar-1", "en-1", "en-gb"]
    for row in rows:
        assert {"id", "dct_used", "dct_inferred", "mentions"} <= row.keys()


def test_batch_lines_may_hold_raw_line_separators_and_a_bom(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "عنوان\u2028في عام ٢٠٢٢\u0085 انتهى"
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    line = json.dumps({"id": "sep", "lang": "ar", "text": text}, ensure_ascii=False)
    src.write_bytes(b"\xef\xbb\xbf" + line.encode("utf-8") + b"\r\n")
    code, _, err = _run(capsys, "extract", "--input", str(src), "--output", str(dst))
    assert (code, err) == (0, "")
    [row] = _rows(dst)
    assert row["mentions"]
    for m in row["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]


def test_batch_file_errors_are_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, _ = _batch(tmp_path, GOOD[:1])
    assert "cannot read" in _exit(capsys, "extract", "--input", str(tmp_path / "nope.jsonl"),
                                  "--output", str(tmp_path / "o.jsonl"))
    assert "cannot write" in _exit(capsys, "extract", "--input", str(src),
                                   "--output", str(tmp_path / "no" / "dir" / "o.jsonl"))


# ---------------------------------------------------------------- eval

AR_GOLD = "قال الوزير يوم الأربعاء إن الانتخابات جرت في ٥ نوفمبر ٢٠٢٤."
EN_GOLD = "The election was held on November 5, 2024, officials said on Thursday."


def _span(text: str, part: str, **fields: object) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part, **fields}


def _gold_cases() -> list[dict]:
    return [
        {"id": "ar-1", "lang": "ar", "text": AR_GOLD, "dct": "2024-11-07", "match": "spans",
         "source": "tests/test_cli.py",
         "expected": [_span(AR_GOLD, "يوم الأربعاء", type="DATE", value="2024-11-06"),
                      _span(AR_GOLD, "٥ نوفمبر ٢٠٢٤", type="DATE", value="2024-11-05")],
         "traps": [_span(AR_GOLD, "الوزير", why="a person, not a time")]},
        {"id": "en-1", "lang": "en", "text": EN_GOLD, "dct": "2024-11-08T09:00:00+02:00",
         "match": "spans", "source": "tests/test_cli.py",
         "expected": [_span(EN_GOLD, "November 5, 2024", type="DATE", value="2024-11-05"),
                      _span(EN_GOLD, "Thursday", type="DATE", value="2024-11-07")]},
    ]


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in _gold_cases()),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("system", ["ours", "dateparser"])
def test_eval_system_table(gold: Path, system: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "eval", str(gold), "--system", system)
    assert code == 0
    assert f"system: {system}" in out
    for lang in ("ar", "en", "all"):
        assert any(line.split()[:1] == [lang] for line in out.splitlines()), lang


@pytest.mark.parametrize("system", ["ours", "dateparser"])
def test_eval_json(gold: Path, system: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "eval", str(gold), "--system", system, "--json")
    assert code == 0
    report = json.loads(out)
    assert report["overall"]["cases"] == 2
    assert report["overall"]["gold"] == 4
    assert set(report["by_lang"]) == {"ar", "en"}
    assert 0.0 <= report["overall"]["relaxed_f1"] <= 1.0


def _write_pred(tmp_path: Path) -> Path:
    # ar-1: the weekday right, the date missed, a false alarm on a trap; en-1: one wrong value
    ar_day = _span(AR_GOLD, "يوم الأربعاء", type="DATE", value="2024-11-06")
    ar_trap = _span(AR_GOLD, "الوزير", type="DATE", value="2024")
    en_day = _span(EN_GOLD, "November 5, 2024", type="DATE", value="2024-11-04")
    en_thu = _span(EN_GOLD, "Thursday", type="DATE", value="2024-11-07")
    rows = [{"id": "ar-1", "dct_used": "2024-11-07", "dct_inferred": False,
             "mentions": [ar_day, ar_trap]},
            {"id": "en-1", "dct_used": "2024-11-08", "dct_inferred": False,
             "mentions": [en_day, en_thu]}]
    path = tmp_path / "pred.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def test_eval_pred_with_errors(gold: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    pred = _write_pred(tmp_path)
    code, out, _ = _run(capsys, "eval", str(gold), "--pred", str(pred), "--errors", "5")
    assert code == 0
    assert f"system: {pred}" in out
    assert "Misses" in out and "٥ نوفمبر ٢٠٢٤" in out
    assert "False alarms" in out and "الوزير" in out
    assert "Wrong values" in out and "2024-11-04" in out


def test_eval_pred_json(gold: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pred = _write_pred(tmp_path)
    code, out, _ = _run(capsys, "eval", str(gold), "--pred", str(pred), "--json")
    assert code == 0
    overall = json.loads(out)["overall"]
    assert (overall["gold"], overall["system"], overall["strict"]) == (4, 4, 3)
    assert overall["strict_precision"] == pytest.approx(0.75)
    assert overall["strict_recall"] == pytest.approx(0.75)
    assert overall["value_accuracy"] == pytest.approx(2 / 3)
    assert overall["trap_hits"] == 1


def test_eval_json_with_errors_is_one_json_document(gold: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    pred = _write_pred(tmp_path)
    code, out, _ = _run(capsys, "eval", str(gold), "--pred", str(pred), "--json", "--errors", "5")
    assert code == 0
    errors = json.loads(out)["overall"]["errors"]
    assert len(errors["misses"]) == 1 and len(errors["false_alarms"]) == 1


def test_eval_errors_are_clean(gold: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert "No such file" in _exit(capsys, "eval", str(tmp_path / "missing.jsonl"))
    assert "No such file" in _exit(capsys, "eval", str(gold), "--pred",
                                   str(tmp_path / "missing.jsonl"))
    bad_gold = tmp_path / "bad_gold.jsonl"
    bad_gold.write_text(gold.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    assert "line 3" in _exit(capsys, "eval", str(bad_gold))
    bad_pred = tmp_path / "bad_pred.jsonl"
    bad_pred.write_text('{"id": "ar-1", "mentions": []}\n{"id": "en-1"}\n', encoding="utf-8")
    assert f"{bad_pred}:2" in _exit(capsys, "eval", str(gold), "--pred", str(bad_pred))
    for n, body in enumerate(['{"id": "ar-1", "mentions": "oops"}',
                              '{"id": "ar-1", "mentions": [{"start": 0}]}',
                              '{"id": "ar-1", "mentions": [["a"]]}',
                              '{"id": ["ar-1"], "mentions": []}',
                              '["ar-1"]']):
        pred = tmp_path / f"pred{n}.jsonl"
        pred.write_text('{"id": "en-1", "mentions": []}\n' + body + "\n", encoding="utf-8")
        assert f"{pred}:2: bad prediction line" in _exit(capsys, "eval", str(gold), "--pred",
                                                          str(pred))
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes(b'{"id": "caf\xe9", "mentions": []}\n')
    assert "cannot read" in _exit(capsys, "eval", str(gold), "--pred", str(latin1))
    bad_dct = tmp_path / "bad_dct.jsonl"
    bad_dct.write_text(json.dumps({"id": "x", "lang": "en", "text": "in 2022",
                                   "dct": "no date here at all"}) + "\n", encoding="utf-8")
    assert "'x'" in _exit(capsys, "eval", str(bad_dct))


# ---------------------------------------------------------------- the console entry


def test_console_entry_point_runs(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(AR_TEXT, encoding="utf-8")
    script = Path(sys.executable).with_name("timeline")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "timeline.cli"]
    proc = subprocess.run([*cmd, "extract", str(path), "--dct", "2024-11-07", "--lang", "ar"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    text = path.read_bytes().decode("utf-8")
    assert result["mentions"]
    for m in result["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]


@pytest.mark.parametrize("command", ["ingest", "serve"])
def test_a_bad_limit_in_the_environment_stops_with_its_message(tmp_path: Path,
                                                               command: str) -> None:
    # the limits are read on import, so only a fresh process sees the variable
    env = {**os.environ, "TIMELINE_MAX_BATCH": "0"}
    proc = subprocess.run([sys.executable, "-m", "timeline.cli", command, "--db",
                           str(tmp_path / "t.db"), *(["nothing.jsonl"] if command == "ingest"
                                                      else [])],
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False, env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (f"timeline {command}: $TIMELINE_MAX_BATCH must be a "
                                   "positive integer, got '0'")


def test_locale_decides_the_order_of_numeric_dates(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Papers dated 11/07/2024 were filed.", encoding="utf-8")
    values = {}
    for locale in ("en-US", "en-GB"):
        code, out, _ = _run(capsys, "extract", str(article), "--dct", "2024-11-20",
                            "--locale", locale)
        assert code == 0
        values[locale] = [m["value"] for m in json.loads(out)["mentions"]]
    assert values == {"en-US": ["2024-11-07"], "en-GB": ["2024-07-11"]}
    src, dst = _batch(tmp_path, [json.dumps({"id": 1, "text": "Filed 11/07/2024.",
                                             "locale": "en-IN", "dct": "2024-11-20"})])
    assert _run(capsys, "extract", "--input", str(src), "--output", str(dst))[0] == 0
    assert [m["value"] for m in _rows(dst)[0]["mentions"]] == ["2024-07-11"]


def test_a_bad_locale_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Filed 11/07/2024.", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(article), "--locale", "British English"])
    assert "BCP 47" in str(exc.value.code)
    src, dst = _batch(tmp_path, [json.dumps({"id": 1, "text": "Filed 11/07/2024.",
                                             "locale": "english!"})])
    code, _, err = _run(capsys, "extract", "--input", str(src), "--output", str(dst))
    assert code == 1 and ":1: skipped:" in err and "BCP 47" in err


@pytest.mark.parametrize("argv", [["ingest", "x.jsonl", "--workers", "0"],
                                  ["ingest", "x.jsonl", "--batch-size", "-5"],
                                  ["backfill", "--scheduler", "local", "--input", "x",
                                   "--output", "y", "--workers", "-2"],
                                  ["serve", "--threads", "0"]])
def test_counts_must_be_positive(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # they ran as the default (or one article per transaction) without a word
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2 and "is not a positive number" in capsys.readouterr().err
