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
