/* The pages about the graph and the server: /browse, the index of what the graph covers (each
   term with a count, filterable as you type); /about/api from the
   OpenAPI document (each path with its methods, parameters and answers; named queries link to
   the query page), /about/service from the SPARQL service description (the facts a client
   needs, then the description itself as Turtle) and the server's limits. */
"use strict";

const ABOUT = {
  "/browse": {
    title: "What the graph covers",
    intro: ["Every drug, condition, effect, drug class, mechanism and document that the curated statements use. The count after a drug or document is its statements; after a term, the drugs linked to it."],
    render: () => indexPage(),
  },
  "/about/api": {
    title: "HTTP API",
    intro: ["Every call answers JSON. The machine-readable description is ",
            () => PK.el("a", { href: "/openapi.json" }, "/openapi.json"), " (OpenAPI 3.1); this page is that document, rendered."],
    render: () => apiPage(),
  },
  "/about/service": {
    title: "SPARQL service",
    intro: ["The SPARQL 1.1 Protocol endpoint is ", () => PK.el("code", { id: "endpoint" }, "/sparql"),
            ". Without a query parameter it answers its service description (RDF, below); programs such as SPARQLWrapper, YASGUI or Protégé can use it directly."],
    render: () => servicePage(),
  },
};

function paramList(params) {
  if (!params || !params.length) return null;
  return PK.el("ul", {}, params.map(p => PK.el("li", {},
    PK.el("code", {}, p.name), ` (${p.in}${p.required ? ", required" : ""})`,
    p.description ? " — " + p.description : "")));
}

function operation(path, method, op) {
  const named = path.startsWith("/api/queries/") && !path.includes("{");
  const responses = Object.entries(op.responses || {}).map(([code, r]) => `${code} ${r.description || ""}`.trim());
  return PK.el("div", { class: "endpoint", "data-path": path },
    PK.el("div", {}, PK.el("span", { class: "method" }, method.toUpperCase()), PK.el("code", { class: "path" }, path)),
    op.summary ? PK.el("div", {}, PK.el("strong", {}, op.summary)) : null,
    op.description ? PK.el("p", { class: "muted" }, op.description) : null,
    paramList(op.parameters),
    responses.length ? PK.el("div", { class: "muted" }, "Answers: " + responses.join(" · ")) : null,
    named ? PK.el("div", {}, PK.el("a", { href: "/?q=" + encodeURIComponent(path.slice("/api/queries/".length)) }, "Try it on the query page")) : null);
}

async function apiPage() {
  const doc = await PK.json("/openapi.json");
  const general = [], named = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      (path.startsWith("/api/queries/") && !path.includes("{") ? named : general).push(operation(path, method, op));
    }
  }
  document.getElementById("doc").replaceChildren(
    PK.el("p", {}, doc.info.description || ""),
    PK.el("p", { class: "muted" }, `${doc.info.title}, version ${doc.info.version}; server ${doc.servers.map(s => s.url).join(", ")}`),
    PK.el("h2", {}, "Endpoints"), ...general,
    PK.el("h2", {}, `Named queries (${named.length})`),
    PK.el("p", { class: "muted" }, "Each takes names, synonyms or brand names for its parameters and answers SPARQL JSON results plus the resolved parameters; an empty answer carries empty_reason."),
    ...named);
}

function local(word) { return word.replace(/^.*[#/:]/, "").replace(/_/g, " "); }

async function servicePage() {
  const response = await fetch("/sparql", { headers: { Accept: "text/turtle" } });
  const turtle = await response.text();
  const info = await PK.json("/api/info");
  const grab = (prop) => {
    const m = new RegExp("sd:" + prop + "\\s+([^;\\]]+)").exec(turtle);
    return m ? m[1].trim().split(/\s*,\s*/).map(local) : [];
  };
  const endpoint = (/sd:endpoint\s+<([^>]+)>/.exec(turtle) || [])[1] || location.origin + "/sparql";
  document.getElementById("endpoint").textContent = endpoint;
  const graphs = [...turtle.matchAll(/sd:name\s+<([^>]+)>/g)].map(m => m[1]);
  const row = (term, ...value) => [PK.el("dt", {}, term), PK.el("dd", {}, ...value)];
  document.getElementById("doc").replaceChildren(
    PK.el("dl", { class: "facts" },
      row("Endpoint", PK.el("code", {}, endpoint)),
      row("Languages", grab("supportedLanguage").join(", ")),
      row("Result formats", grab("resultFormat").join(", ")),
      row("Features", grab("feature").join(", ") || "none (SERVICE is refused)"),
      row("Default graph", graphs.length ? PK.el("span", {}, "the union of ", graphs.map((g, i) => [i ? ", " : "", PK.el("code", {}, PK.curie(g))])) : "the union of all graphs"),
      row("Updates", info.update ? "accepted with the server's token" : "refused (read-only)"),
      row("Time limit", `${info.timeout} s per query`),
      row("Row limit", `${info.maxRows.toLocaleString("en")} rows (X-Result-Truncated: true when cut)`),
      row("Graph size", `${info.quads.toLocaleString("en")} quads`)),
    PK.el("h2", {}, "Service description (Turtle)"),
    PK.el("pre", { id: "turtle" }, turtle),
    PK.el("p", { class: "muted" }, "Download: ",
      PK.el("a", { href: "/sparql", download: "service.ttl" }, "service.ttl")));
}

async function indexPage() {
  const box = PK.el("div", { id: "index", class: "index-sections" });
  const filter = PK.el("input", { id: "filter", class: "index-filter", type: "search",
                                  placeholder: "Filter these lists…", "aria-label": "filter the lists" });
  document.getElementById("doc").replaceChildren(filter, box);
  filter.value = new URLSearchParams(location.search).get("filter") || "";
  const show = async () => {
    const text = filter.value.trim();
    box.replaceChildren(...await PK.coverage(text.toLowerCase()));
    if (!box.querySelector("li")) box.replaceChildren(PK.el("p", { class: "notice warnbox", role: "status" }, `Nothing in the graph is called “${text}”.`));
    history.replaceState(null, "", text ? "?filter=" + encodeURIComponent(text) : location.pathname);
  };
  let timer = null;
  filter.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(show, 120); });
  await show();
}

async function main() {
  await PK.init();
  const page = ABOUT[location.pathname.replace(/\/$/, "")] || ABOUT["/browse"];
  document.title = `${page.title} · pharmakg`;
  document.getElementById("about-head").replaceChildren(PK.el("h1", {}, page.title),
    PK.el("p", {}, page.intro.map(part => typeof part === "function" ? part() : part)));
  await page.render();
  document.body.dataset.ready = "true";
}

main().catch(e => { document.getElementById("doc").replaceChildren(PK.el("p", { class: "errorbox" }, String(e))); });
