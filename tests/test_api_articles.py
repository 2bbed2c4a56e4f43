"""/api/v1/articles: ingest one or many, de-duplicate, list with filters and cursors, delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_helpers import AR_TEXT, EN_TEXT, article, assert_problem, make_app
from flask.testing import FlaskClient


@pytest.fixture()
def client(tmp_path: Path) -> FlaskClient:
    return make_app(tmp_path).test_client()


def _post(client: FlaskClient, body: object):  # noqa: ANN202 - a werkzeug TestResponse
    return client.post("/api/v1/articles", json=body)


def test_post_one_article_stores_it_with_its_mentions(client: FlaskClient) -> None:
    response = _post(client, article(url="https://example.com/a", source="CNN"))
    assert response.status_code == 201
    stored = response.get_json()
    assert response.headers["Location"] == f"/api/v1/articles/{stored['id']}"
    assert stored["lang"] == "ar" and stored["published_at"] == "2024-11-07"
    assert stored["dct_used"] == "2024-11-07" and stored["dct_inferred"] is False
    assert stored["url"] == "https://example.com/a" and stored["source"] == "CNN"
    by_text = {m["text"]: m for m in stored["mentions"]}
    assert by_text["5 نوفمبر 2024"]["value"] == "2024-11-05"
    assert by_text["أواخر عام 2023"]["mod"] == "END"
    for mention in stored["mentions"]:
        assert AR_TEXT[mention["start"]:mention["end"]] == mention["text"]
    assert client.get(response.headers["Location"]).get_json() == stored


def test_the_same_text_twice_is_one_article(client: FlaskClient) -> None:
    first = _post(client, article())
    again = _post(client, article(title="another title", text=AR_TEXT + "\n"))
    assert first.status_code == 201 and again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["title"] == "عنوان"  # the stored article, unchanged
    assert len(client.get("/api/v1/articles").get_json()) == 1


def test_a_batch_is_stored_in_order(client: FlaskClient) -> None:
    response = _post(client, [article(), article(EN_TEXT, lang="en"), article()])
    assert response.status_code == 201 and "Location" not in response.headers
    first, second, third = response.get_json()
    assert first["id"] == third["id"] != second["id"]  # the repeat inside the batch too
    assert second["lang"] == "en"
    assert _post(client, [article(), article(EN_TEXT, lang="en")]).status_code == 200


def test_a_batch_with_one_bad_article_stores_none(client: FlaskClient) -> None:
    body = assert_problem(_post(client, [article(), {"title": "x", "text": ""}]), 422)
    assert body["errors"] == {"1": {"text": ["Must not be empty."]}}
    assert client.get("/api/v1/articles").get_json() == []
    assert_problem(_post(client, []), 422)


def test_story_field_files_the_article(client: FlaskClient) -> None:
    stored = _post(client, article(story="election-2024")).get_json()
    assert stored["stories"] == ["election-2024"]
    story = client.get("/api/v1/stories/election-2024").get_json()
    assert story["article_ids"] == [stored["id"]] and story["name"] == "election-2024"
    again = _post(client, article(story="recap")).get_json()  # a repeat still gets filed
    assert again["stories"] == ["election-2024", "recap"]


def test_without_publication_date_the_reference_is_inferred(client: FlaskClient) -> None:
    stored = _post(client, {"title": "t", "text": AR_TEXT}).get_json()
    assert stored["published_at"] is None
    assert stored["dct_inferred"] is True and stored["dct_used"] == "2024-11-05"


def test_publication_datetime_keeps_the_local_time(client: FlaskClient) -> None:
    stored = _post(client, article(published_at="2024-11-07T23:30:00+03:00")).get_json()
    assert stored["published_at"] == "2024-11-07T23:30:00"


def test_list_filters(client: FlaskClient) -> None:
    ar = _post(client, article(story="s")).get_json()["id"]
    en = _post(client, article(EN_TEXT, lang="en", published_at="2024-11-08T10:00")
               ).get_json()["id"]
    old = _post(client, article("جرت الإنتخابات في موعدها.", published_at="2022-10-03")
                ).get_json()["id"]

    def listed(query: str) -> list[int]:
        response = client.get(f"/api/v1/articles?{query}")
        assert response.status_code == 200, response.get_json()
        return [a["id"] for a in response.get_json()]

    assert listed("") == [ar, en, old]
    assert listed("lang=en") == [en]
    assert listed("story=s") == [ar]
    assert listed("q=الانتخابات") == [ar, old]
    assert listed("q=للانتخابات") == [ar, old]
    assert listed("q=election") == [en]
    assert listed("published_from=2024-11") == [ar, en]
    assert listed("published_to=2024-11-07") == [ar, old]
    assert listed("published_from=2022&published_to=2022-10") == [old]
    summary = client.get("/api/v1/articles?lang=en").get_json()[0]
    assert "text" not in summary and summary["mention_count"] >= 1


def test_list_pages_by_cursor_with_a_link_header(client: FlaskClient) -> None:
    ids = [_post(client, article(f"نص رقم {i} في 5 نوفمبر 2024")).get_json()["id"]
           for i in range(5)]
    seen, url, pages = [], "/api/v1/articles?limit=2&lang=ar", 0
    while url:
        response = client.get(url)
        seen += [a["id"] for a in response.get_json()]
        pages += 1
        link = response.headers.get("Link")
        url = link[link.index("<") + 1:link.index(">")] if link else None
        if url:
            assert 'rel="next"' in link and "lang=ar" in url and "limit=2" in url
    assert seen == ids and pages == 3
    assert_problem(client.get("/api/v1/articles?cursor=bm90LWFuLWlk"), 400)


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "lang=xx", "published_from=2024-13",
                                   "published_to=2024-02-30", "story=Not_A_Slug", "q=",
                                   "q=%20%20",  # blank: as empty, not a search that finds none
                                   # an empty range is a mistake, as `from` after `to` is
                                   "published_from=2024-12&published_to=2024-11-30"])
def test_bad_list_queries_are_400(client: FlaskClient, query: str) -> None:
    body = assert_problem(client.get(f"/api/v1/articles?{query}"), 400)
    assert set(body["errors"]) == {query.split("=")[0]}


def test_a_misspelt_filter_is_400_not_everything(client: FlaskClient) -> None:
    _post(client, article())
    body = assert_problem(client.get("/api/v1/articles?form=2024"), 400)
    assert body["errors"] == {"form": ["Unknown query parameter; accepted: cursor, limit, "
                                       "story, lang, q, published_from, published_to."]}
    assert len(client.get("/api/v1/articles?published_from=2024").get_json()) == 1


def test_get_is_conditional(client: FlaskClient) -> None:
    location = _post(client, article()).headers["Location"]
    first = client.get(location)
    etag = first.headers["ETag"]
    again = client.get(location, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    # the weak form a compressing proxy makes of it matches too (RFC 9110 13.1.2)
    weak = client.get(location, headers={"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304 and weak.headers["ETag"] == etag


def test_mentions_and_delete(client: FlaskClient) -> None:
    stored = _post(client, article(story="s")).get_json()
    url = f"/api/v1/articles/{stored['id']}"
    mentions = client.get(f"{url}/mentions").get_json()
    assert mentions == stored["mentions"] and mentions == sorted(mentions,
                                                                 key=lambda m: m["start"])
    response = client.delete(url)
    assert response.status_code == 204 and response.data == b""
    assert_problem(client.get(url), 404)
    assert_problem(client.get(f"{url}/mentions"), 404)
    assert_problem(client.delete(url), 404)
    assert client.get("/api/v1/stories/s").get_json()["article_ids"] == []
    timeline = client.get("/api/v1/timeline").get_json()
    assert timeline["entries"] == [] and timeline["undated"] == []


@pytest.mark.parametrize(("segment", "shown"), [
    ("0", "0"), ("-1", "-1"), ("99999999999999999999999", "99999999999999999999999"),
    ("abc", "'abc'"), ("12345", "12345")])
def test_unknown_article_ids_are_404(client: FlaskClient, segment: str, shown: str) -> None:
    # every unknown id, even one that is no id at all, gets the API's own words (as stories
    # do), not the router's "The requested URL was not found"
    path = f"/api/v1/articles/{segment}"
    for response in (client.get(path), client.get(f"{path}/mentions"), client.delete(path)):
        assert assert_problem(response, 404)["detail"] == f"No article {shown}."


def test_article_ids_stay_integers_in_the_openapi(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/articles/{article_id}", "/api/v1/articles/{article_id}/mentions"):
        (param,) = paths[path]["parameters"]
        assert param["schema"] == {"type": "integer", "minimum": 1,
                                   "maximum": 9223372036854775807}


def test_an_article_locale_orders_its_numeric_dates(client: FlaskClient) -> None:
    body = article(text="Court papers dated 11/07/2024 were filed in London.",
                   published_at="2024-11-20", lang="en", locale="en-GB")
    stored = _post(client, body).get_json()
    assert [m["value"] for m in stored["mentions"]] == ["2024-07-11"]
    assert stored["lang"] == "en"


def test_a_language_tag_stands_for_its_language_and_its_region(client: FlaskClient) -> None:
    text = "The deal was signed on 11/07/2024 in London."
    stored = _post(client, article(text, lang="en-GB")).get_json()
    assert stored["lang"] == "en"
    assert [m["value"] for m in stored["mentions"]] == ["2024-07-11"]  # GB: day first
    # a locale given says the region itself; case and "_" do not matter
    us = _post(client, article(text + " Again.", lang="EN_gb", locale="en-US")).get_json()
    assert us["lang"] == "en" and [m["value"] for m in us["mentions"]] == ["2024-11-07"]
    listed = client.get("/api/v1/articles?lang=EN").get_json()
    assert [a["id"] for a in listed] == [stored["id"], us["id"]]
    assert_problem(_post(client, article(text, lang="xx-GB")), 422)


def test_optional_fields_may_be_null(client: FlaskClient) -> None:
    # clients that write every field send null for what they do not know
    nulls = dict.fromkeys(("published_at", "lang", "locale", "url", "source", "story"))
    stored = _post(client, article(EN_TEXT, **nulls))
    assert stored.status_code == 201, stored.get_json()
    assert stored.get_json()["lang"] == "en" and stored.get_json()["stories"] == []
    result = client.post("/api/v1/extract", json={"text": EN_TEXT, "lang": None,
                                                  "locale": None, "dct": None})
    assert result.status_code == 200, result.get_json()


# ---------------------------------------------------------------- corrections (PUT)


def test_put_corrects_an_article_in_place(client: FlaskClient) -> None:
    stored = _post(client, article(EN_TEXT, lang="en", story="s", url="https://x.org/a")
                   ).get_json()
    url = f"/api/v1/articles/{stored['id']}"
    before = client.get("/api/v1/stories/s/timeline").get_json()["entries"]
    text = "The vote was held on 6 November 2024, officials said."
    response = client.put(url, json={"title": "Corrected", "text": text, "lang": "en",
                                     "published_at": "2024-11-08"})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["id"], body["title"], body["text"], body["url"]) == (
        stored["id"], "Corrected", text, None)  # a field left out is cleared, as in a POST
    assert body["stories"] == ["s"] and body["published_at"] == "2024-11-08"
    assert [m["value"] for m in body["mentions"]] == ["2024-11-06"]
    assert client.get(url).get_json() == body
    after = client.get("/api/v1/stories/s/timeline").get_json()["entries"]
    assert after != before and [e["value"] for e in after] == ["2024-11-06"]
    assert _post(client, article(EN_TEXT, lang="en")).status_code == 201  # old text is free


def test_put_refuses_bad_input_and_changes_nothing(client: FlaskClient) -> None:
    first = _post(client, article(story="s")).get_json()
    second = _post(client, article(EN_TEXT, lang="en")).get_json()
    url = f"/api/v1/articles/{first['id']}"
    etag = client.get(url).headers["ETag"]
    assert assert_problem(client.put(url, json=article(EN_TEXT, lang="en")), 409)[
        "detail"] == f"Article {second['id']} already has this text."
    assert_problem(client.put(url, json=[article("x")]), 422)
    assert_problem(client.put(url, json={"title": "no text"}), 422)
    assert_problem(client.put(url, json=article(published_at="2024-02-30")), 422)
    assert_problem(client.put(url, json=article(lang="xx")), 422)
    assert_problem(client.put(url, data="{bad", content_type="application/json"), 400)
    assert_problem(client.put(url, data="text", content_type="text/plain"), 415)
    assert_problem(client.put(url, json=article("x" * 100_001)), 413)
    assert_problem(client.put(url, json=article("y"), headers={"If-Match": '"old"'}), 412)
    assert_problem(client.put("/api/v1/articles/424242", json=article("y")), 404)
    assert_problem(client.put("/api/v1/articles/abc", json=article("y")), 404)
    assert client.get(url).headers["ETag"] == etag  # none of them changed it
    assert client.put(url, json=article("z"), headers={"If-Match": etag}).status_code == 200
    assert_problem(client.put(url, json=article("w"), headers={"If-Match": etag}), 412)


def test_put_is_in_the_openapi(client: FlaskClient) -> None:
    put = client.get("/api/v1/openapi.json").get_json()["paths"][
        "/api/v1/articles/{article_id}"]["put"]
    assert "requestBody" in put and {"200", "404", "409", "412", "413", "422"} <= set(
        put["responses"])
    assert [p["name"] for p in put["parameters"]] == ["If-Match"]


def test_put_answers_with_the_etag_get_gives(client: FlaskClient) -> None:
    url = _post(client, article()).headers["Location"]
    for if_match in (None, "current", "*"):
        headers = {} if if_match is None else {"If-Match": client.get(url).headers["ETag"]
                                               if if_match == "current" else if_match}
        response = client.put(url, json=article(EN_TEXT, lang="en"), headers=headers)
        assert response.status_code == 200, response.get_json()
        etag = response.headers["ETag"]
        assert etag == client.get(url).headers["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    # the tag it gave is the one the next correction's If-Match must carry
    assert client.put(url, json=article(), headers={"If-Match": etag}).status_code == 200
    assert_problem(client.put(url, json=article(), headers={"If-Match": etag}), 412)


def test_a_stale_put_is_refused_before_the_text_is_tagged(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import api.articles

    url = _post(client, article()).headers["Location"]
    etag = client.get(url).headers["ETag"]
    tagged: list[str] = []
    real = api.articles.prepare
    monkeypatch.setattr(api.articles, "prepare", lambda item: tagged.append(item["text"])
                        or real(item))
    before = client.get(url).get_json()
    assert_problem(client.put(url, json=article(EN_TEXT), headers={"If-Match": '"stale"'}), 412)
    assert tagged == [] and client.get(url).get_json() == before
    assert client.put(url, json=article(EN_TEXT), headers={"If-Match": etag}).status_code == 200
    assert tagged == [EN_TEXT]


def test_a_put_that_goes_stale_while_tagging_is_refused(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # the tag is asked again under the write lock: another correction may land meanwhile
    import api.articles

    url = _post(client, article()).headers["Location"]
    etag = client.get(url).headers["ETag"]
    real = api.articles.prepare

    def slow_prepare(item: dict) -> object:
        monkeypatch.setattr(api.articles, "prepare", real)
        assert client.put(url, json=article("Another correction.")).status_code == 200
        return real(item)

    monkeypatch.setattr(api.articles, "prepare", slow_prepare)
    assert_problem(client.put(url, json=article(EN_TEXT), headers={"If-Match": etag}), 412)
    assert client.get(url).get_json()["text"] == "Another correction."


def test_the_api_uses_no_private_name_of_flask_smorest() -> None:
    # a private helper (`Blueprint._generate_etag`) can change in any release; the ETag a
    # PUT checks and gives is the project's own (`api.base.etag_of`)
    import re

    api_dir = Path(__file__).resolve().parent.parent / "api"
    for source in api_dir.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"\bblp\._[a-z]", text), source.name
        assert "_generate_etag" not in text, source.name
