"""flask-smorest, adapted: problem+json errors, 304 responses that carry their ETag, query
schemas that refuse unknown parameters, and the ETag of a resource a PUT can check."""

from __future__ import annotations

import hashlib
import http
from collections.abc import Callable
from typing import Any

import flask_smorest
from flask import Response, json, jsonify, request
from flask_smorest.exceptions import NotModified
from flask_smorest.utils import prepare_response
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from api.errors import PROBLEM_JSON, from_http_exception
from schemas.common import NoQueryArgs, ProblemSchema


def no_content() -> Response:
    """A 204: no body, so no Content-Type either."""
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response


class _NotModified(NotModified):
    def __init__(self, etag: str) -> None:
        super().__init__()
        self.etag = etag


def etag_of(body: Any) -> str:
    """The ETag of a JSON body: the SHA-1 of its JSON with sorted keys (the same tag
    flask-smorest gives a body it dumps, so no client's stored tag changed meaning). The
    project's own, for a resource whose PUT compares `If-Match` with it and answers with it."""
    return hashlib.sha1(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()


def not_modified(etag: str) -> None:
    """Raise the 304 of a GET or HEAD whose If-None-Match holds `etag`.

    RFC 9110 13.1.2: If-None-Match compares weakly, so W/"x" (what proxies that compress
    make of our "x") matches; the 304 carries the ETag the 200 would have had."""
    if request.method in ("GET", "HEAD") and request.if_none_match.contains_weak(etag):
        raise _NotModified(etag)


def with_etag(body: Any, etag: str) -> Response:
    """`body` as JSON with its ETag (for views that compute their own, see `etag_of`)."""
    response = jsonify(body)
    response.set_etag(etag)
    return response


class Blueprint(flask_smorest.Blueprint):
    # a page's tag covers its Link too: the last page and the same items with a next page
    # after them are different answers, and a 304 would keep a client on the first
    ETAG_INCLUDE_HEADERS = ["X-Pagination", "Link"]
    # unknown=None: the schema's own `unknown` decides (webargs' documented switch); its
    # default for query strings, EXCLUDE, answered `?form=2024` as if no filter were given
    ARGUMENTS_PARSER = FlaskParser(unknown=None)

    def no_query(self) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """The decorator of a view that takes no query parameters: any one is a 400."""
        return self.arguments(NoQueryArgs, location="query", as_kwargs=True,
                              error_status_code=400)

    def _check_not_modified(self, etag: str) -> None:
        not_modified(etag)  # (which asks of GET and HEAD only, as flask-smorest does)


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Any:
        if isinstance(error, NotModified):
            response = Response(status=304)
            if isinstance(error, _NotModified):
                response.set_etag(error.etag)
            return response
        return from_http_exception(error)

    def _register_responses(self) -> None:
        """Document every error response as problem+json (flask-smorest says JSON)."""
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error (RFC 9457 problem details).",
                    "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)
