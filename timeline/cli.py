"""The `timeline` command line: extract time references and score them against gold."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from timeline.dates import parse_corpus_dct, parse_dct
from timeline.text import locale_region


def main(argv: list[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except BrokenPipeError:  # output piped into `head`: stop quietly, as Unix tools do
        sys.stderr.close()
        return 0


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline", description=__doc__)
    sub = parser.add_subparsers(dest="command")

    ex = sub.add_parser("extract", help="tag time references in one article or a JSONL batch")
    ex.add_argument("file", nargs="?", help="a plain-text article (prints JSON for it)")
    ex.add_argument("--input", help="JSON Lines of {id, lang?, locale?, text, dct?}")
    ex.add_argument("--output", help="where the batch results go (JSON Lines)")
    ex.add_argument("--dct", help="publication date of FILE (ISO date or datetime)")
    ex.add_argument("--lang", help="language of FILE (ar, en, …); detected when absent")
    ex.add_argument("--locale", help="locale of FILE (en-GB: 11/07/2024 is 11 July; en-US: "
                                     "7 November, the English default)")
    ex.set_defaults(handler=_cmd_extract)

    sd = sub.add_parser("seeds", help="extract the seed articles listed in a manifest")
    sd.add_argument("--dir", default="seeds", help="folder holding manifest.json (default: seeds)")
    sd.set_defaults(handler=_cmd_seeds)

    ev = sub.add_parser("eval", help="score a system against a gold JSONL file (TempEval-3)")
    ev.add_argument("gold", nargs="?", help="gold JSON Lines in the canonical format")
    ev.add_argument("--timeline", metavar="GOLD.json",
                    help="score the story timeline (events, merging, order) against a gold "
                         "timeline instead; its documents are read from its folder")
    src = ev.add_mutually_exclusive_group()
    src.add_argument("--pred", help="predictions from `timeline extract --input`")
    src.add_argument("--system", choices=("ours", "dateparser"), default="ours")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.add_argument("--errors", type=int, default=0, metavar="N",
                    help="list up to N misses, false alarms and wrong values")
    ev.set_defaults(handler=_cmd_eval)

    sv = sub.add_parser("serve", help="run the HTTP API (waitress) on the SQLite store")
    sv.add_argument("--host", default="127.0.0.1", help="listen address (default: %(default)s)")
    sv.add_argument("--port", type=_port, default=8000, help="port (default: %(default)s)")
    sv.add_argument("--db", help="SQLite file (default: $TIMELINE_DB, else ./timeline.db)")
    sv.add_argument("--seed", nargs="?", const="seeds", metavar="DIR",
                    help="load DIR/manifest.json's stories if absent (DIR default: seeds)")
    sv.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                    help="allow this browser origin (repeatable; '*' for any; "
                         "default: $TIMELINE_CORS_ORIGINS)")
    sv.add_argument("--threads", type=_positive, default=8,
                    help="worker threads (default: 8)")
    sv.add_argument("--trusted-proxy", metavar="ADDRESS",
                    help="the reverse proxy in front (its IP, or '*'): its X-Forwarded-Proto, "
                         "-Host and -Port make the links the API writes public ones "
                         "(default: $TIMELINE_TRUSTED_PROXY, else none)")
    sv.set_defaults(handler=_cmd_serve)

    ig = sub.add_parser("ingest", help="bulk-load articles: folders of .txt/.json, JSONL, CSV")
    ig.add_argument("paths", nargs="+", metavar="PATH",
                    help="a folder, .txt, .json, .jsonl or .csv (title,text,published_at,"
                         "lang,url,story)")
    ig.add_argument("--db", help="SQLite file (default: $TIMELINE_DB, else ./timeline.db)")
    ig.add_argument("--story", metavar="NAME", help="also add every article to this story")
    ig.add_argument("--workers", type=_positive,
                    help="extraction processes (default: one per core)")
    ig.add_argument("--batch-size", type=_positive, metavar="N",
                    help="articles per write transaction (default: $TIMELINE_INGEST_BATCH "
                         "or 200)")
    ig.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="progress bar (default: when stderr is a terminal)")
    ig.set_defaults(handler=_cmd_ingest)

    bf = sub.add_parser("backfill", help="extract a partitioned archive on a Dask cluster into "
                                         "Parquet results (`pip install .[distributed]`)")
    bf.add_argument("--scheduler", required=True, metavar="ADDRESS|local",
                    help="a Dask scheduler (tcp://host:8786), or 'local' for a LocalCluster")
    bf.add_argument("--input", required=True, metavar="PATH|URL",
                    help="folder, glob or file of .jsonl[.gz] / .parquet; any fsspec URL")
    bf.add_argument("--output", required=True, metavar="PATH|URL",
                    help="results folder (articles/, mentions/, events/ Parquet); "
                         "load it with `timeline ingest`")
    bf.add_argument("--workers", type=_positive,
                    help="local workers (default: one per core)")
    bf.add_argument("--dashboard", default="127.0.0.1:8787", metavar="ADDRESS",
                    help="local cluster's dashboard address, 'none' for none "
                         "(default: %(default)s)")
    bf.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="progress bar (default: when stderr is a terminal)")
    bf.set_defaults(handler=_cmd_backfill)
    from timeline.cli_story import add_build_command

    add_build_command(sub)  # timeline build PATH... [--dct DATE] [--json]
    return parser


def _check_limits(command: str) -> None:
    """The size limits are read from the environment when first imported (timeline/limits.py):
    a bad value ends the command with its message, not a traceback."""
    try:
        import timeline.limits  # noqa: F401
    except ValueError as exc:
        sys.exit(f"timeline {command}: {exc}")


def _port(text: str) -> int:
    """A TCP port number (0: any free port), refused by argparse otherwise."""
    port = int(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port (0-65535)")
    return port


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return number


def _cmd_ingest(args: argparse.Namespace) -> int:
    _check_limits(args.command)
    from timeline.ingest import run_command

    return run_command(args.paths, args.db, args.story, args.workers, args.batch_size,
                       args.progress)


def _cmd_backfill(args: argparse.Namespace) -> int:
    _check_limits(args.command)
    from timeline.backfill import run_command

    dashboard = None if args.dashboard == "none" else args.dashboard
    return run_command(args.input, args.output, args.scheduler, args.workers, dashboard,
                       args.progress)


def _cmd_serve(args: argparse.Namespace) -> int:
    _check_limits(args.command)
    from api.serve import serve  # the web stack loads only for this command

    return serve(host=args.host, port=args.port, db=args.db, seed_dir=args.seed,
                 cors_origins=args.cors_origin, threads=args.threads,
                 trusted_proxy=args.trusted_proxy)


# ---------------------------------------------------------------- extract

def _cmd_extract(args: argparse.Namespace) -> int:
    if args.input:
        if args.file:
            sys.exit("timeline extract: give either FILE or --input, not both")
        if not args.output:
            sys.exit("timeline extract: --input needs --output")
        return _extract_batch(Path(args.input), Path(args.output))
    if not args.file:
        sys.exit("timeline extract: give FILE, or --input IN.jsonl --output OUT.jsonl")
    from timeline.extract import extract

    try:
        # bytes decoded as they are (no newline translation), so offsets slice the file exactly
        text = Path(args.file).read_bytes().decode("utf-8")
        dct = parse_dct(args.dct)
        if args.locale:
            locale_region(args.locale)
        if args.lang:
            _check_language(args.lang)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        sys.exit(f"timeline extract: {exc}")
    result = extract(text, lang=args.lang, dct=dct, locale=args.locale)
    json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _extract_batch(src: Path, dst: Path) -> int:
    from timeline.extract import extract

    failed = 0
    try:
        # JSON Lines are separated by \n only: str.splitlines() would also break a line at a raw
        # U+2028 or U+0085 inside a JSON string (valid JSON, common in scraped news)
        lines = src.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        sys.exit(f"timeline extract: cannot read {src}: {exc}")
    try:
        out = dst.open("w", encoding="utf-8")
    except OSError as exc:
        sys.exit(f"timeline extract: cannot write {dst}: {exc}")
    with out:
        for lineno, line in _progress(lines, "extract"):
            if not line.strip():
                continue
            try:
                item = _parse_batch_line(line)
            except ValueError as exc:
                failed += 1
                print(f"{src}:{lineno}: skipped: {exc}", file=sys.stderr)
                continue
            result = extract(item["text"], lang=item["lang"], dct=item["dct"],
                             locale=item["locale"]).to_dict()
            row = {"id": item["id"], "dct_used": result["dct_used"],
                   "dct_inferred": result["dct_inferred"], "lang": result["lang"],
                   "mentions": result["mentions"]}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if failed:
        print(f"timeline extract: {failed} line(s) failed", file=sys.stderr)
    return 1 if failed else 0


def _parse_batch_line(line: str) -> dict[str, Any]:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(raw, dict):
        raise ValueError("a line must be a JSON object")
    text = raw.get("text")
    if not isinstance(text, str):
        raise ValueError("missing or non-string 'text'")
    for key in ("lang", "locale"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise ValueError(f"'{key}' must be a string")
    if raw.get("locale"):
        locale_region(raw["locale"])
    if raw.get("lang"):
        _check_language(raw["lang"])
    return {"id": raw.get("id"), "text": text, "lang": raw.get("lang") or None,
            "locale": raw.get("locale") or None, "dct": parse_dct(raw.get("dct"))}


def _check_language(lang: str) -> None:
    """Refuse a language code the extractor cannot read, as the API does (a region, as in
    `en-GB`, may follow); ValueError says which codes it can."""
    from timeline.languages import LANGUAGES, language_code

    if language_code(lang) not in LANGUAGES:
        raise ValueError(f"lang {lang!r} is not an ISO 639-1 code the extractor reads "
                         f"({', '.join(LANGUAGES)})")


def _progress(items: list[Any], label: str, stream: TextIO = sys.stderr
              ) -> Iterator[tuple[int, Any]]:
    """Numbered lines, with a progress bar on stderr only when a person is watching."""
    numbered = enumerate(items, start=1)
    if not stream.isatty() or len(items) < 50:
        return numbered
    from tqdm import tqdm

    return tqdm(numbered, total=len(items), desc=label, unit="doc", file=stream)


def _cmd_seeds(args: argparse.Namespace) -> int:
    from timeline.extract import extract
    from timeline.seeds import load_seeds

    try:
        seeds = load_seeds(args.dir)
    except ValueError as exc:
        sys.exit(f"timeline seeds: {exc}")
    out = []
    for seed in seeds:
        result = extract(seed.text, lang=seed.lang, dct=seed.published).to_dict()
        out.append({"file": seed.file, "title": seed.title, "story": seed.story, **result})
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


# ---------------------------------------------------------------- eval

def _cmd_eval(args: argparse.Namespace) -> int:
    if args.timeline:
        from timeline.cli_story import cmd_eval_timeline

        return cmd_eval_timeline(args.timeline, args.json)
    if not args.gold:
        sys.exit("timeline eval: give GOLD.jsonl, or --timeline GOLD.json")
    from timeline import evaluate

    try:
        cases = evaluate.load_cases(args.gold)
    except (OSError, ValueError) as exc:
        sys.exit(f"timeline eval: {exc}")
    if args.pred:
        predictions = _load_predictions(Path(args.pred))
    else:
        predictions = _run_system(args.system, cases)
    report = evaluate.score(cases, predictions)
    if args.json:
        # stdout stays one JSON document: with --errors N the error lists go inside it
        out = evaluate.report_to_json(report, with_errors=args.errors > 0)
        if args.errors > 0:
            errors = out["overall"]["errors"]
            out["overall"]["errors"] = {k: v[:args.errors] for k, v in errors.items()}
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    label = args.pred or args.system
    print(f"{args.gold}  system: {label}")
    print(evaluate.format_table(report))
    if args.errors > 0:
        listing = evaluate.format_errors(report, cases, args.errors)
        print(listing or "no errors")
    return 0


def _load_predictions(path: Path) -> dict[str, list[dict]]:
    predictions: dict[str, list[dict]] = {}
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for lineno, line in enumerate(fh, start=1):
                if line.strip():
                    try:
                        row = json.loads(line)
                        predictions[row["id"]] = _checked_mentions(row["mentions"])
                    except (ValueError, KeyError, TypeError) as exc:
                        sys.exit(f"timeline eval: {path}:{lineno}: bad prediction line: {exc}")
    except OSError as exc:
        sys.exit(f"timeline eval: {exc}")
    except UnicodeDecodeError as exc:
        sys.exit(f"timeline eval: cannot read {path}: {exc}")
    return predictions


def _checked_mentions(mentions: Any) -> list[dict]:
    """A prediction line's mentions, refused unless each is an object with integer offsets."""
    if not isinstance(mentions, list):
        raise ValueError("'mentions' must be a list")
    for i, m in enumerate(mentions):
        if not isinstance(m, dict) or not all(
                isinstance(m.get(k), int) and not isinstance(m.get(k), bool)
                for k in ("start", "end")):
            raise ValueError(f"mention {i} needs integer 'start' and 'end'")
    return mentions


def _run_system(system: str, cases: list[dict]) -> dict[str, list[dict]]:
    if system == "dateparser":
        from timeline.peers.dateparser_search import extract as peer

        def run(case: dict, dct: datetime | None) -> list[dict]:
            return [m.to_dict() for m in peer(case["text"], case.get("lang"), dct)]
    else:
        from timeline.extract import extract

        def run(case: dict, dct: datetime | None) -> list[dict]:
            result = extract(case["text"], lang=case.get("lang"), dct=dct)
            return [m.to_dict() for m in result.mentions]

    predictions = {}
    for _, case in _progress(cases, "eval"):
        predictions[case["id"]] = run(case, _gold_dct(case))
    return predictions


def _gold_dct(case: dict) -> datetime | None:
    """A gold case's reference date (see `parse_corpus_dct`)."""
    try:
        return parse_corpus_dct(case.get("dct"))
    except ValueError as err:
        sys.exit(f"timeline eval: case {case.get('id')!r}: {err}")


if __name__ == "__main__":
    raise SystemExit(main())
