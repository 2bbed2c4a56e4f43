// The add-article form: POST /api/v1/articles into the current story, field errors from
// the problem+json answer shown next to their fields.

import { ApiError, addArticle } from "./api.js";

export function setupAddForm(form, { story, onAdded }) {
  const status = form.querySelector("#add-status");
  const submit = form.querySelector("#add-submit");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const data = Object.fromEntries(new FormData(form));
    const article = { title: data.title.trim(), text: data.text };
    for (const key of ["published_at", "lang", "url"]) {
      if (data[key]) article[key] = data[key];
    }
    if (story()) article.story = story();
    const missing = ["title", "text"].filter((k) => !article[k].trim());
    if (missing.length) {
      showErrors(form, Object.fromEntries(missing.map((k) => [k, ["Required."]])));
      status.textContent = "Please fill in the marked fields.";
      return;
    }
    submit.disabled = true;
    status.textContent = "Adding…";
    try {
      const stored = await addArticle(article);
      const found = stored.mentions ? stored.mentions.length : 0;
      status.textContent =
        `Added article #${stored.id}: ${found} time reference${found === 1 ? "" : "s"} found.`;
      form.reset();
      await onAdded(stored);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      showErrors(form, error.errors);
      status.textContent = `Not added: ${error.message}`;
    } finally {
      submit.disabled = false;
    }
  });
}

function clearErrors(form) {
  form.querySelectorAll(".error").forEach((node) => node.remove());
  form.querySelectorAll("[aria-invalid]").forEach((node) => {
    node.removeAttribute("aria-invalid");
    node.setAttribute("aria-describedby",
      (node.getAttribute("aria-describedby") || "").replace(/\S+-error\b/g, "").trim());
  });
}

function showErrors(form, errors) {
  for (const [field, messages] of Object.entries(errors || {})) {
    const input = form.elements[field];
    if (!input) continue;
    const id = `${input.id}-error`;
    const note = document.createElement("span");
    note.className = "error";
    note.id = id;
    note.textContent = [].concat(messages).join(" ");
    input.after(note);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby",
      `${input.getAttribute("aria-describedby") || ""} ${id}`.trim());
  }
  form.querySelector("[aria-invalid]")?.focus();
}
