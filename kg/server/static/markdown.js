/* Source quotes come from Markdown pages: show them without the markers (**, *, __, #, list
   bullets), as bold/italic text, keeping the highlighted span on the same source characters.
   Works on character offsets of the original text, so the highlight never drifts. */
"use strict";

const MD = {
  /* Per-character flags for `text`: dropped (a marker), bold, italic, or replaced (a bullet). */
  analyse(text) {
    const n = text.length;
    const drop = new Uint8Array(n), bold = new Uint8Array(n), ital = new Uint8Array(n);
    const bullet = new Set();
    let start = 0;
    while (start <= n) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = n;
      const line = text.slice(start, end);
      const heading = /^[ \t]*#{1,6}[ \t]+/.exec(line);
      if (heading) for (let i = 0; i < heading[0].length; i++) drop[start + i] = 1;
      const item = /^([ \t]*)[*+-][ \t]+/.exec(line);
      if (item) bullet.add(start + item[1].length);
      // ** and __ pairs on one line: bold between; an unpaired one (the context was cut) is dropped
      const strong = [];
      for (const m of line.matchAll(/\*\*|__/g)) strong.push(start + m.index);
      for (let k = 0; k < strong.length; k += 2) {
        const a = strong[k], b = strong[k + 1];
        drop[a] = drop[a + 1] = 1;
        if (b === undefined) break;
        drop[b] = drop[b + 1] = 1;
        for (let i = a + 2; i < b; i++) bold[i] = 1;
      }
      // single * pairs around non-space text: italic
      const singles = [];
      for (let i = start; i < end; i++) {
        if (text[i] === "*" && !drop[i] && !bullet.has(i)) singles.push(i);
      }
      for (let k = 0; k + 1 < singles.length; k += 2) {
        const a = singles[k], b = singles[k + 1];
        if (/\s/.test(text[a + 1] || " ") || /\s/.test(text[b - 1] || " ")) continue;
        drop[a] = drop[b] = 1;
        for (let i = a + 1; i < b; i++) ital[i] = 1;
      }
      start = end + 1;
    }
    return { drop, bold, ital, bullet };
  },

  /* DOM nodes for text[from, to), with [markFrom, markTo) inside a <mark>. */
  render(text, markFrom, markTo) {
    const { drop, bold, ital, bullet } = MD.analyse(text);
    const out = [];
    let run = null;
    const flush = () => {
      if (!run) return;
      let node = document.createTextNode(run.text);
      if (run.ital) { const em = document.createElement("em"); em.append(node); node = em; }
      if (run.bold) { const b = document.createElement("strong"); b.append(node); node = b; }
      const target = run.mark ? out.markNode : null;
      if (target) target.append(node); else out.push(node);
      run = null;
    };
    out.markNode = null;
    for (let i = 0; i < text.length; i++) {
      const inMark = i >= markFrom && i < markTo;
      if (inMark && !out.markNode) { flush(); out.markNode = document.createElement("mark"); out.push(out.markNode); }
      if (!inMark && out.markNode && i >= markTo && !out.markClosed) { flush(); out.markClosed = true; }
      if (drop[i]) continue;
      const ch = bullet.has(i) ? "•" : text[i];
      const key = { bold: bold[i], ital: ital[i], mark: inMark };
      if (!run || run.bold !== key.bold || run.ital !== key.ital || run.mark !== key.mark) {
        flush();
        run = { ...key, text: "" };
      }
      run.text += ch;
    }
    flush();
    if (markFrom === markTo || !out.markNode) {  // an empty span still shows where it is
      out.push(document.createElement("mark"));
    }
    return out;
  },
};
