// The upload page: many files in flight (about three), per-file and overall progress, a retry for a file
// that failed on the way, and thumbnails that appear as the workers make them. The page tells the truth about
// the workers too ("Thumbnails 12 of 30 · full sizes 3 of 30") and says "Done" only once every photo is ready or
// has failed with its reason. It tells the server when it has sent every file, so the full sizes wait for the last
// thumbnail. Without this script the page is a plain multi-file form. Every word shown comes from data-* attributes
// the template translated (plural forms as JSON, chosen with Intl.PluralRules).
(() => {
  "use strict";

  const root = document.querySelector("[data-upload]");
  if (!root) return;

  const form = root.querySelector("[data-dropzone]");
  const fileInput = root.querySelector("[data-file-input]");
  const folderInput = root.querySelector("[data-folder-input]");
  const list = root.querySelector("[data-list]");
  const rowTemplate = root.querySelector("[data-row-template]");
  const progress = root.querySelector("[data-progress]");
  const overallBar = root.querySelector("[data-overall-bar]");
  const overallText = root.querySelector("[data-overall-text]");
  const overallDone = root.querySelector("[data-overall-done]");
  const processingText = root.querySelector("[data-processing-text]");
  const batchLink = root.querySelector("[data-batch-link]");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const maxBytes = Number(root.dataset.maxBytes) || Infinity;
  const concurrency = Number(root.dataset.concurrency) || 3;
  const lang = document.documentElement.lang || undefined;
  const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const pluralRules = new Intl.PluralRules(lang);

  const FINAL = new Set(["imported", "duplicate", "refused", "failed"]);
  const ACTIVE = new Set(["sending", "checking"]);
  const items = [];
  const waiting = new Map(); // photo id -> rows waiting for the workers
  let batchPromise = null;
  let batchSending = false; // whether the server was told that files are on their way into the batch
  let skippedHidden = 0;
  let samples = [];
  let pollTimer = null;

  function text(name, values = {}) {
    let message = root.dataset[name] || "";
    for (const [key, value] of Object.entries(values)) message = message.replace(`%(${key})s`, value);
    return message;
  }

  // The server rendered each message for a few sample counts; the one whose plural category matches is the form.
  function plural(name, count, values = {}) {
    const forms = JSON.parse(root.dataset[name] || "{}");
    const category = pluralRules.select(count);
    const sample = Object.keys(forms).find((n) => pluralRules.select(Number(n)) === category);
    let message = forms[sample] ?? forms[Object.keys(forms).pop()] ?? "";
    for (const [key, value] of Object.entries({ count, ...values })) message = message.replace(`%(${key})s`, value);
    return message;
  }

  function bytes(n) {
    const units = [["unitGb", 2 ** 30], ["unitMb", 2 ** 20], ["unitKb", 2 ** 10]];
    for (const [unit, size] of units) if (n >= size) return `${numbers.format(n / size)} ${text(unit)}`;
    return `${numbers.format(n)} ${text("unitB")}`;
  }

  function duration(seconds) {
    if (seconds < 60) return `${Math.max(1, Math.round(seconds))} ${text("unitS")}`;
    if (seconds < 3600) return `${Math.round(seconds / 60)} ${text("unitMin")}`;
    return `${Math.floor(seconds / 3600)} ${text("unitH")} ${Math.round((seconds % 3600) / 60)} ${text("unitMin")}`;
  }

  // --- The page takes over from the plain form --------------------------------------------------------
  form.querySelector("[data-plain-submit]").hidden = true;
  form.querySelector("[data-plain-note]").hidden = true;
  if (folderInput && "webkitdirectory" in HTMLInputElement.prototype) {
    root.querySelector("[data-folder-button]").hidden = false;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    add([...fileInput.files]);
  });
  for (const input of [fileInput, folderInput]) {
    input?.addEventListener("change", () => {
      add([...input.files]);
      input.value = "";
    });
    // Files chosen before this script arrived (a slow connection) are not lost.
    if (input?.files.length) {
      add([...input.files]);
      input.value = "";
    }
  }
  form.addEventListener("dragover", (event) => {
    event.preventDefault();
    form.classList.add("dropzone-over");
  });
  form.addEventListener("dragleave", () => form.classList.remove("dropzone-over"));
  form.addEventListener("drop", async (event) => {
    event.preventDefault();
    form.classList.remove("dropzone-over");
    // Entries must be taken during the event: the browser empties dataTransfer afterwards.
    const entries = [...event.dataTransfer.items]
      .map((item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null))
      .filter(Boolean);
    add(entries.length ? await filesOf(entries) : [...event.dataTransfer.files]);
  });

  async function filesOf(entries) {
    const files = [];
    async function walk(entry) {
      if (entry.name.startsWith(".")) {
        skippedHidden += 1;
        return;
      }
      if (entry.isFile) {
        files.push(await new Promise((resolve, reject) => entry.file(resolve, reject)));
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        for (;;) {
          const some = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
          if (!some.length) break;
          for (const child of some) await walk(child);
        }
      }
    }
    for (const entry of entries) await walk(entry);
    return files;
  }

  // --- Queue ----------------------------------------------------------------------------------------------
  function add(files) {
    const wanted = files.filter((file) => {
      // Hidden system files (.DS_Store, macOS "._" twins) are never photos.
      if (file.name.startsWith(".")) {
        skippedHidden += 1;
        return false;
      }
      return true;
    });
    wanted.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    for (const file of wanted) {
      const row = rowTemplate.content.firstElementChild.cloneNode(true);
      row.querySelector(".up-name").textContent = file.webkitRelativePath || file.name;
      row.querySelector(".up-size").textContent = bytes(file.size);
      const item = { file, row, state: "queued", sent: 0, photoId: null, thumbnail: false, full: false };
      row.querySelector(".up-retry").textContent = text("msgRetry");
      row.querySelector(".up-retry").addEventListener("click", () => retry(item));
      list.append(row);
      items.push(item);
      if (file.size > maxBytes) {
        settle(item, "refused", text("msgTooLarge"));
      } else {
        show(item, "queued", text("msgQueued"));
      }
    }
    if (wanted.length || skippedHidden) progress.hidden = false;
    pump();
    update();
  }

  function show(item, state, message) {
    item.state = state;
    item.row.dataset.state = state;
    const status = item.row.querySelector(".up-status");
    status.textContent = message;
    return status;
  }

  function pump() {
    let running = items.filter((item) => ACTIVE.has(item.state)).length;
    for (const item of items) {
      if (running >= concurrency) break;
      if (item.state === "queued") {
        running += 1;
        send(item);
      }
    }
    if (!items.some((item) => item.state === "queued" || ACTIVE.has(item.state))) batchSent();
    update();
  }

  function batchState(id, state) {
    const data = new FormData();
    data.append("batch", id);
    data.append("state", state);
    return fetch(root.dataset.batchUrl, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      credentials: "same-origin",
    }).catch(() => null); // the server stops waiting by itself a little later
  }

  // Every change of the batch's state goes through batchPromise, so the server hears them in order.
  function batchSent() {
    if (!batchPromise || !batchSending) return;
    batchSending = false;
    batchPromise = batchPromise.then((id) => (id ? batchState(id, "sent").then(() => id) : id));
  }

  function batch() {
    if (batchPromise && !batchSending) {
      batchSending = true;
      batchPromise = batchPromise.then((id) => (id ? batchState(id, "sending").then(() => id) : id));
    }
    if (!batchPromise) {
      batchSending = true;
      batchPromise = fetch(root.dataset.batchUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((data) => {
          // Shown by update() once a photo of this upload is in the library: a link to an empty
          // filter after every file was refused would only confuse.
          batchLink.href = data.library_url;
          return data.batch;
        })
        .catch(() => {
          batchPromise = null; // the files still go in; only the grouping is lost
          return "";
        });
    }
    return batchPromise;
  }

  async function send(item) {
    show(item, "sending", text("msgSending"));
    const batchId = await batch();
    const data = new FormData();
    data.append("batch", batchId || "");
    data.append("file", item.file, item.file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", root.dataset.fileUrl);
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (event) => {
      item.sent = Math.min(event.loaded, item.file.size);
      item.row.querySelector(".up-bar").value = item.file.size ? item.sent / item.file.size : 1;
      update();
    });
    xhr.upload.addEventListener("load", () => {
      item.sent = item.file.size;
      // The bytes are there; the server now checks the content and stores it.
      if (item.state === "sending") show(item, "checking", text("msgChecking"));
      update();
    });
    xhr.addEventListener("load", () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (body && FINAL.has(body.status)) {
        received(item, body);
      } else {
        settle(item, "failed", (body && body.message) || text(xhr.status ? "msgServer" : "msgNetwork"));
      }
      pump();
    });
    for (const kind of ["error", "abort", "timeout"]) {
      xhr.addEventListener(kind, () => {
        settle(item, "failed", text("msgNetwork"));
        pump();
      });
    }
    xhr.send(data);
  }

  function settle(item, state, message) {
    show(item, state, message);
    item.row.querySelector(".up-bar").value = state === "refused" || state === "failed" ? 0 : 1;
    item.row.querySelector(".up-retry").hidden = state !== "failed";
    update();
  }

  function retry(item) {
    item.sent = 0;
    item.row.querySelector(".up-retry").hidden = true;
    show(item, "queued", text("msgQueued"));
    pump();
  }

  function received(item, body) {
    item.photoId = body.photo_id;
    if (body.status === "refused") {
      settle(item, "refused", body.message);
      return;
    }
    if (body.status === "duplicate") {
      settle(item, "duplicate", `${text("msgDuplicate")} — `);
      const link = document.createElement("a");
      link.href = body.photo_url;
      link.textContent = text("msgOpen");
      item.row.querySelector(".up-status").append(link);
    } else {
      settle(item, "imported", text("msgProcessing"));
    }
    processing(item, body);
  }

  // --- Waiting for the workers ------------------------------------------------------------------------------
  function processing(item, photo) {
    if (photo.thumbnail_url) {
      thumbnail(item, photo.thumbnail_url);
      // The thumbnail is what the photographer waits for; the larger sizes are counted on the overall line.
      if (item.state === "imported") show(item, "imported", text("msgReady"));
    }
    const state = photo.processing || photo.status;
    if (state === "ready") {
      item.full = true;
      item.row.dataset.stage = "full";
      if (item.state === "imported") show(item, "imported", text("msgReady"));
      update();
      return;
    }
    if (state === "failed") {
      processingFailed(item, photo.failure_reason);
      return;
    }
    if (!waiting.has(item.photoId)) waiting.set(item.photoId, new Set());
    waiting.get(item.photoId).add(item);
    poll();
  }

  function thumbnail(item, url) {
    item.thumbnail = true;
    if (!item.full) item.row.dataset.stage = "thumbnail";
    update();
    const slot = item.row.querySelector(".up-thumb");
    if (slot.querySelector("img")) return;
    const img = document.createElement("img");
    img.src = url;
    img.alt = "";
    img.width = 48;
    img.height = 48;
    slot.append(img);
  }

  function processingFailed(item, reason) {
    item.row.dataset.stage = "failed";
    const status = show(item, "processing-failed", reason || "");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = text("msgRetryProcessing");
    button.addEventListener("click", async () => {
      button.disabled = true;
      const response = await fetch(root.dataset.retryUrl.replace("/0/", `/${item.photoId}/`), {
        method: "POST",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        credentials: "same-origin",
      }).catch(() => null);
      if (response && response.ok) {
        item.thumbnail = false;
        item.full = false;
        delete item.row.dataset.stage;
        item.row.querySelector(".up-thumb").replaceChildren();
        show(item, "imported", text("msgProcessing"));
        processing(item, { status: "pending" });
      } else {
        button.disabled = false;
      }
    });
    status.append(" ", button);
    update();
  }

  function poll() {
    if (pollTimer || !waiting.size) return;
    pollTimer = setTimeout(async () => {
      pollTimer = null;
      const ids = [...waiting.keys()].slice(0, 200);
      try {
        const response = await fetch(`${root.dataset.statusUrl}?ids=${ids.join(",")}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (response.ok) {
          for (const photo of (await response.json()).photos) {
            const rows = waiting.get(photo.id) || new Set();
            if (photo.status === "ready" || photo.status === "failed") waiting.delete(photo.id);
            for (const item of rows) processing(item, { ...photo, processing: photo.status });
          }
        }
      } catch {
        // Offline for a moment: the next poll catches up.
      }
      poll();
    }, 1000);
  }

  // --- Overall progress -------------------------------------------------------------------------------------
  function update() {
    const counted = items.filter((item) => !(item.state === "refused" && item.file.size > maxBytes));
    const total = counted.reduce((sum, item) => sum + item.file.size, 0);
    const sent = counted.reduce(
      (sum, item) => sum + (FINAL.has(item.state) || item.state === "processing-failed" ? item.file.size : item.sent),
      0,
    );
    const done = items.filter((item) => !(item.state === "queued" || ACTIVE.has(item.state))).length;
    overallBar.value = total ? sent / total : done === items.length ? 1 : 0;
    let line = text("msgOverall", { done, total: items.length, sent: bytes(sent), bytes: bytes(total) });
    const now = performance.now();
    samples.push([now, sent]);
    samples = samples.filter(([at]) => now - at < 8000);
    const [firstAt, firstSent] = samples[0];
    const rate = now > firstAt ? ((sent - firstSent) / (now - firstAt)) * 1000 : 0;
    const busy = done < items.length;
    if (busy && rate > 0) line += ` · ${text("msgEta", { time: duration((total - sent) / rate) })}`;
    overallText.textContent = line;
    // Photos still to come count too: the line says how far the workers are through the whole upload.
    const expected = items.filter((item) => !["refused", "failed", "processing-failed"].includes(item.state));
    const thumbnails = expected.filter((item) => item.thumbnail).length;
    const fulls = expected.filter((item) => item.full).length;
    processingText.hidden = !expected.length;
    processingText.textContent = [
      plural("pluralThumbnails", expected.length, { done: thumbnails }),
      plural("pluralFullSizes", expected.length, { done: fulls }),
    ].join(" · ");
    batchLink.hidden =
      batchLink.getAttribute("href") === "#" ||
      !items.some((item) => item.state === "imported" || item.state === "processing-failed");
    if (!busy && items.length) {
      const count = (state) => items.filter((item) => item.state === state).length;
      // "Done" only once the workers are done too: before that, the files are sent, not ready.
      const settled = fulls === expected.length;
      let summary = text(settled ? "msgFinished" : "msgSent", {
        imported: count("imported") + count("processing-failed"),
        duplicate: count("duplicate"),
        refused: count("refused"),
        failed: count("failed"),
      });
      if (!settled) summary += ` ${text(thumbnails < expected.length ? "msgWaitThumbnails" : "msgWaitFullSizes")}`;
      if (count("processing-failed")) summary += ` ${plural("pluralUnprocessable", count("processing-failed"))}`;
      if (skippedHidden) summary += ` ${plural("pluralSkipped", skippedHidden)}`;
      // Rewritten only when it changes: a live region may announce every write.
      if (overallDone.textContent !== summary) overallDone.textContent = summary;
      overallDone.hidden = false;
    } else {
      overallDone.hidden = true;
    }
  }

  window.addEventListener("beforeunload", (event) => {
    if (items.some((item) => item.state === "queued" || ACTIVE.has(item.state))) {
      event.preventDefault();
      event.returnValue = text("msgLeave");
    }
  });
})();
