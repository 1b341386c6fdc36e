// The translation view: each text is saved on its own as the curator leaves one of its fields (or presses
// Ctrl+Enter), with a small request; the counts per language and the "missing" marks follow. Without this script
// "Save changes" posts the whole page, and the server saves every text that was changed on it.
(() => {
  "use strict";

  const form = document.querySelector("[data-translations]");
  if (!form) return;
  const status = document.querySelector("#tr-status");
  const counts = document.querySelector("#translation-counts");
  const csrf = form.querySelector('[name="csrfmiddlewaretoken"]').value;

  function say(text) {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = text; }, 40);
  }

  function fields(row) {
    return [...row.querySelectorAll('input[type="text"], textarea')];
  }

  // What each field held when it was last saved (or shown): only a text that differs is sent.
  for (const row of form.querySelectorAll("[data-row]")) {
    for (const field of fields(row)) field.dataset.saved = field.value;
  }
  for (const hint of form.querySelectorAll("[data-hint]")) hint.hidden = false;

  function changed(row) {
    return row.dataset.dirty === "1" || fields(row).some((field) => field.value !== field.dataset.saved);
  }

  function showError(row, text) {
    const error = row.querySelector("[data-error]");
    error.textContent = text;
    error.hidden = !text;
    for (const field of fields(row)) {
      if (text) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", error.id);
      } else {
        field.removeAttribute("aria-invalid");
        field.removeAttribute("aria-describedby");
      }
    }
    row.classList.toggle("tr-row-invalid", Boolean(text));
  }

  function showSaved(row, data, sent) {
    row.querySelector(`[name="${CSS.escape(row.dataset.row)}.was"]`).value = data.was;
    for (const field of fields(row)) field.dataset.saved = sent.get(field.name);
    delete row.dataset.dirty;
    delete row.dataset.conflict;
    for (const cell of row.querySelectorAll("[data-cell]")) {
      const missing = data.missing.includes(cell.dataset.cell);
      cell.classList.toggle("is-missing", missing);
      cell.querySelector("[data-missing]").hidden = !missing;
    }
    if (!data.borrowed) {
      row.classList.remove("is-borrowed");
      for (const mark of row.querySelectorAll("[data-borrowed]")) mark.remove();
    }
    const theirs = row.querySelector("[data-theirs]");
    if (theirs) theirs.remove();
    showError(row, "");
    counts.innerHTML = data.counts;
  }

  async function save(row, { force = false } = {}) {
    if (!changed(row) || (row.dataset.conflict && !force)) return;
    if (row.dataset.busy) {
      // One request at a time per text: the next one needs the fingerprint this one brings back.
      row.dataset.again = "1";
      return;
    }
    row.dataset.busy = "1";
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    body.append("row", row.dataset.row);
    body.append("label", row.dataset.label);
    const was = row.querySelector(`[name="${CSS.escape(row.dataset.row)}.was"]`);
    body.append(was.name, was.value);
    const sent = new Map();
    for (const field of fields(row)) {
      body.append(field.name, field.value);
      sent.set(field.name, field.value);
    }
    say(form.dataset.msgSaving);
    let response;
    let data = {};
    try {
      response = await fetch(window.location.pathname, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      try { data = await response.json(); } catch (_) { /* a proxy's error page */ }
    } catch (_) {
      data = { message: form.dataset.msgFailed };
    }
    delete row.dataset.busy;
    if (response && response.ok && data.ok) {
      showSaved(row, data, sent);
      say(data.message);
    } else {
      if (response && response.status === 409) {
        // Someone else changed it meanwhile: their fingerprint lets an explicit save replace it, not a stray blur.
        was.value = data.was;
        row.dataset.conflict = "1";
      }
      showError(row, data.message || form.dataset.msgFailed);
      say(data.message || form.dataset.msgFailed);
      return;
    }
    if (row.dataset.again) {
      delete row.dataset.again;
      save(row);
    }
  }

  form.addEventListener("focusout", (event) => {
    const row = event.target.closest("[data-row]");
    if (row && event.target.matches('input[type="text"], textarea')) save(row);
  });
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.isComposing) return;
    const row = event.target.closest("[data-row]");
    if (!row) return;
    event.preventDefault();
    save(row, { force: true });
  });
})();
