"""Text normalisation with an offset map, sentence segmentation and language detection.

Matching runs on a normalised copy of the article (Arabic letter variants folded, diacritics
and tatweel dropped, Arabic-Indic digits made ASCII, …). Every span found there is mapped back
through `NormalizedText.span_to_original`, so what we report always slices the ORIGINAL text.
Each original character becomes at most one normalised character (a run of spaces becomes
one), which keeps the map a plain list of indices.
"""

from __future__ import annotations

import bisect
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

# Characters dropped for matching: Arabic tashkeel (incl. superscript alef), Quranic marks,
# tatweel, zero-width and bidi controls, soft hyphen, BOM.
_DROP = set(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u00AD", "\uFEFF", "\u061C", "\u180E"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DE, 0x06E9)]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2070)]
)

_MAP = {
    # alef variants and hamza carriers fold to their bare letters
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه", "ک": "ك", "ۀ": "ه",
    # Arabic punctuation
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",", "۔": ".",
    # quotes and dashes
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "′": "'", "`": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
}
_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Extended (Persian) digits
_SPACES = {"\u00A0", "\u1680", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000", "\t", "\r"}
_SPACES.update(chr(c) for c in range(0x2000, 0x200B))



def folding_into(mark: str) -> frozenset[str]:
    """`mark` and every character normalising folds into it ("؛" for ";"): what a test on the
    original text must look for."""
    return frozenset({mark, *(ch for ch, folded in _MAP.items() if folded == mark)})

@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    """The normalised form of one character: '' to drop it, else exactly one character."""
    if ch in _DROP:
        return ""
    if ch in _SPACES:
        return " "
    mapped = _MAP.get(ch)
    if mapped is not None:
        return mapped
    low = ch.lower()
    # lower() can expand (e.g. 'İ'); keep the one-char invariant of the offset map
    return low if len(low) == 1 else ch


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised copy of `original` and, for each of its characters, the original index."""

    original: str
    text: str
    index: Sequence[int]  # len(text) + 1 entries; the last is len(original)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) span onto the original text.

        The end maps to just after the last matched character, so trailing marks dropped
        by normalisation (the tanween of يومٍ) stay inside the reported span.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalised text of {len(self.text)}")
        if start == end:
            pos = self.index[start]
            return pos, pos
        o_start = self.index[start]
        o_end = self.index[end - 1] + 1
        # absorb dropped combining marks that follow the last character
        while o_end < len(self.original) and _fold(self.original[o_end]) == "" \
                and unicodedata.combining(self.original[o_end]):
            o_end += 1
        return o_start, o_end


class OffsetMap(Sequence[int]):
    """The original index of each normalised character (and of the end), kept as the shift
    each dropped run adds from where it was: Arabic news drops a diacritic or a tatweel every
    few words, and an int object per character of the article (a list) cost more than all
    the rest of its normalisation, for the few offsets that mentions map back."""

    __slots__ = ("_starts", "_shifts", "_length")

    def __init__(self, starts: list[int], shifts: list[int], length: int) -> None:
        self._starts = starts  # the normalised offset from which each shift holds, ascending
        self._shifts = shifts
        self._length = length

    @staticmethod
    def of_dropped(text: str, runs: Iterable[tuple[int, int]]) -> OffsetMap:
        """The map of `text` with the [start, end) `runs` (ascending, apart) dropped."""
        starts, shifts, dropped = [0], [0], 0
        for start, end in runs:
            dropped += end - start
            starts.append(end - dropped)  # the character after the run, once they are gone
            shifts.append(dropped)
        return OffsetMap(starts, shifts, len(text) - dropped + 1)

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, i: int) -> int: ...

    @overload
    def __getitem__(self, i: slice) -> list[int]: ...

    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._length))]
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError("offset map index out of range")
        return i + self._shifts[bisect.bisect_right(self._starts, i) - 1]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(other) == self._length \
            and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # (equal to lists, which are not hashable)


def normalize(text: str) -> NormalizedText:
    """Normalise `text` for matching and keep the map back to the original offsets."""
    folded = _fold_string(text)
    index: Sequence[int]
    if len(folded) == len(text):  # nothing dropped: the map is the identity
        index = range(len(text) + 1)
    else:
        index = OffsetMap.of_dropped(text, (m.span() for m in _DROPPED_RUN.finditer(text)))
    if "  " in folded:  # "a  week ago": rules write one space between words
        folded, index = _collapse_spaces(folded, index)
    return NormalizedText(text, folded, index)


def _collapse_spaces(folded: str, index: Sequence[int]) -> tuple[str, list[int]]:
    """A run of spaces read as one (the first), its map entries dropped with it."""
    pieces: list[str] = []
    kept: list[int] = []
    previous = 0
    for m in _SPACE_RUN.finditer(folded):
        pieces.append(folded[previous:m.start() + 1])
        kept.extend(index[previous:m.start() + 1])
        previous = m.end()
    pieces.append(folded[previous:])
    kept.extend(index[previous:])
    return "".join(pieces), kept


def normalize_string(text: str) -> str:
    """The normalised form alone (also how resource words are compiled into patterns)."""
    folded = _fold_string(text)
    return _SPACE_RUN.sub(" ", folded) if "  " in folded else folded


def _fold_string(text: str) -> str:
    """Each character folded (or dropped), runs of spaces left as they are.

    Most characters of a text are left alone, so the work is done in C: one lower() pass,
    then a regex finds the runs that fold and a small table maps them.
    """
    low = text.lower()
    # lower() expands some characters (İ) and reads capital sigma by context (final ς);
    # the offset map needs one character for one, the same wherever it stands
    if len(low) != len(text) or "Σ" in text:
        return "".join(_fold(ch) for ch in text)
    if len(low) < _LONG:
        return _FOLDING_RUN.sub(lambda m: m.group().translate(_FOLD_TABLE), low)
    # an article: a replace per folding character it holds, since in Arabic so many runs fold
    # (أ، ة، ى…) that a call per run costs more than these scans (no folded form folds again)
    for char, folded in _FOLD_PAIRS:
        if char in low:
            low = low.replace(char, folded)
    return low


_FOLD_TABLE = {ord(ch): (_fold(ch) or None) for ch in _DROP | _SPACES | set(_MAP)}
_FOLD_PAIRS = sorted((ch, _fold(ch)) for ch in _DROP | _SPACES | set(_MAP))
_LONG = 500  # characters from which a text is folded by replaces
_FOLDING_RUN = re.compile("[" + "".join(re.escape(ch) for ch in sorted(
    _DROP | _SPACES | set(_MAP))) + "]+")
_SPACE_RUN = re.compile(" {2,}")
_DROPPED_RUN = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_DROP)) + "]+")


# ---------------------------------------------------------------- sentences

# A run of end marks (and the quotes or brackets closing on them) before a space, or a run of
# newlines. Written to open with a character class: the regex engine then skips in C to the
# few characters that can start a match, instead of trying every position.
_SENTENCE_END = re.compile(r"[.!?؟。\n](?:(?<=\n)\n*|(?<=[.!?؟。])[.!?؟。]*[\"'”’»)\]]*(?=\s|$))")
# The same for a text whose only end mark is the full stop, as most lines of news: the engine
# looks for a pattern that opens with one character as for a string, about twice as fast in
# all as the class it tests at every character (some 85 instructions a character)
_FULL_STOP_END = re.compile(r"\.[.!?؟。]*[\"'”’»)\]]*(?=\s|$)")
_OTHER_END_MARKS = "\n!?؟。"  # (a newline first: a whole text has one in its first lines)
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")


def split_sentences(text: str, abbreviations: frozenset[str] = frozenset(),
                    start: int = 0, end: int | None = None,
                    closing: tuple[frozenset[str], re.Pattern[str]] | None = None,
                    openers: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Sentence spans [start, end) of `text` (original offsets), whitespace trimmed.

    A full stop after a known abbreviation ("U.S.", "Jan.") or a single capital initial does
    not end a sentence; newlines always do, since news paragraphs and headlines are lines.
    So the sentences of a line, `text[start:end]` between two newlines, are those the whole
    text has there. `closing`: abbreviations that do end a long clause when a word that opens
    sentences follows them, and those words ("went off at 2:50 p.m. The race had begun": two
    sentences; not "At 2:50 p.m. the first bomb went off", "at 2 p.m. Friday"). `openers`:
    capitalised words that open a sentence after dotted initials ("in the U.S. The next day").
    """
    spans: list[tuple[int, int]] = []
    end = len(text) if end is None else end
    reach = max(_longest(abbreviations), _INITIALS_MAX)
    for m in _end_marks(text, start, end).finditer(text, start, end):
        dot, stop = m.span()
        # (a full stop after a word longer than any abbreviation or initials, "said.", is
        # told here: a call per sentence of news costs more than the test)
        if text[dot] == "." and (dot < reach or not text[dot - reach:dot].isalpha()) \
                and _is_abbreviation(text, dot, abbreviations, openers) \
                and not (closing and _closes_clause(text, start, dot, stop, closing)):
            continue
        _append_trimmed(spans, text, start, stop)
        start = stop
    _append_trimmed(spans, text, start, end)
    return spans


def _end_marks(text: str, start: int, end: int) -> re.Pattern[str]:
    """The pattern of the sentence ends `text[start:end]` may hold (read in place: no copy
    of the piece per line split)."""
    return _SENTENCE_END if any(text.find(mark, start, end) >= 0 for mark in _OTHER_END_MARKS) \
        else _FULL_STOP_END


def _is_abbreviation(text: str, dot: int, abbreviations: frozenset[str],
                     openers: frozenset[str] = frozenset()) -> bool:
    """Whether the full stop at `dot` closes an abbreviation or initials."""
    word = _word_before(text, dot + 1).lstrip("([{\"'“‘«")  # "(U.S.)", "«Jan."
    if word.lower() in abbreviations:
        return True
    # single initials and dotted acronyms: "J.", "U.S.", "a.m." (a letter, then its full
    # stop: the second character tells most words from them before the regex is asked)
    return len(word) <= _INITIALS_MAX and word[1:2] == "." \
        and _INITIALS.fullmatch(word) is not None \
        and not _next_word_starts_sentence(text, dot + 1, word, openers)


_INITIALS_MAX = 6  # characters of the longest initials read as such ("U.S.", "a.m.")
_CLAUSE_WORDS = 5  # words before a closing abbreviation that make a clause it may end


def _closes_clause(text: str, start: int, dot: int, stop: int,
                   closing: tuple[frozenset[str], re.Pattern[str]]) -> bool:
    """Whether the abbreviation whose full stop is at `dot` ends its sentence: one of the
    closing abbreviations after a clause of some words, before words that open a sentence
    (a regex read after the space; text of any case: the tagger's is folded to lower case)."""
    ends, opening = closing
    if _word_before(text, dot + 1).lower() not in ends:
        return False
    first = stop + len(text[stop:stop + 8]) - len(text[stop:stop + 8].lstrip())
    if first == stop or not opening.match(text, first):
        return False
    return len(text[start:dot].split(None, _CLAUSE_WORDS)) > _CLAUSE_WORDS


@lru_cache(maxsize=8)
def _longest(words: frozenset[str]) -> int:
    return max(map(len, words), default=0)


def _word_before(text: str, end: int) -> str:
    """The characters from the last whitespace before `end` up to `end` (not empty)."""
    reach = 32  # a word is short: split a little text before `end`, more only if need be
    while True:
        start = max(0, end - reach)
        word = text[start:end].rsplit(None, 1)[-1]
        if len(word) < end - start or start == 0:
            return word
        reach *= 4


_NEXT_WORD = re.compile(r"\s*([^ ]*)")  # what follows, up to the next space


def _next_word_starts_sentence(text: str, pos: int, word: str, openers: frozenset[str]) -> bool:
    # "in the U.S. The next day…": a capitalised word that opens sentences (`openers`) after
    # an acronym ends the sentence; another word, a lower-case one or a digit does not
    return len(word) > 2 and _NEXT_WORD.match(text, pos).group(1) in openers


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# ---------------------------------------------------------------- language

_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                  (0xFE70, 0xFEFF))


def _is_arabic(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _ARABIC_BLOCKS)


# a BCP 47 language tag as articles carry it: language, then script, region or area
# BCP 47 (RFC 5646), "_" allowed for "-" as POSIX locales write it: a language, then script,
# region and variants ("en-GB-oxendict"), extensions ("ar-EG-u-nu-arab") and a private part
LOCALE_PATTERN = (r"^[A-Za-z]{2,3}"
                  r"(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|[0-9]{3}|[A-Za-z0-9]{5,8}"
                  r"|[0-9][A-Za-z0-9]{3}))*"
                  r"(?:[-_][0-9A-WYZa-wyz](?:[-_][A-Za-z0-9]{2,8})+)*"
                  r"(?:[-_][Xx](?:[-_][A-Za-z0-9]{1,8})+)?$")


def locale_region(tag: str) -> str | None:
    """The region of a BCP 47 tag ("en-GB", "en_gb" -> "GB"; "en" -> None).

    Raises ValueError for what is not such a tag.
    """
    if not re.match(LOCALE_PATTERN, tag):
        raise ValueError(f"locale {tag!r} is not a BCP 47 tag such as en-GB")
    subtags = re.split("[-_]", tag)[1:]
    # the region comes before any extension: in "ar-u-nu-arab", "nu" is no country
    ends = [i for i, p in enumerate(subtags) if len(p) == 1]
    return next((p.upper() for p in subtags[:ends[0] if ends else None]
                 if len(p) == 2 and p.isalpha()), None)


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the article's language.

    Arabic script is decided by the share of Arabic letters; other scripts go to a language
    identifier (py3langid) restricted to the languages whose dates we can read at all.
    """
    letters = [ch for ch in text[:5000] if ch.isalpha()]
    if not letters:
        return default
    arabic = sum(1 for ch in letters if _is_arabic(ch))
    if arabic / len(letters) >= 0.3:
        return _arabic_script_language(text[:5000])
    if len(text.split()) < _MIN_WORDS_TO_DETECT:
        return default
    return _identified_language(text[:2000]) or default


# a headline-sized text has too few letters to tell English from Nigerian Pidgin or
# Nynorsk ("Elections on 5 November 2024."); below this many words the default is the better bet
_MIN_WORDS_TO_DETECT = 8

_SCRIPTS = Path(__file__).with_name("lang") / "scripts.toml"


@lru_cache(maxsize=1)
def _arabic_script_rules() -> tuple[str, list[tuple[str, frozenset[str], frozenset[str]]]]:
    """The default language of Arabic script and, per language, its letters and words."""
    with _SCRIPTS.open("rb") as fh:
        script = tomllib.load(fh)["arabic"]
    return script["default"], [
        (lang["code"], frozenset(lang.get("letters", "")),
         frozenset(normalize_string(w) for w in lang.get("words", [])))
        for lang in script.get("language", [])]


def _arabic_script_language(text: str) -> str:
    default, languages = _arabic_script_rules()
    for code, letters, _ in languages:
        if letters and sum(1 for ch in text if ch in letters) >= 3:
            return code
    words = re.findall(r"\w+", normalize_string(text))
    counts = {code: sum(1 for w in words if w in vocabulary)
              for code, _, vocabulary in languages if vocabulary}
    best = max(counts, key=counts.get, default=default)
    if best != default and counts[best] >= 2 and counts[best] > counts.get(default, 0):
        return best
    return default


# Invisible word breaks that web copy carries (a CMS's soft breaks, a BOM): a detector may take
# a zero-width space for Khmer, whose script writes it between words, so one of them could send
# a whole English article to the fallback. Detection sees a space instead.
_INVISIBLE_BREAKS = re.compile("[\u200b\u2060\ufeff]")


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's model (loaded once, about a second), told only the languages we read:
    dateparser's own detector knows date words, not languages (Spanish came back as
    Galician, Dutch as Hungarian). Imported here: numpy is no cost for a text with a language."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from timeline.languages import LANGUAGES

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(sorted(set(LANGUAGES) & set(identifier.labels)))
    return identifier


def _identified_language(text: str) -> str | None:
    code, _ = _identifier().classify(_INVISIBLE_BREAKS.sub(" ", text))
    return code
