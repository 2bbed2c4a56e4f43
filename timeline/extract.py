"""Extraction: one article in, its time references (TIMEX3 mentions) out."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import cache
from itertools import pairwise
from typing import Any

from timeline.anchors import find_event_mentions, mark_year_events, merge_event_mentions
from timeline.clock_days import (
    DAY_VALUE,
    counts_from_clock,
    date_clocks,
    follow_clocks,
    nights_told_past,
    states_day,
)
from timeline.grammar import Grammar, load_grammar, word_matches
from timeline.intervals import interval
from timeline.mention import Extraction, Mention
from timeline.prefilter import required_words
from timeline.reference_date import StoryEvidence, event_dating, infer_reference_date
from timeline.resolved import Resolved
from timeline.resolver import DAY_KEYS, TIME_UNITS, clock_moment, resolve
from timeline.story_time import (
    STORY_SPAN,
    UNFRAMED,
    StoryTime,
    day_of_story,
    flashback,
    flashback_after,
    framed,
    framed_range,
    in_story_week,
    in_story_year,
    of_story_period,
    opens_sentence,
    range_in_story_week,
    range_in_story_year,
    weekday_named,
    weekday_range,
    without,
)
from timeline.tagger import Candidate, span_containment, tag
from timeline.tense import TenseReader
from timeline.text import (
    NormalizedText,
    detect_language,
    locale_region,
    normalize,
    normalize_string,
)


def extract(text: str, lang: str | None = None, dct: datetime | None = None,
            story: StoryEvidence | None = None, locale: str | None = None) -> Extraction:
    """Find and resolve every time reference in `text` (offsets into `text` itself).

    `locale`: the article's BCP 47 tag ("en-GB"); its region decides whether 11/07/2024 is
    11 July or 7 November. A region in `lang` ("en-GB") counts the same. A `locale` that is
    no such tag raises ValueError.

    `story`: what the other articles of its story know (`reference_date.extract_story`).
    """
    region = locale_region(locale) if locale else _region_of(lang)
    lang = (lang or locale or detect_language(text)).replace("_", "-").split("-")[0].lower()
    try:
        grammar = load_grammar(lang)
    except LookupError:
        return _fallback(text, lang, dct)
    norm = normalize(text)
    checked = _SenseCheck(dct or _PROBE_DCT)
    candidates = tag(grammar, norm.text, viable=checked, day_first=_day_first(grammar, region))
    tenses = TenseReader(grammar, norm.text)
    asides = _aside_spans(grammar, norm)
    dct_used, inferred = dct, False
    if dct_used is None:
        dct_used = infer_reference_date(grammar, norm, candidates, tenses.at, story,
                                        asides=asides)
        inferred = dct_used is not None
    mentions = []
    # clock times that took the reference date's day, with where they start and their tense
    clocks: list[tuple[int, Mention, str]] = []
    starts: list[int] = []  # where each mention starts (normalised): its sentence, if asked
    bounds: set[int] = set()  # the ids of comparisons and bounds ("since March 16")
    narrative: Resolved | None = None  # the last date the text itself stated
    narrative_at = -1  # where it was stated (-1: nowhere)
    story_time = StoryTime(grammar, norm.text, tenses)  # is it the day a story tells of?
    story_named = False  # whether that day was told with its weekday ("Sunday, June 23")
    last_told: Resolved | None = None  # the same, or a later clock time with no day
    told_past: Resolved | None = None  # the last date the text stated that is not ahead
    told_day: tuple[Resolved, int] | None = None  # the last single day it stated, and where
    last_told_mention: Mention | None = None  # its mention
    # times counted from a clock ("40 minutes later"): the clock, the time, the clock's day then
    followers: list[tuple[Mention, Mention, str]] = []
    spans_to_range: set[int] = set()  # spans of clock times a range word follows
    twelve_hour: set[int] = set()  # clocks of an hour 1-11 with no part of the day written
    # feasts and weekdays with no date: where they lie, the weekday (-1: a feast), the mention
    beside: list[tuple[int, int, int, Mention]] = []
    happened_end = -1  # where the last date said to have happened ends
    coming_day: tuple[int, date] | None = None  # the last weekday ahead: where it ends, its day
    frame: tuple[int, str] | None = None  # a year opening a sentence: its index, the year
    frame_at = -1  # where that year was stated
    # the last feast named by its day: its month and day, and the year it was read in
    feast: tuple[Any, Any, int] | None = None
    deictics: list[tuple[int, Candidate, str]] = []  # "tonight", "tomorrow": index, candidate
    # the quarters and halves told (their start): a step of a quarter or half counts from
    # the last one when a coarser date was told since ("in the June quarter after shedding
    # staff in FY24 ... from 12.6% in the previous quarter": the quarter before June's)
    told_periods: list[tuple[Resolved, int]] = []
    for cand in candidates:
        # a rule may fix the tense its words imply ("said Friday": the Friday before)
        tense = cand.fields.get("tense")
        cand = _feast_named(cand, feast)
        if cand.fields.get("story_period"):
            cand = of_story_period(cand, tenses, story_time.at)
        if cand.fields.get("narrative_year"):
            # "That summer", "that October": of the year the story last told of
            cand = _in_narrative_year(cand, narrative)
        elif frame is not None and (framed(cand) or framed_range(cand)
                                    or _framed_period(cand)) \
                and (frame[0] == tenses.sentence_start(cand.start)
                     and (tenses.at(cand.start, cand.end) == "future")
                     == _year_ahead(frame[1], dct_used)
                     or _frame_goes_on(norm.text, tenses, frame_at, narrative_at, cand,
                                       frame[1], dct_used)):
            # "In 2019, the storm struck in late September": the year that opens the
            # sentence frames the months and days it tells of; a year ahead frames its
            # plans only ("Next year's ceremony will take place on March 2"; not "Last year's
            # winner will defend her title on March 2", "Next year's budget was unveiled on
            # March 5")
            cand = _in_frame_year(cand, frame[1])
        elif narrative is not None and dct_used is not None and not tense \
                and (framed(cand) or framed_range(cand)) and story_time.at >= 0 \
                and tenses.at(cand.start, cand.end) != "future" \
                and not (not _same_sentence(tenses, cand.start, narrative_at)
                         and tenses.in_relative_clause(narrative_at)):
            # "On Jan. 3, 2020, ... On Jan. 23, the city was locked down": a month or day
            # told after a date of an earlier year is of the story's year (and so is a range
            # of them: "... from Jan. 23 to Feb. 8"); not a year told in a relative clause of
            # an earlier sentence, background to the news ("Putin, who returned to the Kremlin
            # in May 2012, has called for... Production fell in June": this June)
            told_with = in_story_year if "range_from" not in cand.fields \
                else range_in_story_year
            cand = told_with(cand, narrative, dct_used, checked,
                             _same_sentence(tenses, cand.start, story_time.at))
        # (the list first: a fullmatch of a few characters spares the search before the date)
        if grammar.past_before is not None and (
                (_listed_after(grammar, norm.text, happened_end, cand.start)
                 and not tenses.aside_closes(happened_end - 1, cand.start))
                or _happened_before(grammar, norm.text, tenses, cand.start)
                or _happened_before_range(grammar, norm.text, tenses, cand)
                or _happened_far_before(grammar, norm.text, tenses, cand)
                or (_past_after(grammar, norm.text, cand.end)  # (a match first: no split)
                    and opens_sentence(grammar, norm.text, tenses, cand))):
            # "the vote was on March 3": happened, however near the next March 3 is
            tense = "past"
            cand = cand.with_fields({**_not_nearest(cand.fields), "happened": 1})
            happened_end = cand.end
        if cand.fields.get("anaphoric_past") and told_day is not None \
                and _ahead(told_day[0], dct_used) and told_day[1] < cand.start \
                and _same_sentence(tenses, cand.start, told_day[1]):
            # "the qualifying round is on Aug. 7 and the final three days after" (بعد ثلاثة
            # أيام): a step a past clause counts from the date told counts so too from a day
            # ahead told earlier in its own sentence, not from the reference date
            cand = cand.with_fields({**cand.fields, "anaphoric": 1})
        if cand.fields.get("year_back") and not _same_sentence(tenses, cand.start,
                                                                narrative_at):
            # "the same period last year" copies a period stated in its own sentence only
            cand = cand.with_fields(without(cand.fields, "year_back"))
        counted_from = last_told_mention if counts_from_clock(cand) else None
        told = last_told if counted_from is not None else narrative
        if counted_from is None and _ahead(told, dct) and cand.fields.get("anaphoric") \
                and (tense or tenses.at(cand.start, cand.end)) == "past":
            # "will face Colombia on Friday. Colombia beat Uruguay the same day": a past
            # clause's step is no step from a day ahead; it counts from the last date told
            # that is not ahead, else from the reference date (a given one: a past story's
            # dates may lie after a date inferred from its text)
            told = told_past
        if told_day is not None and _day_step_from_period(cand, told) \
                and (tenses.sentence_of(cand.start) - tenses.sentence_of(told_day[1]) <= 1
                     or int(cand.fields.get("offset", 1)) == 0) \
                and not _same_sentence(tenses, cand.start, narrative_at):
            # "Lowe's reported results Wednesday, saying its third-quarter profit rose. Home
            # Depot reported a similar gain a day earlier": a step of days counts from the day
            # told in its sentence or the one before, not from a quarter told since in an
            # earlier sentence (one told in its own sentence is its frame: "The following
            # week, the governor appointed a mediator, who met both sides that evening");
            # "that day" itself, no step, is the last day told however far back ("On March
            # 22, 1945, seven states signed the charter. ... The following year Jordan
            # joined. ... Eight decades have passed since that day")
            told = told_day[0]
        if told_periods and counted_from is None:
            told = _told_period_for_step(cand, told, told_periods, tenses)
        resolved = _resolve_tensed(cand, None if _habitual(grammar, norm.text, cand) else
                                   dct_used, tense, told, checked, tenses, story_time)
        if resolved is not None and coming_day is not None and _a_weekday_alone(cand) \
                and _listed_after(grammar, norm.text, coming_day[0], cand.start):
            # "will strike next Tuesday and Wednesday": the Wednesday after that Tuesday
            resolved = checked.resolve(cand.with_fields({**cand.fields, "direction": 1}),
                                       datetime.combine(coming_day[1], datetime.min.time()),
                                       "future") or resolved
        if resolved is not None and narrative is not None and _a_weekday_alone(cand) \
                and not cand.fields.get("tense") and story_time.at == narrative_at \
                and day_of_story(tenses, narrative, narrative_at, cand.start, story_named) \
                and tenses.at(cand.start, cand.end) != "future":
            # "On Monday, Jan. 29, talks resumed, but they broke off on Wednesday": the
            # weekday after the story's day, not the reference date's week
            resolved = in_story_week(cand, resolved, narrative, dct_used, checked,
                                      story_named)
        elif resolved is not None and narrative is not None and not cand.fields.get("tense") \
                and weekday_range(cand) is not None and story_time.at == narrative_at \
                and day_of_story(tenses, narrative, narrative_at, cand.start, story_named) \
                and tenses.at(cand.start, cand.end) != "future":
            # "held in Geneva on Oct. 2, 2019, ran from Monday to Wednesday": the days of the
            # story's week, not of the reference date's
            resolved = range_in_story_week(
                weekday_range(cand), resolved, narrative, dct_used, story_named,
                _same_sentence(tenses, cand.start, narrative_at))
        if resolved is not None:
            feast = _feast_told(cand, resolved) or feast
            coming_day = _coming_weekday(cand, resolved, dct_used) or coming_day
            if resolved.type == "DATE" and _YEAR_VALUE.fullmatch(resolved.value) \
                    and opens_sentence(grammar, norm.text, tenses, cand):
                frame = (tenses.sentence_start(cand.start), resolved.value)
                frame_at = cand.start
            mentions.append(_mention(norm, cand, resolved, inferred))
            starts.append(cand.start)
            if "hday" in cand.fields or _weekday_of_no_date(cand):
                beside.append((cand.start, cand.end, int(cand.fields.get("weekday", 0))
                               if "hday" not in cand.fields else -1, mentions[-1]))
            if _deictic_day(cand.fields):
                deictics.append((len(mentions) - 1, cand, tense or "past"))
            if cand.fields.get("comparison"):
                bounds.add(id(mentions[-1]))
            if counted_from is not None and resolved.anchor == "narrative":
                followers.append((counted_from, mentions[-1], counted_from.value[:10]))
            # (the hours of every day take no day: "open daily until 8 p.m. through Labor Day")
            bare_clock = cand.kind == "time" and resolved.anchor == "dct" \
                and not states_day(cand.fields) and not _daily_hours(grammar, norm.text, cand)
            if bare_clock:
                # (its tense read here if the resolution did not need it)
                clocks.append((cand.start, mentions[-1],
                               tense or tenses.at(cand.start, cand.end)))
                if _twelve_hour(norm.text, cand):
                    twelve_hour.add(id(mentions[-1]))
                if "end_value" in mentions[-1].extra and grammar.range_gap is not None \
                        and grammar.range_gap.match(norm.text, cand.end):
                    # "open from 8 a.m. to 1 p.m. through Oct. 25": daily hours, then the
                    # last day, which is not theirs
                    spans_to_range.add(id(mentions[-1]))
            # a comparison ("a year earlier") looks back without moving the story's time, nor
            # does a reporting period's end ("the quarter ended March 31, up 17% from a year
            # earlier": the quarter stays the period compared), and
            # so does a flashback ("engineers had inspected it two weeks earlier") once the
            # story has a time, or a reference to the story's time that could not be read
            # from it ("that same day" after a year: the reference date stands in)
            if resolved.earliest is not None and resolved.type in ("DATE", "TIME") \
                    and not cand.fields.get("comparison") \
                    and not _compared(grammar, norm.text, cand.start) \
                    and not _ends_told_period(grammar, norm.text, cand.start, resolved,
                                              mentions) \
                    and (narrative is None
                         or not (flashback(grammar, norm.text, tenses, cand.start, narrative_at)
                                 or flashback_after(grammar, norm.text, tenses, cand)
                                 or (cand.fields.get("anaphoric")
                                     and resolved.anchor == "dct"))):
                last_told, last_told_mention = resolved, mentions[-1]
                # a clock with no day of its own moves only the clock that minutes and hours
                # count from ("at 3 p.m. ... 30 minutes later"): its day is the one the text
                # last told of, or the reference date's, chosen below ("early on New Year's
                # Day ... at about 3:15 a.m. ... scheduled for that night": New Year's night)
                # ("at about 9:40 a.m. ... Forty minutes later": a time counted from such a
                # clock has its day only once the clock has, so it moves no more than the clock)
                if not bare_clock and not _counted_from_bare_clock(counted_from, clocks):
                    # (whether it lies in a relative clause is asked only when a later
                    # date would take its year: most dates told are never asked)
                    narrative, narrative_at = resolved, cand.start
                    if _period_days(resolved) in _STEP_PERIOD_DAYS:
                        told_periods.append((resolved, cand.start))
                    if resolved.earliest == resolved.latest:
                        told_day = resolved, cand.start
                    told_past = told_past if _ahead(resolved, dct) else resolved
                    story_time.told(cand, resolved)
                    story_named = weekday_named(cand)
    _weekdays_of_feasts(norm.text, beside)
    if clocks:  # (the sentences of the whole text are split for them only)
        # nor is a reporting period's end a day a later clock falls on: "for the quarter
        # ended March 31 ... said on a call at 5:30 p.m."
        # (read only now that a clock needs it)
        bounds.update(id(m) for at, m in zip(starts, mentions, strict=True)
                      if _period_end(grammar, norm.text, at))
        date_clocks([(tenses.sentence_of(at), m, tense) for at, m, tense in clocks],
                     [(tenses.sentence_of(at), m) for at, m in zip(starts, mentions,
                                                                   strict=True)],
                     dct_used.date() if isinstance(dct_used, datetime) else dct_used, bounds,
                     nights_told_past(grammar, norm.text, tenses, clocks), spans_to_range,
                     norm.original, {id(time) for _, time, _ in followers},
                     _saying_days(tenses, starts, mentions),
                     clauses=_clause_spans(tenses, starts, mentions, clocks),
                     twelve_hour=twelve_hour)
        follow_clocks(followers)
    if deictics and grammar.quote_close is not None:
        _from_saying_day(grammar, norm, tenses, starts, mentions, deictics, checked)
    dating = event_dating(grammar, norm, mentions, dct_used, inferred, story)
    mentions = merge_event_mentions(
        mentions, find_event_mentions(grammar, norm, dct_used, mentions, dating))
    mark_year_events(grammar, norm, mentions)
    _mark_asides(asides, mentions)
    return Extraction(lang, dct_used, inferred, mentions)


_PAST_BEFORE_REACH = 40  # characters before a date read for words that say it has happened
_COMPARED_REACH = 60  # characters before a date read for words that make it a comparison's term
_HABIT_REACH = 80  # characters before a date read for words that make it a habit
_DAILY_REACH = 160  # characters before a clock time read for words of daily hours (a subject
# and its verb before the first of two: "office hours in government, in the last days of the
# month, start at 10 a.m. and end at 3 p.m.")
_PAST_FAR_REACH = 120  # characters before a weekday read for a past verb of its clause
_YEAR_VALUE = re.compile(r"[0-9]{4}")
_QUOTE_REACH = 400  # characters after a quoted "tonight" read for the quotation's close


def _in_narrative_year(cand: Candidate, narrative: Resolved | None) -> Candidate:
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


def _counted_from_bare_clock(counted_from: Mention | None,
                             clocks: list[tuple[int, Mention, str]]) -> bool:
    """Whether a time is counted from a clock time that has no day of its own yet."""
    return counted_from is not None and any(clock is counted_from for _, clock, _ in clocks)


def _deictic_day(fields: dict[str, Any]) -> bool:
    """A day named from the present: "tonight", "today", "tomorrow", "yesterday"."""
    return bool(fields.get("deictic")) or (
        fields.get("unit") == "D" and set(fields) <= {"unit", "offset", "daypart"})


def _from_saying_day(grammar: Grammar, norm: NormalizedText, tenses: TenseReader,
                     starts: list[int], mentions: list[Mention],
                     deictics: list[tuple[int, Candidate, str]], checked: _SenseCheck) -> None:
    """A "tonight" or "tomorrow" inside a quotation that a saying closes, with the day of the
    saying told after it in the sentence ('"Tonight, we celebrate," Trump told supporters on
    Monday'), counts from that day, not the reference date's (no quotation mark between)."""
    assert grammar.quote_close is not None
    for index, cand, tense in deictics:
        close = grammar.quote_close.search(norm.text, cand.end, cand.end + _QUOTE_REACH)
        # (the sentences are split only for a quotation's close: most texts have none)
        if close is None or any(mark in norm.text[cand.end:close.start()] for mark in '"“”'):
            continue
        sentence = tenses.sentence_of(cand.start)
        if tenses.sentence_of(close.start()) != sentence:
            continue
        day = next((m for at, m in zip(starts, mentions, strict=True)
                    if at >= close.end() and tenses.sentence_of(at) == sentence
                    and m.type in ("DATE", "TIME") and DAY_VALUE.match(m.value)), None)
        if day is None:
            continue
        said = datetime.combine(date.fromisoformat(day.value[:10]), datetime.min.time())
        resolved = checked.resolve(cand, said, tense)
        if resolved is not None:
            mentions[index] = _mention(norm, cand, resolved, False)


def _saying_days(tenses: TenseReader, starts: list[int], mentions: list[Mention]) -> set[int]:
    """The ids of the days told in a sentence's closing attribution (", officials said
    Thursday."): the day of the saying, not of the story a clock after it tells of."""
    return {id(m) for at, m in zip(starts, mentions, strict=True)
            if m.type == "DATE" and DAY_VALUE.fullmatch(m.value) and tenses.in_attribution(at)}


_NO_DATE = frozenset(("day", "month", "year", "offset", "direction", "week_offset"))


def _weekday_of_no_date(cand: Candidate) -> bool:
    """Whether a candidate is a weekday, with or without a part of the day, and no date."""
    return "weekday" in cand.fields and _NO_DATE.isdisjoint(cand.fields)


_APPOSITION = re.compile(r"[^\w\n]*")  # spaces and punctuation only, within a paragraph


def _weekdays_of_feasts(text: str,
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


def _feast_named(cand: Candidate, feast: tuple[Any, Any, int] | None) -> Candidate:
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


def _feast_told(cand: Candidate, resolved: Resolved) -> tuple[Any, Any, int] | None:
    """A feast named by its day (no "either" one), with the year it was read in, or None."""
    fields = cand.fields
    if "hday" not in fields or "hmonth" not in fields or "or_hmonth" in fields \
            or resolved.earliest is None:
        return None
    return fields["hmonth"], fields["hday"], resolved.earliest.year


def _frame_goes_on(text: str, tenses: TenseReader, frame_at: int, narrative_at: int,
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


def _year_ahead(year: str, dct: datetime | None) -> bool:
    """Whether a year (a value "2014") lies after the reference date's."""
    return dct is not None and int(year) > dct.year


def _not_nearest(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields without `nearest`, a range's ends' too: "the talks were held from Jan. 5 to
    Jan. 9", written in October, took place last January, however near the next one is."""
    fields = without(fields, "nearest")
    if "range_from" in fields:
        for end in ("range_from", "range_to"):
            if "nearest" in fields[end]:
                fields[end] = without(fields[end], "nearest")
    return fields
def _framed_period(cand: Candidate) -> bool:
    """A quarter, half or season with no year or other anchor of its own ("In 2016, sales
    rose in the third quarter": 2016's), which the year opening its sentence frames as it
    does a month."""
    return cand.kind == "date" and "season" in cand.fields \
        and UNFRAMED.isdisjoint(cand.fields)


def _in_frame_year(cand: Candidate, year: str) -> Candidate:
    """A month or a day of one, or a range of them, in the year that frames its sentence ("In
    2023, fires burned between March and October": 2023's; an end before the start in the
    year is of the next: "from Dec. 28 to Jan. 4")."""
    fields = _not_nearest(cand.fields)
    if not framed_range(cand):
        return cand.with_fields({**fields, "year": year})
    left, right = fields["range_from"], fields["range_to"]
    later = (right["month"], right.get("day", 0)) < (left["month"], left.get("day", 0))
    return cand.with_fields({**fields, "range_from": {**left, "year": year},
                             "range_to": {**right, "year": str(int(year) + 1) if later else year}})


def _clause_spans(tenses: TenseReader, starts: list[int], mentions: list[Mention],
                  clocks: list[tuple[int, Mention, str]]) -> dict[int, tuple[int, int]]:
    """The relative clauses set off by commas that hold the mentions of the sentences of
    clock times with no day (ids: spans): a day inside one dates no clock outside it."""
    sentences = {tenses.sentence_of(at) for at, _, _ in clocks}
    spans = {}
    for at, m in zip(starts, mentions, strict=True):
        if tenses.sentence_of(at) in sentences:
            clause = tenses.relative_clause(at)
            if clause is not None:
                spans[id(m)] = clause
    return spans


_PERIOD_END_GAP = 12  # characters between a period and the day that ends it (" ended ")


def _ends_told_period(grammar: Grammar, text: str, start: int, resolved: Resolved,
                      mentions: list[Mention]) -> bool:
    """Whether a day is the end of the period the mention right before it names ("the
    quarter ended March 31", "the fiscal-first quarter ended Sept. 30"), which stays the period
    the text tells of (not a length: "the six months ended Aug. 12" leaves the day told)."""
    if len(mentions) < 2 or resolved.earliest != resolved.latest:
        return False
    period, day = mentions[-2], mentions[-1]
    return period.type == "DATE" and 0 <= day.start - period.end <= _PERIOD_END_GAP \
        and _period_end(grammar, text, start)


def _compared(grammar: Grammar, text: str, start: int) -> bool:
    """Whether the words of its clause before a date make it the term of a comparison ("3
    points higher than recorded in the first round on Oct. 12"), which looks back without
    moving the story's time."""
    return grammar.compared_before is not None and grammar.compared_before.search(
        text, max(0, start - _COMPARED_REACH), start) is not None


def _period_end(grammar: Grammar, text: str, start: int) -> bool:
    """Whether the words right before a date make it the end of a reporting period ("the
    quarter ended March 31")."""
    return grammar.period_end_before is not None and grammar.period_end_before.search(
        text, max(0, start - _PAST_BEFORE_REACH), start) is not None


# fields that write a clock's part of the day or a span of it ("8 p.m.", "from 7 to 9")
_HALF_FIELDS = frozenset(("daypart", "daypart_to", "daypart_value", "hour_to", "minute_less"))
_ZERO_HOUR = re.compile(r"(?<![0-9])0[0-9][:.][0-9]")  # "08:30": a 24-hour clock


def _twelve_hour(text: str, cand: Candidate) -> bool:
    """Whether a clock is an hour of a 12-hour clock, 1 to 11, with no part of the day written
    ("at eight", "at 8:30"; not "at 08:30", "at 8 a.m.", "at 20:00")."""
    hour = cand.fields.get("hour")
    return isinstance(hour, int) and 1 <= hour <= 11 and _HALF_FIELDS.isdisjoint(cand.fields) \
        and _ZERO_HOUR.search(text, cand.start, cand.end) is None


def _happened_before(grammar: Grammar, text: str, tenses: TenseReader, start: int) -> bool:
    """Whether the words right before a date say it has happened ("police arrested him on
    Tuesday"), their past form no participle a future verb takes ("will publish updated
    figures in the spring")."""
    assert grammar.past_before is not None
    found = grammar.past_before.search(text, max(0, start - _PAST_BEFORE_REACH), start)
    return found is not None and not tenses.future_ends_near(found.start())


def _happened_before_range(grammar: Grammar, text: str, tenses: TenseReader,
                           cand: Candidate) -> bool:
    """Whether the words before a range's first end, its opener with them, say the range has
    happened: "the talks ran from Jan. 5 to Jan. 9" (the opener is the mention's own start)."""
    if "range_from" not in cand.fields or grammar.range_open is None:
        return False
    for space in _SPACE.finditer(text, cand.start, min(len(text), cand.end)):
        if grammar.range_open.search(text, cand.start, space.end()):
            return _happened_before(grammar, text, tenses, space.end())
    return False


_SPACE = re.compile(r"\s+")


def _habitual(grammar: Grammar, text: str, cand: Candidate) -> bool:
    """Whether a month or a day of one, with no year, is a habit's ("Apple usually unveils
    new iPhones in September"): the words of its clause before it say so, and its value
    keeps no year."""
    if _daily_hours(grammar, text, cand):
        return True
    # (a range of them too: "its fiscal year runs from April to March")
    return grammar.habitual is not None and (framed(cand) or framed_range(cand)) and \
        grammar.habitual.search(text, max(0, cand.start - _HABIT_REACH), cand.start) is not None


def _day_free_clock(fields: dict[str, Any]) -> bool:
    """A clock time, or a span of them, with no day of its own ("8 p.m.", "from 9 a.m. to
    midnight")."""
    ends = [fields[k] for k in ("range_from", "range_to") if isinstance(fields.get(k), dict)]
    return all(f.keys().isdisjoint(DAY_KEYS) for f in [fields, *ends]) and \
        any("hour" in f for f in [fields, *ends])


def _daily_hours(grammar: Grammar, text: str, cand: Candidate) -> bool:
    """Whether a clock time with no day is the hours of every day ("open daily until 8
    p.m."): it then keeps no day, not the reference date's nor a later date's."""
    return grammar.daily_hours is not None and cand.kind == "time" and \
        _day_free_clock(cand.fields) and grammar.daily_hours.search(
            text, max(0, cand.start - _DAILY_REACH), cand.start) is not None


def _happened_far_before(grammar: Grammar, text: str, tenses: TenseReader,
                         cand: Candidate) -> bool:
    """Whether a weekday's clause, or that of a month with no year or day, tells,
    further before it than `_happened_before` reads, a past event it dates ("police arrested
    a 34-year-old man from the north of the city in connection with the attack on Friday",
    "opened its first stores in Canada in March"), its past form no participle a future verb
    takes ("will be formally installed at a Mass on Tuesday": an adverb between), and no
    future marker right before the date, which governs it ("raised its outlook for the year
    ending in March": the coming March)."""
    if grammar.past_far is None or not (_a_weekday_alone(cand) or _a_month_alone(cand)):
        return False
    found = grammar.past_far.search(text, max(0, cand.start - _PAST_FAR_REACH), cand.start)
    return found is not None and not tenses.future_ends_near(found.start()) \
        and not tenses.future_ends_near(cand.start)


def _day_step_from_period(cand: Candidate, told: Resolved | None) -> bool:
    """Whether a step of days from the time last told ("a day earlier", "ending the day")
    would count from a period of a week or longer (a quarter, a year)."""
    return bool(cand.fields.get("anaphoric")) and cand.fields.get("unit") == "D" \
        and told is not None and told.earliest is not None and told.latest is not None \
        and (told.latest - told.earliest).days >= _UNIT_DAYS["W"] - 1


def _a_month_alone(cand: Candidate) -> bool:
    return framed(cand) and "day" not in cand.fields


def _a_weekday_alone(cand: Candidate) -> bool:
    return cand.kind == "date" and "weekday" in cand.fields and UNFRAMED.isdisjoint(
        cand.fields.keys() - {"weekday"}) and "month" not in cand.fields


def _past_after(grammar: Grammar, text: str, end: int) -> bool:
    """Whether the clause right after a date says it has happened ("In March, the company cut
    500 jobs")."""
    return grammar.past_after is not None and grammar.past_after.match(text, end) is not None


def _same_sentence(tenses: TenseReader, offset: int, other: int) -> bool:
    """Whether `offset` is in the sentence of `other` (-1: in none, unless `offset` is before
    the first sentence too)."""
    return tenses.sentence_start(offset) == (tenses.sentence_start(other) if other >= 0
                                             else -1)


def _listed_after(grammar: Grammar, text: str, prev_end: int, start: int) -> bool:
    """Whether a date follows, as the next of one list, a date said to have happened ("were
    held on May 3 and 4")."""
    return grammar.past_carry is not None and 0 <= prev_end <= start \
        and bool(grammar.past_carry.fullmatch(text, prev_end, start))


def _ahead(told: Resolved | None, dct: datetime | None) -> bool:
    """Whether a date the text stated lies wholly after the reference date's day."""
    return told is not None and dct is not None and told.earliest is not None \
        and told.earliest > dct.date()


def _coming_weekday(cand: Candidate, resolved: Resolved, dct: datetime | None
                    ) -> tuple[int, date] | None:
    """Where a weekday the reference date has still to reach ends, and its day; else None."""
    if "weekday" not in cand.fields or dct is None or not DAY_VALUE.match(resolved.value):
        return None
    day = date.fromisoformat(resolved.value[:10])
    return (cand.end, day) if day > dct.date() else None


def _region_of(lang: str | None) -> str | None:
    """The region a language code may carry ("en-GB"); none for a bare or unknown code."""
    if not lang or ("-" not in lang and "_" not in lang):
        return None  # (a bare code has none: spared the tag's regexes, once per article)
    try:
        return locale_region(lang)
    except ValueError:
        return None


def _day_first(grammar: Grammar, region: str | None) -> bool | None:
    """Whether a region writes the day before the month (None: no region given)."""
    month_first = grammar.meta.get("month_first_regions")
    if region is None or month_first is None:
        return None
    return region not in month_first


def _aside_spans(grammar: Grammar, norm: NormalizedText) -> list[tuple[int, int]]:
    marker = grammar.meta.get("aside")
    if not marker:
        return []
    needed = _aside_words(marker)
    if needed is not None and not any(word in norm.text for word in needed):
        return []  # none of the texts every marker holds: most articles link nowhere
    return aside_spans(norm, marker)


@cache
def _aside_words(marker: str) -> tuple[str, ...] | None:
    """Texts one of which every match of the marker regex holds (`required_words`), those
    that hold another left out (where the shorter is missing, so is the longer)."""
    found = required_words(_aside_regex(marker))
    if found is None:
        return None
    return tuple(sorted(w for w in found if not any(o != w and o in w for o in found)))


def aside_spans(norm: NormalizedText, marker: str) -> list[tuple[int, int]]:
    """Original-text spans of "read also" links (`marker` a regex of their openers): the rest
    of the marker's line, or, when the marker ends its line ("اقرأ أيضًا:"), the lines up to a
    blank one."""
    text = norm.text
    spans = []
    # (word_matches: the regex opens with the word-start test, tried at every character)
    for start, after, _ in word_matches(_aside_regex(marker), text):
        end = text.find("\n", after)
        end = len(text) if end < 0 else end
        if not text[after:end].strip(" :.-"):  # a heading: the links follow, one a line
            first = end
            while first < len(text) and text[first] in "\n ":
                first += 1
            blank = text.find("\n\n", first)
            end = len(text) if blank < 0 else blank
        spans.append(norm.span_to_original(start, end))
    return spans


@cache
def _aside_regex(marker: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])(?:{normalize_string(marker)})(?![^\W_])")


def _mark_asides(spans: list[tuple[int, int]], mentions: list[Mention]) -> None:
    """Flag mentions inside "read also" links: they date other stories, not this one."""
    if not spans:
        return
    inside = span_containment(spans)
    for mention in mentions:
        if inside(mention.start, mention.end):
            mention.extra["aside"] = True


# a reference date to check that a candidate resolves at all when the client gave none
_PROBE_DCT = datetime(2000, 1, 1)
_PROBE_TENSE = "past"


class _SenseCheck:
    """The tagger's sense check (does a candidate resolve at all?), with each answer kept.

    Most candidates are then resolved for real against the same reference date and tense;
    while a candidate's kind and fields are still those checked (modifiers and merges change
    them), the checked resolution is the real one and is not computed twice.
    """

    def __init__(self, probe: datetime) -> None:
        self.probe = probe
        self._checked: dict[int, tuple[Candidate, str, dict[str, Any], Resolved | None]] = {}

    def __call__(self, cand: Candidate) -> bool:
        res = resolve(cand.kind, cand.fields, self.probe, _PROBE_TENSE)
        # the candidate is kept with its answer, so that its id is not reused meanwhile
        self._checked[id(cand)] = (cand, cand.kind, dict(cand.fields), res)
        return res is not None

    def resolve(self, cand: Candidate, dct: datetime | None, tense: str) -> Resolved | None:
        """`resolve(cand.kind, cand.fields, dct, tense)`, the checked answer when it is one."""
        checked = self._checked.get(id(cand))
        if checked is not None and checked[0] is cand and dct == self.probe \
                and tense == _PROBE_TENSE and checked[1] == cand.kind \
                and checked[2] == cand.fields:
            return checked[3]
        return resolve(cand.kind, cand.fields, dct, tense)


_UNIT_DAYS = {"D": 1, "W": 7, "M": 31, "Q": 92, "Y": 366, "DEC": 3653, "CENT": 36525}
# the lengths in days of the quarters and halves a step of one may count from
_STEP_PERIOD_DAYS = frozenset((90, 91, 92, 181, 182, 183, 184))
_PERIOD_STEPS = {"Q": 92, "H": 184}
_PERIOD_REACH = 2  # sentences back that a quarter or half told may still be counted from


def _period_days(told: Resolved | None) -> int | None:
    """The days `told` spans, None without bounds."""
    if told is None or told.earliest is None or told.latest is None:
        return None
    return (told.latest - told.earliest).days + 1


def _told_period_for_step(cand: Candidate, told: Resolved | None,
                          periods: list[tuple[Resolved, int]],
                          tenses: TenseReader) -> Resolved | None:
    """The date an anaphoric step of a quarter or half counts from: `told`, unless `told`
    is coarser than the step (a year: "in the June quarter after shedding staff in FY24 ...
    from 12.6% in the previous quarter") and a quarter or half was told in its sentence or
    the two before, which then is the period the step leaves (not the reference date's)."""
    unit = cand.fields.get("unit")
    if not cand.fields.get("anaphoric") or unit not in _PERIOD_STEPS:
        return told
    days = _period_days(told)
    if days is not None and days <= _PERIOD_STEPS[str(unit)]:
        return told
    last, at = periods[-1]
    if _period_days(last) is None or _period_days(last) > _PERIOD_STEPS[str(unit)] \
            or tenses.sentence_of(cand.start) - tenses.sentence_of(at) > _PERIOD_REACH:
        return told
    return last


def _clock_moment(told: Resolved | None) -> datetime | None:
    """The day and clock time a resolved TIME names ("2024-11-07T15:30"), else None."""
    if told is None or told.type != "TIME" or told.value[10:13] == "T24":
        return None  # (midnight at the end of the day tells no clock to count from)
    return clock_moment(told.value)


def _resolve_in_context(cand: Candidate, dct: datetime | None, tense: str,
                        narrative: Resolved | None, checked: _SenseCheck,
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


# the fields of a plain step ("two weeks later", "the next day"): no weekday or clock beside
# the units of a step counted within a story's week, month or year: days, weeks, months
_STEP_UNITS = frozenset(("D", "W", "M"))
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
                         "dct_offset"))


def _resolve_tensed(cand: Candidate, dct: datetime | None, tense: str | None,
                    narrative: Resolved | None, checked: _SenseCheck, tenses: TenseReader,
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


def _mention(norm: NormalizedText, cand: Candidate, res: Resolved, inferred: bool) -> Mention:
    start, end = norm.span_to_original(cand.start, cand.end)
    # characters normalisation dropped right after the span (the tatweel of هـ) belong to it
    while end < len(norm.original) and _dropped(norm.original[end]):
        end += 1
    confidence = res.confidence
    if inferred and res.anchor == "dct":
        confidence = round(confidence * 0.7, 2)
    return Mention(
        start=start, end=end, text=norm.original[start:end], type=res.type, value=res.value,
        mod=res.mod,
        earliest=res.earliest.isoformat() if res.earliest else None,
        latest=res.latest.isoformat() if res.latest else None,
        anchor=res.anchor, confidence=confidence, rule="+".join(cand.parts),
        extra={"end_value": res.end_value} if res.end_value else {},
    )


@cache
def _dropped(char: str) -> bool:
    """Whether normalisation drops `char` (a tatweel, a diacritic), asked once per character
    since every mention asks it of the character after its span."""
    return not char.isspace() and normalize_string(char) == ""


def _fallback(text: str, lang: str, dct: datetime | None) -> Extraction:
    """Languages we have no resources for get what dateparser can find."""
    from timeline.fallback import fallback_extraction

    return fallback_extraction(text, lang, dct)
