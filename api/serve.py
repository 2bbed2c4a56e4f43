"""`timeline serve`: the app behind waitress, a production WSGI server (pure Python, no
fork model to configure, runs the same on Linux, macOS and Windows)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence

from timeline.store import resolve_db_path


def serve(host: str = "127.0.0.1", port: int = 8000, db: str | None = None,
          seed_dir: str | None = None, cors_origins: Sequence[str] = (),
          threads: int = 8) -> int:
    """Serve until interrupted. Start-up problems end the process with a message."""
    import waitress

    from api import create_app
    from timeline.ingest import warm_up

    db_path = resolve_db_path(db)
    config: dict = {"DB_PATH": db_path, "SEED_DIR": seed_dir}
    if cors_origins:
        config["CORS_ORIGINS"] = list(cors_origins)
    try:
        app = create_app(config)
    except (OSError, ValueError) as exc:  # unreadable seeds
        sys.exit(f"timeline serve: {exc}")
    except sqlite3.Error as exc:  # a folder that does not exist, a file that is no database
        sys.exit(f"timeline serve: cannot use the database {db_path}: {exc}")
    stories = app.config.get("SEED_STORIES") or []
    base = f"http://{host}:{port}"
    print(f"timeline serve: database {db_path}", file=sys.stderr)
    for story in stories:
        print(f"timeline serve: seed story {base}/api/v1/stories/{story}/timeline",
              file=sys.stderr)
    print(f"timeline serve: API {base}/api/v1, docs {base}/docs", file=sys.stderr)
    warm_up()  # before the first request, not during it (see timeline.ingest.warm_up)
    try:
        waitress.serve(app, host=host, port=port, threads=threads)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        sys.exit(f"timeline serve: cannot listen on {host}:{port}: {exc.strerror or exc}")
    return 0
