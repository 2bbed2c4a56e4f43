// The horizontal timeline: one SVG redrawn from (entries, domain, width). A redraw is cheap
// at newsroom sizes (hundreds of entries), and a pure redraw keeps zoom, pan, lanes and
// keyboard focus consistent with each other.

import { DAY, extent } from "./dates.js";
import { assignLanes } from "./lanes.js";
import { pickStep, scale, ticks, unitName } from "./scale.js";
import { isRtl, svg } from "./svg.js";

const MARGIN = 16;
const TOP = 12;
const LANE_H = 28;
const AXIS_H = 34;
const R = 6; // radius of a day's point
const MIN_BAR = 8; // px: a year seen from a century away stays visible
const OPEN_PX = 56; // px drawn for the open side of "after …" / "before …"
const LABEL_GAP = 6;
const LABEL_CHARS = 40;
const MIN_SPAN = 2 * DAY;
const MAX_SPAN = 1000 * 365.25 * DAY;

export class Chart {
  constructor(container, { onSelect }) {
    this.container = container;
    this.onSelect = onSelect;
    this.entries = [];
    this.domain = [Date.UTC(2000, 0, 1), Date.UTC(2030, 0, 1)];
    this.focusIndex = 0;
    this.selectedId = null;
    this.measure = document.createElement("canvas").getContext("2d");
    this.listen();
    new ResizeObserver(() => this.render()).observe(container);
  }

  setEntries(entries) {
    this.entries = entries;
    this.focusIndex = Math.min(this.focusIndex, Math.max(entries.length - 1, 0));
    this.fit();
  }

  // The domain that shows every entry and every label: the scale k (px per ms) is the
  // largest at which each entry's right end plus its label still fits in the plot.
  fit() {
    if (!this.entries.length) return this.render();
    const width = this.plotWidth();
    const spans = this.entries.map(extent);
    const first = Math.min(...spans.map((s) => (s.openStart ? s.end - DAY : s.start)));
    const last = Math.max(...spans.map((s) => s.end));
    const t0 = first - Math.max((last - first) * 0.02, 5 * DAY);
    const widths = this.labelWidths();
    let k = width / Math.max(last - t0 + 5 * DAY, MIN_SPAN);
    spans.forEach((s, i) => {
      const room = width - widths[i] - LABEL_GAP - (s.openEnd ? OPEN_PX : MIN_BAR);
      const anchor = s.openEnd ? s.start : s.end;
      if (room > width / 4 && anchor > t0) k = Math.min(k, room / (anchor - t0));
    });
    this.setDomain([t0, t0 + Math.min(Math.max(width / k, MIN_SPAN), MAX_SPAN)]);
  }

  labelWidths() {
    const family = getComputedStyle(this.container).fontFamily;
    this.measure.font = `12px ${family}`;
    return this.entries.map((e) => this.measure.measureText(shorten(e.headline)).width);
  }

  zoom(factor, atPx = this.plotWidth() / 2) {
    const [t0, t1] = this.domain;
    const span = Math.min(Math.max((t1 - t0) * factor, MIN_SPAN), MAX_SPAN);
    const pivot = scale(this.domain, this.plotWidth()).t(atPx);
    const share = (pivot - t0) / (t1 - t0);
    this.setDomain([pivot - span * share, pivot + span * (1 - share)]);
  }

  pan(fraction) {
    const [t0, t1] = this.domain;
    const shift = (t1 - t0) * fraction;
    this.setDomain([t0 + shift, t1 + shift]);
  }

  setDomain(domain) {
    this.domain = domain;
    this.render();
  }

  plotWidth() {
    return Math.max((this.container.clientWidth || 900) - 2 * MARGIN, 200);
  }

  select(id) {
    this.selectedId = id;
    const i = this.entries.findIndex((e) => e.id === id);
    if (i >= 0) this.focusIndex = i;
    this.render();
  }

  // Boxes in plot pixels: the shape and, right of it, the label (lanes keep both apart).
  layout(sx) {
    const widths = this.labelWidths();
    return this.entries.map((entry, i) => {
      const ext = extent(entry);
      const xs = sx.x(ext.start);
      const xe = sx.x(ext.end);
      let left;
      let right;
      if (ext.isDay) [left, right] = [(xs + xe) / 2 - R, (xs + xe) / 2 + R];
      else if (ext.openEnd) [left, right] = [xs, xs + Math.max(OPEN_PX, xe - xs)];
      else if (ext.openStart) [left, right] = [xe - Math.max(OPEN_PX, xe - xs), xe];
      else [left, right] = [xs, Math.max(xe, xs + MIN_BAR)];
      const label = shorten(entry.headline);
      const labelWidth = widths[i];
      return { entry, ext, left, right, label, labelWidth,
        x0: left, x1: right + LABEL_GAP + labelWidth };
    });
  }

  render() {
    const width = this.plotWidth();
    const sx = scale(this.domain, width);
    const boxes = this.layout(sx);
    const { lanes, count } = assignLanes(boxes);
    const plotH = Math.max(count, 1) * LANE_H;
    const height = TOP + plotH + AXIS_H;
    const step = pickStep(1 / sx.k);
    const hadFocus = this.container.contains(document.activeElement);

    const root = svg("svg", {
      width: width + 2 * MARGIN, height, class: "timeline", "data-unit": unitName(step),
      "aria-labelledby": "chart-title", "aria-describedby": "chart-help", role: "group",
    });
    defs(root);
    svg("rect", { class: "plot-bg", x: 0, y: 0, width: width + 2 * MARGIN, height }, root);
    svg("clipPath", { id: "plot-clip" }, root).appendChild(
      svg("rect", { x: -2, y: 0, width: width + 4, height }));
    const plot = svg("g", { transform: `translate(${MARGIN},0)` }, root);
    axis(plot, this.domain, step, sx, TOP + plotH, width);

    const list = svg("g", { "clip-path": "url(#plot-clip)", role: "listbox",
      "aria-label": `${this.entries.length} entries in date order`,
      "aria-orientation": "horizontal" }, plot);
    boxes.forEach((box, i) => {
      const y = TOP + lanes[i] * LANE_H + LANE_H / 2;
      drawEntry(list, box, y, i, i === this.focusIndex, box.entry.id === this.selectedId);
    });
    if (!this.entries.length) {
      svg("text", { x: width / 2, y: TOP + LANE_H / 2 + 4, class: "empty",
        "text-anchor": "middle" }, plot).textContent = "No dated entries match.";
    }
    this.container.replaceChildren(root);
    if (hadFocus) this.focusCurrent(false);
  }

  focusCurrent(reveal = true) {
    const node = this.container.querySelector(`[data-index="${this.focusIndex}"]`);
    if (!node) return;
    if (reveal && !this.visible(this.focusIndex)) {
      const ext = extent(this.entries[this.focusIndex]);
      const [t0, t1] = this.domain;
      const mid = (ext.start + ext.end) / 2;
      this.domain = [mid - (t1 - t0) / 3, mid + (2 * (t1 - t0)) / 3];
      this.render();
      return this.focusCurrent(false);
    }
    node.focus();
  }

  visible(i) {
    const ext = extent(this.entries[i]);
    return ext.end > this.domain[0] && ext.start < this.domain[1];
  }

  moveFocus(i) {
    if (!this.entries.length) return;
    this.focusIndex = Math.max(0, Math.min(i, this.entries.length - 1));
    this.container.querySelectorAll(".entry").forEach((node) => {
      node.setAttribute("tabindex", Number(node.dataset.index) === this.focusIndex ? 0 : -1);
    });
    this.focusCurrent();
  }

  listen() {
    const c = this.container;
    c.addEventListener("wheel", (event) => {
      event.preventDefault(); // the page must not scroll while the chart zooms
      if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) { // a trackpad's sideways swipe
        return this.pan(event.deltaX / this.plotWidth());
      }
      const rect = c.getBoundingClientRect();
      this.zoom(Math.exp(event.deltaY * 0.002), event.clientX - rect.left - MARGIN);
    }, { passive: false });

    let drag = null;
    c.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      drag = { x: event.clientX, domain: this.domain, moved: false };
    });
    c.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x;
      if (Math.abs(dx) > 3 && !drag.moved) {
        drag.moved = true;
        c.setPointerCapture(event.pointerId);
        c.classList.add("dragging");
      }
      if (!drag.moved) return;
      const shift = dx / scale(drag.domain, this.plotWidth()).k;
      this.setDomain([drag.domain[0] - shift, drag.domain[1] - shift]);
    });
    const end = (event) => {
      if (drag?.moved) {
        c.classList.remove("dragging");
        if (c.hasPointerCapture(event.pointerId)) c.releasePointerCapture(event.pointerId);
        this.justDragged = true; // the click that ends a drag is not a selection
        setTimeout(() => { this.justDragged = false; }, 0);
      }
      drag = null;
    };
    c.addEventListener("pointerup", end);
    c.addEventListener("pointercancel", end);

    c.addEventListener("click", (event) => {
      const node = event.target.closest(".entry");
      if (!node || this.justDragged) return;
      this.focusIndex = Number(node.dataset.index);
      this.onSelect(this.entries[this.focusIndex]);
    });
    c.addEventListener("keydown", (event) => this.key(event));
  }

  key(event) {
    const i = this.focusIndex;
    const moves = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1,
      Home: 0, End: this.entries.length - 1 };
    if (event.key in moves) {
      this.moveFocus(moves[event.key]);
    } else if ((event.key === "Enter" || event.key === " ") && this.entries[i]) {
      this.onSelect(this.entries[i]);
    } else if (event.key === "+" || event.key === "=") {
      this.zoom(1 / 1.5);
    } else if (event.key === "-") {
      this.zoom(1.5);
    } else {
      return;
    }
    event.preventDefault();
  }
}

function shorten(text) {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length > LABEL_CHARS ? `${chars.slice(0, LABEL_CHARS - 1).join("")}…` : text;
}

function defs(root) {
  const d = svg("defs", {}, root);
  const hatch = svg("pattern", { id: "hatch", width: 6, height: 6,
    patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, d);
  svg("rect", { width: 6, height: 6, class: "hatch-bg" }, hatch);
  svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" }, hatch);
  for (const [id, from, to] of [["fade-right", 1, 0], ["fade-left", 0, 1]]) {
    const g = svg("linearGradient", { id }, d);
    svg("stop", { offset: "0", class: "fade-stop", "stop-opacity": from }, g);
    svg("stop", { offset: "1", class: "fade-stop", "stop-opacity": to }, g);
  }
}

function axis(plot, domain, step, sx, y, width) {
  const g = svg("g", { class: "axis", "aria-hidden": "true" }, plot);
  svg("line", { x1: 0, x2: width, y1: y, y2: y, class: "axis-line" }, g);
  for (const tick of ticks(domain, step)) {
    const x = sx.x(tick.t);
    svg("line", { x1: x, x2: x, y1: TOP / 2, y2: y + 5, class: "grid" }, g);
    svg("text", { x: x + 3, y: y + 18, class: "tick" }, g).textContent = tick.label;
  }
}

function drawEntry(parent, box, y, index, focusable, selected) {
  const { entry, ext } = box;
  const flags = entry.flags;
  const classes = ["entry", ext.isDay ? "point" : "bar"];
  if (flags.approximate) classes.push("approximate");
  if (flags.inferred_dct) classes.push("inferred");
  if (ext.openStart || ext.openEnd) classes.push("open");
  if (selected) classes.push("selected");
  const g = svg("g", {
    class: classes.join(" "), role: "option", tabindex: focusable ? 0 : -1,
    "aria-selected": selected, "aria-label": describe(entry), "data-index": index,
    "data-id": entry.id, "data-value": entry.value, "data-earliest": entry.earliest ?? "",
    "data-latest": entry.latest ?? "", "data-lane-y": y,
  }, parent);
  svg("title", {}, g).textContent = `${entry.display_date_en} — ${entry.headline}`;
  svg("rect", { class: "ring", x: box.x0 - 4, y: y - LANE_H / 2 + 2,
    width: box.x1 - box.x0 + 8, height: LANE_H - 4, rx: 5 }, g);
  if (ext.isDay) {
    svg("circle", { class: "shape", cx: (box.left + box.right) / 2, cy: y, r: R }, g);
    if (flags.approximate) {
      svg("circle", { class: "hatch", cx: (box.left + box.right) / 2, cy: y, r: R }, g);
    }
  } else {
    const rect = { x: box.left, y: y - 6, width: box.right - box.left, height: 12, rx: 3 };
    // CSS paints .shape, so the fade for an open end is a class too (CSS beats attributes)
    const fade = ext.openEnd ? " fade-right" : ext.openStart ? " fade-left" : "";
    svg("rect", { ...rect, class: `shape${fade}` }, g);
    // an open end is already drawn as uncertain (the fade): hatching would hide the fade
    if (flags.approximate && !fade) svg("rect", { ...rect, class: "hatch" }, g);
  }
  const rtl = isRtl(box.label);
  const text = svg("text", { class: "label", x: box.right + LABEL_GAP, y: y + 4,
    lang: entry.lang, direction: rtl ? "rtl" : "ltr", "text-anchor": rtl ? "end" : "start" }, g);
  text.textContent = box.label;
}

function describe(entry) {
  const notes = [];
  if (entry.flags.approximate) notes.push("approximate");
  if (entry.flags.inferred_dct) notes.push("inferred reference date");
  const sources = entry.sources.length === 1 ? "1 source" : `${entry.sources.length} sources`;
  const extra = notes.length ? ` (${notes.join(", ")})` : "";
  return `${entry.display_date_en}${extra}: ${entry.headline}. ${sources}.`;
}
