"""Request guards that the limits in timeline/limits.py do not cover by size alone.

JSON nesting: Python's decoder recurses once per level, so a body of 100,000 `[` (100 KB, far
under the size limit) raises RecursionError inside Flask's or webargs' JSON parsing, which
would surface as a 500. The guard answers 400 instead, and costs nothing on ordinary bodies:
only a body with many brackets is decoded here first to find out.

Media type: every request body the API reads is JSON. A body sent as anything else (curl's
`-d` says `application/x-www-form-urlencoded`) is a 415; without this guard webargs would read
such a body as absent, so a PATCH renaming a story answered 200 and changed nothing.
"""

from __future__ import annotations

import json

from flask import Flask, request
from flask_smorest import abort

# an article batch has a handful of brackets; below this many, no nesting can hurt
_BRACKETS_TO_CHECK = 500


_API_PREFIX = "/api/"
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def init_app(app: Flask) -> None:
    @app.before_request
    def _refuse_non_json_body() -> None:
        if (request.method in _WITH_BODY and request.path.startswith(_API_PREFIX)
                and not request.is_json and request.get_data(cache=True)):
            abort(415, message="The request body must be JSON, sent with "
                               "`Content-Type: application/json`.")

    @app.before_request
    def _refuse_deep_json() -> None:
        if not request.is_json or request.content_length == 0:
            return
        data = request.get_data(cache=True)  # bounded by MAX_CONTENT_LENGTH (413 above)
        if data.count(b"[") + data.count(b"{") < _BRACKETS_TO_CHECK:
            return
        try:
            json.loads(data)
        except RecursionError:
            abort(400, message="Invalid JSON: nested too deeply.")
        except ValueError:  # not JSON at all: the endpoint's own parsing says so
            pass
