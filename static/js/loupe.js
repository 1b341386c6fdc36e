// The loupe: moving between frames in the page (the neighbours' data and images are fetched and decoded before
// the key is pressed, so a frame shows in the next paint), a swipe on a phone, the 100 % view, and Esc back to
// the same cell of the grid. Without the script the loupe is a page per photo with plain links.
(() => {
  "use strict";

  const root = document.querySelector("[data-loupe]");
  if (!root || !window.Frames) return;
  const { typing, keyOf, pickImage, pointOn, Zoom } = window.Frames;

  const stage = root.querySelector("[data-loupe-stage]");
  const controls = root.querySelector("[data-loupe-controls]");
  const status = root.querySelector("[data-loupe-status]");
  const zoomButton = root.querySelector("[data-zoom-toggle]");
  const help = root.querySelector("[data-help]");
  const titleSuffix = document.title.slice(document.title.lastIndexOf(" · "));

  const stepOf = (url, frameUrl) => (url ? { url, frame_url: frameUrl } : null);
  let current = {
    id: Number(root.dataset.photo),
    width: Number(root.dataset.width) || 0,
    height: Number(root.dataset.height) || 0,
    original_url: root.dataset.original,
    previous: stepOf(root.dataset.previous, root.dataset.previousFrame),
    next: stepOf(root.dataset.next, root.dataset.nextFrame),
    library_url: root.dataset.library,
    details_url: root.dataset.details,
    compare_url: root.dataset.compare,
  };

  // --- Frames ahead of time ---------------------------------------------------------------------------------
  // frame_url -> { data: Promise<frame JSON>, image: Promise<decoded <img> or null> }
  const cache = new Map();
  const CACHE_SIZE = 8;

  function stageBox() {
    const box = stage.getBoundingClientRect();
    return { width: box.width || window.innerWidth, height: Math.max(box.height, window.innerHeight * 0.6) };
  }

  async function prepareImage(frame) {
    const chosen = pickImage(frame.images, stageBox());
    if (!chosen) return null;
    const img = document.createElement("img");
    img.className = "large";
    img.alt = frame.alt;
    if (frame.width) {
      img.width = frame.width;
      img.height = frame.height;
    }
    img.src = chosen[0];
    await img.decode().catch(() => {}); // a broken image is still shown, as the page would show it
    return img;
  }

  function load(step) {
    if (!step) return null;
    let entry = cache.get(step.frame_url);
    if (!entry) {
      const data = fetch(step.frame_url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
        (response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))),
      );
      entry = { data, image: data.then(prepareImage) };
      entry.image.catch(() => cache.delete(step.frame_url)); // asked again next time
      cache.set(step.frame_url, entry);
      while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
    }
    return entry;
  }

  // The next two frames in the direction of travel and the one behind.
  function prefetch(direction) {
    load(current.previous);
    const ahead = load(direction < 0 ? current.previous : current.next);
    ahead?.data.then((frame) => load(direction < 0 ? frame.previous : frame.next)).catch(() => {});
    load(current.next);
  }

  // What was changed on a frame since its data was fetched (a star, a flag), painted over the cached controls.
  const known = new Map();
  root.addEventListener("cull:painted", (event) => known.set(Number(event.target.dataset.photo), event.detail));

  function show(frame, img) {
    zoomOut(true);
    for (const child of [...stage.children]) if (!child.classList.contains("zoom-layer")) child.remove();
    if (img) stage.prepend(img);
    else stage.insertAdjacentHTML("afterbegin", frame.stage);
    if (frame.failure) {
      const caption = document.createElement("figcaption");
      caption.className = "loupe-failure";
      caption.textContent = frame.failure;
      stage.append(caption);
    }
    controls.innerHTML = frame.controls;
    const state = known.get(frame.id);
    if (state) controls.querySelector("[data-cull-form]")?.dispatchEvent(new CustomEvent("cull:repaint", { detail: state }));

    const title = root.querySelector("[data-loupe-title]");
    title.textContent = frame.title;
    title.title = frame.filename;
    root.querySelector("[data-loupe-position]").textContent = frame.position;
    root.querySelector("[data-loupe-exif]").textContent = frame.exif;
    root.querySelector("[data-loupe-back]").href = frame.library_url;
    root.querySelector("[data-loupe-details]").href = frame.details_url;
    root.querySelector("[data-loupe-compare]").href = frame.compare_url;
    document.title = frame.title + titleSuffix;
    current = frame;
    root.dataset.photo = frame.id;
    // The address stays true: a reload shows this photo, and back leaves the loupe as it came.
    history.replaceState(null, "", frame.url);
  }

  let queue = Promise.resolve();
  let waiting = 0;
  function step(direction) {
    if (waiting > 1) return; // a held key moves one frame at a time, not a slideshow of queued frames
    waiting += 1;
    queue = queue
      .then(() => go(direction))
      .finally(() => (waiting -= 1));
  }

  async function go(direction) {
    const target = direction < 0 ? current.previous : current.next;
    if (!target) return;
    const entry = load(target);
    try {
      const [frame, img] = await Promise.all([entry.data, entry.image]);
      show(frame, img);
      prefetch(direction);
    } catch {
      location.href = target.url; // the page itself, as without the script
    }
  }

  controls.addEventListener("click", (event) => {
    const link = event.target.closest("[data-step-next], [data-step-previous]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    step(link.matches("[data-step-next]") ? 1 : -1);
  });

  // --- 100 % --------------------------------------------------------------------------------------------------
  const zoom = new Zoom(stage, { onClick: () => zoomOut() });

  function zoomIn(point = { fx: 0.5, fy: 0.5 }) {
    const shown = stage.querySelector("img.large");
    if (!shown) return;
    zoom.show({
      src: current.original_url || shown.currentSrc,
      placeholder: shown.currentSrc || shown.src,
      width: current.width,
      height: current.height,
      ...point,
    });
    zoomButton.setAttribute("aria-pressed", "true");
    status.textContent = root.dataset.msgZoomIn;
  }

  function zoomOut(quietly = false) {
    if (!zoom.open) return;
    zoom.hide();
    zoomButton.setAttribute("aria-pressed", "false");
    if (!quietly) status.textContent = root.dataset.msgZoomOut;
  }

  zoomButton.addEventListener("click", () => (zoom.open ? zoomOut() : zoomIn()));

  // A click or a tap on the photo zooms in on that spot; a swipe sideways moves to the next or previous frame.
  // Both are read from the pointer's release: a touch browser may send no click after a gesture that moved.
  let press = null;
  stage.addEventListener("pointerdown", (event) => {
    if (zoom.open || !event.isPrimary || event.button !== 0) return;
    press = { x: event.clientX, y: event.clientY, target: event.target };
  });
  stage.addEventListener("pointerup", (event) => {
    if (!press || zoom.open) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    const img = press.target.closest?.("img.large");
    press = null;
    if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) step(dx < 0 ? 1 : -1);
    else if (img && Math.hypot(dx, dy) < 8) zoomIn(pointOn(img, event));
  });
  stage.addEventListener("pointercancel", () => (press = null));

  // --- Keys ---------------------------------------------------------------------------------------------------
  const PAN = 80; // CSS pixels an arrow moves the 100 % view
  document.addEventListener("keydown", (event) => {
    if (typing(event) || help?.open || event.shiftKey) return;
    const key = keyOf(event);
    if (zoom.open) {
      const pan = { ArrowLeft: [PAN, 0], ArrowRight: [-PAN, 0], ArrowUp: [0, PAN], ArrowDown: [0, -PAN] }[key];
      if (pan) {
        event.preventDefault();
        zoom.panBy(...pan);
      } else if (key === "z" || key === "Escape") {
        event.preventDefault();
        zoomOut();
      }
      return;
    }
    if (key === "ArrowLeft" || key === "ArrowRight") {
      event.preventDefault();
      step(key === "ArrowLeft" ? -1 : 1);
    } else if (key === "z") {
      event.preventDefault();
      zoomIn();
    } else if (key === "Escape") {
      event.preventDefault();
      location.href = current.library_url;
    } else if (key === "i") {
      event.preventDefault();
      location.href = current.details_url;
    } else if (key === "c") {
      event.preventDefault();
      location.href = current.compare_url;
    }
  });

  prefetch(1);
})();
