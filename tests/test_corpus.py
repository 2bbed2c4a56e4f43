"""Language corpora: every rule family, with the cases it must find and those it must not.

Each line of tests/corpus/<lang>.jsonl is {"text", "dct", "locale"?, "needs_dct"?, "expected":
[{"text", "value"?, "type"?, "end_value"?}], "note"?}, news-like sentences written for this
project. A positive case passes when every expected mention is found with exactly that text
(and value, type and range end when given); a negative case ("expected": []) passes when
nothing at all is found. Without its reference date a positive case's mentions are still found
(with open values), unless `needs_dct` says the reading depends on it (a generic event name).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.dates import parse_dct
from timeline.extract import extract
from timeline.grammar import load_grammar
from timeline.tagger import tag
from timeline.text import normalize

CORPORA = Path(__file__).parent / "corpus"
LANGUAGES = ("ar", "en")


def _cases(lang: str) -> list[dict]:
    with (CORPORA / f"{lang}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _all_cases() -> list:
    return [pytest.param(lang, case, id=f"{lang}:{case.get('note') or case['text'][:30]}")
            for lang in LANGUAGES for case in _cases(lang)]


@pytest.mark.parametrize(("lang", "case"), _all_cases())
def test_corpus_case(lang: str, case: dict) -> None:
    result = extract(case["text"], lang=lang, dct=parse_dct(case.get("dct")),
                     locale=case.get("locale"))
    found = {m.text: m for m in result.mentions}
    # words the case's sentence holds that must be no mention ("10 minutes in [the first
    # half]" of a match, beside a mention that must be found)
    for text in case.get("absent", []):
        assert text not in found, (text, found[text].value)
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
        if want.get("end_value"):
            assert got.extra.get("end_value") == want["end_value"], (want["text"], got.extra)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_a_reference_date_nothing_is_lost(lang: str) -> None:
    lost = []
    for case in _cases(lang):
        if not case["expected"] or case.get("needs_dct"):
            continue
        found = {m.text for m in extract(case["text"], lang=lang, locale=case.get("locale"))
                 .mentions}
        lost += [(w["text"], case["text"]) for w in case["expected"] if w["text"] not in found]
    assert not lost


@pytest.mark.parametrize("lang", LANGUAGES)
def test_corpus_is_large_enough(lang: str) -> None:
    cases = _cases(lang)
    assert len(cases) >= 80
    assert sum(1 for c in cases if not c["expected"]) >= 15


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_example_is_found(lang: str) -> None:
    """Each rule's `example` is tagged."""
    grammar = load_grammar(lang)
    missing = [rule.name for rule in grammar.rules
               if not tag(grammar, normalize(rule.example).text)]
    assert not missing, missing


def test_every_english_rule_example_resolves() -> None:
    """A rule whose fields the resolver cannot read is dead: each example gives a mention."""
    grammar = load_grammar("en")
    dct = parse_dct("2024-11-07")
    unresolved = [rule.name for rule in grammar.rules
                  if not extract(rule.example, lang="en", dct=dct).mentions]
    assert not unresolved, unresolved


def test_every_arabic_rule_fires_somewhere_in_the_corpus() -> None:
    """Every Arabic rule and modifier family has at least one corpus case that uses it."""
    grammar = load_grammar("ar")
    fired: set[str] = set()
    for case in _cases("ar"):
        result = extract(case["text"], lang="ar", dct=parse_dct(case.get("dct")))
        for mention in result.mentions:
            fired.update((mention.rule or "").split("+"))
    names = [r.name for r in grammar.rules] + [m.name for m in grammar.modifiers]
    assert [n for n in names if n not in fired] == []


def test_read_also_links_are_flagged_aside() -> None:
    text = ("قال الوزير أمس إن المحادثات مستمرة.\n"
            "شاهد أيضًا: قمة المناخ تنطلق في 11 نوفمبر\n"
            "اقرأ أيضًا:\n\nانتخابات 2020 في الولايات المتحدة\nقمة 2019 في أوساكا\n\n"
            "وفي أكتوبر 2022 اقترح ماسك خطة للسلام.")
    result = extract(text, lang="ar", dct=parse_dct("2024-11-07"))
    flagged = {m.text: bool(m.extra.get("aside")) for m in result.mentions}
    assert flagged == {"أمس": False, "11 نوفمبر": True, "2020": True, "2019": True,
                       "أكتوبر 2022": False}
