"""Stories: named sets of articles, each with its own timeline."""

from __future__ import annotations

from marshmallow import Schema, fields

from schemas.common import article_id_list, required_text, story_id


class StoryInSchema(Schema):
    name = required_text(300, example="Musk joins the Trump-Zelensky call")
    id = story_id(description="Stable id used in URLs; derived from the name when absent.")
    article_ids = article_id_list(load_default=list)


class StoryPatchSchema(Schema):
    name = required_text(300, required=False)
    add = article_id_list(load_default=list, metadata={"description": "Article ids to add."})
    remove = article_id_list(load_default=list, metadata={
        "description": "Article ids to take out (the articles themselves stay)."})


class StorySchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    article_ids = fields.List(fields.Integer(), required=True)
