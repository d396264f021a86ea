// The graph view: draws /-/graph.cyjs?query=… with cytoscape.js; colour and filter by type, find, click through.
(function () {
  "use strict";
  const script = document.getElementById("graph-script");
  const query = document.getElementById("query").value;
  const status = document.getElementById("status");
  const problem = document.getElementById("graph-error");
  const typeLabels = JSON.parse(document.getElementById("type-labels").textContent);
  const params = new URLSearchParams({ query: query });
  const MAX_NODES = 5000;
  document.querySelectorAll("#downloads a").forEach((a) => { a.href = "/-/graph." + a.dataset.format + "?" + params; });

  // A click opens the node's page on this server: the server gives our own resources an href (/doc/…); any
  // other IRI, whatever its scheme (javascript:, data:, http:), is never followed.
  function open(node) {
    const href = node.data("href");
    if (typeof href === "string" && /^\/(doc|def|data)\//.test(href)) { window.location.assign(href); }
  }

  // A browser draws a few thousand nodes well; bigger networks are for Gephi (the download links).
  fetch("/-/graph.cyjs?" + params + "&max_nodes=" + MAX_NODES, { headers: { Accept: "application/json" } })
    .then((r) => r.json().then((body) => ({ ok: r.ok, body: body })))
    .then(({ ok, body }) => {
      if (!ok) { throw new Error(body.message || "the query failed"); }
      draw(body);
    })
    .catch((e) => { problem.textContent = e.message; document.body.dataset.graphState = "error"; });

  function draw(data) {
    const elements = data.elements;
    elements.edges.forEach((e, i) => { e.data.id = "e" + i; });
    const big = elements.nodes.length > 1500;
    const cy = cytoscape({
      container: document.getElementById("cy"),
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", label: "data(label)", "font-size": 9, "text-wrap": "ellipsis",
          "text-max-width": 120, width: 14, height: 14, color: "#222" } },
        { selector: "node[type = 'Project']", style: { shape: "round-rectangle", width: 18, height: 12 } },
        { selector: "edge", style: {
          width: 1, "line-color": "#b8c2cc", "curve-style": "bezier", "target-arrow-shape": "triangle",
          "target-arrow-color": "#b8c2cc", "arrow-scale": 0.6 } },
        { selector: ".found", style: { "border-width": 4, "border-color": "#000", width: 26, height: 26, "z-index": 10 } },
        { selector: ".faded", style: { opacity: 0.15 } },
      ],
      layout: big ? { name: "concentric", animate: false } : { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000 },
    });
    window.jkgGraph = cy;
    const counts = {};
    cy.nodes().forEach((n) => { counts[n.data("type")] = (counts[n.data("type")] || 0) + 1; });
    const types = document.getElementById("types");
    (data.data.types || []).forEach((t) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox"; box.checked = true; box.value = t.type;
      box.addEventListener("change", () => {
        cy.nodes().filter((n) => n.data("type") === t.type).style("display", box.checked ? "element" : "none");
        report();
      });
      const swatch = document.createElement("span");
      swatch.className = "swatch"; swatch.style.background = t.colour;
      label.title = t.type;
      label.append(box, swatch, document.createTextNode((typeLabels[t.type] || t.type) + " (" + (counts[t.type] || 0) + ")"));
      types.append(label);
    });
    const list = document.getElementById("node-labels");
    // Every name of a node (labels in each language, aliases such as JAXA, notations) finds it.
    const names = (n) => String(n.data("names") || n.data("label")).split(" | ");
    const listed = new Set();
    cy.nodes().forEach((n) => names(n).forEach((name) => {
      if (listed.has(name)) { return; }
      listed.add(name);
      const o = document.createElement("option"); o.value = name; list.append(o);
    }));
    document.getElementById("find").addEventListener("input", (ev) => {
      const wanted = ev.target.value.trim().toLowerCase();
      cy.elements().removeClass("found faded");
      if (!wanted) { return; }
      const found = cy.nodes().filter((n) => names(n).some((name) => name.toLowerCase().includes(wanted)));
      if (found.length) {
        cy.elements().addClass("faded");
        found.removeClass("faded").addClass("found");
        found.connectedEdges().removeClass("faded");
        cy.animate({ fit: { eles: found, padding: 80 } }, { duration: 300 });
      }
    });
    cy.on("tap", "node", (ev) => { open(ev.target); });
    cy.on("mouseover", "node", (ev) => { status.title = ev.target.data("iri"); });
    function report() {
      const shown = cy.nodes().filter((n) => n.style("display") !== "none").length;
      status.textContent = `${shown} ${script.dataset.nodes} · ${cy.edges().length} ${script.dataset.edges}`;
      status.dataset.nodes = String(shown);
      status.dataset.edges = String(cy.edges().length);
    }
    report();
    document.body.dataset.graphState = "drawn";
  }
})();
