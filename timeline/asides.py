""""Read also" links inside an article: their dates tell of other stories."""

from __future__ import annotations

import re
from functools import cache

from timeline.grammar import Grammar, word_matches
from timeline.literal_gate import may_match
from timeline.mention import Mention
from timeline.tagger import span_containment
from timeline.text import NormalizedText, normalize_string


def find_asides(grammar: Grammar, norm: NormalizedText) -> list[tuple[int, int]]:
    """Original-text spans of the "read also" links the grammar's `aside` marker opens."""
    marker = grammar.meta.get("aside")
    if not marker:
        return []
    text = norm.text
    if not may_match(_aside_regex(marker), text, 0, len(text)):
        return []  # none of the texts every marker holds: most articles link nowhere
    return aside_spans(norm, marker)


def aside_spans(norm: NormalizedText, marker: str) -> list[tuple[int, int]]:
    """Original-text spans of "read also" links (`marker` a regex of their openers): the rest
    of the marker's line, or, when the marker ends its line ("اقرأ أيضًا:"), the lines up to a
    blank one."""
    text = norm.text
    spans = []
    # (word_matches: the regex opens with the word-start test, tried at every character)
    for start, after, _ in word_matches(_aside_regex(marker), text):
        end = text.find("\n", after)
        end = len(text) if end < 0 else end
        if not text[after:end].strip(" :.-"):  # a heading: the links follow, one a line
            first = end
            while first < len(text) and text[first] in "\n ":
                first += 1
            blank = text.find("\n\n", first)
            end = len(text) if blank < 0 else blank
        spans.append(norm.span_to_original(start, end))
    return spans


@cache
def _aside_regex(marker: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])(?:{normalize_string(marker)})(?![^\W_])")


def mark_asides(spans: list[tuple[int, int]], mentions: list[Mention]) -> None:
    """Flag mentions inside "read also" links: they date other stories, not this one."""
    if not spans:
        return
    inside = span_containment(spans)
    for mention in mentions:
        if inside(mention.start, mention.end):
            mention.extra["aside"] = True
