// What the loupe, compare and survey share: which key was pressed, the image size a screen needs, and the 100 %
// view (one image pixel per device pixel), panned by drag and by the arrow keys.
(() => {
  "use strict";

  const { typing, keyOf } = window.Culling;

  // The smallest rendition that fills `box` (CSS pixels) at this screen's density; WebP when there is one.
  function pickImage(images, box) {
    const list = images.webp?.length ? images.webp : images.jpeg || [];
    if (!list.length) return null;
    const [, width, height] = list[list.length - 1];
    const scale = Math.min(box.width / width, box.height / height, 1);
    const needed = width * scale * (window.devicePixelRatio || 1) * 0.95;
    return list.find(([, w]) => w >= needed) || list[list.length - 1];
  }

  const clamp = (value, low, high) => Math.min(Math.max(value, low), high);

  // A layer over `stage` showing one image at 100 %. The centre of the view is kept as a fraction of the image
  // (fx, fy), so two zooms of different photos can be locked together: compare passes the same fractions to both.
  class Zoom {
    constructor(stage, { onPan, onClick } = {}) {
      this.stage = stage;
      this.onPan = onPan;
      this.onClick = onClick;
      this.open = false;
      this.fx = 0.5;
      this.fy = 0.5;
      this.layer = null;
    }

    build() {
      this.layer = document.createElement("div");
      this.layer.className = "zoom-layer";
      this.layer.hidden = true;
      this.img = document.createElement("img");
      this.img.className = "zoom-img";
      this.img.alt = "";
      this.img.draggable = false;
      this.layer.append(this.img);
      this.stage.append(this.layer);
      let press = null;
      this.layer.addEventListener("pointerdown", (event) => {
        if (event.button !== 0) return;
        this.layer.setPointerCapture(event.pointerId);
        press = { x: event.clientX, y: event.clientY, lastX: event.clientX, lastY: event.clientY, moved: 0 };
        this.layer.classList.add("zoom-dragging");
      });
      this.layer.addEventListener("pointermove", (event) => {
        if (!press) return;
        const dx = event.clientX - press.lastX;
        const dy = event.clientY - press.lastY;
        press.lastX = event.clientX;
        press.lastY = event.clientY;
        press.moved = Math.max(press.moved, Math.hypot(event.clientX - press.x, event.clientY - press.y));
        this.panBy(dx, dy);
      });
      const release = (event) => {
        if (!press) return;
        const click = event.type === "pointerup" && press.moved < 6;
        press = null;
        this.layer.classList.remove("zoom-dragging");
        if (click) this.onClick?.();
      };
      this.layer.addEventListener("pointerup", release);
      this.layer.addEventListener("pointercancel", release);
      window.addEventListener("resize", () => this.open && this.place());
    }

    // src: the original (or the largest rendition); placeholder: the image on screen, shown enlarged until the
    // original has arrived; width, height: the original's pixels when known.
    show({ src, placeholder, width, height, fx = 0.5, fy = 0.5 }) {
      if (!this.layer) this.build();
      this.open = true;
      this.fx = fx;
      this.fy = fy;
      this.src = src;
      this.size(width, height);
      this.img.src = placeholder || src;
      this.layer.hidden = false;
      this.stage.classList.add("zoomed");
      this.place();
      if (src && src !== placeholder) {
        const full = new Image();
        full.src = src;
        full
          .decode()
          .then(() => {
            if (!this.open || this.src !== src) return;
            this.size(full.naturalWidth, full.naturalHeight); // the original's own pixels, turned as it displays
            this.img.src = src;
            this.place();
          })
          .catch(() => {}); // the enlarged placeholder stays
      }
    }

    size(width, height) {
      const ratio = window.devicePixelRatio || 1;
      if (!width || !height) return;
      this.width = width / ratio;
      this.height = height / ratio;
      this.img.style.width = `${this.width}px`;
      this.img.style.height = `${this.height}px`;
    }

    hide() {
      if (!this.open) return;
      this.open = false;
      this.src = "";
      this.layer.hidden = true;
      this.img.removeAttribute("src");
      this.stage.classList.remove("zoomed");
    }

    // Keeps the image over the whole view: the centre cannot come closer to an edge than half the view.
    clampCentre() {
      const view = this.layer.getBoundingClientRect();
      const hw = view.width / 2 / this.width;
      const hh = view.height / 2 / this.height;
      this.fx = hw >= 0.5 ? 0.5 : clamp(this.fx, hw, 1 - hw);
      this.fy = hh >= 0.5 ? 0.5 : clamp(this.fy, hh, 1 - hh);
      return view;
    }

    place() {
      if (!this.width) return;
      const view = this.clampCentre();
      const x = view.width / 2 - this.fx * this.width;
      const y = view.height / 2 - this.fy * this.height;
      this.img.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
    }

    panBy(dx, dy) {
      if (!this.open || !this.width) return;
      this.fx -= dx / this.width;
      this.fy -= dy / this.height;
      this.place();
      this.onPan?.(this.fx, this.fy);
    }

    centreOn(fx, fy) {
      this.fx = fx;
      this.fy = fy;
      if (this.open) this.place();
    }
  }

  // Where on the shown image a click fell, as fractions of it (for zooming in on that spot).
  function pointOn(img, event) {
    const box = img.getBoundingClientRect();
    return {
      fx: clamp((event.clientX - box.left) / box.width, 0, 1),
      fy: clamp((event.clientY - box.top) / box.height, 0, 1),
    };
  }

  window.Frames = { typing, keyOf, pickImage, pointOn, Zoom };
})();
