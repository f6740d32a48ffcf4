import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser); override with CHROMIUM_PATH. */
export function chromiumPath(): string {
  // A wrong CHROMIUM_PATH is an error, never a silent fallback to another browser.
  if (process.env.CHROMIUM_PATH && !existsSync(process.env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('no Chromium found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}

/** `extraArgs`: e.g. a fake camera (support/fake-camera.ts). Without one, the page finds no camera. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic', ...extraArgs],
  });
}

/** A touch page at a kiosk screen size; collects page errors so a test can assert there were none. */
export async function openKioskPage(browser: Browser, url: string, size = { width: 1080, height: 1920 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: size, hasTouch: true, isMobile: false, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}
