#!/usr/bin/env node
// Reads a PDF with pdf.js (pdfjs-dist, and @napi-rs/canvas to render) where poppler-utils is not
// installed. The tests' PdfFile and pdfText() call `inspect` in a worker thread they wait on
// (pdf-tools.ts), so that their synchronous API stays the same as with poppler and pdf.js loads once
// per test process; run as a command, it prints the same answers as JSON on stdout.
//   info FILE                      {pages, w, h} (page 1, points)
//   fonts FILE                     [{name, type, embedded, subset}]
//   words FILE                     [{text, xMin, yMin, xMax, yMax}] (points from the top-left)
//   text FILE                      "…" (lines top to bottom, pages separated by a form feed)
//   images FILE                    [{width, height}] of every image drawn, as `pdfimages -list` lists them
//   render FILE DPI X Y W H OUT    a PNG of that pixel region of page 1
import { readFileSync, writeFileSync } from 'node:fs';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

async function words(doc, pageNo) {
  const page = await doc.getPage(pageNo);
  const vp = page.getViewport({ scale: 1 });
  const tc = await page.getTextContent();
  const out = [];
  for (const it of tc.items) {
    if (!('str' in it) || !it.str.trim()) continue;
    const [, , , , e, f] = it.transform;
    const h = Math.hypot(it.transform[2], it.transform[3]) || it.height;
    // Split runs at spaces, like pdftotext's words; each part gets a share of the run's width.
    const parts = it.str.split(/(\s+)/);
    let x = e;
    const per = it.width / Math.max(1, it.str.length);
    for (const p of parts) {
      const w = per * p.length;
      if (p.trim()) out.push({ text: p, xMin: x, yMin: vp.height - f - h * 0.88, xMax: x + w, yMax: vp.height - f + h * 0.12 });
      x += w;
    }
  }
  return out;
}

/** One command's answer (as the CLI prints it, before JSON). */
export async function inspect(cmd, file, ...rest) {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), fontExtraProperties: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    return await answer(doc, cmd, rest);
  } finally {
    await doc.destroy();
  }
}

async function answer(doc, cmd, rest) {
  if (cmd === 'info') {
    const page = await doc.getPage(1);
    const [x0, y0, x1, y1] = page.view;
    return { pages: doc.numPages, w: x1 - x0, h: y1 - y0 };
  } else if (cmd === 'fonts') {
    const seen = new Map();
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const ops = await page.getOperatorList();
      for (let i = 0; i < ops.fnArray.length; i++) {
        if (ops.fnArray[i] !== OPS.setFont) continue;
        const id = ops.argsArray[i][0];
        if (seen.has(id)) continue;
        const font = page.commonObjs.get(id);
        // pdf.js keeps the subset tag (ABCDEF+) in `name` only when the font is embedded.
        const name = font.name ?? font.loadedName;
        seen.set(id, { name, type: font.type ?? '', embedded: !font.missingFile, subset: /^[A-Z]{6}\+/.test(name) });
      }
    }
    return [...seen.values()];
  } else if (cmd === 'words' || cmd === 'text') {
    const all = [];
    for (let n = 1; n <= doc.numPages; n++) all.push(await words(doc, n));
    if (cmd === 'words') return all.flat();
    else {
      // In the order the page draws its text (a generated PDF draws in reading order, column by
      // column), a new line wherever the baseline moves, as pdftotext's reading order comes out for them.
      const pages = all.map((ws) => {
        let out = '';
        let prev = null;
        for (const w of ws) {
          if (prev) out += Math.abs(w.yMax - prev.yMax) > (w.yMax - w.yMin) / 2 || w.xMin < prev.xMin ? '\n' : ' ';
          out += w.text;
          prev = w;
        }
        return out;
      });
      return pages.join('\n\f');
    }
  } else if (cmd === 'images') {
    const out = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const ops = await page.getOperatorList();
      for (let i = 0; i < ops.fnArray.length; i++) {
        if (ops.fnArray[i] !== OPS.paintImageXObject) continue;
        const [id, width, height] = ops.argsArray[i];
        out.push({ id, width, height });
      }
    }
    return out.map(({ width, height }) => ({ width, height }));
  } else if (cmd === 'render') {
    const [dpi, x, y, w, h, out] = rest;
    const { createCanvas } = await import('@napi-rs/canvas');
    const page = await doc.getPage(1);
    const vp = page.getViewport({ scale: Number(dpi) / 72 });
    const canvas = createCanvas(Math.ceil(vp.width), Math.ceil(vp.height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: ctx, canvas, viewport: vp }).promise;
    const crop = createCanvas(Number(w), Number(h));
    crop.getContext('2d').drawImage(canvas, Number(x), Number(y), Number(w), Number(h), 0, 0, Number(w), Number(h));
    writeFileSync(out, crop.toBuffer('image/png'));
    return { out };
  }
  throw new Error(`usage: pdfjs-inspect.mjs info|fonts|words|text|images|render FILE …`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, file, ...rest] = process.argv.slice(2);
  try {
    console.log(JSON.stringify(await inspect(cmd, file, ...rest)));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
}
