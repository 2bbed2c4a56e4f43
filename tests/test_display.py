"""Dates written for readers: words from each language's display resources."""

import pytest

from timeline.display import display_date


@pytest.mark.parametrize(("value", "mod", "lang", "expected"), [
    ("2022", "END", "ar", "أواخر 2022"),
    ("2022", "END", "en", "late 2022"),
    ("2024-11-06", None, "ar", "6 نوفمبر 2024"),
    ("2024-11-06T15:30", None, "en", "6 November 2024, 15:30"),
    ("2024-10", "APPROX", "en", "about October 2024"),
    ("2024-W45", None, "en", "week 45 of 2024"),
    ("2024-W46-WE", None, "en", "the weekend of 16 November 2024"),
    ("2024-W46-WE", None, "ar", "عطلة نهاية الأسبوع في 16 نوفمبر 2024"),
    ("2024-Q3", None, "ar", "الربع 3 من 2024"),
    ("2024-H2", None, "en", "second half of 2024"),
    ("2023-WI", None, "ar", "شتاء 2023"),
    ("199", None, "en", "1990s"),
    ("199", "START", "en", "early 1990s"),
    ("18", None, "en", "19th century"),
    ("20", "MID", "en", "mid-21st century"),
    ("18", "END", "ar", "أواخر القرن الـ19"),
    ("BC0044", None, "en", "44 BC"),
    ("BC0044", None, "ar", "44 ق.م"),
    ("BC04", None, "en", "5th century BC"),
    ("BC00", None, "en", "1st century BC"),
    ("0079", None, "en", "AD 79"),
    ("2022-02-XX", None, "en", "a day in February 2022"),
    ("2022-02-XX", None, "ar", "يوم من فبراير 2022"),
    ("2017-XX-XX", None, "en", "a day in 2017"),
    ("1940-WXX", None, "ar", "أسبوع من عام 1940"),
    ("2016-XX", None, "en", "a month in 2016"),
    # an unknown year stays as TimeML writes it
    ("XXXX-02-XX", None, "en", "XXXX-02-XX"),
    ("2016-XX-05", None, "en", "2016-XX-05"),
])
def test_display_in_the_readers_language(value, mod, lang, expected) -> None:
    assert display_date(value, mod, lang) == expected


def test_a_language_without_display_words_reads_english() -> None:
    assert display_date("2022-10", None, "fr") == "October 2022"


def test_values_off_the_calendar_are_shown_as_they_are() -> None:
    assert display_date("PAST_REF") == "PAST_REF"


def test_more_or_less_than_a_span_ago_reads_before_or_after_the_date() -> None:
    assert display_date("2024-03", "MORE_THAN", "en") == "before March 2024"
    assert display_date("2023", "LESS_THAN", "en") == "after 2023"
    assert display_date("P5M", "MORE_THAN", "en").startswith("more than")


@pytest.mark.parametrize(("value", "end", "lang", "expected"), [
    ("2016", "2018", "en", "2016 – 2018"),
    ("2016-04", "2018-02", "en", "April 2016 – February 2018"),
    ("2016", "2018", "ar", "من 2016 إلى 2018"),
    ("2016-04-02", "2016-04-09", "ar", "من 2 أبريل 2016 إلى 9 أبريل 2016"),
    ("2016", "2016", "en", "2016"),  # an end that is the start is no range
    ("2016", None, "en", "2016")])
def test_a_range_is_written_from_its_start_to_its_end(value: str, end: str | None, lang: str,
                                                      expected: str) -> None:
    assert display_date(value, None, lang, end) == expected
