"""Events: for each dated reference, the clause it dates, a headline from it, and evidence.

An article's sentences are cut into clauses at the language's clause punctuation and boundary
words (`[clauses]` in `timeline/lang/<code>/`). A clause with too few words of its own ("في
أكتوبر 2022،", "On Wednesday,") is a fronted adverbial and joins the clause it introduces.
The dated references in one clause that date the same thing (overlapping dates,
the same known event, written side by side) make one event; references in one clause with
unrelated dates ("the report in September said they had talked since late 2022") make one
event each, the clause cut between them at a reported-speech or relative word when there is
one. "Read also" lines and the story links listed under them are boilerplate: nothing in them
dates this story. A wire dateline ("BAMAKO, Mali (Reuters) - ", `[clauses] dateline`) opens no
headline or quote, and the report's date in it is no event.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from timeline.asides import aside_spans
from timeline.dates import iso_day
from timeline.grammar import load_grammar
from timeline.lang import load_resources
from timeline.reference_date import DATELINE_REACH
from timeline.similarity import common_words, content_words, lowercase_words, names
from timeline.text import normalize, normalize_string, split_sentences

_PLACEABLE = ("DATE", "TIME")
_HEADLINE_CHARS = 140
_QUOTE_CHARS = 600
_MIN_CLAUSE_WORDS = 2  # content words (besides the date) a clause needs to stand alone
_ADJACENT_GAP = 3  # "Wednesday, Nov. 6": references this close are one expression
_WORD = re.compile(r"[^\s\"'«»“”()\[\]:؛;,،.!?؟]+")
# trimmed off clause edges: spaces, quotes, brackets, clause punctuation, bidi marks
_EDGE = " \t\n\"'«»“”()[]:؛;,،.-–—\u200e\u200f\u061c"


@dataclass(frozen=True, slots=True)
class ClauseWords:
    """One language's clause resources, normalised."""

    punctuation: tuple[str, ...]
    boundary: frozenset[str]
    split: frozenset[str]
    abbreviations: frozenset[str]
    openers: frozenset[str]  # words that open a sentence after dotted initials
    aside: str | None
    dateline: re.Pattern[str] | None
    # a reference after one of these words dates a start: its clause counts `since_means`
    since: frozenset[str] = frozenset()
    since_means: str = ""
    # a reference after one of these words dates a deadline ("until July 1"): its clause counts
    # `until_means` among its words and its common words, the happening it names
    until: frozenset[str] = frozenset()
    until_means: str = ""


@cache
def clause_words(lang: str) -> ClauseWords:
    try:
        resources = load_resources(lang)
    except LookupError:
        resources = {"clauses": {}, "meta": {}}
    section = resources.get("clauses", {})
    meta = resources.get("meta", {})
    return ClauseWords(
        punctuation=tuple(section.get("punctuation", [",", ";"])),
        boundary=frozenset(normalize_string(w) for w in section.get("boundary_words", [])),
        split=frozenset(normalize_string(w) for w in section.get("split_words", [])),
        abbreviations=frozenset(meta.get("abbreviations", [])),
        openers=frozenset(meta.get("initials_then_sentence", [])),
        aside=_markers(meta.get("aside"), section.get("boilerplate", [])),
        dateline=re.compile(section["dateline"], re.M) if section.get("dateline") else None,
        since=frozenset(normalize_string(w) for w in section.get("since_words", [])),
        since_means=str(section.get("since_means", "")),
        until=frozenset(normalize_string(w) for w in section.get("until_words", [])),
        until_means=str(section.get("until_means", "")),
    )


@cache
def start_words(lang: str) -> tuple[str, ...]:
    """The stems of the language's `since_means` (what a date after "since" says: a start),
    as `content_words` gives them."""
    means = clause_words(lang).since_means
    return tuple(content_words(means, lang)) if means else ()


@cache
def deadline_words(lang: str) -> tuple[str, ...]:
    """The stems of the language's `until_means` (what a date after "until" dates: a
    deadline), as `content_words` gives them."""
    means = clause_words(lang).until_means
    return tuple(content_words(means, lang)) if means else ()


def _markers(aside: str | None, boilerplate: list[str]) -> str | None:
    """One alternation of the extractor's "read also" markers and our boilerplate ones."""
    parts = ([aside] if aside else []) + [re.escape(normalize_string(w)) for w in boilerplate]
    return "|".join(parts) or None


@dataclass(slots=True)
class Event:
    """What one or more references in one clause date."""

    article: int  # index of the article in the story
    lang: str
    start: int  # the clause, in original offsets
    end: int
    quote_start: int  # the sentence around it, for context
    quote_end: int
    headline: str
    mentions: list[Mapping[str, Any]]
    primary: Mapping[str, Any]  # the reference giving the narrowest date
    words: list[str] = field(default_factory=list)
    names: frozenset[str] = frozenset()  # capitalised words: who and what it is about
    # the names its own sentence gives, its time references ("Tuesday") left out: evidence
    # that two reports tell one event, where `names` only rules out that they do
    sentence_names: frozenset[str] = frozenset()
    # its content words outside names (`similarity.common_words`): "the fire", not the "Fire
    # Marshal's office" that investigates it
    common: frozenset[str] = frozenset()
    sentence: int = 0  # events of one sentence share it: see `timeline_build._cut_apart`
    coref_of: int | None = None  # index (in the article's events) of the event "then" means
    # the primary reference's days, parsed once: the merging compares them for every pair
    earliest: date | None = field(init=False)
    latest: date | None = field(init=False)

    def __post_init__(self) -> None:
        self.earliest = iso_day(self.primary.get("earliest"))
        self.latest = iso_day(self.primary.get("latest"))


@dataclass(frozen=True, slots=True)
class ArticleEvents:
    """An article's events, its references that cannot be dated, and its other clauses."""

    events: list[Event]
    undated: list[tuple[Mapping[str, Any], tuple[int, int], tuple[int, int]]]
    undated_clauses: list[tuple[int, int]]  # clauses with no reference at all
    undated_names: list[frozenset[str]]  # who each of them is about (as `Event.names`)
    boilerplate: list[tuple[int, int]]


def article_events(article: int, text: str, lang: str,
                   mentions: Sequence[Mapping[str, Any]],
                   lowercase: frozenset[str] = frozenset()) -> ArticleEvents:
    """The events of one article from its extracted references (dicts with TIMEX3 fields).
    `lowercase`: words the story's other articles write in lower case, so no names when they
    open a sentence ("Inflation is expected ...")."""
    words = clause_words(lang)
    boiler = boilerplate_spans(text, lang)
    datelines = dateline_spans(text, lang)
    left_out = boiler + datelines
    kept = [m for m in sorted(mentions, key=lambda m: m["start"])
            if m["type"] in _PLACEABLE and not m.get("aside")
            and not _inside(left_out, m["start"], m["end"])]
    events: list[Event] = []
    undated = []
    bare = []
    sentences = split_sentences(text, words.abbreviations, openers=words.openers)
    for s_index, (s_start, s_end) in enumerate(sentences):
        if _inside(boiler, s_start, s_end):
            continue
        s_start = _after_dateline(text, datelines, s_start, s_end)
        if not text[s_start:s_end].strip(_EDGE):
            continue
        quote = _window(s_start, s_end)
        in_sentence = [m for m in kept if s_start <= m["start"] < s_end]
        for c_start, c_end in clauses(text, s_start, s_end, lang, in_sentence):
            inside = [m for m in in_sentence if c_start <= m["start"] < c_end]
            dated = [m for m in inside if _is_dated(m)]
            for m in inside:
                if not _is_dated(m):
                    undated.append((m, (c_start, c_end), quote(m)))
            if not inside:
                bare.append(((c_start, c_end), (s_start, s_end)))
            for group, (g_start, g_end) in _split_groups(text, c_start, c_end, dated, words):
                events.append(_event(article, text, lang, group, (g_start, g_end),
                                     quote(group[0]), (s_index, s_start), in_sentence,
                                     lowercase))
    _link_corefs(events, text)
    masked = _without_dates(text, kept)
    lower = lowercase_words(masked) | lowercase
    bare_names = _name_events(masked, lang, events, [sentence for _, sentence in bare], lower)
    _name_sentences(masked, lang, events, lower)
    return ArticleEvents(events, undated, [clause for clause, _ in bare], bare_names, boiler)


def _name_sentences(masked: str, lang: str, events: list[Event], lower: frozenset[str]
                    ) -> None:
    """Each event's `sentence_names`: the names its sentence gives, dates left out (`masked`:
    the article with its time references blanked; `lower`: the story's lower-case words)."""
    for e in events:
        e.sentence_names = names(masked[e.quote_start:e.quote_end], lang, lower)


def _attribution(text: str, span: tuple[int, int], lang: str) -> tuple[int, int] | None:
    """The attribution closing the sentence text[span] (", Fire Chief Dana Pruitt told
    reporters."; the grammar's `attribution`), in offsets of `text`: who said it, not who or
    what it is about, so its names do not tell the sentence's event from another's."""
    try:
        pattern = load_grammar(lang).attribution
    except LookupError:
        return None
    if pattern is None:
        return None
    norm = normalize(text[span[0]:span[1]])
    m = pattern.search(norm.text)
    if m is None or m.start() == 0:
        return None
    start, end = norm.span_to_original(m.start(), m.end())
    return span[0] + start, span[0] + end


def _without_dates(text: str, mentions: Sequence[Mapping[str, Any]]) -> str:
    """`text` with its time references blanked, offsets kept: a capitalised month or weekday
    ("on Tuesday") is no name, and two events are not about the same thing for sharing one."""
    chars = list(text)
    for m in mentions:
        chars[m["start"]:m["end"]] = " " * (m["end"] - m["start"])
    return "".join(chars)


_TOPIC_NAMES = 3  # an article's most frequent names stand in when a sentence names no one


def _name_events(text: str, lang: str, events: list[Event],
                 sentences: list[tuple[int, int]], lower: frozenset[str]
                 ) -> list[frozenset[str]]:
    """Who an event is about: the names in its sentence ("Separately, Citadel posted a loss
    …, versus net income … a year earlier"), else the article's most frequent names ("the
    company" of a story about RMS), which also stand for a sentence naming no one but who
    told of it ("The blaze broke out at 10:40 p.m., Fire Chief Dana Pruitt told reporters":
    about the article's fire, not the chief). Returns the same for the other `sentences`."""
    by_sentence: dict[tuple[int, int], frozenset[str]] = {}
    speakers: dict[tuple[int, int], frozenset[str]] = {}  # names only its attribution gives

    def of(span: tuple[int, int]) -> frozenset[str]:
        if span not in by_sentence:
            by_sentence[span] = names(text[span[0]:span[1]], lang, lower)
            said = _attribution(text, span, lang)
            told = frozenset() if said is None else names(
                f"{text[span[0]:said[0]]} {text[said[1]:span[1]]}", lang, lower)
            speakers[span] = by_sentence[span] if said is not None and not told \
                else frozenset()
        return by_sentence[span]

    for e in events:
        e.names = e.names | of((e.quote_start, e.quote_end))
    others = [of(span) for span in sentences]
    counts = Counter(n for found in by_sentence.values() for n in found)
    topic = frozenset(n for n, c in counts.most_common(_TOPIC_NAMES) if c > 1)
    for e in events:
        # (a speaker the article names again is its topic, and stays)
        if not e.names or (topic and e.names <= speakers[(e.quote_start, e.quote_end)]
                           and not e.names & topic):
            e.names = topic
    return [found or topic for found in others]


# ---------------------------------------------------------------- clauses


def clauses(text: str, start: int, end: int, lang: str,
            mentions: Sequence[Mapping[str, Any]] = ()) -> list[tuple[int, int]]:
    """Clause spans of the sentence text[start:end]; short fronted ones join the next."""
    words = clause_words(lang)
    cuts = {start, end}
    protected = [(m["start"], m["end"]) for m in mentions]
    for mark in words.punctuation:
        pos = text.find(mark, start, end)
        while pos >= 0:
            if not _inside(protected, pos, pos + 1) and not _in_number(text, pos, mark):
                cuts.add(pos + len(mark))
            pos = text.find(mark, pos + 1, end)
    for m in _WORD.finditer(text, start, end):
        if normalize_string(m.group()) in words.boundary and not _inside(protected, *m.span()):
            cuts.add(m.start())
    bounds = sorted(cuts)
    spans = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if text[a:b].strip(_EDGE)]
    return _join_short(text, spans, lang, mentions)


def _in_number(text: str, pos: int, mark: str) -> bool:
    """Whether the mark at `pos` separates digits ("$250,000"): a number's, not a clause's."""
    after = pos + len(mark)
    return pos > 0 and after < len(text) and text[pos - 1].isdigit() and text[after].isdigit()


def _join_short(text: str, spans: list[tuple[int, int]], lang: str,
                mentions: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """Clauses too short to say anything themselves join the clause after (the last one, the
    clause before)."""
    out: list[tuple[int, int]] = []
    pending: int | None = None
    for a, b in spans:
        if pending is not None:
            a, pending = pending, None
        if _own_words(text, a, b, lang, mentions) < _MIN_CLAUSE_WORDS:
            pending = a
            continue
        out.append((a, b))
    if pending is not None:
        if out:
            out[-1] = (out[-1][0], spans[-1][1])
        else:
            out.append((pending, spans[-1][1]))
    return out


def _own_words(text: str, a: int, b: int, lang: str,
               mentions: Sequence[Mapping[str, Any]]) -> int:
    """Content words of text[a:b] outside the time references."""
    pieces, pos = [], a
    for m in mentions:
        if a <= m["start"] < b:
            pieces.append(text[pos:m["start"]])
            pos = max(pos, m["end"])
    pieces.append(text[pos:b])
    return len(content_words(" ".join(pieces), lang))


# ---------------------------------------------------------------- events in a clause


def _split_groups(text: str, start: int, end: int, dated: list[Mapping[str, Any]],
                  words: ClauseWords) -> list[tuple[list[Mapping[str, Any]], tuple[int, int]]]:
    """The clause's dated references grouped by what they date, each with its part of the
    clause."""
    if not dated:
        return []
    groups: list[list[Mapping[str, Any]]] = [[dated[0]]]
    for m in dated[1:]:
        if _same_event(text, groups[-1], m):
            groups[-1].append(m)
        else:
            groups.append([m])
    cuts = [start]
    for left, right in zip(groups, groups[1:], strict=False):
        cuts.append(_cut(text, left[-1]["end"], right[0]["start"], words))
    cuts.append(end)
    return [(g, (cuts[i], cuts[i + 1])) for i, g in enumerate(groups)]


def _same_event(text: str, group: list[Mapping[str, Any]], m: Mapping[str, Any]) -> bool:
    last = group[-1]
    if len(text[last["end"]:m["start"]].strip(_EDGE)) == 0 \
            and m["start"] - last["end"] <= _ADJACENT_GAP:
        return True
    anchors = {g.get("anchor") for g in group if str(g.get("anchor", "")).startswith("event:")}
    if m.get("anchor") in anchors:
        return True
    return any(_overlap(g, m) for g in group)


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Closed intervals that share a day (an open end reaches forever). Days that only meet
    do not count: "said on Wednesday that the vote was on Tuesday" is two events."""
    a_lo, a_hi = iso_day(a.get("earliest")), iso_day(a.get("latest"))
    b_lo, b_hi = iso_day(b.get("earliest")), iso_day(b.get("latest"))
    if a_hi is not None and b_lo is not None and b_lo > a_hi:
        return False
    return not (b_hi is not None and a_lo is not None and a_lo > b_hi)


def _cut(text: str, left: int, right: int, words: ClauseWords) -> int:
    """Where a clause is cut between two events: before a split word, else mid-way."""
    for m in _WORD.finditer(text, left, right):
        if normalize_string(m.group()) in words.split | words.boundary:
            return m.start()
    # else at the start of the word nearest the middle: never inside a word ("third-quarter
    # resul|ts on Oct. 28")
    middle = (left + right) // 2
    starts = [m.start() for m in _WORD.finditer(text, left, right + 1) if m.start() > left]
    return min(starts, key=lambda at: (abs(at - middle), at)) if starts else middle


def _event(article: int, text: str, lang: str, group: list[Mapping[str, Any]],
           span: tuple[int, int], quote: tuple[int, int], sentence: tuple[int, int],
           in_sentence: Sequence[Mapping[str, Any]], lowercase: frozenset[str]) -> Event:
    """The event `group` dates in text[span]; `sentence`: the sentence's index and start;
    `in_sentence`: the sentence's references; `lowercase`: words the story writes in lower
    case (no names where they open the clause)."""
    start, end = span
    primary = min(group, key=_width)
    words = clause_words(lang)
    goes_on = _goes_on_from_subject(text, span, sentence[1], words) \
        or _opens_on_its_date(text, span, sentence[1], group, in_sentence)
    title = _title(text, span, sentence[1], words, goes_on)
    # the clause's words minus the dates: two events are alike by what happened, not when;
    # a known event's name ("بعد غزو روسيا") is what happened, and stays. A clause that goes
    # on from a subject before it ("Two aid workers held since October | were released on
    # Sunday") is about that subject too
    told_from = sentence[1] if goes_on else start
    plain = text[told_from:end]
    for m in [*group, *(m for m in in_sentence if told_from <= m["start"] < start)]:
        if not str(m.get("anchor") or "").startswith("event:"):
            plain = plain.replace(m["text"], " ")
    told = content_words(plain, lang)
    if words.since_means and any(_word_before(text, m["start"]) in words.since
                                 for m in group):
        told += start_words(lang)  # "at war since April 2023": it began
    common = common_words(plain, lang, lowercase)
    if words.until_means and any(_word_before(text, m["start"]) in words.until
                                 for m in group):
        # "given Tokyo until July 1 to reach a deal": the deadline of July 1
        told += deadline_words(lang)
        common |= frozenset(deadline_words(lang))
    return Event(article=article, lang=lang, start=start, end=end, quote_start=quote[0],
                 quote_end=quote[1], headline=title, mentions=list(group),
                 primary=primary, words=told,
                 names=names(plain, lang, lowercase), common=common, sentence=sentence[0])


def _word_before(text: str, offset: int) -> str:
    """The normalised word right before `offset` (within a short reach)."""
    found = _WORD.findall(text, max(0, offset - 30), offset)
    return normalize_string(found[-1]) if found else ""


def _title(text: str, span: tuple[int, int], sentence_start: int, words: ClauseWords,
           goes_on: bool) -> str:
    """The event's headline: its clause; from the sentence's start when the clause goes on
    from a subject before it ("… Canadian engineer, | were seized by gunmen on March 4", in
    the scripts that write a sentence's start in capitals; "أعلن المرشح، محمد الطرابلسي، |
    يوم الأربعاء دعمه"), if that still fits a headline."""
    if goes_on:
        whole = headline(text[sentence_start:span[1]])
        if len(whole) < _HEADLINE_CHARS:
            return whole
    return headline(_without_opener(text[span[0]:span[1]], words))


def _goes_on_from_subject(text: str, span: tuple[int, int], sentence_start: int,
                          words: ClauseWords) -> bool:
    """Whether the clause goes on from a subject earlier in its sentence: it opens in lower
    case with no word it was cut at, in the scripts that write a sentence's start in capitals."""
    clause = text[span[0]:span[1]]
    return (sentence_start < span[0] and _without_opener(clause, words) == clause
            and _opens_lowercase(clause))


def _opens_on_its_date(text: str, span: tuple[int, int], sentence_start: int,
                       group: Sequence[Mapping[str, Any]],
                       in_sentence: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the clause opens on its own date, cut off by punctuation from an undated start
    of its sentence: the verb and subject came first, with an aside between ("أعلن المرشح
    الذي حل ثالثا، محمد الطرابلسي، | يوم الأربعاء دعمه للمنصوري")."""
    first = min(m["start"] for m in group)
    return (sentence_start < span[0] and not text[span[0]:first].strip(_EDGE)
            and bool(text[sentence_start:span[0]].strip(_EDGE))
            and not any(sentence_start <= m["start"] < span[0] for m in in_sentence))


def _opens_lowercase(clause: str) -> bool:
    first = next((c for c in clause if c.isalpha()), "")
    return first.islower()


def _without_opener(clause: str, words: ClauseWords) -> str:
    """The clause without the word it was cut at ("إن …", "that …", "which …"): a headline
    starts with what happened."""
    m = _WORD.search(clause)
    if m and normalize_string(m.group()) in words.split | words.boundary \
            and clause[m.end():].strip(_EDGE):
        return clause[m.end():]
    return clause


def _link_corefs(events: list[Event], text: str) -> None:
    """An event dated only by "at that time" / "then" (anchor `narrative`, found by a rule that
    takes the time last spoken of: `narrative_ref`) with the very date of the event before it
    is that event, told again; so is one whose date stands in apposition to the one before
    (`_in_apposition`). "On the same day" (a rule that takes that time's period) tells
    another thing that happened then: it stays apart unless its words say otherwise."""
    for i in range(1, len(events)):
        event, before = events[i], events[i - 1]
        retelling = _retelling_rules(event.lang)
        if (all(m.get("anchor") == "narrative" and m.get("rule") in retelling
                for m in event.mentions)
                and (event.earliest, event.latest) == (before.earliest, before.latest)) \
                or _in_apposition(text, before, event):
            event.coref_of = before.coref_of if before.coref_of is not None else i - 1


def _in_apposition(text: str, before: Event, event: Event) -> bool:
    """Whether the event's date restates, in its own clause, the one-day date of the event
    before it in the sentence, with no content word between them ("He resigned five weeks
    later, on April 19, 2024, saying …": the commas cut the clause between the two). Not
    "the same day" (`tells_another`): "a hearing on Oct. 28, the same day the chain reports"."""
    if before.sentence != event.sentence or event.earliest is None \
            or event.earliest != event.latest or event.primary.get("value") is None \
            or event.primary.get("value") != before.primary.get("value") \
            or tells_another(event):
        return False
    between = text[max(m["end"] for m in before.mentions):
                   min(m["start"] for m in event.mentions)]
    return not content_words(between, event.lang)


def tells_another(event: Event) -> bool:
    """Whether the event is dated only by "the same day" / "في اليوم نفسه" (a rule taking the
    period last told, `anaphoric` with `offset = 0`): another happening then, never the one
    whose date it takes, even in one sentence ("a hearing on Oct. 28, the same day Halden
    reports its results")."""
    rules = _same_period_rules(event.lang)
    return all(m.get("anchor") == "narrative" and m.get("rule") in rules
               for m in event.mentions)


@cache
def _same_period_rules(lang: str) -> frozenset[str]:
    """Names of the language's rules that date a reference by the period last told itself."""
    return _rule_names(lang, lambda spec: spec.get("anaphoric") and spec.get("offset") == 0)


@cache
def _retelling_rules(lang: str) -> frozenset[str]:
    """Names of the language's rules that date a reference by the very time last spoken of
    ("at that time", "then": `set.narrative_ref`), not by its period ("the same day")."""
    return _rule_names(lang, lambda spec: spec.get("narrative_ref"))


def _rule_names(lang: str, chosen: Callable[[dict[str, Any]], Any]) -> frozenset[str]:
    """Names of the language's rules whose `set` table is `chosen` (none for a language
    without resources)."""
    try:
        rules = load_resources(lang).get("rule", [])
    except LookupError:
        return frozenset()
    return frozenset(r["name"] for r in rules if chosen(r.get("set", {})))


# ---------------------------------------------------------------- boilerplate


def boilerplate_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of "read also" links (`[meta] aside`, `[clauses] boilerplate`): the rest of the
    marker's line, or, when the marker ends its line ("اقرأ أيضًا:"), the lines listed under
    it up to a blank one."""
    marker = clause_words(lang).aside
    if not marker:
        return []
    return aside_spans(normalize(text), marker)


def dateline_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of a wire report's dateline (`[clauses] dateline`: "LONDON, March 3 (Reuters) - ")
    at the start of one of the article's first lines."""
    pattern = clause_words(lang).dateline
    if pattern is None:
        return []
    spans = []
    for line in re.finditer(r"^", text[:DATELINE_REACH], re.M):
        m = pattern.match(text, line.start())
        if m and text[m.end():m.end() + 1].strip():  # a sentence follows on its line
            spans.append(m.span())
    return spans


def _after_dateline(text: str, datelines: Sequence[tuple[int, int]], start: int,
                    end: int) -> int:
    """Where a sentence starts once a dateline that opens it is left out."""
    for a, b in datelines:
        if a <= start < b or (start <= a < end and not text[start:a].strip()):
            return min(max(start, b), end)
    return start


# ---------------------------------------------------------------- helpers


def headline(clause: str) -> str:
    """A one-line headline from a clause: trimmed of edge punctuation, capped at a word."""
    line = " ".join(clause.split()).strip(_EDGE)
    if len(line) <= _HEADLINE_CHARS:
        return line
    cut = line.rfind(" ", 0, _HEADLINE_CHARS - 1)
    return line[:cut if cut > _HEADLINE_CHARS // 2 else _HEADLINE_CHARS - 1] + "…"


def _window(s_start: int, s_end: int):  # noqa: ANN202 - a small closure factory
    """The quote for a reference: its sentence, windowed around it when very long."""
    def quote(m: Mapping[str, Any]) -> tuple[int, int]:
        if s_end - s_start <= _QUOTE_CHARS:
            return s_start, s_end
        half = max((_QUOTE_CHARS - (m["end"] - m["start"])) // 2, 0)
        a = max(s_start, m["start"] - half)
        return a, min(s_end, max(m["end"], a + _QUOTE_CHARS))
    return quote


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _is_dated(m: Mapping[str, Any]) -> bool:
    return bool(m.get("earliest") or m.get("latest"))


def _width(m: Mapping[str, Any]) -> tuple[int, int]:
    """How wide a reference's date is, in days (an open end is widest); then text order."""
    lo, hi = iso_day(m.get("earliest")), iso_day(m.get("latest"))
    days = (hi - lo).days if lo and hi else 10 ** 7
    return days, m["start"]
