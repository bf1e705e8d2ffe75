/* The ingest page: upload files (multipart, with an upload progress bar) or paste one article (JSON), then
 * show what the store did. Extraction happens on the server after the upload, so the bar turns into an
 * indeterminate "extracting" state until the answer arrives. */
(function () {
  "use strict";

  const fm = window.factionmap;
  const el = fm.el;
  const $ = (id) => document.getElementById(id);

  function progress(title, value, text) {
    $("progress-card").hidden = false;
    $("progress-title").textContent = title;
    if (value === null) $("progress").removeAttribute("value");
    else $("progress").value = value;
    $("progress-text").textContent = text || "";
  }

  function errorMessage(status, body) {
    try {
      const payload = JSON.parse(body);
      if (payload && payload.error) return payload.error.message;
    } catch (e) { /* not JSON: fall through */ }
    return "HTTP " + status;
  }

  function showResult(summary) {
    progress("Done", 100, "");
    const rows = [["new documents", summary.new], ["replaced", summary.replaced], ["copies of stored documents", summary.copies],
      ["already stored", summary.unchanged], ["claims extracted", summary.claims]];
    const table = el("table", { className: "table compact result-table" },
      el("tbody", {}, ...rows.map(([label, n]) => el("tr", {}, el("td", {}, String(n)), el("td", {}, label)))));
    const links = el("ul", { className: "plain", dataset: { testid: "ingested-documents" } },
      ...(summary.document_ids || []).map((id) => el("li", {}, el("a", { href: "/documents/" + id }, "document " + id))));
    const failures = el("ul", { className: "plain failures" }, ...(summary.failures || []).map((f) => el("li", {}, f)));
    $("ingest-result").replaceChildren(table, links, failures, el("p", {}, el("a", { href: "/" }, "Back to the map ›")));
  }

  function showError(message) {
    progress("Failed", 0, message);
    $("ingest-result").replaceChildren();
    fm.toast(message, true);
  }

  function upload(event) {
    event.preventDefault();
    const files = $("files").files;
    if (!files.length) return;
    const data = new FormData();
    for (const file of files) data.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/ingest");
    xhr.setRequestHeader("Authorization", "Bearer " + fm.token());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) progress("Uploading…", Math.round((e.loaded / e.total) * 100), `${files.length} file(s)`);
    });
    xhr.upload.addEventListener("load", () => progress("Extracting…", null, "Reading the articles and extracting claims."));
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) showResult(JSON.parse(xhr.responseText));
      else {
        if (xhr.status === 401) fm.setToken("");
        showError(errorMessage(xhr.status, xhr.responseText));
      }
    });
    xhr.addEventListener("error", () => showError("The upload failed (network error)."));
    progress("Uploading…", 0, `${files.length} file(s)`);
    xhr.send(data);
  }

  async function paste(event) {
    event.preventDefault();
    const form = event.target;
    const body = { text: form.elements.text.value };
    for (const name of ["title", "url", "publisher", "published"]) {
      const value = form.elements[name].value.trim();
      if (value) body[name] = value;
    }
    progress("Extracting…", null, "Reading the article and extracting claims.");
    try {
      showResult(await fm.api("/api/ingest", { method: "POST", auth: true, json: body }));
    } catch (error) {
      showError(error.message);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("upload-form").addEventListener("submit", upload);
    $("paste-form").addEventListener("submit", paste);
  });
})();
