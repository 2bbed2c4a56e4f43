// Calendar arithmetic in UTC milliseconds: dates here are calendar days, never instants,
// so local time zones must not shift them.

export const DAY = 86400000;

export function dayMs(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

export function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

// The drawn extent of an entry: [start, end) in ms plus which ends are open
// ("after 1945" has no latest, "before 2020" no earliest).
export function extent(entry) {
  const start = entry.earliest ? dayMs(entry.earliest) : null;
  const end = entry.latest ? dayMs(entry.latest) + DAY : null;
  return {
    start: start ?? end - DAY,
    end: end ?? start + DAY,
    openStart: start === null,
    openEnd: end === null,
    isDay: start !== null && end !== null && end - start === DAY,
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
  "Dec"];

export function formatDay(ms) {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function monthName(index) {
  return MONTHS[index];
}
