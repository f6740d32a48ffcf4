import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { makeTempDir, removeDir, startKiosk, type KioskProcess } from './kiosk-process.js';

/** One kiosk (browser host on a fresh data dir) and one Chromium for a describe block. */
export interface KioskSuite {
  readonly dir: string;
  readonly browser: Browser;
  /** Assignable: a test may restart the host and put the new process here. */
  kiosk: KioskProcess;
}

/**
 * Register the before/after hooks that start the kiosk with `config` and a browser, and stop and
 * remove both afterwards. Call inside `describe`.
 */
export function kioskSuite(opts: { config?: Record<string, unknown> } = {}): KioskSuite {
  const dir = makeTempDir();
  const suite = { dir } as { dir: string; browser: Browser; kiosk: KioskProcess };
  before(async () => {
    suite.kiosk = await startKiosk({ dir, config: opts.config });
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.kiosk?.stop();
    removeDir(dir);
  });
  return suite;
}
