"""Known events as anchors: "after the election", "since World War II", "near the start of
the war" resolve through a curated gazetteer (`timeline/known_events.toml`).

The gazetteer lists one-off events with their dates, recurring ones (US presidential
elections, inaugurations) with the rule that dates each cycle, and periods bounded by two
events ("president-elect": from the election to the inauguration). Names are per language; a
generic name ("the war") means the event of its category that the article's own words point
to. The phrases that tie a reference to an event (بعد / after, منذ / since, اليوم التالي ل /
the day after, "two days after") are language resources: `[[event_rule]]` sections in
`timeline/lang/<code>/events.toml`, with `[tables.event_nouns]` (events the gazetteer cannot
know: "the summit", "the vote") and `[tables.event_links]` (how an article dates an event:
"the election on 5 November").

Which date an event has, in order: what the story itself says ("the election on 5 November",
a corpus anchor), the gazetteer, else nothing: the reference then stays `XXXX-XX-XX` with the
event named in `anchor`, never a guess.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from timeline.grammar import Grammar, compile_rule, word_matches
from timeline.intervals import interval, period
from timeline.lang import load_resources
from timeline.literal_gate import required_texts
from timeline.mention import MODS, Mention
from timeline.resolver import duration_value, resolve
from timeline.tagger import tag
from timeline.text import NormalizedText, normalize_string

GAZETTEER = Path(__file__).with_name("known_events.toml")

# how sure an event-dated reference is: a gazetteer date, a recurring cycle chosen by a reference
# date we inferred ourselves, and an event nobody dated (its value is unknown)
_CONFIDENCE = {"known": 0.7, "inferred_cycle": 0.5, "learnt": 0.6, "unknown": 0.2}
UNKNOWN_DAY = "XXXX-XX-XX"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated occurrence of an event, as TIMEX3 values (a day or a year).

    `source` says where a corpus anchor was learnt ("article-2: the election on 5 November");
    None for gazetteer dates.
    """

    key: str
    start: str
    end: str | None
    source: str | None = None
    recurring: bool = False


@dataclass(slots=True)
class _Event:
    key: str
    category: str | None
    aliases: dict[str, list[str]]
    context: dict[str, list[str]]
    start: str | None = None
    end: str | None = None
    recurring: dict[str, Any] = field(default_factory=dict)
    # occurrences by reference date and direction: a recurring event walks its cycles from
    # the first year, and the articles of a run share their few reference dates
    _memo: dict[tuple[date, bool], Occurrence | None] = field(
        default_factory=dict, repr=False, compare=False)

    def occurrence(self, dct: date | None, years: Iterable[int] = (),
                   ahead: bool = False) -> Occurrence | None:
        """The occurrence meant: a one-off event's only one; for a recurring event the latest
        cycle on or before `dct` (the next one in a sentence about the future, `ahead`), or
        without a reference date the latest cycle in a year the text states ("حملة 2024": the
        2024 election)."""
        if dct is None or not self.recurring:
            return self._occurrence(dct, years, ahead)
        key = (dct, ahead)
        if key not in self._memo:
            if len(self._memo) >= _OCCURRENCE_MEMO:
                self._memo.clear()
            self._memo[key] = self._occurrence(dct, years, ahead)
        return self._memo[key]  # an Occurrence is frozen: one may be shared

    def _occurrence(self, dct: date | None, years: Iterable[int], ahead: bool
                    ) -> Occurrence | None:
        if not self.recurring:
            return Occurrence(self.key, self.start or "", self.end)
        if dct is None:
            days = [d for d in (self.in_year(y) for y in years) if d is not None]
            return self._cycle(max(days)) if days else None
        if ahead:
            coming = self.cycles(dct.year, dct.year + int(self.recurring["every"]))
            return next((self._cycle(d) for d in coming if d >= dct), None)
        found = None
        year = int(self.recurring["first_year"])
        while year <= dct.year:
            day = _cycle_date(self.recurring, year)
            if day <= dct:
                found = day
            year += int(self.recurring["every"])
        return self._cycle(found) if found else None

    def in_year(self, year: int) -> date | None:
        """The cycle's date in `year`, if the event recurs that year."""
        first, every = int(self.recurring["first_year"]), int(self.recurring["every"])
        if year < first or (year - first) % every:
            return None
        return _cycle_date(self.recurring, year)

    def cycles(self, lo: int, hi: int) -> list[date]:
        return [d for d in (self.in_year(y) for y in range(lo, hi + 1)) if d is not None]

    def _cycle(self, day: date) -> Occurrence:
        return Occurrence(f"{self.key}-{day.year}", day.isoformat(), None, recurring=True)


_OCCURRENCE_MEMO = 4096  # occurrences kept per event before its memo starts over


def _cycle_date(spec: dict[str, Any], year: int) -> date:
    month = int(spec["month"])
    if spec["rule"] == "first_tuesday_after_first_monday":
        first = date(year, month, 1)
        monday = first + timedelta(days=(0 - first.weekday()) % 7)
        return monday + timedelta(days=1)
    if spec["rule"] == "fixed":
        return date(year, month, int(spec["day"]))
    raise ValueError(f"unknown recurrence rule {spec['rule']!r}")


@dataclass(slots=True)
class Period:
    """A state that holds between two recurring events: "the president-elect" is only said
    between an election and the inauguration, so an article saying it was written then."""

    key: str
    after: str  # the recurring event that opens the period (the day after it)
    until: str  # the recurring event that closes it (the day before it)
    aliases: dict[str, list[str]]
    context: dict[str, list[str]]


@dataclass(slots=True)
class Gazetteer:
    events: list[_Event]
    generic: dict[str, dict[str, str]]
    periods: list[Period] = field(default_factory=list)
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False, compare=False)

    def event(self, key: str) -> _Event:
        return next(e for e in self.events if e.key == key)

    def names(self, lang: str) -> dict[str, str]:
        """Normalised name -> event key or "category:<name>" for generic names."""
        table: dict[str, str] = {}
        for event in self.events:
            for alias in event.aliases.get(lang, []):
                table[normalize_string(alias)] = event.key
        for alias, category in self.generic.get(lang, {}).items():
            table.setdefault(normalize_string(alias), f"category:{category}")
        return table

    def resolve_ref(self, ref: str, lang: str, text: str, dct: date | None = None
                    ) -> _Event | None:
        """The gazetteer event a name stands for in an article whose normalised text is `text`:
        a generic name means the event of its category the article's words point to most,
        among those that had begun by the reference date ("the invasion" in a 1991 report is
        not the 2003 one)."""
        if not ref.startswith("category:"):
            return next((e for e in self.events if e.key == ref), None)
        begun = self._begun(ref.split(":", 1)[1], dct)
        if len(begun) == 1:  # one event: its words need only be there, not counted
            event = begun[0]
            words = [*event.context.get(lang, []), *event.aliases.get(lang, [])]
            return event if any(_normal_word(w) in text for w in words) else None
        best, best_hits = None, 0
        for event in begun:
            hits = _hits(text, event.context.get(lang, []))
            hits += _hits(text, event.aliases.get(lang, []))
            if hits > best_hits:
                best, best_hits = event, hits
        return best

    def _begun(self, category: str, dct: date | None) -> list[_Event]:
        """The events of a category that had begun by `dct` (kept: the articles of a run
        share their few reference dates)."""
        key = ("begun", category, dct)
        if key not in self._memo:
            if len(self._memo) >= _OCCURRENCE_MEMO:
                self._memo.clear()
            self._memo[key] = [event for event in self.events if event.category == category and (
                dct is None or event.start is None or event.start <= dct.isoformat())]
        return self._memo[key]

    def in_year(self, ref: str, lang: str, text: str, year: int) -> Occurrence | None:
        """The event a name qualified by a year means ("the 2022 invasion", "غزو عام 2022"):
        of the events it may name, the one that happened that year, the article's context
        deciding between several."""
        if not ref.startswith("category:"):
            candidates = [e for e in self.events if e.key == ref]
        else:
            category = ref.split(":", 1)[1]
            candidates = [e for e in self.events if e.category == category]
        dated = [(e, e.occurrence(None, [year])) for e in candidates]
        dated = [(e, o) for e, o in dated if o is not None and o.start[:4] == str(year)]
        if len(dated) > 1:
            hits = [(_hits(text, e.context.get(lang, [])), o) for e, o in dated]
            best = max(hits, key=lambda h: h[0])
            return best[1] if best[0] > 0 else None
        return dated[0][1] if dated else None

    def pick(self, ref: str, lang: str, text: str, dct: date | None,
             years: Iterable[int] = (), ahead: bool = False) -> Occurrence | None:
        """The occurrence a name refers to, in an article whose normalised text is `text`."""
        event = self.resolve_ref(ref, lang, text, dct)
        return event.occurrence(dct, years, ahead) if event else None

    def windows(self, found: Period, lo: int, hi: int) -> list[tuple[date, date]]:
        """The spans [day after `after`, day before the next `until`] with `after` in lo..hi."""
        opening, closing = self.event(found.after), self.event(found.until)
        spans = []
        for day in opening.cycles(lo, hi):
            ends = [d for d in closing.cycles(day.year, day.year + 10) if d > day]
            if ends:
                spans.append((day + timedelta(days=1), min(ends) - timedelta(days=1)))
        return spans


def _hits(text: str, words: Iterable[str]) -> int:
    return sum(text.count(_normal_word(w)) for w in words)


@cache
def _normal_word(word: str) -> str:
    """A gazetteer word normalised (once: the same few words are counted in every article)."""
    return normalize_string(word)


@cache
def load_gazetteer(path: Path = GAZETTEER) -> Gazetteer:
    """Read and check the gazetteer; a bad entry raises ValueError naming file and line."""
    raw = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from None
    unknown = set(data) - {"event", "recurring", "period", "generic"}
    if unknown:
        raise ValueError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}")
    events = [_one_off(spec, path, raw) for spec in data.get("event", [])]
    events += [_recurring(spec, path, raw) for spec in data.get("recurring", [])]
    seen: dict[str, str] = {}
    for event in events:
        if event.key in seen:
            _fail({"key": event.key}, "key used twice", path, raw, nth=2)
        seen[event.key] = event.key
    _check_aliases(events, path, raw)
    periods = [_period(spec, events, path, raw) for spec in data.get("period", [])]
    generic = data.get("generic", {})
    categories = {e.category for e in events}
    for lang, table in generic.items():
        for alias, category in table.items():
            if category not in categories:
                raise ValueError(f"{path}: generic name {alias!r} ({lang}): no event has "
                                 f"category {category!r}")
    return Gazetteer(events, generic, periods)


def _names(spec: dict[str, Any], path: Path, raw: str) -> tuple[dict[str, list[str]],
                                                                 dict[str, list[str]]]:
    """An entry's aliases and context words per language, checked to be lists of text."""
    out = []
    for section in ("aliases", "context"):
        table = spec.get(section, {})
        if not isinstance(table, dict) or not all(
                isinstance(v, list) and all(isinstance(w, str) and w.strip() for w in v)
                for v in table.values()):
            _fail(spec, f"{section} must be lists of names per language", path, raw)
        out.append(table)
    return out[0], out[1]


def _one_off(spec: dict[str, Any], path: Path, raw: str) -> _Event:
    _check(spec, ("key", "start"), path, raw)
    for key in ("start", "end"):
        if key in spec and not _is_timex_date(str(spec[key])):
            _fail(spec, f"{key} {spec[key]!r} is not YYYY or YYYY-MM-DD", path, raw)
    if "end" in spec and str(spec["end"]) < str(spec["start"]):
        _fail(spec, "end is before start", path, raw)
    aliases, context = _names(spec, path, raw)
    return _Event(spec["key"], spec.get("category"), aliases, context, start=str(spec["start"]),
                  end=str(spec["end"]) if "end" in spec else None)


def _recurring(spec: dict[str, Any], path: Path, raw: str) -> _Event:
    _check(spec, ("key", "rule", "month", "every", "first_year"), path, raw)
    try:
        _cycle_date(spec, int(spec["first_year"]))
    except (ValueError, KeyError, TypeError) as exc:
        _fail(spec, f"cannot date a cycle: {exc}", path, raw)
    aliases, context = _names(spec, path, raw)
    return _Event(spec["key"], spec.get("category"), aliases, context, recurring=spec)


def _period(spec: dict[str, Any], events: list[_Event], path: Path, raw: str) -> Period:
    _check(spec, ("key", "after", "until"), path, raw)
    recurring = {e.key for e in events if e.recurring}
    for side in ("after", "until"):
        if spec[side] not in recurring:
            _fail(spec, f"{side} {spec[side]!r} is not a recurring event's key", path, raw)
    aliases, context = _names(spec, path, raw)
    return Period(spec["key"], spec["after"], spec["until"], aliases, context)


def _check_aliases(events: list[_Event], path: Path, raw: str) -> None:
    """One name, one event: a name two entries share would date references by whichever
    was read last."""
    owner: dict[tuple[str, str], str] = {}
    for event in events:
        for lang, names in event.aliases.items():
            for name in names:
                other = owner.setdefault((lang, normalize_string(name)), event.key)
                if other != event.key:
                    _fail({"key": event.key}, f"alias {name!r} ({lang}) also names {other}",
                          path, raw)


def _is_timex_date(value: str) -> bool:
    try:
        if len(value) == 4 and value.isdigit():
            return True
        date.fromisoformat(value)
        return len(value) == 10
    except ValueError:
        return False


def _check(spec: dict[str, Any], required: tuple[str, ...], path: Path, raw: str) -> None:
    missing = [key for key in required if key not in spec]
    if missing:
        _fail(spec, f"missing {', '.join(missing)}", path, raw)


def _fail(spec: dict[str, Any], problem: str, path: Path, raw: str, nth: int = 1) -> None:
    """Raise naming the file and the line of the entry's key (its `nth` occurrence)."""
    key = spec.get("key")
    lines = [i for i, text in enumerate(raw.splitlines(), start=1)
             if key and re.match(rf'\s*key\s*=\s*"{re.escape(str(key))}"', text)]
    line = lines[nth - 1] if len(lines) >= nth else None
    where = f"{path}:{line}" if line else str(path)
    raise ValueError(f"{where}: known event {key or '(no key)'}: {problem}")


# how far before an event's name the phrase tying a reference to it may start
_PHRASE_REACH = 60
# a rule's stand-in for a counted time span ("two days"), checked against the tagger's DURATION
_DURATION_SLOT = r"(?P<duration>\S.{0,40}?)"
_NOUN = "noun:"


_Rule = tuple[Any, dict[str, Any], frozenset[str] | None]


@dataclass(frozen=True, slots=True)
class _Phrases:
    """Event rules tried together: each rule's regex, its spec, and the words one of which
    any phrase of it holds (None: no such words)."""

    rules: list[_Rule]
    every_word: tuple[str, ...]  # the words of all the rules
    all_need: bool  # whether every rule has such words

    @staticmethod
    def of(rules: list[_Rule]) -> _Phrases:
        every_word = sorted({word for _, _, needs in rules for word in needs or ()})
        return _Phrases(rules, tuple(every_word),
                        all(needs is not None for _, _, needs in rules))

    def words_before(self, norm: NormalizedText, hit: _Hit) -> frozenset[str]:
        """The rules' words in the reach of a phrase ending at the name: a phrase holds one."""
        window = norm.text[max(0, hit.start - _PHRASE_REACH):hit.end]
        return frozenset(word for word in self.every_word if word in window)


@dataclass(frozen=True, slots=True)
class _Rules:
    finder: Any
    phrases: _Phrases  # every rule
    # the rules with a counted span ("two days after the summit"): the only ones that make a
    # mention of an event nobody dated
    counted: _Phrases
    names: dict[str, str]  # normalised name -> event key, "category:…" or "noun:…"
    nouns: dict[str, str]  # the names that are also bare event nouns ("the explosion")
    links: Any  # "on", "held on", "في": an event name followed by the date it happened


@cache
def _event_rules(lang: str) -> _Rules | None:
    """The name finder, each event rule's regex with its spec, the names and the link regex."""
    resources = load_resources(lang)
    specs = resources.get("event_rule", [])
    if not specs:
        return None
    for spec in specs:
        _check_event_rule(lang, spec)
    nouns = {normalize_string(n): _NOUN + str(k)
             for n, k in resources["tables"].get("event_nouns", {}).items()}
    names = {**nouns, **load_gazetteer().names(lang)}  # the gazetteer's names win over nouns
    tables = {"event": names}
    finder = compile_rule(lang, "{event}", "event_names", tables)[0]
    rules = []
    for spec in specs:
        pattern = spec["pattern"].replace("{duration}", _DURATION_SLOT)
        regex = compile_rule(lang, pattern, spec["name"], tables)[0]
        # the words the phrase needs besides the name: the name itself is there, at the hit
        needs = required_texts(compile_rule(lang, pattern.replace("{event}", ""), spec["name"],
                                            tables)[0])
        rules.append((_anchored(regex), spec, needs or None))
    counted = [rule for rule in rules if "duration" in rule[0].groupindex]
    words = sorted(resources["tables"].get("event_links", {}), key=len, reverse=True)
    links = re.compile(r"\s*[,،]?\s*(?:" + "|".join(
        re.escape(normalize_string(w)).replace(r"\ ", r"\s+") for w in words) + r")\s+"
    ) if words else None
    return _Rules(finder, _Phrases.of(rules), _Phrases.of(counted), names, nouns, links)


def _check_event_rule(lang: str, spec: dict[str, Any]) -> None:
    """An event rule that cannot work fails when the language is first used, naming it."""
    where = f"timeline/lang/{lang}/{spec.get('source', '?')}: event_rule {spec.get('name')!r}"
    problems = [f"missing {k}" for k in ("name", "pattern") if k not in spec]
    pattern = str(spec.get("pattern", ""))
    if "{event}" not in pattern:
        problems.append("pattern has no {event}")
    if spec.get("mod") is not None and spec["mod"] not in MODS:
        problems.append(f"unknown mod {spec['mod']!r}")
    if spec.get("offset") not in (None, "after", "before"):
        problems.append("offset must be 'after' or 'before'")
    if ("{duration}" in pattern) != ("offset" in spec):
        problems.append("{duration} and offset go together")
    if problems:
        raise ValueError(f"{where}: {'; '.join(problems)}")


def _anchored(regex: re.Pattern[str]) -> re.Pattern[str]:
    """The rule made to end where the text searched ends (at an event name): one `search`
    then finds the longest phrase ending there."""
    return re.compile(rf"(?:{regex.pattern})\Z", regex.flags)


@dataclass(slots=True)
class _Hit:
    """An event name found in the text: its normalised span and what it refers to."""

    start: int
    end: int
    ref: str
    noun: str | None  # the name as a bare event noun, when the gazetteer cannot place it


# the last text's hits: learning anchors and finding event mentions both ask for them
_LAST_HITS: list[tuple[_Rules, str, list[_Hit]]] = []


def _name_hits(grammar: Grammar, norm: NormalizedText, rules: _Rules) -> list[_Hit]:
    if _LAST_HITS and _LAST_HITS[0][0] is rules and _LAST_HITS[0][1] == norm.text:
        return _LAST_HITS[0][2]
    hits = _find_name_hits(grammar, norm, rules)
    _LAST_HITS[:] = [(rules, norm.text, hits)]
    return hits


def _find_name_hits(grammar: Grammar, norm: NormalizedText, rules: _Rules) -> list[_Hit]:
    hits = []
    for _, _, hit in word_matches(rules.finder, norm.text):
        name = " ".join(hit.group("event").split())
        if name not in rules.names:
            name = grammar.expand_article(name)
        if name in rules.names:
            hits.append(_Hit(hit.start("_b"), hit.end("_b"), rules.names[name],
                             rules.nouns.get(name)))
    return hits


@dataclass(slots=True)
class Dating:
    """What dates events in one article: the reference date, the years the text states (for
    recurring events without a reference date: `event_dating` leaves them out with one),
    anchors learnt from the story, and whether the reference date was inferred (values
    through a recurring cycle are then less sure)."""

    dct: date | None = None
    years: frozenset[int] = frozenset()
    learnt: Mapping[str, Occurrence] = field(default_factory=dict)
    inferred: bool = False


def find_event_mentions(grammar: Grammar, norm: NormalizedText, dct: datetime | None,
                        plain: list[Mention] | None = None, dating: Dating | None = None
                        ) -> list[Mention]:
    """Mentions dated through an event, e.g. "اليوم التالي للانتخابات الرئاسية".

    Event names are rare in a text and the phrases around them are short, so the names are
    found first in one pass and the rules only tried just before each of them. `plain` are
    the article's other mentions: rules with a counted span ("two days after the explosion")
    use its DURATION.
    """
    rules = _event_rules(grammar.code)
    if rules is None:
        return []
    dating = dating or Dating(dct.date() if dct else None)
    durations = {(m.start, m.end): m for m in plain or [] if m.type == "DURATION"}
    events: dict[str, _Event | None] = {}  # the gazetteer event each name means here
    picked: dict[tuple[str, bool], Occurrence | None] = {}
    unknown: dict[str, Occurrence] = {}  # the events nobody dated, by noun
    found: list[Mention] = []
    for hit in _name_hits(grammar, norm, rules):
        event, ahead = None, False
        if hit.ref not in dating.learnt and not hit.ref.startswith(_NOUN):
            if hit.ref not in events:
                events[hit.ref] = load_gazetteer().resolve_ref(hit.ref, grammar.code,
                                                               norm.text, dating.dct)
            event = events[hit.ref]
            # the sentence is read for a future marker only where that can change the
            # occurrence: an event the story dated, a bare noun (most names), a one-off
            # event, or any without a reference date is the same whatever the tense
            if event is not None and event.recurring and dating.dct is not None:
                if not _may_date(norm, hit, rules, plain or []):
                    continue  # (whatever its cycle, the name makes no mention)
                ahead = _ahead(grammar, norm.text, hit.start)
        key = (hit.ref, ahead)
        if key not in picked:
            picked[key] = _occurrence(hit.ref, event, dating, ahead)
        occurrence = picked[key]
        if occurrence is None and hit.noun in dating.learnt:
            occurrence = dating.learnt[hit.noun]  # "the explosion" the story dated itself
        if occurrence is None:
            if hit.noun is None:
                continue  # a gazetteer name whose event the context does not settle
            # an event nobody dated: named in `anchor`, its value unknown; only a phrase with a
            # time span of its own ("two days after the summit") is a time reference then
            # (TimeML tags no bare "after the meeting")
            occurrence = unknown.get(hit.noun)
            if occurrence is None:  # (frozen: one for every mention of the noun)
                occurrence = unknown[hit.noun] = Occurrence(hit.noun[len(_NOUN):], UNKNOWN_DAY,
                                                            None)
        mention = _longest_phrase(grammar, norm, hit, rules, occurrence, durations, dating)
        if mention is None:
            mention = _named_day(norm, hit, occurrence, plain or [], dating)
        if mention is not None:
            found.append(mention)
    return found


def _may_date(norm: NormalizedText, hit: _Hit, rules: _Rules, plain: list[Mention]) -> bool:
    """Whether a name may make a mention (`_longest_phrase`, `_named_day`) whatever the
    occurrence it means: the words of a rule's phrase stand before it, or it writes a day.
    Asked before reading a recurring event's sentence for a future marker (a search through
    the sentence) to tell which cycle it means: most names make none."""
    if not rules.phrases.all_need or rules.phrases.words_before(norm, hit):
        return True
    start, end = norm.span_to_original(hit.start, hit.end)
    return any(start <= m.start and m.end <= end for m in plain)


def _named_day(norm: NormalizedText, hit: _Hit, occurrence: Occurrence,
               plain: list[Mention], dating: Dating) -> Mention | None:
    """A day written without its year inside the name of an event the gazetteer dates ("the
    Oct. 7 attack killed", "the Jan. 6 attack on the Capitol") is the event's day, not that
    day of the reference date's year."""
    value = occurrence.start
    if len(value) != 10 or value == UNKNOWN_DAY:
        return None
    start, end = norm.span_to_original(hit.start, hit.end)
    for m in plain:
        if start <= m.start and m.end <= end and m.type == "DATE" and m.mod is None \
                and len(m.value) == 10 and m.value[4:] == value[4:] and m.value != value \
                and not any(ch.isdigit() for ch in _year_digits(m.text)):
            named = Mention(start=m.start, end=m.end, text=m.text, type="DATE", value=value,
                            anchor=f"event:{occurrence.key}",
                            confidence=_confidence(occurrence, True, dating), rule="event_day")
            named.earliest = named.latest = value
            return named
    return None


def _year_digits(text: str) -> str:
    """The digits a written date holds beyond its day ("Oct. 7" none; "Oct. 7, 2023" 2023)."""
    runs = re.findall(r"[0-9]+", text)
    return "".join(runs[1:]) if len(runs) > 1 else ""


def _longest_phrase(grammar: Grammar, norm: NormalizedText, hit: _Hit, rules: _Rules,
                    occurrence: Occurrence,
                    durations: Mapping[tuple[int, int], Mention], dating: Dating
                    ) -> Mention | None:
    """The mention of the longest phrase ending at the name ("the day after the election"
    over "after the election"); on a tie the rule listed first."""
    best, best_start = None, hit.start  # normalised start of the best phrase so far
    lo = max(0, hit.start - _PHRASE_REACH)
    # an event nobody dated makes a mention only through a counted span of its rule
    tried = rules.counted if occurrence.start == UNKNOWN_DAY and occurrence.end is None \
        else rules.phrases
    present = tried.words_before(norm, hit)  # read once for every rule
    if not present and tried.all_need:
        return None  # every rule needs one of its words there, and none of them is
    for regex, spec, needs in tried.rules:
        # a phrase lies in text[lo:hit.end]; without one of the rule's own words (after,
        # since…) there, searching for it would only fail more slowly
        if needs is not None and present.isdisjoint(needs):
            continue
        pos = lo
        while pos < best_start:
            m = regex.search(norm.text, pos, hit.end)
            if m is None or m.start() >= best_start:
                break
            if m.end("_b") == hit.end:
                mention = _event_mention(grammar, norm, m, spec, occurrence, durations, dating)
                if mention is not None:
                    best, best_start = mention, m.start("_b")
                    break
            pos = m.start() + 1  # the words there are no phrase of this rule: look further
    return best


def _occurrence(ref: str, event: _Event | None, dating: Dating, ahead: bool
                ) -> Occurrence | None:
    """Which occurrence a name means: the story's own dating of it first, then the gazetteer
    `event` it stands for in the article."""
    if ref in dating.learnt:
        return dating.learnt[ref]
    if ref.startswith(_NOUN) or event is None:
        return None
    found = event.occurrence(dating.dct, dating.years, ahead)
    if found is not None and dating.dct is None and ref.startswith("category:") \
            and int(found.start[:4]) not in dating.years:
        # without a reference date, "the war" could be any war of its kind: only one in a
        # year the text states is meant for sure (a 1991 report on Iraq is not about 2003)
        return None
    return found


_SENTENCE_ENDS = ".!?؟\n"  # a rough cut, read around one offset: no abbreviations
_SENTENCE_REACH = 400


def _ahead(grammar: Grammar, text: str, offset: int) -> bool:
    """Whether the sentence around `offset` speaks of the future ("will meet before the
    inauguration": the coming one), by the language's future markers."""
    return sentence_has(grammar.future, text, offset)


def sentence_has(marker: re.Pattern[str] | None, text: str, offset: int) -> bool:
    """Whether the sentence of normalised `text` around `offset` has a match of `marker`."""
    if marker is None:
        return False
    # a sentence is read only this far back and ahead; str.find/rfind do the looking in C
    lo = max(0, offset - _SENTENCE_REACH)
    hi = min(len(text), offset + _SENTENCE_REACH)
    start = max(lo, max(text.rfind(end, lo, offset) + 1 for end in _SENTENCE_ENDS))
    ends = [i for end in _SENTENCE_ENDS if (i := text.find(end, offset, hi)) >= 0]
    return marker.search(text, start, min(ends, default=hi)) is not None


def _event_mention(grammar: Grammar, norm: NormalizedText, m: Any, spec: dict[str, Any],
                   occurrence: Occurrence,
                   durations: Mapping[tuple[int, int], Mention], dating: Dating
                   ) -> Mention | None:
    value = occurrence.end if spec.get("at") == "end" and occurrence.end else occurrence.start
    mod = spec.get("mod")
    counted = None
    if "duration" in m.re.groupindex:
        counted = _counted(grammar, norm, m.span("duration"), durations)
        if counted is None:
            return None  # the words before the event are not a time span
    known = value != UNKNOWN_DAY
    if not known and counted is None:
        return None
    if known and counted is not None:
        sign = -1 if spec.get("offset") == "before" else 1
        value = shift_value(value, counted.value, sign)
        mod = _reach_mod(counted.mod, sign) or mod
    elif known and spec.get("shift_days"):
        if len(value) != 10:
            return None  # "the day after" needs an event dated to the day
        value = (date.fromisoformat(value) + timedelta(days=int(spec["shift_days"]))).isoformat()
    if value is None:
        return None
    start, end = norm.span_to_original(*m.span("_b"))
    mention = Mention(start=start, end=end, text=norm.original[start:end], type="DATE",
                      value=value, mod=mod, anchor=f"event:{occurrence.key}",
                      confidence=_confidence(occurrence, known, dating), rule=spec["name"])
    span = interval(value, mod) if known else None
    mention.earliest = span[0].isoformat() if span and span[0] else None
    mention.latest = span[1].isoformat() if span and span[1] else None
    if occurrence.source:
        mention.extra["anchor_source"] = occurrence.source
    if not known:
        mention.extra["unresolved"] = True  # the event is named but nobody dated it
    if counted is not None and spec.get("keep_measure") and counted.mod:
        return _duration_reaching(counted, mention)
    return mention


def _counted(grammar: Grammar, norm: NormalizedText, span: tuple[int, int],
             durations: Mapping[tuple[int, int], Mention]) -> Mention | None:
    """The time span a rule's `{duration}` covers: the article's DURATION mention there, else
    the words read alone (the tagger may have read "قبل أسبوع" as "a week ago")."""
    start, end = norm.span_to_original(*span)
    if (start, end) in durations:
        return durations[(start, end)]
    words = norm.text[span[0]:span[1]]
    found = [c for c in tag(grammar, words) if c.start == 0 and c.end == len(words)]
    res = resolve(found[0].kind, found[0].fields, None, "past") if len(found) == 1 else None
    if res is not None and res.type == "DURATION":
        value, mod, rule = res.value, res.mod, "+".join(found[0].parts)
    else:
        # a bare unit word counts one ("قبل أسبوع من": a week before); taggers skip it alone
        unit = grammar.tables.get("unit", {}).get(words)
        if not isinstance(unit, dict) or "unit" not in unit:
            return None
        value, mod, rule = duration_value(1, str(unit["unit"])), None, "unit"
    return Mention(start, end, norm.original[start:end], "DURATION", value, mod,
                   anchor="absolute", confidence=0.8, rule=rule)


def _confidence(occurrence: Occurrence, known: bool, dating: Dating) -> float:
    if not known:
        return _CONFIDENCE["unknown"]
    if occurrence.source:
        return _CONFIDENCE["learnt"]
    if occurrence.recurring and dating.inferred:
        return _CONFIDENCE["inferred_cycle"]
    return _CONFIDENCE["known"]


def _reach_mod(duration_mod: str | None, sign: int) -> str | None:
    """"more than two years after" reaches a point on or after the two-year mark."""
    if duration_mod in ("MORE_THAN", "EQUAL_OR_MORE"):
        return "ON_OR_AFTER" if sign > 0 else "ON_OR_BEFORE"
    if duration_mod in ("LESS_THAN", "EQUAL_OR_LESS"):
        return "ON_OR_BEFORE" if sign > 0 else "ON_OR_AFTER"
    if duration_mod == "APPROX":
        return "APPROX"
    return None


def _duration_reaching(counted: Mention, point: Mention) -> Mention:
    """"بعد أكثر من عامين ونصف من غزو…": the span stays a DURATION (what the text measures)
    and records the point it reaches from the event, for the timeline."""
    reaches = {k: v for k, v in (("value", point.value), ("mod", point.mod),
                                 ("earliest", point.earliest), ("latest", point.latest),
                                 ("anchor", point.anchor)) if v is not None}
    extra = {**counted.extra, "reaches": reaches, **{k: v for k, v in point.extra.items()}}
    return replace(counted, extra=extra)


_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?"
                       r"(?:(\d+(?:\.\d+)?)D)?$")


def shift_value(value: str, duration: str, sign: int) -> str | None:
    """A day or year value moved by a TIMEX3 duration (P2D, P1W, P2Y6M); None when the
    arithmetic has no meaning (a year plus days, an unknown count)."""
    m = _DURATION.match(duration)
    if m is None or not any(m.groups()):
        return None
    years, months, weeks, days = (float(g) if g else 0.0 for g in m.groups())
    months_total = years * 12 + months
    if len(value) == 4:
        if weeks or days or months_total % 12:
            return None
        return str(int(value) + sign * int(months_total // 12))
    if len(value) != 10 or months_total % 1:
        return None
    day = date.fromisoformat(value)
    month_index = day.year * 12 + day.month - 1 + sign * int(months_total)
    year, month = divmod(month_index, 12)
    last = period(f"{year:04d}-{month + 1:02d}")
    moved = date(year, month + 1, min(day.day, last[1].day if last else 28))
    moved += timedelta(days=sign * round(weeks * 7 + days))
    return moved.isoformat()


def merge_event_mentions(mentions: list[Mention], events: list[Mention]) -> list[Mention]:
    """Add event-anchored mentions; where one overlaps a plain mention, the longer wins, but
    not over a date the event's name writes out and its date agrees with ("since the 2008
    financial crisis", "in the wake of the Sept. 11 attacks": the written date is the
    reference, as TimeML tags it)."""
    kept = list(mentions)
    for ev in events:
        overlapping = [m for m in kept if m.start < ev.end and ev.start < m.end]
        if any(_names_its_date(ev, m) for m in overlapping):
            continue
        if all(ev.end - ev.start >= m.end - m.start for m in overlapping):
            kept = [m for m in kept if m not in overlapping]
            kept.append(ev)
    return sorted(kept, key=lambda m: m.start)


def _names_its_date(event: Mention, plain: Mention) -> bool:
    """Whether a plain date inside an event mention is the event's own date, written out."""
    return plain.type == "DATE" and event.start <= plain.start and plain.end <= event.end \
        and plain.mod is None and len(plain.value) >= 4 and plain.value[:4].isdigit() \
        and event.value.startswith(plain.value)


# ------------------------------------------------------------ periods and corpus anchors

def find_periods(grammar: Grammar, norm: NormalizedText) -> list[Period]:
    """Periods the article speaks of as current ("President-elect Trump"), when its words
    point at them (a period with context words needs one of them in the text)."""
    gazetteer = load_gazetteer()
    found = []
    for item in gazetteer.periods:
        names = [normalize_string(a) for a in item.aliases.get(grammar.code, [])]
        if not names or not any(_word_in(norm.text, n) for n in names):
            continue
        context = item.context.get(grammar.code, [])
        if context and not _hits(norm.text, context):
            continue
        found.append(item)
    return found


def _word_in(text: str, name: str) -> bool:
    return re.search(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])".replace(r"\ ", r"\s+"),
                     text) is not None


def learn_anchors(grammar: Grammar, norm: NormalizedText, mentions: list[Mention],
                  source: str, dating: Dating | None = None) -> dict[str, Occurrence]:
    """Events the article dates itself: "the election on 5 November", "قمة يوم 12 ديسمبر".

    An event name, a link word from `[tables.event_links]` and a resolved date right after it
    make the date that event's, for every article of the story. `source` names the article.
    """
    rules = _event_rules(grammar.code)
    if rules is None or rules.links is None:
        return {}
    dated: list[Mention] | None = None  # sorted when a link first asks: most names have none
    learnt: dict[str, Occurrence] = {}
    for hit in _name_hits(grammar, norm, rules):
        link = rules.links.match(norm.text, hit.end)
        if link is None or hit.ref in learnt:
            continue
        if dated is None:
            dated = sorted((m for m in mentions if _is_calendar(m)), key=lambda m: m.start)
        # the date may take in the link's last word ("يوم 12 ديسمبر" after "المقررة يوم")
        lo, hi = norm.span_to_original(hit.end, link.end())
        mention = next((m for m in dated if lo <= m.start <= hi), None)
        if mention is None or _outside_known_date(hit.ref, mention.value):
            continue
        key = _learnt_key(hit.ref, grammar.code, norm.text, mention.value)
        quote_start = norm.span_to_original(hit.start, hit.end)[0]
        learnt[hit.ref] = Occurrence(key, mention.value, None,
                                     f"{source}: {norm.original[quote_start:mention.end]}")
    return learnt


def _outside_known_date(ref: str, value: str) -> bool:
    """Whether a name of one dated event (not a generic noun) is linked to a date outside the
    event's own: the date is then the day of something else, its anniversary or a talk about
    it ("marks 35 years since the fall of the Berlin Wall on Saturday")."""
    if ref.startswith((_NOUN, "category:")):
        return False
    event = load_gazetteer().resolve_ref(ref, "", "")
    if event is None or event.recurring or event.start is None:
        return False
    last = event.end or event.start
    return not (value[:len(event.start)] >= event.start and value[:len(last)] <= last)


def _is_calendar(mention: Mention) -> bool:
    """A date precise enough to date an event by: a month or a day on the calendar."""
    return mention.type == "DATE" and mention.mod is None and \
        _CALENDAR_VALUE.match(mention.value) is not None


_CALENDAR_VALUE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _learnt_key(ref: str, lang: str, text: str, value: str) -> str:
    """The key an event learnt from the story goes by: its gazetteer key when the name is a
    known event (a recurring one with the cycle's year), else the name itself."""
    if ref.startswith(_NOUN):
        return ref[len(_NOUN):]
    event = load_gazetteer().resolve_ref(ref, lang, text)
    if event is None:
        return ref.split(":", 1)[-1]
    return f"{event.key}-{value[:4]}" if event.recurring else event.key


_YEAR_VALUE = re.compile(r"\d{4}")  # compiled once: every mention of every text is asked


def mark_year_events(grammar: Grammar, norm: NormalizedText, mentions: list[Mention]) -> None:
    """A year that qualifies an event word ("since the 2022 invasion", "منذ غزو عام 2022")
    keeps its value and records the event it dates: `"event": {"anchor", "value"}`.

    The words are `[tables.year_events]` of the language (word -> event key or
    "category:<name>"); the word may stand right before or right after the year.
    """
    table = _year_event_words(grammar.code)
    if not table:
        return
    gazetteer = load_gazetteer()
    for mention in mentions:
        if mention.type != "DATE" or not _YEAR_VALUE.fullmatch(mention.value):
            continue
        ref = _neighbour_word(norm, mention, table)
        occurrence = ref and gazetteer.in_year(ref, grammar.code, norm.text, int(mention.value))
        if occurrence:
            mention.extra["event"] = {"anchor": f"event:{occurrence.key}",
                                      "value": occurrence.start}


@cache
def _year_event_words(lang: str) -> dict[str, str]:
    """The language's `[tables.year_events]`, normalised word -> event key or category."""
    words = load_resources(lang)["tables"].get("year_events", {})
    return {normalize_string(w): str(ref) for w, ref in words.items()}


def _neighbour_word(norm: NormalizedText, mention: Mention, table: Mapping[str, str]
                    ) -> str | None:
    """The entry of `table` for the word just before or just after a mention, if any."""
    before = norm.original[max(0, mention.start - 40):mention.start].split()
    after = norm.original[mention.end:mention.end + 40].split()
    for word in (before[-1:] + after[:1]):
        ref = table.get(_table_word(word))
        if ref is not None:
            return ref
    return None


@lru_cache(maxsize=4096)
def _table_word(word: str) -> str:
    """A word of the text as the year-event table spells it, kept for the words around years
    ("in", "since", "the" come back in every article)."""
    return normalize_string(word).strip(".,،:;")


# Read when the module is first imported (the API imports the extractor as it starts), so a
# bad entry stops the service at start-up, naming file and line, rather than failing on the
# first article that names an event.
load_gazetteer()
