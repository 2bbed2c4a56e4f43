"""Which rules can start where: an index of the literal prefixes of compiled rule patterns.

Trying every rule at every place where some rule could start costs a regex call per rule per
place, and a language has a hundred rules. Most rules can only begin with a few words (a
month name, "the third", "last"), so each rule's compiled pattern is read once (through
`sre_parse`) for the set of texts its matches can begin with, cut to `K` characters. The
tagger then looks the next `K` characters of each position up in that index and tries only
the rules it names, in rule order, which finds exactly the matches trying every rule would.

Whitespace is one space in the index: every whitespace character of the text is read as a
space, a run of them as one; a position whose next characters hold a longer run falls back
to trying every rule. Every ASCII digit is read as "0", in the text and in the patterns, so
that the index reads on past a number ("0000 days" for `[0-9]{4} days`) instead of sending
every number to every rule that can begin with one. A pattern whose start cannot be read (a
back-reference, a wide character class) is tried everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path
from re import _constants as _c  # type: ignore[attr-defined]  # (Python 3.11+)
from re import _parser as _parse  # type: ignore[attr-defined]
from typing import Any

from timeline.grammar import derived, for_text, optional_proclitic, prefix_free
from timeline.prefix_cache import cached_prefixes
from timeline.text import normalize_string

K = 10  # characters of lookahead in the index
# prefixes per pattern before they are shortened. 3,000 keeps the count rules' unit in their
# texts ("0 weeks a", not "0 we") and saves about 5 % of English extraction, but every process
# then loads a larger index: 1.1 s more of CPU before its first article even with the sets on
# disk (2.2 s more without), paid back only after some 60 MB of text
_LIMIT = 1000
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
        sources = [(regex.pattern.replace(optional, "", 1) if optional else regex.pattern,
                    regex.flags & ~re.UNICODE) for regex in patterns]
        for i, found in enumerate(cached_prefixes(sources, _readable_prefixes, Path(__file__))):
            if found is None or "" in found:
                self.always.append(i)
                continue
            for prefix in found:
                self.index.setdefault(prefix, []).append(i)
                self.space_start |= prefix.startswith(" ")
        self.every = list(range(len(patterns)))
        self.seen: dict[str, list[int]] = {}  # the next K characters -> their patterns
        heads = {key[:_HEAD] for key in self.index}
        # `keys`: where some whole indexed text begins (a regex trie), which is where a
        # lookup can name a rule at all; the group ends where the shortest such text does
        self.keys: re.Pattern[str] | None = None
        if self.always or self.space_start or not heads:
            self.starts = _ALL_POSITIONS
        else:  # only where the next characters begin some indexed text (a regex trie)
            self.starts = re.compile(rf"(?<![^\W_])(?={optional}{_trie(heads)})")
            # behind a character that is no letter or digit (a word start after it): the
            # regex engine skips in C to those, instead of testing every character for one
            self.keys = re.compile(rf"[\W_](?=({optional}{_trie(set(self.index))}))")

    def positions(self, text: str, windows: list[tuple[int, int]]
                  ) -> list[tuple[int, list[int]]]:
        """(position, pattern numbers) for each place in `windows` where some pattern may
        match, by position; what follows a position is read past its window's end."""
        key = _last_key(text)  # same length as text: positions carry over
        seen = self.seen
        if len(seen) > 100_000:
            seen.clear()
        found: list[tuple[int, list[int]]] = []
        for pos in self._starts(key, windows):
            ahead = key[pos:pos + K + _CLITIC]
            if "  " in ahead:  # a run of whitespace reads as one space in the index
                ahead = _collapse(key, pos)
            chosen = seen.get(ahead)
            if chosen is None:
                chosen = seen[ahead] = self._with_clitics(ahead)
            if chosen:
                found.append((pos, chosen))
        return found

    def _starts(self, key: str, windows: list[tuple[int, int]]) -> list[int]:
        """The positions of `windows` where an indexed text may begin: where a whole text of
        the index begins (`keys`), else where its first characters do (`starts`). The
        lookup of most positions the short `starts` finds names no pattern."""
        size = len(key)
        if self.keys is None:
            return [m.start() for lo, hi in windows
                    for m in self.starts.finditer(key, lo, min(size, hi + _PAST))
                    if m.start() < hi]
        found: list[int] = []
        keys = for_text(self.keys, key)  # (it stops at every character no letter or digit)
        for lo, hi in windows:
            if lo == 0 and self.starts.match(key):  # no character before it for `keys`
                found.append(0)  # (the lookup decides)
            found.extend(pos for m in keys.finditer(key, max(0, lo - 1), min(size, hi + _PAST))
                         if (pos := m.start(1)) < hi)
        return found

    def _with_clitics(self, ahead: str | None) -> list[int]:
        """The patterns for `ahead`, and for what follows each clitic it may begin with."""
        if ahead is None:
            return self.every
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


_HEAD = 3  # characters of the index checked by the position scan itself
_SPACE_RUN = re.compile(" {2,}")


_CLITIC = 3  # the longest proclitic a position is looked up past
# characters past a window's end `keys` may read: as far as a lookup reads (`_collapse`)
_PAST = 4 * (K + _CLITIC)


_last: tuple[str, str] = ("", "")  # the last text read and its key


def _last_key(text: str) -> str:
    """`_index_key(text)`, once for the rules and the negatives of the same text. The pair
    is read and replaced whole, so threads of one server never mix two texts' keys."""
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


def _collapse(key: str, pos: int) -> str | None:
    """The next K (+ clitic) characters from `pos` with whitespace runs read as one space.

    A paragraph break ("\n\n") would otherwise make a position look unindexable and send it
    to every rule. None when even 4*K characters of text do not give that many once collapsed.
    """
    want = K + _CLITIC
    chunk = _SPACE_RUN.sub(" ", key[pos:pos + 4 * want])
    if len(chunk) >= want or pos + 4 * want >= len(key):
        return chunk[:want]
    return None


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


def rule_index(grammar: Any) -> RuleIndex:
    """The (cached) index of a compiled grammar's rules."""
    return _cached(grammar, "rules", lambda: [rule.regex for rule in grammar.rules])


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
        elif len(sub) == 1 and len(text := next(iter(sub))[0]) == 1:
            # one character repeated ([0-9]+ is "0"+): each count of it, then read on
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


def required_words(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Texts one of which every match of `regex` contains (None: no such set was found).

    A cheap test before a costly search: where none of them occurs, the regex cannot match.
    Of the sets a pattern offers (a literal run, the alternatives of a group), the one whose
    shortest text is longest is kept, the later one on a tie ("the end of": "end", since a
    phrase tends to open with its commonest words).
    """
    if regex.flags & re.IGNORECASE:
        return None
    found = _required(list(_parse.parse(regex.pattern, regex.flags & ~re.UNICODE)))
    return frozenset(found) if found else None


def _required(items: list[Any]) -> set[str] | None:
    best: set[str] | None = None

    def keep(texts: set[str] | None) -> None:
        nonlocal best
        if texts and min(map(len, texts)) >= (min(map(len, best)) if best else 1):
            best = texts

    run = ""  # the literal characters read in a row
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        keep({run} if run else None)
        run = ""
        if op is _c.SUBPATTERN:
            keep(_required(list(av[-1])))
        elif op is _c.BRANCH:
            options = [_required(list(alternative)) for alternative in av[1]]
            if all(options):
                keep(set().union(*options))  # type: ignore[arg-type]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            keep(_required(list(av[2])))
    keep({run} if run else None)
    return best


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
