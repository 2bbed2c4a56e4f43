"""Resolving a candidate in its context: the date the text last told, the tense read around
it, the story's period a step counts from."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Any

from timeline.intervals import interval
from timeline.resolved import Resolved
from timeline.resolver import TIME_UNITS, clock_moment, resolve
from timeline.sense_check import SenseCheck
from timeline.story_time import STORY_SPAN, StoryTime
from timeline.tagger import Candidate
from timeline.tense import TenseReader

_UNIT_DAYS = {"D": 1, "W": 7, "M": 31, "Q": 92, "Y": 366, "DEC": 3653, "CENT": 36525}
# a quarter or a half by its TIMEX3 value ("2024-Q2", "2024-H1")
_QUARTER_OR_HALF = re.compile(r"\d{4}-[QH]\d")
# the calendar months of the quarters and halves a step of one may count from
_STEP_PERIOD_MONTHS = frozenset((3, 6))
_PERIOD_STEPS = {"Q": 92, "H": 184}
_PERIOD_REACH = 2  # sentences back that a quarter or half told may still be counted from
# the grains of "the same quarter (period) a year earlier" a quarter or half told may give
_YEAR_BACK_PERIODS = frozenset(("quarter", "period"))


def day_step_from_period(cand: Candidate, told: Resolved | None) -> bool:
    """Whether a step of days from the time last told ("a day earlier", "ending the day")
    would count from a period of a week or longer (a quarter, a year)."""
    return bool(cand.fields.get("anaphoric")) and cand.fields.get("unit") == "D" \
        and (period_days(told) or 0) >= _UNIT_DAYS["W"]


def step_period(told: Resolved) -> bool:
    """Whether `told` is a quarter or a half a later step of one may count from: its value
    says so ("the June quarter": 2024-Q2), or it runs over three or six whole calendar months
    ("from Jan. 1 to March 31"); not any span of about as many days ("from April 2 to July
    1", 91 days, is no quarter)."""
    if _QUARTER_OR_HALF.match(told.value):
        return True
    lo, hi = told.earliest, told.latest
    if lo is None or hi is None or lo.day != 1 \
            or hi.day != calendar.monthrange(hi.year, hi.month)[1]:
        return False
    return (hi.year - lo.year) * 12 + hi.month - lo.month + 1 in _STEP_PERIOD_MONTHS


def period_days(told: Resolved | None) -> int | None:
    """The days `told` spans, None without bounds."""
    if told is None or told.earliest is None or told.latest is None:
        return None
    return (told.latest - told.earliest).days + 1


# the kinds of an anaphoric step: "two years later" (an offset), "the following year" (a
# period relative to the time told)
_STEP_KINDS = frozenset(("offset", "relative"))


def finer_told(cand: Candidate, told: Resolved | None, fine: Resolved) -> Resolved | None:
    """The date an anaphoric step counts from when the date last told is coarser than the
    step ("published in 2004 argued that it was the finest of the 1960s, and it was listed two
    years later", "the following year": 2004, not the decade, from which a step of years cannot
    count): `fine`, the last date told at least as precise as the step, else `told`."""
    if not cand.fields.get("anaphoric") or cand.kind not in _STEP_KINDS:
        return told
    unit_days = _UNIT_DAYS.get(str(cand.fields.get("unit")))
    days, fine_days = period_days(told), period_days(fine)
    if unit_days is None or days is None or days <= unit_days or fine_days is None \
            or fine_days > unit_days:
        return told
    return fine


def told_period_for_step(cand: Candidate, told: Resolved | None,
                         periods: list[tuple[Resolved, int]],
                         tenses: TenseReader) -> Resolved | None:
    """The date an anaphoric step of a quarter or half counts from: `told`, unless `told`
    is coarser than the step (a year: "in the June quarter after shedding staff in FY24 ...
    from 12.6% in the previous quarter") and a quarter or half was told in its sentence or
    the two before, which then is the period the step leaves (not the reference date's)."""
    if cand.fields.get("year_back") in _YEAR_BACK_PERIODS and period_days(told) in (None, 1):
        # "the quarter, which ended Feb. 28, ... the same quarter a year earlier": the
        # period told in its sentence, not the day that ends it
        last, at = periods[-1]
        return last if tenses.sentence_of(cand.start) == tenses.sentence_of(at) else told
    unit = cand.fields.get("unit")
    if not cand.fields.get("anaphoric") or unit not in _PERIOD_STEPS:
        return told
    days = period_days(told)
    if days is not None and days <= _PERIOD_STEPS[str(unit)]:
        return told
    last, at = periods[-1]
    last_days = period_days(last)
    if last_days is None or last_days > _PERIOD_STEPS[str(unit)] \
            or tenses.sentence_of(cand.start) - tenses.sentence_of(at) > _PERIOD_REACH:
        return told
    return last


def _clock_moment(told: Resolved | None) -> datetime | None:
    """The day and clock time a resolved TIME names ("2024-11-07T15:30"), else None."""
    if told is None or told.type != "TIME" or told.value[10:13] == "T24":
        return None  # (midnight at the end of the day tells no clock to count from)
    return clock_moment(told.value)


def _resolve_in_context(cand: Candidate, dct: datetime | None, tense: str,
                        narrative: Resolved | None, checked: SenseCheck,
                        story_time: StoryTime | None = None) -> Resolved | None:
    """Resolve a candidate; an anaphoric one ("the next day", "the previous year") against the
    last date the text stated, when that date is at least as precise as the step it takes.
    Without such a date it falls back on the reference date, like a deictic expression, with
    the rule's `dct_offset` when it has one ("a year earlier" in results news: four quarters
    before the quarter just stated, five before the reference date's).
    """
    fields = cand.fields
    if fields.get("narrative_ref"):  # "at that time", "then": the time last spoken of
        if narrative is None or (fields.get("narrative_past") and dct is not None
                                 and narrative.earliest is not None
                                 and narrative.earliest > dct.date()):
            # ("since then" is no time still ahead: "will meet protesters on Wednesday
            # evening. Demonstrators have camped there every night since then")
            return resolve("ref", {"value": "PAST_REF", "type": "DATE"}, dct, tense)
        return Resolved(narrative.type, narrative.value, narrative.mod, narrative.earliest,
                        narrative.latest, "narrative", round(narrative.confidence * 0.8, 2))
    if "far_unit" in fields and narrative is not None and narrative.latest is not None \
            and dct is not None and (dct.date() - narrative.latest).days > _UNIT_DAYS["Y"]:
        # a step counted from the time of writing ("ago"): a period told that ended more than
        # a year before it is no period the figure is set against ("went public in October
        # 1993 ... has 1,150 employees, up from 820 a year ago", written in 1996: 1995, not
        # 1992-10); the step is then counted from the reference date in `far_unit`
        return resolve("relative", {"unit": fields["far_unit"],
                                    "offset": fields.get("far_offset", -1)}, dct, tense)
    # `anaphoric_past`: anaphoric only in a past-tense clause ("released after two years" in
    # a story of 2019: two years after 2019; "will be released after two years": from now)
    anaphoric = fields.get("anaphoric") or (fields.get("anaphoric_past") and tense == "past")
    if anaphoric and cand.kind == "offset" and fields.get("unit") in TIME_UNITS:
        # "30 minutes later", "two hours earlier": from the clock time last told ("at 3
        # p.m. ... 30 minutes later": 15:30), else from the reference time; a reference
        # date with no clock time (midnight) gives nothing to count minutes from, and the
        # text only tells how long after (TimeML's DURATION: "just over an hour later")
        moment = _clock_moment(narrative)
        if moment is None and dct is not None and dct.time() == datetime.min.time():
            return resolve("duration", fields, dct, tense)
        res = resolve(cand.kind, fields, moment or dct, tense)
        if res is not None and moment is not None:
            res.anchor = "narrative"
        return res
    if anaphoric and narrative is not None and narrative.end_value is not None \
            and cand.kind == "offset" and dct is not None and narrative.latest is not None \
            and narrative.latest < dct.date():
        # "ran from 1948 to 2001 ... two years later": counted from a past range's end (and
        # "earlier" from its start), not from the whole stretch
        narrative = _range_side(narrative, int(fields.get("sign", -1)) > 0) or narrative
    if anaphoric and narrative is not None and fields.get("comparison") \
            and _steps_a_year(fields):
        # "sales rose in August ... compared with a year ago": the month (or year) told, a
        # year before (a quarter's step from a month would name the quarter of the month; a
        # quarter told is left to the step: a figure's quarter, a share's year)
        res = _year_back(narrative, "month") or _year_back(narrative, "year")
        if res is not None:
            return res
    if anaphoric and "month_offset" in fields and narrative is not None \
            and narrative.earliest is not None and narrative.latest is not None \
            and (narrative.latest - narrative.earliest).days < _UNIT_DAYS["M"]:
        # "on the 3rd of the same month", "the 6th of the following month": a day of the
        # month last told (or one counted from it), not of the reference date's
        base = datetime.combine(narrative.earliest, datetime.min.time())
        res = resolve(cand.kind, fields, base, tense)
        if res is not None:
            res.anchor = "narrative"
            return res
    if anaphoric and narrative is not None and narrative.earliest is not None \
            and narrative.latest is not None:
        days = (narrative.latest - narrative.earliest).days + 1
        if days <= _UNIT_DAYS.get(str(fields.get("unit")), 0):
            base = datetime.combine(narrative.earliest, datetime.min.time())
            res = resolve(cand.kind, fields, base, tense)
            if res is not None:
                res.anchor = "narrative"
            return res
        if _UNIT_DAYS["W"] <= days <= _UNIT_DAYS["Y"] and dct is not None \
                and narrative.latest < dct.date() and fields.get("unit") in _STEP_UNITS \
                and (days <= STORY_SPAN or story_time is None or story_time.period_told()):
            # "In December 2023 the company cut 500 jobs. Two weeks later ...": a step
            # shorter than the past story's week, month or year, counted from its middle; the
            # text tells no finer time than that period (not two weeks after the reference
            # date)
            stepped = _step_in_story_period(cand, narrative, dct, tense)
            if stepped is not None:
                return stepped
    if fields.get("anaphoric") and narrative is None and cand.kind == "offset" \
            and fields.get("sign") == 1:
        # "Two years on, the town is rebuilding" with no date told before: counted from an
        # event the text has not dated, it speaks of the time of writing
        res = resolve(cand.kind, {**fields, "count": 0, "fraction": 0, "more": []}, dct, tense)
        if res is not None:
            res.confidence = round(res.confidence * 0.6, 2)
        return res
    if fields.get("anaphoric_past") and anaphoric and narrative is None \
            and cand.kind == "offset":
        # "أطلق سراحه بعد 15 عاما" with no date told before: after a length counted from a
        # start the text does not date; it tells only the length (not 15 years from now)
        return resolve("duration", fields, dct, tense)
    if fields.get("year_back") and narrative is not None:
        # "in February ... the same period last year": the period just stated, a year before
        res = _year_back(narrative, str(fields["year_back"]), fields.get("year"))
        if res is not None:
            return res
    if "dct_offset" in fields:  # counted from the reference date the step differs
        return resolve(cand.kind, {**fields, "offset": fields["dct_offset"]}, dct, tense)
    return checked.resolve(cand, dct, tense)


# the units of a step counted within a story's week, month or year: days, weeks, months
_STEP_UNITS = frozenset(("D", "W", "M"))
# the fields of a plain step ("two weeks later", "the next day"): no weekday or clock beside
_STEP_FIELDS = frozenset(("count", "unit", "sign", "offset", "anaphoric", "anaphoric_past",
                          "happened"))


def _step_in_story_period(cand: Candidate, narrative: Resolved, dct: datetime, tense: str
                          ) -> Resolved | None:
    """A step from the middle of a story's week, month (or part of one: "early July") or year,
    as TimeML writes a day, week or month of which a coarser period alone is known: after a
    week or month, a day of the month it leads to ("2023-12-XX") or a week of that month's
    year ("2023-WXX"); after a longer period (a quarter, a year), a day, week or month of the
    year it leads to ("2021-XX-XX", "2021-WXX", "2021-XX"). None for no plain step, or one of
    none ("that day")."""
    if narrative.earliest is None or narrative.latest is None \
            or not _STEP_FIELDS.issuperset(cand.fields):
        return None
    middle = narrative.earliest + (narrative.latest - narrative.earliest) / 2
    stepped = resolve(cand.kind, cand.fields, datetime.combine(middle, datetime.min.time()),
                      tense)
    if stepped is None or stepped.earliest is None or stepped.earliest == middle:
        return None
    year, month = stepped.earliest.year, stepped.earliest.month
    unit = cand.fields.get("unit")
    within_month = (narrative.latest - narrative.earliest).days < STORY_SPAN
    if unit == "W":
        year = stepped.earliest.isocalendar()[0]  # (weeks count in ISO years)
        told = resolve("date", {"year": year}, dct, tense)
        value = f"{year:04d}-WXX"
    elif unit == "D" and within_month:
        told = resolve("date", {"year": year, "month": month}, dct, tense)
        value = f"{year:04d}-{month:02d}-XX"
    else:
        told = resolve("date", {"year": year}, dct, tense)
        value = f"{year:04d}-XX-XX" if unit == "D" else f"{year:04d}-XX"
    if told is None:
        return None
    return Resolved("DATE", value, None, told.earliest, told.latest, "narrative",
                    round(told.confidence * 0.6, 2))


# the fields `_resolve_in_context` reads besides resolving: a candidate with none of them is
# resolved alone
_IN_CONTEXT = frozenset(("narrative_ref", "anaphoric", "anaphoric_past", "year_back",
                         "dct_offset", "far_unit"))


def resolve_tensed(cand: Candidate, dct: datetime | None, tense: str | None,
                   narrative: Resolved | None, checked: SenseCheck, tenses: TenseReader,
                   story_time: StoryTime | None = None) -> Resolved | None:
    """`_resolve_in_context` in `tense`, else in the tense `tenses` reads around the
    candidate. Most references read the same in the past and the future ("2024", "three
    years", "Nov. 5, 2024"): the tense markers of a sentence (a regex search through it)
    are read only for one that does not, and only its sentence's."""
    if tense:
        return _resolve_in_context(cand, dct, tense, narrative, checked, story_time)
    if _IN_CONTEXT.isdisjoint(cand.fields):  # (what `_resolve_in_context` comes down to)
        past, future = checked.resolve(cand, dct, "past"), checked.resolve(cand, dct, "future")
    else:
        past = _resolve_in_context(cand, dct, "past", narrative, checked, story_time)
        future = _resolve_in_context(cand, dct, "future", narrative, checked, story_time)
    if past == future:
        return past
    tense = tenses.at(cand.start, cand.end)
    if tense in ("past", "future"):
        return past if tense == "past" else future
    return _resolve_in_context(cand, dct, tense, narrative, checked, story_time)


# what a "same period a year before" may copy: a month, quarter, half or season
_PERIOD_VALUE = {
    "period": re.compile(r"[0-9]{4}-(?:[0-9]{2}|Q[1-4]|H[12]|SP|SU|FA|WI)"),
    "month": re.compile(r"[0-9]{4}-[0-9]{2}"),
    "quarter": re.compile(r"[0-9]{4}-Q[1-4]"),
    "year": re.compile(r"[0-9]{4}"),
}


def _range_side(told: Resolved, end: bool) -> Resolved | None:
    """A range's end (or start) alone, as a date of its own."""
    value = told.end_value if end else told.value
    span = interval(value) if value else None
    if value is None or span is None or span[0] is None or span[1] is None:
        return None
    return Resolved(told.type, value, None, span[0], span[1], told.anchor, told.confidence)


def _steps_a_year(fields: dict[str, Any]) -> bool:
    """Whether a step goes back one whole year (four quarters, twelve months or a year)."""
    return {"Q": -4, "M": -12, "Y": -1}.get(str(fields.get("unit"))) == \
        int(fields.get("offset", 0))


def _year_back(narrative: Resolved, grain: str, year: Any = None) -> Resolved | None:
    """The period the text last stated, one year earlier (or in the `year` named: "the same
    period of 2018"), when it has the wanted grain."""
    pattern = _PERIOD_VALUE.get(grain)
    if pattern is None or narrative.type != "DATE" or not pattern.fullmatch(narrative.value) \
            or narrative.earliest is None or narrative.latest is None:
        return None
    back = 1 if year is None else int(narrative.value[:4]) - int(year)
    year = int(narrative.value[:4]) - back
    if year < 1 or back <= 0:
        return None
    earliest = narrative.earliest.replace(year=narrative.earliest.year - back)
    latest = narrative.latest  # the last day of a month, quarter or year
    latest = date(latest.year - back, latest.month,
                  calendar.monthrange(latest.year - back, latest.month)[1])
    return Resolved("DATE", f"{year:04d}{narrative.value[4:]}", None, earliest, latest,
                    "narrative", round(narrative.confidence * 0.9, 2))
