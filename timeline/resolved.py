"""What resolving a time expression gives: a TIMEX3 type, value, mod and calendar interval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from timeline.intervals import interval


@dataclass(slots=True)
class Resolved:
    type: str
    value: str
    mod: str | None
    earliest: date | None
    latest: date | None
    anchor: str
    confidence: float
    end_value: str | None = None  # a range's end ("from 10 a.m. to 2 p.m."): value is its start


def finish(type_: str, value: str, fields: dict[str, Any], anchor: str,
           confidence: float = 0.9) -> Resolved:
    """A resolution of `value`, its mod and part of period (`fields`) giving its interval."""
    if fields.get("week_of") and type_ == "DATE" and len(value) == 10 and value[:4].isdigit():
        # "the week of March 6": the calendar week the day falls in
        year, week, _ = date.fromisoformat(value).isocalendar()
        value = f"{year:04d}-W{week:02d}"
    elif fields.get("weekend_of") and type_ == "DATE" and len(value) == 10 \
            and value[:4].isdigit():
        # "the weekend of April 26-27": the weekend of the day's week (a Monday's: before it)
        day = date.fromisoformat(value)
        year, week, _ = (day - timedelta(days=day.isoweekday() == 1)).isocalendar()
        value = f"{year:04d}-W{week:02d}-WE"
    mod = fields.get("mod")
    part = fields.get("part")
    if part and not mod:
        mod = part
    span = interval(value, part or mod) if type_ in ("DATE", "TIME") else None
    if part and mod != part and span is None:
        span = interval(value, part)
    earliest, latest = span if span else (None, None)
    return Resolved(type_, value, mod, earliest, latest, anchor, confidence)


def unknown_value(f: dict[str, Any]) -> str:
    """A TIMEX3 value with X for what only a reference date could tell."""
    if f.get("unit") == "W":
        # "week 10" of a year not known: the week number is still known
        nth = f.get("nth")
        known = nth is not None and "month" not in f and str(nth).isdigit() and 1 <= int(nth) <= 53
        return f"XXXX-W{int(nth):02d}" if known else "XXXX-WXX"
    if any(k in f for k in ("day", "weekday", "nth", "hday")):
        return "XXXX-XX-XX"
    return "XXXX-XX" if "month_offset" in f or "hmonth" in f else "XXXX"
