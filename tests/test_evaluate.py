"""Tests for the TempEval-3-style scorer, on small hand-written English and Arabic fixtures.

Every expected figure below was worked out by hand from the fixture; offsets are located with
`span()` so the fixtures stay readable.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from timeline.evaluate import (
    Report,
    format_errors,
    format_table,
    load_cases,
    normalize_value,
    report_to_json,
    score,
)


def span(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of `sub` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def mention(text: str, sub: str, type_: str = "DATE", value: str | None = None, **extra: Any):
    """A gold or system mention dict for `sub` in `text`."""
    start, end = span(text, sub, extra.pop("nth", 0))
    out: dict[str, Any] = {"start": start, "end": end, "text": sub, "type": type_}
    if value is not None:
        out["value"] = value
    out.update(extra)
    return out


def case(
    case_id: str,
    text: str,
    expected: list[dict[str, Any]],
    lang: str = "en",
    match: str = "spans",
    traps: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": case_id,
        "lang": lang,
        "text": text,
        "dct": "2013-02-12T04:30:00-02:00",
        "match": match,
        "expected": expected,
    }
    if traps is not None:
        out["traps"] = traps
    return out


EN = "Talks resumed on 12 March 2013 and ended on Friday, officials said."
AR = "انضم ماسك إلى المكالمة يوم الأربعاء ولم يرد على الفور."


# --------------------------------------------------------------------------------------------
# Span matching
# --------------------------------------------------------------------------------------------


def test_perfect_match() -> None:
    gold = [
        mention(EN, "12 March 2013", value="2013-03-12"),
        mention(EN, "Friday", value="2013-03-15"),
    ]
    report = score([case("c1", EN, gold)], {"c1": [dict(g) for g in gold]})
    s = report.overall
    assert (s.cases, s.gold, s.system, s.strict, s.relaxed) == (1, 2, 2, 2, 2)
    assert (s.strict_precision, s.strict_recall, s.strict_f1) == (1.0, 1.0, 1.0)
    assert (s.relaxed_precision, s.relaxed_recall, s.relaxed_f1) == (1.0, 1.0, 1.0)
    assert (s.value_accuracy, s.value_f1) == (1.0, 1.0)
    assert (s.type_accuracy, s.type_f1) == (1.0, 1.0)
    assert s.interval_accuracy is None
    assert s.trap_hits == 0
    assert not any(s.errors().values())


def test_partial_overlap_is_relaxed_not_strict() -> None:
    gold = [
        mention(EN, "12 March 2013", value="2013-03-12"),
        mention(EN, "Friday", value="2013-03-15"),
    ]
    system = [
        mention(EN, "March 2013", value="2013-03-12"),  # overlaps gold 1 only partly
        mention(EN, "Friday", value="2013-03-15"),  # exact
        mention(EN, "officials"),  # overlaps nothing
    ]
    s = score([case("c1", EN, gold)], {"c1": system}).overall
    # gold 2, system 3, strict 1, relaxed 2
    assert (s.gold, s.system, s.strict, s.relaxed) == (2, 3, 1, 2)
    assert s.strict_precision == pytest.approx(1 / 3)
    assert s.strict_recall == pytest.approx(1 / 2)
    assert s.strict_f1 == pytest.approx(0.4)  # 2 * 1 / (2 + 3)
    assert s.relaxed_precision == pytest.approx(2 / 3)
    assert s.relaxed_recall == pytest.approx(1.0)
    assert s.relaxed_f1 == pytest.approx(0.8)  # 2 * 2 / (2 + 3)
    assert s.value_accuracy == 1.0
    assert s.value_f1 == pytest.approx(0.8)
    assert [(e.start, e.end) for e in s.false_alarms] == [span(EN, "officials")]
    assert s.misses == []


def test_two_system_spans_on_one_gold_count_once() -> None:
    gold = [mention(EN, "12 March 2013", value="2013-03-12")]
    system = [
        mention(EN, "12 March", value="2013-03-12"),  # overlap 8
        mention(EN, "March 2013", value="2013-03-12"),  # overlap 10: wins
    ]
    s = score([case("c1", EN, gold)], {"c1": system}).overall
    assert (s.gold, s.system, s.strict, s.relaxed) == (1, 2, 0, 1)
    assert s.relaxed_precision == 0.5
    assert s.relaxed_recall == 1.0
    assert s.relaxed_f1 == pytest.approx(2 / 3)
    assert [(e.start, e.end) for e in s.false_alarms] == [span(EN, "12 March")]


def test_one_system_span_on_two_golds_counts_once() -> None:
    gold = [mention(EN, "12 March", value="XXXX-03-12"), mention(EN, "2013", value="2013")]
    system = [mention(EN, "12 March 2013", value="2013-03-12")]
    s = score([case("c1", EN, gold)], {"c1": system}).overall
    # Overlaps 8 and 4: the system span goes to "12 March"; "2013" is missed.
    assert (s.gold, s.system, s.strict, s.relaxed) == (2, 1, 0, 1)
    assert s.relaxed_precision == 1.0
    assert s.relaxed_recall == 0.5
    assert [e.text for e in s.misses] == ["2013"]
    assert [e.text for e in s.wrong_values] == ["12 March"]


def test_strict_pair_is_taken_before_an_equal_overlap() -> None:
    gold = [mention(EN, "March 2013", value="2013-03")]
    # Both overlap the gold by 10; the exact one must win even though it is listed second.
    system = [
        mention(EN, "12 March 2013", value="2013-03-12"),
        mention(EN, "March 2013", value="2013-03"),
    ]
    s = score([case("c1", EN, gold)], {"c1": system}).overall
    assert (s.strict, s.relaxed, s.system) == (1, 1, 2)
    assert s.value_accuracy == 1.0
    assert [e.text for e in s.false_alarms] == ["12 March 2013"]


# --------------------------------------------------------------------------------------------
# Optional gold and traps
# --------------------------------------------------------------------------------------------


def test_optional_gold_matched_and_unmatched() -> None:
    text = "Earlier, talks resumed on Friday."
    gold = [
        mention(text, "Friday", value="2013-02-15"),
        mention(text, "Earlier", value="PAST_REF", optional=True),
    ]
    cases = [case("found", text, gold), case("skipped", text, gold)]
    predictions = {
        # matches the optional gold: neither a true nor a false positive
        "found": [
            mention(text, "Friday", value="2013-02-15"),
            mention(text, "Earlier", value="PAST_REF"),
        ],
        # leaves the optional gold out: not a miss
        "skipped": [mention(text, "Friday", value="2013-02-15")],
    }
    s = score(cases, predictions).overall
    assert (s.gold, s.system, s.strict, s.relaxed, s.optional_matched) == (2, 2, 2, 2, 1)
    assert (s.strict_precision, s.strict_recall, s.strict_f1) == (1.0, 1.0, 1.0)
    assert s.misses == []
    assert s.false_alarms == []
    assert s.value_accuracy == 1.0


def test_optional_gold_does_not_steal_a_required_match() -> None:
    text = "in the past week"
    gold = [
        mention(text, "past week", value="2013-W06"),
        mention(text, "the past week", value="2013-W06", optional=True),
    ]
    # The system span overlaps both by 4; the tie goes to the required gold.
    s = score([case("c1", text, gold)], {"c1": [mention(text, "week", value="2013-W06")]}).overall
    assert (s.gold, s.system, s.relaxed, s.optional_matched) == (1, 1, 1, 0)


def test_trap_hit_is_a_flagged_false_alarm() -> None:
    start, end = span(AR, "على الفور")
    trap = {"start": start, "end": end, "text": "على الفور", "why": "manner, not a date"}
    gold = [mention(AR, "يوم الأربعاء", value="2013-02-13")]
    system = [
        mention(AR, "يوم الأربعاء", value="2013-02-13"),
        mention(AR, "الفور", type_="TIME", value="PRESENT_REF"),  # inside the trap
        mention(AR, "ماسك", value="2013"),  # plain false alarm
    ]
    s = score([case("a1", AR, gold, lang="ar", traps=[trap])], {"a1": system}).overall
    assert (s.gold, s.system, s.strict, s.relaxed, s.trap_hits) == (1, 3, 1, 1, 1)
    assert s.strict_precision == pytest.approx(1 / 3)
    assert s.strict_f1 == pytest.approx(0.5)  # 2 * 1 / (1 + 3)
    assert [(e.text, e.trap) for e in s.false_alarms] == [
        ("الفور", "manner, not a date"),
        ("ماسك", None),
    ]


# --------------------------------------------------------------------------------------------
# Values, types, intervals
# --------------------------------------------------------------------------------------------


def test_alt_values_are_accepted() -> None:
    text = "He arrived Friday and left Sunday."
    gold = [
        mention(text, "Friday", value="2013-02-15", alt_values=["2013-02-08"]),
        mention(text, "Sunday", alt_values=["2013-02-10", "2013-02-17"]),  # no main value
    ]
    system = [
        mention(text, "Friday", value="2013-02-08"),  # the alternative: right
        mention(text, "Sunday", value="2013-02-24"),  # neither: wrong
    ]
    s = score([case("c1", text, gold)], {"c1": system}).overall
    assert (s.value_gold, s.value_correct) == (2, 1)
    assert s.value_accuracy == 0.5
    assert s.value_f1 == 0.5  # relaxed F1 1.0 x 0.5
    [wrong] = s.wrong_values
    assert (wrong.case_id, wrong.text) == ("c1", "Sunday")
    assert (wrong.gold_value, wrong.system_value) == ("2013-02-10 | 2013-02-17", "2013-02-24")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2013-02-12T04:30:00", "2013-02-12T04:30"),
        ("2013-02-12T15:00", "2013-02-12T15"),
        ("2013-02-12T15:00:00", "2013-02-12T15"),
        ("2013-02-12T15:30:00", "2013-02-12T15:30"),
        ("2013-02-12T15:00:30", "2013-02-12T15:00:30"),
        ("2013-02-12T04:30:00-02:00", "2013-02-12T04:30"),
        ("2013-02-12T04:30-0200", "2013-02-12T04:30"),
        ("2013-02-12T04:30:00Z", "2013-02-12T04:30"),
        ("2013-02-12T04:30:00.000+02:00", "2013-02-12T04:30"),
        ("2013-02", "2013-02"),  # a month, not a time zone
        ("2013-02-12", "2013-02-12"),
        ("P3D", "P3D"),
        ("2000-W7", "2000-W07"),  # a week number without ISO's padding
        ("2016-11-07 16:12:00", "2016-11-07T16:12"),  # a space for the T
        ("2016-11-07 16:00:00", "2016-11-07T16"),
        ("2000-W17", "2000-W17"),
        ("2000-W7-WE", "2000-W07-WE"),
        ("XXXX-XX-XXT15:00", "T15"),  # an unknown date written out before a clock time
        ("XXXX-XX-15T07", "XXXX-XX-15T07"),  # a known day of the month stays
        (None, None),
    ],
)
def test_normalize_value(raw: str | None, expected: str | None) -> None:
    assert normalize_value(raw) == expected


def test_a_range_value_compares_with_start_and_end() -> None:
    text = "Open from 5 to 6pm, closed 9-10 am, shut 1-2 pm."
    gold = [mention(text, "5 to 6pm", alt_values=["(T17,T18,PT1H)"]),
            mention(text, "9-10 am", value="(2024-11-07T09,2024-11-07T10:00:00,PT1H)"),
            mention(text, "1-2 pm", value="(2024-11-07T13,2024-11-07T14,PT1H)")]
    system = [mention(text, "5 to 6pm", value="T17", end_value="T18"),
              mention(text, "9-10 am", value="2024-11-07T09:00", end_value="2024-11-07T10"),
              mention(text, "1-2 pm", value="2024-11-07T13")]  # no end: not the range
    s = score([case("r1", text, gold)], {"r1": system}).overall
    assert (s.value_gold, s.value_correct) == (3, 2)
    years = "Sales rose between 2014 and 2018."
    gold = [mention(years, "between 2014 and 2018", value="(2014-01-01,2018-01-01,P4Y)")]
    for end, right in (("2018", 1), ("2019", 0)):
        system = [mention(years, "between 2014 and 2018", value="2014", end_value=end)]
        assert score([case("r2", years, gold)], {"r2": system}).overall.value_correct == right


def test_values_compare_after_normalisation() -> None:
    text = "at 4:30 on Tuesday, at 3 pm, and at 4:31"
    gold = [
        mention(text, "4:30", "TIME", "2013-02-12T04:30:00"),
        mention(text, "Tuesday", "DATE", "2013-02-12"),
        mention(text, "3 pm", "TIME", "2013-02-12T15:00"),
        mention(text, "4:31", "TIME", "2013-02-12T04:31-02:00"),
    ]
    system = [
        mention(text, "4:30", "TIME", "2013-02-12T04:30-02:00"),  # tz + seconds: right
        mention(text, "Tuesday", "TIME", "2013-02-12"),  # right value, wrong type
        mention(text, "3 pm", "TIME", "2013-02-12T15"),  # trimmed minutes: right
        mention(text, "4:31", "TIME", "2013-02-12T04:30Z"),  # a minute off: wrong
    ]
    s = score([case("c1", text, gold)], {"c1": system}).overall
    assert (s.value_gold, s.value_correct, s.type_correct) == (4, 3, 3)
    assert s.value_accuracy == 0.75
    assert s.type_accuracy == 0.75
    assert s.type_f1 == 0.75
    assert [e.text for e in s.wrong_values] == ["4:31"]
    [wrong_type] = s.wrong_types
    assert (wrong_type.text, wrong_type.gold["type"], wrong_type.system["type"]) == (
        "Tuesday",
        "DATE",
        "TIME",
    )


def test_interval_scoring() -> None:
    text = "from 13 to 15 July, then 20 to 22 July, early March"
    gold = [
        mention(text, "13 to 15 July", interval=["2013-07-13", "2013-07-15"]),
        mention(text, "20 to 22 July", interval=["2013-07-20", "2013-07-22"]),
        mention(
            text, "early March", value="2013-03", mod="START", interval=["2013-03-01", "2013-03-10"]
        ),
    ]
    system = [
        mention(
            text, "13 to 15 July", value="2013-07-13", earliest="2013-07-13", latest="2013-07-15"
        ),
        mention(
            text, "20 to 22 July", value="2013-07-20", earliest="2013-07-20", latest="2013-07-21"
        ),
        mention(
            text,
            "early March",
            value="2013-03",
            mod="START",
            earliest="2013-03-01",
            latest="2013-03-10",
        ),
    ]
    s = score([case("c1", text, gold)], {"c1": system}).overall
    # Interval-only golds are not value-scored: only "early March" counts for value.
    assert (s.value_gold, s.value_correct) == (1, 1)
    assert (s.interval_gold, s.interval_correct) == (3, 2)
    assert s.interval_accuracy == pytest.approx(2 / 3)
    [wrong] = s.wrong_intervals
    assert wrong.text == "20 to 22 July"
    assert s.wrong_values == []


def test_interval_only_gold_leaves_value_figures_undefined() -> None:
    text = "13 to 15 July"
    gold = [mention(text, text, interval=["2013-07-13", "2013-07-15"])]
    system = [mention(text, text, value="X", earliest="2013-07-13", latest="2013-07-15")]
    s = score([case("c1", text, gold)], {"c1": system}).overall
    assert s.value_accuracy is None
    assert s.value_f1 is None
    assert s.interval_accuracy == 1.0


# --------------------------------------------------------------------------------------------
# whole_text cases
# --------------------------------------------------------------------------------------------


def test_whole_text_strict_ignores_punctuation_and_leading_preposition() -> None:
    ar_text = "في 29 يوليو 1938"
    en_text = "at 5pm."
    en_text2 = "last Friday"
    cases = [
        case("ar", ar_text, [mention(ar_text, ar_text, value="1938-07-29")], "ar", "whole_text"),
        case("en", en_text, [mention(en_text, en_text, "TIME", "T17")], match="whole_text"),
        # "last" is not a preposition: overlap only.
        case(
            "en2", en_text2, [mention(en_text2, en_text2, value="2013-02-08")], match="whole_text"
        ),
        # The same spans in a `spans` case are not strict.
        case("spans", en_text, [mention(en_text, en_text, "TIME", "T17")]),
    ]
    predictions = {
        "ar": [mention(ar_text, "29 يوليو 1938", value="1938-07-29")],
        "en": [mention(en_text, "5pm", "TIME", "T17")],
        "en2": [mention(en_text2, "Friday", value="2013-02-08")],
        "spans": [mention(en_text, "5pm", "TIME", "T17")],
    }
    report = score(cases, predictions)
    assert (report.by_lang["ar"].strict, report.by_lang["ar"].relaxed) == (1, 1)
    en = report.by_lang["en"]
    assert (en.gold, en.system, en.strict, en.relaxed) == (3, 3, 1, 3)
    assert en.strict_f1 == pytest.approx(1 / 3)
    assert en.relaxed_f1 == 1.0


# --------------------------------------------------------------------------------------------
# Languages and zero denominators
# --------------------------------------------------------------------------------------------


def test_per_language_split() -> None:
    en_gold = [mention(EN, "12 March 2013", value="2013-03-12"), mention(EN, "Friday")]
    ar_gold = [mention(AR, "يوم الأربعاء", value="2013-02-13")]
    cases = [case("en1", EN, en_gold), case("ar1", AR, ar_gold, lang="ar")]
    predictions = {
        "en1": [mention(EN, "12 March 2013", value="2013-03-12")],
        "ar1": [mention(AR, "الأربعاء", value="2013-02-06"), mention(AR, "ماسك")],
    }
    report = score(cases, predictions)
    assert list(report.by_lang) == ["ar", "en"]
    en, ar, all_ = report.by_lang["en"], report.by_lang["ar"], report.overall
    assert (en.gold, en.system, en.strict, en.relaxed) == (2, 1, 1, 1)
    assert (en.relaxed_precision, en.relaxed_recall) == (1.0, 0.5)
    assert en.relaxed_f1 == pytest.approx(2 / 3)
    assert en.value_accuracy == 1.0
    assert (ar.gold, ar.system, ar.strict, ar.relaxed) == (1, 2, 0, 1)
    assert (ar.relaxed_precision, ar.relaxed_recall) == (0.5, 1.0)
    assert ar.value_accuracy == 0.0
    assert ar.value_f1 == 0.0
    assert (all_.cases, all_.gold, all_.system, all_.strict, all_.relaxed) == (2, 3, 3, 1, 2)
    assert all_.strict_f1 == pytest.approx(1 / 3)
    assert all_.relaxed_f1 == pytest.approx(2 / 3)
    assert all_.value_accuracy == 0.5
    assert all_.value_f1 == pytest.approx(1 / 3)
    assert [e.lang for e in all_.misses] == ["en"]
    assert [e.lang for e in all_.false_alarms] == ["ar"]


def test_zero_denominators() -> None:
    text = "Nothing to see here."
    gold = [mention(text, "Nothing")]
    cases = [case("fa", text, [], lang="ar"), case("miss", text, gold, lang="xx")]
    # "miss" is absent from the predictions: scored as found nothing.
    report = score(cases, {"fa": [mention(text, "see"), mention(text, "here")]})
    empty = score([case("empty", text, [])], {}).overall
    assert (empty.gold, empty.system) == (0, 0)
    ratios = (
        "strict_precision", "strict_recall", "strict_f1", "relaxed_precision", "relaxed_recall",
        "relaxed_f1", "value_accuracy", "value_f1", "type_accuracy", "type_f1", "interval_accuracy",
    )  # fmt: skip
    assert [name for name in ratios if getattr(empty, name) is not None] == []

    fa = report.by_lang["ar"]  # only false alarms: precision 0, recall undefined
    assert (fa.gold, fa.system) == (0, 2)
    assert (fa.relaxed_precision, fa.relaxed_recall, fa.relaxed_f1) == (0.0, None, 0.0)
    assert fa.type_accuracy is None

    miss = report.by_lang["xx"]  # only misses: precision undefined, recall 0
    assert (miss.gold, miss.system) == (1, 0)
    assert (miss.strict_precision, miss.strict_recall, miss.strict_f1) == (None, 0.0, 0.0)

    table = format_table(score([case("empty", text, [])], {}))
    assert table.splitlines()[2].split() == ["en", "0", "0"] + ["-"] * 10 + ["0"]


def test_unknown_prediction_ids_are_reported() -> None:
    report = score([case("c1", EN, [])], {"c1": [], "typo": []})
    assert report.unscored_ids == ["typo"]


def test_accepts_objects_with_to_dict() -> None:
    from timeline.mention import Mention

    start, end = span(EN, "Friday")
    gold = [mention(EN, "Friday", value="2013-03-15")]
    system = [Mention(start=start, end=end, text="Friday", type="DATE", value="2013-03-15")]
    s = score([case("c1", EN, gold)], {"c1": system}).overall
    assert (s.strict, s.value_correct) == (1, 1)


# --------------------------------------------------------------------------------------------
# Loading and output
# --------------------------------------------------------------------------------------------


def test_load_cases_skips_blank_lines(tmp_path) -> None:
    path = tmp_path / "gold.jsonl"
    lines = [json.dumps(case("a", "x", [])), "", "   ", json.dumps(case("b", "y", [])), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert [c["id"] for c in load_cases(path)] == ["a", "b"]


def test_load_cases_names_the_bad_line(tmp_path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(case("a", "x", [])) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        load_cases(str(path))


def _sample_report() -> tuple[list[dict[str, Any]], Report]:
    text = "First line\nThe meeting was on 12 March 2013 and again on Friday, and more text here."
    gold = [
        mention(text, "12 March 2013", value="2013-03-12"),
        mention(text, "Friday", value="2013-03-15", mod="END"),
    ]
    cases = [case("c1", text, gold)]
    predictions = {"c1": [mention(text, "Friday", value="2013-03-08"), mention(text, "more")]}
    return cases, score(cases, predictions)


def test_format_table_rows_and_numbers() -> None:
    _, report = _sample_report()
    lines = format_table(report).splitlines()
    assert lines[0].split() == [
        "lang", "gold", "sys", "str.P", "str.R", "str.F1", "rel.P", "rel.R", "rel.F1",
        "val.acc", "val.F1", "type.acc", "int.acc", "traps",
    ]  # fmt: skip
    # gold 2, sys 2, 1 match: P = R = F1 = 0.5; value 0/1; type 1/1
    expected = ["2", "2"] + ["0.500"] * 6 + ["0.000", "0.000", "1.000", "-", "0"]
    assert lines[2].split() == ["en", *expected]
    assert lines[3].split() == ["all", *expected]
    assert len({len(line) for line in lines[:2]}) == 1


def test_report_to_json() -> None:
    _, report = _sample_report()
    data = report_to_json(report)
    json.dumps(data)
    assert data["overall"]["relaxed_f1"] == 0.5
    assert data["overall"]["interval_accuracy"] is None
    assert data["by_lang"]["en"]["gold"] == 2
    assert "errors" not in data["overall"]
    with_errors = report_to_json(report, with_errors=True)
    json.dumps(with_errors, ensure_ascii=False)
    errors = with_errors["overall"]["errors"]
    assert [len(errors[k]) for k in ("misses", "false_alarms", "wrong_values")] == [1, 1, 1]
    assert errors["wrong_values"][0]["gold"]["mod"] == "END"


def test_format_errors() -> None:
    cases, report = _sample_report()
    out = format_errors(report, cases, limit=5)
    assert "== Misses (1, showing 1)" in out
    assert "== False alarms (1, showing 1)" in out
    assert "== Wrong values (1, showing 1)" in out
    assert "[c1] 30-43 «12 March 2013»" in out
    assert "gold=2013-03-15 (DATE)  sys=2013-03-08 (DATE)  gold.mod=END" in out
    # ~40 characters either side, the newline shown as ⏎
    assert (
        "First line⏎The meeting was on ⟦12 March 2013⟧ and again on Friday, and more text here…"
        in out
    )
    assert format_errors(report, cases, limit=0).count("[c1]") == 0


@pytest.mark.parametrize("line", [
    '{"id": "x", "text": 5}',
    '{"id": "a", "text": "in 2022", "expected": "oops"}',
    '{"id": "a", "text": "in 2022", "expected": [{"start": 0}]}',
    '{"id": "a", "text": "in 2022", "expected": [{"start": 3, "end": 99}]}',
    '{"id": "a", "text": "in 2022", "traps": [7]}',
])
def test_unscorable_case_is_reported_with_its_line(tmp_path, line):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "ok", "text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_cases(gold)


@pytest.mark.parametrize(
    ("gold", "system", "right"),
    [
        ("PT1.5H", "PT1H30M", True),
        ("P0.5Y", "P6M", True),
        ("P3M", "P1Q", True),
        ("P1.25Y", "P1Y3M", True),
        ("P1D", "PT24H", True),
        ("P2W", "P14D", True),
        ("P1DE", "P10Y", True),
        ("PT1.5H", "PT1H", False),
        ("P1M", "P30D", False),  # a month is no fixed number of days
        ("PXD", "PXD", True),  # equal strings, whatever they say
        ("PXD", "P3D", False),
    ],
)
def test_durations_compare_by_length(gold: str, system: str, right: bool) -> None:
    text = "It lasted a while."
    g = [mention(text, "a while", "DURATION", gold)]
    s = score([case("d", text, g)], {"d": [mention(text, "a while", "DURATION", system)]})
    assert s.overall.value_correct == int(right)


def test_a_period_compares_with_the_system_interval() -> None:
    text = "Sales fell in Q4 2016 and rose in the 15th century, then in Q1 2013."
    gold = [mention(text, "Q4 2016", alt_values=["2015-10-01", "2016-01-01",
                                                 "2016-10-01", "2017-01-01"]),
            mention(text, "the 15th century", value="(1400-01-01,1500-01-01,P100Y)"),
            mention(text, "Q1 2013", value="(2013-01-01,2013-04-01,P3M)")]
    system = [mention(text, "Q4 2016", value="2016-Q4", earliest="2016-10-01",
                      latest="2016-12-31"),
              mention(text, "the 15th century", value="14", earliest="1400-01-01",
                      latest="1499-12-31"),
              mention(text, "Q1 2013", value="2013-Q2", earliest="2013-04-01",
                      latest="2013-06-30")]  # the wrong quarter
    s = score([case("p", text, gold)], {"p": system}).overall
    assert (s.value_gold, s.value_correct) == (3, 2)
    assert [e.text for e in s.wrong_values] == ["Q1 2013"]


def test_alternatives_beside_a_main_value_are_not_a_period() -> None:
    text = "We met on Monday."
    gold = [mention(text, "Monday", value="XXXX-WXX-1", alt_values=["2016-10-31", "2016-11-07"])]
    week = [mention(text, "Monday", value="2016-W44", earliest="2016-10-31",
                    latest="2016-11-06")]
    assert score([case("m", text, gold)], {"m": week}).overall.value_correct == 0
