"""One store connection per request (SQLite connections must not cross threads)."""

from __future__ import annotations

from flask import Flask, current_app, g

from timeline.store import Store


def get_store() -> Store:
    if "store" not in g:
        g.store = Store(current_app.config["DB_PATH"], migrate=False)
    return g.store


def init_app(app: Flask) -> None:
    """Migrate the database once at start-up and close each request's connection."""
    with Store(app.config["DB_PATH"]):
        pass

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        store = g.pop("store", None)
        if store is not None:
            store.close()
