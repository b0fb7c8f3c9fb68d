/* Shared helpers: prefixes, term display and links, the header search box. No dependencies. */
"use strict";

const PK = {
  prefixes: {},

  /* The page header every page shares: brand, navigation, the search box. */
  header() {
    const top = document.getElementById("top");
    if (!top) return;
    top.replaceChildren(PK.el("a", { class: "brand", href: "/" }, "pharmakg"),
      PK.el("nav", {}, PK.el("a", { href: "/" }, "Query"),
        PK.el("a", { href: "/browse", "data-section": "/entity/" }, "Browse"),
        PK.el("a", { href: "/about/api" }, "API"),
        PK.el("a", { href: "/about/service" }, "Service description")),
      PK.el("div", { class: "search" },
        PK.el("input", { id: "search", type: "search", placeholder: "Find a drug, condition, effect…",
                         autocomplete: "off", "aria-label": "search terms" }),
        PK.el("div", { id: "suggest", class: "suggest", hidden: "" })));
  },

  async init() {
    const data = await PK.json("/api/prefixes");
    PK.prefixes = data.prefixes;
    PK.searchBox();
    for (const a of document.querySelectorAll("header nav a")) {
      const here = a.getAttribute("href") === location.pathname ||
        (a.dataset.section && location.pathname.startsWith(a.dataset.section));
      if (here) a.setAttribute("aria-current", "page");
    }
  },

  /* Where a message names a position ("line 3, column 8", or the JSON fields): [line, column]. */
  position(message, data) {
    if (data && Number.isInteger(data.line)) return [data.line, data.column || 1];
    const m = /line (\d+), column (\d+)/.exec(message || "") || /:(\d+):(\d+):/.exec(message || "");
    return m ? [parseInt(m[1], 10), parseInt(m[2], 10)] : null;
  },

  /* The index of what the graph covers (drugs, conditions, ...) as DOM sections. */
  async coverage(filter) {
    const data = await PK.json("/api/index");
    return data.sections.filter(s => s.items.length).map(s => PK.el("section", { "data-kind": s.kind },
      PK.el("h2", {}, s.title, " ", PK.el("span", { class: "muted" }, `(${s.items.length})`)),
      PK.el("ul", {}, s.items.filter(it => !filter || it.label.toLowerCase().includes(filter))
        .map(it => PK.el("li", {}, PK.el("a", { href: PK.entityHref(it.iri), title: it.curie }, it.label),
                         PK.el("span", { class: "n" }, `${it.count} ${it.count === 1 ? s.counts.replace(/s$/, "") : s.counts}`))))));
  },

  async json(url, options) {
    const response = await fetch(url, options);
    const text = await response.text();
    let data;
    try { data = JSON.parse(text); } catch (e) { data = { error: text }; }
    if (!response.ok) {
      const err = new Error(data.error || text || response.statusText);
      err.status = response.status;
      throw err;
    }
    return data;
  },

  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  curie(iri) {
    let best = null;
    for (const [p, ns] of Object.entries(PK.prefixes)) {
      if (iri.startsWith(ns) && (best === null || ns.length > PK.prefixes[best].length)) best = p;
    }
    if (best !== null) {
      const local = iri.slice(PK.prefixes[best].length);
      if (/^[\w\-./]+$/.test(local)) return best + ":" + local;
    }
    return iri;
  },

  entityHref(iri) {
    const c = PK.curie(iri);
    if (c.startsWith("pkg:")) return "/entity/" + c.slice(4);
    if (c !== iri) return "/entity/" + c;
    return "/entity/" + encodeURIComponent(iri);
  },

  /* A SPARQL JSON term as a DOM node: IRIs link to their entity page. */
  termNode(term, label) {
    if (!term) return document.createTextNode("");
    if (term.type === "uri") {
      return PK.el("a", { href: PK.entityHref(term.value), title: term.value },
                   label || PK.curie(term.value));
    }
    if (term.type === "bnode") return document.createTextNode("_:" + term.value);
    const span = PK.el("span", {}, term.value);
    if (term["xml:lang"]) span.append(PK.el("span", { class: "lang" }, "@" + term["xml:lang"]));
    return span;
  },

  searchBox() {
    const input = document.getElementById("search");
    const box = document.getElementById("suggest");
    if (!input || !box) return;
    let timer = null, seq = 0;
    const hide = () => { box.hidden = true; };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        const mine = ++seq;
        if (!q) { hide(); return; }
        const data = await PK.json("/api/search?q=" + encodeURIComponent(q));
        if (mine !== seq) return;
        box.replaceChildren(...data.results.map(r => PK.el("a", { class: "hit", href: PK.entityHref(r.iri) },
          r.label, PK.el("small", {}, r.matched !== r.label ? "(" + r.matched + ") " : "", r.kind))));
        if (!data.results.length) {  // say so, and where to look instead
          box.replaceChildren(PK.el("div", { class: "none", role: "status" },
            `No term matches “${q}”. `, PK.el("a", { href: "/browse", style: "display:inline;padding:0" },
              "See what the graph covers")));
        }
        box.hidden = false;
      }, 120);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        const first = box.querySelector("a.hit");
        if (first && !box.hidden) window.location = first.href;
      } else if (e.key === "Escape") hide();
    });
    document.addEventListener("click", (e) => { if (!box.contains(e.target) && e.target !== input) hide(); });
  },
};

PK.header();
