/* The query page: a SPARQL editor with a small highlighter, named queries as one-click examples,
   results as a sortable table with entity links, CSV/JSON download. */
"use strict";

const DEFAULTS = {
  drug: "amitriptyline", drug1: "amitriptyline", drug2: "pregabalin", condition: "anxiety",
  effect: "dizziness", mechanism: "serotonin reuptake inhibition", class: "antidepressant",
  target: "GABA-A receptor",
};
const KEYWORDS = new Set(("select construct describe ask where from named prefix base distinct reduced " +
  "optional filter union minus graph service bind values group by order asc desc having limit " +
  "offset as not exists in a count sum min max avg sample group_concat separator str lang " +
  "langmatches datatype bound iri uri bnode rand abs ceil floor round concat strlen ucase lcase " +
  "encode_for_uri contains strstarts strends strbefore strafter year month day hours minutes " +
  "seconds timezone tz now uuid struuid md5 sha1 sha256 sha384 sha512 coalesce if strlang strdt " +
  "sameterm isiri isuri isblank isliteral isnumeric regex substr replace true false insert delete " +
  "data with using load clear drop create add move copy silent default all into to lateral").split(" "));

const state = { result: null, sort: null, example: null, exampleText: null };

function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/* One pass over the text: comments, strings, IRIs, variables, prefixed names, words, numbers. */
function highlight(text) {
  const re = /(#[^\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][\w]+)|((?:[A-Za-z][\w\-.]*)?:[\w\-.:%]*)|([A-Za-z_]\w*)|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  let out = "", last = 0, m;
  while ((m = re.exec(text)) !== null) {
    out += escapeHtml(text.slice(last, m.index));
    const t = escapeHtml(m[0]);
    let cls = null;
    if (m[1]) cls = "com"; else if (m[2]) cls = "str"; else if (m[3]) cls = "iri";
    else if (m[4]) cls = "var"; else if (m[5]) cls = "pname";
    else if (m[6]) cls = KEYWORDS.has(m[6].toLowerCase()) ? "kw" : null;
    else if (m[7]) cls = "num";
    out += cls ? `<span class="tok-${cls}">${t}</span>` : t;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last)) + "\n";
}

function syncEditor() {
  const ta = document.getElementById("query");
  const pre = document.getElementById("highlight");
  pre.innerHTML = highlight(ta.value);
  pre.scrollTop = ta.scrollTop;
  pre.scrollLeft = ta.scrollLeft;
}

function setQuery(text) {
  const ta = document.getElementById("query");
  ta.value = text;
  syncEditor();
}

function setStatus(text, error) {
  const status = document.getElementById("status");
  status.className = "status" + (error ? " error" : "");
  status.replaceChildren(...(Array.isArray(text) ? text : [text]));
}

/* -- results ------------------------------------------------------------------------------ */

function sortValue(term) {
  if (!term) return [2, ""];
  const dt = term.datatype || "";
  if (/#(integer|decimal|double|float|int|long)$/.test(dt)) return [0, parseFloat(term.value)];
  return [1, (term.value || "").toLowerCase()];
}

function renderResults() {
  const box = document.getElementById("results");
  const data = state.result;
  if (!data) { box.replaceChildren(); return; }
  if (data.boolean !== undefined) {
    box.replaceChildren(PK.el("p", { class: "answer" }, "Answer: ", PK.el("strong", {}, String(data.boolean))));
    return;
  }
  if (data.text !== undefined) {
    box.replaceChildren(PK.el("pre", { class: "panel" }, data.text));
    return;
  }
  const vars = data.head.vars;
  const shown = vars.filter(v => !(v.endsWith("Label") && vars.includes(v.slice(0, -5))));
  let rows = data.results.bindings.slice();
  if (state.sort) {
    const { v, dir } = state.sort;
    rows.sort((a, b) => {
      const [ka, va] = sortValue(a[v + "Label"] || a[v]);
      const [kb, vb] = sortValue(b[v + "Label"] || b[v]);
      if (ka !== kb) return ka - kb;
      return (va < vb ? -1 : va > vb ? 1 : 0) * dir;
    });
  }
  const head = PK.el("tr", {}, shown.map(v => {
    const arrow = state.sort && state.sort.v === v ? (state.sort.dir > 0 ? "▲" : "▼") : "↕";
    return PK.el("th", { "data-var": v, onclick: () => {
      state.sort = { v, dir: state.sort && state.sort.v === v ? -state.sort.dir : 1 };
      renderResults();
    } }, v, PK.el("span", { class: "arrow" }, arrow));
  }));
  const body = rows.map(row => PK.el("tr", {}, shown.map(v => {
    const term = row[v];
    const label = row[v + "Label"];
    const numeric = term && /#(integer|decimal|double|float)$/.test(term.datatype || "");
    return PK.el("td", { class: numeric ? "num" : null },
                 PK.termNode(term, term && term.type === "uri" && label ? label.value : null));
  })));
  box.replaceChildren(PK.el("table", { class: "results" }, PK.el("thead", {}, head),
                            PK.el("tbody", {}, body)));
}

function showResult(data, elapsed, truncated) {
  state.result = data;
  state.sort = null;
  renderResults();
  const parts = [];
  if (data.head && data.results) {
    const n = data.results.bindings.length;
    parts.push(`${n} row${n === 1 ? "" : "s"} in ${elapsed} ms`);
  } else parts.push(`answered in ${elapsed} ms`);
  if (truncated) parts.push(" ", PK.el("span", { class: "warn" }, "result cut at the server's row limit"));
  if (data.notes) parts.push(" · " + data.notes.join("; "));
  setStatus(parts);
}

/* -- running -------------------------------------------------------------------------------- */

async function runSparql() {
  const text = document.getElementById("query").value;
  const graphForm = /^\s*(?:(?:PREFIX|BASE)[^\n]*\n|\s|#[^\n]*\n)*(CONSTRUCT|DESCRIBE)\b/i.test(text);
  setStatus("running…");
  const started = performance.now();
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded",
               "Accept": graphForm ? "text/turtle" : "application/sparql-results+json" },
    body: new URLSearchParams({ query: text }),
  });
  const elapsed = Math.round(performance.now() - started);
  const body = await response.text();
  if (!response.ok) { state.result = null; renderResults(); setStatus(`${response.status}: ${body}`, true); return; }
  const truncated = response.headers.get("X-Result-Truncated") === "true";
  showResult(graphForm ? { text: body } : JSON.parse(body), elapsed, truncated);
}

async function runExample(name) {
  const form = document.querySelector(`form[data-query="${name}"]`);
  const params = new URLSearchParams();
  if (form) for (const input of form.querySelectorAll("input")) if (input.value.trim()) params.set(input.name, input.value.trim());
  setStatus("running…");
  const started = performance.now();
  try {
    const data = await PK.json(`/api/queries/${encodeURIComponent(name)}?${params}`);
    showResult(data, Math.round(performance.now() - started), data.truncated === true);
  } catch (e) {
    state.result = null; renderResults(); setStatus(e.message, true);
  }
}

function run() {
  const text = document.getElementById("query").value;
  if (state.example && text === state.exampleText) return runExample(state.example);
  return runSparql();
}

function download(kind) {
  const data = state.result;
  if (!data) return;
  let blob, name;
  if (kind === "json") {
    blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/sparql-results+json" });
    name = "results.json";
  } else {
    if (!data.head || !data.results) return;
    const cell = (t) => {
      if (!t) return "";
      const v = t.type === "bnode" ? "_:" + t.value : t.value;
      return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
    };
    const lines = [data.head.vars.join(",")].concat(
      data.results.bindings.map(row => data.head.vars.map(v => cell(row[v])).join(",")));
    blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" });
    name = "results.csv";
  }
  const a = PK.el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

/* -- examples ------------------------------------------------------------------------------- */

/* The selected example's parameters as a form above the editor; Run (or Enter) runs it. */
function paramsForm(q) {
  const inputs = q.params.map(p => PK.el("label", { class: "param" },
    PK.el("span", {}, p.name, " ", PK.el("span", { class: "muted" }, `(${p.kind}${p.required ? "" : ", optional"})`)),
    PK.el("input", { name: p.name, value: DEFAULTS[p.name] || "", placeholder: p.kind,
                     required: p.required ? "required" : null })));
  return PK.el("form", { class: "params", "data-query": q.name, onsubmit: (e) => { e.preventDefault(); select(q); } },
    PK.el("div", { class: "params-head" }, PK.el("strong", {}, q.summary || q.name), " ",
          PK.el("code", { class: "muted" }, "/api/queries/" + q.name)),
    q.description ? PK.el("p", { class: "muted desc" }, q.description) : null,
    PK.el("div", { class: "param-row" }, inputs,
          PK.el("button", { class: "primary", type: "submit" }, q.params.length ? "Run with these" : "Run")));
}

function exampleItem(q) {
  const button = PK.el("button", { class: "example", type: "button", "data-query": q.name, onclick: () => {
    document.querySelectorAll("button.example.active").forEach(b => b.classList.remove("active"));
    button.classList.add("active");
    const box = document.getElementById("example-params");
    box.replaceChildren(paramsForm(q));
    box.hidden = false;
    select(q);
  } }, PK.el("div", {}, q.summary || q.name), PK.el("div", { class: "desc" }, q.name));
  return PK.el("li", {}, button);
}

function select(q) {
  state.example = q.name;
  state.exampleText = q.text;
  setQuery(q.text);
  runExample(q.name);
}

async function main() {
  await PK.init();
  const ta = document.getElementById("query");
  ta.addEventListener("input", syncEditor);
  ta.addEventListener("scroll", syncEditor);
  ta.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
    if (e.key === "Tab") { e.preventDefault(); document.execCommand("insertText", false, "  "); }
  });
  document.getElementById("run").addEventListener("click", run);
  document.getElementById("download-csv").addEventListener("click", () => download("csv"));
  document.getElementById("download-json").addEventListener("click", () => download("json"));
  document.getElementById("prefix-list").textContent =
    Object.entries(PK.prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`).join("\n");
  setQuery("# Drugs and their classes (prefixes pkg:, rdfs:, … are predeclared)\n" +
           "SELECT ?drug ?drugLabel ?class ?classLabel WHERE {\n" +
           "  ?drug a pkg:Drug ; rdfs:label ?drugLabel ; pkg:hasDrugClass ?class .\n" +
           "  ?class rdfs:label ?classLabel .\n} ORDER BY ?drugLabel ?classLabel");
  const data = await PK.json("/api/queries");
  document.getElementById("examples").replaceChildren(...data.queries.map(exampleItem));
  document.body.dataset.ready = "true";
}

main().catch(e => setStatus(String(e), true));
