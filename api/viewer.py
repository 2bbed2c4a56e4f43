"""The timeline viewer at `/`: one static page and its assets, all served by the app.

The page is plain JavaScript and SVG talking to /api/v1 with relative URLs, so it works
offline (no CDN, no build step) and behind a path prefix. The Content-Security-Policy
allows only this origin: a stray external asset would fail loudly in the browser tests.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, request, send_from_directory

STATIC = Path(__file__).resolve().parent / "static" / "viewer"

# 'self' only; inline style attributes stay off too (the scripts set styles through CSSOM)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'self'")

bp = Blueprint("viewer", __name__, static_folder=str(STATIC), static_url_path="/viewer")


@bp.get("/")
def index() -> Response:
    """The viewer page (a file, not a template: the data comes from the API)."""
    response = send_from_directory(STATIC, "index.html", mimetype="text/html")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.after_app_request
def _asset_headers(response: Response) -> Response:
    if request.path.startswith("/viewer/"):
        # module scripts need a JavaScript MIME type; some hosts' mime tables map .js oddly
        if request.path.endswith(".js"):
            response.mimetype = "text/javascript"
        response.headers["X-Content-Type-Options"] = "nosniff"
    return response
