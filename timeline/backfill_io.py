"""Files of `timeline backfill`: the archive's partitions in, Parquet results and markers out.

An archive is a folder (or a glob, or one file) of JSON Lines (`.jsonl`, `.ndjson`, optionally
`.gz`/`.bz2`/`.xz`/`.zst`) or Parquet files, on any filesystem fsspec knows (a local path,
`s3://`, `gs://`, `abfs://`, `https://`...). Each file is one partition: the unit of work, of
retry and of restart.

Results, under the output root (same fsspec rules):

    articles/<partition>.parquet   one row per valid record (text, fields, story, text_hash)
    mentions/<partition>.parquet   one row per time reference, keyed by text_hash
    events/<partition>.parquet     one row per event `article_events` finds, keyed by text_hash
    _done/<partition>.json         the partition's manifest, written LAST

A partition is finished exactly when its manifest exists: the Parquet files are written first
(a crash leaves them without a manifest, and the rerun overwrites them), and the manifest is
written under a temporary name and moved into place, so a reader never sees half a manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from timeline.ingest_sources import Item, _from_object, _jsonl
from timeline.limits import Limits
from timeline.store import MENTION_FIELDS

TABLES = ("articles", "mentions", "events")
DONE = "_done"
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst")
_JSONL = (".jsonl", ".ndjson")
_PARQUET = (".parquet", ".pq")
_ROW_BATCH = 1024  # Parquet input rows decoded at a time: memory stays flat on big files

# Fixed schemas: an empty partition writes the same columns as a full one, so the result
# folders read as one dataset (pyarrow.dataset, DuckDB, Spark) without type conflicts.
ARTICLE_SCHEMA = pa.schema([
    ("text_hash", pa.string()), ("where", pa.string()), ("title", pa.string()),
    ("text", pa.string()), ("lang", pa.string()), ("url", pa.string()),
    ("source", pa.string()), ("published_at", pa.string()), ("dct_used", pa.string()),
    ("dct_inferred", pa.bool_()), ("story", pa.string()),
])
_MENTION_TYPES = {"start": pa.int64(), "end": pa.int64(), "confidence": pa.float64()}
MENTION_SCHEMA = pa.schema(
    [("text_hash", pa.string())]
    + [(k, _MENTION_TYPES.get(k, pa.string())) for k in MENTION_FIELDS]
    + [("details", pa.string())])  # the extractor's extra keys, as one JSON object
EVENT_SCHEMA = pa.schema([
    ("text_hash", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
    ("quote_start", pa.int64()), ("quote_end", pa.int64()), ("headline", pa.string()),
    ("earliest", pa.string()), ("latest", pa.string()), ("primary_start", pa.int64()),
    ("mentions", pa.int64()), ("sentence", pa.int64()),
])
SCHEMAS = {"articles": ARTICLE_SCHEMA, "mentions": MENTION_SCHEMA, "events": EVENT_SCHEMA}


@dataclass(frozen=True, slots=True)
class Partition:
    """One input file: its URL and the name its results are stored under."""

    url: str
    name: str


def list_partitions(source: str, **storage: Any) -> list[Partition]:
    """The archive's input files in sorted order, each named after its path under `source`
    (sanitised, plus a short hash of the path, so `a/b.jsonl` and `a_b.jsonl` never meet)."""
    return scan_archive(source, **storage)[0]


def scan_archive(source: str, **storage: Any) -> tuple[list[Partition], list[str]]:
    """`list_partitions`, and the files found that are of no input type (sorted), which the
    run reports rather than passing over in silence."""
    fs, root = fsspec.core.url_to_fs(source, **storage)
    if fs.isdir(root):
        found = fs.find(root)
        base = root.rstrip("/") + "/"
    else:
        pattern = any(c in root for c in "*?[")
        found = fs.glob(root) if pattern else [root] if fs.exists(root) else []
        base = ""
    paths = [p for p in found if _kind(p)]
    ignored = sorted(p if _is_local(fs) else fs.unstrip_protocol(p)
                     for p in found if not _kind(p) and fs.isfile(p))
    out = []
    for path in sorted(paths):
        rel = path[len(base):] if base and path.startswith(base) else path.rsplit("/", 1)[-1]
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", rel)[-80:]
        digest = hashlib.sha1(rel.encode("utf-8")).hexdigest()[:8]
        # local files keep their plain (absolute) path: messages read as ingest's do
        url = path if _is_local(fs) else fs.unstrip_protocol(path)
        out.append(Partition(url, f"{slug}-{digest}"))
    return out, ignored


def _is_local(fs: Any) -> bool:
    protocols = (fs.protocol,) if isinstance(fs.protocol, str) else fs.protocol
    return "file" in protocols


def absolute(url: str) -> str:
    """`url` with a local path made absolute: workers of a remote cluster, or spawned in
    another folder, must find the same place the client meant."""
    if "://" in url and not url.startswith("file://"):
        return url
    return os.path.abspath(url.removeprefix("file://"))


def _kind(path: str) -> str | None:
    name = path.lower()
    for ext in _COMPRESSED:
        name = name.removesuffix(ext)
    if name.endswith(_JSONL):
        return "jsonl"
    if name.endswith(_PARQUET) and name == path.lower():  # Parquet compresses inside
        return "parquet"
    return None


def read_partition(url: str, limits: Limits, **storage: Any) -> Iterator[Item]:
    """Every record and rejection of one input file, validated as `timeline ingest` does
    (the same code: ArticleInSchema, byte caps, strict UTF-8), with `file:line` places."""
    kind = _kind(url)
    if kind == "parquet":
        with fsspec.open(url, "rb", **storage) as fh:
            rows = 0
            for batch in pq.ParquetFile(fh).iter_batches(batch_size=_ROW_BATCH):
                for row in batch.to_pylist():
                    rows += 1
                    yield _from_object(_plain(row), f"{url}:row {rows}", limits)
    else:
        with fsspec.open(url, "rb", compression="infer", **storage) as fh:
            yield from _jsonl(fh, url, limits)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row as JSON would give it: timestamps become ISO text (published_at)."""
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}


# ---------------------------------------------------------------- results


def done_path(output: str, name: str) -> str:
    return f"{output.rstrip('/')}/{DONE}/{name}.json"


def is_done(output: str, name: str, **storage: Any) -> bool:
    fs, path = fsspec.core.url_to_fs(done_path(output, name), **storage)
    return fs.exists(path)


def write_results(output: str, name: str, rows: dict[str, list[dict[str, Any]]],
                  manifest: dict[str, Any], **storage: Any) -> None:
    """The partition's three tables, then its manifest (last, atomically: see the docstring)."""
    root = output.rstrip("/")
    for table in TABLES:
        fs, path = fsspec.core.url_to_fs(f"{root}/{table}/{name}.parquet", **storage)
        fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        data = pa.Table.from_pylist(rows[table], schema=SCHEMAS[table])
        with fs.open(path, "wb") as fh:
            pq.write_table(data, fh)
    fs, path = fsspec.core.url_to_fs(done_path(output, name), **storage)
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    temp = f"{path}.{uuid.uuid4().hex}.tmp"  # unique: two racing attempts never share it
    with fs.open(temp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
    fs.mv(temp, path)  # a rename on local disks; object stores publish a whole object anyway


def read_manifest(output: str, name: str, **storage: Any) -> dict[str, Any]:
    with fsspec.open(done_path(output, name), "r", encoding="utf-8", **storage) as fh:
        return json.load(fh)


def finished(output: str, **storage: Any) -> list[str]:
    """Names of the partitions whose manifest exists, sorted."""
    fs, root = fsspec.core.url_to_fs(f"{output.rstrip('/')}/{DONE}", **storage)
    if not fs.isdir(root):
        return []
    return sorted(p.rsplit("/", 1)[-1].removesuffix(".json") for p in fs.ls(root, detail=False)
                  if p.endswith(".json"))


def read_table(output: str, table: str, name: str, **storage: Any) -> list[dict[str, Any]]:
    with fsspec.open(f"{output.rstrip('/')}/{table}/{name}.parquet", "rb", **storage) as fh:
        return pq.read_table(fh, schema=SCHEMAS[table]).to_pylist()
