/* The review page: each candidate highlighted in the document text and listed with accept /
   edit / reject. Every decision is sent at once and saved by the server (kg.curation). */
"use strict";

const CUR = {
  token: null,
  doc: null,
  data: null,
  current: 0,
  editing: null,

  headers(extra) {
    return Object.assign({ Authorization: "Bearer " + CUR.token }, extra || {});
  },

  async api(path, body) {
    const options = { headers: CUR.headers() };
    if (body !== undefined) {
      options.method = "POST";
      options.headers = CUR.headers({ "Content-Type": "application/json" });
      options.body = JSON.stringify(body);
    }
    return PK.json("/api/curate/" + path, options);
  },

  message(text, ok) {
    const box = document.getElementById("message");
    box.textContent = text;
    box.className = "message" + (ok ? " ok" : "");
    box.hidden = !text;
  },

  async init() {
    const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
    if (fromHash) {
      sessionStorage.setItem("pharmakg-curate-token", fromHash);
      history.replaceState(null, "", location.pathname);
    }
    CUR.token = sessionStorage.getItem("pharmakg-curate-token");
    if (!CUR.token) {
      CUR.message("Open the review URL that kg serve --curate printed (it carries the token).");
      document.body.dataset.ready = "true";
      return;
    }
    const parts = location.pathname.split("/").filter(Boolean);
    CUR.doc = parts.length > 1 ? decodeURIComponent(parts[1]) : null;
    try {
      if (CUR.doc) await CUR.load(); else await CUR.list();
    } catch (err) {
      CUR.message(err.message);
    }
    document.addEventListener("keydown", CUR.key);
    document.body.dataset.ready = "true";
  },

  async list() {
    const data = await CUR.api("documents");
    document.getElementById("doc-list").hidden = false;
    document.getElementById("documents").replaceChildren(...data.documents.map(d =>
      PK.el("li", {}, PK.el("a", { href: "/curate/" + encodeURIComponent(d.id) }, d.title),
            PK.el("span", { class: "muted" }, ` — ${d.undecided} of ${d.candidates} to review`))));
    if (!data.documents.length) CUR.message("Nothing to review: add a document with kg add.", true);
  },

  async load() {
    const first = CUR.data === null;
    CUR.data = await CUR.api("documents/" + encodeURIComponent(CUR.doc));
    if (first) CUR.current = Math.max(0, CUR.data.candidates.findIndex(c => !c.decision));
    CUR.cp = CUR.codePoints(CUR.data.text);
    document.getElementById("review").hidden = false;
    document.getElementById("title").textContent = CUR.data.document.title;
    document.title = "pharmakg · review · " + CUR.data.document.title;
    CUR.render();
  },

  /* UTF-16 index of every code point offset (server offsets count code points). */
  codePoints(text) {
    const index = [0];
    let i = 0;
    for (const ch of text) { i += ch.length; index.push(i); }
    return index;
  },

  status(c) { return c.decision ? c.decision.decision : "open"; },

  render() {
    const cands = CUR.data.candidates;
    const open = cands.filter(c => !c.decision).length;
    document.getElementById("progress").textContent =
      `${cands.length - open} of ${cands.length} decided`;
    CUR.renderText();
    document.getElementById("candidates").replaceChildren(...cands.map(CUR.card));
    CUR.select(Math.min(CUR.current, cands.length - 1), false);
  },

  renderText() {
    const text = CUR.data.text, cands = CUR.data.candidates;
    const cuts = new Set([0, CUR.cp.length - 1]);
    for (const c of cands) { cuts.add(c.start); cuts.add(c.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const nodes = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const piece = text.slice(CUR.cp[a], CUR.cp[b]);
      const over = cands.map((c, k) => [c, k]).filter(([c]) => c.start <= a && b <= c.end);
      if (!over.length) { nodes.push(document.createTextNode(piece)); continue; }
      const open = over.filter(([c]) => !c.decision);
      const shown = open.length ? open : over;
      const classes = ["cand", "tier-" + (shown[0][0].tier || "C")];
      if (!open.length) classes.push(over.every(([c]) => CUR.status(c) === "rejected") ? "rejected" : "decided");
      const mark = PK.el("mark", { class: classes.join(" "),
                                   "data-candidates": over.map(([, k]) => k).join(" "),
                                   title: over.map(([c]) => CUR.claimText(c)).join("\n") }, piece);
      mark.addEventListener("click", () => {
        if (CUR.editing !== null) return;  // selecting a new quote, not a candidate
        CUR.select(shown[0][1], true);
      });
      nodes.push(mark);
    }
    document.getElementById("doc-text").replaceChildren(...nodes);
  },

  value(c) {
    if (c.dose) return `${c.dose.min}–${c.dose.max} ${c.dose.unit}` + (c.dose.frequency ? " " + c.dose.frequency : "");
    if (c.quantity) return `${c.quantity.value} ${c.quantity.unit}`;
    return c.object_label || c.object;
  },

  claimText(c) {
    return `${c.subject_label || c.subject} ${c.negated ? "NOT " : ""}${c.relation} ${CUR.value(c)}`;
  },

  card(c, k) {
    const st = CUR.status(c);
    const quals = ["severity", "context", "population", "frequency"].filter(q => c[q])
      .map(q => `${q}: ${c[q]}`).join(" · ");
    const li = PK.el("li", { class: `candidate tier-${c.tier || "C"} status-${st}`, "data-id": c.id,
                             "data-index": k, "data-tier": c.tier || "C", "data-status": st },
      PK.el("div", { class: "meta" },
        PK.el("span", { class: "badge" }, "tier " + (c.tier || "C")),
        PK.el("span", { class: "badge machine", title: "proposed by " + (c.extractor ? c.extractor.name + " " + c.extractor.version : "an extractor") }, "machine-proposed"),
        st !== "open" ? PK.el("span", { class: "badge status" }, `${st} by ${c.decision.reviewer}`) : null,
        `confidence ${c.confidence ?? "–"}`),
      PK.el("div", { class: "claim" }, c.subject_label || c.subject,
        PK.el("span", { class: "rel" }, (c.negated ? "NOT " : "") + c.relation), CUR.value(c)),
      quals ? PK.el("div", { class: "quals" }, quals) : null,
      c.new_term ? PK.el("div", { class: "new-term" }, "new term ",
        PK.el("b", {}, c.new_term.label), ` (${c.new_term.kind})`,
        (c.new_term.synonyms || []).length ? " · synonyms: " + c.new_term.synonyms.join(", ") : "",
        (c.new_term.xrefs || []).length ? " · xrefs: " + c.new_term.xrefs.join(", ") : "") : null);
    if (st === "open") {
      li.append(PK.el("div", { class: "actions" },
        PK.el("button", { class: "accept", onclick: () => CUR.decide(k, "accept") }, "Accept"),
        PK.el("button", { class: "edit", onclick: () => CUR.edit(k) }, "Edit"),
        PK.el("button", { class: "reject", onclick: () => CUR.decide(k, "reject") }, "Reject")));
    }
    li.addEventListener("click", (e) => { if (e.target === li || e.target.closest(".claim")) CUR.select(k, false); });
    return li;
  },

  select(k, scroll) {
    if (k < 0) return;
    CUR.current = k;
    document.querySelectorAll(".candidate.current, mark.current").forEach(n => n.classList.remove("current"));
    const li = document.querySelector(`.candidate[data-index="${k}"]`);
    if (!li) return;
    li.classList.add("current");
    for (const mark of document.querySelectorAll("mark.cand")) {
      if (mark.dataset.candidates.split(" ").includes(String(k))) mark.classList.add("current");
    }
    if (scroll) li.scrollIntoView({ block: "nearest" });
    const mark = document.querySelector("mark.current");
    if (mark) mark.scrollIntoView({ block: "nearest" });
  },

  nextOpen(from) {
    const cands = CUR.data.candidates;
    for (let i = 1; i <= cands.length; i++) {
      const k = (from + i) % cands.length;
      if (!cands[k].decision) return k;
    }
    return from;
  },

  async decide(k, action, edits) {
    const c = CUR.data.candidates[k];
    try {
      await CUR.api(`documents/${encodeURIComponent(CUR.doc)}/decide`,
                    { candidate: c.id, action, edits: edits || null });
      CUR.editing = null;
      CUR.message("");
      await CUR.load();
      CUR.select(CUR.nextOpen(k), true);
    } catch (err) {
      CUR.showError(k, err.message);
    }
  },

  showError(k, text) {
    const li = document.querySelector(`.candidate[data-index="${k}"]`);
    if (!li) { CUR.message(text); return; }
    li.querySelectorAll(".error").forEach(n => n.remove());
    li.append(PK.el("div", { class: "error", role: "alert" }, text));
  },

  async acceptTier(tier) {
    try {
      const result = await CUR.api(`documents/${encodeURIComponent(CUR.doc)}/accept-tier`, { tier });
      await CUR.load();
      const refused = result.refused.map(r => r.error).join("; ");
      CUR.message(`accepted ${result.accepted.length} of tier ${tier}` +
                  (refused ? ` — left open: ${refused}` : ""), !refused);
    } catch (err) {
      CUR.message(err.message);
    }
  },

  field(label, input) {
    return [PK.el("label", { for: input.id }, label), input];
  },

  select_(name, value, options, blank) {
    const sel = PK.el("select", { id: "edit-" + name, name });
    if (blank) sel.append(PK.el("option", { value: "" }, "–"));
    for (const o of options) sel.append(PK.el("option", { value: o.id, selected: o.id === value ? "selected" : null }, o.label + (o.label !== o.id ? ` (${o.id})` : "")));
    return sel;
  },

  edit(k) {
    const c = CUR.data.candidates[k];
    const li = document.querySelector(`.candidate[data-index="${k}"]`);
    li.querySelectorAll("form.edit").forEach(f => f.remove());
    CUR.editing = k;
    CUR.select(k, false);
    const terms = PK.el("datalist", { id: "term-list" },
      CUR.data.terms.map(t => PK.el("option", { value: t.id }, `${t.label} · ${t.kind}`)));
    const span = { start: c.start, end: c.end };
    const preview = PK.el("div", { class: "quote-preview" }, "“" + c.quote + "”");
    const input = (name, value, attrs) => PK.el("input", Object.assign({ id: "edit-" + name, name, type: "text", value: value ?? "" }, attrs || {}));
    const form = PK.el("form", { class: "edit" },
      CUR.field("relation", CUR.select_("relation", c.relation, CUR.data.relations, false)),
      (c.dose || c.quantity) ? null : CUR.field("object", input("object", c.object, { list: "term-list" })),
      CUR.field("severity", CUR.select_("severity", c.severity, CUR.data.qualifiers.severity, true)),
      CUR.field("context", CUR.select_("context", c.context, CUR.data.qualifiers.context, true)),
      CUR.field("population", CUR.select_("population", c.population, CUR.data.qualifiers.population, true)),
      CUR.field("frequency", input("frequency", c.frequency)),
      CUR.field("negated", PK.el("input", { id: "edit-negated", name: "negated", type: "checkbox", checked: c.negated ? "checked" : null })),
      c.new_term ? [
        CUR.field("term label", input("term-label", c.new_term.label)),
        CUR.field("term kind", CUR.select_("term-kind", c.new_term.kind,
          [...new Set([c.new_term.kind, ...CUR.data.kinds])].map(x => ({ id: x, label: x })), false)),
        CUR.field("synonyms", input("term-synonyms", (c.new_term.synonyms || []).join(", "))),
        CUR.field("xrefs", input("term-xrefs", (c.new_term.xrefs || []).join(", "))),
      ] : null,
      preview,
      PK.el("div", { class: "row-actions" },
        PK.el("button", { type: "button", class: "use-selection", onclick: () => {
          const chosen = CUR.selection();
          if (!chosen) { CUR.showError(k, "select the quote in the document text first"); return; }
          Object.assign(span, chosen);
          preview.textContent = "“" + CUR.data.text.slice(CUR.cp[span.start], CUR.cp[span.end]) + "”";
        } }, "Use selected text as quote"),
        PK.el("button", { type: "submit", class: "accept" }, "Save and accept"),
        PK.el("button", { type: "button", onclick: () => { CUR.editing = null; form.remove(); } }, "Cancel")),
      terms);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const get = (n) => form.elements[n] ? form.elements[n].value.trim() : undefined;
      const edits = {};
      const changed = (key, value) => {
        const before = c[key] ?? null;
        if ((value === "" ? null : value) !== before) edits[key] = value === "" ? null : value;
      };
      changed("relation", get("relation"));
      if (form.elements.object) changed("object", get("object"));
      for (const q of ["severity", "context", "population", "frequency"]) changed(q, get(q));
      if (form.elements.negated.checked !== !!c.negated) edits.negated = form.elements.negated.checked;
      if (span.start !== c.start || span.end !== c.end) { edits.start = span.start; edits.end = span.end; }
      if (c.new_term) {
        const list = (n) => get(n).split(",").map(s => s.trim()).filter(Boolean);
        const term = { label: get("term-label"), kind: get("term-kind"),
                       synonyms: list("term-synonyms"), xrefs: list("term-xrefs") };
        if (JSON.stringify(term) !== JSON.stringify({ label: c.new_term.label, kind: c.new_term.kind,
            synonyms: c.new_term.synonyms || [], xrefs: c.new_term.xrefs || [] })) edits.new_term = term;
      }
      CUR.decide(k, "accept", edits);
    });
    li.append(form);
    form.elements.relation.focus();
  },

  /* The current text selection inside the document, as code-point offsets. */
  selection() {
    const sel = window.getSelection();
    const root = document.getElementById("doc-text");
    if (!sel || sel.isCollapsed || !root.contains(sel.anchorNode) || !root.contains(sel.focusNode)) return null;
    const range = sel.getRangeAt(0);
    const offset = (node, off) => {
      const r = document.createRange();
      r.setStart(root, 0);
      r.setEnd(node, off);
      return r.toString().length;
    };
    const a = offset(range.startContainer, range.startOffset);
    const b = offset(range.endContainer, range.endOffset);
    const toCp = (u) => { const i = CUR.cp.indexOf(u); return i >= 0 ? i : null; };
    const start = toCp(a), end = toCp(b);
    return start === null || end === null || start >= end ? null : { start, end };
  },

  key(e) {
    if (!CUR.data) return;
    const typing = e.target.closest && e.target.closest("input, select, textarea");
    if (e.key === "Escape" && CUR.editing !== null) {
      document.querySelectorAll("form.edit").forEach(f => f.remove());
      CUR.editing = null;
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey || CUR.editing !== null) return;
    const n = CUR.data.candidates.length;
    const c = CUR.data.candidates[CUR.current];
    if (e.key === "j" || e.key === "ArrowDown") { CUR.select(Math.min(n - 1, CUR.current + 1), true); }
    else if (e.key === "k" || e.key === "ArrowUp") { CUR.select(Math.max(0, CUR.current - 1), true); }
    else if (c && !c.decision && e.key === "a") { CUR.decide(CUR.current, "accept"); }
    else if (c && !c.decision && e.key === "r") { CUR.decide(CUR.current, "reject"); }
    else if (c && !c.decision && e.key === "e") { CUR.edit(CUR.current); }
    else return;
    e.preventDefault();
  },
};

document.querySelectorAll(".tier-accept").forEach(b =>
  b.addEventListener("click", () => CUR.acceptTier(b.dataset.tier)));
CUR.init();
