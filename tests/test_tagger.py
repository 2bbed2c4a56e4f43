"""Tagger and grammar machinery: scanner windows, trie tables, composition of parts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from timeline.grammar import _normalize_pattern, _own_groups, _render_trie, load_grammar
from timeline.tagger import _propose, tag
from timeline.text import normalize

CORPUS = Path(__file__).parent / "corpus" / "ar.jsonl"


def _texts() -> list[str]:
    with CORPUS.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def test_scanner_windows_lose_no_candidate() -> None:
    """Scanning only around trigger words finds every match a full scan of each rule finds."""
    grammar = load_grammar("ar")
    examples = [rule.example for rule in grammar.rules]
    for raw in ["\n".join(_texts()), *_texts(), *examples]:  # one by one: fewer stray triggers
        text = normalize(raw).text
        proposed = {(c.rule, c.start, c.end) for c in _propose(grammar, text)}
        for rule in grammar.rules:
            for m in rule.regex.finditer(text):
                start, end = m.span("_b")
                if start < end:
                    assert (rule.name, start, end) in proposed, (rule.name, text[start:end])


def test_trie_alternation_matches_every_word_and_prefers_longer() -> None:
    trie: dict = {}
    for word in ["ab", "abc", "b"]:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    pattern = re.compile(_render_trie(trie))
    assert pattern.fullmatch("ab") and pattern.fullmatch("abc") and pattern.fullmatch("b")
    assert pattern.match("abc").group() == "abc"


def test_pattern_normalisation_keeps_escapes_and_named_groups() -> None:
    assert _normalize_pattern(r"(?P<Sep>-)\W(?P=Sep)أ") == r"(?P<Sep>-)\W(?P=Sep)ا"
    assert _own_groups("(?P<sep>-)x(?P=sep)", 2) == "(?P<s2_sep>-)x(?P=s2_sep)"


def _tagged(text: str) -> list[tuple[str, str]]:
    grammar = load_grammar("ar")
    norm = normalize(text).text
    return [(norm[c.start:c.end], c.rule) for c in tag(grammar, norm)]


def test_relative_day_takes_clock_time_and_weekday() -> None:
    for text in ("غدا الساعة 8 مساء", "اليوم الخميس"):
        assert [t for t, _ in _tagged(text)] == [normalize(text).text]


def test_between_needs_its_opener_for_and() -> None:
    assert len(_tagged("بين 3 صباحا و 5 مساء")) == 1
    assert len(_tagged("الاثنين والثلاثاء")) == 2  # a list, not a range


def test_compound_quantity_is_one_mention() -> None:
    text = "منذ شهرين ويوم واحد وساعتين"
    assert [t for t, _ in _tagged(text)] == [normalize(text).text]


def test_hijri_and_gregorian_months_stay_apart() -> None:
    assert len(_tagged("رمضان 1446 ه في مارس المقبل")) == 2


def test_memoised_fields_are_each_candidates_own() -> None:
    grammar = load_grammar("en")
    text = normalize("Talks began in March 2024 and ended in March 2024.").text
    first, second = (c for c in _propose(grammar, text) if c.rule == "month_year")
    assert first.fields == second.fields == {"month": 3, "year": 2024}
    first.fields["mod"] = "APPROX"  # what a modifier does to a candidate
    assert "mod" not in second.fields
    assert "mod" not in _propose(grammar, text)[0].fields
