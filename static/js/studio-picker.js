// The photo picker: count what is chosen, and Shift+click ticks a run of photos as on a contact sheet.
(() => {
  "use strict";
  const form = document.querySelector("[data-picker]");
  if (!form) return;
  const boxes = Array.from(form.querySelectorAll('input[type="checkbox"][name="photo"]'));
  const counter = form.querySelector(".picker-count");
  let last = null;

  const update = () => {
    const count = boxes.filter((box) => box.checked).length;
    counter.textContent = count ? form.dataset.msgCount.replace("{count}", String(count)) : "";
  };

  form.addEventListener("click", (event) => {
    const box = event.target.closest('input[type="checkbox"][name="photo"]');
    if (!box) return;
    if (event.shiftKey && last && last !== box) {
      const [a, b] = [boxes.indexOf(last), boxes.indexOf(box)].sort((x, y) => x - y);
      for (const other of boxes.slice(a, b + 1)) if (!other.disabled) other.checked = box.checked;
    }
    last = box;
    update();
  });
  form.addEventListener("change", update);
  update();
})();
