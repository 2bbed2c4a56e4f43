"""Size limits: one place for their defaults, each overridable by an environment variable.

Limits exist so that one hostile or broken input (a 50 MB line, a million-article request)
costs a clear rejection instead of the service's memory or time. The API reads them into its
Flask config (where `create_app(config)` can override them again), `timeline ingest` into its
options. Environment variables are read when the module is imported, i.e. at start-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

ENV_PREFIX = "TIMELINE_"


@dataclass(frozen=True, slots=True)
class Limits:
    max_text_chars: int = 100_000  # one article's text (about 25 printed pages)
    max_request_bytes: int = 16 * 1024 * 1024  # one HTTP request body
    max_batch: int = 50  # articles in one POST /articles
    default_page: int = 50  # articles/stories per page when the client gives no `limit`
    max_page: int = 500  # the largest `limit` a client may ask for on those lists
    timeline_page: int = 200  # timeline entries per page by default
    max_timeline_page: int = 1000  # the largest timeline `limit`
    ingest_batch: int = 200  # articles per write transaction in `timeline ingest`
    # one line of JSONL/CSV or one .txt/.json file: a 100,000-character Arabic text is about
    # 200 KB of UTF-8, so 4 MiB leaves room for JSON escapes (\u0627 is 6 bytes) and metadata
    max_record_bytes: int = 4 * 1024 * 1024


def from_env(environ: dict[str, str] | None = None) -> Limits:
    """The defaults, each replaced by $TIMELINE_<NAME> (upper case) when that is set.

    A value that is not a positive integer is a start-up error, not a silent default.
    """
    env = os.environ if environ is None else environ
    values = {}
    for f in fields(Limits):
        raw = env.get(ENV_PREFIX + f.name.upper())
        if raw is None or raw == "":
            continue
        try:
            value = int(raw.replace("_", ""))
        except ValueError:
            value = 0
        if value <= 0:
            raise ValueError(f"${ENV_PREFIX}{f.name.upper()} must be a positive integer, "
                             f"got {raw!r}")
        values[f.name] = value
    return Limits(**values)


LIMITS = from_env()
