"""Anchoring corpus: references dated through known events, counted spans from an event, the
story's own anchors, unknown anchors, and the reference date inferred when none is given.

Each line of tests/corpus/anchors.jsonl is one story: `articles` (text, optional dct and
lang), `expected` mentions (`article` index, text, and any of value, type, mod, anchor,
anchor_source, unresolved, reaches, event), optional `absent` texts that must not be tagged, and
optional `dct` (per article: the reference date used and whether it was inferred). A story of
one article goes through `extract`, a longer one through `extract_story`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from timeline.dates import parse_dct
from timeline.extract import extract
from timeline.mention import Extraction, Mention
from timeline.reference_date import StoryArticle, extract_story

CORPUS = Path(__file__).parent / "corpus" / "anchors.jsonl"
KINDS = {"known_event", "recurring", "offset", "measure", "corpus", "unknown", "none",
         "inferred_dct"}


def _cases() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _run(case: dict[str, Any]) -> list[Extraction]:
    articles = case["articles"]
    if len(articles) == 1:
        one = articles[0]
        return [extract(one["text"], lang=one.get("lang", case["lang"]),
                        dct=parse_dct(one.get("dct")))]
    return extract_story([StoryArticle(f"article-{i + 1}", a["text"],
                                       a.get("lang", case["lang"]), parse_dct(a.get("dct")))
                          for i, a in enumerate(articles)])


def _check(got: Mention, want: dict[str, Any]) -> None:
    for key in ("value", "type", "mod", "anchor"):
        if key in want:
            assert getattr(got, key) == want[key], (want["text"], key, getattr(got, key))
    if "anchor_source" in want:
        assert got.extra.get("anchor_source", "").startswith(want["anchor_source"] + ":"), \
            got.extra
    if "unresolved" in want:
        assert got.extra.get("unresolved") is want["unresolved"], got.extra
        assert got.confidence is not None and got.confidence < 0.5  # never presented as sure
        assert got.earliest is None and got.latest is None
    if "event" in want:  # a year that qualifies an event names it
        assert got.extra.get("event") == want["event"], got.extra
    if "reaches" in want:
        reaches = got.extra.get("reaches", {})
        assert {k: reaches.get(k) for k in want["reaches"]} == want["reaches"], reaches


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_anchoring_case(case: dict[str, Any]) -> None:
    results = _run(case)
    for want in case["expected"]:
        found = {m.text: m for m in results[want.get("article", 0)].mentions}
        assert want["text"] in found, (want["text"], sorted(found))
        _check(found[want["text"]], want)
    for text in case.get("absent", []):
        assert all(text not in m.text for r in results for m in r.mentions), text
    for result, want_dct in zip(results, case.get("dct", []), strict=False):
        used = result.dct_used.date().isoformat() if result.dct_used else None
        assert (used, result.dct_inferred) == (want_dct["value"], want_dct["inferred"])


def test_corpus_covers_every_kind_in_both_languages() -> None:
    cases = _cases()
    assert {c["kind"] for c in cases} == KINDS
    for kind in KINDS - {"none"}:
        langs = {a.get("lang", c["lang"]) for c in cases if c["kind"] == kind
                 for a in c["articles"]}
        assert {"ar", "en"} <= langs, kind
    assert any(len(c["articles"]) > 1 for c in cases if c["kind"] == "corpus")


def test_values_from_an_inferred_date_are_less_sure() -> None:
    text = ("Donors spent millions in the 2024 campaign. Zelensky called Trump the day after "
            "the election. In September, a report said so.")
    given = {m.text: m for m in extract(text, lang="en", dct=parse_dct("2024-11-07")).mentions}
    guessed = extract(text, lang="en")
    assert guessed.dct_inferred
    for mention in guessed.mentions:
        if mention.anchor != "absolute":  # "2024" is sure whatever the reference date
            assert mention.confidence < given[mention.text].confidence, mention.text
