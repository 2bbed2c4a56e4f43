"""What text every match of a compiled pattern ends with, read off the pattern itself.

A modifier before a candidate ("about", "the end of") is a regex searched through the
characters before the candidate and anchored at its start (`\\s*$`). Its search tries every
one of those positions, and almost every search fails. But a match ends where the candidate
starts, so the text before the candidate, its whitespace left out, must end with one of the
texts the pattern's matches can end with ("about", "of"…): one `str.endswith` in C decides
that before the search is paid for.

`match_tails` reads the pattern (through `sre_parse`) from its last item back, collecting
the literal characters every match must end with: the alternatives of a group give one
text each, a repeat is read once, zero-width items (look-arounds, anchors) are skipped and
whitespace at the end is left out as `str.rstrip` leaves it. Where an item cannot be read
(a class of many characters, a back-reference) the texts stop growing there; where one of
them would be empty, there is no test (None).
"""

from __future__ import annotations

import re
from re import _constants as _c  # type: ignore[attr-defined]  # (Python 3.11+)
from re import _parser as _parse  # type: ignore[attr-defined]
from typing import Any

_LONGEST = 12  # characters kept of a text: a longer one tells little more
_MOST = 200  # texts kept; with more, the pattern gets no test
# texts read before those implied by others are dropped: an optional proclitic (و/ف, then
# ب/ل/ك) multiplies each text by its forms ("ومن", "فلمن"…) while reading, and every such
# form ends with the plain text, which implies it at the end (19 texts, not 228)
_MOST_READ = 10 * _MOST
_FEW_CHARS = 8  # a class of at most this many literal characters gives a text per character

# A text read so far, from the end of the match back, and whether more characters may still
# be put before it (False: it stops here, the items before are not read into it). "" open is
# the match's trailing whitespace, which the text before a candidate is compared without.
Tail = tuple[str, bool]
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))
_ZERO_WIDTH = (_c.ASSERT, _c.ASSERT_NOT, _c.AT)


class _Unreadable(Exception):
    """The pattern offers no useful test (too many texts, or a case-insensitive part)."""


def match_tails(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Texts one of which every match of `regex` ends with once its trailing whitespace is
    stripped (`m.group().rstrip().endswith(tails)`); None when no such set was found (a
    match may end in anything, or be whitespace alone)."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        found = _sequence(list(_parse.parse(regex.pattern, regex.flags & ~re.UNICODE)),
                          {("", True)})
    except _Unreadable:
        return None
    texts = {text for text, _ in found}
    if "" in texts:
        return None
    # a text that ends with another is implied by it ("ومن" by "من"; each of its shorter
    # ends looked up, not every pair of texts compared)
    kept = tuple(sorted(t for t in texts if not any(t[i:] in texts for i in range(1, len(t)))))
    return None if len(kept) > _MOST else kept


def _sequence(items: list[Any], tails: set[Tail]) -> set[Tail]:
    """`tails` with what the items before them put in front, the last item read first."""
    for op, av in reversed(items):
        if not any(open_ for _, open_ in tails):
            break
        tails = _item(op, av, tails)
        if len(tails) > _MOST_READ:
            raise _Unreadable
    return tails


def _item(op: Any, av: Any, tails: set[Tail]) -> set[Tail]:
    if op in _ZERO_WIDTH:
        return tails
    if op is _c.LITERAL:
        return _chars({chr(av)}, False, tails)
    if op is _c.IN:
        return _chars(*_class_chars(av), tails)
    if op is _c.SUBPATTERN:
        if av[1] & re.IGNORECASE:  # (?i:…)
            raise _Unreadable
        return _sequence(list(av[-1]), tails)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(list(av), tails)
    if op is _c.BRANCH:
        found: set[Tail] = set()
        for alternative in av[1]:
            found |= _sequence(list(alternative), tails)
        return found
    if op in _REPEATS:
        low, high, sub = av
        found = set(tails) if low == 0 else set()
        if high == 0:
            return tails
        for tail in tails:
            once = _sequence(list(sub), {tail})
            if high > 1:  # a text the last repetition changed may have more before it: stop
                once = {(text, open_ and (text, open_) == tail) for text, open_ in once}
            found |= once
        return found
    return _chars(None, False, tails)  # anything else (ANY, a back-reference…): unknown


def _class_chars(av: Any) -> tuple[set[str] | None, bool]:
    """The characters of a class `[…]` when it is a few literals, and whether it holds
    `\\s` (any whitespace); None for anything wider."""
    chars: set[str] = set()
    space = False
    for op, arg in av:
        if op is _c.LITERAL:
            chars.add(chr(arg))
        elif op is _c.CATEGORY and arg is _c.CATEGORY_SPACE:
            space = True
        else:
            return None, space
    return (chars if len(chars) <= _FEW_CHARS else None), space


def _chars(chars: set[str] | None, space: bool, tails: set[Tail]) -> set[Tail]:
    """Each open text with one of `chars` (or, with `space`, any whitespace) before it; None:
    some character not known. At the end of the match whitespace is left out, as `rstrip`
    takes it off."""
    found: set[Tail] = set()
    for text, open_ in tails:
        if not open_:
            found.add((text, False))
        elif text == "" and chars is not None and all(c.isspace() for c in chars):
            found.add(("", True))  # still the trailing whitespace
        elif chars is None or space or (text == "" and any(c.isspace() for c in chars)):
            found.add((text, False))  # a character not known (or whitespace or not)
        else:
            found.update((c + text, len(text) + 1 < _LONGEST) for c in chars)
    return found
