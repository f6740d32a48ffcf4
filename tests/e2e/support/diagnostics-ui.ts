import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** The documented gesture: press and hold the header clock for three seconds, until the PIN pad shows. */
export async function holdClock(page: Page): Promise<void> {
  const box = await page.locator('.header-clock').boundingBox();
  assert.ok(box, 'the header clock is on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(3400);
  await page.mouse.up();
  await page.getByTestId('diag-pin').waitFor();
}

/** Type a PIN on the diagnostics PIN pad and press enter. */
export async function typePin(page: Page, pin: string): Promise<void> {
  await page.getByTestId('diag-key-clear').tap();
  for (const d of pin) await page.getByTestId(`diag-key-${d}`).tap();
  await page.getByTestId('diag-pin-enter').tap();
}

/** The gesture and the PIN, until the diagnostics screen shows. */
export async function enterDiagnostics(page: Page, pin: string): Promise<void> {
  await holdClock(page);
  await typePin(page, pin);
  await page.getByTestId('diag-screen').waitFor();
}

/**
 * The document camera tab once its check is done (OpenCV's first start in the host's worker takes
 * seconds, more on a loaded machine): its state, and the facts it shows.
 */
export async function openDocumentCameraTab(page: Page): Promise<{ state: string | null; label: string; deviceId: string; resolution: string; worker: string; workerStarted: string | null }> {
  await page.getByTestId('diag-tab-document-camera').tap();
  const card = page.locator('[data-testid="diag-doccam"]:not([data-state="checking"])');
  await card.waitFor({ timeout: 90_000 });
  const text = async (id: string) => ((await page.getByTestId(id).count()) ? page.getByTestId(id).innerText() : '');
  return {
    state: await card.getAttribute('data-state'),
    label: await text('diag-doccam-label'),
    deviceId: await text('diag-doccam-device-id'),
    resolution: await text('diag-doccam-resolution'),
    worker: await text('diag-doccam-worker'),
    workerStarted: (await page.getByTestId('diag-doccam-worker').count()) ? await page.getByTestId('diag-doccam-worker').getAttribute('data-started') : null,
  };
}
