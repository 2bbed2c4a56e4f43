"""The stateless extractor: text in, mentions and events out, nothing stored."""

from __future__ import annotations

from marshmallow import Schema, fields

from schemas.articles import MentionSchema
from schemas.common import (
    Moment,
    RangeEndSchema,
    RegionOfLanguage,
    language,
    locale,
    required_text,
)
from schemas.timeline import FlagsSchema


class ExtractInSchema(RegionOfLanguage):
    text = required_text(stored=False, description="Longer than the server's limit: 413.")
    lang = language(allow_none=True)
    locale = locale(allow_none=True)
    dct = Moment(allow_none=True, metadata={
        "description": "Reference (publication) date; inferred from the text when absent."})


class EventSchema(RangeEndSchema):
    """A dated reference with the sentence it dates (one per mention until events merge)."""

    value = fields.String(required=True)
    end_value = fields.String(metadata={
        "description": "Only for a range ('between 2019 and 2021'): its end's TIMEX3 value.",
        "example": "2021"})
    mod = fields.String(allow_none=True)
    earliest = fields.String(allow_none=True)
    latest = fields.String(allow_none=True)
    display_date = fields.String(required=True)
    display_date_en = fields.String(required=True)
    headline = fields.String(required=True)
    quote = fields.String(required=True)
    quote_start = fields.Integer(required=True)
    quote_end = fields.Integer(required=True)
    mention_start = fields.Integer(required=True)
    mention_end = fields.Integer(required=True)
    confidence = fields.Float(allow_none=True)
    flags = fields.Nested(FlagsSchema, required=True)


class ExtractionSchema(Schema):
    lang = fields.String(required=True)
    dct_used = fields.String(allow_none=True)
    dct_inferred = fields.Boolean(required=True)
    mentions = fields.List(fields.Nested(MentionSchema), required=True)
    events = fields.List(fields.Nested(EventSchema), required=True)
    undated = fields.List(fields.Nested(EventSchema), required=True, metadata={
        "description": "References that cannot be placed on the calendar."})
