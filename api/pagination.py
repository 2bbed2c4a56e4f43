"""Cursor pagination: opaque cursors and the RFC 8288 `Link: <…>; rel="next"` header.

A cursor is the sort key of the last item on the page, base64url-encoded JSON. Clients treat
it as opaque; the server checks its shape before using it, so a forged or stale cursor is a
400, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import request
from flask_smorest import abort

LINK_HEADER = {"description": 'RFC 8288 link to the next page: `<url>; rel="next"`.',
               "schema": {"type": "string"}}


def encode_cursor(key: Any) -> str:
    raw = json.dumps(key, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, valid: Callable[[Any], bool]) -> Any:
    """The key inside `cursor` (None for the first page); 400 when it is not one of ours."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = None
    if key is None or not valid(key):
        abort(400, message="Invalid cursor: use the one from the previous page's Link header.",
              errors={"cursor": ["Not a valid cursor."]})
    return key


def next_link(cursor: str | None) -> dict[str, str]:
    """The `Link` header for the page after this one (no header on the last page)."""
    if cursor is None:
        return {}
    args = request.args.to_dict(flat=False)
    args["cursor"] = [cursor]
    return {"Link": f'<{request.base_url}?{urlencode(args, doseq=True)}>; rel="next"'}
