import type { Page } from 'playwright-core';
import { identifyWithCard, openService, typeKeys } from './kiosk-ui.js';

/**
 * 户籍证明申请 through the UI up to the acknowledged submission: card, form (purpose, copies, a
 * phone number typed on the kiosk keyboard), confirm. Resolves with the short case number
 * (contracts/case-number.ts: derived from the submission id) as soon as the screen shows it.
 */
export async function submitHouseholdProof(page: Page, card = 'ouyang', phone = '13800138000'): Promise<string> {
  await openService(page, 'household-proof');
  await identifyWithCard(page, card);
  await page.getByTestId('form').waitFor();
  await page.getByTestId('field-purpose-school').tap();
  await page.getByTestId('field-copies').tap();
  await typeKeys(page, '2');
  await page.getByTestId('field-phone').tap();
  await typeKeys(page, phone);
  await page.getByTestId('next').tap();
  await page.getByTestId('confirm').waitFor();
  await page.getByTestId('next').tap();
  await page.getByTestId('case-number').waitFor({ timeout: 15_000 });
  return page.getByTestId('case-number').innerText();
}
