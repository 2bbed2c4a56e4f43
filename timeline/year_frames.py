"""Years that frame what follows: a year opening a sentence, the year the story last told
of ("That summer")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from timeline.intervals import interval
from timeline.resolved import Resolved
from timeline.resolver import resolve
from timeline.story_time import STORY_SPAN, UNFRAMED, framed_range, without
from timeline.tagger import Candidate
from timeline.tense import TenseReader


def in_narrative_year(cand: Candidate, narrative: Resolved | None) -> Candidate:
    """A season or month of the year the story last told of ("In 1967, ... That summer,"),
    else one read like any other (the nearest)."""
    fields = without(cand.fields, "narrative_year")
    if narrative is None or narrative.earliest is None or narrative.latest is None:
        return cand.with_fields(fields)
    year = _season_after(fields, narrative)
    if year is None and narrative.earliest.year == narrative.latest.year:
        year = narrative.earliest.year
    if year is not None:
        fields = {k: v for k, v in fields.items() if k not in ("nearest", "year_offset")}
        fields["year"] = year
    return cand.with_fields(fields)


def _season_after(fields: dict[str, Any], narrative: Resolved) -> int | None:
    """The year of the first season after the story's time, or of the last before it ("the
    following summer", "the previous winter"): after a day of February 2022, autumn 2022;
    after the year 2019 or the winter of 2022-23, the next year's. None for no such step."""
    offset = int(fields.get("year_offset", 0))
    season = fields.get("season")
    if not offset or season is None or narrative.earliest is None or narrative.latest is None:
        return None
    year = narrative.latest.year if offset > 0 else narrative.earliest.year
    told = interval(f"{year:04d}-{season}")
    if told is None or told[0] is None or told[1] is None:
        return None
    if offset > 0:
        return year if told[0] > narrative.latest else year + 1
    return year if told[1] < narrative.earliest else year - 1


def frame_goes_on(text: str, tenses: TenseReader, frame_at: int, narrative_at: int,
                  cand: Candidate, year: str, dct: datetime | None) -> bool:
    """Whether a past year that opened a sentence still frames a month or day told in a past
    clause of the next sentence of its paragraph, no date stated between ("In 1973, Egypt and
    Syria attacked. On Oct. 6 the troops crossed the canal": 1973); not one within a month
    before the reference date, the news of the day after a look back ("In 2023, sales rose 5
    percent. On March 3 the company said", written on March 5)."""
    if not (frame_at >= 0 and narrative_at == frame_at and dct is not None
            and int(year) < dct.year and "\n" not in text[frame_at:cand.start]
            and tenses.sentence_of(cand.start) - tenses.sentence_of(frame_at) == 1
            and tenses.at(cand.start, cand.end) == "past"):
        return False
    recent = resolve(cand.kind, without(cand.fields, "nearest"), dct, "past")
    return recent is None or recent.earliest is None \
        or (dct.date() - recent.earliest).days > STORY_SPAN


def year_ahead(year: str, dct: datetime | None) -> bool:
    """Whether a year (a value "2014") lies after the reference date's."""
    return dct is not None and int(year) > dct.year


def not_nearest(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields without `nearest`, a range's ends' too: "the talks were held from Jan. 5 to
    Jan. 9", written in October, took place last January, however near the next one is."""
    fields = without(fields, "nearest")
    if "range_from" in fields:
        for end in ("range_from", "range_to"):
            if "nearest" in fields[end]:
                fields[end] = without(fields[end], "nearest")
    return fields


def framed_period(cand: Candidate) -> bool:
    """A quarter, half or season with no year or other anchor of its own ("In 2016, sales
    rose in the third quarter": 2016's), which the year opening its sentence frames as it
    does a month."""
    return cand.kind == "date" and "season" in cand.fields \
        and UNFRAMED.isdisjoint(cand.fields)


def in_frame_year(cand: Candidate, year: str) -> Candidate:
    """A month or a day of one, or a range of them, in the year that frames its sentence ("In
    2023, fires burned between March and October": 2023's; an end before the start in the
    year is of the next: "from Dec. 28 to Jan. 4")."""
    fields = not_nearest(cand.fields)
    if not framed_range(cand):
        return cand.with_fields({**fields, "year": year})
    left, right = fields["range_from"], fields["range_to"]
    later = (right["month"], right.get("day", 0)) < (left["month"], left.get("day", 0))
    return cand.with_fields({**fields, "range_from": {**left, "year": year},
                             "range_to": {**right, "year": str(int(year) + 1) if later else year}})
