"""The tense around a mention: future or past markers of its sentence, else a default."""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterator

from timeline.grammar import Grammar, derived, opening_scan, scanned_matches
from timeline.text import split_sentences

# A text this short with no tense marker is a phrase (a search box, a calendar line), where a
# bare "Monday" means the coming one; in running news text it means the last one.
_PHRASE_WORDS = 8
# the words a clause may open with before its mention ("and on Sunday", "but early on Friday")
_JOINT_LEAD = 2

# a tense marker: start, end, tense, and the span it alone counts in (or None: the sentence)
Marker = tuple[int, int, str, tuple[int, int] | None]


def _abbreviations(grammar: Grammar) -> frozenset[str]:
    """The grammar's abbreviations as one set for all its texts (a new set per text is hashed
    and compared anew by split_sentences' cache)."""
    return derived(grammar, "abbreviations",
                   lambda: frozenset(grammar.meta.get("abbreviations", [])))


def _openers(grammar: Grammar) -> frozenset[str]:
    """The words that open a sentence after dotted initials (split_sentences' `openers`)."""
    return derived(grammar, "initials_then_sentence",
                   lambda: frozenset(grammar.meta.get("initials_then_sentence", [])))


def _closing(grammar: Grammar) -> tuple[frozenset[str], re.Pattern[str]] | None:
    """The abbreviations that may end a sentence and the words that then open the next one
    (split_sentences' `closing`), None for a grammar without them."""
    def build() -> tuple[frozenset[str], re.Pattern[str]] | None:
        ends = grammar.meta.get("closing_abbreviations")
        opening = grammar.meta.get("sentence_opening")
        return (frozenset(ends), re.compile(opening, re.IGNORECASE)) if ends and opening \
            else None
    return derived(grammar, "closing_abbreviations", build)


_UNREAD = object()  # (an offset whose sentence is not yet known)


class TenseReader:
    """The tense of the sentence around an offset: future or past markers, else a default.

    With the grammar's `tense_nearest`, the marker closest to the mention decides, so a
    sentence of two clauses ("said Friday that talks will resume") gives each its own tense.

    Sentences are split only where they are asked for (a text whose references all read the
    same in any tense asks for none). A newline always ends a sentence, so a line splits
    alone into the sentences the whole text has there: the line of each offset asked about
    is split alone, and the whole text only when every sentence is asked for (`sentence_of`,
    `sentences`), keeping the lines already split (news with a reference date asks about the
    lines of about half its text).
    """

    def __init__(self, grammar: Grammar, text: str) -> None:
        self.grammar = grammar
        self.text = text
        self._abbreviations = _abbreviations(grammar)
        self._closing = _closing(grammar)
        self._openers = _openers(grammar)
        self._sentences: list[tuple[int, int]] | None = None  # every sentence, once needed
        self._starts: list[int] = []
        # line start -> its end and its sentences, for the lines split alone
        self._lines: dict[int, tuple[int, list[tuple[int, int]]]] = {}
        # more than _PHRASE_WORDS words (counted no further than that)
        running_text = len(text.split(None, _PHRASE_WORDS)) > _PHRASE_WORDS
        self.default = "past" if running_text else "future"
        # offset -> the sentence around it (None: before the first), once asked for
        self._sentence_by_offset: dict[int, tuple[int, int] | None] = {}
        # sentence start -> its tense: each sentence read once
        self._cache: dict[int, str] = {}
        # sentence start -> its markers: start, end, tense and the span a marker counts in
        # (the sentence's closing attribution for the past markers inside it, else None)
        self._markers: dict[int, list[Marker]] = {}
        # sentence start -> its future markers, read as far as asked, and its opening one
        self._futures: dict[int, tuple[_MatchScan, Marker | None]] = {}
        # sentence start -> its relative clauses set off by commas (read with its markers)
        self._asides: dict[int, list[tuple[int, int]]] = {}

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """Every sentence of the text, in order."""
        return self._split_all()

    def _split_all(self) -> list[tuple[int, int]]:
        if self._sentences is None:
            self._sentences = self._split_between_lines()
            self._starts = [s for s, _ in self._sentences]
            self._lines = {}
        return self._sentences

    def _split_between_lines(self) -> list[tuple[int, int]]:
        """Every sentence of the text: those of the lines split alone as they are, the text
        between them split now (a newline always ends a sentence, so the pieces join into
        the sentences of the whole text)."""
        spans: list[tuple[int, int]] = []
        done = 0  # where the text not yet split begins
        for line in sorted(self._lines):
            end, line_spans = self._lines[line]
            if done < line:
                spans += split_sentences(self.text, self._abbreviations, done, line,
                                         self._closing, self._openers)
            spans += line_spans
            done = end
        return spans + split_sentences(self.text, self._abbreviations, done, len(self.text),
                                     self._closing, self._openers)

    def sentence_of(self, offset: int) -> int:
        """The number of the sentence around `offset` (the last to begin at or before it;
        -1 before the first)."""
        self._split_all()
        return bisect.bisect_right(self._starts, offset) - 1

    def sentence_start(self, offset: int) -> int:
        """Where the sentence around `offset` begins (-1 before the first sentence): two
        offsets are in one sentence when their sentences begin at one place."""
        span = self._sentence_at(offset)
        return -1 if span is None else span[0]

    def _sentence_at(self, offset: int) -> tuple[int, int] | None:
        """The sentence around `offset` (None before the first), kept by offset: a mention's
        tests ask for its sentence several times."""
        span = self._sentence_by_offset.get(offset, _UNREAD)
        if span is _UNREAD:
            span = self._sentence_by_offset[offset] = self._find_sentence(offset)
        return span

    def _find_sentence(self, offset: int) -> tuple[int, int] | None:
        if self._sentences is None:
            line = self.text.rfind("\n", 0, offset) + 1
            known = self._lines.get(line)
            if known is None:
                end = self.text.find("\n", offset)
                end = len(self.text) if end < 0 else end
                known = self._lines[line] = (
                    end, split_sentences(self.text, self._abbreviations, line, end,
                                    self._closing, self._openers))
            for span in reversed(known[1]):
                if span[0] <= offset:
                    return span
            # (in the blank before the line's first sentence: the sentence is an earlier one)
        i = self.sentence_of(offset)
        return self.sentences[i] if i >= 0 else None

    def at(self, offset: int, end: int | None = None) -> str:
        span = self._sentence_at(offset)
        if span is None:
            return self.default
        if self.grammar.tense_nearest:
            return self._nearest(span, offset, offset if end is None else end)
        tense = self._cache.get(span[0])
        if tense is None:
            tense = self._cache[span[0]] = self._sentence_tense(span)
        return tense

    def future_ends_near(self, offset: int) -> bool:
        """Whether a future marker of the sentence ends right before `offset` (a space
        between): what follows is its object ("will publish [updated figures]"); or holds
        it, the verb it governs ("will remain [closed] on Tuesday")."""
        span = self._sentence_at(offset)
        if span is None:
            return False
        scan, opening = self._future_scan(span)
        # (the markers are read no further than `offset`: the rest of the sentence is spared)
        return any(f_start < offset <= f_end + 1 for f_start, f_end in scan.through(offset)) \
            or (opening is not None and 0 <= offset - opening[1] <= 1)

    def _sentence_tense(self, span: tuple[int, int]) -> str:
        start, end = span
        sentence = self.text[start:end]
        if self._opening(sentence) is not None:
            return "future"
        if self.grammar.future is not None and self.grammar.future.search(sentence):
            return "future"
        if self.default == "past":
            return "past"  # a past marker would say no more (most sentences of news)
        if self.grammar.past is not None and self.grammar.past.search(sentence):
            return "past"
        return self.default

    def _nearest(self, span: tuple[int, int], start: int, end: int) -> str:
        markers = self._markers.get(span[0])
        if markers is None:
            markers = self._markers[span[0]] = self._sentence_markers(span)
        # a mention outside the closing attribution takes the tense of its own clause's
        # markers; only when that has none does the saying's tense tell it
        own = [m for m in markers if m[3] is None or m[3][0] <= start < m[3][1]] or markers
        # a mention inside a relative clause takes the tense of the clause's own markers,
        # when it has some ("the minister, who will testify on Thursday, resigned": ahead)
        aside = next((a for a in self._asides_of(*span) if a[0] <= start < a[1]), None)
        if aside is not None:
            own = [m for m in own if aside[0] <= m[0] and m[1] <= aside[1]] or own
        if self.grammar.tense_preceding:  # the nearest before the mention, if there is one
            own = [m for m in own if m[1] <= start] or own
        elif self.grammar.tense_coordinated is not None and any(m[1] <= start for m in own):
            own = [m for m in own if m[1] <= start
                   or not self.grammar.tense_coordinated.match(self.text, end, m[0])]
            own = self._own_clause(own, start, end)
        best, tense = None, self.default
        for m_start, m_end, marker, _ in own:
            # (a tie goes to the marker before the mention, the verb that governs it: "kicked
            # off Monday and runs through Friday")
            gap = (max(start - m_end, m_start - end, 0), m_end > start)
            if best is None or gap < best:
                best, tense = gap, marker
        return tense

    def _own_clause(self, own: list[Marker], start: int, end: int) -> list[Marker]:
        """A mention that opens a clause joined to the one before it ("has played since 1996,
        and on Sunday night he will play"): the markers of the clause before tell nothing of
        it when its own clause has one after it."""
        if not any(m[0] >= end for m in own):
            return own
        before = [m[1] for m in own if m[1] <= start]
        if not before:
            return own
        joint = self._joint_before(max(before), start)
        return own if joint is None else [m for m in own if m[1] > joint]

    def _joint_before(self, lo: int, start: int) -> int | None:
        """Where the last word joining two clauses between `lo` and a mention at `start`
        begins, when no more than `_JOINT_LEAD` words lie between it and the mention (a
        preposition: "and on Sunday"), else None."""
        pattern = self.grammar.tense_coordinated
        if pattern is None:
            return None
        found = None
        for m in pattern.finditer(self.text, lo, start):
            at = m.start()
            # (a word of its own: not the end of "brand" or "Oakland")
            if (at == 0 or not self.text[at].isalnum() or not self.text[at - 1].isalnum()) \
                    and len(self.text[m.end():start].split()) <= _JOINT_LEAD:
                found = at
        return found

    def _future_markers(self, span: tuple[int, int]) -> list[Marker]:
        """The sentence's future markers, its opening one (a headline's infinitive) last."""
        scan, opening = self._future_scan(span)
        found: list[Marker] = [(m_start, m_end, "future", None) for m_start, m_end in scan.all()]
        if opening is not None:
            found.append(opening)
        return found

    def _future_scan(self, span: tuple[int, int]) -> tuple[_MatchScan, Marker | None]:
        """The sentence's future markers as a scan read on demand, and its opening one."""
        found = self._futures.get(span[0])
        if found is None:
            start, end = span
            sentence = self.text[start:end]
            scan = _MatchScan(self.grammar.future, sentence, start)
            opening = self._opening(sentence)
            found = self._futures[start] = (
                scan, None if opening is None
                else (start + opening[0], start + opening[1], "future", None))
        return found

    def _sentence_markers(self, span: tuple[int, int]) -> list[Marker]:
        """Future markers, then the past ones outside them ("will be held" is not past)."""
        start, end = span
        sentence = self.text[start:end]
        found = list(self._future_markers(span))
        if not found and self.default == "past":
            # no future marker: the nearest marker, if any, is a past one, and the default is
            # past too (most sentences of news), so the past ones need not be read
            return []
        if self.grammar.past is None:
            return found
        futures = list(found)
        scope = self._attribution(sentence, start)
        for m in self.grammar.past.finditer(sentence):
            m_start, m_end = start + m.start(), start + m.end()
            # inside a future marker, or right after it: a participle the future verb takes
            # as an adjective of its object ("will publish updated figures in the spring")
            if any(f_start < m_end and m_start <= f_end + 1
                   for f_start, f_end, _, _ in futures):
                continue
            inside = scope is not None and scope[0] <= m_start
            found.append((m_start, m_end, self._sequence(futures, m_start),
                          scope if inside else None))
        return self._in_asides(sentence, start, found)

    def _sequence(self, futures: list[Marker], start: int) -> str:
        """The tense of a past marker at `start`: the future when a future marker before it
        opens the clause it belongs to (`tense_sequence`: "could dump rain as it moved
        inland"), else the past."""
        pattern = self.grammar.tense_sequence
        # (the pattern ends at `start`: a search from the first future marker's end finds
        # what one from any later marker would)
        first = min((f_end for _, f_end, _, _ in futures if f_end <= start), default=None)
        if pattern is not None and first is not None \
                and pattern.search(self.text, first, start):
            return "future"
        return "past"

    def aside_closes(self, first: int, second: int) -> bool:
        """Whether a relative clause set off by commas holds offset `first` and closes before
        `second` ("its quarter, which ended Dec. 29, on Jan. 23")."""
        span = self._sentence_at(first)
        return span is not None and any(a_start <= first < a_end <= second
                                        for a_start, a_end in self._asides_of(*span))

    def _asides_of(self, start: int, end: int) -> list[tuple[int, int]]:
        """The relative clauses set off by commas of the sentence `text[start:end]`."""
        asides = self._asides.get(start)
        if asides is None:
            asides = self._asides[start] = [] if self.grammar.aside is None else [
                (m.start(), m.end()) for m in self.grammar.aside.finditer(self.text, start, end)]
        return asides

    def _in_asides(self, sentence: str, start: int, markers: list[Marker]) -> list[Marker]:
        """The markers, those inside a relative clause set off by commas counting only there:
        "will report results for its quarter, which ended Dec. 29, on Jan. 23" (Jan. 23
        ahead)."""
        asides = self._asides_of(start, start + len(sentence))
        if not asides:
            return markers
        scoped: list[Marker] = []
        for m_start, m_end, tense, scope in markers:
            aside = next((a for a in asides if a[0] <= m_start and m_end <= a[1]), None)
            scoped.append((m_start, m_end, tense, scope if aside is None else aside))
        return scoped

    def in_relative_clause(self, offset: int) -> bool:
        """Whether an offset lies in a relative clause set off by commas ("Putin, who returned
        to the Kremlin in May 2012, has called...")."""
        return self.relative_clause(offset) is not None

    def relative_clause(self, offset: int) -> tuple[int, int] | None:
        """The relative clause set off by commas that holds an offset, if any (its span)."""
        span = self._sentence_at(offset)
        if span is None:
            return None
        return next(((a_start, a_end) for a_start, a_end in self._asides_of(*span)
                     if a_start <= offset < a_end), None)

    def in_attribution(self, offset: int) -> bool:
        """Whether an offset lies in the attribution that closes its sentence (the Thursday
        of ", officials said Thursday."): a date there is the saying's, not the story's."""
        span = self._sentence_at(offset)
        if span is None:
            return False
        scope = self._attribution(self.text[span[0]:span[1]], span[0])
        return scope is not None and scope[0] <= offset < scope[1]

    def _attribution(self, sentence: str, start: int) -> tuple[int, int] | None:
        """The span of the attribution that closes the sentence (", officials said."), if
        any, in offsets of the text."""
        if self.grammar.attribution is None:
            return None
        m = self.grammar.attribution.search(sentence)
        return (start + m.start(), start + m.end()) if m else None

    def _opening(self, sentence: str) -> tuple[int, int] | None:
        """The span of a future marker that opens the sentence (a headline's infinitive)."""
        if self.grammar.future_opening is None:
            return None
        m = self.grammar.future_opening.match(sentence)
        return (m.start(), m.end()) if m else None


class _MatchScan:
    """The spans of a regex's matches in one piece of text (`finditer`), in offsets of the
    whole text, read only as far as they are asked for: whether a future marker ends right
    before a word needs the markers before it, not those of the rest of its sentence."""

    def __init__(self, pattern: re.Pattern[str] | None, piece: str, shift: int) -> None:
        self._spans: Iterator[tuple[int, int]] | None = \
            None if pattern is None else _spans(pattern, piece)
        self._shift = shift
        self._found: list[tuple[int, int]] = []

    def through(self, offset: int) -> list[tuple[int, int]]:
        """The matches read so far, at least every one that starts at or before `offset`."""
        while self._spans is not None and (not self._found or self._found[-1][0] <= offset):
            span = next(self._spans, None)
            if span is None:
                self._spans = None
            else:
                self._found.append((self._shift + span[0], self._shift + span[1]))
        return self._found

    def all(self) -> list[tuple[int, int]]:
        """Every match."""
        return self.through(sys.maxsize)


def _spans(pattern: re.Pattern[str], piece: str) -> Iterator[tuple[int, int]]:
    """The spans of `pattern.finditer(piece)`, found through `opening_scan` when the
    pattern has one."""
    scan = opening_scan(pattern)
    if scan is None:
        for m in pattern.finditer(piece):
            yield m.span()
        return
    for start, end, _ in scanned_matches(pattern, scan, piece):
        yield start, end
