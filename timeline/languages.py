"""The languages the extractor reads, as ISO 639-1 codes, and the code a language tag names.

One list for every way in (the API's schemas, `timeline ingest`, `timeline extract`): its own
resources (ar, en) and the languages dateparser knows.
"""

from __future__ import annotations

import re

from dateparser.data.languages_info import language_order

LANGUAGES = sorted({code.split("-")[0] for code in language_order
                    if re.fullmatch(r"[a-z]{2}", code.split("-")[0])} | {"ar", "en"})


def language_code(tag: str) -> str:
    """The language a code or BCP 47 tag names: "en-GB", "EN", "ar_EG" -> "en", "en", "ar"."""
    return tag.replace("_", "-").split("-")[0].lower()
