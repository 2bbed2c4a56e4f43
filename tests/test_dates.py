"""timeline/dates.py: parse_dct, the reference dates clients send."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from timeline.dates import iso_day, parse_corpus_dct, parse_dct


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-11-07", datetime(2024, 11, 7)),
    ("2024-02-29", datetime(2024, 2, 29)),
    ("  2024-11-07\n", datetime(2024, 11, 7)),
    ("2024-11-07T10:30", datetime(2024, 11, 7, 10, 30)),
    ("2024-11-07T10:30:15", datetime(2024, 11, 7, 10, 30, 15)),
    ("2024-11-07 10:30:15", datetime(2024, 11, 7, 10, 30, 15)),
    ("2024-11-07T10:30:15.250", datetime(2024, 11, 7, 10, 30, 15, 250000)),
    ("2024-11-07T10:30:00Z", datetime(2024, 11, 7, 10, 30)),
    ("2024-11-07T10:30:00+03:00", datetime(2024, 11, 7, 10, 30)),
    ("2013-02-12T04:30:00-02:00", datetime(2013, 2, 12, 4, 30)),
    ("2024-11-07T10:30:00z", datetime(2024, 11, 7, 10, 30)),  # RFC 3339 lower-case z
    ("2024-11-07Z", datetime(2024, 11, 7)),
    ("٢٠٢٤-١١-٠٧", datetime(2024, 11, 7)),  # Arabic-Indic digits
    ("۲۰۲۴-۱۱-۰۷T10:00", datetime(2024, 11, 7, 10)),  # extended (Persian) digits
])
def test_iso_dates_and_datetimes(value: str, expected: datetime) -> None:
    got = parse_dct(value)
    assert got == expected
    assert got.tzinfo is None


def test_offsets_keep_the_local_wall_clock_date() -> None:
    # The article's own calendar date is what relative words resolve against: 23:30 in
    # New York on the 7th is still the 7th, even though it is the 8th in UTC.
    assert parse_dct("2024-11-07T23:30:00-05:00") == datetime(2024, 11, 7, 23, 30)
    assert parse_dct("2024-11-08T01:00:00+14:00").date().isoformat() == "2024-11-08"


@pytest.mark.parametrize("value", [None, ""])
def test_missing_means_unknown(value: str | None) -> None:
    assert parse_dct(value) is None


@pytest.mark.parametrize("value", [
    "garbage", "yesterday", "Nov 7 2024", "07/11/2024", "2024-02-30", "2023-02-29",
    "2024-13-01", "2024-11-07T25:00", "2024-11-07T10:61", "2024-11", "2024", "٢٠٢٤-١١-٠٧x",
    "2024-11-07T10:30:00+25:00", "Z", "   ",
])
def test_garbage_is_a_value_error_naming_the_input(value: str) -> None:
    with pytest.raises(ValueError, match="not an ISO date") as info:
        parse_dct(value)
    assert repr(value) in str(info.value)


@pytest.mark.parametrize("value", [20241107, 2024.11, b"2024-11-07", ["2024-11-07"], {}])
def test_non_strings_are_a_value_error_naming_the_type(value: object) -> None:
    with pytest.raises(ValueError, match="must be an ISO date string") as info:
        parse_dct(value)  # type: ignore[arg-type]
    assert type(value).__name__ in str(info.value)


@pytest.mark.parametrize(("value", "expected"), [
    ("2013-02-12T04:30:00-02:00", datetime(2013, 2, 12, 4, 30)),
    ("03-02-2009", datetime(2009, 3, 2)),  # MEANTIME's dates, month first
    ("Nov 7 2024", datetime(2024, 11, 7)),
    (None, None),
])
def test_corpus_dates_are_iso_or_written(value: str | None, expected: datetime | None) -> None:
    assert parse_corpus_dct(value) == expected


@pytest.mark.parametrize("value", ["garbage", "yesterday", "in 2 days", "1234567890"])
def test_corpus_dates_are_never_relative_or_garbage(value: str) -> None:
    with pytest.raises(ValueError, match="is not a date") as info:
        parse_corpus_dct(value)
    assert repr(value) in str(info.value)


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-11-07", date(2024, 11, 7)), ("2024-11-07T10:30:00", date(2024, 11, 7)),
    (date(2024, 11, 7), date(2024, 11, 7)), (None, None), ("", None),
    ("unknown", None), ("07/11/2024", None), ("2024-02-30", None)])
def test_iso_day_is_the_day_or_none_never_an_error(value: object, expected: date | None) -> None:
    # the one helper events, the timeline builder and its evaluation read days with
    assert iso_day(value) == expected
