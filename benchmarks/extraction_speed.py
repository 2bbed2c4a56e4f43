"""Extraction speed: our extractor against dateparser's search_dates on news-like text.

Builds >= 1 MB (by default) of news-like text split into article-sized documents (~3 KB),
from the project's seed articles plus generated sentences with varied dates, months (both
Arabic month systems), weekdays, durations and relative words (seeded RNG, so every run times
the same text). Then times, on one core after a warm-up:

- ours:       timeline.extract.extract(doc, lang=LANG, dct=DCT)
- dateparser: dateparser.search.search_dates(doc, languages=[LANG])

and prints chars/s and MB/s for each and the ratio ours/dateparser. dateparser is slow on long
text, so by default it runs on a fixed random sample of documents covering >= 100 KB and its
rate is extrapolated (the output says so); --dateparser-all times it on every document.

    .venv/bin/python benchmarks/extraction_speed.py              # Arabic
    .venv/bin/python benchmarks/extraction_speed.py --lang en    # English
    .venv/bin/python benchmarks/extraction_speed.py --lang en --texts ARTICLES.jsonl

--texts times real articles instead: JSON Lines with a "text" and, optionally, a "dct" (the
eval files' format, taken by path), each article resolved against its own date.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import sys
import time
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DCT = datetime(2024, 11, 7)

# ---------------------------------------------------------------- Arabic generation

AR_MONTHS_WEST = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                  "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
AR_MONTHS_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                    "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
AR_WEEKDAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
AR_DURATIONS = ["يومين", "ثلاثة أيام", "أسبوع", "أسبوعين", "شهر", "شهرين", "ستة أشهر", "عام",
                "عامين", "ثلاث سنوات", "عقد", "24 ساعة", "48 ساعة", "عشرة أيام"]
AR_RELATIVE = ["أمس", "اليوم", "غداً", "الأسبوع الماضي", "الشهر الماضي", "العام الماضي",
               "الأسبوع المقبل", "الشهر المقبل", "العام المقبل", "مساء أمس", "صباح اليوم",
               "في وقت سابق من هذا الشهر", "الليلة الماضية", "بعد غد"]
AR_PARTS = ["أوائل", "منتصف", "أواخر", "بداية", "نهاية"]
AR_SUBJECTS = ["الرئيس", "وزير الخارجية", "المتحدث باسم الحكومة", "مصدر مطلع", "البرلمان",
               "الأمين العام للأمم المتحدة", "رئيس الوزراء", "البنك المركزي", "وكالة الأنباء",
               "قائد الجيش", "المفوضية العليا للانتخابات", "وزارة الصحة"]
AR_VERBS = ["قال", "أعلن", "أكد", "نفى", "كشف", "أوضح", "ذكر", "صرح"]
AR_TOPICS = ["المفاوضات", "الانتخابات", "الاتفاق", "الهدنة", "القمة", "الاحتجاجات",
             "العقوبات", "المساعدات", "الميزانية", "الزيارة", "التحقيق", "المحادثات"]
AR_EVENTS = ["بدأت", "انتهت", "استؤنفت", "تعثرت", "انطلقت", "توقفت", "عُقدت", "أُجّلت"]

AR_TEMPLATES = [
    "{verb} {subj} يوم {wd} أن {topic} {event} في {d} {mon} {y}.",
    "{verb} {subj} في بيان صدر {rel} إن {topic} ستستمر لمدة {dur} على الأقل.",
    "وكانت {topic} قد {event} في {part} {mon} الماضي، أي قبل {dur} تقريباً.",
    "ومنذ {part} عام {y} لم تشهد البلاد مثل هذه {topic}، بحسب {subj}.",
    "ومن المقرر أن تُعقد الجولة المقبلة من {topic} في {d} {mon} {y} بحضور {subj}.",
    "وأضاف {subj} أن {topic} {event} {rel} بعد {dur} من التوتر.",
    "وفي {mon} {y}، {event} {topic} للمرة الأولى منذ {dur}.",
    "وأشار {subj} إلى أن القرار سيدخل حيز التنفيذ خلال {dur} اعتباراً من {d} {mon}.",
    "وذكرت مصادر أن {subj} سيزور العاصمة يوم {wd} المقبل لبحث {topic}.",
    "وبلغ عدد المشاركين {n} شخصاً، فيما سجلت الأسعار ارتفاعاً بنسبة {pct}% في {mon}.",
    "ويعود تاريخ {topic} إلى {part} التسعينيات، وتحديداً إلى عام {y0}.",
    "وقال {subj}: \"نحن نعمل على هذا الملف منذ {dur}، وسنواصل حتى نهاية {y}\".",
    "وتابع أن {topic} {event} في الساعة {h} من صباح يوم {wd} الماضي.",
    "وجرت {topic} بين {d} و{d2} {mon} {y} في ظروف صعبة.",
]


def _ar_digits(s: str) -> str:
    return s.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


# Sentences with no time reference: most sentences of a real report carry none (the seed
# articles have about 4 references per 1,000 characters), so a corpus of dated templates
# alone would measure a text five times denser than news.
AR_UNDATED = [
    "{verb} {subj} أن {topic} تواجه صعوبات كبيرة بسبب الخلافات بين الأطراف المعنية.",
    "ويرى مراقبون أن {topic} تمثل اختبارا حقيقيا لقدرة الحكومة على إدارة الأزمة.",
    "ولم يصدر أي تعليق رسمي من الجهات المختصة حول تفاصيل {topic} حتى الآن.",
    "وأضاف المصدر أن الوفد سيواصل مشاوراته مع الشركاء الإقليميين والدوليين.",
    "ودعت منظمات حقوقية إلى الشفافية الكاملة في كل ما يتعلق بـ{topic}.",
    "وتشير التقديرات إلى أن عدد المتضررين بلغ {n} شخص في المناطق الشمالية.",
    "وقال محللون إن الخطوة قد تعيد رسم خريطة التحالفات في المنطقة.",
    "وأكد {subj} على ضرورة احترام الاتفاقات الموقعة وضمان سلامة المدنيين.",
]




def ar_sentence(rng: random.Random) -> str:
    months = AR_MONTHS_WEST if rng.random() < 0.6 else AR_MONTHS_LEVANT
    d = rng.randint(1, 28)
    fields = {
        "verb": rng.choice(AR_VERBS), "subj": rng.choice(AR_SUBJECTS),
        "topic": rng.choice(AR_TOPICS), "event": rng.choice(AR_EVENTS),
        "wd": rng.choice(AR_WEEKDAYS), "mon": rng.choice(months),
        "d": str(d), "d2": str(min(d + rng.randint(1, 3), 31)),
        "y": str(rng.randint(1990, 2026)), "y0": str(rng.randint(1990, 1999)),
        "rel": rng.choice(AR_RELATIVE), "dur": rng.choice(AR_DURATIONS),
        "part": rng.choice(AR_PARTS), "n": str(rng.randint(10, 50000)),
        "pct": str(rng.randint(1, 40)), "h": str(rng.randint(1, 12)),
    }
    sentence = rng.choice(AR_TEMPLATES).format(**fields)
    if rng.random() < 0.3:  # Arabic-Indic digits, as many outlets print them
        sentence = _ar_digits(sentence)
    if rng.random() < 0.1:  # a little tashkeel and tatweel
        sentence = sentence.replace("يوم ", "يومَ ").replace("عام ", "عامِ ").replace("لـ", "لـــ")
    return sentence


# ---------------------------------------------------------------- English generation

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
EN_MONTHS_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
                  "Oct.", "Nov.", "Dec."]
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EN_DURATIONS = ["two days", "three days", "a week", "two weeks", "a month", "six months",
                "a year", "two years", "a decade", "24 hours", "48 hours", "10 days"]
EN_RELATIVE = ["yesterday", "today", "tomorrow", "last week", "last month", "last year",
               "next week", "next month", "next year", "on Tuesday night", "this morning",
               "earlier this month", "last night", "the day after tomorrow"]
EN_PARTS = ["early", "mid-", "late"]
EN_SUBJECTS = ["The president", "The foreign minister", "A government spokesperson",
               "A source familiar with the matter", "Parliament", "The UN secretary-general",
               "The prime minister", "The central bank", "The news agency", "The army chief",
               "The electoral commission", "The health ministry"]
EN_VERBS = ["said", "announced", "confirmed", "denied", "revealed", "stated", "noted"]
EN_TOPICS = ["the negotiations", "the election", "the agreement", "the ceasefire", "the summit",
             "the protests", "the sanctions", "the aid deliveries", "the budget talks",
             "the visit", "the investigation", "the talks"]
EN_EVENTS = ["began", "ended", "resumed", "stalled", "started", "stopped", "took place",
             "were postponed"]

EN_TEMPLATES = [
    "{subj} {verb} on {wd} that {topic} {event} on {mon} {d}, {y}.",
    "{subj} {verb} in a statement released {rel} that {topic} would last at least {dur}.",
    "{topic_c} {event} in {part} {mon}, roughly {dur} ago.",
    "Not since {part} {y} had the country seen such {topic}, according to officials.",
    "The next round of {topic} is scheduled for {d} {mon} {y}, {subj_l} {verb}.",
    "{subj} added that {topic} {event} {rel} after {dur} of tension.",
    "In {mon} {y}, {topic} {event} for the first time in {dur}.",
    "The decision takes effect within {dur} starting {mon_abbr} {d}, {subj_l} {verb}.",
    "{subj} will visit the capital next {wd} to discuss {topic}, sources said.",
    "Some {n} people took part, while prices rose {pct}% in {mon}.",
    "{topic_c} date back to the {decade}s, specifically to {y0}.",
    "\"We have worked on this file for {dur} and will continue until the end of {y},\" "
    "{subj_l} {verb}.",
    "{topic_c} {event} at {h} a.m. last {wd}, in the U.S. capital.",
    "{topic_c} ran from {mon} {d} to {d2}, {y}, in difficult conditions.",
]


EN_UNDATED = [
    "{subj} {verb} that {topic} faced serious obstacles because of disagreements between "
    "the parties.",
    "Observers say {topic} are a real test of the government's ability to manage the crisis.",
    "There was no official comment from the authorities on the details of {topic}.",
    "The source added that the delegation would continue consultations with regional partners.",
    "Rights groups called for full transparency in everything related to {topic}.",
    "Estimates put the number of people affected at {n} in the northern provinces.",
    "Analysts said the move could redraw the map of alliances in the region.",
    "{subj} stressed the need to respect signed agreements and protect civilians.",
]


def undated_sentence(rng: random.Random, lang: str) -> str:
    """A news sentence with no time reference, in `lang`."""
    templates, verbs, subjects, topics = (
        (AR_UNDATED, AR_VERBS, AR_SUBJECTS, AR_TOPICS) if lang == "ar"
        else (EN_UNDATED, EN_VERBS, EN_SUBJECTS, EN_TOPICS))
    grouping = "," if lang == "en" else ""  # 12,345 in English; Arabic news writes 12345
    return rng.choice(templates).format(verb=rng.choice(verbs), subj=rng.choice(subjects),
                                        topic=rng.choice(topics),
                                        n=f"{rng.randint(100, 50000):{grouping}}")


def en_sentence(rng: random.Random) -> str:
    d = rng.randint(1, 28)
    subj = rng.choice(EN_SUBJECTS)
    topic = rng.choice(EN_TOPICS)
    y0 = rng.randint(1960, 1999)
    fields = {
        "verb": rng.choice(EN_VERBS), "subj": subj, "subj_l": subj[0].lower() + subj[1:],
        "topic": topic, "topic_c": topic[0].upper() + topic[1:],
        "event": rng.choice(EN_EVENTS), "wd": rng.choice(EN_WEEKDAYS),
        "mon": rng.choice(EN_MONTHS), "mon_abbr": rng.choice(EN_MONTHS_ABBR),
        "d": str(d), "d2": str(min(d + rng.randint(1, 3), 31)),
        "y": str(rng.randint(1990, 2026)), "y0": str(y0), "decade": str(y0 // 10 * 10),
        "rel": rng.choice(EN_RELATIVE), "dur": rng.choice(EN_DURATIONS),
        "part": rng.choice(EN_PARTS), "n": f"{rng.randint(10, 50000):,}",
        "pct": str(rng.randint(1, 40)), "h": str(rng.randint(1, 12)),
    }
    return rng.choice(EN_TEMPLATES).format(**fields)


# ---------------------------------------------------------------- corpus


DATED_SHARE = 0.25  # gives about the seed articles' density of references (printed per run)


def seed_paragraphs(lang: str) -> list[str]:
    """Paragraphs of the project's seed articles in `lang` (from seeds/manifest.json)."""
    seeds = ROOT / "seeds"
    try:
        manifest = json.loads((seeds / "manifest.json").read_text(encoding="utf-8"))
        files = [a["file"] for a in manifest["articles"] if a.get("language") == lang]
    except (OSError, KeyError, ValueError):
        files = [p.name for p in sorted(seeds.glob("*.txt"))] if lang == "ar" else []
    paragraphs = []
    for name in files:
        text = (seeds / name).read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in text.split("\n") if len(p.strip()) > 40]
    return paragraphs


def build_docs(lang: str, total_chars: int, doc_chars: int, seed: int,
               dated_share: float = DATED_SHARE) -> list[str]:
    """Article-sized documents: a headline, a few seed paragraphs, generated sentences.

    `dated_share` of the generated sentences carry time references (two or three each), the
    rest none, so that the corpus is about as dense in references as real reports.
    """
    rng = random.Random(seed)
    dated = ar_sentence if lang == "ar" else en_sentence

    def make(rng: random.Random) -> str:
        return dated(rng) if rng.random() < dated_share else undated_sentence(rng, lang)

    paragraphs = seed_paragraphs(lang)
    docs: list[str] = []
    size = 0
    while size < total_chars:
        parts = [make(rng).rstrip(".")]  # headline
        if paragraphs:
            parts += rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(1, 3)))
        length = sum(len(p) + 1 for p in parts)
        target = int(doc_chars * rng.uniform(0.8, 1.2))
        while length < target:
            para = " ".join(make(rng) for _ in range(rng.randint(2, 5)))
            parts.insert(rng.randint(1, len(parts)), para)
            length += len(para) + 1
        doc = "\n".join(parts)
        docs.append(doc)
        size += len(doc)
    return docs


Doc = tuple[str, datetime]  # an article and the date its references are resolved against


def read_texts(paths: list[str], lang: str) -> list[Doc]:
    """The articles of JSON Lines files (a "text", an optional "dct", an optional "lang" that
    must be `lang`), each with its reference date (the benchmark's when it has none)."""
    from timeline.dates import parse_corpus_dct

    docs: list[Doc] = []
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    case = json.loads(line)
                    text, dct = case["text"], parse_corpus_dct(case.get("dct")) or DCT
                except (ValueError, KeyError, TypeError) as err:
                    raise SystemExit(f"{path}:{number}: not an article with a text and a "
                                     f"dct ({err})") from None
                if case.get("lang", lang) == lang and text.strip():
                    docs.append((text, dct))
    if not docs:
        raise SystemExit(f"no {lang} article in {', '.join(paths)}")
    return docs


# ---------------------------------------------------------------- timing


def time_run(fn: Callable[[Doc], int], docs: list[Doc], repeat: int = 1) -> tuple[float, int]:
    """Best-of-`repeat` seconds to run `fn` over `docs`, and the references it found."""
    best = float("inf")
    found = 0
    for _ in range(repeat):
        gc.collect()
        found = 0
        start = time.perf_counter()
        for doc in docs:
            found += fn(doc)
        best = min(best, time.perf_counter() - start)
    return best, found


def interleaved(ours: Callable[[Doc], int], peer: Callable[[Doc], int],
                docs: list[Doc]) -> tuple[float, float]:
    """Seconds each system spends on `docs`, timed one document each in turn."""
    ours_t = peer_t = 0.0
    for doc in docs:
        start = time.perf_counter()
        ours(doc)
        middle = time.perf_counter()
        peer(doc)
        ours_t += middle - start
        peer_t += time.perf_counter() - middle
    return ours_t, peer_t


def rate(docs: list[Doc], seconds: float) -> str:
    """Characters (code points) per second, and MB/s of the same text as UTF-8 bytes."""
    chars = sum(len(text) for text, _ in docs)
    nbytes = sum(len(text.encode("utf-8")) for text, _ in docs)
    return f"{chars / seconds:>10,.0f} chars/s  {nbytes / seconds / 1e6:6.3f} MB/s (UTF-8)"


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = sorted(os.sched_getaffinity(0))[0]
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=("ar", "en"), default="ar")
    parser.add_argument("--mb", type=float, default=1.0,
                        help="corpus size in MB of characters (default 1.0)")
    parser.add_argument("--doc-chars", type=int, default=3000, help="mean document size")
    parser.add_argument("--seed", type=int, default=2024, help="RNG seed for the corpus")
    parser.add_argument("--sample-kb", type=float, default=100.0,
                        help="dateparser sample size in KB of characters (default 100)")
    parser.add_argument("--dateparser-all", action="store_true",
                        help="time dateparser on every document instead of a sample")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed passes per system; the best is reported (default 3)")
    parser.add_argument("--skip-dateparser", action="store_true")
    parser.add_argument("--dated-share", type=float, default=DATED_SHARE,
                        help="share of generated sentences that carry time references "
                             f"(default {DATED_SHARE}: about the density of the seed articles;"
                             " 1.0 for a worst case of references in every sentence)")
    parser.add_argument("--texts", action="append", metavar="FILE",
                        help="time these articles (JSON Lines: text, dct; repeatable) "
                             "instead of the generated corpus")
    args = parser.parse_args(argv)

    warnings.filterwarnings("ignore")  # dateparser's deprecation chatter
    from dateparser.search import search_dates

    from timeline.extract import extract
    from timeline.grammar import load_grammar

    pinned = pin_one_core()
    if args.texts:
        docs = read_texts(args.texts, args.lang)
        source = ", ".join(args.texts)
    else:
        docs = [(doc, DCT) for doc in build_docs(
            args.lang, int(args.mb * 1_000_000), args.doc_chars, args.seed, args.dated_share)]
        source = f"generated, seed {args.seed}"
    chars = sum(len(text) for text, _ in docs)
    nbytes = sum(len(text.encode("utf-8")) for text, _ in docs)
    distinct = len({text for text, _ in docs})
    try:
        load_grammar(args.lang)
        engine = "own grammar"
    except LookupError:
        engine = "NO own grammar: extract() falls back to dateparser"

    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"nproc {os.cpu_count()}, {pinned}")
    print(f"corpus: lang={args.lang}, {len(docs)} docs ({distinct} distinct), {chars:,} chars "
          f"({nbytes:,} UTF-8 bytes), mean {chars // len(docs):,} chars/doc, {source}")
    dated = f"dct={DCT.date()}" if not args.texts else "dct=each article's"
    print(f"ours: timeline.extract.extract(doc, lang={args.lang!r}, {dated}) "
          f"[{engine}]; best of {args.repeat} passes")

    def ours(doc: Doc) -> int:
        text, dct = doc
        return len(extract(text, lang=args.lang, dct=dct).mentions)

    def peer(doc: Doc) -> int:
        text, dct = doc
        return len(search_dates(text, languages=[args.lang],
                                settings={"RELATIVE_BASE": dct}) or [])

    time_run(ours, docs[:3])  # warm-up: grammar compilation, caches
    ours_s, ours_found = time_run(ours, docs, args.repeat)
    ours_cps = chars / ours_s
    print(f"  {ours_s:8.2f} s  {rate(docs, ours_s)}  ({ours_found:,} references, "
          f"{1000 * ours_found / chars:.1f} per 1,000 chars; all {len(docs)} docs)")
    if args.skip_dateparser:
        return 0

    print(f"dateparser: dateparser.search.search_dates(doc, languages=[{args.lang!r}])")
    time_run(peer, docs[:1])  # warm-up: language data loading
    if args.dateparser_all:
        sample, how = docs, f"all {len(docs)} docs"
    else:
        order = list(range(len(docs)))
        random.Random(args.seed + 1).shuffle(order)
        sample, got = [], 0
        for i in order:
            if got >= args.sample_kb * 1000:
                break
            sample.append(docs[i])
            got += len(docs[i][0])
        how = (f"fixed random sample of {len(sample)} docs, {got:,} chars; "
               f"rate extrapolated to the corpus")
    sample_chars = sum(len(text) for text, _ in sample)
    dp_s, dp_found = time_run(peer, sample, args.repeat)
    dp_cps = sample_chars / dp_s
    print(f"  {dp_s:8.2f} s  {rate(sample, dp_s)}  ({dp_found:,} references; {how})")
    if sample is not docs:
        print(f"  extrapolated time for the whole corpus: {chars / dp_cps:,.0f} s")
    # the two systems document by document, alternating, so that a busy machine slows both
    # alike: the ratio that matters, robust to load that comes and goes during the run
    ours_t, peer_t = interleaved(ours, peer, sample)
    print(f"  interleaved on the same {len(sample)} docs: ours {rate(sample, ours_t)}, "
          f"dateparser {rate(sample, peer_t)}")
    print(f"ratio ours/dateparser (chars/s): {ours_cps / dp_cps:.1f}x "
          f"(separate runs); {peer_t / ours_t:.1f}x (interleaved)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

