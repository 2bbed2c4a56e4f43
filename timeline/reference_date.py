"""The reference date (DCT) of an article that arrives without one, inferred from its text.

A news report is written after what it reports, so every dated thing told in the past tense is
a floor for the publication date, and things announced for the future are ceilings. The
evidence, weakest first:

- explicit dates ("October 2022", "حملة 2024"): a day or month floors at its last day, a year
  at its first (a report naming a year may be written early in it);
- references dated through known events ("the day after the election": the election of a year
  the text states, "after more than two and a half years of the invasion": that mark);
- periods of the gazetteer that the text speaks of as current ("President-elect Trump"): the
  article was written inside one of their windows, the first one not before the floors;
- a date written with its weekday and no year ("on Monday, Oct. 26"): the year in which that
  day is that weekday, from the floors on.

A date printed on a line of its own under the headline is the publication date; a wire
dateline ("LONDON, March 3 (Reuters) -") is too, in the first year the evidence allows.

The inferred date is the latest floor, moved into the period window when there is one; with
only ceilings, the day before the earliest. Nothing here is certain: the caller marks the
article `dct_inferred` and lowers the confidence of every value that depended on it.

Several articles of one story share their evidence (`extract_story`): the years they state,
the events they date ("the election on 5 November"), and, for an article with no evidence of
its own, the story's reference date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from timeline.anchors import (
    UNKNOWN_DAY,
    Dating,
    Occurrence,
    find_event_mentions,
    find_periods,
    learn_anchors,
    load_gazetteer,
    sentence_has,
)
from timeline.grammar import Grammar
from timeline.intervals import period
from timeline.mention import Mention
from timeline.resolver import resolve
from timeline.tagger import Candidate, span_containment
from timeline.text import NormalizedText

if TYPE_CHECKING:  # only for annotations: extract imports this module
    from timeline.mention import Extraction

# mods under which a past-tense reference says the thing has happened (or begun) by now
_HAPPENED = {None, "START", "MID", "END", "APPROX", "AFTER", "ON_OR_AFTER"}
# how many years around the evidence a period's windows are looked for
_WINDOW_YEARS = 12
# evidence for a point in time names a period shorter than this (a month, a day; not a year)
_PRECISE_DAYS = 100


@dataclass(slots=True)
class StoryEvidence:
    """What the other articles of a story know: years they state, events they date, and the
    story's reference date for an article that has no evidence of its own."""

    years: frozenset[int] = frozenset()
    learnt: dict[str, Occurrence] = field(default_factory=dict)
    fallback: date | None = None


@dataclass(slots=True)
class _Bounds:
    """Floors and ceilings for the reference date. A floor from a sentence with no tense
    marker is weak ("notes due 2011" in a finance report): it counts only when no sentence
    marked as past, and no event-dated reference, gives one."""

    floor: date | None = None
    weak_floor: date | None = None
    ceiling: date | None = None
    # whether any evidence names a month or a day: years alone ("since 1987") only say the
    # article is not older, which as a date would be years off; they then date nothing
    precise: bool = False

    def raise_floor(self, day: date | None, weak: bool = False, precise: bool = True) -> None:
        if day is None:
            return
        self.precise = self.precise or precise
        if weak:
            self.weak_floor = day if self.weak_floor is None else max(self.weak_floor, day)
        elif self.floor is None or day > self.floor:
            self.floor = day

    @property
    def best_floor(self) -> date | None:
        return self.floor if self.floor is not None else self.weak_floor

    def lower_ceiling(self, day: date | None) -> None:
        if day is not None and (self.ceiling is None or day < self.ceiling):
            self.ceiling = day


def infer_reference_date(grammar: Grammar, norm: NormalizedText, candidates: list[Candidate],
                         tense_at: Callable[[int], str], story: StoryEvidence | None = None,
                         asides: Sequence[tuple[int, int]] = ()) -> datetime | None:
    """A stand-in publication date for an article that has none (None without evidence).

    `asides`: original-text spans of "read also" links; they date other stories, so nothing
    in them is evidence.
    """
    story = story or StoryEvidence()
    inside = span_containment(list(asides)) if asides else None
    candidates = [c for c in candidates
                  if inside is None or not inside(*norm.span_to_original(c.start, c.end))]
    plain = _absolute_mentions(norm, candidates, tense_at)
    dateline = _dateline(norm.original, [m for m, _ in plain])
    if dateline is not None:
        return datetime.combine(dateline, datetime.min.time())
    years = set(story.years) | stated_years(m for m, _ in plain)
    bounds = _Bounds()
    for mention, tense in plain:
        at = norm_offset(norm, mention.start)
        past = sentence_has(grammar.past, norm.text, at)
        if past and tense == "future" and sentence_has(grammar.future, norm.text, at):
            # "said on 3 November that talks will go on" or "will meet on 15 December, he
            # said": the date may be either; a weak floor, trusted only for want of better
            tense, past = "past", False
        _bound_by(bounds, mention.value, mention.mod, tense, whole_period=len(mention.value) > 4,
                  weak=not past)
    mentions = [m for m, _ in plain]
    _bound_by_events(bounds, grammar, norm, mentions, years, story, tense_at, inside)
    window = _period_window(grammar, norm, bounds.best_floor, years)
    if window is not None:
        years.add(window[0].year)  # the period's opening event dates the recurring ones
        _bound_by_events(bounds, grammar, norm, mentions, years, story, tense_at, inside)
        bounds.raise_floor(window[0])
    _bound_by_weekday_dates(bounds, candidates, years, tense_at)
    written = {int(m.value[:4]) for m, tense in plain
               if len(m.value) >= 7 and m.value[:4].isdigit() and tense != "future"} \
        if grammar.meta.get("year_written_when_past") else set()
    day = _wire_dateline_day(grammar, norm, candidates, bounds, written) or _choose(bounds) \
        or story.fallback
    return datetime.combine(day, datetime.min.time()) if day else None


# a weekday falls on the same day of the same month every 5, 6 or 11 years: the calendar
# repeats within 28
_WEEKDAY_CYCLE = 28


def _bound_by_weekday_dates(bounds: _Bounds, candidates: list[Candidate], years: set[int],
                            tense_at: Callable[[int], str]) -> None:
    """A date written with its weekday and no year ("on Monday, Oct. 26") fixes its year: the
    first year, from the floors (else the latest year the text states), in which that day is
    that weekday. Told in the past it is a floor itself; announced, a ceiling."""
    start = bounds.best_floor or (date(max(years), 1, 1) if years else None)
    if start is None:
        return
    for cand in candidates:
        f = cand.fields
        if cand.kind not in ("date", "time") or "year" in f or \
                not {"weekday", "month", "day"} <= f.keys():
            continue
        found = _year_of_weekday(int(f["weekday"]), int(f["month"]), int(f["day"]), start)
        if found is None:
            continue
        if (f.get("tense") or tense_at(cand.start)) == "future":
            bounds.lower_ceiling(found)
        else:
            bounds.raise_floor(found)


def _year_of_weekday(weekday: int, month: int, day: int, start: date) -> date | None:
    for year in range(start.year, start.year + _WEEKDAY_CYCLE + 1):
        try:
            found = date(year, month, day)
        except ValueError:  # 29 February
            continue
        if found >= start and found.isoweekday() == weekday:
            return found
    return None


# how far into an article its dateline may come (after a headline and a byline), and into its
# line (after the place name)
DATELINE_REACH = 400
_DATELINE_INDENT = 60


def _wire_dateline_day(grammar: Grammar, norm: NormalizedText, candidates: list[Candidate],
                       bounds: _Bounds, written: set[int]) -> date | None:
    """The date a wire report opens with ("LONDON, March 3 (Reuters) -") is its own.

    Its year is the first not before what the report tells as past and, where the language's
    wire style writes the year of a date only when it is not the current one ("on Oct. 7,
    2023": `year_written_when_past`), after the years `written` out with a past month or
    day; with no floor, the last year before what the report announces.
    """
    marker = grammar.meta.get("dateline")
    if not marker:
        return None
    text = norm.text
    for cand in candidates:
        if cand.start > DATELINE_REACH:
            break
        f = cand.fields
        line_start = text.rfind("\n", 0, cand.start) + 1
        if cand.kind != "date" or not {"month", "day"} <= f.keys() or "year" in f or \
                cand.start - line_start > _DATELINE_INDENT or \
                not _dateline_regex(marker).match(text, cand.end):
            continue
        month, day = int(f["month"]), int(f["day"])
        try:
            if bounds.best_floor is not None:
                floor = bounds.best_floor
                year = max([floor.year, *(y + 1 for y in written if y <= floor.year)])
                found = date(year, month, day)
                return found if found >= floor else date(year + 1, month, day)
            if bounds.ceiling is not None:
                found = date(bounds.ceiling.year, month, day)
                return found if found < bounds.ceiling else date(found.year - 1, month, day)
        except ValueError:  # 29 February in a common year
            return None
        return None
    return None


@cache
def _dateline_regex(marker: str) -> re.Pattern[str]:
    return re.compile(marker)

# a dateline is one of an article's first lines
_DATELINE_LINES = 4


def _dateline(text: str, mentions: list[Mention]) -> date | None:
    """The publication date a news page prints on a line of its own under the headline
    ("Boeing delivers final 717\nMay 29, 2006\nBoeing on Tuesday delivered..."): a full
    date that is the whole of one of the first lines."""
    for mention in mentions:
        if mention.type != "DATE" or len(mention.value) != 10 or not mention.value[:4].isdigit():
            continue
        line_start = text.rfind("\n", 0, mention.start) + 1
        if text.count("\n", 0, line_start) >= _DATELINE_LINES:
            continue
        line_end = text.find("\n", mention.end)
        line_end = len(text) if line_end < 0 else line_end
        rest = text[line_start:mention.start] + text[mention.end:line_end]
        if line_end < len(text) and not rest.strip(" \t,.:;-\u2013\u2014|()"):
            try:
                return date.fromisoformat(mention.value)
            except ValueError:
                return None
    return None
def _absolute_mentions(norm: NormalizedText, candidates: list[Candidate],
                       tense_at: Callable[[int], str]) -> list[tuple[Mention, str]]:
    """The candidates that resolve without a reference date, with the tense around them."""
    found = []
    for cand in candidates:
        tense = cand.fields.get("tense") or tense_at(cand.start)
        res = resolve(cand.kind, cand.fields, None, tense)
        if res is None or res.anchor != "absolute":
            continue
        start, end = norm.span_to_original(cand.start, cand.end)
        found.append((Mention(start, end, norm.original[start:end], res.type, res.value,
                              res.mod), tense))
    return found


def stated_years(mentions: Iterable[Mention]) -> set[int]:
    """The calendar years an article's explicit dates name."""
    return {int(m.value[:4]) for m in mentions
            if m.type in ("DATE", "TIME") and m.value[:4].isdigit() and m.value[:1] != "X"}


def _bound_by(bounds: _Bounds, value: str, mod: str | None, tense: str,
              whole_period: bool, weak: bool = False) -> None:
    """A dated thing told in the past floors the reference date; one ahead, ceils it.

    `whole_period`: a day or a month told in the past is over by now (its last day), a year
    may be the current one (its first day).
    """
    days = period(value)
    if days is None:
        return
    precise = (days[1] - days[0]).days < _PRECISE_DAYS
    if tense == "future":
        bounds.lower_ceiling(days[0])
        bounds.precise = bounds.precise or precise
    elif mod in _HAPPENED:
        bounds.raise_floor(days[1] if whole_period and mod not in ("AFTER", "ON_OR_AFTER")
                           else days[0], weak, precise)


def _bound_by_events(bounds: _Bounds, grammar: Grammar, norm: NormalizedText,
                     mentions: list[Mention], years: set[int], story: StoryEvidence,
                     tense_at: Callable[[int], str],
                     inside: Callable[[int, int], bool] | None) -> None:
    """Floors from references dated through events: the event (or the mark a counted span
    reaches from it) has happened when the article speaks of it in the past."""
    # events the article dates itself ("the election on 5 November") count like the story's
    learnt = {**story.learnt, **learn_anchors(grammar, norm, mentions, "this article")}
    dating = Dating(None, frozenset(years), learnt, inferred=True)
    for mention in find_event_mentions(grammar, norm, None, mentions, dating):
        if inside is not None and inside(mention.start, mention.end):
            continue  # a "read also" link dates another story
        point = mention.extra.get("reaches") or {"value": mention.value, "mod": mention.mod}
        if point["value"] == UNKNOWN_DAY:
            continue
        tense = tense_at(norm_offset(norm, mention.start))
        _bound_by(bounds, point["value"], point.get("mod"), tense, whole_period=False)


def norm_offset(norm: NormalizedText, original: int) -> int:
    """The normalised offset of an original one (the first character mapped at or after it)."""
    lo, hi = 0, len(norm.index) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if norm.index[mid] < original:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _period_window(grammar: Grammar, norm: NormalizedText, floor: date | None,
                   years: set[int]) -> tuple[date, date] | None:
    """The window of a period the text speaks of as current: the first one that does not end
    before the floor; without a floor, one opening in a year the text states."""
    found = find_periods(grammar, norm)
    if not found or (floor is None and not years):
        return None
    base = floor.year if floor else max(years)
    gazetteer = load_gazetteer()
    windows = sorted(w for item in found
                     for w in gazetteer.windows(item, base - _WINDOW_YEARS, base + _WINDOW_YEARS))
    if floor is not None:
        return next((w for w in windows if w[1] >= floor), None)
    return next((w for w in windows if w[0].year in years), None)


def _choose(bounds: _Bounds) -> date | None:
    """The latest floor; with only ceilings the day before the earliest one."""
    if bounds.best_floor is not None:
        return bounds.best_floor if bounds.precise else None
    if bounds.ceiling is not None and bounds.precise:
        return bounds.ceiling - timedelta(days=1)
    return None


def event_dating(grammar: Grammar, norm: NormalizedText, mentions: list[Mention],
                 dct: datetime | None, inferred: bool, story: StoryEvidence | None = None
                 ) -> Dating:
    """How events are dated in an article once its reference date is settled: the events the
    story and the article itself date ("the election on 5 November") come first."""
    story = story or StoryEvidence()
    learnt = {**story.learnt, **learn_anchors(grammar, norm, mentions, "this article")}
    if dct is not None:  # the years stated choose a cycle only with no reference date
        return Dating(dct.date(), frozenset(), learnt, inferred)
    years = frozenset(set(story.years) | stated_years(mentions))
    return Dating(None, years, learnt, inferred)


@dataclass(slots=True)
class StoryArticle:
    """One article of a story: an id for `anchor_source`, its text, language and DCT."""

    id: str
    text: str
    lang: str | None = None
    dct: datetime | None = None


def extract_story(articles: Sequence[StoryArticle | str], lang: str | None = None
                  ) -> list[Extraction]:
    """Extract every article of one story, letting them share their evidence.

    A first pass reads each article alone; the years they state and the events they date
    ("the election on 5 November") then date the references of the others ("the day after
    the election" in an article that names no date), and an article with no evidence of its
    own takes the story's latest reference date.
    """
    from timeline.extract import extract  # extract imports this module

    items = [a if isinstance(a, StoryArticle) else StoryArticle(f"article-{i + 1}", a, lang)
             for i, a in enumerate(articles)]
    first = [extract(a.text, lang=a.lang or lang, dct=a.dct) for a in items]
    story = _story_evidence(items, first)
    results = []
    for item, alone in zip(items, first, strict=True):
        # an article learns nothing new about itself from its own anchors
        others = {k: v for k, v in story.learnt.items() if not v.source
                  or not v.source.startswith(f"{item.id}:")}
        context = StoryEvidence(story.years, others, story.fallback)
        results.append(extract(item.text, lang=alone.lang, dct=item.dct, story=context))
    return results


def _story_evidence(items: list[StoryArticle], first: list[Extraction]) -> StoryEvidence:
    from timeline.grammar import load_grammar
    from timeline.text import normalize

    years: set[int] = set()
    learnt: dict[str, Occurrence] = {}
    dcts = []
    for item, result in zip(items, first, strict=True):
        own = [m for m in result.mentions if not m.extra.get("aside")]
        years |= stated_years(m for m in own if m.anchor == "absolute")
        if result.dct_used is not None:
            dcts.append(result.dct_used if isinstance(result.dct_used, date) else None)
        try:
            grammar = load_grammar(result.lang)
        except LookupError:
            continue
        for ref, occurrence in learn_anchors(grammar, normalize(item.text), own,
                                             item.id).items():
            learnt.setdefault(ref, occurrence)
    latest = max((d.date() if isinstance(d, datetime) else d for d in dcts if d), default=None)
    return StoryEvidence(frozenset(years), learnt, latest)
