"""Tagger and grammar machinery: trie tables, composition of parts."""

from __future__ import annotations

import re

from timeline.grammar import _normalize_pattern, _render_trie, load_grammar
from timeline.tagger import _propose, tag
from timeline.text import normalize


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
