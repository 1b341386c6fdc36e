// Culling from the keyboard on the contact sheet, the loupe, compare, survey and the photo page: stars,
// pick/reject, colour labels, moving, selection for bulk actions, more photos as you scroll, thumbnails as the
// workers make them, and the help. Every change is saved at once; the page shows it before the server answers
// and undoes it if saving fails. Moving and zooming in the loupe, compare and survey are loupe.js's and
// compare.js's; the culling keys of those pages are answered here, for the photo whose form is active.
(() => {
  "use strict";

  const STAR_KEYS = new Set(["0", "1", "2", "3", "4", "5"]);
  const FLAG_KEYS = { p: "pick", x: "reject", u: "none" };
  // Lightroom's 6-9; purple has no key there and 0 is "no stars", so V (violet), free on every page.
  const LABEL_KEYS = { 6: "red", 7: "yellow", 8: "green", 9: "blue", v: "purple" };
  // frames.js and stacks.js load after this file on the pages that use them and take these from here.
  window.Culling = { csrf, typing, keyOf };

  const root = document.querySelector("[data-library], [data-loupe], [data-compare], [data-survey], [data-photo-page]");
  if (!root) return;

  const errorBox = root.querySelector("[data-save-error]");
  const help = root.querySelector("[data-help]");

  function csrf() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.split("=")[1]) : "";
  }

  function typing(event) {
    const target = event.target;
    return (
      event.ctrlKey ||
      event.metaKey ||
      event.altKey ||
      (target instanceof HTMLElement &&
        (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) && target.type !== "checkbox"))
    );
  }

  function tell(message) {
    if (!errorBox) return;
    errorBox.textContent = message;
    errorBox.hidden = false;
    clearTimeout(tell.timer);
    tell.timer = setTimeout(() => (errorBox.hidden = true), 6000);
  }
  const saveFailed = () => tell(root.dataset.msgSaveFailed);

  // Saves for one photo go out one after another, so a quick "5" then "P" cannot be answered out of order.
  const queues = new Map();
  function saveInTurn(key, url, field, value) {
    const previous = queues.get(key) || Promise.resolve();
    const next = previous.catch(() => null).then(() => save(url, field, value));
    queues.set(key, next);
    return next;
  }

  async function save(url, field, value) {
    const body = new FormData();
    body.append(field, value);
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }

  // "none" from the keyboard is the empty flag (or label) in the database.
  const flagValue = (flag) => (flag === "none" ? "" : flag);
  const shown = (field, value) => (field === "rating" ? Number(value) : flagValue(value));

  // The key a letter is on, whatever the layout: a Russian or Kazakh keyboard's P key types "з".
  function keyOf(event) {
    if (/^Key[A-Z]$/.test(event.code) && event.key.length === 1) return event.code.slice(3).toLowerCase();
    return event.key.length === 1 ? event.key.toLowerCase() : event.key;
  }

  function toggleHelp() {
    if (!help) return;
    if (help.open) help.close();
    else help.showModal();
  }
  for (const button of root.querySelectorAll("[data-help-open]")) button.addEventListener("click", toggleHelp);

  // --- The loupe, compare, survey and the photo page: a cull form per photo --------------------------------
  // The active one is the only one, or the one in the frame compare.js marks active; loupe.js swaps it as it moves.
  function activeCullForm() {
    return root.querySelector(".frame-active [data-cull-form]") || (root.querySelector("[data-frame]") ? null : root.querySelector("[data-cull-form]"));
  }

  function paintCullForm(form, state) {
    form.dataset.rating = state.rating;
    form.dataset.flag = state.flag;
    form.dataset.label = state.label;
    for (const button of form.querySelectorAll("button[name=rating]")) {
      const n = Number(button.value);
      button.classList.toggle("star-on", n > 0 && n <= state.rating);
      button.setAttribute("aria-pressed", String(n === state.rating));
    }
    for (const button of form.querySelectorAll("button[name=flag]")) {
      button.setAttribute("aria-pressed", String(flagValue(button.value) === state.flag));
    }
    // A pressed colour's button clears it (as in the page without the script).
    for (const button of form.querySelectorAll("button[name=label]")) {
      const on = button.dataset.labelValue === state.label;
      button.setAttribute("aria-pressed", String(on));
      button.value = on ? "none" : button.dataset.labelValue;
    }
    form.dispatchEvent(new CustomEvent("cull:painted", { bubbles: true, detail: state }));
  }

  const stateOf = (element) => ({
    rating: Number(element.dataset.rating),
    flag: element.dataset.flag || "",
    label: element.dataset.label || "",
  });

  // The same colour again clears it.
  const labelToggle = (element, label) => ((element.dataset.label || "") === label ? "none" : label);

  async function cullOne(form, field, value) {
    const before = stateOf(form);
    paintCullForm(form, { ...before, [field]: shown(field, value) });
    try {
      const saved = await saveInTurn(form.action, form.action, field, value);
      paintCullForm(form, { ...stateOf(form), [field]: saved[field] });
    } catch {
      paintCullForm(form, { ...stateOf(form), [field]: before[field] });
      saveFailed();
    }
  }

  // loupe.js asks for a form it swapped in to show what was changed since the server wrote it.
  root.addEventListener("cull:repaint", (event) => paintCullForm(event.target, event.detail));

  root.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-cull-form]");
    const button = event.submitter;
    if (!form || !button || !button.name) return;
    event.preventDefault();
    cullOne(form, button.name, button.value);
  });

  // --- The contact sheet -------------------------------------------------------------------------------------
  const grid = root.querySelector("[data-grid]");
  const bulk = root.querySelector("[data-bulk]");
  let anchor = null; // the checkbox a shift-click range starts from

  const cells = () => [...grid.querySelectorAll(".cell")];
  const linkOf = (cell) => cell.querySelector(".cell-link");
  const currentCell = () => document.activeElement?.closest?.(".cell");

  function rove(cell) {
    for (const other of cells()) {
      linkOf(other).tabIndex = other === cell ? 0 : -1;
      other.querySelector(".cell-select").tabIndex = -1;
    }
  }

  function focusCell(cell) {
    if (!cell) return;
    rove(cell);
    linkOf(cell).focus();
    cell.scrollIntoView({ block: "nearest" });
  }

  function paintCell(cell, state) {
    cell.dataset.rating = state.rating;
    cell.dataset.flag = state.flag;
    cell.dataset.label = state.label; // the chip follows the attribute in the stylesheet
    const stars = cell.querySelector("[data-stars]");
    stars.querySelector(".star-on").textContent = "★".repeat(state.rating);
    stars.querySelector(".star").textContent = "★".repeat(5 - state.rating);
    stars.setAttribute("aria-label", root.getAttribute(`data-stars-${state.rating}`));
    const flag = cell.querySelector("[data-flag-label]");
    flag.className = `flag flag-${state.flag || "none"}`;
    flag.textContent = state.flag === "pick" ? root.dataset.flagPick : state.flag === "reject" ? root.dataset.flagReject : "";
  }

  async function cullCell(cell, field, value) {
    const before = stateOf(cell);
    paintCell(cell, { ...before, [field]: shown(field, value) });
    const url = root.dataset.cullUrl.replace("/0/", `/${cell.dataset.photo}/`);
    try {
      const saved = await saveInTurn(url, url, field, value);
      paintCell(cell, { ...stateOf(cell), [field]: saved[field] });
    } catch {
      paintCell(cell, { ...stateOf(cell), [field]: before[field] });
      saveFailed();
    }
  }

  function columns() {
    const all = cells();
    if (!all.length) return 1;
    const top = all[0].offsetTop;
    const n = all.findIndex((cell) => cell.offsetTop !== top);
    return n === -1 ? all.length : n;
  }

  // --- Selection ---
  const allMatching = bulk?.querySelector("[data-all-matching]");
  const countLabel = bulk?.querySelector("[data-selection-count]");
  const selectAll = bulk?.querySelector("[data-select-all]");
  const selectNone = bulk?.querySelector("[data-select-none]");

  function paintSelection() {
    if (!bulk) return;
    const checked = grid.querySelectorAll(".cell-select:checked").length;
    for (const cell of cells()) cell.classList.toggle("cell-selected", cell.querySelector(".cell-select").checked);
    if (allMatching.value) countLabel.textContent = root.dataset.msgAllSelected;
    else if (checked === 0) countLabel.textContent = root.dataset.msgNoneSelected;
    else if (checked === 1) countLabel.textContent = root.dataset.msgSelectedOne;
    else countLabel.textContent = root.dataset.msgSelectedMany.replace("%(count)s", checked);
    bulk.classList.toggle("bulk-active", Boolean(checked || allMatching.value));
    selectNone.hidden = !(checked || allMatching.value);
  }

  function setChecked(box, value) {
    box.checked = value;
    if (!value) allMatching.value = "";
  }

  if (grid && bulk) {
    selectAll.addEventListener("click", () => {
      allMatching.value = "1";
      for (const box of grid.querySelectorAll(".cell-select")) box.checked = true;
      paintSelection();
    });
    selectNone.addEventListener("click", () => {
      allMatching.value = "";
      for (const box of grid.querySelectorAll(".cell-select")) box.checked = false;
      paintSelection();
    });
    grid.addEventListener("click", (event) => {
      const box = event.target.closest(".cell-select");
      const link = event.target.closest(".cell-link");
      if (box) {
        if (event.shiftKey && anchor && anchor !== box) selectRange(anchor, box, box.checked);
        else if (!box.checked) allMatching.value = "";
        anchor = box;
        paintSelection();
      } else if (link && event.shiftKey) {
        // Shift-click on a thumbnail selects up to it, like a contact sheet; a plain click opens the loupe.
        event.preventDefault();
        const target = link.closest(".cell").querySelector(".cell-select");
        if (anchor) selectRange(anchor, target, true);
        else setChecked(target, true);
        anchor = target;
        paintSelection();
      }
    });

    // The action menu shows only the field its action needs.
    const action = bulk.querySelector("[data-bulk-action]");
    const showParams = () => {
      for (const param of bulk.querySelectorAll("[data-param]")) param.hidden = param.dataset.param !== action.value;
    };
    action.addEventListener("change", showParams);
    showParams();
  }

  function selectRange(from, to, value) {
    const boxes = [...grid.querySelectorAll(".cell-select")];
    const [a, b] = [boxes.indexOf(from), boxes.indexOf(to)].sort((x, y) => x - y);
    for (const box of boxes.slice(a, b + 1)) setChecked(box, value);
  }

  // --- More photos as you scroll ---
  let loading = null;
  function loadMore() {
    const more = grid?.querySelector("[data-grid-more]");
    if (!more) return Promise.resolve(false);
    if (loading) return loading;
    const link = more.querySelector("a");
    loading = fetch(`${link.href}&fragment=1`, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        more.remove();
        grid.insertAdjacentHTML("beforeend", html);
        const current = currentCell();
        for (const cell of cells()) if (cell !== current) linkOf(cell).tabIndex = -1;
        for (const box of grid.querySelectorAll(".cell-select")) {
          box.tabIndex = -1;
          if (allMatching?.value) box.checked = true;
        }
        paintSelection();
        watchMore();
        watchWaiting();
        return true;
      })
      .catch(() => false)
      .finally(() => (loading = null));
    return loading;
  }

  const observer = "IntersectionObserver" in window
    ? new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), { rootMargin: "800px" })
    : null;
  function watchMore() {
    const more = grid?.querySelector("[data-grid-more]");
    if (more && observer) observer.observe(more);
  }

  // --- Thumbnails the workers are still making ---
  let pollTimer = null;
  function watchWaiting() {
    if (pollTimer || !grid) return;
    const waiting = cells().filter((cell) => ["pending", "processing"].includes(cell.dataset.status));
    if (!waiting.length) return;
    pollTimer = setTimeout(async () => {
      pollTimer = null;
      const ids = waiting.slice(0, 200).map((cell) => cell.dataset.photo);
      try {
        const response = await fetch(`${root.dataset.statusUrl}?ids=${ids.join(",")}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (response.ok) for (const photo of (await response.json()).photos) refreshCell(photo);
      } catch {
        // The next poll catches up.
      }
      watchWaiting();
    }, 2000);
  }

  function refreshCell(photo) {
    const cell = grid.querySelector(`#photo-${photo.id}`);
    if (!cell) return;
    cell.dataset.status = photo.status;
    const waitingThumb = cell.querySelector(".thumb-waiting");
    if (photo.thumbnail_url && waitingThumb) {
      const img = document.createElement("img");
      img.className = "thumb";
      img.src = photo.thumbnail_url;
      img.alt = waitingThumb.getAttribute("aria-label") || "";
      waitingThumb.replaceWith(img);
    } else if (photo.status === "failed" && waitingThumb) {
      waitingThumb.title = photo.failure_reason;
      waitingThumb.firstElementChild.textContent = photo.status_label;
    }
  }

  // --- The exact number of photos ---
  // A large filter is counted only up to a cap with the page ("More than 1,000 photos"); the exact number is
  // asked for once the grid is shown, and arrives with its words already written by the server. If the request
  // fails the capped words stay, and they are true.
  async function countExactly(count) {
    try {
      const response = await fetch(count.dataset.countUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const words = await response.json();
      if (typeof words.label !== "string") return;
      count.querySelector("[data-total-label]").textContent = words.label;
      delete count.dataset.countUrl;
      root.dataset.msgAllSelected = words.all_selected;
      if (selectAll) selectAll.textContent = words.select_all;
      paintSelection();
    } catch {
      // The capped words stay.
    }
  }

  // Empty filter fields stay out of the address, so links and the back button read cleanly.
  const filters = root.querySelector(".lib-filters");
  filters?.addEventListener("submit", () => {
    for (const field of filters.elements) if (field.name && !field.value) field.disabled = true;
  });
  window.addEventListener("pageshow", () => {
    for (const field of filters?.elements || []) field.disabled = false;
  });

  // Back from the loupe (#photo-<id>): the same cell has the focus, so the next arrow moves on from it. A cell
  // further down than the first page is reached by loading pages, as scrolling would.
  async function focusFromHash() {
    if (!/^#photo-\d+$/.test(location.hash)) return;
    // The browser moves focus to the fragment's element (or to the page, for an element that cannot take it)
    // once the page has loaded: focusing before that is undone.
    if (document.readyState !== "complete") await new Promise((done) => window.addEventListener("load", done, { once: true }));
    await new Promise((done) => requestAnimationFrame(done));
    for (let pages = 0; pages < 20; pages += 1) {
      const cell = grid.querySelector(location.hash);
      if (cell) return focusCell(cell);
      if (!(await loadMore())) return;
    }
  }

  if (grid) {
    rove(cells()[0]);
    paintSelection();
    watchMore();
    watchWaiting();
    focusFromHash();
  }
  const count = root.querySelector("[data-count-url]");
  if (count) countExactly(count);

  // --- Keys ------------------------------------------------------------------------------------------------
  // C and N from the grid: the addresses come with the help dialog, which knows its mode.
  function openCompare(cell) {
    const selected = [...grid.querySelectorAll(".cell-select:checked")].map((box) => box.value);
    const [first, second] = selected.length === 2 ? selected : [cell?.dataset.photo];
    if (!first) return;
    const query = new URLSearchParams(location.search);
    query.delete("cursor");
    if (second) query.set("with", second);
    const text = query.toString();
    location.href = help.dataset.compareUrl.replace("/0/", `/${first}/`) + (text ? `?${text}` : "");
  }

  function openSurvey() {
    const selected = [...grid.querySelectorAll(".cell-select:checked")].map((box) => box.value);
    if (allMatching?.value || selected.length < 2 || selected.length > 12) return tell(help.dataset.msgSurveySize);
    const query = new URLSearchParams(location.search);
    query.delete("cursor");
    for (const pk of selected) query.append("photo", pk);
    location.href = `${help.dataset.surveyUrl}?${query}`;
  }

  document.addEventListener("keydown", async (event) => {
    if (typing(event)) return;
    const key = keyOf(event);
    if (key === "?") {
      event.preventDefault();
      toggleHelp();
      return;
    }
    if (help?.open) return;

    if (grid) {
      let cell = currentCell();
      const all = cells();
      const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns(), ArrowDown: columns() };
      if (key in moves || key === "Home" || key === "End") {
        event.preventDefault();
        if (!cell) return focusCell(all[0]);
        let index = key === "Home" ? 0 : key === "End" ? all.length - 1 : all.indexOf(cell) + moves[key];
        if (index >= all.length && (await loadMore())) return focusCell(cells()[Math.min(index, cells().length - 1)]);
        index = Math.max(0, Math.min(index, all.length - 1));
        return focusCell(all[index]);
      }
      if (event.shiftKey && key.length === 1 && /[a-z]/.test(key)) return; // Shift+letters are stacks.js's
      if (key === "n") {
        event.preventDefault();
        return openSurvey();
      }
      if (key === "c") {
        event.preventDefault();
        return openCompare(cell);
      }
      if (!cell) return;
      if (STAR_KEYS.has(key)) {
        event.preventDefault();
        cullCell(cell, "rating", key);
      } else if (key in FLAG_KEYS) {
        event.preventDefault();
        cullCell(cell, "flag", FLAG_KEYS[key]);
      } else if (key in LABEL_KEYS) {
        event.preventDefault();
        cullCell(cell, "label", labelToggle(cell, LABEL_KEYS[key]));
      } else if (key === " ") {
        event.preventDefault();
        const box = cell.querySelector(".cell-select");
        setChecked(box, !box.checked);
        anchor = box;
        paintSelection();
      } else if (key === "Escape" && bulk) {
        selectNone.click();
      }
      return;
    }

    const form = activeCullForm();
    if (!form || (event.shiftKey && /^[a-z]$/.test(key))) return;
    if (STAR_KEYS.has(key)) {
      event.preventDefault();
      cullOne(form, "rating", key);
    } else if (key in FLAG_KEYS) {
      event.preventDefault();
      cullOne(form, "flag", FLAG_KEYS[key]);
    } else if (key in LABEL_KEYS) {
      event.preventDefault();
      cullOne(form, "label", labelToggle(form, LABEL_KEYS[key]));
    }
  });
})();
