"""timeline/store.py: schema and migrations, transactions, de-duplication, search, cascades."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from timeline.store import (
    MIGRATIONS,
    ArticleQuery,
    NewArticle,
    StaleArticle,
    Store,
    StoryExists,
    TextTaken,
    UnknownArticles,
    resolve_db_path,
)

MENTION = {"start": 20, "end": 33, "text": "5 نوفمبر 2024", "type": "DATE", "value": "2024-11-05",
           "earliest": "2024-11-05", "latest": "2024-11-05", "anchor": "absolute",
           "confidence": 0.9, "rule": "day_month_year"}


def _article(text: str = "جرت الإنتخابات في 5 نوفمبر 2024 وفاز ترامب.", **kw: object) -> NewArticle:
    fields: dict = {"title": "عنوان", "text": text, "lang": "ar", "mentions": [MENTION]}
    fields.update(kw)
    return NewArticle(**fields)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "t.db") as s:
        yield s


def _count(store: Store, table: str) -> int:
    return store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# ---------------------------------------------------------------- schema


def test_fallback_mentions_stored_without_confidence_get_one(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    peer = {**MENTION, "rule": "dateparser", "confidence": None}
    unplaced = {**peer, "start": 0, "end": 3, "value": "XXXX-09", "earliest": None,
                "latest": None}
    with Store(path) as old:  # as a database written before fallback readings had one
        old.add_article(_article(mentions=[peer, unplaced]))
        old.add_article(_article("نص آخر في 5 نوفمبر 2024.", mentions=[MENTION]))
        old.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0103_fallback_confidence'")
        before = old.data_version()
    with Store(path) as new:
        rows = new.db.execute("SELECT rule, value, confidence FROM mentions "
                              "ORDER BY article_id, start").fetchall()
        assert rows == [("dateparser", "XXXX-09", 0.2), ("dateparser", "2024-11-05", 0.5),
                        ("day_month_year", "2024-11-05", 0.9)]
        assert new.data_version() > before  # cached timelines are rebuilt


def test_schema_is_migrated_once_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with Store(path) as first:
        migrations = first.schema_version()
        assert migrations >= 1 and not MIGRATIONS.pending(first.db)
        assert first.db.journal_mode == "wal"
        assert first.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        first.add_article(_article())
    with Store(path) as again:  # reopening keeps the data and applies nothing twice
        assert again.schema_version() == migrations
        assert _count(again, "articles") == 1
        tables = set(again.db.table_names())
        assert {"articles", "mentions", "stories", "story_articles", "article_search",
                "article_search_fts", "_sqlite_migrations"} <= tables


def test_date_columns_are_indexed(store: Store) -> None:
    indexed = {tuple(i.columns) for t in ("articles", "mentions") for i in store.db[t].indexes}
    assert {("published_at",), ("earliest",), ("latest",), ("text_hash",)} <= indexed


def test_db_path_comes_from_flag_then_environment_then_cwd(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TIMELINE_DB", raising=False)
    assert resolve_db_path() == str(tmp_path / "timeline.db")
    monkeypatch.setenv("TIMELINE_DB", "/srv/env.db")
    assert resolve_db_path() == "/srv/env.db"
    assert resolve_db_path("/srv/flag.db") == "/srv/flag.db"


# ---------------------------------------------------------------- articles


def test_article_round_trip_with_mentions(store: Store) -> None:
    article_id, created = store.add_article(_article(published_at="2024-11-07"), story="s")
    assert created
    article = store.get_article(article_id)
    assert article is not None
    assert article["title"] == "عنوان" and article["published_at"] == "2024-11-07"
    assert article["stories"] == ["s"] and article["dct_inferred"] is False
    (mention,) = store.article_mentions(article_id)
    assert {k: mention[k] for k in MENTION} == MENTION


def test_same_text_is_the_same_article(store: Store) -> None:
    first, created = store.add_article(_article())
    again, created_again = store.add_article(_article(text="  جرت الإنتخابات في 5 نوفمبر 2024 "
                                                           "وفاز ترامب.\n"), story="later")
    assert created and not created_again and first == again
    assert _count(store, "articles") == 1 and _count(store, "mentions") == 1
    assert store.get_article(first)["stories"] == ["later"]  # the story link still lands


def test_a_failed_ingest_writes_nothing(store: Store) -> None:
    broken = dict(MENTION, value=None)  # NOT NULL column: the insert fails half-way
    with pytest.raises(Exception, match="NOT NULL"):
        store.add_article(_article(mentions=[MENTION, broken]), story="s")
    for table in ("articles", "mentions", "article_search", "stories", "story_articles"):
        assert _count(store, table) == 0, table


@pytest.mark.parametrize("query", ["الانتخابات", "للانتخابات", "الإنتخابات", "والانتخابات"])
def test_search_finds_arabic_spellings_and_prefixed_forms(store: Store, query: str) -> None:
    a, _ = store.add_article(_article(text="أعلنت اللجنة موعد للانتخابات المقبلة."))
    b, _ = store.add_article(_article(text="جرت الإنتخابات في موعدها."))
    store.add_article(_article(text="لا شيء هنا عن التصويت."))
    found = [row["id"] for row in store.list_articles(ArticleQuery(q=query))]
    assert found == [a, b]


def test_search_also_covers_titles_and_english(store: Store) -> None:
    a, _ = store.add_article(_article(title="Elections in the US", text="Polls closed.",
                                      lang="en"))
    assert [r["id"] for r in store.list_articles(ArticleQuery(q="election"))] == [a]
    assert [r["id"] for r in store.list_articles(ArticleQuery(q="polls closed"))] == [a]


@pytest.mark.parametrize("query", ['"', "!!!", "a OR", "NEAR(", "*", "title:x", "-"])
def test_search_syntax_in_a_query_is_just_text(store: Store, query: str) -> None:
    store.add_article(_article())
    assert store.list_articles(ArticleQuery(q=query)) == []


def test_list_filters_and_keyset_pages(store: Store) -> None:
    ids = []
    for i, (lang, published) in enumerate([("ar", "2022-10-01"), ("en", "2024-11-07T09:30:00"),
                                           ("ar", "2024-11-07"), ("ar", None)]):
        article_id, _ = store.add_article(_article(text=f"نص رقم {i}", lang=lang,
                                                   published_at=published),
                                          story="even" if i % 2 == 0 else None)
        ids.append(article_id)

    def listed(**kw: object) -> list[int]:
        return [row["id"] for row in store.list_articles(ArticleQuery(**kw))]

    assert listed() == ids
    assert listed(lang="en") == [ids[1]]
    assert listed(story="even") == [ids[0], ids[2]]
    assert listed(published_from=date(2024, 11, 7)) == [ids[1], ids[2]]
    assert listed(published_to=date(2024, 11, 7)) == [ids[0], ids[1], ids[2]]
    assert listed(published_to=date(2024, 11, 6)) == [ids[0]]
    assert listed(limit=2) == ids[:2]
    assert listed(after_id=ids[1], limit=2) == ids[2:]
    summary = store.list_articles(ArticleQuery(limit=1))[0]
    assert "text" not in summary and summary["mention_count"] == 1


def test_delete_article_takes_its_mentions_search_row_and_links(store: Store) -> None:
    article_id, _ = store.add_article(_article(), story="s")
    assert store.delete_article(article_id)
    assert not store.delete_article(article_id)
    for table in ("articles", "mentions", "article_search", "story_articles"):
        assert _count(store, table) == 0, table
    assert store.list_articles(ArticleQuery(q="الانتخابات")) == []
    assert store.get_story("s")["article_ids"] == []  # the story itself stays


# ---------------------------------------------------------------- stories


def test_story_lifecycle(store: Store) -> None:
    a, _ = store.add_article(_article(text="نص أول"))
    b, _ = store.add_article(_article(text="نص ثان"))
    story = store.create_story("call", "The call", [a])
    assert story["name"] == "The call" and story["article_ids"] == [a]
    with pytest.raises(StoryExists):
        store.create_story("call", "again")
    updated = store.update_story("call", name="Renamed", add=[b], remove=[a])
    assert updated["name"] == "Renamed" and updated["article_ids"] == [b]
    assert [s["id"] for s in store.list_stories()] == ["call"]
    assert store.update_story("nope", name="x") is None
    assert store.delete_story("call") and not store.delete_story("call")
    assert store.get_article(b) is not None  # articles outlive their stories


def test_a_story_is_updated_when_an_article_joins_or_leaves_it(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = (f"2025-01-01T00:00:{second:02}+00:00" for second in itertools.count())
    monkeypatch.setattr("timeline.store._now", lambda: next(clock))
    store.create_story("s", "S")
    created = store.get_story("s")["updated_at"]
    a, _ = store.add_article(_article(text="نص أول"), story="s")  # joins through ingest
    joined = store.get_story("s")["updated_at"]
    assert joined > created
    store.add_article(_article(text="نص أول"), story="s")  # already in: no change
    assert store.get_story("s")["updated_at"] == joined
    store.add_articles([(_article(text="نص ثان"), ["s"])])  # a bulk load's batch
    batched = store.get_story("s")["updated_at"]
    assert batched > joined
    store.delete_article(a)  # leaves with its article
    assert store.get_story("s")["updated_at"] > batched


def test_unknown_articles_change_nothing(store: Store) -> None:
    a, _ = store.add_article(_article())
    store.create_story("s", "S", [a])
    with pytest.raises(UnknownArticles) as info:
        store.update_story("s", name="changed", add=[a, 999], remove=[a])
    assert info.value.ids == [999]
    assert store.get_story("s")["name"] == "S" and store.get_story("s")["article_ids"] == [a]
    with pytest.raises(UnknownArticles):
        store.create_story("t", "T", [12345])
    assert store.get_story("t") is None


def test_stories_page_by_id(store: Store) -> None:
    for name in ("b", "a", "c"):
        store.create_story(name, name.upper())
    assert [s["id"] for s in store.list_stories(limit=2)] == ["a", "b"]
    assert [s["id"] for s in store.list_stories(after="b")] == ["c"]


def test_timeline_rows_follow_story_and_language(store: Store) -> None:
    a, _ = store.add_article(_article(text="نص أول"), story="s")
    b, _ = store.add_article(_article(text="second text", lang="en"))
    mentions, articles = store.timeline_rows()
    assert set(articles) == {a, b} and len(mentions) == 2
    mentions, articles = store.timeline_rows(story="s")
    assert set(articles) == {a} and [m["article_id"] for m in mentions] == [a]
    mentions, articles = store.timeline_rows(lang="en")
    assert set(articles) == {b}


def test_mention_details_survive_storage(tmp_path) -> None:
    """Details beyond the TIMEX3 columns (a duration's reach, an aside) come back as stored."""
    from timeline.store import NewArticle, Store

    store = Store(str(tmp_path / "t.db"))
    reaches = {"value": "2024-08-24", "mod": "ON_OR_AFTER"}
    mention = {"start": 0, "end": 4, "text": "عامين", "type": "DURATION", "value": "P2Y",
               "reaches": reaches, "aside": True}
    article_id, _ = store.add_article(NewArticle(title="t", text="عامين ونصف", lang="ar",
                                                 mentions=[mention]))
    got = store.article_mentions(article_id)[0]
    assert got["reaches"] == reaches and got["aside"] is True
    assert "details" not in got


# ---------------------------------------------------------------- corrections


def test_replace_article_keeps_id_and_stories_and_swaps_the_rest(store: Store) -> None:
    article_id, _ = store.add_article(_article(url="https://example.org/a"), "s")
    versions = store.data_version(), store.data_version("s")
    corrected = MENTION | {"start": 19, "end": 32, "value": "2024-11-06",
                           "earliest": "2024-11-06", "latest": "2024-11-06"}
    new = _article("جرت الإنتخابات في 6 نوفمبر 2024 وفاز ترامب.", title="مصحح",
                   mentions=[corrected])
    assert store.replace_article(article_id, new, "t") is True
    got = store.get_article(article_id)
    assert (got["title"], got["url"], got["stories"]) == ("مصحح", None, ["s", "t"])
    assert [m["value"] for m in store.article_mentions(article_id)] == ["2024-11-06"]
    assert store.article_id_for_text(new.text) == article_id
    assert store.article_id_for_text(_article().text) is None  # the old text is gone
    assert [r["id"] for r in store.list_articles(ArticleQuery(q="مصحح"))] == [article_id]
    # cached timelines of every database and story holding it are stale
    assert store.data_version() > versions[0] and store.data_version("s") > versions[1]
    assert store.replace_article(article_id + 1, new) is False


def test_a_refused_correction_changes_nothing(store: Store) -> None:
    first, _ = store.add_article(_article(), "s")
    second, _ = store.add_article(_article("نص آخر في 5 نوفمبر 2024."))
    before = store.get_article(first), store.article_mentions(first), store.data_version()
    with pytest.raises(TextTaken) as taken:
        store.replace_article(first, _article("نص آخر في 5 نوفمبر 2024.", mentions=[]))
    assert taken.value.article_id == second
    with pytest.raises(StaleArticle):
        store.replace_article(first, _article("نص جديد", mentions=[]), "t",
                              current=lambda: False)
    assert (store.get_article(first), store.article_mentions(first),
            store.data_version()) == before
    assert store.get_story("t") is None
