"""/api/v1/stories: create, list, read, rename and re-file articles, delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_helpers import EN_TEXT, article, assert_problem, make_app
from flask.testing import FlaskClient


@pytest.fixture()
def client(tmp_path: Path) -> FlaskClient:
    return make_app(tmp_path).test_client()


@pytest.fixture()
def article_ids(client: FlaskClient) -> list[int]:
    bodies = [article(), article(EN_TEXT, lang="en")]
    return [a["id"] for a in client.post("/api/v1/articles", json=bodies).get_json()]


def test_create_story_with_articles(client: FlaskClient, article_ids: list[int]) -> None:
    response = client.post("/api/v1/stories", json={"name": "The 2024 US election!",
                                                    "article_ids": article_ids})
    assert response.status_code == 201
    story = response.get_json()
    assert story["id"] == "the-2024-us-election" and story["article_ids"] == article_ids
    assert response.headers["Location"] == "/api/v1/stories/the-2024-us-election"
    assert client.get(response.headers["Location"]).get_json() == story
    articles = client.get("/api/v1/articles?story=the-2024-us-election").get_json()
    assert [a["id"] for a in articles] == article_ids


def test_story_ids_stay_unique(client: FlaskClient) -> None:
    first = client.post("/api/v1/stories", json={"name": "Call"}).get_json()
    second = client.post("/api/v1/stories", json={"name": "call"}).get_json()
    assert (first["id"], second["id"]) == ("call", "call-2")
    arabic = client.post("/api/v1/stories", json={"name": "مكالمة ماسك"}).get_json()
    assert arabic["id"].startswith("story-") and arabic["name"] == "مكالمة ماسك"
    taken = client.post("/api/v1/stories", json={"name": "x", "id": "call"})
    assert assert_problem(taken, 409)["errors"] == {"id": ["Already taken."]}


def test_unknown_articles_create_nothing(client: FlaskClient, article_ids: list[int]) -> None:
    response = client.post("/api/v1/stories", json={"name": "s", "article_ids": [*article_ids,
                                                                                 999]})
    assert "999" in assert_problem(response, 422)["errors"]["article_ids"][0]
    assert client.get("/api/v1/stories").get_json() == []


def test_patch_renames_adds_and_removes(client: FlaskClient, article_ids: list[int]) -> None:
    a, b = article_ids
    client.post("/api/v1/stories", json={"name": "s", "article_ids": [a]})
    response = client.patch("/api/v1/stories/s", json={"name": "Renamed", "add": [b],
                                                       "remove": [a]})
    assert response.status_code == 200
    assert response.get_json()["name"] == "Renamed"
    assert response.get_json()["article_ids"] == [b]
    assert client.patch("/api/v1/stories/s", json={}).get_json()["article_ids"] == [b]


def test_patch_with_unknown_articles_changes_nothing(client: FlaskClient,
                                                     article_ids: list[int]) -> None:
    a, b = article_ids
    client.post("/api/v1/stories", json={"name": "s", "article_ids": [a]})
    response = client.patch("/api/v1/stories/s", json={"name": "New", "add": [b, 777],
                                                       "remove": [a]})
    assert set(assert_problem(response, 422)["errors"]) == {"add"}
    story = client.get("/api/v1/stories/s").get_json()
    assert story["name"] == "s" and story["article_ids"] == [a]


@pytest.mark.parametrize("body", [{"name": "  "}, {"add": "1"}, {"add": [0]}, {"add": ["x"]},
                                  {"add": [2**70]}, {"colour": "red"}, [], "s"])
def test_bad_patch_bodies_are_422(client: FlaskClient, body: object) -> None:
    client.post("/api/v1/stories", json={"name": "s"})
    assert_problem(client.patch("/api/v1/stories/s", json=body), 422)
    assert client.get("/api/v1/stories/s").get_json()["name"] == "s"


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "x", "id": "Bad Id"},
                                  {"name": "x", "id": "-x"}, {"name": 5},
                                  {"name": "x", "article_ids": [True]}])
def test_bad_story_bodies_are_422(client: FlaskClient, body: dict) -> None:
    assert_problem(client.post("/api/v1/stories", json=body), 422)


def test_list_pages_and_delete(client: FlaskClient, article_ids: list[int]) -> None:
    for name in ("c", "a", "b"):
        client.post("/api/v1/stories", json={"name": name, "article_ids": article_ids})
    first = client.get("/api/v1/stories?limit=2")
    assert [s["id"] for s in first.get_json()] == ["a", "b"]
    link = first.headers["Link"]
    rest = client.get(link[link.index("<") + 1:link.index(">")])
    assert [s["id"] for s in rest.get_json()] == ["c"] and "Link" not in rest.headers
    response = client.delete("/api/v1/stories/a")
    assert response.status_code == 204 and response.data == b""
    assert_problem(client.get("/api/v1/stories/a"), 404)
    assert_problem(client.delete("/api/v1/stories/a"), 404)
    assert_problem(client.patch("/api/v1/stories/a", json={"name": "x"}), 404)
    assert len(client.get("/api/v1/articles").get_json()) == 2  # articles stay


def test_story_get_is_conditional(client: FlaskClient) -> None:
    client.post("/api/v1/stories", json={"name": "s"})
    etag = client.get("/api/v1/stories/s").headers["ETag"]
    assert client.get("/api/v1/stories/s", headers={"If-None-Match": etag}).status_code == 304
    client.patch("/api/v1/stories/s", json={"name": "changed"})
    assert client.get("/api/v1/stories/s", headers={"If-None-Match": etag}).status_code == 200


def test_last_page_tag_changes_when_a_page_comes_after_it(client: FlaskClient) -> None:
    for name in ("a", "b"):
        client.post("/api/v1/stories", json={"name": name})
    last = client.get("/api/v1/stories?limit=2")
    assert "Link" not in last.headers
    client.post("/api/v1/stories", json={"name": "c"})
    again = client.get("/api/v1/stories?limit=2", headers={"If-None-Match": last.headers["ETag"]})
    assert again.status_code == 200 and 'rel="next"' in again.headers["Link"]
