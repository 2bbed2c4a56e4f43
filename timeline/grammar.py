"""Compile a language's resources into regular expressions and value converters.

Patterns are written over NORMALISED text (see `timeline.text`), in natural spelling: every
literal and table word goes through the same normaliser as the article, so resource authors
may write أ/إ/ة and diacritics freely. A space in a pattern means "one or more spaces";
`{NAME}` inserts a table (as an alternation, longest first) or a group; `{NAME@alias}`
captures it under another name (for a second month in a range, say). A group marked
`inline = true` is a shared piece of pattern: the tables inside it capture their own fields
(a month with its optional year, reused by several rules). A field captured in
several alternatives of one pattern gets group names `field__2`, `field__3`…
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from re import _constants as _c  # type: ignore[attr-defined]  # (Python 3.11+, as required)
from re import _parser  # type: ignore[attr-defined]
from typing import Any, TypeVar

from timeline.lang import load_resources
from timeline.text import normalize_string

_MACRO = re.compile(r"\{(=?)([A-Za-z_][A-Za-z0-9_]*)(?:@([A-Za-z_][A-Za-z0-9_]*))?\}")
WORD_CHAR = r"[^\W_]"
T = TypeVar("T")


@dataclass(slots=True)
class Rule:
    name: str
    kind: str
    regex: re.Pattern[str]
    captures: dict[str, str]  # group alias -> group/table name, for value conversion
    fixed: dict[str, Any] = field(default_factory=dict)
    priority: int = 0
    example: str = ""
    # reads a numeric date whose month/day order the article's locale decides (11/07/2024)
    locale_order: bool = False
    # reads a numeric date only in the order unlike the language's own, where no other can be
    # meant (23/04/2022 in English): a sign of the order the article writes its dates in
    order_evidence: bool = False
    # a rule the index finds by its expression (`index_by = "body"`): the regex of what comes
    # before the expression (the word-start test, proclitic, context) and of the expression
    opening: re.Pattern[str] | None = None
    body: re.Pattern[str] | None = None
    # what must match where the rule's match would begin for the rule to be tried (`gate`
    # in its TOML): several costly rules that open alike share one, matched once per place
    gate: re.Pattern[str] | None = None


@dataclass(slots=True)
class Modifier:
    name: str
    regex: re.Pattern[str]
    side: str  # "before" or "after"
    captures: dict[str, str]
    fixed: dict[str, Any]
    kinds: tuple[str, ...]
    # the fields it sets besides "mod": a candidate that has one already is not modified
    sets: frozenset[str] = frozenset()
    # when given, only a candidate with one of these fields is modified ("before 4pm": a
    # clock time, not "before dawn")
    needs: frozenset[str] = frozenset()


def word_matches(regex: re.Pattern[str], text: str) -> list[tuple[int, int, re.Match[str]]]:
    """(start, end, match) of each match `regex.finditer(text)` gives (leftmost, not
    overlapping), for a regex that opens with the word-start test; each match answers for
    the regex's named groups.

    The word-start test is tried at every character of the text; the same regex behind one
    character that is no letter or digit (`after_break`) lets the regex engine skip in C to
    such characters. That one finds a match at every word start, overlapping ones too: those
    inside the match before are left out, as finditer would, and the start of the text, with
    no character before it, is tried apart (`opening_scan`). A regex whose every match opens
    with one of a few literal texts (a gazetteer of names) is searched for those texts
    instead (`literal_scans`).
    """
    scans = literal_scans(regex)
    if scans is not None:
        return _literal_led_matches(scans, text)
    ahead = opening_scan(regex)
    if ahead is None:
        return [(m.start(), m.end(), m) for m in regex.finditer(text)]
    return list(scanned_matches(regex, for_text(ahead, text), text))


def scanned_matches(regex: re.Pattern[str], scan: re.Pattern[str], text: str
                    ) -> Iterator[tuple[int, int, re.Match[str]]]:
    """(start, end, match) of each match `regex.finditer(text)` gives, found through `scan`
    (`regex` as its group 1 behind a character that passes its opening test: `after_break`,
    `word_start_scan`). The scan finds a match at every such character, overlapping ones
    too: those inside the match before are left out, as finditer would; the start of the
    text, with no character before it, is tried apart."""
    last = 0
    first = regex.match(text)
    if first is not None:
        yield 0, first.end(), first
        last = first.end()
    for m in scan.finditer(text):
        start = m.start(1)
        if start >= last:
            last = m.end(1)
            yield start, last, m


def for_text(regex: re.Pattern[str], text: str) -> re.Pattern[str]:
    """`regex`, or the same pattern compiled with `re.ASCII` when that reads `text` alike.

    A Unicode `\\w`/`\\W` test calls four character-database lookups for each character
    that is no letter (every space a scan stops at); the ASCII one is a table lookup. On
    ASCII text the two read every class alike, but for the information separators
    (U+001C-U+001F), which Unicode `\\s` holds and ASCII `\\s` does not, and for case
    folding (a pattern that ignores case keeps its own reading). For the scans that walk a
    whole text; the ASCII twin is compiled at its first use and kept.
    """
    if regex.flags & re.IGNORECASE or not ascii_reads_alike(text):
        return regex
    return derived(regex, "ascii", lambda: re.compile(
        regex.pattern, (regex.flags & ~re.UNICODE) | re.ASCII))


_UNICODE_ONLY_SPACES = "\x1c\x1d\x1e\x1f"  # ASCII characters only Unicode `\\s` matches


def ascii_reads_alike(text: str) -> bool:
    """Whether a regex that ignores no case reads `text` alike with `re.ASCII` (`for_text`)."""
    return text.isascii() and not any(sep in text for sep in _UNICODE_ONLY_SPACES)


def _literal_led_matches(scans: list[tuple[str, re.Pattern[str]]], text: str
                         ) -> list[tuple[int, int, re.Match[str]]]:
    """`word_matches` through the scans of `literal_scans`: together they find a match at
    every place one begins, overlapping ones too; as finditer would, each match is kept
    unless it begins inside the one kept before."""
    # (a text the article does not hold is told by `in`, which skips through the text
    # several characters at a time, for less than a scan costs: most names are absent)
    every = [m for lead, scan in scans if lead in text for m in scan.finditer(text)]
    every.sort(key=_match_start)
    found: list[tuple[int, int, re.Match[str]]] = []
    last = 0
    for m in every:
        start = m.start()
        if start >= last:
            last = m.end(1)
            found.append((start, last, m))
    return found


def _match_start(m: re.Match[str]) -> int:
    return m.start()


def literal_scans(regex: re.Pattern[str]) -> list[tuple[str, re.Pattern[str]]] | None:
    """For a regex that opens with the word-start test and whose every match then begins
    with one of a few literal texts: each text with its regex, the text itself, then the
    regex as a look-ahead from where the text begins (its group 1). A regex that opens with
    a literal text is searched by the engine for that text, in C, far faster than the
    word-start test is tried at each word (`after_break`: about 250 instructions per
    character of English, the whole of a name gazetteer's scan); the look-ahead is read
    only where the text stands. None when the regex is not of that form.

    Kept by the regex's identity, like `after_break`.
    """
    return derived(regex, "literal_scans", lambda: _literal_scans(regex))


_MAX_LEADS = 16  # literal texts to scan for, each a pass over the text


def _literal_scans(regex: re.Pattern[str]) -> list[tuple[str, re.Pattern[str]]] | None:
    opened = _opening_test(regex)
    if opened is None or regex.flags & re.IGNORECASE:
        return None
    test, core = opened
    parsed = _parser.parse(core, regex.flags)
    leads = _leading_texts(list(parsed), _MAX_LEADS)
    if not leads or "" in leads or any(_overlaps_itself(lead) for lead in leads):
        return None
    scans = []
    for lead in prefix_free(leads):
        text = re.escape(lead)
        # the word-start test behind the text (cheap, fixed width), then the regex from the
        # text's start: a look-behind as wide as the text, holding a look-ahead
        scans.append((lead, re.compile(
            rf"{text}(?<!{test}{text})(?<=(?=({core})){text})", regex.flags)))
    return scans


def _leading_texts(items: list[Any], limit: int) -> set[str] | None:
    """The literal texts parsed pattern `items` begins with: its literals up to the first
    item that is no literal (a look-around, a class, a repeat, a group that may ignore
    case), a group's (or alternatives') own texts read in, after which the texts stop (a
    group's may stop inside it). None: more than `limit` texts."""
    texts = {""}
    for op, av in items:
        if op is _c.LITERAL:
            texts = {text + chr(av) for text in texts}
            continue
        if op is _c.SUBPATTERN and not av[1] & re.IGNORECASE:
            options = [list(av[-1])]
        elif op is _c.BRANCH:
            options = [list(option) for option in av[1]]
        else:
            break
        found: set[str] = set()
        for option in options:
            sub = _leading_texts(option, limit)
            if sub is None:
                return None
            found |= sub
        texts = {text + more for text in texts for more in found}
        break
    return texts if len(texts) <= limit else None


def _overlaps_itself(text: str) -> bool:
    """Whether two occurrences of `text` can overlap ("aba" in "ababa"): a scan for it,
    resuming after each, would miss the second."""
    return any(text[:k] == text[-k:] for k in range(1, len(text)))


def prefix_free(texts: set[str]) -> list[str]:
    """`texts`, sorted, without those that begin with another of them (a scan or a trie that
    stops at the shorter one finds them too)."""
    kept: list[str] = []
    for text in sorted(texts):  # a text comes right before the texts it begins
        if not kept or not text.startswith(kept[-1]):
            kept.append(text)
    return kept


def after_break(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """`regex` (the word-start test, then the rest) as a look-ahead, its group 1, after a
    character that is no letter or digit; None when it is not of that form (the test must
    open the whole pattern, not only its first alternative, which the look-ahead would
    extend to the others), can match an empty text (finditer treats those apart) or numbers
    its groups in the pattern.

    Kept by the regex's identity: hashing a compiled pattern reads all its code (16 µs for
    a large one), which a call per text would pay again and again.
    """
    return derived(regex, "after_break", lambda: _after_break(regex))


def word_start_scan(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """`pattern` as a look-ahead (its group 1) behind a character that is no letter or digit,
    when a match of it can begin nowhere else but at the start of the text (`_at_word_start`).
    The regex engine then skips in C to such characters instead of trying the whole pattern
    at each one (the Arabic future markers are read about 1.6 times as fast through a
    sentence). None for a pattern not of that form, one that numbers its groups in the
    pattern or can match an empty text (finditer treats those apart)."""
    return derived(pattern, "word_start_scan", lambda: _build_word_start_scan(pattern))


def opening_scan(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """The scan that finds `regex`'s matches from the characters its opening test lets a
    match follow (`after_break`, else `word_start_scan`); None when it has none."""
    return after_break(regex) or word_start_scan(regex)


# the word-start test as parsed (compared by its text: parsed pieces compare by identity)
_WORD_START = repr(list(_parser.parse(f"(?<!{WORD_CHAR})"))[0])


def _build_word_start_scan(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    source = pattern.pattern
    if not isinstance(source, str) or _NUMBERED.search(source):
        return None
    parsed = _parser.parse(source, pattern.flags)
    if parsed.getwidth()[0] == 0 or not _at_word_start(list(parsed), pattern.flags):
        return None
    try:
        return re.compile(rf"[\W_](?=({source}))", pattern.flags)
    except re.error:  # (global flags written into the pattern cannot be nested)
        return None


def _at_word_start(items: list[Any], flags: int) -> bool:
    """Whether parsed pattern `items` match only where no letter, digit or "_" stands right
    before them: every alternative opens with the word-start test, the start of the text
    (`^` read alone) or a look-behind whose last character is none of those (", ")."""
    if not items:
        return False
    op, av = items[0]
    if op is _c.BRANCH:
        return all(_at_word_start(list(option), flags) for option in av[1])
    if op is _c.SUBPATTERN:
        return _at_word_start(list(av[-1]), flags)
    if op is _c.AT:
        return av is _c.AT_BEGINNING_STRING or (
            av is _c.AT_BEGINNING and not flags & re.MULTILINE)
    if op is _c.ASSERT and av[0] == -1:  # a look-behind: the character it ends on
        behind = list(av[1])
        return bool(behind) and _no_word_char(*behind[-1])
    return op is _c.ASSERT_NOT and repr((op, av)) == _WORD_START


def _no_word_char(op: Any, av: Any) -> bool:
    """Whether a parsed single character (a literal or a class) is never a letter, digit
    or "_"."""
    if op is _c.LITERAL:
        return re.fullmatch(r"\W", chr(av)) is not None
    if op is _c.IN:
        return all(item_op is _c.CATEGORY and item_av in (_c.CATEGORY_SPACE,
                                                            _c.CATEGORY_NOT_WORD)
                   or item_op is _c.LITERAL and re.fullmatch(r"\W", chr(item_av)) is not None
                   for item_op, item_av in av)
    return False


_DERIVED: dict[tuple[int, str], tuple[Any, Any]] = {}


def derived(owner: Any, part: str, build: Callable[[], T]) -> T:
    """What `build` makes of `owner` (a compiled grammar or regex), made once and kept: by
    the owner's id, since hashing a compiled pattern reads all its code, and checked by
    identity, the owner kept alive with it (a new object at a reused id is built anew)."""
    key = (id(owner), part)
    cached = _DERIVED.get(key)
    if cached is None or cached[0] is not owner:
        cached = _DERIVED[key] = (owner, build())
    return cached[1]


def _after_break(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    opened = _opening_test(regex)
    if opened is None:
        return None
    test, core = opened
    if _parser.parse(core, regex.flags).getwidth()[0] == 0:
        return None
    negated = test[1:-1]
    before = f"[{negated[1:]}]" if negated.startswith("^") else f"[^{negated}]"
    return re.compile(rf"{before}(?=({core}))", regex.flags)


def _opening_test(regex: re.Pattern[str]) -> tuple[str, str] | None:
    """The class of a regex's opening "not after such a character" test ("[^\\W_]" of
    "(?<![^\\W_])") and the pattern after it, when that test opens the whole pattern (not
    only its first alternative, which a scan from such characters would extend to the
    others) and the rest numbers no groups."""
    source = regex.pattern
    opening = _ONE_CHAR_BEHIND.match(source) if isinstance(source, str) else None
    if opening is None or _NUMBERED.search(source):
        return None
    if list(_parser.parse(source, regex.flags))[0][0] is not _c.ASSERT_NOT:
        return None
    return opening.group(1), source[opening.end():]


# a pattern that opens with "not after such a character" ((?<![^\W_]), (?<![a-z])): the class
_ONE_CHAR_BEHIND = re.compile(r"\(\?<!(\[((?:\\.|[^\]\\\[])+)\])\)")
_NUMBERED = re.compile(r"\\[0-9]|\(\?\(")  # a back-reference or a test by group number


@dataclass(slots=True)
class Grammar:
    code: str
    tables: dict[str, dict[str, Any]]
    groups: dict[str, dict[str, Any]]
    rules: list[Rule]
    negatives: list[re.Pattern[str]]
    # how far before a candidate a negative that contains it may begin: where to look
    negative_reach: int
    modifiers: list[Modifier]
    merge_gap: re.Pattern[str]
    range_gap: re.Pattern[str] | None
    range_open: re.Pattern[str] | None
    range_between: re.Pattern[str] | None
    range_and: re.Pattern[str] | None
    # the words before a range's opener that make its two ends a date and the date it was
    # moved to, not one stretch ("postponed from March to June"), searched as a tail
    range_change: re.Pattern[str] | None
    span_join: re.Pattern[str] | None
    # between a day and a span of clock times: "Tuesday from 7 to 7:30", "5 to 6 of April 22"
    merge_span: re.Pattern[str] | None
    # a clock time and a length from it: "2 p.m. for two hours", "three hours from 10 a.m."
    # (`length_open`: the word before the length that joins the span: "for")
    length_after: re.Pattern[str] | None
    length_before: re.Pattern[str] | None
    length_open: re.Pattern[str] | None
    # a length and the day it starts from, joined with no opener: "a week starting tomorrow",
    # "a three-day visit beginning Monday"
    length_start: re.Pattern[str] | None
    shift_before: re.Pattern[str] | None
    shift_after: re.Pattern[str] | None
    shift_blocked: re.Pattern[str] | None
    # extent conventions: a leading word to drop, a word before to take (when the span
    # starts with `extent_take_when`)
    extent_drop: re.Pattern[str] | None
    extent_take: re.Pattern[str] | None
    extent_take_when: re.Pattern[str] | None
    future: re.Pattern[str] | None
    past: re.Pattern[str] | None
    # words right before a date that tell it has happened, whatever the nearest-date bias
    past_before: re.Pattern[str] | None
    meta: dict[str, Any]
    # the marker nearest a mention decides its tense, not the first one in the sentence
    # ("said Friday that talks will resume": Friday is past)
    tense_nearest: bool = False
    # with `tense_nearest`: the nearest marker before the mention, if any, decides (a language
    # whose verbs come before their time words: "سيعقد الاجتماع يوم الثلاثاء، كما قال الوزير")
    tense_preceding: bool = False
    # with `tense_nearest`: the words between a mention and a later marker that open another
    # clause of its sentence ("reported third-quarter earnings on Thursday and will hold a call
    # next week"): that marker does not tell the mention's tense when one before it does
    tense_coordinated: re.Pattern[str] | None = None
    # the words between a future marker and a later past verb that make the verb's clause
    # part of that future ("could dump rain as it moved inland through the night": the
    # tenses of reported speech): that past marker reads as the future
    tense_sequence: re.Pattern[str] | None = None
    # a future marker read only where a sentence opens (a headline's "Fed to cut rates in
    # March"): matched once per sentence, not tried at every word as `future` is
    future_opening: re.Pattern[str] | None = None
    # the attribution closing a sentence (", the weather service said."): its past markers
    # tell when the words were said, not the tense of what they say, so they count only for
    # a mention inside it (with `tense_nearest`)
    attribution: re.Pattern[str] | None = None
    # a quotation's close and the saying that follows it ('," Trump told supporters'): the
    # quoted "tonight" or "tomorrow" counts from the day of the saying, when one is told
    quote_close: re.Pattern[str] | None = None
    # a relative clause set off by commas (", which ended Dec. 29,"): its tense markers tell
    # only of the dates inside it
    aside: re.Pattern[str] | None = None
    # the gap between two dates of one list ("on May 3 and 4", "Monday and Tuesday"): the second
    # has happened when the first has (`past_before`)
    past_carry: re.Pattern[str] | None = None
    # a date that opens its sentence: the words from the sentence's start to it ("In",
    # "Back in"), and the comma after it ("In 2019,", "In March,")
    opening_before: re.Pattern[str] | None = None
    opening_after: re.Pattern[str] | None = None
    # right after a year, a clause of its time ("in 1991, when Slovenia declared independence
    # on 25 June"): the year frames the months and days of its sentence after it, as one
    # opening the sentence does
    year_clause: re.Pattern[str] | None = None
    # right after a date that opens its sentence, a clause that says it has happened ("In
    # March, the company cut 500 jobs"), matched at the date's end
    past_after: re.Pattern[str] | None = None
    # a verb form that tells of a time before the story's (a pluperfect): a date after it in
    # its sentence does not become the story's time for the dates that follow
    flashback: re.Pattern[str] | None = None
    # the words of a clause before its pluperfect that report it ("said on Friday they"): the
    # pluperfect is a past of reported speech, no flashback
    reported_before: re.Pattern[str] | None = None
    # the words right before a date that make it a bound, not the time a story tells of
    # ("the slowest pace since August 2010")
    bound_before: re.Pattern[str] | None = None
    # the words right before a date that end a reporting period ("the quarter ended March
    # 31"): no day a later clock falls on
    period_end_before: re.Pattern[str] | None = None
    # the words right before a date that make it the time of an amount compared with ("up
    # from $1.50 late on Thursday"): no day a later clock falls on
    amount_compared_before: re.Pattern[str] | None = None
    compared_before: re.Pattern[str] | None = None
    # the word right before a date that opens a perfect clause by which its event had
    # happened ("By July 22, 4,000 flights had been canceled"): no flashback
    by_before: re.Pattern[str] | None = None
    # words before a date in its clause that make it a habit, no one day ("usually opens on
    # Oct. 1"): the date keeps no year (TimeML's XXXX-10-01)
    habitual: re.Pattern[str] | None = None
    # words right before a clock time that make it the hours of every day ("open daily until
    # [8 p.m.]"): the time keeps no day (TimeML's XXXX-XX-XXT20:00)
    daily_hours: re.Pattern[str] | None = None
    # a past verb of the event further before a weekday in its clause than `past_before`
    # reads ("police arrested a 34-year-old man from the north of the city ... on Friday")
    past_far: re.Pattern[str] | None = None
    # between a day and its clock time only, where it would be a range elsewhere: "6 Jan
    # 2017 - 6:37am"
    merge_clock: re.Pattern[str] | None = None
    # a rule's fields by the texts its groups captured: news repeats the same dates and
    # words, and converting them again costs more than the match (see `tagger._fields`)
    fields_memo: dict[tuple[int, tuple[str | None, ...]], dict[str, Any]] = field(
        default_factory=dict, repr=False, compare=False)

    def convert(self, name: str, captured: str) -> Any:
        """The value of a captured group: a table lookup, a compound number, or digits."""
        key = _ungrouped(self, " ".join(captured.split()))
        group = self.groups.get(name)
        if group is not None:
            if group.get("combine") == "sum":
                return _sum_words(self, group, key)
            for table in group.get("tables", []):
                if key in self.tables[table]:
                    return self.tables[table][key]
        elif name in self.tables:
            table = self.tables[name]
            if key in table:
                return table[key]
            # a contracted article (للعام) is stored under its full form (العام)
            return table.get(self.expand_article(key), key)
        digits = key.replace(" ", "")
        if digits.isdigit():
            return int(digits)
        if _DECIMAL.fullmatch(digits):  # 3.5 (years), 2.5 (hrs)
            return float(digits)
        lead = _LEAD_DIGITS.match(key)  # a number with a unit letter: 2024م
        if lead and group is not None and not group.get("tables"):
            return int(lead.group())
        return key

    def expand_article(self, key: str) -> str:
        """The full form of a word whose article contracted after a clitic (للعام -> العام)."""
        article = self.meta.get("article", "")
        short = self.meta.get("article_contracted", "")
        if article and short and key.startswith(short) and not key.startswith(article):
            return article + key[len(short):]
        return key


_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
_LEAD_DIGITS = re.compile(r"[0-9]+")


def _ungrouped(grammar: Grammar, key: str) -> str:
    """Digits grouped by thousands ("2,000") as plain digits, with the grammar's separator."""
    sep = grammar.meta.get("thousands_separator")
    if sep and sep in key and _grouped_digits(sep).fullmatch(key):
        return key.replace(sep, "")
    return key


@cache
def _grouped_digits(sep: str) -> re.Pattern[str]:
    """The regex of digits grouped by `sep`, built once: most captures with a comma ("Nov.
    5, 2024") are asked, and `re.fullmatch` would build the pattern's text on every call."""
    return re.compile(rf"[0-9]{{1,3}}(?:{re.escape(sep)}[0-9]{{3}})+")


def _sum_words(grammar: Grammar, group: dict[str, Any], key: str) -> int | str:
    for table in group.get("tables", []):
        whole = grammar.tables[table].get(key)
        if isinstance(whole, int | float):
            return whole
    joiner = grammar.meta.get("number_joiner")
    parts = [p.strip() for p in (re.split(joiner, key) if joiner else [key]) if p.strip()]
    article = grammar.meta.get("article", "")
    total = 0
    last: int | float | None = None  # the previous word's value
    i = 0
    while i < len(parts):
        part = parts[i]
        if article and part.startswith(article):  # digits with the article: الـ18
            part = part[len(article):].strip() if part[len(article):].strip().isdigit() else part
        if part.isdigit():
            total += int(part)
            i += 1
            continue
        # the longest run of words a table holds as one ("two thousand and" in a year)
        for j in range(len(parts), i, -1):
            value = _table_number(grammar, group, " ".join(parts[i:j]), last)
            if value is not None:
                total += value
                last = value
                i = j
                break
        else:
            return key
    return total


def _table_number(grammar: Grammar, group: dict[str, Any], words: str,
                  last: int | float | None = None) -> int | float | None:
    """The value of `words` in the group's tables (the first table that has them). When
    tables disagree, a word after a round number takes a value below its order of magnitude:
    "eighteen" is 1800 in "eighteen twelve" but 18 in "two thousand eighteen"."""
    values = [v for table in group.get("tables", [])
              if isinstance(v := grammar.tables[table].get(words), int | float)]
    if not values:
        return None
    if last is not None and len(set(values)) > 1 and last >= 100:
        magnitude = 10 ** (len(str(int(last))) - 1)
        smaller = [v for v in values if v < magnitude]
        if smaller:
            return smaller[0]
    return values[0]


@cache
def load_grammar(code: str) -> Grammar:
    """Compile (once per process) the grammar of language `code`."""
    res = load_resources(code)
    meta = res["meta"]
    tables = {name: {normalize_string(k): v for k, v in table.items()}
              for name, table in res["tables"].items()}
    compiler = _Compiler(tables, res["groups"], meta)
    rules = []
    gates: dict[str, re.Pattern[str]] = {}  # one regex per gate text, shared by its rules
    for spec in res["rule"]:
        regex, captures = compiler.rule(spec["pattern"], spec["name"], spec.get("context"))
        fixed = dict(spec.get("set", {}))
        for key in ("value", "type", "mod"):
            if key in spec:
                fixed[key] = spec[key]
        rule = Rule(spec["name"], spec["kind"], regex, captures, fixed,
                    spec.get("priority", 0), spec.get("example", ""),
                    bool(spec.get("locale_order", False)),
                    order_evidence=bool(spec.get("order_evidence", False)))
        if spec.get("index_by", "start") == "body":
            rule.opening, rule.body = compiler.rule_parts(spec["pattern"], spec["name"],
                                                          spec.get("context"))
        elif spec.get("index_by", "start") != "start":
            raise ValueError(f"rule {spec['name']!r}: index_by is 'start' or 'body'")
        if "gate" in spec:
            if rule.body is not None or "context" in spec:
                raise ValueError(f"rule {spec['name']!r}: a gate is for a rule indexed by "
                                 "its start, with no context")
            if spec["gate"] not in gates:
                gates[spec["gate"]] = compiler.gate(spec["gate"], spec["name"])
            rule.gate = gates[spec["gate"]]
        rules.append(rule)
    # a negative's `context` is needed before it but not blocked: "توفي الفنان صباح الجمعة عن
    # 80 عاما" blocks the age, not the morning between
    negatives = [compiler.rule(spec["pattern"], spec["name"], spec.get("context"))[0]
                 for spec in res["negative"]]
    modifiers = [compiler.modifier(spec) for spec in res["modifier"]]
    compose = res["compose"]
    tense = res["tense"]
    return Grammar(
        code=code, tables=tables, groups=res["groups"], rules=rules, negatives=negatives,
        negative_reach=int(meta.get("negative_reach", 100)),
        modifiers=modifiers,
        merge_gap=compiler.gap(compose.get("merge", r"\s*,?\s*")),
        range_gap=_optional(compose, "range_mid", compiler.gap),
        range_open=_optional(compose, "range_open", compiler.tail),
        range_between=_optional(compose, "range_between", compiler.gap),
        range_and=_optional(compose, "range_and", compiler.gap),
        range_change=_optional(compose, "range_change", compiler.tail),
        span_join=_optional(compose, "span_join", compiler.gap),
        merge_span=_optional(compose, "merge_span", compiler.gap),
        length_after=_optional(compose, "length_after", compiler.gap),
        length_before=_optional(compose, "length_before", compiler.gap),
        length_open=_optional(compose, "length_open", compiler.tail),
        length_start=_optional(compose, "length_start", compiler.gap),
        shift_before=_optional(compose, "shift_before", compiler.gap),
        shift_after=_optional(compose, "shift_after", compiler.gap),
        shift_blocked=_optional(compose, "shift_blocked", compiler.tail),
        extent_drop=_optional(compose, "extent_drop", compiler.plain),
        extent_take=_optional(compose, "extent_take", compiler.plain, "$"),
        extent_take_when=_optional(compose, "extent_take_when", compiler.plain),
        future=_optional(tense, "future", compiler.plain),
        past=_optional(tense, "past", compiler.plain),
        past_before=_optional(tense, "past_before", compiler.plain, r"\s*$"),
        habitual=_optional(tense, "habitual", compiler.plain, r"\s*$"),
        daily_hours=_optional(tense, "daily_hours", compiler.plain, r"\s*$"),
        past_far=_optional(tense, "past_far", compiler.plain, r"$"),
        meta=meta,
        tense_nearest=bool(tense.get("nearest", False)),
        tense_preceding=tense.get("nearest") == "preceding",
        tense_coordinated=_optional(tense, "coordinated", compiler.plain),
        tense_sequence=_optional(tense, "sequence", compiler.plain, r"$"),
        future_opening=_optional(tense, "future_opening", compiler.plain),
        merge_clock=_optional(compose, "merge_clock", compiler.gap),
        attribution=_optional(tense, "attribution", compiler.plain, r"\s*$"),
        quote_close=_optional(tense, "quote_close", compiler.plain),
        aside=_optional(tense, "aside", compiler.plain),
        past_carry=_optional(tense, "past_carry", compiler.gap),
        past_after=_optional(tense, "past_after", compiler.plain),
        flashback=_optional(tense, "flashback", compiler.plain),
        reported_before=_optional(tense, "reported_before", compiler.plain, r"\s*$"),
        bound_before=_optional(tense, "bound_before", compiler.plain, r"\s*$"),
        period_end_before=_optional(tense, "period_end_before", compiler.plain, r"\s*$"),
        amount_compared_before=_optional(tense, "amount_compared_before", compiler.plain,
                                         r"\s*$"),
        compared_before=_optional(tense, "compared_before", compiler.plain, r"\s*$"),
        by_before=_optional(tense, "by_before", compiler.plain, r"\s*$"),
        opening_before=_optional(tense, "opening_before", compiler.plain),
        opening_after=_optional(tense, "opening_after", compiler.plain),
        year_clause=_optional(tense, "year_clause", compiler.plain),
    )


def _optional(section: dict[str, Any], key: str, build: Callable[[str], re.Pattern[str]],
              suffix: str = "") -> re.Pattern[str] | None:
    """`build` of a resource section's pattern `key` (with `suffix` after it); None when the
    language has none."""
    if key not in section:
        return None
    # the suffix binds the whole pattern, not only its last top-level alternative
    return build(f"(?:{section[key]}){suffix}" if suffix else section[key])


def optional_proclitic(proclitic: str) -> str:
    """The pattern that lets a word carry the language's proclitic (و، ب، ل… glued to it).

    A proclitic that may already be empty is used as it is: another "?" around it would
    make the regex engine try every word a second time without it.
    """
    if not proclitic:
        return ""
    return f"(?:{proclitic})" if re.fullmatch(proclitic, "") else f"(?:{proclitic})?"


class _Compiler:
    def __init__(self, tables: dict[str, dict[str, Any]], groups: dict[str, Any],
                 meta: dict[str, Any]) -> None:
        self.tables = tables
        self.groups = groups
        self.meta = meta
        self.proclitic = normalize_string(meta.get("proclitic", ""))
        article = normalize_string(meta.get("article", ""))
        short = normalize_string(meta.get("article_contracted", ""))
        # after a clitic ending in the contracted form, the article loses its first letter
        self.article_re = (re.compile(rf"(?<![^\s(|:?]){re.escape(article)}") if article and short
                           else None)
        self.article_alt = (f"(?:{article}|(?<={short}){short})" if self.article_re else "")

    def rule(self, pattern: str, name: str, context: str | None = None
             ) -> tuple[re.Pattern[str], dict[str, str]]:
        """A rule's regex, its expression the group `_b`; `context`: words right before it
        that it needs but does not own, matched first (so that the rule index tries the
        rule only where they are, not at every place its own first words can be)."""
        captures: dict[str, str] = {}
        opening, body = self._opening_and_body(pattern, context, captures)
        return _compile(opening + body, name), captures

    def rule_parts(self, pattern: str, name: str, context: str | None
                   ) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """The two halves of `rule`'s regex, each compiled alone: what comes before the
        expression (the word-start test, the proclitic, the context) and the expression."""
        opening, body = self._opening_and_body(pattern, context, {})
        return _compile(opening, name), _compile(body, name)

    def _opening_and_body(self, pattern: str, context: str | None,
                          captures: dict[str, str]) -> tuple[str, str]:
        body = self._expand(pattern, captures, capture=True)
        before = f"(?:{self._expand(context, {}, capture=False)})" if context else ""
        pre = optional_proclitic(self.proclitic)
        return rf"(?<!{WORD_CHAR}){pre}{before}", rf"(?P<_b>{body})(?!{WORD_CHAR})"

    def modifier(self, spec: dict[str, Any]) -> Modifier:
        captures: dict[str, str] = {}
        side = "before" if "before" in spec else "after"
        body = self._expand(spec[side], captures, capture=True)
        pre = optional_proclitic(self.proclitic)
        if side == "before":
            source = rf"(?<!{WORD_CHAR}){pre}(?P<_b>{body})\s*$"
        else:
            # used with match(text, pos): anchored at pos without "^" (which pos defeats)
            source = rf"\s*(?P<_b>{body})(?!{WORD_CHAR})"
        fixed = dict(spec.get("set", {}))
        return Modifier(spec["name"], _compile(source, spec["name"]), side, captures, fixed,
                        tuple(spec.get("kinds", ())), frozenset(fixed) - {"mod"},
                        frozenset(spec.get("needs", ())))

    def gate(self, pattern: str, name: str) -> re.Pattern[str]:
        """A rule's gate, matched where the rule's match would begin (after a character that
        is no letter or digit, and the proclitic)."""
        body = self._expand(pattern, {}, capture=False)
        pre = optional_proclitic(self.proclitic)
        return _compile(rf"(?<!{WORD_CHAR}){pre}(?:{body})", name)

    def gap(self, pattern: str) -> re.Pattern[str]:
        # used with fullmatch(text, pos, endpos): "^" would only match at the real start
        return _compile(f"(?:{self._expand(pattern, {}, capture=False)})", "gap")

    def tail(self, pattern: str) -> re.Pattern[str]:
        body = self._expand(pattern, {}, capture=False)
        pre = optional_proclitic(self.proclitic)
        return _compile(rf"(?<!{WORD_CHAR}){pre}(?P<_b>{body})\s*$", "range_open")

    def plain(self, pattern: str) -> re.Pattern[str]:
        return _compile(self._expand(pattern, {}, capture=False), "tense")

    def _expand(self, pattern: str, captures: dict[str, str], capture: bool) -> str:
        text = _normalize_pattern(pattern)
        if self.article_re:
            text = self.article_re.sub(lambda _: self.article_alt, text)
        text = re.sub(r"(?<![\\\[]) \?", r"\\s*", text)  # " ?": an optional space
        text = re.sub(r"(?<![\\\[]) (?![*+?{])", r"\\s+", text)

        def macro(m: re.Match[str]) -> str:
            bare, name, alias = m.group(1), m.group(2), m.group(3) or m.group(2)
            group = self.groups.get(name)
            if group is not None and group.get("inline") and not bare:
                # an inline group is a shared piece of pattern: its own fields are captured
                return f"(?:{self._expand(group['pattern'], captures, capture)})"
            if group is not None:
                inner = self._expand(group["pattern"], captures, capture=False)
            elif name in self.tables:
                inner = self._alternation(name)
            else:
                raise ValueError(f"unknown table or group {{{name}}} in pattern {pattern!r}")
            if capture and not bare:
                # a field may be captured in several alternatives: "{unit}|{count} {unit}"
                key, n = alias, 1
                while key in captures:
                    n += 1
                    key = f"{alias}__{n}"
                alias = key
                captures[alias] = name
                return f"(?P<{alias}>{inner})"
            return f"(?:{inner})"

        return _MACRO.sub(macro, text)

    @cache  # noqa: B019 - one compiler per grammar, kept for its lifetime
    def _alternation(self, table: str) -> str:
        """The table's words as one regex, factored into a trie.

        A flat "w1|w2|…" alternation makes the regex engine try every word at every word
        start; a trie fails on the first letter that no word shares, which keeps the tagger
        fast however large the tables grow. Longer words are still preferred (a child is tried
        before the word that ends at its parent).
        """
        return self._trie(self.tables[table])

    def _trie(self, words: Any) -> str:
        trie: dict[str, Any] = {}
        for word in words:
            node = trie
            for atom in self._atoms(word):
                node = node.setdefault(atom, {})
            node[""] = {}  # end of a word
        return _render_trie(trie)

    def _atoms(self, word: str) -> list[str]:
        atoms: list[str] = []
        article = normalize_string(self.meta.get("article", ""))
        rest = word
        if self.article_re and article and word.startswith(article):
            atoms.append(self.article_alt)
            rest = word[len(article):]
        for i, part in enumerate(rest.split(" ")):
            if i:
                atoms.append(r"\s+")
            atoms.extend(re.escape(ch) for ch in part)
        return atoms


def _render_trie(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [atom + _render_trie(child) for atom, child in node.items() if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


_ESCAPE = re.compile(r"\\.|\(\?P[<=][A-Za-z_][A-Za-z0-9_]*[>)]?")  # escapes, named groups


def _normalize_pattern(pattern: str) -> str:
    """Normalise a pattern's literal text but keep regex escapes (\\W, \\S, \\D) verbatim.

    The normaliser lower-cases, which would turn \\W ("not a word character") into \\w.
    """
    out, last = [], 0
    for m in _ESCAPE.finditer(pattern):
        out.append(normalize_string(pattern[last:m.start()]))
        out.append(m.group())
        last = m.end()
    out.append(normalize_string(pattern[last:]))
    return "".join(out)


def _compile(source: str, name: str) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        raise ValueError(f"rule {name!r}: bad pattern: {exc}\n{source}") from None


def compile_rule(code: str, pattern: str, name: str,
                 extra_tables: dict[str, dict[str, Any]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """Compile one pattern of language `code` with additional tables (e.g. event names).

    For rule families whose tables do not live in the language folder, such as the known
    events gazetteer shared by every language.
    """
    grammar = load_grammar(code)
    tables = {**grammar.tables, **extra_tables}
    return _Compiler(tables, grammar.groups, grammar.meta).rule(pattern, name)
