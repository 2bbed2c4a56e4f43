"""The SQLite store: articles, their mentions, stories. The only module that touches SQLite.

Everything goes through sqlite-utils. The schema is built by numbered migrations (sqlite-utils'
`Migrations`, which records what ran in `_sqlite_migrations`), so an old database file is
brought up to date when it is opened and never rebuilt. Every write that belongs together (an
article, its mentions, its search row and its story link) runs in one transaction: a failure
half-way leaves the database exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import ForeignKey
from sqlite_utils.migrations import Migrations

from timeline.search import index_form, search_terms

DB_ENV = "TIMELINE_DB"
DEFAULT_DB = "timeline.db"

MENTION_FIELDS = ("start", "end", "text", "type", "value", "mod", "earliest", "latest",
                  "anchor", "confidence", "rule")
ARTICLE_FIELDS = ("id", "title", "lang", "url", "source", "published_at", "dct_used",
                  "dct_inferred", "created_at")


def resolve_db_path(cli_value: str | None = None) -> str:
    """The database file: `--db` if given, else $TIMELINE_DB, else ./timeline.db."""
    return cli_value or os.environ.get(DB_ENV) or str(Path.cwd() / DEFAULT_DB)


def text_hash(text: str) -> str:
    """Identity of an article's text for de-duplication (whitespace runs do not count)."""
    canonical = " ".join(text.split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class StoreError(Exception):
    """A request the store refuses; nothing was written."""


class UnknownArticles(StoreError):
    def __init__(self, ids: Iterable[int]) -> None:
        self.ids = sorted(set(ids))
        super().__init__(f"unknown article ids: {self.ids}")


class TextTaken(StoreError):
    """Another article already has this text (texts are unique: the same text is one
    article)."""

    def __init__(self, article_id: int) -> None:
        self.article_id = article_id
        super().__init__(f"article {article_id} has this text")


class StaleArticle(StoreError):
    """The article is no longer the version the writer read (its precondition failed)."""


class StoryExists(StoreError):
    def __init__(self, story_id: str) -> None:
        self.story_id = story_id
        super().__init__(f"story {story_id!r} already exists")


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article ready to store: the client's fields plus what extraction found."""

    title: str
    text: str
    lang: str
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    dct_used: str | None = None
    dct_inferred: bool = False
    mentions: Sequence[dict[str, Any]] = field(default_factory=tuple)
    # (title, text) as `index_form` makes them for the search table; computed on insert when
    # absent. Bulk ingest computes them in its worker processes, off the single writer.
    search_form: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """Filters for listing articles; `after_id` is the keyset cursor."""

    story: str | None = None
    lang: str | None = None
    q: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    after_id: int | None = None
    limit: int = 50


# ---------------------------------------------------------------- schema

MIGRATIONS = Migrations("newsroom-timeline")


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    db["articles"].create({
        "id": int, "title": str, "text": str, "text_hash": str, "lang": str, "url": str,
        "source": str, "published_at": str, "dct_used": str, "dct_inferred": int,
        "created_at": str,
    }, pk="id", not_null=["title", "text", "text_hash", "lang", "created_at"])
    db["articles"].create_index(["text_hash"], unique=True)
    db["articles"].create_index(["published_at"])
    db["articles"].create_index(["created_at"])
    db["articles"].create_index(["lang"])
    db["mentions"].create({
        "id": int, "article_id": int, "start": int, "end": int, "text": str, "type": str,
        "value": str, "mod": str, "earliest": str, "latest": str, "anchor": str,
        "confidence": float, "rule": str,
    }, pk="id", not_null=["article_id", "start", "end", "text", "type", "value"],
        foreign_keys=[_cascade("mentions", "article_id", "articles")])
    db["mentions"].create_index(["article_id", "start"])
    db["mentions"].create_index(["earliest"])
    db["mentions"].create_index(["latest"])
    db["stories"].create({"id": str, "name": str, "created_at": str, "updated_at": str},
                         pk="id", not_null=["name", "created_at", "updated_at"])
    db["story_articles"].create({"story_id": str, "article_id": int, "added_at": str},
                                pk=("story_id", "article_id"),
                                foreign_keys=[_cascade("story_articles", "story_id", "stories"),
                                              _cascade("story_articles", "article_id",
                                                       "articles")])
    db["story_articles"].create_index(["article_id"])
    # The search table holds the normalised, prefix-stripped form of each article (see
    # timeline/search.py); its FTS5 index follows it through triggers, so a cascade delete
    # of the article also removes it from the index.
    db["article_search"].create({"article_id": int, "title": str, "text": str},
                                pk="article_id",
                                foreign_keys=[_cascade("article_search", "article_id",
                                                       "articles")])
    db["article_search"].enable_fts(["title", "text"], create_triggers=True,
                                    tokenize="porter unicode61 remove_diacritics 2")



# What a cached timeline depends on: the articles, their story links, story renames. Every
# change to them bumps one counter (triggers, so no writer can forget), and a reader compares
# one integer instead of re-reading 100,000 mentions to know its cache is still right.
_VERSIONED = {"articles": ("INSERT", "DELETE"), "story_articles": ("INSERT", "DELETE"),
              "stories": ("INSERT", "UPDATE", "DELETE")}


@MIGRATIONS(name="0100_data_version")
def _data_version(db: Database) -> None:
    db.execute("CREATE TABLE data_version (id INTEGER PRIMARY KEY CHECK (id = 1), "
               "version INTEGER NOT NULL)")
    db.execute("INSERT INTO data_version (id, version) VALUES (1, 0)")
    for table, events in _VERSIONED.items():
        for event in events:
            db.execute(f"CREATE TRIGGER {table}_{event.lower()}_version AFTER {event} ON "
                       f"{table} BEGIN UPDATE data_version SET version = version + 1; END")


# The same per story: a write elsewhere (a new article in another story, or in none) leaves a
# story's cached timeline valid. Links are the only way into or out of a story (a deleted
# article or story takes its links with it, firing these triggers through the cascade).
@MIGRATIONS(name="0101_story_version")
def _story_version(db: Database) -> None:
    db.execute("CREATE TABLE story_version (story_id TEXT PRIMARY KEY, "
               "version INTEGER NOT NULL)")
    for event, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
        db.execute(f"CREATE TRIGGER story_articles_{event.lower()}_story_version AFTER {event} "
                   f"ON story_articles BEGIN INSERT INTO story_version (story_id, version) "
                   f"VALUES ({row}.story_id, 1) ON CONFLICT (story_id) DO UPDATE SET "
                   f"version = version + 1; END")

# Mentions carry more than the TIMEX3 columns: the point a duration reaches, the event a year
# names, whether it sits in a "read also" aside, where an anchor was learnt. Those travel as one
# JSON object, so a new detail from the extractor needs no new migration.
@MIGRATIONS(name="0102_mention_details")
def _mention_details(db: Database) -> None:
    db["mentions"].add_column("details", str)


# Mentions read by dateparser (languages without resources) were stored without a confidence
# before fallback readings got one (see timeline/fallback.py); give old rows the same, so a
# `min_confidence` filter treats them as it treats new ones. Timelines built on the old values
# are dropped through the data and story versions.
@MIGRATIONS(name="0103_fallback_confidence")
def _fallback_confidence(db: Database) -> None:
    from timeline.fallback import PLACED_CONFIDENCE, UNPLACED_CONFIDENCE
    from timeline.peers.dateparser_search import RULE

    changed = db.execute(
        "UPDATE mentions SET confidence = CASE WHEN earliest IS NULL AND latest IS NULL "
        "THEN ? ELSE ? END WHERE rule = ? AND confidence IS NULL",
        [UNPLACED_CONFIDENCE, PLACED_CONFIDENCE, RULE]).rowcount
    if changed:
        db.execute("UPDATE data_version SET version = version + 1")
        db.execute("UPDATE story_version SET version = version + 1")

# An article corrected in place (PUT) changes what every timeline holding it shows: the
# update bumps the data version and the version of each of its stories, as inserts and
# deletes do (a trigger, so no writer can forget).
@MIGRATIONS(name="0104_article_update_version")
def _article_update_version(db: Database) -> None:
    db.execute("CREATE TRIGGER articles_update_version AFTER UPDATE ON articles BEGIN "
               "UPDATE data_version SET version = version + 1; "
               "UPDATE story_version SET version = version + 1 WHERE story_id IN "
               "(SELECT story_id FROM story_articles WHERE article_id = NEW.id); END")


_ARTICLE_COLUMNS = ("title", "text", "text_hash", "lang", "url", "source", "published_at",
                    "dct_used", "dct_inferred", "created_at")
_INSERT_ARTICLE = (f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))})")
_MENTION_COLUMNS = ", ".join(f'"{k}"' for k in ("article_id", *MENTION_FIELDS, "details"))
_INSERT_MENTION = (f"INSERT INTO mentions ({_MENTION_COLUMNS}) "
                   f"VALUES ({', '.join('?' * (len(MENTION_FIELDS) + 2))})")


def _cascade(table: str, column: str, other: str) -> ForeignKey:
    return ForeignKey(table, column, other, "id", on_delete="CASCADE")


# ---------------------------------------------------------------- the store


class Store:
    """One connection to the timeline database. Not shared between threads."""

    def __init__(self, path: str | Path, *, migrate: bool = True) -> None:
        self.path = str(path)
        self.db = Database(self.path)
        # per connection: SQLite leaves foreign keys off unless asked, every time
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if migrate:
            self.migrate()

    def migrate(self) -> None:
        """Bring the schema up to date and switch the file to write-ahead logging."""
        if self.path != ":memory:":
            retry_busy(self.db.enable_wal)
        # under the write lock: processes that open a new file at once (several servers,
        # an ingest next to a server) take turns, and the later ones find nothing pending
        with write_transaction(self.db):
            MIGRATIONS.apply(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def atomic(self) -> AbstractContextManager[None]:
        """A write transaction around several writes (nested writes become savepoints).

        It starts with BEGIN IMMEDIATE (see `write_transaction`), so concurrent writers queue
        for the lock instead of failing with "database is locked".
        """
        return write_transaction(self.db)

    def schema_version(self) -> int:
        """How many migrations this database has applied."""
        return len(MIGRATIONS.applied(self.db))

    # ------------------------------------------------------------ articles

    def article_id_for_text(self, text: str) -> int | None:
        """The id of the stored article with this text, if any."""
        row = self.db.execute("SELECT id FROM articles WHERE text_hash = ?",
                              [text_hash(text)]).fetchone()
        return row[0] if row else None

    def add_article(self, new: NewArticle, story: str | None = None) -> tuple[int, bool]:
        """Store `new` (or find it: same text, same article) and link it to `story`.

        Returns (article id, created). The story is created, named after its id, when absent.
        One transaction: the article, its mentions, its search row and the link, or nothing.
        """
        try:
            with self.atomic():
                article_id = self.article_id_for_text(new.text)
                created = article_id is None
                if created:
                    article_id = self._insert_article(new)
                if story is not None:
                    self._ensure_story(story, story)
                    self._link([article_id], story)
        except sqlite3.IntegrityError:
            # another writer stored the same text between our check and our insert
            article_id = self.article_id_for_text(new.text)
            if article_id is None:
                raise
            created = False
            if story is not None:
                with self.atomic():
                    self._ensure_story(story, story)
                    self._link([article_id], story)
        return article_id, created

    def _insert_article(self, new: NewArticle) -> int:
        # plain INSERTs: sqlite-utils' insert() inspects the table on every call, which cost
        # more than the writes themselves in a bulk load (benchmarks/ingest_speed.py)
        article_id = self.db.execute(_INSERT_ARTICLE, [
            new.title, new.text, text_hash(new.text), new.lang, new.url, new.source,
            new.published_at, new.dct_used, int(new.dct_inferred), _now()]).lastrowid
        self._insert_mentions(article_id, new.mentions)
        title, text = new.search_form or (index_form(new.title), index_form(new.text))
        self.db.execute("INSERT INTO article_search (article_id, title, text) VALUES (?, ?, ?)",
                        [article_id, title, text])
        assert article_id is not None
        return article_id

    def _insert_mentions(self, article_id: int, mentions: Sequence[dict[str, Any]]) -> None:
        self.db.conn.executemany(_INSERT_MENTION, (
            [article_id, *(m.get(k) for k in MENTION_FIELDS), _details(m)] for m in mentions))

    def replace_article(self, article_id: int, new: NewArticle, story: str | None = None,
                        current: Callable[[], bool] | None = None) -> bool:
        """Put `new` in place of article `article_id` (a correction): its fields, text and
        mentions replace the old ones; its id, creation time and story links stay, and
        `story` adds one more link. False when there is no such article; `TextTaken` when
        another article has the new text; `StaleArticle` when `current` (asked under the
        write lock, before any write) says the stored article is not the one the writer
        read. One transaction: the whole correction or nothing.
        """
        with self.atomic():
            if self.db.execute("SELECT 1 FROM articles WHERE id = ?",
                               [article_id]).fetchone() is None:
                return False
            if current is not None and not current():
                raise StaleArticle(f"article {article_id} changed")
            other = self.article_id_for_text(new.text)
            if other is not None and other != article_id:
                raise TextTaken(other)
            self.db.execute(
                "UPDATE articles SET title = ?, text = ?, text_hash = ?, lang = ?, url = ?, "
                "source = ?, published_at = ?, dct_used = ?, dct_inferred = ? WHERE id = ?",
                [new.title, new.text, text_hash(new.text), new.lang, new.url, new.source,
                 new.published_at, new.dct_used, int(new.dct_inferred), article_id])
            self.db.execute("DELETE FROM mentions WHERE article_id = ?", [article_id])
            self._insert_mentions(article_id, new.mentions)
            title, text = new.search_form or (index_form(new.title), index_form(new.text))
            self.db.execute("UPDATE article_search SET title = ?, text = ? WHERE article_id = ?",
                            [title, text, article_id])
            self.db.execute("UPDATE stories SET updated_at = ? WHERE id IN (SELECT story_id "
                            "FROM story_articles WHERE article_id = ?)", [_now(), article_id])
            if story is not None:
                self._ensure_story(story, story)
                self._link([article_id], story)
        return True

    def get_article(self, article_id: int, *, with_text: bool = True) -> dict[str, Any] | None:
        """One article with its story ids (and text), or None."""
        columns = ", ".join(ARTICLE_FIELDS + (("text",) if with_text else ()))
        rows = list(self.db.query(f"SELECT {columns} FROM articles WHERE id = ?",
                                  [article_id]))
        if not rows:
            return None
        return self._with_stories(rows)[0]

    def article_mentions(self, article_id: int) -> list[dict[str, Any]]:
        """The article's mentions in text order."""
        return [_clean_mention(row) for row in self.db.query(
            "SELECT * FROM mentions WHERE article_id = ? ORDER BY start, \"end\", id",
            [article_id])]

    def list_articles(self, query: ArticleQuery) -> list[dict[str, Any]]:
        """Article summaries (no text) matching `query`, by id, at most `query.limit`."""
        where, args = _article_filters(query)
        sql = (f"SELECT {', '.join('a.' + c for c in ARTICLE_FIELDS)}, "
               "(SELECT count(*) FROM mentions m WHERE m.article_id = a.id) AS mention_count "
               f"FROM articles a WHERE {' AND '.join(where) or '1'} ORDER BY a.id LIMIT ?")
        return self._with_stories(list(self.db.query(sql, [*args, query.limit])))

    def delete_article(self, article_id: int) -> bool:
        """Remove the article; its mentions, search row and story links go with it (and its
        stories count as updated)."""
        with self.atomic():
            self.db.execute("UPDATE stories SET updated_at = ? WHERE id IN (SELECT story_id "
                            "FROM story_articles WHERE article_id = ?)", [_now(), article_id])
            cursor = self.db.execute("DELETE FROM articles WHERE id = ?", [article_id])
        return cursor.rowcount > 0

    def _with_stories(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [row["id"] for row in rows]
        links: dict[int, list[str]] = {i: [] for i in ids}
        if ids:
            marks = ",".join("?" * len(ids))
            for link in self.db.query(
                    f"SELECT article_id, story_id FROM story_articles WHERE article_id IN "
                    f"({marks}) ORDER BY story_id", ids):
                links[link["article_id"]].append(link["story_id"])
        for row in rows:
            row["dct_inferred"] = bool(row["dct_inferred"])
            row["stories"] = links[row["id"]]
        return rows

    # ------------------------------------------------------------ stories

    def create_story(self, story_id: str, name: str, article_ids: Sequence[int] = ()
                     ) -> dict[str, Any]:
        with self.atomic():
            if self._story_row(story_id) is not None:
                raise StoryExists(story_id)
            self._check_articles(article_ids)
            self._ensure_story(story_id, name)
            self._link(article_ids, story_id)
        story = self.get_story(story_id)
        assert story is not None
        return story

    def get_story(self, story_id: str) -> dict[str, Any] | None:
        row = self._story_row(story_id)
        if row is None:
            return None
        row["article_ids"] = [r[0] for r in self.db.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id",
            [story_id]).fetchall()]
        return row

    def list_stories(self, after: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id FROM stories WHERE ? IS NULL OR id > ? ORDER BY id LIMIT ?",
            [after, after, limit]).fetchall()
        return [story for (story_id,) in rows if (story := self.get_story(story_id))]

    def update_story(self, story_id: str, *, name: str | None = None, add: Sequence[int] = (),
                     remove: Sequence[int] = ()) -> dict[str, Any] | None:
        """Rename and add/remove articles in one transaction; None if the story is unknown."""
        with self.atomic():
            if self._story_row(story_id) is None:
                return None
            self._check_articles([*add, *remove])
            if name is not None:
                self.db["stories"].update(story_id, {"name": name})
            self._link(add, story_id)
            if remove:
                marks = ",".join("?" * len(remove))
                self.db.execute(f"DELETE FROM story_articles WHERE story_id = ? AND article_id "
                                f"IN ({marks})", [story_id, *remove])
            self.db["stories"].update(story_id, {"updated_at": _now()})
        return self.get_story(story_id)

    def delete_story(self, story_id: str) -> bool:
        """Remove the story and its links; the articles stay."""
        with self.atomic():
            cursor = self.db.execute("DELETE FROM stories WHERE id = ?", [story_id])
        return cursor.rowcount > 0

    def _story_row(self, story_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT id, name, created_at, updated_at FROM stories "
                                  "WHERE id = ?", [story_id]))
        return rows[0] if rows else None

    def _ensure_story(self, story_id: str, name: str) -> None:
        now = _now()
        self.db.execute("INSERT OR IGNORE INTO stories (id, name, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?)", [story_id, name, now, now])

    def _link(self, article_ids: Iterable[int], story_id: str) -> None:
        """Put the articles in the story; a story that gains one counts as updated."""
        now = _now()
        added = 0
        for article_id in dict.fromkeys(article_ids):
            added += self.db.execute("INSERT OR IGNORE INTO story_articles (story_id, "
                                     "article_id, added_at) VALUES (?, ?, ?)",
                                     [story_id, article_id, now]).rowcount
        if added:
            self.db.execute("UPDATE stories SET updated_at = ? WHERE id = ?", [now, story_id])

    def _check_articles(self, article_ids: Sequence[int]) -> None:
        wanted = set(article_ids)
        if not wanted:
            return
        marks = ",".join("?" * len(wanted))
        found = {r[0] for r in self.db.execute(
            f"SELECT id FROM articles WHERE id IN ({marks})", list(wanted)).fetchall()}
        if wanted - found:
            raise UnknownArticles(wanted - found)

    # ------------------------------------------------------------ timeline input

    def timeline_rows(self, story: str | None = None, lang: str | None = None
                      ) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
        """The mentions a timeline is built from, and the articles they come from (by id).

        Restricted to one story's articles and/or one language when asked.
        """
        where, args = [], []
        if story is not None:
            where.append("a.id IN (SELECT article_id FROM story_articles WHERE story_id = ?)")
            args.append(story)
        if lang is not None:
            where.append("a.lang = ?")
            args.append(lang)
        clause = " AND ".join(where) or "1"
        articles = {row["id"]: row for row in self.db.query(
            f"SELECT a.id, a.title, a.text, a.lang, a.url, a.source, a.published_at, "
            f"a.dct_used, a.dct_inferred FROM articles a WHERE {clause}", args)}
        for row in articles.values():
            row["dct_inferred"] = bool(row["dct_inferred"])
        mentions = [_clean_mention(row) for row in self.db.query(
            f"SELECT m.* FROM mentions m JOIN articles a ON a.id = m.article_id WHERE {clause} "
            "ORDER BY m.article_id, m.start, m.id", args)]
        return mentions, articles

    # ------------------------------------------------------------ bulk ingest

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these text hashes (see `text_hash`) are stored already."""
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):  # SQLite caps the number of ? per statement
            chunk = wanted[i:i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(
                f"SELECT text_hash FROM articles WHERE text_hash IN ({marks})", chunk))
        return found

    def add_articles(self, items: Sequence[tuple[NewArticle, Sequence[str]]],
                     story_names: dict[str, str] | None = None) -> list[tuple[int, bool]]:
        """Store a batch of articles, each linked to its stories, in ONE transaction.

        A bulk load commits per batch rather than per article (one fsync for hundreds of
        articles), and a crash loses the open batch whole: never an article without its
        mentions. Stories named in `story_names` (id -> name) get that name when created.
        Returns (id, created) per item, as `add_article` does.
        """
        names = story_names or {}
        results = []
        with self.atomic():
            for new, stories in items:
                article_id = self.article_id_for_text(new.text)
                created = article_id is None
                if article_id is None:
                    article_id = self._insert_article(new)
                for story in dict.fromkeys(stories):
                    self._ensure_story(story, names.get(story, story))
                    self._link([article_id], story)
                results.append((article_id, created))
        return results

    def link_stored(self, links: Sequence[tuple[str, Sequence[str]]],
                    story_names: dict[str, str] | None = None) -> None:
        """Link already stored articles, found by text hash, to stories (one transaction)."""
        names = story_names or {}
        with self.atomic():
            for digest, stories in links:
                row = self.db.execute("SELECT id FROM articles WHERE text_hash = ?",
                                      [digest]).fetchone()
                for story in dict.fromkeys(stories) if row else ():
                    self._ensure_story(story, names.get(story, story))
                    self._link([row[0]], story)

    def data_version(self, story: str | None = None) -> int:
        """A number that changes whenever articles, story links or stories change; for a
        `story`, whenever an article joins or leaves that story."""
        if story is None:
            row = self.db.execute("SELECT version FROM data_version").fetchone()
        else:
            row = self.db.execute("SELECT version FROM story_version WHERE story_id = ?",
                                  [story]).fetchone()
        return int(row[0]) if row else 0

    def counts(self) -> dict[str, int]:
        """How many articles, mentions and stories are stored."""
        return {table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("articles", "mentions", "stories")}

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file: "ok", or the problems it found."""
        rows = self.db.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(r[0]) for r in rows)


# ---------------------------------------------------------------- helpers


def _article_filters(query: ArticleQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if query.story is not None:
        where.append("a.id IN (SELECT article_id FROM story_articles WHERE story_id = ?)")
        args.append(query.story)
    if query.lang is not None:
        where.append("a.lang = ?")
        args.append(query.lang)
    if query.published_from is not None:
        where.append("a.published_at >= ?")
        args.append(query.published_from.isoformat())
    if query.published_to is not None:
        # a datetime on the last day sorts after the bare date: compare with the next day
        where.append("a.published_at < ?")
        args.append((query.published_to + timedelta(days=1)).isoformat())
    if query.after_id is not None:
        where.append("a.id > ?")
        args.append(query.after_id)
    if query.q is not None:
        match = fts_query(query.q)
        if match is None:  # nothing searchable (only punctuation): nothing can match
            where.append("0")
        else:
            where.append("a.id IN (SELECT rowid FROM article_search_fts "
                         "WHERE article_search_fts MATCH ?)")
            args.append(match)
    return where, args


def fts_query(q: str) -> str | None:
    """A client's search words as a safe FTS5 query: all terms, each quoted (no syntax)."""
    terms = search_terms(q)
    if not terms:
        return None
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _clean_mention(row: dict[str, Any]) -> dict[str, Any]:
    details = json.loads(row["details"]) if row.get("details") else {}
    return {"id": row["id"], "article_id": row["article_id"],
            **{k: row[k] for k in MENTION_FIELDS}, **details}


def _details(mention: dict[str, Any]) -> str | None:
    extra = {k: v for k, v in mention.items() if k not in MENTION_FIELDS and k != "id"
             and k != "article_id"}
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------- write transactions

# How long a writer waits for the write lock in all (SQLite's busy timeout covers each
# attempt; BUSY_RETRIES attempts with a growing pause cover a burst longer than that).
BUSY_TIMEOUT_MS = 5000
BUSY_RETRIES = 6


@contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, or a savepoint when a transaction is already open.

    Why not sqlite-utils' `atomic()`: it opens with a plain (deferred) BEGIN, so a transaction
    that reads first (is this text stored?) and then writes must upgrade its lock; in WAL mode
    that upgrade fails AT ONCE with "database is locked" when another connection committed in
    between — the busy timeout does not apply. Taking the write lock up front makes every
    writer wait its turn under the busy timeout; if even that runs out (a long bulk batch
    holds the lock), the BEGIN is retried, since nothing has been done yet.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    retry_busy(lambda: db.conn.execute("BEGIN IMMEDIATE"))
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def retry_busy(step: Callable[[], object]) -> None:
    """Run `step`, again after a growing pause while SQLite says the file is locked.

    Only for steps that either take effect whole or not at all (BEGIN, a journal-mode switch).
    """
    for attempt in range(BUSY_RETRIES):
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or attempt == BUSY_RETRIES - 1:
                raise
            time.sleep(0.05 * 2 ** attempt)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message
