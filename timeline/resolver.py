"""Turn a candidate's raw fields into a TIMEX3 type, value, mod and calendar interval.

Fields the engine understands (languages produce them through tables and rule `set`s):
year, month, day, weekday (1 = Monday), hour, minute, second, daypart (am, pm, night…),
offset + unit (a relative period: "yesterday" is offset -1, unit D), count + unit (+ sign)
(a quantity: "three days ago" / "three days"), fraction, direction (-1 last / 0 this / +1 next,
for weekdays and months), part (START, MID, END), mod, season, decade, century,
calendar + hmonth/hyear (Hijri) or hmonth/hday (calendar = "hebrew")
or country + listed (calendar = "listed": a holiday as a country's public calendar names it),
moves (the days a holiday moves when it falls on a given weekday: Hebrew and fixed dates),
easter (+ church = "orthodox"), days (a feast kept several days), shift (days after an
nth-weekday or listed holiday, or after a bare weekday: "overnight into Monday" is Sunday's
night), weeks_after (weeks after the weekday found: "Friday after next"),
nth_ahead (the nth such weekday in its direction: "three Fridays from now"), weekday_of_week
with count + unit (that weekday of the week the count reaches: "Monday two weeks from now"),
from_feast / feast_weekend (a day counted from a holiday, + step_weekday the first such
weekday after or before it: "the Monday after Thanksgiving"; a holiday's
weekend), feast_week (the calendar week of a holiday: "Thanksgiving week"; + week_step and
sign, the week after or before it: "the week after Christmas"), value/type
(fixed values such as PAST_REF), range_from/to; the end of a span written as one expression:
day_to ("24-30 November"; with roll 1 an end day before the start is in
the next month, with roll -1 the start is in the month before), year_to ("2016-17"),
hour_to/minute_to/daypart_to ("5 to 6pm"), length (a span of clock times or of days from its
start: "a week starting tomorrow"), reported as `end_value`; shift_from + sign (a quantity
counted from a day: "three weeks from tomorrow"); nth + unit W + year (an ISO week of a
year); weekday + day with no month (the nearest month where that day is that weekday: "Friday
the 13th"); or_day with nth + weekday + month (the ordinal may be the day of the month:
that day when it falls on the weekday);
night_of_day (a day's night, which runs past midnight: a clock time before 05:00 with it
falls on the next calendar day, "Friday night at 2 a.m." is Saturday 02:00);
happened (the text says the day is past: "began on Oct. 21" is never ahead of the DCT);
current (a word naming the current month after a day of it, which no tense moves: "from
20 to 29 of the current November", written on the 21st, is this November's);
just_past (a season of this year said to be past: "this past winter" in July is the one that
ended in February);
future_offset (the offset a relative period takes in a future clause instead of its own:
"will continue over the weekend"); same_day (a bare weekday ahead may be the reference date's
own day, as news that names today by its weekday writes it); next_from_month (a relative
year that is the next one from this month of the reference date on: "the new year" written in
December is the coming year, in January the one just begun); completed (a relative
year reported in a past clause, in the reference year's first `completed` months, is the one
before: "for the full year, net income rose" in February); year_shift (whole years the
reference day moves for a relative period: "five years ago today"); era (BC: "44 BC" is
BC0044); turn (the year one century gives way to the next: "the turn of the century");
tz (a clock time's offset from UTC, "Z" or "+01:00"; "local" none) and zone (the IANA zone
of a place, whose offset on the day, summer time included, replaces tz where the system's
time zone database knows it: "3 p.m. Paris time" in July is +02:00).

Dates without a year or a direction follow the clause's tense around the reference date
(DCT): a past report points back to the latest such day or month, a future one forward.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from timeline.calendars import easter_fields, festival, hebrew, hijri, listed
from timeline.intervals import DAY, interval
from timeline.resolved import Resolved, finish, unknown_value

# a day and its clock time in a TIME value: 2016-11-07T10:30
TIME_OF_DAY = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}(?::[0-9]{2}){0,2})")
_UNIT_ORDER = {"Y": 0, "Q": 1, "M": 2, "W": 3, "D": 4, "H": 5, "MIN": 6, "S": 7}
TIME_UNITS = frozenset({"H", "MIN", "S"})  # units of the clock: hours, minutes, seconds
_PM_DAYPARTS = {"pm", "afternoon", "evening", "night"}
_HALF_DAYS = {"am": "pm", "pm": "am"}  # each half of the day and the half after it
# "five in the evening": a TIMEX3 part of the day tells the half of the clock
_DAYPART_OF_VALUE = {"MO": "am", "AF": "afternoon", "EV": "evening", "NI": "night"}


def resolve(kind: str, fields: dict[str, Any], dct: datetime | None, tense: str
            ) -> Resolved | None:
    """Resolve one candidate; None when its fields do not make a real date.

    News repeats its expressions ("last week", "2024") under one reference date, so answers
    are memoised by their inputs; each caller gets a copy of its own, since callers adjust
    what they get (the anchor of a narrative reading).
    """
    key = _memo_key(kind, fields, dct, tense)
    if key is None:
        return _resolve(kind, fields, dct, tense)
    found = _MEMO.get(key, _UNSEEN)
    if found is _UNSEEN:
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        res = _resolve(kind, fields, dct, tense)
        # (kept as the tuple of its fields: a copy is then made in one call)
        found = _MEMO[key] = None if res is None else (
            res.type, res.value, res.mod, res.earliest, res.latest, res.anchor, res.confidence,
            res.end_value)
    return None if found is None else Resolved(*found)


_MEMO: dict[tuple[Any, ...], Any] = {}
_MEMO_LIMIT = 10_000  # answers kept before the memo starts over (a few MB)
_UNSEEN = object()
# field values a memo key may hold: a float or bool would be equal to an int (1.0 == True ==
# 1) and could read differently, a list or dict cannot be hashed
_PLAIN = frozenset({str, int, type(None)})


def _memo_key(kind: str, fields: dict[str, Any], dct: datetime | None, tense: str
              ) -> tuple[Any, ...] | None:
    """The inputs as a key, or None when they cannot be one: a field value that is not
    plain, or a reference time that is not a naive datetime (aware ones are equal across
    time zones while their calendar days differ)."""
    if dct is not None and (type(dct) is not datetime or dct.tzinfo is not None):
        return None
    for value in fields.values():
        if type(value) not in _PLAIN:
            return None
    # the names, then the values: as many of each, so two keys are equal only for the same
    # fields (no pair of each made and hashed, as `fields.items()` would)
    return (kind, dct, tense, *fields, *fields.values())


def _resolve(kind: str, fields: dict[str, Any], dct: datetime | None, tense: str
             ) -> Resolved | None:
    try:
        if "range_from" in fields:
            return _range(kind, fields, dct, tense)
        if "shift_from" in fields:
            return _shifted(fields, dct, tense)
        if "length" in fields and kind != "time":
            return _day_span(kind, fields, dct, tense)
        if kind == "date" and "daypart_value" in fields:
            kind = "time"  # "the morning of 7 October"
        handler = _HANDLERS.get(kind)
        return handler(fields, dct, tense) if handler else None
    except (ValueError, OverflowError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------- helpers


def _shift_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _full_year(short: int, today: date | None) -> int:
    """The year a two-digit year stands for: the one from 80 years before the reference
    date to 19 after ("03/18/40" written in 2018 is 1940, "7/8/07" 2007); with no reference
    date, 2000-2049 or 1950-1999."""
    if today is None:
        return short + (2000 if short < 50 else 1900)
    year = today.year // 100 * 100 + short
    if year >= today.year + 20:
        year -= 100
    elif year < today.year - 80:
        year += 100
    return year


def _year_of_weekday(year: int, month: int, day: int, weekday: int, today: date) -> int:
    """A day written with its weekday ("Fri, Jul 18") is in the year, of the one chosen, the
    reference date's and those on either side of each, where it falls on that weekday (the
    nearest to the reference date); when none fits, the weekday is taken for a slip and the
    year stays."""
    fits = []
    for y in sorted({year, year - 1, year + 1, today.year - 1, today.year, today.year + 1}):
        try:
            if date(y, month, day).isoweekday() == weekday:
                fits.append(y)
        except ValueError:
            continue
    if not fits or year in fits:
        return year
    return min(fits, key=lambda y: abs((date(y, month, day) - today).days))


def _kept_on(day: date, moves: dict[str, Any]) -> date:
    """The day a holiday is kept when it falls on a given weekday (ISO number as a string ->
    days to move: {"6" = -1, "7" = 1} keeps a weekend day on the nearest workday)."""
    return day + timedelta(days=int(dict(moves).get(str(day.isoweekday()), 0)))


def _year_for(month: int, day: int | None, dct: date, tense: str, direction: int | None) -> int:
    if direction == 2:  # "March after next": a year after the next one
        return _year_for(month, day, dct, tense, 1) + 1
    if direction == 0 and tense == "future" and day is not None and (month, day) < \
            (dct.month, dct.day):
        return dct.year + 1  # "this Christmas will be quiet" written on 28 December
    if direction == 0 or (direction is None and month == dct.month):
        return dct.year  # "this November"; "on 1 February" written in February
    here = (dct.month, dct.day if day is not None else 0)
    there = (month, day if day is not None else 0)
    if direction == 1:  # "next June" written in June: the next year's June
        return dct.year if there > here else dct.year + 1
    if direction is None and tense == "future":
        return dct.year if there >= here else dct.year + 1
    if direction == -1:  # "last June" written in June: the last year's June
        return dct.year if there < here else dct.year - 1
    return dct.year if there <= here else dct.year - 1


def _weekday_date(weekday: int, dct: date, tense: str, direction: int | None,
                  same_day: bool = False) -> date:
    """The weekday in the clause's direction; with `same_day`, a coming one may be the
    reference date itself ("the convention opens Monday", written on Monday)."""
    delta = weekday - dct.isoweekday()
    if direction == 1:
        return dct + timedelta(days=delta % 7 or 7)
    if direction == -1:
        return dct - timedelta(days=(-delta) % 7 or 7)
    if direction == 0 and tense == "future":  # "this Monday" ahead: the coming one
        return dct + timedelta(days=delta % 7)
    if direction == 0:  # "this Monday" in a report: the one in the current week
        return dct + timedelta(days=delta)
    if tense == "future":
        return dct + timedelta(days=delta % 7 or (0 if same_day else 7))
    return dct - timedelta(days=(-delta) % 7)


def _clock(fields: dict[str, Any]) -> str | None:
    if "hour" not in fields:
        return None
    hour = int(fields["hour"])
    minute = int(fields.get("minute", 0)) + int(fields.get("minute_offset", 0))
    if "minute_less" in fields:  # "a quarter to twelve": the hour before, first
        hour, minute = hour - 1, minute + 60 - int(fields["minute_less"])
        # "three minutes to five thirty": 87 minutes past four is 05:27 (a minute of 60 or
        # more written out, "two sixty", stays no clock time)
        hour, minute = hour + minute // 60, minute % 60
    if minute < 0:
        hour, minute = hour - 1, minute + 60
    own = fields.get("daypart")
    part = own or fields.get("daypart_to") or \
        _DAYPART_OF_VALUE.get(fields.get("daypart_value", ""))
    # one am/pm for both ends of a span, unless it was written after the start ("10 p.m. to
    # 2:30": `start_half`)
    shared = not own or ("daypart_to" not in fields and not fields.get("start_half"))
    if part in _PM_DAYPARTS and shared and "hour_to" in fields and \
            int(fields["hour_to"]) % 12 < hour % 12:
        part = "am"  # "11 to 1 pm", "11:30 to 1:15 p.m.": the span starts before noon
    elif part == "am" and own and shared and "hour_to" in fields and \
            int(fields["hour_to"]) % 12 < hour % 12:
        part = "pm"  # "from 11 to 3 a.m.": the span starts the evening before
    elif part == "noon" and shared and "hour_to" in fields and \
            hour < int(fields["hour_to"]) <= 12:
        part = "am"  # "بين 10 و12 ظهرا": a span that ends at noon starts in the morning
    if part in ("night", "evening") and hour == 12:
        hour = 24  # "twelve at night", "tonight at 12": the midnight that ends the day
    elif part == "night" and hour < 5:
        hour %= 12  # "one at night" is 01:00
    elif part in _PM_DAYPARTS and hour < 12:
        hour += 12
    elif part in ("am", "morning") and hour == 12:
        hour = 0
    elif part == "noon" and hour < 11:
        hour += 12
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        raise ValueError("bad clock time")
    text = f"T{hour:02d}"  # 24:00 is the end of its day (TIMEX3): "midnight Friday"
    if minute or any(k in fields for k in ("minute", "minute_offset", "minute_less")):
        text += f":{minute:02d}"
    if "second" in fields:
        text += f":{int(fields['second']):02d}"
    return text


# ---------------------------------------------------------------- kinds

def _calendar_date(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    if fields.get("from_feast") or fields.get("feast_weekend") or fields.get("feast_week"):
        return _from_feast(fields, dct, tense)
    today = dct.date() if dct else None
    if "year_offset" in fields and ("easter" in fields or "calendar" in fields):
        if today is None:  # "Easter next year" with no reference date
            return finish("DATE", unknown_value(fields), fields, "dct", 0.3)
        fields = {**fields, "year": today.year + int(fields["year_offset"])}
        del fields["year_offset"]
    if "easter" in fields:
        if today is None and "year" not in fields:  # "Lent" with no reference date
            return finish("DATE", "XXXX-XX-XX", fields, "dct", 0.5)
        fields = easter_fields(fields, today, tense)
    if fields.get("calendar") == "hijri":
        return hijri(fields, dct, tense)
    if fields.get("calendar") == "hebrew":
        return hebrew(fields, dct, tense)
    if fields.get("calendar") == "listed":
        return listed(fields, dct, tense)
    f = _apply_offsets(fields, today)
    if f is None:  # "the 20th of next month" with no reference date: known only in part
        return finish("DATE", unknown_value(fields), fields, "dct", 0.3)
    if "week_offset" in f and "weekday" in f and today is not None:
        monday = today - timedelta(days=today.isoweekday() - 1)
        found = monday + timedelta(weeks=int(f["week_offset"]), days=int(f["weekday"]) - 1)
        return finish("DATE", found.isoformat(), f, "dct")
    if "nth" in f and "month" in f:
        return _nth_in_month(f, today, tense)
    if "nth" in f and f.get("unit") == "W" and "year" in f:  # "the first week of 2015"
        year, nth = int(f["year"]), int(f["nth"])
        weeks = date(year, 12, 28).isocalendar().week  # 28 December is always in the last
        week = weeks + 1 + nth if nth < 0 else nth  # -1 the last, -2 the one before
        if not 1 <= week <= weeks:
            return None
        if "weekday" in f:  # "Thursday, week 23": that day of the week
            day = date.fromisocalendar(year, week, int(f["weekday"]))
            return finish("DATE", day.isoformat(), f, "absolute")
        return finish("DATE", f"{year:04d}-W{week:02d}", f, "absolute")
    direction = f.get("direction")
    anchor = "absolute"
    if "decade" in f:
        decade = int(f["decade"])
        if decade < 100:  # "the seventies": of the century named, else the last one
            decade += int(f.get("century_base", 1900))
        return finish("DATE", str(decade // 10), f, anchor)
    if f.get("turn"):  # "the turn of the century": the year one century gives way to the next
        if "century" in f:
            return finish("DATE", f"{(int(f['century']) - 1) * 100:04d}", f, anchor)
        if today is None:
            return finish("DATE", "XXXX", f, "dct", 0.3)
        return finish("DATE", f"{today.year // 100 * 100:04d}", f, "dct")
    era = f.get("era")  # "44 BC", "AD 79": TimeML writes a year before Christ as "BC0044"
    prefix = "BC" if era == "BC" else ""
    if "century" in f:
        return finish("DATE", f"{prefix}{int(f['century']) - 1:02d}", f, anchor)
    year = f.get("year")
    if year is not None:
        year = int(year)
        if era == "BC":
            return finish("DATE", f"BC{year:04d}", f, anchor)
        if year < 100 and era is None:  # a year with its era is the year as written
            year = _full_year(year, today)
    if "quarter" in f or "half" in f:  # "the first quarter of 2024", "the second half"
        if year is None:
            return finish("DATE", "XXXX-" + ("Q" if "quarter" in f else "H")
                           + str(f.get("quarter", f.get("half"))), f, "dct", 0.5)
        value = f"{year:04d}-Q{int(f['quarter'])}" if "quarter" in f else \
            f"{year:04d}-H{int(f['half'])}"
        return finish("DATE", value, f, anchor)
    month, day = f.get("month"), f.get("day")
    if "season" in f:
        if year is None:
            if today is None:
                return finish("DATE", f"XXXX-{f['season']}", f, "dct", 0.5)
            year, anchor = today.year, "dct"
            mid = _SEASON_MIDDLE.get(str(f["season"]))
            if f.get("nearest") and mid and tense != "future":
                year = _nearest_year(mid, None, today, float(f["nearest"]))
            elif f.get("nearest") and mid and str(f["season"]) not in _SEASONS \
                    and _season_over(str(f["season"]), today):
                # a quarter or half looked ahead to that is over this year ("forecasts growth
                # in the first quarter", in December): the nearer of this year's and next
                # year's, without the bias a reported quarter has toward the past one; one just
                # past stays ("plans cuts after a third-quarter loss", in November)
                year = _nearest_year(mid, None, today, 1.0)
            elif str(f["season"]) in _SEASONS and tense == "future" \
                    and _season_over(str(f["season"]), today):
                year += 1  # "set for the spring" in November: next spring (not a quarter,
                # which results news names in plans about it: "plans ... after a Q3 loss")
            elif tense == "past" and (_not_begun(str(f["season"]), today)
                                      or _winter_begun_last_year(str(f["season"]), today)):
                year -= 1  # "homes rose in the fourth quarter" in March: no quarter to come
        return finish("DATE", f"{year:04d}-{f['season']}", f, anchor)
    if month is None and day is None and "weekday" in f:
        if today is None:
            return finish("DATE", f"XXXX-WXX-{int(f['weekday'])}", f, "dct", 0.5)
        found = _weekday_date(int(f["weekday"]), today, tense, direction,
                              bool(f.get("same_day")))
        if f.get("not_adjacent") and direction == 1 and (found - today).days == 1 \
                and "weeks_after" not in f and "nth_ahead" not in f:
            # "next Wednesday" said on a Tuesday is not tomorrow (which news calls
            # "Wednesday") but the one a week later
            found += timedelta(weeks=1)
        found += timedelta(weeks=int(f.get("weeks_after", 0)))  # "Friday after next"
        # "three Fridays from now": two weeks past the coming one
        found += timedelta(weeks=(int(f.get("nth_ahead", 1)) - 1) * (direction or 1))
        if f.get("nearest") and direction is None and tense != "future":
            found = _nearest_weekday(int(f["weekday"]), today, float(f["nearest"]))
        # a day counted from the weekday found ("overnight into Monday": the night that
        # begins the day before it)
        found += timedelta(days=int(f.get("shift", 0)))
        return finish("DATE", found.isoformat(), f, "dct", 0.8)
    if month is None and day is not None and "weekday" in f:
        if today is None:  # "Friday the 13th" with no reference date: the day alone is known
            return finish("DATE", f"XXXX-XX-{int(day):02d}", f, "dct", 0.5)
        bias = f.get("nearest") if direction is None else None
        found = _weekday_on_day(int(f["weekday"]), int(day), today, tense,
                                float(bias) if bias else None)
        return finish("DATE", found.isoformat(), f, "dct", 0.8) if found else None
    if month is None and day is not None and f.get("day_only") and today is None:
        return finish("DATE", f"XXXX-XX-{int(day):02d}", f, "dct", 0.5)  # "on the 27th"
    if month is None and day is not None and f.get("day_only"):
        # "on the 27th": the nearest such day of the current or an adjacent month, by tense
        month, anchor = today.month, "dct"
        if tense == "future" and int(day) < today.day:
            month = _shift_months(today.replace(day=1), 1)
        elif tense != "future" and int(day) > today.day:
            month = _shift_months(today.replace(day=1), -1)
        if isinstance(month, date):
            year, month = month.year, month.month
        else:
            year = today.year
    if month is None:
        if day is not None and year is None:
            return None  # a bare day number is not a date on its own
        if year is None:
            return None
        if "year_to" in f:  # "2016-17": from the one year to the end of the other
            last = year // 100 * 100 + int(f["year_to"])
            last += 100 if last <= year else 0
            if last - year > 9:  # "2016-03" is no span of years
                return None
            return Resolved("DATE", f"{year:04d}", f.get("mod"), date(year, 1, 1),
                            date(last, 12, 31), anchor, 0.9, f"{last:04d}")
        return finish("DATE", f"{year:04d}", f, anchor)
    month = int(month)
    if not 1 <= month <= 12:
        return None
    if day is not None:
        day = int(day)
        if not 1 <= day <= 31:
            return None
    if year is None:
        if today is None:
            value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
            return finish("DATE", value, f, "dct", 0.5)
        year = _year_for(month, day, today, tense, direction)
        if f.get("current") and month == today.month:
            year = today.year  # "of the current month": never next year's, even ahead
        if f.get("nearest") and direction is None and tense != "future":
            year = _nearest_year(month, day, today, float(f["nearest"]))
        if f.get("happened") and direction is None and (month, day or 1) > \
                (today.month, today.day):
            year = min(year, today.year - 1)  # "began on Oct. 21" written on 10 October
        if day is not None and "weekday" in f and direction is None:
            year = _year_of_weekday(year, month, int(day), int(f["weekday"]), today)
        if month == 2 and day == 29:  # "29 February": the leap year the tense points to
            step = 1 if year > today.year or (year == today.year and tense == "future") else -1
            while not calendar.isleap(year):
                year += step
        anchor = "dct"
    if day is None:
        return finish("DATE", f"{year:04d}-{month:02d}", f, anchor)
    date(year, month, day)  # raises ValueError for 31 February
    if f.get("moves"):  # a day kept on another when it falls on a weekend (Boss's Day)
        kept = _kept_on(date(year, month, day), f["moves"])
        year, month, day = kept.year, kept.month, kept.day
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if "day_to" in f:  # "13 to 15 July" as one expression
        last = date(year, month, int(f["day_to"]))
        first = date(year, month, day)
        if last < first and f.get("roll") == 1:  # "April 27th to the third": of May
            last = _shift_months(first.replace(day=1), 1).replace(day=int(f["day_to"]))
        elif last < first and f.get("roll") == -1:  # "the 27th to the third of April"
            first = _shift_months(last.replace(day=1), -1).replace(day=day)
            value = first.isoformat()
        if last < first:
            return None
        return Resolved("DATE", value, f.get("mod"), first, last, anchor, 0.9,
                        last.isoformat())
    return festival(finish("DATE", value, f, anchor), f)


def _from_feast(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    """A day counted from a holiday ("three days after Easter": `from_feast` with count, unit
    and sign), the weekend of a holiday ("Labor Day weekend": `feast_weekend`; a Monday
    holiday's weekend is the one before it) or its week ("Thanksgiving week": `feast_week`,
    the calendar week it falls in; with `week_step` and `sign`, the week after or before
    that: "the week after Christmas")."""
    own = ("from_feast", "feast_weekend", "feast_week", "week_step", "weekend_step", "count",
           "unit", "sign",
           "fraction", "step_weekday")
    # a weekday beside the count is the reached day's ("three weeks after Christmas on
    # Friday"), unless the feast is itself an nth weekday (Thanksgiving)
    weekday = fields.get("weekday") if "nth" not in fields and fields.get("from_feast") \
        else None
    base = _calendar_date({k: v for k, v in fields.items()
                           if k not in own and not (weekday and k == "weekday")}, dct, tense)
    if base is None or base.earliest is None or base.earliest != base.latest:
        return base  # no reference date to find the holiday: its partial value stands
    day = base.earliest
    if fields.get("feast_week"):
        # "the week after Super Bowl Sunday": the calendar week a week from the holiday's
        day += timedelta(weeks=int(fields.get("week_step", 0)) * int(fields.get("sign", 1)))
        iso = day.isocalendar()
        return finish("DATE", f"{iso.year}-W{iso.week:02d}", fields, base.anchor)
    if fields.get("feast_weekend"):
        step = int(fields.get("weekend_step", 0))
        if step:  # "the weekend before Christmas": the last one ending before the day
            day += timedelta(days=step)
            while day.isoweekday() != (7 if step < 0 else 6):
                day += timedelta(days=step)
        elif day.isoweekday() == 1:
            day -= timedelta(days=1)
        iso = day.isocalendar()
        return finish("DATE", f"{iso.year}-W{iso.week:02d}-WE", fields, base.anchor)
    reached = _counted_from_feast(day, fields, weekday)
    if reached is None:
        return None
    if dct is not None and not any(
            k in fields for k in ("year", "year_offset", "direction")):
        reached = _reached_in_tense(fields, own, weekday, reached, day.year, dct, tense)
    return finish("DATE", reached.isoformat(), fields, base.anchor)


def _counted_from_feast(day: date, fields: dict[str, Any], weekday: Any) -> date | None:
    """The day a count of days, weeks, months or years reaches from a holiday's day."""
    count = float(fields.get("count", 1)) * int(fields.get("sign", 1))
    unit = fields.get("unit")
    if unit in ("Y", "M"):
        day = _shift_months(day, round(count * (12 if unit == "Y" else 1)))
    elif unit in ("W", "D"):
        day += timedelta(days=round(count * (7 if unit == "W" else 1)))
    else:
        return None
    if weekday:  # that weekday of the week reached
        day += timedelta(days=int(weekday) - day.isoweekday())
    if "step_weekday" in fields:  # "the Monday after Thanksgiving": the first one after
        step = int(fields.get("sign", 1))
        day += timedelta(days=step)
        while day.isoweekday() != int(fields["step_weekday"]):
            day += timedelta(days=step)
    return day


def _reached_in_tense(fields: dict[str, Any], own: tuple[str, ...], weekday: Any, reached: date,
                      year: int, dct: datetime, tense: str) -> date:
    """The day reached from the holiday of the year the tense points to, or from the
    holiday of the year beside it when that one's reached day fits the tense and is nearer:
    the holiday picks its year by its own day, but the clause speaks of the day reached
    ("Cyber Monday, the Monday after Thanksgiving, is expected to be busy", written on that
    Monday: this year's, though Thanksgiving has passed)."""
    today = dct.date()
    other_year = year - 1 if tense == "future" else year + 1
    other = _calendar_date({**{k: v for k, v in fields.items()
                               if k not in own and not (weekday and k == "weekday")},
                            "year": other_year}, dct, tense)
    if other is None or other.earliest is None or other.earliest != other.latest:
        return reached
    alt = _counted_from_feast(other.earliest, fields, weekday)
    if alt is None:
        return reached
    if tense == "future" and today <= alt and (reached < today or alt < reached):
        return alt
    if tense != "future" and alt <= today and (reached > today or alt > reached):
        return alt
    return reached


_SEASONS = ("SP", "SU", "FA", "WI")


def _season_over(season: str, today: date) -> bool:
    """Whether this year's season (winter: the one starting in December) has ended."""
    last = interval(f"{today.year:04d}-{season}")
    return last is not None and last[1] is not None and last[1] < today


def _not_begun(period: str, today: date) -> bool:
    """Whether this year's quarter, half or season has not begun by `today` ("rates fell in
    the fall", told in May: last year's fall; not winter, which spans two years and is
    named by either)."""
    return period != "WI" and _not_yet_begun(period, today)


def _not_yet_begun(period: str, today: date) -> bool:
    """Whether this year's period (winter too: the one starting in December) is still ahead."""
    this = interval(f"{today.year:04d}-{period}")
    return this is not None and this[0] is not None and this[0] > today


def _winter_begun_last_year(period: str, today: date) -> bool:
    """Whether a past winter told before December is the one that began the December before
    (a winter is named by the year it begins: "pressures eased over the winter", in March 2025:
    2024-WI, the winter of 2024-25, as "last winter" is)."""
    return period == "WI" and _not_yet_begun(period, today)


# the middle month of a season, quarter or half, for choosing its year by nearness
_SEASON_MIDDLE = {"SP": 4, "SU": 7, "FA": 10, "WI": 12, "Q1": 2, "Q2": 5, "Q3": 8, "Q4": 11,
                  "H1": 4, "H2": 10}


def _nearest_year(month: int, day: int | None, today: date, bias: float) -> int:
    """The year of the (month, day) nearest the reference date, when no tense decides.

    A rule opts in with the field `nearest` = bias: the coming occurrence wins only when it is
    `bias` times nearer than the past one ("payable Dec. 15" in October, "since Nov. 25" in
    January). A month alone is the current one in its own month.
    """
    if day is None and month == today.month:
        return today.year

    def on(year: int) -> date:
        return date(year, month, min(day or 15, calendar.monthrange(year, month)[1]))

    past = today.year if on(today.year) <= today else today.year - 1
    back, ahead = (today - on(past)).days, (on(past + 1) - today).days
    return past + 1 if ahead * bias < back else past


def _nearest_weekday(weekday: int, today: date, bias: float) -> date:
    """The weekday nearest the reference date (the day itself included), a coming one only
    when `bias` times nearer than the last: "headed Tuesday to Africa" written on Monday."""
    back = (today.isoweekday() - weekday) % 7
    ahead = (weekday - today.isoweekday()) % 7 or 7
    return today + timedelta(days=ahead) if ahead * bias < back else today - timedelta(days=back)


def _weekday_on_day(weekday: int, day: int, today: date, tense: str, bias: float | None = None
                    ) -> date | None:
    """"Friday the 13th": the last such day in a report, the next one in a plan; with a
    `bias`, the coming one in a report too when `bias` times nearer than the last ("on
    Wednesday the 31st" written on Tuesday the 30th)."""
    found = []
    for step in range(-30, 31):  # a Monday the 31st can be 20 months from the last one
        first = _shift_months(today.replace(day=1), step)
        if day <= calendar.monthrange(first.year, first.month)[1]:
            candidate = first.replace(day=day)
            if candidate.isoweekday() == weekday:
                found.append(candidate)
    if not found:
        return None
    ahead = min((d for d in found if d >= today), default=None)
    if tense == "future":
        return ahead
    past = max((d for d in found if d <= today), default=None)
    if bias and ahead is not None and (
            past is None or (ahead - today).days * bias < (today - past).days):
        return ahead
    return past


def _apply_offsets(fields: dict[str, Any], today: date | None) -> dict[str, Any] | None:
    """Fill year/month from relative words: "March next year", "the 19th of this month"."""
    if not any(k in fields for k in ("year_offset", "month_offset")):
        return fields
    if today is None:
        return None
    f = dict(fields)
    if "month_offset" in f:
        shifted = _shift_months(today.replace(day=1), int(f.pop("month_offset")))
        f["year"], f["month"] = shifted.year, shifted.month
    if "year_offset" in f:
        f["year"] = _season_year(f, today) + int(f.pop("year_offset"))
    return f


def _season_year(fields: dict[str, Any], today: date) -> int:
    """The year "this" season is counted from: a season across two years (winter) that began
    last year and is still on belongs to last year ("this winter" in January is the one that
    began in December; "last winter" then is the one before it)."""
    season = fields.get("season")
    if season not in _SEASONS:
        return today.year
    ongoing = interval(f"{today.year - 1:04d}-{season}")
    if ongoing is not None and ongoing[1] is not None and today <= ongoing[1]:
        return today.year - 1
    if fields.get("just_past") and _not_yet_begun(season, today):
        return today.year - 1  # "this past winter" in July: the one that ended in February
    return today.year


def _month_year(f: dict[str, Any], today: date | None, tense: str) -> tuple[int, int] | None:
    month = int(f["month"])
    if "year" in f:
        year = int(f["year"])
        return (_full_year(year, today) if year < 100 else year), month
    if today is None:
        return None
    if f.get("nearest") and f.get("direction") is None and tense != "future":
        return _nearest_year(month, None, today, float(f["nearest"])), month
    return _year_for(month, None, today, tense, f.get("direction")), month


def _nth_weekday_of(year: int, month: int, f: dict[str, Any]) -> date | None:
    """The nth weekday of a month, moved by the days of `shift` (Black Friday: Thanksgiving's
    day after); in the years up to `earlier_until`, the `earlier_nth` one (a day whose rule
    changed: Super Bowl Sunday, the first Sunday of February up to 2021)."""
    last = date(year, month, calendar.monthrange(year, month)[1])
    nth = int(f["nth"])
    if "earlier_until" in f and year <= int(f["earlier_until"]):
        nth = int(f["earlier_nth"])
    day = _nth_weekday(date(year, month, 1), last, int(f["weekday"]), nth)
    return None if day is None else day + timedelta(days=int(f.get("shift", 0)))


def _nth_in_month(f: dict[str, Any], today: date | None, tense: str) -> Resolved | None:
    """The nth (or last, nth = -1) weekday, day or full week of a month.

    "the third Tuesday of September 2014", "the last day of October", "the first week of
    October" (Monday-to-Sunday weeks: see below which belong to the month).
    """
    found = _month_year(f, today, tense)
    if found is None:  # no year and no reference date to find it
        return finish("DATE", unknown_value(f), f, "dct", 0.3)
    year, month = found
    nth = int(f["nth"])
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    anchor = "absolute" if "year" in f else "dct"
    if "weekday" in f and f.get("or_day") and 0 < nth <= last.day \
            and date(year, month, nth).isoweekday() == int(f["weekday"]):
        # "Sunday the fourth of September" when the 4th is a Sunday: the day of the month,
        # not the fourth Sunday (the rule's words read both ways: `or_day`)
        return finish("DATE", date(year, month, nth).isoformat(), f, anchor)
    if "weekday" in f:
        day = _nth_weekday_of(year, month, f)
        if day is not None and f.get("happened") and "year" not in f \
                and f.get("direction") is None and today is not None and day > today:
            # "it happened on Thanksgiving" written earlier in November: the last one
            day = _nth_weekday_of(year - 1, month, f)
        elif day is not None and f.get("direction") == 0 and tense == "future" \
                and "year" not in f and today is not None and day < today:
            # "this MLK Day will draw marchers" written in February: the coming one
            day = _nth_weekday_of(year + 1, month, f)
        elif day is not None and f.get("shift") and tense == "future" and "year" not in f \
                and f.get("direction") is None and today is not None:
            # "Cyber Monday is expected to be busy" written on it: the holiday's month chose
            # next year, but this year's day, shifted into the next month, has not passed
            earlier = _nth_weekday_of(year - 1, month, f)
            if earlier is not None and today <= earlier < day:
                day = earlier
        return None if day is None else finish("DATE", day.isoformat(), f, anchor)
    if f.get("unit") == "WE":  # "the last weekend of October": the week of its Saturday
        day = _nth_weekday(first, last, 6, nth)
        if day is None:
            return None
        iso = day.isocalendar()
        return finish("DATE", f"{iso.year}-W{iso.week:02d}-WE", f, anchor)
    if f.get("unit") == "W":
        # counted from the start, the weeks that begin in the month; from the end, the weeks
        # that have most of their days in it ("the last week of December 2016" is the 26th
        # to the 1st, not the 19th to the 25th)
        if nth > 0:
            day = first + timedelta(days=(1 - first.isoweekday()) % 7 + 7 * (nth - 1))
        else:
            day = last - timedelta(days=(last.isoweekday() - 4) % 7 + 7 * (-nth - 1))
        if day.month != month:
            return None
        iso = day.isocalendar()
        return finish("DATE", f"{iso.year}-W{iso.week:02d}", f, anchor)
    day = last - timedelta(days=-nth - 1) if nth < 0 else date(year, month, nth)
    return finish("DATE", day.isoformat(), f, anchor)


def _time(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    clock = _clock(fields)
    date_fields = {k: v for k, v in fields.items() if k not in ("mod", "part")}
    if any(k in fields for k in ("year", "month", "day", "weekday", "decade", "easter",
                                 "calendar")):  # a feast's day: "Easter Monday at 10:30"
        base = _calendar_date(date_fields, dct, tense)
    elif "offset" in fields:
        base = _relative(date_fields, dct, tense)
    elif "count" in fields and fields.get("unit") in ("D", "W"):  # "in 7 days at 5 p.m."
        base = _offset({k: v for k, v in date_fields.items() if k != "past_span"}, dct, tense)
    else:
        base = None
    if base is not None and not base.value[:1].isdigit():
        # no reference date: "tonight" stays PRESENT_REF rather than a malformed time
        return Resolved("TIME", base.value, base.mod, None, None, base.anchor, base.confidence)
    if base is not None:
        day_value, anchor = base.value, base.anchor
        if fields.get("night_of_day") and clock is not None and clock < "T05" \
                and DAY.match(day_value):
            # "Friday night at 2 a.m.", "tonight at 2": the small hours of a day's night fall
            # on the next calendar day
            day_value = (date.fromisoformat(day_value) + timedelta(days=1)).isoformat()
    elif dct is not None and tense == "past" and clock == "T24:00":
        # "happened shortly after midnight": the midnight that began the reference day (the
        # end of the day before), not the one still to come
        day_value, anchor = (dct.date() - timedelta(days=1)).isoformat(), "dct"
    elif dct is not None:
        day_value, anchor = dct.date().isoformat(), "dct"
    else:
        day_value, anchor = "XXXX-XX-XX", "dct"
    if clock is not None and base is None and dct is not None and tense == "future" \
            and "daypart" not in fields and "daypart_to" not in fields \
            and not fields.get("clock24") and int(fields["hour"]) < 12 \
            and (int(fields["hour"]), int(fields.get("minute", 0))) < (dct.hour, dct.minute):
        # "at three" said at half past four, looking ahead: this afternoon's three
        clock = _clock({**fields, "hour": int(fields["hour"]) + 12})
    zone = _zone_offset(fields, day_value, clock)
    if clock is None:
        part = fields.get("daypart_value")
        if not part or (base is not None and not DAY.match(day_value)):
            return base  # "the night of 2023": a part of a day needs a day
        return finish("TIME", f"{day_value}T{part}", fields, anchor)
    result = finish("TIME", f"{day_value}{clock}{zone}", fields, anchor)
    if "length" in fields:  # "from 2 p.m. for two hours": the span's end
        result.end_value = _length_end(result.value, fields["length"])
    if "hour_to" in fields:  # "5 to 6pm", "3pm to 4pm": the span's end
        end = {"hour": fields["hour_to"],
               "daypart": fields.get("daypart_to") or fields.get("daypart")}
        if "minute_to" in fields:
            end["minute"] = fields["minute_to"]
        if not end["daypart"] and "daypart_value" in fields:  # "tonight 7-9"
            end["daypart_value"] = fields["daypart_value"]
        end_clock = _clock(end)
        if end_clock <= clock and fields.get("start_half") and "daypart_to" not in fields \
                and fields.get("daypart") in _HALF_DAYS:
            # "11:30 a.m. to 12:30", "10 p.m. to 2": an end that does not say its half of the
            # day and would come before the start is in the other half (not so where the
            # a.m./p.m. follows the end: "from 11 to 3am")
            end_clock = _clock({**end, "daypart": _HALF_DAYS[fields["daypart"]]})
        if end_clock <= clock and _bare_clock(end) and _bare_clock(fields):
            # "Monday 11-4": a span of bare hours that runs backwards goes from the morning
            # into the afternoon; "5-3", "8-1" are no such span (a score, a vote). One read
            # forwards whose start was read in the afternoon ends there too ("4 to 7")
            start, stop = int(fields["hour"]), int(end["hour"])
            if stop < start and not (start >= 8 and 2 <= stop < 12):
                return None
            end_clock = _clock({**end, "hour": stop + 12})
        if end_clock < clock and DAY.match(day_value):  # "11 pm to 3 am": into the next day
            day_value = (date.fromisoformat(day_value) + timedelta(days=1)).isoformat()
        result.end_value = f"{day_value}{end_clock}{zone}"
    return result


def _relative(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    if fields.get("rest") and dct is not None:
        return _rest_of(fields, dct, tense)
    unit, offset = fields["unit"], int(fields.get("offset", 0))
    if tense == "future" and "future_offset" in fields:
        # "over the weekend": the one past in a report, the coming one in a plan
        offset = int(fields["future_offset"])
    if dct is None:
        if unit == "D" and "year" in fields:  # "on this day in 1945": the year is known
            return finish("DATE", f"{int(fields['year']):04d}", fields, "absolute", 0.5)
        offset = offset or int(fields.get("year_shift", 0))  # "a year ago today": a past day
        if offset == 0:
            return finish("DATE", "PRESENT_REF", fields, "dct", 0.4)
        return finish("DATE", "PAST_REF" if offset < 0 else "FUTURE_REF", fields, "dct", 0.4)
    today = dct.date()
    if "year_shift" in fields:  # "a year ago today": the reference day, years back
        today = _shift_months(today, 12 * int(fields["year_shift"]))
    if unit == "D" and "year" in fields:  # "on this day in 1945": the day, in the year named
        today = today.replace(year=int(fields["year"]))
    if unit == "D":
        return finish("DATE", (today + timedelta(days=offset)).isoformat(), fields, "dct")
    if unit == "W":
        iso = (today + timedelta(weeks=offset)).isocalendar()
        return finish("DATE", f"{iso.year}-W{iso.week:02d}", fields, "dct")
    if unit == "M":
        shifted = _shift_months(today, offset)
        return finish("DATE", f"{shifted.year:04d}-{shifted.month:02d}", fields, "dct")
    if unit == "Q":
        q_index = today.year * 4 + (today.month - 1) // 3 + offset
        if "year" in fields:  # "the 1988 quarter": the stepped-to quarter, in the year named
            q_index = int(fields["year"]) * 4 + q_index % 4
        return finish("DATE", f"{q_index // 4:04d}-Q{q_index % 4 + 1}", fields, "dct")
    if unit == "Y":
        turn = int(fields.get("next_from_month", 13))
        if fields.get("completed") and tense == "past" and offset == 0 \
                and today.month <= int(fields["completed"]):
            # a year reported in a past clause is over: in the first months of a year (their
            # count the field's value), the one before the reference date's; later in the
            # year, a fiscal year just ended ("the year ended Sept. 30 ... sales for the full
            # year were $6.6 billion", in November: this year's)
            offset = -1
        if today.month >= turn or (turn < 13 and tense == "future" and today.month > 1):
            # ("should reach the governor's desk by the new year", written in March: the
            # coming one; only in January may a coming time lie in the year just begun)
            offset += 1
        return finish("DATE", f"{today.year + offset:04d}", fields, "dct")
    if unit == "DEC":
        return finish("DATE", f"{(today.year // 10 + offset):03d}", fields, "dct")
    if unit == "CENT":  # "this century" in 1999: 19 (the years 1900-1999)
        return finish("DATE", f"{(today.year // 100 + offset):02d}", fields, "dct")
    if unit == "WE":  # the weekend of this (or the next/last) week
        if fields.get("nearest") and offset == 0 and tense != "future" \
                and today.isoweekday() <= 4:
            offset = -1  # "the weekend" in a report from Monday to Thursday: the one past
        elif fields.get("happened") and offset == 0 and today.isoweekday() <= 5:
            offset = -1  # "since the weekend" up to Friday: the one past
        iso = (today + timedelta(weeks=offset)).isocalendar()
        return finish("DATE", f"{iso.year}-W{iso.week:02d}-WE", fields, "dct")
    if unit == "H":
        moment = dct + timedelta(hours=offset)
        return finish("TIME", moment.strftime("%Y-%m-%dT%H"), fields, "dct")
    return None


def _rest_of(fields: dict[str, Any], dct: datetime, tense: str) -> Resolved | None:
    """The rest of a period ("the rest of the year"): from the reference day to the
    period's last day, a range (`end_value`) unless that day is the last."""
    whole = _relative({k: v for k, v in fields.items() if k != "rest"}, dct, tense)
    today = dct.date()
    if whole is None or whole.earliest is None or whole.latest is None \
            or not whole.earliest <= today <= whole.latest:
        return whole
    res = finish("DATE", today.isoformat(), {k: v for k, v in fields.items()
                                              if k not in ("part", "mod")}, "dct")
    res.latest = whole.latest
    if whole.latest > today:
        res.end_value = whole.latest.isoformat()
    return res


def _offset(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    """N units before/after the reference date: "three days ago", "in two weeks"."""
    if "weekday_of_week" in fields:
        return _weekday_of_offset(fields, dct)
    if fields.get("past_span") and tense != "future":
        # "its highest level in five years", "the second letter in two weeks": outside a
        # future clause the stretch is a span up to now, not a date ahead
        return _duration(fields, dct, tense)
    unit = fields["unit"]
    count = float(fields.get("count", 1)) + float(fields.get("fraction", 0))
    if unit in ("DEC", "CENT"):  # "a decade ago": ten years
        unit, count = "Y", count * (10 if unit == "DEC" else 100)
    sign = int(fields.get("sign", -1))
    if dct is None or (fields.get("plural") and "count" not in fields):
        # no reference date, or "days ago" with no count: only the direction is known
        return finish("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", fields, "dct", 0.4)
    if fields.get("more"):
        return _compound_offset(fields, dct, sign)
    if unit in TIME_UNITS:
        seconds = {"H": 3600, "MIN": 60, "S": 1}[unit] * count * sign
        moment = dct + timedelta(seconds=seconds)
        # as precise as the quantity: "in 30 seconds" names a second
        shape = "%Y-%m-%dT%H:%M:%S" if unit == "S" else "%Y-%m-%dT%H:%M"
        return finish("TIME", moment.strftime(shape), fields, "dct")
    today = dct.date()
    if unit == "Y" and count != int(count):  # "two and a half years ago": 30 months
        unit, count = "M", count * 12
    if unit == "M" and count != int(count):  # "a month and a half ago": 45 days
        unit, count = "D", count * 30
    if unit == "D" and fields.get("off_days") and count == int(count):
        # "in four business days": the days off (ISO weekdays) are not counted
        found = _count_workdays(today, int(count) * sign, str(fields["off_days"]))
        return finish("DATE", found.isoformat(), fields, "dct")
    if unit in ("D", "W"):
        days = count * (7 if unit == "W" else 1)
        return finish("DATE", (today + timedelta(days=round(days) * sign)).isoformat(),
                       fields, "dct")
    if unit in ("M", "Y") and fields.get("day_grain") and count == int(count):
        # "three years from today": counted from a day, the day it reaches
        months = round(count) * (12 if unit == "Y" else 1) * sign
        return finish("DATE", _shift_months(today, months).isoformat(), fields, "dct")
    if unit == "M":
        shifted = _shift_months(today, round(count) * sign)
        return finish("DATE", f"{shifted.year:04d}-{shifted.month:02d}", fields, "dct")
    # "a quarter earlier", "two quarters ago" (not "in a quarter", mostly "in a quarter that
    # produced such a loss": a quarter ahead is rarely counted so)
    if unit == "Q" and count == int(count) and sign < 0:
        quarter = today.year * 4 + (today.month - 1) // 3 + round(count) * sign
        return finish("DATE", f"{quarter // 4:04d}-Q{quarter % 4 + 1}", fields, "dct")
    if unit == "Y":
        year = today.year + round(count) * sign
        if not 1 <= year <= 9999:  # "300,000 years ago": no calendar year, only the direction
            return finish("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", fields, "dct", 0.4)
        return finish("DATE", f"{year:04d}", fields, "dct")
    return None


def _nth_weekday(first: date, last: date, weekday: int, nth: int) -> date | None:
    """The `nth` ISO `weekday` of the month from `first` to `last` (from its end when `nth`
    is negative: -1 the last), None when the month has no such one."""
    if nth > 0:
        day = first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    else:
        day = last - timedelta(days=(last.isoweekday() - weekday) % 7 + 7 * (-nth - 1))
    return day if day.month == first.month else None


def _count_workdays(start: date, count: int, off_days: str) -> date:
    """The day `count` working days from `start` (back when negative); `off_days` holds the
    ISO weekday digits of the days off ("67": Saturday and Sunday)."""
    step = 1 if count > 0 else -1
    day, left = start, abs(count)
    while left:
        day += timedelta(days=step)
        if str(day.isoweekday()) not in off_days:
            left -= 1
    return day


def _weekday_of_offset(fields: dict[str, Any], dct: datetime | None) -> Resolved | None:
    """"Monday two weeks from now", "in 3 days on Friday": the weekday of the week that the
    count reaches."""
    weekday = int(fields["weekday_of_week"])
    if dct is None:
        return finish("DATE", f"XXXX-WXX-{weekday}", {}, "dct", 0.5)
    count = float(fields.get("count", 1)) + float(fields.get("fraction", 0))
    sign, unit = int(fields.get("sign", -1)), fields["unit"]
    today = dct.date()
    if unit == "W" and sign < 0:
        # "a week ago Sunday": weeks back from the last such weekday (on a Thursday, the
        # Sunday before last), not that weekday of the week reached, which for a weekday
        # later in the week than the reference day is the last one itself
        last = today - timedelta(days=(today.isoweekday() - weekday) % 7)
        day = last - timedelta(days=round(count * 7))
        return finish("DATE", day.isoformat(), {}, "dct")
    if unit in ("Y", "M") and sign < 0:
        # "Ten years ago on Sunday": the anniversary that fell on the last such weekday, whole
        # years or months back: the same day of the month (not that weekday of the week the
        # count reaches, another date)
        last = today - timedelta(days=(today.isoweekday() - weekday) % 7)
        day = _shift_months(last, -round(count * (12 if unit == "Y" else 1)))
        return finish("DATE", day.isoformat(), {}, "dct")
    if unit in ("Y", "M"):
        day = _shift_months(today, round(count * (12 if unit == "Y" else 1)) * sign)
    else:
        day = today + timedelta(days=round(count * (7 if unit == "W" else 1)) * sign)
    day += timedelta(days=weekday - day.isoweekday())
    return finish("DATE", day.isoformat(), {}, "dct")


def _compound_offset(fields: dict[str, Any], dct: datetime, sign: int) -> Resolved:
    """ "two months and a day ago": each part moves the reference date in turn."""
    moment = dct
    finest = "Y"
    for count, unit in [_piece(fields)] + [_piece(p) for p in fields["more"]]:
        if unit in ("Y", "M"):
            months = round(count * (12 if unit == "Y" else 1)) * sign
            moment = datetime.combine(_shift_months(moment.date(), months), moment.time())
        else:
            seconds = {"W": 604800, "D": 86400, "H": 3600, "MIN": 60, "S": 1}[unit]
            moment = moment + timedelta(seconds=count * seconds * sign)
        if _UNIT_ORDER.get(unit, 0) > _UNIT_ORDER.get(finest, 0):
            finest = unit
    if finest in TIME_UNITS:
        return finish("TIME", moment.strftime("%Y-%m-%dT%H:%M"), fields, "dct")
    if finest == "Y":  # as precise as the quantity: "two years and seven months ago" is a month
        return finish("DATE", f"{moment.year:04d}", fields, "dct")
    if finest == "M":
        return finish("DATE", f"{moment.year:04d}-{moment.month:02d}", fields, "dct")
    return finish("DATE", moment.date().isoformat(), fields, "dct")


def _number(n: float) -> str:
    """A count as ISO 8601 writes it: 2, 1.5, 20240000 (never 2.024e+07)."""
    text = f"{n:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def duration_value(count: float, unit: str) -> str:
    """ISO 8601 duration for `count` units, fractions carried into the next smaller unit."""
    whole = int(count)
    rest = count - whole
    smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24),
               "H": ("MIN", 60), "MIN": ("S", 60)}
    parts = [(unit, whole)] if whole else []
    if rest and unit in smaller:
        sub, factor = smaller[unit]
        parts.append((sub, round(rest * factor)))
    elif rest:
        parts = [(unit, count)]
    date_part = "".join(f"{_number(n)}{u}" for u, n in parts if u not in TIME_UNITS)
    time_part = "".join(f"{_number(n)}{'M' if u == 'MIN' else u}" for u, n in parts
                        if u in TIME_UNITS)
    return "P" + date_part + ("T" + time_part if time_part else "") if parts else "P0D"


def _piece(part: dict[str, Any]) -> tuple[float, str]:
    """(count, unit) of one part of a compound quantity, decades and centuries as years."""
    count = float(part.get("count", 1)) + float(part.get("fraction", 0))
    unit = part["unit"]
    if unit in ("DEC", "CENT"):
        return count * (10 if unit == "DEC" else 100), "Y"
    return count, unit


def _compound_value(parts: list[tuple[float, str]]) -> str:
    """ISO 8601 duration of several parts: [(2, "M"), (1, "D"), (2, "H")] is P2M1DT2H."""
    totals: dict[str, float] = {}
    for count, unit in parts:
        totals[unit] = totals.get(unit, 0) + count
    order = sorted(totals, key=lambda u: _UNIT_ORDER.get(u, 9))
    date_part = "".join(f"{_number(totals[u])}{u}" for u in order if u not in TIME_UNITS)
    time_part = "".join(f"{_number(totals[u])}{'M' if u == 'MIN' else u}" for u in order
                        if u in TIME_UNITS)
    return "P" + date_part + ("T" + time_part if time_part else "")


def _duration(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    unit = fields["unit"]
    if unit == "DEC":
        unit, scale = "Y", 10
    elif unit == "CENT":
        unit, scale = "Y", 100
    else:
        scale = 1
    if fields.get("plural") and "count" not in fields and not fields.get("more"):
        fields = {**fields, "fuzzy": 1}  # "for days": an unknown number of them
    if fields.get("fuzzy"):  # "a few days": TimeML writes the unknown count as X
        value = ("PTX" if unit in TIME_UNITS else "PX") + ("M" if unit == "MIN" else unit)
        if scale > 1:
            value = "PX" + ("0Y" if scale == 10 else "00Y")
        return Resolved("DURATION", value, fields.get("mod"), None, None, "absolute", 0.7)
    count = (float(fields.get("count", 1)) + float(fields.get("fraction", 0))) * scale
    value = duration_value(count, unit)
    if fields.get("more"):
        value = _compound_value([(count, unit)] + [_piece(p) for p in fields["more"]])
    result = Resolved("DURATION", value, fields.get("mod"), None, None, "absolute", 0.9)
    if "count_to" in fields:  # "two to three weeks": from the lower count to the upper
        upper = float(fields["count_to"]) * scale
        if upper <= count:
            return None  # "from 30 to 20 days": two lengths, not a span between them
        result.end_value = duration_value(upper, unit)
    direction = fields.get("direction")
    if dct is not None and direction in (-1, 1) and unit not in TIME_UNITS:
        # "the past six months", "the next three days": the stretch beside the reference day,
        # which belongs to neither ("the next three days" from Monday are Tuesday..Thursday)
        today = dct.date()
        months = {"Y": 12, "Q": 3, "M": 1}.get(unit)
        if months:
            other = _shift_months(today, round(count * months) * direction)
        else:
            other = today + timedelta(days=round(count * (7 if unit == "W" else 1)) * direction)
        near = today + timedelta(days=direction)
        result.earliest, result.latest = sorted((other, near))
        result.anchor = "dct"
    return result


def _fixed(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    return Resolved(fields.get("type", "DATE"), fields["value"], fields.get("mod"), None, None,
                    "dct", 0.6)


def _set(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    clock = _clock(fields)
    if clock is not None:  # "every Monday at 4 pm", "daily at 9"
        day = f"XXXX-WXX-{int(fields['weekday'])}" if "weekday" in fields else "XXXX-XX-XX"
        if str(fields.get("value", "")).startswith("XXXX-"):  # "weekday afternoons at 3"
            day = str(fields["value"])
        return Resolved("SET", day + clock, None, None, None, "absolute", 0.8)
    if "value" in fields:  # "weekends", "weekday mornings" (XXXX-WXX-WDTMO)
        value = str(fields["value"])
        part = f"T{fields['daypart_value']}" if "daypart_value" in fields \
            and "T" not in value else ""
        return Resolved("SET", value + part, fields.get("mod"), None, None,
                        "absolute", 0.8)
    if "weekday" in fields:  # "on Mondays", "Friday mornings" (XXXX-WXX-5TMO)
        part = f"T{fields['daypart_value']}" if "daypart_value" in fields else ""
        return Resolved("SET", f"XXXX-WXX-{int(fields['weekday'])}{part}", None, None, None,
                        "absolute", 0.8)
    if "day" in fields and "month" not in fields:  # "the 15th of every month"
        return Resolved("SET", f"XXXX-XX-{int(fields['day']):02d}", None, None, None,
                        "absolute", 0.8)
    if "season" in fields:  # "every summer"
        return Resolved("SET", f"XXXX-{fields['season']}", None, None, None, "absolute", 0.8)
    if "month" in fields and "day" in fields and "year" not in fields:  # "every Christmas"
        return Resolved("SET", f"XXXX-{int(fields['month']):02d}-{int(fields['day']):02d}",
                        None, None, None, "absolute", 0.8)
    if "unit" not in fields:  # a feast that moves ("every Easter"): no one TIMEX3 value
        return None
    # "every decade": ten years, as a duration writes it (TIMEX3 has no decade unit)
    count, unit = _piece({"count": fields.get("count", 1), "unit": fields["unit"]})
    return Resolved("SET", duration_value(count, unit), None, None, None, "absolute", 0.8)


# the fields that place a time on a day
DAY_KEYS = ("year", "month", "day", "weekday", "offset", "unit", "direction", "week_offset",
             "nth", "easter", "calendar", "hmonth", "hday")


# the fields that place a date from the reference date, not from a year of its own
_PLACED = ("direction", "year_offset", "offset", "week_offset")


def _range(kind: str, fields: dict[str, Any], dct: datetime | None, tense: str
           ) -> Resolved | None:
    left, right = dict(fields["range_from"]), dict(fields["range_to"])
    left_kind, right_kind = left.pop("_kind", kind), right.pop("_kind", kind)
    left_kind, left = _present_day(left_kind, left, dct)
    right_kind, right = _present_day(right_kind, right, dct)
    # "13 to 15 July", "from January to March 2024": the end lends what the start omits
    borrowed = "year" in right and "year" not in left
    # "between 10 and 11:30 on 1/1/2015": a bare start time is on the end's day
    if left_kind == "time" and "hour" in left and right.get("day_after") \
            and not any(k in left for k in DAY_KEYS):
        left.update({k: right[k] for k in DAY_KEYS if k in right})
        borrowed = False
    # ("from Tuesday to Thursday last week": the end's week is the start's too)
    # (not to a start placed from the reference date: "from last March to June 2025")
    lent = [key for key in ("year", "month", "daypart", "week_offset")
            if key in right and key not in left and not (key == "month" and "day" not in left)
            and not (key == "week_offset" and set(left) != {"weekday", "nearest"})
            and not (key == "year" and any(k in left for k in _PLACED))]
    for key in lent:
        left[key] = right[key]
    # "from March 6, 2023, to March 18": the start lends its year to an end that names a
    # month and no year (the year after when that would end the range before it began: "from
    # Dec. 28, 2022, to Jan. 3")
    given = "year" in left and "month" in right and not any(
        k in right for k in ("year", "calendar", "hmonth", *_PLACED))
    if given:
        right["year"] = left["year"]
    # "next week from Monday to Wednesday", "from Tuesday to Thursday this week": a weekday
    # takes the week the other end names
    for one, other in ((left, right), (right, left)):
        if "week_offset" in one and "weekday" in other and not any(
                k in other for k in ("week_offset", "year", "month", "day")):
            other["week_offset"] = one["week_offset"]
    # "tomorrow from 7:00 to 8:00pm": a bare end time is on the start's day
    if right_kind == "time" and not any(k in right for k in DAY_KEYS):
        right.update({k: left[k] for k in DAY_KEYS if k in left})
    first = resolve(left_kind, left, dct, tense)
    second = resolve(right_kind, right, dct, tense)
    if first is None or second is None:
        return None
    if borrowed and first.earliest and second.earliest and first.earliest > second.earliest:
        # "from 19 December to 5 January 2025": the start lies in the year before the end's
        left["year"] = int(right["year"]) - 1
        first = resolve(left_kind, left, dct, tense) or first
    if given and first.earliest and second.latest and second.latest < first.earliest:
        right["year"] = int(left["year"]) + 1
        second = resolve(right_kind, right, dct, tense) or second
    if "daypart" in lent and first.earliest == second.earliest and first.value > second.value:
        # "between ten and twelve noon": the end's part of the day does not fit the start
        del left["daypart"]
        first = resolve(left_kind, left, dct, tense) or first
    if "hour" in left and "hour" in right:
        first = _midnight_opening(first, second)
        second = _clock_after(right, first, second, dct, tense)
    if first.earliest is not None and second.latest is not None \
            and second.latest < first.earliest:
        ongoing = _ongoing_start(left_kind, left, second, dct) \
            if tense == "future" and {"month", "day"} <= set(right) else None
        if ongoing is not None:
            # "the season, which runs from June 15 to Sept. 30", told in August: the stretch
            # under way, begun at the last such start (not next year's)
            first = ongoing
        elif tense == "future" and "year" not in right and "direction" not in right:
            # "will run from next Monday to Friday": the end is the first such after the start
            start = datetime.combine(first.earliest, datetime.min.time())
            second = resolve(right_kind, right, start, "future") or second
        elif "year" not in left:
            # "ran from Sunday to Thursday", "from Sunday to last Thursday": the start is the
            # last such before the end
            end = datetime.combine(second.latest, datetime.min.time())
            # (not the nearest such, which may lie ahead: "from January to date" in November)
            first = resolve(left_kind, {k: v for k, v in left.items()
                                        if k not in ("direction", "nearest")},
                            end, "past") or first
    earliest = first.earliest
    latest = second.latest
    return Resolved(first.type, first.value, fields.get("mod"), earliest, latest, first.anchor,
                    min(first.confidence, second.confidence), second.value)


def _ongoing_start(kind: str, fields: dict[str, Any], end: Resolved, dct: datetime | None
                   ) -> Resolved | None:
    """The last such start of a range whose coming end follows it with the reference date
    between them (a stretch under way), when the start is a day of a month with no year or
    direction (not a weekday: "will run from Monday to Friday" on a Wednesday is next week's;
    nor a month: "will peak between December and February", told in February)."""
    if dct is None or end.latest is None or not {"month", "day"} <= set(fields) \
            or any(k in fields for k in ("year", *_PLACED)):
        return None
    start = resolve(kind, fields, dct, "past")
    if start is None or start.earliest is None:
        return None
    return start if start.earliest <= dct.date() <= end.latest else None


def _present_day(kind: str, fields: dict[str, Any], dct: datetime | None
                 ) -> tuple[str, dict[str, Any]]:
    """An end of a range that is the present ("between Jan 2019 and now") is the reference
    day: a range needs a day to end on, PRESENT_REF gives none."""
    if fields.get("value") == "PRESENT_REF" and dct is not None:
        return "relative", {"unit": "D", "offset": 0}
    return kind, fields


def _bare_clock(fields: dict[str, Any]) -> bool:
    """A clock time that does not say which half of the day it is in: "3", "7:30"."""
    return not any(fields.get(k) for k in ("daypart", "daypart_value")) \
        and int(fields["hour"]) <= 12


def _midnight_opening(first: Resolved, second: Resolved) -> Resolved:
    """A span that opens at midnight on its end's day opens as that day begins: "from midnight
    until 10am on Wednesday" is from Tuesday's 24:00 (TIMEX3's end of a day), not Wednesday's."""
    if first.value[10:16] != "T24:00" or first.value[:10] != second.value[:10] \
            or first.earliest is None or not TIME_OF_DAY.match(first.value):
        return first
    day = first.earliest - timedelta(days=1)
    return replace(first, value=day.isoformat() + first.value[10:], earliest=day, latest=day)


def _clock_after(right: dict[str, Any], first: Resolved, second: Resolved,
                 dct: datetime | None, tense: str) -> Resolved:
    """The end of a span of clock times, read after its start: "from 10:30 to 3" ends at
    15:00, "from 11 pm to 3" at 03:00 the next day."""
    start, end = TIME_OF_DAY.match(first.value), TIME_OF_DAY.match(second.value)
    if start is None or end is None or start[1] != end[1] or second.value >= first.value:
        return second
    if _bare_clock(right) and int(right["hour"]) < 12:
        later = resolve("time", {**right, "hour": int(right["hour"]) + 12}, dct, tense)
        if later is not None and later.value > first.value:
            return later
    day = date.fromisoformat(end[1]) + timedelta(days=1)
    return Resolved(second.type, day.isoformat() + second.value[10:], second.mod, day, day,
                    second.anchor, second.confidence, second.end_value)


def _day_span(kind: str, fields: dict[str, Any], dct: datetime | None, tense: str
              ) -> Resolved | None:
    """A day and a length from it: "three days starting Monday" is Monday to Wednesday, "a
    week from Dec. 20" Dec. 20 to 26 (the length counts the first day)."""
    start = resolve(kind, {k: v for k, v in fields.items() if k != "length"}, dct, tense)
    if start is None or start.earliest is None or start.earliest != start.latest:
        return start  # no day to count from: the start alone
    moment = datetime.combine(start.earliest, datetime.min.time())
    length = fields["length"]
    for count, unit in [_piece(length)] + [_piece(p) for p in length.get("more", ())]:
        moment = _moved(moment, count, unit)
    last = moment.date() - timedelta(days=1)
    if last < start.earliest:
        return start
    return Resolved("DATE", start.value, start.mod, start.earliest, last, start.anchor,
                    start.confidence, last.isoformat())


def _length_end(start: str, length: dict[str, Any]) -> str | None:
    """The end of a span given by its start and length: "from 9:30 for 7 hours" ends at
    16:30."""
    moment = clock_moment(start)
    if moment is None:
        return None
    for count, unit in [_piece(length)] + [_piece(p) for p in length.get("more", ())]:
        moment = _moved(moment, count, unit)
    return moment.strftime("%Y-%m-%dT%H:%M" + (":%S" if moment.second else ""))


def clock_moment(value: str) -> datetime | None:
    """The moment a TIME value names on its day ("2024-11-07T15:30"; "T24", midnight at the
    day's end, is the next day's 00:00), else None (no day, or a part of a day)."""
    m = TIME_OF_DAY.match(value)
    if m is None:
        return None
    clock = [int(n) for n in m[2].split(":")] + [0, 0]
    return datetime.fromisoformat(m[1]) + timedelta(hours=clock[0], minutes=clock[1],
                                                    seconds=clock[2])


def _shifted(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    """"Three weeks from tomorrow", "two days before yesterday": the anchor day moved by the
    quantity (a clock time when either has one)."""
    anchor = dict(fields["shift_from"])
    base = resolve(anchor.pop("_kind"), anchor, dct, tense)
    if base is None:
        return None
    m = DAY.match(base.value)
    if m is None:  # no reference date to count from: a day, not yet known
        return finish("DATE", "XXXX-XX-XX", {}, "dct", 0.5)
    moment = datetime.fromisoformat(base.value[:16])
    parts = [_piece(fields)] + [_piece(p) for p in fields.get("more", ())]
    for count, unit in parts:
        moment = _moved(moment, count * int(fields["sign"]), unit)
    value = moment.date().isoformat()
    own = {"mod": fields["mod"]} if fields.get("mod") else {}
    if m[4] or any(unit in TIME_UNITS for _, unit in parts):
        return finish("TIME", value + moment.strftime("T%H:%M" if moment.minute else "T%H"),
                       own, base.anchor, base.confidence)
    return finish("DATE", value, own, base.anchor, base.confidence)


def _moved(moment: datetime, count: float, unit: str) -> datetime:
    if unit in ("Y", "Q", "M"):  # whole calendar months, a fraction of one as 30 days
        months = count * {"Y": 12, "Q": 3, "M": 1}[unit]
        fraction, whole = math.modf(months)
        day = _shift_months(moment.date(), int(whole))
        return datetime.combine(day, moment.time()) + timedelta(days=30 * fraction)
    return moment + timedelta(seconds=count * _UNIT_SECONDS[unit])


_UNIT_SECONDS = {"W": 604800, "D": 86400, "H": 3600, "MIN": 60, "S": 1}


_HANDLERS = {
    "date": _calendar_date,
    "time": _time,
    "relative": _relative,
    "offset": _offset,
    "duration": _duration,
    "ref": _fixed,
    "set": _set,
}


_STANDARD_DAY = date(2001, 1, 15)  # a winter day: a zone's offset when no day is known


def _zone_offset(fields: dict[str, Any], day_value: str, clock: str | None) -> str:
    """A clock time's offset written after it ("8 GMT" is 08:00Z): a place's zone gives
    its offset on that day and hour, summer time included (15:00 Paris time on 24 July 2024
    is +02:00), else, with no day known or no time zone database, the fixed `tz`."""
    fixed = fields.get("tz", "local")
    fixed = "" if fixed == "local" else fixed
    name = fields.get("zone")
    if not name:
        return fixed
    try:
        place = ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return fixed
    found = DAY.match(day_value)
    day = date(int(found[1]), int(found[2]), int(found[3])) if found else _STANDARD_DAY
    hour = int(clock[1:3]) % 24 if clock and clock[1:3].isdigit() else 12
    offset = datetime.combine(day, time(hour), place).utcoffset()
    if offset is None:
        return fixed
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "Z"
    sign = "+" if minutes > 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
