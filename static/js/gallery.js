// Visitors' pages: the light/dark switch (remembered in localStorage), and focus on the photo the viewer returned to.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "curation-theme";

  function effectiveTheme() {
    if (root.dataset.theme === "dark" || root.dataset.theme === "light") return root.dataset.theme;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  // The button says what a press will do ("Switch to dark theme"), in its text and its tooltip; on a phone only
  // its icon shows, and the words stay its accessible name.
  var toggle = document.querySelector("[data-theme-toggle]");
  var label = toggle && toggle.querySelector("[data-theme-toggle-text]");
  if (toggle && label) {
    var sync = function () {
      var words = effectiveTheme() === "dark" ? toggle.dataset.toLight : toggle.dataset.toDark;
      label.textContent = words;
      toggle.title = words;
      toggle.dataset.next = effectiveTheme() === "dark" ? "light" : "dark";
    };
    toggle.hidden = false;
    sync();
    toggle.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: the choice lasts for this page */ }
      sync();
    });
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      if (query.addEventListener) query.addEventListener("change", sync);
    }
  }

  // Coming back from the viewer (Esc or the close link) lands on #p-N: put keyboard focus on that photo's link
  // so Tab continues from there, not from the top of the page.
  // Chrome settles the fragment after the load event and drops focus set earlier, hence the wait.
  var match = /^#p-\d+$/.test(location.hash) && document.getElementById(location.hash.slice(1));
  var link = match && match.querySelector("a");
  if (link) {
    var focusLink = function () { setTimeout(function () { link.focus({ preventScroll: true }); }, 0); };
    if (document.readyState === "complete") focusLink();
    else window.addEventListener("load", focusLink);
  }
})();
