// Wiring: story picker, filters, chart, detail, exports and the add form. The story in the
// address (#story=…) survives a reload and can be shared.

import { ApiError, listStories, loadTimeline, timelineUrl } from "./api.js";
import { Chart } from "./chart.js";
import { renderDetail } from "./detail.js";
import { setupAddForm } from "./form.js";
import { html } from "./svg.js";

const $ = (id) => document.getElementById(id);
const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const ALL = ""; // the picker's value for "every stored article"

const state = { story: ALL, entries: [], undated: [], loading: null };
let chart;

function filters() {
  return { from: $("from").value.trim(), to: $("to").value.trim(), q: $("q").value.trim() };
}

function setStatus(text) {
  $("status").textContent = text;
}

async function refresh({ select = null } = {}) {
  const wanted = filters();
  let bad = false;
  for (const key of ["from", "to"]) {
    const invalid = wanted[key] && !PARTIAL_DATE.test(wanted[key]);
    $(key).toggleAttribute("aria-invalid", invalid);
    bad ||= invalid;
  }
  if (bad) return setStatus("Dates look like 2022, 2022-10 or 2022-10-03.");
  updateExports(wanted);
  const ticket = (state.loading = {});
  try {
    const data = await loadTimeline(state.story, wanted);
    if (ticket !== state.loading) return; // a newer request won
    Object.assign(state, { entries: data.entries, undated: data.undated });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // the API knows the calendar (2024-02-30, 2024-13): mark the fields it rejected
    for (const key of ["from", "to"]) {
      if (error.errors[key]) $(key).setAttribute("aria-invalid", "true");
    }
    const fields = Object.values(error.errors).flat().join(" ");
    return setStatus(`Could not load the timeline: ${fields || error.message}`);
  }
  $("count").textContent = `(${state.entries.length} dated, ${state.undated.length} undated)`;
  setStatus(state.entries.length ? "" : "No dated entries match.");
  chart.setEntries(state.entries);
  renderUndated();
  document.body.dataset.ready = "true"; // the browser tests wait for this
  const chosen = select && state.entries.find(select);
  if (chosen) showDetail(chosen, { focus: false });
  else if (!state.entries.some((e) => e.id === chart.selectedId)) hideDetail(false);
}

function updateExports(wanted) {
  const name = state.story || "all-articles";
  for (const [id, format, ext] of [["export-json", "json", "json"],
    ["export-timelinejs", "timelinejs", "timelinejs.json"], ["export-csv", "csv", "csv"]]) {
    $(id).href = timelineUrl(state.story, wanted, format);
    $(id).download = `${name}.${ext}`;
  }
}

function renderUndated() {
  $("undated-box").hidden = !state.undated.length;
  $("undated-count").textContent = state.undated.length;
  $("undated").replaceChildren(...state.undated.map((entry) => html("li", {},
    html("button", { type: "button", class: "link", "data-id": entry.id },
      html("bdi", { lang: entry.lang }, entry.display_date), ": ",
      html("bdi", { lang: entry.lang }, entry.headline)))));
}

function showDetail(entry, { focus = true } = {}) {
  chart.select(entry.id);
  renderDetail($("detail-body"), entry);
  $("detail-title").textContent = `Entry: ${entry.display_date_en}`;
  $("detail").hidden = false;
  $("detail").dataset.entry = entry.id;
  if (focus) $("detail").focus();
}

function hideDetail(returnFocus = true) {
  $("detail").hidden = true;
  chart.select(null);
  if (returnFocus) chart.focusCurrent();
}

async function loadStories() {
  const stories = await listStories();
  const picker = $("story");
  picker.replaceChildren(...stories.map((s) => html("option", { value: s.id, dir: "auto" },
    s.name)), html("option", { value: ALL }, "All articles"));
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("story");
  const known = stories.map((s) => s.id);
  state.story = known.includes(fromHash) ? fromHash : (known[0] ?? ALL);
  picker.value = state.story;
}

function debounce(fn, ms) {
  let timer;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}

async function main() {
  chart = new Chart($("chart"), { onSelect: (entry) => showDetail(entry) });
  $("zoom-in").onclick = () => chart.zoom(1 / 1.5);
  $("zoom-out").onclick = () => chart.zoom(1.5);
  $("zoom-fit").onclick = () => chart.fit();
  $("pan-left").onclick = () => chart.pan(-0.25);
  $("pan-right").onclick = () => chart.pan(0.25);
  $("detail-close").onclick = () => hideDetail();
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("detail").hidden) hideDetail();
  });
  $("undated").addEventListener("click", (event) => {
    const id = event.target.closest("button")?.dataset.id;
    const entry = state.undated.find((e) => e.id === id);
    if (entry) showDetail(entry);
  });
  $("story").addEventListener("change", () => {
    state.story = $("story").value;
    history.replaceState(null, "", state.story ? `#story=${encodeURIComponent(state.story)}`
      : location.pathname);
    hideDetail(false);
    refresh();
  });
  const later = debounce(() => refresh(), 300);
  $("filters").addEventListener("input", later);
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  $("filters").addEventListener("reset", () => setTimeout(() => refresh(), 0));
  setupAddForm($("add"), {
    story: () => state.story,
    onAdded: (stored) => refresh({
      select: (entry) => entry.sources.some((s) => s.article_id === stored.id) }),
  });
  try {
    await loadStories();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return setStatus(`Could not load the stories: ${error.message}`);
  }
  await refresh();
}

main();
