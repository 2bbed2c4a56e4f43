"""Articles: what a client sends, what it gets back, how it lists them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from schemas.common import (
    Moment,
    PageArgs,
    PartialDate,
    RegionOfLanguage,
    Text,
    language,
    locale,
    no_nul,
    not_blank,
    required_text,
    story_id,
)
from timeline.mention import MODS, TYPES


class ArticleInSchema(RegionOfLanguage):
    """One article to ingest. Unknown fields are refused, not ignored."""

    title = required_text(500, example="إيلون ماسك ينضم إلى مكالمة ترامب مع زيلينسكي")
    text = required_text(description="The article body. Offsets in the response slice it "
                                     "exactly. Longer than the server's limit: 413.")
    published_at = Moment(allow_none=True, metadata={
        "description": "Publication date (the reference for 'yesterday', 'in September'). "
                       "Absent: inferred from the text, and `dct_inferred` says so."})
    lang = language(allow_none=True)
    locale = locale(allow_none=True)
    url = fields.Url(allow_none=True, schemes={"http", "https"}, validate=validate.Length(max=2048))
    source = Text(allow_none=True, validate=[validate.Length(max=300), no_nul])
    story = story_id(allow_none=True, description="Add the article to this story "
                                                  "(created, named after its id, if absent).")


class MentionSchema(Schema):
    """A time reference (TimeML TIMEX3). Offsets are code points into the article text."""

    id = fields.Integer(metadata={"description": "Stored mentions only."})
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    text = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    value = fields.String(required=True, metadata={"example": "2024-11-06"})
    mod = fields.String(allow_none=True, validate=validate.OneOf(MODS))
    earliest = fields.String(allow_none=True, metadata={"example": "2024-11-06"})
    latest = fields.String(allow_none=True, metadata={"example": "2024-11-06"})
    anchor = fields.String(allow_none=True, metadata={"example": "dct"})
    confidence = fields.Float(allow_none=True)
    rule = fields.String(allow_none=True)
    end_value = fields.String(metadata={
        "description": "For a range ('from 10 a.m. to 2 p.m.', 'Nov. 24-30', '2016-17'): the "
                       "TIMEX3 value of its end; `value` is its start. For a length between "
                       "two counts ('two to three weeks'): the longer, `value` the shorter.",
        "example": "2024-11-30"})
    aside = fields.Boolean(metadata={
        "description": "Inside a 'read also' link to another story: kept out of timelines."})
    reaches = fields.Dict(metadata={
        "description": "For a duration counted from an event: the point it reaches "
                       "(value, mod, earliest, anchor)."})
    event = fields.Dict(metadata={
        "description": "For a year that names a known event ('the 2022 invasion'): the event "
                       "(anchor, value)."})
    anchor_source = fields.String(metadata={
        "description": "Where a story-learnt anchor was dated (article and reference)."})
    unresolved = fields.Boolean(metadata={
        "description": "Dated through an event nothing dates: value stays XXXX-XX-XX."})


class ArticleSummarySchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    lang = fields.String(required=True)
    url = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)
    dct_used = fields.String(allow_none=True, metadata={
        "description": "The reference date extraction used (given or inferred)."})
    dct_inferred = fields.Boolean(required=True)
    created_at = fields.String(required=True)
    stories = fields.List(fields.String(), required=True)
    mention_count = fields.Integer()


class ArticleSchema(ArticleSummarySchema):
    text = fields.String(required=True)
    mentions = fields.List(fields.Nested(MentionSchema), required=True)


class ArticleListArgsSchema(PageArgs):
    story = story_id()
    lang = language()
    q = fields.String(validate=[validate.Length(min=1, max=500), not_blank], metadata={
        "description": "Full-text search over titles and texts (Arabic spelling variants "
                       "and attached articles/prepositions are folded: الانتخابات finds "
                       "للانتخابات)."})
    published_from = PartialDate(metadata={"description": "Published on or after (YYYY, "
                                                          "YYYY-MM or YYYY-MM-DD)."})
    published_to = PartialDate(metadata={"description": "Published on or before."})
