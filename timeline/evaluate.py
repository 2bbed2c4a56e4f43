"""TempEval-3-style scoring of extracted time references against the development gold sets.

A pure library: no I/O besides `load_cases`, no printing. The CLI wires these functions up.

Gold cases are the JSON Lines records described in ``eval/README.md``; predictions map a case id
to the list of mention dicts the extractor produced for that case's text.

Scoring follows TempEval-3 (UzZaman et al., 2013): a *strict* match is an identical span, a
*relaxed* match any overlap; matching is one-to-one. Attribute figures (value, type, interval)
are computed over relaxed matches only, so that a span error is never counted twice, and the
"attribute F1" is relaxed F1 times attribute accuracy, the number TempEval-3 ranks systems by.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from timeline.lang import available_languages, load_resources

__all__ = [
    "ErrorItem",
    "Report",
    "Scores",
    "format_errors",
    "format_table",
    "load_cases",
    "normalize_value",
    "report_to_json",
    "score",
]

ERROR_KINDS = ("misses", "false_alarms", "wrong_values", "wrong_types", "wrong_intervals")


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def load_cases(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines gold file into a list of case dicts.

    Blank lines are skipped so hand-edited files with trailing newlines load. A malformed line
    raises ValueError with its 1-based line number, because a gold file with a silently dropped
    case would give misleading scores.
    """
    cases: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: line {lineno}: bad JSON: {exc.msg}") from exc
            if not isinstance(case, dict):
                raise ValueError(f"{path}: line {lineno}: expected a JSON object")
            problem = _case_problem(case)
            if problem:
                raise ValueError(f"{path}: line {lineno}: {problem}")
            cases.append(case)
    return cases


def _case_problem(case: dict[str, Any]) -> str | None:
    """What makes a gold case unscorable, or None."""
    if "id" not in case or not isinstance(case.get("text"), str):
        return "case without 'id' or a string 'text'"
    for key in ("expected", "traps"):
        spans = case.get(key, [])
        if not isinstance(spans, list):
            return f"'{key}' must be a list"
        for span in spans:
            if not isinstance(span, dict) or not all(
                    isinstance(span.get(k), int) for k in ("start", "end")):
                return f"every '{key}' entry needs integer 'start' and 'end'"
            if not 0 <= span["start"] <= span["end"] <= len(case["text"]):
                return f"'{key}' span {span['start']}:{span['end']} lies outside the text"
    return None


# --------------------------------------------------------------------------------------------
# Report data
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class ErrorItem:
    """One scoring error, kept with enough context to find and fix it.

    `start`/`end`/`text` are the gold span for misses and wrong attributes, and the system span
    for false alarms. `gold` and `system` are the mention dicts involved (either may be None).
    `trap` holds the trap's "why" when a false alarm hit a trap span.
    """

    kind: str
    case_id: str
    lang: str
    start: int
    end: int
    text: str
    gold: dict[str, Any] | None = None
    system: dict[str, Any] | None = None
    trap: str | None = None

    @property
    def gold_value(self) -> str | None:
        """The gold value, with its accepted alternatives appended ("a | b | c")."""
        if self.gold is None:
            return None
        values = _gold_values(self.gold)
        return " | ".join(values) if values else None

    @property
    def system_value(self) -> str | None:
        return None if self.system is None else self.system.get("value")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "case_id": self.case_id,
            "lang": self.lang,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "gold": self.gold,
            "system": self.system,
        }
        if self.trap is not None:
            out["trap"] = self.trap
        return out


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(slots=True)
class Scores:
    """Counts and the figures derived from them, for one language or overall.

    Ratios are properties returning None when their denominator is 0, so "no data" is never
    confused with "all wrong".
    """

    cases: int = 0
    gold: int = 0  # gold mentions that count (not optional)
    system: int = 0  # system mentions that count (not matched to an optional gold)
    strict: int = 0
    relaxed: int = 0
    value_gold: int = 0  # relaxed matches whose gold has a value
    value_correct: int = 0
    type_correct: int = 0
    interval_gold: int = 0  # relaxed matches whose gold has an interval
    interval_correct: int = 0
    trap_hits: int = 0
    optional_matched: int = 0  # system mentions matched to optional gold (not counted)
    misses: list[ErrorItem] = field(default_factory=list)
    false_alarms: list[ErrorItem] = field(default_factory=list)
    wrong_values: list[ErrorItem] = field(default_factory=list)
    wrong_types: list[ErrorItem] = field(default_factory=list)
    wrong_intervals: list[ErrorItem] = field(default_factory=list)

    @property
    def strict_precision(self) -> float | None:
        return _ratio(self.strict, self.system)

    @property
    def strict_recall(self) -> float | None:
        return _ratio(self.strict, self.gold)

    @property
    def strict_f1(self) -> float | None:
        # 2PR/(P+R) == 2*matches/(gold+system); this form is defined whenever there is anything
        # to score at all (all misses or all false alarms give 0, not "undefined").
        return _ratio(2 * self.strict, self.gold + self.system)

    @property
    def relaxed_precision(self) -> float | None:
        return _ratio(self.relaxed, self.system)

    @property
    def relaxed_recall(self) -> float | None:
        return _ratio(self.relaxed, self.gold)

    @property
    def relaxed_f1(self) -> float | None:
        return _ratio(2 * self.relaxed, self.gold + self.system)

    @property
    def value_accuracy(self) -> float | None:
        return _ratio(self.value_correct, self.value_gold)

    @property
    def value_f1(self) -> float | None:
        return _product(self.relaxed_f1, self.value_accuracy)

    @property
    def type_accuracy(self) -> float | None:
        return _ratio(self.type_correct, self.relaxed)

    @property
    def type_f1(self) -> float | None:
        return _product(self.relaxed_f1, self.type_accuracy)

    @property
    def interval_accuracy(self) -> float | None:
        return _ratio(self.interval_correct, self.interval_gold)

    def errors(self) -> dict[str, list[ErrorItem]]:
        """The error lists by kind, in ERROR_KINDS order."""
        return {kind: getattr(self, kind) for kind in ERROR_KINDS}


def _product(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a * b


@dataclass(slots=True)
class Report:
    """Scores overall and per language (``report.by_lang["ar"]``).

    `unscored_ids` lists prediction ids that match no gold case: usually a sign that the
    predictions were produced from a different file, which would otherwise go unnoticed.
    """

    overall: Scores = field(default_factory=Scores)
    by_lang: dict[str, Scores] = field(default_factory=dict)
    unscored_ids: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Value normalisation
# --------------------------------------------------------------------------------------------

# A time-zone suffix only counts after a time of day, so "2013-02" keeps its month.
_TZ_RE = re.compile(r"(T\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?)(?:Z|[+-]\d{2}(?::?\d{2})?)$")
_ZERO_SECONDS_RE = re.compile(r"(T\d{2}:\d{2}):00(?:[.,]0+)?$")
_ZERO_MINUTES_RE = re.compile(r"(T\d{2}):00$")
_SHORT_WEEK_RE = re.compile(r"-W(\d)(?!\d)")  # "2000-W7" is ISO "2000-W07"
_SPACE_CLOCK_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})")  # "2016-11-07 16:12:00"
_OPEN_DATE_CLOCK_RE = re.compile(r"^XXXX-XX-XXT")


def normalize_value(value: Any) -> str | None:
    """Canonical form of a TIMEX3 value for comparison.

    Annotators and systems disagree on precision that carries no information ("T15:00:00" vs
    "T15"), on whether to keep the DCT's time zone, on padding a week number ("2000-W7" vs
    ISO "2000-W07"), on a space for the T between date and clock ("2016-11-07 16:12:00",
    as some corpora write their resolutions) and on writing out an unknown date before a
    clock time ("XXXX-XX-XXT15" is TimeML's "T15"); none is an extraction error.
    """
    if value is None:
        return None
    text = _SPACE_CLOCK_RE.sub(r"\1T\2", str(value).strip())
    text = _OPEN_DATE_CLOCK_RE.sub("T", text)
    text = _TZ_RE.sub(r"\1", text)
    text = _ZERO_SECONDS_RE.sub(r"\1", text)
    text = _ZERO_MINUTES_RE.sub(r"\1", text)
    return _SHORT_WEEK_RE.sub(r"-W0\1", text)


def _gold_values(gold: Mapping[str, Any]) -> list[str]:
    values = []
    if gold.get("value") is not None:
        values.append(str(gold["value"]))
    values.extend(str(v) for v in gold.get("alt_values") or () if v is not None)
    return values


def _value_ok(gold: Mapping[str, Any], system: Mapping[str, Any]) -> bool:
    sys_value = normalize_value(system.get("value"))
    if sys_value is None:
        return False
    sys_end = normalize_value(system.get("end_value"))
    values = _gold_values(gold)
    if any(normalize_value(v) == sys_value or _same_duration(v, sys_value)
           or _range_ok(v, system, sys_value, sys_end) for v in values):
        return True
    # A period written as its two ends, start and exclusive end, as the pairs of alternatives
    # of some corpora ("Q4 2016": 2016-10-01 | 2017-01-01; a past and a future reading make
    # two pairs). Without a main value only: beside one, the alternatives are other readings.
    return gold.get("value") is None and len(values) % 2 == 0 and any(
        _period_ok(start, end, system, sys_value, sys_end)
        for start, end in zip(values[::2], values[1::2], strict=True))


_RANGE_VALUE = re.compile(r"^\(([^,()]+),([^,()]+),[^,()]*\)$")


def _range_ok(value: str, system: Mapping[str, Any], start: str, end: str | None) -> bool:
    """Whether a range written as one value, "(2016-11-08,2016-11-11,P3D)" (start, end,
    length, as some corpora write them), is the system's range or period."""
    m = _RANGE_VALUE.match(value.strip())
    return m is not None and _period_ok(m[1], m[2], system, start, end)


def _period_ok(gold_start: str, gold_end: str, system: Mapping[str, Any], start: str,
               end: str | None) -> bool:
    """Whether the gold's two ends are the system's `value` and `end_value`, or the first
    and the day after the last day of the system's interval: "(2013-01-01,2013-04-01,P3M)"
    is the system's "2013-Q1" (2013-01-01..2013-03-31), "(1400-01-01,1500-01-01,P100Y)" its
    century "14". The ends can only write days: "2014-01-01" stands for a year value "2014"."""
    if end is not None and _same_point(gold_start, start) and _same_point(gold_end, end):
        return True
    earliest, latest = system.get("earliest"), system.get("latest")
    if not earliest or not latest:
        return False
    day_after = _day_after(str(latest))
    return day_after is not None and normalize_value(gold_start) == str(earliest) \
        and normalize_value(gold_end) == day_after


def _day_after(day: str) -> str | None:
    try:
        return (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    except ValueError:
        return None


def _same_point(gold: str, system: str) -> bool:
    gold = normalize_value(gold) or ""
    first_day = {4: "-01-01", 7: "-01"}.get(len(system), "")
    return gold in (system, system + first_day)


# ISO 8601 / TimeML duration units as (months, seconds): a quarter is three months, a decade
# ten years; "PT1.5H" and "PT1H30M" are one length, and so are "P0.5Y" and "P6M".
_DURATION_UNITS = {
    "date": {"CE": (1200, 0), "DE": (120, 0), "Y": (12, 0), "Q": (3, 0), "M": (1, 0),
             "W": (0, 604800), "D": (0, 86400)},
    "time": {"H": (0, 3600), "M": (0, 60), "S": (0, 1)},
}
_DURATION_RE = re.compile(r"^P(?!$)((?:\d+(?:\.\d+)?(?:CE|DE|[YQMWD]))*)"
                          r"(?:T((?:\d+(?:\.\d+)?[HMS])+))?$")
_DURATION_PART_RE = re.compile(r"(\d+(?:\.\d+)?)(CE|DE|[A-Z])")


def _duration_length(value: str) -> tuple[float, float] | None:
    """A duration as (months, seconds), or None when it is not a plain numeric duration."""
    m = _DURATION_RE.match(value.strip())
    if m is None:
        return None
    months = seconds = 0.0
    for part, units in ((m[1], _DURATION_UNITS["date"]), (m[2], _DURATION_UNITS["time"])):
        for amount, unit in _DURATION_PART_RE.findall(part or ""):
            per_months, per_seconds = units[unit]
            months += float(amount) * per_months
            seconds += float(amount) * per_seconds
    return months, seconds


def _same_duration(gold: str, system: str) -> bool:
    length = _duration_length(system)
    return length is not None and _duration_length(gold) == length


def _interval_ok(gold: Mapping[str, Any], system: Mapping[str, Any]) -> bool:
    earliest, latest = gold["interval"]
    return normalize_value(system.get("earliest")) == normalize_value(earliest) and (
        normalize_value(system.get("latest")) == normalize_value(latest)
    )


# --------------------------------------------------------------------------------------------
# Span matching
# --------------------------------------------------------------------------------------------


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _is_junk(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _core_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace/punctuation and without one leading preposition.

    Used for `whole_text` cases, whose gold is the whole phrase ("at 5pm.") while a system
    rightly marks only the time expression ("5pm").
    """
    start, end = max(0, start), min(len(text), end)
    while start < end and _is_junk(text[start]):
        start += 1
    while end > start and _is_junk(text[end - 1]):
        end -= 1
    match = re.match(r"(\w+)\s+", text[start:end])
    if match and match.group(1).lower() in _leading_words() and match.end() < end - start:
        start += match.end()
    return start, end


@cache
def _leading_words() -> frozenset[str]:
    """The prepositions a `whole_text` gold may carry, in every language with resources."""
    return frozenset(word for code in available_languages()
                     for word in load_resources(code)["eval"].get("leading_words", ()))


def _is_strict(
    gold: Mapping[str, Any], system: Mapping[str, Any], text: str, whole_text: bool
) -> bool:
    if (gold["start"], gold["end"]) == (system["start"], system["end"]):
        return True
    if not whole_text:
        return False
    return _core_span(text, gold["start"], gold["end"]) == _core_span(
        text, system["start"], system["end"]
    )


def _match(
    golds: Sequence[Mapping[str, Any]],
    systems: Sequence[Mapping[str, Any]],
    text: str,
    whole_text: bool,
) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs: strict pairs first, then greedy relaxed.

    Strict pairs go first so an exact hit is never stolen by a neighbour that merely overlaps.
    Relaxed pairs are then taken by decreasing overlap; ties prefer a required gold over an
    optional one (an optional gold must not cost the system a true positive), then text order.
    """
    order = sorted(range(len(golds)), key=lambda g: (bool(golds[g].get("optional")), g))
    gold_used: set[int] = set()
    sys_used: set[int] = set()
    pairs: list[tuple[int, int]] = []

    def take(g: int, s: int) -> None:
        gold_used.add(g)
        sys_used.add(s)
        pairs.append((g, s))

    # Exact spans first, then (for whole_text cases) spans equal up to punctuation/preposition.
    for lenient in (False, True) if whole_text else (False,):
        for g in order:
            if g in gold_used:
                continue
            for s, sys_m in enumerate(systems):
                if s in sys_used:
                    continue
                if lenient:
                    ok = _is_strict(golds[g], sys_m, text, whole_text=True)
                else:
                    ok = (golds[g]["start"], golds[g]["end"]) == (sys_m["start"], sys_m["end"])
                if ok:
                    take(g, s)
                    break

    candidates = [
        (-ov, bool(golds[g].get("optional")), g, s)
        for g in range(len(golds))
        if g not in gold_used
        for s in range(len(systems))
        if s not in sys_used and (ov := _overlap(golds[g], systems[s])) > 0
    ]
    for _, _, g, s in sorted(candidates):
        if g not in gold_used and s not in sys_used:
            take(g, s)
    return sorted(pairs)


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def _as_dict(mention: Any) -> dict[str, Any]:
    """Accept mention dicts and objects with `to_dict()` (timeline.mention.Mention)."""
    if isinstance(mention, Mapping):
        return dict(mention)
    return dict(mention.to_dict())


def _span_text(text: str, mention: Mapping[str, Any]) -> str:
    if 0 <= mention["start"] <= mention["end"] <= len(text):
        return text[mention["start"] : mention["end"]]
    return str(mention.get("text", ""))


def score(
    cases: Iterable[Mapping[str, Any]],
    predictions: Mapping[str, Sequence[Any]],
) -> Report:
    """Score predictions against gold cases, overall and per language.

    A case missing from `predictions` scores as "found nothing" (all misses), which is what an
    extractor crash on that case amounts to.
    """
    report = Report()
    seen: set[str] = set()
    for case in cases:
        case_id = str(case["id"])
        seen.add(case_id)
        lang = str(case.get("lang") or "?")
        result = _score_case(case, case_id, lang, predictions.get(case_id) or ())
        _merge(report.overall, result)
        _merge(report.by_lang.setdefault(lang, Scores()), result)
    report.unscored_ids = sorted(str(k) for k in predictions if str(k) not in seen)
    report.by_lang = dict(sorted(report.by_lang.items()))
    return report


def _score_case(
    case: Mapping[str, Any], case_id: str, lang: str, predicted: Sequence[Any]
) -> Scores:
    text = case.get("text") or ""
    whole_text = case.get("match") == "whole_text"
    golds = [dict(g) for g in case.get("expected") or ()]
    systems = [_as_dict(m) for m in predicted]
    traps = list(case.get("traps") or ())
    out = Scores(cases=1)

    pairs = _match(golds, systems, text, whole_text)
    matched_gold = dict(pairs)
    matched_sys = {s for _, s in pairs}
    out.optional_matched = sum(1 for g, _ in pairs if golds[g].get("optional"))
    out.gold = sum(1 for g in golds if not g.get("optional"))
    out.system = len(systems) - out.optional_matched

    for g, gold in enumerate(golds):
        if gold.get("optional"):
            continue
        s = matched_gold.get(g)
        item = ErrorItem(
            kind="miss",
            case_id=case_id,
            lang=lang,
            start=gold["start"],
            end=gold["end"],
            text=_span_text(text, gold),
            gold=gold,
            system=None if s is None else systems[s],
        )
        if s is None:
            out.misses.append(item)
            continue
        system = systems[s]
        out.relaxed += 1
        if _is_strict(gold, system, text, whole_text):
            out.strict += 1
        if gold.get("type") == system.get("type"):
            out.type_correct += 1
        else:
            out.wrong_types.append(replace(item, kind="wrong_type"))
        if _gold_values(gold):
            out.value_gold += 1
            if _value_ok(gold, system):
                out.value_correct += 1
            else:
                out.wrong_values.append(replace(item, kind="wrong_value"))
        if gold.get("interval") is not None:
            out.interval_gold += 1
            if _interval_ok(gold, system):
                out.interval_correct += 1
            else:
                out.wrong_intervals.append(replace(item, kind="wrong_interval"))

    for s, system in enumerate(systems):
        if s in matched_sys:
            continue
        trap = next((t for t in traps if _overlap(t, system) > 0), None)
        if trap is not None:
            out.trap_hits += 1
        out.false_alarms.append(
            ErrorItem(
                kind="false_alarm",
                case_id=case_id,
                lang=lang,
                start=system["start"],
                end=system["end"],
                text=_span_text(text, system),
                system=system,
                trap=None if trap is None else str(trap.get("why") or "trap"),
            )
        )
    return out


_COUNTS = (
    "cases", "gold", "system", "strict", "relaxed", "value_gold", "value_correct",
    "type_correct", "interval_gold", "interval_correct", "trap_hits", "optional_matched",
)  # fmt: skip


def _merge(dst: Scores, src: Scores) -> None:
    for name in _COUNTS:
        setattr(dst, name, getattr(dst, name) + getattr(src, name))
    for kind in ERROR_KINDS:
        getattr(dst, kind).extend(getattr(src, kind))


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

_COLUMNS: tuple[tuple[str, str], ...] = (
    ("gold", "gold"),
    ("sys", "system"),
    ("str.P", "strict_precision"),
    ("str.R", "strict_recall"),
    ("str.F1", "strict_f1"),
    ("rel.P", "relaxed_precision"),
    ("rel.R", "relaxed_recall"),
    ("rel.F1", "relaxed_f1"),
    ("val.acc", "value_accuracy"),
    ("val.F1", "value_f1"),
    ("type.acc", "type_accuracy"),
    ("int.acc", "interval_accuracy"),
    ("traps", "trap_hits"),
)


def _cell(value: int | float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}"


def format_table(report: Report) -> str:
    """A fixed-width table, one row per language then "all", for terminals and logs."""
    rows = [(lang, s) for lang, s in report.by_lang.items()] + [("all", report.overall)]
    lang_width = max(4, *(len(lang) for lang, _ in rows))
    widths = [max(len(head), 6) for head, _ in _COLUMNS]
    for _, s in rows:
        for i, (_, attr) in enumerate(_COLUMNS):
            widths[i] = max(widths[i], len(_cell(getattr(s, attr))))

    def line(first: str, cells: Sequence[str]) -> str:
        parts = [first.ljust(lang_width)] + [c.rjust(w) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line("lang", [head for head, _ in _COLUMNS])]
    out.append("-" * len(out[0]))
    out.extend(line(lang, [_cell(getattr(s, attr)) for _, attr in _COLUMNS]) for lang, s in rows)
    return "\n".join(out)


_FIGURES = _COUNTS + (
    "strict_precision", "strict_recall", "strict_f1",
    "relaxed_precision", "relaxed_recall", "relaxed_f1",
    "value_accuracy", "value_f1", "type_accuracy", "type_f1", "interval_accuracy",
)  # fmt: skip


def _scores_to_json(scores: Scores, with_errors: bool) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(scores, name) for name in _FIGURES}
    if with_errors:
        out["errors"] = {
            kind: [e.to_dict() for e in items] for kind, items in scores.errors().items()
        }
    return out


def report_to_json(report: Report, with_errors: bool = False) -> dict[str, Any]:
    """All figures as a JSON-serialisable dict (None for undefined ratios).

    Error lists are left out by default: on the large gold sets they dwarf the figures, and the
    figures are what gets compared between runs. Per-language errors are not repeated; the
    overall error lists hold every error, each tagged with its language.
    """
    out: dict[str, Any] = {
        "overall": _scores_to_json(report.overall, with_errors),
        "by_lang": {lang: _scores_to_json(s, False) for lang, s in report.by_lang.items()},
    }
    if report.unscored_ids:
        out["unscored_ids"] = list(report.unscored_ids)
    return out


def _newlines(s: str) -> str:
    """Show line breaks as ⏎ so each error stays on one line of output."""
    return s.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    show = _newlines
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    left = ("…" if start > width else "") + show(left)
    right = show(right) + ("…" if end + width < len(text) else "")
    return f"{left}⟦{show(text[start:end])}⟧{right}"


def _describe(item: ErrorItem) -> str:
    """The "gold vs system" part of an error line, for whichever attribute the error is about."""
    gold, system = item.gold, item.system
    parts: list[str] = []
    if item.kind == "wrong_type" and gold is not None and system is not None:
        parts += [f"gold.type={gold.get('type')}", f"sys.type={system.get('type')}"]
    elif item.kind == "wrong_interval" and gold is not None and system is not None:
        earliest, latest = gold["interval"]
        parts += [
            f"gold=[{earliest}, {latest}]",
            f"sys=[{system.get('earliest')}, {system.get('latest')}]",
        ]
    else:
        if gold is not None:
            parts.append(f"gold={item.gold_value} ({gold.get('type')})")
        if system is not None:
            parts.append(f"sys={item.system_value} ({system.get('type')})")
    parts += [
        f"{who}.mod={m['mod']}"
        for who, m in (("gold", gold), ("sys", system))
        if m and m.get("mod")
    ]
    if (
        gold is not None
        and system is not None
        and (system["start"], system["end"]) != (item.start, item.end)
    ):
        parts.append(f"sys.span={system['start']}-{system['end']}")
    if item.trap is not None:
        parts.append(f"TRAP: {item.trap}")
    return "  ".join(parts)


def format_errors(report: Report, cases: Iterable[Mapping[str, Any]], limit: int) -> str:
    """Up to `limit` errors of each kind, with surrounding text, for reading failures quickly.

    `cases` supplies the text for context; the report only keeps offsets and span text.
    """
    texts = {str(c["id"]): c.get("text") or "" for c in cases}
    titles = {
        "misses": "Misses",
        "false_alarms": "False alarms",
        "wrong_values": "Wrong values",
        "wrong_types": "Wrong types",
        "wrong_intervals": "Wrong intervals",
    }
    out: list[str] = []
    for kind, items in report.overall.errors().items():
        if not items:
            continue
        shown = items[: max(0, limit)]
        out.append(f"== {titles[kind]} ({len(items)}, showing {len(shown)})")
        for item in shown:
            text = texts.get(item.case_id)
            context = _context(text, item.start, item.end) if text else f"⟦{item.text}⟧"
            span = _newlines(item.text)
            head = f"[{item.case_id}] {item.start}-{item.end} «{span}»  {_describe(item)}"
            out.append(head.rstrip())
            out.append(f"    {context}")
    return "\n".join(out)
