// The one-photo viewer: ←/→ and swipes move through the exhibition, Esc returns to it; the next photo is preloaded.
// Without this file every move is an ordinary link, so the viewer works without JavaScript.
(function () {
  "use strict";
  var prev = document.querySelector("[data-viewer-prev]");
  var next = document.querySelector("[data-viewer-next]");
  var close = document.querySelector("[data-viewer-close]");
  var FOCUS_FLAG = "curation-viewer-focus";

  // A second press before the next page has arrived would start the same move again and abort the first (and
  // its view transition): one move per page; a page restored from the back-forward cache may move again.
  var leaving = false;
  window.addEventListener("pageshow", function () { leaving = false; });

  function go(link) {
    if (!link || leaving) return;
    leaving = true;
    // The next page puts focus on its title, so a screen reader announces the new photograph.
    try { sessionStorage.setItem(FOCUS_FLAG, "1"); } catch (e) { /* storage disabled: focus stays at the top */ }
    window.location.assign(link.href);
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key === "ArrowLeft" && prev) { event.preventDefault(); go(prev); }
    else if (event.key === "ArrowRight" && next) { event.preventDefault(); go(next); }
    else if (event.key === "Escape" && close) { event.preventDefault(); leaving = true; window.location.assign(close.href); }
  });

  // Swipe: a mostly horizontal stroke of 50 px or more; vertical strokes keep scrolling to the caption.
  var surface = document.querySelector("[data-viewer-swipe]");
  if (surface && window.PointerEvent) {
    var start = null;
    surface.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" || !event.isPrimary) return;
      start = { x: event.clientX, y: event.clientY, t: Date.now() };
    });
    surface.addEventListener("pointercancel", function () { start = null; });
    surface.addEventListener("pointerup", function (event) {
      if (!start) return;
      var dx = event.clientX - start.x, dy = event.clientY - start.y, quick = Date.now() - start.t < 800;
      start = null;
      if (!quick || Math.abs(dx) < 50 || Math.abs(dx) < Math.abs(dy) * 1.5) return;
      go(dx < 0 ? next : prev);
    });
  }

  try {
    if (sessionStorage.getItem(FOCUS_FLAG)) {
      sessionStorage.removeItem(FOCUS_FLAG);
      var title = document.getElementById("viewer-title");
      if (title) title.focus({ preventScroll: true });
    }
  } catch (e) { /* storage disabled */ }

  // Preload the next photograph once this one has arrived, at the size this screen will show it.
  function preload() {
    if (!next || !next.dataset.preloadSrcset) return;
    var image = new Image();
    image.decoding = "async";
    image.sizes = next.dataset.preloadSizes || "100vw";
    image.srcset = next.dataset.preloadSrcset;
  }
  if (document.readyState === "complete") preload();
  else window.addEventListener("load", preload);
})();
