"""The viewer route: `/` serves the page, its assets come from the app with the right
content types, and nothing in them points off-site (the page must work offline)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from api_helpers import make_app
from flask.testing import FlaskClient

from api.viewer import STATIC


@pytest.fixture()
def client(tmp_path: Path) -> FlaskClient:
    return make_app(tmp_path).test_client()


def asset_urls(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(viewer/[^"]+)"', page)


def test_root_serves_the_page(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.mimetype_params["charset"] == "utf-8"
    page = response.get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page and "<title>Newsroom timeline</title>" in page
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    for control in ("story", "from", "to", "q", "add-title-input", "add-text", "add-date",
                    "add-lang"):
        assert f'<label for="{control}"' in page, f"{control} has no label"


@pytest.mark.parametrize(("path", "mimetype"), [
    ("viewer/viewer.css", "text/css"),
    ("viewer/js/main.js", "text/javascript"),
    ("viewer/js/chart.js", "text/javascript"),
])
def test_assets_have_their_content_types(client: FlaskClient, path: str, mimetype: str) -> None:
    response = client.get(f"/{path}")
    assert response.status_code == 200 and response.mimetype == mimetype
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_every_asset_the_page_and_modules_name_is_served(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    wanted = asset_urls(page)
    assert "viewer/viewer.css" in wanted and "viewer/js/main.js" in wanted
    for module in sorted((STATIC / "js").glob("*.js")):
        source = module.read_text(encoding="utf-8")
        for name in re.findall(r'from "\./([\w.]+)"', source):
            assert (STATIC / "js" / name).is_file(), f"{module.name} imports missing {name}"
        assert client.get(f"/viewer/js/{module.name}").status_code == 200
    for url in wanted:
        assert client.get(f"/{url}").status_code == 200, url


def test_no_asset_comes_from_another_site() -> None:
    for path in STATIC.rglob("*"):
        if path.suffix in {".html", ".js", ".css"}:
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(?:src|href|url\()\s*=?\s*[\"']?(?:https?:)?//", text), path


def test_unknown_asset_is_404_and_api_still_answers(client: FlaskClient) -> None:
    assert client.get("/viewer/js/nope.js").status_code == 404
    assert client.get("/api/v1/healthz").get_json()["status"] == "ok"
