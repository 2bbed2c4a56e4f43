"""/api/v1/articles: ingest (one or a batch), list, read, delete, mentions."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, current_app, jsonify, request, url_for
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest
from werkzeug.routing import BaseConverter

from api.base import Blueprint, etag_of, no_content, not_modified, with_etag
from api.db import get_store
from api.errors import INVALID_JSON
from api.ingest import prepare
from api.pagination import LINK_HEADER, decode_cursor, encode_cursor, next_link
from schemas.articles import (
    ArticleInSchema,
    ArticleListArgsSchema,
    ArticleSchema,
    ArticleSummarySchema,
    MentionSchema,
)
from timeline.store import ArticleQuery, StaleArticle, TextTaken

blp = Blueprint("articles", __name__, url_prefix="/api/v1/articles",
                description="Articles: ingest them, and read what was found in them.")

_MAX_ID = 2**63 - 1  # SQLite's largest rowid
ARTICLE_PATH = "<article_id:article_id>"


class ArticleIdConverter(BaseConverter):
    """Any one path segment: a valid id becomes an int, anything else (`0`, `-1`, `abc`, a
    number past SQLite's range) stays the text it was, so the view answers "No article abc."
    as for any unknown id instead of the router's generic 404."""

    def to_python(self, value: str) -> int | str:
        if value.isascii() and value.isdigit() and 1 <= int(value) <= _MAX_ID:
            return int(value)
        return value

    def to_url(self, value: Any) -> str:
        return str(value)


def register_converter(app: Any, api: Any) -> None:
    """Install the article id converter (before the blueprint's routes are added) and
    document it in the OpenAPI as the integer an id is."""
    app.url_map.converters["article_id"] = ArticleIdConverter
    api.register_converter(ArticleIdConverter,
                           lambda _: {"type": "integer", "minimum": 1, "maximum": _MAX_ID})
_ONE_OR_MANY_IN = {"oneOf": [ArticleInSchema, {"type": "array", "items": ArticleInSchema,
                                               "minItems": 1}]}
_ONE_OR_MANY_OUT = {"oneOf": [ArticleSchema, {"type": "array", "items": ArticleSchema}]}
_LOCATION = {"description": "URL of the article (single-article requests).",
             "schema": {"type": "string"}}


@blp.route("")
class Articles(MethodView):
    @blp.etag
    @blp.arguments(ArticleListArgsSchema, location="query", error_status_code=400)
    @blp.response(200, ArticleSummarySchema(many=True), headers={"Link": LINK_HEADER})
    def get(self, args: dict[str, Any]) -> Any:
        """List articles (summaries, oldest first), filtered and paged by cursor."""
        after = decode_cursor(args.get("cursor"), _is_article_id)
        published_from, published_to = args.get("published_from"), args.get("published_to")
        if published_from and published_to and published_from[0] > published_to[1]:
            abort(400, message="`published_from` is after `published_to`.",
                  errors={"published_from": ["Must not be after `published_to`."]})
        rows = get_store().list_articles(ArticleQuery(
            story=args.get("story"), lang=args.get("lang"), q=args.get("q"),
            published_from=published_from[0] if published_from else None,
            published_to=published_to[1] if published_to else None,
            after_id=after, limit=args["limit"] + 1))
        page = rows[:args["limit"]]
        more = len(rows) > args["limit"]
        return page, next_link(encode_cursor(page[-1]["id"]) if more else None)

    @blp.doc(requestBody={"required": True, "content": {"application/json": {
        "schema": _ONE_OR_MANY_IN}}})
    @blp.response(201, _ONE_OR_MANY_OUT, headers={"Location": _LOCATION},
                  description="Stored: the article(s) with their mentions.")
    @blp.alt_response(200, schema=_ONE_OR_MANY_OUT, success=True,
                      description="Every article was already stored (same text): no duplicate.")
    @blp.alt_response(413, response=HTTPStatus(413).name)
    @blp.alt_response(422, response=HTTPStatus(422).name)
    @blp.no_query()
    def post(self) -> Response:
        """Ingest one article, or a list of them (all or nothing).

        Each text is tagged and stored with its mentions; `story` adds it to a story.
        The same text sent again returns the stored article instead of a duplicate.
        """
        items, many = _body_items()
        store = get_store()
        prepared = [prepare(item) for item in items]
        with store.atomic():
            results = [store.add_article(new, item.get("story"))
                       for new, item in zip(prepared, items, strict=True)]
        articles = [_full_article(article_id) for article_id, _ in results]
        created = any(was_created for _, was_created in results)
        response = jsonify(articles if many else articles[0])
        response.status_code = 201 if created else 200
        if not many:
            response.headers["Location"] = url_for("articles.Article",
                                                   article_id=results[0][0])
        return response


# GET and PUT give the article's ETag themselves (`etag_of`): flask-smorest's `etag`
# decorator would make If-Match compulsory on PUT (428), and it is optional here
_ETAG_DOC = {"responses": {"304": HTTPStatus(304).name}, "parameters": ["IF_NONE_MATCH"]}
_ETAG_HEADER = {"ETag": "ETAG"}


@blp.route(f"/{ARTICLE_PATH}")
class Article(MethodView):
    @blp.response(200, ArticleSchema, headers=_ETAG_HEADER)
    @blp.doc(**_ETAG_DOC)
    @blp.no_query()
    def get(self, article_id: int | str) -> Response:
        """One article with its text and mentions."""
        article = _full_article(_known_id(article_id))
        etag = etag_of(article)
        not_modified(etag)
        return with_etag(article, etag)

    @blp.doc(requestBody={"required": True, "content": {"application/json": {
        "schema": ArticleInSchema}}})
    @blp.response(200, ArticleSchema, headers=_ETAG_HEADER,
                  description="Corrected: the article with its new mentions, under the same "
                              "id, and its new ETag.")
    @blp.doc(parameters=[{"in": "header", "name": "If-Match", "required": False,
                          "schema": {"type": "string"},
                          "description": "The article's ETag (from `GET`): the correction "
                                         "is stored only if nobody changed it since."}])
    @blp.alt_response(404, response=HTTPStatus(404).name)
    @blp.alt_response(409, response=HTTPStatus(409).name)
    @blp.alt_response(412, response=HTTPStatus(412).name)
    @blp.alt_response(413, response=HTTPStatus(413).name)
    @blp.alt_response(422, response=HTTPStatus(422).name)
    @blp.no_query()
    def put(self, article_id: int | str) -> Response:
        """Correct an article: replace it with the body, keep its id and its stories.

        The body is one article as for `POST` (fields left out are cleared); the text is
        tagged again and the old mentions replaced. `story` adds one more story. A text that
        another article already has is a `409` (texts are unique); with `If-Match`, an
        article changed since that ETag is a `412`. Nothing changes unless the whole
        correction is stored.
        """
        known = _known_id(article_id)
        store = get_store()
        if store.get_article(known, with_text=False) is None:  # before the costly tagging
            _no_article(known)
        items, many = _body_items()
        if many:
            abort(422, message="Send one article object, not a list.",
                  errors={"_schema": ["One article object is expected."]})
        current = None
        if request.if_match:  # optional: without it, the last correction wins
            def current() -> bool:
                return etag_of(_full_article(known)) in request.if_match
            if not current():  # before the costly tagging; asked again under the write lock
                _stale(known)
        try:
            found = store.replace_article(known, prepare(items[0]), items[0].get("story"),
                                          current)
        except TextTaken as exc:
            abort(409, message=f"Article {exc.article_id} already has this text.",
                  errors={"text": [f"The text of article {exc.article_id}."]})
        except StaleArticle:
            _stale(known)
        if not found:  # deleted while this request was tagging
            _no_article(known)
        article = _full_article(known)
        return with_etag(article, etag_of(article))

    @blp.response(204, description="Deleted, with its mentions; timelines no longer show it.")
    @blp.no_query()
    def delete(self, article_id: int | str) -> Response:
        """Delete an article, its mentions and its story memberships."""
        if not get_store().delete_article(_known_id(article_id)):
            _no_article(article_id)
        return no_content()


@blp.route(f"/{ARTICLE_PATH}/mentions")
class ArticleMentions(MethodView):
    @blp.etag
    @blp.response(200, MentionSchema(many=True))
    @blp.no_query()
    def get(self, article_id: int | str) -> list[dict[str, Any]]:
        """The article's time references, in text order."""
        store = get_store()
        article_id = _known_id(article_id)
        if store.get_article(article_id, with_text=False) is None:
            _no_article(article_id)
        return store.article_mentions(article_id)


def _body_items() -> tuple[list[dict[str, Any]], bool]:
    """The validated articles of the request body, and whether it was a list."""
    try:
        body = request.get_json()  # not JSON at all: 415
    except BadRequest:
        abort(400, message=INVALID_JSON)
    many = isinstance(body, list)
    items = body if many else [body]
    limit = current_app.config["MAX_BATCH"]
    if len(items) > limit:
        abort(413, message=f"At most {limit} articles per request; got {len(items)}.")
    if not items:
        abort(422, message="The list is empty.", errors={"_schema": ["Send at least one."]})
    try:
        loaded = ArticleInSchema(many=True).load(items)
    except ValidationError as exc:
        messages: Any = exc.messages
        abort(422, errors=messages if many else messages.get(0, messages))
    _check_sizes(loaded, many)
    return loaded, many


def _check_sizes(items: list[dict[str, Any]], many: bool) -> None:
    limit = current_app.config["MAX_TEXT_CHARS"]
    too_long = {i: {"text": [f"Longer than {limit} characters."]}
                for i, item in enumerate(items) if len(item["text"]) > limit}
    if too_long:
        abort(413, message=f"Article text is limited to {limit} characters.",
              errors=too_long if many else too_long[0])


def _known_id(article_id: int | str) -> int:
    """The id, or the 404 of an unknown article for a path segment that is no id."""
    if isinstance(article_id, str):
        _no_article(article_id)
    return int(article_id)


def _no_article(article_id: int | str) -> None:
    shown = article_id if str(article_id).lstrip("-").isdigit() else repr(article_id)
    abort(404, message=f"No article {shown}.")


def _stale(article_id: int) -> None:
    abort(412, message=f"Article {article_id} changed since the ETag in If-Match: GET it again.")


def _full_article(article_id: int) -> dict[str, Any]:
    store = get_store()
    article = store.get_article(article_id)
    if article is None:
        _no_article(article_id)
    article["mentions"] = store.article_mentions(article_id)
    return ArticleSchema().dump(article)


def _is_article_id(key: Any) -> bool:
    return isinstance(key, int) and not isinstance(key, bool) and 0 <= key < 2**63
