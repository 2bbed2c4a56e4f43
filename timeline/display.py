"""Human-readable dates for TIMEX3 values: "late 2022", "6 November 2024", "أواخر 2022".

A timeline shows the date at the precision the article gave it: a month stays a month, never
a made-up first day. The words come from each language's `display` resources
(timeline/lang/<code>/display.toml); a language without them is written in English.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from timeline.intervals import (
    CENTURY,
    DAY,
    DECADE,
    HALF,
    MONTH,
    QUARTER,
    SEASON,
    WEEK,
    WEEKEND,
    YEAR,
    period,
)
from timeline.lang import load_resources

# a span's measure mods said of a point in time: "more than five months ago" (2024-03,
# MORE_THAN) was before March 2024, not "more than March 2024"
_POINT_MODS = {"MORE_THAN": "BEFORE", "LESS_THAN": "AFTER"}

# a day, week or month of a known month or year, as TimeML writes a step from a coarser date
# ("ten days later" after "February 2022": 2022-02-XX), by the `[display.some]` key
_SOME = re.compile(r"^(\d{4})-(?:(\d{2})-XX|(XX-XX|WXX|XX))$")
_SOME_KEYS = {"XX-XX": "day", "WXX": "week", "XX": "month"}

# TimeML's years and centuries before Christ: BC0044 (44 BC), BC04 (the 5th century BC)
BEFORE_CHRIST = re.compile(r"^BC(\d{4}|\d{2})$")


def display_date(value: str, mod: str | None = None, lang: str = "en",
                 end_value: str | None = None) -> str:
    """`value` (+ `mod`) written for readers of `lang` (English when it has no resources);
    with `end_value`, a range from `value` to it ("2019 – 2021": `[display] range`)."""
    words = _words(lang)
    text = _plain(value, words)
    if end_value and end_value != value:
        text = words.get("range", "{start} – {end}").format(start=text,
                                                            end=_plain(end_value, words))
    if not value.startswith("P"):  # a point in time, not a span
        mod = _POINT_MODS.get(mod or "", mod)
    template = words["mods"].get(mod or "")
    return template.format(text) if template else text


@cache
def _words(lang: str) -> dict[str, Any]:
    try:
        words = load_resources(lang).get("display")
    except LookupError:
        words = None
    return words if words else load_resources("en")["display"]


def _plain(value: str, w: dict[str, Any]) -> str:
    if m := DAY.match(value):
        day = w["day"].format(day=int(m[3]), month=w["months"][int(m[2]) - 1], year=m[1])
        return w["time"].format(date=day, time=m[4]) if m[4] else day
    if m := MONTH.match(value):
        return w["month"].format(month=w["months"][int(m[2]) - 1], year=m[1])
    if YEAR.match(value):
        return value if int(value) >= 1000 else w["early_year"].format(year=int(value))
    if m := WEEK.match(value):
        return w["week"].format(week=int(m[2]), year=m[1])
    if WEEKEND.match(value):
        saturday = period(value)[0]
        day = w["day"].format(day=saturday.day, month=w["months"][saturday.month - 1],
                              year=saturday.year)
        return w["weekend"].format(date=day)
    if m := QUARTER.match(value):
        return w["quarter"].format(quarter=m[2], year=m[1])
    if m := HALF.match(value):
        return w["halves"][int(m[2]) - 1].format(year=m[1])
    if m := SEASON.match(value):
        return w["season"].format(season=w["seasons"][m[2]], year=m[1])
    if m := DECADE.match(value):
        return w["decade"].format(decade=f"{m[1]}0")
    if m := CENTURY.match(value):  # TimeML: "18" is the 1800s, the 19th century
        return w["century"].format(century=_ordinal(int(m[1]) + 1, w))
    if m := _SOME.match(value):
        if m[2]:
            return w["some"]["day_of_month"].format(month=_plain(f"{m[1]}-{m[2]}", w))
        return w["some"][_SOME_KEYS[m[3]]].format(year=m[1])
    if m := BEFORE_CHRIST.match(value):  # TimeML: BC0044 is 44 BC, BC04 the 5th century BC
        if len(m[1]) == 4:
            return w["year_bc"].format(year=int(m[1]))
        return w["century_bc"].format(century=_ordinal(int(m[1]) + 1, w))
    return value


def _ordinal(n: int, w: dict[str, Any]) -> str:
    """`n` as the language writes a rank ("19th"), from its list; the bare number past it."""
    ordinals = w.get("ordinals", [])
    return ordinals[n - 1] if n <= len(ordinals) else str(n)
