// kiosk-test: long
import { describe, it } from 'node:test';
import { kioskSuite } from './support/kiosk-suite.js';
import { SIZES, type Mode } from './support/layout.js';
import { LAYOUT_SUITE, layoutChecker } from './support/layout-checker.js';
import { openAt, walkSubmission } from './support/screen-walk.js';

/**
 * A whole submission walked at each size in one mode and language, with the layout checks and axe on
 * every screen (the catalog screens at every combination are in layout.e2e.ts; its own file so the
 * two run side by side).
 */
describe('layout of a whole submission at every size', () => {
  const suite = kioskSuite(LAYOUT_SUITE);

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
        await walkSubmission(page, layoutChecker(page, mode, where, true));
      } finally {
        await context.close();
      }
    });
  }
});
