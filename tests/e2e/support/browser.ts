import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';
import { noteSubstitute, systemToolsHidden } from '../../../drivers/core/test-support/system-tools.js';
import { npmChromium } from './npm-chromium.js';

export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'] as const;

/**
 * The browser for e2e tests, never one downloaded at test time: CHROMIUM_PATH, else the system's
 * Chromium (preferred: the distribution keeps it patched), else the one inside the
 * @sparticuz/chromium npm package. KIOSK_NO_SYSTEM_TOOLS=1 ignores the system's.
 */
export function chromiumChoice(env: NodeJS.ProcessEnv = process.env): { kind: 'env' | 'system' | 'npm'; executablePath: string; env?: Record<string, string> } {
  // A wrong CHROMIUM_PATH is an error, never a silent fallback to another browser.
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`);
    return { kind: 'env', executablePath: env.CHROMIUM_PATH };
  }
  const system = systemToolsHidden(env) ? undefined : SYSTEM_CHROMIUMS.find((p) => existsSync(p));
  if (system) return { kind: 'system', executablePath: system };
  noteSubstitute('chromium', '@sparticuz/chromium (unpacked from npm)', env);
  return { kind: 'npm', ...npmChromium({ systemFonts: !systemToolsHidden(env) }) };
}

/** How every e2e browser is started: the chosen binary, headless, nothing that calls home. */
export function browserLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  const choice = chromiumChoice();
  return {
    executablePath: choice.executablePath,
    ...(choice.env ? { env: { ...process.env, ...choice.env } } : {}),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic', ...extraArgs],
  };
}

/** The browser server the test runner started for the whole e2e run (support/shared-browser.ts), if any. */
export const SHARED_BROWSER_ENV = 'KIOSK_E2E_BROWSER_WS';

/**
 * `extraArgs`: e.g. a fake camera (support/fake-camera.ts). Without one, the page finds no camera.
 * Without extra flags, a test file connects to the run's shared browser when there is one (starting
 * Chromium costs a second or two of CPU per file, and every test opens its own context, so files
 * share nothing but the process); closing it then only disconnects. Flags are per process, so a
 * file with a camera starts its own.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const shared = process.env[SHARED_BROWSER_ENV];
  if (shared && extraArgs.length === 0) return chromium.connect(shared);
  return chromium.launch(browserLaunchOptions(extraArgs));
}

/**
 * A touch page at a kiosk screen size; collects page errors so a test can assert there were none.
 * The page asks for reduced motion, which the kiosk honours (styles.css): the attract screen's pulse
 * alone keeps a headless Chromium repainting at about 28 % of a core, against 2 % without it (10 s
 * on the idle attract screen at 1080×1920), and the tests judge what is on screen, not how it moves.
 */
export async function openKioskPage(browser: Browser, url: string, size = { width: 1080, height: 1920 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: size, hasTouch: true, isMobile: false, locale: 'zh-CN', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}
