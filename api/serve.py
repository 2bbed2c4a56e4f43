"""`timeline serve`: the app behind waitress, a production WSGI server (pure Python, no
fork model to configure, runs the same on Linux, macOS and Windows)."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

from timeline.store import resolve_db_path

TRUSTED_PROXY_ENV = "TIMELINE_TRUSTED_PROXY"
# what a reverse proxy tells about the request the client made; links (Link: rel="next")
# are written from it, so behind TLS they say https and the public host, not the inside one
_PROXY_HEADERS = {"x-forwarded-proto", "x-forwarded-host", "x-forwarded-port",
                  "x-forwarded-for"}


def serve(host: str = "127.0.0.1", port: int = 8000, db: str | None = None,
          seed_dir: str | None = None, cors_origins: Sequence[str] = (),
          threads: int = 8, trusted_proxy: str | None = None) -> int:
    """Serve until interrupted. Start-up problems end the process with a message.

    `trusted_proxy` (default $TIMELINE_TRUSTED_PROXY): the address of the reverse proxy
    whose X-Forwarded-* headers waitress believes; from anyone else they are dropped."""
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
        waitress.serve(app, host=host, port=port, threads=threads,
                       **proxy_settings(trusted_proxy or os.environ.get(TRUSTED_PROXY_ENV)))
    except OSError as exc:  # the port is taken, or the address is not this machine's
        sys.exit(f"timeline serve: cannot listen on {host}:{port}: {exc.strerror or exc}")
    return 0


def proxy_settings(trusted_proxy: str | None) -> dict[str, Any]:
    """waitress's settings to believe the X-Forwarded-* headers of `trusted_proxy` only."""
    if not trusted_proxy:
        return {}
    return {"trusted_proxy": trusted_proxy, "trusted_proxy_headers": set(_PROXY_HEADERS),
            "clear_untrusted_proxy_headers": True}
