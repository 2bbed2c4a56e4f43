"""Languages without resources: dateparser's finds, dated only by the reference date."""

from __future__ import annotations

from datetime import datetime

import pytest

from timeline.assemble import TimelineFilter, filter_timeline
from timeline.extract import extract
from timeline.fallback import PLACED_CONFIDENCE, UNPLACED_CONFIDENCE, unresolved_value
from timeline.timeline_build import ArticleInput, build_timeline

FR = "Le ministre est arrivé lundi à Paris et repartira en septembre. " \
     "Le sommet du 3 mai 2024 a échoué."


def _by_text(text: str, dct: datetime | None) -> dict[str, dict]:
    result = extract(text, lang="fr", dct=dct)
    assert result.lang == "fr" and result.dct_used == dct
    # keyed by the first word that dateparser took whatever it took around it
    return {m.text.removeprefix("en ").split()[0]: m.to_dict() for m in result.mentions}


def test_without_a_reference_date_nothing_is_dated_by_the_clock() -> None:
    found = _by_text(FR, None)
    assert found["septembre"]["value"] == "XXXX-09"
    assert found["lundi"]["value"] == "XXXX-XX-XX"
    for word in ("septembre", "lundi"):
        assert "earliest" not in found[word] and "latest" not in found[word]
        assert found[word]["confidence"] == UNPLACED_CONFIDENCE  # as the engine's unplaced
    # a date the text states in full keeps its value and interval
    assert found["3"]["value"] == "2024-05-03" and found["3"]["earliest"] == "2024-05-03"


def test_with_a_reference_date_dateparser_resolves_against_it() -> None:
    found = _by_text(FR, datetime(2024, 11, 7))
    assert found["septembre"]["value"] == "2024-09"
    assert found["septembre"]["earliest"] == "2024-09-01"


@pytest.mark.parametrize("dct", [None, datetime(2024, 11, 7)])
def test_fallback_readings_rank_below_the_engines_and_pass_a_confidence_filter(
        dct: datetime | None) -> None:
    # dateparser gives no confidence; with none (or 0.0) a `min_confidence` filter dropped
    # every reference of these languages, placed dates included
    found = _by_text(FR, dct)
    assert found["3"]["confidence"] == PLACED_CONFIDENCE
    assert UNPLACED_CONFIDENCE < PLACED_CONFIDENCE < 0.9  # 0.9: the engine's own readings
    timeline = build_timeline([ArticleInput(id=1, title="t", text=FR, name="a1", lang="fr",
                                            dct=dct)])
    placed = [e for e in timeline.entries if e.value == "2024-05-03"]
    assert placed and placed[0].confidence == PLACED_CONFIDENCE
    kept = filter_timeline(timeline, TimelineFilter(min_confidence=PLACED_CONFIDENCE))
    assert "2024-05-03" in {e.value for e in kept.entries}
    assert all(e.confidence is not None for e in (*timeline.entries, *timeline.undated))


@pytest.mark.parametrize(("value", "other", "agreed"), [
    ("2001-09", "2011-09", "XXXX-09"),
    ("2001-03-12", "2011-08-22", "XXXX-XX-XX"),
    ("2001-05-03T15:30", "2011-05-03T15:30", "XXXX-05-03T15:30"),
    ("2001-W11", "2011-W34", "XXXX-WXX"),
    ("2001-03-14", "2011-08", "XXXX-XX-XX"),  # another shape: no number kept
    ("2001-03-14", None, "XXXX-XX-XX"),  # found in one reading only
])
def test_unresolved_value_keeps_what_both_readings_agree_on(value: str, other: str | None,
                                                            agreed: str) -> None:
    assert unresolved_value(value, other) == agreed
