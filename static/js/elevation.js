// The physical show's tab: move a work along its wall in the elevation by keys (arrows 10 mm, Shift 100 mm;
// Enter or leaving the work saves, Escape puts it back) or by dragging (saved on release). The server places it
// and sends back the elevation as it is now, which replaces the old one. A preset chosen in a work's printed form fills its sizes.
// Without this script every work has a form with its wall and offset, and a preset is applied when saved.
(() => {
  "use strict";

  const root = document.querySelector("[data-elevation]");
  const live = document.querySelector("#elevation-live");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  function say(text) {
    if (!live) return;
    live.textContent = "";
    window.setTimeout(() => { live.textContent = text; }, 40);
  }

  function work(node) {
    return node && node.closest ? node.closest(".el-work") : null;
  }

  // Where the work is drawn now, in mm from its wall's left end.
  function shown(g) {
    return Number(g.dataset.shown ?? g.dataset.offset);
  }

  function show(g, offset) {
    const wall = g.closest(".el-wall");
    const length = Number(wall.dataset.length);
    const clamped = Math.max(0, Math.min(length, Math.round(offset)));
    g.dataset.shown = String(clamped);
    g.setAttribute("transform", `translate(${clamped - Number(g.dataset.offset)} 0)`);
    g.setAttribute("aria-valuenow", String(clamped));
    const text = (g.getAttribute("aria-valuetext") || "").replace(/\d+/, String(clamped));
    g.setAttribute("aria-valuetext", text);
    const dimension = wall.querySelector(`[data-offset-of="${g.dataset.item}"]`);
    if (dimension) {
      dimension.setAttribute("transform", `translate(${clamped - Number(g.dataset.offset)} 0)`);
      dimension.querySelector("text").textContent = String(clamped);
    }
    g.classList.add("is-moving");
  }

  async function save(g) {
    if (!g.dataset.shown || Number(g.dataset.shown) === Number(g.dataset.offset) || g.dataset.saving) return;
    g.dataset.saving = "1";
    const item = g.dataset.item;
    const wall = g.closest(".el-wall").dataset.wall;
    const body = new FormData();
    body.append(`place-${item}-wall`, wall);
    body.append(`place-${item}-offset_mm`, g.dataset.shown);
    if (csrf) body.append("csrfmiddlewaretoken", csrf.value);
    let data = {};
    let response;
    try {
      response = await fetch(g.dataset.url, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      try { data = await response.json(); } catch (_) { /* a proxy's error page */ }
    } catch (_) {
      response = null;
    }
    delete g.dataset.saving;
    if (!response || !response.ok || !data.ok) {
      say(data.message || root.dataset.msgFailed);
      return;
    }
    const hadFocus = document.activeElement === g;
    // Saved: the old drawing may still lose the focus as it goes, and must not save again then.
    g.dataset.offset = g.dataset.shown;
    root.innerHTML = data.html;
    say(data.message);
    if (hadFocus) {
      const again = root.querySelector(`.el-work[data-item="${item}"]`);
      if (again) again.focus();
    }
  }

  if (root) {
    root.addEventListener("keydown", (event) => {
      const g = work(event.target);
      if (!g) return;
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        event.preventDefault();
        const step = (event.shiftKey ? 100 : 10) * (event.key === "ArrowLeft" ? -1 : 1);
        show(g, shown(g) + step);
      } else if (event.key === "Enter") {
        event.preventDefault();
        save(g);
      } else if (event.key === "Escape" && g.dataset.shown) {
        // Back where it was saved; nothing is sent.
        show(g, Number(g.dataset.offset));
        delete g.dataset.shown;
        g.classList.remove("is-moving");
      }
    });
    root.addEventListener("focusout", (event) => {
      const g = work(event.target);
      if (g && !g.dataset.dragging) save(g);
    });

    let drag = null;
    root.addEventListener("pointerdown", (event) => {
      const g = work(event.target);
      if (!g || event.button !== 0) return;
      const svg = g.ownerSVGElement;
      const matrix = svg.getScreenCTM();
      if (!matrix) return;
      event.preventDefault();
      g.focus();
      g.setPointerCapture(event.pointerId);
      g.dataset.dragging = "1";
      g.classList.add("is-dragging");
      drag = { g, startX: event.clientX, start: shown(g), scale: matrix.a };
    });
    root.addEventListener("pointermove", (event) => {
      if (!drag) return;
      show(drag.g, drag.start + (event.clientX - drag.startX) / drag.scale);
    });
    const drop = (event) => {
      if (!drag) return;
      const { g } = drag;
      drag = null;
      if (g.hasPointerCapture(event.pointerId)) g.releasePointerCapture(event.pointerId);
      delete g.dataset.dragging;
      g.classList.remove("is-dragging");
      save(g);
    };
    root.addEventListener("pointerup", drop);
    root.addEventListener("pointercancel", drop);
  }

  // A preset fills the sizes it stands for, for this photo's shape; the curator may change any of them after.
  document.addEventListener("change", (event) => {
    const select = event.target;
    if (!select.name || !select.name.endsWith("-preset")) return;
    const form = select.closest("[data-presets]");
    if (!form || !select.value) return;
    const sizes = JSON.parse(form.dataset.presets)[select.value];
    if (!sizes) return;
    const prefix = select.name.slice(0, -"preset".length);
    for (const [name, value] of Object.entries(sizes)) {
      const field = form.querySelector(`[name="${prefix}${name}"]`);
      if (field) field.value = String(value);
    }
  });
})();
