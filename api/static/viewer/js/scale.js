// A linear time scale and an axis whose ticks adapt from centuries down to days.

import { DAY, monthName } from "./dates.js";

export function scale(domain, width) {
  const [t0, t1] = domain;
  const k = width / (t1 - t0);
  return { x: (t) => (t - t0) * k, t: (x) => t0 + x / k, k };
}

// Candidate steps, smallest first; the first one whose ticks are far enough apart wins.
const STEPS = [
  { unit: "day", n: 1 }, { unit: "day", n: 2 }, { unit: "day", n: 7 },
  { unit: "month", n: 1 }, { unit: "month", n: 3 }, { unit: "month", n: 6 },
  { unit: "year", n: 1 }, { unit: "year", n: 2 }, { unit: "year", n: 5 },
  { unit: "year", n: 10 }, { unit: "year", n: 20 }, { unit: "year", n: 50 },
  { unit: "year", n: 100 },
];
const APPROX = { day: DAY, month: 30.44 * DAY, year: 365.25 * DAY };
const MIN_GAP = 72; // px: room for a label such as "30 Sep 2024"

export function pickStep(msPerPx) {
  return STEPS.find((s) => (APPROX[s.unit] * s.n) / msPerPx >= MIN_GAP) || STEPS.at(-1);
}

// The axis unit the user sees named: ten-year steps read as decades.
export function unitName(step) {
  if (step.unit === "year" && step.n >= 10) return step.n >= 100 ? "centuries" : "decades";
  if (step.unit === "day" && step.n === 7) return "weeks";
  return `${step.unit}s`;
}

export function ticks(domain, step) {
  const [t0, t1] = domain;
  const start = new Date(t0);
  const out = [];
  if (step.unit === "day") {
    // weekly ticks on the 1st, 8th, 15th and 22nd: they line up with months
    let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
    for (; t <= t1; t += DAY) {
      const day = new Date(t).getUTCDate();
      const keep = step.n === 7 ? [1, 8, 15, 22].includes(day)
        : Math.round(t / DAY) % step.n === 0;
      if (keep && t >= t0) out.push(t);
    }
  } else if (step.unit === "month") {
    let y = start.getUTCFullYear();
    let m = start.getUTCMonth();
    for (let t = Date.UTC(y, m, 1); t <= t1; t = Date.UTC(y, ++m, 1)) {
      if (t >= t0 && new Date(t).getUTCMonth() % step.n === 0) out.push(t);
    }
  } else {
    let y = Math.ceil(start.getUTCFullYear() / step.n) * step.n;
    for (let t = yearStart(y); t <= t1; y += step.n, t = yearStart(y)) {
      if (t >= t0) out.push(t);
    }
  }
  return out.map((t, i) => ({ t, label: label(t, step, i === 0) }));
}

function yearStart(y) {
  const t = Date.UTC(2000, 0, 1);
  const d = new Date(t);
  d.setUTCFullYear(y); // Date.UTC maps years 0–99 to 1900–1999
  return d.getTime();
}

function label(t, step, first) {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (step.unit === "year") return step.n >= 10 && step.n < 100 ? `${y}s` : String(y);
  const month = monthName(d.getUTCMonth());
  if (step.unit === "month") return first || d.getUTCMonth() === 0 ? `${month} ${y}` : month;
  const newMonth = d.getUTCDate() <= step.n || first;
  if (newMonth && (first || d.getUTCMonth() === 0)) return `${d.getUTCDate()} ${month} ${y}`;
  return newMonth ? `${d.getUTCDate()} ${month}` : String(d.getUTCDate());
}
