// Compare and survey: several photos at once, the culling keys acting on the active one (library.js reads which
// from .frame-active). Compare zooms both photos to 100 % with zoom and pan locked together; survey lays its
// photos out as large as the screen allows and drops a frame as you decide.
(() => {
  "use strict";

  const root = document.querySelector("[data-compare], [data-survey]");
  if (!root || !window.Frames) return;
  const { typing, keyOf, pointOn, Zoom } = window.Frames;
  const isSurvey = root.matches("[data-survey]");
  const help = root.querySelector("[data-help]");
  const status = root.querySelector("[data-frame-status]");
  const frames = () => [...root.querySelectorAll("[data-frame]")];
  const active = () => root.querySelector(".frame-active");

  function activate(frame, focus = true) {
    if (!frame) return;
    for (const other of frames()) {
      other.classList.toggle("frame-active", other === frame);
      if (other === frame) other.setAttribute("aria-current", "true");
      else other.removeAttribute("aria-current");
    }
    root.querySelector("[data-frame-back]").href = frame.dataset.library;
    if (focus && !frame.contains(document.activeElement)) frame.focus({ preventScroll: isSurvey });
  }
  root.addEventListener("focusin", (event) => {
    const frame = event.target.closest("[data-frame]");
    if (frame && !frame.classList.contains("frame-active")) activate(frame, false);
  });

  // --- Compare: zoom and pan locked together --------------------------------------------------------------
  const zooms = new Map();
  const zoomButton = root.querySelector("[data-zoom-toggle]");
  if (!isSurvey && frames().length === 2) {
    for (const frame of frames()) {
      const zoom = new Zoom(frame.querySelector("[data-frame-stage]"), {
        onPan: (fx, fy) => {
          for (const [other, otherZoom] of zooms) if (other !== frame) otherZoom.centreOn(fx, fy);
        },
        onClick: () => zoomOut(),
      });
      zooms.set(frame, zoom);
      // A click or a tap (read from the release: touch browsers may send no click) zooms both on that spot.
      const stage = frame.querySelector("[data-frame-stage]");
      let press = null;
      stage.addEventListener("pointerdown", (event) => {
        press = !zoom.open && event.isPrimary && event.button === 0 ? { x: event.clientX, y: event.clientY } : null;
      });
      stage.addEventListener("pointerup", (event) => {
        const img = event.target.closest("img.large");
        const still = press && Math.hypot(event.clientX - press.x, event.clientY - press.y) < 8;
        press = null;
        if (!img || !still || zoom.open) return;
        activate(frame);
        zoomIn(pointOn(img, event));
      });
    }
    zoomButton?.addEventListener("click", () => (zoomed() ? zoomOut() : zoomIn()));
  }
  const zoomed = () => [...zooms.values()].some((zoom) => zoom.open);

  function zoomIn(point = { fx: 0.5, fy: 0.5 }) {
    for (const [frame, zoom] of zooms) {
      const shown = frame.querySelector("img.large");
      if (!shown) continue;
      zoom.show({
        src: frame.dataset.original || shown.currentSrc,
        placeholder: shown.currentSrc || shown.src,
        width: Number(frame.dataset.width) || 0,
        height: Number(frame.dataset.height) || 0,
        ...point,
      });
    }
    if (!zoomed()) return;
    zoomButton?.setAttribute("aria-pressed", "true");
    status.textContent = root.dataset.msgZoomIn;
  }

  function zoomOut() {
    if (!zoomed()) return;
    for (const zoom of zooms.values()) zoom.hide();
    zoomButton?.setAttribute("aria-pressed", "false");
    status.textContent = root.dataset.msgZoomOut;
  }

  function panAll(dx, dy) {
    const zoom = zooms.get(active()) || [...zooms.values()][0];
    zoom.panBy(dx, dy); // its onPan moves the other
  }

  // --- Survey: as large as the screen allows ----------------------------------------------------------------
  const list = root.querySelector("[data-survey-frames]");

  // The number of columns that shows the most of the photos: each photo fits its cell, whatever its shape.
  // What a frame shows besides its photo (name, controls, padding and border), as the columns now lay it out.
  function frameMeta(frame) {
    return frame.offsetHeight - frame.querySelector("[data-frame-stage]").offsetHeight;
  }

  function layout() {
    if (!list) return;
    const all = frames();
    if (!all.length) return;
    const meta = frameMeta(all[0]);
    fit(all, meta);
    // A frame's words wrap differently in the columns just chosen: fit again to what they take there, or the
    // cells come out short of the window, leaving a band empty below.
    if (frameMeta(all[0]) !== meta) fit(all, frameMeta(all[0]));
  }

  function fit(all, meta) {
    const top = list.getBoundingClientRect().top + window.scrollY;
    const gap = 8;
    const style = getComputedStyle(list);
    const width = list.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const height = Math.max(window.innerHeight - top - 8, 240);
    const shapes = all.map((frame) => (Number(frame.dataset.width) || 3) / (Number(frame.dataset.height) || 2));
    let best = { columns: 1, area: 0, cell: 0 };
    for (let columns = 1; columns <= all.length; columns += 1) {
      const rows = Math.ceil(all.length / columns);
      const cellWidth = (width - gap * (columns - 1)) / columns;
      const cellHeight = (height - gap * (rows - 1)) / rows - meta;
      if (cellWidth <= 0 || cellHeight <= 40) continue;
      const area = shapes.reduce((sum, shape) => {
        const w = Math.min(cellWidth, cellHeight * shape);
        return sum + w * (w / shape);
      }, 0);
      if (area > best.area) best = { columns, area, cell: cellHeight };
    }
    list.style.setProperty("--survey-columns", String(best.columns));
    list.style.setProperty("--survey-cell", `${Math.floor(best.cell || 200)}px`);
    list.classList.add("survey-fitted");
  }
  if (list) {
    layout();
    window.addEventListener("resize", layout);
  }

  function columns() {
    const all = frames();
    if (!all.length) return 1;
    const n = all.findIndex((frame) => frame.offsetTop !== all[0].offsetTop);
    return n === -1 ? all.length : n;
  }

  // Drops a frame from the survey (never from the library): the address follows, so a reload shows the rest.
  function drop(frame) {
    const all = frames();
    const index = all.indexOf(frame);
    const name = frame.querySelector(".frame-name")?.textContent.trim() || "";
    const url = frame.querySelector("[data-frame-drop]").getAttribute("href");
    frame.remove();
    history.replaceState(null, "", url);
    for (const field of root.querySelectorAll("input[name=next]")) field.value = url;
    for (const link of root.querySelectorAll("[data-frame-drop]")) {
      const target = new URL(link.href, location.href);
      const photos = target.searchParams.getAll("photo").filter((pk) => pk !== frame.dataset.photo);
      target.searchParams.delete("photo");
      for (const pk of photos) target.searchParams.append("photo", pk);
      link.href = target.pathname + target.search;
    }
    const count = root.querySelector("[data-survey-count]");
    if (count) count.textContent = count.textContent.replace(/\d+/, String(frames().length));
    status.textContent = root.dataset.msgDropped.replace("%(name)s", name);
    layout();
    const rest = frames();
    activate(rest[Math.min(index, rest.length - 1)]);
    if (!rest.length) location.href = root.dataset.library;
  }
  root.addEventListener("click", (event) => {
    const link = event.target.closest("[data-frame-drop]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    drop(link.closest("[data-frame]"));
  });

  // --- Keys ---------------------------------------------------------------------------------------------------
  const PAN = 80;
  document.addEventListener("keydown", (event) => {
    if (typing(event) || help?.open || event.shiftKey) return;
    const key = keyOf(event);
    const frame = active();
    if (zoomed()) {
      const pan = { ArrowLeft: [PAN, 0], ArrowRight: [-PAN, 0], ArrowUp: [0, PAN], ArrowDown: [0, -PAN] }[key];
      if (pan) {
        event.preventDefault();
        panAll(...pan);
      } else if (key === "z" || key === "Escape") {
        event.preventDefault();
        zoomOut();
      }
      return;
    }
    const all = frames();
    const moves = isSurvey
      ? { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns(), ArrowDown: columns() }
      : { ArrowLeft: -1, ArrowRight: 1 };
    if (key in moves) {
      event.preventDefault();
      const index = Math.max(0, Math.min(all.indexOf(frame) + moves[key], all.length - 1));
      activate(all[index]);
    } else if (key === "z" && !isSurvey) {
      event.preventDefault();
      zoomIn();
    } else if (key === "Escape") {
      event.preventDefault();
      location.href = (frame || root).dataset.library;
    } else if (isSurvey && frame && (key === "Delete" || key === "Backspace")) {
      event.preventDefault();
      drop(frame);
    } else if (isSurvey && frame && key === "Enter" && event.target === frame) {
      event.preventDefault();
      location.href = frame.dataset.loupeUrl;
    }
  });
})();
