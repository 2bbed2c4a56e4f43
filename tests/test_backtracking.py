"""Pathological inputs must be tagged in bounded time.

A regex that backtracks catastrophically would hang here rather than fail an assert on
speed, so each input runs in a subprocess with a generous timeout: the failure is the hang.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

INPUTS = {
    "digits": "1" * 20_000,
    "arabic_letters": "ب" * 20_000,
    "arabic_words": "كلمة " * 5_000,
    "punctuation": "،.-/:؛!?" * 2_500,
    "repeated_qabl": "قبل " * 5_000,
    "repeated_mundhu": "منذ منذ " * 2_500,
    "slashed_numbers": "12/" * 7_000,
    "dashed_numbers": "12-" * 7_000,
    "dotted_numbers": "12." * 7_000,
    "spaces": " " * 20_000,
    "waw_chain": "و" * 20_000,
    "number_words": "ثلاثة و" * 4_000,
    "clitic_soup": "وبال" * 5_000,
    "month_runs": "يناير " * 4_000,
    "days_and": "15 و" * 5_000,
    "colons": "12:" * 7_000,
    "diacritics": "يَوْمٍ" * 4_000,
    "tatweel": "ـ" * 20_000,
    "arabic_indic_digits": "١٢٣" * 7_000,
    "ordinal_chain": "الثالث و" * 3_000,
}

_SCRIPT = """
import sys
from datetime import datetime
from timeline.extract import extract
text = sys.stdin.read()
extract(text, lang="ar", dct=datetime(2024, 11, 7))
"""


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_long_input_is_tagged_in_bounded_time(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT], input=INPUTS[name], text=True,
        capture_output=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
