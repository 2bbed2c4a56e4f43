"""English corpus: every rule family, with the cases it must find and those it must not.

Each line of tests/corpus/en.jsonl is {"text", "dct", "expected": [{"text", "value"?,
"type"?}], "note"?}, news-like sentences written for this project. A positive case passes
when every expected mention is found with exactly that text (and value and type when given);
a negative case ("expected": []) passes when nothing at all is found.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.dates import parse_dct
from timeline.extract import extract

CORPUS = Path(__file__).parent / "corpus" / "en.jsonl"


def _cases() -> list[dict]:
    with CORPUS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c.get("note") or c["text"][:30])
def test_corpus_case(case: dict) -> None:
    result = extract(case["text"], lang="en", dct=parse_dct(case.get("dct")))
    found = {m.text: m for m in result.mentions}
    if not case["expected"]:
        assert not result.mentions, [(m.text, m.value) for m in result.mentions]
        return
    for want in case["expected"]:
        assert want["text"] in found, (want["text"], sorted(found))
        got = found[want["text"]]
        if want.get("value") is not None:
            assert got.value == want["value"], (want["text"], got.value, got.rule)
        if want.get("type"):
            assert got.type == want["type"], (want["text"], got.type)


def test_corpus_is_large_enough() -> None:
    cases = _cases()
    assert len(cases) >= 80
    assert sum(1 for c in cases if not c["expected"]) >= 15


def test_every_rule_example_is_found() -> None:
    """Each English rule's `example` is tagged."""
    from timeline.grammar import load_grammar
    from timeline.tagger import tag
    from timeline.text import normalize

    grammar = load_grammar("en")
    missing = [rule.name for rule in grammar.rules
               if not tag(grammar, normalize(rule.example).text)]
    assert not missing, missing
    # and each resolves to a mention (a rule whose fields the resolver cannot read is dead)
    dct = parse_dct("2024-11-07")
    unresolved = [rule.name for rule in grammar.rules
                  if not extract(rule.example, lang="en", dct=dct).mentions]
    assert not unresolved, unresolved


_SCRIPT = """
import sys
from datetime import datetime
from timeline.extract import extract
extract(sys.stdin.read(), lang="en", dct=datetime(2024, 11, 7))
"""

# inputs that would hang a catastrophically backtracking pattern
_PATHOLOGICAL = {
    "digits": "1" * 20_000,
    "slashed": "12/" * 7_000,
    "dashed": "12-" * 7_000,
    "dotted": "12." * 7_000,
    "colons": "12:" * 7_000,
    "words": "the " * 5_000,
    "months": "may march " * 2_000,
    "numbers": "twenty-one " * 2_000,
    "ago": "two days ago " * 1_500,
    "spaces": " " * 20_000,
    "commas": "Nov. 7, " * 2_500,
}


@pytest.mark.parametrize("name", sorted(_PATHOLOGICAL))
def test_long_input_is_tagged_in_bounded_time(name: str) -> None:
    result = subprocess.run([sys.executable, "-c", _SCRIPT], input=_PATHOLOGICAL[name],
                            text=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
