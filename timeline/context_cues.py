"""Words around a date that change its reading: that it has happened, is a habit's, daily
hours, a comparison's term, a reporting period's end (the grammar's context patterns, searched
in a window before or after the date)."""

from __future__ import annotations

import re
from typing import Any

from timeline.grammar import Grammar, opening_scan
from timeline.literal_gate import may_match, search_gated
from timeline.mention import Mention
from timeline.resolved import Resolved
from timeline.resolver import DAY_KEYS
from timeline.story_time import UNFRAMED, framed, framed_range
from timeline.tagger import Candidate
from timeline.tense import TenseReader

_PAST_BEFORE_REACH = 40  # characters before a date read for words that say it has happened
_COMPARED_REACH = 60  # characters before a date read for words that make it a comparison's term
_HABIT_REACH = 80  # characters before a date read for words that make it a habit
_DAILY_REACH = 160  # characters before a clock time read for words of daily hours (a subject
# and its verb before the first of two: "office hours in government, in the last days of the
# month, start at 10 a.m. and end at 3 p.m.")
_PAST_FAR_REACH = 120  # characters before a weekday read for a past verb of its clause


_PERIOD_END_GAP = 12  # characters between a period and the day that ends it (" ended ")


def ends_told_period(grammar: Grammar, text: str, start: int, resolved: Resolved,
                     mentions: list[Mention]) -> bool:
    """Whether a day is the end of the period the mention right before it names ("the
    quarter ended March 31", "the fiscal-first quarter ended Sept. 30"), which stays the period
    the text tells of (not a length: "the six months ended Aug. 12" leaves the day told)."""
    if len(mentions) < 2 or resolved.earliest != resolved.latest:
        return False
    period, day = mentions[-2], mentions[-1]
    return period.type == "DATE" and 0 <= day.start - period.end <= _PERIOD_END_GAP \
        and period_end(grammar, text, start)


def comparison_term(grammar: Grammar, text: str, start: int) -> bool:
    """Whether the words of its clause before a date make it the term of a comparison ("3
    points higher than recorded in the first round on Oct. 12"), which looks back without
    moving the story's time."""
    return grammar.compared_before is not None and search_gated(
        grammar.compared_before, text, max(0, start - _COMPARED_REACH), start) is not None


def period_end(grammar: Grammar, text: str, start: int) -> bool:
    """Whether the words right before a date make it the end of a reporting period ("the
    quarter ended March 31")."""
    return grammar.period_end_before is not None and search_gated(
        grammar.period_end_before, text, max(0, start - _PAST_BEFORE_REACH), start) is not None


def amount_compared(grammar: Grammar, text: str, start: int) -> bool:
    """Whether the words right before a date make it the time of an amount compared with
    ("recovered to $1.37 from $1.50 late on Thursday")."""
    return grammar.amount_compared_before is not None and search_gated(
        grammar.amount_compared_before, text, max(0, start - _PAST_BEFORE_REACH),
        start) is not None


# fields that write a clock's part of the day or a span of it ("8 p.m.", "from 7 to 9")
_HALF_FIELDS = frozenset(("daypart", "daypart_to", "daypart_value", "hour_to", "minute_less"))
_ZERO_HOUR = re.compile(r"(?<![0-9])0[0-9][:.][0-9]")  # "08:30": a 24-hour clock


def twelve_hour_clock(text: str, cand: Candidate) -> bool:
    """Whether a clock is an hour of a 12-hour clock, 1 to 11, with no part of the day written
    ("at eight", "at 8:30"; not "at 08:30", "at 8 a.m.", "at 20:00")."""
    hour = cand.fields.get("hour")
    return isinstance(hour, int) and 1 <= hour <= 11 and _HALF_FIELDS.isdisjoint(cand.fields) \
        and _ZERO_HOUR.search(text, cand.start, cand.end) is None


def happened_before(grammar: Grammar, text: str, tenses: TenseReader, start: int) -> bool:
    """Whether the words right before a date say it has happened ("police arrested him on
    Tuesday"), their past form no participle a future verb takes ("will publish updated
    figures in the spring")."""
    assert grammar.past_before is not None
    window = max(0, start - _PAST_BEFORE_REACH)
    if not may_match(grammar.past_before, text, window, start):
        return False
    found = _search(grammar.past_before, text, window, start)
    return found >= 0 and not tenses.future_ends_near(found)


def _search(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> int:
    """Where `pattern.search(text, pos, endpos)` finds its match, -1 for none.

    A pattern wholly behind a test of the one character before it ("(?<![a-z])": the words
    that say a date has happened; `after_break`), or whose every alternative opens with the
    word-start test (`word_start_scan`), is searched from the characters that pass the test,
    which the regex engine skips to in C rather than trying the pattern at each character
    (about half the instructions for the Arabic words, a tenth fewer for the English ones).
    The scan takes the character before `pos` as the one a match at `pos` follows; a match
    at the text's start, with none before it, is tried apart."""
    scan = opening_scan(pattern)
    if scan is None:
        found = pattern.search(text, pos, endpos)
        return -1 if found is None else found.start()
    if pos == 0:
        first = pattern.match(text, 0, endpos)
        if first is not None:
            return 0
        found = scan.search(text, 0, endpos)
    else:
        found = scan.search(text, pos - 1, endpos)
    return -1 if found is None else found.start(1)


def happened_before_range(grammar: Grammar, text: str, tenses: TenseReader,
                          cand: Candidate) -> bool:
    """Whether the words before a range's first end, its opener with them, say the range has
    happened: "the talks ran from Jan. 5 to Jan. 9" (the opener is the mention's own start)."""
    if "range_from" not in cand.fields or grammar.range_open is None:
        return False
    for space in _SPACE.finditer(text, cand.start, min(len(text), cand.end)):
        if grammar.range_open.search(text, cand.start, space.end()):
            return happened_before(grammar, text, tenses, space.end())
    return False


_SPACE = re.compile(r"\s+")


def habitual(grammar: Grammar, text: str, cand: Candidate) -> bool:
    """Whether a month or a day of one, with no year, is a habit's ("Apple usually unveils
    new iPhones in September"): the words of its clause before it say so, and its value
    keeps no year."""
    if cand.kind == "time" and daily_hours(grammar, text, cand):  # (no call for a date)
        return True
    # (a range of them too: "its fiscal year runs from April to March"; the fields are
    # read first: most dates fail them, for less than a scan of the window costs)
    return grammar.habitual is not None and framed_or_range(cand) and \
        search_gated(grammar.habitual, text, max(0, cand.start - _HABIT_REACH),
                     cand.start) is not None


def framed_or_range(cand: Candidate) -> bool:
    """A month or a day of one with no year of its own (`framed`), or a range of them
    (`framed_range`: "from April to March"). (The range is asked of a range only: most dates
    are none, and the test costs less than the call, asked of every date.)"""
    return framed(cand) or ("range_from" in cand.fields and framed_range(cand))


def _day_free_clock(fields: dict[str, Any]) -> bool:
    """A clock time, or a span of them, with no day of its own ("8 p.m.", "from 9 a.m. to
    midnight")."""
    ends = [fields[k] for k in ("range_from", "range_to") if isinstance(fields.get(k), dict)]
    return all(f.keys().isdisjoint(DAY_KEYS) for f in [fields, *ends]) and \
        any("hour" in f for f in [fields, *ends])


def daily_hours(grammar: Grammar, text: str, cand: Candidate) -> bool:
    """Whether a clock time with no day is the hours of every day ("open daily until 8
    p.m."): it then keeps no day, not the reference date's nor a later date's."""
    return grammar.daily_hours is not None and cand.kind == "time" and \
        _day_free_clock(cand.fields) and search_gated(
            grammar.daily_hours, text, max(0, cand.start - _DAILY_REACH), cand.start) is not None


def happened_far_before(grammar: Grammar, text: str, tenses: TenseReader,
                        cand: Candidate) -> bool:
    """Whether a weekday's clause, or that of a month with no year or day, tells,
    further before it than `happened_before` reads, a past event it dates ("police arrested
    a 34-year-old man from the north of the city in connection with the attack on Friday",
    "opened its first stores in Canada in March"), its past form no participle a future verb
    takes ("will be formally installed at a Mass on Tuesday": an adverb between), and no
    future marker right before the date, which governs it ("raised its outlook for the year
    ending in March": the coming March)."""
    if grammar.past_far is None or not (a_weekday_alone(cand) or _a_weekday_part(cand)
                                        or _a_month_alone(cand)):
        return False
    found = grammar.past_far.search(text, max(0, cand.start - _PAST_FAR_REACH), cand.start)
    return found is not None and not tenses.future_ends_near(found.start()) \
        and not tenses.future_ends_near(cand.start)


def _a_weekday_part(cand: Candidate) -> bool:
    """Whether a candidate is a part of a weekday with no clock time or date ("Tuesday
    night"): a weekday alone as far as its day goes."""
    return cand.kind == "time" and "weekday" in cand.fields and "daypart_value" in cand.fields \
        and not ({"hour", "month", "day", "year", "offset", "direction"} & cand.fields.keys())


def _a_month_alone(cand: Candidate) -> bool:
    return framed(cand) and "day" not in cand.fields


def a_weekday_alone(cand: Candidate) -> bool:
    return cand.kind == "date" and "weekday" in cand.fields and UNFRAMED.isdisjoint(
        cand.fields.keys() - {"weekday"}) and "month" not in cand.fields


def past_after(grammar: Grammar, text: str, end: int) -> bool:
    """Whether the clause right after a date says it has happened ("In March, the company cut
    500 jobs")."""
    return grammar.past_after is not None and grammar.past_after.match(text, end) is not None


def listed_after(grammar: Grammar, text: str, prev_end: int, start: int) -> bool:
    """Whether a date follows, as the next of one list, a date said to have happened ("were
    held on May 3 and 4")."""
    return grammar.past_carry is not None and 0 <= prev_end <= start \
        and bool(grammar.past_carry.fullmatch(text, prev_end, start))
