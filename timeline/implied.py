"""Known events seen from the timeline: their dates, names, and the ones a date implies.

The extractor ties "بعد الانتخابات" / "after the election" to a known event. A plain year
written right after an event's name ("منذ غزو عام 2022", "since the invasion of 2022") also
points at that event when the gazetteer dates it inside that year: the reference dates the
clause, and the event it names belongs on the timeline too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from timeline.anchors import Occurrence, load_gazetteer
from timeline.intervals import interval
from timeline.lang import load_resources
from timeline.text import normalize_string

_REACH = 40  # how far before a reference an event's name may end ("غزو عام 2022")


def occurrence_of(key: str) -> tuple[str, str | None, str | None, str] | None:
    """(value, earliest, latest, "gazetteer") for an event key as references carry it
    (recurring events carry their year: `us-presidential-election-2024`)."""
    occ = _occurrence(key)
    if occ is None:
        return None
    first = interval(occ.start)
    last = interval(occ.end) if occ.end else first
    if first is None or last is None:
        return None
    lo, hi = first[0], last[1]
    return occ.start, lo.isoformat() if lo else None, hi.isoformat() if hi else None, "gazetteer"


def _occurrence(key: str) -> Occurrence | None:
    for event in load_gazetteer().events:
        if event.key == key:
            return event.occurrence(None)
        suffix = key[len(event.key) + 1:] if key.startswith(event.key + "-") else ""
        if suffix.isdigit() and len(suffix) == 4:
            occ = event.occurrence(date(int(suffix), 12, 31))
            return occ if occ is not None and occ.start.startswith(suffix) else None
    return None


def is_recurring(key: str) -> bool:
    """Whether the key names one cycle of a recurring event (its year chosen by the reference
    date: "the election" in an article of 2024)."""
    return not any(event.key == key for event in load_gazetteer().events)


def event_name(key: str, lang: str) -> str | None:
    """The event's first name in `lang` (English as a fallback), for its headline."""
    for event in load_gazetteer().events:
        if key == event.key or key.startswith(event.key + "-"):
            names = event.aliases.get(lang) or event.aliases.get("en") or []
            return names[0] if names else None
    return None


def named_event(text: str, lang: str, mention: Mapping[str, Any]) -> tuple[str, bool] | None:
    """The key of a known event named right next to a plain dated reference and dated within
    it ("since the invasion of 2022", "منذ غزو عام 2022": the event belongs on the timeline
    too), and whether the reference gives exactly the event's dates ("the 6 February 2023
    earthquake", "زلزالي السادس من فبراير 2023": the reference dates the event itself, so its
    clause tells the known event and belongs on its entry)."""
    lo, hi = mention.get("earliest"), mention.get("latest")
    if not lo or not hi or mention.get("anchor") != "absolute":
        return None
    before = normalize_string(text[max(0, mention["start"] - _REACH):mention["start"]])
    after = normalize_string(text[mention["end"]:mention["end"] + _REACH])
    # "غزو عام 2022" / "the invasion of 2022": the name ends just before the reference;
    # "the 2022 invasion": it starts just after
    match = _names_regex(lang).search(before) or _names_after_regex(lang).match(after)
    if match is None:
        return None
    ref = _names(lang)[" ".join(match.group("name").split())]
    occ = load_gazetteer().pick(ref, lang, normalize_string(text), date.fromisoformat(hi))
    if occ is None or not lo <= _first_day(occ.start) <= hi:
        return None
    # "the election on 5 November 2024" dates the event itself
    return occ.key, (lo, hi) == (_first_day(occ.start), _first_day(occ.end or occ.start))


def _first_day(value: str) -> str:
    return value if len(value) == 10 else f"{value}-01-01"


@cache
def _names(lang: str) -> dict[str, str]:
    """Normalised names -> event key or `category:<name>`, also without the definite article
    ("غزو" for "الغزو", "invasion" for "the invasion"), since the year takes its place."""
    table = dict(load_gazetteer().names(lang))
    try:
        resources = load_resources(lang)
    except LookupError:  # a language without resources: its names, if the gazetteer has any
        resources = {}
    meta, clauses = resources.get("meta", {}), resources.get("clauses", {})
    # ال is written onto its noun; "the " is a word of its own (`[clauses] articles`)
    articles = [normalize_string(str(meta.get("article", "")))]
    articles += [normalize_string(a) + " " for a in clauses.get("articles", [])]
    # the words a year may qualify (`[tables.year_events]`) name the event too, in the forms
    # only they list (the dual: "زلزالي 6 فبراير")
    for word, ref in resources.get("tables", {}).get("year_events", {}).items():
        table.setdefault(normalize_string(word), str(ref))
    for article in filter(None, articles):
        for name, ref in list(table.items()):
            if name.startswith(article) and len(name) > len(article) + 2:
                table.setdefault(name[len(article):], ref)
    return table


@cache
def _names_regex(lang: str) -> re.Pattern[str]:
    names = sorted(_names(lang), key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names) or "(?!)"
    # the name must end the text before the reference, give or take a word like عام/year
    return re.compile(rf"(?<![^\W_])(?P<name>{alternation})\s+(?:\S+\s+)?$")


@cache
def _names_after_regex(lang: str) -> re.Pattern[str]:
    names = sorted(_names(lang), key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names) or "(?!)"
    return re.compile(rf"\s+(?P<name>{alternation})(?![^\W_])")
