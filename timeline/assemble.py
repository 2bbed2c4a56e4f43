"""Timeline assembly: stored mentions in, ordered timeline entries out. Pure functions.

Until events are extracted and merged across articles (issue 6), an entry is one dated
mention: a DATE or TIME whose interval has at least one end, with its article as the source
and the sentence around it as headline and quote. DATE/TIME mentions with no interval
(PAST_REF, XXXX-09, …) go to `undated` instead of being dropped. Durations and sets date
nothing and are left out. Issue 6 replaces `build_timeline` and keeps the shapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from timeline.display import display_date
from timeline.search import matches, search_terms
from timeline.text import split_sentences

_PLACEABLE = ("DATE", "TIME")
_HEADLINE_CHARS = 140
_QUOTE_CHARS = 600


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
    mention_text: str
    mention_start: int
    mention_end: int


@dataclass(frozen=True, slots=True)
class Flags:
    """Why a reader should not take the date at face value."""

    approximate: bool  # the article hedged it: early/late/about/before/after/since …
    inferred_dct: bool  # resolved against a publication date we had to guess
    vague: bool  # more than one day, or open at one end


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
    """Entries (ordered by date) and undated references from stored mentions.

    `mentions` carry `id`, `article_id` and the TIMEX3 fields; `articles` maps ids to
    `title`, `text`, `lang`, `url`, `source`, `published_at`, `dct_inferred`.
    """
    sentences: dict[int, list[tuple[int, int]]] = {}
    entries, undated = [], []
    for mention in mentions:
        if mention["type"] not in _PLACEABLE:
            continue
        article = articles[mention["article_id"]]
        spans = sentences.setdefault(mention["article_id"], split_sentences(article["text"]))
        entry = _entry(mention, article, spans)
        (entries if _is_dated(mention) else undated).append(entry)
    entries.sort(key=lambda e: e.sort_key)
    undated.sort(key=lambda e: e.sort_key)
    return Timeline(entries, undated)


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


# ---------------------------------------------------------------- one entry


def _entry(mention: Mapping[str, Any], article: Mapping[str, Any],
           spans: list[tuple[int, int]]) -> Entry:
    q_start, q_end = _sentence_around(spans, mention["start"], mention["end"])
    quote = article["text"][q_start:q_end]
    lang = article["lang"]
    value, mod = mention["value"], mention.get("mod")
    source = Source(
        article_id=mention["article_id"], title=article["title"], url=article.get("url"),
        source=article.get("source"), lang=lang, published_at=article.get("published_at"),
        quote=quote, quote_start=q_start, quote_end=q_end, mention_text=mention["text"],
        mention_start=mention["start"], mention_end=mention["end"])
    dated = _is_dated(mention)
    return Entry(
        id=f"m{mention['id']}", type=mention["type"], value=value, mod=mod,
        earliest=mention.get("earliest"), latest=mention.get("latest"),
        display_date=display_date(value, mod, lang) if dated else mention["text"],
        display_date_en=display_date(value, mod, "en") if dated else value,
        headline=_shorten(quote, _HEADLINE_CHARS), text=quote, lang=lang,
        confidence=mention.get("confidence"), anchor=mention.get("anchor"),
        flags=_flags(mention, article), sources=[source], sort_key=_sort_key(mention))


def _is_dated(mention: Mapping[str, Any]) -> bool:
    return bool(mention.get("earliest") or mention.get("latest"))


def _flags(mention: Mapping[str, Any], article: Mapping[str, Any]) -> Flags:
    earliest, latest = mention.get("earliest"), mention.get("latest")
    return Flags(
        approximate=mention.get("mod") is not None,
        inferred_dct=bool(article.get("dct_inferred")) and mention.get("anchor") == "dct",
        vague=earliest is None or latest is None or earliest != latest,
    )


def _sort_key(mention: Mapping[str, Any]) -> tuple[str, str, int, int, int]:
    # an open start sorts by its end and vice versa; ties keep article and text order
    first = mention.get("earliest") or mention.get("latest") or ""
    second = mention.get("latest") or mention.get("earliest") or ""
    return first, second, mention["article_id"], mention["start"], mention["id"]


def _sentence_around(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end), widened to cover it all, capped in length."""
    s_start, s_end = start, end
    for span_start, span_end in spans:
        if span_start <= start < span_end:
            s_start, s_end = span_start, max(span_end, end)
            break
    if s_end - s_start > _QUOTE_CHARS:  # a run-on "sentence" (a list, a table): window it
        half = (_QUOTE_CHARS - (end - start)) // 2
        s_start = max(s_start, start - max(half, 0))
        s_end = min(s_end, max(end, s_start + _QUOTE_CHARS))
    return s_start, s_end


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[:cut if cut > limit // 2 else limit - 1] + "…"


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
