"""Which rules can start where: an index of the literal prefixes of compiled rule patterns.

Trying every rule at every place where some rule could start costs a regex call per rule per
place, and a language has a hundred rules. Most rules can only begin with a few words (a
month name, "the third", "last"), so each rule's compiled pattern is read once (through
`sre_parse`) for the set of texts its matches can begin with, cut to `K` characters. The
tagger then looks the next `K` characters of each position up in that index and tries only
the rules it names, in rule order, which finds exactly the matches trying every rule would.

Whitespace is one space in the index: every whitespace character of the text is read as a
space, a run of them as one (the lookup reads on past a run). Every ASCII digit is read as
"0", in the text and in the patterns, so that the index reads on past a number ("0000 days"
for `[0-9]{4} days`) instead of sending every number to every rule that can begin with one.
A pattern whose start cannot be read (a back-reference, a wide character class) is tried
everywhere.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from re import _constants as _c  # type: ignore[attr-defined]  # (Python 3.11+)
from re import _parser as _parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

from timeline.grammar import WORD_CHAR, derived, optional_proclitic, prefix_free
from timeline.prefix_cache import cached_prefixes
from timeline.tails import match_tails
from timeline.text import normalize_string

K = 12  # characters of lookahead in the index
# prefixes per pattern before they are shortened. More keep the count rules' unit in their
# texts ("0 weeks a", not "0 we"): 3,000 (with K = 10) saved about 5 % of English extraction,
# but then every process compiled the larger position scan twice (Unicode and ASCII), 1.1 s
# more of CPU before its first article. The scan is now an Aho-Corasick automaton of the
# whole texts, built in about 0.01 s, which leaves room for 2,000 of 12 characters
_LIMIT = 2000
_WHOLE_LEVEL = 4  # how many times _LIMIT texts of one length are built before cutting back
_OPEN, _DONE = False, True
# how the text is read for the index: whitespace as a space, digits as "0" (see _key_char)
_KEY = [(c, " ") for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85"] + [(c, "0") for c in "123456789"]
_ALL_POSITIONS = re.compile(r"(?<![^\W_])")

Prefixes = set[tuple[str, bool]]


class RuleIndex:
    """Patterns (by number) by the first characters their matches can have."""

    def __init__(self, patterns: list[re.Pattern[str]], clitic: str = "") -> None:
        self.index: dict[str, list[int]] = {}
        self.always: list[int] = []
        self.space_start = False
        # A language's optional proclitic (و/ب/ل… glued to the first word) multiplies every
        # table word by its forms and drowns the index in short prefixes; the index is built
        # on the words without it, and a position is looked up after each clitic it may carry.
        optional = optional_proclitic(clitic)
        self.clitic = re.compile(clitic) if clitic else None
        sources = [(_without_proclitic(regex.pattern, optional), regex.flags & ~re.UNICODE)
                   for regex in patterns]
        for i, found in enumerate(cached_prefixes(sources, _readable_prefixes, Path(__file__))):
            if found is None or "" in found:
                self.always.append(i)
                continue
            for prefix in found:
                self.index.setdefault(prefix, []).append(i)
                self.space_start |= prefix.startswith(" ")
        self.seen: dict[str, list[int]] = {}  # the next K characters -> their patterns
        self.scan = Scan(set(self.index), optional,
                         everywhere=bool(self.always or self.space_start or not self.index))

    def positions(self, text: str, windows: list[tuple[int, int]]
                  ) -> list[tuple[int, list[int]]]:
        """(position, pattern numbers) for each place in `windows` where some pattern may
        match, by position; what follows a position is read past its window's end."""
        return self.lookup(text, self.scan.positions(key_of(text), windows))

    def lookup(self, text: str, starts: list[int]) -> list[tuple[int, list[int]]]:
        """(position, pattern numbers) for each of the ascending `starts` (a `Scan`'s
        positions over `text`) where some pattern may match."""
        key = key_of(text)  # same length as text: positions carry over
        seen = self.seen
        if len(seen) > 100_000:
            seen.clear()
        found: list[tuple[int, list[int]]] = []
        for pos in starts:
            ahead = key[pos:pos + K + _CLITIC]
            if "  " in ahead:  # a run of whitespace reads as one space in the index
                ahead = _collapse(key, pos)
            chosen = seen.get(ahead)
            if chosen is None:
                chosen = seen[ahead] = self._with_clitics(ahead)
            if chosen:
                found.append((pos, chosen))
        return found

    def _with_clitics(self, ahead: str) -> list[int]:
        """The patterns for `ahead`, and for what follows each clitic it may begin with."""
        chosen = self._lookup(ahead[:K])
        if self.clitic is None:
            return chosen
        merged = set(chosen)
        for n in range(1, _CLITIC + 1):
            if self.clitic.fullmatch(ahead, 0, n):
                merged.update(self._lookup(ahead[n:n + K]))
        return sorted(merged) if len(merged) > len(chosen) else chosen

    def _lookup(self, ahead: str) -> list[int]:
        """The patterns whose indexed texts begin `ahead` (the next K characters)."""
        chosen = set(self.always)
        # (each lookup is made once per text `ahead` and kept: no set of the indexed texts'
        # beginnings to stop the walk early, which took longer to build than it saves)
        for j in range(1, len(ahead) + 1):
            rules = self.index.get(ahead[:j])
            if rules:
                chosen.update(rules)
        # a pattern indexed under several beginnings of `ahead` ("nov", "november") is tried once
        return sorted(chosen)


class Scan:
    """Where one of a set of indexed texts may begin in an index key: behind a character that
    is no letter or digit, where a whole text begins (found by an Aho-Corasick automaton of
    the texts, `_text_starts`); at the very start, where the first characters of one do
    (`starts`). `everywhere`: the texts cannot tell (a pattern that may begin with
    anything): every word start. Each is built at its first use: a process that never scans
    with one (the tagger scans the rules and negatives together) never pays for it."""

    def __init__(self, texts: set[str], optional: str, everywhere: bool = False) -> None:
        self.texts = texts
        self.optional = optional
        self.everywhere = everywhere or not texts
        self.whole_texts = not self.everywhere  # else `starts` alone
        self._starts: re.Pattern[str] | None = None
        self._automaton: Any = None
        # a proclitic's start before a text: the character no letter or digit before it
        self._clitic_start = re.compile(rf"[\W_]({optional})\Z") if optional else None

    @property
    def starts(self) -> re.Pattern[str]:
        if self._starts is None:
            if self.everywhere:
                self._starts = _ALL_POSITIONS
            else:
                heads = {text[:_HEAD] for text in self.texts}
                self._starts = re.compile(rf"(?<![^\W_])(?={self.optional}{_trie(heads)})")
        return self._starts

    def positions(self, key: str, windows: list[tuple[int, int]]) -> list[int]:
        """The ascending positions of `windows` where an indexed text may begin (the lookup
        of most positions the short `starts` alone would find names no pattern)."""
        size = len(key)
        if not self.whole_texts:
            return [m.start() for lo, hi in windows
                    for m in self.starts.finditer(key, lo, min(size, hi + _PAST))
                    if m.start() < hi]
        found: list[int] = []
        for lo, hi in windows:
            if lo == 0 and self.starts.match(key):  # no character before it to stop at
                found.append(0)  # (the lookup decides)
            begin = max(0, lo - 1)  # (the character before the window's first position)
            found.extend(pos for at in self._text_starts(key[begin:min(size, hi + _PAST)])
                         if (pos := begin + at) < hi)
        return found

    def _text_starts(self, key: str) -> list[int]:
        """The ascending positions of `key` behind a character no letter or digit where an
        indexed text begins, after a proclitic it may carry.

        One pass of an Aho-Corasick automaton, in C, over the key with its runs of spaces
        read as one (a space in an indexed text stands for a run): a regex of the texts as a
        trie cost twice as much, for its engine tries a branch's alternatives one after
        another at every character no letter or digit (about 1,600 instructions each).
        """
        if self._automaton is None:
            self._automaton = _automaton(prefix_free(self.texts))
        single, marks, dropped = _single_spaced(key)
        found = self._behind_breaks(single, self._automaton.iter(single))
        if marks:  # back to the key's own positions
            found = [pos + dropped[at - 1] if (at := bisect_left(marks, pos)) else pos
                     for pos in found]
        return found

    def _behind_breaks(self, key: str, hits: Any) -> list[int]:
        """Where the texts of `hits` ((last index, length) pairs) begin behind a character no
        letter or digit, or where the proclitic before them does."""
        if self._clitic_start is None:
            return sorted(start for end, length in hits
                          if (start := end - length + 1) and not key[start - 1].isalnum())
        found: set[int] = set()
        for end, length in hits:
            start = end - length + 1
            if start and not key[start - 1].isalnum():
                found.add(start)
            elif m := self._clitic_start.search(key, max(0, start - _CLITIC - 1), start):
                found.add(m.start(1))
        return sorted(found)


def _automaton(texts: list[str]) -> Any:
    """An Aho-Corasick automaton of `texts` that tells each match's length."""
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for text in texts:
        automaton.add_word(text)
    automaton.make_automaton()
    return automaton


def _single_spaced(key: str) -> tuple[str, list[int], list[int]]:
    """`key` with each run of spaces one space; the position of each such space in it, and
    how many characters were dropped up to the end of that run."""
    if "  " not in key:
        return key, [], []
    marks: list[int] = []
    dropped: list[int] = []
    total = 0
    for m in _SPACE_RUN.finditer(key):
        marks.append(m.start() - total)
        total += m.end() - m.start() - 1
        dropped.append(total)
    return _SPACE_RUN.sub(" ", key), marks, dropped


def shared_positions(grammar: Any, text: str) -> list[int]:
    """Every position of `text` where a rule or a negative may begin: one scan for both
    indexes (each then looks up only its own positions), not one each."""
    def build() -> Scan:
        rules, negatives = rule_index(grammar), negative_index(grammar)
        optional = optional_proclitic(normalize_string(grammar.meta.get("proclitic", "")))
        everywhere = not (rules.scan.whole_texts and negatives.scan.whole_texts)
        return Scan(set(rules.index) | set(negatives.index), optional, everywhere)

    return derived(grammar, "shared_scan", build).positions(key_of(text), [(0, len(text))])


_HEAD = 3  # characters of the index checked by the position scan itself
_SPACE_RUN = re.compile(" {2,}")


_CLITIC = 3  # the longest proclitic a position is looked up past
# characters past a window's end the scan may read: as far as a lookup reads (`_collapse`)
_PAST = 4 * (K + _CLITIC)


_last: tuple[str, str] = ("", "")  # the last text read and its key


def key_of(text: str) -> str:
    """`text` as the index reads it (whitespace a space, digits "0"), made once per text:
    the rules, the negatives and the starts of a rule found by its expression share it.
    The pair is read and replaced whole, so threads of one server never mix two texts' keys."""
    global _last
    last = _last
    if last[0] is not text:
        last = _last = (text, _index_key(text))
    return last[1]


def _index_key(text: str) -> str:
    """`text` as the index reads it, character for character.

    A replace per mapped character, in C, rather than str.translate, which looks every
    character of a non-ASCII text up in its table (15 times slower on Arabic).
    """
    for char, read in _KEY:
        if char in text:
            text = text.replace(char, read)
    return text


def _collapse(key: str, pos: int) -> str:
    """The next K (+ clitic) characters from `pos` with whitespace runs read as one space.

    A paragraph break ("\n\n") would otherwise make a position look unindexable and send it
    to every rule. The text read grows until it gives that many characters (a long run of
    spaces) or ends.
    """
    want = K + _CLITIC
    size = 4 * want
    while True:
        chunk = _SPACE_RUN.sub(" ", key[pos:pos + size])
        if len(chunk) >= want or pos + size >= len(key):
            return chunk[:want]
        size *= 4


def _trie(words: set[str]) -> str:
    """A regex matching any of `words` (or a longer text they begin), as a trie, over the
    text as the index reads it: a space there stands for a run of them ("6  يناير")."""
    tree: dict[str, Any] = {}
    for word in prefix_free(words):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def walk(node: dict[str, Any]) -> str:
        if "" in node:  # a word ends here: whatever follows is fine
            return ""
        parts = [(" +" if char == " " else re.escape(char)) + walk(child)
                 for char, child in sorted(node.items())]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return walk(tree)


def _without_proclitic(pattern: str, optional: str) -> str:
    """`pattern` without the optional proclitic that follows its word-start test (the index
    looks each position up after the clitics it may begin with instead)."""
    if not optional:
        return pattern
    opening = f"(?<!{WORD_CHAR})"
    if pattern.startswith(opening + optional):
        return opening + pattern[len(opening) + len(optional):]
    return pattern


def rule_index(grammar: Any) -> RuleIndex:
    """The (cached) index of a compiled grammar's rules: each by where its matches begin,
    a rule found by its expression (`Rule.body`) by where that begins."""
    return _cached(grammar, "rules", lambda: [rule.body or rule.regex for rule in grammar.rules])


@dataclass(frozen=True, slots=True)
class BodyGate:
    """Where to try a rule the index finds by its expression, once that may begin at a
    position: `starts` indexes the rule's own beginnings, none of which lies more than
    `spaces` characters read as a space before the expression (its opening holds no more);
    `tails`: texts one of which the opening ends with, spaces left out (None: no test)."""

    starts: RuleIndex
    spaces: int
    tails: tuple[str, ...] | None


def body_gates(grammar: Any) -> dict[int, BodyGate]:
    """The (cached) `BodyGate` of each rule found by its expression, by rule number."""
    return derived(grammar, "body_gates", lambda: {
        number: _body_gate(grammar, rule) for number, rule in enumerate(grammar.rules)
        if rule.body is not None})


def _body_gate(grammar: Any, rule: Any) -> BodyGate:
    opening = rule.opening
    flags = opening.flags & ~re.UNICODE
    spaces = space_bound(opening.pattern, flags)
    # the index scan stops only after a character that is no letter or digit: an expression
    # right after a letter of its opening would never be looked up
    if spaces is None or not ends_with_break(opening.pattern, flags):
        raise ValueError(f"rule {rule.name!r}: index_by = 'body' needs a context that ends "
                         "with a space or punctuation and holds a bounded number of spaces")
    clitic = normalize_string(grammar.meta.get("proclitic", ""))
    return BodyGate(RuleIndex([rule.regex], clitic), spaces, match_tails(opening))


_SPACE_KEYS = "".join(sorted({char for char, read in _KEY if read == " "} | {" "}))


def space_bound(pattern: str, flags: int = 0) -> int | None:
    """The most characters the index reads as a space (`_KEY`) a match of `pattern` can
    hold; None: no bound (a repeat of what may match one)."""
    return _spaces(list(_parse.parse(pattern, flags)))


def _spaces(items: list[Any]) -> int | None:
    total = 0
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _c.LITERAL:
            count: int | None = int(chr(av) in _SPACE_KEYS)
        elif op is _c.IN:
            count = int(_may_read_space(av))
        elif op is _c.SUBPATTERN:
            count = _spaces(list(av[-1]))
        elif op is _c.BRANCH:
            counts = [_spaces(list(alternative)) for alternative in av[1]]
            count = None if None in counts else max(counts)  # type: ignore[type-var]
        elif op in _REPEATS:
            _, high, sub = av
            once = _spaces(list(sub))
            count = 0 if once == 0 else None if once is None or high == _c.MAXREPEAT \
                else once * high
        else:  # any character, a back-reference…: it may be a space, any number of times
            return None
        if count is None:
            return None
        total += count
    return total


def _may_read_space(av: Any) -> bool:
    """Whether a character class may match a character the index reads as a space."""
    for op, arg in av:
        if op is _c.LITERAL and chr(arg) not in _SPACE_KEYS:
            continue
        if op is _c.RANGE and not any(arg[0] <= ord(c) <= arg[1] for c in _SPACE_KEYS):
            continue
        if op is _c.CATEGORY and arg in (_c.CATEGORY_DIGIT, _c.CATEGORY_WORD):
            continue
        return True  # a space, a negated class or category: it may
    return False


def ends_with_break(pattern: str, flags: int = 0) -> bool:
    """Whether every match of `pattern` ends with a character that is no letter or digit
    (a space, punctuation), so that what follows it begins where the index scan stops."""
    return _ends_with_break(list(_parse.parse(pattern, flags)))


def _ends_with_break(items: list[Any]) -> bool:
    consuming = [(op, av) for op, av in items if op not in _ZERO_WIDTH]
    if not consuming:
        return False
    op, av = consuming[-1]
    if op is _c.LITERAL:
        return not _WORD.match(chr(av))
    if op is _c.IN:
        return all((o is _c.LITERAL and not _WORD.match(chr(a)))
                   or (o is _c.CATEGORY and a in (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD))
                   for o, a in av)
    if op is _c.SUBPATTERN:
        return _ends_with_break(list(av[-1]))
    if op is _c.BRANCH:
        return all(_ends_with_break(list(alternative)) for alternative in av[1])
    if op in _REPEATS:
        return av[0] >= 1 and _ends_with_break(list(av[2]))
    return False


_WORD = re.compile(WORD_CHAR)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


def negative_index(grammar: Any) -> RuleIndex:
    """The (cached) index of a compiled grammar's negative patterns."""
    return _cached(grammar, "negatives", lambda: list(grammar.negatives))


def _cached(grammar: Any, part: str, patterns: Any) -> RuleIndex:
    return derived(grammar, part, lambda: RuleIndex(
        patterns(), normalize_string(grammar.meta.get("proclitic", ""))))


def _readable_prefixes(pattern: str, flags: int) -> set[str] | None:
    """`prefixes`, or None for a pattern that ignores case (the index reads the text as is)."""
    return None if flags & re.IGNORECASE else prefixes(pattern, flags)


def prefixes(pattern: str, flags: int = 0, k: int = K) -> set[str] | None:
    """The texts (at most `k` characters) a match of `pattern` can begin with; None: any."""
    _MEMO.clear()
    found = _sequence(list(_parse.parse(pattern, flags)), k, True)
    _MEMO.clear()
    return None if found is None else {text for text, _ in found}


_ZERO_WIDTH = (_c.ASSERT, _c.ASSERT_NOT, _c.AT)
_AHEAD = "ahead"  # a look-ahead read as the text that follows
# one pattern's items expanded once per remaining length (a table trie is met many times)
_MEMO: dict[tuple[Any, int, int, bool], Prefixes | None] = {}


def _sequence(items: list[Any], k: int, last: bool = False) -> Prefixes | None:
    """The texts `items` can begin with; `last`: nothing the pattern reads follows them."""
    if not last and _only_ahead(items):
        # a look-ahead alone ("on\s|(?=monday|…)", a rule's context or none before a
        # weekday): the text from here on begins with one of its texts, read no further
        ahead = _sequence(list(items[0][1][1]), k, True)
        if ahead is not None and all(text for text, _ in ahead):
            return {(text, _OPEN) for text, _ in ahead}
    current: Prefixes = {("", _DONE)}
    # the items from `tail` on are the last: the pattern reads nothing after them
    tail = next((at for at in range(len(items) - 1, -1, -1)
                 if items[at][0] not in _ZERO_WIDTH), -1) if last else len(items)
    for at, (op, av) in enumerate(items):
        if all(not done or len(text) >= k for text, done in current):
            break
        if op is _c.LITERAL:  # one character more, never more texts (the commonest item)
            char = _key_char(chr(av))
            current = {(text + char, _DONE) if done and len(text) < k else (text, _OPEN)
                       for text, done in current}
            continue
        item_last = at >= tail
        if op is _c.ASSERT and av[0] == 1 and item_last:
            # a look-ahead with nothing after it to read: the text goes on with what it reads
            op = _AHEAD
        parts: list[tuple[str, bool, Prefixes | None]] = []  # a text and what may follow it
        size = 0  # the texts they make, less one per part
        for text, done in current:
            if not done or len(text) >= k:
                parts.append((text, _OPEN, None))
                continue
            memo_key = (op, id(av), k - len(text), item_last)
            if memo_key not in _MEMO:
                _MEMO[memo_key] = _item(op, av, k - len(text), item_last)
            item = _MEMO[memo_key]
            if item is None:
                if text == "":
                    return None
                parts.append((text, _OPEN, None))
                continue
            parts.append((text, done, item))
            size += len(item) - 1
        current = _extend(parts, k, size + len(parts))
    return {(text, _OPEN if len(text) >= k else done) for text, done in current}


def _only_ahead(items: list[Any]) -> bool:
    """Whether `items` are one positive look-ahead and nothing else."""
    return len(items) == 1 and items[0][0] is _c.ASSERT and items[0][1][0] == 1


def _extend(parts: list[tuple[str, bool, Prefixes | None]], k: int, size: int) -> Prefixes:
    """`_shorten` of the texts of `parts`, each followed by each of its continuations (None:
    the text is complete); `size`: how many texts that makes."""
    if size > 4 * _LIMIT:
        return _extend_by_length(parts, k)
    found: Prefixes = set()
    for text, done, item in parts:
        if item is None:
            found.add((text, done))
        else:
            found.update((text + more, more_done) for more, more_done in item)
    return _shorten(found, k)


def _extend_by_length(parts: list[tuple[str, bool, Prefixes | None]], k: int) -> Prefixes:
    """`_extend` without building a large product (up to `_LIMIT`² texts): the texts are cut
    to one length more at a time, up to the first length that gives more than `_LIMIT` of
    them, which `_shorten` then cuts back (its largest groups only)."""
    best: Prefixes = set()
    cuts: dict[tuple[int, int], Prefixes] = {}  # a continuation cut to a length
    for length in range(k + 1):
        level: Prefixes = set()
        for text, done, item in parts:
            rest = length - len(text)
            if item is None or rest < 0:
                level.add((text[:length], _OPEN if len(text) > length else done))
                continue
            cut = cuts.get((id(item), rest))
            if cut is None:
                cut = cuts[id(item), rest] = {
                    (more[:rest], _OPEN if len(more) > rest else more_done)
                    for more, more_done in item}
            level.update((text + more, more_done) for more, more_done in cut)
            if len(level) > _WHOLE_LEVEL * _LIMIT:
                return best
        if len(level) > _LIMIT:
            # the largest groups cut back to the length before, the others kept
            return _shorten(level, length)
        best = level
    return best


def _shorten(found: Prefixes, k: int) -> Prefixes:
    """At most `_LIMIT` of `found`: texts that share their first characters with others are
    cut to those, the longest and then the largest groups first; a text that shares
    them with no other is left whole (cutting it would leave as many)."""
    while len(found) > _LIMIT and k > 0:
        k -= 1
        found = _cut_largest(found, k)
    return found


def _cut_largest(found: Prefixes, k: int) -> Prefixes:
    """`found` with its largest groups of texts longer than `k` cut to their common first
    `k` characters, until at most `_LIMIT` are left or no group has two texts."""
    groups: dict[str, list[tuple[str, bool]]] = {}
    for text, done in found:
        if len(text) > k:
            groups.setdefault(text[:k], []).append((text, done))
    kept = set(found)
    excess = len(kept) - _LIMIT
    for head, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if excess <= 0 or len(members) < 2:
            break
        kept.difference_update(members)
        excess -= len(members)
        if (head, _OPEN) not in kept:
            kept.add((head, _OPEN))
            excess += 1
    return kept


def _item(op: Any, av: Any, k: int, last: bool = False) -> Prefixes | None:
    if k <= 0:
        return {("", _OPEN)}
    if op is _c.LITERAL:
        char = chr(av)
        return {(_key_char(char), _DONE)}
    if op is _c.IN:
        chars = _chars(av)
        return None if chars is None else {(char, _DONE) for char in chars}
    if op is _c.SUBPATTERN or op is _AHEAD:
        return _sequence(list(av[-1]), k, last)
    if op is _c.BRANCH:
        found: Prefixes = set()
        for alternative in av[1]:
            sub = _sequence(list(alternative), k, last)
            if sub is None:
                return None
            found |= sub
        return _shorten(found, k)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, high, sub_items = av
        if _is_space(list(sub_items)):  # a run of whitespace is one space in the key
            return {(" ", _DONE)} | ({("", _DONE)} if low == 0 else set())
        sub = _sequence(list(sub_items), k)
        if sub is None:
            return None
        if high == 1:
            found = sub
        elif len(sub) == 1 and len(text := next(iter(sub))[0]) == 1 \
                and next(iter(sub))[1] is _DONE:
            # one character repeated ([0-9]+ is "0"+): each count of it, then read on (not
            # one that anything may follow: "(?:\s+[^\W\d_]+){0,3}" is no run of spaces)
            found = {(text * n, _DONE) for n in range(min(max(low, 1), k), min(high, k) + 1)}
        else:
            found = _repeated(sub, low, high, k)
        return found | {("", _DONE)} if low == 0 else found
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return {("", _DONE)}
    return None


def _repeated(sub: Prefixes, low: int, high: int, k: int) -> Prefixes:
    """The texts `low` to `high` repeats of a group can begin with ("(?:,000)+": ",000",
    ",000,000"…), read on after each; a group whose own texts are cut short is read once."""
    if any(not done and len(text) < k for text, done in sub):
        return {(text, _OPEN) for text, _ in sub}
    found: Prefixes = set()
    level, n = sub, 1
    while True:
        if n >= low:
            found |= level
        if n >= high or all(len(text) >= k for text, _ in level) or len(found) > _LIMIT:
            break
        level = {((text + more)[:k], _DONE) for text, _ in level if len(text) < k
                 for more, _ in sub} | {item for item in level if len(item[0]) >= k}
        n += 1
    if len(found) > _LIMIT or not found:
        return {(text, _OPEN) for text, _ in sub}
    return found


def _chars(av: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, arg in av:
        if op is _c.LITERAL:
            chars.add(_key_char(chr(arg)))
        elif op is _c.RANGE:
            low, high = arg
            if high - low > 60:
                return None
            chars.update(_key_char(chr(c)) for c in range(low, high + 1))
        elif op is _c.CATEGORY and arg is _c.CATEGORY_DIGIT:
            chars.add("0")
        elif op is _c.CATEGORY and arg is _c.CATEGORY_SPACE:
            chars.add(" ")
        else:
            return None
    return chars


def _key_char(char: str) -> str:
    """A pattern's character as the index reads it (as `_KEY` reads the text)."""
    return " " if char.isspace() else "0" if char in "0123456789" else char


def _is_space(items: list[Any]) -> bool:
    if len(items) != 1:
        return False
    op, av = items[0]
    if op is _c.LITERAL:
        return chr(av).isspace()
    if op is _c.IN:
        return all((o is _c.CATEGORY and a is _c.CATEGORY_SPACE)
                   or (o is _c.LITERAL and chr(a).isspace()) for o, a in av)
    return False
