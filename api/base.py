"""flask-smorest, adapted: problem+json errors, and 304 responses that carry their ETag."""

from __future__ import annotations

import http
from typing import Any

import flask_smorest
from flask import Response, request
from flask_smorest.exceptions import NotModified
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from api.errors import PROBLEM_JSON, from_http_exception
from schemas.common import ProblemSchema


def no_content() -> Response:
    """A 204: no body, so no Content-Type either."""
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response


class _NotModified(NotModified):
    def __init__(self, etag: str) -> None:
        super().__init__()
        self.etag = etag


class Blueprint(flask_smorest.Blueprint):
    # a page's tag covers its Link too: the last page and the same items with a next page
    # after them are different answers, and a 304 would keep a client on the first
    ETAG_INCLUDE_HEADERS = ["X-Pagination", "Link"]

    def _check_not_modified(self, etag: str) -> None:
        # RFC 9110 13.1.2: If-None-Match compares weakly, so W/"x" (what proxies that
        # compress make of our "x") matches; a 304 carries the ETag the 200 would have had
        if (request.method in self.METHODS_CHECKING_NOT_MODIFIED
                and request.if_none_match.contains_weak(etag)):
            raise _NotModified(etag)


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
