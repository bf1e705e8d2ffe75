/* The network map: Cytoscape.js over GET /api/map, with filters, a time slider, alias search, focus on an
 * actor's neighbourhood and an evidence panel for a relationship.
 *
 * The whole map is laid out once (so actors keep their places); filters and the time slider ask the API
 * which actors and relationships remain and hide the rest. Everything shown in the panel is built with
 * createElement/textContent (factionmap.el), never innerHTML.
 */
(function () {
  "use strict";

  const fm = window.factionmap;
  const el = fm.el;
  const SEARCH_DELAY_MS = 180;
  const FILTER_DELAY_MS = 120;
  const SEARCH_LIMIT = 8;
  const FOCUS_ZOOM = 1.4;
  // Force-directed layout, spread wider than cose's defaults: the hubs of a militant network (al-Qaeda,
  // the Islamic State, the Taliban) otherwise pull every neighbour's label on top of each other.
  const LAYOUT = {
    name: "cose", animate: false, randomize: true, padding: 30, nodeRepulsion: () => 60000,
    idealEdgeLength: () => 110, nodeOverlap: 20, gravity: 0.4, componentSpacing: 90, numIter: 1500,
  };
  const SHAPES = {
    ARMED_GROUP: "ellipse", STATE: "round-rectangle", PERSON: "diamond",
    ORGANIZATION: "round-hexagon", LOCATION: "round-triangle",
  };

  const state = { cy: null, months: [], request: 0, searchSeq: 0, results: [], selected: -1, filterTimer: 0, searchTimer: 0 };
  const $ = (id) => document.getElementById(id);

  // --- colours and labels come from the page (CSS custom properties, the server-rendered type list) ----

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function relationColour(type) {
    return cssVar("--rel-" + type) || cssVar("--rel-default") || "#90a4ae";
  }

  function actorColour(type) {
    return cssVar("--actor-" + type) || cssVar("--actor-default") || "#9e9e9e";
  }

  function relationLabels() {
    const labels = {};
    for (const box of document.querySelectorAll("#type-filter input[name=type]")) labels[box.value] = box.dataset.label;
    return labels;
  }

  // --- building the graph ------------------------------------------------------------------------------

  function elements(data) {
    const nodes = data.nodes.map((n) => ({
      group: "nodes",
      data: { id: n.id, name: n.name, type: n.type, degree: n.degree, colour: actorColour(n.type), shape: SHAPES[n.type] || "ellipse" },
    }));
    const edges = data.edges.map((e) => ({
      group: "edges",
      data: {
        id: e.id, source: e.source, target: e.target, type: e.type, label: e.label, symmetric: e.symmetric,
        confidence: e.confidence, sources: e.sources, status: e.status, colour: relationColour(e.type),
      },
    }));
    return nodes.concat(edges);
  }

  function graphStyle() {
    return [
      { selector: "node", style: {
        "background-color": "data(colour)", shape: "data(shape)", label: "data(name)",
        width: "mapData(degree, 1, 12, 16, 44)", height: "mapData(degree, 1, 12, 16, 44)",
        "font-size": 10, color: "#1d2430", "text-valign": "bottom", "text-margin-y": 3,
        "text-outline-color": "#fbfcfe", "text-outline-width": 2, "min-zoomed-font-size": 6,
        "border-width": 1, "border-color": "#ffffff",
      } },
      { selector: "edge", style: {
        "line-color": "data(colour)", "target-arrow-color": "data(colour)", "curve-style": "bezier",
        width: "mapData(confidence, 0, 1, 1, 7)", opacity: 0.8, "arrow-scale": 0.8,
      } },
      { selector: "edge[!symmetric]", style: { "target-arrow-shape": "triangle" } },
      { selector: 'edge[status = "contested"]', style: { "line-style": "dashed" } },
      { selector: "node.focused", style: { "border-width": 3, "border-color": "#1d2430" } },
      { selector: "edge.focused", style: {
        opacity: 1, label: "data(label)", "font-size": 9, "text-rotation": "autorotate",
        "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 2,
        "underlay-color": "#1f5fae", "underlay-opacity": 0.2, "underlay-padding": 4,
      } },
      { selector: ".faded", style: { opacity: 0.1, "text-opacity": 0 } },
      { selector: ".hidden", style: { display: "none" } },
    ];
  }

  // --- the time slider: one stop per month from the first dated claim to the last, then "all dates" ----

  function months(min, max) {
    if (!min || !max) return [];
    let year = Number(min.slice(0, 4));
    let month = min.length >= 7 ? Number(min.slice(5, 7)) : 1;
    const endYear = Number(max.slice(0, 4));
    const endMonth = max.length >= 7 ? Number(max.slice(5, 7)) : 12;
    const out = [];
    while (year < endYear || (year === endYear && month <= endMonth)) {
      out.push(`${year}-${String(month).padStart(2, "0")}`);
      month += 1;
      if (month > 12) { month = 1; year += 1; }
    }
    return out;
  }

  function setUpSlider(dates) {
    const slider = $("as-of");
    state.months = months(dates && dates.min, dates && dates.max);
    slider.max = String(state.months.length);
    slider.value = String(state.months.length);
    slider.disabled = state.months.length === 0;
    $("as-of-min").textContent = state.months[0] || "";
    showAsOf();
  }

  function asOf() {
    const index = Number($("as-of").value);
    return index < state.months.length ? state.months[index] : null;
  }

  function showAsOf() {
    $("as-of-label").textContent = asOf() ? "as of " + asOf() : "all dates";
  }

  // --- filters -------------------------------------------------------------------------------------------

  function filterQuery() {
    const boxes = Array.from(document.querySelectorAll("#type-filter input[name=type]"));
    const checked = boxes.filter((b) => b.checked).map((b) => b.value);
    const params = new URLSearchParams();
    if (checked.length < boxes.length) params.set("types", checked.join(","));
    if ($("region").value) params.set("region", $("region").value);
    const minSources = Number($("min-sources").value);
    if (minSources > 1) params.set("min_sources", String(minSources));
    if (asOf()) params.set("as_of", asOf());
    return { params, none: checked.length === 0 };
  }

  function scheduleFilter() {
    clearTimeout(state.filterTimer);
    state.filterTimer = setTimeout(applyFilters, FILTER_DELAY_MS);
  }

  async function applyFilters() {
    const cy = state.cy;
    if (!cy) return;
    const { params, none } = filterQuery();
    const seq = ++state.request;
    let keepNodes = null;
    let keepEdges = null;
    if (none) {
      keepNodes = new Set();
      keepEdges = new Set();
    } else if ([...params.keys()].length) {
      try {
        const data = await fm.api("/api/map?" + params.toString());
        keepNodes = new Set(data.nodes.map((n) => n.id));
        keepEdges = new Set(data.edges.map((e) => e.id));
      } catch (error) {
        fm.toast("Could not filter the map: " + error.message, true);
        return;
      }
    }
    if (seq !== state.request) return; // a newer filter is on its way
    cy.batch(() => {
      cy.nodes().forEach((n) => n.toggleClass("hidden", keepNodes !== null && !keepNodes.has(n.id())));
      cy.edges().forEach((e) => e.toggleClass("hidden", keepEdges !== null && !keepEdges.has(e.id())));
    });
    showCount();
    const focused = cy.nodes(".focused");
    if (focused.nonempty() && !focused.hasClass("hidden")) focusNode(focused[0], false);
  }

  function showCount() {
    const cy = state.cy;
    const nodes = cy.nodes().not(".hidden").length;
    const edges = cy.edges().not(".hidden").length;
    const when = asOf() ? ` as of ${asOf()}` : "";
    $("map-count").textContent = `${nodes} actors · ${edges} relationships${when}`;
    $("map-count").dataset.edges = String(edges);
  }

  // --- focus and panels ----------------------------------------------------------------------------------

  function clearFocus() {
    const cy = state.cy;
    cy.elements().removeClass("faded focused");
    $("panel").hidden = true;
  }

  function focusNode(node, move) {
    const cy = state.cy;
    cy.batch(() => {
      cy.elements().removeClass("focused").addClass("faded");
      node.closedNeighborhood().removeClass("faded");
      node.addClass("focused");
    });
    if (move) cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), FOCUS_ZOOM) }, { duration: 250 });
    showActor(node);
  }

  function openPanel(...children) {
    $("panel-body").replaceChildren(...children);
    $("panel").hidden = false;
    $("panel").scrollTop = 0;
    state.cy.resize();
  }

  function swatch(type) {
    return el("span", { className: "swatch rel-" + type, "aria-hidden": "true" });
  }

  function showActor(node) {
    const labels = relationLabels();
    const edges = node.connectedEdges().not(".hidden").sort((a, b) => b.data("confidence") - a.data("confidence"));
    const list = el("ul", { className: "plain neighbour-list", dataset: { testid: "neighbours" } });
    edges.forEach((edge) => {
      const other = edge.source().id() === node.id() ? edge.target() : edge.source();
      const arrow = edge.data("symmetric") ? "↔" : (edge.source().id() === node.id() ? "→" : "←");
      const button = el("button", { type: "button", dataset: { edge: edge.id() } },
        swatch(edge.data("type")), `${labels[edge.data("type")] || edge.data("type")} ${arrow} ${other.data("name")}`,
        el("span", { className: "muted" }, ` · ${edge.data("confidence").toFixed(2)}`));
      button.addEventListener("click", () => showEvidence(edge));
      list.append(el("li", {}, button));
    });
    openPanel(
      el("h2", { dataset: { testid: "panel-title" } }, node.data("name")),
      el("div", { className: "links" }, node.data("type"), el("span", { className: "sep" }, "·"),
        el("a", { href: "/actors/" + fm.path(node.id()) }, "Actor page ›")),
      el("div", { className: "panel-section-title" }, `Relationships on the map (${edges.length})`),
      edges.length ? list : el("p", { className: "muted" }, "None with the current filters."));
  }

  function showOffMap(actor) {
    openPanel(
      el("h2", { dataset: { testid: "panel-title" } }, actor.name),
      el("div", { className: "links" }, actor.type, el("span", { className: "sep" }, "·"),
        el("a", { href: "/actors/" + fm.path(actor.id) }, "Actor page ›")),
      el("p", { className: "muted" }, "Not on the map with the current filters and date."));
  }

  async function showEvidence(edge) {
    const cy = state.cy;
    cy.batch(() => {
      cy.elements().removeClass("focused").addClass("faded");
      edge.connectedNodes().removeClass("faded");
      edge.removeClass("faded").addClass("focused");
    });
    const a = edge.source().id();
    const b = edge.target().id();
    openPanel(el("p", { className: "muted" }, "Loading the evidence…"));
    const params = asOf() ? "?as_of=" + encodeURIComponent(asOf()) : "";
    try {
      const answer = await fm.api(`/api/relationships/${fm.path(a)}/${fm.path(b)}${params}`);
      openPanel(...evidence(answer, edge.data("type")));
    } catch (error) {
      openPanel(el("p", { className: "muted" }, "Could not load the evidence: " + error.message));
    }
  }

  function evidence(answer, firstType) {
    const labels = relationLabels();
    const parts = [
      el("h2", { dataset: { testid: "panel-title" } }, `${answer.a.name} & ${answer.b.name}`),
      el("div", { className: "links" },
        el("a", { href: `/relationships/${fm.path(answer.a.id)}/${fm.path(answer.b.id)}`, dataset: { testid: "relationship-link" } }, "Full evidence page ›"),
        el("span", { className: "sep" }, "·"), el("a", { href: "/actors/" + fm.path(answer.a.id) }, answer.a.name),
        el("span", { className: "sep" }, "·"), el("a", { href: "/actors/" + fm.path(answer.b.id) }, answer.b.name)),
      el("div", { className: "summary", dataset: { testid: "panel-summary" } },
        ...answer.summary.split("\n").filter(Boolean).map((line) => el("p", {}, line))),
    ];
    const rels = answer.relationships.slice().sort((x, y) => (y.type === firstType) - (x.type === firstType) || y.confidence - x.confidence);
    for (const r of rels) {
      parts.push(el("h3", { dataset: { testid: "panel-relationship" } }, swatch(r.type),
        `${r.head_name} ${labels[r.type] || r.type} ${r.tail_name}`));
      const facts = [r.status, `confidence ${r.confidence.toFixed(2)}`,
        `${r.independent_sources} independent source${r.independent_sources === 1 ? "" : "s"}`,
        r.share_hedged ? `hedged in ${Math.round(r.share_hedged * 100)}%` : null, r.valid_to ? `ended ${r.valid_to}` : null];
      parts.push(el("div", { className: "rel-facts" }, ...facts.filter(Boolean).map((f) => el("span", {}, f))));
      parts.push(el("ol", { className: "claims" }, ...r.claims.map((c) => fm.claimItem(c, false))));
    }
    if (answer.conflicts.length) {
      parts.push(el("div", { className: "panel-section-title" }, "Contradictions"));
      parts.push(el("ul", { className: "plain", dataset: { testid: "panel-conflicts" } }, ...answer.conflicts.map((c) =>
        el("li", {}, el("span", { className: "tag tag-" + (c.reading === "change" ? "hedged" : "negated") }, c.reading), " ", c.narrative))));
    }
    if (answer.reference.length) {
      parts.push(el("div", { className: "panel-section-title" }, "Reference data"));
      parts.push(el("ul", { className: "plain" }, ...answer.reference.map((ref) => {
        const when = [ref.start, ref.end].filter(Boolean).join("–");
        return el("li", {}, `${ref.head_name} ${labels[ref.type] || ref.type} ${ref.tail_name}${when ? ` (${when})` : ""} [${ref.source}]`,
          ref.note ? el("div", { className: "muted" }, ref.note) : null);
      })));
    }
    return parts;
  }

  // --- search (any alias; the API also resolves misspellings) ---------------------------------------------

  function hideResults() {
    $("search-results").hidden = true;
    state.selected = -1;
  }

  function renderResults() {
    const list = $("search-results");
    const items = state.results.map((actor, i) => {
      const onMap = state.cy && state.cy.getElementById(actor.id).nonempty();
      const aliases = actor.aliases.slice(0, 3).join(", ");
      const li = el("li", { role: "option", "aria-selected": i === state.selected ? "true" : "false", dataset: { actor: actor.id } },
        el("span", { className: "result-name" }, actor.name),
        el("span", { className: "result-meta" }, [actor.type, aliases, `${actor.claims} claims`, onMap ? null : "not on the map"].filter(Boolean).join(" · ")));
      li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(actor); });
      return li;
    });
    list.replaceChildren(...items);
    if (!items.length) list.append(el("li", { className: "muted" }, "No actor by that name."));
    list.hidden = false;
  }

  async function search(text) {
    const seq = ++state.searchSeq;
    if (!text.trim()) { state.results = []; hideResults(); return; }
    try {
      const found = await fm.api(`/api/actors?q=${encodeURIComponent(text.trim())}&limit=${SEARCH_LIMIT}`);
      if (seq !== state.searchSeq) return;
      state.results = found.data;
      state.selected = state.results.length ? 0 : -1;
      renderResults();
    } catch (error) {
      if (seq === state.searchSeq) fm.toast("Search failed: " + error.message, true);
    }
  }

  function choose(actor) {
    hideResults();
    $("search").value = actor.name;
    const node = state.cy.getElementById(actor.id);
    if (node.nonempty() && !node.hasClass("hidden")) focusNode(node, true);
    else showOffMap(actor);
  }

  function wireSearch() {
    const input = $("search");
    input.addEventListener("input", () => {
      clearTimeout(state.searchTimer);
      state.searchTimer = setTimeout(() => search(input.value), SEARCH_DELAY_MS);
    });
    input.addEventListener("keydown", async (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        state.selected = Math.max(0, Math.min(state.results.length - 1, state.selected + step));
        renderResults();
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(state.searchTimer);
        if ($("search-results").hidden) await search(input.value);
        const actor = state.results[Math.max(state.selected, 0)];
        if (actor) choose(actor);
      } else if (event.key === "Escape") {
        hideResults();
      }
    });
    input.addEventListener("blur", () => setTimeout(hideResults, 100));
  }

  // --- controls --------------------------------------------------------------------------------------------

  function wireControls(data) {
    const region = $("region");
    for (const name of data.regions || []) region.append(el("option", { value: name }, name));
    setUpSlider(data.dates);
    $("as-of").addEventListener("input", () => { showAsOf(); scheduleFilter(); });
    for (const id of ["region", "min-sources"]) $(id).addEventListener("change", scheduleFilter);
    $("type-filter").addEventListener("change", scheduleFilter);
    for (const [id, on] of [["types-all", true], ["types-none", false]]) {
      $(id).addEventListener("click", () => {
        for (const box of document.querySelectorAll("#type-filter input[name=type]")) box.checked = on;
        scheduleFilter();
      });
    }
    $("clear-focus").addEventListener("click", clearFocus);
    $("fit").addEventListener("click", () => state.cy.fit(state.cy.elements().not(".hidden"), 30));
    $("panel-close").addEventListener("click", clearFocus);
    wireSearch();
  }

  async function start() {
    let data;
    try {
      data = await fm.api("/api/map");
    } catch (error) {
      $("map-count").textContent = "Could not load the map: " + error.message;
      return;
    }
    if (!data.edges.length) $("map-empty").hidden = false;
    const cy = cytoscape({
      container: $("cy"),
      elements: elements(data),
      style: graphStyle(),
      layout: LAYOUT,
      minZoom: 0.15,
      maxZoom: 4,
    });
    state.cy = cy;
    fm.map = cy; // a handle for the browser tests and the console
    cy.on("tap", "node", (event) => focusNode(event.target, false));
    cy.on("tap", "edge", (event) => showEvidence(event.target));
    cy.on("tap", (event) => { if (event.target === cy) clearFocus(); });
    wireControls(data);
    showCount();
    $("cy").dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", start);
})();
