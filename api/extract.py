"""/api/v1/extract: tag a text without storing anything."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import abort

from api.base import Blueprint
from schemas.extract import ExtractInSchema, ExtractionSchema
from timeline.assemble import Entry
from timeline.dates import parse_dct
from timeline.extract import extract
from timeline.timeline_build import articles_from_rows, build_timeline

blp = Blueprint("extract", __name__, url_prefix="/api/v1/extract",
                description="Stateless extraction for tools that only want the tags.")


@blp.route("")
class Extract(MethodView):
    @blp.arguments(ExtractInSchema)
    @blp.response(200, ExtractionSchema)
    @blp.alt_response(413, response=HTTPStatus(413).name)
    @blp.no_query()
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Find and resolve the time references in a text; nothing is stored."""
        limit = current_app.config["MAX_TEXT_CHARS"]
        if len(body["text"]) > limit:
            abort(413, message=f"Text is limited to {limit} characters.",
                  errors={"text": [f"Longer than {limit} characters."]})
        result = extract(body["text"], lang=body.get("lang"), dct=parse_dct(body.get("dct")),
                         locale=body.get("locale"))
        out = result.to_dict()
        mentions = [dict(m, id=i, article_id=0) for i, m in enumerate(out["mentions"])]
        article = {"title": "", "text": body["text"], "lang": result.lang,
                   "dct_inferred": result.dct_inferred}
        timeline = build_timeline(articles_from_rows(mentions, {0: article}))
        out["events"] = [_event(e) for e in timeline.entries]
        out["undated"] = [_event(e) for e in timeline.undated]
        return out


def _event(entry: Entry) -> dict[str, Any]:
    source = entry.sources[0]
    return {"value": entry.value, "end_value": entry.end_value, "mod": entry.mod,
            "earliest": entry.earliest, "latest": entry.latest, "display_date": entry.display_date,
            "display_date_en": entry.display_date_en, "headline": entry.headline,
            "quote": source.quote, "quote_start": source.quote_start,
            "quote_end": source.quote_end, "mention_start": source.mention_start,
            "mention_end": source.mention_end, "confidence": entry.confidence,
            "flags": entry.flags}
