/* Shared by every page: building DOM safely, calling the JSON API, the reviewer token, review buttons.
 *
 * Article text is hostile input: nothing here (or in the other scripts) puts data into innerHTML.
 * Elements are made with createElement and filled with textContent; links only ever point at this
 * site's own paths or at http(s) addresses.
 */
(function () {
  "use strict";

  const TOKEN_KEY = "factionmap.token";
  const TOAST_MS = 4000;

  /** A link target we are willing to put in an href: a path on this site, or an http(s) URL. */
  function safeHref(value) {
    if (typeof value !== "string") return null;
    if (value.startsWith("/") && !value.startsWith("//")) return value;
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  /** el("a", {href: "/x", className: "c", dataset: {id: 1}}, "text", child) — text children become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "href") {
        const href = safeHref(value);
        if (href) node.setAttribute("href", href);
      } else if (key.startsWith("on")) throw new Error("event handlers are attached with addEventListener");
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function path(...parts) {
    return parts.map((p) => encodeURIComponent(p)).join("/");
  }

  // --- the reviewer token (sessionStorage: gone when the tab closes) --------------------------------

  function token() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || "";
    } catch (e) {
      return "";
    }
  }

  function setToken(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
    showTokenState();
  }

  function showTokenState() {
    const has = Boolean(token());
    for (const node of document.querySelectorAll(".needs-token")) node.hidden = !has;
    for (const node of document.querySelectorAll(".locked-note")) node.hidden = has;
    const form = document.getElementById("token-form");
    const state = document.getElementById("token-state");
    if (form) form.hidden = has;
    if (state) state.hidden = !has;
  }

  // --- the JSON API ---------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message, body) {
      super(message);
      this.status = status;
      this.body = body;
    }
  }

  async function api(url, options) {
    const opts = options || {};
    const headers = { Accept: "application/json" };
    if (opts.auth) headers.Authorization = "Bearer " + token();
    let body = opts.body;
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.json);
    }
    const response = await fetch(url, { method: opts.method || "GET", headers, body, credentials: "same-origin" });
    let payload = null;
    try {
      payload = await response.json();
    } catch (e) {
      payload = null;
    }
    if (!response.ok) {
      const message = payload && payload.error ? payload.error.message : response.status + " " + response.statusText;
      if (response.status === 401) setToken("");
      throw new ApiError(response.status, message, payload);
    }
    return payload;
  }

  function toast(message, isError) {
    const node = document.getElementById("toast");
    if (!node) return;
    node.textContent = message;
    node.classList.toggle("error", Boolean(isError));
    node.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { node.hidden = true; }, TOAST_MS);
  }

  // --- claims (the map's evidence panel draws them the way the server's pages do) --------------------

  function tag(text, kind) {
    return el("span", { className: "tag" + (kind ? " tag-" + kind : "") }, text);
  }

  function claimItem(c, showPair) {
    // A date only the article gives is shown as such: "~2016-10", never as when the relation held.
    const date = c.time_source === "stated" ? el("span", { className: "claim-date" }, c.time)
      : c.date ? el("span", { className: "claim-date inferred", title: `No date in the sentence: reported in an article of ${c.date}`,
        dataset: { timeSource: "article" } }, "~" + c.date)
      : el("span", { className: "claim-date" }, "undated");
    const meta = el("div", { className: "claim-meta" }, date);
    if (showPair) meta.append(el("span", { className: "claim-pair" }, `${c.head_name} ${c.type} ${c.tail_name}`));
    if (c.negated) meta.append(tag("denial", "negated"));
    if (c.hedged) meta.append(tag("hedged", "hedged"));
    if (c.attributed_to) meta.append(tag("per " + c.attributed_to, "attributed"));
    if (c.review) meta.append(tag("analyst: " + c.review, c.review));
    meta.append(el("span", { className: "claim-confidence", title: "extraction confidence" }, c.confidence.toFixed(2)));
    const doc = c.document || {};
    const source = el("div", { className: "claim-source" },
      el("a", { href: "/documents/" + doc.id + "#claim-" + c.id }, doc.title || doc.doc_id || "document"));
    for (const part of [doc.publisher, doc.published]) {
      if (part) source.append(el("span", { className: "sep" }, "·"), part);
    }
    const actions = el("div", { className: "review-actions needs-token", hidden: !token() },
      el("button", { type: "button", className: "btn btn-small btn-accept", dataset: { review: "accept", claim: c.id } }, "Accept"),
      el("button", { type: "button", className: "btn btn-small btn-reject", dataset: { review: "reject", claim: c.id } }, "Reject"));
    const classes = ["claim", c.negated ? "is-negated" : "", c.review ? "review-" + c.review : ""].filter(Boolean);
    return el("li", { className: classes.join(" "), dataset: { testid: "claim", claimId: c.id } },
      meta, el("blockquote", { className: "quote", dataset: { testid: "quote" } }, c.evidence), source, actions);
  }

  async function review(button) {
    const verdict = button.dataset.review;
    const claimId = button.dataset.claim;
    button.disabled = true;
    try {
      await api("/api/review/claims/" + path(claimId), { method: "POST", auth: true, json: { verdict } });
      const item = button.closest(".claim");
      if (item) {
        item.classList.remove("review-accepted", "review-rejected");
        item.classList.add(verdict === "accept" ? "review-accepted" : "review-rejected");
      }
      toast(`Claim ${verdict === "accept" ? "accepted" : "rejected"}. The map updates on the next load.`);
    } catch (error) {
      toast("Review failed: " + error.message, true);
    } finally {
      button.disabled = false;
    }
  }

  function wireTokenForm() {
    const form = document.getElementById("token-form");
    const input = document.getElementById("token-input");
    const forget = document.getElementById("token-forget");
    if (form && input) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        setToken(input.value.trim());
        input.value = "";
        if (token()) toast("Review actions unlocked for this tab.");
      });
    }
    if (forget) forget.addEventListener("click", () => setToken(""));
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-review]");
    if (button) review(button);
  });

  document.addEventListener("DOMContentLoaded", () => {
    wireTokenForm();
    showTokenState();
  });

  window.factionmap = { el, api, path, token, setToken, showTokenState, toast, claimItem, safeHref, ApiError };
})();
