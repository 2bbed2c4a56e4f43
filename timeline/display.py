"""Human-readable dates for TIMEX3 values: "late 2022", "6 November 2024", "أواخر 2022".

A timeline shows the date at the precision the article gave it: a month stays a month, never
a made-up first day. English is always available; Arabic has its own names; any other language
falls back to English.
"""

from __future__ import annotations

import re

_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
# The month names most Arabic news sites print (the Egyptian/Gulf system).
_AR_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
              "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
_SEASONS = {"en": {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"},
            "ar": {"SP": "ربيع", "SU": "صيف", "FA": "خريف", "WI": "شتاء"}}
_MODS = {
    "en": {"START": "early {}", "MID": "mid-{}", "END": "late {}", "APPROX": "about {}",
           "BEFORE": "before {}", "AFTER": "after {}", "ON_OR_AFTER": "since {}",
           "ON_OR_BEFORE": "until {}", "MORE_THAN": "more than {}", "LESS_THAN": "less than {}",
           "EQUAL_OR_MORE": "at least {}", "EQUAL_OR_LESS": "at most {}"},
    "ar": {"START": "أوائل {}", "MID": "منتصف {}", "END": "أواخر {}", "APPROX": "نحو {}",
           "BEFORE": "قبل {}", "AFTER": "بعد {}", "ON_OR_AFTER": "منذ {}",
           "ON_OR_BEFORE": "حتى {}", "MORE_THAN": "أكثر من {}", "LESS_THAN": "أقل من {}",
           "EQUAL_OR_MORE": "{} على الأقل", "EQUAL_OR_LESS": "{} على الأكثر"},
}
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_DECADE = re.compile(r"^(\d{3})$")


def display_date(value: str, mod: str | None = None, lang: str = "en") -> str:
    """`value` (+ `mod`) written for readers of `lang` ('ar' or English for anything else)."""
    lang = "ar" if lang == "ar" else "en"
    text = _plain(value, lang)
    template = _MODS[lang].get(mod or "")
    return template.format(text) if template else text


def _plain(value: str, lang: str) -> str:
    months = _AR_MONTHS if lang == "ar" else _EN_MONTHS
    if m := _DAY.match(value):
        day = f"{int(m[3])} {months[int(m[2]) - 1]} {m[1]}"
        return f"{day}, {m[4]}" if m[4] else day
    if m := _MONTH.match(value):
        return f"{months[int(m[2]) - 1]} {m[1]}"
    if _YEAR.match(value):
        return value
    if m := _WEEK.match(value):
        return f"الأسبوع {int(m[2])} من {m[1]}" if lang == "ar" else f"week {int(m[2])} of {m[1]}"
    if m := _QUARTER.match(value):
        return f"الربع {m[2]} من {m[1]}" if lang == "ar" else f"Q{m[2]} {m[1]}"
    if m := _HALF.match(value):
        if lang == "ar":
            return f"النصف {'الأول' if m[2] == '1' else 'الثاني'} من {m[1]}"
        return f"{'first' if m[2] == '1' else 'second'} half of {m[1]}"
    if m := _SEASON.match(value):
        return f"{_SEASONS[lang][m[2]]} {m[1]}"
    if m := _DECADE.match(value):
        return f"عقد {m[1]}0" if lang == "ar" else f"the {m[1]}0s"
    return value
