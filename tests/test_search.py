"""Search forms: clitic prefixes from the language resources, the same for index and query."""

import pytest

from timeline.search import TermIndex, matches, search_terms


@pytest.mark.parametrize(("word", "term"), [
    ("للانتخابات", "انتخابات"),
    ("والانتخابات", "انتخابات"),
    ("الإنتخابات", "انتخابات"),
    ("لأوكرانيا", "اوكرانيا"),
    ("وزير", "وزير"),      # a bare و stays where no alef follows: not a clitic there
    ("بيان", "بيان"),
    ("elections", "elections"),
])
def test_one_term_for_every_spelling(word: str, term: str) -> None:
    assert search_terms(word) == [term]


def test_query_and_text_meet_on_the_same_terms() -> None:
    assert matches(search_terms("الانتخابات"), "فاز ترامب في للانتخابات الرئاسية")
    assert not matches(search_terms("الحرب"), "فاز ترامب في الانتخابات")


def test_term_index_answers_like_matches() -> None:
    index = TermIndex([["بعد الانتخابات الأمريكية"], ["الحرب في أوكرانيا"], ["Election day"]])
    assert index.matching("للانتخابات") == [0]
    assert index.matching("أوكرانيا") == [1]
    assert index.matching("") == []
