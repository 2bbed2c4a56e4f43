// Talking to /api/v1. URLs are relative to the page so the viewer also works when the
// app is mounted under a path prefix.

export class ApiError extends Error {
  // problem+json (RFC 9457): keep the field errors so the form can show them in place
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.errors = problem.errors || {};
  }
}

async function respond(url, options = {}) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, ...options });
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { /* not JSON: the status says enough */ }
    throw new ApiError(problem, response.status);
  }
  return response;
}

async function request(url, options = {}) {
  return (await respond(url, options)).json();
}

// Every story, page after page (Link: rel="next"): a newsroom has more than one page of
// them, and a shared #story= address must find its story wherever it falls.
export async function listStories() {
  const stories = [];
  let url = "api/v1/stories?limit=500";
  while (url) {
    const response = await respond(url);
    stories.push(...await response.json());
    url = nextPage("api/v1/stories", response.headers.get("Link"));
  }
  return stories;
}

// The next page at `path`, relative to the page like every other URL here: only the query
// of the Link is kept, so a proxy that rewrites hosts or schemes does not matter.
function nextPage(path, link) {
  const match = link && /<([^>]*)>\s*;\s*rel="next"/.exec(link);
  return match ? `${path}${new URL(match[1], location.href).search}` : null;
}

export function timelineUrl(story, filters, format = "json") {
  const base = story ? `api/v1/stories/${encodeURIComponent(story)}/timeline`
                     : "api/v1/timeline";
  const params = new URLSearchParams({ format });
  for (const key of ["from", "to", "q"]) {
    if (filters[key]) params.set(key, filters[key]);
  }
  return `${base}?${params}`;
}

// Every page of a timeline: the viewer draws the whole story, not the first 1000 entries.
export async function loadTimeline(story, filters) {
  const first = await request(`${timelineUrl(story, filters)}&limit=1000`);
  const entries = [...first.entries];
  let cursor = first.next_cursor;
  while (cursor) {
    const page = await request(
      `${timelineUrl(story, filters)}&limit=1000&cursor=${encodeURIComponent(cursor)}`);
    entries.push(...page.entries);
    cursor = page.next_cursor;
  }
  return { entries, undated: first.undated, total: first.total };
}

export async function addArticle(article) {
  return request("api/v1/articles", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(article),
  });
}
