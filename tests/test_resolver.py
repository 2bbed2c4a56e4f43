"""Resolver: the calendar arithmetic behind TIMEX3 values (language-neutral fields)."""

from __future__ import annotations

from datetime import datetime

import pytest

from timeline.resolver import _easter, resolve

DCT = datetime(2024, 11, 7, 10, 30)  # a Thursday


@pytest.mark.parametrize(("year", "expected"), [
    (2013, "2013-03-31"), (2024, "2024-03-31"), (2025, "2025-04-20"), (2000, "2000-04-23"),
])
def test_easter(year: int, expected: str) -> None:
    assert _easter(year).isoformat() == expected


@pytest.mark.parametrize(("fields", "value"), [
    ({"nth": 1, "weekday": 2, "month": 11, "year": 2028}, "2028-11-07"),
    ({"nth": 3, "weekday": 2, "month": 9, "year": 2014}, "2014-09-16"),
    ({"nth": -1, "weekday": 1, "month": 3, "year": 2013}, "2013-03-25"),
    ({"nth": -1, "month": 10, "year": 2015}, "2015-10-31"),
    ({"nth": 1, "unit": "W", "month": 10, "year": 2014}, "2014-W41"),
    ({"nth": -1, "unit": "W", "month": 9, "year": 2014}, "2014-W39"),
    ({"nth": 5, "weekday": 1, "month": 2, "year": 2013}, None),  # no fifth Monday
])
def test_nth_in_month(fields: dict, value: str | None) -> None:
    res = resolve("date", fields, DCT, "past")
    assert (res.value if res else None) == value


def test_week_offset_weekday() -> None:
    assert resolve("date", {"weekday": 7, "week_offset": -1}, DCT, "past").value == "2024-11-03"


def test_month_offset_day() -> None:
    assert resolve("date", {"day": 20, "month_offset": -1}, DCT, "past").value == "2024-10-20"


def test_offsets_without_reference_date_are_unknown() -> None:
    assert resolve("date", {"day": 20, "month_offset": 1}, None, "past").value == "XXXX-XX-XX"


@pytest.mark.parametrize(("fields", "tense", "value"), [
    ({"hmonth": 9, "hyear": 1446}, "past", "2025-03"),
    ({"hmonth": 9, "year": 2019}, "past", "2019-05"),
    ({"hmonth": 10, "hday": 1}, "past", "2024-04-10"),
    ({"hmonth": 12, "hday": 10, "year": 2023}, "past", "2023-06-28"),
    ({"hmonth": 9}, "future", "2025-03"),
    ({"day": 30, "hmonth": 2, "hyear": 33}, "past", "2012-01-24"),
])
def test_hijri(fields: dict, tense: str, value: str) -> None:
    assert resolve("date", {**fields, "calendar": "hijri"}, DCT, tense).value == value


def test_hijri_without_reference_date() -> None:
    assert resolve("date", {"hmonth": 9, "calendar": "hijri"}, None, "past").value == "XXXX-XX"


def test_compound_duration() -> None:
    fields = {"count": 2, "unit": "M", "more": [{"count": 1, "unit": "D"},
                                                {"count": 2, "unit": "H"}]}
    assert resolve("duration", fields, DCT, "past").value == "P2M1DT2H"


@pytest.mark.parametrize(("more", "value"), [
    ([{"count": 7, "unit": "M"}], "2022-04"),
    ([{"count": 2, "unit": "D"}], "2022-11-05"),
])
def test_compound_offset_keeps_precision(more: list, value: str) -> None:
    fields = {"count": 2, "unit": "Y", "sign": -1, "more": more}
    assert resolve("offset", fields, DCT, "past").value == value


def test_fuzzy_and_plural_durations() -> None:
    assert resolve("duration", {"unit": "D", "fuzzy": 1}, DCT, "past").value == "PXD"
    assert resolve("duration", {"unit": "H", "plural": 1}, DCT, "past").value == "PTXH"
    assert resolve("offset", {"unit": "D", "plural": 1, "sign": -1}, DCT, "past").value == \
        "PAST_REF"


def test_clock_minutes_to_the_hour() -> None:
    fields = {"hour": 12, "minute_less": 15, "daypart": "am"}
    assert resolve("time", fields, DCT, "past").value == "2024-11-07T11:45"
    fields = {"hour": 5, "minute_less": 20, "daypart": "pm"}
    assert resolve("time", fields, DCT, "past").value == "2024-11-07T16:40"


def test_future_hour_already_past_is_afternoon() -> None:
    assert resolve("time", {"hour": 3}, DCT, "future").value == "2024-11-07T15"
    assert resolve("time", {"hour": 3}, DCT, "past").value == "2024-11-07T03"


def test_time_zone_suffix() -> None:
    assert resolve("time", {"hour": 8, "tz": "Z"}, DCT, "past").value == "2024-11-07T08Z"


def test_same_month_is_this_year_whatever_the_tense() -> None:
    assert resolve("date", {"month": 11, "day": 1}, DCT, "future").value == "2024-11-01"


def test_this_weekday_follows_tense() -> None:
    assert resolve("date", {"weekday": 1, "direction": 0}, DCT, "past").value == "2024-11-04"
    assert resolve("date", {"weekday": 1, "direction": 0}, DCT, "future").value == "2024-11-11"


def test_quarter_and_half() -> None:
    assert resolve("date", {"quarter": 1, "year_offset": 0}, DCT, "past").value == "2024-Q1"
    assert resolve("date", {"half": 2, "year": 2023}, DCT, "past").value == "2023-H2"


def test_weekend_and_hour_relative() -> None:
    assert resolve("relative", {"unit": "WE", "offset": 1}, DCT, "past").value == "2024-W46-WE"
    assert resolve("relative", {"unit": "H", "offset": 1}, DCT, "past").value == \
        "2024-11-07T11"


def test_decade_with_century() -> None:
    assert resolve("date", {"decade": 70, "century_base": 1900}, DCT, "past").value == "197"
    assert resolve("date", {"decade": 20, "century_base": 2000}, DCT, "past").value == "202"


@pytest.mark.parametrize(("hour", "value"), [(1, "T01"), (11, "T23"), (12, "T00"), (9, "T21")])
def test_night_hours(hour: int, value: str) -> None:
    res = resolve("time", {"hour": hour, "daypart": "night"}, DCT, "past")
    assert res.value == "2024-11-07" + value


def test_hijri_year_interval() -> None:
    res = resolve("date", {"hyear": 1445, "calendar": "hijri"}, DCT, "past")
    assert (res.value, str(res.earliest), str(res.latest)) == ("2023", "2023-07-19",
                                                                 "2024-07-06")


_TOMORROW = {"_kind": "relative", "unit": "D", "offset": 1}


@pytest.mark.parametrize(("quantity", "sign", "value"), [
    ({"count": 3, "unit": "W"}, 1, "2024-11-29"),
    ({"count": 1.5, "unit": "M"}, -1, "2024-09-23"),  # a month, then half of one as 15 days
    ({"count": 2, "unit": "H"}, 1, "2024-11-08T02"),  # an hour step gives a clock time
    ({"count": 1, "unit": "D", "more": [{"count": 30, "unit": "MIN"}]}, -1, "2024-11-06T23:30"),
])
def test_shifted_from_a_day(quantity: dict, sign: int, value: str) -> None:
    fields = {**quantity, "sign": sign, "shift_from": _TOMORROW}
    assert resolve("date", fields, DCT, "past").value == value


@pytest.mark.parametrize(("weekday", "day", "tense", "value"), [
    (5, 13, "past", "2024-09-13"),  # Friday the 13th: the last one before 7 November 2024
    (5, 13, "future", "2024-12-13"),
    (1, 31, "past", "2023-07-31"),  # Monday the 31st: 15 months back
    (1, 31, "future", "2025-03-31"),
])
def test_weekday_on_day_of_month(weekday: int, day: int, tense: str, value: str | None) -> None:
    res = resolve("date", {"weekday": weekday, "day": day}, DCT, tense)
    assert (res.value if res else None) == value
