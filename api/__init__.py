"""The HTTP service: `create_app(config)` builds the Flask app over one SQLite store."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from api import (
    articles,
    cors,
    db,
    extract,
    limits,
    meta,
    stories,
    timeline,
    timeline_cache,
    viewer,
)
from api.base import Api
from api.ingest import load_seed_stories
from timeline.limits import LIMITS
from timeline.store import Store, resolve_db_path

CORS_ENV = "TIMELINE_CORS_ORIGINS"

DEFAULTS: dict[str, Any] = {
    "API_TITLE": "Newsroom timeline",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": meta.DOCS_ASSETS,
    # defaults from timeline/limits.py ($TIMELINE_MAX_TEXT_CHARS, …); more is 413
    "MAX_TEXT_CHARS": LIMITS.max_text_chars,  # one article
    "MAX_BATCH": LIMITS.max_batch,  # articles per POST
    "MAX_CONTENT_LENGTH": LIMITS.max_request_bytes,  # bytes per request body
    "SEED_DIR": None,  # a folder with manifest.json: its stories are loaded if absent
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app. `config` overrides DEFAULTS; DB_PATH defaults to --db/$TIMELINE_DB rules,
    CORS_ORIGINS to the comma-separated $TIMELINE_CORS_ORIGINS."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config["DB_PATH"] = resolve_db_path()
    app.config["CORS_ORIGINS"] = [o.strip() for o in os.environ.get(CORS_ENV, "").split(",")
                                  if o.strip()]
    app.config.update(config or {})
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Arabic stays readable
    db.init_app(app)
    limits.init_app(app)  # requests refused before any endpoint parses them
    timeline_cache.init_app(app)
    api = Api(app)
    articles.register_converter(app, api)
    for module in (articles, extract, stories, timeline, meta):
        api.register_blueprint(module.blp)
    meta.register_docs(app, api)
    meta.tag_untagged_responses(app)
    app.register_blueprint(viewer.bp)  # the page at / (plain Flask: not part of the API)
    cors.init_app(app, app.config["CORS_ORIGINS"])
    if app.config["SEED_DIR"]:
        with Store(app.config["DB_PATH"]) as store:
            app.config["SEED_STORIES"] = load_seed_stories(store, app.config["SEED_DIR"])
    return app
