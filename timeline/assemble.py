"""Timeline records (entries, sources, flags), the filters and pages the API applies to them.

An entry is one real-world event, merged across articles by `timeline.timeline_build`; its
sources are the passages that report it. References that cannot be placed on the calendar
(PAST_REF, XXXX-09, …) are entries of the `undated` list, never dropped. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from timeline.search import matches, search_terms


@dataclass(frozen=True, slots=True)
class Source:
    """Where an entry comes from: the article and the exact quoted passage."""

    article_id: int
    title: str
    url: str | None
    source: str | None
    lang: str
    published_at: str | None
    quote: str
    quote_start: int
    quote_end: int
    mention_text: str | None  # None: the article reports the event without dating it
    mention_start: int | None
    mention_end: int | None
    article: str | None = None  # what the article is called in output (a file name)


@dataclass(frozen=True, slots=True)
class Flags:
    """Why a reader should not take the date at face value."""

    approximate: bool  # the article hedged it: early/late/about/before/after/since …
    inferred_dct: bool  # resolved against a publication date we had to guess
    vague: bool  # more than one day, or open at one end
    # where a known event's date came from: "gazetteer" or "article"; None for other entries
    date_source: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    type: str
    value: str
    mod: str | None
    earliest: str | None
    latest: str | None
    display_date: str  # in the article's language (English when we have no names for it)
    display_date_en: str
    headline: str
    text: str
    lang: str
    confidence: float | None
    anchor: str | None
    flags: Flags
    sources: list[Source]
    sort_key: tuple[str, str, int, int, int] = field(compare=False, repr=False)
    # for an entry dated by a range ("between 2019 and 2021"): the TIMEX3 value of its end;
    # `value` is its start, `earliest`/`latest` cover the whole range
    end_value: str | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    entries: list[Entry]
    undated: list[Entry]


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """What a client asks to see. Dates are closed bounds; None means unbounded."""

    start: date | None = None
    end: date | None = None
    q: str | None = None
    min_confidence: float | None = None


def build_timeline(mentions: Iterable[Mapping[str, Any]],
                   articles: Mapping[int, Mapping[str, Any]]) -> Timeline:
    """The timeline of stored rows: `mentions` carry `id`, `article_id` and the TIMEX3
    fields; `articles` maps ids to `title`, `text`, `lang`, `url`, `source`, `published_at`,
    `dct_inferred`. Events, merging and ordering are `timeline.timeline_build`'s."""
    # imported here: timeline_build builds the Entry/Source/Flags records defined above
    from timeline.timeline_build import articles_from_rows
    from timeline.timeline_build import build_timeline as build

    return build(articles_from_rows(mentions, articles))


def filter_timeline(timeline: Timeline, wanted: TimelineFilter) -> Timeline:
    """Entries overlapping [start, end] that pass the text and confidence filters.

    Undated entries cannot be compared with dates, so only the other filters apply to them.
    """
    return Timeline(
        [e for e in timeline.entries if _overlaps(e, wanted) and _passes(e, wanted)],
        [e for e in timeline.undated if _passes(e, wanted)],
    )


def page_after(entries: list[Entry], after: tuple | None, limit: int
               ) -> tuple[list[Entry], bool]:
    """Up to `limit` entries whose sort key comes after `after`; and whether more follow."""
    start = 0
    if after is not None:
        start = next((i for i, e in enumerate(entries) if e.sort_key > after), len(entries))
    page = entries[start:start + limit]
    return page, start + limit < len(entries)


# ---------------------------------------------------------------- filters


def _overlaps(entry: Entry, wanted: TimelineFilter) -> bool:
    first = date.fromisoformat(entry.earliest) if entry.earliest else date.min
    last = date.fromisoformat(entry.latest) if entry.latest else date.max
    if wanted.start is not None and last < wanted.start:
        return False
    return not (wanted.end is not None and first > wanted.end)


def _passes(entry: Entry, wanted: TimelineFilter) -> bool:
    if wanted.min_confidence is not None and (entry.confidence is None
                                              or entry.confidence < wanted.min_confidence):
        return False
    if wanted.q is not None:
        terms = search_terms(wanted.q)
        # no searchable word (only punctuation) matches nothing, as in the article search
        return bool(terms) and matches(terms, f"{entry.text} {entry.sources[0].title}")
    return True
