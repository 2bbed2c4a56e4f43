"""Human-readable dates for TIMEX3 values: "late 2022", "6 November 2024", "أواخر 2022".

A timeline shows the date at the precision the article gave it: a month stays a month, never
a made-up first day. The words come from each language's `display` resources
(timeline/lang/<code>/display.toml); a language without them is written in English.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from timeline.lang import load_resources

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_DECADE = re.compile(r"^(\d{3})$")


def display_date(value: str, mod: str | None = None, lang: str = "en") -> str:
    """`value` (+ `mod`) written for readers of `lang` (English when it has no resources)."""
    words = _words(lang)
    text = _plain(value, words)
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
    if m := _DAY.match(value):
        day = w["day"].format(day=int(m[3]), month=w["months"][int(m[2]) - 1], year=m[1])
        return w["time"].format(date=day, time=m[4]) if m[4] else day
    if m := _MONTH.match(value):
        return w["month"].format(month=w["months"][int(m[2]) - 1], year=m[1])
    if _YEAR.match(value):
        return value
    if m := _WEEK.match(value):
        return w["week"].format(week=int(m[2]), year=m[1])
    if m := _QUARTER.match(value):
        return w["quarter"].format(quarter=m[2], year=m[1])
    if m := _HALF.match(value):
        return w["halves"][int(m[2]) - 1].format(year=m[1])
    if m := _SEASON.match(value):
        return w["season"].format(season=w["seasons"][m[2]], year=m[1])
    if m := _DECADE.match(value):
        return w["decade"].format(decade=f"{m[1]}0")
    return value
