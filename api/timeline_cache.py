"""Built timelines kept between requests, for as long as the stored data is unchanged.

Building a story's timeline (events, merging across articles, anchors) reads every mention
and costs about a tenth of a millisecond per reference: seconds for stories of 100,000
events. Requests mostly page through and filter the same story, so the story is built once
per data version (per database and story, every language together) and every filter is
applied to that one build: dates, confidence, language and text search are tests over
columns and a term index made with the build (`Built`), a few milliseconds for 100,000
entries, not a new build per filter. The filtered views clients asked for are kept too (an
LRU), so following a cursor is a bisection and a slice. The store's `data_version`, which
every article, link or story change bumps, says when a kept timeline is stale: one integer
read per request. One lock per key: concurrent first requests wait for one build, not N.
"""

from __future__ import annotations

import gc
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from itertools import compress, repeat
from operator import attrgetter, ge, le
from typing import Any

from flask import Flask, current_app

from timeline.assemble import Entry, Timeline, TimelineFilter
from timeline.search import TermIndex

BUILT_SIZE = 4  # whole timelines kept (each can hold 100,000 entries)
FILTERED_SIZE = 64  # filtered views kept (lists of references to the same entries)
# builds this big are frozen out of the garbage collector's sight (`_settle_heap`); smaller
# ones cost a full collection a few milliseconds, not worth a process-wide freeze
SETTLE_ENTRIES = 10_000
# an open latest date sorts after every ISO date, so "reaches `from`" needs no special case
_OPEN_END = "\U0010ffff"
_SORT_KEY = attrgetter("sort_key")


@dataclass(frozen=True, slots=True)
class View:
    """A filtered timeline (entries as built) and the language its sources are shown in."""

    timeline: Timeline
    lang: str | None = None

    def page(self, after: tuple[Any, ...] | None, limit: int) -> tuple[list[Entry], bool]:
        """Up to `limit` entries after the cursor key, and whether more follow."""
        entries = self.timeline.entries
        start = bisect_right(entries, after, key=_SORT_KEY) if after is not None else 0
        page = entries[start:start + limit]
        return [_in_language(e, self.lang) for e in page], start + limit < len(entries)

    def undated(self) -> list[Entry]:
        """The undated references, their sources in the view's language."""
        return [_in_language(e, self.lang) for e in self.timeline.undated]


@dataclass(frozen=True, slots=True)
class _Columns:
    """What the filters test of each entry, one list per field, so a filter over 100,000
    entries is a `map` of an operator (C loops) rather than Python code per entry."""

    entries: list[Entry]
    lows: list[str]  # earliest; "" when open (before every date)
    highs: list[str]  # latest; _OPEN_END when open
    confidence: list[float]  # -inf when unknown: below every `min_confidence`
    langs: dict[str, bytearray]  # language -> 1 for each entry with a source in it
    terms: TermIndex  # the entry's passage and its first source's title, as `q` reads them

    @classmethod
    def of(cls, entries: list[Entry]) -> _Columns:
        langs: dict[str, bytearray] = {}
        for i, e in enumerate(entries):
            for lang in {s.lang for s in e.sources}:
                langs.setdefault(lang, bytearray(len(entries)))[i] = 1
        return cls(entries, [e.earliest or "" for e in entries],
                   [e.latest or _OPEN_END for e in entries],
                   [float("-inf") if e.confidence is None else e.confidence for e in entries],
                   langs, TermIndex(_search_parts(e) for e in entries))

    def select(self, wanted: TimelineFilter, lang: str | None) -> list[Entry]:
        """The entries passing `wanted` (dates overlap, confidence, text) with a source in
        `lang`, in order; the same entries as `assemble.filter_timeline` keeps."""
        if wanted == TimelineFilter() and lang is None:
            return self.entries
        # None: every entry; the text search goes first, as it keeps the fewest
        chosen: list[int] | None = None
        if wanted.q is not None:
            chosen = self.terms.matching(wanted.q)
        if lang is not None:
            chosen = _keep_flagged(chosen, self.langs.get(lang, bytearray(len(self.entries))))
        for column, test, bound in self._tests(wanted):
            chosen = _keep_passing(chosen, column, test, bound)
        if chosen is None:
            return self.entries
        return list(map(self.entries.__getitem__, chosen))

    def _tests(self, wanted: TimelineFilter) -> list[tuple[list[Any], Callable[..., bool], Any]]:
        # ISO date strings sort as the dates do: no date parsing per entry
        tests: list[tuple[list[Any], Callable[..., bool], Any]] = []
        if wanted.start is not None:
            tests.append((self.highs, ge, wanted.start.isoformat()))
        if wanted.end is not None:
            tests.append((self.lows, le, wanted.end.isoformat()))
        if wanted.min_confidence is not None:
            tests.append((self.confidence, ge, wanted.min_confidence))
        return tests


def _keep_flagged(chosen: list[int] | None, flags: bytearray) -> list[int]:
    """The entries of `chosen` (None: all) whose flag is set."""
    if chosen is None:
        return list(compress(range(len(flags)), flags))
    return list(compress(chosen, map(flags.__getitem__, chosen)))


def _keep_passing(chosen: list[int] | None, column: list[Any], test: Callable[..., bool],
                  bound: Any) -> list[int]:
    """The entries of `chosen` (None: all) whose value in `column` passes `test(value, bound)`."""
    if chosen is None:
        return list(compress(range(len(column)), map(test, column, repeat(bound))))
    return list(compress(chosen, map(test, map(column.__getitem__, chosen), repeat(bound))))


def _search_parts(entry: Entry) -> tuple[str, ...]:
    # what `assemble._passes` searches: the entry's passage and its first source's title
    return (entry.text, entry.sources[0].title) if entry.sources else (entry.text,)


def _in_language(entry: Entry, lang: str | None) -> Entry:
    """The entry with only its sources in `lang` (all of them when no language is asked)."""
    if lang is None or all(s.lang == lang for s in entry.sources):
        return entry
    return replace(entry, sources=[s for s in entry.sources if s.lang == lang])


@dataclass(frozen=True, slots=True)
class Built:
    """A story's whole timeline as built, with the columns its filters test."""

    timeline: Timeline
    dated: _Columns
    undated: _Columns

    @classmethod
    def of(cls, timeline: Timeline) -> Built:
        return cls(timeline, _Columns.of(timeline.entries), _Columns.of(timeline.undated))

    def view(self, wanted: TimelineFilter, lang: str | None = None) -> View:
        return View(Timeline(self.dated.select(wanted, lang),
                             self.undated.select(wanted, lang)), lang)


class TimelineCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._built: OrderedDict[Hashable, Built] = OrderedDict()
        self._views: OrderedDict[Hashable, View] = OrderedDict()

    def view(self, source: Hashable, version: int, wanted: TimelineFilter,
             build: Callable[[], Timeline], lang: str | None = None) -> View:
        """The timeline of `source` at `version`, filtered by `wanted` and `lang`; built when
        needed, once for every filter."""
        key = (source, version, wanted, lang)
        with self._lock:
            found = _touch(self._views, key)
        if found is not None:
            return found
        # filtering takes milliseconds: no per-view lock, a rare duplicate costs little
        found = self._timeline((source, version), build).view(wanted, lang)
        with self._lock:
            _put(self._views, key, found, FILTERED_SIZE)
        return found

    def _timeline(self, key: Hashable, build: Callable[[], Timeline]) -> Built:
        with self._key_lock(key):
            with self._lock:
                found = _touch(self._built, key)
            if found is None:
                found = Built.of(build())
                if len(found.timeline.entries) >= SETTLE_ENTRIES:
                    _settle_heap()
                with self._lock:
                    _put(self._built, key, found, BUILT_SIZE)
            return found

    def _key_lock(self, key: Hashable) -> threading.Lock:
        with self._lock:
            if len(self._key_locks) > 4 * BUILT_SIZE:  # forget idle ones now and then
                self._key_locks = {k: v for k, v in self._key_locks.items() if v.locked()}
            return self._key_locks.setdefault(key, threading.Lock())


def _settle_heap() -> None:
    """Take a fresh build out of the cyclic garbage collector's sight.

    A built story is millions of long-lived objects; left tracked, every later full
    collection walks them all, a 150-350 ms pause inside whichever request triggers it (seen
    at 100,000 events). Collecting once now (its cost scales with what is not yet frozen:
    this build) and freezing the survivors keeps later collections to the requests' own
    objects. Evicted builds are still freed: their records hold no reference cycles, so
    reference counting reclaims them frozen or not; what leaks is only garbage cycles made
    by other threads while they are in flight at that instant, once per big build."""
    gc.collect()
    gc.freeze()


def _filtered(full: Timeline, wanted: TimelineFilter, lang: str | None = None) -> Timeline:
    """`full` filtered as the cache filters it (sources not narrowed to `lang`)."""
    return Built.of(full).view(wanted, lang).timeline


def _touch(cache: OrderedDict[Hashable, Any], key: Hashable) -> Any:
    found = cache.get(key)
    if found is not None:
        cache.move_to_end(key)
    return found


def _put(cache: OrderedDict[Hashable, Any], key: Hashable, value: Any, size: int) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > size:
        cache.popitem(last=False)


def init_app(app: Flask) -> None:
    app.extensions["timeline_cache"] = TimelineCache()


def timeline_cache() -> TimelineCache:
    return current_app.extensions["timeline_cache"]
