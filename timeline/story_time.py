"""Story time: the day, month or period a news story tells of, and the dates after it that
are read from that time rather than from the reference date ("On Dec. 28, 2019, ... on Jan. 4":
2020; "held on Oct. 2, 2019, ran from Monday to Wednesday": that week)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from timeline.grammar import Grammar
from timeline.resolved import Resolved
from timeline.resolver import resolve
from timeline.tagger import Candidate
from timeline.tense import TenseReader

if TYPE_CHECKING:
    from timeline.sense_check import SenseCheck


# fields that give a date its own year or place it otherwise than in a year: such a date
# takes no year from the sentence's opening ("in March 2020", "next March", "on Monday")
UNFRAMED = frozenset(("year", "weekday", "direction", "offset", "year_offset", "month_offset",
                      "calendar", "hmonth", "nth", "range_from", "decade", "century"))


def without(fields: dict[str, Any], key: str) -> dict[str, Any]:
    """The fields but `key` (one a step has used, or one that must not steer the next)."""
    return {k: v for k, v in fields.items() if k != key}


def day_of_story(tenses: TenseReader, narrative: Resolved, told_at: int, start: int,
                 named: bool) -> bool:
    """Whether a weekday goes on from the story's day: told in that day's sentence, or in the
    next sentence of its paragraph when that day was counted from the story's ("The next day,
    ... and on Tuesday ... The water kept rising until Thursday") or told with its weekday
    (`named`: "began to climb on Sunday, June 23. By Tuesday...")."""
    if told_at < 0 or told_at > start or "\n" in tenses.text[told_at:start]:
        return False
    if not framed_by_clause(tenses, start, told_at):
        # a day told in a relative clause set off by commas is background, not the story's
        # day ("Kennedy, who was sworn in on Feb. 13, said on Sunday": the last Sunday)
        return False
    gap = tenses.sentence_of(start) - tenses.sentence_of(told_at)
    return gap == 0 or (gap == 1 and (named or narrative.anchor == "narrative"))


# days after the story's day within which the reference date's reading of a weekday stays:
# two weeks, or one when the story names its days' weekdays ("Sunday, June 23")
_STORY_WEEK = 13


_NAMED_STORY_WEEK = 6


def in_story_week(cand: Candidate, resolved: Resolved, narrative: Resolved,
                  dct: datetime | None, checked: SenseCheck, named: bool) -> Resolved:
    """A weekday of a past story: the first such day after the story's day, when the
    reference date's reading lies after the reference date or more than `_STORY_WEEK` days
    after the story's day (else that reading)."""
    day = narrative.earliest
    if dct is None or day is None or narrative.latest != day or resolved.earliest is None \
            or resolved.latest != resolved.earliest:
        return resolved
    week = _NAMED_STORY_WEEK if named else _STORY_WEEK
    if (resolved.earliest - day).days <= week and resolved.earliest <= dct.date():
        return resolved
    story = checked.resolve(cand.with_fields({**cand.fields, "direction": 1}),
                            datetime.combine(day, datetime.min.time()), "future")
    if story is None or story.earliest is None or story.earliest > dct.date():
        return resolved
    story.anchor = "narrative"
    return story


def range_in_story_week(weekdays: tuple[int, int] | None, resolved: Resolved,
                        narrative: Resolved, dct: datetime | None, named: bool,
                        same_sentence: bool) -> Resolved:
    """A range of weekdays of a past story (`weekdays`: ISO numbers of its ends): in the
    sentence of the story's day, the one that holds that day ("held in Geneva on Oct. 2, 2019,
    ran from Monday to Wednesday": Sept. 30 to Oct. 2), else the first after it ("shut on
    Tuesday, Nov. 2. It ran again from Monday to Wednesday": Nov. 8 to 10), when the reference
    date's reading is not the story's week (as `in_story_week` reads a weekday alone)."""
    day = narrative.earliest
    if weekdays is None or dct is None or day is None or narrative.latest != day \
            or resolved.earliest is None:
        return resolved
    week = _NAMED_STORY_WEEK if named else _STORY_WEEK
    if (resolved.earliest - day).days <= week and resolved.earliest <= dct.date():
        return resolved
    first, last = weekdays
    length = (last - first) % 7
    into = (day.isoweekday() - first) % 7  # days from the range's first weekday to the story's
    if into <= length and same_sentence:
        start = day - timedelta(days=into)
    else:
        start = day + timedelta(days=(7 - into) or 7)
    end = start + timedelta(days=length)
    if end > dct.date():
        return resolved
    return Resolved("DATE", start.isoformat(), resolved.mod, start, end, "narrative",
                    resolved.confidence, end.isoformat())


def weekday_range(cand: Candidate) -> tuple[int, int] | None:
    """The weekdays (ISO numbers) of a range of two weekdays alone ("from Monday to
    Wednesday"), else None."""
    if "range_from" not in cand.fields:  # (most candidates: told before any list is made)
        return None
    ends = [cand.fields.get("range_from"), cand.fields.get("range_to")]
    if cand.kind != "date" or not all(isinstance(end, dict) and end.get("_kind") == "date"
                                      and isinstance(end.get("weekday"), int)
                                      and UNFRAMED.isdisjoint(end.keys() - {"weekday"})
                                      and "month" not in end for end in ends):
        return None
    return ends[0]["weekday"], ends[1]["weekday"]


class StoryTime:
    """Where the last date the text stated begins if it is the day or month a story tells of
    (`_tells_story_time`), else -1: read only when a later mention asks, which most never do."""

    def __init__(self, grammar: Grammar, text: str, tenses: TenseReader) -> None:
        self._grammar, self._text, self._tenses = grammar, text, tenses
        self._told: tuple[Candidate, Resolved] | None = None
        self._at: int | None = -1

    def told(self, cand: Candidate, resolved: Resolved) -> None:
        self._told, self._at = (cand, resolved), None

    @property
    def at(self) -> int:
        if self._at is None and self._told is not None:  # (None: told, not yet read)
            cand, resolved = self._told
            self._at = cand.start if _tells_story_time(self._grammar, self._text, self._tenses,
                                                       cand, resolved) else -1
        return -1 if self._at is None else self._at

    def period_told(self) -> bool:
        """Whether the last date the text stated, of whatever length, is a time the story
        tells of: not a bound ("the highest level since 1998") nor a noun's modifier ("the
        2019 budget"), from which no step is counted."""
        return self._told is not None \
            and not told_in_passing(self._grammar, self._text, self._told[0].start)


def framed_by_clause(tenses: TenseReader, offset: int, told_at: int) -> bool:
    """Whether a date told (at `told_at`) may frame a later one: not from a relative clause
    set off by commas that does not hold the later one, background to the news ("Red Hat,
    founded in 1993, reported revenue for its fiscal year ended Feb. 28")."""
    clause = tenses.relative_clause(told_at)
    return clause is None or clause[0] <= offset < clause[1]


def told_in_passing(grammar: Grammar, text: str, start: int) -> bool:
    """Whether a date is a bound ("the highest level since 1998") or a noun's modifier ("the
    2019 budget"), no time a story tells of."""
    return _bound(grammar, text, start) or _modifies_noun(grammar, text, start)


STORY_SPAN = 31  # days: a day or a month may be the time a story tells of, not a year


def _tells_story_time(grammar: Grammar, text: str, tenses: TenseReader, cand: Candidate,
                      resolved: Resolved) -> bool:
    """Whether a date is the day or month a story tells of: said to have happened ("was
    arrested on Jan. 3"), told with its year or weekday in a past clause ("was admitted to a
    hospital on Jan. 3, 2020", "began to climb on Sunday, June 23"), counted from such a day
    ("two days later") or opening its sentence ("In March of that year,"); not a noun's
    modifier ("charged in the Dec. 21, 1988, bombing"), a bound ("the slowest since August
    2010") nor a year a clause mentions in passing ("a program approved in 1987")."""
    if resolved.earliest is None or resolved.latest is None \
            or (resolved.latest - resolved.earliest).days >= STORY_SPAN:
        return False
    if _modifies_noun(grammar, text, cand.start) or _bound(grammar, text, cand.start):
        return False
    return bool(cand.fields.get("happened")) or resolved.anchor == "narrative" \
        or ((_year_written(text, cand, resolved) or weekday_named(cand))
            and tenses.at(cand.start, cand.end) == "past") \
        or opens_sentence(grammar, text, tenses, cand)


_TAKE_REACH = 8  # characters before a date read for the article that makes it a modifier


def _bound(grammar: Grammar, text: str, start: int) -> bool:
    """Whether the words right before a date make it a bound ("the highest level since 1998"),
    no time the story tells of."""
    return grammar.bound_before is not None and grammar.bound_before.search(
        text, max(0, start - _TAKE_REACH), start) is not None


def weekday_named(cand: Candidate) -> bool:
    """Whether a day of a month is told with its weekday ("on Sunday, June 23")."""
    return "weekday" in cand.fields and "day" in cand.fields


def _year_written(text: str, cand: Candidate, resolved: Resolved) -> bool:
    """Whether a date's year is written in it ("Jan. 3, 2020"; not the "Jan. 6" of a riot)."""
    return resolved.anchor == "absolute" and resolved.earliest is not None \
        and str(resolved.earliest.year) in text[cand.start:cand.end]


def _modifies_noun(grammar: Grammar, text: str, start: int) -> bool:
    """Whether an article right before a date makes it a noun's modifier ("the 2019 vote")."""
    if grammar.extent_take is None:
        return False
    found = grammar.extent_take.search(text, max(0, start - _TAKE_REACH), start)
    return found is not None and found.end() == start


def of_story_period(cand: Candidate, tenses: TenseReader, story_at: int) -> Candidate:
    """A period of the story's time ("by the end of the month" after "On Oct. 2, talks
    collapsed": October), when the story's day or month was told in the same sentence or the
    one before and the clause is not about the future, or two sentences before, in the same
    paragraph with no date told between, and the clause is past ("The crisis began in October
    2009. Within weeks, agencies cut its rating. By the end of the year, ...": 2009); else of
    the reference date's."""
    fields = without(cand.fields, "story_period")
    if 0 <= story_at <= cand.start and "\n" not in tenses.text[story_at:cand.start]:
        gap = tenses.sentence_of(cand.start) - tenses.sentence_of(story_at)
        tense = tenses.at(cand.start, cand.end)
        if gap <= 1 and tense != "future" or gap == 2 and tense == "past":
            fields["anaphoric"] = 1
    return cand.with_fields(fields)


def in_story_year(cand: Candidate, narrative: Resolved, dct: datetime,
                  checked: SenseCheck, same_sentence: bool) -> Candidate:
    """A month, or a day of one, with no year, told after a story date of an earlier year:
    its first occurrence from the story's time on ("On Dec. 28, 2019, ... on Jan. 4": 2020),
    when read from the reference date it would come after that time; else the candidate as
    it is. From a later sentence it needs to lie nearer the story's time than its own reading
    lies to the reference date ("In September 2022 she was arrested. She pleaded guilty in
    January", written in March 2025: a recent January; "The infections began in March of that
    year. [...] Inspectors visited in April": the story's April)."""
    if narrative.earliest is None or narrative.latest is None:
        return cand
    if narrative.anchor == "dct":  # (its own sentence's tense has read a day beside it)
        return cand if same_sentence else _past_of_story(cand, narrative, dct, checked)
    # (read as past: "reached the pole on Jan. 14" is the last Jan. 14, not the nearest)
    fields = without(cand.fields, "nearest")
    told = resolve(cand.kind, fields, dct, "past")
    if told is None or told.earliest is None or told.latest is None \
            or told.earliest <= narrative.latest:
        return cand
    for year in (narrative.earliest.year, narrative.earliest.year + 1):
        res = resolve(cand.kind, {**fields, "year": year}, dct, "past")
        if res is None or res.earliest is None or res.latest is None:
            continue
        if res.latest < narrative.earliest:
            # a day a few days before the story's time, a flashback within it ("On Jan. 11,
            # 2020, ... a man who had returned from Wuhan on Jan. 15 ... ten days later"),
            # when its own reading lies farther from the reference date
            before = (narrative.earliest - res.latest).days
            if year == narrative.earliest.year and res.earliest == res.latest \
                    and before <= STORY_SPAN \
                    and before < _days_off(told.earliest, told.latest, dct):
                return cand.with_fields({**fields, "year": year})
            continue
        # (its own reading's distance either way: a day later in the reference date's month
        # stays in it even in a past clause, "On Oct. 6, 1973, ... On Oct. 22", told on Oct. 6)
        off = _days_off(told.earliest, told.latest, dct)
        if res.earliest > told.earliest or not same_sentence and (
                (res.earliest - narrative.latest).days > off):
            return cand
        return cand.with_fields({**fields, "year": year})
    return cand


def _days_off(earliest: date, latest: date, dct: datetime) -> int:
    """How many days a reading lies from the reference date, before or after it."""
    today = dct.date()
    return (earliest - today).days if earliest > today else (today - latest).days


def range_in_story_year(cand: Candidate, narrative: Resolved, dct: datetime,
                        checked: SenseCheck, same_sentence: bool) -> Candidate:
    """A range of months or days with no year ("from March 6 to March 18") told after a
    story date of an earlier year: its start of the year a single day there would take
    (`in_story_year`), its end of that year or, when it comes before the start in the year
    ("from Dec. 28 to Jan. 4"), of the next; else the candidate as it is."""
    left = cand.fields["range_from"]
    right = cand.fields["range_to"]
    start = in_story_year(cand.with_fields(without(left, "_kind")),
                          narrative, dct, checked, same_sentence)
    year = start.fields.get("year")
    if year is None:
        return cand
    if (right["month"], right.get("day", 0)) < (left["month"], left.get("day", 0)):
        year_to = year + 1
    else:
        year_to = year
    return cand.with_fields({
        **cand.fields,
        "range_from": {**start.fields, "_kind": left["_kind"]},
        "range_to": {**without(right, "nearest"), "year": year_to}})


def _past_of_story(cand: Candidate, narrative: Resolved, dct: datetime,
                   checked: SenseCheck) -> Candidate:
    """A day told after a past story date read from the reference date: the last such day
    when it lies after the story's time, not a coming one nearer the reference date ("The
    closures were proposed in January. At a hearing on Feb. 6, parents spoke", written in
    December: the last Feb. 6), from the sentence after the story date's. The story date sets
    no year of its own (it has none)."""
    if "nearest" not in cand.fields or narrative.latest is None:
        return cand
    near = checked.resolve(cand, dct, "past")
    if near is None or near.latest is None or near.latest <= dct.date():
        return cand
    fields = without(cand.fields, "nearest")
    told = resolve(cand.kind, fields, dct, "past")
    if told is None or told.earliest is None or told.earliest <= narrative.latest:
        return cand
    return cand.with_fields(fields)


def framed(cand: Candidate) -> bool:
    """A month, or a day of one, with no year or other anchor of its own (a weekday beside a
    day of the month only restates it: "In 2020, ... on Saturday, Nov. 7")."""
    fields = cand.fields
    return cand.kind == "date" and "month" in fields and UNFRAMED.isdisjoint(
        fields.keys() - {"weekday"} if "day" in fields else fields)


def framed_range(cand: Candidate) -> bool:
    """A range whose two ends are `framed` months or days of them ("from March 6 to March
    18"; not "from March 6, 2021, to March 18" nor "from Monday to Friday")."""
    if "range_from" not in cand.fields:  # (most candidates: told before any tuple is made)
        return False
    ends = (cand.fields.get("range_from"), cand.fields.get("range_to"))
    return all(end is not None and end.get("_kind") == cand.kind
               and framed(Candidate(cand.start, cand.end, cand.kind, cand.rule, end))
               for end in ends)


def opens_sentence(grammar: Grammar, text: str, tenses: TenseReader,
                   cand: Candidate) -> bool:
    """Whether a date opens its sentence as a phrase of its own, the grammar's words before it
    and after it ("In 2019,", "In March," but not "Since then," nor "Sales in 2024 rose")."""
    before, after = grammar.opening_before, grammar.opening_after
    # (the words after it first: its sentence is split only for a date they fit)
    if before is None or after is None or not after.match(text, cand.end):
        return False
    start = tenses.sentence_start(cand.start)
    return start >= 0 and bool(before.fullmatch(text, start, cand.start))


def flashback(grammar: Grammar, text: str, tenses: TenseReader, start: int,
              story_at: int = -1) -> bool:
    """Whether the clause before a mention (from its sentence's start or the last comma)
    tells of a time before the story's (a pluperfect: "engineers had inspected the structure
    two weeks earlier"; not "the company, which had cut jobs, said Tuesday")."""
    if grammar.flashback is None:
        return False
    # (read no further back than _FLASHBACK_REACH: a clause's verb lies near its dates, and
    # a sentence of thousands of dates is read in linear time; that stretch first, so that
    # the sentence is split only where a flashback's verb stands near)
    reach = max(0, start - _FLASHBACK_REACH)
    if grammar.flashback.search(text, reach, start) is None:
        return False
    sentence = tenses.sentence_start(start)
    if sentence < 0:
        return False
    opening = max(sentence, reach)
    clause = max(opening, *(text.rfind(mark, opening, start) + 1 for mark in _CLAUSE_MARKS))
    found = grammar.flashback.search(text, clause, start)
    return found is not None and not _reported_on_story_day(grammar, text, clause,
                                                            found.start(), story_at)


def _reported_on_story_day(grammar: Grammar, text: str, clause: int, verb: int,
                           story_at: int) -> bool:
    """Whether a pluperfect (at `verb`) is reported by its clause's verb of saying, dated by the
    story's day (at `story_at`): "said on Friday they had arrested two men in connection with
    Tuesday's attack. The gunmen had arrived the day before": a past of reported speech
    before the day of the report, whose date is the story's time (the day before Tuesday);
    not a pluperfect reported after the story's day was told ("The bridge collapsed on
    Thursday. Engineers said it had been inspected on Monday": before the collapse)."""
    if grammar.reported_before is None or story_at < clause:
        return False
    found = grammar.reported_before.search(text, clause, verb)
    return found is not None and found.start() < story_at < verb


def flashback_after(grammar: Grammar, text: str, tenses: TenseReader, cand: Candidate
                     ) -> bool:
    """Whether a date that opens its sentence opens a clause that tells of a time before the
    story's ("The day before, scientists had ordered 60,000 people to leave. Three days
    later": three days after the story's day, not after the day before it); not a date by
    which the clause's event had happened ("By July 22, 4,000 flights had been canceled":
    the story's time)."""
    if grammar.flashback is None or not opens_sentence(grammar, text, tenses, cand) \
            or (grammar.by_before is not None and grammar.by_before.search(
                text, max(0, cand.start - _TAKE_REACH), cand.start) is not None):
        return False
    start = text.find(",", cand.end) + 1
    end = min(start + _FLASHBACK_REACH, len(text))
    for mark in (*_CLAUSE_MARKS, "."):
        found = text.find(mark, start, end)
        while found > 0 and mark == "," and text[found - 1:found + 2:2].isdigit():
            found = text.find(mark, found + 1, end)  # (a number's thousands comma: "4,000")
        end = found if found >= 0 else end
    found = grammar.flashback.search(text, start, end)
    # (the pluperfect of the clause itself, within its first words: not one of a clause it
    # reports, "In early July, a newspaper reported that his ministry had awarded...")
    return found is not None and len(text[start:found.start()].split()) <= _FLASHBACK_WORDS


_FLASHBACK_WORDS = 4  # words of a clause before its own verb (its subject)


_CLAUSE_MARKS = (",", ";", "،", "؛")


_FLASHBACK_REACH = 120  # characters
