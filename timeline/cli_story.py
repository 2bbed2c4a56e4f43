"""`timeline build PATH...` (one story from files or folders) and `timeline eval --timeline`.

Kept apart from `timeline.cli` so the story commands grow without touching the others. The
JSON is written with the API's own schemas (`schemas.timeline`), so `build --json` prints
exactly the entries and undated references the API serves.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from timeline.assemble import Entry, Timeline
from timeline.dates import parse_dct
from timeline.timeline_build import ArticleInput, build_timeline

_TITLE_CHARS = 120


def add_build_command(sub: Any) -> None:
    """Register `timeline build` on the CLI's subparsers."""
    bd = sub.add_parser("build", help="build one story's timeline from files or folders")
    bd.add_argument("paths", nargs="+", metavar="PATH",
                    help="plain-text articles, or folders of them (a folder with a "
                         "manifest.json, like seeds/, gives titles, languages and dates)")
    bd.add_argument("--dct", help="publication date of the articles that have none "
                                  "(ISO date); without it one is inferred per article")
    bd.add_argument("--json", action="store_true", help="print the JSON the API serves")
    bd.set_defaults(handler=cmd_build)


def cmd_build(args: argparse.Namespace) -> int:
    try:
        dct = parse_dct(args.dct)
        articles = read_articles([Path(p) for p in args.paths], dct)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        sys.exit(f"timeline build: {exc}")
    if not articles:
        sys.exit("timeline build: no articles found")
    timeline = build_timeline(articles)
    if args.json:
        print(json.dumps(timeline_json(timeline), ensure_ascii=False, indent=2))
    else:
        print(format_timeline(timeline))
    return 0


# ---------------------------------------------------------------- reading articles


def read_articles(paths: list[Path], dct: datetime | None) -> list[ArticleInput]:
    """Articles from files and folders, numbered in the order given."""
    articles: list[ArticleInput] = []
    for path in paths:
        if path.is_dir() and (path / "manifest.json").is_file():
            articles += _manifest_articles(path, dct, len(articles))
        elif path.is_dir():
            for file in sorted(path.glob("*.txt")):
                articles.append(_file_article(file, dct, len(articles)))
        else:
            articles.append(_file_article(path, dct, len(articles)))
    return articles


def _manifest_articles(folder: Path, dct: datetime | None, first: int) -> list[ArticleInput]:
    from timeline.seeds import load_seeds

    out = []
    for i, seed in enumerate(load_seeds(folder), start=first):
        published = seed.published or dct
        out.append(ArticleInput(
            id=i, name=seed.file, title=seed.title, text=seed.text, lang=seed.lang,
            dct=published, url=seed.url, source=seed.source,
            published_at=seed.published.date().isoformat() if seed.published else None))
    return out


# records of articles, not an article's text: `timeline ingest` reads these
_RECORD_FILES = (".json", ".jsonl", ".ndjson", ".csv", ".parquet", ".gz", ".bz2", ".xz",
                 ".zst")


def _file_article(path: Path, dct: datetime | None, number: int) -> ArticleInput:
    if path.suffix.lower() in _RECORD_FILES:  # read as text, its JSON would be the story
        raise ValueError(f"{path}: article records, not an article's text; build reads "
                         "plain-text articles (load records with `timeline ingest`)")
    # decoded as stored (no newline translation), so offsets slice the file exactly
    text = path.read_bytes().decode("utf-8")
    title = next((line.strip() for line in text.splitlines() if line.strip()), path.name)
    return ArticleInput(id=number, name=path.name, title=title[:_TITLE_CHARS], text=text,
                        dct=dct)


# ---------------------------------------------------------------- output


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    """`{"entries": [...], "undated": [...]}` in the API's entry schema."""
    from schemas.timeline import EntrySchema

    schema = EntrySchema(many=True)
    return {"entries": schema.dump(timeline.entries), "undated": schema.dump(timeline.undated)}


def format_timeline(timeline: Timeline) -> str:
    """The story for a terminal: one block per entry, its sources indented under it."""
    lines = []
    for entry in timeline.entries:
        lines += _entry_lines(entry)
    if timeline.undated:
        lines.append("")
        lines.append(f"Not placed on the calendar ({len(timeline.undated)}):")
        for entry in timeline.undated:
            source = entry.sources[0]
            lines.append(f"  «{source.mention_text}»  {entry.headline}  [{_article(source)}]")
    return "\n".join(lines)


def _entry_lines(entry: Entry) -> list[str]:
    flags = [name for name in ("approximate", "inferred_dct", "vague")
             if getattr(entry.flags, name)]
    if entry.flags.date_source:
        flags.append(f"date from {entry.flags.date_source}")
    head = f"{entry.display_date_en}  ({entry.value}{' ' + entry.mod if entry.mod else ''})"
    lines = [head + (f"  [{', '.join(flags)}]" if flags else ""), f"  {entry.headline}"]
    for source in entry.sources:
        mention = f"«{source.mention_text}»" if source.mention_text else "(not dated there)"
        lines.append(f"    - {_article(source)}: {mention}")
    lines.append("")
    return lines


def _article(source: Any) -> str:
    return source.article or str(source.article_id)


# ---------------------------------------------------------------- eval --timeline


def cmd_eval_timeline(path: str, as_json: bool) -> int:
    """Build the gold's articles into one story, with and without their reference dates,
    and score each run's entries against the gold timeline."""
    from timeline.events import boilerplate_spans
    from timeline.timeline_eval import format_scores, load_gold_timeline, score_timeline

    try:
        gold = load_gold_timeline(path)
        articles = _gold_articles(Path(path), gold)
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        sys.exit(f"timeline eval: {exc}")
    boiler = {a.name or "": boilerplate_spans(a.text, a.lang or "en") for a in articles}
    rows = []
    for label, keep_dct in (("with DCT", True), ("without DCT", False)):
        run = [_with_dct(a, keep_dct) for a in articles]
        system = timeline_json(build_timeline(run))["entries"]
        rows.append((label, score_timeline(gold["timeline"], system, boiler)))
    if as_json:
        out = {label: {**scores.figures(), "missed": scores.missed,
                       "spurious": scores.spurious, "wrong_dates": scores.wrong_dates,
                       "misordered": scores.misordered} for label, scores in rows}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(f"{path}  (event level: {len(gold['timeline'])} gold entries)")
        print(format_scores(rows))
    return 0


def _gold_articles(path: Path, gold: dict[str, Any]) -> list[ArticleInput]:
    """The gold's documents, read from the gold file's folder."""
    out = []
    for i, doc in enumerate(gold.get("documents", [])):
        file = path.parent / doc["file"]
        text = file.read_bytes().decode("utf-8")
        out.append(ArticleInput(id=i, name=doc["file"], title=doc["file"], text=text,
                                lang=doc.get("lang"), dct=parse_dct(doc.get("dct"))))
    return out


def _with_dct(article: ArticleInput, keep: bool) -> ArticleInput:
    if keep:
        return article
    return ArticleInput(id=article.id, name=article.name, title=article.title,
                        text=article.text, lang=article.lang, dct=None)
