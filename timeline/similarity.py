"""How alike two clauses are: content words, clitics stripped, weighted by rarity in the story.

Why not a fuzzy string library (rapidfuzz and the like): their ratios score shared characters,
and in a story every clause shares the same names (Musk, Trump, Zelensky), so two different
events on one day score as alike as two reports of one event. What separates them are the
words few clauses use ("joined the call" vs "congratulated"), which an IDF weight over the
story's own clauses finds. Arabic clitics (و، ب، ل، ال) are stripped first with the language's
`[clauses] prefixes`, and words are cut to their first `stem_chars` letters (a truncation
stemmer: اوكراني/اوكرانيا, election/elections), which covers what fuzzy matching would
otherwise be needed for.
Names (capitalised Latin words, digits-free tokens in any script) count like other content
words; a Latin name inside Arabic text (Starlink, CNN) is kept as is.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from timeline.lang import load_resources
from timeline.text import normalize_string

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_NEGATED = "!"  # a negated word's mark: no letter, so it is never confused with a word
_MIN_STEM = 3  # shorter words are function words, not content
# a one-letter clitic comes off only when this much is left (وفرت is a verb, not و+فرت); a
# longer one (ال، بال) only comes before nouns, so a three-letter stem is fine after it
_MIN_STRIPPED = 4
# a synonym phrase written with a gap ("found ... guilty") takes at most this many words between
# its parts: who ("found the city's former mayor, Anthony Dale, guilty"), not a second clause
_PHRASE_GAP = 8
_GAP = "..."


@dataclass(frozen=True, slots=True)
class WordTable:
    """One language's clitics and stopwords, normalised."""

    prefixes: tuple[str, ...]
    stopwords: frozenset[str]
    stem_chars: int  # words are cut to this many letters: a truncation stemmer
    # endings taken off (one, longest first) before the cut: a light stemmer for the languages
    # whose inflections are short and close words together (سوقا / سوق / سوقها)
    suffixes: tuple[str, ...] = ()
    # stem -> the stem its synonym group is counted as: reports of one event word it
    # differently ("kidnapped" / "abducted" / "seized", "landfall" / "struck")
    synonyms: Mapping[str, str] = field(default_factory=dict)
    negations: frozenset[str] = frozenset()  # the content word after one is marked negated
    # a group's phrases ("handed over", "let go"): their words -> the group's stem; tried
    # before single words, since their words alone say something else (or are stopwords)
    phrases: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    longest_phrase: int = 0
    # capitalised words that are no one's name: titles ("Chief Financial Officer Colette
    # Kress" and "Chief Financial Officer Kenta Kon" have no name in common)
    titles: frozenset[str] = frozenset()
    # a group's phrases written with a gap ("found ... guilty"): the stem of the first word ->
    # (the stems of the part before the gap, of the part after it, the group's stem)
    gapped: Mapping[str, tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...]] = field(
        default_factory=dict)
    # words a gap never spans: the clause's boundary and split words ("found the documents
    # and the guilty party fled" is no verdict)
    gap_stops: frozenset[str] = frozenset()


@cache
def word_table(lang: str) -> WordTable:
    try:
        section = load_resources(lang).get("clauses", {})
    except LookupError:
        section = {}
    prefixes = sorted({normalize_string(p) for p in section.get("prefixes", [])},
                      key=len, reverse=True)
    stops = frozenset(normalize_string(w) for w in section.get("stopwords", []))
    stem_chars = int(section.get("stem_chars", 0)) or 10 ** 3
    suffixes = tuple(sorted({normalize_string(x) for x in section.get("suffixes", [])},
                            key=len, reverse=True))
    bare = WordTable(tuple(prefixes), stops, stem_chars, suffixes)
    groups = section.get("synonyms", [])
    phrases = _synonym_phrases(groups, bare)
    return WordTable(tuple(prefixes), stops, stem_chars, suffixes, _synonym_stems(groups, bare),
                     frozenset(normalize_string(w) for w in section.get("negations", [])),
                     phrases, max(map(len, phrases), default=0),
                     frozenset(normalize_string(w) for w in section.get("titles", [])),
                     _gapped_phrases(groups, bare),
                     frozenset(normalize_string(w) for key in ("boundary_words", "split_words")
                               for w in section.get(key, []) if " " not in w.strip()))


def _synonym_stems(groups: Iterable[Sequence[str]], table: WordTable) -> dict[str, str]:
    """Each word's stem mapped to the stem of its group's first word (a single word). The
    words are stemmed as the articles' words are, so a group lists them in any form."""
    out: dict[str, str] = {}
    for group in groups:
        head = _stem(normalize_string(group[0]), table)
        for word in map(normalize_string, group):
            # a phrase's first word alone is not the phrase
            if " " not in word.strip() and _GAP not in word:
                out[_stem(word, table)] = head
    return out


def _synonym_phrases(groups: Iterable[Sequence[str]], table: WordTable
                     ) -> dict[tuple[str, ...], str]:
    """Each phrase of a group (its words' stems) mapped to the stem of its first word."""
    out: dict[tuple[str, ...], str] = {}
    for group in groups:
        head = _stem(normalize_string(group[0]), table)
        for phrase in group:
            if _GAP in phrase:
                continue
            tokens = tuple(_stem(t, table) for t in _TOKEN.findall(normalize_string(phrase)))
            if len(tokens) > 1:
                out[tokens] = head
    return out


def _gapped_phrases(groups: Iterable[Sequence[str]], table: WordTable
                    ) -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...]]:
    """Each phrase of a group written with a gap ("found ... guilty"), by the stem of its first
    word: the stems of its part before the gap, of the part after it, and the stem of the
    group's first word."""
    out: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...]] = {}
    for group in groups:
        head = _stem(normalize_string(group[0]), table)
        for phrase in group:
            if _GAP not in phrase:
                continue
            before, after = (tuple(_stem(t, table) for t in _TOKEN.findall(normalize_string(p)))
                             for p in phrase.split(_GAP, 1))
            if before and after:
                out[before[0]] = (*out.get(before[0], ()), (before, after, head))
    return out


def _stem(token: str, table: WordTable) -> str:
    """A normalised token's stem: one clitic cluster off, one ending off, cut."""
    return _cut(_strip(token, table.prefixes), table)


def _cut(word: str, table: WordTable) -> str:
    """A word with its clitics off, stemmed: one ending off, only if a real word is left,
    then cut to `stem_chars` letters."""
    for suffix in table.suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[:-len(suffix)][:table.stem_chars]
    return word[:table.stem_chars]


def content_words(text: str, lang: str) -> list[str]:
    """The stems of the content words of `text`: normalised, clitics off, stopwords out."""
    table = word_table(lang)
    words = []
    negated = False
    tokens = _TOKEN.findall(normalize_string(text))
    # each token stemmed once: the phrases are looked up in the stems, and the words taken from
    # them ("_stem" is what the loop below would compute again)
    stripped = [_strip(t, table.prefixes) for t in tokens]
    stems = [_cut(t, table) for t in stripped]
    skip = 0
    taken: set[int] = set()  # the parts after the gap of gapped phrases already read
    for i, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if i in taken:
            negated = False  # a negation inside the gap was the phrase's ("found him not guilty")
            continue
        phrase = _phrase_at(stems, i, table) if table.phrases else None
        if phrase is None and table.gapped:
            phrase = _gapped_at(tokens, stems, i, table, taken)
        if phrase is not None:
            head, skip = phrase
            words.append(_NEGATED + head if negated else head)
            negated = False
            continue
        if token in table.negations:
            negated = True
            continue
        if token in table.stopwords or _clitic_on_stopword(token, table):
            continue
        stem, cut = stripped[i], stems[i]
        on_synonym = _clitic_on_synonym(token, table)
        if on_synonym is not None:
            stem = on_synonym
            cut = _cut(stem, table)
        if len(stem) >= _MIN_STEM and stem not in table.stopwords:
            # "pleaded not guilty" is no report of "pleaded guilty"
            words.append(_NEGATED + table.synonyms.get(cut, cut) if negated
                         else table.synonyms.get(cut, cut))
            negated = False
    return words


@cache
def event_words(lang: str) -> frozenset[str]:
    """The stems synonym groups are counted as: words that name what happened ("released"
    for "freed", "handed over", "let go"), as `content_words` gives them."""
    table = word_table(lang)
    return frozenset(table.synonyms.values()) | frozenset(table.phrases.values()) \
        | frozenset(head for found in table.gapped.values() for _, _, head in found)


def _phrase_at(tokens: Sequence[str], i: int, table: WordTable) -> tuple[str, int] | None:
    """The synonym group's stem of the longest phrase starting at token `i`, and how many
    tokens after the first it takes."""
    for n in range(min(table.longest_phrase, len(tokens) - i), 1, -1):
        head = table.phrases.get(tuple(tokens[i:i + n]))
        if head is not None:
            return head, n - 1
    return None


def _gapped_at(tokens: Sequence[str], stems: Sequence[str], i: int, table: WordTable,
               taken: set[int]) -> tuple[str, int] | None:
    """The group's stem of a gapped phrase whose first part starts at token `i` and whose
    last part follows within _PHRASE_GAP words, and how many tokens after the first its first
    part takes; the last part's tokens go into `taken`. A negation in the gap negates the
    phrase ("found him not guilty"): the stem comes marked."""
    for before, after, head in table.gapped.get(stems[i], ()):
        n, k = len(before), len(after)
        if tuple(stems[i:i + n]) == before:
            for j in range(i + n, min(i + n + _PHRASE_GAP, len(stems) - k) + 1):
                if j > i + n and tokens[j - 1] in table.gap_stops:
                    break
                if tuple(stems[j:j + k]) == after:
                    taken.update(range(j, j + k))
                    negated = any(t in table.negations for t in tokens[i + n:j])
                    return (_NEGATED + head if negated else head), n - 1
    return None


def names(text: str, lang: str, lowercase: frozenset[str] = frozenset()) -> frozenset[str]:
    """Capitalised words, stemmed like content words: the names a text mentions, in the
    scripts that write names with a capital (Latin names inside Arabic text count too).
    A sentence's first word is a name only if the article never writes it in lower case
    (`lowercase`: the article's lower-case words): "Savin reported", not "Net income".
    Titles (`[clauses] titles`) are no names."""
    tokens = _TOKEN.findall(text)
    titles = word_table(lang).titles
    picked = [t for i, t in enumerate(tokens) if t[0].isupper()
              and (i > 0 or t.lower() not in lowercase)
              and normalize_string(t) not in titles]
    return frozenset(content_words(" ".join(picked), lang))


def common_words(text: str, lang: str, lowercase: frozenset[str] = frozenset()
                 ) -> frozenset[str]:
    """The content words of `text` outside its names (the capitalised words `names` reads, and
    titles): what a clause says in the words anyone writes ("the fire broke out"), not the
    names of who spoke or acted ("Fire Chief Dana Pruitt", "the Fire Marshal's office")."""
    tokens = _TOKEN.findall(text)
    kept = [t for i, t in enumerate(tokens)
            if not t[0].isupper() or (i == 0 and t.lower() in lowercase)]
    return frozenset(content_words(" ".join(kept), lang))


def lowercase_words(text: str) -> frozenset[str]:
    return frozenset(t for t in _TOKEN.findall(text) if t.islower())


def compatible(a: Sequence[str] | Vector, b: Sequence[str] | Vector,
               names_a: frozenset[str], names_b: frozenset[str], min_shared: int) -> bool:
    """Whether two clauses may report one event at all: at least `min_shared` content words
    in common, and, when both name someone or something, a name in common."""
    words_a = a.words if isinstance(a, Vector) else set(a)
    words_b = b.words if isinstance(b, Vector) else set(b)
    if len(words_a & words_b) < min_shared:
        return False
    return not (names_a and names_b and not names_a & names_b)


def _clitic_on_stopword(token: str, table: WordTable) -> bool:
    """Whether the token is a stopword with a clitic on it ("وكان", "وفي"): too short for
    `_strip` to take the clitic off, yet no content word."""
    return any(token.startswith(p) and token[len(p):] in table.stopwords
               for p in table.prefixes)


def _clitic_on_synonym(token: str, table: WordTable) -> str | None:
    """A short word of a synonym group with a one-letter clitic on it ("وقتل": و + قتل), which
    `_strip` leaves whole lest it cut a longer word: the group's word."""
    for p in table.prefixes:
        if token.startswith(p) and len(token) - len(p) < _MIN_STRIPPED \
                and token[len(p):] in table.synonyms:
            return token[len(p):]
    return None


def _strip(word: str, prefixes: Sequence[str]) -> str:
    # one clitic cluster at most ("وبال"), and only if a real word is left
    for prefix in prefixes:
        left = len(word) - len(prefix)
        if word.startswith(prefix) and left >= (_MIN_STEM if len(prefix) > 1 else _MIN_STRIPPED):
            return word[len(prefix):]
    return word


class Idf:
    """Inverse document frequencies over a story's clauses (each clause a document)."""

    def __init__(self, documents: Iterable[Iterable[str]]) -> None:
        counts: Counter[str] = Counter()
        total = 0
        for words in documents:
            counts.update(set(words))
            total += 1
        total = max(total, 1)
        # smoothed so a word in every clause still weighs a little (never zero or negative)
        self._weights = {w: math.log((total + 1) / (n + 0.5)) for w, n in counts.items()}
        self._unseen = math.log((total + 1) / 0.5)

    def weight(self, word: str) -> float:
        return self._weights.get(word, self._unseen)

    def vector(self, words: Iterable[str]) -> Vector:
        """A clause's word set with its norm, computed once however often it is compared."""
        unique = frozenset(words)
        return Vector(unique, math.sqrt(sum(self.weight(w) ** 2 for w in unique)))


@dataclass(frozen=True, slots=True)
class Vector:
    words: frozenset[str]
    norm: float


def similarity(a: Sequence[str] | Vector, b: Sequence[str] | Vector, idf: Idf) -> float:
    """Cosine of the IDF-weighted word sets of two clauses, in [0, 1]."""
    va = a if isinstance(a, Vector) else idf.vector(a)
    vb = b if isinstance(b, Vector) else idf.vector(b)
    if not va.norm or not vb.norm:
        return 0.0
    small, large = sorted((va.words, vb.words), key=len)
    shared = sum(idf.weight(w) ** 2 for w in small if w in large)
    return shared / (va.norm * vb.norm)


class WordIndex:
    """Which clauses share a word with a given one, to compare only those (a story of
    thousands of clauses would otherwise compare every pair). Words in more than `cap`
    clauses propose nothing: alone they never make two clauses alike enough."""

    def __init__(self, documents: Sequence[Iterable[str]], cap: int = 64) -> None:
        self._postings: dict[str, list[int]] = {}
        for i, words in enumerate(documents):
            for word in set(words):
                self._postings.setdefault(word, []).append(i)
        self._cap = cap

    def near(self, words: Iterable[str]) -> set[int]:
        found: set[int] = set()
        for word in set(words):
            docs = self._postings.get(word, ())
            if len(docs) <= self._cap:
                found.update(docs)
        return found
