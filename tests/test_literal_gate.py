"""timeline.literal_gate: the texts every match of a regex holds, and the search in a window
that a window without them spares."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import literal_gate
from timeline.literal_gate import gate_of, required_texts, search_gated

# opening with the word-start test, as the context patterns before a date do: an optional
# prefix, a verb and its endings, then a few words and "from", or "since" alone
_BEFORE = re.compile(r"(?<![^\W_])(?:w|f)?(?:(?:hosted|opened)(?:s|ed)?)(?:\s+[^\s\d,.]+){0,3}"
                     r"\s+(?:starting|beginning)\s+from|(?<![^\W_])(?:w|f)?since(?:\s+day)?\s*$")


def test_the_texts_every_match_holds() -> None:
    # the longest run of each alternative: "starting"/"beginning" rather than "from"
    assert required_texts(_BEFORE) == {"starting", "beginning", "since"}
    # a run goes on through look-arounds and alternations of known texts, times their
    # endings, and stops at an optional piece
    assert required_texts(re.compile(r"(?<!x)(?:ab|cd)(?=y)e(?:f|g)?h")) == \
        {"abe", "cde"}
    assert required_texts(re.compile(r"x+(?:abc|de)+")) == {"abc", "de"}
    # of the sets a pattern offers, the one whose shortest text is longest
    assert required_texts(re.compile(r"ab(?:cd|ef)g+hij")) == {"abcd", "abef"}
    assert required_texts(re.compile(r"(?<!\w)(?:\S.{0,9}? )?(?:after|since) the")) == {
        "after the", "since the"}
    assert required_texts(re.compile(r"(?:xy)*z|w")) == {"z", "w"}
    assert required_texts(re.compile(r"a?[0-9]*")) is None  # nothing is certain to be there
    # a class, a case ignored, an optional part or an alternative of unknown texts: none
    assert required_texts(re.compile(r"[a-z]+\s+[0-9]")) is None
    assert required_texts(re.compile(r"since", re.IGNORECASE)) is None
    assert required_texts(re.compile(r"(?:since)?\s")) is None
    assert required_texts(re.compile(r"since|[a-z]{4}")) is None


def test_a_window_without_the_texts_is_spared() -> None:
    text = "the fair hosted visitors starting from May 3, open since March"
    date = text.index("May")
    found = search_gated(_BEFORE, text, 0, date)
    assert found is not None and found.span() == _BEFORE.search(text, 0, date).span()
    assert search_gated(_BEFORE, text, date, text.index("March")) is not None
    # a text the window cuts is not in it ("start" of "starting" only)
    cut = text.index("ing from")
    assert search_gated(_BEFORE, text, 0, cut) is None
    # the gate decides: the regex itself is not searched (a gate for texts never written
    # answers for it)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(literal_gate, "gate_of", lambda regex: re.compile("never written"))
        assert search_gated(_BEFORE, text, 0, date) is None


def test_short_texts_make_no_gate() -> None:
    # "at" and "to" are in nearly every window: the regex is searched without a gate
    short = re.compile(r"(?<![^\W_])(?:at|to)\s*$")
    assert required_texts(short) == {"at", "to"}
    assert search_gated(short, "met at", 0, 6) is not None
    assert gate_of(short) is None


_WORDS = ["hosted", "whosted", "opens", "starting", "start", "from", "since", "fsince", "day",
          "1", ",", ".", "x", "ing"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=12), st.sampled_from([" ", "  ", ""]),
       st.integers(0, 80), st.integers(0, 80))
def test_the_same_match_as_a_search(words: list[str], space: str, lo: int, hi: int) -> None:
    text = space.join(words)
    found, gated = _BEFORE.search(text, lo, hi), search_gated(_BEFORE, text, lo, hi)
    assert (found and found.span()) == (gated and gated.span())
