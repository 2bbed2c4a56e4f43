"""timeline/tense.py: the tense around an offset, read from its sentence's markers."""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

import pytest

from timeline.grammar import Grammar, _Compiler, load_grammar, word_start_scan
from timeline.lang import load_resources
from timeline.tense import TenseReader, _abbreviations, _MatchScan, _spans
from timeline.text import normalize, split_sentences


def _sentence_around(grammar: Grammar, text: str, offset: int) -> tuple[int, int] | None:
    """The sentence of the whole text's split that `offset` is in (None: before the first)."""
    spans = split_sentences(text, _abbreviations(grammar))
    i = bisect.bisect_right([s for s, _ in spans], offset) - 1
    return spans[i] if i >= 0 else None


def _every_marker(grammar: Grammar, text: str, offset: int, end: int) -> str:
    """The tense as read with every marker of the sentence, past ones included (what
    `TenseReader` spares when they cannot change the answer)."""
    default = "past" if len(text.split(None, 8)) > 8 else "future"
    span = _sentence_around(grammar, text, offset)
    if span is None:
        return default
    start, stop = span
    sentence = text[start:stop]
    future = [(m.start(), m.end(), "future") for m in grammar.future.finditer(sentence)]
    past = [(m.start(), m.end(), "past") for m in grammar.past.finditer(sentence)
            if not any(f < m.end() and m.start() < t for f, t, _ in future)]
    if not grammar.tense_nearest:
        return "future" if future else "past" if past else default
    markers = future + past
    if grammar.tense_preceding:
        markers = [m for m in markers if m[1] <= offset - start] or markers
    best, tense = None, default
    for m_start, m_end, marker in markers:
        # (a tie goes to the marker before the word)
        gap = (max(offset - start - m_end, m_start - (end - start), 0), m_end > offset - start)
        if best is None or gap < best:
            best, tense = gap, marker
    return tense


_TEXTS = {
    "en": ["The minister said on Friday that the talks will resume next week, and officials "
           "expected a deal by March. Prices rose in May. Nothing happened in June at all, "
           "the agency added.\nThe vote is scheduled for Tuesday.",
           "Meeting on Monday",  # a phrase: the default is the future
           "Talks ended Monday",  # a phrase with a past marker
           "Talks resumed Monday after they had stalled in 2019 and the envoy left."],
    "ar": ["قال الوزير يوم الجمعة إن المحادثات ستستأنف الأسبوع المقبل. ارتفعت الأسعار في مايو.",
           "اجتماع يوم الاثنين",
           "سوف تعقد القمة في مارس بعد أن انتهت الجولة السابقة في يناير الماضي بلا اتفاق."],
}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_tense_is_the_one_every_marker_gives(lang: str) -> None:
    grammar = load_grammar(lang)
    for raw in _TEXTS[lang]:
        text = normalize(raw).text
        reader = TenseReader(grammar, text)
        for word in re.finditer(r"\S+", text):
            assert reader.at(word.start(), word.end()) == _every_marker(
                grammar, text, word.start(), word.end()), (raw, word.group())


def _tense_of(reader: TenseReader, text: str, word: str) -> str:
    at = text.index(word)
    return reader.at(at, at + len(word))


def test_a_closing_attribution_dates_the_saying_not_what_it_reports() -> None:
    grammar = load_grammar("en")
    text = normalize("Snow is expected to begin Tuesday evening and continue through Thursday "
                     "morning, the weather service said Monday.").text
    reader = TenseReader(grammar, text)
    assert _tense_of(reader, text, "thursday") == "future"  # its clause's "is expected to"
    assert _tense_of(reader, text, "monday") == "past"  # inside the attribution


def test_a_clause_with_no_marker_takes_the_tense_of_its_attribution() -> None:
    grammar = load_grammar("en")
    # (verbless: "is Oct. 2" would be a marker of its own, a calendar's date ahead)
    text = normalize("Filing deadline Oct. 2 for most returns, the agency said.").text
    reader = TenseReader(grammar, text)  # a short text: its default would be the future
    assert _tense_of(reader, text, "oct") == "past"


def test_the_sentence_of_an_offset_is_the_one_the_whole_split_gives() -> None:
    # the line of each offset is split alone: its sentences are those of the whole split
    grammar = load_grammar("en")
    text = normalize("\n".join(["Talks in the U.S. resumed Friday. They will end in May."] * 6
                               + ["  ", "The vote was on Jan. 5. It passed."])).text
    spans = split_sentences(text, _abbreviations(grammar))
    starts = [s for s, _ in spans]
    reader = TenseReader(grammar, text)
    for word in reversed(list(re.finditer(r"\S+", text))):
        i = bisect.bisect_right(starts, word.start()) - 1
        assert reader.sentence_start(word.start()) == starts[i], word.group()
    assert TenseReader(grammar, text).sentence_start(0) == 0


def _future_ends_near_from_every_marker(grammar: Grammar, text: str, offset: int) -> bool:
    """Whether a future marker of the sentence ends right before `offset` or holds it (its
    opening one: ends right before it), read with every marker of the sentence (what
    `future_ends_near` spares)."""
    span = _sentence_around(grammar, text, offset)
    if span is None:
        return False
    start, stop = span
    sentence = text[start:stop]
    spans = [(start + m.start(), start + m.end()) for m in grammar.future.finditer(sentence)]
    opening = grammar.future_opening.match(sentence)
    return any(f_start < offset <= f_end + 1 for f_start, f_end in spans) \
        or (opening is not None and 0 <= offset - (start + opening.end()) <= 1)


def test_a_future_marker_before_a_word_is_read_no_further_than_the_word() -> None:
    grammar = load_grammar("en")
    texts = [*_TEXTS["en"],
             "The agency will publish updated figures in the spring and will release revised "
             "data in May, but it published nothing in April.",
             "Fed to cut rates in March, economists say"]
    for raw in texts:
        text = normalize(raw).text
        words = list(re.finditer(r"\S+", text))
        # from the last word back, then forth: a scan asked about an earlier offset after a
        # later one (and the reverse) answers as one that read the whole sentence
        for order in (reversed(words), words):
            reader = TenseReader(grammar, text)
            for word in order:
                assert reader.future_ends_near(word.start()) \
                    == _future_ends_near_from_every_marker(grammar, text, word.start()), \
                    (raw, word.group())
    reader = TenseReader(grammar, "The agency will publish updated figures in the spring.")
    assert reader.future_ends_near(len("The agency will publish "))


def test_a_match_scan_reads_every_match_up_to_an_offset_and_then_the_rest() -> None:
    pattern = re.compile(r"[0-9]+")
    piece = "1 22 333 4444"
    scan = _MatchScan(pattern, piece, 10)
    assert scan.through(11) == [(10, 11), (12, 14)]  # the first start after 11 ends the read
    assert scan.through(0) == [(10, 11), (12, 14)]  # an earlier offset reads nothing more
    assert scan.all() == [(10 + m.start(), 10 + m.end()) for m in pattern.finditer(piece)]
    assert _MatchScan(None, piece, 0).all() == []


def test_the_whole_split_joins_the_lines_split_alone_and_the_text_between() -> None:
    grammar = load_grammar("en")
    text = normalize("Talks in the U.S. resumed Friday.\n\n  They will end in Jan. 5.\nA.\n"
                     "The vote was on Jan.\nIt passed. Sales rose in May.  \n \nEnd of story."
                     ).text
    whole = split_sentences(text, _abbreviations(grammar))
    offsets = [m.start() for m in re.finditer(r"\S+", text)]
    # the lines of every pair of words split alone first, then the whole text at once
    for first in offsets:
        for second in offsets[::3]:
            reader = TenseReader(grammar, text)
            reader.sentence_start(first)
            reader.sentence_start(second)
            assert reader.sentences == whole, (first, second)


# the look-ahead of its lead words that opens a tense regex, and the test it stands for
_LEAD_GUARDS = {
    "future": ("(?='|(?:{future_lead})(?![a-z]))", "(?=[a-z'])"),
    "past_before": ("(?=(?:{past_before_lead})(?![a-z])|[a-z]{3,}ed(?![a-z]))", "(?=[a-z])"),
}


def _reading(key: str, regex: re.Pattern[str], text: str) -> list[tuple[int, int] | None]:
    """What the reader asks of a tense regex in `text`: the future markers at every position,
    the match before each word (the window before a date, searched to its end)."""
    if key == "future":
        return [(m and m.span()) for m in map(regex.match, [text] * len(text), range(len(text)))]
    return [(m and m.span()) for m in (regex.search(text, max(0, w.start() - 40), w.start())
                                       for w in re.finditer(r"\b\w", text))]


@pytest.mark.parametrize("key", sorted(_LEAD_GUARDS))
def test_the_lead_words_hold_the_first_word_of_every_alternative(key: str) -> None:
    # a tense regex's look-ahead of lead words (a table) only spares the engine the words no
    # alternative begins with: without it the regex reads the corpus texts alike (a word
    # missing from the table would lose its alternative's matches)
    grammar = load_grammar("en")
    source = load_resources("en")["tense"][key]
    guard, plain = _LEAD_GUARDS[key]
    assert source.count(guard) == 1
    compiler = _Compiler(grammar.tables, grammar.groups, grammar.meta)
    # (as the grammar compiles it: the end binds the whole pattern)
    def ended(pattern: str) -> str:
        return f"(?:{pattern})\\s*$" if key == "past_before" else pattern

    guarded = compiler.plain(ended(source))
    assert guarded.pattern == getattr(grammar, key).pattern
    unguarded = compiler.plain(ended(source.replace(guard, plain)))
    with (Path(__file__).parent / "corpus" / "en.jsonl").open(encoding="utf-8") as fh:
        texts = [normalize(json.loads(line)["text"]).text for line in fh if line.strip()]
    for text in texts:
        assert _reading(key, guarded, text) == _reading(key, unguarded, text), (key, text)


def test_a_pattern_that_matches_only_at_word_starts_is_scanned_from_them_alike() -> None:
    # every alternative opens with the word-start test, `^` or a look-behind ending on a
    # space or comma: the scan from the characters before word starts finds what finditer
    # finds, overlapping matches left out alike
    pattern = re.compile(r"(?<![^\W_])(?:will|will be)\s\w+|^to\s\w+|(?:(?<=,\s)|(?<=ها\s))و\w+")
    assert word_start_scan(pattern) is not None
    for text in ("to go, will be held, wwill go, ها وسيعقد, will will will", "will",
                 "xto go, وقال", "", "a will  will be", "_will go"):
        assert list(_spans(pattern, text)) == [m.span() for m in pattern.finditer(text)]
        scan = _MatchScan(pattern, text, 7)
        assert scan.all() == [(7 + s, 7 + e) for s, e in (m.span() for m in
                                                          pattern.finditer(text))]


@pytest.mark.parametrize("source", [
    r"(?<![^\W_])will|shall",  # an alternative that may begin inside a word
    r"(?<=a)will",  # a look-behind on a letter
    r"(?m)^will",  # "^" after every newline
    r"(?<![^\W_])(\w)\1",  # a back-reference by number
    r"(?<![^\W_])\w*",  # an empty match
])
def test_a_pattern_that_may_match_elsewhere_is_scanned_by_finditer(source: str) -> None:
    assert word_start_scan(re.compile(source)) is None


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_words_before_a_date_are_searched_from_word_starts_alike(lang: str) -> None:
    # context_cues._search reads a window before a date through a scan from the characters
    # before word starts: the match it finds is the one the pattern's own search finds
    from timeline.context_cues import _search

    grammar = load_grammar(lang)
    pattern = grammar.past_before
    assert pattern is not None
    for case in [json.loads(line) for line in
                 (Path(__file__).parent / "corpus" / f"{lang}.jsonl").open(encoding="utf-8")][:300]:
        text = normalize(case["text"]).text
        for start in range(len(text) + 1):
            lo = max(0, start - 40)
            found = pattern.search(text, lo, start)
            assert _search(pattern, text, lo, start) == (-1 if found is None else found.start())
