"""Reading bulk input for `timeline ingest`: files and folders in, validated records out.

Formats: a folder (searched recursively for the formats below), `.txt` (one article: the whole
file is the text, its first non-blank line the title), `.json` (one article object or a list of
them), `.jsonl`/`.ndjson` (one article object per line) and `.csv` (a header row; columns
title, text, published_at, lang, url, story — others are ignored).

Nothing here trusts its input: every line is read with a byte cap (a 50 MB line costs at most
`max_record_bytes` of memory, then is skipped in 1 MiB pieces), decoded strictly as UTF-8, and
validated by the API's own `ArticleInSchema`, so a file can hold exactly what a POST can. A bad
record becomes a `Rejected` with its place (`file:line`) and the reason; reading goes on.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from marshmallow import EXCLUDE, ValidationError

from schemas.articles import ArticleInSchema
from timeline.limits import LIMITS, Limits

SUFFIXES = {".txt": "txt", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".csv": "csv"}
CSV_COLUMNS = ("title", "text", "published_at", "lang", "url", "story")
_TITLE_CHARS = 500  # ArticleInSchema's limit on titles
_DRAIN = 1 << 20  # an oversized line is skipped in pieces of this many bytes
_BOM = b"\xef\xbb\xbf"
# one instance for the whole run: building a marshmallow schema deep-copies its fields, which
# cost more than the validation itself; archives carry extra columns, ignored (EXCLUDE)
_SCHEMA = ArticleInSchema(unknown=EXCLUDE)


@dataclass(frozen=True, slots=True)
class Record:
    """One valid article: `where` it came from and the fields ArticleInSchema loaded."""

    where: str
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Rejected:
    """Input that is not an article, `where` it is (file:line) and `why`."""

    where: str
    why: str


@dataclass(frozen=True, slots=True)
class Ignored:
    """A file found in a folder that is of no input type: not read, but reported, so that a
    folder of `.md` or `.xml` files is never taken for an empty one."""

    where: str


Item = Record | Rejected


def read_inputs(paths: Iterable[str | Path], limits: Limits = LIMITS
                ) -> Iterator[Item | Ignored]:
    """Every record and rejection of `paths`, in order (folders in sorted path order), and
    the files of other types met in folders."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.suffix.lower() in SUFFIXES:
                    yield from read_file(file, limits)
                else:
                    yield Ignored(str(file))
        elif path.is_file():
            yield from read_file(path, limits)
        else:
            yield Rejected(str(path), "no such file or folder")


def read_file(path: Path, limits: Limits = LIMITS) -> Iterator[Item]:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield Rejected(str(path), f"unsupported file type {path.suffix or '(none)'!r}: "
                                  f"use {', '.join(SUFFIXES)}")
        return
    try:
        with path.open("rb") as fh:
            if kind == "jsonl":
                yield from _jsonl(fh, str(path), limits)
            elif kind == "csv":
                yield from _csv(fh, str(path), limits)
            else:
                yield from _whole_file(fh, str(path), kind, limits)
    except OSError as exc:
        yield Rejected(str(path), f"cannot read: {exc.strerror or exc}")


def describe_ignored(files: Sequence[str], accepted: Iterable[str], examples: int = 3
                     ) -> list[str]:
    """One line per file type among `files` (ignored, since not of the `accepted` types): how
    many, and the first few as examples, e.g. `ignored 2 '.md' files (not an input type:
    .txt, .json): a/x.md, a/y.md`."""
    by_type: dict[str, list[str]] = {}
    for name in files:
        by_type.setdefault(_file_type(name), []).append(name)
    wanted = ", ".join(accepted)
    lines = []
    for kind, names in sorted(by_type.items()):
        shown = ", ".join(names[:examples]) + (", …" if len(names) > examples else "")
        plural = "file" if len(names) == 1 else "files"
        lines.append(f"ignored {len(names):,} {kind} {plural} (not an input type: {wanted}): "
                     f"{shown}")
    return lines


def _file_type(name: str) -> str:
    """How a file's type is named in messages: its suffix, or what it is without one."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if base.startswith(".") and base.count(".") == 1:
        return "hidden"
    suffix = Path(base).suffix.lower()
    return repr(suffix) if suffix else "suffix-less"


def estimate_count(paths: Iterable[str | Path]) -> int:
    """About how many records `paths` hold (lines, files), cheaply: for the progress bar."""
    total = 0
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            kind = SUFFIXES.get(file.suffix.lower())
            if kind in ("jsonl", "csv"):
                total += _count_lines(file) - (kind == "csv")
            elif kind is not None:
                total += 1
    return max(total, 0)


# ---------------------------------------------------------------- formats


def _jsonl(fh: BinaryIO, name: str, limits: Limits) -> Iterator[Item]:
    for lineno, line, problem in _lines(fh, limits.max_record_bytes):
        where = f"{name}:{lineno}"
        if problem is not None:
            yield Rejected(where, problem)
        elif line.strip():
            yield _from_json(line, where, limits)


def _whole_file(fh: BinaryIO, name: str, kind: str, limits: Limits) -> Iterator[Item]:
    data = fh.read(limits.max_record_bytes + 1)
    if len(data) > limits.max_record_bytes:
        yield Rejected(name, f"file is over the limit of {limits.max_record_bytes} bytes "
                             "(max_record_bytes)")
        return
    text, problem = _decode(data.removeprefix(_BOM))
    if problem is not None:
        yield Rejected(name, problem)
    elif kind == "json":
        yield from _json_document(text, name, limits)
    else:
        yield _validate({"title": _first_line(text) or Path(name).stem, "text": text},
                        name, limits)


def _json_document(text: str, name: str, limits: Limits) -> Iterator[Item]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejected(name, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    except RecursionError:
        yield Rejected(name, "JSON nested too deeply")
        return
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            yield _from_object(item, f"{name}[{i}]", limits)
    else:
        yield _from_object(doc, name, limits)


def _csv(fh: BinaryIO, name: str, limits: Limits) -> Iterator[Item]:
    feeder = _CsvFeeder(_lines(fh, limits.max_record_bytes), name)
    # csv's own cap (131,072 characters by default) would refuse a legal 100,000-char Arabic
    # text with quotes; our byte cap on lines already bounds every field
    csv.field_size_limit(max(limits.max_record_bytes, csv.field_size_limit()))
    reader = csv.reader(feeder)
    header: list[str] | None = None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield from feeder.drain()
            yield Rejected(f"{name}:{feeder.row_start}", f"invalid CSV: {exc}")
            continue
        yield from feeder.drain()
        where = f"{name}:{feeder.row_start}"
        if header is None:
            header = [h.strip().lower() for h in row]
            if "text" not in header:
                yield Rejected(where, f"the header row has no 'text' column (columns: "
                                      f"{', '.join(CSV_COLUMNS)})")
                return
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Rejected(where, f"{len(row)} fields, the header has {len(header)}")
            continue
        raw = {k: v for k, v in zip(header, row, strict=True) if k in CSV_COLUMNS and v != ""}
        yield _from_object(raw, where, limits)
    yield from feeder.drain()


class _CsvFeeder:
    """Feeds csv.reader decoded physical lines, keeping rejected lines (too long, not
    UTF-8) out of it and remembering where each row started, for file:line messages."""

    def __init__(self, lines: Iterator[tuple[int, bytes, str | None]], name: str) -> None:
        self._lines = lines
        self._name = name
        self._pending: list[Rejected] = []
        self._row_lines: list[int] = []
        self.row_start = 0

    def __iter__(self) -> _CsvFeeder:
        return self

    def __next__(self) -> str:
        for lineno, line, problem in self._lines:
            if problem is None:
                text, problem = _decode(line)
            if problem is not None:
                self._pending.append(Rejected(f"{self._name}:{lineno}", problem))
                continue
            self._row_lines.append(lineno)
            return text + "\n"
        raise StopIteration

    def drain(self) -> list[Rejected]:
        """Rejections met while reading the last row; also fixes that row's first line."""
        self.row_start = self._row_lines[0] if self._row_lines else self.row_start
        self._row_lines = []
        pending, self._pending = self._pending, []
        return pending


# ---------------------------------------------------------------- records


def _from_json(line: bytes, where: str, limits: Limits) -> Item:
    text, problem = _decode(line)
    if problem is not None:
        return Rejected(where, problem)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejected(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:  # [[[[…]]]] thousands deep: the decoder's own guard
        return Rejected(where, "JSON nested too deeply")
    return _from_object(obj, where, limits)


def _from_object(obj: Any, where: str, limits: Limits) -> Item:
    if not isinstance(obj, dict):
        return Rejected(where, f"an article must be a JSON object, not {type(obj).__name__}")
    raw = {k: v for k, v in obj.items() if v is not None}
    if isinstance(raw.get("text"), str) and not str(raw.get("title") or "").strip():
        # archives often carry no title: the text's first line is what a reader sees first
        raw["title"] = _first_line(raw["text"]) or "(untitled)"
    return _validate(raw, where, limits)


def _validate(raw: dict[str, Any], where: str, limits: Limits) -> Item:
    text = raw.get("text")
    if isinstance(text, str) and len(text) > limits.max_text_chars:
        return Rejected(where, f"text is {len(text):,} characters, over the limit of "
                               f"{limits.max_text_chars:,} (max_text_chars)")
    try:
        fields = _SCHEMA.load(raw)
    except ValidationError as exc:
        return Rejected(where, "invalid article: " + _messages(exc.messages))
    # SQLite keeps a NUL, but C-string consumers (FTS tokenizers, many tools downstream) cut
    # the text there: refuse it rather than store a text that reads differently elsewhere
    if any("\x00" in v for v in fields.values() if isinstance(v, str)):
        return Rejected(where, "NUL character in the article")
    return Record(where, fields)


def _messages(messages: Any) -> str:
    if isinstance(messages, dict):
        return "; ".join(f"{k}: {_messages(v)}" for k, v in messages.items())
    if isinstance(messages, list):
        return " ".join(str(m) for m in messages)
    return str(messages)


# ---------------------------------------------------------------- bytes


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, str | None]]:
    """(line number, line without its end, problem) per physical line; a line over `limit`
    bytes is never held whole: it is reported and skipped piece by piece."""
    lineno = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if lineno == 1:
            line = line.removeprefix(_BOM)
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while not line.endswith(b"\n"):
                line = fh.readline(_DRAIN)
                if not line:
                    break
                size += len(line)
            yield lineno, b"", (f"line is {size:,} bytes, over the limit of "
                                f"{limit:,} (max_record_bytes)")
            continue
        yield lineno, line.rstrip(b"\r\n"), None


def _decode(data: bytes) -> tuple[str, str | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return "", f"invalid UTF-8 at byte {exc.start}"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            line = " ".join(line.split())
            return line if len(line) <= _TITLE_CHARS else line[:_TITLE_CHARS - 1] + "…"
    return ""


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(_DRAIN), b""))
    except OSError:
        return 0
