"""timeline/text.py: normalisation with an offset map, sentences, language detection."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.text import (
    _FULL_STOP_END,
    _SENTENCE_END,
    NormalizedText,
    OffsetMap,
    detect_language,
    folding_into,
    locale_region,
    normalize,
    normalize_string,
    split_sentences,
)

# Text built mostly from the characters normalisation cares about, plus anything at all.
_INTERESTING = (
    "يومٍ واحدٍ عـــام أإآٱ ى ئ ؤ ة ٢٠٢٢ ۲۰۲۴ ؟،؛٪٫ «»“”‘’ – — \u00a0\u200b\u200c\u200d"
    "\u200e\u200f\u202a\u202b\u202c\u202e\u2066\u2069\ufeff\u00ad\u0670\u0640 İ ß Σ e\u0301"
    "\t\r\n.!?"
)
_texts = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(_INTERESTING)),
    st.lists(st.one_of(st.sampled_from(_INTERESTING), st.text(max_size=3))).map("".join),
)


def _span(norm: NormalizedText, i: int, j: int) -> str:
    s, e = norm.span_to_original(i, j)
    return norm.original[s:e]


# ---------------------------------------------------------------- properties


@given(_texts)
@settings(max_examples=300, deadline=None)
def test_any_text_normalises_with_a_consistent_index(text: str) -> None:
    norm = normalize(text)
    assert norm.original == text
    assert len(norm.index) == len(norm.text) + 1
    assert norm.index[-1] == len(text)
    assert len(norm.text) <= len(text)
    assert norm.text == normalize_string(text)
    # the index is strictly increasing and each entry names the character it came from
    assert all(a < b for a, b in zip(norm.index, norm.index[1:], strict=False))
    for k, ch in enumerate(norm.text):
        assert normalize_string(text[norm.index[k]]) == ch


@given(st.lists(st.booleans(), max_size=40))
@settings(max_examples=300, deadline=None)
def test_the_offset_map_is_the_list_of_the_characters_kept(dropped: list[bool]) -> None:
    # each True drops its character; the map names every kept one, then the end
    text = "x" * len(dropped)
    runs = [m.span() for m in re.finditer("1+", "".join("1" if d else "0" for d in dropped))]
    kept = [i for i, d in enumerate(dropped) if not d] + [len(text)]
    offsets = OffsetMap.of_dropped(text, runs)
    assert len(offsets) == len(kept)
    assert list(offsets) == kept and offsets == kept
    assert [offsets[i] for i in range(-len(kept), 0)] == kept
    assert offsets[1:-1] == kept[1:-1] and offsets[::2] == kept[::2]
    with pytest.raises(IndexError):
        offsets[len(kept)]


@given(_texts, st.data())
@settings(max_examples=300, deadline=None)
def test_every_normalised_span_maps_inside_the_original(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    i = data.draw(st.integers(0, len(norm.text)), label="start")
    j = data.draw(st.integers(i, len(norm.text)), label="end")
    s, e = norm.span_to_original(i, j)
    assert 0 <= s <= e <= len(text)
    assert normalize_string(text[s:e]) == norm.text[i:j]


@given(_texts)
@settings(max_examples=100, deadline=None)
def test_all_spans_of_short_texts_map_back_exactly(text: str) -> None:
    norm = normalize(text[:12])
    n = len(norm.text)
    for i in range(n + 1):
        for j in range(i, n + 1):
            assert normalize_string(_span(norm, i, j)) == norm.text[i:j]


def test_span_outside_the_normalised_text_is_an_error() -> None:
    norm = normalize("abc")
    for i, j in ((-1, 2), (2, 1), (0, 4)):
        with pytest.raises(ValueError, match="outside"):
            norm.span_to_original(i, j)


def test_empty_text() -> None:
    norm = normalize("")
    assert norm.text == "" and tuple(norm.index) == (0,)
    assert norm.span_to_original(0, 0) == (0, 0)


# ---------------------------------------------------------------- examples


def test_diacritics_dropped_and_trailing_tanween_kept_in_the_span() -> None:
    text = "منذ يومٍ واحدٍ فقط"
    norm = normalize(text)
    assert norm.text == "منذ يوم واحد فقط"
    i = norm.text.index("يوم واحد")
    s, e = norm.span_to_original(i, i + len("يوم واحد"))
    assert text[s:e] == "يومٍ واحدٍ"  # both tanween inside, the last one at the very end


def test_shadda_and_harakat_inside_a_word() -> None:
    text = "الشَّهْرُ الماضي"
    norm = normalize(text)
    assert norm.text == "الشهر الماضي"
    assert _span(norm, 0, 5) == "الشَّهْرُ"


def test_tatweel_is_dropped_but_not_absorbed_at_the_end() -> None:
    text = "عـــام ـ"
    norm = normalize(text)
    assert norm.text == "عام "
    assert _span(norm, 0, 3) == "عـــام"
    # a tatweel after the span is not a combining mark: the span stops at the letter
    assert _span(norm, 0, 1) == "ع"


@pytest.mark.parametrize(("raw", "folded"), [
    ("أكتوبر", "اكتوبر"), ("إبريل", "ابريل"), ("آذار", "اذار"), ("ٱلعام", "العام"),
    ("مصطفى", "مصطفي"), ("الأولى", "الاولي"), ("فارسی", "فارسي"),
    ("رئيس", "رييس"), ("مؤتمر", "موتمر"), ("السنة", "السنه"),
])
def test_alef_ya_and_ta_marbuta_variants_fold(raw: str, folded: str) -> None:
    assert normalize_string(raw) == folded
    assert tuple(normalize(raw).index) == tuple(range(len(raw) + 1))


@pytest.mark.parametrize(("raw", "folded"), [
    ("٢٠٢٢", "2022"), ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
    ("۲۰۲۴", "2024"), ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
    ("٣٫٥٪", "3.5%"), ("١٬٠٠٠", "1,000"),
])
def test_arabic_indic_and_extended_digits(raw: str, folded: str) -> None:
    assert normalize_string(raw) == folded


def test_the_characters_folding_into_a_mark_are_the_ones_normalising_makes_it() -> None:
    assert folding_into(";") == {";", "؛"}
    assert {ch for ch in folding_into(",") if normalize_string(ch) != ","} == set()
    assert folding_into("x") == {"x"}


@given(st.text(alphabet=st.sampled_from("أإآٱىیئؤة٢۲ـًٌَُ\u00a0\u2003\tAbc Σİ "), min_size=1))
@settings(max_examples=100, deadline=None)
def test_an_article_folds_as_its_characters_do(piece: str) -> None:
    # articles are folded by replaces, short texts by a regex: the same result (a run of
    # spaces read as one)
    text = (piece * (600 // len(piece) + 1))[:600]
    by_character = "".join(normalize_string(ch) for ch in text)
    assert normalize_string(text) == re.sub(" {2,}", " ", by_character)


def test_a_run_of_spaces_reads_as_one() -> None:
    text = "a  week\u00a0\tago"
    norm = normalize(text)
    assert norm.text == "a week ago"
    assert norm.span_to_original(2, 10) == (3, 12)  # "week ago" spans the original run


def test_arabic_punctuation() -> None:
    assert normalize_string("متى؟ أمس، واليوم؛ غداً۔") == "متي? امس, واليوم; غدا."


def test_spaces_and_invisible_controls() -> None:
    text = "في\u00a0عام\u200f ٢٠٢٢\u202c\u2066؟\u2069\u200b\ufeff"
    norm = normalize(text)
    assert norm.text == "في عام 2022?"
    i = norm.text.index("2022")
    assert _span(norm, i, i + 4) == "٢٠٢٢"
    assert normalize_string("a\u2009b\u202fc\u3000d\te\rf") == "a b c d e f"
    assert normalize_string("zero\u200cwidth\u200djoin\u2060er\u00adsoft") == "zerowidthjoinersoft"


def test_curly_quotes_guillemets_and_dashes() -> None:
    folded = normalize_string("“A” ‘b’ «ج» „d“ 1990–2000 — x")
    assert folded == "\"a\" 'b' \"ج\" \"d\" 1990-2000 - x"


def test_lowercasing_keeps_one_character_per_character() -> None:
    assert normalize_string("JANUARY 2022") == "january 2022"
    # 'İ'.lower() is two code points; it is kept as it is so the map stays one-to-one
    norm = normalize("İstanbul")
    assert len(norm.text) == len("İstanbul")


# ---------------------------------------------------------------- sentences


def _sentences(text: str, abbreviations: frozenset[str] = frozenset(),
               openers: frozenset[str] = frozenset()) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, abbreviations, openers=openers)]


def test_arabic_sentences_split_on_arabic_punctuation() -> None:
    text = "هل انتهت الحرب؟ لا. قال الوزير إنها مستمرة! وأضاف أن المفاوضات ستبدأ غداً"
    assert _sentences(text) == [
        "هل انتهت الحرب؟", "لا.", "قال الوزير إنها مستمرة!",
        "وأضاف أن المفاوضات ستبدأ غداً",
    ]


def test_newlines_always_end_a_sentence_and_whitespace_is_trimmed() -> None:
    text = "  عنوان الخبر\n\nالفقرة الأولى بلا نقطة\r\n  الفقرة الثانية.  \n"
    assert _sentences(text) == ["عنوان الخبر", "الفقرة الأولى بلا نقطة", "الفقرة الثانية."]


def test_closing_quotes_stay_with_their_sentence() -> None:
    text = 'He said "We will win." Then he left. قال «انتهى الأمر.» ثم غادر.'
    assert _sentences(text) == [
        'He said "We will win."', "Then he left.", "قال «انتهى الأمر.»", "ثم غادر.",
    ]


def test_abbreviations_and_acronyms_do_not_end_sentences() -> None:
    text = "Talks in the U.S. resumed on Jan. 5 after a pause. The vote is at 9 a.m. tomorrow."
    assert _sentences(text, frozenset({"jan."})) == [
        "Talks in the U.S. resumed on Jan. 5 after a pause.", "The vote is at 9 a.m. tomorrow.",
    ]
    # without the abbreviation list "Jan." is an ordinary word that ends a sentence
    assert len(_sentences("It was Jan. 5 was cold.")) == 2


def test_a_closing_abbreviation_ends_a_clause_before_words_that_open_a_sentence() -> None:
    closing = (frozenset({"p.m."}), re.compile(r"(?:the (?!next\b)|it )", re.IGNORECASE))
    abbreviations = frozenset({"p.m."})

    def split(text: str) -> list[str]:
        return [text[s:e] for s, e in split_sentences(text, abbreviations, closing=closing)]

    assert split("The explosions went off at 2:50 p.m. The race had begun earlier.") == [
        "The explosions went off at 2:50 p.m.", "The race had begun earlier.",
    ]
    # a clause of a few words, a day after it, or a word that goes on from the clock: one
    assert len(split("At 2:50 p.m. the first bomb went off.")) == 1
    assert len(split("The polls will close at 8 p.m. Friday in most states.")) == 1
    assert len(split("Police returned to the house at 9 p.m. the next day.")) == 1
    # without `closing`, the abbreviation never ends a sentence
    text = "The explosions went off at 2:50 p.m. The race had begun earlier."
    assert len(split_sentences(text, abbreviations)) == 1


def test_abbreviations_after_an_opening_bracket_or_quote() -> None:
    text = "Prices in the (U.S.) market rose in «Jan. 2024» too. Then they fell."
    assert _sentences(text, frozenset({"jan."})) == [
        "Prices in the (U.S.) market rose in «Jan. 2024» too.", "Then they fell.",
    ]


def test_abbreviation_after_a_long_run_of_brackets() -> None:
    # the word before a full stop is read a little at a time: a long one is read whole
    text = "Talks in the " + "(" * 80 + "U.S. resumed. Then they ended."
    assert _sentences(text) == [text[:-len(" Then they ended.")], "Then they ended."]
    assert _sentences("(" * 80 + "Jan. 5 came.", frozenset({"jan."})) == ["(" * 80 + "Jan. 5 came."]


def test_acronym_followed_by_a_sentence_start_ends_the_sentence() -> None:
    openers = frozenset({"The", "It"})  # (the language's words, lexicon `initials_then_sentence`)
    text = "The talks were held in the U.S. The next day they ended."
    assert _sentences(text, openers=openers) == [
        "The talks were held in the U.S.", "The next day they ended.",
    ]
    assert _sentences("He joined the U.S. Army in 1990.", openers=openers) == [
        "He joined the U.S. Army in 1990.",
    ]
    assert _sentences(text) == [text]  # a language that names no such words


def test_decimal_points_and_dates_do_not_split() -> None:
    assert _sentences("Growth was 3.5 percent on 12.05.2024 in total.") == [
        "Growth was 3.5 percent on 12.05.2024 in total.",
    ]


def test_sentence_spans_are_original_offsets() -> None:
    text = "أولاً. ثانياً؟ ثالثاً!"
    spans = split_sentences(text)
    assert spans == [(0, 6), (7, 14), (15, 22)]


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_sentence_spans_are_ordered_disjoint_and_trimmed(text: str) -> None:
    last = 0
    for s, e in split_sentences(text, frozenset({"jan."})):
        assert last <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        last = e


@given(st.text(alphabet=st.sampled_from(list("ab. U.S.jan.\n\n !?\"»"))))
@settings(max_examples=300, deadline=None)
def test_a_line_splits_alone_into_the_sentences_the_whole_text_has_there(text: str) -> None:
    # (what lets the tense reader split only the lines it is asked about; a line with no end
    # mark but the full stop is also read by a pattern of its own, the whole text by another)
    abbreviations = frozenset({"jan."})
    lines = []
    start = 0
    for end in [i for i, ch in enumerate(text) if ch == "\n"] + [len(text)]:
        lines += split_sentences(text, abbreviations, start, end)
        start = end + 1
    assert lines == split_sentences(text, abbreviations)


@given(st.text(alphabet=st.sampled_from(list("ab.. 3U.S.\"»)'"))))
@settings(max_examples=300, deadline=None)
def test_a_text_whose_only_end_mark_is_the_full_stop_has_the_same_ends_either_way(
        text: str) -> None:
    assert [m.span() for m in _FULL_STOP_END.finditer(text)] == \
        [m.span() for m in _SENTENCE_END.finditer(text)]


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


# ---------------------------------------------------------------- language


@pytest.mark.parametrize(("text", "lang"), [
    ("قال الوزير إن الانتخابات ستجرى في نوفمبر المقبل", "ar"),
    ("أعلنت الحكومة يوم الأربعاء 6 نوفمبر 2024 عن خطة جديدة for the economy", "ar"),
    ("The minister said on Wednesday that the election would be held in November.", "en"),
    ("Der Minister sagte am Montag, dass die Wahl im November stattfinden werde und die "
     "Regierung danach zurücktreten wird.", "de"),
    ("Le ministre a déclaré lundi que les élections auraient lieu en novembre et que le "
     "gouvernement démissionnerait ensuite.", "fr"),
    # dateparser's detector took these for Galician and Hungarian
    ("El gobierno anunció el martes que las negociaciones se reanudarán la próxima semana.",
     "es"),
    ("Het kabinet heeft dinsdag besloten de belastingen volgend jaar te verlagen voor gezinnen.",
     "nl"),
    ("Rząd ogłosił we wtorek, że negocjacje zostaną wznowione w przyszłym tygodniu w Genewie.",
     "pl"),
])
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(("text", "lang"), [
    # Arabic script is not only Arabic: Persian and Urdu go to dateparser, not the Arabic grammar
    ("امروز پنجشنبه ۱۵ آبان ۱۴۰۳ است و رئیس جمهور گفت که انتخابات برگزار می‌شود", "fa"),
    ("پاکستان میں آج انتخابات ہو رہے ہیں اور وزیر اعظم نے کہا کہ ووٹنگ جاری ہے", "ur"),
    # Arabic typed on a Persian keyboard (ی, ک) is still Arabic
    ("قال رئیس الوزراء إن الاجتماع کان ناجحا في یوم الأحد الماضي", "ar"),
    ("وقال المصدر إن الوفد الكردي وصل إلى بغداد لبحث الاتفاق مع الحكومة", "ar"),
])
def test_detect_language_arabic_script(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_invisible_word_breaks_do_not_change_the_language() -> None:
    # zero-width spaces from a CMS: a detector may read them as Khmer
    text = ("Talks resumed on March 5, 2025 and the two\u200bsides met again two weeks "
            "later in\u200bGeneva.")
    assert detect_language(text, default="ar") == "en"
    assert detect_language("ថ្ងៃទី ៥ ខែមីនា ឆ្នាំ ២០២៥ ក្រុមប្រឹក្សា\u200bបាន\u200bប្រជុំ "
                           "ម្តងទៀត នៅ ភ្នំពេញ ហើយ បាន សម្រេច") == "km"


def test_detect_language_default_when_no_letters() -> None:
    assert detect_language("2024-11-07 12:00") == "en"
    assert detect_language("", default="ar") == "ar"


def test_a_short_latin_text_keeps_the_default_language() -> None:
    assert detect_language("Elections on 5 November 2024.") == "en"
    assert detect_language("Elections on 5 November 2024.", default="fr") == "fr"


@pytest.mark.parametrize(("tag", "region"), [
    ("en-GB", "GB"), ("en_gb", "GB"), ("en", None), ("zh-Hant-TW", "TW"), ("es-419", None),
    # variants, extensions and private parts are BCP 47 too; an extension names no region
    ("en-GB-oxendict", "GB"), ("ar-EG-u-nu-arab", "EG"), ("ar-u-nu-latn", None),
    ("en-US-x-newsroom", "US"), ("de-CH-1996", "CH"),
])
def test_locale_region(tag: str, region: str | None) -> None:
    assert locale_region(tag) == region


@pytest.mark.parametrize("tag", ["British English", "e", "en-", "english!", "en-GB-u",
                                 "en-x", "en-GB-toolongvariant"])
def test_a_bad_locale_is_refused(tag: str) -> None:
    with pytest.raises(ValueError, match="BCP 47"):
        locale_region(tag)
