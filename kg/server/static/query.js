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

const state = { result: null, sort: null, example: null, catalogue: new Map(), error: null };

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

/* The error marks layer: the error's line tinted and the character at its column underlined. */
function marks(text, at) {
  if (!at) return "";
  const lines = text.split("\n");
  const [line, column] = at;
  if (line < 1 || line > lines.length) return "";
  return lines.map((l, i) => {
    if (i !== line - 1) return escapeHtml(l);
    const c = Math.min(Math.max(column - 1, 0), l.length);
    return `<span class="err-line">${escapeHtml(l.slice(0, c))}<span class="err-at">${escapeHtml(l.slice(c, c + 1) || " ")}</span>${escapeHtml(l.slice(c + 1))}</span>`;
  }).join("\n") + "\n";
}

function syncEditor() {
  const ta = document.getElementById("query");
  const pre = document.getElementById("highlight");
  const marked = document.getElementById("marks");
  pre.innerHTML = highlight(ta.value);
  marked.innerHTML = marks(ta.value, state.error);
  for (const layer of [pre, marked]) { layer.scrollTop = ta.scrollTop; layer.scrollLeft = ta.scrollLeft; }
}

function setQuery(text) {
  const ta = document.getElementById("query");
  ta.value = text;
  state.error = null;
  syncEditor();
  boundNote();
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

/* An empty table says why; for safety questions, plainly that silence is not safety. */
function emptyNotice(data) {
  const q = data.query ? state.catalogue.get(data.query) : null;
  const safety = (q && q.tags.includes("safety")) || /safety/.test(data.empty_reason || "");
  const reason = data.empty_reason ||
    "No rows: nothing in this graph matches the query. That says what the curated documents state, not what is true.";
  return PK.el("div", { class: "notice empty-reason" + (safety ? " safety" : ""), role: "status" },
    safety ? PK.el("strong", { class: "head" }, "No rows is not evidence of safety.") : null,
    PK.el("span", {}, reason.charAt(0).toUpperCase() + reason.slice(1) + (/[.!?]$/.test(reason) ? "" : ".")));
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
  if (!data.results.bindings.length) { box.replaceChildren(emptyNotice(data)); return; }
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
  box.replaceChildren(PK.el("div", { class: "table-wrap" }, PK.el("table", { class: "results" },
    PK.el("thead", {}, head), PK.el("tbody", {}, body))));
}

function showResult(data, elapsed, truncated) {
  state.result = data;
  state.sort = null;
  showError(null);
  renderResults();
  const parts = [];
  if (data.head && data.results) {
    const n = data.results.bindings.length;
    parts.push(`${n} row${n === 1 ? "" : "s"} in ${elapsed} ms`);
  } else parts.push(`answered in ${elapsed} ms`);
  if (truncated) parts.push(" ", PK.el("span", { class: "warn" }, "result cut at the server's row limit"));
  if (data.notes) parts.push(" · " + data.notes.join("; "));
  setStatus(parts);
  const note = document.getElementById("bound-result");
  const bound = Object.entries(data.params || {});
  note.hidden = !data.edited;
  if (data.edited) {
    const unused = data.unused || [];
    note.className = "notice bound" + (unused.length ? " warnbox" : "");
    note.replaceChildren(PK.el("span", {},
      PK.el("span", {}, "Your edited text ran with the example's parameters bound as terms: ",
        bound.map(([k, v], i) => [i ? ", " : "", PK.el("code", {}, k), " = ", PK.el("code", {}, v.curie)]), ". "),
      unused.length ? PK.el("strong", { class: "unused" }, `The edited text no longer uses ${unused.join(", ")}: `,
        unused.length === 1 ? "that parameter does not apply to this answer. " : "those parameters do not apply to this answer. ") : null,
      PK.el("button", { class: "linkish", type: "button", onclick: () => { detach(); run(); } }, "Run as plain SPARQL instead")));
  }
}

/* A failed run: the whole message, and where it points in the editor. */
function showError(message, data) {
  const box = document.getElementById("error");
  state.error = message ? PK.position(message, data) : null;
  syncEditor();
  if (!message) { box.hidden = true; box.replaceChildren(); return; }
  state.result = null;
  renderResults();
  document.getElementById("bound-result").hidden = true;
  const at = state.error;
  box.replaceChildren(
    PK.el("strong", {}, "The query was not run"),
    ...(at ? [" — ", PK.el("button", { class: "where", type: "button", onclick: () => goTo(at) }, `line ${at[0]}, column ${at[1]}`)] : []),
    PK.el("pre", {}, message));
  box.hidden = false;
  setStatus("error", true);
}

function goTo([line, column]) {
  const ta = document.getElementById("query");
  const lines = ta.value.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  offset += Math.max(0, column - 1);
  ta.focus();
  ta.setSelectionRange(offset, offset + 1);
}

/* -- running and the address bar ----------------------------------------------------------- */

function formParams() {
  const params = {};
  const form = state.example && document.querySelector(`form[data-query="${state.example.name}"]`);
  if (form) for (const input of form.querySelectorAll("input")) if (input.value.trim()) params[input.name] = input.value.trim();
  return params;
}

/* The address that reproduces what is on screen: the example and its parameters, the edited
   text, or the plain SPARQL text. */
function currentUrl() {
  const text = document.getElementById("query").value;
  const url = new URLSearchParams();
  if (state.example) {
    url.set("q", state.example.name);
    for (const [k, v] of Object.entries(formParams())) url.set(k, v);
    if (text !== state.example.text) url.set("text", text);
  } else url.set("sparql", text);
  return "/?" + url.toString();
}

function remember(push) {
  const url = currentUrl();
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

async function timed(work) {
  setStatus("running…");
  const started = performance.now();
  const out = await work();
  return [out, Math.round(performance.now() - started)];
}

async function runSparql(text) {
  const graphForm = /^\s*(?:(?:PREFIX|BASE)[^\n]*\n|\s|#[^\n]*\n)*(CONSTRUCT|DESCRIBE)\b/i.test(text);
  const [response, elapsed] = await timed(() => fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded",
               "Accept": graphForm ? "text/turtle" : "application/sparql-results+json" },
    body: new URLSearchParams({ query: text }),
  }));
  const body = await response.text();
  if (!response.ok) { showError(`${response.status}: ${body.trim()}`); return; }
  const truncated = response.headers.get("X-Result-Truncated") === "true";
  showResult(graphForm ? { text: body } : JSON.parse(body), elapsed, truncated);
}

async function runExample(q, params) {
  try {
    const [data, elapsed] = await timed(() => PK.json(`/api/queries/${encodeURIComponent(q.name)}?${new URLSearchParams(params)}`));
    showResult(data, elapsed, data.truncated === true);
  } catch (e) { showError(e.message); }
}

/* An edited example keeps its parameters: the server binds them to the edited text. */
async function runEdited(q, params, text) {
  const [response, elapsed] = await timed(() => fetch(`/api/queries/${encodeURIComponent(q.name)}/text`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text, params }),
  }));
  const body = await response.text();
  let data;
  try { data = JSON.parse(body); } catch (e) { data = { error: body }; }
  if (!response.ok) { showError(data.error || body, data); return; }
  showResult(data, elapsed, data.truncated === true);
}

function run(push = true) {
  const text = document.getElementById("query").value;
  remember(push);
  if (!state.example) return runSparql(text);
  const params = formParams();
  return text === state.example.text ? runExample(state.example, params) : runEdited(state.example, params, text);
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
function paramsForm(q, values) {
  const inputs = q.params.map(p => PK.el("label", { class: "param" },
    PK.el("span", {}, p.name, " ", PK.el("span", { class: "muted" }, `(${p.kind}${p.required ? "" : ", optional"})`)),
    PK.el("input", { name: p.name, value: values[p.name] !== undefined ? values[p.name] : "", placeholder: p.kind,
                     required: p.required ? "required" : null })));
  return PK.el("form", { class: "params", "data-query": q.name, onsubmit: (e) => { e.preventDefault(); run(); } },
    PK.el("div", { class: "params-head" }, PK.el("strong", {}, q.summary || q.name), " ",
          PK.el("code", { class: "muted" }, "/api/queries/" + q.name)),
    q.description ? PK.el("p", { class: "muted desc" }, q.description) : null,
    PK.el("div", { class: "param-row" }, inputs,
          PK.el("button", { class: "primary", type: "submit" }, q.params.length ? "Run with these" : "Run")),
    PK.el("p", { id: "bound-note", class: "bound muted", hidden: true }));
}

/* While an example's text is edited, say what Run will do with its parameters. */
function boundNote() {
  const note = document.getElementById("bound-note");
  if (!note || !state.example) return;
  const edited = document.getElementById("query").value !== state.example.text;
  note.hidden = !edited || !state.example.params.length;
  note.replaceChildren("Text edited: Run binds these parameters to your edited text (as terms, not pasted into it). ",
    PK.el("button", { class: "linkish", type: "button", onclick: () => detach() }, "Detach the parameters"),
    " to run the text as plain SPARQL.");
}

function selectExample(q, values, text) {
  state.example = q;
  document.querySelectorAll("button.example.active").forEach(b => b.classList.remove("active"));
  const button = document.querySelector(`button.example[data-query="${q.name}"]`);
  if (button) button.classList.add("active");
  const box = document.getElementById("example-params");
  const defaults = Object.fromEntries(q.params.map(p => [p.name, DEFAULTS[p.name] || ""]));
  box.replaceChildren(paramsForm(q, values || defaults));
  box.hidden = false;
  setQuery(text === undefined || text === null ? q.text : text);
}

/* Back to plain SPARQL: the parameters no longer apply, and the form says so by leaving. */
function detach() {
  state.example = null;
  document.querySelectorAll("button.example.active").forEach(b => b.classList.remove("active"));
  const box = document.getElementById("example-params");
  box.hidden = true;
  box.replaceChildren();
  document.getElementById("bound-result").hidden = true;
}

function exampleItem(q) {
  const button = PK.el("button", { class: "example", type: "button", "data-query": q.name, onclick: () => {
    selectExample(q);
    run();
  } }, PK.el("div", {}, q.summary || q.name), PK.el("div", { class: "desc" }, q.name));
  return PK.el("li", {}, button);
}

const START = "# Drugs and their classes (prefixes pkg:, rdfs:, … are predeclared)\n" +
  "SELECT ?drug ?drugLabel ?class ?classLabel WHERE {\n" +
  "  ?drug a pkg:Drug ; rdfs:label ?drugLabel ; pkg:hasDrugClass ?class .\n" +
  "  ?class rdfs:label ?classLabel .\n} ORDER BY ?drugLabel ?classLabel";

/* Show (and run) what the address names; used on load and on back/forward. */
function applyUrl() {
  const url = new URLSearchParams(location.search);
  const q = url.get("q") && state.catalogue.get(url.get("q"));
  if (q) {
    const values = Object.fromEntries(q.params.map(p => [p.name, url.get(p.name) || ""]));
    selectExample(q, values, url.get("text"));
    return run(false);
  }
  detach();
  setQuery(url.has("sparql") ? url.get("sparql") : START);
  state.result = null;
  renderResults();
  showError(null);
  setStatus("");
  if (url.has("sparql")) return run(false);
}

async function main() {
  await PK.init();
  const ta = document.getElementById("query");
  ta.addEventListener("input", () => { state.error = null; syncEditor(); boundNote(); });
  ta.addEventListener("scroll", syncEditor);
  ta.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
    if (e.key === "Tab") { e.preventDefault(); document.execCommand("insertText", false, "  "); }
  });
  document.getElementById("run").addEventListener("click", () => run());
  document.getElementById("download-csv").addEventListener("click", () => download("csv"));
  document.getElementById("download-json").addEventListener("click", () => download("json"));
  document.getElementById("prefix-list").textContent =
    Object.entries(PK.prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`).join("\n");
  const data = await PK.json("/api/queries");
  for (const q of data.queries) state.catalogue.set(q.name, q);
  document.getElementById("examples").replaceChildren(...data.queries.map(exampleItem));
  window.addEventListener("popstate", () => { applyUrl(); });
  await applyUrl();
  document.body.dataset.ready = "true";
}

main().catch(e => setStatus(String(e), true));
