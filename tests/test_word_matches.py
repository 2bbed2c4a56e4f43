"""timeline.grammar.word_matches: the matches finditer gives for a regex that opens with the
word-start test, found faster (after a non-word character, or by the literal texts every
match begins with)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.grammar import after_break, literal_scans, word_matches

# names that nest ("the election" in "the election day", "election day" inside it)
_NAMES = re.compile(r"(?<![^\W_])(?P<_b>the\s+(?:election(?:\s+day)?|war)|election\s+day"
                    r"|world\s+war\s+ii?|9/11)(?![^\W_])")


def _finditer(regex: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group("_b")) for m in regex.finditer(text)]


def _found(regex: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(start, end, m.group("_b")) for start, end, m in word_matches(regex, text)]


def test_the_literal_texts_every_match_begins_with() -> None:
    scans = literal_scans(_NAMES)
    assert scans is not None
    assert sorted(lead for lead, _ in scans) == ["9/11", "election", "the", "world"]
    assert all(scan.pattern.startswith(re.escape(lead)) for lead, scan in scans)
    # an optional first item, a class or a text that can overlap itself: no such texts
    assert literal_scans(re.compile(r"(?<![^\W_])(?:b)?(?:the|war)")) is None
    assert literal_scans(re.compile(r"(?<![^\W_])[0-9]+ days")) is None
    assert literal_scans(re.compile(r"(?<![^\W_])(?:aba|war)")) is None


def test_nested_names_are_chosen_as_finditer_chooses() -> None:
    text = "the election day, then the war\nelection day of 9/11 at xthe war world war ii"
    assert _found(_NAMES, text) == _finditer(_NAMES, text)
    assert [name for *_, name in _found(_NAMES, text)] == [
        "the election day", "the war", "election day", "9/11", "world war ii"]


@given(st.lists(st.sampled_from(["the ", "election ", "day", "war", " ", "\n", "x", "world ",
                                  "ii", "9/11", "."]), max_size=20).map("".join))
@settings(max_examples=300, deadline=None)
def test_word_matches_are_those_of_finditer(text: str) -> None:
    assert _found(_NAMES, text) == _finditer(_NAMES, text)


def test_a_test_that_opens_one_alternative_only_is_not_extended_to_the_others() -> None:
    # "(?<![a-z])war|day": only "war" needs a break before it; a scan from breaks would
    # miss "day" inside "today"
    regex = re.compile(r"(?<![a-z])(?P<_b>war|x)|(?P<c>day)")
    assert after_break(regex) is None
    text = "today war, xwar"
    assert [(s, e) for s, e, _ in word_matches(regex, text)] == [
        m.span() for m in regex.finditer(text)] == [(2, 5), (6, 9), (11, 12)]
    assert after_break(re.compile(r"(?<![a-z])(?:war|day)")) is not None
