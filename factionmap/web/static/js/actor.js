/* The actor page's review action: merge this actor into another (POST /api/review/merge, with the token). */
(function () {
  "use strict";

  const fm = window.factionmap;

  async function merge(event) {
    event.preventDefault();
    const form = event.target;
    const result = document.getElementById("merge-result");
    const into = form.elements.into.value.trim();
    const note = form.elements.note.value.trim();
    if (!into) return;
    result.textContent = "Merging…";
    try {
      const decision = await fm.api("/api/review/merge", {
        method: "POST", auth: true, json: { actor: form.dataset.actor, into, note: note || null },
      });
      const target = decision.into_id || into;
      result.replaceChildren("Merged (decision ", String(decision.id), "). ",
        fm.el("a", { href: "/actors/" + fm.path(target) }, "Open the actor it now counts as ›"));
    } catch (error) {
      result.textContent = "Merge refused: " + error.message;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("merge-form");
    if (form) form.addEventListener("submit", merge);
  });
})();
