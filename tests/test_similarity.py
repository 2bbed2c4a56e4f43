"""timeline/similarity.py: content words, synonyms, the compatibility test before merging."""

from __future__ import annotations

from timeline.similarity import compatible, content_words, event_words


def test_synonyms_of_one_event_count_as_one_word() -> None:
    assert content_words("were abducted", "en") == content_words("the kidnapping", "en")
    assert content_words("Hostages freed", "en")[-1] == content_words("released", "en")[0]
    assert content_words("the hearing opened", "en")[-1] == content_words("began", "en")[0]


def test_words_outside_the_synonym_groups_keep_their_own_stems() -> None:
    assert content_words("freedom", "en") != content_words("released", "en")
    assert content_words("struck", "ar") == ["struc"]  # groups are per language


def test_names_both_sentences_give_count_as_shared_words() -> None:
    a, b = ["kidnap", "pair"], ["kidnap", "first", "near"]
    names = frozenset({"tessal"})
    assert not compatible(a, b, names, names, 2)
    assert compatible(a, b, names, names, 2, shared_names=names)
    # a name in common never outweighs the names that tell two stories apart
    assert not compatible(a, b, frozenset({"kidal"}), names, 2, shared_names=names)


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
