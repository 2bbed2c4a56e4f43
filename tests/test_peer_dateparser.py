"""The dateparser peer baseline: exact spans, TIMEX3 values at the right precision, no crash."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import dateparser.search
import pytest

from timeline.peers.dateparser_search import extract

DCT = datetime(2024, 11, 10, 12, 0)


def only(text: str, lang: str | None = "en", dct: datetime | None = DCT):
    mentions = extract(text, lang, dct)
    assert len(mentions) == 1, mentions
    return mentions[0]


def check_spans(text: str, mentions) -> None:
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.rule == "dateparser"
        assert m.earliest <= m.latest


SENTENCES = [
    ("en", "The talks ended on 7 November 2024 in Geneva."),
    ("en", "The war began in 2022 and escalated in October 2022."),
    ("en", "He arrived at 3:30 pm on 7 November 2024 and left yesterday evening."),
    ("en", "It happened last week; sales rose in Q3 2023."),
    ("en", "On  7\u00a0November 2024 they met.\n\nOn Monday  they left."),
    ("ar", "وصل الوفد في 7 نوفمبر 2024"),
    ("ar", "اندلعت الحرب في عام 2022 وتصاعدت في أكتوبر 2022"),
    ("ar", "في ١٥ مارس ٢٠٢٣ الساعة ١٠:٣٠"),
    ("ar", "اجتمعوا يوم الأربعاء، وعادوا أمس."),
]


@pytest.mark.parametrize(("lang", "text"), SENTENCES)
def test_spans_slice_the_text(lang, text):
    mentions = extract(text, lang, DCT)
    assert mentions
    check_spans(text, mentions)
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))


def test_full_date_english():
    text = "The talks ended on 7 November 2024 in Geneva."
    m = only(text)
    assert "7 November 2024" in m.text
    assert (m.type, m.value) == ("DATE", "2024-11-07")
    assert (m.earliest, m.latest) == ("2024-11-07", "2024-11-07")
    assert m.anchor == "absolute"
    assert m.mod is None


def test_year_only_and_month_year_precision():
    text = "The war began in 2022 and escalated in October 2022."
    year, month = extract(text, "en", DCT)
    assert "2022" in year.text and "October" not in year.text
    assert year.value == "2022"
    assert (year.earliest, year.latest) == ("2022-01-01", "2022-12-31")
    assert month.value == "2022-10"
    assert (month.earliest, month.latest) == ("2022-10-01", "2022-10-31")
    assert year.anchor == month.anchor == "absolute"


def test_month_interval_handles_leap_february():
    m = only("Prices fell in February 2024.")
    assert (m.value, m.earliest, m.latest) == ("2024-02", "2024-02-01", "2024-02-29")


def test_clock_time_is_time_type():
    text = "He arrived at 3:30 pm on 7 November 2024."
    m = only(text)
    assert "3:30 pm" in m.text
    assert (m.type, m.value) == ("TIME", "2024-11-07T15:30")
    assert (m.earliest, m.latest) == ("2024-11-07", "2024-11-07")


def test_seconds_kept_when_written():
    m = only("Filed at 10:15:42 on 2022-10-07.")
    assert (m.type, m.value) == ("TIME", "2022-10-07T10:15:42")


def test_relative_dates_use_dct_and_drop_its_timezone():
    dct = datetime(2024, 11, 10, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    m = only("She left yesterday.", dct=dct)
    assert m.text == "yesterday"
    assert (m.type, m.value) == ("DATE", "2024-11-09")
    assert m.anchor == "dct"


def test_day_without_year_takes_year_from_dct():
    m = only("They met on 7 March.")
    assert m.value == "2024-03-07"
    assert m.anchor == "dct"


def test_part_of_day():
    m = only("She left yesterday evening.")
    assert (m.type, m.value) == ("TIME", "2024-11-09TEV")


def test_week_and_quarter_precision():
    week, quarter = extract("It happened last week; sales rose in Q3 2023.", "en", DCT)
    assert week.value == "2024-W44"
    assert (week.earliest, week.latest) == ("2024-10-28", "2024-11-03")
    assert quarter.value == "2023-Q3"
    assert (quarter.earliest, quarter.latest) == ("2023-07-01", "2023-09-30")


def test_repeated_substring_gets_distinct_offsets():
    text = "7 November 2024 and 7 November 2024"
    first, second = extract(text, "en", DCT)
    assert (first.start, first.end) == (0, 15)
    assert (second.start, second.end) == (20, 35)
    assert first.value == second.value == "2024-11-07"


def test_whitespace_dateparser_collapses_still_gives_an_exact_span():
    text = "On  7\u00a0November 2024 they met."
    m = only(text)
    assert m.text == text[m.start : m.end]
    assert m.text.startswith("On  7\u00a0November")
    assert m.value == "2024-11-07"


def test_arabic_full_date():
    text = "وصل الوفد في 7 نوفمبر 2024"
    m = only(text, "ar")
    assert m.text.endswith("7 نوفمبر 2024")
    assert text[m.start : m.end] == m.text
    assert (m.type, m.value, m.anchor) == ("DATE", "2024-11-07", "absolute")


def test_arabic_year_and_month_precision():
    text = "اندلعت الحرب في عام 2022 وتصاعدت في أكتوبر 2022"
    year, month = extract(text, "ar", DCT)
    assert year.value == "2022" and "أكتوبر" not in year.text
    assert month.value == "2022-10" and "أكتوبر" in month.text
    check_spans(text, [year, month])


def test_arabic_indic_digits_and_time():
    text = "في ١٥ مارس ٢٠٢٣ الساعة ١٠:٣٠"
    m = only(text, "ar")
    assert (m.type, m.value, m.anchor) == ("TIME", "2023-03-15T10:30", "absolute")


def test_arabic_comma_not_part_of_the_span():
    text = "بدأت الأزمة عام 2022، ثم تفاقمت"
    m = only(text, "ar")
    assert m.text == "عام 2022"
    assert m.value == "2022"


def test_weekday_relative_to_dct_arabic():
    text = "اجتمعوا يوم الأربعاء، وعادوا أمس."
    values = [m.value for m in extract(text, "ar", DCT)]
    assert "2024-11-06" in values and "2024-11-09" in values


@pytest.mark.parametrize("lang", [None, "xx", "en-US", "EN"])
def test_language_missing_unknown_or_regional(lang):
    m = only("The talks ended on 7 November 2024.", lang=lang)
    assert m.value == "2024-11-07"


def test_no_dct():
    m = only("The talks ended on 7 November 2024.", dct=None)
    assert m.value == "2024-11-07"


def test_date_dct_is_accepted():
    m = only("She left yesterday.", dct=date(2024, 11, 10))
    assert m.value == "2024-11-09"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        ",,, ... ;",
        "\u200f\ufeff\U0001f642 \u2603 \x00 ...",
        "\ud800 lone surrogate",
        "99999999999999999999 days ago",
        "31 February 2023, 25:99, 9999-99-99T99:99",
        "\u0640" * 50,
        "2024 " * 200,
    ],
)
@pytest.mark.parametrize("lang", ["en", "ar", None])
def test_odd_input_does_not_crash(text, lang):
    mentions = extract(text, lang, DCT)
    assert isinstance(mentions, list)
    check_spans(text, mentions)


def test_dateparser_failure_gives_empty_list(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("odd input")

    monkeypatch.setattr(dateparser.search, "search_dates", boom)
    assert extract("The talks ended on 7 November 2024.", "en", DCT) == []


def test_dateparser_failure_on_whole_text_falls_back_to_lines(monkeypatch):
    real = dateparser.search.search_dates

    def fails_on_bad_line(text, *args, **kwargs):
        if "BAD" in text:
            raise ValueError("odd input")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(dateparser.search, "search_dates", fails_on_bad_line)
    text = "BAD line on 1 May 2020\nThe talks ended on 7 November 2024."
    m = only(text)
    assert m.value == "2024-11-07"
    assert text[m.start : m.end] == m.text
    assert m.start > text.index("\n")


def test_punctuation_only_and_unfindable_matches_are_dropped(monkeypatch):
    day = datetime(2024, 11, 7)

    def fake(text, *args, **kwargs):
        return [
            (" ... ", day, "day"),
            ("not in the text", day, "day"),
            ("7 November 2024", day, "day"),
        ]

    monkeypatch.setattr(dateparser.search, "search_dates", fake)
    text = "Talks: 7 November 2024."
    m = only(text)
    assert (m.start, m.end, m.value) == (7, 22, "2024-11-07")
