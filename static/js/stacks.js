// Bursts stacked on the contact sheet (curation/bursts.py): S opens or closes the focused frame's stack, as does
// its "3/7" badge; Shift+P (or the button on an open stack) keeps the focused frame and rejects the rest of its
// burst. Also keeps each cell's spoken colour label true when a key changes the cell's data-label.
// library.js owns the grid's other keys and its roving focus; this file only adds to them.
(() => {
  "use strict";

  const { csrf, typing } = window.Culling;
  const root = document.querySelector("[data-library]");
  const grid = root?.querySelector("[data-grid]");
  if (!grid) return;
  const status = root.querySelector("[data-stack-status]");
  const errorBox = root.querySelector("[data-save-error]");
  const help = root.querySelector("[data-help]");

  function say(text) {
    // Emptied first, so the same words said twice are announced twice.
    status.textContent = "";
    requestAnimationFrame(() => (status.textContent = text));
  }

  function saveFailed() {
    if (!errorBox) return;
    errorBox.textContent = root.dataset.msgSaveFailed;
    errorBox.hidden = false;
    clearTimeout(saveFailed.timer);
    saveFailed.timer = setTimeout(() => (errorBox.hidden = true), 6000);
  }

  const framesOf = (frame) => [...grid.querySelectorAll(`[data-stack="${frame.dataset.stack}"]`)];
  const linkOf = (frame) => frame.querySelector(".cell-link");
  const isOpen = (frame) => frame.hasAttribute("data-stack-open");

  // The grid is one tab stop (library.js moves it with the arrows): the controls this file adds stay out of the
  // tab order, answered by their keys instead.
  function quiet(scope) {
    for (const control of scope.querySelectorAll("[data-stack-toggle], [data-stack-pick]")) control.tabIndex = -1;
    for (const member of scope.querySelectorAll(".stack-member")) {
      linkOf(member).tabIndex = -1;
      member.querySelector(".cell-select").tabIndex = -1;
    }
  }

  function focusFrame(frame) {
    for (const cell of grid.querySelectorAll(".cell")) linkOf(cell).tabIndex = cell === frame ? 0 : -1;
    linkOf(frame).focus();
    frame.scrollIntoView({ block: "nearest" });
  }

  function setOpen(frame, open) {
    const frames = framesOf(frame);
    const cover = frames.find((f) => f.hasAttribute("data-stack-cover")) || frames[0];
    const hadFocus = frames.find((f) => f.contains(document.activeElement));
    for (const f of frames) {
      f.toggleAttribute("data-stack-open", open);
      f.querySelector("[data-stack-toggle]").setAttribute("aria-expanded", String(open));
      if (f === cover) continue;
      f.hidden = !open;
      f.classList.toggle("cell", open);
      f.classList.toggle("stack-member", !open);
      linkOf(f).tabIndex = -1;
      f.querySelector(".cell-select").tabIndex = -1;
    }
    if (hadFocus) focusFrame(open ? hadFocus : cover);
    say(open ? root.dataset.msgStackOpened : root.dataset.msgStackClosed);
  }

  function paintFlag(cell, flag) {
    if (!cell) return;
    cell.dataset.flag = flag;
    const label = cell.querySelector("[data-flag-label]");
    label.className = `flag flag-${flag}`;
    label.textContent = flag === "pick" ? root.dataset.flagPick : root.dataset.flagReject;
  }

  async function pickBurst(frame) {
    const body = new FormData();
    body.append("query", root.dataset.query || "");
    try {
      const response = await fetch(root.dataset.burstPickUrl.replace("/0/", `/${frame.dataset.photo}/`), {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const picked = await response.json();
      paintFlag(grid.querySelector(`#photo-${picked.pick}`), "pick");
      for (const id of picked.rejected) paintFlag(grid.querySelector(`#photo-${id}`), "reject");
      // The kept frame is what the stack shows once closed.
      for (const f of framesOf(frame)) f.toggleAttribute("data-stack-cover", f === frame);
      say(picked.rejected.length ? root.dataset.msgBurstPicked : root.dataset.flagPick);
    } catch {
      saveFailed();
    }
  }

  grid.addEventListener("click", (event) => {
    const toggle = event.target.closest("[data-stack-toggle]");
    const pick = event.target.closest("[data-stack-pick]");
    if (!toggle && !pick) return;
    event.preventDefault();
    const frame = event.target.closest("[data-stack]");
    if (toggle) setOpen(frame, !isOpen(frame));
    else pickBurst(frame);
  });

  // A capturing listener on window hears the key before library.js (on document), so Shift+P is not also taken
  // for P (pick this one frame) there.
  window.addEventListener(
    "keydown",
    (event) => {
      if (typing(event) || help?.open) return;
      const frame = document.activeElement?.closest?.("[data-stack]");
      if (!frame || !grid.contains(frame)) return;
      // By the key's place (event.code) as library.js reads letters, so S and Shift+P work on Russian and Kazakh
      // layouts too.
      const letter = /^Key[A-Z]$/.test(event.code) ? event.code.slice(3).toLowerCase() : event.key.toLowerCase();
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (letter === "p" && event.shiftKey) {
        event.preventDefault();
        event.stopPropagation();
        pickBurst(frame);
      } else if (letter === "s" && !event.shiftKey) {
        event.preventDefault();
        setOpen(frame, !isOpen(frame));
      }
    },
    true,
  );

  // The colour label's chip follows data-label through CSS; its words for screen readers follow here.
  new MutationObserver((records) => {
    for (const { target: cell } of records) {
      const marks = cell.querySelector(".marks");
      if (!marks) continue;
      let words = marks.querySelector("[data-label-words]");
      if (!words) {
        words = document.createElement("span");
        words.className = "visually-hidden";
        words.dataset.labelWords = "";
        marks.append(words);
      }
      words.textContent = cell.dataset.label ? root.getAttribute(`data-label-words-${cell.dataset.label}`) || "" : "";
    }
  }).observe(grid, { attributes: true, attributeFilter: ["data-label"], subtree: true });
  // More cells as the page scrolls (library.js appends them).
  new MutationObserver(() => quiet(grid)).observe(grid, { childList: true });

  quiet(grid);
  // Back from the loupe on a frame of a closed stack: open it, and the grid goes on from that frame.
  const fromHash = location.hash.startsWith("#photo-") && grid.querySelector(location.hash);
  if (fromHash && fromHash.hidden && fromHash.dataset.stack) {
    setOpen(fromHash, true);
    focusFrame(fromHash);
  }
})();
