"""Articles in: extraction first (no lock held), then one store transaction."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from timeline.ingest import extract_record
from timeline.seeds import SeedArticle, load_seeds
from timeline.store import NewArticle, Store


def prepare(fields: Mapping[str, Any]) -> NewArticle:
    """Extract the time references of one validated article (see ArticleInSchema).

    Runs before any transaction opens, so slow extraction never holds the write lock; the
    same preparation as a bulk ingest's (`timeline.ingest.extract_record`).
    """
    return extract_record(dict(fields))


def ingest(store: Store, fields: Mapping[str, Any]) -> tuple[int, bool]:
    """Store one validated article (or find it: same text); (id, created)."""
    return store.add_article(prepare(fields), fields.get("story"))


def slugify(name: str) -> str:
    """A story id from its name: ASCII words joined by hyphens, else a short hash."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    slug = "-".join(words)[:64].strip("-")
    return slug or "story-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def load_seed_stories(store: Store, folder: str | Path) -> list[str]:
    """Ingest the seed articles into their stories, skipping stories that already exist.

    A story is named after its first article's title; its id comes from the manifest.
    Returns the ids of the seed stories (existing or new).
    """
    by_story: dict[str, list[SeedArticle]] = {}
    for seed in load_seeds(folder):
        by_story.setdefault(seed.story or "seeds", []).append(seed)
    for story, seeds in by_story.items():
        if store.get_story(story) is None:
            ids = [ingest(store, _seed_fields(seed))[0] for seed in seeds]
            store.create_story(story, seeds[0].title, ids)
    return list(by_story)


def _seed_fields(seed: SeedArticle) -> dict[str, Any]:
    published = seed.published
    if published is not None and published.time() == datetime.min.time():
        published = published.date()
    return {"title": seed.title, "text": seed.text, "lang": seed.lang, "url": seed.url,
            "source": seed.source, "published_at": published.isoformat() if published else None}
