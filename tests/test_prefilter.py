"""The rule index (timeline.prefilter) tries only the rules that can start at a position; it
must find exactly what trying every rule at every position finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import timeline.prefilter as prefilter
from timeline.grammar import for_text, load_grammar
from timeline.prefilter import prefixes
from timeline.tagger import _propose
from timeline.text import normalize

CORPUS = Path(__file__).parent / "corpus"


def test_prefixes_of_simple_patterns() -> None:
    assert prefixes(r"(?<!\w)(?:the\s+)?(?:q1|q2)", k=8) == {"q0", "the q0"}  # digits: "0"
    # a repeated group is read through each count of it, then what follows
    assert prefixes(r"a(?:bc)*d", k=4) == {"abcd", "abcb", "ad"}
    assert prefixes(r"0(?:,000)+ days", k=8) == {"0,000 da", "0,000,00"}
    assert prefixes(r"a(?:b|cd?)+", k=3) == {"ab", "ac", "acd", "abb", "abc", "acb", "acc"}
    # a look-ahead the pattern ends with is read as what follows; one before more of the
    # pattern is not (what comes after it reads the same text again)
    assert prefixes(r"[0-9]{2}(?= and june)", k=8) == {"00 and j"}
    assert "from 0-0" in prefixes(r"(?:from\s+(?=[0-9]+-)|x)[0-9]-[0-9]", k=10)
    # an alternative that is a look-ahead alone is read as the text that follows it (a
    # rule's context: "on" before the day, or nothing before the weekday it opens with)
    assert prefixes(r"(?:on\s|(?=mon|tue))(?:the\s)?[0-9]|(?:mon|tue) [0-9]", k=6) == {
        "on 0", "on the", "mon", "tue", "mon 0", "tue 0"}
    assert prefixes(r"(?:on\s|(?=x?))y", k=6) == {"on y", "y"}  # it may read nothing
    assert prefixes(r"[^x]y") is None  # a negated class: any first character
    assert prefixes(r"\d{4}", k=2) == {"00"}
    # a repeated character is read through: a number, then what follows it
    assert prefixes(r"[0-9]{1,2} days?", k=6) == {"0 days", "0 day", "00 day"}
    assert prefixes(r"ab*c", k=4) == {"ac", "abc", "abbc", "abbb"}
    # ... but not a group of one character that anything may follow: up to three words
    # before "x" are no run of spaces before it
    assert prefixes(r"a(?:\s+[^\W\d_]+){0,3}?\s+x", k=6) == {"a ", "a x"}


def test_too_many_texts_are_cut_where_they_are_most(monkeypatch: pytest.MonkeyPatch) -> None:
    # "0 day", "0 week"… share "0 " and are cut to it; "the eleven" keeps its length
    monkeypatch.setattr(prefilter, "_LIMIT", 4)
    found = {("0 day", True), ("0 week", True), ("0 year", True), ("the eleven", False)}
    assert prefilter._shorten(found | {("0 hour", True)}, 10) == {
        ("0 ", False), ("the eleven", False)}
    assert prefilter._shorten(found, 10) == found


def test_long_products_are_cut_as_if_built_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # `_extend_by_length` must give what `_shorten` gives of the whole product cut to the
    # first length that holds more than `_LIMIT` texts (the whole product when none does)
    parts = [("", True, {("ab", True), ("ac", False), ("", True)}), ("x", False, None),
             ("b", True, {("cd", True), ("ce", True), ("c", False)}), ("bbbb", True, None)]
    for limit in range(2, 12):
        monkeypatch.setattr(prefilter, "_LIMIT", limit)
        whole = {(text + more, more_done) for text, _, item in parts if item
                 for more, more_done in item} | {(text, done) for text, done, item in parts
                                                  if item is None}
        for length in range(5):
            cut = {(text[:length], len(text) <= length and done) for text, done in whole}
            if len(cut) > limit:
                assert prefilter._extend_by_length(parts, 4) == prefilter._shorten(cut, length)
                break
        else:
            assert prefilter._extend_by_length(parts, 4) == whole


def _every_rule_everywhere(grammar, text: str) -> set[tuple[str, int, int]]:
    found = set()
    for rule in grammar.rules:
        for pos in range(len(text) + 1):
            m = rule.regex.match(text, pos)
            if m and m.start("_b") != m.end("_b"):
                found.add((rule.name, *m.span("_b")))
    return found


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_index_finds_what_every_rule_everywhere_finds(lang: str) -> None:
    grammar = load_grammar(lang)
    texts = [rule.example for rule in grammar.rules]
    with (CORPUS / f"{lang}.jsonl").open(encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh if line.strip()][:60]
    texts.append("  \n the\t third   quarter  of\n2024 ,  Nov.  7 ")
    for raw in texts:
        text = normalize(raw).text
        got = {(c.rule, c.start, c.end) for c in _propose(grammar, text)}
        assert got == _every_rule_everywhere(grammar, text), raw


def _corpus_texts(lang: str) -> list[str]:
    """The corpus's first 60 texts, and one of runs of whitespace of every kind."""
    with (CORPUS / f"{lang}.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()][:60]
    return texts + ["  \n the\t third   quarter  of\n2024 ,  Nov.  7 "]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_whole_text_scan_keeps_every_position_a_lookup_names_rules_at(lang: str) -> None:
    # `keys` (whole indexed texts) must give exactly the positions the short `starts` scan
    # gives whose lookup names some rule, near window ends too (both read past them)
    grammar = load_grammar(lang)
    texts = _corpus_texts(lang)
    for index in (prefilter.rule_index(grammar), prefilter.negative_index(grammar)):
        scan = index.scan
        assert scan.whole_texts
        for raw in texts:
            text = normalize(raw).text
            for reach in (3, 11, 40):  # windows cut through words at every kind of place
                windows = [(lo, min(len(text), lo + reach))
                           for lo in range(0, len(text), 2 * reach)]
                got = index.positions(text, windows)
                scan.whole_texts = False
                try:
                    assert got == index.positions(text, windows), raw
                finally:
                    scan.whole_texts = True


def test_scan_reads_a_run_of_spaces_as_one_and_a_text_after_its_proclitic() -> None:
    scan = prefilter.Scan({"in 0", "nov"}, "(?:w)?")
    key = "in 0 x in   0,wnov ynov (nov  in 0 wwnov"
    # the start (a text's first characters), "in   0" behind a space, "wnov" behind a comma
    # (its proclitic), "nov" behind a bracket, "in 0" behind a run; not "ynov" or "wwnov"
    assert scan.positions(key, [(0, len(key))]) == [0, 7, 14, 25, 30]
    assert scan.positions(key, [(1, 20)]) == [7, 14]  # within the window, read past it


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_one_scan_for_rules_and_negatives_finds_what_each_finds(lang: str) -> None:
    grammar = load_grammar(lang)
    texts = _corpus_texts(lang)
    rules, negatives = prefilter.rule_index(grammar), prefilter.negative_index(grammar)
    for raw in texts:
        text = normalize(raw).text
        starts = prefilter.shared_positions(grammar, text)
        assert starts == sorted(set(starts))
        whole = [(0, len(text))]
        assert rules.lookup(text, starts) == rules.positions(text, whole), raw
        assert negatives.lookup(text, starts) == negatives.positions(text, whole), raw


def test_spaces_a_match_can_hold_are_counted() -> None:
    assert prefilter.space_bound(r"(?:the|its)\s(?:[a-z'-]+\s)?best\s(?:[a-z]+\s){0,3}in\s") == 7
    assert prefilter.space_bound(r"[0-9]+(?:\.[0-9]+)?x") == 0
    assert prefilter.space_bound(r"a\s+b") is None  # a run of any length
    assert prefilter.space_bound(r"a[^bc]d") == 1  # a negated class may be a space
    assert prefilter.space_bound(r"a.c") is None


def test_a_break_must_end_every_match() -> None:
    assert prefilter.ends_with_break(r"(?:in|at)\s")
    assert prefilter.ends_with_break(r"from(?:\s|-)(?=[0-9])")
    assert not prefilter.ends_with_break(r"in\s?")  # it may end with a letter
    assert not prefilter.ends_with_break(r"(?:in\s|by)")
    assert not prefilter.ends_with_break(r"")


def test_a_rule_found_by_its_expression_is_tried_from_its_context() -> None:
    grammar = load_grammar("en")
    gated = [rule for rule in grammar.rules if rule.body is not None]
    assert gated  # (the index would otherwise try it at every determiner)
    text = normalize("It was the best year in a decade for the firm, and the worst "
                     "day in two weeks; the area's wettest month in 30 years.").text
    for rule in gated:
        got = {(c.start, c.end) for c in _propose(grammar, text) if c.rule == rule.name}
        assert got == {m.span("_b") for pos in range(len(text))
                       if (m := rule.regex.match(text, pos))}
        assert got


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_rule_or_negative_opens_with_any_word(lang: str) -> None:
    # a pattern that can begin with any word ("[a-z]+ independence day") is tried at every
    # word: write its first words out, or match from its fixed words with look-behinds
    grammar = load_grammar(lang)
    for index, count in ((prefilter.rule_index(grammar), len(grammar.rules)),
                         (prefilter.negative_index(grammar), len(grammar.negatives))):
        assert not index.always
        letters: dict[int, set[str]] = {i: set() for i in range(count)}
        for key, numbers in index.index.items():
            if len(key) == 1 and key.isalpha():
                for i in numbers:
                    letters[i].add(key)
        broad = [i for i, found in letters.items() if len(found) >= 5]
        assert not broad, broad


def test_ascii_twin_only_where_it_reads_the_text_alike() -> None:
    word_start = re.compile(r"(?<![^\W_])[^\W_]+\s", re.UNICODE)
    twin = for_text(word_start, "plain ascii text")
    assert twin is not word_start and twin.flags & re.ASCII
    assert for_text(word_start, "plain ascii text") is twin  # compiled once
    # Unicode reads these alone differently: a non-ASCII letter, an information separator
    assert for_text(word_start, "café au lait") is word_start
    assert for_text(word_start, "a\x1cb") is word_start
    assert word_start.search("a\x1cb") and not twin.search("a\x1cb")
    folded = re.compile(r"\w+", re.IGNORECASE)
    assert for_text(folded, "ascii") is folded


def test_ascii_scan_finds_the_same_positions() -> None:
    grammar = load_grammar("en")
    index = prefilter.rule_index(grammar)
    text = normalize("On Monday, three weeks ago, the best year in a decade began.").text
    ascii_positions = index.positions(text, [(0, len(text))])
    # the same text with one letter beyond ASCII far away reads with the Unicode regex
    wide = text + " " * 200 + "é"
    unicode_positions = [p for p in index.positions(wide, [(0, len(wide))]) if p[0] < len(text)]
    assert ascii_positions and ascii_positions == unicode_positions


def test_rules_sharing_a_gate_find_what_they_find_without_it() -> None:
    grammar = load_grammar("en")
    gated = [rule for rule in grammar.rules if rule.gate is not None]
    assert len({id(rule.gate) for rule in gated}) < len(gated)  # one regex, shared
    text = normalize("Three days of talks ended; three days later, a year and a half ago and "
                     "two weeks before, he said it would end two weeks from now.").text
    got = {(c.rule, c.start, c.end) for c in _propose(grammar, text)}
    assert got == _every_rule_everywhere(grammar, text)
    assert {name for name, _, _ in got} >= {"later", "ago_and_a_half", "from_now"}
