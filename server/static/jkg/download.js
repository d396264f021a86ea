// Downloads with feedback: a link marked data-download is fetched as a stream while a spinner shows how many rows
// have come (CSV, JSON: counted as the lines arrive, out of the JKG-Result-Rows the server announces) or how much
// (xlsx and network files: a percentage of Content-Length, or kilobytes), then saved under the server's file
// name. Without JavaScript the link is an ordinary download.
(function () {
  "use strict";
  const script = document.getElementById("download-script");
  const box = document.getElementById("download-progress");
  if (!box || !window.fetch || !window.ReadableStream) { return; }
  const text = box.querySelector(".text");
  const say = (message) => { text.textContent = message; };

  async function download(link) {
    const total = Number(link.dataset.rows || 0);
    if (box.dataset.state === "running") { return; } // one at a time
    const kind = link.dataset.download;
    box.hidden = false;
    box.dataset.state = "running";
    say(script.dataset.preparing);
    const response = await fetch(link.href);
    if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
    const announced = response.headers.get("JKG-Result-Rows");
    const rows = Number(announced || total);
    const counting = announced !== null && kind !== "xlsx";
    const size = Number(response.headers.get("Content-Length") || 0);
    const name = (/filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "") || [])[1] || "download." + kind;
    const reader = response.body.getReader();
    const parts = [];
    let lines = 0;
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) { break; }
      parts.push(value);
      bytes += value.length;
      if (counting) { for (const b of value) { if (b === 10) { lines += 1; } } }
      const got = counting ? Math.max(0, lines - 1).toLocaleString() + " / " + rows.toLocaleString() + " " + script.dataset.rows
        : size ? Math.round(100 * bytes / size) + " %" : Math.round(bytes / 1024).toLocaleString() + " KB";
      say(name + ": " + got);
      box.dataset.received = String(Math.max(0, lines - 1));
    }
    const url = URL.createObjectURL(new Blob(parts, { type: response.headers.get("Content-Type") || "" }));
    const save = document.createElement("a");
    save.href = url; save.download = name; document.body.append(save); save.click(); save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(name + ": " + (announced !== null ? rows.toLocaleString() + " " + script.dataset.rows : Math.round(bytes / 1024).toLocaleString() + " KB") + " ✓");
    box.dataset.state = "done";
    box.dataset.rows = String(rows);
    box.dataset.bytes = String(bytes);
  }

  document.querySelectorAll("a[data-download]").forEach((link) => link.addEventListener("click", (event) => {
    event.preventDefault();
    download(link).catch((error) => { say(error.message); box.dataset.state = "error"; });
  }));
})();
