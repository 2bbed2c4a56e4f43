"""Find time expressions: run a language's rules over normalised text, then compose them.

Stages, all language-neutral:
1. every rule's regex proposes candidates with the fields its groups captured;
2. candidates inside a negative match are dropped;
3. the longest (then highest-priority, then leftmost) non-overlapping candidates win;
4. modifiers around a candidate (أواخر, "more than", "early") join it and set fields;
5. a second day takes the month of the date before it ("June 18 and 19"), a quantity in
   several units ("two months and a day") becomes one, a clock time and a
   length from it ("from 2 p.m. for two hours") a span of clock times, neighbours that are
   parts of one expression (a weekday and its date, a date and its clock time) merge,
   "from X to Y" / "between X and Y" becomes one range, a day joins a span of clock times
   beside it ("Tuesday from 7 to 7:30"), and a quantity counted from a day named from today
   ("three weeks from tomorrow") becomes the day it reaches;
6. clock readings too bare to stand alone that found no day or span to join are dropped
   (`needs_day`, `needs_range`: "nine thirty" alone, the "3" of "rose to 3");
7. the language's extent conventions trim or extend spans (TimeML's "the").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from timeline.grammar import Grammar, Modifier, Rule, derived
from timeline.literal_gate import required_texts
from timeline.prefilter import (
    body_gates,
    key_of,
    negative_index,
    rule_index,
    shared_positions,
)
from timeline.resolver import TIME_UNITS
from timeline.tails import match_tails

_DATE_KINDS = {"date", "time"}
# fields that place an expression on the calendar; two parts of one expression never share one
# (sets: "does a candidate's fields hold any of them" is one test in C)
_CALENDAR_FIELDS = frozenset(("year", "month", "day", "weekday", "hour", "minute"))
_MONTH_FIELDS = frozenset(("month", "hmonth", "easter", "calendar"))
# what a range may join: calendar dates, clock times and relative days ("today until Sunday")
_RANGE_KINDS = {"date", "time", "relative"}
_SPAN_KINDS = ("duration", "offset")
# A clock reading too bare to stand alone is marked by its rule: `needs_day` ("nine thirty",
# "19h", "around 7") waits for a day or a part of a day to join (1: on either side; 2: only
# after it, with no comma between: "Monday 12-4", "tomorrow at seven twenty", never the score
# of "won 5-3 Tuesday" or "won Tuesday, 5-3"); `needs_range` (the "3" of "from 10:30 to 3")
# waits for the other end of a span of clock times, or for a length ("from 9 for two
# hours"). `needs_month` (the "19" of "June 18 and 19", its rule's context the connector)
# waits for the month of the date right before it. Whatever is still marked at the end is
# dropped: "rose to 3 on Monday" has no clock time.
_WEAK = frozenset(("needs_day", "needs_range", "needs_month"))
_ANCHOR_FIELDS = frozenset(("day", "weekday", "easter", "hday", "daypart_value"))


@dataclass(slots=True)
class Candidate:
    start: int  # normalised offsets
    end: int
    kind: str
    rule: str
    fields: dict[str, Any]
    priority: int = 0
    parts: list[str] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.end - self.start

    def with_fields(self, fields: dict[str, Any], parts: list[str] | None = None
                    ) -> Candidate:
        """A copy with other fields (and parts; else the same parts list, as
        `dataclasses.replace` gives), made directly: `replace` reads the class's fields
        anew on every call, about five times the cost, in loops over every candidate."""
        return Candidate(self.start, self.end, self.kind, self.rule, fields, self.priority,
                         self.parts if parts is None else parts)


def tag(grammar: Grammar, text: str, viable: Callable[[Candidate], bool] | None = None,
        day_first: bool | None = None) -> list[Candidate]:
    """Time expressions in normalised `text`, in order, with their raw fields.

    `viable`, when given, drops candidates that cannot be resolved (a 31 February, a unit
    with no calendar arithmetic) before the longest are chosen, so that a shorter reading
    that does make sense is kept. `day_first`: how the article's locale orders the numbers
    of a date (11/07/2024), when it differs from the language's default.
    """
    starts = shared_positions(grammar, text)
    candidates = _propose(grammar, text, starts)
    if day_first is None:
        day_first = _document_day_first(grammar, candidates)
    if day_first is not None and day_first != bool(grammar.meta.get("day_first", False)):
        _swap_numeric_order(grammar, candidates)
    candidates = _drop_negatives(grammar, text, candidates, starts)
    weak = [c for c in candidates if not _WEAK.isdisjoint(c.fields)]
    if not weak:
        return _adjust_extents(grammar, text, _compose(grammar, text, candidates, viable))
    # a bare clock reading that joins nothing is dropped, and the candidates it outgrew are
    # chosen again without it ("between 6:30 to 9 pst": "6:30", not "6:30 to 9")
    for _ in range(_WEAK_ROUNDS):
        # (the stages leave the candidates as proposed: a modified one is a copy, so a
        # round after this one chooses again among the very same candidates)
        chosen = _compose(grammar, text, candidates, viable)
        dropped = [c for c in chosen if not _WEAK.isdisjoint(c.fields)]
        if not dropped:
            break
        inside = span_containment([(c.start, c.end) for c in dropped])
        within = [c for c in weak if inside(c.start, c.end)]
        # the widest of them: a shorter reading inside may still join ("9" of "9 to 10:30")
        banned = {id(c) for c in within if not any(
            o is not c and o.start <= c.start and c.end <= o.end and o.length > c.length
            for o in within)}
        weak = [c for c in weak if id(c) not in banned]
        candidates = [c for c in candidates if id(c) not in banned]
    chosen = [c for c in chosen if _WEAK.isdisjoint(c.fields)]
    return _adjust_extents(grammar, text, chosen)


_WEAK_ROUNDS = 3  # choices made again after dropping lone bare clock readings


def _compose(grammar: Grammar, text: str, candidates: list[Candidate],
             viable: Callable[[Candidate], bool] | None) -> list[Candidate]:
    """Stages 3 to 5: choose among the candidates, modify and join them."""
    chosen = _select(candidates, viable)
    chosen = _apply_modifiers(grammar, text, chosen)
    chosen = _borrow_month(text, chosen)
    chosen = _borrow_year(grammar, text, chosen)
    chosen = _merge_spans(grammar, text, chosen)
    chosen = _merge_lengths(grammar, text, chosen)
    chosen = _merge_neighbours(grammar, text, chosen)
    chosen = _merge_day_lengths(grammar, text, chosen)
    chosen = _merge_ranges(grammar, text, chosen)
    chosen = _merge_day_spans(grammar, text, chosen)
    chosen = _merge_week_ranges(grammar, text, chosen)
    chosen = _merge_shifted(grammar, text, chosen)
    chosen = _merge_year_shift(grammar, text, chosen)
    return _merge_weekday_offset(grammar, text, chosen)


def _adjust_extents(grammar: Grammar, text: str, chosen: list[Candidate]) -> list[Candidate]:
    """The language's extent conventions: a leading word an expression does not own ("the"
    before a time word that only modifies a noun) leaves it, a word before it that it does
    own ("the" before "late 1970s") joins it."""
    drop, take, take_when = grammar.extent_drop, grammar.extent_take, grammar.extent_take_when
    for cand in chosen:
        if drop is not None:
            m = drop.match(text, cand.start, cand.end)
            if m is not None and cand.start < m.end() < cand.end:
                cand.start = m.end()
        if take is not None and take_when is not None \
                and take_when.match(text, cand.start, cand.end):
            m = take.search(text, max(0, cand.start - 40), cand.start)
            if m is not None and m.end() == cand.start:
                cand.start = m.start()
        # a bracket the expression opened ("Tuesday (5 November") closes inside it
        if text.count("(", cand.start, cand.end) > text.count(")", cand.start, cand.end) \
                and text.startswith(")", cand.end):
            cand.end += 1
    return chosen


def _propose(grammar: Grammar, text: str, starts: list[int] | None = None) -> list[Candidate]:
    """Every rule's matches; `starts`: the positions where a rule may begin (`prefilter.
    shared_positions`), else found here."""
    found: list[tuple[int, Candidate]] = []
    seen: set[tuple[str, int, int]] = set()
    matchers = _matchers(grammar)
    tried: dict[int, int] = {}  # a rule found by its expression: where its starts were tried to
    index = rule_index(grammar)
    # only the rules whose first characters fit each position (timeline.prefilter)
    positions = index.positions(text, [(0, len(text))]) if starts is None \
        else index.lookup(text, starts)
    gates = _gates(grammar)
    opened: dict[tuple[int, int], bool] = {}  # (a gate's id, a position): whether it matched
    for pos, numbers in positions:
        for number in numbers:
            gate = gates[number]
            if gate is not None and not _gate_opens(gate, text, pos, opened):
                continue
            m = matchers[number](text, pos)
            if m is None:
                continue
            if m is _BODY:  # its expression may begin here: try where the rule may begin
                for m in _matches_before_body(grammar, number, text, pos, tried):
                    _add_candidate(grammar, number, m, found, seen)
                continue
            _add_candidate(grammar, number, m, found, seen)
    found.sort(key=lambda pair: pair[0])  # rule by rule, each in text order
    return [cand for _, cand in found]


def _add_candidate(grammar: Grammar, number: int, m: Any,
                   found: list[tuple[int, Candidate]], seen: set[tuple[str, int, int]]) -> None:
    rule = grammar.rules[number]
    start, end = m.span("_b")
    if start == end or (rule.name, start, end) in seen:
        return
    seen.add((rule.name, start, end))  # "وفي" and "في" both start one match
    fields = _memo_fields(grammar, number, m)
    found.append((number, Candidate(start, end, rule.kind, rule.name, fields, rule.priority,
                                    [rule.name])))


def _gates(grammar: Grammar) -> list[re.Pattern[str] | None]:
    """Each rule's gate (`Rule.gate`), or None."""
    return derived(grammar, "gates", lambda: [rule.gate for rule in grammar.rules])


def _gate_opens(gate: re.Pattern[str], text: str, pos: int,
                opened: dict[tuple[int, int], bool]) -> bool:
    """Whether `gate` matches at `pos`, asked once per text and position for all the rules
    that share it (`opened`)."""
    key = (id(gate), pos)
    found = opened.get(key)
    if found is None:
        found = opened[key] = gate.match(text, pos) is not None
    return found


class _BodyMark:
    """What a rule found by its expression answers where that expression may begin."""


_BODY = _BodyMark()


def _answer_body(text: str, pos: int) -> _BodyMark:
    return _BODY


def _matchers(grammar: Grammar) -> list[Callable[[str, int], Any]]:
    """Each rule's bound `regex.match`, kept per grammar: most of the tries fail, and the
    two attribute lookups per try cost about as much as a failing match. A rule the index
    finds by its expression (`Rule.body`) answers `_BODY` instead."""
    return derived(grammar, "matchers", lambda: [
        _answer_body if rule.body is not None else rule.regex.match for rule in grammar.rules])


def _matches_before_body(grammar: Grammar, number: int, text: str, pos: int,
                         tried: dict[int, int]) -> list[Any]:
    """The matches of rule `number` from the places before `pos` where it may begin with its
    expression at `pos`: no further back than its opening's spaces reach, and only where the
    text before `pos` ends as the opening does. Each place is tried once per text (`tried`:
    how far they were), in text order, as the index would have tried them."""
    gate = body_gates(grammar)[number]
    lo = max(_stretch_start(key_of(text), pos, gate.spaces), tried.get(number, 0))
    if lo >= pos:
        return []
    if gate.tails is not None and not text.endswith(
            gate.tails, lo, lo + len(text[lo:pos].rstrip())):
        return []
    tried[number] = pos
    match = grammar.rules[number].regex.match
    return [m for start, _ in gate.starts.positions(text, [(lo, pos)])
            if (m := match(text, start)) is not None]


def _stretch_start(key: str, pos: int, spaces: int) -> int:
    """The first position from which the index key up to `pos` holds at most `spaces`
    spaces."""
    lo = pos
    for _ in range(spaces + 1):
        lo = key.rfind(" ", 0, lo)
        if lo < 0:
            return 0
    return lo + 1


def _document_day_first(grammar: Grammar, candidates: list[Candidate]) -> bool | None:
    """With no locale, the order the article's own numeric dates show: the language's other
    order when a date can only be read that way (26/07/2013 in English) and none can only be
    read the language's way (a day above 12 in a locale-ordered date, 7/26/2013); else None."""
    rules = _numeric_order_rules(grammar)
    other = own = False
    for cand in candidates:
        rule = rules.get(cand.rule)
        if rule is None:
            continue
        if rule.order_evidence:
            other = True
        elif str(cand.fields.get("day", "")).isdigit() and int(cand.fields["day"]) > 12:
            own = True
    if other and not own:
        return not grammar.meta.get("day_first", False)
    return None


def _numeric_order_rules(grammar: Grammar) -> dict[str, Rule]:
    """The rules that read a numeric date in the locale's order or only in the other one,
    by name: kept per grammar, not gathered from every rule for each article."""
    return derived(grammar, "numeric_order_rules", lambda: {
        rule.name: rule for rule in grammar.rules if rule.order_evidence or rule.locale_order})


def _swap_numeric_order(grammar: Grammar, candidates: list[Candidate]) -> None:
    """Read month and day the other way round in the rules whose order the locale decides."""
    rules = _numeric_order_rules(grammar)
    for cand in candidates:
        f = cand.fields
        if (rule := rules.get(cand.rule)) is not None and rule.locale_order \
                and "month" in f and "day" in f:
            f["month"], f["day"] = f["day"], f["month"]


_MEMO_LIMIT = 10_000  # fields kept per grammar before the memo starts over (a few MB)


def _memo_fields(grammar: Grammar, number: int, m: Any) -> dict[str, Any]:
    """`_fields` of rule `number`'s match, a fresh copy of the memoised answer when the
    same texts were captured before (the caller and later stages change the dict)."""
    memo = grammar.fields_memo
    key = (number, m.groups())
    fields = memo.get(key)
    if fields is None:
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        fields = memo[key] = _fields(grammar, grammar.rules[number], m)
    return dict(fields)


def _fields(grammar: Grammar, rule: Rule, m: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for alias, name in rule.captures.items():
        captured = m.group(alias)
        if captured is None:
            continue
        value = grammar.convert(name, captured)
        alias = alias.split("__")[0]
        if isinstance(value, dict) and alias.endswith("_to"):
            # the end of a span ("to 2 p.m."): its fields keep the suffix (daypart_to)
            fields.update({f"{key}_to": v for key, v in value.items()})
        elif isinstance(value, dict):
            fields.update(value)
        else:
            fields[alias] = value
    fields.update(rule.fixed)
    return fields


def _drop_negatives(grammar: Grammar, text: str, found: list[Candidate],
                    starts: list[int] | None = None) -> list[Candidate]:
    """`found` without the candidates inside a negative's match; `starts`: the positions
    where a negative may begin (`prefilter.shared_positions`), else found here."""
    if not grammar.negatives or not found:
        return found
    # a negative matters only where it could contain a candidate: where it would begin at
    # most `negative_reach` characters before one, or with it
    windows = _before(sorted({c.start for c in found}), grammar.negative_reach)
    index = negative_index(grammar)
    positions = index.positions(text, windows) if starts is None \
        else index.lookup(text, _within(starts, windows))
    negatives = grammar.negatives
    blocked = [m.span("_b") for pos, numbers in positions
               for n in numbers if (m := negatives[n].match(text, pos))]
    if not blocked:
        return found
    inside = span_containment(blocked)
    return [c for c in found if not inside(c.start, c.end)]


def _before(starts: list[int], reach: int) -> list[tuple[int, int]]:
    """The stretches from `reach` characters before each of the sorted `starts` to it, those
    less than `reach` apart merged (scanning the gap costs less than starting a new scan,
    which reads on past its stretch's end)."""
    windows: list[tuple[int, int]] = []
    for start in starts:
        lo, hi = max(0, start - reach), start + 1
        if windows and lo <= windows[-1][1] + reach:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _within(starts: list[int], windows: list[tuple[int, int]]) -> list[int]:
    """The ascending `starts` that lie in one of the ascending, disjoint `windows`."""
    found: list[int] = []
    for lo, hi in windows:
        found.extend(starts[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)])
    return found


def span_containment(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test "does one of `spans` contain [start, end)?", in O(log n) per question."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach: list[int] = []  # the furthest end among the spans starting at or before each
    for _, e in spans:
        reach.append(max(e, reach[-1]) if reach else e)

    def inside(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    return inside


def _select(found: list[Candidate],
            viable: Callable[[Candidate], bool] | None = None) -> list[Candidate]:
    """The longest (then highest-priority, then leftmost) non-overlapping viable candidates.

    Viability is asked only of a candidate that would be chosen: one a longer candidate
    already covers is out either way, and the sense check (a resolution) is costly.
    """
    chosen: list[Candidate] = []
    starts: list[int] = []  # the chosen spans, kept sorted and disjoint
    ends: list[int] = []
    # (the length written out: the property is a Python call per candidate)
    for cand in sorted(found, key=lambda c: (c.start - c.end, -c.priority, c.start)):
        i = bisect.bisect_right(starts, cand.start)
        if (i and ends[i - 1] > cand.start) or (i < len(starts) and starts[i] < cand.end):
            continue  # overlaps a longer (or better) candidate already chosen
        if viable is not None and not viable(cand):
            continue
        starts.insert(i, cand.start)
        ends.insert(i, cand.end)
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _apply_modifiers(grammar: Grammar, text: str, chosen: list[Candidate]) -> list[Candidate]:
    if not grammar.modifiers:
        return chosen
    by_kind = _modifiers_by_kind(grammar)  # (a modifier keeps the candidate's kind)
    for i, cand in enumerate(chosen):
        floor = chosen[i - 1].end if i else 0
        ceiling = chosen[i + 1].start if i + 1 < len(chosen) else len(text)
        proposed = True  # still the candidate as proposed (a later round may choose it again)
        of_kind = by_kind.get(cand.kind) or _modifiers_of_kind(grammar, cand.kind)
        changed = True
        while changed:  # modifiers stack: "نحو أكثر من عامين"
            changed = False
            window_start = max(floor, cand.start - _MODIFIER_REACH)
            before_end = -1  # where the text before the candidate ends, its spaces left out
            tried = of_kind.every
            if of_kind.tails is not None:
                before_end = window_start + len(text[window_start:cand.start].rstrip())
                if not text.endswith(of_kind.tails, window_start, before_end):
                    tried = of_kind.rest  # no modifier before it can match: one test for all
            for mod, ends, words in tried:
                if mod.needs and mod.needs.isdisjoint(cand.fields):
                    continue
                if not mod.sets.isdisjoint(cand.fields):
                    continue
                if mod.side == "before":
                    if ends is not None:
                        if before_end < 0:
                            before_end = window_start + len(
                                text[window_start:cand.start].rstrip())
                        if not text.endswith(ends, window_start, before_end):
                            continue  # no text a match can end with: no match
                    if words and not any(text.find(w, window_start, cand.start) >= 0
                                         for w in words):
                        continue  # none of the words every match holds: no match
                    m = mod.regex.search(text, window_start, cand.start)
                    if not (m and m.start("_b") >= floor):
                        continue
                else:
                    m = mod.regex.match(text, cand.end, min(ceiling, cand.end + _MODIFIER_REACH))
                    if not m:
                        continue
                if proposed:  # modified, it is a copy: the proposed one stays as it was
                    cand = chosen[i] = cand.with_fields(dict(cand.fields), list(cand.parts))
                    proposed = False
                if mod.side == "before":
                    cand.start = m.start("_b")
                else:
                    cand.end = m.end("_b")
                if "mod" in mod.fixed and "mod" in cand.fields:
                    # a new list: a copy of the fields taken before must not see it change
                    cand.fields["mods"] = [*cand.fields.get("mods", ()), cand.fields["mod"]]
                cand.fields.update(mod.fixed)
                for alias, name in mod.captures.items():
                    if m.group(alias) is not None:
                        value = grammar.convert(name, m.group(alias))
                        if isinstance(value, dict):
                            cand.fields.update(value)
                        else:
                            cand.fields[alias] = value
                cand.parts.append(mod.name)
                changed = True
                break
    return chosen


_MODIFIER_REACH = 60  # characters before or after a candidate a modifier may take
_SHORTEST_WORTH = 3  # a shorter needed text ("the", "st") is in nearly every window
_MOST_WORTH = 3  # more needed texts cost more substring tests than the search they spare


_Tried = tuple[Modifier, tuple[str, ...] | None, tuple[str, ...] | None]


@dataclass(frozen=True, slots=True)
class _KindModifiers:
    """The modifiers that may modify a candidate of one kind, in the grammar's order, each
    with its `_modifier_tails` and `_modifier_words`: most modifiers take a few kinds only,
    and every candidate would otherwise test every modifier's kinds. `tails`: every text a
    match of one of them before the candidate can end with (None: one's cannot be read);
    `rest`: those left to try where the text before the candidate ends with none of them
    (most candidates have no modifier)."""

    every: list[_Tried]
    tails: tuple[str, ...] | None
    rest: list[_Tried]


def _modifiers_by_kind(grammar: Grammar) -> dict[str, _KindModifiers]:
    """`_modifiers_of_kind` of the kinds asked so far."""
    return derived(grammar, "modifiers_by_kind", dict)


def _modifiers_of_kind(grammar: Grammar, kind: str) -> _KindModifiers:
    by_kind = _modifiers_by_kind(grammar)
    found = by_kind.get(kind)
    if found is None:
        every = [(mod, ends, words) for mod, ends, words in zip(
            grammar.modifiers, _modifier_tails(grammar), _modifier_words(grammar), strict=True)
            if not mod.kinds or kind in mod.kinds]
        before = [ends for mod, ends, _ in every if mod.side == "before"]
        tails = None if not before or None in before else \
            tuple(sorted({tail for ends in before for tail in ends}))  # type: ignore[union-attr]
        rest = [tried for tried in every if tried[0].side != "before"]
        found = by_kind[kind] = _KindModifiers(every, tails, rest)
    return found


def _modifier_tails(grammar: Grammar) -> list[tuple[str, ...] | None]:
    """For each modifier before its candidate, the texts one of which every match ends with
    (`timeline.tails`): a match ends where the candidate starts, so where the text before
    it ends with none of them, the search through the characters before it is spared. None
    for a modifier after its candidate (matched at one place: nothing to spare) or one whose
    ends cannot be read."""
    return derived(grammar, "modifier_tails", lambda: [
        match_tails(mod.regex) if mod.side == "before" else None for mod in grammar.modifiers])


def _modifier_words(grammar: Grammar) -> list[tuple[str, ...] | None]:
    """For each modifier before its candidate, texts one of which every match of it holds
    (`required_texts`), when they are few and rare enough that testing for them first (a
    substring test in C) spares most of its searches through the characters before a
    candidate ("week" of "the week of", which ends with the common "of"); else None."""
    def build() -> list[tuple[str, ...] | None]:
        words = []
        for mod in grammar.modifiers:
            found = required_texts(mod.regex)
            worth = mod.side == "before" and found is not None and len(found) <= _MOST_WORTH \
                and min(map(len, found)) >= _SHORTEST_WORTH
            words.append(tuple(sorted(found)) if worth else None)  # type: ignore[arg-type]
        return words

    return derived(grammar, "modifier_words", build)


# fields that name a day (a date, a weekday, a feast, a step of days): the day a clock is on
_DAY_FIELDS = frozenset(("day", "weekday", "easter", "calendar", "offset", "nth", "unit"))


def _clock_only(c: Candidate) -> bool:
    """A time of day with no day of its own: "8 pm", "in the evening"."""
    return c.kind == "time" and _DAY_FIELDS.isdisjoint(c.fields) and \
        ("hour" in c.fields or "daypart_value" in c.fields)


# (sets of fields: "does a candidate hold any of them" is one `isdisjoint` in C)
_DATE_OR_DIRECTION = frozenset(("year", "month", "day", "direction", "week_offset"))
_DATE_OR_RANGE = frozenset(("year", "month", "day", "range_from"))
_DATE_PARTS = frozenset(("year", "month", "day", "weekday"))
_DAY_OR_WEEKDAY = frozenset(("month", "day", "weekday"))
_DAY_MONTH_YEAR = frozenset(("year", "month", "day"))


def _weekday_only(c: Candidate) -> bool:
    """A bare weekday: "Thursday", with no date or direction of its own."""
    return c.kind == "date" and "weekday" in c.fields and \
        _DATE_OR_DIRECTION.isdisjoint(c.fields)


def _day_of_month(c: Candidate) -> bool:
    """A day of a month of either calendar, with no clock time: "16 June", "8 Dhu al-Hijjah"."""
    return c.kind == "date" and "day" in c.fields and \
        ("month" in c.fields or "hmonth" in c.fields)


def _weekday_or_its_part(c: Candidate) -> bool:
    """A bare weekday or a part of one: "Thursday", "Thursday evening"."""
    return c.kind in ("date", "time") and "weekday" in c.fields and \
        _DATE_OR_DIRECTION.isdisjoint(c.fields)


def _hijri_month_without_day(c: Candidate) -> bool:
    """A Hijri month naming no day or weekday of it: "Ramadan"."""
    return "hmonth" in c.fields and "hday" not in c.fields and "weekday" not in c.fields


def _a_weekday(c: Candidate) -> bool:
    """A weekday, maybe of a named week ("Thursday", "next week on Tue"), no date."""
    return c.kind == "date" and "weekday" in c.fields and _DATE_OR_RANGE.isdisjoint(c.fields)


def _year_only(c: Candidate) -> bool:
    return "year" in c.fields and _DAY_OR_WEEKDAY.isdisjoint(c.fields) \
        and _MONTH_FIELDS.isdisjoint(c.fields)


def _month_without_day(c: Candidate) -> bool:
    """A month, maybe with its year, naming no day of it: "March", "March 2014"."""
    return "month" in c.fields and _DAY_FIELDS.isdisjoint(c.fields)


def _anchors_clock(fields: dict[str, Any]) -> bool:
    """Whether an expression names a day or a part of one, that a bare clock reading can be
    read on: "Monday", "1/1/2015", "tonight", "in the morning" (not "2014", "next week")."""
    return not _ANCHOR_FIELDS.isdisjoint(fields) \
        or ("offset" in fields and fields.get("unit") == "D")


def _weak_compatible(a: Candidate, b: Candidate) -> bool | None:
    """Whether a bare clock reading and its neighbour make one expression (None: neither is
    bare). The end of a span waits for its span; a bare clock reading joins a day (or a part
    of a day), one marked 2 only after it."""
    if "needs_range" in a.fields or "needs_range" in b.fields:
        return False
    if "needs_day" in b.fields and "needs_day" not in a.fields:
        return _anchors_clock(a.fields) and "hour" not in a.fields
    if "needs_day" in a.fields and "needs_day" not in b.fields:
        return a.fields["needs_day"] != 2 and _anchors_clock(b.fields) \
            and "hour" not in b.fields
    return False if "needs_day" in a.fields else None


_DAY_OR_MONTH = frozenset({"month", "day"})
_ERA_FIELDS = frozenset({"decade", "century"})


def _compatible(a: Candidate, b: Candidate) -> bool:
    weak = _weak_compatible(a, b)
    if weak is not None:
        return weak and a.kind in _DATE_KINDS | {"relative"} \
            and b.kind in _DATE_KINDS | {"relative"}
    # "every Monday at 4 pm", "daily at 9", "every morning at 9": a recurring day, or a
    # part of every day, takes a clock time
    if "set" in (a.kind, b.kind):
        recurring, other = (a, b) if a.kind == "set" else (b, a)
        daily = (recurring.fields.get("value") in (None, "P1D")
                 or "daypart_value" in recurring.fields) and \
            recurring.fields.get("unit", "D") == "D"
        return _clock_only(other) and ("weekday" in recurring.fields or daily)
    # "tomorrow at 8", "8 pm today": a relative day takes a clock time on either side;
    # "today, Thursday": and the weekday it falls on
    for day, other in ((a, b), (b, a)):
        if "offset" in day.fields and day.fields.get("unit") == "D" and "part" not in \
                day.fields and (_clock_only(other) or _weekday_only(other)):
            return True  # also "this evening, Sunday" (a relative part of a day)
        if day.kind == "offset" and day.fields.get("unit") in ("D", "W") and \
                "count" in day.fields and "more" not in day.fields and _clock_only(other):
            return True  # "in 7 days at 5 p.m.", "two days ago at 3 p.m."
    # "the day after tomorrow, Sunday 16 June": a relative day that the weekday it falls on
    # has joined, then its date, restate one day (not a bare "yesterday" before a date, which
    # may be another day: "announced yesterday 20 June as the date")
    if "offset" in a.fields and a.fields.get("unit") == "D" and "part" not in a.fields \
            and "count" not in a.fields and len(a.parts) > 1 and _day_of_month(b):
        return True
    if a.kind not in _DATE_KINDS or b.kind not in _DATE_KINDS:
        return False
    if not _CALENDAR_FIELDS.intersection(a.fields).isdisjoint(b.fields):
        return False
    # a week ("week 10 8 p.m.") is no day for a clock time to fall on
    if any(_clock_only(x) and y.fields.get("unit") == "W" and not _anchors_clock(y.fields)
           for x, y in ((a, b), (b, a))):
        return False
    # a year alone, then a weekday, are two references ("its lowest since '82 on Monday")
    if _year_only(a) and _weekday_only(b):
        return False
    # nor a year and a date whose year is told relative to today ("the 2019 budget, in December
    # of last year": ميزانية 2019 في ديسمبر من العام الماضي), each with a year of its own
    if any("year" in x.fields and "year_offset" in y.fields for x, y in ((a, b), (b, a))):
        return False
    # nor a month with no day (of either calendar), then a weekday or a part of one ("its
    # forecast for the year through March Thursday": the day of the forecast, not one of
    # March)
    if (_month_without_day(a) or _hijri_month_without_day(a)) and _weekday_or_its_part(b):
        return False
    # nor are a quarter, half or season and a bare weekday ("first-quarter results on
    # Friday", "the second quarter on Sunday" of a game), a month or a day ("results for the
    # fourth quarter on Jan. 28", "the December quarter in January"): no one day or month of
    # such a period
    if any("season" in x.fields and (_weekday_or_its_part(y)
                                     or not _DAY_OR_MONTH.isdisjoint(y.fields))
           for x, y in ((a, b), (b, a))):
        return False
    # a decade or a century holds no one year to place another date in ("the 1990s,
    # mid-March", "the 20th century, in May"): two references
    if any(not _ERA_FIELDS.isdisjoint(x.fields) for x in (a, b)):
        return False
    # a month in either calendar, or a feast that fixes its own month (Easter, one of a listed
    # calendar: "Lunar New Year in late January" is two): one per expression
    if not _MONTH_FIELDS.isdisjoint(a.fields) and not _MONTH_FIELDS.isdisjoint(b.fields):
        return False
    # a relative date ("tomorrow") takes a clock time but not another calendar date
    rel_a, rel_b = "offset" in a.fields, "offset" in b.fields
    if rel_a or rel_b:
        other = b if rel_a else a
        return _DATE_PARTS.isdisjoint(other.fields)
    return True


_BORROW_GAP = 6  # characters at most between a day and a second day joined to it ("18 and 19")


def _borrow_month(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A day marked `needs_month` takes the month (and year) of the date that ends right
    before it, across the connector its rule's context read: "June 18 and 19" is two
    days of June. Unmatched, it stays marked and is dropped at the end."""
    found = list(chosen)
    for i in range(1, len(found)):
        cand, prev = found[i], found[i - 1]
        if "needs_month" not in cand.fields or prev.kind != "date" \
                or "month" not in prev.fields or "day" not in prev.fields:
            continue
        gap = text[prev.end:cand.start]
        if len(gap) > _BORROW_GAP or any(ch.isdigit() for ch in gap):
            continue
        fields = {k: v for k, v in cand.fields.items() if k not in ("needs_month", "day_only")}
        fields.update({k: prev.fields[k] for k in ("month", "year", "nearest")
                       if k in prev.fields})
        found[i] = cand.with_fields(fields)
    return found


def _borrow_year(grammar: Grammar, text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A month or season with no year takes the year of a later one of the same year that
    follows it across a short connector (no digit, sentence stop or range word): "the spring
    and summer of 2019", "in May and June 2024" are both of that year ("Dec-Mar 2021" is a
    range, whose start lies in the year before)."""
    found = list(chosen)
    for i in range(len(found) - 2, -1, -1):
        cand, nxt = found[i], found[i + 1]
        if not (_period(cand) and "year" not in cand.fields and _period(nxt)
                and "year" in nxt.fields and _calendar_rank(cand) <= _calendar_rank(nxt)):
            continue
        gap = text[cand.end:nxt.start]
        if len(gap) > _BORROW_GAP or any(ch.isdigit() or ch in ".;:!?\n" for ch in gap) \
                or (grammar.range_gap is not None
                    and grammar.range_gap.fullmatch(text, cand.end, nxt.start)):
            continue
        fields = {k: v for k, v in cand.fields.items() if k != "nearest"}
        found[i] = cand.with_fields({**fields, "year": nxt.fields["year"]})
    return found


# where a season lies in its year, as months (winter: the one starting in December)
_SEASON_RANK = {"SP": 4, "SU": 7, "FA": 10, "WI": 12}


def _calendar_rank(cand: Candidate) -> int:
    """The month a bare month or season starts in (13 for a season of no known place)."""
    f = cand.fields
    if "month" in f:
        return int(f["month"])
    return _SEASON_RANK.get(str(f.get("season")), 13)


def _period(cand: Candidate) -> bool:
    """A month or season, maybe with its year, and no day, direction or other anchor."""
    f = cand.fields
    return cand.kind == "date" and ("season" in f or "month" in f) and \
        _PERIOD_ANCHORS.isdisjoint(f)


_PERIOD_ANCHORS = frozenset(("day", "weekday", "direction", "year_offset", "month_offset",
                             "range_from", "nth", "calendar", "hmonth"))


def _merge_neighbours(grammar: Grammar, text: str, chosen: list[Candidate]) -> list[Candidate]:
    merged: list[Candidate] = []
    for i, cand in enumerate(chosen):
        prev = merged[-1] if merged else None
        # (a headline and its dateline stay apart; the gap first: most neighbours are far
        # apart, and the regex says so sooner than the kinds and fields)
        if prev is not None and _neighbour_gap(grammar, text, prev, cand) and \
                _compatible(prev, cand) and "\n" not in text[prev.end:cand.start] and \
                (cand.fields.get("needs_day") != 2 or "," not in text[prev.end:cand.start]) \
                and not _hours_of_weekdays(grammar, text, chosen, i, merged) \
                and not _closes_year_span(text, prev) and not _feast_beside_day(prev, cand) \
                and not _month_before_deictic_day(prev, cand):
            fields = {k: v for k, v in {**cand.fields, **prev.fields}.items()
                      if k != "needs_day"}  # a bare clock reading has found its day
            if _clock_only(prev) and _has_day(cand.fields):
                # "11:30 on 1/1/2015": a bare start of a span before it is on that day too
                # (not the start of "from 2pm till tomorrow 4:30pm")
                fields["day_after"] = 1
            if "offset" in fields and "weekday" in fields:
                del fields["weekday"]  # "today, Sunday": the weekday only restates the day
            kind = "time" if "time" in (prev.kind, cand.kind) else "date"
            if "relative" in (prev.kind, cand.kind) and kind == "date":
                kind = "relative"
            if "set" in (prev.kind, cand.kind):
                kind = "set"
            merged[-1] = Candidate(prev.start, cand.end, kind, prev.rule, fields,
                                   max(prev.priority, cand.priority), prev.parts + cand.parts)
        else:
            merged.append(cand)
    return merged


# fields that name a day of their own, not a feast's: a weekday, a day of a month, a step
_OWN_DAY = frozenset(("weekday", "day", "offset"))


def _feast_beside_day(prev: Candidate, cand: Candidate) -> bool:
    """Whether a feast named by its day of a calendar (`hday`: "Eid al-Adha", "the first day of
    Eid") stands beside a day told on its own ("Eid al-Adha on Sunday, Aug. 11", "Wednesday
    morning, the first day of Eid"): two references in apposition, which stay apart (merged,
    the feast took the weekday and left its date alone)."""
    return ("hday" in prev.fields) != ("hday" in cand.fields) \
        and not _OWN_DAY.isdisjoint(cand.fields if "hday" in prev.fields else prev.fields)


def _month_before_deictic_day(prev: Candidate, cand: Candidate) -> bool:
    """Whether a month with no day comes before a day counted from today ("the crescent of
    Shawwal this evening", "شهر شوال مساء اليوم"): the day has its own date, and the month is
    another reference (merged, the month took "today" for its year)."""
    return ("month" in prev.fields or "hmonth" in prev.fields) \
        and "day" not in prev.fields and "hday" not in prev.fields \
        and cand.fields.get("unit") == "D" and "offset" in cand.fields


_YEAR_SPAN_OPEN = re.compile(r"[0-9]{4} ?[-/] ?$")


def _closes_year_span(text: str, prev: Candidate) -> bool:
    """Whether a year alone closes a span of years written with a dash or slash ("the
    2024-2025 school year in September", "season 2024/2025"): the span is no year of the
    month or day after it, which stays apart."""
    return _year_only(prev) and bool(_YEAR_SPAN_OPEN.search(text, max(0, prev.start - 7),
                                                            prev.start))


def _hours_of_weekdays(grammar: Grammar, text: str, chosen: list[Candidate], i: int,
                       merged: list[Candidate]) -> bool:
    """Whether a span of clock times and the weekday beside it belong to a range of weekdays
    instead ("9am to 5pm, Monday to Friday", "Mon-Fri 9am-5pm": opening hours, not the hours
    of one day): the weekday opens or closes a range of weekdays on its other side."""
    prev, cand = merged[-1], chosen[i]
    if _clock_span(prev) and i + 1 < len(chosen):  # the weekday, then what may close its range
        first, second = cand, chosen[i + 1]
    elif _clock_span(cand) and len(merged) > 1:  # what may open the range, then the weekday
        first, second = merged[-2], prev
    else:
        return False
    return _a_weekday(first) and _a_weekday(second) and grammar.range_gap is not None \
        and "\n" not in text[first.end:second.start] \
        and bool(grammar.range_gap.fullmatch(text, first.end, second.start))


def _neighbour_gap(grammar: Grammar, text: str, prev: Candidate, cand: Candidate) -> bool:
    """Whether the text between two neighbours joins them: the language's `merge` gap, or
    between a day and the clock time after it its `merge_clock` ("6 Jan 2017 - 6:37am")."""
    if grammar.merge_gap.fullmatch(text, prev.end, cand.start):
        return True
    return grammar.merge_clock is not None and _anchors_clock(prev.fields) \
        and "hour" not in prev.fields and _clock_only(cand) and "hour" in cand.fields \
        and _WEAK.isdisjoint(prev.fields) and _WEAK.isdisjoint(cand.fields) \
        and bool(grammar.merge_clock.fullmatch(text, prev.end, cand.start))


def _merge_ranges(grammar: Grammar, text: str, chosen: list[Candidate]) -> list[Candidate]:
    if grammar.range_gap is None:
        return chosen

    def join(cand: Candidate, nxt: Candidate) -> Candidate | None:
        if not _range_end(cand) or not _range_end(nxt) or not _ends_fit(cand, nxt) \
                or not _range_gap_possible(grammar, text, cand, nxt) \
                or (_clock_span(cand) and "month" in nxt.fields and "hour" not in nxt.fields):
            # (before the opener's search, which most pairs would not need); a span of clock
            # times is no start of a range to a calendar day: "open from 8 a.m. to 1 p.m.
            # through Oct. 25" gives the daily hours and the season's last day apart (a
            # weekday still closes it: "shut overnight from 8pm to 6am until Friday" starts
            # tonight, which the span alone would not say)
            return None
        opener = grammar.range_open.search(text, max(0, cand.start - 20), cand.start) \
            if grammar.range_open else None
        if not _range_gap(grammar, text, cand, nxt, opener) \
                or _moved_between(grammar, text, opener) \
                or (opener is None and _period_to_point(cand, nxt)):
            return None
        if _one_month_twice(text, cand, nxt):  # "أيار/مايو 2026": one month, two names
            return Candidate(cand.start, nxt.end, nxt.kind, nxt.rule,
                             {**cand.fields, **nxt.fields}, nxt.priority,
                             parts=cand.parts + ["same_month"] + nxt.parts)
        weak = [not _WEAK.isdisjoint(c.fields) for c in (cand, nxt)]
        if any(weak) and not all(c.kind == "time" and "hour" in c.fields and "hour_to" not in
                                 c.fields and "range_from" not in c.fields for c in (cand, nxt)) \
                and not all(_a_weekday(c) for c in (cand, nxt)):
            # a bare clock reading spans to another clock time only, a bare weekday name
            # ("Thu") to another weekday
            return None
        start = opener.start("_b") if opener else cand.start
        fields: dict[str, Any] = {
            "range_from": {**_strong(cand.fields), "_kind": cand.kind},
            "range_to": {**_strong(nxt.fields), "_kind": nxt.kind}}
        if all(weak) and cand.kind == "time":  # "from 5 to 6": clock times only on a day
            fields["needs_day"] = 1
        kind = cand.kind if cand.kind in _RANGE_KINDS - {"relative"} else nxt.kind
        return Candidate(start, nxt.end, kind, "range", fields,
                         parts=cand.parts + ["range"] + nxt.parts)

    return _join_pairs(chosen, join)


def _period_to_point(a: Candidate, b: Candidate) -> bool:
    """Whether a period told from the reference date ("this year", "the week") runs to a day or
    month with no year of its own, with no opener before it: "fell 5% this year through Oct.
    19", "stocks rose in the week to Nov. 6" are the period and its cut-off, two references
    (TimeBank), not one stretch."""
    return a.kind == "relative" and a.fields.get("unit") in _PERIOD_UNITS \
        and b.kind == "date" and "year" not in b.fields \
        and ("month" in b.fields or "weekday" in b.fields)


_PERIOD_UNITS = frozenset(("Y", "Q", "M", "W"))


def _moved_between(grammar: Grammar, text: str, opener: Any) -> bool:
    """Whether the range's opener follows a verb of rescheduling: "delayed from fall 2025 to
    May 26, 2026" names the old date and the new one, two references, not one stretch."""
    if opener is None or grammar.range_change is None:
        return False
    start = opener.start("_b")
    return grammar.range_change.search(text, max(0, start - _CHANGE_REACH), start) is not None


_CHANGE_REACH = 50  # characters before a range's opener read for a verb of rescheduling


def _one_month_twice(text: str, a: Candidate, b: Candidate) -> bool:
    """Two ends that name the same month and nothing finer (no day), the first without a
    year of its own, with no word between: a month written in two calendars' names, not a
    range ("from May to May 2026" is one)."""
    f, g = a.fields, b.fields
    return a.kind == b.kind == "date" and "month" in f and f["month"] == g.get("month") \
        and not any(ch.isalnum() for ch in text[a.end:b.start]) \
        and not any(k in f or k in g for k in ("day", "day_to", "weekday")) \
        and "year" not in f


def _range_end(c: Candidate) -> bool:
    """What may be an end of a range: a date, a clock time, a relative day, or the present
    ("between Jan 2019 and now", "from 2010 to the present")."""
    return c.kind in _RANGE_KINDS or _now(c)


def _now(c: Candidate) -> bool:
    return c.kind == "ref" and c.fields.get("value") == "PRESENT_REF"


def _ends_fit(a: Candidate, b: Candidate) -> bool:
    """Two ends that make a range. The present only ends one, of days: "from 2010 till
    now" is one stretch up to the reference day, while "between now and Feb. 10" is a
    deadline, its date apart from "now" (as TimeML marks it), and "between eight o'clock
    and now" a span of the clock."""
    if _now(a):
        return False
    return not _now(b) or _CLOCK_MARKS.isdisjoint(a.fields)


_CLOCK_MARKS = frozenset(("hour", "daypart_value", *_WEAK))


def _strong(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields without the marks of a bare clock reading (it has found its span)."""
    return {k: v for k, v in fields.items() if k not in _WEAK}


def _clock_span(c: Candidate) -> bool:
    """A span of clock times with no day of its own: "from 7 to 7:30", "3-8pm", "from 2
    p.m. for two hours"."""
    f = c.fields
    if c.kind != "time":
        return False
    if "range_from" in f:
        ends = (f["range_from"], f["range_to"])
        return all(e.get("_kind") == "time" and "hour" in e and not _has_day(e) for e in ends)
    return "hour" in f and ("hour_to" in f or "length" in f) and not _has_day(f)


def _has_day(fields: dict[str, Any]) -> bool:
    return not _DAY_FIELDS.isdisjoint(fields) or _anchors_clock(fields)


def _merge_day_spans(grammar: Grammar, text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A day and a span of clock times beside it: "Tuesday from 7 to 7:30", "tonight from 7 to
    9", "between 3 and 5 on 1/1/2015"; the day's fields go to both ends of the span."""
    gap = grammar.merge_span or grammar.merge_gap
    if not any(_clock_span(c) for c in chosen):
        return chosen  # no span of clock times for a day to join

    def join(a: Candidate, b: Candidate) -> Candidate | None:
        if not (_clock_span(a) or _clock_span(b)) or "\n" in text[a.end:b.start] \
                or not gap.fullmatch(text, a.end, b.start):
            return None
        for day, span in ((a, b), (b, a)):
            if not _clock_span(span) or span.fields.get("needs_day") == 2 \
                    or day.kind not in _RANGE_KINDS or "hour" in day.fields \
                    or "range_from" in day.fields or not _anchors_clock(day.fields) \
                    or not _WEAK.isdisjoint(day.fields):
                continue
            own = {k: v for k, v in day.fields.items() if k not in ("mod", "part", "mods")}
            f = _strong(span.fields)
            if "range_from" in f:
                f = {**f, "range_from": {**own, **f["range_from"]},
                     "range_to": {**own, **f["range_to"]}}
            else:
                f = {**own, **f}
            return Candidate(a.start, b.end, "time", span.rule, f,
                             max(a.priority, b.priority), a.parts + b.parts)
        return None

    return _join_pairs(chosen, join)


def _merge_lengths(grammar: Grammar, text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A clock time and a length from it make a span of clock times: "from 2 p.m. for two
    hours", "for 3 hours from 10 a.m." (the span's end is the time plus the length)."""
    if not any(c.kind == "duration" and _clock_length(c) for c in chosen):
        return chosen  # no length in clock units
    return _join_pairs(chosen, _length_joiner(grammar, text, _lone_clock, _clock_length,
                                              from_start=False), "duration")


def _length_joiner(grammar: Grammar, text: str, point: Callable[[Candidate], bool],
                   length_ok: Callable[[Candidate], bool], from_start: bool
                   ) -> Callable[[Candidate, Candidate], Candidate | None]:
    """The join of a point (a clock time, a day) and a length from it into one span. The
    span's first word is needed: "at 2pm for 1 hr" is a time and a duration, "15 minutes
    from 1pm" a time counted from another, "3 days from today" the day it reaches; with
    `from_start`, a gap that says so is enough ("a week starting tomorrow")."""
    def join(a: Candidate, b: Candidate) -> Candidate | None:
        if (a.kind == "duration") == (b.kind == "duration"):
            return None  # one is the length, a duration (`_exact_length`), the other no length
        if "\n" in text[a.end:b.start]:
            return None
        if point(a) and length_ok(b) and grammar.length_after is not None \
                and grammar.length_after.fullmatch(text, a.end, b.start):
            at, length = a, b  # "from Monday for three days"
            opener = grammar.range_open.search(text, max(0, a.start - 20), a.start) \
                if grammar.range_open else None
            start = opener.start("_b") if opener else None
        elif length_ok(a) and point(b):
            at, length = b, a
            if from_start and grammar.length_start is not None \
                    and grammar.length_start.fullmatch(text, a.end, b.start):
                start = a.start
            elif grammar.length_before is not None and grammar.length_open is not None \
                    and grammar.length_before.fullmatch(text, a.end, b.start):
                # "for 3 days from today", "for 3 hours from 10 a.m."
                opener = grammar.length_open.search(text, max(0, a.start - 20), a.start)
                start = opener.start("_b") if opener else None
            else:
                return None
        else:
            return None
        if start is None:
            return None
        return Candidate(start, b.end, at.kind, at.rule,
                         {**_strong(at.fields), "length": _quantity(length.fields)},
                         max(a.priority, b.priority), a.parts + ["length"] + b.parts)

    return join


def _quantity(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of a count of units: "three days", "2 hours 30 minutes"."""
    return {k: fields[k] for k in ("count", "unit", "fraction", "more") if k in fields}


# fields that only say how to read a bare weekday against the reference date, dropped once
# the week is known
_READING_HINTS = frozenset({"nearest", "same_day"})


def _merge_week_ranges(grammar: Grammar, text: str, chosen: list[Candidate]
                       ) -> list[Candidate]:
    """A week and a range of its weekdays after it: "next week from Tuesday to Thursday",
    "this week between Wednesday and Friday" (both ends are days of that week)."""
    gap = grammar.merge_span or grammar.merge_gap

    def join(a: Candidate, b: Candidate) -> Candidate | None:
        f = b.fields
        if a.kind != "relative" or set(a.fields) != {"offset", "unit"} \
                or a.fields["unit"] != "W" or "range_from" not in f \
                or "\n" in text[a.end:b.start] or not gap.fullmatch(text, a.end, b.start):
            return None
        ends = (f["range_from"], f["range_to"])
        if not all(set(e) <= _READING_HINTS | {"weekday", "_kind"} and "weekday" in e
                   for e in ends):
            return None
        week = {"week_offset": a.fields["offset"]}
        fields = {**f, **{side: {**{k: v for k, v in end.items() if k not in _READING_HINTS},
                                 **week}
                          for side, end in zip(("range_from", "range_to"), ends,
                                               strict=True)}}
        return Candidate(a.start, b.end, b.kind, b.rule, fields,
                         max(a.priority, b.priority), a.parts + b.parts)

    if not any("range_from" in c.fields for c in chosen):
        return chosen  # no range for a week to take
    return _join_pairs(chosen, join)


def _merge_day_lengths(grammar: Grammar, text: str, chosen: list[Candidate]
                       ) -> list[Candidate]:
    """A day and a length from it make a span of days: "for three days from Monday", "a
    week starting tomorrow", "from Dec. 20 for two weeks" (the length counts the first day:
    "three days starting Monday" ends on Wednesday)."""
    return _join_pairs(chosen, _length_joiner(grammar, text, _lone_day, _day_length,
                                              from_start=True), "duration")


def _lone_day(c: Candidate) -> bool:
    """One day, no span and no clock time: "Monday", "tomorrow", "Dec. 20"."""
    if c.kind == "relative" and c.fields.get("unit", "D") != "D":
        return False  # "next week" is no one day
    return c.kind in ("date", "relative") and _grain(c) == 2 and \
        _NO_LONE_DAY.isdisjoint(c.fields)


_NO_LONE_DAY = frozenset(("hour", "day_to", "range_from", "length", "mod", "part", *_WEAK))


def _day_length(c: Candidate) -> bool:
    """An exact length in days, weeks, months or years: "three days", "a week"."""
    return _exact_length(c, ("D", "W", "M", "Y"))


def _lone_clock(c: Candidate) -> bool:
    """One clock time, no span: "2 p.m.", "9:30"."""
    return c.kind == "time" and "hour" in c.fields and _SPAN_OR_MOD.isdisjoint(c.fields)


_SPAN_OR_MOD = frozenset(("hour_to", "range_from", "length", "mod"))


def _clock_length(c: Candidate) -> bool:
    """An exact length in hours, minutes or seconds: "two hours", "3 hours 30 minutes"."""
    return _exact_length(c, TIME_UNITS)


def _exact_length(c: Candidate, units: Any) -> bool:
    """A duration counted in `units` alone, not vague, bounded or placed ("a few days",
    "more than two hours", "the next three days" are not)."""
    f = c.fields
    return c.kind == "duration" and all(u in units for u in _units(f)) and \
        _INEXACT.isdisjoint(f) and not (f.get("plural") and "count" not in f)


_INEXACT = frozenset(("fuzzy", "mod", "direction", "offset"))


def _units(fields: dict[str, Any]) -> list[Any]:
    """The units of a quantity, one per part: [M, D] for "two months and a day"."""
    return [fields.get("unit")] + [p.get("unit") for p in fields.get("more", ())]


def _join_pairs(chosen: list[Candidate],
                join: Callable[[Candidate, Candidate], Candidate | None],
                kind: str | None = None) -> list[Candidate]:
    """Neighbours `join` makes one candidate replaced by it, left to right, each used once.
    `kind`: a kind one of two neighbours must have for `join` to join them; the others are
    not offered (most neighbours are not such a pair: a test here spares a call per pair)."""
    out: list[Candidate] = []
    i = 0
    last = len(chosen) - 1
    while i <= last:
        joined = join(chosen[i], chosen[i + 1]) if i < last and (
            kind is None or chosen[i].kind == kind or chosen[i + 1].kind == kind) else None
        out.append(joined or chosen[i])
        i += 2 if joined else 1
    return out


def _range_gap(grammar: Grammar, text: str, a: Candidate, b: Candidate, opener: Any) -> bool:
    """Whether the text between `a` and `b` makes them one range.

    "X to Y" needs only the middle word; "between X and Y" needs its opener, since a bare
    "and" between two dates usually lists them.
    """
    if "\n" in text[a.end:b.start]:  # a line break ends an expression
        return False
    if opener is not None and _now(b) and grammar.range_gap is not None \
            and not text[a.end:b.start].strip():
        # "from March to date": the present's own words hold the middle word
        mid = grammar.range_gap.match(text, a.end)
        return mid is not None and b.start < mid.end() < b.end
    if grammar.range_gap is not None and grammar.range_gap.fullmatch(text, a.end, b.start):
        # without "from", the end is not coarser than the start: "Monday to Friday",
        # "1994-1997", "2014 through May 2018", but not "a revision Friday to December's
        # figures"
        return opener is not None or _grain(a) <= _grain(b)
    return bool(opener and grammar.range_and is not None and grammar.range_between is not None
                and grammar.range_between.fullmatch(opener.group("_b"))
                and grammar.range_and.fullmatch(text, a.end, b.start))


def _range_gap_possible(grammar: Grammar, text: str, a: Candidate, b: Candidate) -> bool:
    """What `_range_gap` needs of the text between `a` and `b`, whatever opens them: no line
    break, and the middle word ("to", "-"), the "and" of "between", or spaces only (for "from
    March to date"). Most neighbours are far apart: this spares their opener's search."""
    if text.find("\n", a.end, b.start) >= 0:
        return False
    if grammar.range_gap is not None and grammar.range_gap.fullmatch(text, a.end, b.start):
        return True
    if grammar.range_and is not None and grammar.range_and.fullmatch(text, a.end, b.start):
        return True
    return a.end == b.start or text[a.end:b.start].isspace()


_DAY_GRAIN = frozenset(("day", "weekday", "offset"))
_UNIT_GRAIN = {"Y": 0, "DEC": 0, "CENT": 0, "Q": 1, "M": 1, "H": 3, "MIN": 3, "S": 3}


def _grain(cand: Candidate) -> int:
    """How finely a candidate places itself: a year 0, a month 1, a day 2, a clock time 3
    (anything else 0)."""
    f = cand.fields
    if "hour" in f or cand.kind == "time":
        return 3
    if "unit" in f and cand.kind == "relative":  # "this year", "next month", "today"
        return _UNIT_GRAIN.get(str(f["unit"]), 2)
    if not _DAY_GRAIN.isdisjoint(f):
        return 2
    return 1 if not _MONTH_FIELDS.isdisjoint(f) else 0


def _merge_spans(grammar: Grammar, text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Join a quantity written in several units: "two months, one day and two hours".

    Each later part must be in a smaller unit; an offset part ("ago", "from now") makes the
    whole an offset.
    """
    if grammar.span_join is None:
        return chosen
    out: list[Candidate] = []
    for cand in chosen:
        prev = out[-1] if out else None
        if prev is not None and prev.kind in _SPAN_KINDS and cand.kind in _SPAN_KINDS \
                and not (prev.kind == cand.kind == "offset") \
                and not (cand.kind == "offset" and "direction" in prev.fields) \
                and "mod" not in cand.fields \
                and (_smaller(prev, cand) or _new_unit_after_space(text, prev, cand)) \
                and "\n" not in text[prev.end:cand.start] \
                and grammar.span_join.fullmatch(text, prev.end, cand.start):
            fields = {**prev.fields}
            if cand.kind == "offset":
                fields["sign"] = cand.fields.get("sign", 1)
            piece = {k: cand.fields[k] for k in ("count", "unit", "fraction") if k in cand.fields}
            fields["more"] = [*prev.fields.get("more", []), piece]
            kind = "offset" if "offset" in (prev.kind, cand.kind) else "duration"
            out[-1] = Candidate(prev.start, cand.end, kind, prev.rule, fields, prev.priority,
                                prev.parts + cand.parts)
        else:
            out.append(cand)
    return out


_UNIT_RANK = {"CENT": 0, "DEC": 1, "Y": 2, "Q": 3, "M": 4, "W": 5, "D": 6, "H": 7, "MIN": 8,
              "S": 9}


def _new_unit_after_space(text: str, prev: Candidate, cand: Candidate) -> bool:
    """A part in a unit not yet used, after nothing but a space: "2 days 1 month" (with a
    comma or "and" between, a larger unit starts a list: "three days, two weeks")."""
    used = {p.get("unit") for p in [prev.fields, *prev.fields.get("more", [])]}
    return prev.kind == cand.kind == "duration" and cand.fields.get("unit") in _UNIT_RANK \
        and cand.fields.get("unit") not in used and text[prev.end:cand.start].isspace()


def _smaller(prev: Candidate, cand: Candidate) -> bool:
    last = (prev.fields.get("more") or [prev.fields])[-1].get("unit")
    unit = cand.fields.get("unit")
    return last in _UNIT_RANK and unit in _UNIT_RANK and _UNIT_RANK[unit] > _UNIT_RANK[last]


def _merge_shifted(grammar: Grammar, text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Join an exact quantity to the day it is counted from: "three weeks from tomorrow",
    "eight days after Oct. 12", "two months after next Friday", "15 minutes from 1 p.m.":
    the day (or time) it reaches is what a timeline needs. A count of trading days is no
    calendar step, and a vague one ("days after") reaches no day.
    """
    if grammar.shift_before is None and grammar.shift_after is None:
        return chosen

    def join(cand: Candidate, nxt: Candidate) -> Candidate | None:
        sign = _shift_sign(grammar, text, cand, nxt)
        if not sign:
            return None
        fields = _quantity(cand.fields)
        fields.update(sign=sign, shift_from={**nxt.fields, "_kind": nxt.kind})
        mod = _SHIFT_MOD.get((cand.fields.get("mod"), sign))
        if mod:  # "more than two weeks before today": before the day two weeks back
            fields["mod"] = mod
        kind = "time" if nxt.kind == "time" else "date"
        return Candidate(cand.start, nxt.end, kind, cand.rule, fields,
                         parts=cand.parts + ["shift"] + nxt.parts)

    return _join_pairs(chosen, join, "duration")


# a bounded quantity counted from a day bounds the day it reaches: "more than two weeks
# before" is before it, "less than three days after" before it too
_SHIFT_MOD = {("MORE_THAN", -1): "BEFORE", ("MORE_THAN", 1): "AFTER",
              ("LESS_THAN", -1): "AFTER", ("LESS_THAN", 1): "BEFORE",
              ("APPROX", -1): "APPROX", ("APPROX", 1): "APPROX"}


def _shift_sign(grammar: Grammar, text: str, quantity: Candidate, anchor: Candidate) -> int:
    """+1 or -1 when `quantity` counts from the day `anchor` ("a week after tomorrow"), else
    0: a vague, modified or working-day quantity, or a length ("lasted three days after")."""
    q = quantity.fields
    if quantity.kind != "duration" or "unit" not in q or q.get("fuzzy") or \
            ("mod" in q and (q["mod"], 1) not in _SHIFT_MOD) or \
            q.get("workdays") or (q.get("plural") and "count" not in q) or \
            not (_names_a_day(anchor) or _clock_step(quantity, anchor)):
        return 0
    if grammar.shift_blocked is not None:
        # a blocking word before the quantity, or opening it ("the 30 days after Jan. 20")
        first = text.find(" ", quantity.start, quantity.end)
        for end in (quantity.start, first + 1 if first > 0 else quantity.start):
            if grammar.shift_blocked.search(text, max(0, quantity.start - 20), end):
                return 0
    for gap, sign in ((grammar.shift_before, -1), (grammar.shift_after, 1)):
        if gap is not None and gap.fullmatch(text, quantity.end, anchor.start):
            return sign
    return 0


def _names_a_day(cand: Candidate) -> bool:
    """Whether a candidate names one day a quantity can be counted from: a day named from
    the reference date ("tomorrow", "next Friday") or a calendar day ("May 13, 1999")."""
    f = cand.fields
    if cand.kind == "relative":
        return f.get("unit") == "D" and "offset" in f
    if cand.kind != "date" or not _SPAN_OR_PART.isdisjoint(f):
        return False
    return ("day" in f and ("month" in f or "month_offset" in f)) or \
        ("weekday" in f and _DAY_MONTH_YEAR.isdisjoint(f))


_SPAN_OR_PART = frozenset(("day_to", "range_from", "mod", "part"))


def _clock_step(quantity: Candidate, anchor: Candidate) -> bool:
    """Whether hours or minutes are counted from a clock time: "15 minutes from 1 p.m."."""
    return anchor.kind == "time" and "hour" in anchor.fields and \
        "hour_to" not in anchor.fields and all(u in TIME_UNITS for u in _units(quantity.fields))


_THIS_PERIODS = frozenset(("D", "W", "WE", "M"))  # "… years ago today / this week / month"


def _merge_year_shift(grammar: Grammar, text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A month or feast without its year, then whole years counted from the reference date:
    "March a year ago", "Christmas two years ago", "Thanksgiving in 3 years" are that
    month or feast in the year the count reaches; so is the current day, week or month
    after the count ("50 years ago this month", "a year ago today")."""
    if not any(c.kind == "offset" and c.fields.get("unit") == "Y" for c in chosen):
        return chosen  # no count of years from the reference date

    def join(cand: Candidate, nxt: Candidate) -> Candidate | None:
        if cand.kind == "offset" and nxt.kind == "relative":
            return this_period_back(cand, nxt)
        if cand.kind == "offset" and nxt.kind == "date":
            return this_month_back(cand, nxt)
        f, q = cand.fields, nxt.fields
        if cand.kind != "date" or nxt.kind != "offset" or q.get("unit") != "Y" or \
                _MONTH_FIELDS.isdisjoint(f) or \
                any(k in f for k in ("year", "year_offset", "day_to", "range_from",
                                     "from_feast", "direction", "mod")) or \
                any(k in q for k in ("more", "mod", "fraction")) or \
                float(q.get("count", 1)) != int(float(q.get("count", 1))) or \
                "\n" in text[cand.end:nxt.start] or "," in text[cand.end:nxt.start] or \
                not grammar.merge_gap.fullmatch(text, cand.end, nxt.start):
            return None
        fields = {k: v for k, v in f.items() if k != "nearest"}
        fields["year_offset"] = int(float(q.get("count", 1))) * int(q.get("sign", -1))
        return Candidate(cand.start, nxt.end, "date", cand.rule, fields, cand.priority,
                         parts=cand.parts + ["year_shift"] + nxt.parts)

    def this_period_back(years: Candidate, period: Candidate) -> Candidate | None:
        # "50 years ago this month", "five years ago today": the reference date's day, week
        # or month, that many years back
        f = period.fields
        shift = _whole_years(years)
        if shift is None or f.get("unit") not in _THIS_PERIODS or f.get("offset") != 0 \
                or len(f) != 2 or text[years.end:period.start].strip():
            return None
        return Candidate(years.start, period.end, "relative", years.rule,
                         {**f, "year_shift": shift}, years.priority,
                         parts=years.parts + ["year_shift"] + period.parts)

    def this_month_back(years: Candidate, month: Candidate) -> Candidate | None:
        # "30 years ago this April": the month of this year, that many years back
        f = month.fields
        shift = _whole_years(years)
        if shift is None or f.get("year_offset") != 0 or set(f) != {"month", "year_offset"} \
                or text[years.end:month.start].strip():
            return None
        return Candidate(years.start, month.end, "date", month.rule,
                         {**f, "year_offset": shift}, month.priority,
                         parts=years.parts + ["year_shift"] + month.parts)

    return _join_pairs(chosen, join)


def _whole_years(count: Candidate) -> int | None:
    """The signed number of whole years a count from the reference date gives ("30 years
    ago": -30), None for any other count."""
    q = count.fields
    if q.get("unit") != "Y" or any(k in q for k in ("more", "mod", "fraction")) or \
            float(q.get("count", 1)) != int(float(q.get("count", 1))):
        return None
    return int(float(q.get("count", 1))) * int(q.get("sign", -1))


def _merge_weekday_offset(grammar: Grammar, text: str, chosen: list[Candidate]
                          ) -> list[Candidate]:
    """A weekday beside a count from the reference date, in either order: "Monday two weeks
    from now", "in 3 days on Friday", "Thursday, two years from now" are that weekday of the
    week the count reaches."""

    def weekday_of(cand: Candidate) -> int | None:
        f = cand.fields
        if cand.kind == "date" and "weekday" in f and _NO_WEEKDAY_OF.isdisjoint(f):
            return int(f["weekday"])
        return None

    def counted(cand: Candidate) -> bool:
        q = cand.fields
        return cand.kind == "offset" and q.get("unit") in ("D", "W", "M", "Y") and \
            _NO_COUNT.isdisjoint(q)

    if not any(counted(c) for c in chosen):
        return chosen  # no count from the reference date

    def join(cand: Candidate, nxt: Candidate) -> Candidate | None:
        # (the gap first: most neighbours are far apart)
        if not grammar.merge_gap.fullmatch(text, cand.end, nxt.start) or \
                "\n" in text[cand.end:nxt.start] or not (counted(cand) or counted(nxt)):
            return None
        for day, count in ((cand, nxt), (nxt, cand)):
            weekday = weekday_of(day)
            if weekday is not None and counted(count):
                fields = {**count.fields, "weekday_of_week": weekday}
                return Candidate(cand.start, nxt.end, "offset", count.rule, fields,
                                 count.priority, parts=cand.parts + nxt.parts)
        return None

    return _join_pairs(chosen, join)



# what a weekday beside a count, or the count, may not have (`_merge_weekday_offset`)
_NO_WEEKDAY_OF = frozenset(("day", "month", "year", "direction", "week_offset", "nth", "mod",
                            "range_from"))
_NO_COUNT = frozenset(("more", "mod", "plural", "fuzzy"))
