// Review links: "Copy" puts the link on the clipboard (or selects it where the clipboard is not allowed).
(() => {
  "use strict";
  const list = document.querySelector("[data-copy-links]");
  if (!list) return;
  list.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-copy]");
    if (!button) return;
    const input = button.parentElement.querySelector(".studio-link-url");
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      const label = button.textContent;
      button.textContent = list.dataset.msgCopied;
      window.setTimeout(() => { button.textContent = label; }, 1500);
    } catch (_) {
      // Selected: the curator copies it by hand.
    }
  });
})();
