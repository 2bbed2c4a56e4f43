"""The tense around a mention: future or past markers of its sentence, else a default."""

from __future__ import annotations

import bisect

from timeline.grammar import Grammar, derived
from timeline.text import split_sentences

# A text this short with no tense marker is a phrase (a search box, a calendar line), where a
# bare "Monday" means the coming one; in running news text it means the last one.
_PHRASE_WORDS = 8

# a tense marker: start, end, tense, and the span it alone counts in (or None: the sentence)
Marker = tuple[int, int, str, tuple[int, int] | None]


def _abbreviations(grammar: Grammar) -> frozenset[str]:
    """The grammar's abbreviations as one set for all its texts (a new set per text is hashed
    and compared anew by split_sentences' cache)."""
    return derived(grammar, "abbreviations",
                   lambda: frozenset(grammar.meta.get("abbreviations", [])))


class TenseReader:
    """The tense of the sentence around an offset: future or past markers, else a default.

    With the grammar's `tense_nearest`, the marker closest to the mention decides, so a
    sentence of two clauses ("said Friday that talks will resume") gives each its own tense.
    """

    def __init__(self, grammar: Grammar, text: str) -> None:
        self.grammar = grammar
        self.text = text
        self.sentences = split_sentences(text, _abbreviations(grammar))
        self.starts = [s for s, _ in self.sentences]
        # more than _PHRASE_WORDS words (counted no further than that)
        running_text = len(text.split(None, _PHRASE_WORDS)) > _PHRASE_WORDS
        self.default = "past" if running_text else "future"
        self._cache: dict[int, str] = {}  # sentence index -> tense: each sentence read once
        # sentence -> its markers: start, end, tense and the span a marker counts in (the
        # sentence's closing attribution for the past markers inside it, else None)
        self._markers: dict[int, list[Marker]] = {}
        self._futures: dict[int, list[Marker]] = {}  # sentence -> its future markers

    def sentence_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def at(self, offset: int, end: int | None = None) -> str:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return self.default
        if self.grammar.tense_nearest:
            return self._nearest(i, offset, offset if end is None else end)
        if i not in self._cache:
            self._cache[i] = self._sentence_tense(i)
        return self._cache[i]

    def future_ends_near(self, offset: int) -> bool:
        """Whether a future marker of the sentence ends right before `offset` (a space
        between): what follows is its object ("will publish [updated figures]")."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return False
        return any(0 <= offset - f_end <= 1 for _, f_end, _, _ in self._future_markers(i))

    def _sentence_tense(self, i: int) -> str:
        start, end = self.sentences[i]
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

    def _nearest(self, i: int, start: int, end: int) -> str:
        if i not in self._markers:
            self._markers[i] = self._sentence_markers(i)
        markers = self._markers[i]
        # a mention outside the closing attribution takes the tense of its own clause's
        # markers; only when that has none does the saying's tense tell it
        own = [m for m in markers if m[3] is None or m[3][0] <= start < m[3][1]] or markers
        if self.grammar.tense_preceding:  # the nearest before the mention, if there is one
            own = [m for m in own if m[1] <= start] or own
        best, tense = None, self.default
        for m_start, m_end, marker, _ in own:
            gap = max(start - m_end, m_start - end, 0)
            if best is None or gap < best:
                best, tense = gap, marker
        return tense

    def _future_markers(self, i: int) -> list[Marker]:
        """The sentence's future markers, its opening one (a headline's infinitive) last."""
        if i in self._futures:
            return self._futures[i]
        start, end = self.sentences[i]
        sentence = self.text[start:end]
        found: list[Marker] = []
        if self.grammar.future is not None:
            found = [(start + m.start(), start + m.end(), "future", None)
                     for m in self.grammar.future.finditer(sentence)]
        opening = self._opening(sentence)
        if opening is not None:
            found.append((start + opening[0], start + opening[1], "future", None))
        self._futures[i] = found
        return found

    def _sentence_markers(self, i: int) -> list[Marker]:
        """Future markers, then the past ones outside them ("will be held" is not past)."""
        start, end = self.sentences[i]
        sentence = self.text[start:end]
        found = list(self._future_markers(i))
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
            found.append((m_start, m_end, "past", scope if inside else None))
        return found

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
