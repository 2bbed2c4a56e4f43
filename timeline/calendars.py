"""Days on other calendars and movable feasts: Hijri (Umm al-Qura, hijridate), Hebrew
(pyluach), Easter-based (dateutil) and those public-holiday calendars list (holidays), each
resolved to Gregorian days in the year, direction or tense a mention asks for."""

from __future__ import annotations

import warnings
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN
from dateutil.easter import easter as easter_sunday

from timeline.resolved import Resolved, finish, unknown_value


def easter(year: int, church: str = "western") -> date:
    """Easter Sunday of `year`: Western (Gregorian) or Orthodox (Julian computus, as a
    Gregorian date), from dateutil."""
    return easter_sunday(year, EASTER_ORTHODOX if church == "orthodox" else EASTER_WESTERN)


def easter_fields(fields: dict[str, Any], today: date | None, tense: str) -> dict[str, Any]:
    """Easter (plus `easter` days) as a plain month and day of the right year."""
    f = dict(fields)
    shift = int(f.pop("easter"))
    church = str(f.pop("church", "western"))

    def on(year: int) -> tuple[date, date]:
        day = easter(year, church) + timedelta(days=shift)
        return day, day

    if "year" in f:
        year = int(f["year"])
        day = on(year + (2000 if year < 50 else 1900) if year < 100 else year)[0]
    elif today is not None:
        day = _pick_span([on(y) for y in range(today.year - 2, today.year + 3)], f, today,
                         tense)[0]
        f.pop("direction", None)
    else:
        return f
    f.update(year=day.year, month=day.month, day=day.day)
    return f


# a Hijri month's first day is announced on its eve, once the new moon is sighted: a month
# whose tabulated (Umm al-Qura) first day is the day after the reference date has begun
# for the news of that day (two days ahead it has not: the eve of the sighting)
_SIGHTING_DAYS = 1


def _pick_span(spans: list[tuple[date, date]], f: dict[str, Any], today: date, tense: str,
               early_days: int = 0) -> tuple[date, date]:
    """Of a feast's occurrences (sorted (first, last) days, a few years either side of the
    reference date), the one the words mean: "last Ramadan" the latest already over, "next
    Easter" the first still to begin, "this Eid" the one of this year; without a direction,
    the coming one in a future clause, else the latest that has begun, or begins within
    `early_days` (a month whose first day is fixed by sighting the moon, announced on its
    eve)."""
    direction = f.get("direction")
    if direction is not None:
        direction = int(direction)
    if direction == -1:
        return [s for s in spans if s[1] < today][-1]
    if direction == 1:
        return next(s for s in spans if s[0] > today)
    if direction == 0:
        this_year = [s for s in spans if s[0].year == today.year]
        if this_year:  # two in one year (a Hijri day, now and then): ahead, the coming one
            if tense == "future":  # ahead, this year's still to come, else next year's
                return next((s for s in spans if s[1] >= today and s[0].year >= today.year),
                            this_year[-1])
            return this_year[0]
    if tense == "future":
        return next(s for s in spans if s[1] >= today)
    past = [s for s in spans if s[0] <= today + timedelta(days=early_days)][-1]
    if f.get("nearest") and direction is None:
        # "ahead of Eid al-Adha" two days before it: the coming one when `nearest` times
        # nearer than the last, as for a month and day without a year
        ahead = next(s for s in spans if s[0] > today)
        if (ahead[0] - today).days * float(f["nearest"]) < (today - past[1]).days:
            return ahead
    return past


def hijri(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    """A Hijri day or month, as the Gregorian day or month it falls on.

    The year is a Hijri year (`hyear`), or a Gregorian one (`year`: "Ramadan 2019" is the
    Ramadan that began in 2019), or none: the nearest one in the clause's tense. With
    `weekday` and `nth` = -1 it is the last such weekday of the month (Jumu'atul-Wida, the
    last Friday of Ramadan). Outside the Umm al-Qura tables (1343-1500 AH, 1924-2077) the
    value keeps only what is known: the Gregorian year named, else X.
    """
    from hijridate import Gregorian, Hijri

    if "hmonth" not in fields:
        return _hijri_year(fields)
    if "or_hmonth" in fields:
        return _either_hijri(fields, dct, tense)
    hmonth = int(fields["hmonth"])
    hday = fields.get("hday", fields.get("day"))
    weekday = fields.get("weekday")
    day_to = fields.get("day_to")

    def bounds(hy: int) -> tuple[date, date]:
        length = Hijri(hy, hmonth, 1).month_length()
        if hday is not None:
            day = _hijri_day(hy, hmonth, int(hday), length)
            if day_to is not None:  # "from 9 to 12 Dhu al-Hijjah": the span's last day
                return day, _hijri_day(hy, hmonth, int(day_to), length)
            return day, day + timedelta(days=_feast_length(fields) - 1)
        first, last = Hijri(hy, hmonth, 1).to_gregorian(), Hijri(hy, hmonth, length).to_gregorian()
        if weekday is not None:  # the last (nth = -1) or nth such weekday of the month
            nth = int(fields.get("nth", -1))
            if nth < 0:
                day = last - timedelta(days=(last.isoweekday() - int(weekday)) % 7)
            else:
                day = first + timedelta(days=(int(weekday) - first.isoweekday()) % 7
                                        + 7 * (nth - 1))
            return day, day
        return first, last

    def spans_around(hy: int) -> list[tuple[date, date]]:
        found = []
        for year in (hy - 1, hy, hy + 1):
            try:
                found.append(bounds(year))
            except (OverflowError, ValueError):
                continue
        return found

    anchor = "absolute"
    try:
        if fields.get("hyear") is not None:
            hyear = int(fields["hyear"])
            if hyear < 100:
                hyear += 1400 if hyear < 70 else 1300
            first, last = bounds(hyear)
        elif fields.get("year") is not None:
            year = int(fields["year"])
            if year < 100:
                year += 2000 if year < 50 else 1900
            start = Gregorian(year, 1, 1).to_hijri().year if year > 1924 else \
                Gregorian(year, 12, 31).to_hijri().year
            spans = spans_around(start + 1)
            first, last = next(s for s in spans if s[0].year == year)
        else:
            if dct is None:
                return Resolved("DATE", unknown_value(fields), fields.get("mod"), None, None,
                                "dct", 0.3)
            today = dct.date()
            current = Gregorian.fromdate(today).to_hijri().year
            spans = spans_around(current)
            first, last = _pick_span(spans, fields, today, tense, _SIGHTING_DAYS)
            anchor = "dct"
    except (OverflowError, StopIteration, IndexError):
        # beyond the Umm al-Qura tables: only a Gregorian year named is certain
        value = "XXXX"
        if fields.get("year") is not None and fields.get("hyear") is None:
            year = int(fields["year"])
            value = f"{year + (2000 if year < 50 else 1900) if year < 100 else year:04d}"
        return Resolved("DATE", value, fields.get("mod"), None, None,
                        "absolute" if value != "XXXX" else "dct", 0.3)
    if hday is None and weekday is None:
        mod = fields.get("mod") or fields.get("part")
        earliest, latest = _hijri_month_part(first, last, mod)
        return Resolved("DATE", f"{first.year:04d}-{first.month:02d}", mod, earliest, latest,
                        anchor, 0.9)
    if day_to is not None:
        if last < first:
            return None
        return Resolved("DATE", first.isoformat(), fields.get("mod"), first, last, anchor, 0.9,
                        last.isoformat())
    return festival(finish("DATE", first.isoformat(), fields, anchor), fields)


def _hijri_day(hyear: int, hmonth: int, hday: int, length: int) -> date:
    """The Gregorian day of a Hijri day; a 30th in a month of 29 days is the day after its 29th
    (where the moon was sighted a day later the month had a 30th day: the day the tabular,
    Umm al-Qura, calendar calls the 1st of the next month)."""
    from hijridate import Hijri

    if hday == 30 and length == 29:
        return Hijri(hyear, hmonth, 29).to_gregorian() + timedelta(days=1)
    return Hijri(hyear, hmonth, hday).to_gregorian()


def _feast_length(fields: dict[str, Any]) -> int:
    """The days a feast is kept (`days`, else one): one of several days (the Hajj, Passover)
    is still on through its last day, so a future clause on its second day means this one,
    not next year's."""
    return max(int(fields.get("days", 1)), 1)


def festival(res: Resolved, fields: dict[str, Any]) -> Resolved:
    """A feast kept for `days` days (the Hajj, Passover, Hanukkah): the value is its first day,
    the interval all of them, as for "13 to 15 July"."""
    if fields.get("days") and res.mod is None and res.earliest is not None:
        res.latest = res.earliest + timedelta(days=int(fields["days"]) - 1)
    return res


def _hijri_month_part(first: date, last: date, mod: str | None
                      ) -> tuple[date | None, date | None]:
    """The days of a Hijri month a part word or mod leaves: "late Ramadan" is its 21st day to
    its last, as a Gregorian month's END is (timeline.intervals: 1-10, 11-20, 21-last)."""
    if mod == "START":
        return first, first + timedelta(days=9)
    if mod == "MID":
        return first + timedelta(days=10), first + timedelta(days=19)
    if mod == "END":
        return first + timedelta(days=20), last
    if mod == "AFTER":
        return last + timedelta(days=1), None
    if mod == "BEFORE":
        return None, first - timedelta(days=1)
    return first, last


def _either_hijri(fields: dict[str, Any], dct: datetime | None, tense: str
                  ) -> Resolved | None:
    """One of two Hijri days, whichever the words point to ("during Eid": Eid al-Fitr or Eid
    al-Adha): the later of the two in a report, the sooner ahead, the nearer for "this"."""
    first = {k: v for k, v in fields.items() if k not in ("or_hmonth", "or_hday")}
    second = {**first, "hmonth": fields["or_hmonth"], "hday": fields["or_hday"]}
    found = [r for r in (hijri(first, dct, tense), hijri(second, dct, tense))
             if r is not None and r.earliest is not None]
    if dct is None or len(found) < 2:
        return Resolved("DATE", "XXXX-XX-XX" if dct is None else "XXXX", fields.get("mod"),
                        None, None, "dct", 0.3)
    today = dct.date()
    direction = fields.get("direction")
    if direction is None and tense != "future" and fields.get("nearest"):
        bias = float(fields["nearest"])  # a coming one counts `nearest` times its distance
        best = min(found, key=lambda r: (r.earliest - today).days * bias
                   if r.earliest > today else (today - r.earliest).days)
    elif direction == 0:
        best = min(found, key=lambda r: abs((r.earliest - today).days))
    elif direction == 1 or (direction is None and tense == "future"):
        best = min(found, key=lambda r: r.earliest)
    else:
        best = max(found, key=lambda r: r.earliest)
    best.confidence = 0.6  # which Eid is meant is a guess from the date
    return best


def hebrew(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    """A day of the Hebrew calendar (Jewish holidays), as the Gregorian day it falls on.

    Months are numbered from Nisan (1) to Adar (12; Adar II, 13, in a leap year: Purim is kept
    in Adar II). `moves` postpones or advances a day by the weekday it falls on. The holiday
    is the day itself (it begins at sundown the evening before). The year is a Gregorian one
    (`year`: the occurrence falling in it) or none: the nearest one in the clause's tense.
    """
    from pyluach import dates, hebrewcal

    hmonth, hday = int(fields["hmonth"]), int(fields["hday"])
    # days kept earlier or later when they would fall on a given weekday (ISO number as a
    # string -> days to move): Israel's Independence Day never falls on the Sabbath's eve
    moves = {int(k): int(v) for k, v in dict(fields.get("moves") or {}).items()}

    def on(hy: int) -> tuple[date, date]:
        month = 13 if hmonth == 12 and hebrewcal.Year(hy).leap else hmonth
        day = dates.HebrewDate(hy, month, hday).to_pydate()
        day += timedelta(days=moves.get(day.isoweekday(), 0))
        return day, day + timedelta(days=_feast_length(fields) - 1)  # (Passover: all 7 days)

    anchor = "absolute"
    if fields.get("year") is not None:
        year = int(fields["year"])
        if year < 100:
            year += 2000 if year < 50 else 1900
        spans = [on(year + 3759 + k) for k in range(3)]
        found = [s for s in spans if s[0].year == year]
        if not found:  # a year without one (Tevet can skip a Gregorian year): the nearest
            found = sorted(spans, key=lambda s: abs(s[0].year - year))
        day = found[0][0]
    elif dct is None:
        return Resolved("DATE", unknown_value(fields), fields.get("mod"), None, None,
                        "dct", 0.3)
    else:
        today = dct.date()
        current = dates.GregorianDate(today.year, today.month, today.day).to_heb().year
        spans = [on(current + k) for k in (-2, -1, 0, 1, 2)]
        day = _pick_span(spans, fields, today, tense)[0]
        anchor = "dct"
    return festival(finish("DATE", day.isoformat(), fields, anchor), fields)


def _hijri_year(fields: dict[str, Any]) -> Resolved | None:
    """A Hijri year ("عام 1445 هـ"), or a span of them: the Gregorian year it begins in, its
    exact days as the interval (a Hijri year straddles two Gregorian ones)."""
    from hijridate import Hijri

    hyear = int(fields["hyear"])
    # (a span of two, "1446/1447 هـ", ends with the second; its value that year's, as a span
    # of Gregorian years "2024/2025" has)
    hyear_to = int(fields.get("hyear_to", hyear))
    if hyear_to < hyear:
        return None
    first = Hijri(hyear, 1, 1).to_gregorian()
    last = Hijri(hyear_to, 12, Hijri(hyear_to, 12, 1).month_length()).to_gregorian()
    mod = fields.get("mod") or fields.get("part")
    end_value = None if hyear_to == hyear else f"{Hijri(hyear_to, 1, 1).to_gregorian().year:04d}"
    return Resolved("DATE", f"{first.year:04d}", mod, first, last, "absolute", 0.7, end_value)


def listed(fields: dict[str, Any], dct: datetime | None, tense: str) -> Resolved | None:
    """A feast whose days a country's public-holiday calendar lists (the `holidays` package):
    festivals of lunisolar calendars (Diwali, Holi, Vaisakhi, Lunar New Year, Chuseok, Vesak)
    and days set by law (King's Day). `country` names the calendar, `listed` the holiday's
    English name there; `shift` counts days from it (Bhogi the day before Pongal, Dhanteras
    two days before Diwali). Outside the years the package knows, the value keeps only a
    year named, else X."""
    country, name = str(fields["country"]), str(fields["listed"])
    shift = timedelta(days=int(fields.get("shift", 0)))
    if fields.get("year") is not None:
        year = int(fields["year"])
        year += (2000 if year < 50 else 1900) if year < 100 else 0
        days = [d + shift for d in _listed_days(country, name, year)]
        if not days:
            return Resolved("DATE", f"{year:04d}", fields.get("mod"), None, None,
                            "absolute", 0.3)
        return festival(finish("DATE", days[0].isoformat(), fields, "absolute"), fields)
    if dct is None:
        return Resolved("DATE", "XXXX-XX-XX", fields.get("mod"), None, None, "dct", 0.3)
    today = dct.date()
    spans = [(d + shift, d + shift) for y in range(today.year - 2, today.year + 3)
             for d in _listed_days(country, name, y)]
    try:
        day = _pick_span(spans, fields, today, tense)[0]
    except (StopIteration, IndexError):  # the package's tables end before the one meant
        return Resolved("DATE", "XXXX-XX-XX", fields.get("mod"), None, None, "dct", 0.3)
    return festival(finish("DATE", day.isoformat(), fields, "dct"), fields)


@lru_cache(maxsize=512)
def _listed_days(country: str, name: str, year: int) -> tuple[date, ...]:
    """The days in `year` that `country`'s calendar names `name` (among the names a day
    may carry, "Dolyatra; Holika Dahan"), in every category the calendar keeps; of days in a
    row, the first."""
    import holidays

    calendar = holidays.country_holidays(country)
    if not calendar.start_year <= year <= calendar.end_year:
        return ()
    language = "en_US" if "en_US" in calendar.supported_languages else None
    with warnings.catch_warnings():  # years beyond a table: an empty answer says enough
        warnings.simplefilter("ignore")
        days = holidays.country_holidays(country, years=year, language=language,
                                         categories=calendar.supported_categories)
    named = {d for d, names in days.items() if name in names.split("; ")}
    # a feast a law keeps for several days (China's Spring Festival) is its first day
    return tuple(sorted(d for d in named if d - timedelta(days=1) not in named))
