"""Event-level scoring of a timeline against a gold one (`timeline eval --timeline GOLD.json`).

A system entry matches a gold entry when their dates agree (same value, or overlapping
intervals) and they share a source: the same article and the same time reference (one
contains the other after normalisation; a gold reference of null, an article that reports the
event without dating it, matches any source from that article). Pairs are taken one to one,
exact dates and most shared sources first. Reported: precision and recall of entries, of
sources within matched entries, how many gold dates are exactly right (value and mod),
pairwise order accuracy over gold entries whose intervals do not overlap, and how many system
sources quote boilerplate ("read also" lines).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline.dates import iso_day
from timeline.intervals import interval
from timeline.text import normalize_string

Interval = tuple[date | None, date | None]


@dataclass(slots=True)
class TimelineScores:
    gold: int = 0
    system: int = 0
    matched: int = 0
    dates_right: int = 0
    gold_sources: int = 0
    system_sources: int = 0  # in matched entries
    gold_sources_found: int = 0
    system_sources_right: int = 0
    order_pairs: int = 0
    order_right: int = 0
    boilerplate_sources: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong_dates: list[str] = field(default_factory=list)
    misordered: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float | int | None]:
        return {
            "entry_precision": _ratio(self.matched, self.system),
            "entry_recall": _ratio(self.matched, self.gold),
            "source_precision": _ratio(self.system_sources_right, self.system_sources),
            "source_recall": _ratio(self.gold_sources_found, self.gold_sources),
            "dates_right": _ratio(self.dates_right, self.gold),
            "order_accuracy": _ratio(self.order_right, self.order_pairs),
            "gold": self.gold, "system": self.system, "matched": self.matched,
            "boilerplate_sources": self.boilerplate_sources,
        }


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def load_gold_timeline(path: str | Path) -> dict[str, Any]:
    """The gold file: `documents` (file, lang, dct) and `timeline` (key, value, mod, sources)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("timeline"), list):
        raise ValueError(f"{path}: no 'timeline' list")
    for i, entry in enumerate(data["timeline"]):
        if not isinstance(entry, dict) or "value" not in entry or "sources" not in entry:
            raise ValueError(f"{path}: timeline entry {i} needs 'value' and 'sources'")
    return data


def score_timeline(gold: Sequence[Mapping[str, Any]], system: Sequence[Mapping[str, Any]],
                   boilerplate: Mapping[str, list[tuple[int, int]]] | None = None
                   ) -> TimelineScores:
    """Score system entries (the JSON shape `timeline build --json` prints) against gold."""
    scores = TimelineScores(gold=len(gold), system=len(system))
    pairs = _pairs(gold, system)
    for g_i, s_i in pairs.items():
        g, s = gold[g_i], system[s_i]
        scores.matched += 1
        if s.get("value") == g["value"] and s.get("mod") == g.get("mod"):
            scores.dates_right += 1
        else:
            scores.wrong_dates.append(f"{_name(g)}: {s.get('value')} {s.get('mod') or ''}")
        scores.gold_sources_found += sum(
            any(_source_match(gs, ss) for ss in s["sources"]) for gs in g["sources"])
        scores.system_sources += len(s["sources"])
        scores.system_sources_right += sum(
            any(_source_match(gs, ss) for gs in g["sources"]) for ss in s["sources"])
    scores.gold_sources = sum(len(g["sources"]) for g in gold)
    scores.missed = [_name(g) for i, g in enumerate(gold) if i not in pairs]
    found = set(pairs.values())
    scores.spurious = [f"{s.get('value')} {s.get('headline', '')}"
                       for i, s in enumerate(system) if i not in found]
    _score_order(gold, pairs, scores)
    scores.boilerplate_sources = _in_boilerplate(system, boilerplate or {})
    return scores


def _pairs(gold: Sequence[Mapping[str, Any]], system: Sequence[Mapping[str, Any]]
           ) -> dict[int, int]:
    """gold index -> system index, one to one, best candidates first."""
    candidates = []
    for g_i, g in enumerate(gold):
        g_span = _gold_interval(g)
        for s_i, s in enumerate(system):
            if not _dates_agree(g, g_span, s):
                continue
            shared = sum(any(_source_match(gs, ss) for ss in s["sources"])
                         for gs in g["sources"])
            if shared:
                exact = s.get("value") == g["value"] and s.get("mod") == g.get("mod")
                candidates.append((not exact, -shared, g_i, s_i))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, g_i, s_i in sorted(candidates):
        if g_i not in pairs and s_i not in used:
            pairs[g_i] = s_i
            used.add(s_i)
    return pairs


def _score_order(gold: Sequence[Mapping[str, Any]], pairs: Mapping[int, int],
                 scores: TimelineScores) -> None:
    """Gold entries whose intervals do not overlap must keep their order in the system."""
    spans = [_gold_interval(g) for g in gold]
    for a in pairs:
        for b in pairs:
            if a == b or spans[a] is None or spans[b] is None:
                continue
            a_hi, b_lo = spans[a][1], spans[b][0]
            if a_hi is None or b_lo is None or a_hi >= b_lo:
                continue  # a does not end before b starts
            scores.order_pairs += 1
            if pairs[a] < pairs[b]:
                scores.order_right += 1
            else:
                scores.misordered.append(f"{_name(gold[a])} before {_name(gold[b])}")


def _gold_interval(g: Mapping[str, Any]) -> Interval | None:
    return interval(str(g["value"]), g.get("mod"))


def _dates_agree(g: Mapping[str, Any], g_span: Interval | None, s: Mapping[str, Any]) -> bool:
    if s.get("value") == g["value"]:
        return True
    if g_span is None:
        return False
    s_lo, s_hi = iso_day(s.get("earliest")), iso_day(s.get("latest"))
    if s_lo is None and s_hi is None:
        return False
    lo = max((d for d in (g_span[0], s_lo) if d is not None), default=None)
    hi = min((d for d in (g_span[1], s_hi) if d is not None), default=None)
    return lo is None or hi is None or lo <= hi


def _source_match(gold_source: Sequence[Any], system_source: Mapping[str, Any]) -> bool:
    article, mention = gold_source[0], gold_source[1]
    if system_source.get("article") != article:
        return False
    if mention is None:
        return True
    found = system_source.get("mention_text")
    if not found:
        return False
    a, b = _norm(mention), _norm(found)
    return a in b or b in a


def _norm(text: str) -> str:
    return " ".join(normalize_string(text).split())


def _in_boilerplate(system: Sequence[Mapping[str, Any]],
                    boilerplate: Mapping[str, list[tuple[int, int]]]) -> int:
    count = 0
    for entry in system:
        for src in entry["sources"]:
            start = src.get("start") if src.get("start") is not None else src.get("quote_start")
            if start is None:
                continue
            if any(a <= start < b for a, b in boilerplate.get(src.get("article"), [])):
                count += 1
    return count


def _name(g: Mapping[str, Any]) -> str:
    return str(g.get("key") or g.get("headline") or g["value"])


def format_scores(rows: Sequence[tuple[str, TimelineScores]]) -> str:
    """A table, one row per run (with the gold reference dates, without)."""
    cols = ("entry_precision", "entry_recall", "source_precision", "source_recall",
            "dates_right", "order_accuracy", "boilerplate_sources")
    heads = ("entry P", "entry R", "src P", "src R", "dates", "order", "boiler")
    lines = [f"{'run':<12}" + "".join(f"{h:>9}" for h in heads)]
    for label, scores in rows:
        figures = scores.figures()
        cells = "".join(f"{_cell(figures[c]):>9}" for c in cols)
        lines.append(f"{label:<12}{cells}  ({scores.matched}/{scores.gold} gold, "
                     f"{scores.system} system)")
        for kind in ("missed", "spurious", "wrong_dates", "misordered"):
            for item in getattr(scores, kind):
                lines.append(f"    {kind}: {item}")
    return "\n".join(lines)


def _cell(value: float | int | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)
