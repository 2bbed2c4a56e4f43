"""A reference date for an article that came without one, refined from what it dates.

The extractor guesses a publication date from the latest month or day the text states
outright; an article that states only years ("حملة 2024") and dates its news through known
events ("the day after the election") gets none, and then "Wednesday", "September" and "last
year" cannot be placed. So, when no date is given:

1. a provisional reference date is the last day of the latest period stated outright (any
   precision: the year 2024 gives 2024-12-31), at least the extractor's own guess; with it
   the known events resolve (the 2024 election, the day after it);
2. the article cannot be older than the latest day or month it dates outright or through a
   known event, and news is written close to what it reports: that latest date becomes the
   reference date, and the article is extracted again against it.

The result says the date was inferred (`dct_inferred`), and entries dated from it say so.
"""

from __future__ import annotations

from datetime import date, datetime

from timeline.extract import extract
from timeline.mention import Extraction, Mention

_FINE = 7  # a value at least this long (YYYY-MM) is precise enough to date the article


def extract_with_inferred_dct(text: str, lang: str, dct: datetime | None) -> Extraction:
    """`extract`, with a reference date inferred as above when `dct` is None."""
    first = extract(text, lang=lang, dct=dct)
    if dct is not None:
        return first
    provisional = _latest(first.mentions, coarse=True)
    guess = first.dct_used.date() if isinstance(first.dct_used, datetime) else first.dct_used
    if guess is not None and (provisional is None or guess > provisional):
        provisional = guess
    if provisional is None:
        return first
    second = extract(text, lang=lang, dct=_midnight(provisional))
    refined = _latest(second.mentions, coarse=False) or provisional
    third = extract(text, lang=lang, dct=_midnight(min(refined, provisional)))
    return Extraction(third.lang, third.dct_used, True, third.mentions)


def _latest(mentions: list[Mention], coarse: bool) -> date | None:
    """The latest last day of a reference stated outright (or through a known event, unless
    `coarse`); coarse also counts bare years."""
    days = []
    for m in mentions:
        if m.extra.get("aside") or m.type not in ("DATE", "TIME") or m.latest is None:
            continue
        if m.mod in ("BEFORE", "AFTER", "ON_OR_AFTER", "ON_OR_BEFORE"):
            continue  # an open interval's end says nothing about when the article was written
        anchor = m.anchor or ""
        if anchor == "absolute" and (coarse or len(m.value) >= _FINE) \
                or (not coarse and anchor.startswith("event:")):
            days.append(date.fromisoformat(m.latest[:10]))
    return max(days, default=None)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())
