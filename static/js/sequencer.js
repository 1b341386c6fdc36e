// The sequencer: arrange an exhibition by keyboard or by dragging; each change is saved at once with the
// version the page saw, and a change refused because someone else changed the sequence shows the fresh order.
(() => {
  "use strict";

  const root = document.querySelector("[data-sequencer]");
  if (!root) return;

  const msg = root.dataset;
  const region = root.querySelector("#sequence-region");
  const live = root.querySelector("#seq-live");
  const alertBox = root.querySelector(".seq-alert");
  const saving = root.querySelector(".seq-saving");
  const selectedLabel = root.querySelector(".seq-selected");
  const undoButton = root.querySelector('[data-action="undo"]');
  const undoVersion = root.querySelector('.seq-undo-form input[name="version"]');
  const positionInput = root.querySelector("#seq-position");
  const chapterSelect = root.querySelector("#seq-chapter");
  const csrf = root.querySelector('input[name="csrfmiddlewaretoken"]').value;

  let sheet = region.querySelector("#sequence");
  let version = Number(sheet.dataset.version);
  const selected = new Set();
  let focusId = null;
  let anchorId = null;

  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));
  // A text panel's words often carry their own quotation marks: the messages put ours around a title, so theirs
  // go, and a screen reader never reads two pairs.
  const bare = (title) => (title || "").trim().replace(/^[“”"«»„\s]+|[“”"«»„\s]+$/g, "").replace(/[“”]/g, "’").replace(/"/g, "'");
  const isPhoto = (li) => li.classList.contains("seq-photo");
  const items = () => Array.from(sheet.querySelectorAll(".seq-item"));
  const byId = (id) => sheet.querySelector(`.seq-item[data-id="${id}"]`);
  const order = () => items().map((li) => Number(li.dataset.id));

  function announce(text) {
    // Cleared first, so that the same sentence twice is read twice.
    live.textContent = "";
    window.setTimeout(() => { live.textContent = text; }, 40);
  }

  function showAlert(text) {
    alertBox.textContent = text;
    alertBox.hidden = !text;
  }

  function setSaving(state) {
    saving.dataset.state = state;
    saving.textContent = state === "saving" ? msg.msgSaving : state === "saved" ? msg.msgSaved : state === "error" ? msg.msgNotSaved : "";
  }

  // --- Focus and selection ------------------------------------------------------------------------

  function focusItem(li, { scroll = true } = {}) {
    if (!li) return;
    for (const other of items()) other.tabIndex = -1;
    li.tabIndex = 0;
    focusId = li.dataset.id;
    li.focus({ preventScroll: !scroll });
    if (scroll) li.scrollIntoView({ block: "nearest" });
    updateAfterLinks();
  }

  function setSelected(li, on) {
    li.setAttribute("aria-selected", on ? "true" : "false");
    if (on) selected.add(li.dataset.id);
    else selected.delete(li.dataset.id);
  }

  function clearSelection() {
    for (const li of items()) setSelected(li, false);
  }

  function refreshSelectionLabel() {
    selectedLabel.textContent = selected.size ? fill(msg.msgSelected, { count: selected.size }) : "";
    updateAfterLinks();
  }

  function selectRange(fromId, toId) {
    const all = items();
    const a = all.findIndex((li) => li.dataset.id === fromId);
    const b = all.findIndex((li) => li.dataset.id === toId);
    if (a < 0 || b < 0) return;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    all.forEach((li, i) => setSelected(li, i >= lo && i <= hi));
  }

  // The items a command acts on: the selection, or else the focused item.
  function targets() {
    if (selected.size) return items().filter((li) => selected.has(li.dataset.id));
    const li = focusId && byId(focusId);
    return li ? [li] : [];
  }

  // Photos are numbered 1..n as visitors see them; chapters and text panels take no number.
  function renumber() {
    const all = items();
    let number = 0;
    for (const li of all) {
      const badge = li.querySelector(".seq-number");
      if (badge) badge.textContent = String(++number);
    }
    sheet.dataset.total = String(all.length);
    if (positionInput) positionInput.max = String(Math.max(number, 1));
  }

  // "Add photos" and "Add text panel" offer to insert after the focused item; "Add chapter" to open a chapter
  // on it, or to make one of the selection.
  const whereText = root.querySelector("#seq-where");
  function updateAfterLinks() {
    const all = items();
    const index = all.findIndex((li) => li.dataset.id === focusId);
    const chosen = all.filter((li) => selected.has(li.dataset.id) && !li.classList.contains("seq-section"));
    for (const link of root.querySelectorAll("[data-place]")) {
      const url = new URL(link.href, window.location.href);
      for (const key of ["after", "before", "items"]) url.searchParams.delete(key);
      if (link.dataset.place === "after" && index >= 0) url.searchParams.set("after", String(index));
      if (link.dataset.place === "chapter" && chosen.length) url.searchParams.set("items", chosen.map((li) => li.dataset.id).join(","));
      if (link.dataset.place === "chapter" && index >= 0) url.searchParams.set("before", String(index));
      link.href = url.toString();
    }
    if (whereText && index >= 0) {
      const title = bare(all[index].dataset.title);
      whereText.textContent = chosen.length
        ? fill(msg.msgWhereSelection, { title, count: chosen.length })
        : fill(msg.msgWhereFocus, { title });
    }
  }

  // --- Moving -------------------------------------------------------------------------------------------

  // Put `moving` (in sequence order) so that the first of them lands at `index` among the others.
  function moveTo(moving, index) {
    if (!moving.length) { announce(msg.msgNothing); return; }
    const ids = new Set(moving.map((li) => li.dataset.id));
    const rest = items().filter((li) => !ids.has(li.dataset.id));
    const at = Math.max(0, Math.min(index, rest.length));
    const before = order().join(",");
    const anchor = rest[at] || null;
    for (const li of moving) sheet.insertBefore(li, anchor);
    if (order().join(",") === before) { announce(msg.msgEdge); return; }
    renumber();
    announce(movedMessage(moving));
    const keep = (focusId && byId(focusId)) || moving[0];
    focusItem(keep, { scroll: true });
    save();
  }

  // Where the moved items are now, in the numbers the page shows: the first photo's number, or (for chapters and
  // panels alone) the number of the photo they now stand before.
  function movedMessage(moving) {
    const all = items();
    const photos = all.filter(isPhoto);
    const one = moving.length === 1;
    const values = { title: bare(moving[0].dataset.title), count: moving.length, total: photos.length };
    const first = moving.find(isPhoto);
    if (first) return fill(one ? msg.msgMovedOneTo : msg.msgMovedManyTo, { ...values, number: photos.indexOf(first) + 1 });
    const next = all.slice(all.indexOf(moving[moving.length - 1]) + 1).find(isPhoto);
    if (next) return fill(one ? msg.msgMovedOneBefore : msg.msgMovedManyBefore, { ...values, number: photos.indexOf(next) + 1 });
    return fill(one ? msg.msgMovedOneEnd : msg.msgMovedManyEnd, values);
  }

  function restIndexOf(moving) {
    const ids = new Set(moving.map((li) => li.dataset.id));
    return items().slice(0, items().indexOf(moving[0])).filter((li) => !ids.has(li.dataset.id)).length;
  }

  const moveBy = (step) => { const m = targets(); if (m.length) moveTo(m, restIndexOf(m) + step); else announce(msg.msgNothing); };
  const moveToStart = () => moveTo(targets(), 0);
  const moveToEnd = () => moveTo(targets(), Number.MAX_SAFE_INTEGER);

  // To a number: the first moved photo takes it; chapters and panels alone go just before that photo
  // (exhibitions.numbering.index_before_number does the same on the server).
  function moveToPosition() {
    const wanted = Number(positionInput.value);
    if (!Number.isInteger(wanted) || wanted < 1) { positionInput.focus(); return; }
    const moving = targets();
    const ids = new Set(moving.map((li) => li.dataset.id));
    const rest = items().filter((li) => !ids.has(li.dataset.id));
    let seen = 0;
    const at = rest.findIndex((li) => isPhoto(li) && ++seen === wanted);
    moveTo(moving, at < 0 ? rest.length : at);
  }

  // To the end of a chapter: just before the next chapter heading (or the end).
  function moveToChapter() {
    const moving = targets();
    if (!moving.length) { announce(msg.msgNothing); return; }
    const ids = new Set(moving.map((li) => li.dataset.id));
    const rest = items().filter((li) => !ids.has(li.dataset.id));
    const start = rest.findIndex((li) => li.dataset.id === chapterSelect.value);
    if (start < 0) return;
    const next = rest.findIndex((li, i) => i > start && li.classList.contains("seq-section"));
    moveTo(moving, next < 0 ? rest.length : next);
  }

  // --- Talking to the server -------------------------------------------------------------------

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = {};
    try { data = await response.json(); } catch (_) { /* a proxy's error page */ }
    return { status: response.status, data };
  }

  function applyVersion(data) {
    if (typeof data.version === "number") {
      version = data.version;
      sheet.dataset.version = String(version);
      undoVersion.value = String(version);
    }
    if ("undo" in data) {
      undoButton.textContent = data.undo || undoButton.dataset.label;
      undoButton.disabled = !data.undo;
    }
  }

  // Swap in the server's sheet (after undo, removal or a refused change), keeping focus where it can.
  function replaceSheet(data) {
    const keepFocus = focusId;
    region.innerHTML = data.html;
    sheet = region.querySelector("#sequence");
    selected.clear();
    refreshSelectionLabel();
    applyVersion(data);
    renumber();
    const li = (keepFocus && byId(keepFocus)) || items()[0];
    if (li) focusItem(li, { scroll: false });
  }

  async function refresh() {
    try {
      const response = await fetch(root.dataset.fragmentUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) replaceSheet(await response.json());
    } catch (_) { /* still offline: the message stays */ }
  }

  // One request at a time; changes made meanwhile are sent together when it returns.
  let inFlight = false;
  let dirty = false;

  async function save() {
    dirty = true;
    if (inFlight) return;
    inFlight = true;
    try {
      while (dirty) {
        dirty = false;
        setSaving("saving");
        let result;
        try {
          result = await post(root.dataset.reorderUrl, { item_ids: order(), version });
        } catch (_) {
          setSaving("error");
          showAlert(msg.msgOffline);
          announce(msg.msgOffline);
          await refresh();
          return;
        }
        if (result.status === 200) {
          applyVersion(result.data);
          setSaving("saved");
          showAlert("");
        } else if (result.status === 409) {
          dirty = false;
          replaceSheet(result.data);
          showAlert(result.data.message);
          announce(result.data.message);
          setSaving("");
        } else {
          setSaving("error");
          showAlert(result.data.message || msg.msgOffline);
          await refresh();
          return;
        }
      }
    } finally {
      inFlight = false;
    }
  }

  const pause = (ms) => new Promise((resolve) => { window.setTimeout(resolve, ms); });

  async function command(url, body) {
    // After any reorder still on its way, so that the version sent is the one it returns.
    while (inFlight) await pause(50);
    inFlight = true;
    setSaving("saving");
    try {
      const result = await post(url, { ...body, version });
      if (result.status === 200 || result.status === 409) {
        replaceSheet(result.data);
        showAlert(result.status === 409 ? result.data.message : "");
        announce(result.data.message || "");
        setSaving(result.status === 200 ? "saved" : "");
      } else {
        showAlert(result.data.message || msg.msgOffline);
        setSaving("error");
      }
    } catch (_) {
      setSaving("error");
      showAlert(msg.msgOffline);
      announce(msg.msgOffline);
      await refresh();
    } finally {
      inFlight = false;
    }
  }

  const removeTargets = () => {
    const doomed = targets();
    if (!doomed.length) { announce(msg.msgNothing); return; }
    // Focus moves on to the item after the removed ones.
    const all = items();
    const after = all.slice(all.indexOf(doomed[doomed.length - 1]) + 1).find((li) => !doomed.includes(li));
    focusId = after ? after.dataset.id : null;
    command(root.dataset.removeUrl, { item_ids: doomed.map((li) => Number(li.dataset.id)) });
  };
  const undo = () => { if (!undoButton.disabled) command(root.dataset.undoUrl, {}); };
  const edit = () => { const li = focusId && byId(focusId); if (li) window.location.href = li.dataset.editUrl; };

  // --- Keyboard ----------------------------------------------------------------------------------------

  // The item visually above or below: the nearest one whose row starts past this one's.
  function vertical(li, direction) {
    const box = li.getBoundingClientRect();
    const centre = box.left + box.width / 2;
    const candidates = items().filter((other) => {
      const r = other.getBoundingClientRect();
      return direction > 0 ? r.top >= box.bottom - 2 : r.bottom <= box.top + 2;
    });
    if (!candidates.length) return null;
    const rowTop = direction > 0
      ? Math.min(...candidates.map((c) => c.getBoundingClientRect().top))
      : Math.max(...candidates.map((c) => c.getBoundingClientRect().top));
    const row = candidates.filter((c) => Math.abs(c.getBoundingClientRect().top - rowTop) < 2);
    return row.reduce((best, c) => {
      const r = c.getBoundingClientRect();
      const d = Math.abs(r.left + r.width / 2 - centre);
      return !best || d < best.d ? { c, d } : best;
    }, null).c;
  }

  function onKeyDown(event) {
    const li = event.target.closest(".seq-item");
    if (!li) return;
    const all = items();
    const index = all.indexOf(li);
    const key = event.key;
    let next = null;

    if (event.altKey && (key === "ArrowUp" || key === "ArrowLeft")) { event.preventDefault(); moveBy(-1); return; }
    if (event.altKey && (key === "ArrowDown" || key === "ArrowRight")) { event.preventDefault(); moveBy(1); return; }
    if (event.altKey && key === "Home") { event.preventDefault(); moveToStart(); return; }
    if (event.altKey && key === "End") { event.preventDefault(); moveToEnd(); return; }
    if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === "z") { event.preventDefault(); undo(); return; }
    if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === "a") {
      event.preventDefault();
      for (const other of all) setSelected(other, true);
      refreshSelectionLabel();
      announce(fill(msg.msgSelected, { count: selected.size }));
      return;
    }

    switch (key) {
      case "ArrowRight": next = all[index + 1]; break;
      case "ArrowLeft": next = all[index - 1]; break;
      case "ArrowDown": next = vertical(li, 1); break;
      case "ArrowUp": next = vertical(li, -1); break;
      case "Home": next = all[0]; break;
      case "End": next = all[all.length - 1]; break;
      case " ":
      case "Spacebar": {
        event.preventDefault();
        const on = li.getAttribute("aria-selected") !== "true";
        setSelected(li, on);
        anchorId = li.dataset.id;
        refreshSelectionLabel();
        announce(fill(on ? msg.msgSelectOn : msg.msgSelectOff, { title: bare(li.dataset.title), count: selected.size }));
        return;
      }
      case "Enter": event.preventDefault(); edit(); return;
      case "Delete":
      case "Backspace": event.preventDefault(); removeTargets(); return;
      case "Escape":
        if (selected.size) { event.preventDefault(); clearSelection(); refreshSelectionLabel(); announce(fill(msg.msgSelected, { count: 0 })); }
        return;
      default: return;
    }
    event.preventDefault();
    if (!next) return;
    if (event.shiftKey) {
      anchorId = anchorId || li.dataset.id;
      selectRange(anchorId, next.dataset.id);
      refreshSelectionLabel();
    }
    focusItem(next);
  }

  // --- Mouse: click to select, drag to move --------------------------------------------------------

  // A finger has no Ctrl key: on a touch screen each tap adds an item to the selection or takes it out.
  let lastPointer = "mouse";
  region.addEventListener("pointerdown", (event) => { lastPointer = event.pointerType; });

  function onClick(event) {
    const li = event.target.closest(".seq-item");
    if (!li) return;
    if (lastPointer === "touch" && !event.shiftKey) {
      setSelected(li, li.getAttribute("aria-selected") !== "true");
      anchorId = li.dataset.id;
    } else if (event.shiftKey && anchorId) {
      selectRange(anchorId, li.dataset.id);
    } else if (event.ctrlKey || event.metaKey) {
      setSelected(li, li.getAttribute("aria-selected") !== "true");
      anchorId = li.dataset.id;
    } else {
      const only = selected.size === 1 && selected.has(li.dataset.id);
      clearSelection();
      if (!only) setSelected(li, true);
      anchorId = li.dataset.id;
    }
    refreshSelectionLabel();
    focusItem(li, { scroll: false });
  }

  let dragging = [];
  let dropTarget = null;
  let dropAfter = false;
  const badge = document.createElement("div");
  badge.className = "seq-drag-badge";
  badge.setAttribute("aria-hidden", "true");
  document.body.appendChild(badge);

  function clearDrop() {
    if (dropTarget) dropTarget.classList.remove("drop-before", "drop-after");
    dropTarget = null;
  }

  function onDragStart(event) {
    const li = event.target.closest(".seq-item");
    if (!li) return;
    if (!selected.has(li.dataset.id)) { clearSelection(); setSelected(li, true); refreshSelectionLabel(); }
    anchorId = li.dataset.id;
    focusId = li.dataset.id;
    dragging = items().filter((other) => selected.has(other.dataset.id));
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragging.map((d) => d.dataset.id).join(","));
    if (dragging.length > 1) {
      badge.textContent = fill(msg.msgSelected, { count: dragging.length });
      event.dataTransfer.setDragImage(badge, 10, 10);
    }
    window.requestAnimationFrame(() => { for (const d of dragging) d.classList.add("is-dragging"); });
  }

  function onDragOver(event) {
    if (!dragging.length) return;
    const li = event.target.closest(".seq-item");
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!li || dragging.includes(li)) { clearDrop(); return; }
    const box = li.getBoundingClientRect();
    const wide = li.classList.contains("seq-section") || li.classList.contains("seq-text");
    const after = wide ? event.clientY > box.top + box.height / 2 : event.clientX > box.left + box.width / 2;
    if (li !== dropTarget || after !== dropAfter) {
      clearDrop();
      dropTarget = li;
      dropAfter = after;
      li.classList.add(after ? "drop-after" : "drop-before");
    }
  }

  function onDrop(event) {
    if (!dragging.length) return;
    event.preventDefault();
    const target = dropTarget;
    const after = dropAfter;
    const moving = dragging;
    endDrag();
    if (!target) return;
    const ids = new Set(moving.map((li) => li.dataset.id));
    const rest = items().filter((li) => !ids.has(li.dataset.id));
    moveTo(moving, rest.indexOf(target) + (after ? 1 : 0));
  }

  function endDrag() {
    clearDrop();
    for (const d of dragging) d.classList.remove("is-dragging");
    dragging = [];
  }

  // --- Wiring --------------------------------------------------------------------------------------

  undoButton.dataset.label = undoButton.dataset.label || undoButton.textContent;
  region.addEventListener("keydown", onKeyDown);
  region.addEventListener("click", onClick);
  region.addEventListener("dblclick", (event) => { if (event.target.closest(".seq-item")) edit(); });
  region.addEventListener("dragstart", onDragStart);
  region.addEventListener("dragover", onDragOver);
  region.addEventListener("drop", onDrop);
  region.addEventListener("dragend", endDrag);
  region.addEventListener("focusin", (event) => {
    const li = event.target.closest(".seq-item");
    if (li && li.dataset.id !== focusId) { focusId = li.dataset.id; for (const o of items()) o.tabIndex = o === li ? 0 : -1; updateAfterLinks(); }
  });

  // --- The phone's toolbar: what does not fit folds behind "More" ---------------------------------------

  const moreToggle = root.querySelector(".seq-more-toggle");
  const morePanel = root.querySelector("#seq-more");
  function setMore(open, { focusToggle = false } = {}) {
    moreToggle.setAttribute("aria-expanded", open ? "true" : "false");
    morePanel.classList.toggle("is-open", open);
    if (!open && focusToggle) moreToggle.focus();
  }
  moreToggle.hidden = false;
  moreToggle.addEventListener("click", () => {
    const open = moreToggle.getAttribute("aria-expanded") !== "true";
    setMore(open);
    if (open) { const first = morePanel.querySelector("input, select, button"); if (first) first.focus(); }
  });
  morePanel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && morePanel.classList.contains("is-open")) { event.preventDefault(); setMore(false, { focusToggle: true }); }
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".seq-more, .seq-more-toggle")) setMore(false);
  });

  // The skip link lands on the item that holds the sequence's tab stop, ready for the arrow keys.
  const skip = document.querySelector("[data-skip-to-sequence]");
  if (skip) {
    skip.addEventListener("click", (event) => {
      const li = (focusId && byId(focusId)) || items()[0];
      if (!li) return;
      event.preventDefault();
      focusItem(li);
    });
  }

  const actions = {
    earlier: () => moveBy(-1),
    later: () => moveBy(1),
    "to-position": moveToPosition,
    "to-chapter": moveToChapter,
    edit,
    remove: removeTargets,
  };
  root.querySelector(".seq-toolbar").addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    if (button.dataset.action === "undo") { event.preventDefault(); undo(); return; }
    const action = actions[button.dataset.action];
    if (action) {
      event.preventDefault();
      if (button.closest(".seq-more")) setMore(false);
      action();
    }
  });
  if (positionInput) {
    positionInput.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); moveToPosition(); } });
  }

  // Arriving at #item-12 (after editing or adding) focuses that item.
  const hashed = window.location.hash.startsWith("#item-") && byId(window.location.hash.slice(6));
  if (hashed) focusItem(hashed);
  else if (items().length) focusId = items()[0].dataset.id;
  updateAfterLinks();
})();
