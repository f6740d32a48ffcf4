import type { Browser, BrowserContext, Page } from 'playwright-core';
import { drawOnPad, findTile, NAME_STROKES, openService, passFaceCheck, placeCard, typeKeys } from './kiosk-ui.js';
import type { Mode } from './layout.js';
import { bundleStepIs, fillMergedForm, NEWBORN_ANSWERS, openBundle } from './bundle-walk.js';

/** One screen the walk stopped at: its name (for the gallery and failure messages). */
export type Visit = (name: string) => Promise<void>;

/**
 * A touch page at `size` in `mode` and `locale`, on the attract screen; the context bypasses the
 * page's CSP so axe-core can be injected.
 */
export async function openAt(browser: Browser, url: string, size: { width: number; height: number }, mode: Mode, locale: 'zh-CN' | 'en'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: size, hasTouch: true, locale: 'zh-CN', bypassCSP: true, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('hall-name').getByText(/\S/).first().waitFor();
  await page.getByTestId('attract').waitFor();
  if (locale === 'en') await page.getByTestId('lang-switch').tap();
  if (mode === 'elderly') await page.getByTestId('elderly-toggle').tap();
  await page.locator(`.app${mode === 'elderly' ? '.elderly' : ':not(.elderly)'}`).waitFor();
  return { context, page };
}

/**
 * Let fonts, lazy chunks and the keyboard settle before a screen is judged or photographed: the
 * fonts loaded, no transition or animation still running, then two frames drawn (instead of a fixed
 * sleep, which is too short on a loaded machine and wasted on an idle one).
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    /* eslint-disable @typescript-eslint/no-explicit-any */
    const g = globalThis as any;
    await g.document.fonts.ready;
    const running = g.document.getAnimations().filter((a: any) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.all(running.map((a: any) => a.finished.catch(() => undefined)));
    await new Promise((r) => g.requestAnimationFrame(() => g.requestAnimationFrame(r)));
  });
}

/** The catalog screens: attract, home, search with the keyboard, the group filter. */
export async function walkCatalog(page: Page, visit: Visit): Promise<void> {
  await settle(page);
  await visit('attract');
  await page.getByTestId('start').tap();
  await page.getByTestId('tiles').locator('.tile').first().waitFor();
  await settle(page);
  await visit('home');
  await page.getByTestId('search').tap();
  await page.getByTestId('keyboard').locator('.hg-button').first().waitFor();
  await typeKeys(page, 'sb');
  await settle(page);
  await visit('home-search-keyboard');
  await page.getByTestId('keyboard-hide').tap();
  await page.getByTestId('search-clear').tap();
  await page.getByTestId('filter-open').tap();
  await page.getByTestId('filter-dialog').waitFor();
  await settle(page);
  await visit('home-filter');
  await page.getByTestId('filter-close').tap();
}

/** A form with its problems shown and the keyboard up (the 12345 complaint: no card needed). */
export async function walkFormWithProblems(page: Page, visit: Visit): Promise<void> {
  await findTile(page, 'complaint-12345');
  await page.getByTestId('service-complaint-12345').tap();
  await page.getByTestId('form').waitFor();
  await page.getByTestId('next').tap();
  await page.locator('.field-problem').first().waitFor();
  await page.getByTestId('keyboard').locator('.hg-button').first().waitFor();
  await settle(page);
  await visit('form-problems-keyboard');
  await page.getByTestId('cancel').tap();
  await page.getByTestId('home').waitFor();
}

/** A whole submission: identify by card, the signed authorisation, form, confirm, receipt with the case number, rating, done. */
export async function walkSubmission(page: Page, visit: Visit): Promise<void> {
  await openService(page, 'no-criminal-record');
  await page.getByTestId('read-countdown').waitFor();
  await settle(page);
  await visit('identify-waiting');
  await placeCard(page, 'ouyang');
  await page.getByTestId('identity').waitFor({ timeout: 15_000 });
  await settle(page);
  await visit('identify-done');
  await page.getByTestId('next').tap();
  // The face check (the caller's fake camera shows the ouyang card's holder): its live view, then the pass.
  await page.getByTestId('face-live').waitFor({ timeout: 20_000 });
  await page.getByTestId('face-video').waitFor({ timeout: 20_000 });
  await settle(page);
  await visit('face-live');
  await passFaceCheck(page);
  await page.getByTestId('sign').waitFor();
  await settle(page);
  await visit('sign');
  // Confirming an empty box: the nudge must fit too.
  await page.getByTestId('next').tap();
  await page.getByTestId('sign-nudge').waitFor();
  await drawOnPad(page, NAME_STROKES);
  await settle(page);
  await visit('sign-signed');
  await page.getByTestId('next').tap();
  await page.getByTestId('form').waitFor();
  await page.getByTestId('next').tap();
  await page.locator('.field-problem').first().waitFor();
  await settle(page);
  await visit('form-problems');
  await page.getByTestId('field-purpose-employment').tap();
  await page.getByTestId('field-phone').tap();
  await typeKeys(page, '13800138000');
  await page.getByTestId('next').tap();
  await page.getByTestId('confirm').waitFor();
  await settle(page);
  await visit('confirm');
  await page.getByTestId('next').tap();
  await page.getByTestId('take-receipt').waitFor({ timeout: 20_000 });
  await settle(page);
  await visit('receipt');
  await page.getByTestId('next').tap();
  await page.getByTestId('evaluate').waitFor();
  await page.getByTestId('rate-2').tap();
  await settle(page);
  await visit('evaluate-reasons');
  await page.getByTestId('send-rating').tap();
  await page.getByTestId('next').tap();
  await page.getByTestId('done-step').waitFor();
  await settle(page);
  await visit('done');
  await page.getByTestId('done').tap();
  await page.getByTestId('home').waitFor();
}

/** The first screen of one service (for the gallery's every-service pass). */
export async function walkServiceStart(page: Page, id: string, visit: Visit): Promise<void> {
  await page.getByTestId('home').waitFor();
  await findTile(page, id);
  await page.getByTestId(`service-${id}`).tap();
  await page.locator('[data-testid="flow"], [data-testid="out-of-service"]').first().waitFor();
  await settle(page);
  await visit(`service-${id}`);
  const cancel = page.getByTestId('cancel');
  if (await cancel.count()) await cancel.tap();
  else await page.getByTestId('back').tap();
  await page.getByTestId('home').waitFor();
}

/**
 * A life-event bundle (新生儿出生一件事), every screen: the bundle list, the choice of parts, each page
 * of the merged form (filled, the keyboard up where the last field was typed), the materials with
 * the e-certificate (and the document camera's capture screen where the kiosk has one), the confirm page by department, the receipt with every department's case number.
 */
export async function walkBundle(page: Page, visit: Visit): Promise<void> {
  await openBundle(page, 'newborn', async () => {
    await settle(page);
    await visit('home-bundles');
  });
  await page.getByTestId('identify').waitFor();
  await placeCard(page, 'wang');
  await page.getByTestId('identity').waitFor({ timeout: 15_000 });
  await page.getByTestId('next').tap();
  await bundleStepIs(page, 'choose');
  await settle(page);
  await visit('bundle-choose');
  await page.getByTestId('next').tap();
  await bundleStepIs(page, 'form');
  await fillMergedForm(page, NEWBORN_ANSWERS, async (n) => {
    await settle(page);
    await visit(`bundle-form-${n}`);
  });
  await bundleStepIs(page, 'materials');
  await page.getByTestId('material-list').waitFor({ timeout: 15_000 });
  await settle(page);
  await visit('bundle-materials');
  await page.getByTestId('next').tap();
  // With a document camera the materials are photographed one by one: the first capture screen is
  // judged, then each goes to paper (the walk's fake camera shows a face, not a page).
  for (let n = 0; n < 10; n++) {
    const capture = page.getByTestId('capture-documents');
    await capture.or(page.locator('[data-testid="flow"][data-step="confirm"]')).first().waitFor({ timeout: 15_000 });
    if ((await capture.count()) === 0) break;
    if (n === 0) {
      await page.getByTestId('documents-capture').or(page.getByTestId('documents-no-camera')).first().waitFor({ timeout: 15_000 });
      await settle(page);
      await visit('bundle-capture');
    }
    const material = await page.getByTestId('documents-pages').textContent();
    await page.getByTestId('documents-paper-instead').tap();
    // On to the next material's screen (other page names) or out of the step.
    await page.waitForFunction(`document.querySelector('[data-testid="documents-pages"]')?.textContent !== ${JSON.stringify(material)}`);
  }
  await bundleStepIs(page, 'confirm');
  await settle(page);
  await visit('bundle-confirm');
  await page.getByTestId('next').tap();
  await page.getByTestId('bundle-receipt').waitFor({ timeout: 20_000 });
  await settle(page);
  await visit('bundle-receipt');
  await page.getByTestId('done').tap();
  await page.getByTestId('home').waitFor();
}
