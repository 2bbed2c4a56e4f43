"""timeline/similarity.py: content words, synonyms, the compatibility test before merging."""

from __future__ import annotations

from timeline.similarity import common_words, compatible, content_words, event_words


def test_synonyms_of_one_event_count_as_one_word() -> None:
    assert content_words("were abducted", "en") == content_words("the kidnapping", "en")
    assert content_words("Hostages freed", "en")[-1] == content_words("released", "en")[0]
    assert content_words("the hearing opened", "en")[-1] == content_words("began", "en")[0]


def test_words_outside_the_synonym_groups_keep_their_own_stems() -> None:
    assert content_words("freedom", "en") != content_words("released", "en")
    assert content_words("struck", "ar") == ["struc"]  # groups are per language


def test_clauses_naming_different_people_are_not_compatible() -> None:
    a, b = ["kidnap", "pair", "tessal"], ["kidnap", "first", "near", "tessal"]
    names = frozenset({"tessal"})
    assert compatible(a, b, names, names, 2)
    # a word in common never outweighs the names that tell two stories apart
    assert not compatible(a, b, frozenset({"kidal"}), names, 2)


def test_a_negated_word_is_not_the_word() -> None:
    assert content_words("pleaded not guilty", "en") != content_words("pleaded guilty", "en")
    assert "guilty" not in content_words("pleaded not guilty", "en")


def test_a_phrase_of_a_synonym_group_counts_as_its_word() -> None:
    freed = content_words("released", "en")[0]
    for phrase in ("the gunmen handed over two nurses", "two nurses were let go",
                   "the gunmen set free two nurses"):
        assert freed in content_words(phrase, "en"), phrase
    assert content_words("the cyclone came ashore", "en")[-1] == content_words("landfall", "en")[0]
    # the phrase is one word: its words are not also read alone
    assert content_words("handed over", "en") == [freed]


def test_the_words_of_a_phrase_alone_are_not_the_phrase() -> None:
    freed = content_words("released", "en")[0]
    assert freed not in content_words("she handed the letter to the clerk", "en")
    assert freed not in content_words("let the committee go ahead", "en")
    assert freed in event_words("en") and content_words("clerk", "en")[0] not in event_words("en")


def test_arabic_endings_and_clitics_come_off_before_words_are_compared() -> None:
    # case endings and glued pronouns: one word however it is inflected
    assert content_words("سوقا", "ar") == content_words("السوق", "ar") == content_words(
        "سوقها", "ar")
    assert content_words("زيارته", "ar") == content_words("الزيارة", "ar")
    assert content_words("المراقبون", "ar") == content_words("المراقبين", "ar")
    # a name's adjective keeps the name's stem (no dual ending cut off السودان)
    assert content_words("السودان", "ar") == content_words("السوداني", "ar")
    # a stopword with a clitic on it is still no content word
    assert content_words("وكان الوزير", "ar") == content_words("الوزير", "ar")
    assert content_words("وفي المدينة", "ar") == content_words("المدينة", "ar")


def test_arabic_reports_of_one_happening_share_its_word() -> None:
    killed = content_words("قتل", "ar")[0]
    for text in ("لقي تسعة أشخاص حتفهم", "سقط 12 قتيلا", "أودت بحياة عامل", "وقتل جندي",
                 "ارتفع عدد القتلى"):
        assert killed in content_words(text, "ar"), text
    truce = content_words("الهدنة", "ar")[0]
    began = content_words("بدأت", "ar")[0]
    assert truce in content_words("وقف لإطلاق النار", "ar")
    assert {truce, began} <= set(content_words("دخل وقف إطلاق النار حيز التنفيذ", "ar"))
    assert truce in event_words("ar") and killed in event_words("ar")
    # a one-letter clitic still stays on a longer word it would cut short ("وفرت" is a verb)
    assert content_words("وفرت", "ar") == ["وفرت"]


def test_common_words_leave_out_the_words_of_names() -> None:
    fire = content_words("blaze", "en")[0]
    assert fire == content_words("fire", "en")[0]  # one synonym group
    assert fire in common_words("Flames ripped through the depot", "en",
                                frozenset({"flames"}))
    # a name's word is no report of the happening: "the Fire Brigade" fought no fire itself
    assert fire not in common_words("The Fire Brigade sent six engines", "en")
    # a sentence's first word counts when the story writes it in lower case
    assert fire not in common_words("Fire crews arrived", "en")
    assert fire in common_words("Fire crews arrived", "en", frozenset({"fire"}))


def test_a_phrase_with_a_gap_counts_as_its_word_with_who_between() -> None:
    # "found the former harbour master, Paul Greer, guilty": the verdict, whoever stands between
    convicted = content_words("convicted", "en")[0]
    words = content_words("A jury found the former harbour master, Paul Greer, guilty", "en")
    assert convicted in words and "guilty" not in words and "found" not in words
    assert {"harbou", "master", "paul", "greer"} <= set(words)  # who stays a word of its own
    assert content_words("was found guilty", "en") == [convicted]


def test_a_negation_in_a_phrase_gap_negates_it() -> None:
    words = content_words("the panel found her not guilty of perjury", "en")
    assert "!" + content_words("convicted", "en")[0] in words
    assert "perjur" in words  # the negation stays the phrase's, not the next word's


def test_a_phrase_gap_spans_no_split_word_and_no_more_than_eight_words() -> None:
    convicted = content_words("convicted", "en")[0]
    assert convicted not in content_words("police found the car and a guilty plea followed", "en")
    assert convicted not in content_words(
        "inspectors found rust on one two three four five six seven guilty", "en")
