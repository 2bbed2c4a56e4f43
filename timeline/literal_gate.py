"""A cheap test before a regex's search in a window: the literal texts every match holds.

The words a resource reads right before a date (`past_before`, `compared_before`,
`habitual`, `daily_hours`) open with a look-behind, so the regex engine tries them at every
character of the window, each try a call into its matcher: most windows hold none of their
words, and learning that costs far more than a search for the words themselves, which the
engine skips through by their first letters. A window without one of the texts a match must
hold cannot hold a match, so the search itself is spared; with one, it runs as before, and
finds what it would have found.

Read from the compiled pattern (no words of any language here): the texts of its literal
runs (a run of letters, or an alternation of a few, with look-arounds between), one run per
alternative, the longest run chosen. Only what a match consumes counts: a look-around's
words may lie outside the window. The same texts gate the tagger's modifiers, the event
phrases of `anchors` and the "read also" markers (`required_texts`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _constants as _c  # type: ignore[attr-defined]  # (Python 3.11+, as required)
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from timeline.grammar import derived

_MAX_TEXTS = 64  # texts of one run kept (an alternation of words times their endings)
# texts of a gate shorter than this are in nearly every window ("to", "at"): a gate of them
# would cost a scan and spare no search, so the regex is searched without one
_MIN_GATE_CHARS = 3
_ZERO_WIDTH = (_c.ASSERT, _c.ASSERT_NOT, _c.AT)


def search_gated(regex: re.Pattern[str], text: str, pos: int, endpos: int
                 ) -> re.Match[str] | None:
    """`regex.search(text, pos, endpos)`, spared when the window holds none of the texts
    every match of `regex` holds (`required_texts`)."""
    return regex.search(text, pos, endpos) if may_match(regex, text, pos, endpos) else None


def may_match(regex: re.Pattern[str], text: str, pos: int, endpos: int) -> bool:
    """Whether the window holds one of the texts every match of `regex` holds (True when no
    such texts are known): where it holds none, `regex` finds nothing there."""
    gate = gate_of(regex)
    return gate is None or gate.search(text, pos, endpos) is not None


def gate_of(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """The search for the texts every match of `regex` holds, made once per regex (None: no
    gate worth its scan)."""
    return derived(regex, "literal_gate", lambda: _build_gate(regex))


def _build_gate(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    texts = required_texts(regex)
    if not texts or min(map(len, texts)) < _MIN_GATE_CHARS:
        return None
    return re.compile("|".join(re.escape(text) for text in sorted(texts)), regex.flags)


def required_texts(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Texts one of which every match of `regex` consumes whole; None when the pattern has
    no such texts that can be read (a class, a back-reference, a case ignored)."""
    if regex.flags & re.IGNORECASE or not isinstance(regex.pattern, str):
        return None
    found = _required(list(_parser.parse(regex.pattern, regex.flags)))
    return None if found is None else frozenset(found)


def _required(items: list[Any]) -> set[str] | None:
    """For a sequence of parsed items: the best of its runs of literal texts and of what its
    groups require."""
    best: set[str] | None = None
    run = {""}  # the texts of the current run of items with known texts
    for op, av in items:
        texts = _texts(op, av)
        if texts is not None and (texts == {""} or "" not in texts):
            longer = {a + b for a in run for b in texts}
            if len(longer) <= _MAX_TEXTS:
                run = longer
                continue
            best = _better(best, _closed(run))
            run = texts
            continue
        # an optional piece, or one of unknown texts, ends the run: what comes after it
        # need not follow the run's texts directly
        best = _better(_better(best, _closed(run)), _required_item(op, av))
        run = {""}
    return _better(best, _closed(run))


def _closed(run: set[str]) -> set[str] | None:
    return None if "" in run else run


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more telling set: the longer shortest text (a rarer word), then fewer texts, then
    the later one ("the end of": "end", since a phrase tends to open with its commonest
    words)."""
    if a is None or b is None:
        return a if b is None else b
    return a if (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b)) else b


def _required_item(op: Any, av: Any) -> set[str] | None:
    if op is _c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _required(list(av[-1]))
    if op is _c.ATOMIC_GROUP:
        return _required(list(av))
    if op is _c.BRANCH:  # one of each alternative's
        return _union(av[1], _required)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _required(list(av[2]))  # (its first time at least)
    return None


def _union(options: list[Any], read: Callable[[list[Any]], set[str] | None]
           ) -> set[str] | None:
    """The texts `read` gives for each alternative, together; None if one gives none."""
    found: set[str] = set()
    for option in options:
        sub = read(list(option))
        if sub is None:
            return None
        found |= sub
    return found


def _texts(op: Any, av: Any) -> set[str] | None:
    """Every text a parsed item can consume, when they are few and known ("" for a
    look-around or an anchor, which consume none)."""
    if op is _c.LITERAL:
        return {chr(av)}
    if op in _ZERO_WIDTH:
        return {""}
    if op is _c.IN:
        if any(item_op is not _c.LITERAL for item_op, _ in av):
            return None
        return {chr(code) for _, code in av}
    if op is _c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _sequence_texts(list(av[-1]))
    if op is _c.BRANCH:
        found = _union(av[1], _sequence_texts)
        return found if found is not None and len(found) <= _MAX_TEXTS else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[:2] == (0, 1):
        sub = _sequence_texts(list(av[2]))
        return None if sub is None else sub | {""}
    return None


def _sequence_texts(items: list[Any]) -> set[str] | None:
    texts = {""}
    for op, av in items:
        more = _texts(op, av)
        if more is None:
            return None
        texts = {a + b for a in texts for b in more}
        if len(texts) > _MAX_TEXTS:
            return None
    return texts
