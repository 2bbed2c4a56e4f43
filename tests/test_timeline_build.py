"""timeline/timeline_build.py: the story timeline: merging, anchors, order, flags, undated."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from timeline.cli_story import read_articles, timeline_json
from timeline.events import boilerplate_spans
from timeline.timeline_build import ArticleInput, articles_from_rows, build_timeline
from timeline.timeline_eval import load_gold_timeline, score_timeline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "seeds" / "gold.json"
DCT = datetime(2024, 11, 7)


def _article(i: int, text: str, lang: str = "en", dct: datetime | None = DCT) -> ArticleInput:
    return ArticleInput(id=i, title=f"story {i}", text=text, name=f"a{i}", lang=lang, dct=dct)


def _seeds(with_dct: bool) -> list[ArticleInput]:
    articles = read_articles([SEEDS], None)
    if not with_dct:
        for a in articles:
            a.dct = None
    return articles


# ---------------------------------------------------------------- the seed story


@pytest.mark.skipif(not GOLD.exists(), reason="the shared seed gold is not checked out")
@pytest.mark.parametrize("with_dct", [True, False])
def test_seed_story_meets_the_gold_timeline(with_dct: bool) -> None:
    gold = load_gold_timeline(GOLD)["timeline"]
    articles = _seeds(with_dct)
    system = timeline_json(build_timeline(articles))["entries"]
    boiler = {a.name: boilerplate_spans(a.text, "ar") for a in articles}
    figures = score_timeline(gold, system, boiler).figures()
    assert figures["entry_precision"] >= 0.9 and figures["entry_recall"] >= 0.9
    assert figures["dates_right"] == 1.0
    assert figures["order_accuracy"] == 1.0
    assert figures["boilerplate_sources"] == 0


@pytest.mark.parametrize("with_dct", [True, False])
def test_the_musk_call_is_one_entry_with_both_articles(with_dct: bool) -> None:
    timeline = build_timeline(_seeds(with_dct))
    calls = [e for e in timeline.entries
             if any("ماسك" in s.quote and "مكالمة" in s.quote for s in e.sources)
             and e.value == "2024-11-06"]
    (call,) = calls
    assert {s.article for s in call.sources} == {"article-000.txt", "article-002.txt"}
    undated_source = next(s for s in call.sources if s.article == "article-002.txt")
    assert undated_source.mention_text is None  # article-002 reports it without a date
    # the congratulation the same day is another event
    assert any(e.value == "2024-11-06" and e is not call for e in timeline.entries)


def test_nothing_from_the_see_also_lines() -> None:
    timeline = build_timeline(_seeds(True))
    quotes = [s.quote for e in timeline.entries + timeline.undated for s in e.sources]
    assert not any("ستارمر" in q or "الحرب العالمية الثانية" in q for q in quotes)
    assert not any(e.anchor == "event:world-war-2" for e in timeline.entries)


def test_known_events_are_entries_with_their_gazetteer_date_and_referring_sources() -> None:
    timeline = build_timeline(_seeds(True))
    by_id = {e.id: e for e in timeline.entries}
    election = by_id["event:us-presidential-election-2024"]
    assert election.value == "2024-11-05" and election.flags.date_source == "gazetteer"
    assert "اليوم التالي للانتخابات الرئاسية" in [s.mention_text for s in election.sources]
    invasion = by_id["event:russian-invasion-of-ukraine"]
    assert invasion.value == "2022-02-24"
    # "منذ غزو عام 2022": the year after the event's name points at the invasion too
    assert ("article-000.txt", "عام 2022") in [(s.article, s.mention_text)
                                              for s in invasion.sources]


def test_without_dct_the_reference_date_is_inferred_and_flagged() -> None:
    timeline = build_timeline(_seeds(False))
    wednesday = next(e for e in timeline.entries
                     if any(s.mention_text == "يوم الأربعاء" for s in e.sources))
    assert wednesday.value == "2024-11-06" and wednesday.flags.inferred_dct
    election = next(e for e in timeline.entries if e.id.startswith("event:us-presidential"))
    assert election.flags.inferred_dct  # which election: chosen by the inferred date


# ---------------------------------------------------------------- merging


def test_same_day_different_events_are_not_glued() -> None:
    a = _article(0, "On 6 November 2024, Elon Musk joined the phone call between Donald "
                    "Trump and Volodymyr Zelensky. Separately, Zelensky congratulated Trump "
                    "on his victory on 6 November 2024.")
    b = _article(1, "Elon Musk joined Donald Trump's phone call with Volodymyr Zelensky on "
                    "Wednesday, according to a source.")
    entries = build_timeline([a, b]).entries
    assert [e.value for e in entries] == ["2024-11-06", "2024-11-06"]
    call, congrats = sorted(entries, key=lambda e: len(e.sources), reverse=True)
    assert {s.article for s in call.sources} == {"a0", "a1"}
    assert [s.article for s in congrats.sources] == ["a0"]
    assert "congratulated" in congrats.headline


def test_overlapping_dates_merge_and_keep_the_most_precise() -> None:
    a = _article(0, "The central bank raised its main rate by half a point in 2023, "
                    "surprising the markets.")
    b = _article(1, "In March 2023 the central bank raised its main rate by half a point, "
                    "a move that surprised markets.")
    (entry,) = build_timeline([a, b]).entries
    assert entry.value == "2023-03" and {s.article for s in entry.sources} == {"a0", "a1"}


def test_alike_words_on_disjoint_dates_stay_apart() -> None:
    a = _article(0, "The central bank raised its main rate by half a point in March 2023.")
    b = _article(1, "The central bank raised its main rate by half a point in May 2024.")
    assert [e.value for e in build_timeline([a, b]).entries] == ["2023-03", "2024-05"]


# ---------------------------------------------------------------- order, flags, undated


def test_order_is_earliest_then_latest_then_first_appearance() -> None:
    text = ("In 2021, talks collapsed. Troops moved on 3 March 2021. The treaty was signed in "
            "March 2021. A ceasefire held on 3 March 2021 in the north.")
    entries = build_timeline([_article(0, text)]).entries
    keys = [(e.earliest, e.latest) for e in entries]
    assert keys == sorted(keys)
    assert entries[0].value == "2021"  # 2021-01-01 starts first
    days = [e for e in entries if e.value == "2021-03-03"]
    assert [d.sources[0].mention_start for d in days] == sorted(
        d.sources[0].mention_start for d in days)


def test_flags_and_undated_list() -> None:
    text = ("Protests began in late 2019. Officials said earlier that talks would resume. "
            "The parliament voted on 5 November 2024.")
    timeline = build_timeline([_article(0, text)])
    late, vote = timeline.entries
    assert late.flags.approximate and late.flags.vague and not late.flags.inferred_dct
    assert not vote.flags.approximate and not vote.flags.vague
    assert [e.sources[0].mention_text for e in timeline.undated] == ["earlier"]


def test_stored_rows_build_the_same_timeline() -> None:
    text = "The parliament voted on 5 November 2024. Protests began in late 2019."
    fresh = build_timeline([_article(3, text)])
    rows = [{
        "id": i, "article_id": 3, "start": s.mention_start, "end": s.mention_end,
        "text": s.mention_text, "type": e.type, "value": e.value, "mod": e.mod,
        "earliest": e.earliest, "latest": e.latest, "anchor": e.anchor,
        "confidence": e.confidence} for i, e in enumerate(fresh.entries)
        for s in e.sources]
    articles = {3: {"title": "t", "text": text, "lang": "en", "dct_inferred": False}}
    stored = build_timeline(articles_from_rows(rows, articles))
    assert [(e.value, e.headline) for e in stored.entries] == [
        (e.value, e.headline) for e in fresh.entries]


def test_an_entry_whose_sources_have_no_confidence_has_none_not_zero() -> None:
    text = "The parliament voted on 5 November 2024."
    row = {"id": 1, "article_id": 3, "start": 24, "end": 39, "text": "5 November 2024",
           "type": "DATE", "value": "2024-11-05", "mod": None, "earliest": "2024-11-05",
           "latest": "2024-11-05", "anchor": "absolute", "confidence": None}
    articles = {3: {"title": "t", "text": text, "lang": "en", "dct_inferred": False}}
    (entry,) = build_timeline(articles_from_rows([row], articles)).entries
    assert entry.confidence is None  # unknown: 0.0 would say "surely wrong"
    sure = build_timeline(articles_from_rows([{**row, "confidence": 0.9}], articles))
    assert sure.entries[0].confidence == 0.9


def test_a_year_next_to_a_known_event_name_points_at_the_event() -> None:
    text = ("Starlink has helped Ukraine's army since the 2022 invasion. "
            "The election on 5 November 2024 was close.")
    entries = build_timeline([_article(0, text)]).entries
    invasion = next(e for e in entries if e.id == "event:russian-invasion-of-ukraine")
    assert invasion.value == "2022-02-24" and invasion.flags.date_source == "gazetteer"
    assert [s.mention_text for s in invasion.sources] == ["2022"]
    # a reference that gives the event's own date is that event: no second entry for it
    assert not any(e.id.startswith("event:us-presidential-election") for e in entries)


def test_one_event_told_in_other_words_merges_across_articles() -> None:
    sept = datetime(2023, 9, 20)
    a = _article(0, "Gunmen abducted the engineer on June 9 while he was inspecting a well "
                    "near Tessalit. His employer said on Tuesday that it was in contact with "
                    "the authorities.", dct=sept)
    b = _article(1, "The kidnapping of the engineer on June 9 near Tessalit was the second in "
                    "the region this year. Troops seized a rebel convoy near Kidal on June 9.",
                 dct=sept)
    entries = build_timeline([a, b]).entries
    assert [sorted(s.article for s in e.sources) for e in entries] == [
        ["a0", "a1"], ["a1"], ["a0"]]
    assert "Kidal" in entries[1].headline  # same day, same verb, another place: apart


def test_a_negated_report_is_no_report_of_the_event() -> None:
    a = _article(0, "The former minister was detained in May 2022 and has pleaded not guilty.")
    b = _article(1, "His aide, who pleaded guilty in 2022, will testify for the prosecution.")
    assert len(build_timeline([a, b]).entries) == 2


def test_found_guilty_with_who_between_is_the_conviction_another_article_tells() -> None:
    # "found <who> guilty" is the synonym group's gapped phrase: the verdict's two reports
    # share it and who, where the first article's words between would otherwise hide it
    d = datetime(2024, 6, 14)
    a = _article(0, "A jury on Thursday found former harbour master Paul Greer guilty of "
                    "taking kickbacks from shipping agents.", dct=d)
    b = _article(1, "Paul Greer was convicted on Thursday of taking kickbacks, and his deputy "
                    "resigned on Thursday.", dct=d)
    entries = build_timeline([a, b]).entries
    verdict = [e for e in entries if "kickbacks" in e.headline]
    assert len(verdict) == 1 and {s.article for s in verdict[0].sources} == {"a0", "a1"}


def test_a_merged_event_is_headed_by_the_report_after_the_fact() -> None:
    plan = _article(0, "The river burst its banks on Sunday. Prime Minister Lund will visit "
                       "the flooded valley on Friday, her office said.",
                    dct=datetime(2024, 3, 12))
    done = _article(1, "Prime Minister Lund visited the flooded valley on Friday. Schools in "
                       "the district reopened on Saturday.", dct=datetime(2024, 3, 17))
    visit = [e for e in build_timeline([plan, done]).entries if e.value == "2024-03-15"]
    assert len(visit) == 1 and len(visit[0].sources) == 2
    assert visit[0].headline.startswith("Prime Minister Lund visited")


@pytest.mark.parametrize("published_at", ["unknown", "07/11/2024", "2024-13-01", ""])
def test_a_bad_stored_publication_date_does_not_fail_the_story(published_at: str) -> None:
    # stored rows come from any client: an unreadable `published_at` is no date, not a crash
    rows = [{"id": 1, "article_id": 7, "start": 21, "end": 37, "text": "5 November 2024",
             "type": "DATE", "value": "2024-11-05", "earliest": "2024-11-05",
             "latest": "2024-11-05"}]
    text = "The vote was held on 5 November 2024 across the country."
    timeline = build_timeline(articles_from_rows(rows, {7: {
        "title": "t", "text": text, "lang": "en", "published_at": published_at}}))
    assert [e.value for e in timeline.entries] == ["2024-11-05"]


def test_one_release_told_with_other_verbs_is_one_entry() -> None:
    # "set free" / "handed over" / "let go": a synonym group's phrases, and the story's own
    # words for the event are in every report, so only the shared happening joins them
    a = _article(0, "Rebels set free three Nepali engineers in South Darfur on Friday, eleven "
                    "weeks after they were seized at a road site. Sudan's army shelled a rebel "
                    "camp near Nyala on Friday, witnesses said.", dct=datetime(2024, 3, 2))
    b = _article(1, "The kidnappers handed over the three Nepali engineers to United Nations "
                    "staff at a checkpoint outside Nyala on March 1, the foreign ministry in "
                    "Kathmandu said.", dct=datetime(2024, 3, 2))
    c = _article(2, "Three Nepali engineers held by gunmen since December were let go on Friday "
                    "and are resting at a UN base.", dct=datetime(2024, 3, 3))
    on_the_day = [e for e in build_timeline([a, b, c]).entries if e.value == "2024-03-01"]
    assert sorted(sorted(s.article for s in e.sources) for e in on_the_day) == [
        ["a0"], ["a0", "a1", "a2"]]
    assert any("shelled" in e.headline for e in on_the_day if len(e.sources) == 1)


def test_one_happening_to_others_on_the_same_day_stays_apart() -> None:
    d = datetime(2025, 1, 20)
    story = [_article(0, "Hamas released three Israeli hostages in Gaza City on Sunday, the "
                         "first under the truce.", dct=d),
             _article(1, "Israel freed 90 Palestinian prisoners from Ofer prison on Sunday, "
                         "hours after the truce took hold.", dct=d),
             _article(2, "The army handed over the bodies of two soldiers to their families "
                         "on Sunday.", dct=d)]
    assert [len(e.sources) for e in build_timeline(story).entries] == [1, 1, 1]


def test_a_dateline_dates_no_entry_of_the_story() -> None:
    a = _article(0, "TAIPEI, Oct 6 (Reuters) - The typhoon struck southern Taiwan on Thursday.",
                 dct=datetime(2023, 10, 6))
    (entry,) = build_timeline([a]).entries
    assert entry.value == "2023-10-05" and entry.headline.startswith("The typhoon struck")


@pytest.mark.parametrize(("text", "value", "end", "span", "shown"), [
    ("The plant was shut between 2016 and 2018, the regulator said.", "2016", "2018",
     ("2016-01-01", "2018-12-31"), "2016 – 2018"),
    ("Output fell from April 2016 to February 2018 as the mine flooded.", "2016-04",
     "2018-02", ("2016-04-01", "2018-02-28"), "April 2016 – February 2018")])
def test_an_entry_dated_by_a_range_carries_all_of_it(text: str, value: str, end: str,
                                                     span: tuple[str, str], shown: str) -> None:
    (entry,) = build_timeline([_article(0, text)]).entries
    assert (entry.value, entry.end_value, (entry.earliest, entry.latest)) == (value, end, span)
    assert entry.display_date == entry.display_date_en == shown
    dumped = timeline_json(build_timeline([_article(0, text)]))["entries"][0]
    assert dumped["end_value"] == end


def test_an_entry_dated_by_one_day_has_no_end_value() -> None:
    (entry,) = build_timeline([_article(0, "The plant was shut on 3 May 2016.")]).entries
    assert entry.end_value is None
    assert "end_value" not in timeline_json(build_timeline([_article(0, "The plant was shut "
                                                                        "on 3 May 2016.")]))[
        "entries"][0]


def test_another_happening_on_the_same_day_is_its_own_entry() -> None:
    text = ("قصفت المدفعية حيا سكنيا في المدينة يوم السبت، ما أدى إلى مقتل شخصين. وفي اليوم "
            "ذاته، أقر المرشح الخاسر بهزيمته وهنأ منافسه.")
    timeline = build_timeline([_article(0, text, "ar", datetime(2025, 6, 15))])
    days = [e for e in timeline.entries if e.value == "2025-06-14"]
    assert len(days) == 2
    assert any("بهزيمته" in e.headline for e in days)


def test_arabic_reports_of_one_event_in_other_words_merge_across_articles() -> None:
    a = ("بدأت التهدئة في غزة صباح الأحد بعد أسابيع من الوساطة. وقصفت طائرات مسيرة مخزنا "
         "للوقود في رفح يوم الجمعة.")
    b = ("دخل وقف إطلاق النار في غزة حيز التنفيذ يوم الأحد. ولقي ثلاثة عمال حتفهم في غارة "
         "على مخزن الوقود في رفح الجمعة الماضي.")
    timeline = build_timeline([_article(0, a, "ar", datetime(2025, 3, 2)),
                               _article(1, b, "ar", datetime(2025, 3, 3))])
    by_day = {}
    for e in timeline.entries:
        by_day.setdefault(e.earliest, []).append(e)
    (truce,) = by_day["2025-03-02"]
    assert {s.article for s in truce.sources} == {"a0", "a1"}
    (strike,) = by_day["2025-02-28"]
    assert {s.article for s in strike.sources} == {"a0", "a1"}


def test_arabic_death_toll_told_again_is_one_entry_other_deaths_that_day_are_not() -> None:
    a = "لقي تسعة أشخاص حتفهم في انهيار مبنى سكني بمدينة طنطا يوم الجمعة."
    b = ("ارتفع عدد قتلى انهيار المبنى السكني في طنطا يوم الجمعة إلى 12 قتيلا. وفي اليوم "
         "نفسه قتل شرطيان في اشتباك مع مهربين قرب الحدود الجنوبية.")
    timeline = build_timeline([_article(0, a, "ar", datetime(2025, 3, 8)),
                               _article(1, b, "ar", datetime(2025, 3, 9))])
    friday = [e for e in timeline.entries if e.earliest == "2025-03-07"]
    assert len(friday) == 2
    collapse = next(e for e in friday if "طنطا" in e.text)
    assert {s.article for s in collapse.sources} == {"a0", "a1"}


# ---------------------------------------------------------------- a known event told with its date

_QUAKE_DCT = datetime(2025, 2, 18)


@pytest.mark.parametrize("lang, full, short", [
    ("en", "Relief workers in Gaziantep, Turkey, recalled the 6 February 2023 earthquake, which "
     "destroyed their offices in Turkey and Syria.",
     "Schools in Hatay, Turkey, rebuilt after the 2023 quake reopened on Tuesday."),
    ("ar", "واستعاد عمال الإغاثة في غازي عنتاب بتركيا ذكرى زلزالي 6 فبراير 2023 اللذين دمرا "
     "مكاتبهم في تركيا وسوريا.",
     "وأعيد فتح مدارس في هاتاي بتركيا أعيد بناؤها بعد زلزال 2023 يوم الثلاثاء."),
])
def test_a_known_event_told_with_its_date_joins_its_entry(lang: str, full: str,
                                                          short: str) -> None:
    # one article dates the quake itself (the dual «زلزالي» names it too), another leans on it
    # by its year: one entry, the known event's, with both sources
    articles = [_article(1, full, lang, _QUAKE_DCT), _article(2, short, lang, _QUAKE_DCT)]
    entries = [e for e in build_timeline(articles).entries if e.value.startswith("2023-02")]
    assert len(entries) == 1, [(e.value, e.id) for e in entries]
    assert entries[0].id == "event:turkey-syria-earthquake-2023"
    assert {s.article for s in entries[0].sources} == {"a1", "a2"}


def test_a_known_event_told_only_with_its_date_keeps_its_own_entry() -> None:
    # no other reference leans on it: the article's own event stays, no second entry
    text = "Relief workers in Gaziantep, Turkey, recalled the 6 February 2023 earthquake."
    entries = build_timeline([_article(1, text, "en", _QUAKE_DCT)]).entries
    assert [e.id.startswith("event:") for e in entries] == [False]


@pytest.mark.parametrize("lang, one, other", [
    ("ar", "وكانت جولة المحادثات الحالية قد انطلقت في الدوحة في الرابع من مارس الجاري.",
     "وجاء الاتفاق بعد محادثات دامت عشرة أيام بدأت في 4 مارس."),
    ("en", "The current round of negotiations got under way in Doha on March 4, envoys said.",
     "The deal follows ten days of talks that began on March 4."),
])
def test_the_start_of_talks_told_twice_on_one_day_is_one_entry(lang: str, one: str,
                                                               other: str) -> None:
    # "the talks started" and "negotiations began": two synonym groups (talks, start) in
    # common and the very same day are enough, whatever else the clauses say
    dct = datetime(2024, 3, 15)
    entries = build_timeline([_article(1, one, lang, dct), _article(2, other, lang, dct)]).entries
    on_day = [e for e in entries if e.value == "2024-03-04"]
    assert len(on_day) == 1 and {s.article for s in on_day[0].sources} == {"a1", "a2"}


def test_talks_started_on_other_days_stay_apart() -> None:
    dct = datetime(2024, 3, 15)
    one = "The current round of negotiations got under way in Doha on March 4, envoys said."
    other = "Separate talks on prisoners began in Cairo on March 6."
    entries = build_timeline([_article(1, one, "en", dct), _article(2, other, "en", dct)]).entries
    assert len(entries) == 2


@pytest.mark.parametrize("lang, day, clock", [
    ("ar", "ضرب زلزال قوي ولاية وان شرقي تركيا فجر اليوم الاثنين وخلف عشرات القتلى.",
     "وقالت هيئة الكوارث في بيان إن الزلزال وقع في الساعة 03:25 على عمق عشرة كيلومترات."),
    ("en", "A strong earthquake hit the province of Van in eastern Turkey on Monday, killing "
     "dozens.", "The disaster agency said the earthquake struck at 3:25 a.m. at a depth of ten "
     "kilometres."),
])
def test_a_clock_time_of_the_story_event_joins_its_day(lang: str, day: str, clock: str) -> None:
    # one sentence dates the quake to its day, the next gives its clock time: one entry, dated
    # to the minute
    dct = datetime(2025, 3, 10, 12)
    entries = build_timeline([_article(1, f"{day} {clock}", lang, dct)]).entries
    assert len(entries) == 1, [(e.value, e.headline) for e in entries]
    assert entries[0].value.startswith("2025-03-10T03:25")
    assert len(entries[0].sources) == 2


def test_a_clock_time_of_another_happening_stays_apart() -> None:
    # the same day, but the clock time's clause does not name the quake
    dct = datetime(2025, 3, 10, 12)
    text = ("A strong earthquake hit the province of Van in eastern Turkey on Monday, killing "
            "dozens. The first rescue teams from Ankara landed at 9:40 a.m., officials said.")
    entries = build_timeline([_article(1, text, "en", dct)]).entries
    assert len(entries) == 2



def test_names_the_sentence_gives_count_where_the_clause_leaves_them_out() -> None:
    # "The pair were abducted on March 4" names no place; its sentence does ("police in Gao"),
    # and so does the other report: one kidnapping, one entry
    found = build_timeline([
        _article(1, "The pair were abducted on March 4, 2024, while they drove home from a "
                 "clinic, police in Gao said.", "en", datetime(2024, 3, 5)),
        _article(2, "Gunmen seized the two aid workers near Gao on March 4, 2024, and drove them "
                 "north.", "en", datetime(2024, 3, 6))]).entries
    assert [sorted({s.article for s in e.sources}) for e in found] == [["a1", "a2"]]

# ---------------------------------------------------------------- unrelated stories built as one

_FILLER = (" Analysts in {city} praised the plan. Retail investors bought more shares. Suppliers"
           " raised prices for memory. Demand from data centres grew fast.")


def _source_sets(articles: list[ArticleInput]) -> list[set[str]]:
    """The articles each entry of their timeline draws on."""
    return [{s.article for s in e.sources} for e in build_timeline(articles).entries]


def _two_stories(one: str, other: str, dcts: tuple[datetime, datetime]) -> list[set[str]]:
    articles = [_article(1, one + _FILLER.format(city="Osaka"), "en", dcts[0]),
                _article(2, other + _FILLER.format(city="Lyon"), "en", dcts[1])]
    return _source_sets(articles)


def test_a_title_is_no_name_two_stories_share() -> None:
    # two companies' finance chiefs: "Chief Financial Officer" names neither
    found = _two_stories(
        "Chief Financial Officer Jane Alder said the company expects record revenue in fiscal "
        "2027.",
        "The company expects record revenue in the fiscal year to March 2027, Chief Financial "
        "Officer Ken Mori said.", (datetime(2026, 5, 20), datetime(2026, 8, 5)))
    assert {"a1", "a2"} not in found


def test_a_word_the_story_writes_in_lower_case_is_no_name_opening_a_sentence() -> None:
    # "Inflation" opening one article's sentence is the other article's "inflation", not the
    # name "Inflation Report": the two stories (the Fed, a bank in Lisbon) stay apart
    found = _two_stories(
        "Output is expected to slow to 0.2 percent in the second quarter of 2019, the Bank of "
        "Lisbon said in its quarterly Inflation Report.",
        "Inflation is expected to reach the Fed's 2 percent target in 2019, officials said. Core "
        "inflation stayed low.", (datetime(2019, 5, 2), datetime(2019, 3, 20)))
    assert {"a1", "a2"} not in found


def test_an_undated_stock_phrase_of_another_story_is_no_source() -> None:
    # the two articles share no dated event, so they are two stories: the jobs report's
    # "Economists polled by Reuters had expected …" retells nothing of the rate decision
    articles = [
        _article(1, "All 70 economists polled by Reuters last week expect the central bank to "
                 "hold its main rate at 0.75 percent." + _FILLER.format(city="Osaka"), "en",
                 datetime(2013, 2, 4)),
        _article(2, "Jobless claims fell to 330,000, the Labor Department said. Economists "
                 "polled by Reuters had expected 340,000 claims." + _FILLER.format(city="Lyon"),
                 "en", datetime(2013, 1, 31))]
    found = _source_sets(articles)
    assert found == [{"a1"}]


def test_a_first_round_named_three_ways_on_its_day_is_one_entry() -> None:
    # «الدور الأول» / «الجولة الأولى» / «اقتراع يوم الأحد»: one vote on one day
    dct = datetime(2024, 9, 10)
    texts = ["وقالت اللجنة إن نسبة المشاركة في اقتراع يوم الأحد بلغت 41 في المئة في الجزائر.",
             "وكان المرشح قد تصدر الدور الأول الذي جرى في 8 سبتمبر بنسبة 40 في المئة.",
             "وحصل المرشح على 40 في المئة في الجولة الأولى يوم 8 سبتمبر."]
    entries = build_timeline([_article(i, t, "ar", dct) for i, t in enumerate(texts)]).entries
    on_day = [e for e in entries if e.value == "2024-09-08"]
    assert len(on_day) == 1 and len(on_day[0].sources) == 3


def test_other_happenings_on_a_vote_day_stay_apart() -> None:
    # the same day, but the second clause names no vote: the rally is another event
    dct = datetime(2024, 9, 10)
    text = ("وقالت اللجنة إن نسبة المشاركة في اقتراع يوم الأحد بلغت 41 في المئة. ونظم أنصار "
            "المعارضة مسيرة في العاصمة يوم الأحد للمطالبة بالإفراج عن المعتقلين.")
    entries = build_timeline([_article(1, text, "ar", dct)]).entries
    assert len([e for e in entries if e.value == "2024-09-08"]) == 2


@pytest.mark.parametrize("lang, day, since", [
    ("ar", "واندلعت الحرب بين الجيش والمتمردين في 3 مايو 2022 في العاصمة.",
     "ويشهد البلد منذ مايو 2022 حربا خلفت آلاف القتلى وموجة نزوح واسعة."),
    ("en", "The war between the army and the rebels broke out in the capital on May 3, 2022.",
     "The country has been at war since May 2022, with thousands killed and many displaced."),
])
def test_a_war_started_on_a_day_and_since_its_month_is_one_entry(lang: str, day: str,
                                                                 since: str) -> None:
    # "broke out on 3 May 2022" / "at war since May 2022": the start of one war
    dct = datetime(2024, 6, 1)
    entries = build_timeline([_article(1, day, lang, dct), _article(2, since, lang, dct)]).entries
    started = [e for e in entries if e.value.startswith("2022-05")]
    assert len(started) == 1 and {s.article for s in started[0].sources} == {"a1", "a2"}
    assert started[0].value == "2022-05-03"


def test_a_war_since_a_month_is_not_another_happening_of_that_month() -> None:
    # a battle in the month the war began is no start: "since" names the start only
    dct = datetime(2024, 6, 1)
    entries = build_timeline([
        _article(1, "Rebel fighters captured the airport of the capital on May 20, 2022.", "en",
                 dct),
        _article(2, "The country has been at war since May 2022, with thousands killed.", "en",
                 dct)]).entries
    assert len([e for e in entries if e.value.startswith("2022-05")]) == 2


def test_a_date_open_on_one_side_does_not_meet_a_day_years_later() -> None:
    # "after 10pm" of an election night in 2015 is open-ended (from the next day on), but it
    # tells nothing of a US polling day in 2016 that reads alike
    articles = [
        _article(1, "Turnout was high in the county. Voters in some constituencies waited until "
                 "after 10pm to vote after queues formed in the evening.", "en",
                 datetime(2015, 5, 8)),
        _article(2, "Turnout was high in the state. Voters in some precincts in North Carolina "
                 "waited up to three hours on Tuesday afternoon to vote.", "en",
                 datetime(2016, 11, 9))]
    found = _source_sets(articles)
    assert {"a1", "a2"} not in found


def test_two_stories_comparing_figures_with_last_season_stay_apart() -> None:
    # "compared with 1.9 million last season": how many and compared with what is no event
    # two stories (worshippers at a mosque, visitors to a fair) share
    articles = [
        _article(1, "وقالت الهيئة إن عدد المصلين في المسجد بلغ 2.4 مليون مصل هذا العام، مقارنة "
                 "بـ1.9 مليون في موسم العام الماضي.", "ar", datetime(2025, 4, 2)),
        _article(2, "وأعلنت الوزارة أن عدد الزوار للمعرض بلغ 1.2 مليون زائر، مقارنة بـ1.1 مليون "
                 "في موسم 2024.", "ar", datetime(2025, 3, 1))]
    found = _source_sets(articles)
    assert {"a1", "a2"} not in found


def test_clauses_of_two_articles_sharing_only_a_name_are_not_compared() -> None:
    # "… since the British vote to leave the European Union in June" / "Sterling suffered its
    # biggest fall on Friday" (its sentence naming the European Union): a place in common
    from timeline.events import Event
    from timeline.timeline_build import _names_only

    def event(article: int, words: list[str], names: set[str]) -> Event:
        return Event(article=article, lang="en", start=0, end=1, quote_start=0, quote_end=1,
                     headline="", mentions=[], primary={}, words=words,
                     names=frozenset(names), sentence_names=frozenset(names))

    vote = event(0, ["asian", "stocks", "worst", "europe", "union"], {"europe", "union"})
    pound = event(1, ["sterli", "suffer", "fall", "europe", "union"], {"europe", "union"})

    def names_only(a: Event, b: Event) -> bool:
        return _names_only(a, b, frozenset(a.words) & frozenset(b.words))

    assert names_only(vote, pound)
    fell = event(1, ["stocks", "fall", "europe", "union"], {"europe", "union"})
    assert not names_only(vote, fell)  # "stocks" is what happened to them
    assert not names_only(vote, event(0, pound.words, {"europe", "union"}))  # one article


@pytest.mark.parametrize(("one", "other", "dct", "values", "sources"), [
    # both clauses name "the meeting" on one day, which alone tells one event twice; but one
    # was in the morning and the other in the evening: two meetings, two entries
    pytest.param("The meeting of the city council on Thursday morning approved the budget.",
                 "Police broke up the meeting of protesters in the park on Thursday evening.",
                 datetime(2025, 4, 11, 12), ["2025-04-10TEV", "2025-04-10TMO"], None,
                 id="morning and evening meetings stay apart"),
    # the night and a clock time of that night meet: one fire, told twice
    pytest.param("The explosion at the refinery on Thursday night shook homes for miles.",
                 "The explosion at the refinery happened at 11:15 p.m. on Thursday.",
                 datetime(2025, 4, 11, 12), ["2025-04-10T23:15"], 2,
                 id="a clock time joins its part of the day"),
    # "walked out" and "the stoppage" name one happening (a synonym group, and a happening
    # noun): written on one day, they tell it twice however little else the clauses share
    pytest.param("Dockers at Felixstowe walked out on Monday over pay.",
                 "The stoppage at Felixstowe on Monday halted all container traffic.",
                 datetime(2025, 2, 4, 12), ["2025-02-03"], 2,
                 id="a walkout and a stoppage are one entry"),
    # the second report's sentence names only who told of the fire: it is about what its
    # article is about (Dover), as the first report is, and the fire of one night is one entry
    pytest.param("A fire destroyed a furniture warehouse in Dover on Sunday night.",
                 "The fire started in a storage area at 11:20 p.m. on Sunday, Captain Mark "
                 "Ellis told reporters. The warehouse in Dover employed 40 people. Dover "
                 "council members want the site cleared.",
                 datetime(2025, 2, 3, 12), ["2025-02-02T23:20"], None,
                 id="the speaker of a report keeps it with its event"),
])
def test_two_reports_of_one_day(one: str, other: str, dct: datetime, values: list[str],
                                sources: int | None) -> None:
    found = build_timeline([_article(1, one, dct=dct), _article(2, other, dct=dct)]).entries
    assert sorted(e.value for e in found) == values, [(e.value, e.headline) for e in found]
    if sources is not None:
        assert len(found[0].sources) == sources


@pytest.mark.parametrize(("one", "other", "dct"), [
    # "the Fire Marshal's office" names no fire: its inquiry is not the fire put out that day
    pytest.param("Crews put out the last of the fire at the Hallam mill on Tuesday.",
                 "The Fire Marshal's office opened an inquiry at the Hallam mill on Tuesday.",
                 datetime(2025, 2, 5, 12), id="a happening noun inside a name"),
    # "strike" alone is no happening noun: a war story tells of many strikes a day
    pytest.param("An air strike on a market in Khan Younis on Monday killed nine people.",
                 "A strike on a school in Khan Younis on Monday wounded 14 children.",
                 datetime(2025, 2, 4, 12), id="two air strikes"),
])
def test_two_happenings_of_one_day_stay_apart(one: str, other: str, dct: datetime) -> None:
    found = build_timeline([_article(1, one, dct=dct), _article(2, other, dct=dct)]).entries
    assert len(found) == 2, [(e.value, e.headline) for e in found]


def test_the_known_event_next_to_a_reference_is_looked_up_once(monkeypatch) -> None:
    # the words of a clause, the anchor entries and the clusters telling a known event all ask
    # which known event a year names ("the 2022 invasion"): the gazetteer is read once for it
    import timeline.implied as implied

    gazetteer = implied.load_gazetteer()
    picks: list[str] = []

    class Counting:
        def __getattr__(self, name: str):  # noqa: ANN204 - a pass-through proxy
            return getattr(gazetteer, name)

        def pick(self, *args, **kwargs):  # noqa: ANN202, ANN002, ANN003
            picks.append(str(args[0]))
            return gazetteer.pick(*args, **kwargs)

    monkeypatch.setattr(implied, "load_gazetteer", lambda: Counting())
    text = ("Kyiv has asked for more air defence systems since the 2022 invasion, the "
            "foreign ministry said on Tuesday.")
    found = build_timeline([_article(1, text)]).entries
    assert any(e.anchor == "event:russian-invasion-of-ukraine" for e in found), \
        [(e.value, e.anchor) for e in found]
    assert len(picks) == 1, picks


def test_a_day_of_talks_and_the_days_they_lasted_are_one_entry_dated_by_the_range() -> None:
    # "the talks" on Tuesday is one of the days the talks lasted ("from May 5 to 7"): one
    # happening however differently the clauses go on, dated by the days it lasted
    dct = datetime(2025, 5, 8, 12)
    found = build_timeline([
        _article(1, "Union leaders and rail operators held the talks in Leeds from May 5 to 7, "
                 "hoping to settle a bitter dispute over weekend rosters and overtime rates.",
                 dct=dct),
        _article(2, "Negotiators walked away from the talks in Leeds on Tuesday, blaming "
                 "management for refusing any compromise on pensions, bonuses or staffing.",
                 dct=dct),
    ]).entries
    assert [(e.value, e.end_value) for e in found] == [("2025-05-05", "2025-05-07")], \
        [(e.value, e.end_value, e.headline) for e in found]
    assert len(found[0].sources) == 2


def test_a_clause_holding_two_dates_is_cut_between_words() -> None:
    # "second-half" and "March 3" date two things: the clause is cut between them, at the
    # start of a word, never inside one ("second-half resu|lts")
    dct = datetime(2025, 2, 10, 12)
    text = "The retailer will publish second-half results on March 3."
    found = build_timeline([_article(1, text, dct=dct)]).entries
    words = set(text.replace(".", " ").split())
    assert len(found) == 2, [(e.value, e.headline) for e in found]
    for e in found:
        assert set(e.headline.split()) <= words, e.headline


def test_reports_of_a_trial_day_naming_each_others_people_are_one_entry() -> None:
    # one report names the judge who set the trial, the other the accused whose trial opened;
    # each article names the other's people too: one trial, not two stories to keep apart
    found = build_timeline([
        _article(1, "Judge Ana Ruiz set the trial for June 9. Prosecutors accuse Tom Hale of "
                 "fraud.", dct=datetime(2025, 5, 1, 12)),
        _article(2, "The trial of Tom Hale opened on June 9 in Leeds. Judge Ana Ruiz told "
                 "jurors to ignore the press.", dct=datetime(2025, 6, 10, 12)),
    ]).entries
    trial = [e for e in found if e.value == "2025-06-09"]
    assert len(trial) == 1 and {s.article for s in trial[0].sources} == {"a1", "a2"}, \
        [(e.value, e.headline) for e in found]


def test_an_undated_clause_most_like_its_own_articles_event_retells_no_other() -> None:
    # the charge told again without a date is its own article's charge, not the other
    # article's verdict that shares most of its words
    dct = datetime(2025, 3, 8, 12)
    found = build_timeline([
        _article(1, "Storms hit Leeds on Monday. Police charged the former mayor of Leeds with "
                 "stealing public funds from the harbour trust on Tuesday. The former mayor was "
                 "charged with stealing public funds from the harbour trust.", dct=dct),
        _article(2, "Storms hit Leeds on Monday, flooding streets. The former mayor of Leeds was "
                 "convicted of stealing public funds from the harbour trust on Friday.",
                 dct=dct),
    ]).entries
    verdict = [e for e in found if e.value == "2025-03-07"]
    assert len(verdict) == 1 and {s.article for s in verdict[0].sources} == {"a2"}, \
        [(e.value, [(s.article, s.quote) for s in e.sources]) for e in verdict]


def test_a_date_in_apposition_in_one_sentence_is_one_entry() -> None:
    # "five weeks later, on June 20, 2023,": two references, one value, cut into two clauses
    # of one sentence by the commas; one happening told with its date twice
    story = [_article(0, "The port director was charged on May 16, 2023. He stepped down "
                         "three weeks later, on June 6, 2023, saying he would fight the case.",
                      dct=datetime(2024, 2, 1))]
    june = [e for e in build_timeline(story).entries if e.value == "2023-06-06"]
    assert len(june) == 1 and len(june[0].sources) == 2, [(e.value, e.headline) for e in june]


def test_the_same_day_in_one_sentence_is_still_another_happening() -> None:
    # "on Oct. 28, the same day X reports": the same value, yet "the same day" introduces
    # another happening then, and stays apart even within one sentence
    d = datetime(2025, 10, 20)
    story = [_article(0, "The bakery chain will report quarterly results on Nov. 4.", dct=d),
             _article(1, "A state panel will question the chain's managers on Nov. 4, the same "
                         "day the chain reports quarterly results.", dct=d)]
    entries = [e for e in build_timeline(story).entries if e.value == "2025-11-04"]
    assert len(entries) == 2, [(e.headline, [s.article for s in e.sources]) for e in entries]


def test_a_day_retold_later_by_its_month_joins_it() -> None:
    # "resigned … on March 3" / a later article's "who resigned in March": one word in common,
    # the happening, too few for two reports of a day, yet the month's one day told so
    # (the articles tell one story: both report the audit of February 20)
    first = _article(0, "Ola Brandt ran the harbour for a decade. State auditors found missing "
                        "harbour funds on February 20. He resigned as director on March 3. "
                        "Ferry fares rose on March 12.", dct=datetime(2025, 3, 13))
    later = _article(1, "State auditors found missing harbour funds on February 20. Brandt, who "
                        "resigned in March, has sued the port authority. A hearing is set for "
                        "June 9.", dct=datetime(2025, 5, 20))
    entries = build_timeline([first, later]).entries
    march = [e for e in entries if e.value.startswith("2025-03")]
    assert [(e.value, sorted(s.article for s in e.sources)) for e in march] == [
        ("2025-03-03", ["a0", "a1"]), ("2025-03-12", ["a0"])]


def test_a_month_of_another_story_is_no_retelling_of_a_day_in_it() -> None:
    # built together, unrelated stories share days and stock words: a month retells a day of
    # its own story only (an article that shares a merged event with the day's)
    port = _article(0, "Ola Brandt ran the harbour for a decade. He resigned as director on "
                       "March 3. Ferry fares rose on March 12.", dct=datetime(2025, 3, 13))
    club = _article(1, "The club's coach, who resigned in March, has joined a rival. A hearing "
                       "is set for June 9.", dct=datetime(2025, 5, 20))
    march = [e.value for e in build_timeline([port, club]).entries if "-03" in e.value]
    assert march == ["2025-03", "2025-03-03", "2025-03-12"], march


def test_a_month_told_ahead_is_no_retelling_of_a_day_in_it() -> None:
    # "an election is due in July", written in June, tells a plan of its own, not the July 1
    # deadline another article tells with a word in common
    ahead = _article(0, "Negotiators met in Osaka on Monday. Farm exports fell in May. The "
                        "talks come at a delicate moment, as an election for the upper house "
                        "is due in July.", dct=datetime(2025, 6, 18))
    after = _article(1, "The tariff increase that was due on July 1 was called off. Steel "
                        "shares rose on Monday. Farm exports fell in May.",
                     dct=datetime(2025, 7, 2))
    entries = build_timeline([ahead, after]).entries
    july = [(e.value, [s.article for s in e.sources]) for e in entries if "-07" in e.value]
    assert july == [("2025-07-01", ["a1"]), ("2025-07", ["a0"])], july


def test_a_known_event_retold_by_its_year_is_one_source_of_its_entry() -> None:
    # "rebuilt after the 2023 quake": a reference leaning on the known event and a retelling
    # of its day by the year; its entry lists it once
    story = [_article(0, "وتعد أنطاكيا من أكثر المدن تضررا من زلزالي السادس من فبراير/شباط "
                         "2023 اللذين ضربا جنوب تركيا وشمال سوريا. وافتتح الوزير أمس الاثنين "
                         "مستشفى جديدا في المدينة.", "ar", datetime(2025, 2, 18)),
             _article(1, "وقال أحد السكان في جنوب تركيا إن منزله الذي بناه بعد زلزال 2023 تصدع "
                         "من جديد. وزار الوزير المستشفى الجديد أمس الاثنين.", "ar",
                      datetime(2025, 2, 20))]
    entries = build_timeline(story).entries
    quotes = [(s.article, s.mention_text) for e in entries for s in e.sources]
    assert len(quotes) == len(set(quotes)), quotes
    quake = [e for e in entries if e.value.startswith("2023")]
    assert [(e.value, len(e.sources)) for e in quake] == [("2023-02-06", 2)], \
        [(e.value, e.headline) for e in entries]


def test_one_deadline_told_four_ways_is_one_entry() -> None:
    # "until March 31" (a reference after `until_words` counts `until_means`), "the deadline
    # of 31 March", "was due to rise … on Monday" and "will double on March 31": one deadline
    d = datetime(2025, 3, 10)
    story = [
        _article(0, "The regulator has given the water company until March 31 to cut its "
                    "leaks. Its chief executive met ministers on Tuesday.", dct=d),
        _article(1, "If the company misses it, the fine on Lakeside Water will double on March "
                    "31 to 10 percent of its revenue. Customers protested on Saturday.", dct=d),
        _article(2, "Lakeside Water avoided an increase in the fine that was due to take effect "
                    "on Monday. Its managers had been racing against the deadline of 31 March.",
                 dct=datetime(2025, 4, 1))]
    entries = build_timeline(story).entries
    deadline = [e for e in entries if e.value == "2025-03-31"]
    assert len(deadline) == 1, [(e.headline, [s.article for s in e.sources]) for e in deadline]
    assert sorted(s.article for s in deadline[0].sources) == ["a0", "a1", "a2", "a2"]
