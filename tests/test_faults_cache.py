"""The timeline cache's quick filter answers exactly what `filter_timeline` answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.timeline_cache import TimelineCache, _filtered
from timeline.assemble import Timeline, TimelineFilter, filter_timeline
from timeline.seeds import load_seeds
from timeline.timeline_build import ArticleInput, build_timeline

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed_timeline() -> Timeline:
    articles = [ArticleInput(id=i, title=s.title, text=s.text, lang=s.lang, dct=s.published)
                for i, s in enumerate(load_seeds(SEEDS), start=1)]
    return build_timeline(articles)


FILTERS = [TimelineFilter(), TimelineFilter(start=date(2022, 1, 1)),
           TimelineFilter(end=date(2022, 12, 31)),
           TimelineFilter(start=date(2024, 11, 1), end=date(2024, 11, 30)),
           TimelineFilter(min_confidence=0.8), TimelineFilter(q="Musk"),
           TimelineFilter(q="الانتخابات", start=date(2024, 1, 1), min_confidence=0.5),
           TimelineFilter(start=date(2030, 1, 1))]


@pytest.mark.parametrize("wanted", FILTERS)
def test_quick_filter_is_filter_timeline(seed_timeline: Timeline,
                                         wanted: TimelineFilter) -> None:
    assert seed_timeline.entries
    assert _filtered(seed_timeline, wanted) == filter_timeline(seed_timeline, wanted)


def test_one_build_per_version(seed_timeline: Timeline) -> None:
    cache, builds = TimelineCache(), []

    def build() -> Timeline:
        builds.append(1)
        return seed_timeline

    for wanted in FILTERS:
        cache.view("db", 1, wanted, build)
    assert len(builds) == 1
    view = cache.view("db", 1, TimelineFilter(), build)
    first, more = view.page(None, 3)
    second, _ = view.page(first[-1].sort_key, 3)
    assert more and second[0] == view.timeline.entries[3]
    cache.view("db", 2, TimelineFilter(), build)  # the data changed: built again
    assert len(builds) == 2
