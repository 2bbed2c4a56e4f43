"""Peer baseline: ``dateparser.search.search_dates`` as a time tagger.

This is what we measure ourselves against, so it reports what dateparser says and does not
try to be clever: no filtering of dubious matches (e.g. "may" read as the month), only of
matches that are nothing but punctuation or whitespace.

What it adds on top of dateparser is bookkeeping:

- exact code-point offsets: ``search_dates`` returns ``(substring, datetime, period)`` in text
  order, without offsets. Each substring is looked up in the original text scanning forward
  from the end of the previous match. dateparser rebuilds a substring from its tokens joined
  by single spaces, so when the verbatim substring is not there (a newline, a double or
  no-break space between the words) the same tokens separated by any whitespace are looked
  for instead. The span is always a slice of the original text; a substring found neither
  way is skipped.
- the Arabic comma stripped from the ends of a match, as dateparser strips ",".
- TIMEX3 values at the precision dateparser reports (its ``period``, with the
  ``RETURN_TIME_AS_PERIOD`` setting so that a clock time is told apart from a day):
  ``2022``, ``2022-Q3``, ``2022-10``, ``2022-W40``, ``2022-10-07``, ``2022-10-07T15:30``,
  ``2022-10-07TEV``, with the closed ISO date interval of the value as earliest/latest.
"""

from __future__ import annotations

import re
import warnings
from calendar import monthrange
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from timeline.mention import Mention

RULE = "dateparser"

# Settings passed to search_dates on top of RELATIVE_BASE. PREFER_DATES_FROM is dateparser's
# default, stated so that the baseline does not change if the default does.
SETTINGS: dict[str, Any] = {
    "RETURN_AS_TIMEZONE_AWARE": False,
    "RETURN_TIME_AS_PERIOD": True,
    "PREFER_DATES_FROM": "current_period",
}

_YEAR4 = re.compile(r"(?<!\d)\d{4}(?!\d)")  # \d matches any Unicode digit, e.g. Arabic-Indic
_SECONDS = re.compile(r"\d:\d\d:\d\d")
_CLOCK = re.compile(r"\d{1,2}\s*:\s*\d\d|\d\s*(?:[ap]\.?m\.?)(?![^\W\d_])", re.IGNORECASE)
# Whitespace and invisible format characters (bidi marks, zero-width spaces, BOM) that may
# separate the tokens dateparser joins with a single space.
# dateparser strips " .,:" around a match but not the Arabic comma: strip it the same way.
_EDGES = re.compile(r"^[\s\u060c]+|[\s\u060c]+$")
_GAP = r"(?:\s|[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff])*"


def extract(
    text: str,
    lang: str | None,
    dct: datetime | None,
    *,
    settings: dict[str, Any] | None = None,
) -> list[Mention]:
    """Tag the time references that ``dateparser.search.search_dates`` finds in `text`.

    `lang` is a language code (``"en"``, ``"ar"``, ...): dateparser detects the language when
    it is None or a language dateparser does not know. `dct` (the document creation time) is
    the base of relative expressions, its time zone dropped; None means now. `settings`
    override `SETTINGS`. Never raises on odd input: if dateparser fails on the whole text,
    it is tried line by line, and a line it fails on gives no mention.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    opts = dict(SETTINGS)
    base = _naive(dct)
    if base is not None:
        opts["RELATIVE_BASE"] = base
    if settings:
        opts.update(settings)
    languages = _languages(lang)

    results = _search(text, languages, opts)
    if results is not None:
        return _mentions(text, 0, results)

    mentions: list[Mention] = []
    for offset, line in _lines(text):
        found = _search(line, languages, opts)
        if found:
            mentions.extend(_mentions(line, offset, found))
    return mentions


def _naive(dct: datetime | date | None) -> datetime | None:
    if dct is None:
        return None
    if not isinstance(dct, datetime):
        return datetime(dct.year, dct.month, dct.day)
    return dct.replace(tzinfo=None)


def _languages(lang: str | None) -> list[str] | None:
    """`lang` as dateparser knows it (``"en-US"`` -> ``["en"]``), or None to detect it."""
    if not lang:
        return None
    known = _known_languages()
    if not known:
        return [lang]
    for code in (lang, lang.replace("_", "-"), re.split(r"[-_]", lang)[0].lower()):
        if code in known:
            return [code]
    return None


@cache
def _known_languages() -> frozenset[str]:
    try:  # a data module of dateparser, not its API: if it moves, trust `lang` as given
        from dateparser.data.languages_info import language_order
    except ImportError:
        return frozenset()
    return frozenset(language_order)


def _search(text: str, languages: list[str] | None, opts: dict[str, Any]) -> list[tuple] | None:
    """search_dates with periods: a list (maybe empty), or None if dateparser failed."""
    from dateparser.search import search_dates

    for langs in (languages, None) if languages else (None,):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = search_dates(text, languages=langs, settings=opts, add_period=True)
        except Exception:  # dateparser raises many kinds of errors on odd input
            continue
        return list(found or [])
    return None


def _lines(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            yield offset, line
        offset += len(line)


def _mentions(text: str, offset: int, results: list[tuple]) -> list[Mention]:
    mentions: list[Mention] = []
    pos = 0
    for item in results:
        try:
            substring, dt, period = item[0], item[1], item[2] if len(item) > 2 else None
        except (TypeError, IndexError):
            continue
        if not isinstance(substring, str) or not isinstance(dt, datetime):
            continue
        substring = _EDGES.sub("", substring)
        if not any(ch.isalnum() for ch in substring):
            continue
        span = _locate(text, substring, pos)
        if span is None:
            continue
        start, end = span
        pos = end
        surface = text[start:end]
        try:
            kind, value, earliest, latest = _timex(dt.replace(tzinfo=None), period, surface)
        except (ValueError, OverflowError):
            continue
        mentions.append(
            Mention(
                start=offset + start,
                end=offset + end,
                text=surface,
                type=kind,
                value=value,
                earliest=earliest.isoformat(),
                latest=latest.isoformat(),
                anchor="absolute" if _YEAR4.search(surface) else "dct",
                rule=RULE,
            )
        )
    return mentions


def _locate(text: str, substring: str, pos: int) -> tuple[int, int] | None:
    """Where `substring` is in `text` at or after `pos`, verbatim or up to whitespace."""
    index = text.find(substring, pos)
    if index >= 0:
        return index, index + len(substring)
    tokens = substring.split()
    if not tokens:
        return None
    match = re.compile(_GAP.join(re.escape(token) for token in tokens)).search(text, pos)
    if match is None or match.start() == match.end():
        return None
    return match.start(), match.end()


def _timex(dt: datetime, period: str | None, surface: str) -> tuple[str, str, date, date]:
    """(type, value, earliest, latest) of `dt` at the precision of dateparser's `period`."""
    day = dt.date()
    if period == "year":
        return "DATE", f"{dt.year:04d}", date(dt.year, 1, 1), date(dt.year, 12, 31)
    if period == "quarter":
        quarter = (dt.month - 1) // 3 + 1
        first = date(dt.year, 3 * quarter - 2, 1)
        last_month = 3 * quarter
        last = date(dt.year, last_month, monthrange(dt.year, last_month)[1])
        return "DATE", f"{dt.year:04d}-Q{quarter}", first, last
    if period == "month":
        last = date(dt.year, dt.month, monthrange(dt.year, dt.month)[1])
        return "DATE", f"{dt.year:04d}-{dt.month:02d}", day.replace(day=1), last
    if period == "week":
        iso_year, iso_week, iso_day = dt.isocalendar()
        monday = day - timedelta(days=iso_day - 1)
        return "DATE", f"{iso_year:04d}-W{iso_week:02d}", monday, monday + timedelta(days=6)
    if period == "part_of_day":
        return "TIME", f"{day.isoformat()}T{_part_of_day(dt.hour)}", day, day
    if period == "time" or (period in (None, "day") and _CLOCK.search(surface)):
        clock = f"{dt.hour:02d}:{dt.minute:02d}"
        if dt.second or _SECONDS.search(surface):
            clock += f":{dt.second:02d}"
        return "TIME", f"{day.isoformat()}T{clock}", day, day
    return "DATE", day.isoformat(), day, day


def _part_of_day(hour: int) -> str:
    """TIMEX3 part of day for the hour dateparser gives it (its PARTS_OF_DAY setting)."""
    if hour < 12:
        return "MO"
    if hour < 17:
        return "AF"
    if hour < 20:
        return "EV"
    return "NI"
