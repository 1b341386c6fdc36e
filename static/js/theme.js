// Before the first paint (loaded without defer in <head>), so a visitor who chose dark or light never sees the
// other flash by. gallery.js draws the toggle.
try {
  var theme = localStorage.getItem("curation-theme");
  if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
} catch (e) {}

// Cross-document view transitions (gallery.css) and moving on quickly, as holding an arrow key in the viewer does.
// Leaving a page while its own transition in is still running makes Chrome abort the next page's transition after
// that page has been shown ("Page already revealed"), and that rejection reaches no script, so it would be an
// uncaught error: such a move goes without a transition. Every transition's promises are held, so one skipped for
// any other reason is quiet too: the new page simply appears. Registered here, not in a deferred file, because
// pagereveal fires before the first paint.
(function () {
  window.addEventListener("unhandledrejection", function (event) {
    var reason = event.reason;
    if (reason && (reason.name === "AbortError" || reason.name === "InvalidStateError") &&
        /transition/i.test(String(reason.message))) {
      event.preventDefault();
    }
  });
  var arriving = null;

  function hold(transition) {
    [transition.ready, transition.finished, transition.updateCallbackDone].forEach(function (promise) {
      if (promise && promise.catch) promise.catch(function () {});
    });
  }

  window.addEventListener("pagereveal", function (event) {
    var transition = event.viewTransition;
    if (!transition) return;
    hold(transition);
    arriving = transition;
    transition.finished.then(
      function () { if (arriving === transition) arriving = null; },
      function () { if (arriving === transition) arriving = null; }
    );
  });

  window.addEventListener("pageswap", function (event) {
    var transition = event.viewTransition;
    if (!transition) return;
    hold(transition);
  });

  if (!document.querySelector('meta[name="curation-view-transitions"]')) return;
  if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync("@view-transition { navigation: auto; }");
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  } catch (e) { /* no constructable style sheets: pages change without a transition */ }
})();
