"""Known events as anchors: "after the election", "since World War II", "near the start of
the war" resolve through a curated gazetteer (`timeline/known_events.toml`).

The gazetteer lists one-off events with their dates and recurring ones (US presidential
elections, inaugurations) with the rule that dates each cycle. Names are per language; a
generic name ("the war") means the event of its category that the article's own words point
to. The phrases that tie a reference to an event (بعد / after, منذ / since, اليوم التالي ل /
the day after) are language resources: `[[event_rule]]` sections in `timeline/lang/<code>/`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from timeline.grammar import Grammar, compile_rule
from timeline.intervals import interval
from timeline.lang import load_resources
from timeline.mention import Mention
from timeline.text import NormalizedText, normalize_string

GAZETTEER = Path(__file__).with_name("known_events.toml")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated occurrence of an event, as TIMEX3 values (a day or a year)."""

    key: str
    start: str
    end: str | None


@dataclass(slots=True)
class _Event:
    key: str
    category: str | None
    aliases: dict[str, list[str]]
    context: dict[str, list[str]]
    start: str | None = None
    end: str | None = None
    recurring: dict[str, Any] = field(default_factory=dict)

    def occurrence(self, dct: date | None) -> Occurrence | None:
        if not self.recurring:
            return Occurrence(self.key, self.start or "", self.end)
        if dct is None:
            return None
        found = None
        year = int(self.recurring["first_year"])
        while year <= dct.year:
            day = _cycle_date(self.recurring, year)
            if day <= dct:
                found = day
            year += int(self.recurring["every"])
        return Occurrence(f"{self.key}-{found.year}", found.isoformat(), None) if found else None


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
class Gazetteer:
    events: list[_Event]
    generic: dict[str, dict[str, str]]

    def names(self, lang: str) -> dict[str, str]:
        """Normalised name -> event key or "category:<name>" for generic names."""
        table: dict[str, str] = {}
        for event in self.events:
            for alias in event.aliases.get(lang, []):
                table[normalize_string(alias)] = event.key
        for alias, category in self.generic.get(lang, {}).items():
            table.setdefault(normalize_string(alias), f"category:{category}")
        return table

    def pick(self, ref: str, lang: str, text: str, dct: date | None) -> Occurrence | None:
        """The occurrence a name refers to, in an article whose normalised text is `text`."""
        if not ref.startswith("category:"):
            event = next(e for e in self.events if e.key == ref)
            return event.occurrence(dct)
        category = ref.split(":", 1)[1]
        best, best_hits = None, 0
        for event in self.events:
            if event.category != category:
                continue
            hits = sum(text.count(normalize_string(w)) for w in event.context.get(lang, []))
            hits += sum(text.count(normalize_string(a)) for a in event.aliases.get(lang, []))
            if hits > best_hits:
                best, best_hits = event, hits
        return best.occurrence(dct) if best else None


@cache
def load_gazetteer(path: Path = GAZETTEER) -> Gazetteer:
    """Read and check the gazetteer; a bad entry raises ValueError naming file and line."""
    raw = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from None
    events = []
    for spec in data.get("event", []):
        _check(spec, ("key", "start"), path, raw)
        for key in ("start", "end"):
            if key in spec and not _is_timex_date(str(spec[key])):
                _fail(spec, f"{key} {spec[key]!r} is not YYYY or YYYY-MM-DD", path, raw)
        events.append(_Event(spec["key"], spec.get("category"), spec.get("aliases", {}),
                             spec.get("context", {}), start=str(spec["start"]),
                             end=str(spec["end"]) if "end" in spec else None))
    for spec in data.get("recurring", []):
        _check(spec, ("key", "rule", "month", "every", "first_year"), path, raw)
        try:
            _cycle_date(spec, int(spec["first_year"]))
        except (ValueError, KeyError) as exc:
            _fail(spec, f"cannot date a cycle: {exc}", path, raw)
        events.append(_Event(spec["key"], spec.get("category"), spec.get("aliases", {}),
                             spec.get("context", {}), recurring=spec))
    return Gazetteer(events, data.get("generic", {}))


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


def _fail(spec: dict[str, Any], problem: str, path: Path, raw: str) -> None:
    key = spec.get("key")
    line = next((i for i, text in enumerate(raw.splitlines(), start=1)
                 if key and f'"{key}"' in text), None)
    where = f"{path}:{line}" if line else str(path)
    raise ValueError(f"{where}: known event {key or '(no key)'}: {problem}")


# how far before an event's name the phrase tying a reference to it may start
_PHRASE_REACH = 60


@cache
def _event_rules(lang: str) -> tuple[Any, list[tuple[Any, dict[str, Any]]], dict[str, str]]:
    """The name finder, each event rule's regex with its spec, and the name table."""
    names = load_gazetteer().names(lang)
    specs = load_resources(lang).get("event_rule", [])
    finder = compile_rule(lang, "{event}", "event_names", {"event": names})[0] if specs else None
    rules = [(compile_rule(lang, spec["pattern"], spec["name"], {"event": names})[0], spec)
             for spec in specs]
    return finder, rules, names


def find_event_mentions(grammar: Grammar, norm: NormalizedText, dct: datetime | None
                        ) -> list[Mention]:
    """Mentions dated through a known event, e.g. "اليوم التالي للانتخابات الرئاسية".

    Event names are rare in a text and the phrases around them are short, so the names are
    found first in one pass and the rules only tried just before each of them.
    """
    finder, rules, names = _event_rules(grammar.code)
    if finder is None:
        return []
    gazetteer = load_gazetteer()
    today = dct.date() if dct else None
    picked: dict[str, Occurrence | None] = {}
    found: list[Mention] = []
    for hit in finder.finditer(norm.text):
        name = " ".join(hit.group("event").split())
        ref = names.get(name) or names.get(grammar.expand_article(name))
        if ref is None:
            continue
        if ref not in picked:
            picked[ref] = gazetteer.pick(ref, grammar.code, norm.text, today)
        if picked[ref] is None:
            continue
        window = max(0, hit.start("_b") - _PHRASE_REACH)
        for regex, spec in rules:
            m = _match_ending_at(regex, norm.text, window, hit.end("_b"))
            if m is not None:
                mention = _event_mention(norm, m, spec, picked[ref])
                if mention is not None:
                    found.append(mention)
    return found


def _match_ending_at(regex: Any, text: str, lo: int, end: int) -> Any:
    """The longest match of `regex` that ends exactly at `end`, starting at or after `lo`."""
    for m in regex.finditer(text, lo, end):
        if m.end("_b") == end:
            return m
    return None


def _event_mention(norm: NormalizedText, m: Any, spec: dict[str, Any],
                   occurrence: Occurrence) -> Mention | None:
    value = occurrence.end if spec.get("at") == "end" and occurrence.end else occurrence.start
    shift = int(spec.get("shift_days", 0))
    if shift:
        if len(value) != 10:
            return None  # "the day after" needs an event dated to the day
        value = (date.fromisoformat(value) + timedelta(days=shift)).isoformat()
    mod = spec.get("mod")
    span = interval(value, mod)
    start, end = norm.span_to_original(*m.span("_b"))
    return Mention(start=start, end=end, text=norm.original[start:end], type="DATE",
                   value=value, mod=mod,
                   earliest=span[0].isoformat() if span and span[0] else None,
                   latest=span[1].isoformat() if span and span[1] else None,
                   anchor=f"event:{occurrence.key}", confidence=0.7, rule=spec["name"])


def merge_event_mentions(mentions: list[Mention], events: list[Mention]) -> list[Mention]:
    """Add event-anchored mentions; where one overlaps a plain mention, the longer wins."""
    kept = list(mentions)
    for ev in events:
        overlapping = [m for m in kept if m.start < ev.end and ev.start < m.end]
        if all(ev.end - ev.start >= m.end - m.start for m in overlapping):
            kept = [m for m in kept if m not in overlapping]
            kept.append(ev)
    return sorted(kept, key=lambda m: m.start)
