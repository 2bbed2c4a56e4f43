"""/api/v1/stories: named sets of articles."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import abort

from api.base import Blueprint, no_content
from api.db import get_store
from api.ingest import slugify
from api.pagination import LINK_HEADER, decode_cursor, encode_cursor, next_link
from schemas.common import STORY_ID, PageArgs
from schemas.stories import StoryInSchema, StoryPatchSchema, StorySchema
from timeline.store import StoryExists, UnknownArticles

blp = Blueprint("stories", __name__, url_prefix="/api/v1/stories",
                description="Stories: named sets of articles, each with a timeline.")

STORY_PATH = "<string(minlength=1, maxlength=64):story_id>"


@blp.route("")
class Stories(MethodView):
    @blp.etag
    @blp.arguments(PageArgs, location="query", error_status_code=400)
    @blp.response(200, StorySchema(many=True), headers={"Link": LINK_HEADER})
    def get(self, args: dict[str, Any]) -> Any:
        """List stories by id, paged by cursor."""
        after = decode_cursor(args.get("cursor"), _is_story_id)
        rows = get_store().list_stories(after=after, limit=args["limit"] + 1)
        page = rows[:args["limit"]]
        more = len(rows) > args["limit"]
        return page, next_link(encode_cursor(page[-1]["id"]) if more else None)

    @blp.arguments(StoryInSchema)
    @blp.response(201, StorySchema, headers={"Location": {"schema": {"type": "string"}}})
    @blp.alt_response(409, response=HTTPStatus(409).name)
    @blp.no_query()
    def post(self, body: dict[str, Any]) -> Any:
        """Create a story, optionally with articles. 409 if the id is taken."""
        store = get_store()
        story_id = body.get("id") or _free_id(body["name"])
        try:
            story = store.create_story(story_id, body["name"], body["article_ids"])
        except StoryExists:
            abort(409, message=f"Story {story_id!r} already exists.",
                  errors={"id": ["Already taken."]})
        except UnknownArticles as exc:
            abort(422, errors={"article_ids": [f"Unknown article ids: {exc.ids}."]})
        return story, {"Location": url_for("stories.Story", story_id=story_id)}


@blp.route(f"/{STORY_PATH}")
class Story(MethodView):
    @blp.etag
    @blp.response(200, StorySchema)
    @blp.no_query()
    def get(self, story_id: str) -> dict[str, Any]:
        """One story and its article ids."""
        story = get_store().get_story(story_id)
        if story is None:
            abort(404, message=f"No story {story_id!r}.")
        return story

    @blp.arguments(StoryPatchSchema)
    @blp.response(200, StorySchema)
    @blp.no_query()
    def patch(self, body: dict[str, Any], story_id: str) -> dict[str, Any]:
        """Rename a story and add/remove articles (all or nothing)."""
        try:
            story = get_store().update_story(story_id, name=body.get("name"),
                                             add=body["add"], remove=body["remove"])
        except UnknownArticles as exc:
            unknown = set(exc.ids)
            abort(422, errors={key: [f"Unknown article ids: {sorted(unknown & set(body[key]))}."]
                               for key in ("add", "remove") if unknown & set(body[key])})
        if story is None:
            abort(404, message=f"No story {story_id!r}.")
        return story

    @blp.response(204, description="Deleted; its articles stay.")
    @blp.no_query()
    def delete(self, story_id: str) -> Response:
        """Delete a story (not its articles)."""
        if not get_store().delete_story(story_id):
            abort(404, message=f"No story {story_id!r}.")
        return no_content()


def _free_id(name: str) -> str:
    """An unused id derived from the name: slug, slug-2, slug-3, …"""
    store = get_store()
    base = slugify(name)[:60].strip("-")
    candidate, n = base, 1
    while store.get_story(candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _is_story_id(key: Any) -> bool:
    return isinstance(key, str) and bool(STORY_ID.match(key))
