"""Resolver: the calendar arithmetic behind TIMEX3 values (language-neutral fields)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from timeline import resolver
from timeline.calendars import easter
from timeline.resolver import _memo_key, resolve

DCT = datetime(2024, 11, 7, 10, 30)  # a Thursday


@pytest.mark.parametrize(("year", "expected"), [
    (2013, "2013-03-31"), (2024, "2024-03-31"), (2025, "2025-04-20"), (2000, "2000-04-23"),
])
def test_easter(year: int, expected: str) -> None:
    assert easter(year).isoformat() == expected


@pytest.mark.parametrize(("fields", "value"), [
    ({"nth": 1, "weekday": 2, "month": 11, "year": 2028}, "2028-11-07"),
    ({"nth": 3, "weekday": 2, "month": 9, "year": 2014}, "2014-09-16"),
    ({"nth": -1, "weekday": 1, "month": 3, "year": 2013}, "2013-03-25"),
    ({"nth": -1, "month": 10, "year": 2015}, "2015-10-31"),
    ({"nth": 1, "unit": "W", "month": 10, "year": 2014}, "2014-W41"),
    ({"nth": -1, "unit": "W", "month": 9, "year": 2014}, "2014-W39"),
    ({"nth": -1, "unit": "W", "month": 12, "year": 2016}, "2016-W52"),  # 26 Dec to 1 Jan
    ({"nth": -2, "weekday": 5, "month": 6, "year": 2024}, "2024-06-21"),  # penultimate Friday
    ({"nth": -2, "month": 10, "year": 2015}, "2015-10-30"),
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


@pytest.mark.parametrize(("fields", "value"), [
    ({"nth": 10, "unit": "W", "year_offset": 0}, "XXXX-W10"),  # week 10
    ({"nth": 1, "unit": "W", "year_offset": 1}, "XXXX-W01"),  # the first week of next year
    ({"nth": -1, "unit": "W", "year_offset": 1}, "XXXX-WXX"),  # the last: counted from an end
])
def test_week_number_without_reference_date(fields: dict, value: str) -> None:
    assert resolve("date", fields, None, "past").value == value


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


# twelve at night is the midnight that ends the day, as "midnight" is (T24)
@pytest.mark.parametrize(("hour", "value"), [(1, "T01"), (11, "T23"), (12, "T24"), (9, "T21")])
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

@pytest.mark.parametrize(("year", "expected"), [
    (2018, "2018-04-08"), (2023, "2023-04-16"), (2024, "2024-05-05"), (2025, "2025-04-20"),
])
def test_orthodox_easter(year: int, expected: str) -> None:
    assert easter(year, "orthodox").isoformat() == expected


@pytest.mark.parametrize(("fields", "tense", "value"), [
    ({"easter": 0}, "past", "2024-03-31"),
    ({"easter": 0}, "future", "2025-04-20"),
    ({"easter": 0, "direction": -1}, "future", "2024-03-31"),
    ({"easter": 0, "direction": 1}, "past", "2025-04-20"),
    ({"easter": -48, "church": "orthodox", "year": 2018}, "past", "2018-02-19"),  # Clean Monday
    ({"easter": 49, "year_offset": -1}, "past", "2023-05-28"),  # Pentecost last year
    ({"nth": 4, "weekday": 4, "month": 11, "shift": 1, "year": 2017}, "past", "2017-11-24"),
])
def test_movable_feasts(fields: dict, tense: str, value: str) -> None:
    assert resolve("date", fields, DCT, tense).value == value


@pytest.mark.parametrize(("fields", "tense", "value"), [
    ({"hmonth": 10, "hday": 1, "year": 2018}, "past", "2018-06-15"),  # Eid al-Fitr 2018
    ({"hmonth": 12, "hday": 10, "year": 1974}, "past", "1974-01-03"),  # Eid al-Adha 1393
    ({"hmonth": 12, "hday": 10}, "past", "2024-06-16"),
    ({"hmonth": 12, "hday": 10}, "future", "2025-06-06"),
    ({"hmonth": 12, "hday": 10, "year_offset": 1}, "past", "2025-06-06"),
    ({"hmonth": 9, "weekday": 5, "nth": -1, "year": 2018}, "past", "2018-06-08"),
    ({"hmonth": 9, "weekday": 5, "nth": -1}, "past", "2024-04-05"),
])
def test_hijri_feasts(fields: dict, tense: str, value: str) -> None:
    assert resolve("date", {**fields, "calendar": "hijri"}, DCT, tense).value == value


@pytest.mark.parametrize(("fields", "value"), [
    ({"hmonth": 10, "hday": 1, "year": 1900}, "1900"),  # before the Umm al-Qura tables
    ({"hmonth": 10, "hday": 1, "year": 2100}, "2100"),  # after them
    ({"hmonth": 10, "hday": 1, "hyear": 1600}, "XXXX"),
])
def test_hijri_out_of_range_keeps_what_is_known(fields: dict, value: str) -> None:
    assert resolve("date", {**fields, "calendar": "hijri"}, DCT, "past").value == value
    far = datetime(2090, 1, 1)  # a reference date beyond the tables: no crash either
    assert resolve("date", {"hmonth": 10, "hday": 1, "calendar": "hijri"}, far, "past") \
        is not None


@pytest.mark.parametrize(("fields", "tense", "value"), [
    ({"hmonth": 7, "hday": 10, "year": 2018}, "past", "2018-09-19"),  # Yom Kippur
    ({"hmonth": 7, "hday": 22, "year": 2023}, "past", "2023-10-07"),  # Simchat Torah (Israel)
    ({"hmonth": 12, "hday": 14, "year": 2024}, "past", "2024-03-24"),  # Purim in Adar II
    ({"hmonth": 12, "hday": 14, "year": 2023}, "past", "2023-03-07"),  # Purim, common year
    ({"hmonth": 1, "hday": 15}, "past", "2024-04-23"),  # Passover
    ({"hmonth": 1, "hday": 15}, "future", "2025-04-13"),
    ({"hmonth": 9, "hday": 25, "direction": -1}, "future", "2023-12-08"),  # last Hanukkah
])
def test_hebrew_feasts(fields: dict, tense: str, value: str) -> None:
    assert resolve("date", {**fields, "calendar": "hebrew"}, DCT, tense).value == value


def test_hebrew_without_reference_date() -> None:
    fields = {"hmonth": 7, "hday": 10, "calendar": "hebrew"}
    assert resolve("date", fields, None, "past").value == "XXXX-XX-XX"


@pytest.mark.parametrize(("fields", "value"), [
    ({"easter": 0, "from_feast": 1, "count": 3, "unit": "D", "sign": 1}, "2024-04-03"),
    ({"month": 12, "day": 25, "from_feast": 1, "count": 2, "unit": "W", "sign": -1,
      "year": 2016}, "2016-12-11"),
    ({"nth": 1, "weekday": 1, "month": 9, "feast_weekend": 1, "year": 2021}, "2021-W35-WE"),
    ({"month": 10, "day": 31, "feast_weekend": 1, "year": 2021}, "2021-W43-WE"),
])
def test_counted_from_a_feast(fields: dict, value: str) -> None:
    assert resolve("date", fields, DCT, "past").value == value


@pytest.mark.parametrize(("year", "value"), [
    (2018, "2018-04-19"),  # 5 Iyar on a Friday: the Thursday before
    (2023, "2023-04-26"),  # a Wednesday: kept
    (2024, "2024-05-14"),  # 5 Iyar on a Monday: the Tuesday after
])
def test_hebrew_day_moved_by_its_weekday(year: int, value: str) -> None:
    fields = {"hmonth": 2, "hday": 5, "calendar": "hebrew", "year": year,
              "moves": {"5": -1, "6": -2, "1": 1}}
    assert resolve("date", fields, DCT, "past").value == value


@pytest.mark.parametrize(("mod", "earliest", "latest"), [
    (None, "2024-03-11", "2024-04-09"),  # Ramadan 1445, all of it
    ("START", "2024-03-11", "2024-03-20"),
    ("MID", "2024-03-21", "2024-03-30"),
    ("END", "2024-03-31", "2024-04-09"),  # "late Ramadan": its 21st day to its last
    ("BEFORE", None, "2024-03-10"),
])
def test_part_of_a_hijri_month(mod: str | None, earliest: str | None, latest: str) -> None:
    fields = {"hmonth": 9, "calendar": "hijri", "year": 2024}
    if mod:
        fields["mod"] = mod
    res = resolve("date", fields, DCT, "past")
    assert res.value == "2024-03"
    assert (res.earliest and res.earliest.isoformat(), res.latest.isoformat()) == \
        (earliest, latest)


@pytest.mark.parametrize(("nth", "year", "value"), [
    (1, 2015, "2015-W01"), (-1, 2015, "2015-W53"), (-1, 2016, "2016-W52"), (53, 2016, None),
])
def test_nth_week_of_year(nth: int, year: int, value: str | None) -> None:
    res = resolve("date", {"nth": nth, "unit": "W", "year": year}, DCT, "past")
    assert (res.value if res else None) == value


@pytest.mark.parametrize(("year", "year_to", "latest"), [
    (2016, 17, "2017-12-31"), (1999, 0, "2000-12-31"), (1994, 97, "1997-12-31"), (2016, 3, None),
])
def test_span_of_years(year: int, year_to: int, latest: str | None) -> None:
    res = resolve("date", {"year": year, "year_to": year_to}, DCT, "past")
    assert (res.latest.isoformat() if res else None) == latest


@pytest.mark.parametrize(("fields", "value", "end_value"), [
    ({"hour": 11, "hour_to": 1, "daypart": "pm"}, "2024-11-07T11", "2024-11-07T13"),
    ({"hour": 11, "daypart": "pm", "hour_to": 3, "daypart_to": "am"}, "2024-11-07T23",
     "2024-11-08T03"),  # into the next day
    ({"hour": 1, "minute": 30, "hour_to": 3, "minute_to": 45, "daypart_to": "pm"},
     "2024-11-07T13:30", "2024-11-07T15:45"),  # the start takes the end's p.m.
])
def test_span_of_clock_times(fields: dict, value: str, end_value: str) -> None:
    res = resolve("time", fields, DCT, "past")
    assert (res.value, res.end_value) == (value, end_value)

def test_a_feast_of_several_days_keeps_its_first_day_as_value() -> None:
    hajj = resolve("date", {"hmonth": 12, "hday": 8, "days": 5, "calendar": "hijri",
                            "year": 2024}, DCT, "past")
    assert (hajj.value, str(hajj.earliest), str(hajj.latest)) == \
        ("2024-06-14", "2024-06-14", "2024-06-18")
    passover = resolve("date", {"hmonth": 1, "hday": 15, "days": 7, "calendar": "hebrew",
                                "year": 2024}, DCT, "past")
    assert (passover.value, str(passover.latest)) == ("2024-04-23", "2024-04-29")


def test_lent_runs_from_ash_wednesday_to_holy_saturday() -> None:
    lent = resolve("date", {"easter": -46, "days": 46, "year": 2024}, DCT, "past")
    assert (lent.value, str(lent.earliest), str(lent.latest)) == \
        ("2024-02-14", "2024-02-14", "2024-03-30")


def test_a_near_coming_feast_wins_with_nearest() -> None:
    eve = datetime(2025, 2, 27)  # two days before Ramadan 1446, ten months after Ramadan 1445
    fields = {"hmonth": 9, "calendar": "hijri"}
    assert resolve("date", fields, eve, "past").value == "2024-03"
    assert resolve("date", {**fields, "nearest": 3}, eve, "past").value == "2025-03"
    may = datetime(2024, 5, 20)  # six weeks after Ramadan 1445: still the last one
    assert resolve("date", {**fields, "nearest": 3}, may, "past").value == "2024-03"


def test_memoised_answers_are_each_callers_own() -> None:
    first = resolve("date", {"month": 9}, DCT, "past")
    first.anchor = "narrative"  # what a caller may do to its answer
    second = resolve("date", {"month": 9}, DCT, "past")
    assert second is not first
    assert (second.value, second.anchor) == ("2024-09", "dct")


def test_memo_keys_only_inputs_that_compare_safely() -> None:
    assert _memo_key("date", {"month": 9, "part": None}, DCT, "past") is not None
    assert _memo_key("date", {"month": 9}, None, "past") is not None
    # 1.0 == True == 1, and one instant is equal in every time zone: never a shared key
    assert _memo_key("duration", {"count": 1.0, "unit": "Y"}, DCT, "past") is None
    assert _memo_key("duration", {"count": True, "unit": "Y"}, DCT, "past") is None
    assert _memo_key("date", {"mods": ["APPROX"]}, DCT, "past") is None
    aware = DCT.replace(tzinfo=timezone(timedelta(hours=14)))
    assert _memo_key("date", {"month": 9}, aware, "past") is None


def test_memo_starts_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resolver, "_MEMO_LIMIT", 1)
    assert resolve("date", {"month": 9}, DCT, "past").value == "2024-09"
    assert resolve("date", {"month": 10}, DCT, "past").value == "2024-10"
    assert len(resolver._MEMO) == 1


def test_a_range_never_ends_before_it_starts() -> None:
    sunday, thursday = {"weekday": 7, "_kind": "date"}, {"weekday": 4, "_kind": "date"}
    past = resolve("date", {"range_from": sunday, "range_to": thursday}, DCT, "past")
    assert (past.value, past.end_value) == ("2024-11-03", "2024-11-07")  # DCT is a Thursday
    ahead = resolve("date", {"range_from": {**sunday, "direction": 1}, "range_to": thursday},
                    DCT, "future")
    assert (ahead.value, ahead.end_value) == ("2024-11-10", "2024-11-14")


@pytest.mark.parametrize(("fields", "earliest", "latest"), [
    ({"unit": "D", "count": 3, "direction": 1}, "2024-11-08", "2024-11-10"),
    ({"unit": "D", "count": 3, "direction": -1}, "2024-11-04", "2024-11-06"),
    ({"unit": "M", "count": 6, "direction": -1}, "2024-05-07", "2024-11-06"),
    ({"unit": "W", "count": 2, "direction": 1}, "2024-11-08", "2024-11-21"),
])
def test_a_counted_stretch_lies_beside_the_reference_day(fields: dict, earliest: str,
                                                         latest: str) -> None:
    res = resolve("duration", fields, DCT, "past")
    assert (res.type, str(res.earliest), str(res.latest)) == ("DURATION", earliest, latest)


def test_every_listed_holiday_is_in_its_calendar() -> None:
    """Each holiday the resources read from a public-holiday calendar is named there (a
    renamed entry in a new release of the `holidays` package would otherwise go unnoticed)."""
    from timeline.calendars import _listed_days
    from timeline.lang import available_languages, load_resources

    listed = {(str(f["country"]), str(f["listed"]))
              for lang in available_languages()
              for table in load_resources(lang)["tables"].values()
              for f in table.values() if isinstance(f, dict) and f.get("calendar") == "listed"}
    assert listed
    assert [entry for entry in sorted(listed) if not _listed_days(*entry, 2024)] == []


@pytest.mark.parametrize(("fields", "dct", "value"), [
    ({"country": "IN", "listed": "Diwali", "year": 2018}, DCT, "2018-11-07"),
    ({"country": "IN", "listed": "Diwali"}, DCT, "2024-10-31"),  # the latest, in a past report
    ({"country": "IN", "listed": "Diwali", "year": 2070}, DCT, "2070"),  # beyond the tables
    ({"country": "IN", "listed": "Diwali"}, None, "XXXX-XX-XX"),
])
def test_listed_holiday(fields: dict, dct: datetime | None, value: str) -> None:
    res = resolve("date", {**fields, "calendar": "listed"}, dct, "past")
    assert res.value == value

@pytest.mark.parametrize(("fields", "value"), [
    ({"nth": -3, "unit": "W", "year": 2018}, "2018-W50"),  # the 3rd last week of 2018
    ({"nth": 31, "unit": "W", "year_offset": 0}, "2024-W31"),  # "week 31"
    ({"nth": 23, "unit": "W", "year_offset": 0, "weekday": 2}, "2024-06-04"),
])
def test_weeks_of_a_year(fields: dict, value: str) -> None:
    assert resolve("date", fields, DCT, "past").value == value


@pytest.mark.parametrize(("year", "value"), [
    (45, "1945-03-18"),  # 2045 is 20 years or more after 2024: the last century
    (40, "2040-03-18"),
    (7, "2007-03-18"),
    (50, "1950-03-18"),
    (99, "1999-03-18"),
])
def test_two_digit_year_near_the_reference_date(year: int, value: str) -> None:
    got = resolve("date", {"year": year, "month": 3, "day": 18}, DCT, "past")
    assert got.value == value


def test_two_digit_year_without_reference_date() -> None:
    assert resolve("date", {"year": 40, "month": 3, "day": 18}, None, "past").value == \
        "2040-03-18"


def test_weekday_picks_the_year_beside_where_it_fits() -> None:
    # Friday 18 July: 2025 (2024's is a Thursday); a weekday that fits no year near is a slip
    fri = resolve("date", {"weekday": 5, "month": 7, "day": 18}, DCT, "past")
    assert fri.value == "2025-07-18"
    thu = resolve("date", {"weekday": 4, "month": 7, "day": 18}, DCT, "past")
    assert thu.value == "2024-07-18"


@pytest.mark.parametrize(("fields", "value"), [
    ({"weekday": 5, "direction": 1, "weeks_after": 1}, "2024-11-15"),  # Friday after next
    ({"weekday": 5, "direction": 1, "nth_ahead": 3}, "2024-11-22"),  # three Fridays from now
    ({"weekday": 6, "direction": -1, "nth_ahead": 2}, "2024-10-26"),  # two Saturdays ago
])
def test_weekdays_counted(fields: dict, value: str) -> None:
    assert resolve("date", fields, DCT, "past").value == value


def test_bounded_shift_keeps_its_mod() -> None:
    fields = {"count": 2, "unit": "W", "sign": -1, "mod": "BEFORE",
              "shift_from": {"_kind": "relative", "unit": "D", "offset": 0}}
    got = resolve("date", fields, DCT, "past")
    assert (got.value, got.mod) == ("2024-10-24", "BEFORE")


def test_weekday_of_the_week_reached_from_a_feast() -> None:
    fields = {"month": 12, "day": 25, "from_feast": 1, "count": 3, "unit": "W", "sign": 1,
              "weekday": 5}
    assert resolve("date", fields, DCT, "future").value == "2025-01-17"

