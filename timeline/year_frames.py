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
        # (a month's step of years: "in May of the following year")
        year = narrative.earliest.year + int(fields.get("year_offset", 0))
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



# years before the reference date's from which a date told is history, not the news of the day:
# a month told after it with no year is of its time ("Britain declared war on 28 March 1854.
# ... In June"), not the reference date's year
HISTORY_YEARS = 3
# dates told of the past, since the text last spoke of the reference date's time, that make a
# run of history: a single past year may be background to the news ("The firm was fined in
# 2019. In March it appealed": this March)
HISTORY_RUN = 2
# sentences after the last date of a history within which a month with no year is still of
# it: further on, with no date told between, the text may be back at the news ("Her mother
# died in a crossing in 1959. [...] The boy's mother perished in late November"); after a
# year, the next sentence only ("The mill was built in 1851 and sold in 1879. Its owners said
# the building would become flats. In October, the council approved the plan")
HISTORY_REACH = 3
_SEASON_DAYS = 92  # the most days of a season or a quarter
_YEAR_DAYS = 366
# a history runs forward: a time before the one told counts as this many times farther
_BACK_WEIGHT = 3


def told_history(told: Resolved | None, dct: datetime | None, run: int,
                 inferred: bool = False) -> bool:
    """Whether the text is telling history: the last date it told is a year or finer at least
    `HISTORY_YEARS` before the reference date's year (a year, when that date is inferred from
    the text), after a run of such dates."""
    return told is not None and run >= HISTORY_RUN and year_or_finer(told) \
        and long_past(told, dct, inferred)


def year_or_finer(told: Resolved) -> bool:
    """Whether a date spans a year or less (not a decade, a century, an open period)."""
    return told.earliest is not None and told.latest is not None \
        and (told.latest - told.earliest).days < _YEAR_DAYS


def history_reach(told: Resolved) -> int:
    """How many sentences on a month with no year is still of a history's last date."""
    assert told.earliest is not None and told.latest is not None
    return HISTORY_REACH if (told.latest - told.earliest).days < _SEASON_DAYS else 1


def long_past(res: Resolved, dct: datetime | None, inferred: bool = False) -> bool:
    """Whether a resolved date lies in a year at least `HISTORY_YEARS` before the reference
    date's; before its year only, when that date was `inferred` from the text: the latest
    date a history tells ("... signed on 30 March 1856") is but a floor for the time of
    writing, which may lie any time after it."""
    return dct is not None and res.latest is not None \
        and dct.year - res.latest.year >= (1 if inferred else HISTORY_YEARS)


def in_history_year(cand: Candidate, told: Resolved, before: bool) -> Candidate:
    """A month, a day of one, a season or a range of them with no year, told in a history: of
    the year that sets it nearest the time last told, a time before it counting
    `_BACK_WEIGHT` times farther ("On 30 November 1853 ... in January": 1854; "fought in June
    and July 1863 ... in early May": 1863); told `before` it (a pluperfect: "by February 1855
    ... had arrived in early November"), the last one that begins by its end."""
    fields = not_nearest(cand.fields)
    probe = without(fields["range_from"], "_kind") if framed_range(cand) else fields
    assert told.earliest is not None and told.latest is not None
    best: tuple[int, int] | None = None  # (distance, year)
    for year in range(told.earliest.year - 1, told.latest.year + 2):
        res = resolve(cand.kind, {**probe, "year": year}, None, "past")
        if res is None or res.earliest is None or res.latest is None:
            continue
        if res.latest < told.earliest:
            gap = (told.earliest - res.latest).days * (1 if before else _BACK_WEIGHT)
        elif res.earliest > told.latest:
            if before:
                continue
            gap = (res.earliest - told.latest).days
        else:
            gap = 0
        if best is None or gap <= best[0]:
            best = (gap, year)
    if best is None:
        return cand
    return in_frame_year(cand.with_fields(fields), str(best[1]))
