"""Every error is RFC 9457 `application/problem+json`: type, title, status, detail, errors.

One handler sees every HTTPException (Flask routes unhandled exceptions to it as a 500 too),
so routing errors (404, 405), body limits (413), invalid JSON (400), webargs' validation
errors and our own aborts all come out the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Response, current_app, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

PROBLEM_JSON = "application/problem+json"
INVALID_JSON = "The request body is not valid JSON."


def problem(status: int, detail: str | None = None, errors: Mapping[str, Any] | None = None,
            headers: Mapping[str, str] | None = None) -> Response:
    """A problem+json response (`type` is about:blank: the status says what went wrong)."""
    body: dict[str, Any] = {"type": "about:blank", "title": _phrase(status), "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status=status,
                        mimetype=PROBLEM_JSON)
    response.headers.update(dict(headers or {}))
    return response


def from_http_exception(error: HTTPException) -> Response:
    """The problem for a werkzeug/webargs/flask-smorest exception."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("errors") or data.get("messages")
    if messages == {"json": ["Invalid JSON body."]}:  # webargs' way of saying it
        return problem(400, INVALID_JSON)
    errors = _flatten(messages)
    detail = data.get("message") or _detail(status, error, errors)
    headers = dict(data.get("headers") or {})
    allow = error.get_headers() if status == 405 else []
    headers.update({k: v for k, v in allow if k == "Allow"})
    return problem(status, detail, errors, headers)


def _detail(status: int, error: HTTPException, errors: Mapping[str, Any] | None) -> str:
    if status >= 500:  # never leak internals
        return "The server could not handle this request; it has been logged."
    if errors:
        return "The request is not valid: see `errors` for each field."
    if isinstance(error, RequestEntityTooLarge):  # werkzeug's words name no limit
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        if limit:
            return f"The request body is over the limit of {limit} bytes."
    return error.description or _phrase(status)


def _flatten(messages: Any) -> dict[str, Any] | None:
    """webargs keys messages by location ({"json": {...}}); clients want the fields."""
    if not messages:
        return None
    if not isinstance(messages, Mapping):
        return {"_schema": messages}
    if set(messages) <= {"json", "query", "path", "headers", "form", "files", "cookies"}:
        merged: dict[str, Any] = {}
        for location_errors in messages.values():
            if isinstance(location_errors, Mapping):
                merged.update(location_errors)
            else:
                merged.setdefault("_schema", []).extend(location_errors)
        return merged
    return dict(messages)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
