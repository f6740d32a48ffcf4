import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axeSerious, describeViolations } from './support/axe.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { layoutProblems, LOCALES, medianTextPx, MODES, SIZES, type Mode } from './support/layout.js';
import { findTile } from './support/kiosk-ui.js';
import { openAt, walkBundle, walkCatalog, walkFormWithProblems, walkSubmission, type Visit } from './support/screen-walk.js';

/**
 * One layout for every screen a hall buys. At 4 sizes × 2 modes × 2 languages the
 * catalog screens and a form with its problems and the keyboard up are checked: nothing scrolls
 * sideways, every button is in view and at least the mode's minimum, the flow's back / cancel /
 * next are on screen and uncovered, no text is cut off, keyboard keys are full size. A whole
 * submission is walked at each size in one mode and language, with axe on every screen. (`npm run
 * screenshots` walks every service at every combination and writes the gallery.)
 */
describe('layout at every size, mode and language', () => {
  const suite = kioskSuite({ camera: true, config: { ui: { idleTimeoutSec: 600, idleWarningSec: 30 }, identity: { face: { requiredCheck: 'enforce' } } } });

  const checker = (page: Page, mode: Mode, where: string, withAxe: boolean): Visit => async (screen) => {
    const problems = await layoutProblems(page, mode);
    assert.deepEqual(problems, [], `${where} ${screen}:\n  ${problems.join('\n  ')}`);
    if (screen === 'home') {
      // A full page of tiles fills whole rows: never three tiles and then one alone.
      const xs = await page.getByTestId('tiles').locator('.tile').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
      const cols = new Set(xs).size;
      const full = Number(await page.getByTestId('tiles').getAttribute('data-page-size')) === xs.length;
      if (full) assert.equal(xs.length % cols, 0, `${where} home: ${xs.length} tiles in ${cols} columns`);
    }
    if (withAxe) {
      const v = await axeSerious(page);
      assert.deepEqual(v, [], describeViolations(`${where} ${screen}`, v));
    }
  };

  for (const size of SIZES) {
    for (const mode of MODES) {
      for (const locale of LOCALES) {
        const where = `${size.name} ${mode} ${locale}`;
        // axe once per size, in alternating combinations (it is slow; the layout checks run everywhere).
        const withAxe = (mode === 'elderly') === (locale === 'en');
        it(`${where}: attract, home, search with keyboard, filter, form with problems and keyboard`, async () => {
          const { context, page } = await openAt(suite.browser, suite.kiosk.url, size, mode, locale);
          try {
            const visit = checker(page, mode, where, withAxe && mode === 'standard');
            await walkCatalog(page, visit);
            await walkFormWithProblems(page, visit);
          } finally {
            await context.close();
          }
        });
      }
    }
  }

  const flows: [(typeof SIZES)[number], Mode, 'zh-CN' | 'en'][] = [
    [SIZES[0], 'elderly', 'zh-CN'],
    [SIZES[1], 'standard', 'en'],
    [SIZES[2], 'elderly', 'en'],
    [SIZES[3], 'elderly', 'zh-CN'],
  ];
  for (const [size, mode, locale] of flows) {
    const where = `${size.name} ${mode} ${locale}`;
    it(`${where}: a whole submission, every step (layout and axe)`, async () => {
      suite.showToCamera({ kind: 'live', card: 'ouyang' });
      const { context, page } = await openAt(suite.browser, suite.kiosk.url, size, mode, locale);
      try {
        await page.getByTestId('start').tap();
        await walkSubmission(page, checker(page, mode, where, true));
      } finally {
        await context.close();
      }
    });
  }

  // The merged form of a bundle is the longest screen the kiosk has: every page, and the bundle's receipt, at every size, mode and language.
  for (const size of SIZES) {
    for (const mode of MODES) {
      for (const locale of LOCALES) {
        const where = `${size.name} ${mode} ${locale}`;
        it(`${where}: a life-event bundle, every page of the merged form, materials, confirm, receipt`, async () => {
          const { context, page } = await openAt(suite.browser, suite.kiosk.url, size, mode, locale);
          try {
            await walkBundle(page, checker(page, mode, where, (mode === 'elderly') === (locale === 'en')));
          } finally {
            await context.close();
          }
        });
      }
    }
  }

  it('elderly mode is visibly larger: median text ≥ 1.25 × standard, ≥ 36 px body on the portrait totem', async () => {
    for (const size of [SIZES[0], SIZES[3]]) {
      const sizes: Record<Mode, number> = { standard: 0, elderly: 0 };
      for (const mode of MODES) {
        const { context, page } = await openAt(suite.browser, suite.kiosk.url, size, mode, 'zh-CN');
        try {
          // The same screen in both modes (the home screen shows fewer, larger tiles in elderly mode, so its median moves less).
          await page.getByTestId('start').tap();
          await findTile(page, 'complaint-12345');
          await page.getByTestId('service-complaint-12345').tap();
          await page.getByTestId('form').waitFor();
          sizes[mode] = await medianTextPx(page);
        } finally {
          await context.close();
        }
      }
      assert.ok(sizes.elderly >= 1.25 * sizes.standard - 0.01, `${size.name}: median text ${sizes.standard} → ${sizes.elderly} px`);
      if (size.height > size.width) assert.ok(sizes.elderly >= 36, `${size.name}: elderly median text ${sizes.elderly} px`);
    }
  });

  it('the keyboard keys are the size the stylesheet asks for (68 px standard, 80 px elderly), not simple-keyboard’s 40 px', async () => {
    for (const [mode, want] of [['standard', 68], ['elderly', 80]] as const) {
      const { context, page } = await openAt(suite.browser, suite.kiosk.url, SIZES[0], mode, 'zh-CN');
      try {
        await page.getByTestId('start').tap();
        await page.getByTestId('search').tap();
        const key = page.getByTestId('keyboard').locator('.hg-button[data-skbtn="q"]');
        await key.waitFor();
        const box = await key.boundingBox();
        assert.ok(box && Math.abs(box.height - want) < 1, `${mode}: key q is ${box?.height} px tall, want ${want}`);
      } finally {
        await context.close();
      }
    }
  });
});
