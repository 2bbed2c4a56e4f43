"""Timelines: the query, the JSON entries, and the TimelineJS3 document."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from schemas.common import (
    OmitWhenNone,
    PartialDate,
    QueryArgs,
    RangeEndSchema,
    language,
    not_blank,
)
from timeline.limits import LIMITS

FORMATS = ("json", "timelinejs", "csv")


class TimelineArgsSchema(QueryArgs):
    from_ = PartialDate(data_key="from", metadata={
        "description": "Entries whose interval reaches this date or later (YYYY, YYYY-MM, "
                       "YYYY-MM-DD: a partial date counts from its first day)."})
    to = PartialDate(metadata={"description": "Entries whose interval starts on or before "
                                              "this date (a partial date up to its last day)."})
    q = fields.String(validate=[validate.Length(min=1, max=500), not_blank], metadata={
        "description": "Words the entry's sentence or article title must contain."})
    lang = language(description="Only entries with a source in this language, each with only "
                                "those sources (entries are merged across languages first).")
    min_confidence = fields.Float(validate=validate.Range(min=0, max=1))
    include_undated = fields.Boolean(load_default=True, metadata={
        "description": "List references that cannot be dated (first page only)."})
    format = fields.String(load_default="json", validate=validate.OneOf(FORMATS))
    cursor = fields.String(validate=validate.Length(max=512), metadata={
        "description": "Opaque cursor from the previous page's `Link: rel=\"next\"`."})
    limit = fields.Integer(load_default=LIMITS.timeline_page,
                           validate=validate.Range(min=1, max=LIMITS.max_timeline_page))


class FlagsSchema(OmitWhenNone):
    approximate = fields.Boolean(required=True, metadata={
        "description": "Hedged in the text: early/late/about/before/after/since …"})
    inferred_dct = fields.Boolean(required=True, metadata={
        "description": "Resolved against a publication date inferred from the text."})
    vague = fields.Boolean(required=True, metadata={
        "description": "Covers more than one day, or is open at one end."})
    date_source = fields.String(metadata={
        "description": "Only on a known event's own entry: where its date came from "
                       "(`gazetteer` or `article`)."})

    # (other entries' dates come from their own references)
    OMIT_WHEN_NONE = ("date_source",)


class SourceSchema(Schema):
    article_id = fields.Integer(required=True)
    article = fields.Method("_article", metadata={
        "type": "string",
        "description": "The article's name (its file name when built from files), else its id."})
    title = fields.String(required=True)
    url = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    lang = fields.String(required=True)
    published_at = fields.String(allow_none=True)
    quote = fields.String(required=True)
    quote_start = fields.Integer(required=True)
    quote_end = fields.Integer(required=True)
    mention_text = fields.String(required=True, allow_none=True, metadata={
        "description": "The time reference that dates the event here; null when the article "
                       "reports the event without dating it."})
    mention_start = fields.Integer(required=True, allow_none=True)
    mention_end = fields.Integer(required=True, allow_none=True)
    # the names `timeline build --json` documents; dump-only copies of mention_start/end
    start = fields.Function(lambda source: source.mention_start, metadata={
        "type": "integer", "nullable": True, "description": "Same as mention_start."})
    end = fields.Function(lambda source: source.mention_end, metadata={
        "type": "integer", "nullable": True, "description": "Same as mention_end."})

    def _article(self, source: Any) -> str:
        name = getattr(source, "article", None)
        return str(name if name is not None else source.article_id)


class EntrySchema(RangeEndSchema):
    id = fields.String(required=True)
    type = fields.String(required=True)
    value = fields.String(required=True)
    end_value = fields.String(metadata={
        "description": "Only for an entry dated by a range ('between 2019 and 2021'): the "
                       "TIMEX3 value of its end; `value` is its start, `earliest`/`latest` "
                       "span the whole range.", "example": "2021"})
    mod = fields.String(allow_none=True)
    earliest = fields.String(allow_none=True)
    latest = fields.String(allow_none=True)
    display_date = fields.String(required=True, metadata={
        "description": "The date in the article's language."})
    display_date_en = fields.String(required=True)
    headline = fields.String(required=True)
    text = fields.String(required=True)
    lang = fields.String(required=True)
    confidence = fields.Float(allow_none=True)
    anchor = fields.String(allow_none=True)
    flags = fields.Nested(FlagsSchema, required=True)
    sources = fields.List(fields.Nested(SourceSchema), required=True)


class TimelineSchema(Schema):
    story = fields.String(allow_none=True, required=True)
    entries = fields.List(fields.Nested(EntrySchema), required=True)
    undated = fields.List(fields.Nested(EntrySchema), required=True)
    total = fields.Integer(required=True, metadata={
        "description": "Dated entries matching the filters, over all pages."})
    next_cursor = fields.String(allow_none=True, required=True)


# ---------------------------------------------------------------- TimelineJS3


class TJSDateSchema(Schema):
    year = fields.Integer(required=True)
    month = fields.Integer(validate=validate.Range(min=1, max=12))
    day = fields.Integer(validate=validate.Range(min=1, max=31))
    hour = fields.Integer(validate=validate.Range(min=0, max=23))
    minute = fields.Integer(validate=validate.Range(min=0, max=59))
    display_date = fields.String()


class TJSTextSchema(Schema):
    headline = fields.String()
    text = fields.String()


class TJSEventSchema(Schema):
    start_date = fields.Nested(TJSDateSchema, required=True)
    end_date = fields.Nested(TJSDateSchema)
    display_date = fields.String()
    text = fields.Nested(TJSTextSchema, required=True)
    group = fields.String()
    unique_id = fields.String(required=True)


class TJSSlideSchema(Schema):
    text = fields.Nested(TJSTextSchema, required=True)
    unique_id = fields.String()


class TimelineJSSchema(Schema):
    """A Knight Lab TimelineJS3 document (load it with `new TL.Timeline(id, data)`)."""

    title = fields.Nested(TJSSlideSchema, required=True)
    events = fields.List(fields.Nested(TJSEventSchema), required=True)
