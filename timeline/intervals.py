"""The closed calendar interval [earliest, latest] that a TIMEX3 value and mod stand for.

Part-of-period cut-offs, used everywhere (tagger, timeline ordering, filters):
- a year splits into thirds by months: START = Jan–Apr, MID = May–Aug, END = Sep–Dec
  ("late 2022" is 2022-09-01..2022-12-31);
- a month splits by days: START = 1–10, MID = 11–20, END = 21–last day;
- a decade by years: START = years 0–3, MID = 4–6, END = 7–9;
- a century by decades: START = 00–32, MID = 33–65, END = 66–99;
- any other period (a week, a season, a quarter) into thirds of its days.
BEFORE/AFTER leave the far end open (None); ON_OR_AFTER/ON_OR_BEFORE include the value.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
# The shapes of TIMEX3 calendar values (shared with timeline.display)
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR = re.compile(r"^(\d{4})$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
WEEKEND = re.compile(r"^(\d{4})-W(\d{2})-WE$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
HALF = re.compile(r"^(\d{4})-H([12])$")
SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
DECADE = re.compile(r"^(\d{3})$")
CENTURY = re.compile(r"^(\d{2})$")


def period(value: str) -> tuple[date, date] | None:
    """The days a TIMEX3 DATE/TIME value covers, or None when it is not on the calendar."""
    if m := DAY.match(value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := MONTH.match(value):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
    if m := YEAR.match(value):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    if m := WEEK.match(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday, monday + timedelta(days=6)
    if m := WEEKEND.match(value):
        saturday = date.fromisocalendar(int(m[1]), int(m[2]), 6)
        return saturday, saturday + timedelta(days=1)
    if m := QUARTER.match(value):
        y, q = int(m[1]), int(m[2])
        last = 3 * q
        return date(y, last - 2, 1), date(y, last, calendar.monthrange(y, last)[1])
    if m := HALF.match(value):
        y, h = int(m[1]), int(m[2])
        return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
    if m := SEASON.match(value):
        y, (first, last) = int(m[1]), _SEASONS[m[2]]
        end_year = y + 1 if last < first else y
        return date(y, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])
    if m := DECADE.match(value):
        y = int(m[1]) * 10
        return date(max(y, 1), 1, 1), date(y + 9, 12, 31)
    if m := CENTURY.match(value):
        y = int(m[1]) * 100
        return date(max(y, 1), 1, 1), date(y + 99, 12, 31)
    return None


def interval(value: str, mod: str | None = None) -> tuple[date | None, date | None] | None:
    """[earliest, latest] for `value` narrowed or opened by `mod`; None if not placeable."""
    try:
        span = period(value)
    except ValueError:  # an impossible date such as 2023-02-30
        return None
    if span is None:
        return None
    first, last = span
    if mod in ("START", "MID", "END"):
        return _part(value, first, last, mod)
    if mod == "AFTER":
        return (last + timedelta(days=1) if last < date.max else None), None
    if mod == "BEFORE":
        return None, (first - timedelta(days=1) if first > date.min else None)
    if mod in ("ON_OR_AFTER", "EQUAL_OR_MORE"):
        return first, None
    if mod in ("ON_OR_BEFORE", "EQUAL_OR_LESS"):
        return None, last
    return first, last


def _part(value: str, first: date, last: date, mod: str) -> tuple[date, date]:
    idx = ("START", "MID", "END").index(mod)
    if YEAR.match(value):
        months = ((1, 4), (5, 8), (9, 12))[idx]
        y = first.year
        return date(y, months[0], 1), date(y, months[1], calendar.monthrange(y, months[1])[1])
    if MONTH.match(value):
        days = ((1, 10), (11, 20), (21, last.day))[idx]
        return first.replace(day=days[0]), first.replace(day=days[1])
    if DECADE.match(value):
        years = ((0, 3), (4, 6), (7, 9))[idx]
        return date(max(first.year + years[0], 1), 1, 1), date(first.year + years[1], 12, 31)
    if CENTURY.match(value):
        years = ((0, 32), (33, 65), (66, 99))[idx]
        return date(max(first.year + years[0], 1), 1, 1), date(first.year + years[1], 12, 31)
    total = (last - first).days + 1
    if total < 3:  # a day or two has no thirds to speak of
        return first, last
    third = total // 3
    bounds = ((0, third - 1), (third, 2 * third - 1), (2 * third, total - 1))[idx]
    return first + timedelta(days=bounds[0]), first + timedelta(days=bounds[1])
