// Before the first paint (loaded without defer in <head>), so a visitor who chose dark or light never sees the
// other flash by. gallery.js draws the toggle.
try {
  var theme = localStorage.getItem("curation-theme");
  if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
} catch (e) {}
