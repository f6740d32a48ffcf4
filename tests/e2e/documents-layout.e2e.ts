// kiosk-test: long
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { showToDocumentCamera } from './support/document-camera.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { identifyWithCard, openService, waitForStep } from './support/kiosk-ui.js';
import { layoutProblems, MODES, SIZES } from './support/layout.js';
import { openAt } from './support/screen-walk.js';

/**
 * The document camera step at every screen size and mode, with Chromium's fake camera playing a page
 * on a desk (the capture into a submission and back is in documents.e2e.ts; its own file so the
 * two run side by side).
 */
describe('document camera step at every screen size and mode', () => {
  const suite = kioskSuite({ camera: true, config: { ui: { idleTimeoutSec: 300 }, devices: { documentCamera: { width: 1600, height: 1200 } } } });
  const cameraFile = () => join(suite.dir, 'camera.y4m');

  it('the step at every screen size and mode: live view, outline, a page in the list, nothing cut off or out of reach', async () => {
    await showToDocumentCamera(cameraFile(), 'page');
    let n = 0;
    for (const size of SIZES) {
      for (const mode of MODES) {
        const locale = n++ % 2 ? 'en' : 'zh-CN';
        const { context, page } = await openAt(suite.browser, suite.kiosk.url, size, mode, locale);
        try {
          await openService(page, 'household-materials');
          await identifyWithCard(page, 'wang');
          await waitForStep(page, 'register');
          await page.locator('[data-testid="capture-documents"][data-pages="1"]').waitFor({ timeout: 30_000 });
          const problems = await layoutProblems(page, mode);
          assert.deepEqual(problems, [], `${size.name} ${mode} ${locale}:\n  ${problems.join('\n  ')}`);
        } finally {
          await context.close();
        }
      }
    }
  });
});
