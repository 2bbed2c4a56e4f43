"""The Mention record: one time reference found in an article (a TimeML TIMEX3)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

TYPES = ("DATE", "TIME", "DURATION", "SET")
MODS = (
    "START", "MID", "END", "APPROX", "MORE_THAN", "LESS_THAN",
    "BEFORE", "AFTER", "ON_OR_AFTER", "ON_OR_BEFORE", "EQUAL_OR_MORE", "EQUAL_OR_LESS",
)


@dataclass(slots=True)
class Mention:
    """A time reference. `start`/`end` are code-point offsets into the ORIGINAL text."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    earliest: str | None = None
    latest: str | None = None
    anchor: str | None = None
    confidence: float | None = None
    rule: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the batch extractor: optional keys left out when empty."""
        out = {k: v for k, v in asdict(self).items() if k != "extra" and v is not None}
        out.update(self.extra)
        return out


@dataclass(slots=True)
class Extraction:
    """What extraction returns for one article."""

    lang: str
    dct_used: date | datetime | None
    dct_inferred: bool
    mentions: list[Mention]

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "dct_used": _iso(self.dct_used),
            "dct_inferred": self.dct_inferred,
            "mentions": [m.to_dict() for m in self.mentions],
        }


def _iso(moment: date | datetime | None) -> str | None:
    """A reference date as ISO text; a midnight datetime is written as the date it stands for."""
    if moment is None:
        return None
    if isinstance(moment, datetime) and moment.time() == datetime.min.time():
        return moment.date().isoformat()
    return moment.isoformat()
