import type { Page } from 'playwright-core';

/** Open the developer panel the documented way (five taps on the hall name), act, close it. */
export async function withDevPanel(page: Page, act: (page: Page) => Promise<void>): Promise<void> {
  // The gesture is five taps within 3 s; on a loaded machine five of Playwright's taps (each waits
  // for the element to be stable) can take longer, so the taps are repeated until the panel shows.
  const panel = page.getByTestId('dev-panel');
  for (let round = 1; ; round++) {
    if (round > 1 && (await panel.isVisible())) break;
    for (let i = 0; i < 5; i++) await touch(page, '[data-testid="hall-name"]');
    try {
      await panel.waitFor({ timeout: round < 4 ? 3000 : 30_000 });
      break;
    } catch (e) {
      if (round >= 4) throw e;
    }
  }
  await act(page);
  await page.getByTestId('dev-close').tap();
  await page.getByTestId('dev-panel').waitFor({ state: 'detached' });
}

export async function placeCard(page: Page, key: string): Promise<void> {
  await withDevPanel(page, async (p) => {
    await p.getByTestId(`sim-card-${key}`).tap();
  });
}

/** The previous citizen took their card (the simulated reader keeps a card until it is removed). */
export async function removeCard(page: Page): Promise<void> {
  await withDevPanel(page, async (p) => {
    await p.getByTestId('sim-remove-card').tap();
  });
}

/** The catalog pages (tiles that fit the screen): turn pages until the service's tile is shown. */
export async function findTile(page: Page, id: string): Promise<void> {
  const tile = page.getByTestId(`service-${id}`);
  await page.getByTestId('tiles').locator('.tile').first().waitFor();
  for (let i = 0; i < 30 && (await tile.count()) === 0; i++) {
    const next = page.getByTestId('page-next');
    if ((await next.count()) === 0 || (await next.isDisabled())) break;
    await next.tap();
  }
  await tile.waitFor({ timeout: 2000 });
}

/** From the attract screen to a service's first step, with no card left on the reader. */
export async function openService(page: Page, id: string): Promise<void> {
  // The attract screen appears only once the host has said hello: wait for it or the home screen,
  // or a page that is still connecting would never be tapped past the attract screen.
  await page.getByTestId('attract').or(page.getByTestId('home')).first().waitFor();
  if (await page.getByTestId('attract').count()) await page.getByTestId('start').tap();
  await page.getByTestId('home').waitFor();
  await removeCard(page);
  await findTile(page, id);
  await page.getByTestId(`service-${id}`).tap();
  await page.getByTestId('flow').waitFor();
}

/** The step the flow runner shows now (its id in the service definition). */
export async function currentStep(page: Page): Promise<string | null> {
  return page.getByTestId('flow').getAttribute('data-step');
}

export async function waitForStep(page: Page, id: string, timeout = 15_000): Promise<void> {
  await page.locator(`[data-testid="flow"][data-step="${id}"]`).waitFor({ timeout });
}

/** Identify with a demo card on the reader (places it through the developer panel), then go on. */
export async function identifyWithCard(page: Page, key: string): Promise<void> {
  await page.getByTestId('identify').waitFor();
  await placeCard(page, key);
  await page.getByTestId('identity').waitFor({ timeout: 15_000 });
  await page.getByTestId('next').tap();
}

/** Type on the kiosk's own keyboard: each character is a key (digits and Latin letters). */
export async function typeKeys(page: Page, text: string): Promise<void> {
  for (const ch of text) await touch(page, `[data-testid="keyboard"] [data-skbtn="${ch}"]`);
}

/**
 * One real touch (CDP `Input.dispatchTouchEvent`, as `locator.tap()` sends) in the middle of the
 * first visible element matching `selector` (and holding `withText`, if given), which must be on
 * screen, still for one frame and not covered there. Two round trips to the browser instead of the
 * dozen of `locator.tap()`'s checks: typing a form by Playwright taps took half of a layout walk,
 * and the five-tap gesture took longer than its 3 s on a loaded machine.
 */
export async function touch(page: Page, selector: string, withText?: string): Promise<void> {
  const at = await page.evaluate(async ([sel, text]) => {
    /* eslint-disable @typescript-eslint/no-explicit-any */
    const g = globalThis as any;
    // No named functions in here: tsx would wrap them in a `__name` helper the page does not have.
    // Stable as Playwright's tap requires: the same box in two frames running (a keyboard that has
    // just opened may still be pushing the form up; a key measured then would be missed).
    for (let tries = 0; tries < 60; tries++) {
      const el = [...g.document.querySelectorAll(sel)].find((e: any) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && (text === null || String(e.textContent).includes(text));
      });
      if (!el) return { problem: `${sel}${text === null ? '' : ` with "${text}"`}: no visible element` };
      const a = el.getBoundingClientRect();
      await new Promise((r) => g.requestAnimationFrame(r));
      const b = el.getBoundingClientRect();
      if (!el.isConnected || a.left !== b.left || a.top !== b.top || a.width !== b.width || a.height !== b.height) continue;
      const x = b.left + b.width / 2;
      const y = b.top + b.height / 2;
      if (x < 0 || y < 0 || x >= g.innerWidth || y >= g.innerHeight) return { problem: `${sel} is off screen` };
      const hit = g.document.elementFromPoint(x, y);
      if (!hit || !(hit === el || el.contains(hit))) return { problem: `${sel} is covered by ${hit?.tagName ?? 'nothing'}` };
      return { x, y };
    }
    return { problem: `${sel} did not stop moving` };
  }, [selector, withText ?? null] as const);
  if ('problem' in at) throw new Error(`touch: ${at.problem}`);
  await page.touchscreen.tap(at.x, at.y);
}

/** Rate and finish: the evaluation step, then the done step (where `atDone` runs, if given), back to home. */
export async function rateAndFinish(page: Page, rating: number, atDone?: () => Promise<void>): Promise<void> {
  await page.getByTestId('evaluate').waitFor();
  await page.getByTestId(`rate-${rating}`).tap();
  if (rating <= 2) {
    await page.getByTestId('reason-slow').tap();
    await page.getByTestId('send-rating').tap();
  }
  await page.getByTestId('thanks').waitFor();
  await page.getByTestId('next').tap();
  if (atDone) {
    await page.getByTestId('done-step').waitFor();
    await atDone();
  }
  await page.getByTestId('done').tap();
  await page.getByTestId('home').waitFor();
}

/** The simulated scanner reads one of the developer panel's sample codes (0: 欧阳晓明's e-government code). */
export async function scanSample(page: Page, index: number): Promise<void> {
  await withDevPanel(page, async (p) => {
    await p.getByTestId(`sim-scan-${index}`).tap();
  });
}

/** Type a syllable on the pinyin keyboard and pick the character from the candidate bar. */
export async function typePinyin(page: Page, syllable: string, char: string): Promise<void> {
  await typeKeys(page, syllable);
  const item = page.locator('[data-testid="keyboard"] .hg-candidate-box-list-item', { hasText: char }).first();
  await item.waitFor();
  await touch(page, '[data-testid="keyboard"] .hg-candidate-box-list-item', char);
}

/** Hours a service is open in hall time (Asia/Shanghai), to know whether a time-limited service is open now. */
export function hallTimeMinutes(now = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** A point in the signing box as fractions of its width and height (0–1). */
export type PadPoint = [x: number, y: number];

/**
 * Draw strokes on the sign step's box with real touch input: Chromium's input pipeline
 * (`Input.dispatchTouchEvent` over CDP) makes the touchstart/move/end and the pointer events
 * (pointerType "touch") a finger would, so signature_pad sees what it sees on the kiosk's screen.
 * Each stroke is a polyline, filled in with points every few pixels.
 */
export async function drawOnPad(page: Page, strokes: readonly (readonly PadPoint[])[]): Promise<void> {
  const box = await page.getByTestId('sign-pad').boundingBox();
  if (!box) throw new Error('the signing box is not on screen');
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const stroke of strokes) {
      const pts = stroke.map(([fx, fy]) => ({ x: box.x + fx * box.width, y: box.y + fy * box.height }));
      const path: { x: number; y: number }[] = [pts[0]!];
      for (let i = 1; i < pts.length; i++) {
        const a = pts[i - 1]!;
        const b = pts[i]!;
        const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 8));
        for (let k = 1; k <= n; k++) path.push({ x: a.x + ((b.x - a.x) * k) / n, y: a.y + ((b.y - a.y) * k) / n });
      }
      const touch = (p: { x: number; y: number }) => [{ x: Math.round(p.x), y: Math.round(p.y), id: 1, radiusX: 4, radiusY: 4, force: 0.5 }];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch(path[0]!) });
      for (const p of path.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch(p) });
      // The finger rests before it lifts, as a hand does: lifted while moving fast, Chromium starts a
      // fling, and a tap that comes while it runs only stops the fling (no click).
      await new Promise((r) => setTimeout(r, 120));
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch(path.at(-1)!) });
      await new Promise((r) => setTimeout(r, 120));
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    }
  } finally {
    await cdp.detach();
  }
}

/** 王 as three strokes across the box and one down: a signature the step accepts. */
export const NAME_STROKES: readonly (readonly PadPoint[])[] = [
  [[0.2, 0.25], [0.8, 0.25]],
  [[0.25, 0.5], [0.75, 0.5]],
  [[0.5, 0.25], [0.5, 0.75]],
  [[0.15, 0.75], [0.85, 0.73]],
];

/** Sign the sign step's box and confirm; the flow moves on. */
export async function signAndConfirm(page: Page): Promise<void> {
  await page.getByTestId('sign').waitFor();
  await drawOnPad(page, NAME_STROKES);
  await page.locator(`[data-testid="sign"][data-strokes="${NAME_STROKES.length}"]`).waitFor();
  await page.getByTestId('next').tap();
  await page.getByTestId('sign').waitFor({ state: 'detached', timeout: 15_000 });
}

/**
 * The face check (verify-face) with the suite's fake camera showing the card holder
 * (`suite.showToCamera({ kind: 'live', card })` before the step opens): wait for it to pass and the
 * flow to move on.
 */
export async function passFaceCheck(page: Page): Promise<void> {
  await waitForStep(page, 'face', 20_000);
  const moved = page.locator('[data-testid="flow"]:not([data-step="face"])');
  const failed = page.getByTestId('face-failed');
  const failures: string[] = [];
  // As a citizen would: a try that fails is tried again while tries are left (a try's score varies
  // with the frames it happened to get, as it does for a real face).
  for (;;) {
    await moved.or(failed).first().waitFor({ timeout: 90_000 });
    if (await moved.count()) return;
    failures.push((await failed.getAttribute('data-failure')) ?? '?');
    console.error(`face check: try ${failures.length} failed (${failures.at(-1)}); trying again`);
    if (!(await page.getByTestId('face-retry').count())) throw new Error(`the face check failed: ${failures.join(', ')}`);
    await page.getByTestId('face-retry').tap();
    await failed.waitFor({ state: 'detached', timeout: 10_000 });
  }
}
