"""One story's timeline: events from every article, merged across articles, anchors, ordered.

`build_timeline(articles)` is what the API serves and `timeline build` prints:

1. each article's references (extracted here as one story unless the caller stored them
   already) and the events they date (`timeline.events`);
2. events that report the same thing are merged, in one article or across several: their
   dates must overlap and their clauses must be alike (`timeline.similarity`); the pairs are
   joined most-alike first, and a join that would leave the group with no common day is
   refused, so two events on one day stay apart unless their words say they are one;
3. a clause that dates nothing but retells a merged event almost word for word (the other
   article's "Musk joined the call") becomes one more source of it, with no time reference;
4. the known events the references lean on ("the day after the election", "since the 2022
   invasion") are entries of their own, dated from the gazetteer, their referring sentences
   as sources;
5. entries are ordered by interval (earliest, latest, first appearance); references that
   cannot be placed are listed as `undated`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from timeline.anchors import load_gazetteer
from timeline.assemble import Entry, Flags, Source, Timeline
from timeline.dates import iso_day
from timeline.display import display_date
from timeline.events import ArticleEvents, Event, article_events, headline, start_words
from timeline.implied import event_name, is_recurring, named_event, occurrence_of
from timeline.lang import load_resources
from timeline.reference_date import StoryArticle, extract_story
from timeline.similarity import (
    Idf,
    Vector,
    WordIndex,
    compatible,
    content_words,
    event_words,
    lowercase_words,
    similarity,
)
from timeline.text import detect_language

# clauses at least this alike (IDF cosine) report one event when their dates overlap; chosen on
# the seed story, where one event told twice scores 0.35 and up and two events on one day
# (Musk joined the call; Zelensky congratulated Trump) score under 0.15
MERGE_SIMILARITY = 0.2
# two clauses must share this many content words to be compared at all (one rare word in
# common, "indicted", is a coincidence more often than the same event)
MERGE_SHARED = 2
# clauses that name the same happening (a synonym group's word: "freed" / "handed over") on
# overlapping dates report one event when they also share this many other content words, however
# common those words are in the story: in a story told three times the words of its main event
# are in every clause, and their low weight keeps its reports apart ("Militants freed two French
# aid workers on Sunday" / "The kidnappers handed over the two French aid workers on March 2").
# One word besides is not enough: "Hamas released Israeli hostages" / "Israel freed prisoners"
MERGE_EVENT_SHARED = 3
# clauses that name the same happening twice over ("the truce began" / "the ceasefire came
# into force": a group for what and one for how it went) need only one other word in common:
# two clauses of a story rarely pair the same two happenings on overlapping dates by chance
MERGE_TWO_EVENTS_SHARED = 1
# a date open on one side ("after 10pm" of 8 May: 9 May onwards) meets events this many days
# past its known end at most: reports of one event that say "after" or "before" tell it near
# that end, and without a bound it meets every later (earlier) event of a long story
OPEN_REACH_DAYS = 31
# a day retold later by its month or year only ("resigned on April 19, 2024" / "resigned in
# April of last year"): the coarse report has few words besides the happening, so it joins the
# day at half the usual likeness, when that day is the one of its month (quarter, year) most
# like it and its report shares a word outside names; spans of these many days at most and
# more than a week (a week's clauses are this week's news, not a retelling)
RETOLD_SIMILARITY = 0.1
RETOLD_SPAN_DAYS = (27, 366)
# an undated clause must be much closer to an event's words to count as reporting it, and
# long enough to say what happened ("or about 38.5% of the shares outstanding" is not)
ATTACH_SIMILARITY = 0.45
ATTACH_SHARED = 4
ATTACH_MIN_WORDS = 5
# a happening noun in a day's clause and in that of a span of at most this many days around it
# ("the talks, held from June 2 to 3" / "ended the talks on Tuesday") tells one event: the
# days it lasted, and one of them; a wider span (a month, "this year") holds too many others
SHORT_SPAN_DAYS = 7
# the hours of the day each TimeML part of the day covers (the night runs on past midnight,
# so its hours pass 24): two reports of one day whose times of day cannot meet ("met on
# Tuesday morning" / "met again that evening") tell two happenings
PART_OF_DAY_HOURS = {"MO": (4.0, 12.0), "MI": (11.0, 14.0), "AF": (12.0, 18.0),
                     "EV": (17.0, 22.0), "NI": (20.0, 29.0), "DT": (6.0, 18.0)}
# hours either side of a clock time that reports of one happening may still give ("at about
# 10:40 p.m." / "shortly before 11 p.m.")
CLOCK_SLACK_HOURS = 1.0


@dataclass(slots=True)
class ArticleInput:
    """One article of a story. `mentions` as stored (dicts); None: extract them here."""

    id: int
    title: str
    text: str
    name: str | None = None  # what sources call the article (a file name); default: the id
    lang: str | None = None
    dct: datetime | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    mentions: list[dict[str, Any]] | None = None
    dct_inferred: bool = False


@dataclass(slots=True)
class _Article:
    input: ArticleInput
    lang: str
    mentions: list[dict[str, Any]]
    dct_inferred: bool
    events: ArticleEvents = field(init=False)
    # mention id -> the known event named next to it (`implied.named_event`), looked up once:
    # the words of its clause, the anchor entries and the clusters telling a known event ask
    named: dict[int, tuple[str, bool] | None] = field(default_factory=dict)


def build_timeline(articles: Sequence[ArticleInput]) -> Timeline:
    """The story told by `articles`: merged, ordered entries and the undated references."""
    prepared = _prepare_all(articles)
    # a word some article writes in lower case is no name where another opens a sentence
    # with it ("Inflation is expected ..."): over the story's articles of one language
    lower: dict[str, frozenset[str]] = {}
    for art in prepared:
        lower[art.lang] = lower.get(art.lang, frozenset()) | lowercase_words(art.input.text)
    for i, art in enumerate(prepared):
        art.events = article_events(i, art.input.text, art.lang, art.mentions, lower[art.lang])
    events = [e for art in prepared for e in art.events.events]
    for e in events:  # the known events a clause names are its rarest, surest words
        e.words = e.words + [f"@{key}" for m in e.mentions
                             for key in _anchor_keys(prepared[e.article], m, itself=True)]
        # and the names its sentence gives are what it is about even where the clause was cut
        # short of them ("The pair were abducted on March 4 | while … near Gao")
        e.words = e.words + sorted(e.sentence_names - set(e.words))
    idf = Idf([e.words for e in events] + [_bare_words(art, span) for art in prepared
                                           for span in art.events.undated_clauses])
    clusters = _cluster(prepared, events, idf)
    attached = _attach_undated(prepared, clusters, idf)
    anchors = _anchor_refs(prepared)
    told = _told_known_events(prepared, clusters, anchors)
    entries = [_entry(prepared, members, attached.get(i, []))
               for i, members in enumerate(clusters) if i not in told]
    entries += [_anchor_entry(prepared, key, found,
                              [m for i, k in told.items() if k == key for m in clusters[i]])
                for key, found in anchors.items()]
    undated = [_undated_entry(prepared[k], m, clause, quote)
               for k, art in enumerate(prepared) for m, clause, quote in art.events.undated]
    entries.sort(key=lambda e: e.sort_key)
    undated.sort(key=lambda e: e.sort_key)
    return Timeline(entries, undated)


def articles_from_rows(mentions: Iterable[Mapping[str, Any]],
                       articles: Mapping[int, Mapping[str, Any]]) -> list[ArticleInput]:
    """Stored rows as builder input: `mentions` carry `id` and `article_id`; `articles` maps
    ids to `title`, `text`, `lang`, `url`, `source`, `published_at`, `dct_inferred`."""
    by_article: dict[int, list[dict[str, Any]]] = {aid: [] for aid in articles}
    for m in mentions:
        by_article.setdefault(m["article_id"], []).append(dict(m))
    return [ArticleInput(id=aid, title=a.get("title") or "", text=a["text"],
                         name=a.get("name"), lang=a.get("lang"), url=a.get("url"),
                         source=a.get("source"), published_at=a.get("published_at"),
                         mentions=by_article.get(aid, []),
                         dct_inferred=bool(a.get("dct_inferred")))
            for aid, a in articles.items()]


# ---------------------------------------------------------------- articles


def _prepare_all(articles: Sequence[ArticleInput]) -> list[_Article]:
    """Each article with its references: as stored, or extracted here as one story, so that
    articles share what they know (the years they state, the events they date, a reference
    date for an article with none: `reference_date.extract_story`)."""
    langs = [(a.lang or detect_language(a.text)).split("-")[0].lower() for a in articles]
    fresh = [i for i, a in enumerate(articles) if a.mentions is None]
    extracted = dict(zip(fresh, extract_story(
        [StoryArticle(str(articles[i].id), articles[i].text, langs[i], articles[i].dct)
         for i in fresh]), strict=True))
    prepared = []
    for i, article in enumerate(articles):
        if i in extracted:
            mentions = [m.to_dict() for m in extracted[i].mentions]
            inferred = extracted[i].dct_inferred
        else:
            mentions, inferred = article.mentions or [], article.dct_inferred
        prepared.append(_Article(article, langs[i], _with_ids(mentions), inferred))
    return prepared


def _with_ids(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored mentions have ids; freshly extracted ones are numbered in text order."""
    return [m if "id" in m else dict(m, id=i) for i, m in enumerate(mentions, start=1)]


def _bare_words(art: _Article, span: tuple[int, int]) -> list[str]:
    return content_words(art.input.text[span[0]:span[1]], art.lang)


# ---------------------------------------------------------------- merging


def _cluster(prepared: list[_Article], events: list[Event], idf: Idf) -> list[list[Event]]:
    """Groups of events that report one real-world event, most-alike pairs joined first."""
    index = {id(e): i for i, e in enumerate(events)}
    parent = list(range(len(events)))
    span: dict[int, tuple[date | None, date | None]] = {
        i: (e.earliest, e.latest) for i, e in enumerate(events)}
    sentences: dict[int, set[tuple[int, int]]] = {
        i: {(e.article, e.sentence)} for i, e in enumerate(events)}
    who: dict[int, frozenset[str]] = {i: e.names for i, e in enumerate(events)}
    # each event's times of day, read once for all the pairs it is tested in
    own_hours = [_hours_of_day(e.primary) for e in events]
    hours: dict[int, tuple[float, float] | None] = dict(enumerate(own_hours))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # the names each article gives anywhere: a report of a happening told on its day names
    # whom its article is about, or whom another report's article names too
    named_in = [frozenset().union(*(e.names | e.sentence_names for e in art.events.events),
                                  *art.events.undated_names) for art in prepared]

    def named_elsewhere(x: int, y: int) -> bool:
        """Whether group x's names are named in group y's articles and y's in x's."""
        arts_x = {k for k, _ in sentences[x]}
        arts_y = {k for k, _ in sentences[y]}
        return not arts_x & arts_y \
            and bool(who[x] & frozenset().union(*(named_in[k] for k in arts_y))) \
            and bool(who[y] & frozenset().union(*(named_in[k] for k in arts_x)))

    def join(i: int, j: int, forced: bool = False, timed: bool = False) -> None:
        a, b = find(i), find(j)
        if a == b:
            return
        common = _intersect(span[a], span[b])
        within = _intersect_hours(hours[a], hours[b])
        # events cut from one clause were told apart on purpose: never glue them back; a
        # group about Citadel does not take in one about Savin through a clause naming no one
        # (but two articles' reports of one happening on its day may each name whom the other
        # article names: "set his trial for Sept. 8", said of the judge / "the trial opened");
        # and a morning's group does not take in the evening's through a clause giving the day
        if not forced and (common is None or _cut_apart(sentences[a], sentences[b])
                           or (who[a] and who[b] and not who[a] & who[b]
                               and not (timed and named_elsewhere(a, b)))
                           or within is _APART):
            return
        parent[b] = a
        span[a] = common or span[a]
        hours[a] = None if within is _APART else within
        sentences[a] |= sentences[b]
        who[a] |= who[b]

    for art in prepared:  # "at that time": the event spoken of just before
        own = art.events.events
        for e in own:
            if e.coref_of is not None:
                join(index[id(own[e.coref_of])], index[id(e)], forced=True)
    pairs = []
    near = WordIndex([e.words for e in events])
    vectors = [idf.vector(e.words) for e in events]
    for i, a in enumerate(events):
        for j in sorted(near.near(a.words)):
            b = events[j]
            if j <= i or not _may_meet(a, b, own_hours[i], own_hours[j]):
                continue
            if _timed_telling(a, b):
                pairs.append((similarity(vectors[i], vectors[j], idf), i, j, True))
                continue
            shared = vectors[i].words & vectors[j].words
            if not compatible(vectors[i], vectors[j], a.names, b.names, MERGE_SHARED) \
                    or _names_only(a, b, shared):
                continue
            score = similarity(vectors[i], vectors[j], idf)
            if score >= MERGE_SIMILARITY or _same_happening(a, b, shared) \
                    or _same_start(a, b, shared):
                pairs.append((score, i, j, False))
    for _, i, j, timed in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        join(i, j, timed=timed)
    published = [_published(art) for art in prepared]
    for coarse, day in _retold_coarsely(events, vectors, near, idf, find, span, sentences,
                                        published):
        # (a retelling names whom its own article is about, as a timed telling does)
        join(coarse, day, timed=True)
    groups: dict[int, list[Event]] = {}
    for i, e in enumerate(events):
        groups.setdefault(find(i), []).append(e)
    return list(groups.values())


def _retold_coarsely(events: Sequence[Event], vectors: Sequence[Vector], near: WordIndex,
                     idf: Idf, find: Callable[[int], int],
                     span: Mapping[int, tuple[date | None, date | None]],
                     sentences: Mapping[int, set[tuple[int, int]]],
                     published: Sequence[date | None]) -> Iterator[tuple[int, int]]:
    """Groups dated by a month, quarter or year (RETOLD_SPAN_DAYS) paired with the groups of
    one day inside it that they retell: told after that day (`published`: each article's
    day; a month told ahead, "an election is due in July", is a plan of its own), by a report
    from another article of their story (reached through groups already shared) sharing a
    word outside names with them and at least
    RETOLD_SIMILARITY alike, on the one day of the span most like them (a tie between two days
    says nothing). Read live: the caller joins each pair as it comes."""
    members: dict[int, list[int]] = {}
    for i in range(len(events)):
        members.setdefault(find(i), []).append(i)
    # the story of each article: the articles its groups reach, one group after another.
    # Built together, unrelated stories have days and years in common, and stock words ("due",
    # "this year")
    story = {e.article: e.article for e in events}

    def story_of(k: int) -> int:
        while story[k] != k:
            k = story[k]
        return k

    for own in members.values():
        for i in own:
            story[story_of(events[i].article)] = story_of(events[own[0]].article)
    for root, own in members.items():
        lo, hi = span[root]
        if lo is None or hi is None \
                or not RETOLD_SPAN_DAYS[0] <= (hi - lo).days <= RETOLD_SPAN_DAYS[1]:
            continue
        articles = {k for k, _ in sentences[find(root)]}
        told = [published[k] for k in articles]
        if any(day is None for day in told):
            continue
        told_on = min(told)  # type: ignore[type-var]
        own_story = story_of(next(iter(articles)))
        common = frozenset().union(*(events[k].common for k in own))
        by_day: dict[date, dict[int, float]] = {}
        for k in own:
            for j in near.near(events[k].words):
                d = find(j)
                day = span[d][0]
                if day is None or day != span[d][1] or not lo <= day <= hi or day >= told_on \
                        or not events[j].common & common or events[j].article in articles \
                        or story_of(events[j].article) != own_story:
                    continue
                found = by_day.setdefault(day, {})
                found[d] = max(similarity(vectors[k], vectors[j], idf), found.get(d, 0.0))
        best = sorted(((max(found.values()), day) for day, found in by_day.items()),
                      reverse=True)
        if not best or best[0][0] < RETOLD_SIMILARITY \
                or (len(best) > 1 and best[1][0] >= best[0][0]):
            continue
        for d, score in sorted(by_day[best[0][1]].items()):
            if score >= RETOLD_SIMILARITY:
                yield root, d


def _same_happening(a: Event, b: Event, shared: frozenset[str]) -> bool:
    """Whether two clauses name one happening (`similarity.event_words`, outside names) and
    share at least MERGE_EVENT_SHARED other content words (`@` anchor keys and names
    included), or name it by two synonym groups and share MERGE_TWO_EVENTS_SHARED other
    words. `shared`: their words in common."""
    # (written as common words: the "Fire Marshal's office" names no fire)
    happening = shared & event_words(a.lang) & event_words(b.lang) & a.common & b.common
    if len(happening) >= 2 and _same_day(a, b):
        return True  # "the talks began on 2 June" told twice: two happenings on the very day
    needed = MERGE_TWO_EVENTS_SHARED if len(happening) >= 2 else MERGE_EVENT_SHARED
    return bool(happening) and len(shared - happening) >= needed


def _same_start(a: Event, b: Event, shared: frozenset[str]) -> bool:
    """Whether two clauses tell the start of one named event on overlapping dates ("the war
    broke out on 15 April 2023" / "at war since April 2023"): an event starts once."""
    start = set(start_words(a.lang))
    return a.lang == b.lang and bool(start & shared) and bool(shared & event_nouns(a.lang))


def _names_only(a: Event, b: Event, shared: frozenset[str]) -> bool:
    """Whether clauses of two articles have nothing in common but names ("the European
    Union"): who or what they are about, not what happened, which two stories about one place
    share. (Inside one article a name in common is the story's thread: left to the score.)"""
    if a.article == b.article:
        return False
    return bool(shared) and shared <= (a.names | a.sentence_names) & (b.names | b.sentence_names)


def _may_meet(a: Event, b: Event, hours_a: tuple[float, float] | None,
              hours_b: tuple[float, float] | None) -> bool:
    """Whether two events' dates allow them to be one: they overlap, on one day at times of
    day that meet (`hours_a`, `hours_b`: `_hours_of_day` of their primary references), and a
    date open on one side ("after 10pm", "before 11 p.m.") reaches only OPEN_REACH_DAYS past
    its known end, so it does not meet every later or earlier event of a story built from
    many."""
    if _intersect((a.earliest, a.latest), (b.earliest, b.latest)) is None:
        return False
    if _intersect_hours(hours_a, hours_b) is _APART:
        return False
    return _near_open_end(a, b) and _near_open_end(b, a)


_TIME_OF_DAY = re.compile(r"T(?:(MO|MI|AF|EV|NI|DT)|(\d{2})(?::(\d{2}))?)")
_APART = (0.0, -1.0)  # two times of day that cannot meet


def _hours_of_day(m: Mapping[str, Any]) -> tuple[float, float] | None:
    """The hours a one-day reference's value gives its day ("2025-03-04TEV": 17 to 22; a clock
    time: the hour, give or take CLOCK_SLACK_HOURS); None when it gives the day only."""
    value = str(m.get("value") or "")
    found = _TIME_OF_DAY.match(value, 10) if len(value) > 10 else None
    if found is None or m.get("earliest") != m.get("latest"):
        return None
    if found.group(1):
        return PART_OF_DAY_HOURS[found.group(1)]
    hour = int(found.group(2)) + int(found.group(3) or 0) / 60
    return hour - CLOCK_SLACK_HOURS, hour + CLOCK_SLACK_HOURS


def _intersect_hours(a: tuple[float, float] | None, b: tuple[float, float] | None
                     ) -> tuple[float, float] | None:
    """The hours two times of one day share: None when either gives none, `_APART` when
    they cannot meet."""
    if a is None or b is None:
        return a or b
    if a is _APART or b is _APART:
        return _APART
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else _APART


def _near_open_end(a: Event, b: Event) -> bool:
    if a.earliest is not None and a.latest is None and b.earliest is not None:
        return (b.earliest - a.earliest).days <= OPEN_REACH_DAYS
    if a.latest is not None and a.earliest is None and b.latest is not None:
        return (a.latest - b.latest).days <= OPEN_REACH_DAYS
    return True


def _one_day(e: Event) -> bool:
    return e.earliest is not None and e.earliest == e.latest


def _same_day(a: Event, b: Event) -> bool:
    """Whether two events are dated to one and the same day."""
    return _one_day(a) and _one_day(b) and a.earliest == b.earliest


def _timed_telling(a: Event, b: Event) -> bool:
    """Whether two clauses dated to one day (or to a day and a short span around it) name the
    same story event ("the quake struck at 04:12" / "a quake hit the province on Monday"): an
    event noun of the language's
    `[tables.event_nouns]` or `[clauses] happening_nouns` in both, written as a common word,
    not inside a name (the "Fire Marshal's office" is no fire) (the one with a clock time, if
    any, leads the entry)."""
    if a.lang != b.lang or not (_same_day(a, b) or _day_of_short_span(a, b)
                                or _day_of_short_span(b, a)):
        return False
    return bool(a.common & b.common & happening_nouns(a.lang))


def _day_of_short_span(day: Event, span: Event) -> bool:
    """Whether `day` is one day inside `span`, a span of at most SHORT_SPAN_DAYS ("the talks,
    held from June 2 to 3" / "ended the talks on Tuesday"): the days a happening lasted, and
    one of them."""
    if not _one_day(day) or span.earliest is None or span.latest is None:
        return False
    return (span.latest - span.earliest).days < SHORT_SPAN_DAYS \
        and span.earliest <= day.earliest <= span.latest  # type: ignore[operator]


_CLOCK = re.compile(r"T\d{2}:\d{2}")


def _clock_time(m: Mapping[str, Any]) -> bool:
    return _CLOCK.search(str(m.get("value") or "")) is not None


@cache
def event_nouns(lang: str) -> frozenset[str]:
    """The stems of the one-word event nouns only a story dates ("the earthquake", "القمة"),
    as `content_words` gives them."""
    try:
        nouns = load_resources(lang).get("tables", {}).get("event_nouns", {})
    except LookupError:
        return frozenset()
    # and the generic names of known events' categories ("the war", "الانتخابات")
    generic = load_gazetteer().generic.get(lang, {})
    stems = (content_words(name, lang) for name in [*nouns, *generic])
    return frozenset(words[0] for words in stems if len(words) == 1)


@cache
def happening_nouns(lang: str) -> frozenset[str]:
    """The stems of the nouns two clauses of one day name one happening by: the event nouns,
    and the `[clauses] happening_nouns` ("fire", "walkout", "verdict") that only the timeline
    reads (no reference is dated through them)."""
    try:
        nouns = load_resources(lang).get("clauses", {}).get("happening_nouns", [])
    except LookupError:
        nouns = []
    stems = (content_words(noun, lang) for noun in nouns)
    return event_nouns(lang) | frozenset(words[0] for words in stems if len(words) == 1)


def _cut_apart(a: set[tuple[int, int]], b: set[tuple[int, int]]) -> bool:
    """Whether the two groups hold events of one sentence (told apart by its clauses or dates;
    a date in apposition is linked before: `events._link_corefs`)."""
    return bool(a & b)


def _intersect(a: tuple[date | None, date | None], b: tuple[date | None, date | None]
               ) -> tuple[date | None, date | None] | None:
    """The common part of two closed intervals (None ends are open), or None if disjoint."""
    lo = max((d for d in (a[0], b[0]) if d is not None), default=None)
    hi = min((d for d in (a[1], b[1]) if d is not None), default=None)
    if lo is not None and hi is not None and lo > hi:
        return None
    return lo, hi


def _attach_undated(prepared: list[_Article], clusters: list[list[Event]], idf: Idf
                    ) -> dict[int, list[tuple[int, tuple[int, int]]]]:
    """Clauses without a date that retell an event from an article not yet among its
    sources: (article, clause span) per cluster index. A clause is compared with each event
    (not with a merged group's pooled words, which would favour big groups) and goes to one
    group at most; a group takes one clause per article, the most alike. Only articles
    already sharing a merged event are one story: a clause retells nothing from another."""
    events = [e for members in clusters for e in members]
    group = {id(e): c for c, members in enumerate(clusters) for e in members}
    sources = [{e.article for e in members} for members in clusters]
    # articles that tell one story: a dated event merged across them. An undated clause
    # retells an event of its own story only: built together, unrelated stories share stock
    # phrases ("Economists polled by Reuters had expected …", a help line's number)
    told_together = {(a, b) for arts in sources for a in arts for b in arts}
    vectors = [idf.vector(e.words) for e in events]
    near = WordIndex([e.words for e in events])
    best: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {}
    for k, art in enumerate(prepared):
        for span, who in zip(art.events.undated_clauses, art.events.undated_names, strict=True):
            bare = idf.vector(_bare_words(art, span))
            if len(bare.words) < ATTACH_MIN_WORDS:
                continue
            # (its own article's events compete too: a clause most like one of them goes on
            # telling that one, and retells nothing of another article's)
            scored = [(similarity(bare, vectors[i], idf), group[id(events[i])])
                      for i in sorted(near.near(bare.words))
                      if (k, events[i].article) in told_together
                      and compatible(bare, vectors[i], who, events[i].names, ATTACH_SHARED)]
            if not scored:
                continue
            score, c = max(scored)
            if k in sources[c]:
                continue
            if score >= ATTACH_SIMILARITY and score > best.get((c, k), (0.0, span))[0]:
                best[(c, k)] = (score, span)
    out: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for (c, k), (_, span) in sorted(best.items()):
        out.setdefault(c, []).append((k, span))
    return out


# ---------------------------------------------------------------- entries


def _entry(prepared: list[_Article], members: list[Event],
           attached: list[tuple[int, tuple[int, int]]]) -> Entry:
    members = sorted(members, key=lambda e: (e.article, e.start))
    # the headline: the narrowest date, told after the fact where one report was a plan
    # ("will visit the region on Friday" / "toured the area on Friday"), to the minute where
    # one report gives the clock time ("struck at 04:12" / "struck before dawn on Monday")
    lead = min(members, key=lambda e: (_width(e.primary), _told_ahead(prepared[e.article], e),
                                       not _clock_time(e.primary), e.article, e.start))
    # but the few days a happening lasted, told as a range ("the talks, held from June 2 to
    # 3"), date it better than the day one report gives ("ended the talks on Tuesday")
    lead = next((e for e in members if _short_range_around(e, lead)), lead)
    m = lead.primary
    art = prepared[lead.article]
    sources = [_source(prepared[e.article], e.primary, (e.quote_start, e.quote_end))
               for e in members]
    sources += [_bare_source(prepared[k], span) for k, span in attached]
    first = members[0]
    earliest, latest = m.get("earliest"), m.get("latest")
    return Entry(
        id=f"m{m['id']}", type=m["type"], value=m["value"], mod=m.get("mod"),
        earliest=earliest, latest=latest,
        display_date=display_date(m["value"], m.get("mod"), art.lang, m.get("end_value")),
        display_date_en=display_date(m["value"], m.get("mod"), "en", m.get("end_value")),
        headline=lead.headline, text=art.input.text[lead.quote_start:lead.quote_end],
        lang=art.lang, confidence=_highest(e.primary.get("confidence") for e in members),
        anchor=m.get("anchor"), flags=_flags(m, art.dct_inferred), sources=sources,
        sort_key=(earliest or latest or "", latest or earliest or "",
                  prepared[first.article].input.id, first.primary["start"],
                  int(first.primary["id"])),
        end_value=m.get("end_value"))


def _short_range_around(span: Event, day: Event) -> bool:
    """Whether `span` is a range ("from June 2 to 3": an end value) of a few days around the
    one day `day`."""
    return bool(span.primary.get("end_value")) and not _one_day(span) \
        and _day_of_short_span(day, span)


def _told_ahead(art: _Article, event: Event) -> bool:
    """Whether the article came out before the event it dates: a plan or forecast of it."""
    published = _published(art)
    return published is not None and event.earliest is not None and published < event.earliest


def _published(art: _Article) -> date | None:
    """The day the article came out, if known."""
    a = art.input
    return a.dct.date() if a.dct else iso_day(a.published_at)


def _highest(confidences: Iterable[float | None]) -> float | None:
    """An entry's confidence: its surest source's; None when no source has one (a mention
    stored without one is unknown, not 0.0, "surely wrong")."""
    known = [c for c in confidences if c is not None]
    return max(known) if known else None


def _source(art: _Article, m: Mapping[str, Any], quote: tuple[int, int]) -> Source:
    a = art.input
    return Source(
        article_id=a.id, title=a.title, url=a.url, source=a.source, lang=art.lang,
        published_at=a.published_at, quote=a.text[quote[0]:quote[1]], quote_start=quote[0],
        quote_end=quote[1], mention_text=m["text"], mention_start=m["start"],
        mention_end=m["end"], article=a.name or str(a.id))


def _bare_source(art: _Article, span: tuple[int, int]) -> Source:
    a = art.input
    return Source(
        article_id=a.id, title=a.title, url=a.url, source=a.source, lang=art.lang,
        published_at=a.published_at, quote=a.text[span[0]:span[1]].strip(),
        quote_start=span[0], quote_end=span[1], mention_text=None, mention_start=None,
        mention_end=None, article=a.name or str(a.id))


def _flags(m: Mapping[str, Any], dct_inferred: bool, date_source: str | None = None) -> Flags:
    earliest, latest = m.get("earliest"), m.get("latest")
    return Flags(
        approximate=m.get("mod") is not None,
        inferred_dct=dct_inferred and m.get("anchor") in ("dct", "narrative"),
        vague=earliest is None or latest is None or earliest != latest,
        date_source=date_source)


def _width(m: Mapping[str, Any]) -> int:
    lo, hi = m.get("earliest"), m.get("latest")
    if not lo or not hi:
        return 10 ** 7
    return (date.fromisoformat(hi) - date.fromisoformat(lo)).days


def _undated_entry(art: _Article, m: Mapping[str, Any], clause: tuple[int, int],
                   quote: tuple[int, int]) -> Entry:
    text = art.input.text
    return Entry(
        id=f"m{m['id']}", type=m["type"], value=m["value"], mod=m.get("mod"),
        earliest=None, latest=None, display_date=m["text"], display_date_en=m["value"],
        headline=headline(text[clause[0]:clause[1]]), text=text[quote[0]:quote[1]],
        lang=art.lang, confidence=m.get("confidence"), anchor=m.get("anchor"),
        flags=_flags(m, art.dct_inferred), sources=[_source(art, m, quote)],
        sort_key=("", "", art.input.id, m["start"], int(m["id"])))


# ---------------------------------------------------------------- anchor events


def _anchor_refs(prepared: list[_Article]
                 ) -> dict[str, list[tuple[int, Event, Mapping[str, Any]]]]:
    """Per known event the story's references lean on, the references: an entry each, sources
    the referring sentences; dated from the gazetteer, or else from the reference that dated it."""
    refs: dict[str, list[tuple[int, Event, Mapping[str, Any]]]] = {}
    for k, art in enumerate(prepared):
        for e in art.events.events:
            for m in e.mentions:
                for key in _anchor_keys(art, m):
                    refs.setdefault(key, []).append((k, e, m))
    return refs


def _told_known_events(prepared: list[_Article], clusters: list[list[Event]],
                       anchors: Mapping[str, Any]) -> dict[int, str]:
    """Clusters that tell a known event with an entry of its own, dated exactly as it is
    ("the 6 February 2023 earthquake" beside another article's "since the 2023 quake"):
    cluster index -> the event's key. Their sources go on the event's entry."""
    told: dict[int, str] = {}
    for i, members in enumerate(clusters):
        for e in members:
            art = prepared[e.article]
            key = _named_itself(art, e.primary)
            if key is not None and key in anchors:
                told[i] = key
                break
        else:
            key = _told_by_a_period(prepared, members)
            if key is not None and key in anchors:
                told[i] = key
    return told


def _told_by_a_period(prepared: list[_Article], members: list[Event]) -> str | None:
    """The known event every member names by a period holding its dates, the period written
    into the event's name ("rebuilt after the 2023 quake": the quake's day told by its year),
    if any: each such reference is a source of the event's entry already, and tells nothing
    else. (Not a reference dated by the event, "near the start of the war", whose clause
    tells what happened then; nor an open period, "since the 2022 invasion".)"""
    keys: set[str] | None = None
    for e in members:
        art = prepared[e.article]
        named = None if str(e.primary.get("anchor") or "").startswith("event:") \
            else _named(art, e.primary)
        found = {named[0]} if named is not None and not named[1] else set()
        keys = found if keys is None else keys & found
        if not keys or e.earliest is None or e.latest is None:
            return None
    for key in sorted(keys or ()):
        occurrence = occurrence_of(key)
        lo, hi = (None, None) if occurrence is None else map(iso_day, occurrence[1:3])
        if lo is not None and hi is not None and all(
                e.earliest <= lo and hi <= e.latest for e in members):  # type: ignore[operator]
            return key
    return None


def _anchor_keys(art: _Article, m: Mapping[str, Any], itself: bool = False) -> list[str]:
    anchor = str(m.get("anchor") or "")
    if anchor.startswith("event:"):
        return [anchor.split(":", 1)[1]]
    found = _named(art, m)
    if found is None:
        return []
    # a reference giving the event's own date names it as surely (`itself`: for the words of
    # its clause); the anchor entries collect the references that lean on an event
    key, itself_dated = found
    return [key] if itself or not itself_dated else []


def _named(art: _Article, m: Mapping[str, Any]) -> tuple[str, bool] | None:
    """`implied.named_event` of the article's mention, looked up once."""
    mid = int(m["id"])
    if mid not in art.named:
        art.named[mid] = named_event(art.input.text, art.lang, m)
    return art.named[mid]


def _named_itself(art: _Article, m: Mapping[str, Any]) -> str | None:
    """The known event the mention gives exactly the dates of, if any."""
    found = _named(art, m)
    return found[0] if found is not None and found[1] else None


def _anchor_entry(prepared: list[_Article], key: str,
                  found: list[tuple[int, Event, Mapping[str, Any]]],
                  telling: Sequence[Event] = ()) -> Entry:
    k0, e0, m0 = found[0]
    art0 = prepared[k0]
    occurrence = occurrence_of(key)
    if occurrence is not None:
        value, earliest, latest, date_source = occurrence
    else:  # an event only the article dates: the date its reference gives
        value = m0["value"]
        earliest, latest, date_source = m0.get("earliest"), m0.get("latest"), "article"
    sources = [_source(prepared[k], m, (e.quote_start, e.quote_end)) for k, e, m in found]
    # (a reference leaning on the event may also be in a group telling it: "after the 2023
    # quake" retells its day by the year only; one source)
    leaning = {(k, m["start"]) for k, _, m in found}
    sources += [_source(prepared[e.article], e.primary, (e.quote_start, e.quote_end))
                for e in sorted(telling, key=lambda e: (e.article, e.start))
                if (e.article, e.primary["start"]) not in leaning]
    name = event_name(key, art0.lang) or e0.headline
    # which cycle of a recurring event ("the election") was picked by the reference date
    inferred = is_recurring(key) and all(prepared[k].dct_inferred for k, _, _ in found)
    flags = Flags(approximate=False, inferred_dct=inferred, vague=earliest != latest,
                  date_source=date_source)
    return Entry(
        id=f"event:{key}", type="DATE", value=value, mod=None, earliest=earliest,
        latest=latest, display_date=display_date(value, None, art0.lang),
        display_date_en=display_date(value, None, "en"), headline=name,
        text=art0.input.text[e0.quote_start:e0.quote_end], lang=art0.lang,
        confidence=_highest(m.get("confidence") for _, _, m in found), anchor=f"event:{key}",
        flags=flags, sources=sources,
        sort_key=(earliest or latest or "", latest or earliest or "", art0.input.id, -1,
                  int(m0["id"])))

