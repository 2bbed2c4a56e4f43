"""Request guards that the limits in timeline/limits.py do not cover by size alone.

JSON nesting: Python's decoder recurses once per level, so a body of 100,000 `[` (100 KB, far
under the size limit) raises RecursionError inside Flask's or webargs' JSON parsing, which
would surface as a 500. The guard answers 400 instead, and costs nothing on ordinary bodies:
only a body with many brackets is decoded here first to find out.
"""

from __future__ import annotations

import json

from flask import Flask, request
from flask_smorest import abort

# an article batch has a handful of brackets; below this many, no nesting can hurt
_BRACKETS_TO_CHECK = 500


def init_app(app: Flask) -> None:
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
