import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.js';
import { makeTempDir, removeDir, startKiosk, type KioskProcess } from './support/kiosk-process.js';
import { findTile } from './support/kiosk-ui.js';
import { layoutProblems } from './support/layout.js';
import { openAt } from './support/screen-walk.js';

/** A generated catalogue the size of a big hall: 80 services from 10 departments, some in life-event groups. */
function writeCatalogue(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const events = ['housing', 'work', 'retirement', 'birth'];
  for (let i = 0; i < 80; i++) {
    const id = `svc-${String(i).padStart(2, '0')}`;
    const d = i % 10;
    writeFileSync(
      join(dir, `${id}.yaml`),
      `id: ${id}
name: { zh-CN: 测试业务${i}号, en: Test service ${i} }
description: { zh-CN: 生成的测试业务, en: A generated test service }
department: { id: dept-${d}, name: { zh-CN: 测试部门${d}, en: Test department ${d} } }
order: ${i}
category: query
icon: idcard
lifeEvents: [${i % 5 === 0 ? events[(i / 5) % 4] : ''}]
steps:
  - { id: who, type: identify, method: idcard }
  - { id: end, type: done }
`,
    );
  }
}

describe('a hall-sized catalogue (80 generated services): pages, groups, most used first', () => {
  const dir = makeTempDir('kiosk-catalogue-');
  let kiosk: KioskProcess;
  let browser: Browser;
  before(async () => {
    const services = join(dir, 'services');
    writeCatalogue(services);
    kiosk = await startKiosk({ dir, config: { ui: { idleTimeoutSec: 600 } }, env: { KIOSK_SERVICES_DIR: services } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await kiosk?.stop();
    removeDir(dir);
  });

  it('pages that fit the screen with "page n of N" in words; elderly pages hold 4; nothing overflows', async () => {
    for (const [size, mode] of [[{ width: 1080, height: 1920 }, 'standard'], [{ width: 1280, height: 800 }, 'elderly']] as const) {
      const { context, page } = await openAt(browser, kiosk.url, size, mode, 'zh-CN');
      try {
        await page.getByTestId('start').tap();
        await page.getByTestId('tiles').locator('.tile').first().waitFor();
        const perPage = await page.getByTestId('tiles').locator('.tile').count();
        if (mode === 'elderly') assert.equal(perPage, 4);
        else assert.ok(perPage >= 8, `${perPage} tiles on a portrait page`);
        const pages = Math.ceil(80 / perPage);
        assert.equal(await page.getByTestId('page-label').innerText(), `第 1 页，共 ${pages} 页`);
        assert.deepEqual(await layoutProblems(page, mode), []);
        assert.equal(await page.getByTestId('page-prev').isDisabled(), true);
        await page.getByTestId('page-next').tap();
        assert.equal(await page.getByTestId('page-label').innerText(), `第 2 页，共 ${pages} 页`);
        assert.equal(await page.getByTestId(`service-svc-${String(perPage).padStart(2, '0')}`).count(), 1, 'page 2 starts where page 1 ended');
      } finally {
        await context.close();
      }
    }
  });

  it('the group filter narrows to one department or one life event', async () => {
    const { context, page } = await openAt(browser, kiosk.url, { width: 1920, height: 1080 }, 'standard', 'zh-CN');
    try {
      await page.getByTestId('start').tap();
      await page.getByTestId('filter-open').tap();
      await page.getByTestId('filter-dialog').waitFor();
      assert.deepEqual(await layoutProblems(page, 'standard'), []);
      await page.getByTestId('dept-dept-3').tap();
      const ids = await page.getByTestId('tiles').locator('.tile').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { testid: string } }).dataset.testid));
      assert.deepEqual(ids, ['service-svc-03', 'service-svc-13', 'service-svc-23', 'service-svc-33', 'service-svc-43', 'service-svc-53', 'service-svc-63', 'service-svc-73']);
      assert.equal(await page.getByTestId('page-label').count(), 0, 'one page: no pager');
      await page.getByTestId('filter-open').tap();
      await page.getByTestId('event-retirement').tap();
      assert.equal(await page.getByTestId('tiles').locator('.tile').count(), 4);
      await page.getByTestId('dept-all').tap();
      assert.ok((await page.getByTestId('page-label').innerText()).includes('第 1 页'));
    } finally {
      await context.close();
    }
  });

  it('the most used services come first (counted on the kiosk, re-ranked when it returns to the start)', async () => {
    const { context, page } = await openAt(browser, kiosk.url, { width: 1080, height: 1920 }, 'standard', 'zh-CN');
    try {
      await page.getByTestId('start').tap();
      const first = () => page.getByTestId('tiles').locator('.tile').first().getAttribute('data-testid');
      assert.equal(await first(), 'service-svc-00');
      for (let i = 0; i < 2; i++) {
        await findTile(page, 'svc-77');
        await page.getByTestId('service-svc-77').tap();
        await page.getByTestId('flow').waitFor();
        await page.getByTestId('cancel').tap();
        await page.getByTestId('home').waitFor();
      }
      await page.getByTestId('back').tap();
      await page.getByTestId('attract').waitFor();
      assert.match(await page.getByTestId('attract').innerText(), /测试业务77号/);
      await page.getByTestId('start').tap();
      assert.equal(await first(), 'service-svc-77');
      // What is stored: service ids and counts, nothing about anyone.
      const stored = await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('openkiosk.service-usage.v1'));
      assert.deepEqual(JSON.parse(stored ?? '{}'), { 'svc-77': 2 });
    } finally {
      await context.close();
    }
  });
});
