// The query UI: YASGUI with a button per example query. A link to /sparql#query=… (a resource page's DESCRIBE,
// a table's "show the SPARQL") opens that query in a new tab, active, in the editor, and runs it; our own IRIs in
// the results open their page on this server instead of the base IRI's (possibly placeholder) host.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("sparql-config").textContent);
  const endpoint = new URL(config.endpoint, window.location.href).href;
  const examples = config.examples;
  // Read the linked query before YASGUI starts: its own URL handling would take the hash away and leave the
  // first example in the editor of the tab that shows the linked query's results.
  const linked = new URLSearchParams(window.location.hash.slice(1)).get("query");
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasqe: { autocompleters: ["variables"] }, // the other completers call outside services
  });
  window.jkgYasgui = yasgui;

  function open(name, query, run) {
    const tab = yasgui.addTab(true, { name: name, yasqe: { value: query }, requestConfig: { endpoint: endpoint, method: "POST" } });
    yasgui.markTabSelected(tab.getId()); // addTab shows the tab but leaves the old one marked in the list
    tab.getYasqe().setValue(query);
    if (run) { tab.getYasqe().query(); }
    return tab;
  }

  document.querySelectorAll("#examples button").forEach((button) => button.addEventListener("click", () => {
    const ex = examples.find((e) => e.slug === button.dataset.example);
    open(ex.title_ja, ex.query, true);
    window.lastExample = ex.slug;
  }));

  if (examples.length) {
    const first = yasgui.getTab();
    first.setName(examples[0].title_ja);
    first.getYasqe().setValue(examples[0].query);
  }
  if (linked) {
    open(linked.replace(/\s+/g, " ").slice(0, 40), linked, true);
  }

  // Where a browser follows an IRI: the same mapping as the server's Iris.local_path.
  function local(iri) {
    if (iri.startsWith(config.base + "id/")) { return "/doc/" + iri.slice(config.base.length + 3); }
    if (iri.startsWith(config.vocabulary)) { return "/def/jkg#" + iri.slice(config.vocabulary.length); }
    if (iri.startsWith(config.base + "data/")) { return "/data/" + iri.slice(config.base.length + 5); }
    return null;
  }
  function relink(root) {
    root.querySelectorAll("a[href]").forEach((a) => {
      const iri = a.getAttribute("href");
      const path = local(iri);
      if (path !== null) {
        a.setAttribute("href", path);
        a.setAttribute("title", iri);
        a.dataset.iri = iri;
      }
    });
  }
  new MutationObserver((changes) => changes.forEach((c) => c.addedNodes.forEach((n) => {
    if (n.nodeType === Node.ELEMENT_NODE) { relink(n.parentNode || n); }
  }))).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
})();
