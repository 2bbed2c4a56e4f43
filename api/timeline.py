"""/api/v1/timeline and /api/v1/stories/{id}/timeline: ordered, filtered, paged, in 3 formats."""

from __future__ import annotations

import json
from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import abort

from api.base import Blueprint
from api.db import get_store
from api.formats import timeline_csv, timeline_json, timelinejs
from api.pagination import LINK_HEADER, decode_cursor, encode_cursor, next_link
from api.stories import STORY_PATH
from api.timeline_cache import timeline_cache
from schemas.timeline import TimelineArgsSchema, TimelineJSSchema, TimelineSchema
from timeline.assemble import Timeline, TimelineFilter
from timeline.timeline_build import articles_from_rows, build_timeline

blp = Blueprint("timeline", __name__, url_prefix="/api/v1",
                description="Timelines: every dated reference, in date order.")

_CONTENT = {
    "application/json": {"schema": {"oneOf": [TimelineSchema, TimelineJSSchema]}},
    "text/csv": {"schema": {"type": "string"}},
}
_DOC = {"responses": {"200": {
    "description": "`format=json` (default): our entries; `format=timelinejs`: a Knight Lab "
                   "TimelineJS3 document; `format=csv`: one row per entry.",
    "content": _CONTENT,
    "headers": {"Link": LINK_HEADER, "ETag": {"schema": {"type": "string"}}}}}}
_MIMETYPES = {"json": "application/json", "timelinejs": "application/json",
              "csv": "text/csv"}


@blp.route("/timeline")
class AllTimeline(MethodView):
    @blp.etag
    @blp.arguments(TimelineArgsSchema, location="query", error_status_code=400)
    @blp.doc(**_DOC)
    def get(self, args: dict[str, Any]) -> Response:
        """The timeline of every stored article."""
        return _timeline_response(None, "All articles", args)


@blp.route(f"/stories/{STORY_PATH}/timeline")
class StoryTimeline(MethodView):
    @blp.etag
    @blp.arguments(TimelineArgsSchema, location="query", error_status_code=400)
    @blp.doc(**_DOC)
    def get(self, args: dict[str, Any], story_id: str) -> Response:
        """The timeline of one story's articles."""
        story = get_store().get_story(story_id)
        if story is None:
            abort(404, message=f"No story {story_id!r}.")
        return _timeline_response(story_id, story["name"], args)


def _timeline_response(story: str | None, title: str, args: dict[str, Any]) -> Response:
    wanted = _filter(args)
    after = decode_cursor(args.get("cursor"), _is_sort_key)
    store = get_store()

    def build() -> Timeline:
        # every language in one build: merging joins reports across languages, and `lang`
        # is a filter over the merged entries (api/timeline_cache.py), not another build
        return build_timeline(articles_from_rows(*store.timeline_rows(story)))

    # built once per data version, then filtered and paged from memory (api/timeline_cache.py)
    view = timeline_cache().view((store.path, story), store.data_version(story), wanted, build,
                                 lang=args.get("lang"))
    timeline = view.timeline
    page, more = view.page(tuple(after) if after else None, args["limit"])
    cursor = encode_cursor(list(page[-1].sort_key)) if more else None
    undated = view.undated() if args["include_undated"] and after is None else []
    body = _render(args["format"], story, title, Timeline(page, undated),
                   len(timeline.entries), cursor)
    # 304 when the client already has exactly this, next page included (CSV and
    # TimelineJS bodies do not hold the cursor)
    blp.set_etag([body, cursor])
    response = Response(body, mimetype=_MIMETYPES[args["format"]])
    response.headers.update(next_link(cursor))
    return response


def _filter(args: dict[str, Any]) -> TimelineFilter:
    start = args["from_"][0] if "from_" in args else None
    end = args["to"][1] if "to" in args else None
    if start and end and start > end:
        abort(400, message="`from` is after `to`.", errors={"from": ["Must not be after `to`."]})
    return TimelineFilter(start=start, end=end, q=args.get("q"),
                          min_confidence=args.get("min_confidence"))


def _render(fmt: str, story: str | None, title: str, page: Timeline, total: int,
            cursor: str | None) -> str:
    if fmt == "csv":
        return timeline_csv(page.entries, page.undated)
    if fmt == "timelinejs":
        data = timelinejs(title, page.entries, page.undated)
    else:
        data = timeline_json(story, page.entries, page.undated, total, cursor)
    return json.dumps(data, ensure_ascii=False)


def _is_sort_key(key: Any) -> bool:
    return (isinstance(key, list) and len(key) == 5
            and all(isinstance(k, str) for k in key[:2])
            and all(isinstance(k, int) and not isinstance(k, bool) for k in key[2:]))
