"""Pathological inputs must be tagged in bounded time.

A regex that backtracks catastrophically would hang here rather than fail an assert on
speed, so the inputs run in a subprocess with a generous timeout: the failure is the hang.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# (language, input): every language's rules run on every input
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
    "the_words": "the " * 5_000,
    "may_march": "may march " * 2_000,
    "number_words_en": "twenty-one " * 2_000,
    "ago_chain": "two days ago " * 1_500,
    "dated_commas": "Nov. 7, " * 2_500,
}

_SCRIPT = """
import json, sys
from datetime import datetime
from timeline.extract import extract
for name, text in json.load(sys.stdin).items():
    for lang in ("ar", "en"):
        print(f"{name}/{lang}", flush=True)
        extract(text, lang=lang, dct=datetime(2024, 11, 7))
print("done", flush=True)
"""


def test_long_inputs_are_tagged_in_bounded_time() -> None:
    """All inputs in one subprocess (one start-up); on a hang, the last name printed is the
    input that hung."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", _SCRIPT], input=json.dumps(INPUTS), text=True,
            capture_output=True, timeout=240,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        stuck = out.split()[-1] if out.split() else "start-up"
        pytest.fail(f"tagging did not finish: stuck on {stuck!r}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-1] == "done"
