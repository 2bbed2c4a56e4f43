"""timeline/events.py: clauses, one event per dated thing, headlines, boilerplate kept out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from timeline.events import article_events, boilerplate_spans, clauses, dateline_spans
from timeline.extract import extract

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DCT = datetime(2024, 11, 7)


def _events(text: str, lang: str, dct: datetime | None = DCT):
    mentions = [m.to_dict() for m in extract(text, lang=lang, dct=dct).mentions]
    return article_events(0, text, lang, mentions)


def test_a_fronted_date_stays_with_the_clause_it_introduces() -> None:
    text = "في أكتوبر 2022، اقترح الوزير خطة سلام جديدة أثارت انتقادات واسعة."
    (event,) = _events(text, "ar").events
    assert event.primary["text"] == "أكتوبر 2022"
    assert "اقترح الوزير خطة سلام" in event.headline and event.headline.startswith("في أكتوبر")
    assert event.start == 0  # the date's short clause joined the next one


def test_one_clause_with_two_dates_keeps_two_events_each_with_its_part() -> None:
    text = ("وقال تقرير الصحيفة الصادر في سبتمبر إن رئيسي الشركتين كانا على اتصال منتظم "
            "منذ أواخر عام 2022.")
    report, contact = _events(text, "ar").events
    assert report.primary["value"] == "2024-09" and contact.primary["value"] == "2022"
    assert report.headline.endswith("في سبتمبر") and "اتصال منتظم" not in report.headline
    assert contact.headline.startswith("رئيسي الشركتين")  # the cut word إن is not kept
    assert report.sentence == contact.sentence  # told apart on purpose: never merged back


def test_several_references_to_one_date_make_one_event() -> None:
    text = "On Wednesday, November 6, the minister resigned after a stormy cabinet meeting."
    (event,) = _events(text, "en").events
    assert event.primary["value"] == "2024-11-06"
    assert event.headline.startswith("On Wednesday, November 6, the minister resigned")


def test_said_on_one_day_that_something_happened_the_day_before_is_two_events() -> None:
    text = "The minister said on Wednesday, November 6 that the vote took place on November 5."
    said, vote = _events(text, "en").events
    assert (said.primary["value"], vote.primary["value"]) == ("2024-11-06", "2024-11-05")


def test_then_at_that_time_is_the_event_just_spoken_of() -> None:
    text = ("اتصل الرئيس بنظيره يوم الأربعاء وهنأه على الفوز. "
            '"سنعمل معا من أجل السلام"، كتب الرئيس في ذلك الوقت.')
    first, then = _events(text, "ar").events
    assert then.primary["anchor"] == "narrative" and then.coref_of == 0
    assert first.coref_of is None


def test_references_with_no_date_are_kept_as_undated() -> None:
    found = _events("وقال مسؤول في وقت سابق إن المحادثات ستستمر.", "ar")
    assert not found.events
    assert [m["value"] for m, _, _ in found.undated] == ["PAST_REF"]


def test_read_also_lines_and_their_lists_are_boilerplate() -> None:
    text = ("انتهت القمة يوم الأربعاء.\n\nاقرأ أيضًا:\n\nقمة سابقة في مارس 2020\n"
            "قمة أخرى في يناير 2019\n\nوبدأت القمة في 3 نوفمبر 2024.")
    found = _events(text, "ar")
    values = [e.primary["value"] for e in found.events]
    assert values == ["2024-11-06", "2024-11-03"]
    (span,) = found.boilerplate
    assert "مارس 2020" in text[span[0]:span[1]] and "يناير 2019" in text[span[0]:span[1]]


def test_english_read_more_and_related_markers() -> None:
    text = ("The talks ended on Friday. Read more: a summit in March 2020 failed.\n"
            "Related: the 2019 accord\nThe next round starts on 12 November 2024.")
    values = [e.primary["value"] for e in _events(text, "en").events]
    assert "2020-03" not in values and "2019" not in values
    assert "2024-11-12" in values
    assert len(boilerplate_spans(text, "en")) == 2


def test_seed_see_also_line_dates_nothing() -> None:
    text = (SEEDS / "article-000.txt").read_text(encoding="utf-8")
    found = _events(text, "ar")
    starmer = text.index("كير ستارمر")
    assert any(a <= starmer < b for a, b in found.boilerplate)
    quoted = [text[e.start:e.end] for e in found.events]
    quoted += [text[c[0]:c[1]] for _, c, _ in found.undated]
    assert not any("ستارمر" in q or "الحرب العالمية الثانية" in q for q in quoted)
    assert all(not (a <= e.start < b) for e in found.events for a, b in found.boilerplate)


def test_clauses_split_at_punctuation_and_boundary_words() -> None:
    text = "وصل الوفد إلى العاصمة صباحا، ثم عقد اجتماعا مطولا مع كبار المسؤولين"
    spans = clauses(text, 0, len(text), "ar")
    parts = [text[a:b].strip(" ،") for a, b in spans]
    assert parts == ["وصل الوفد إلى العاصمة صباحا", "ثم عقد اجتماعا مطولا مع كبار المسؤولين"]


def test_a_thousands_comma_does_not_cut_a_clause() -> None:
    text = "The contractor paid the senator $480,000 in cash on March 3, prosecutors said."
    spans = clauses(text, 0, len(text), "en")
    assert any("$480,000 in cash" in text[a:b] for a, b in spans)
    (event,) = _events(text, "en", datetime(2024, 5, 2)).events
    assert event.headline.startswith("The contractor paid the senator $480,000 in cash")


def test_a_weekday_or_month_is_no_name_of_the_event() -> None:
    text = "Rebels seized a convoy near Kidal on Tuesday. Talks resumed in March in Algiers."
    convoy, talks = _events(text, "en", datetime(2024, 5, 2)).events
    assert "kidal" in convoy.names and not {"tuesda", "tuesday"} & convoy.names
    assert talks.sentence_names and not {"march"} & talks.sentence_names


def test_a_clause_that_goes_on_from_its_subject_is_headed_from_the_sentence_start() -> None:
    text = ("The two crew members, a pilot and a mechanic, were detained by militiamen near "
            "Sabha on May 3. The ministry said on Friday that talks would resume.")
    detained, said, *_ = _events(text, "en", datetime(2024, 5, 20)).events
    assert detained.headline.startswith("The two crew members, a pilot and a mechanic, were")
    assert said.headline.startswith("The ministry said on Friday")


# ---------------------------------------------------------------- datelines


@pytest.mark.parametrize("dateline", [
    "ISTANBUL, Turkey (Reuters) - ", "QUITO (AP) — ", "NAIROBI, June 4 (Reuters) - ",
    "ST. PAUL, Minn. (AP) — ", "CHENNAI: ", "GENEVA - ", "(Reuters) - ",
    "DUBAI/LONDON (Reuters) - "])
def test_a_wire_dateline_opens_no_headline_or_quote(dateline: str) -> None:
    text = f"Ferry sinks in the Bosphorus\n\n{dateline}A ferry sank near Eminonu on Monday."
    (event,) = _events(text, "en", datetime(2024, 6, 4)).events
    assert event.headline == "A ferry sank near Eminonu on Monday"
    assert text[event.quote_start:event.quote_end] == "A ferry sank near Eminonu on Monday."
    assert dateline_spans(text, "en") == [(text.index(dateline),
                                           text.index(dateline) + len(dateline))]


def test_the_date_of_a_dateline_is_no_event() -> None:
    text = "NAIROBI, June 4 (Reuters) - Floods cut the main highway to Mombasa on Monday."
    (event,) = _events(text, "en", datetime(2024, 6, 4)).events
    assert event.primary["text"] == "Monday"


@pytest.mark.parametrize("dateline", ["بيروت 4 يونيو (رويترز) - ", "الرباط - «هسبريس»: ",
                                      "عمان: «الغد» - "])
def test_an_arabic_wire_dateline_opens_no_headline(dateline: str) -> None:
    # an agency in brackets, or a paper's own correspondent in guillemets
    text = dateline + "غرقت عبارة قرب الميناء يوم الاثنين."
    (event,) = _events(text, "ar", datetime(2024, 6, 4)).events
    assert event.headline.startswith("غرقت عبارة")
    assert "هسبريس" not in event.words and "الغد" not in event.headline


@pytest.mark.parametrize(("text", "lang"), [
    # a headline or sentence whose words are not a place in capitals
    ("Storm Ciaran - the worst in years - hit Cornwall on Thursday.", "en"),
    ("Paris - The council voted on Monday to ban the scooters.", "en"),
    ("(and the mayor) - voted on Monday to ban the scooters.", "en"),
    # an Arabic line that opens with a name and a dash, no agency: a headline, not a dateline
    ("ترامب - زيلينسكي: اتصال هاتفي يوم الأربعاء", "ar"),
    # a headline quoting someone: guillemets after a colon, but no second mark after them
    ("الوزير: «لن نتراجع» عن الإصلاح يوم الأحد", "ar"),
    # past an article's first lines a capitalised opening is the text's own
    ("The mayor spoke on Monday. " * 20 + "\nUN - The council met on Tuesday.", "en")])
def test_what_is_no_dateline_stays(text: str, lang: str) -> None:
    assert dateline_spans(text, lang) == []


def test_a_clause_that_goes_on_from_its_subject_is_compared_with_it() -> None:
    # "Two engineers held since May | were freed on Friday": who was freed is in the subject
    text = "Two engineers held by rebels since May were freed on Friday and flew home."
    held, freed = _events(text, "en").events
    assert freed.primary["text"] == "Friday"
    assert {"engine", "rebels"} <= set(freed.words) and "may" not in freed.words


@pytest.mark.parametrize(("text", "lang"), [
    ("قصفت المدفعية حيا سكنيا في المدينة يوم السبت. وفي اليوم نفسه دخلت قافلة مساعدات إلى "
     "البلدة المجاورة.", "ar"),
    ("Artillery shelled a district of the city on Saturday. On the same day an aid convoy "
     "reached the neighbouring town.", "en"),
])
def test_something_else_on_the_same_day_is_not_the_event_before(text: str, lang: str) -> None:
    shelling, convoy = _events(text, lang, datetime(2025, 6, 15)).events
    assert convoy.primary["anchor"] == "narrative"
    assert convoy.earliest == shelling.earliest  # the same day, yet another happening
    assert convoy.coref_of is None


def test_a_clause_opening_on_its_date_after_an_aside_is_headed_from_its_verb() -> None:
    # Arabic puts verb and subject first; an aside in commas leaves the date opening a clause
    text = ("وفي خطوة مفاجئة، أعلن النائب الذي خسر مقعده، سامي الحداد، يوم الخميس انسحابه من "
            "الحزب.")
    (event,) = _events(text, "ar", datetime(2025, 5, 10)).events
    assert "أعلن النائب" in event.headline and event.headline.endswith("انسحابه من الحزب")
    assert any(w.startswith("نايب") for w in event.words)  # who it is about counts in merging


def test_a_clause_opening_on_its_date_after_another_dated_clause_stays_its_own() -> None:
    text = "أقر البرلمان القانون في مارس، يوم الخميس وقع الرئيس على المرسوم."
    law, decree = _events(text, "ar", datetime(2025, 5, 10)).events
    assert not decree.headline.startswith("أقر البرلمان")
