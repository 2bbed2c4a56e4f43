"""Known events as anchors: the gazetteer, recurring cycles, and event-dated references."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from timeline.anchors import load_gazetteer
from timeline.extract import extract

DCT = datetime(2024, 11, 7)


def _values(text: str, dct: datetime | None = DCT) -> dict[str, tuple[str, str | None, str]]:
    return {m.text: (m.value, m.mod, m.anchor) for m in extract(text, lang="ar", dct=dct).mentions}


def _event(key: str):
    return next(e for e in load_gazetteer().events if e.key == key)


@pytest.mark.parametrize(("on", "expected"), [
    (date(2024, 11, 7), "2024-11-05"),   # first Tuesday after the first Monday
    (date(2024, 11, 4), "2020-11-03"),   # before election day: the previous cycle
    (date(2017, 1, 1), "2016-11-08"),
    (date(2001, 1, 1), "2000-11-07"),
])
def test_us_election_cycles(on: date, expected: str) -> None:
    assert _event("us-presidential-election").occurrence(on).start == expected


def test_inauguration_follows_its_cycle() -> None:
    assert _event("us-inauguration").occurrence(date(2025, 3, 1)).start == "2025-01-20"


def test_recurring_event_needs_a_reference_date() -> None:
    assert _event("us-presidential-election").occurrence(None) is None


def test_after_the_election_in_a_us_story() -> None:
    got = _values("انضم ماسك إلى مكالمة بين ترامب وزيلينسكي بعد الانتخابات الأمريكية.")
    assert got["بعد الانتخابات الأمريكية"] == (
        "2024-11-05", "AFTER", "event:us-presidential-election-2024")


def test_day_after_the_election_with_clitic() -> None:
    got = _values("اتصل زيلينسكي بترامب في اليوم التالي للانتخابات الرئاسية الأمريكية.")
    assert got["اليوم التالي للانتخابات الرئاسية الأمريكية"][0] == "2024-11-06"


def test_generic_name_follows_the_articles_context() -> None:
    text = "قرب بداية الحرب ساعد ماسك أوكرانيا بعد غزو روسيا، وقال زيلينسكي إن كييف صمدت."
    got = _values(text)
    assert got["قرب بداية الحرب"] == ("2022-02-24", "APPROX", "event:russian-invasion-of-ukraine")
    assert got["بعد غزو روسيا"][:2] == ("2022-02-24", "AFTER")


def test_generic_name_without_context_is_not_guessed() -> None:
    # an election with nothing pointing at the US one stays untagged
    assert "بعد الانتخابات" not in _values("وقال الوزير إن الحكومة ستتغير بعد الانتخابات.")


def test_since_a_war_counts_from_its_end() -> None:
    got = _values("أول رئيس وزراء بريطاني يحضر المراسم منذ الحرب العالمية الثانية.")
    assert got["منذ الحرب العالمية الثانية"][:2] == ("1945", "AFTER")


def test_after_mod_opens_the_interval() -> None:
    mention = next(m for m in extract("وصل بعد الحرب العالمية الثانية", lang="ar").mentions)
    assert (mention.earliest, mention.latest) == ("1946-01-01", None)


def test_bad_gazetteer_entry_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "events.toml"
    bad.write_text('[[event]]\nkey = "ok"\nstart = "2020-01-01"\n\n'
                   '[[event]]\nkey = "broken"\nstart = "2020-13-45"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"events\.toml:6: known event broken"):
        load_gazetteer(bad)


def test_gazetteer_syntax_error_names_file(tmp_path: Path) -> None:
    bad = tmp_path / "events.toml"
    bad.write_text("[[event]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="events.toml"):
        load_gazetteer(bad)


def test_president_elect_windows_run_from_election_to_inauguration() -> None:
    gazetteer = load_gazetteer()
    period = next(p for p in gazetteer.periods if p.key == "us-president-elect")
    assert gazetteer.windows(period, 2024, 2024) == [(date(2024, 11, 6), date(2025, 1, 19))]


@pytest.mark.parametrize(("value", "duration", "sign", "expected"), [
    ("2022-02-24", "P2Y6M", 1, "2024-08-24"),
    ("2020-08-04", "P2D", 1, "2020-08-06"),
    ("2024-12-12", "P1W", -1, "2024-12-05"),
    ("2024-01-31", "P1M", 1, "2024-02-29"),  # the month's last day when it is shorter
    ("1945", "P10Y", 1, "1955"),
    ("1945", "P2D", 1, None),  # a year moved by days has no meaning
    ("2024-01-01", "PXD", 1, None),
])
def test_shift_value(value: str, duration: str, sign: int, expected: str | None) -> None:
    from timeline.anchors import shift_value

    assert shift_value(value, duration, sign) == expected


@pytest.mark.parametrize(("body", "problem"), [
    ('[[event]]\nkey = "a"\nstart = "2020-01-01"\n\n[[event]]\nkey = "a"\nstart = "2021"\n',
     r"events\.toml:6: known event a: key used twice"),
    ('[[event]]\nkey = "a"\nstart = "2020"\naliases.en = ["the war"]\n\n[[event]]\nkey = "b"\n'
     'start = "2021"\naliases.en = ["The War"]\n',
     r":7: known event b: alias 'The War' \(en\) also names a"),
    ('[[event]]\nkey = "a"\nstart = "2020-01-01"\n\n[[period]]\nkey = "p"\nafter = "a"\n'
     'until = "a"\n', r"events\.toml:6: known event p: after 'a' is not a recurring"),
    ('[[event]]\nkey = "a"\nstart = "2021"\nend = "2020"\n', r":2: known event a: end is before"),
    ('[[event]]\nkey = "a"\nstart = "2021"\naliases.en = "the thing"\n', "aliases must be lists"),
    ('[events]\nkey = "a"\n', "unknown section"),
    ('[[event]]\nkey = "a"\nstart = "2021"\ncategory = "war"\n[generic]\n'
     'en = { "the war" = "wars" }\n', "no event has category 'wars'"),
])
def test_bad_gazetteer_entries_fail_loudly(tmp_path: Path, body: str, problem: str) -> None:
    bad = tmp_path / "events.toml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_gazetteer(bad)


def test_the_shipped_gazetteer_loads_and_every_event_has_both_languages() -> None:
    gazetteer = load_gazetteer()
    for event in gazetteer.events:
        assert {"ar", "en"} <= set(event.aliases), event.key


def test_a_later_event_is_not_what_an_older_report_means() -> None:
    # "the war" in a 1991 report about Iraq is not the 2003 invasion
    text = "Baghdad's army massed troops before the war, an Iraq analyst said."
    assert not extract(text, lang="en", dct=datetime(1991, 2, 25)).mentions


@pytest.mark.parametrize(("spec", "problem"), [
    ({"name": "x", "pattern": "after the"}, "pattern has no {event}"),
    ({"name": "x", "pattern": "{duration} after {event}"}, "{duration} and offset go together"),
    ({"name": "x", "pattern": "after {event}", "mod": "LATER"}, "unknown mod 'LATER'"),
    ({"pattern": "after {event}"}, "missing name"),
])
def test_bad_event_rules_name_file_and_rule(spec: dict, problem: str) -> None:
    from timeline.anchors import _check_event_rule

    with pytest.raises(ValueError, match=re.escape(problem)) as err:
        _check_event_rule("en", {**spec, "source": "events.toml"})
    assert "timeline/lang/en/events.toml: event_rule" in str(err.value)
