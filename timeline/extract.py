"""Extraction: one article in, its time references (TIMEX3 mentions) out."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from timeline.anchors import find_event_mentions, mark_year_events, merge_event_mentions
from timeline.asides import find_asides, mark_asides
from timeline.clock_days import (
    DAY_VALUE,
    counts_from_clock,
    date_clocks,
    follow_clocks,
    nights_told_past,
    states_day,
)
from timeline.context_cues import (
    a_weekday_alone,
    amount_compared,
    comparison_term,
    daily_hours,
    ends_told_period,
    framed_or_range,
    habitual,
    happened_before,
    happened_before_range,
    happened_far_before,
    listed_after,
    past_after,
    period_end,
    twelve_hour_clock,
)
from timeline.feast_days import feast_named, feast_told, weekday_of_no_date, weekdays_of_feasts
from timeline.grammar import Grammar, load_grammar
from timeline.in_context import (
    day_step_from_period,
    finer_told,
    resolve_tensed,
    step_period,
    told_period_for_step,
)
from timeline.mention import Extraction, Mention
from timeline.reference_date import StoryEvidence, event_dating, infer_reference_date
from timeline.resolved import Resolved
from timeline.sense_check import PROBE_DCT, SenseCheck
from timeline.story_time import (
    StoryTime,
    day_of_story,
    flashback,
    flashback_after,
    framed,
    framed_by_clause,
    in_story_week,
    in_story_year,
    of_story_period,
    opens_sentence,
    range_in_story_week,
    range_in_story_year,
    told_in_passing,
    weekday_named,
    weekday_range,
    without,
)
from timeline.tagger import Candidate, tag
from timeline.tense import TenseReader
from timeline.text import (
    NormalizedText,
    detect_language,
    locale_region,
    normalize,
    normalize_string,
)
from timeline.year_frames import (
    frame_goes_on,
    framed_period,
    history_reach,
    in_frame_year,
    in_history_year,
    in_narrative_year,
    long_past,
    not_nearest,
    told_history,
    year_ahead,
    year_or_finer,
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
    checked = SenseCheck(dct or PROBE_DCT)
    candidates = tag(grammar, norm.text, viable=checked, day_first=_day_first(grammar, region))
    tenses = TenseReader(grammar, norm.text)
    asides = find_asides(grammar, norm)
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
    # the last date told of a year or finer, and where: a step too fine for a decade or
    # century told since in its sentence counts from it
    fine_told: tuple[Resolved, int] | None = None
    # the last step counted from a date told ("Four months later"): its mention, where it ends
    step_told: tuple[Mention, int] | None = None
    # dates told long before the reference date since the text last spoke of its time, and
    # the last of them of a year or finer (a flashback's too: "In the spring of 1939, talks
    # had stalled. On 5 October"), with where it was told
    history_run = 0
    histories: list[tuple[Resolved, int]] = []  # (the last two)
    listed_years = _listed_years(grammar, norm.text, candidates)
    for index, cand in enumerate(candidates):
        if index in listed_years:
            # "held on 29 February and 1 March 1992": the year the list's last date writes
            cand = cand.with_fields({**not_nearest(cand.fields), "year": listed_years[index]})
        # a rule may fix the tense its words imply ("said Friday": the Friday before)
        tense = cand.fields.get("tense")
        cand = feast_named(cand, feast)
        if cand.fields.get("story_period"):
            cand = of_story_period(cand, tenses, story_time.at)
        if cand.fields.get("narrative_year"):
            # "That summer", "that October": of the year the story last told of
            cand = in_narrative_year(cand, narrative)
        elif frame is not None and (framed_or_range(cand) or framed_period(cand)) \
                and (frame[0] == tenses.sentence_start(cand.start)
                     and (tenses.at(cand.start, cand.end) == "future")
                     == year_ahead(frame[1], dct_used)
                     or frame_goes_on(norm.text, tenses, frame_at, narrative_at, cand,
                                      frame[1], dct_used)):
            # "In 2019, the storm struck in late September": the year that opens the
            # sentence frames the months and days it tells of; a year ahead frames its
            # plans only ("Next year's ceremony will take place on March 2"; not "Last year's
            # winner will defend her title on March 2", "Next year's budget was unveiled on
            # March 5")
            cand = in_frame_year(cand, frame[1])
        elif histories and told_history(histories[-1][0], dct_used, history_run, inferred) \
                and (framed_or_range(cand) or framed_period(cand)) \
                and tenses.at(cand.start, cand.end) == "past" \
                and (history := _history_frame(tenses, cand.start, histories)) is not None:
            # "Britain declared war on 28 March 1854. ... In June the allies landed": a
            # month, day or season told in a history is of the history's time, however far
            # the reference date's reading lies from it (before it, told in a pluperfect:
            # "By February 1855 ... Nightingale had arrived in early November": 1854); a
            # deadline's too, told in the past ("by February some 8,000 men were in hospital");
            # only in a past clause (a habit or a plan is the reference date's)
            cand = in_history_year(cand, history[0], flashback(grammar, norm.text, tenses,
                                                               cand.start, history[1]))
        elif narrative is not None and dct_used is not None and not tense \
                and framed_or_range(cand) and story_time.at >= 0 \
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
                (listed_after(grammar, norm.text, happened_end, cand.start)
                 and not tenses.aside_closes(happened_end - 1, cand.start))
                or happened_before(grammar, norm.text, tenses, cand.start)
                or happened_before_range(grammar, norm.text, tenses, cand)
                or happened_far_before(grammar, norm.text, tenses, cand)
                or (past_after(grammar, norm.text, cand.end)  # (a match first: no split)
                    and opens_sentence(grammar, norm.text, tenses, cand))):
            # "the vote was on March 3": happened, however near the next March 3 is
            tense = "past"
            cand = cand.with_fields({**not_nearest(cand.fields), "happened": 1})
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
                and (tense or tenses.at(cand.start, cand.end)) == "past" \
                and not _unmarked_beside(grammar, norm.text, tenses, cand.start, narrative_at):
            # "will face Colombia on Friday. Colombia beat Uruguay the same day": a past
            # clause's step is no step from a day ahead; it counts from the last date told
            # that is not ahead, else from the reference date (a given one: a past story's
            # dates may lie after a date inferred from its text)
            told = told_past
        if told_day is not None and day_step_from_period(cand, told) \
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
            told = told_period_for_step(cand, told, told_periods, tenses)
        if fine_told is not None and told is narrative and counted_from is None:
            # (the sentences are split only for a step the finer date would change)
            finer = finer_told(cand, told, fine_told[0])
            if finer is not told and (
                    _same_sentence(tenses, cand.start, fine_told[1])
                    or (histories and told_history(histories[-1][0], dct_used, history_run,
                                                   inferred))):
                # (in a history, from the last date told of a year or finer however far
                # back: "... ended two weeks later. In the 1940s and 1950s historians
                # debated its causes. The following year, in June 1941": 1941)
                told = finer
        resolved = resolve_tensed(cand, None if habitual(grammar, norm.text, cand) else
                                  dct_used, tense, told, checked, tenses, story_time)
        if resolved is not None and coming_day is not None and a_weekday_alone(cand) \
                and listed_after(grammar, norm.text, coming_day[0], cand.start):
            # "will strike next Tuesday and Wednesday": the Wednesday after that Tuesday
            resolved = checked.resolve(cand.with_fields({**cand.fields, "direction": 1}),
                                       datetime.combine(coming_day[1], datetime.min.time()),
                                       "future") or resolved
        if resolved is not None and narrative is not None and a_weekday_alone(cand) \
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
            feast = feast_told(cand, resolved) or feast
            coming_day = _coming_weekday(cand, resolved, dct_used) or coming_day
            if resolved.type == "DATE" and _YEAR_VALUE.fullmatch(resolved.value) \
                    and (opens_sentence(grammar, norm.text, tenses, cand)
                         or (grammar.year_clause is not None
                             and grammar.year_clause.match(norm.text, cand.end))):
                frame = (tenses.sentence_start(cand.start), resolved.value)
                frame_at = cand.start
            if step_told is not None and resolved.anchor == "absolute" \
                    and mentions and mentions[-1] is step_told[0] \
                    and _in_apposition(step_told[0], resolved) \
                    and grammar.merge_gap.fullmatch(norm.text, step_told[1], cand.start):
                # "Four months later, in February 2010": the step is the date beside it,
                # which the text states (not one counted from a coarser or misread date)
                mentions[-1] = replace(step_told[0], value=resolved.value, mod=resolved.mod,
                                       earliest=resolved.earliest.isoformat()
                                       if resolved.earliest else None,
                                       latest=resolved.latest.isoformat()
                                       if resolved.latest else None)
            mentions.append(_mention(norm, cand, resolved, inferred))
            starts.append(cand.start)
            fine = year_or_finer(resolved)
            if resolved.type in ("DATE", "TIME"):
                # ("now", "on Monday", "last summer": the text is back near the reference
                # date's time; not a clock with no day, which takes the day told later:
                # "On July 1, 1863 ... By the afternoon")
                passing = history_run > 0 and told_in_passing(grammar, norm.text, cand.start)
                if resolved.anchor != "dct" and long_past(resolved, dct_used, inferred):
                    history_run += 1
                elif resolved.type == "DATE" and resolved.value[:1].isdigit() and not passing \
                        and fine:
                    # (a "soon" or "now" of a past clause speaks of no date, nor does a bound,
                    # nor an era: "In the 1940s and 1950s historians debated its causes;
                    # archives have opened since the late 20th century")
                    history_run = 0
                    histories = []
                if history_run and fine and not passing:
                    histories = [*histories[-1:], (resolved, cand.start)]
            step_told = (mentions[-1], cand.end) if cand.kind == "offset" \
                and cand.fields.get("anaphoric") and not cand.fields.get("comparison") \
                else None
            if "hday" in cand.fields or weekday_of_no_date(cand):
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
                and not states_day(cand.fields) and not daily_hours(grammar, norm.text, cand)
            if bare_clock:
                # (its tense read here if the resolution did not need it)
                clocks.append((cand.start, mentions[-1],
                               tense or tenses.at(cand.start, cand.end)))
                if twelve_hour_clock(norm.text, cand):
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
                    and not comparison_term(grammar, norm.text, cand.start) \
                    and not ends_told_period(grammar, norm.text, cand.start, resolved,
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
                    if fine:
                        fine_told = resolved, cand.start
                    if step_period(resolved):
                        told_periods.append((resolved, cand.start))
                    if resolved.earliest == resolved.latest:
                        told_day = resolved, cand.start
                    told_past = told_past if _ahead(resolved, dct) else resolved
                    story_time.told(cand, resolved)
                    story_named = weekday_named(cand)
    weekdays_of_feasts(norm.text, beside)
    # (before the clocks: those with no day of their own take the day it is read on)
    if deictics and grammar.quote_close is not None:
        _from_saying_day(grammar, norm, tenses, starts, mentions, deictics, checked, dct_used)
    if clocks:  # (the sentences of the whole text are split for them only)
        # nor is a reporting period's end a day a later clock falls on: "for the quarter
        # ended March 31 ... said on a call at 5:30 p.m."
        # (read only now that a clock needs it)
        # (nor the time of an amount compared with: "recovered to $1.37 from $1.50 late on
        # Thursday. ... by 5pm": not Thursday's)
        bounds.update(id(m) for at, m in zip(starts, mentions, strict=True)
                      if period_end(grammar, norm.text, at)
                      or amount_compared(grammar, norm.text, at))
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
    dating = event_dating(grammar, norm, mentions, dct_used, inferred, story)
    mentions = merge_event_mentions(
        mentions, find_event_mentions(grammar, norm, dct_used, mentions, dating))
    mark_year_events(grammar, norm, mentions)
    mark_asides(asides, mentions)
    return Extraction(lang, dct_used, inferred, mentions)
_YEAR_VALUE = re.compile(r"[0-9]{4}")
_QUOTE_REACH = 400  # characters after a quoted "tonight" read for the quotation's close
# double quotation marks of every script (single ones double as apostrophes: "we’ll"), as the
# normalised text has them: text.normalize folds “ ” „ « » into "
_DOUBLE_QUOTES = '"‟'


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
                     deictics: list[tuple[int, Candidate, str]], checked: SenseCheck,
                     dct: datetime | date | None = None) -> None:
    """A "tonight" or "tomorrow" inside a quotation that a saying closes, with the day of the
    saying told after it in the sentence ('"Tonight, we celebrate," Trump told supporters on
    Monday'), counts from that day, not the reference date's (no quotation mark between).
    With no day of the saying told, one inside a quotation counts from the day of last
    night's story when that is the last day told (`_story_night`)."""
    assert grammar.quote_close is not None
    for index, cand, tense in deictics:
        day_value = None
        close = grammar.quote_close.search(norm.text, cand.end, cand.end + _QUOTE_REACH)
        # (the sentences are split only for a quotation's close: most texts have none)
        if close is not None and not any(mark in norm.text[cand.end:close.start()]
                                          for mark in _DOUBLE_QUOTES):
            sentence = tenses.sentence_of(cand.start)
            if tenses.sentence_of(close.start()) == sentence:
                # (not a day of a relative clause about the speaker: '"... tonight," said
                # Tuchel, who took charge on Jan. 1')
                day = next((m for at, m in zip(starts, mentions, strict=True)
                            if at >= close.end() and tenses.sentence_of(at) == sentence
                            and m.type in ("DATE", "TIME") and DAY_VALUE.match(m.value)
                            and not tenses.in_relative_clause(at)), None)
                day_value = None if day is None else day.value[:10]
        if day_value is None:
            day_value = _story_night(norm.text, starts, mentions, index, dct)
        if day_value is None:
            continue
        said = datetime.combine(date.fromisoformat(day_value), datetime.min.time())
        resolved = checked.resolve(cand, said, tense)
        if resolved is not None:
            mentions[index] = _mention(norm, cand, resolved, False)


_NIGHT_PARTS = ("TEV", "TNI")  # the parts of a day its story's night is told by


def _story_night(text: str, starts: list[int], mentions: list[Mention], index: int,
                 dct: datetime | date | None) -> str | None:
    """The day of a quoted "tonight" or "tomorrow" whose saying tells no day: the day before
    the reference date when the last day told before the quotation is that day's evening or
    night, the story of last night, whose words were said then ("won the title on Sunday
    night. ... the coach said. \"Tonight, it all came together.\"", written on Monday: Sunday
    night). None outside a quotation (an odd count of double quotation marks before it in
    its paragraph), for a day told inside the quotation, or for any other day told last."""
    if dct is None or index == 0:
        return None
    at = starts[index]
    line = text.rfind("\n", 0, at) + 1
    if sum(text.count(mark, line, at) for mark in _DOUBLE_QUOTES) % 2 == 0:
        return None
    # (a day told before the quotation opens: one inside it is the speaker's, "I walked home
    # last night, and I'd do it again tonight")
    opening = max(text.rfind(mark, line, at) for mark in _DOUBLE_QUOTES)
    # (`starts`, not a mention's own offsets, which point into the original text)
    told_at, told = next(((starts[j], mentions[j]) for j in range(index - 1, -1, -1)
                          if mentions[j].type in ("DATE", "TIME")
                          and DAY_VALUE.match(mentions[j].value)), (-1, None))
    if told is None or told_at > opening or not told.value.endswith(_NIGHT_PARTS):
        return None
    today = dct.date() if isinstance(dct, datetime) else dct
    eve = (today - timedelta(days=1)).isoformat()
    return eve if told.value[:10] == eve else None


def _saying_days(tenses: TenseReader, starts: list[int], mentions: list[Mention]) -> set[int]:
    """The ids of the days told in a sentence's closing attribution (", officials said
    Thursday."): the day of the saying, not of the story a clock after it tells of; and of its
    times (", the mayor said at a 10 a.m. briefing."): a saying's clock, which `date_clocks`
    dates by the saying days only."""
    return {id(m) for at, m in zip(starts, mentions, strict=True)
            if (m.type == "TIME" or (m.type == "DATE" and DAY_VALUE.fullmatch(m.value)))
            and tenses.in_attribution(at)}


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


def _unmarked_beside(grammar: Grammar, text: str, tenses: TenseReader, offset: int,
                     told_at: int) -> bool:
    """Whether a step at `offset` shares its sentence with the date told at `told_at` and that
    sentence has no past verb: its past is only the default of news, so a step from a day
    ahead stays a step from it ("They finish against Serbia on Nov. 13 and away to Albania
    three days later")."""
    if grammar.past is None or told_at < 0 or not _same_sentence(tenses, offset, told_at):
        return False
    index = tenses.sentence_of(offset)
    if index < 0:
        return False
    start, end = tenses.sentences[index]
    return grammar.past.search(text, start, end) is None


def _same_sentence(tenses: TenseReader, offset: int, other: int) -> bool:
    """Whether `offset` is in the sentence of `other` (-1: in none, unless `offset` is before
    the first sentence too)."""
    return tenses.sentence_start(offset) == (tenses.sentence_start(other) if other >= 0
                                             else -1)


def _history_frame(tenses: TenseReader, start: int, histories: list[tuple[Resolved, int]]
                   ) -> tuple[Resolved, int] | None:
    """The last date of a history that frames a month told at `start`: within its reach, not
    from a relative clause that does not hold the month (then the one before: "That summer
    the government opened soup kitchens, which fed millions at their height in August, but it
    closed them in September": the summer's September)."""
    for told, at in reversed(histories):
        if tenses.sentence_of(start) - tenses.sentence_of(at) > history_reach(told):
            return None
        if framed_by_clause(tenses, start, at):
            return told, at
    return None


def _listed_years(grammar: Grammar, text: str, candidates: list[Candidate]) -> dict[int, int]:
    """The years of months or days with none of their own that a list shares with its next
    date, which writes one ("on 29 February and 1 March 1992", "in June and July 1863"; not
    a later month than the next date's: "fell in December and March 2021" is no list of one
    year), by the candidates' indexes."""
    found: dict[int, int] = {}
    for index in range(len(candidates) - 2, -1, -1):
        cand, after = candidates[index], candidates[index + 1]
        if after.kind != "date" or "month" not in after.fields:
            continue
        year = found.get(index + 1, after.fields.get("year"))
        if year is None or not framed(cand) or not listed_after(grammar, text, cand.end,
                                                                after.start):
            continue
        if int(cand.fields["month"]) <= int(after.fields["month"]):
            found[index] = int(year)
    return found


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


def _in_apposition(step: Mention, told: Resolved) -> bool:
    """Whether a date beside a step may restate it: a date of the step's type and precision
    (a month beside "four months later", a year beside "a decade later" is not)."""
    return step.type == told.type == "DATE" and len(step.value) == len(told.value) \
        and told.value[:4].isdigit()


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
