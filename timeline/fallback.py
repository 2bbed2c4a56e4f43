"""Languages without resources: what dateparser finds, never dated by the wall clock.

dateparser resolves a relative reference ("lundi", "en septembre") against a base date, and
with none it takes today. A text given no reference date would then be dated by the day it
was read: the same article stored on two days would sit on two timelines, while the output
says `dct_used: null`. So without a reference date the text is read against two probe dates
that differ in every field, and only what both readings agree on is kept: "le 3 mai 2024"
stays 2024-05-03, "en septembre" becomes XXXX-09 and "lundi" XXXX-XX-XX, both without an
interval, as the engine leaves a reference it cannot place.

dateparser gives no confidence, yet timelines are filtered by it (`min_confidence`): with none,
every reference of these languages fell out of any filtered timeline, and entries showed 0.0,
"surely wrong", which nothing measured. So each gets a fixed confidence that ranks it where it
belongs: a date dateparser placed is less sure than one the engine's rules resolved (0.9 when
nothing weakens it), since a general-purpose parser also takes numbers and words such as "may"
for dates; one it could not place gets what the engine gives its unplaced references (0.2),
so a placed date never looks less sure than an unplaced one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from timeline.mention import Extraction, Mention

# a Wednesday and a Friday: year, month, day and weekday all differ
PROBES = (datetime(2001, 3, 14), datetime(2011, 8, 26))
_NUMBERS = re.compile(r"(\d+)")
PLACED_CONFIDENCE = 0.5  # dateparser gave a date with an interval
UNPLACED_CONFIDENCE = 0.2  # no interval (XXXX-09), as the engine's unplaced references


def fallback_extraction(text: str, lang: str, dct: datetime | None) -> Extraction:
    """What dateparser finds in `text` (language `lang`), resolved against `dct` only."""
    from timeline.peers.dateparser_search import extract as peer

    if dct is not None:
        return Extraction(lang, dct, False, [_rated(m) for m in peer(text, lang, dct)])
    first, second = (peer(text, lang, probe) for probe in PROBES)
    other = {(m.start, m.end): m.value for m in second}
    return Extraction(lang, None, False,
                      [_rated(_agreed(m, other.get((m.start, m.end)))) for m in first])


def _rated(mention: Mention) -> Mention:
    """`mention` with the confidence a fallback reading gets (see the module docstring)."""
    placed = mention.earliest is not None or mention.latest is not None
    return replace(mention, confidence=PLACED_CONFIDENCE if placed else UNPLACED_CONFIDENCE)


def _agreed(mention: Mention, other_value: str | None) -> Mention:
    """`mention` with the numbers its other reading gave differently written as X."""
    if other_value == mention.value:
        return mention
    return replace(mention, value=unresolved_value(mention.value, other_value),
                   earliest=None, latest=None, anchor="dct")


def unresolved_value(value: str, other: str | None) -> str:
    """The TIMEX3 value two readings agree on: each number they read differently becomes X
    ("2001-09" and "2011-09": "XXXX-09"); readings of another shape keep no number."""
    parts, others = _NUMBERS.split(value), _NUMBERS.split(other or "")
    same_shape = len(parts) == len(others) and parts[0::2] == others[0::2]
    return "".join(part if i % 2 == 0 or (same_shape and part == others[i])
                   else "X" * len(part) for i, part in enumerate(parts))
