"""Errors are RFC 9457 problems, never 500s for bad input, and never change stored data.
Also: the OpenAPI document, the offline docs page, the health check, CORS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_helpers import article, assert_problem, make_app
from flask.testing import FlaskClient

BAD_REQUESTS = [
    # (method, path, kwargs, status)
    ("post", "/api/v1/articles", {"data": "{not json", "content_type": "application/json"}, 400),
    ("post", "/api/v1/articles", {"data": "title=x", "content_type": "text/plain"}, 415),
    ("post", "/api/v1/articles", {"json": {"title": 1, "text": ["a"]}}, 422),
    ("post", "/api/v1/articles", {"json": {"title": "t", "text": "x", "author": "me"}}, 422),
    ("post", "/api/v1/articles", {"json": article(published_at="2024-02-30")}, 422),
    ("post", "/api/v1/articles", {"json": article(lang="xx")}, 422),
    ("post", "/api/v1/articles", {"json": article(text="   ")}, 422),
    ("post", "/api/v1/articles", {"json": article(text="Talks ended.\x00 Then")}, 422),
    ("post", "/api/v1/articles", {"json": article(title="NUL\x00title")}, 422),
    ("post", "/api/v1/articles", {"json": article(source="Wire\x00")}, 422),
    ("post", "/api/v1/stories", {"json": {"name": "NUL\x00name"}}, 422),
    ("post", "/api/v1/articles", {"json": article(url="javascript:alert(1)")}, 422),
    ("post", "/api/v1/articles", {"json": article(story="Not a slug")}, 422),
    ("post", "/api/v1/articles", {"json": article(text="x" * 201)}, 413),
    ("post", "/api/v1/articles", {"json": [article(f"{i}") for i in range(4)]}, 413),
    ("post", "/api/v1/articles", {"data": "x" * 5000, "content_type": "application/json"}, 413),
    ("post", "/api/v1/articles", {"json": None}, 415),
    ("post", "/api/v1/articles", {"json": "just a string"}, 422),
    ("get", "/api/v1/articles/424242", {}, 404),
    ("delete", "/api/v1/articles/424242", {}, 404),
    ("put", "/api/v1/articles", {"json": article()}, 405),
    ("get", "/api/v1/nothing-here", {}, 404),
    ("get", "/api/v1/timeline?format=pdf", {}, 400),
    ("get", "/api/v1/timeline?from=2024-02-30", {}, 400),
    ("get", "/api/v1/stories/missing/timeline", {}, 404),
    ("post", "/api/v1/stories", {"json": {"name": "s", "article_ids": [1, 10**30]}}, 422),
    ("patch", "/api/v1/stories/missing", {"json": {"name": "x"}}, 404),
    # JSON sent as a form (curl -d without -H) is refused, never read as an empty body
    ("patch", "/api/v1/stories/s", {"data": '{"name": "x"}',
                                    "content_type": "application/x-www-form-urlencoded"}, 415),
    ("post", "/api/v1/stories", {"data": '{"name": "x"}', "content_type": "text/plain"}, 415),
    ("post", "/api/v1/extract", {"data": '{"text": "on 5 May 2024"}',
                                 "content_type": "application/x-www-form-urlencoded"}, 415),
]


@pytest.fixture()
def client(tmp_path: Path) -> FlaskClient:
    app = make_app(tmp_path, MAX_TEXT_CHARS=200, MAX_BATCH=3, MAX_CONTENT_LENGTH=4096)
    return app.test_client()


def _snapshot(client: FlaskClient) -> str:
    articles = client.get("/api/v1/articles").get_json()
    full = [client.get(f"/api/v1/articles/{a['id']}").get_json() for a in articles]
    return json.dumps([full, client.get("/api/v1/stories").get_json(),
                       client.get("/api/v1/timeline").get_json()], sort_keys=True)


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), BAD_REQUESTS)
def test_bad_requests_get_a_problem_and_change_nothing(client: FlaskClient, method: str,
                                                       path: str, kwargs: dict,
                                                       status: int) -> None:
    client.post("/api/v1/articles", json=article("جرت الانتخابات في 5 نوفمبر 2024.", story="s"))
    before = _snapshot(client)
    body = assert_problem(getattr(client, method)(path, **kwargs), status)
    assert body["instance"] == path.split("?")[0]
    assert _snapshot(client) == before


def test_field_errors_are_marshmallows(client: FlaskClient) -> None:
    response = client.post("/api/v1/articles", json={"title": 1, "published_at": "2024-02-30"})
    assert assert_problem(response, 422)["errors"] == {
        "title": ["Not a valid string."],
        "text": ["Missing data for required field."],
        "published_at": ["Not a valid ISO 8601 date or date-time."],
    }


def test_a_body_over_the_limit_says_the_limit(client: FlaskClient) -> None:
    response = client.post("/api/v1/articles", data="x" * 5000,
                           content_type="application/json")
    assert assert_problem(response, 413)["detail"] == ("The request body is over the limit "
                                                       "of 4096 bytes.")


def test_405_says_what_is_allowed(client: FlaskClient) -> None:
    response = client.put("/api/v1/stories")
    assert_problem(response, 405)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_server_errors_are_problems_without_internals(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(tmp_path, TESTING=False)

    def broken() -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("api.articles.get_store", broken)
    body = assert_problem(app.test_client().get("/api/v1/articles"), 500)
    assert "secret" not in json.dumps(body)


# ---------------------------------------------------------------- documents and meta


def test_openapi_document_is_served_and_documents_problems(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert client.get("/openapi.json").get_json() == spec
    assert spec["openapi"].startswith("3.") and spec["info"]["title"] == "Newsroom timeline"
    expected = {
        "/api/v1/articles": {"get", "post"},
        "/api/v1/articles/{article_id}": {"get", "put", "delete"},
        "/api/v1/articles/{article_id}/mentions": {"get"},
        "/api/v1/extract": {"post"},
        "/api/v1/stories": {"get", "post"},
        "/api/v1/stories/{story_id}": {"get", "patch", "delete"},
        "/api/v1/stories/{story_id}/timeline": {"get"},
        "/api/v1/timeline": {"get"},
        "/api/v1/healthz": {"get"},
    }
    assert {path: set(ops) - {"parameters"} for path, ops in spec["paths"].items()} == expected
    default = spec["components"]["responses"]["DEFAULT_ERROR"]
    assert set(default["content"]) == {"application/problem+json"}
    timeline = spec["paths"]["/api/v1/timeline"]["get"]
    assert set(timeline["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    assert "304" in timeline["responses"]
    shared = spec["components"]["parameters"]
    params = {shared[p["$ref"].rsplit("/", 1)[1]]["name"] if "$ref" in p else p["name"]
              for p in timeline["parameters"]}
    assert {"from", "to", "q", "lang", "min_confidence", "include_undated", "format", "cursor",
            "limit", "If-None-Match"} <= params


def test_docs_work_offline(client: FlaskClient) -> None:
    for path in ("/api/v1/docs", "/docs", "/docs/"):
        page = client.get(path).get_data(as_text=True)
        assert "swagger-ui-bundle.js" in page and "http://" not in page and "https://" not in page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        response = client.get(f"/api/v1/docs/assets/{asset}")
        assert response.status_code == 200 and len(response.data) > 1000
        response.close()


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/openapi.json", "/api/v1/docs",
                                  "/api/v1/healthz"])
def test_every_get_has_an_etag(client: FlaskClient, path: str) -> None:
    etag = client.get(path).headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_health(client: FlaskClient) -> None:
    for path in ("/api/v1/healthz", "/healthz"):
        body = client.get(path).get_json()  # one more with each migration
        assert body["status"] == "ok" and body["schema_version"] >= 1


def test_cors_only_for_configured_origins(tmp_path: Path) -> None:
    client = make_app(tmp_path, CORS_ORIGINS=["https://chart.example"]).test_client()
    allowed = client.get("/api/v1/timeline", headers={"Origin": "https://chart.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://chart.example"
    assert "ETag" in allowed.headers["Access-Control-Expose-Headers"]
    other = client.get("/api/v1/timeline", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/api/v1/articles", headers={
        "Origin": "https://chart.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "Content-Type"


def test_cors_origins_from_the_environment(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_CORS_ORIGINS", "*")
    client = make_app(tmp_path).test_client()
    response = client.get("/healthz", headers={"Origin": "https://any.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def _query_endpoints(client: FlaskClient) -> list[tuple[str, list[str]]]:
    """Every GET the OpenAPI gives query parameters, with a concrete path and those names."""
    spec = client.get("/api/v1/openapi.json").get_json()
    found = []
    for path, item in spec["paths"].items():
        get = item.get("get", {})
        names = [p["name"] for p in get.get("parameters", []) if p.get("in") == "query"]
        if names:
            found.append((path.replace("{story_id}", "s"), names))
    return found


def test_unknown_query_parameters_are_400_on_every_endpoint(client: FlaskClient) -> None:
    # a typo (`form` for `from`) used to answer as if no filter had been given
    client.post("/api/v1/articles", json=article("جرت الانتخابات في 5 نوفمبر 2024.", story="s"))
    endpoints = _query_endpoints(client)
    assert {path for path, _ in endpoints} == {
        "/api/v1/articles", "/api/v1/stories", "/api/v1/timeline",
        "/api/v1/stories/s/timeline"}
    before = _snapshot(client)
    for path, names in endpoints:
        assert client.get(f"{path}?limit=5").status_code == 200  # known ones still pass
        body = assert_problem(client.get(f"{path}?limit=5&form=2024"), 400)
        message = body["errors"]["form"][0]
        assert set(body["errors"]) == {"form"}, body
        assert message.startswith("Unknown query parameter; accepted: ")
        assert set(message.removesuffix(".").split(": ")[1].split(", ")) == set(names)
    assert _snapshot(client) == before


# a request each operation would carry out, but for one parameter it does not take
_NO_QUERY_REQUESTS = {
    ("get", "/api/v1/healthz"): {},
    ("post", "/api/v1/articles"): {"json": article("وقع الزلزال في 6 فبراير 2023.")},
    ("get", "/api/v1/articles/{article_id}"): {},
    ("put", "/api/v1/articles/{article_id}"): {"json": article("وقع الزلزال في 6 فبراير 2023.")},
    ("delete", "/api/v1/articles/{article_id}"): {},
    ("get", "/api/v1/articles/{article_id}/mentions"): {},
    ("post", "/api/v1/stories"): {"json": {"id": "t", "name": "قصة"}},
    ("get", "/api/v1/stories/{story_id}"): {},
    ("patch", "/api/v1/stories/{story_id}"): {"json": {"name": "قصة أخرى"}},
    ("delete", "/api/v1/stories/{story_id}"): {},
    ("post", "/api/v1/extract"): {"json": {"text": "وقع الزلزال في 6 فبراير 2023."}},
}


def test_endpoints_without_query_parameters_refuse_any(client: FlaskClient) -> None:
    # `GET /articles/1?fields=text` answered the whole article as if the wish were granted
    client.post("/api/v1/articles", json=article("جرت الانتخابات في 5 نوفمبر 2024.", story="s"))
    spec = client.get("/api/v1/openapi.json").get_json()
    without = {(method, path) for path, item in spec["paths"].items()
               for method, operation in item.items()
               if method in ("get", "post", "put", "patch", "delete")
               and not any(p.get("in") == "query" for p in operation.get("parameters", []))}
    assert without == set(_NO_QUERY_REQUESTS)
    before = _snapshot(client)
    for (method, path), kwargs in _NO_QUERY_REQUESTS.items():
        url = path.replace("{article_id}", "1").replace("{story_id}", "s")
        body = assert_problem(getattr(client, method)(f"{url}?fields=text", **kwargs), 400)
        assert body["errors"] == {"fields": [
            "Unknown query parameter; this endpoint takes none."]}, (method, path)
        assert _snapshot(client) == before
        # without it, the same request is served
        if method == "get":
            assert getattr(client, method)(url, **kwargs).status_code == 200, (method, path)
