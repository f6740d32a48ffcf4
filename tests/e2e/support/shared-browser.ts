import { chromium } from 'playwright-core';
import { browserLaunchOptions } from './browser.js';

/**
 * One Chromium for a whole e2e run: tools/run-tests.mjs starts this, reads the endpoint from the
 * first line it prints, hands it to the test files (KIOSK_E2E_BROWSER_WS) and closes stdin when the
 * run is over, which stops the browser. A parent that dies closes stdin too, so no browser is left.
 */
const server = await chromium.launchServer(browserLaunchOptions());
process.stdout.write(`${server.wsEndpoint()}\n`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.stdin.on('end', () => void stop());
process.stdin.on('error', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
