/* A small force-directed graph in SVG (no library): repulsion between all nodes, springs on
   edges, a pull to the centre; nodes can be dragged, and clicking one opens its page. Each label
   takes the first of right/left/above/below where it fits in the frame without covering another
   label (else it shows on hover only). A legend names the colours; the wheel or the buttons zoom
   and dragging the background pans. */
"use strict";

const KIND_WORDS = {
  drug: "drug", class: "drug class", condition: "condition", effect: "effect",
  mechanism: "mechanism", target: "target", document: "document", management: "management",
  other: "other",
};
const KIND_COLOURS = {
  drug: "#1f6feb", class: "#7c3aed", condition: "#16a34a", effect: "#dc2626",
  mechanism: "#d97706", target: "#0891b2", document: "#64748b", management: "#0d9488",
  other: "#94a3b8",
};

function forceGraph(svg, graph, centre, onOpen) {
  const NS = "http://www.w3.org/2000/svg";
  const width = svg.clientWidth || 540, height = svg.clientHeight || 380;
  const view = { x: 0, y: 0, w: width, h: height };
  const setView = () => svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  setView();
  svg.replaceChildren();
  const crowd = Math.max(1, graph.nodes.length / 12);  // more nodes: shorter springs, more push
  const spring = Math.max(55, 120 / Math.sqrt(crowd));
  const push = 2200 * Math.sqrt(crowd);
  const nodes = graph.nodes.map((n, i) => {
    const angle = (2 * Math.PI * i) / graph.nodes.length;
    const r = n.id === centre ? 0 : Math.min(width, height) * 0.35;
    return { ...n, x: width / 2 + r * Math.cos(angle), y: height / 2 + r * Math.sin(angle), vx: 0, vy: 0 };
  });
  const byId = new Map(nodes.map(n => [n.id, n]));
  const edges = graph.edges.filter(e => byId.has(e.source) && byId.has(e.target))
    .map(e => ({ ...e, s: byId.get(e.source), t: byId.get(e.target) }));
  const lineEls = edges.map(e => {
    const line = document.createElementNS(NS, "line");
    if (e.negated) line.setAttribute("class", "neg");
    const title = document.createElementNS(NS, "title");
    title.textContent = e.label + (e.negated ? " (negated)" : "");
    line.append(title);
    svg.append(line);
    return line;
  });
  const nodeEls = nodes.map(n => {
    const g = document.createElementNS(NS, "g");
    const c = document.createElementNS(NS, "circle");
    c.setAttribute("r", n.id === centre ? 9 : 6);
    c.setAttribute("fill", KIND_COLOURS[n.kind] || KIND_COLOURS.other);
    const title = document.createElementNS(NS, "title");
    title.textContent = `${n.label} (${n.kind})`;
    c.append(title);
    const t = document.createElementNS(NS, "text");
    t.textContent = n.label.length > 24 ? n.label.slice(0, 23) + "…" : n.label;
    t.setAttribute("dx", 9);
    t.setAttribute("dy", 3);
    g.append(c, t);
    svg.append(g);
    n.text = t;
    n.textWidth = (t.getComputedTextLength && t.getComputedTextLength()) || t.textContent.length * 5.6;
    let dragging = false, moved = false;
    c.addEventListener("pointerdown", (ev) => { dragging = true; moved = false; n.fixed = true; c.setPointerCapture(ev.pointerId); });
    c.addEventListener("pointermove", (ev) => {
      if (!dragging) return;
      const box = svg.getBoundingClientRect();
      n.x = view.x + (ev.clientX - box.left) * (view.w / box.width);
      n.y = view.y + (ev.clientY - box.top) * (view.h / box.height);
      moved = true;
      kick();
    });
    c.addEventListener("pointerup", () => { dragging = false; n.fixed = false; if (!moved && n.id !== centre) onOpen(n); });
    return g;
  });

  let alpha = 1, frame = null;
  function step() {
    const k = 0.6 * alpha;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = b.x - a.x, dy = b.y - a.y;
        let d2 = dx * dx + dy * dy || 0.01;
        const f = (push / d2) * k;
        const d = Math.sqrt(d2);
        dx /= d; dy /= d;
        a.vx -= dx * f; a.vy -= dy * f; b.vx += dx * f; b.vy += dy * f;
      }
    }
    for (const e of edges) {
      const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = (d - spring) * 0.02 * k;
      e.s.vx += (dx / d) * f; e.s.vy += (dy / d) * f;
      e.t.vx -= (dx / d) * f; e.t.vy -= (dy / d) * f;
    }
    for (const n of nodes) {
      n.vx += (width / 2 - n.x) * 0.004 * k;
      n.vy += (height / 2 - n.y) * 0.004 * k;
      if (n.id === centre) { n.vx += (width / 2 - n.x) * 0.05; n.vy += (height / 2 - n.y) * 0.05; }
      if (!n.fixed) { n.x += n.vx; n.y += n.vy; }
      n.vx *= 0.6; n.vy *= 0.6;
      n.left = n.id !== centre && n.x < width / 2;  // label on the outer side
      const room = (n.textWidth || 40) + 12;
      n.x = n.left ? Math.max(room, Math.min(width - 10, n.x)) : Math.max(10, Math.min(width - room, n.x));
      n.y = Math.max(10, Math.min(height - 10, n.y));
    }
  }
  function draw() {
    edges.forEach((e, i) => {
      lineEls[i].setAttribute("x1", e.s.x); lineEls[i].setAttribute("y1", e.s.y);
      lineEls[i].setAttribute("x2", e.t.x); lineEls[i].setAttribute("y2", e.t.y);
    });
    nodes.forEach((n, i) => nodeEls[i].setAttribute("transform", `translate(${n.x},${n.y})`));
    placeLabels();
  }
  /* Greedy label placement: the centre first, then the most connected nodes. */
  const degree = new Map(nodes.map(n => [n.id, 0]));
  for (const e of edges) { degree.set(e.s.id, degree.get(e.s.id) + 1); degree.set(e.t.id, degree.get(e.t.id) + 1); }
  const order = nodes.slice().sort((a, b) => (b.id === centre) - (a.id === centre) || degree.get(b.id) - degree.get(a.id));
  const H = 11;
  function placeLabels() {
    const placed = nodes.map(n => ({ x0: n.x - 7, x1: n.x + 7, y0: n.y - 7, y1: n.y + 7 }));  // circles
    const free = (b) => b.x0 >= 1 && b.x1 <= width - 1 && b.y0 >= 1 && b.y1 <= height - 1 &&
      placed.every(p => b.x1 <= p.x0 || b.x0 >= p.x1 || b.y1 <= p.y0 || b.y0 >= p.y1);
    for (const n of order) {
      const w = n.textWidth || 40;
      const options = [
        n.left ? ["end", -9, 3] : ["start", 9, 3], n.left ? ["start", 9, 3] : ["end", -9, 3],
        ["middle", 0, -10], ["middle", 0, 16]];
      let chosen = null;
      for (const [anchor, dx, dy] of options) {
        const x0 = n.x + dx - (anchor === "end" ? w : anchor === "middle" ? w / 2 : 0);
        const box = { x0, x1: x0 + w, y0: n.y + dy - H + 2, y1: n.y + dy + 3 };
        if (free(box)) { chosen = [anchor, dx, dy, box]; break; }
      }
      n.text.classList.toggle("hidden-label", !chosen);
      if (!chosen) continue;
      placed.push(chosen[3]);
      n.text.setAttribute("text-anchor", chosen[0]);
      n.text.setAttribute("dx", chosen[1]);
      n.text.setAttribute("dy", chosen[2]);
    }
  }
  function tick() {
    step(); draw();
    alpha *= 0.985;
    frame = alpha > 0.02 ? requestAnimationFrame(tick) : null;
  }
  function kick() { alpha = Math.max(alpha, 0.3); if (!frame) frame = requestAnimationFrame(tick); }
  for (let i = 0; i < 60; i++) step();  // settle before the first paint
  draw();
  kick();
  graphTools(svg, nodes, view, setView, width, height);
}

/* The legend (only the kinds shown) and the zoom controls under the graph. */
function graphTools(svg, nodes, view, setView, width, height) {
  const tools = svg.parentElement && svg.parentElement.querySelector(".graph-tools");
  const zoom = (factor, cx, cy) => {
    const w = Math.min(width * 2, Math.max(width / 6, view.w * factor)), h = w * height / width;
    cx = cx === undefined ? view.x + view.w / 2 : cx; cy = cy === undefined ? view.y + view.h / 2 : cy;
    view.x = cx - (cx - view.x) * (w / view.w); view.y = cy - (cy - view.y) * (h / view.h);
    view.w = w; view.h = h;
    setView();
    svg.dataset.zoom = (width / view.w).toFixed(2);
  };
  svg.dataset.zoom = "1.00";
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const box = svg.getBoundingClientRect();
    zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, view.x + (ev.clientX - box.left) * view.w / box.width,
         view.y + (ev.clientY - box.top) * view.h / box.height);
  }, { passive: false });
  let pan = null;
  svg.addEventListener("pointerdown", (ev) => {
    if (ev.target !== svg) return;
    pan = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!pan) return;
    const box = svg.getBoundingClientRect();
    view.x = pan.vx - (ev.clientX - pan.x) * view.w / box.width;
    view.y = pan.vy - (ev.clientY - pan.y) * view.h / box.height;
    setView();
  });
  svg.addEventListener("pointerup", () => { pan = null; });
  if (!tools) return;
  const kinds = [...new Set(nodes.map(n => n.kind))].sort();
  const button = (text, label, action) => PK.el("button", { type: "button", "aria-label": label, title: label, onclick: action }, text);
  tools.replaceChildren(
    PK.el("ul", { class: "legend", "aria-label": "colours" }, kinds.map(k => PK.el("li", { "data-kind": k },
      PK.el("span", { class: "dot", style: `background:${KIND_COLOURS[k] || KIND_COLOURS.other}` }), KIND_WORDS[k] || k))),
    PK.el("span", {}, button("+", "zoom in", () => zoom(1 / 1.3)), " ", button("−", "zoom out", () => zoom(1.3)), " ",
      button("reset", "reset the view", () => { view.x = 0; view.y = 0; view.w = width; view.h = height; setView(); svg.dataset.zoom = "1.00"; })));
}
