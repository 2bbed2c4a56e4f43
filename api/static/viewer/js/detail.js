// The entry detail: the date as the article wrote it and as normalised, the certainty
// flags, and every source article with its quote and the time reference marked in it.

import { html } from "./svg.js";

const FLAG_TEXT = {
  approximate: "Approximate: the text hedges (about, early, late, after, since…)",
  inferred_dct: "Inferred reference date: the article had no publication date",
  vague: "Vague: covers more than a day, or is open at one end",
};

// known events (elections, wars) carry where their own date came from
const DATE_SOURCE = {
  gazetteer: "the gazetteer of known events",
  article: "an article that dates the event",
};

export function renderDetail(body, entry) {
  const flags = Object.keys(FLAG_TEXT).filter((k) => entry.flags[k]);
  const interval = `${entry.earliest ?? "…"} – ${entry.latest ?? "…"}`;
  body.replaceChildren(
    html("p", { class: "headline", dir: "auto", lang: entry.lang }, entry.headline),
    html("dl", { class: "facts" },
      html("dt", {}, "Date (article)"),
      html("dd", {}, html("bdi", { lang: entry.lang, class: "display-date" },
        entry.display_date)),
      html("dt", {}, "Date (English)"),
      html("dd", { class: "display-date-en" }, entry.display_date_en),
      html("dt", {}, "Normalised"),
      html("dd", {}, html("code", { class: "value" }, entry.value),
        entry.mod ? html("code", { class: "mod" }, ` ${entry.mod}`) : null,
        html("span", { class: "interval muted" }, ` · interval ${interval}`)),
      html("dt", {}, "Confidence"),
      html("dd", {}, entry.confidence === null ? "—" : entry.confidence.toFixed(2),
        entry.anchor ? html("span", { class: "muted" }, ` (anchored on ${entry.anchor})`)
          : null),
      entry.flags.date_source ? html("dt", {}, "Date from") : null,
      entry.flags.date_source ? html("dd", { class: "date-source" },
        DATE_SOURCE[entry.flags.date_source] ?? entry.flags.date_source) : null,
      html("dt", {}, "Certainty"),
      html("dd", {}, flags.length
        ? html("ul", { class: "flags" }, flags.map((k) =>
          html("li", { class: `flag flag-${k}`, "data-flag": k }, FLAG_TEXT[k])))
        : html("span", { class: "flag-none" }, "Exact: stated outright"))),
    html("h3", {}, entry.sources.length === 1 ? "Source" : `Sources (${entry.sources.length})`),
    html("ol", { class: "sources" }, entry.sources.map(renderSource)),
  );
}

function renderSource(source) {
  const title = source.url
    ? html("a", { href: source.url, rel: "noopener noreferrer", target: "_blank" },
      html("bdi", {}, source.title))
    : html("bdi", {}, source.title);
  const meta = [source.source, source.published_at && `published ${source.published_at}`,
    `article #${source.article_id}`].filter(Boolean).join(" · ");
  return html("li", { class: "source", "data-article": source.article_id },
    html("p", { class: "source-title", lang: source.lang }, title),
    html("p", { class: "muted" }, html("bdi", {}, meta)),
    source.mention_text
      ? html("p", {}, "As written: ", html("q", { class: "as-written", lang: source.lang },
        html("bdi", {}, source.mention_text)))
      // a retelling merged into the event: it says what happened, another article says when
      : html("p", { class: "undated-source muted" },
        "Reports this event without a time reference of its own."),
    html("blockquote", { dir: "auto", lang: source.lang, class: "quote" }, highlight(source)));
}

// Offsets from the API count code points (Python), JavaScript strings count UTF-16 units:
// slice an array of code points so an emoji before the reference cannot shift the mark.
export function highlight(source) {
  if (source.mention_start === null || source.mention_start === undefined) return [source.quote];
  const chars = Array.from(source.quote);
  const start = source.mention_start - source.quote_start;
  const end = source.mention_end - source.quote_start;
  if (start < 0 || end > chars.length || start >= end) return [source.quote];
  return [chars.slice(0, start).join(""),
    html("mark", { class: "ref" }, chars.slice(start, end).join("")),
    chars.slice(end).join("")];
}
