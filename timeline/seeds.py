"""The seed articles a new installation starts with, read through their manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from timeline.dates import parse_dct


@dataclass(frozen=True, slots=True)
class SeedArticle:
    file: str
    title: str
    lang: str | None
    source: str | None
    url: str | None
    published: datetime | None  # None: unknown, the extractor infers a reference date
    story: str | None
    text: str


def load_seeds(folder: str | Path) -> list[SeedArticle]:
    """Every article listed in `folder/manifest.json`, with its text.

    Raises ValueError naming the entry when the manifest is malformed or a file is missing.
    """
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read {manifest_path}: {exc}") from None
    seeds = []
    for i, entry in enumerate(manifest.get("articles", []), start=1):
        try:
            text = (folder / entry["file"]).read_text(encoding="utf-8")
            published = parse_dct(entry.get("published"))
        except (KeyError, OSError, ValueError) as exc:
            raise ValueError(f"{manifest_path}: article {i}: {exc}") from None
        seeds.append(SeedArticle(entry["file"], entry.get("title") or entry["file"],
                                 entry.get("language"), entry.get("source"), entry.get("url"),
                                 published, entry.get("story"), text))
    return seeds
