"""Hostile input: broken bytes, huge lines, nesting, bidi controls, runs, query syntax.

Each case is bounded: the 50 MB line is written in 1 MiB pieces and read through the byte
cap (memory is measured), the long runs are extracted in one subprocess with a timeout (a
catastrophic backtrack shows up as a hang there, not as a stuck suite).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from api import create_app
from timeline.ingest import ingest
from timeline.ingest_sources import Record, Rejected, read_inputs
from timeline.limits import LIMITS
from timeline.store import Store

EN = "The election was held on November 5, 2024. Results came two days later."
AR = "قال الوزير يوم الأربعاء إن الانتخابات جرت في 5 نوفمبر 2024."
MB = 1 << 20


def _line(i: int, text: str = EN, **extra: object) -> bytes:
    row = {"title": f"t{i}", "text": f"{text} #{i}", "lang": "en", **extra}
    return json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n"


def test_invalid_utf8_and_nul_bytes(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"Talks on 5 May 2024 \xc3\x28 went on.")
    (tmp_path / "nul.txt").write_bytes(b"Talks on 5 May\x00 2024.")
    (tmp_path / "good.txt").write_bytes(b"Talks on 5 May 2024.")
    (tmp_path / "lines.jsonl").write_bytes(
        _line(1) + b'{"title": "x", "text": "bad \xff byte"}\n'
        + b'{"title": "x", "text": "raw \x00 NUL"}\n' + _line(2, text="escaped \x00 NUL")
        + b"\xef\xbb\xbf" + _line(3))  # a BOM in the middle is not one: invalid JSON
    items = {i.where.removeprefix(str(tmp_path) + "/"): i for i in read_inputs([tmp_path])}
    assert "UTF-8" in items["bad.txt"].why and "NUL" in items["nul.txt"].why
    assert isinstance(items["good.txt"], Record)
    assert isinstance(items["lines.jsonl:1"], Record)
    assert "UTF-8 at byte" in items["lines.jsonl:2"].why
    assert "invalid JSON" in items["lines.jsonl:3"].why  # JSON forbids raw control chars
    assert "NUL" in items["lines.jsonl:4"].why
    assert isinstance(items["lines.jsonl:5"], Rejected)


def test_a_50_mb_line_is_rejected_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as fh:
        fh.write(_line(1))
        fh.write(b'{"title": "huge", "text": "')
        piece = ("ب" * (MB // 2)).encode("utf-8")  # 1 MiB, written 50 times
        for _ in range(50):
            fh.write(piece)
        fh.write(b'"}\n')
        fh.write(_line(2))
    tracemalloc.start()
    try:
        items = list(read_inputs([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * LIMITS.max_record_bytes, peak  # never the 50 MB line whole
    assert [type(i) for i in items] == [Record, Rejected, Record]
    assert items[1].where == f"{path}:2"
    assert "over the limit of 4,194,304 (max_record_bytes)" in items[1].why


def test_100k_line_jsonl_with_scattered_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    bad = {}
    kinds = [b"{oops\n", b"[]\n", b'{"title": "no text"}\n', b"\xff\xfe\n",
             b'{"text": "x", "published_at": "2024-13-01"}\n']
    with path.open("wb") as fh:
        for n in range(1, 100_001):
            if n % 997 == 0:
                line = kinds[n % len(kinds)]
                bad[n] = line
            else:  # 40 distinct texts, repeated: extraction runs 40 times, not 100,000
                line = _line(n % 40).replace(f"t{n % 40}".encode(), f"t{n}".encode())
            fh.write(line)
    db = str(tmp_path / "t.db")
    summary = ingest([path], db, workers=1)
    assert sorted(int(r.where.rsplit(":", 1)[1]) for r in summary.rejected) == sorted(bad)
    assert summary.stored == 40 and summary.skipped == 100_000 - len(bad) - 40
    with Store(db) as store:
        assert store.counts()["articles"] == 40 and store.integrity_check() == "ok"


def test_deeply_nested_json(tmp_path: Path) -> None:
    deep = b'{"title": "t", "text": "5 May 2024", "meta": ' + b"[" * 200_000 + b"]" * 200_000
    (tmp_path / "deep.jsonl").write_bytes(deep + b"}\n" + _line(1))
    (tmp_path / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    items = list(read_inputs([tmp_path]))
    assert [type(i) for i in items] == [Rejected, Rejected, Record]
    assert all("nested too deeply" in i.why for i in items[:2])
    client = create_app({"DB_PATH": str(tmp_path / "api.db")}).test_client()
    response = client.post("/api/v1/articles", data=deep + b"}",
                           content_type="application/json")
    assert 400 <= response.status_code < 500
    response = client.post("/api/v1/extract", data=b"[" * 100_000 + b"]" * 100_000,
                           content_type="application/json")
    assert 400 <= response.status_code < 500


BIDI = "\u202e\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u200e\u200f\u061c"


def test_bidi_controls_are_kept_and_offsets_still_slice(tmp_path: Path) -> None:
    text = f"{BIDI[0]}{AR}{BIDI[-1]} {BIDI} Talks resumed on {BIDI[1]}5 May 2024{BIDI[4]}."
    client = create_app({"DB_PATH": str(tmp_path / "api.db")}).test_client()
    response = client.post("/api/v1/articles", json={
        "title": BIDI + "عنوان", "text": text, "published_at": "2024-11-07"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["text"] == text and body["mentions"]
    for m in body["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    path = tmp_path / "bidi.jsonl"
    path.write_text(json.dumps({"title": BIDI, "text": text}) + "\n", encoding="utf-8")
    summary = ingest([path], str(tmp_path / "i.db"), workers=1)
    assert summary.stored == 1 and summary.mentions == len(body["mentions"])


_RUNS = """
import sys
from datetime import datetime
from timeline.extract import extract
n = int(sys.argv[1])
runs = {"digits": "7" * n, "arabic_indic_digits": "٧" * n, "arabic_letters": "س" * n,
        "arabic_words": "سنة " * (n // 4), "years": "2024 " * (n // 5),
        "digit_words": "١٢ و" * (n // 4), "latin_letters": "a" * n, "dashes": "2024-" * (n // 5)}
for name, text in runs.items():
    for lang in ("ar", "en"):
        extract(text, lang=lang, dct=datetime(2024, 11, 7))
        print(name, lang, flush=True)
"""


def test_long_runs_of_digits_and_letters_finish() -> None:
    n = LIMITS.max_text_chars  # the longest text the service accepts
    done = subprocess.run([sys.executable, "-c", _RUNS, str(n)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # every run of the longest text finished; a catastrophic backtrack is the timeout
    assert len(done.stdout.splitlines()) == 16


SEARCHES = ['"', "*", "NEAR(", "' OR 1=1", "' OR 1=1 --", '"" OR ""', "a OR b", "NOT",
            "title:x", "^x", "-x", "(*)", "a AND (b", "NEAR(a b, 2)", "%", "\\", "*:*",
            "'; DROP TABLE articles; --", "الانتخابات\" OR \"", "ـ", "\u202e"]


@pytest.mark.parametrize("path", ["/api/v1/articles", "/api/v1/timeline"])
def test_search_syntax_is_only_text(tmp_path: Path, path: str) -> None:
    client = create_app({"DB_PATH": str(tmp_path / "api.db")}).test_client()
    assert client.post("/api/v1/articles", json={
        "title": "t", "text": AR, "published_at": "2024-11-07"}).status_code == 201
    for q in SEARCHES:
        response = client.get(path, query_string={"q": q})
        assert response.status_code == 200, (q, response.get_data(as_text=True))
        body = response.get_json()
        found = body if isinstance(body, list) else body["entries"]
        assert found == [], q  # no operator widened the search to everything
    hit = client.get(path, query_string={"q": 'الانتخابات" OR "x'}).get_json()
    assert hit == [] or hit.get("entries") == []  # quotes do not end the phrase
    assert client.get(path, query_string={"q": "الانتخابات"}).get_json()
    with Store(tmp_path / "api.db") as store:
        assert store.counts()["articles"] == 1 and store.integrity_check() == "ok"
