"""Timelines: the seed story in JSON, TimelineJS3 and CSV; filters; cursors; ETags."""

from __future__ import annotations

import calendar
import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from api_helpers import EN_TEXT, SEED_STORY, SEEDS, article, assert_problem, make_app
from flask import Flask
from flask.testing import FlaskClient

import api.timeline as api_timeline
import api.timeline_cache as timeline_cache
from api.timeline_cache import Built, TimelineCache
from timeline.assemble import Entry, Source, Timeline, TimelineFilter
from timeline.seeds import load_seeds
from timeline.text import normalize_string
from timeline.timeline_build import ArticleInput, build_timeline

STORY_URL = f"/api/v1/stories/{SEED_STORY}/timeline"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return make_app(tmp_path_factory.mktemp("seeded"), SEED_DIR=str(SEEDS))


@pytest.fixture()
def client(seeded: Flask) -> FlaskClient:
    return seeded.test_client()


def _json(client: FlaskClient, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _key(entry: dict[str, Any]) -> tuple:
    return (entry["earliest"] or entry["latest"], entry["latest"] or entry["earliest"])


# ---------------------------------------------------------------- JSON


def test_seed_story_timeline(client: FlaskClient) -> None:
    timeline = _json(client, STORY_URL)
    entries = timeline["entries"]
    assert timeline["story"] == SEED_STORY and timeline["total"] == len(entries) >= 8
    assert timeline["next_cursor"] is None
    assert [_key(e) for e in entries] == sorted(_key(e) for e in entries)
    values = {e["value"] for e in entries}
    assert {"2022-10", "2024-11-06"} <= values  # أكتوبر 2022, يوم الأربعاء
    late = next(e for e in entries if e["value"] == "2022" and e["mod"] == "END")
    assert late["display_date"] == "أواخر 2022" and late["display_date_en"] == "late 2022"
    assert late["earliest"] == "2022-09-01" and late["latest"] == "2022-12-31"
    assert late["flags"] == {"approximate": True, "inferred_dct": False, "vague": True}
    for entry in entries + timeline["undated"]:
        # an event several passages report has a source each (issue 6: merging)
        assert entry["text"] in [source["quote"] for source in entry["sources"]]
        for source in entry["sources"]:
            # null: the article reports the event without a time reference of its own
            assert source["mention_text"] is None or source["mention_text"] in source["quote"]
            assert source["published_at"] == "2024-11-07"
    assert timeline["undated"], "PAST_REF references are listed, not dropped"
    assert all(e["earliest"] is None and e["latest"] is None for e in timeline["undated"])


def test_timeline_of_everything_and_unknown_story(client: FlaskClient) -> None:
    everything = _json(client, "/api/v1/timeline")
    assert everything["story"] is None
    assert everything["total"] == _json(client, STORY_URL)["total"]
    assert_problem(client.get("/api/v1/stories/nope/timeline"), 404)


@pytest.mark.parametrize(("query", "check"), [
    ("from=2024", lambda e: (e["latest"] or "9999") >= "2024-01-01"),
    ("to=2022-10", lambda e: (e["earliest"] or "0000") <= "2022-10-31"),
    ("from=2022-10&to=2022-10", lambda e: (e["earliest"] or "0000") <= "2022-10-31"
     and (e["latest"] or "9999") >= "2022-10-01"),
    ("min_confidence=0.8", lambda e: e["confidence"] >= 0.8),
    ("q=أوكرانيا", lambda e: "اوكرانيا" in normalize_string(e["text"] + e["sources"][0]["title"])),
])
def test_filters_keep_only_matching_entries(client: FlaskClient, query: str, check: Any) -> None:
    full = _json(client, STORY_URL)["entries"]
    kept = _json(client, f"{STORY_URL}?{query}")["entries"]
    assert kept, query
    assert kept == [e for e in full if check(e)]


def test_search_folds_arabic_prefixes(client: FlaskClient) -> None:
    plain = _json(client, f"{STORY_URL}?q=الانتخابات")["entries"]
    prefixed = _json(client, f"{STORY_URL}?q=بالانتخابات")["entries"]
    assert plain and plain == prefixed


def test_lang_and_undated_switches(client: FlaskClient) -> None:
    assert _json(client, f"{STORY_URL}?lang=en")["entries"] == []
    assert _json(client, f"{STORY_URL}?include_undated=false")["undated"] == []


@pytest.mark.parametrize("query", ["format=xml", "from=2024-02-30", "to=24", "from=2024&to=2023",
                                   "min_confidence=2", "min_confidence=nan", "limit=0",
                                   "include_undated=maybe", "cursor=%%%", "lang=klingon",
                                   "q=%20"])
def test_bad_timeline_queries_are_400(client: FlaskClient, query: str) -> None:
    body = assert_problem(client.get(f"{STORY_URL}?{query}"), 400)
    assert body.get("errors"), body


def test_cursor_pages_walk_the_whole_timeline(client: FlaskClient) -> None:
    full = _json(client, STORY_URL)
    seen, url, first = [], f"{STORY_URL}?limit=3", True
    while url:
        response = client.get(url)
        page = response.get_json()
        assert len(page["entries"]) <= 3 and page["total"] == full["total"]
        assert bool(page["undated"]) == first  # undated references come with page one
        seen += page["entries"]
        link = response.headers.get("Link")
        url = link[link.index("<") + 1:link.index(">")] if link else None
        assert (url is None) == (page["next_cursor"] is None)
        first = False
    assert seen == full["entries"]


def test_timeline_etag_follows_the_data(tmp_path: Path) -> None:
    client = make_app(tmp_path).test_client()
    stored = client.post("/api/v1/articles", json=article()).get_json()
    first = client.get("/api/v1/timeline")
    etag = first.headers["ETag"]
    cached = client.get("/api/v1/timeline", headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.data == b"" and cached.headers["ETag"] == etag
    csv_etag = client.get("/api/v1/timeline?format=csv").headers["ETag"]
    assert csv_etag != etag  # each representation has its own tag
    client.post("/api/v1/articles", json=article(EN_TEXT, lang="en"))
    assert client.get("/api/v1/timeline", headers={"If-None-Match": etag}).status_code == 200
    client.delete(f"/api/v1/articles/{stored['id']}")
    values = [e["sources"][0]["article_id"] for e in _json(client, "/api/v1/timeline")["entries"]]
    assert stored["id"] not in values


@pytest.mark.parametrize("fmt", ["csv", "timelinejs"])
def test_last_page_tag_changes_when_a_page_comes_after_it(tmp_path: Path, fmt: str) -> None:
    # these bodies do not hold the cursor: the tag must still tell the pages apart
    client = make_app(tmp_path).test_client()
    client.post("/api/v1/articles", json=article())
    total = _json(client, "/api/v1/timeline")["total"]
    url = f"/api/v1/timeline?format={fmt}&limit={total}"
    last = client.get(url)
    assert "Link" not in last.headers
    client.post("/api/v1/articles", json=article("The new stadium will open in March 2031.",
                                                 lang="en"))
    again = client.get(url, headers={"If-None-Match": last.headers["ETag"]})
    assert again.data == last.data  # the same entries on this page…
    assert again.status_code == 200 and 'rel="next"' in again.headers["Link"]  # …and a next


# ---------------------------------------------------------------- TimelineJS3


def check_timelinejs(doc: dict[str, Any]) -> None:
    """Structure TimelineJS3 documents for its JSON format: a `title` slide, `events` with a
    `start_date` holding at least a numeric `year`, optional `end_date`, `text` with
    `headline`/`text`, optional `group`, `display_date`, unique `unique_id`s."""
    assert set(doc) <= {"title", "events", "eras", "scale"}
    assert isinstance(doc["title"]["text"]["headline"], str) and doc["title"]["text"]["headline"]
    assert isinstance(doc["events"], list) and doc["events"]
    ids = [doc["title"].get("unique_id")]
    for event in doc["events"]:
        assert set(event) <= {"start_date", "end_date", "text", "media", "group", "display_date",
                              "background", "autolink", "unique_id"}, event
        start = _check_date(event["start_date"])
        if "end_date" in event:
            assert _check_date(event["end_date"]) >= start
        assert isinstance(event["text"]["headline"], str) and event["text"]["headline"]
        assert isinstance(event["text"]["text"], str)
        for key in ("group", "display_date"):
            assert isinstance(event.get(key, ""), str)
        ids.append(event["unique_id"])
    assert all(isinstance(i, str) and i for i in ids) and len(ids) == len(set(ids))


def _check_date(value: dict[str, Any]) -> tuple[int, int, int]:
    assert set(value) <= {"year", "month", "day", "hour", "minute", "second", "millisecond",
                          "display_date", "format"}, value
    assert isinstance(value["year"], int)
    month, day = value.get("month", 1), value.get("day", 1)
    assert 1 <= month <= 12 and "day" not in value or "month" in value
    assert 1 <= day <= calendar.monthrange(value["year"], month)[1]
    return value["year"], month, day


def test_seed_story_as_timelinejs(client: FlaskClient) -> None:
    response = client.get(f"{STORY_URL}?format=timelinejs")
    assert response.status_code == 200 and response.mimetype == "application/json"
    doc = response.get_json()
    check_timelinejs(doc)
    entries = _json(client, STORY_URL)["entries"]
    assert [e["unique_id"] for e in doc["events"]] == [e["id"] for e in entries]
    by_id = {e["unique_id"]: e for e in doc["events"]}
    month = next(e for e in entries if e["value"] == "2022-10")
    assert by_id[month["id"]]["start_date"] == {"year": 2022, "month": 10}  # a month stays one
    late = next(e for e in entries if e["value"] == "2022" and e["mod"] == "END")
    assert by_id[late["id"]]["start_date"] == {"year": 2022, "month": 9, "day": 1}
    assert by_id[late["id"]]["end_date"] == {"year": 2022, "month": 12, "day": 31}
    assert by_id[late["id"]]["display_date"] == "أواخر 2022"
    assert "Not placed on the calendar" in doc["title"]["text"]["text"]


def test_a_range_of_years_or_months_keeps_its_end_in_timelinejs(tmp_path: Path) -> None:
    client = make_app(tmp_path).test_client()
    text = ("The plant was shut between 2016 and 2018. Output fell from April 2016 to "
            "February 2018. The strike ran in 2019.")
    client.post("/api/v1/articles", json=article(text, lang="en"))
    doc = client.get("/api/v1/timeline?format=timelinejs").get_json()
    check_timelinejs(doc)
    dates = {e["display_date"]: (e["start_date"], e.get("end_date")) for e in doc["events"]}
    assert dates["2016 – 2018"] == ({"year": 2016}, {"year": 2018})
    assert dates["April 2016 – February 2018"] == ({"year": 2016, "month": 4},
                                                   {"year": 2018, "month": 2})
    assert dates["2019"] == ({"year": 2019}, None)  # one year is no range
    entries = client.get("/api/v1/timeline").get_json()["entries"]
    assert [e.get("end_value") for e in entries] == ["2018", "2018-02", None]


def test_timelinejs_escapes_article_html(tmp_path: Path) -> None:
    client = make_app(tmp_path).test_client()
    client.post("/api/v1/articles", json=article(
        "<script>alert(1)</script> جرت الانتخابات في 5 نوفمبر 2024.",
        title="<b>bold</b>"))
    doc = client.get("/api/v1/timeline?format=timelinejs").get_json()
    check_timelinejs(doc)
    text = json.dumps(doc, ensure_ascii=False)
    assert "<script>" not in text and "<b>" not in text and "&lt;script&gt;" in text


# ---------------------------------------------------------------- CSV


def test_seed_story_as_csv(client: FlaskClient) -> None:
    response = client.get(f"{STORY_URL}?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    timeline = _json(client, STORY_URL)
    assert len(rows) == len(timeline["entries"]) + len(timeline["undated"])
    assert [r["id"] for r in rows] == [e["id"] for e in timeline["entries"] + timeline["undated"]]
    first = rows[0]
    assert first["dated"] == "true" and first["value"] == timeline["entries"][0]["value"]
    assert {r["dated"] for r in rows[len(timeline["entries"]):]} == {"false"}


def test_csv_defuses_spreadsheet_formulas(tmp_path: Path) -> None:
    client = make_app(tmp_path).test_client()
    client.post("/api/v1/articles", json=article("=HYPERLINK(1) جرت الانتخابات في 5 نوفمبر 2024.",
                                                 title="@title"))
    (row,) = csv.DictReader(io.StringIO(client.get("/api/v1/timeline?format=csv")
                                        .get_data(as_text=True)))
    assert row["quote"].startswith("'=") and row["article_title"] == "'@title"


# ---------------------------------------------------------------- languages


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    app = make_app(tmp_path_factory.mktemp("bilingual"), SEED_DIR=str(SEEDS))
    posted = app.test_client().post("/api/v1/articles", json=article(
        EN_TEXT, lang="en", title="Election results", story=SEED_STORY))
    assert posted.status_code == 201, posted.get_data(as_text=True)
    return app


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_lang_filters_the_merged_story(bilingual: Flask, lang: str) -> None:
    """`lang` keeps the entries of the one merged build that have a source in that language,
    each with only those sources; the rest of the entry is the merged entry's."""
    client = bilingual.test_client()
    full = _json(client, f"{STORY_URL}?limit=500")
    shown = _json(client, f"{STORY_URL}?lang={lang}&limit=500")
    for part in ("entries", "undated"):
        expected = [dict(e, sources=[s for s in e["sources"] if s["lang"] == lang])
                    for e in full[part] if any(s["lang"] == lang for s in e["sources"])]
        assert shown[part] == expected, part
    assert shown["entries"] and shown["total"] == len(shown["entries"]) < full["total"]


def test_lang_and_filters_combine(bilingual: Flask) -> None:
    client = bilingual.test_client()
    both = _json(client, f"{STORY_URL}?lang=en&from=2024-11&q=election")["entries"]
    en = _json(client, f"{STORY_URL}?lang=en")["entries"]
    assert both and both == [e for e in en if (e["latest"] or "9999") >= "2024-11-01"
                             and e["id"] in {x["id"] for x in _json(
                                 client, f"{STORY_URL}?q=election")["entries"]}]


def test_one_build_serves_every_filter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[int] = []
    real = api_timeline.build_timeline

    def counting(articles: Any) -> Any:
        builds.append(len(articles))
        return real(articles)

    monkeypatch.setattr(api_timeline, "build_timeline", counting)
    client = make_app(tmp_path, SEED_DIR=str(SEEDS)).test_client()
    for query in ("", "lang=ar", "lang=en", "q=Musk", "from=2024&min_confidence=0.5",
                  "lang=ar&q=الانتخابات&include_undated=false"):
        _json(client, f"{STORY_URL}?{query}")
    assert len(builds) == 1


def test_lang_narrows_the_sources_of_a_merged_entry() -> None:
    """An entry reported in two languages is kept for each, with that language's sources."""
    def source(article_id: int, lang: str) -> Source:
        return Source(article_id, "t", None, None, lang, None, "q", 0, 1, None, None, None)

    base = _seed_entry()
    mixed = replace(base, sources=[source(1, "ar"), source(2, "en"), source(3, "ar")])
    only_ar = replace(base, id="m2", sources=[source(4, "ar")])
    built = Built.of(Timeline([mixed, only_ar], []))
    en = built.view(TimelineFilter(), "en")
    assert [e.id for e in en.timeline.entries] == [mixed.id]
    assert [s.article_id for s in en.page(None, 10)[0][0].sources] == [2]
    ar_page, more = built.view(TimelineFilter(), "ar").page(None, 10)
    assert [[s.article_id for s in e.sources] for e in ar_page] == [[1, 3], [4]] and not more
    assert built.view(TimelineFilter(), "fr").timeline.entries == []


def _seed_entry() -> Entry:
    seeds = load_seeds(SEEDS)[:1]
    return build_timeline([ArticleInput(id=1, title=s.title, text=s.text, lang=s.lang,
                                        dct=s.published) for s in seeds]).entries[0]


def test_big_builds_are_frozen_out_of_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build of SETTLE_ENTRIES or more is collected once and frozen (no later full
    collection walks it, a pause of hundreds of ms at 100,000 entries); smaller ones not."""
    calls: list[str] = []
    monkeypatch.setattr(timeline_cache.gc, "collect", lambda: calls.append("collect"))
    monkeypatch.setattr(timeline_cache.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(timeline_cache, "SETTLE_ENTRIES", 2)
    cache = TimelineCache()
    entry = _seed_entry()
    cache.view("db", 1, TimelineFilter(), lambda: Timeline([entry], []))
    assert calls == []
    cache.view("db", 2, TimelineFilter(), lambda: Timeline([entry, replace(entry, id="b")], []))
    assert calls == ["collect", "freeze"]
