"""Feasts and the weekdays told beside them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from timeline.clock_days import DAY_VALUE
from timeline.mention import Mention
from timeline.resolved import Resolved
from timeline.tagger import Candidate

_NO_DATE = frozenset(("day", "month", "year", "offset", "direction", "week_offset"))


def weekday_of_no_date(cand: Candidate) -> bool:
    """Whether a candidate is a weekday, with or without a part of the day, and no date."""
    return "weekday" in cand.fields and _NO_DATE.isdisjoint(cand.fields)


_APPOSITION = re.compile(r"[^\w\n]*")  # spaces and punctuation only, within a paragraph


def weekdays_of_feasts(text: str,
                       beside: list[tuple[int, int, int, Mention]]) -> None:
    """A weekday beside a feast in apposition ("Eid al-Adha on Thursday", "Wednesday morning,
    the first day of Eid"), nothing but spaces or punctuation between, is the feast's day, whatever
    the clause's tense read; a feast the calendar puts a day before or after that weekday is
    kept on it (a sighting of the moon moves it by a day, and the text says which)."""
    for (_, end, first_day, first), (start, _, second_day, second) in pairwise(beside):
        if (first_day < 0) == (second_day < 0) or not _APPOSITION.fullmatch(text, end, start):
            continue
        (feast, _), (day, weekday) = sorted(((first, first_day), (second, second_day)),
                                            key=lambda pair: pair[1])
        if feast.earliest is None or feast.earliest != feast.latest \
                or not DAY_VALUE.fullmatch(feast.value) or not DAY_VALUE.match(day.value):
            continue
        near = [on for shift in (0, 1, -1)
                if (on := date.fromisoformat(feast.earliest) + timedelta(days=shift))
                .isoweekday() == weekday]
        if not near:
            continue
        on = near[0].isoformat()
        feast.value, feast.earliest, feast.latest = on, on, on
        day.value = on + day.value[10:]
        day.earliest = day.latest = on


def feast_named(cand: Candidate, feast: tuple[Any, Any, int] | None) -> Candidate:
    """A feast that may be either of two ("the Eid": of the fast or of the sacrifice) is the
    one the text last named by its day, in the year it was read in ("Eid al-Fitr is expected
    on Aug. 8 ... the Eid holiday")."""
    fields = cand.fields
    if "or_hmonth" not in fields or feast is None \
            or feast[:2] not in ((fields["hmonth"], fields["hday"]),
                                 (fields["or_hmonth"], fields["or_hday"])):
        return cand
    rest = {k: v for k, v in fields.items() if k not in ("or_hmonth", "or_hday", "nearest")}
    return cand.with_fields({**rest, "hmonth": feast[0], "hday": feast[1], "year": feast[2]})


def feast_told(cand: Candidate, resolved: Resolved) -> tuple[Any, Any, int] | None:
    """A feast named by its day (no "either" one), with the year it was read in, or None."""
    fields = cand.fields
    if "hday" not in fields or "hmonth" not in fields or "or_hmonth" in fields \
            or resolved.earliest is None:
        return None
    return fields["hmonth"], fields["hday"], resolved.earliest.year
