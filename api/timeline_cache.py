"""Built timelines kept between requests, for as long as the stored data is unchanged.

Building a story's timeline (events, merging across articles, anchors) reads every mention
and costs about half a millisecond per reference: seconds, then minutes, for stories of
10,000 or 100,000 events. Requests mostly page through and filter the same story, so the
built timeline is kept (per database, story and language) together with the filtered views
clients asked for and the sort keys to bisect for a cursor. The store's `data_version`, which
every article, link or story change bumps, says when a kept timeline is stale: one integer
read per request. One lock per key: concurrent first requests wait for one build, not N.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from timeline.assemble import Entry, Timeline, TimelineFilter, filter_timeline

BUILT_SIZE = 4  # whole timelines kept (each can hold 100,000 entries)
FILTERED_SIZE = 64  # filtered views kept (lists of references to the same entries)


@dataclass(frozen=True, slots=True)
class View:
    """A (filtered) timeline and its entries' sort keys, in order."""

    timeline: Timeline
    keys: list[tuple[Any, ...]]

    def page(self, after: tuple[Any, ...] | None, limit: int) -> tuple[list[Entry], bool]:
        """Up to `limit` entries after the cursor key, and whether more follow."""
        start = bisect_right(self.keys, after) if after is not None else 0
        return self.timeline.entries[start:start + limit], start + limit < len(self.keys)


class TimelineCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._built: OrderedDict[Hashable, Timeline] = OrderedDict()
        self._views: OrderedDict[Hashable, View] = OrderedDict()

    def view(self, source: Hashable, version: int, wanted: TimelineFilter,
             build: Callable[[], Timeline]) -> View:
        """The timeline of `source` at `version`, filtered by `wanted`; built when needed."""
        key = (source, version, wanted)
        with self._lock:
            found = _touch(self._views, key)
        if found is not None:
            return found
        with self._key_lock(key):
            with self._lock:
                found = _touch(self._views, key)
            if found is not None:  # built by the request we waited for
                return found
            full = self._timeline((source, version), build)
            shown = _filtered(full, wanted)
            found = View(shown, [e.sort_key for e in shown.entries])
            with self._lock:
                _put(self._views, key, found, FILTERED_SIZE)
            return found

    def _timeline(self, key: Hashable, build: Callable[[], Timeline]) -> Timeline:
        with self._key_lock(key):
            with self._lock:
                found = _touch(self._built, key)
            if found is None:
                found = build()
                with self._lock:
                    _put(self._built, key, found, BUILT_SIZE)
            return found

    def _key_lock(self, key: Hashable) -> threading.Lock:
        with self._lock:
            if len(self._key_locks) > 4 * FILTERED_SIZE:  # forget idle ones now and then
                self._key_locks = {k: v for k, v in self._key_locks.items() if v.locked()}
            return self._key_locks.setdefault(key, threading.Lock())


def _filtered(full: Timeline, wanted: TimelineFilter) -> Timeline:
    """`filter_timeline(full, wanted)`, with the date and confidence tests done first on the
    ISO strings (they sort as the dates do): 100,000 entries in milliseconds, not the
    `date.fromisoformat` pairs per entry. The text search then runs on what is left."""
    if wanted == TimelineFilter():
        return full
    start = wanted.start.isoformat() if wanted.start else None
    end = wanted.end.isoformat() if wanted.end else None
    low = wanted.min_confidence

    def sure(e: Entry) -> bool:
        return low is None or (e.confidence is not None and e.confidence >= low)

    narrowed = Timeline(
        [e for e in full.entries if (start is None or not e.latest or e.latest >= start)
         and (end is None or not e.earliest or e.earliest <= end) and sure(e)],
        [e for e in full.undated if sure(e)])
    return narrowed if wanted.q is None else filter_timeline(narrowed, wanted)


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
