"""timeline/intervals.py: the closed [earliest, latest] interval of a TIMEX3 value and mod.

Every expectation here is computed by hand from the cut-offs in the module docstring.
"""

from __future__ import annotations

from datetime import date

import pytest

from timeline.intervals import interval, period


def d(text: str) -> date:
    return date.fromisoformat(text)


def iv(value: str, mod: str | None = None) -> tuple[str | None, str | None] | None:
    got = interval(value, mod)
    if got is None:
        return None
    return tuple(x.isoformat() if x else None for x in got)  # type: ignore[return-value]


# ---------------------------------------------------------------- plain periods


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-11-06", ("2024-11-06", "2024-11-06")),
    ("2024-11-06T14:30", ("2024-11-06", "2024-11-06")),
    ("2022", ("2022-01-01", "2022-12-31")),
    ("2024-11", ("2024-11-01", "2024-11-30")),
    ("2024-12", ("2024-12-01", "2024-12-31")),
    ("2024-02", ("2024-02-01", "2024-02-29")),  # leap year
    ("2023-02", ("2023-02-01", "2023-02-28")),
    ("2000-02", ("2000-02-01", "2000-02-29")),  # divisible by 400: leap
    ("1900-02", ("1900-02-01", "1900-02-28")),  # divisible by 100: not leap
    ("2024-W45", ("2024-11-04", "2024-11-10")),  # Monday to Sunday
    ("2024-W01", ("2024-01-01", "2024-01-07")),
    ("2025-W01", ("2024-12-30", "2025-01-05")),  # ISO week 1 starts in the previous year
    ("2020-W53", ("2020-12-28", "2021-01-03")),
    ("2024-W46-WE", ("2024-11-16", "2024-11-17")),  # a weekend: its Saturday and Sunday
    ("2024-Q1", ("2024-01-01", "2024-03-31")),
    ("2024-Q2", ("2024-04-01", "2024-06-30")),
    ("2024-Q3", ("2024-07-01", "2024-09-30")),
    ("2022-Q4", ("2022-10-01", "2022-12-31")),
    ("2024-H1", ("2024-01-01", "2024-06-30")),
    ("2024-H2", ("2024-07-01", "2024-12-31")),
    ("2024-SP", ("2024-03-01", "2024-05-31")),
    ("2024-SU", ("2024-06-01", "2024-08-31")),
    ("2024-FA", ("2024-09-01", "2024-11-30")),
    ("2023-WI", ("2023-12-01", "2024-02-29")),  # winter crosses into a leap February
    ("2024-WI", ("2024-12-01", "2025-02-28")),
    ("199", ("1990-01-01", "1999-12-31")),
    ("202", ("2020-01-01", "2029-12-31")),
    ("19", ("1900-01-01", "1999-12-31")),
    ("20", ("2000-01-01", "2099-12-31")),
])
def test_plain_value(value: str, expected: tuple[str, str]) -> None:
    assert iv(value) == expected
    assert period(value) == (d(expected[0]), d(expected[1]))


def test_approx_and_unknown_mods_keep_the_period() -> None:
    assert iv("2022", "APPROX") == ("2022-01-01", "2022-12-31")
    assert iv("2022", "MORE_THAN") == ("2022-01-01", "2022-12-31")


# ---------------------------------------------------------------- part of period


@pytest.mark.parametrize(("value", "mod", "expected"), [
    # a year in thirds by months: Jan-Apr, May-Aug, Sep-Dec
    ("2022", "START", ("2022-01-01", "2022-04-30")),
    ("2022", "MID", ("2022-05-01", "2022-08-31")),
    ("2022", "END", ("2022-09-01", "2022-12-31")),  # "late 2022"
    # a month by days: 1-10, 11-20, 21-last
    ("2024-11", "START", ("2024-11-01", "2024-11-10")),
    ("2024-11", "MID", ("2024-11-11", "2024-11-20")),
    ("2024-11", "END", ("2024-11-21", "2024-11-30")),
    ("2024-10", "END", ("2024-10-21", "2024-10-31")),
    ("2024-02", "END", ("2024-02-21", "2024-02-29")),
    ("2023-02", "END", ("2023-02-21", "2023-02-28")),
    # a decade by years: 0-3, 4-6, 7-9
    ("199", "START", ("1990-01-01", "1993-12-31")),
    ("199", "MID", ("1994-01-01", "1996-12-31")),
    ("199", "END", ("1997-01-01", "1999-12-31")),
    # a century by decades: 00-32, 33-65, 66-99
    ("19", "START", ("1900-01-01", "1932-12-31")),
    ("19", "MID", ("1933-01-01", "1965-12-31")),
    ("19", "END", ("1966-01-01", "1999-12-31")),
    # anything else in thirds of its days: a week of 7 days is 2 + 2 + 3
    ("2024-W45", "START", ("2024-11-04", "2024-11-05")),
    ("2024-W45", "MID", ("2024-11-06", "2024-11-07")),
    ("2024-W45", "END", ("2024-11-08", "2024-11-10")),
    # a quarter of 92 days: 30 + 30 + 32
    ("2024-Q4", "START", ("2024-10-01", "2024-10-30")),
    ("2024-Q4", "MID", ("2024-10-31", "2024-11-29")),
    ("2024-Q4", "END", ("2024-11-30", "2024-12-31")),
    # winter 2023/24 has 91 days: 30 + 30 + 31, and its end is in the next year
    ("2023-WI", "START", ("2023-12-01", "2023-12-30")),
    ("2023-WI", "END", ("2024-01-30", "2024-02-29")),
])
def test_part_of_period(value: str, mod: str, expected: tuple[str, str]) -> None:
    assert iv(value, mod) == expected


@pytest.mark.parametrize("value", ["2022", "2024-02", "2023-02", "199", "19", "2024-W45",
                                   "2024-Q1", "2024-WI", "2024-H2"])
def test_parts_tile_the_period(value: str) -> None:
    first, last = period(value)
    parts = [interval(value, mod) for mod in ("START", "MID", "END")]
    assert parts[0][0] == first and parts[2][1] == last
    for (_, a_end), (b_start, _) in zip(parts, parts[1:], strict=False):
        assert (b_start - a_end).days == 1
    assert all(start <= end for start, end in parts)


# ---------------------------------------------------------------- open ends


@pytest.mark.parametrize(("value", "mod", "expected"), [
    ("2022", "AFTER", ("2023-01-01", None)),
    ("2022", "BEFORE", (None, "2021-12-31")),
    ("2024-11", "AFTER", ("2024-12-01", None)),
    ("2024-03", "BEFORE", (None, "2024-02-29")),
    ("2024-11-06", "AFTER", ("2024-11-07", None)),
    ("2024-11-06", "BEFORE", (None, "2024-11-05")),
    ("2024-11-06", "ON_OR_AFTER", ("2024-11-06", None)),
    ("2024-11-06", "ON_OR_BEFORE", (None, "2024-11-06")),
    ("2022-Q4", "ON_OR_BEFORE", (None, "2022-12-31")),
    ("199", "AFTER", ("2000-01-01", None)),
    ("2024-W45", "EQUAL_OR_MORE", ("2024-11-04", None)),
    ("2024-W45", "EQUAL_OR_LESS", (None, "2024-11-10")),
])
def test_open_ended_mods(value: str, mod: str, expected: tuple) -> None:
    assert iv(value, mod) == expected


# ---------------------------------------------------------------- not on the calendar


@pytest.mark.parametrize("value", [
    "2023-02-29", "2024-02-30", "2024-04-31", "2024-13", "2024-00", "2024-13-01",
    "2021-W53", "2024-W00", "2024-W54", "0000",
])
def test_impossible_dates_are_none(value: str) -> None:
    assert interval(value) is None
    assert interval(value, "END") is None


@pytest.mark.parametrize("value", [
    "PAST_REF", "PRESENT_REF", "FUTURE_REF", "P2Y", "P2Y6M", "P1D", "PT3H", "XXXX-09",
    "XXXX-WXX-3", "2024-Q5", "2024-XX", "", "yesterday", "2", "20245",
])
def test_non_calendar_values_are_none(value: str) -> None:
    assert interval(value) is None
    assert interval(value, "START") is None
    assert interval(value, "AFTER") is None


# ---------------------------------------------------------------- edge cases (once defects)


@pytest.mark.parametrize("mod", ["START", "MID", "END"])
def test_part_of_a_single_day_is_that_day(mod: str) -> None:
    # a period shorter than three days used to split into empty thirds (earliest > latest)
    assert iv("2024-11-06", mod) == ("2024-11-06", "2024-11-06")


@pytest.mark.parametrize(("value", "mod"), [("0001", "BEFORE"), ("9999", "AFTER"),
                                            ("000", "BEFORE"), ("999", "AFTER")])
def test_open_ends_at_the_edge_of_the_calendar_do_not_raise(value: str, mod: str) -> None:
    # these used to raise OverflowError
    got = interval(value, mod)
    assert got is None or None in got


_VALUES = ["2024-11-06", "2024-W45", "2024-11", "2024-02", "2024-Q4", "2024-WI", "2024",
           "202", "20", "2024-H1", "0001", "9999", "000", "999", "00", "99"]
_MODS = [None, "START", "MID", "END", "AFTER", "BEFORE", "ON_OR_AFTER", "ON_OR_BEFORE", "APPROX",
         "EQUAL_OR_MORE", "EQUAL_OR_LESS"]


@pytest.mark.parametrize("value", _VALUES)
def test_intervals_are_never_reversed(value: str) -> None:
    for mod in _MODS:
        got = interval(value, mod)
        assert got is not None, mod
        earliest, latest = got
        if earliest and latest:
            assert earliest <= latest, mod
