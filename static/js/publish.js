// The publish page: "Save and next missing" saves one photo's alt text with a small request, swaps in the
// checks and the publish button as they are now, and puts the cursor in the next photo still to describe.
// Without this script the same form posts and the page comes back at that next field.
(() => {
  "use strict";

  const checks = document.querySelector("[data-publish-checks]");
  if (!checks) return;
  const actions = document.querySelector("#publish-actions");
  const live = document.querySelector("#publish-live");

  function say(text) {
    live.textContent = "";
    window.setTimeout(() => { live.textContent = text; }, 40);
  }

  function wire() {
    for (const hint of checks.querySelectorAll("[data-enter-hint]")) hint.hidden = false;
  }

  function fail(form, text) {
    const field = form.querySelector("textarea");
    const error = form.querySelector("[data-alt-error]");
    error.textContent = text;
    error.hidden = false;
    field.setAttribute("aria-invalid", "true");
    if (!field.getAttribute("aria-describedby")?.includes(error.id)) {
      error.id = `${field.id}_error`;
      field.setAttribute("aria-describedby", `${field.getAttribute("aria-describedby") || ""} ${error.id}`.trim());
    }
    field.focus();
    say(text);
  }

  async function save(form) {
    const button = form.querySelector('button[type="submit"]');
    if (button.disabled) return;
    button.disabled = true;
    let response;
    let data = {};
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      try { data = await response.json(); } catch (_) { /* a proxy's error page */ }
    } catch (_) {
      button.disabled = false;
      fail(form, checks.dataset.msgFailed);
      return;
    }
    button.disabled = false;
    if (!response.ok || !data.ok) { fail(form, data.message || checks.dataset.msgFailed); return; }
    checks.innerHTML = data.checks;
    if (actions) actions.innerHTML = data.actions;
    wire();
    say(data.message);
    const next = data.next && document.querySelector(`#alt-${data.next} textarea`);
    if (next) {
      next.focus();
      next.scrollIntoView({ block: "center" });
      return;
    }
    const publish = actions && actions.querySelector('button[type="submit"]:not([disabled])');
    (publish || document.querySelector("#publish-heading")).focus();
  }

  checks.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-alt-fix]");
    if (!form) return;
    event.preventDefault();
    save(form);
  });
  // The field is written in the language chosen beside it: spelling and a screen reader's voice follow.
  checks.addEventListener("change", (event) => {
    const form = event.target.closest("[data-alt-fix]");
    if (!form || event.target.tagName !== "SELECT") return;
    form.querySelector("textarea").lang = event.target.value;
  });
  // Alt text is a sentence: Enter saves and moves on, as a caption field in a culling tool does; Shift+Enter
  // still breaks the line for whoever wants one.
  checks.addEventListener("keydown", (event) => {
    const form = event.target.closest("[data-alt-fix]");
    if (!form || event.target.tagName !== "TEXTAREA" || event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    save(form);
  });
  wire();
})();
