/* A small force-directed graph in SVG (no library): repulsion between all nodes, springs on
   edges, a pull to the centre; nodes can be dragged, and clicking one opens its page. Labels
   point away from the centre and every node is kept where its whole label fits in the frame. */
"use strict";

const KIND_COLOURS = {
  drug: "#1f6feb", class: "#7c3aed", condition: "#16a34a", effect: "#dc2626",
  mechanism: "#d97706", target: "#0891b2", document: "#64748b", management: "#0d9488",
  other: "#94a3b8",
};

function forceGraph(svg, graph, centre, onOpen) {
  const NS = "http://www.w3.org/2000/svg";
  const width = svg.clientWidth || 540, height = svg.clientHeight || 380;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
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
      n.x = (ev.clientX - box.left) * (width / box.width);
      n.y = (ev.clientY - box.top) * (height / box.height);
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
    nodes.forEach((n, i) => {
      nodeEls[i].setAttribute("transform", `translate(${n.x},${n.y})`);
      n.text.setAttribute("text-anchor", n.left ? "end" : "start");
      n.text.setAttribute("dx", n.left ? -9 : 9);
    });
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
}
