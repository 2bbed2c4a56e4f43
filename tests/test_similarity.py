"""timeline/similarity.py: content words, synonyms, the compatibility test before merging."""

from __future__ import annotations

from timeline.similarity import compatible, content_words


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
