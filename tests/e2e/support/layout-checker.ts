import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axeSerious, describeViolations } from './axe.js';
import { kioskSuite } from './kiosk-suite.js';
import { layoutProblems, LOCALES, MODES, type Mode, type SIZES } from './layout.js';
import { openAt, walkBundle, type Visit } from './screen-walk.js';

/**
 * What the layout suites check on every screen they visit: no layout problem for the mode, a full
 * home page of tiles fills whole rows, and (where asked) axe finds nothing serious.
 */
export const layoutChecker = (page: Page, mode: Mode, where: string, withAxe: boolean): Visit => async (screen) => {
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

/** The suite config the layout files share: a long idle timeout, the face check enforced, a camera. */
export const LAYOUT_SUITE = { camera: true, config: { ui: { idleTimeoutSec: 600, idleWarningSec: 30 }, identity: { face: { requiredCheck: 'enforce' } } } };

/**
 * The bundle's layout tests for `sizes`: every page of the merged form, the materials, confirm and
 * receipt in both modes and languages. Two files each take half the sizes, so they run side by side.
 */
export function bundleLayoutSuite(sizes: readonly (typeof SIZES)[number][]): void {
  describe(`layout of a life-event bundle at ${sizes.map((s) => s.name).join(', ')}, every mode and language`, () => {
    const suite = kioskSuite(LAYOUT_SUITE);
    for (const size of sizes) {
      for (const mode of MODES) {
        for (const locale of LOCALES) {
          const where = `${size.name} ${mode} ${locale}`;
          it(`${where}: a life-event bundle, every page of the merged form, materials, confirm, receipt`, async () => {
            const { context, page } = await openAt(suite.browser, suite.kiosk.url, size, mode, locale);
            try {
              await walkBundle(page, layoutChecker(page, mode, where, (mode === 'elderly') === (locale === 'en')));
            } finally {
              await context.close();
            }
          });
        }
      }
    }
  });
}
