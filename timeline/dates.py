"""Parsing the reference dates clients send."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def iso_day(value: Any) -> date | None:
    """The day an ISO date or date-time starts with ("2024-11-07", "2024-11-07T10:00"), or
    None when there is none: empty, or not a date at all (a `published_at` a caller stored
    as "unknown" or "07/11/2024" leaves an article undated rather than failing the story)."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_dct(value: str | None) -> datetime | None:
    """An ISO date or datetime string as a naive datetime; None/'' means unknown.

    Raises ValueError with a readable message for anything else, so batch input can report
    the line instead of resolving against a wrong reference.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"dct must be an ISO date string, got {type(value).__name__}")
    # Arabic-Indic and extended digits (٢٠٢٤-١١-٠٧) are the same date; RFC 3339 allows "z"
    text = value.strip().translate(_DIGITS)
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            raise ValueError(f"dct {value!r} is not an ISO date or datetime") from None
    return parsed.replace(tzinfo=None)


def parse_corpus_dct(value: str | None) -> datetime | None:
    """A reference date as corpora write it: ISO, else a written date as dateparser reads it
    in English (MEANTIME writes "03-02-2009"), never a relative one ("yesterday" is no
    article's date). Raises ValueError when neither reads it."""
    try:
        return parse_dct(value)
    except ValueError:
        import dateparser  # (only for corpora that write no ISO date)

        parsed = dateparser.parse(str(value), languages=["en"],
                                  settings={"PARSERS": ["absolute-time"]})
        if parsed is None:
            raise ValueError(f"dct {value!r} is not a date") from None
        return parsed.replace(tzinfo=None)
