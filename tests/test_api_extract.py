"""/api/v1/extract: stateless tagging; nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_helpers import AR_TEXT, assert_problem, make_app
from flask.testing import FlaskClient


@pytest.fixture()
def client(tmp_path: Path) -> FlaskClient:
    return make_app(tmp_path, MAX_TEXT_CHARS=1000).test_client()


def test_extract_returns_mentions_and_events(client: FlaskClient) -> None:
    response = client.post("/api/v1/extract", json={"text": AR_TEXT, "dct": "2024-11-07"})
    assert response.status_code == 200
    result = response.get_json()
    assert result["lang"] == "ar" and result["dct_used"] == "2024-11-07"
    assert result["dct_inferred"] is False
    for mention in result["mentions"]:
        assert AR_TEXT[mention["start"]:mention["end"]] == mention["text"]
    by_value = {e["value"]: e for e in result["events"]}
    assert by_value["2024-11-05"]["display_date"] == "5 نوفمبر 2024"
    assert by_value["2024-11-06"]["display_date_en"] == "6 November 2024"  # يوم الأربعاء
    event = by_value["2023"]
    assert AR_TEXT[event["quote_start"]:event["quote_end"]] == event["quote"]
    assert event["flags"]["approximate"] and event["mod"] == "END"
    assert client.get("/api/v1/articles").get_json() == []  # stateless


def test_without_dct_the_reference_is_inferred(client: FlaskClient) -> None:
    result = client.post("/api/v1/extract", json={"text": AR_TEXT}).get_json()
    assert result["dct_inferred"] is True and result["dct_used"] == "2024-11-05"


def test_other_languages_use_the_fallback(client: FlaskClient) -> None:
    result = client.post("/api/v1/extract", json={"text": "Le 5 novembre 2024, élections.",
                                                  "lang": "fr", "dct": "2024-11-07"}).get_json()
    assert result["lang"] == "fr"
    assert [m["value"] for m in result["mentions"]] == ["2024-11-05"]


@pytest.mark.parametrize(("body", "field"), [
    ({}, "text"), ({"text": ""}, "text"), ({"text": " \n "}, "text"), ({"text": 5}, "text"),
    ({"text": "x", "dct": "2024-02-30"}, "dct"), ({"text": "x", "dct": "yesterday"}, "dct"),
    ({"text": "x", "lang": "xx"}, "lang"), ({"text": "x", "extra": 1}, "extra"),
])
def test_bad_bodies_are_422_with_field_errors(client: FlaskClient, body: dict, field: str
                                               ) -> None:
    assert field in assert_problem(client.post("/api/v1/extract", json=body), 422)["errors"]


def test_lone_surrogates_are_refused(client: FlaskClient) -> None:
    raw = '{"text": "5 \\ud800 2024"}'  # valid JSON, not storable text
    response = client.post("/api/v1/extract", data=raw, content_type="application/json")
    assert "text" in assert_problem(response, 422)["errors"]


def test_other_bad_requests(client: FlaskClient) -> None:
    assert_problem(client.post("/api/v1/extract", json=[{"text": "x"}]), 422)
    assert_problem(client.post("/api/v1/extract", data="{", content_type="application/json"),
                   400)
    body = assert_problem(client.post("/api/v1/extract", json={"text": "x" * 1001}), 413)
    assert body["errors"] == {"text": ["Longer than 1000 characters."]}


def test_locale_decides_the_order_of_numeric_dates(client: FlaskClient) -> None:
    body = {"text": "Papers dated 11/07/2024 were filed.", "dct": "2024-11-20"}
    default = client.post("/api/v1/extract", json=body).get_json()
    british = client.post("/api/v1/extract", json={**body, "locale": "en-GB"}).get_json()
    assert [m["value"] for m in default["mentions"]] == ["2024-11-07"]
    assert [m["value"] for m in british["mentions"]] == ["2024-07-11"]
    response = client.post("/api/v1/extract", json={**body, "locale": "British English"})
    assert_problem(response, 422)


def test_a_nul_is_read_past_since_nothing_is_stored(client: FlaskClient) -> None:
    # articles refuse a NUL (it would be stored); tagging a text only is fine
    text = "Talks ended on 3 May 2024.\x00 Then the envoy left."
    result = client.post("/api/v1/extract", json={"text": text, "dct": "2024-05-05"})
    assert result.status_code == 200
    assert [m["text"] for m in result.get_json()["mentions"]] == ["3 May 2024"]


def test_any_bcp47_locale_is_read_for_its_region(client: FlaskClient) -> None:
    for locale in ("en-GB-oxendict", "en-GB-u-ca-gregory"):
        result = client.post("/api/v1/extract", json={
            "text": "The deal was signed on 11/07/2024.", "lang": "en", "locale": locale,
            "dct": "2024-12-01"})
        assert result.status_code == 200, result.get_json()
        assert [m["value"] for m in result.get_json()["mentions"]] == ["2024-07-11"]


def test_an_event_dated_by_a_range_says_its_end(client: FlaskClient) -> None:
    body = client.post("/api/v1/extract", json={
        "text": "The plant was shut between 2016 and 2018.", "lang": "en",
        "dct": "2024-11-07"}).get_json()
    (event,) = body["events"]
    assert (event["value"], event["end_value"], event["latest"]) == ("2016", "2018",
                                                                   "2018-12-31")
    assert event["display_date"] == "2016 – 2018"
    one_day = client.post("/api/v1/extract", json={"text": "The plant shut on 3 May 2016.",
                                                   "lang": "en"}).get_json()
    assert "end_value" not in one_day["events"][0]
