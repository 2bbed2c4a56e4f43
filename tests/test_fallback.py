"""Languages without resources: dateparser's finds, dated only by the reference date."""

from __future__ import annotations

from datetime import datetime

import pytest

from timeline.extract import extract
from timeline.fallback import unresolved_value

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
        assert "confidence" not in found[word]  # dateparser gives none, none is made up
    # a date the text states in full keeps its value and interval
    assert found["3"]["value"] == "2024-05-03" and found["3"]["earliest"] == "2024-05-03"


def test_with_a_reference_date_dateparser_resolves_against_it() -> None:
    found = _by_text(FR, datetime(2024, 11, 7))
    assert found["septembre"]["value"] == "2024-09"
    assert found["septembre"]["earliest"] == "2024-09-01"


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
