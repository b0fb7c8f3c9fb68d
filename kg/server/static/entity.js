/* Entity pages: a summary of a term's relations with counts, then each relation as a
   collapsible section of statements with their sources and the quoted sentence highlighted in
   context; machine-proposed statements are marked and can be filtered out; a neighbourhood
   graph. An unknown term gets a page listing what the graph does cover. */
"use strict";

const CURATION = {
  written: null,
  accepted: { cls: "machine", text: "machine proposal, accepted" },
  edited: { cls: "machine", text: "machine proposal, edited" },
  synthetic: { cls: "unchecked", text: "synthetic: no person checked it" },
};
/* The filter choices: which evidence a statement needs to stay visible. */
const FILTERS = {
  all: () => true,
  person: (ev) => ev.curation === "written" || ev.curation === "accepted" || ev.curation === "edited",
  written: (ev) => ev.curation === "written",
};

function termLink(t) {
  if (t.type === "uri") return PK.el("a", { class: "term", href: PK.entityHref(t.iri), title: t.iri }, t.label || t.curie);
  return PK.el("span", { class: "term" }, t.value, t.lang ? PK.el("span", { class: "lang" }, "@" + t.lang) : null);
}

function curationTag(ev) {
  const tag = CURATION[ev.curation];
  if (tag === null) return null;
  if (tag === undefined) return PK.el("span", { class: "curation unchecked" }, "curation not recorded");
  return PK.el("span", { class: "curation " + tag.cls, title: ev.agent ? "checked by " + ev.agent : "" },
               tag.text + (ev.agent && tag.cls === "machine" ? " by " + ev.agent : ""));
}

function quote(ev) {
  const src = ev.document || {};
  const title = src.title || src.id || src.curie || "document";
  const where = ev.start !== null && ev.start !== undefined ? ` · characters ${ev.start}–${ev.end}` : "";
  const quals = Object.entries(ev.qualifiers || {}).map(([k, vs]) => `${k}: ${vs.join(", ")}`).join(" · ");
  const prefix = ev.prefix ? "…" + ev.prefix : "", exact = ev.exact || "", suffix = ev.suffix ? ev.suffix + "…" : "";
  return PK.el("blockquote", { class: "quote", "data-curation": ev.curation || "unknown" },
    ev.negated ? PK.el("span", { class: "negtag" }, "states the opposite:") : null,
    MD.render(prefix + exact + suffix, prefix.length, prefix.length + exact.length),
    PK.el("span", { class: "src" }, "— ",
      src.iri ? PK.el("a", { href: PK.entityHref(src.iri) }, title) : title, where,
      quals ? PK.el("span", { class: "quals" }, quals) : null, curationTag(ev)));
}

function slug(group) { return "rel-" + group.direction + "-" + group.predicate.curie.replace(/[^\w-]/g, "_"); }

function relationBlock(group, heading, open) {
  const items = group.items.map(item => PK.el("div", { class: "statement" + (item.negated ? " negated" : "") },
    item.negated ? PK.el("span", { class: "negtag" }, "not") : null,
    termLink(item.term),
    item.evidence.length ? PK.el("span", { class: "muted" }, ` · ${item.evidence.length} source${item.evidence.length === 1 ? "" : "s"}`) : null,
    item.evidence.map(quote)));
  return PK.el("details", { class: "relation", id: slug(group), "data-predicate": group.predicate.curie, open: open ? "" : null },
    PK.el("summary", {}, PK.el("h3", {}, heading, " ", PK.el("span", { class: "count" }, `(${group.items.length})`))), items);
}

/* Hide statements none of whose sources pass the filter; a section with nothing left hides too. */
function applyFilter(name) {
  const keep = FILTERS[name] || FILTERS.all;
  for (const block of document.querySelectorAll("#relations details.relation")) {
    let shown = 0;
    for (const st of block.querySelectorAll(".statement")) {
      const quotes = [...st.querySelectorAll("blockquote.quote")];
      const ok = name === "all" || quotes.some(q => keep({ curation: q.dataset.curation }));
      st.hidden = !ok;
      for (const q of quotes) q.hidden = name !== "all" && !keep({ curation: q.dataset.curation });
      if (ok) shown++;
    }
    block.hidden = shown === 0;
    const count = block.querySelector("summary .count");
    const all = block.querySelectorAll(".statement").length;
    count.textContent = shown === all ? `(${all})` : `(${shown} of ${all})`;
  }
}

async function notFound(ident, message) {
  document.title = "Not found · pharmakg";
  document.getElementById("info").replaceChildren(
    PK.el("h1", {}, "Not found"),
    PK.el("p", {}, message),
    PK.el("p", { class: "muted" }, `This graph has nothing called “${ident}”. It covers the terms below; the search box above finds them by name, synonym or brand name.`));
  document.querySelector(".graphbox").hidden = true;
  const box = PK.el("div", { class: "index-sections coverage" }, await PK.coverage());
  document.getElementById("relations").replaceChildren(box);
}

async function main() {
  await PK.init();
  const ident = decodeURIComponent(location.pathname.replace(/^\/entity\//, ""));
  let data;
  try {
    data = await PK.json("/api/entity/" + encodeURIComponent(ident).replace(/%3A/gi, ":").replace(/%2F/gi, "/"));
  } catch (e) {
    if (e.status !== 404) throw e;
    await notFound(ident, e.message);
    document.body.dataset.ready = "true";
    return;
  }
  document.title = `${data.label} · pharmakg`;
  const types = data.types.filter(t => !t.curie.startsWith("owl:"));
  const outgoing = data.relations.filter(g => g.predicate.curie !== "rdf:type");
  const groups = outgoing.map(g => [g, g.predicate.label || g.predicate.curie])
    .concat(data.incoming.map(g => [g, `… ${g.predicate.label || g.predicate.curie} ${data.label}`]));
  const statements = groups.reduce((n, [g]) => n + g.items.length, 0);
  const machine = groups.reduce((n, [g]) => n + g.items.filter(it => it.evidence.some(ev => CURATION[ev.curation] !== null)).length, 0);
  document.getElementById("info").replaceChildren(...[
    PK.el("h1", {}, data.label, PK.el("span", { class: `kind ${data.kind}` }, data.kind)),
    PK.el("div", { class: "curie" }, data.curie, data.curie !== data.iri ? " · " + data.iri : ""),
    types.length ? PK.el("p", {}, "Type: ", types.map((t, i) => [i ? ", " : "", termLink(t)])) : null,
    data.definition ? PK.el("p", {}, data.definition) : null,
    data.altLabels.length ? PK.el("p", { class: "muted" }, "Also called: " + data.altLabels.join(", ")) : null,
    data.attributes.length ? PK.el("dl", { class: "attrs" }, data.attributes.map(a => [
      PK.el("dt", {}, a.predicate.label || a.predicate.curie), a.values.map(v => PK.el("dd", {}, v))])) : null,
    groups.length ? PK.el("p", { class: "muted" }, `${statements} statement${statements === 1 ? "" : "s"} in ${groups.length} relation${groups.length === 1 ? "" : "s"}` +
      (machine ? ` · ${machine} with a machine-proposed source` : "")) : null,
    groups.length ? PK.el("ul", { class: "summary", "aria-label": "relations" }, groups.map(([g, heading]) =>
      PK.el("li", {}, PK.el("a", { href: "#" + slug(g), onclick: () => { document.getElementById(slug(g)).open = true; } },
        heading, PK.el("span", { class: "count" }, String(g.items.length)))))) : null,
  ].filter(Boolean));

  const long = statements > 15;  // a long page starts folded: the summary is the way in
  const blocks = [];
  if (groups.length) {
    const select = PK.el("select", { id: "curation-filter", "aria-label": "which statements to show", onchange: (e) => applyFilter(e.target.value) },
      PK.el("option", { value: "all" }, "all statements"),
      PK.el("option", { value: "person" }, "checked by a person (hide synthetic)"),
      PK.el("option", { value: "written" }, "written by a person (hide machine proposals)"));
    blocks.push(PK.el("div", { class: "entity-tools" },
      PK.el("label", {}, "Show ", select),
      PK.el("button", { class: "secondary", type: "button", id: "expand-all", onclick: () => document.querySelectorAll("details.relation").forEach(d => { d.open = true; }) }, "Expand all"),
      PK.el("button", { class: "secondary", type: "button", id: "collapse-all", onclick: () => document.querySelectorAll("details.relation").forEach(d => { d.open = false; }) }, "Collapse all")));
  }
  if (outgoing.length) blocks.push(PK.el("h2", {}, "What sources say about ", data.label));
  outgoing.forEach((g, i) => blocks.push(relationBlock(g, g.predicate.label || g.predicate.curie, !long || i === 0)));
  if (data.incoming.length) blocks.push(PK.el("h2", {}, "What points to ", data.label));
  for (const g of data.incoming) blocks.push(relationBlock(g, `… ${g.predicate.label || g.predicate.curie} ${data.label}`, !long));
  if (!groups.length) blocks.push(PK.el("p", { class: "muted" }, "No statements about this term."));
  document.getElementById("relations").replaceChildren(...blocks);
  if (location.hash && document.getElementById(location.hash.slice(1))) document.getElementById(location.hash.slice(1)).open = true;

  forceGraph(document.getElementById("graph"), data.graph, data.iri,
             (node) => { window.location = PK.entityHref(node.id); });
  document.body.dataset.ready = "true";
}

main().catch(e => {
  document.getElementById("info").replaceChildren(PK.el("p", { class: "errorbox" }, String(e)));
});
