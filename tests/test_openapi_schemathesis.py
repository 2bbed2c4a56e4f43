"""Property-based API test: schemathesis generates requests from /api/v1/openapi.json and
sends them to the app in-process (WSGI, no network). No request may cause a 5xx, and every
response must match what the document promises (status, content type, headers, body).

Bounded and reproducible: a fixed seed, deterministic generation, a few examples per
operation, no example database written to disk.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import create_app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_DIR = Path(tempfile.mkdtemp(prefix="timeline-schemathesis-"))
APP = create_app({"DB_PATH": str(_DIR / "api.db"), "SEED_DIR": str(SEEDS), "TESTING": True,
                  "MAX_TEXT_CHARS": 5_000})
CONFIG = schemathesis.Config.from_dict({
    "seed": 20241107,
    "generation": {"max-examples": 15, "deterministic": True, "database": "none"},
    "phases": {"stateful": {"enabled": False}},
})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP, config=CONFIG)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


@schema.parametrize()
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)


def teardown_module() -> None:
    shutil.rmtree(_DIR, ignore_errors=True)
