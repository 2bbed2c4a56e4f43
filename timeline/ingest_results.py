"""`timeline ingest` of `timeline backfill` results: Parquet already extracted, loaded as is.

A results folder is recognised by its `_done/` manifests (see `timeline.backfill_io`). Only
finished partitions are read (a partition without its manifest may be half written). Each
article comes with the mentions the backfill found, so ingest stores it without extracting
again; de-duplication by text hash, story links and batched writes are ingest's own.
Needs pyarrow and fsspec (the `distributed` extra), imported only when such a folder is given.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from timeline.ingest_sources import Item, Record, Rejected
from timeline.store import MENTION_FIELDS, NewArticle

_DONE = "_done"  # as backfill_io.DONE, repeated so that plain ingest never imports pyarrow
_EXTRACTED = "_extracted"  # the field of a Record holding what the backfill extracted


def is_results(path: str | Path) -> bool:
    """Whether `path` is a backfill output folder (local path or fsspec URL)."""
    text = str(path)
    if "://" not in text:
        return (Path(text) / _DONE).is_dir()
    import fsspec

    fs, root = fsspec.core.url_to_fs(text)
    return fs.isdir(f"{root.rstrip('/')}/{_DONE}")


def count_results(paths: Iterable[str | Path]) -> int:
    """Articles in the finished partitions of `paths`, from their manifests: for the bar."""
    from timeline import backfill_io as bio

    return sum(bio.read_manifest(str(p), name)["articles"]
               for p in paths for name in bio.finished(str(p)))


def read_results(paths: Iterable[str | Path]) -> Iterator[Item]:
    """A Record per stored article row of every finished partition, partition by partition
    (one partition's tables in memory at a time), its extraction under `_EXTRACTED`."""
    from timeline import backfill_io as bio

    for path in paths:
        root = str(path)
        for name in bio.finished(root):
            try:
                articles = bio.read_table(root, "articles", name)
                mentions: dict[str, list[dict[str, Any]]] = {}
                for row in bio.read_table(root, "mentions", name):
                    mentions.setdefault(row["text_hash"], []).append(_mention(row))
            except (OSError, ValueError) as exc:  # a damaged file costs its partition
                yield Rejected(f"{root}/{name}", f"cannot read backfill results: {exc}")
                continue
            for row in articles:
                fields = {k: row[k] for k in ("title", "text", "lang", "url", "source",
                                              "published_at", "story") if row[k] is not None}
                fields[_EXTRACTED] = (row["dct_used"], row["dct_inferred"],
                                      mentions.get(row["text_hash"], []))
                yield Record(row["where"], fields)


def _mention(row: dict[str, Any]) -> dict[str, Any]:
    """A mention as extraction returned it: optional keys absent when empty, extras merged."""
    out = {k: row[k] for k in MENTION_FIELDS if row[k] is not None}
    if row["details"]:
        out.update(json.loads(row["details"]))
    return out


def prebuilt(batch: list[tuple[Record, list[str]]]) -> list[tuple[Record, list[str], Any]]:
    """What ingest's extraction step returns for `batch`, from the backfill's results."""
    from timeline.search import index_form

    done = []
    for record, stories in batch:
        f = record.fields
        dct_used, dct_inferred, mentions = f[_EXTRACTED]
        done.append((record, stories, NewArticle(
            title=f["title"], text=f["text"], lang=f["lang"], url=f.get("url"),
            source=f.get("source"), published_at=f.get("published_at"), dct_used=dct_used,
            dct_inferred=dct_inferred, mentions=mentions,
            search_form=(index_form(f["title"]), index_form(f["text"])))))
    return done
