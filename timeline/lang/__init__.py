"""Language resources: word tables, pattern groups, rules and negatives, loaded from TOML.

Each language is a folder `timeline/lang/<code>/` of TOML files that are merged in name
order. The engine (`timeline.grammar`, `timeline.tagger`, `timeline.resolver`) knows no words
of any language; adding a language means adding such a folder and a corpus.

File sections (all optional, merged across files):
- `[meta]`: `proclitic` (regex of prefixes that may attach to an expression's first word),
  `article` and `article_contracted` (a definite article that contracts after a clitic, as
  ال does after ل: للعام), `number_joiner` (what joins the words of a compound number),
  `abbreviations`, `day_first`, `month_first_regions`, `negative_reach` (how far from a
  candidate a negative that contains it may reach), `aside` ("read also" markers),
  `dateline` (what follows the date of a wire dateline: "LONDON, March 3 (Reuters) -") and
  `year_written_when_past` (the wire style writes a date's year only when it is not the
  current one, so a past date with its year dates the report later),
  `closing_abbreviations` and `sentence_opening` (abbreviations that end a long clause when
  words that open a sentence follow: "went off at 2:50 p.m. The race had begun"),
  `initials_then_sentence` (capitalised words that open a sentence after dotted initials: "in
  the U.S. The next day"),
  `past_night_is_last_night` (a night told of in the past with no day is the one before the
  reference date).
- `[tables.NAME]`: word -> value (an int, a string, or an inline table of fields).
- `[groups.NAME]`: `pattern` (regex that may use `{TABLE}` and `{GROUP}`), `tables` (where the
  captured words are looked up), `combine = "sum"` for compound numbers.
- `[[rule]]`: `name`, `kind`, `example`, `pattern`, optional `context` (words right before
  the expression that it needs but does not own: the "at" of "at 5"; the rule is tried
  only where they are), `set`, `value`, `type`, `priority`,
  `locale_order` (month and day read the other way round for an article whose locale orders
  them unlike the language's `day_first`; `month_first_regions` in `[meta]` lists the regions
  that write the month first), `order_evidence` (the rule reads a numeric date only in the
  order unlike the language's, where no other reading is possible: with no locale given, such
  a date makes the article's ambiguous ones follow it, unless one of them can only be read the
  language's way), `index_by = "body"` (the rule index looks for the expression
  itself and tries the rule from the places before it where the context may begin: for a
  context that opens with words too common to look for, "the … best … in"; the context must
  end with a space or punctuation and hold a bounded number of spaces), `gate` (a pattern
  that must match where the rule's match would begin for the rule to be tried: rules that
  open alike share one, matched once per place; not with `context` or `index_by`).
- `[[negative]]`: `name`, `example`, `pattern`, optional `context` (words it needs before it
  but does not block): text that is NOT a time reference; a candidate inside a negative
  match is dropped (as HeidelTime's REMOVE rules).
- `[[modifier]]`: `name`, `example`, `before` or `after` pattern, `set`: words around an
  expression that change it (أواخر, more than, early) and join its span; `kinds` and `needs`
  (fields one of which the expression must have) limit what it applies to.
- `[compose]`: `merge` (what may separate two parts of one expression), `range_open`, `range_mid`:
  how a range "from X to Y" is written (`range_between`, `range_and`: "between 2020 and 2022");
  `range_change`: verbs of rescheduling before such a pair ("postponed from March to June"), which
  make it two references, the old date and the new; `span_join`: what joins the parts of one
  quantity ("two years and six months"); `merge_span`: what may separate a day and a span of clock
  times ("Tuesday from 7 to 7:30"); `length_after`, `length_before`, `length_open`: how a clock time
  or a day and a length from it make a span ("from 2 p.m. for two hours", "for 3 hours from 10
  a.m.", "for three days from Monday"), `length_start` with no opener ("a week starting tomorrow");
  `merge_clock`: what may separate a day and its clock time only, where it would make a range
  elsewhere ("6 Jan 2017 - 6:37am"); `shift_before`, `shift_after`: what joins a quantity to the day
  it is counted from ("three weeks from tomorrow"), and `shift_blocked`: words before the quantity
  that make it a length instead ("lasted"); `extent_drop`, `extent_take`, `extent_take_when`: TimeML
  extent conventions (a leading "the" a time adjective does not own leaves the span, one before
  "late 1970s" joins it).
- `[tense]`: `future` and `past`: marker regexes that decide unanchored months and weekdays;
  `past_before`: words right before a date that say it has happened ("was on"), which beat the
  nearest-date bias; `past_far`: a past verb of the event further before a weekday, or a
  month with no day, in its clause; `habitual`: words before a date that make it a habit, kept
  without a year ("usually opens on Oct. 1"); `daily_hours`: words right before a clock time
  that make it the hours of every day, kept without a day ("open daily until 8 p.m.");
  `nearest`: the marker nearest a mention decides, not the sentence's first
  (`nearest = "preceding"`: the nearest before it, if any, for a language whose verbs come
  before their time words); `coordinated`: with `nearest`, the words between a mention and a
  later marker that open another clause of its sentence ("on Thursday and will hold"): that
  marker does not count when one before the mention does; `sequence`: the words between a
  future marker and a later past verb that make the verb's clause part of that future ("could
  dump rain as it moved inland through the night"): that past marker reads as the future;
  `future_opening`: a future marker read only at a sentence's opening (a headline's infinitive);
  `quote_close`: a quotation's closing mark and the saying after it ('," he told supporters'):
  a "tonight" or "tomorrow" quoted before it counts from the day the saying names;
  `attribution`: the clause closing a sentence (", officials said."), whose past markers count
  only for a mention inside it or in a clause with no marker of its own; `past_carry`: the gap
  of a list ("May 3 and 4") across which a date that has happened passes that on to the next;
  `aside`: a relative clause set off by commas, whose markers tell only of the dates inside
  it ("its quarter, which ended Dec. 29, on Jan. 23"); `opening_before`, `opening_after`,
  `past_after`: a date that opens its sentence as a phrase of its own ("In April, it had
  cut"), which frames the months and days after it; `flashback`: a clause told further in
  the past ("had inspected"), whose date does not become the story's time; `year_clause`:
  right after a year, a clause of its time ("in 1991, when ... on 25 June"), which makes the
  year frame the months and days after it in its sentence; `bound_before`:
  words that make a date a bound, no story time ("since August 2010"); `period_end_before`:
  words that make a date the end of a reporting period ("the quarter ended March 31"), no day
  a later clock time falls on; `amount_compared_before`: words right before a date that make
  it the time of an amount compared with ("up from $1.50 late on Thursday"), no day a later
  clock time falls on; `compared_before`: words of its clause before a date that make
  it the term of a comparison ("3 points higher than in the first round on Oct. 12"), which
  does not become the story's time ("that same day" after it is the day told before);
  `by_before`: the word that opens a perfect clause whose date is the story's time ("By July
  22, ... had been");
  `reported_before`: a verb of saying before a pluperfect it reports, which then tells of the
  story's time when the story's day dates the saying ("said on Friday they had arrested").
  `past_before`, `habitual`, `daily_hours` and `compared_before` are searched before every
  date: a window holding none of the literal words every match must hold (the longest run of
  letters of each alternative) is not searched (`timeline.literal_gate`), which spares most
  windows when each alternative has such a word of three letters or more (one shorter, or an
  alternative of classes only, and every window is searched, as English `past_before`'s "at").
- `[display]`: how timeline dates are written for readers of the language (month names,
  templates for a day, month, week, quarter, season, decade, century, a year before Christ
  or before 1000, `ordinals` for centuries, `[display.mods]`, and `[display.some]` for a
  day, week or month whose place in a known month or year is unknown, "2022-02-XX").
- `[search]`: `article_prefixes` and `letter_prefix` the full-text index strips from words.
- `[eval]`: `leading_words`: prepositions a phrase corpus's gold may include before an
  expression ("at 5pm") that the scorer sets aside for `whole_text` cases (not before/after/
  around: those are TimeML mods).
- `[[event_rule]]`: `name`, `example`, `pattern` using `{event}` (a name from the known-events
  gazetteer), `mod`, `at = "end"`, `shift_days`: references dated through an event.
- `[clauses]`: `boilerplate` (markers of lines that link to other stories), `dateline` (a
  regex of a wire report's opening, "BAMAKO, Mali (Reuters) - ", matched at the start of one of
  an article's first lines: no headline or quote starts with it, its date dates no event),
  `synonyms` (groups of words, or phrases such as "handed over", that reports of one event use
  for it in turn: each counts as the group's first word, and two clauses on one day that share
  one and other words report one event; a phrase may hold a gap, "found ... guilty", for up to
  eight words that are no boundary or split word: "found the former mayor, Anthony Dale,
  guilty", with a negation in the gap negating it), `happening_nouns` (nouns of a story's
  happenings, "fire", "walkout", "verdict": two clauses dated to one day, at times that meet,
  that both write one outside a name tell one event, as the event nouns of
  `[tables.event_nouns]` do; no reference is dated through them), `negations`, `punctuation`,
  `boundary_words` (what ends a clause), `split_words` (where a
  clause holding two differently dated events is cut), `prefixes` (clitics stripped before
  comparing words), `suffixes` (endings stripped after them, one at most, the longest that
  leaves three letters: case endings and glued pronouns), `articles` (definite articles written
  as words, dropped from event names next to a year), `stem_chars` (words compared by their
  first letters), `stopwords` (also with a clitic on them, "وكان"), `titles` (capitalised
  words that are no one's name: "Chief Financial Officer"), `since_words` and `since_means` (a
  reference after "since" / "منذ" dates the start of what its clause tells, which then counts
  `since_means`, a word of the start group), `until_words` and `until_means` (a reference
  after "until" dates a deadline: its clause counts `until_means`, a happening noun, among its
  words and its common words): read by `timeline.events` and `timeline.similarity`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANG_DIR = Path(__file__).parent


def available_languages() -> list[str]:
    return sorted(p.name for p in LANG_DIR.iterdir() if p.is_dir() and any(p.glob("*.toml")))


@cache
def load_resources(code: str) -> dict[str, Any]:
    """The merged TOML resources of one language (raises LookupError if there are none)."""
    folder = LANG_DIR / code
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not files:
        raise LookupError(f"no language resources for {code!r}")
    merged: dict[str, Any] = {"meta": {}, "tables": {}, "groups": {}, "rule": [],
                              "negative": [], "modifier": [], "event_rule": [], "compose": {},
                              "display": {}, "search": {}, "eval": {},
                              "tense": {}, "clauses": {}}
    for path in files:
        with path.open("rb") as fh:
            try:
                data = tomllib.load(fh)
            except tomllib.TOMLDecodeError as exc:
                raise ValueError(f"{path}: {exc}") from None
        for key, value in data.items():
            if key not in merged:
                raise ValueError(f"{path.name}: unknown section [{key}]")
            if isinstance(merged[key], list):
                for item in value:
                    item.setdefault("source", path.name)
                merged[key].extend(value)
            elif key == "tables":
                for name, table in value.items():
                    merged["tables"].setdefault(name, {}).update(table)
            else:
                merged[key].update(value)
    return merged
