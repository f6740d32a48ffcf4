import type { Page } from 'playwright-core';

/** The screens halls buy: portrait totems, landscape desk units, wall units. */
export const SIZES = [
  { name: '1080x1920', width: 1080, height: 1920 },
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1280x800', width: 1280, height: 800 },
] as const;
export const MODES = ['standard', 'elderly'] as const;
export const LOCALES = ['zh-CN', 'en'] as const;
export type Mode = (typeof MODES)[number];

/** The smallest touch target per mode (the stylesheet's --target; 适老化 asks for larger ones in elderly mode). */
export const MIN_TARGET: Record<Mode, number> = { standard: 64, elderly: 72 };
/** On-screen keyboard keys: 64 px standard (68 on tall screens), 72 px elderly. */
export const MIN_KEY: Record<Mode, number> = { standard: 64, elderly: 72 };

/** tsx (esbuild keepNames) wraps the functions inside evaluated code in `__name(…)`; the page needs it defined. */
async function defineNameHelper(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (f) => f');
}

/**
 * What is wrong with the layout on screen now, in words (empty when it is right): the page
 * scrolls sideways or at all; a button is outside the viewport (unless scrolled away inside its
 * own list), smaller than the mode's minimum, or covered; text is cut off; the focused field is
 * hidden; the flow's back / cancel / next are not fully on screen; a keyboard key is too small.
 * Runs in the page; the test code is type-checked without the DOM library, hence the casts.
 */
export async function layoutProblems(page: Page, mode: Mode): Promise<string[]> {
  await defineNameHelper(page);
  return page.evaluate(
    ({ minTarget, minKey }) => {
      /* eslint-disable @typescript-eslint/no-explicit-any */
      const g = globalThis as any;
      const doc = g.document;
      const W = g.innerWidth as number;
      const H = g.innerHeight as number;
      const out: string[] = [];
      const name = (el: any) => {
        const id = el.getAttribute('data-testid');
        const text = (el.innerText ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
        return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''} "${text}"`;
      };
      const visible = (el: any) => {
        const r = el.getBoundingClientRect();
        const cs = g.getComputedStyle(el);
        return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' && !el.closest('.sr-only,[aria-hidden="true"]');
      };
      const scroller = (el: any) => {
        for (let p = el.parentElement; p && p !== doc.body; p = p.parentElement) {
          const cs = g.getComputedStyle(p);
          if (/(auto|scroll)/.test(cs.overflowY + cs.overflowX) && (p.scrollHeight > p.clientHeight + 1 || p.scrollWidth > p.clientWidth + 1)) return p;
        }
        return null;
      };
      const root = doc.scrollingElement;
      if (root.scrollWidth > W + 1) out.push(`page scrolls sideways: ${root.scrollWidth} > ${W}`);
      if (root.scrollHeight > H + 1) out.push(`page scrolls: ${root.scrollHeight} > ${H}`);
      const covered = (el: any, r: any) => {
        const x = Math.min(W - 1, Math.max(0, r.left + r.width / 2));
        const y = Math.min(H - 1, Math.max(0, r.top + r.height / 2));
        const hit = doc.elementFromPoint(x, y);
        return !hit || !(el === hit || el.contains(hit) || hit.contains(el));
      };
      const modal = doc.querySelector('[aria-modal="true"]');
      for (const b of doc.querySelectorAll('button, [role="button"], input, select, textarea')) {
        if (!visible(b)) continue;
        if (modal && !modal.contains(b)) continue; // behind a dialog: not reachable, not judged
        const r = b.getBoundingClientRect();
        if (r.left < -1 || r.right > W + 1) out.push(`${name(b)} is off screen sideways (${Math.round(r.left)}–${Math.round(r.right)} of ${W})`);
        const inView = r.top >= -1 && r.bottom <= H + 1;
        const sc = scroller(b);
        if (!inView && !sc) out.push(`${name(b)} is below or above the screen (${Math.round(r.top)}–${Math.round(r.bottom)} of ${H})`);
        if (sc) {
          const s = sc.getBoundingClientRect();
          const partly = r.bottom > s.top + 1 && r.top < s.bottom - 1;
          if (partly && (r.top < s.top - 1 || r.bottom > s.bottom + 1)) continue; // cut by its own scrolling list: scrolling shows it
          if (!partly) continue; // scrolled away inside its list
        }
        if (b.tagName === 'BUTTON' && (r.width < minTarget - 0.5 || r.height < minTarget - 0.5)) out.push(`${name(b)} is ${Math.round(r.width)}×${Math.round(r.height)}, below ${minTarget}×${minTarget}`);
        if (inView && covered(b, r)) out.push(`${name(b)} is covered by ${name(doc.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2))}`);
      }
      for (const id of ['back', 'cancel', 'next', 'done']) {
        const el = doc.querySelector(`[data-testid="flow"] [data-testid="${id}"]`);
        if (!el || !visible(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.top < 0 || r.bottom > H + 1) out.push(`flow action ${id} is not fully on screen (${Math.round(r.top)}–${Math.round(r.bottom)} of ${H})`);
      }
      const focused = doc.activeElement;
      if (focused && focused.tagName === 'INPUT' && visible(focused)) {
        const r = focused.getBoundingClientRect();
        if (r.top < 0 || r.bottom > H || covered(focused, r)) out.push(`the focused field ${name(focused)} is hidden (${Math.round(r.top)}–${Math.round(r.bottom)})`);
      }
      for (const k of doc.querySelectorAll('[data-testid="keyboard"] .hg-button')) {
        const r = k.getBoundingClientRect();
        if (r.height < minKey - 0.5) {
          out.push(`keyboard key "${k.textContent}" is ${Math.round(r.height)} px tall, below ${minKey}`);
          break;
        }
      }
      // Clipped text: an element with its own text that overflows a box that hides the overflow.
      const walker = doc.createTreeWalker(doc.body, 4 /* SHOW_TEXT */);
      const seen = new Set();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || seen.has(el) || !n.textContent.trim() || !visible(el)) continue;
        seen.add(el);
        if (modal && !modal.contains(el)) continue;
        const cs = g.getComputedStyle(el);
        if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) out.push(`text cut with an ellipsis: ${name(el)}`);
        for (let p = el; p && p !== doc.body; p = p.parentElement) {
          const ps = g.getComputedStyle(p);
          if (/(auto|scroll)/.test(ps.overflowX + ps.overflowY)) break; // inside a list that scrolls: reachable
          const hidesX = /(hidden|clip)/.test(ps.overflowX);
          const hidesY = /(hidden|clip)/.test(ps.overflowY);
          if (!hidesX && !hidesY) continue;
          const r = el.getBoundingClientRect();
          const b = p.getBoundingClientRect();
          if ((hidesX && (r.left < b.left - 2 || r.right > b.right + 2)) || (hidesY && (r.top < b.top - 2 || r.bottom > b.bottom + 2))) {
            if (!p.closest('.osk')) out.push(`text clipped by ${name(p).slice(0, 40)}: ${name(el)}`);
            break;
          }
        }
        const r = el.getBoundingClientRect();
        if (r.right > W + 2 || r.left < -2) out.push(`text off screen sideways: ${name(el)}`);
      }
      return [...new Set(out)];
    },
    { minTarget: MIN_TARGET[mode], minKey: MIN_KEY[mode] },
  );
}

/** Median font size of the visible text (px): elderly mode must be visibly larger. */
export async function medianTextPx(page: Page): Promise<number> {
  await defineNameHelper(page);
  return page.evaluate(() => {
    const g = globalThis as any;
    const doc = g.document;
    const sizes: number[] = [];
    const walker = doc.createTreeWalker(doc.querySelector('.app') ?? doc.body, 4);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent.trim() || el.closest('.sr-only,.header,.osk')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      sizes.push(parseFloat(g.getComputedStyle(el).fontSize));
    }
    sizes.sort((a, b) => a - b);
    return sizes.length ? sizes[Math.floor(sizes.length / 2)]! : 0;
  });
}
