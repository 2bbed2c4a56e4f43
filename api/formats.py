"""Timeline representations: JSON (ours), TimelineJS3, CSV. Pure functions of a page."""

from __future__ import annotations

import csv
import io
from datetime import date
from html import escape
from typing import Any

from schemas.timeline import TimelineJSSchema, TimelineSchema
from timeline.assemble import Entry


def timeline_json(story: str | None, entries: list[Entry], undated: list[Entry], total: int,
                  next_cursor: str | None) -> dict[str, Any]:
    return TimelineSchema().dump({"story": story, "entries": entries, "undated": undated,
                                  "total": total, "next_cursor": next_cursor})


# ---------------------------------------------------------------- TimelineJS3


def timelinejs(title: str, entries: list[Entry], undated: list[Entry]) -> dict[str, Any]:
    """A TimelineJS3 document: a title slide and one event per dated entry.

    TimelineJS needs a start date on every event, so undated references are listed on the
    title slide instead of being dropped.
    """
    intro = f"<p>{len(entries)} dated references.</p>"
    if undated:
        items = "".join(f"<li>{escape(e.display_date)}: {escape(e.headline)}</li>"
                        for e in undated)
        intro += f"<p>Not placed on the calendar:</p><ul>{items}</ul>"
    document = {"title": {"text": {"headline": escape(title), "text": intro},
                          "unique_id": "title"},
                "events": [_tjs_event(e) for e in entries]}
    return TimelineJSSchema().dump(document)


def _tjs_event(entry: Entry) -> dict[str, Any]:
    source = entry.sources[0]
    attribution = escape(source.title)
    if source.url:
        attribution = f'<a href="{escape(source.url)}">{attribution}</a>'
    event: dict[str, Any] = {
        "text": {"headline": escape(entry.headline),
                 "text": f"<p>{escape(entry.text)}</p><p>— {attribution}</p>"},
        "group": escape(source.title),  # TimelineJS writes these as HTML
        "unique_id": entry.id,
        "display_date": escape(entry.display_date),
    }
    event.update(_tjs_dates(entry))
    return event


def _tjs_dates(entry: Entry) -> dict[str, Any]:
    """start_date/end_date at the precision the article gave (a month stays a month)."""
    first = date.fromisoformat(entry.earliest) if entry.earliest else None
    last = date.fromisoformat(entry.latest) if entry.latest else None
    if entry.mod is None and first and last:
        # a range ("between 2019 and 2021", "May 2019 to June 2021") ends at its last year
        # or month, not with its first
        if len(entry.value) == 7 and entry.value[4] == "-":  # 2024-09
            dates = {"start_date": {"year": first.year, "month": first.month}}
            if (last.year, last.month) != (first.year, first.month):
                dates["end_date"] = {"year": last.year, "month": last.month}
            return dates
        if len(entry.value) == 4 and entry.value.isdigit():  # 2024
            dates = {"start_date": {"year": first.year}}
            if last.year != first.year:
                dates["end_date"] = {"year": last.year}
            return dates
    start = first or last
    assert start is not None  # dated entries have at least one end
    dates: dict[str, Any] = {"start_date": _tjs_day(start)}
    if first and last and last != first:
        dates["end_date"] = _tjs_day(last)
    return dates


def _tjs_day(day: date) -> dict[str, int]:
    return {"year": day.year, "month": day.month, "day": day.day}


# ---------------------------------------------------------------- CSV

CSV_COLUMNS = ("id", "dated", "type", "value", "mod", "earliest", "latest", "display_date",
               "display_date_en", "headline", "confidence", "approximate", "inferred_dct",
               "vague", "article_id", "article_title", "url", "mention_text", "mention_start",
               "mention_end", "quote")
_FREE_TEXT = {"display_date", "headline", "article_title", "mention_text", "quote"}


def timeline_csv(entries: list[Entry], undated: list[Entry]) -> str:
    """One row per entry (dated first, then undated), header included."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(_csv_row(entry, dated=True))
    for entry in undated:
        writer.writerow(_csv_row(entry, dated=False))
    return out.getvalue()


def _csv_row(entry: Entry, dated: bool) -> dict[str, Any]:
    source = entry.sources[0]
    row = {"id": entry.id, "dated": str(dated).lower(), "type": entry.type,
           "value": entry.value, "mod": entry.mod or "", "earliest": entry.earliest or "",
           "latest": entry.latest or "", "display_date": entry.display_date,
           "display_date_en": entry.display_date_en, "headline": entry.headline,
           "confidence": "" if entry.confidence is None else entry.confidence,
           "approximate": str(entry.flags.approximate).lower(),
           "inferred_dct": str(entry.flags.inferred_dct).lower(),
           "vague": str(entry.flags.vague).lower(), "article_id": source.article_id,
           "article_title": source.title, "url": source.url or "",
           "mention_text": source.mention_text, "mention_start": source.mention_start,
           "mention_end": source.mention_end, "quote": source.quote}
    return {k: _defuse(v) if k in _FREE_TEXT else v for k, v in row.items()}


def _defuse(value: str) -> str:
    # spreadsheets run cells that start with = + - @ as formulas (CSV injection)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
