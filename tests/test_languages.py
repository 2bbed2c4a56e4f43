"""timeline/languages.py: the one list of languages every way in accepts."""

from __future__ import annotations

import pytest

from timeline.languages import LANGUAGES, language_code


def test_our_languages_and_dateparsers_are_listed_once_in_order() -> None:
    assert {"ar", "en", "fr", "de"} <= set(LANGUAGES)
    assert sorted(set(LANGUAGES)) == LANGUAGES
    assert all(len(code) == 2 and code.islower() for code in LANGUAGES)


@pytest.mark.parametrize(("tag", "code"), [("en", "en"), ("en-GB", "en"), ("EN", "en"),
                                           ("ar_EG", "ar"), ("zh-Hant-TW", "zh"),
                                           ("klingon", "klingon")])
def test_language_code_is_the_tags_first_part(tag: str, code: str) -> None:
    assert language_code(tag) == code
