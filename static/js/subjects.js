// Subject and consent pages: the minor's hint on the consent form, and the report's print button. No strings here:
// the words are in the templates.
(function () {
  "use strict";

  function minorHint(form) {
    var hint = form.querySelector("[data-minor-hint]");
    var minor = form.querySelector('input[name="is_minor"]');
    if (!hint || !minor) return;
    function update() {
      var status = form.querySelector('input[name="status"]:checked');
      hint.hidden = !(minor.checked && status && status.value === "verbal");
    }
    form.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("[data-consent-form]").forEach(minorHint);
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
