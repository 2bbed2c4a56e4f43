"""Shared helpers for the API tests: an app on a temporary database, problem checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from api import create_app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_STORY = "musk-trump-zelensky-call"
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}

AR_TEXT = ("قال الوزير يوم الأربعاء إن الانتخابات جرت في 5 نوفمبر 2024. "
           "وكانت الحملة قد بدأت في أواخر عام 2023.")
EN_TEXT = "The election was held on November 5, 2024. Results came two days later."


def make_app(db_dir: Path, **config: Any) -> Flask:
    return create_app({"DB_PATH": str(db_dir / "api.db"), "TESTING": True, **config})


def assert_problem(response: TestResponse, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status; its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body.keys() >= PROBLEM_KEYS, body
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["detail"] and "Traceback" not in body["detail"]
    return body


def article(text: str = AR_TEXT, **fields: Any) -> dict[str, Any]:
    return {"title": "عنوان", "text": text, "published_at": "2024-11-07", **fields}
