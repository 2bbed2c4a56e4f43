"""benchmarks/extraction_speed.py: the articles `--texts` reads (the timing is not tested)."""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "extraction_speed.py"
_spec = importlib.util.spec_from_file_location("extraction_speed", _PATH)
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _write(tmp_path: Path, *lines: object) -> str:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line)
                              for line in lines) + "\n", encoding="utf-8")
    return str(path)


def test_articles_keep_their_own_dates_in_the_language_asked(tmp_path: Path) -> None:
    path = _write(tmp_path,
                  {"lang": "en", "text": "Talks resumed on Monday.",
                   "dct": "2013-02-12T04:30:00-02:00"},
                  {"lang": "ar", "text": "استؤنفت المحادثات يوم الاثنين.", "dct": "2024-11-07"},
                  "",
                  {"text": "No date given.", "dct": "03-02-2009"},
                  {"text": "Undated wire copy."},
                  {"lang": "en", "text": "   ", "dct": "2024-11-07"})
    assert bench.read_texts([path], "en") == [
        ("Talks resumed on Monday.", datetime(2013, 2, 12, 4, 30)),
        ("No date given.", datetime(2009, 3, 2)),
        ("Undated wire copy.", bench.DCT),
    ]


@pytest.mark.parametrize("bad", ['{"text": "x", "dct": "yesterday"}', '{"dct": "2024-11-07"}',
                                 "not json", '["a list"]'])
def test_a_bad_line_is_named(tmp_path: Path, bad: str) -> None:
    path = _write(tmp_path, {"text": "Fine.", "dct": "2024-11-07"}, bad)
    with pytest.raises(SystemExit, match=rf"{path}:2: not an article"):
        bench.read_texts([path], "en")


def test_no_article_in_the_language_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, {"lang": "ar", "text": "نص", "dct": "2024-11-07"})
    with pytest.raises(SystemExit, match="no en article"):
        bench.read_texts([path], "en")
