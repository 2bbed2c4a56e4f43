"""timeline/assemble.py, display.py, search.py: entries from mentions, filters, pages."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.assemble import TimelineFilter, build_timeline, filter_timeline, page_after
from timeline.display import display_date
from timeline.search import search_terms

TEXT = ("انتهت الانتخابات في 5 نوفمبر 2024. وكانت الحملة بدأت في أواخر عام 2023. "
        "وقال مسؤول في وقت سابق إن النتائج ستعلن خلال يومين.")


def _mention(mid: int, text: str, value: str, earliest: str | None, latest: str | None,
             mtype: str = "DATE", mod: str | None = None, confidence: float = 0.9) -> dict:
    start = TEXT.index(text)
    return {"id": mid, "article_id": 1, "start": start, "end": start + len(text), "text": text,
            "type": mtype, "value": value, "mod": mod, "earliest": earliest, "latest": latest,
            "anchor": "absolute", "confidence": confidence, "rule": "r"}


MENTIONS = [
    _mention(1, "5 نوفمبر 2024", "2024-11-05", "2024-11-05", "2024-11-05"),
    _mention(2, "أواخر عام 2023", "2023", "2023-09-01", "2023-12-31", mod="END",
             confidence=0.6),
    _mention(3, "في وقت سابق", "PAST_REF", None, None),
    _mention(4, "يومين", "P2D", None, None, mtype="DURATION"),
]
ARTICLES = {1: {"title": "السباق إلى البيت الأبيض", "text": TEXT, "lang": "ar", "url": None,
                "source": "test", "published_at": "2024-11-07", "dct_inferred": False}}


def test_entries_are_dated_mentions_in_date_order_with_their_sentence() -> None:
    timeline = build_timeline(MENTIONS, ARTICLES)
    assert [e.id for e in timeline.entries] == ["m2", "m1"]
    assert [e.id for e in timeline.undated] == ["m3"]  # kept, not dropped; durations are out
    late = timeline.entries[0]
    assert late.display_date == "أواخر 2023" and late.display_date_en == "late 2023"
    assert late.text == "وكانت الحملة بدأت في أواخر عام 2023."
    assert late.flags.approximate and late.flags.vague and not late.flags.inferred_dct
    (source,) = late.sources
    assert TEXT[source.quote_start:source.quote_end] == late.text
    assert TEXT[source.mention_start:source.mention_end] == "أواخر عام 2023"


def test_inferred_reference_date_is_flagged_on_dct_anchored_entries() -> None:
    articles = {1: dict(ARTICLES[1], dct_inferred=True)}
    mention = dict(MENTIONS[0], anchor="dct")
    (entry,) = build_timeline([mention], articles).entries
    assert entry.flags.inferred_dct and not entry.flags.vague


@pytest.mark.parametrize(("wanted", "ids"), [
    (TimelineFilter(start=date(2024, 1, 1)), ["m1"]),
    (TimelineFilter(end=date(2023, 10, 1)), ["m2"]),  # overlap, not containment
    (TimelineFilter(start=date(2023, 12, 31), end=date(2024, 11, 5)), ["m2", "m1"]),
    (TimelineFilter(min_confidence=0.7), ["m1"]),
    (TimelineFilter(q="الحملة"), ["m2"]),
    (TimelineFilter(q="للانتخابات"), ["m1"]),  # same search rules as the article index
    (TimelineFilter(q="؟!"), []),
])
def test_filters(wanted: TimelineFilter, ids: list[str]) -> None:
    timeline = filter_timeline(build_timeline(MENTIONS, ARTICLES), wanted)
    assert [e.id for e in timeline.entries] == ids


def test_pages_follow_the_sort_key() -> None:
    entries = build_timeline(MENTIONS, ARTICLES).entries
    page, more = page_after(entries, None, 1)
    assert [e.id for e in page] == ["m2"] and more
    page, more = page_after(entries, page[-1].sort_key, 1)
    assert [e.id for e in page] == ["m1"] and not more
    assert page_after(entries, page[-1].sort_key, 1) == ([], False)


@pytest.mark.parametrize(("value", "mod", "lang", "expected"), [
    ("2024-11-06", None, "en", "6 November 2024"),
    ("2024-11-06", None, "ar", "6 نوفمبر 2024"),
    ("2024-09", None, "ar", "سبتمبر 2024"),
    ("2022", "END", "en", "late 2022"),
    ("2022", "START", "ar", "أوائل 2022"),
    ("2022-Q4", None, "en", "Q4 2022"),
    ("2024-W45", None, "en", "week 45 of 2024"),
    ("2024-SU", None, "en", "summer 2024"),
    ("202", None, "en", "2020s"),
    ("2024-11-06T10:30", None, "en", "6 November 2024, 10:30"),
    ("2022-02-24", "AFTER", "fr", "after 24 February 2022"),
])
def test_display_dates(value: str, mod: str | None, lang: str, expected: str) -> None:
    assert display_date(value, mod, lang) == expected


def test_search_terms_fold_spelling_and_article_prefixes() -> None:
    forms = ["الانتخابات", "للانتخابات", "الإنتخابات", "والانتخابات", "بالانتخابات"]
    assert {tuple(search_terms(f)) for f in forms} == {("انتخابات",)}
    assert search_terms("الوزير") == search_terms("وزير") == ["وزير"]
    assert search_terms("لأوكرانيا") == search_terms("أوكرانيا") == ["اوكرانيا"]
    assert search_terms("اللاعبين") == search_terms("لاعبين")
    assert search_terms("بأن") == ["بان"]  # too short to be a prefixed word
    assert search_terms("Elections, 2024!") == ["elections", "2024"]
