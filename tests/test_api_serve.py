"""`timeline serve`: waitress (not Flask's dev server), --db, --seed, CORS; and the library
never loads the web stack."""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import waitress
from api_helpers import SEED_STORY, SEEDS

from timeline.cli import main


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    calls: dict[str, Any] = {}

    def fake_serve(app: Any, **kw: Any) -> None:
        calls.update(kw, app=app)

    monkeypatch.setattr(waitress, "serve", fake_serve)
    return calls


def test_serve_seeds_once_and_runs_waitress(tmp_path: Path, served: dict[str, Any]) -> None:
    db = tmp_path / "served.db"
    argv = ["serve", "--db", str(db), "--seed", str(SEEDS), "--port", "8123",
            "--cors-origin", "https://chart.example"]
    assert main(argv) == 0
    assert served["host"] == "127.0.0.1" and served["port"] == 8123
    client = served["app"].test_client()
    story = client.get(f"/api/v1/stories/{SEED_STORY}").get_json()
    assert len(story["article_ids"]) == 2 and story["name"].startswith("مكالمة")
    response = client.get("/healthz", headers={"Origin": "https://chart.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://chart.example"
    client.patch(f"/api/v1/stories/{SEED_STORY}", json={"remove": story["article_ids"][:1]})
    assert main(argv) == 0  # the story exists: seeding leaves the user's edits alone
    again = served["app"].test_client().get(f"/api/v1/stories/{SEED_STORY}").get_json()
    assert again["article_ids"] == story["article_ids"][1:]


def test_db_path_from_the_environment(tmp_path: Path, served: dict[str, Any],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "env.db"))
    assert main(["serve"]) == 0
    assert served["app"].config["DB_PATH"] == str(tmp_path / "env.db")
    assert (tmp_path / "env.db").exists()


def test_unreadable_seeds_end_with_a_message(tmp_path: Path, served: dict[str, Any]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["serve", "--db", str(tmp_path / "x.db"), "--seed", str(tmp_path / "none")])
    assert str(info.value.code).startswith("timeline serve: ") and not served


def test_start_up_problems_end_with_a_message(tmp_path: Path, served: dict[str, Any],
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:  # a database folder that does not exist
        main(["serve", "--db", str(tmp_path / "missing" / "x.db")])
    assert str(info.value.code).startswith("timeline serve: cannot use the database ")
    with pytest.raises(SystemExit) as info:
        main(["serve", "--port", "99999"])  # argparse: usage and status 2
    assert info.value.code == 2 and "99999 is not a port" in capsys.readouterr().err

    def port_taken(app: Any, **kw: Any) -> None:
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(waitress, "serve", port_taken)
    with pytest.raises(SystemExit) as info:
        main(["serve", "--db", str(tmp_path / "x.db"), "--port", "8123"])
    assert info.value.code == ("timeline serve: cannot listen on 127.0.0.1:8123: "
                               "Address already in use")


def _next_link_behind_a_proxy(app: Any, settings: dict[str, Any]) -> str:
    """The Link a real waitress with `settings` writes for a request a TLS proxy forwards."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, **settings)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.effective_port}/api/v1/stories?limit=1",
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "news.example"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.headers["Link"]
    finally:
        server.close()
        thread.join(timeout=10)


def test_links_are_public_behind_a_trusted_proxy(tmp_path: Path,
                                                 served: dict[str, Any]) -> None:
    assert main(["serve", "--db", str(tmp_path / "x.db"), "--trusted-proxy", "127.0.0.1"]) == 0
    app = served.pop("app")
    for name in ("a", "b"):
        app.test_client().post("/api/v1/stories", json={"name": name})
    settings = {k: v for k, v in served.items() if k.startswith(("trusted", "clear"))}
    assert _next_link_behind_a_proxy(app, settings).startswith(
        "<https://news.example/api/v1/stories?limit=1&cursor=")
    # without the option, forwarded headers are not believed: the inside address is written
    assert _next_link_behind_a_proxy(app, {}).startswith("<http://127.0.0.1:")


def test_the_library_does_not_import_flask() -> None:
    code = ("import sys, timeline.cli, timeline.store, timeline.assemble, timeline.extract\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in "
            "('flask', 'flask_smorest', 'api')], 'web stack imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True)
