"""Clock times and parts of a day that name no day of their own ("at 3 p.m.", "overnight",
"40 minutes later"): the day their sentence, or the one before, states."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from timeline.grammar import Grammar
from timeline.mention import Mention
from timeline.resolver import TIME_UNITS
from timeline.tagger import Candidate
from timeline.tense import TenseReader
from timeline.text import folding_into

# fields that give a time its own day ("10 p.m. Friday", "tonight", "at 5 p.m. on 3 May")
_DAY_FIELDS = frozenset(("year", "month", "day", "weekday", "decade", "offset", "unit", "value",
                         "deictic"))
DAY_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AFTER_CLOCK = 25  # characters
_CLOCK_REACH = 4  # sentences back to the day a clock with none of its own takes
_AFTER_PERIOD = 6  # characters: " next week", " this month" follow their clock at once
_PERIOD_BEFORE = 30  # characters: "next month at 6pm", "on a weekday next week after 2:00"
_SEMICOLONS = folding_into(";")  # another clause begins: "؛" as well as ";"
# a day read as the day of a clock time near it, also its early, middle or late part ("early
# Monday ... at about 1:45 a.m.")
_DAY_MODS = frozenset((None, "START", "MID", "END", "APPROX"))
# a period longer than a day as a DATE value: a week or its weekend (2019-W28, 2019-W28-WE), a
# month, a quarter or half, a season, a year
_LONGER_THAN_DAY = re.compile(r"(?:[0-9]{4}|XXXX)(?:-(?:W(?:[0-9]{2}|XX)(?:-WE)?|[0-9]{2}|Q[1-4]"
                           r"|H[12]|SP|SU|FA|WI))?")
_OPEN_DAY = "XXXX-XX-XX"  # a day of no known date


def date_clocks(clocks: list[tuple[int, Mention, str]], mentions: list[tuple[int, Mention]],
                 today: date | None, bounds: frozenset[int] | set[int] = frozenset(),
                 past_nights: Mapping[int, bool] | None = None,
                 spans_to_range: frozenset[int] | set[int] = frozenset(),
                 text: str = "", counted: frozenset[int] | set[int] = frozenset(),
                 sayings: frozenset[int] | set[int] = frozenset(),
                 clauses: Mapping[int, tuple[int, int]] | None = None,
                 twelve_hour: frozenset[int] | set[int] = frozenset()) -> None:
    """A clock time or part of a day with no day of its own takes the day its sentence states
    ("made its first flight Tuesday in Everett at 18:00 UTC", "occurred at 10:35 a.m. (0735
    GMT) Friday"), the nearest one, else the last day the sentence before stated ("Stocks fell
    Friday. Dealers placed buy orders in the morning"), rather than the reference date's. From
    the sentence before, a clock in a past clause takes no day after the reference date ("quit
    on Sunday, four months before Election Day. He posted the letter at 1:46 p.m.": Sunday's),
    nor a bound or comparison (`bounds`, ids: "closed since March 16. The deal was approved
    shortly after midnight": not March 16's). A night of `past_nights` (ids) that finds no day is
    the one before the reference date; one a day later in its sentence follows (`_apart`, in
    the original `text`), the night before that day. A time counted from a clock (`counted`,
    ids: "at 7 a.m. Twenty minutes later") gives no day: it takes its clock's. From the sentence
    before, a day of its closing attribution (`sayings`, ids: ", officials said Thursday.") is
    taken only when that sentence tells of no other ("derailed Wednesday night, officials said
    Thursday. The crash happened at 8:41 p.m.": Wednesday's). A day inside a relative clause
    set off by commas (`clauses`, ids: its span) dates no clock outside it ("The mayor, who
    toured the site on Sunday, will speak at 3 p.m.": not Sunday's). A clock of `twelve_hour` (ids:
    an hour from 1 to 11 with no part of the day written) that takes the day of an evening,
    afternoon or night takes its hour there ("on Friday evening ... at eight": 20:00)."""
    if not clocks:
        return
    past_nights = past_nights or {}
    # a day the text states, alone or with its own clock time ("polls open at 7 a.m. Tuesday
    # and close at 8 p.m.")
    bare = {id(m) for _, m, _ in clocks} | set(counted)
    days = [(sentence, m) for sentence, m in mentions
            if id(m) not in bare and m.mod in _DAY_MODS and (
                (m.type == "DATE" and DAY_VALUE.fullmatch(m.value))
                or (m.type == "TIME" and DAY_VALUE.match(m.value)))]
    periods = [(sentence, m) for sentence, m in mentions
               if m.type == "DATE" and m.mod is None and _LONGER_THAN_DAY.fullmatch(m.value)]
    open_in: tuple[int, Mention] | None = None  # the last clock set on some day of a period
    for sentence, clock, tense in clocks:
        if today is not None and text and _stamp(text, clock):
            # a live report's entry stamp is a time of the day the report is written, not of
            # a day the entry before told of ("... the referendum of 23 June 2016.\n\n10.47am\n"),
            # and the day of the entry it heads ("12.15pm\n\nSterling rose in morning trading")
            _set_day(clock, today.isoformat())
            days.append((sentence, clock))
            continue
        # a day before the clock in its sentence, or one just after it ("10:35 a.m. (0735
        # GMT) Friday"), not a later clause's ("arrested at 3 a.m. and will appear Monday")
        # (a past clause's clock takes no later day after it: "ended at 1:30 p.m. Lawmakers
        # will return Thursday", where "p.m." hid the sentence's end)
        # (a span of clock times before a range word takes no day after it, `spans_to_range`)
        # (nor a day after it counted from the story's: "fought it through the night, and by
        # 6 a.m. the next day": the night of the day before that next day)
        # (nor a day after a semicolon, another clause: "runs until 6 p.m.; the show closes on
        # Friday")
        near = [m for s, m in days if s == sentence and _beside(m, clock)
                and _same_clause(m, clock, clauses)
                and not (m.start >= clock.end and (
                    not _SEMICOLONS.isdisjoint(text[clock.end:m.start])
                    or _after(m, today if tense == "past" else None)
                    or id(clock) in spans_to_range or m.anchor == "narrative"))]
        # (a period after the clock only right after it, "at 2 p.m. next week"; not "at
        # midnight tonight as the city rings in 2025")
        # (and one before it only within a few words: "meet next week after 2:00"; not a
        # period of another clause, "revenue grew in the quarter, she said on a call at 5:30
        # p.m.", which leaves the clock to the day told or the reference date's)
        period = [m for s, m in periods if s == sentence and _beside(m, clock, _AFTER_PERIOD)
                  and clock.start - m.end <= _PERIOD_BEFORE]
        if not near and not period and open_in is not None and open_in[0] == sentence:
            # a later clock of that sentence goes with it, however far ("during Ramadan, to
            # open at ten and close at three in the afternoon")
            period = [open_in[1]]
        if not near and not period and tense != "future":
            # a clock to the minute told again ("struck at 3:36 a.m. on Wednesday. ... The
            # town's clock stopped at 3:36."): the time told before, its day and its hour;
            # not one ahead, as a minute's silence at the hour of a blast a year on
            echo = _echoed(clock, days, id(clock) in twelve_hour)
            if echo is not None:
                _take_time(clock, echo)
                continue
        if not near and period:
            _on_some_day_of(clock, period[0])
            open_in = (sentence, period[0])
            continue
        told_before = not near
        if told_before:  # else the day the sentence before stated ("Friday ... in the morning")
            # (nor, in a future clause, a day already past: "A curfew will be in effect
            # from 7 p.m." after "Wednesday's crackdown" is tonight's)
            # (a sentence whose days all lie on the wrong side of the reference date tells
            # the clock nothing: the one before it may, "on Sunday evening ... three days
            # before its March 17-18 meeting. ... released at 5 p.m.": Sunday's; a bound
            # still holds its sentence, "closed since March 16. ... after midnight")
            fit = [(s, m) for s, m in days
                   if not _after(m, today if tense == "past" else None)
                   and not (tense == "future" and _before(m, today))]
            told = _told_sentence(sentence, {s for s, _ in fit})
            near = [m for s, m in fit if s == told and id(m) not in bounds]
            if id(clock) in sayings:  # (the saying's time: "said at an 11 a.m. briefing")
                # the time of a saying takes the day of a saying told before ("officials said
                # Thursday. ... the mayor said at a 10 a.m. news conference"), not the day of
                # the story told: else the reference date's, the day news is told on; that
                # saying may lie any number of sentences back, past the story's earlier days
                # (a story tells its sayings of one day: "the company said in a statement
                # Wednesday. Revenue rose in the quarter ended Jan. 25. ... told analysts on a
                # call at 5 p.m.": Wednesday's), not past a later day the story moved on to
                # ("officials said Tuesday. The line reopened on Wednesday. ... the mayor said
                # at a 10 a.m. briefing": not Tuesday's)
                story_days = near
                said = [(s, m) for s, m in fit if id(m) in sayings and s < sentence]
                last = max((s for s, _ in said), default=None)
                near = [m for s, m in said if s == last]
                if near and any(last < s < sentence and m.value[:10] > near[-1].value[:10]
                                for s, m in fit):
                    near = []
                if near:
                    told = last
                else:
                    # (with no saying day, the story's part of a day gone by whose hours hold
                    # the clock: the saying is of that time, "slashed rates on Sunday evening.
                    # ... the Fed said in a statement released at 5 p.m.": Sunday's; not "late
                    # Monday ... said at a 9 a.m. briefing")
                    near = [m for m in story_days[-1:]
                            if _before(m, today) and _in_part(clock, m)]
            near = ([m for m in near if id(m) not in sayings] or near)[-1:]
            if near and _left_behind(near[0], told, sentence, periods, today):
                near = []
        if not near:
            if id(clock) in past_nights and today is not None \
                    and clock.value == f"{today.isoformat()}T{_NIGHT}":
                _to_night_before(clock, today)
            continue
        day = min(near, key=lambda m: max(m.start - clock.end, clock.start - m.end))
        on = _last_day_of(day, clock.value.endswith("T" + _NIGHT)) if told_before \
            else day.value[:10]
        if past_nights.get(id(clock)) and (
                (not told_before and day.start >= clock.end
                 and _apart(text[clock.end:day.start]))
                or (today is not None and on == today.isoformat()
                    and (told_before or day.end <= clock.start))):
            # (the reference date's own night, told of in the past from the sentence before
            # ("battered Britain on Monday. The storm hit the coast overnight", written on
            # Monday), or after it in its own sentence ("plunged on Wednesday, and Sydney also
            # fell overnight", written on Wednesday), has not come: the night that ended on it)
            on = _eve_of(on)
        if _past_midnight(day, clock):
            on = (date.fromisoformat(on) + timedelta(days=1)).isoformat()
        end = clock.extra.get("end_value")
        if end and DAY_VALUE.match(end) and DAY_VALUE.match(clock.value):
            # a span's end moves with its start ("Friday ... from 10 p.m. to 2 a.m.")
            moved = date.fromisoformat(on) - date.fromisoformat(clock.value[:10])
            clock.extra["end_value"] = (date.fromisoformat(end[:10]) + moved).isoformat() \
                + end[10:]
        clock.value = on + clock.value[10:]
        clock.earliest = clock.latest = on
        if id(clock) in twelve_hour:
            _in_part_of_day(clock, day.value[10:])
        clock.anchor = "narrative"
        # a clock given a day passes it on ("on Sunday ... at about 3 p.m. ... by early
        # evening": Sunday's)
        if clock.mod in _DAY_MODS:
            days.append((sentence, clock))


# what may follow an entry stamp on its line: nothing, or a dash or bar before the entry's
# heading ("10:42 a.m. ET — Futures point higher")
_STAMP_TAIL = re.compile(r"[ \t]*(?:$|[—–|-][ \t])", re.MULTILINE)


def _stamp(text: str, clock: Mention) -> bool:
    """Whether a clock time is the stamp of an entry in a live report: it opens its line,
    alone or before a dash and the entry's heading. Told by the layout only."""
    line_start = text.rfind("\n", 0, clock.start) + 1
    if text[line_start:clock.start].strip() or line_start == 0:
        return False
    return _STAMP_TAIL.match(text, clock.end) is not None


def _set_day(clock: Mention, on: str) -> None:
    """Put a clock time on a day (`on`, ISO), its value and bounds."""
    clock.value = on + clock.value[10:]
    clock.earliest = clock.latest = on
    clock.anchor = "narrative"


_NIGHT = "NI"  # TimeML's part of day for the night
_MORNING = "MO"  # and for the morning
_NOON = 12
# the hours of a 12-hour clock read after noon in a part of the day: the afternoon's 1 to 6,
# the evening's 4 to 11, the night's 8 to 11 (the night's 1 to 5 are before dawn)
_AFTER_NOON_HOURS = {"TAF": range(1, 7), "TEV": range(4, 12), "TNI": range(8, 12)}


_MINUTES = re.compile(r"T([0-9]{2}):([0-9]{2})$")  # a clock to the minute, seconds none


def _echoed(clock: Mention, days: list[tuple[int, Mention]], twelve: bool) -> Mention | None:
    """The last clock with a day told before `clock` at its very minute (not a whole
    hour: "at 3 p.m." again is more often another day's), its hour the same or, for a
    12-hour clock with no part of the day written, twelve hours off."""
    own = _MINUTES.search(clock.value)
    if own is None or own[2] == "00":
        return None
    for _, told in reversed(days):
        found = _MINUTES.search(told.value) if told.type == "TIME" else None
        if found is None or told.start >= clock.start or found[2] != own[2] \
                or not DAY_VALUE.match(told.value):
            continue
        if found[1] == own[1] or (twelve and int(found[1]) % 12 == int(own[1]) % 12):
            return told
    return None


def _take_time(clock: Mention, told: Mention) -> None:
    """Give a clock the day and the time of the clock it tells again."""
    clock.value = told.value
    clock.earliest, clock.latest = told.earliest, told.latest
    clock.anchor = "narrative"


# the hours of each part of the day a clock may fall in
_PART_HOURS = {"TMO": range(5, 12), "TAF": range(12, 18), "TEV": range(17, 22),
               "TNI": range(20, 24)}


def _in_part(clock: Mention, day: Mention) -> bool:
    """Whether a clock's hour lies in the part of the day a day mention names ("5 p.m." in
    "Sunday evening")."""
    hours = _PART_HOURS.get(day.value[10:])
    hour = _clock_hour(clock.value)
    return hours is not None and hour is not None and hour in hours


def _in_part_of_day(clock: Mention, part: str) -> None:
    """A 12-hour clock's hour in the part of the day whose day it took ("Friday evening ...
    at eight": 20:00)."""
    hours = _AFTER_NOON_HOURS.get(part)
    hour = _clock_hour(clock.value)
    if hours is None or hour is None or hour not in hours:
        return
    clock.value = f"{clock.value[:10]}T{hour + 12:02d}{clock.value[13:]}"


def nights_told_past(grammar: Grammar, text: str, tenses: TenseReader,
                      clocks: list[tuple[int, Mention, str]]) -> dict[int, bool]:
    """The ids of the bare nights a past verb of their sentence tells of, for a language whose
    past night is last night (`past_night_is_last_night`): "rescuers worked through the
    night", not "snow could fall, with temperatures dropping overnight" (no past verb: the
    default past of news says too little). Each says whether a past verb comes before the
    night: the event of the night itself is past ("worked through the night, officials said
    Thursday"), not only the saying of it ("snow could fall overnight, forecasters said")."""
    if not grammar.meta.get("past_night_is_last_night") or grammar.past is None:
        return {}
    found = {}
    for at, clock, tense in clocks:
        if tense == "past" and clock.value.endswith(f"T{_NIGHT}"):
            index = tenses.sentence_of(at)
            if index < 0:
                continue
            start, end = tenses.sentences[index]
            if grammar.past.search(text, start, end):
                found[id(clock)] = grammar.past.search(text, start, at) is not None
    return found


def _apart(gap: str) -> bool:
    """Whether the text between a night and a day after it sets them apart, a clause or two
    words ("through the night and into Tuesday morning", "overnight, officials said
    Thursday"): not one word that makes them one time ("in overnight trading Sunday
    evening": Sunday's night)."""
    return "," in gap or len(gap.split()) >= 2


def _eve_of(day: str) -> str:
    """The day before a day of the text: a night told of in the past before the day its
    sentence goes on to name ("worked through the night and into Tuesday morning", "struck
    overnight, officials said Thursday") ended on that day, so began the day before."""
    try:
        return (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    except ValueError:
        return day  # (a day not wholly known: "XXXX-XX-XX")


def _to_night_before(clock: Mention, today: date) -> None:
    """A night told of in the past with no day of its own is the one before the reference
    date ("rescuers worked through the night", "missiles struck the city overnight, officials
    said Thursday"): the reference date's own night has not come when the report is written."""
    day = (today - timedelta(days=1)).isoformat()
    clock.value = f"{day}T{_NIGHT}"
    clock.earliest = clock.latest = day


def follow_clocks(followers: list[tuple[Mention, Mention, str]]) -> None:
    """A time counted from a clock moves with the clock's day when that day was chosen after
    it ("spotted a rifle at about 1:30 p.m. ... arrested about 40 minutes later": the day of
    the 1:30, not the reference date's)."""
    for clock, counted, day in followers:
        if clock.value[:10] == day or not (DAY_VALUE.match(clock.value)
                                           and DAY_VALUE.match(counted.value)
                                           and DAY_VALUE.fullmatch(day)):
            continue
        moved = date.fromisoformat(clock.value[:10]) - date.fromisoformat(day)
        on = (date.fromisoformat(counted.value[:10]) + moved).isoformat()
        counted.value = on + counted.value[10:]
        counted.earliest = counted.latest = on


def counts_from_clock(cand: Candidate) -> bool:
    """Whether a candidate counts minutes or hours from the clock time last told ("78
    minutes later")."""
    return cand.kind == "offset" and cand.fields.get("unit") in TIME_UNITS


def _left_behind(day: Mention, told: int, sentence: int,
                 periods: list[tuple[int, Mention]], today: date | None) -> bool:
    """Whether the story has left a day told sentences before a clock: a sentence between
    them tells of a period far nearer the reference date ("the appeal followed the storming
    of 16 November 2011. The lawyer expects the verdict in June or July. Deputies gathered
    from 7:30 a.m.": the reference date's morning, not 2011's); a period further off ("the
    largest since 1976" after "the Fourth of July") leaves the story on its day."""
    if today is None:
        return False
    far = _distance(day.earliest, day.latest, today)
    return far is not None and any(
        told < s < sentence and (near := _distance(m.earliest, m.latest, today)) is not None
        and near * _LEFT_BEHIND < far for s, m in periods)


_LEFT_BEHIND = 4  # times nearer the reference date than the day told before


def _distance(earliest: str | None, latest: str | None, today: date) -> int | None:
    """Days from the reference date to a time's span (0 when the span holds it)."""
    try:
        first = date.fromisoformat((earliest or "")[:10])
        last = date.fromisoformat((latest or earliest or "")[:10])
    except ValueError:
        return None
    return max((first - today).days, (today - last).days, 0)


def _told_sentence(sentence: int, told: set[int]) -> int:
    """The sentence whose day a clock of `sentence` with none of its own takes: the nearest
    one before it that states a day (`told`), up to `_CLOCK_REACH` sentences back, as
    sentences that state no date or time, or only a year or a month, do not move the story off
    its day ("watched fireworks on the Fourth of July. The largest since 1976. The crowd
    gathered early in the afternoon"; "swept through before dawn on Friday. The river rose 26
    feet in 45 minutes. A warning was issued at 1:14 a.m.": Friday's;
    "routed Denver Sunday night. Seattle scored 12 seconds into the game. It led 22-0 at
    halftime. The game kicked off at 6:32 p.m.": Sunday's)."""
    for back in range(1, _CLOCK_REACH + 1):
        if sentence - back in told:
            return sentence - back
    return sentence - 1


def states_day(fields: dict) -> bool:
    """Whether a time's fields, or those of a range's ends, name its day."""
    return not _DAY_FIELDS.isdisjoint(fields) or any(
        isinstance(part, dict) and not _DAY_FIELDS.isdisjoint(part) for part in fields.values())


_LATE_HOUR = 18  # from this hour a clock is of the evening or night
_SMALL_HOURS = 6  # before this hour a clock is of the small hours


def _past_midnight(day: Mention, clock: Mention) -> bool:
    """Whether a small-hours clock told after an evening clock of its day, or a morning told
    after its night, is of the day after ("left at 10:05 p.m. on Jan. 14 ... At 12:31 a.m., it
    disappeared": Jan. 15)."""
    if day.type != "TIME" or day.start > clock.start or day.extra.get("end_value"):
        return False
    told, own = _clock_hour(day.value), _clock_hour(clock.value)
    if day.value.endswith("T" + _NIGHT):
        # a morning told after a night is the next day's ("rose overnight, and by late
        # morning...", "on Tuesday night ... By dawn": Wednesday's)
        return clock.value.endswith("T" + _MORNING) or (own is not None and own < _NOON)
    return told is not None and own is not None and told >= _LATE_HOUR and own < _SMALL_HOURS


def _clock_hour(value: str) -> int | None:
    """The hour of a TIME value with a clock ("2024-01-14T22:05": 22); None for a part of
    the day or no clock."""
    hour = value[11:13]
    return int(hour) if len(value) >= 13 and value[10] == "T" and hour.isdigit() else None


def _last_day_of(day: Mention, night: bool = False) -> str:
    """The day a later sentence's clock follows on: a span's last ("between 11 p.m. Saturday
    and 2 a.m. Sunday. Officers arrived around 3:15 a.m.": Sunday's); for a night, the first
    day of a span that ends the day after it starts, the night the span runs through ("a
    warning from 6pm on Tuesday until 11am on Wednesday. Snow could fall overnight":
    Tuesday's night)."""
    end = day.extra.get("end_value")
    if not (end and DAY_VALUE.match(end)):
        return day.value[:10]
    if night and DAY_VALUE.match(day.value) and (
            date.fromisoformat(end[:10]) - date.fromisoformat(day.value[:10])).days == 1:
        return day.value[:10]
    return end[:10]


def _same_clause(day: Mention, clock: Mention,
                 clauses: Mapping[int, tuple[int, int]] | None) -> bool:
    """Whether a day is outside every relative clause, or in the clock's own."""
    return not clauses or id(day) not in clauses or clauses[id(day)] == clauses.get(id(clock))


def _beside(day: Mention, clock: Mention, reach: int = _AFTER_CLOCK) -> bool:
    """Whether a date of the clock time's sentence is before it, or just after it."""
    return day.end <= clock.start or day.start - clock.end <= reach


def _on_some_day_of(clock: Mention, period: Mention) -> None:
    """A clock time whose sentence names a week, month or year but no day ("meet next week
    after 2:00", "next month at 6pm") falls on a day the text does not tell: TimeML's open
    date before the clock (XXXX-XX-XXT14), within the period's days, rather than on the
    reference date."""
    if not DAY_VALUE.match(clock.value):
        return
    clock.value = _OPEN_DAY + clock.value[10:]
    end = clock.extra.get("end_value")
    if end and DAY_VALUE.match(end):
        clock.extra["end_value"] = _OPEN_DAY + end[10:]
    clock.earliest, clock.latest = period.earliest, period.latest
    clock.anchor = "narrative"


def _before(day: Mention, today: date | None) -> bool:
    """Whether a day mention lies before `today` (never, without one)."""
    return today is not None and day.value[:10] < today.isoformat()


def _after(day: Mention, today: date | None) -> bool:
    """Whether a day mention lies after `today` (never, without one)."""
    return today is not None and day.value[:10] > today.isoformat()
