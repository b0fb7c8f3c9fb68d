/* Entity pages: a term's statements grouped by relation, each with its sources and the quoted
   sentence highlighted in context; what points to the term; a neighbourhood graph. */
"use strict";

function termLink(t) {
  if (t.type === "uri") return PK.el("a", { class: "term", href: PK.entityHref(t.iri), title: t.iri }, t.label || t.curie);
  return PK.el("span", { class: "term" }, t.value, t.lang ? PK.el("span", { class: "lang" }, "@" + t.lang) : null);
}

function quote(ev) {
  const src = ev.document || {};
  const title = src.title || src.id || src.curie || "document";
  const where = ev.start !== null && ev.start !== undefined ? ` · characters ${ev.start}–${ev.end}` : "";
  const quals = Object.entries(ev.qualifiers || {}).map(([k, vs]) => `${k}: ${vs.join(", ")}`).join(" · ");
  return PK.el("blockquote", { class: "quote" },
    ev.negated ? PK.el("span", { class: "negtag" }, "states the opposite:") : null,
    ev.prefix ? PK.el("span", { class: "ctx" }, "…" + ev.prefix) : null,
    PK.el("mark", {}, ev.exact || ""),
    ev.suffix ? PK.el("span", { class: "ctx" }, ev.suffix + "…") : null,
    PK.el("span", { class: "src" }, "— ",
      src.iri ? PK.el("a", { href: PK.entityHref(src.iri) }, title) : title, where,
      quals ? PK.el("span", { class: "quals" }, quals) : null));
}

function relationBlock(group, heading) {
  const items = group.items.map(item => PK.el("div", { class: "statement" + (item.negated ? " negated" : "") },
    item.negated ? PK.el("span", { class: "negtag" }, "not") : null,
    termLink(item.term),
    item.evidence.length ? PK.el("span", { class: "muted" }, ` · ${item.evidence.length} source${item.evidence.length === 1 ? "" : "s"}`) : null,
    item.evidence.map(quote)));
  return PK.el("section", { class: "relation", "data-predicate": group.predicate.curie },
    PK.el("h3", {}, heading, " ", PK.el("span", { class: "count" }, `(${group.items.length})`)), items);
}

async function main() {
  await PK.init();
  const ident = decodeURIComponent(location.pathname.replace(/^\/entity\//, ""));
  let data;
  try {
    data = await PK.json("/api/entity/" + encodeURIComponent(ident).replace(/%3A/gi, ":"));
  } catch (e) {
    document.getElementById("info").replaceChildren(PK.el("h1", {}, "Not found"), PK.el("p", { class: "muted" }, e.message));
    document.body.dataset.ready = "true";
    return;
  }
  document.title = `pharmakg · ${data.label}`;
  const types = data.types.filter(t => !t.curie.startsWith("owl:"));
  document.getElementById("info").replaceChildren(...[
    PK.el("h1", {}, data.label, PK.el("span", { class: `kind ${data.kind}` }, data.kind)),
    PK.el("div", { class: "curie" }, data.curie, data.curie !== data.iri ? " · " + data.iri : ""),
    types.length ? PK.el("p", {}, "Type: ", types.map((t, i) => [i ? ", " : "", termLink(t)])) : null,
    data.definition ? PK.el("p", {}, data.definition) : null,
    data.altLabels.length ? PK.el("p", { class: "muted" }, "Also called: " + data.altLabels.join(", ")) : null,
    data.attributes.length ? PK.el("dl", { class: "attrs" }, data.attributes.map(a => [
      PK.el("dt", {}, a.predicate.label || a.predicate.curie), a.values.map(v => PK.el("dd", {}, v))])) : null,
  ].filter(Boolean));

  const blocks = [];
  const outgoing = data.relations.filter(g => g.predicate.curie !== "rdf:type");
  if (outgoing.length) blocks.push(PK.el("h2", {}, "What sources say about ", data.label));
  for (const g of outgoing) blocks.push(relationBlock(g, g.predicate.label || g.predicate.curie));
  if (data.incoming.length) blocks.push(PK.el("h2", {}, "What points to ", data.label));
  for (const g of data.incoming) blocks.push(relationBlock(g, `… ${g.predicate.label || g.predicate.curie} ${data.label}`));
  if (!blocks.length) blocks.push(PK.el("p", { class: "muted" }, "No statements about this term."));
  document.getElementById("relations").replaceChildren(...blocks);

  forceGraph(document.getElementById("graph"), data.graph, data.iri,
             (node) => { window.location = PK.entityHref(node.id); });
  document.body.dataset.ready = "true";
}

main().catch(e => {
  document.getElementById("info").replaceChildren(PK.el("p", { class: "status error" }, String(e)));
});
