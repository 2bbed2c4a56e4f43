"""The texts every match of a pattern ends with (timeline.tails), a gate before searches."""

from __future__ import annotations

import random
import re

import pytest

from timeline.grammar import load_grammar
from timeline.tails import match_tails


def test_tails_of_words_and_groups() -> None:
    assert match_tails(re.compile(r"(?:about|around)\s+")) == ("about", "around")
    # the alternatives' last words; a text ending with another is implied by it
    assert match_tails(re.compile(r"(?:the\s+end|end)\s+of\s*$")) == ("of",)
    assert match_tails(re.compile(r"(?<!\w)(?:early|mid)-?\s*")) == (
        "early", "early-", "mid", "mid-")
    # zero-width items are skipped; an optional last item gives both ends
    assert match_tails(re.compile(r"week(?=\s)(?:\s+of)?")) == ("of", "week")
    assert match_tails(re.compile(r"c[.,]")) == ("c,", "c.")


def test_no_tails_where_a_match_may_end_in_anything() -> None:
    assert match_tails(re.compile(r"[a-z]+\s*")) is None
    assert match_tails(re.compile(r"about|\s+")) is None  # whitespace alone
    assert match_tails(re.compile(r"(?i)about")) is None
    assert match_tails(re.compile(r"about.")) is None


def test_forms_a_proclitic_multiplies_are_read_before_they_are_dropped() -> None:
    # 60 words, each with an optional proclitic of three times four forms: over 200 texts
    # while reading, the 60 plain words at the end (each form ends with its word)
    words = [f"w{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(60)]
    regex = re.compile(rf"(?:x|y)?(?:p|q|r)?(?:{'|'.join(words)})\s+")
    assert match_tails(regex) == tuple(sorted(words))


def test_a_repeat_is_read_once() -> None:
    # "abab": the last repetition's "ab" is certain, what is before it is not read on
    assert match_tails(re.compile(r"x(?:ab)+")) == ("ab",)
    # a class of a letter and whitespace at the end: whether it is stripped is not known
    assert match_tails(re.compile(r"x(?:a|\s)+")) is None
    assert match_tails(re.compile(r"x(?:ab|\s)+")) == ("ab", "x")
    assert match_tails(re.compile(r"xy\s*")) == ("xy",)


def _check(regex: re.Pattern[str], texts: list[str]) -> int:
    """Every match of `regex` in `texts` ends (stripped) with one of its tails."""
    tails = match_tails(regex)
    seen = 0
    for text in texts:
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                m = regex.search(text, start, end)
                if m and m.group().strip():
                    seen += 1
                    assert tails is not None and m.group().rstrip().endswith(tails), (
                        regex.pattern, text, m.group(), tails)
    return seen


def test_tails_hold_for_random_texts() -> None:
    patterns = [r"(?:ab|b)\s*$", r"a(?:b\s|c)+", r"(?:x|y\s+z)(?:\s+w)?\s*", r"a[bc]?(?:d|e)*",
                r"(?<!a)b(?=c)c?\s*$", r"(?:a\s+)+b?"]
    rng = random.Random(7)
    texts = ["".join(rng.choice("abcdexyzw \n") for _ in range(rng.randint(1, 9)))
             for _ in range(150)]
    seen = 0
    for pattern in patterns:
        regex = re.compile(pattern)
        if match_tails(regex) is not None:
            seen += _check(regex, texts)
    assert seen > 1000


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_modifier_tails_hold_on_examples(lang: str) -> None:
    """Each modifier before its candidate, searched as the tagger searches it (ending where
    a candidate starts), on texts made of its own words."""
    grammar = load_grammar(lang)
    texts = {"en": ["it was about   2 years", "the end of\n2020", "early-2020", "c. 1990",
                    "some time around 5", "more than 3", "the week of May 6"],
             "ar": ["في أواخر 2020", "نحو عامين", "منذ حوالي شهر", "صباح يوم 5"]}[lang]
    checked = 0
    for mod in grammar.modifiers:
        if mod.side != "before":
            continue
        tails = match_tails(mod.regex)
        for text in texts:
            for cut in range(len(text) + 1):
                m = mod.regex.search(text, 0, cut)
                if m is not None:
                    checked += 1
                    assert tails is None or text[:cut].rstrip().endswith(tails)
    assert checked
