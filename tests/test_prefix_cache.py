"""The rule index's prefix sets on disk: the same index from the file as computed, and a
missing, damaged or unwritable cache never changes what is extracted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from timeline import prefilter
from timeline.grammar import load_grammar
from timeline.prefix_cache import CACHE_ENV, cache_dir, cached_prefixes

SOURCES = [("(?:the )?first quarter", 0), ("[0-9]{4} days", 0), ("(?i)may", re.IGNORECASE)]


def _compute(calls: list[str]):
    def compute(text: str, flags: int) -> set[str] | None:
        calls.append(text)
        return prefilter._readable_prefixes(text, flags)
    return compute


def test_second_process_reads_the_sets_instead_of_computing_them(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    calls: list[str] = []
    first = cached_prefixes(SOURCES, _compute(calls), Path(prefilter.__file__))
    assert len(calls) == 3 and first[2] is None  # ignoring case: tried everywhere
    again = cached_prefixes(SOURCES, _compute(calls), Path(prefilter.__file__))
    assert len(calls) == 3  # nothing computed anew
    assert again == first


def test_a_changed_pattern_or_reader_is_another_entry(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    calls: list[str] = []
    cached_prefixes(SOURCES, _compute(calls), Path(prefilter.__file__))
    changed = [("(?:the )?second quarter", 0)] + SOURCES[1:]
    found = cached_prefixes(changed, _compute(calls), Path(prefilter.__file__))
    assert len(calls) == 6 and "the second quarter"[:prefilter.K] in found[0]
    reader = tmp_path / "reader.py"
    reader.write_text("# another version of the reading code\n")
    cached_prefixes(SOURCES, _compute(calls), reader)
    assert len(calls) == 9
    assert len(list(tmp_path.glob("prefixes-*.json"))) == 3


def test_a_damaged_file_is_computed_again_and_rewritten(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    calls: list[str] = []
    first = cached_prefixes(SOURCES, _compute(calls), Path(prefilter.__file__))
    (path,) = tmp_path.glob("prefixes-*.json")
    for damage in ('{"not": "a list"}', "[1, 2, 3]", "[", ""):
        path.write_text(damage)
        assert cached_prefixes(SOURCES, _compute(calls), Path(prefilter.__file__)) == first
        assert json.loads(path.read_text())[0] == sorted(first[0])
    assert len(calls) == 3 * 5


def test_an_unwritable_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "timeline"))
    calls: list[str] = []
    found = cached_prefixes(SOURCES, _compute(calls), Path(prefilter.__file__))
    assert len(calls) == 3 and "the first quarter"[:prefilter.K] in found[0]


def test_empty_setting_reads_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls: list[str] = []
    cached_prefixes(SOURCES, _compute(calls), Path(prefilter.__file__))
    cached_prefixes(SOURCES, _compute(calls), Path(prefilter.__file__))
    assert len(calls) == 6 and not list(tmp_path.rglob("*.json"))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_index_from_the_file_is_the_computed_one(tmp_path, monkeypatch, lang):
    grammar = load_grammar(lang)
    patterns = [rule.regex for rule in grammar.rules] + list(grammar.negatives)
    clitic = grammar.meta.get("proclitic", "")
    monkeypatch.setenv(CACHE_ENV, "")
    computed = prefilter.RuleIndex(patterns, clitic)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    prefilter.RuleIndex(patterns, clitic)  # writes the file
    from_file = prefilter.RuleIndex(patterns, clitic)
    assert from_file.index == computed.index
    assert from_file.always == computed.always
    assert from_file.space_start == computed.space_start


def test_the_default_folder_is_under_the_home_cache(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() == tmp_path / ".cache" / "timeline"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "timeline"


def test_no_home_folder_means_no_cache(monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr("os.path.expanduser", lambda path: path)  # as without $HOME or passwd
    assert cache_dir() is None
