"""Health check, the OpenAPI document and the interactive docs (served from local assets)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint as FlaskBlueprint
from flask import Flask, Response, request
from flask.views import MethodView
from marshmallow import Schema, fields
from swagger_ui_bundle import swagger_ui_path

from api.base import Api, Blueprint
from api.db import get_store

blp = Blueprint("meta", __name__, url_prefix="/api/v1", description="Service health.")

DOCS_ASSETS = "/api/v1/docs/assets/"


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"example": "ok"})
    schema_version = fields.Integer(required=True)


@blp.route("/healthz")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @blp.no_query()
    def get(self) -> dict[str, Any]:
        """Liveness and database check (a failing database answers 500)."""
        return {"status": "ok", "schema_version": get_store().schema_version()}


def tag_untagged_responses(app: Flask) -> None:
    """Every GET has an ETag (README): the resources compute theirs from their data
    (flask-smorest); the OpenAPI document, the docs page and the health check get one from
    their bytes here, with the same 304 for a client that already has them."""
    @app.after_request
    def _tag(response: Response) -> Response:
        if (request.method in ("GET", "HEAD") and response.status_code == 200
                and "ETag" not in response.headers and not response.is_streamed
                and not response.direct_passthrough):
            response.add_etag()
            response.make_conditional(request)
        return response


def register_docs(app: Flask, api: Api) -> None:
    """Swagger UI's files from the swagger-ui-bundle wheel (no CDN: works offline), and
    the short root aliases /openapi.json, /docs and /healthz."""
    assets = FlaskBlueprint("docs_assets", __name__, static_folder=str(swagger_ui_path),
                            static_url_path="/assets")
    app.register_blueprint(assets, url_prefix=DOCS_ASSETS.removesuffix("/assets/"))
    app.add_url_rule("/openapi.json", "openapi_json_alias", api._openapi_json)
    app.add_url_rule("/docs", "docs_alias", api._openapi_swagger_ui, strict_slashes=False)
    app.add_url_rule("/healthz", "healthz_alias", Health.as_view("healthz_alias"))
