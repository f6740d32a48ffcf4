// kiosk-test: long
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kioskSuite } from './support/kiosk-suite.js';
import { LOCALES, medianTextPx, MODES, SIZES, type Mode } from './support/layout.js';
import { LAYOUT_SUITE, layoutChecker } from './support/layout-checker.js';
import { findTile } from './support/kiosk-ui.js';
import { openAt, walkCatalog, walkFormWithProblems } from './support/screen-walk.js';

/**
 * One layout for every screen a hall buys. At 4 sizes × 2 modes × 2 languages the
 * catalog screens and a form with its problems and the keyboard up are checked: nothing scrolls
 * sideways, every button is in view and at least the mode's minimum, the flow's back / cancel /
 * next are on screen and uncovered, no text is cut off, keyboard keys are full size. A whole
 * submission is walked at each size in one mode and language, with axe on every screen. (`npm run
 * screenshots` walks every service at every combination and writes the gallery.)
 */
describe('layout at every size, mode and language', () => {
  const suite = kioskSuite(LAYOUT_SUITE);

  for (const size of SIZES) {
    for (const mode of MODES) {
      for (const locale of LOCALES) {
        const where = `${size.name} ${mode} ${locale}`;
        // axe once per size, in alternating combinations (it is slow; the layout checks run everywhere).
        const withAxe = (mode === 'elderly') === (locale === 'en');
        it(`${where}: attract, home, search with keyboard, filter, form with problems and keyboard`, async () => {
          const { context, page } = await openAt(suite.browser, suite.kiosk.url, size, mode, locale);
          try {
            const visit = layoutChecker(page, mode, where, withAxe && mode === 'standard');
            await walkCatalog(page, visit);
            await walkFormWithProblems(page, visit);
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
