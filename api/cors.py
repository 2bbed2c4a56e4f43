"""CORS for the configured origins (the chart's), answered on every response.

Small enough not to need a library: simple requests get Allow-Origin, preflights (Flask
answers OPTIONS itself) also get the methods and headers, and the headers a client must read
(ETag, Link, Location) are exposed.
"""

from __future__ import annotations

from collections.abc import Collection

from flask import Flask, Response, request

_METHODS = "GET, HEAD, POST, PATCH, DELETE, OPTIONS"
_EXPOSE = "ETag, Link, Location"


def init_app(app: Flask, origins: Collection[str]) -> None:
    if not origins:
        return
    allow_all = "*" in origins

    @app.after_request
    def _cors(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if origin is None or not (allow_all or origin in origins):
            return response
        response.headers["Access-Control-Allow-Origin"] = "*" if allow_all else origin
        if not allow_all:
            response.vary.add("Origin")
        response.headers["Access-Control-Expose-Headers"] = _EXPOSE
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = _METHODS
            response.headers["Access-Control-Allow-Headers"] = request.headers.get(
                "Access-Control-Request-Headers", "Content-Type, If-None-Match")
            response.headers["Access-Control-Max-Age"] = "600"
        return response
